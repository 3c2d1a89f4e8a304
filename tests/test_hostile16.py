"""Hostile review 16: W-05 (技改补助) and other `check` workflows fed workbooks as district offices
fill them, checked against the seeds (/work/shared/seeds)."""

from __future__ import annotations

from tests.helpers import ROOT, read_case, read_json, run_cli, write_json


def _finding(out, case_id: str, rule_id: str) -> dict:
    return next(f for f in read_case(out, case_id)["findings"] if f["rule_id"] == rule_id)


def test_an_approval_still_to_be_supplied_or_under_way_is_not_done(tmp_path):
    """Seed 001:2417 W-05 受理条件 "核准或备案手续齐全". Districts write the 核准（备案）文号 of a project
    whose filing is not finished as 待补, 待补充, 待办理, 拟办理, 备案中 or 审批中. Only 办理中/正在办理 and a fixed
    list were read as not done: 待补 passed ELIG-APPROVAL-FILING ("已填报核准/备案文号“待补”") and the case
    could be eligible with no filing. Each must fail; a real 文号 still passes."""
    first = read_json(ROOT / "samples/w05_applications.json")[0]
    written = ["待补", "待补充", "待办理", "拟办理", "备案中", "审批中", "申请中。"]
    rows = [dict(first, 申报编号=f"A-{n}", **{"核准（备案）文号": text}) for n, text in enumerate(written, 1)]
    rows.append(dict(first, 申报编号="A-9", **{"核准（备案）文号": "威环发改备〔2020〕15号"}))
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--per-case", "all", "--quiet")
    assert result.exit_code == 1, result.stderr
    found = [(_finding(tmp_path / "out", f"A-{n}", "ELIG-APPROVAL-FILING")["outcome"],
              _finding(tmp_path / "out", f"A-{n}", "ELIG-APPROVAL-FILING")["message"]) for n in (*range(1, len(written) + 1), 9)]
    assert found == [*(("fail", f"核准/备案情况填写为“{text}”，手续未办理齐全。") for text in written),
                     ("pass", "已填报核准/备案文号“威环发改备〔2020〕15号”。")]
