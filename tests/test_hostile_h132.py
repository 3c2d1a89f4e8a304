"""Helper h132: regressions hunted in today's draw and audit checks (ordinary office use, refused or misread).

1. W-08 rows without 阶段 placed by date (h130): the clerk writes 阶段 on the stage-2 rows only, the README reading a
   blank 阶段 as stage 1. With the stage-2 党组会 held before the stage-1 公示, the stage-1 公示 (blank) was moved into
   stage 2 beside stage 2's own 公示: "缺少以下公示：第1阶段" (不合规) of a 公示 the record holds. A blank row stays
   stage 1 when its later stage has its own row with 阶段 written, and the earliest blank row of a step stays stage 1
   when no row of the step says 阶段 1 (every 公示 left blank: both were moved, stage 1 left without one).
2. Names compared by name_key (h128) were case-folded only when not letters alone: LiWei (as written) was no longer
   Li Wei (liwei), and the pool's same-name warnings (same unit, same phone) lost the pair the old reading found.
"""

from __future__ import annotations

import json

import yaml

from tests.helpers import ROOT, run_cli, write_json


def _w08_stage_two_meeting_early() -> dict:
    """The model W-08 round with its stage-2 事中报告 and 党组会 held before the stage-1 公示."""
    record = yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / "W-08-compliant.yaml").read_text(encoding="utf-8"))
    for row in record["流程节点"]:
        if row.get("阶段") == 2 and row["节点"] == "事中报告":
            row["日期"] = "2020-05-04"
        if row.get("阶段") == 2 and row["节点"] == "党组会":
            row["日期"] = "2020-05-08"
    return record


def _audit(tmp_path, record: dict) -> dict[str, list[tuple[str, str, str]]]:
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "o.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[tuple[str, str, str]]] = {}
    for f in json.loads((out / "round.json").read_text(encoding="utf-8"))["findings"]:
        found.setdefault(f["rule_id"], []).append((f["outcome"], f["grade"], f["message"]))
    return found


def test_a_blank_stage_one_disclosure_beside_a_written_stage_two_one_stays_stage_one(tmp_path):
    record = _w08_stage_two_meeting_early()
    record["公示"][0]["阶段"] = ""  # stage 1 left blank (read as stage 1); stage 2's 公示 says 阶段 2
    found = _audit(tmp_path, record)
    assert "INP-ROUND-STAGE" not in found
    assert found["DISC-REQUIRED"] == [("pass", "compliant", "已公示（应公示：第1阶段、第2阶段）。")]
    assert found["DISC-AFTER-DECISION"] == [("pass", "compliant",
                                             "公示在党组会之后：第1阶段党组会 2020-04-22，公示开始 2020-05-11；"
                                             "第2阶段党组会 2020-05-08，公示开始 2020-06-17。")]


def test_the_earliest_of_blank_disclosures_stays_stage_one(tmp_path):
    record = _w08_stage_two_meeting_early()
    for row in record["公示"]:
        row["阶段"] = ""
    found = _audit(tmp_path, record)
    assert found["INP-ROUND-STAGE"] == [(
        "fail", "needs_review",
        "公示 第 2 行的阶段未填写（公示#2.阶段）：该公示开始于 2020-06-17，在第2阶段党组会（2020-05-08，流程节点#15.日期）之后，"
        "审计按第2阶段核对；请核实其所属阶段，在阶段列填写后重新审计。")]
    assert found["DISC-REQUIRED"] == [("pass", "compliant", "已公示（应公示：第1阶段、第2阶段）。")]


def test_blank_disclosure_steps_beside_written_stage_two_steps_stay_stage_one(tmp_path):
    record = _w08_stage_two_meeting_early()
    steps = record["流程节点"]
    at = next(i for i, row in enumerate(steps) if row["节点"] == "行文认定")
    steps[at:at] = [{"节点": "公示开始", "日期": "2020-05-11", "文号/材料": "市工信局网站"},
                    {"节点": "公示结束", "日期": "2020-05-19", "文号/材料": "无异议"}]
    steps += [{"节点": "公示开始", "日期": "2020-06-17", "文号/材料": "市工信局网站", "阶段": 2},
              {"节点": "公示结束", "日期": "2020-06-24", "文号/材料": "无异议", "阶段": 2}]
    found = _audit(tmp_path, record)
    # moved into stage 2, the stage-1 rows were named (INP-ROUND-STAGE) and stage 2's steps twice (INP-ROUND-DUPLICATE)
    assert ("INP-ROUND-STAGE" not in found, "INP-ROUND-DUPLICATE" not in found) == (True, True)
    assert found["DISC-REQUIRED"] == [("pass", "compliant", "已公示（应公示：第1阶段、第2阶段）。")]


# --- 2. names compared case-folded whether or not they hold a space or dot -------------------------------

_HEADER = "专家编号,姓名,工作单位,专业领域,状态,联系电话\n"


def _pool(tmp_path, *lines: str):
    filler = [f"ZJ{100 + i},专家{i},单位{i}有限公司,新材料,在库,1390000{i:04d}" for i in range(1, 13)]
    path = tmp_path / "pool.csv"
    path.write_text(_HEADER + "".join(line + "\n" for line in (*lines, *filler)), encoding="utf-8")
    return path


def test_li_wei_and_liwei_of_one_unit_are_warned_as_one_name(tmp_path):
    pool = _pool(tmp_path, "ZJ001,Li Wei,乙有限公司,新材料,在库,13800000001",
                 "ZJ002,LiWei,乙有限公司,新材料,在库,13800000002")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--size", "3", "--alternates", "1")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "警告" in line] == [
        "警告: 专家库中 ZJ001、ZJ002 的姓名与工作单位相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席）：请核对专家库。"]


def test_zhangsan_and_zhang_san_with_one_phone_are_warned(tmp_path):
    pool = _pool(tmp_path, "ZJ001,ZhangSan,甲有限公司,新材料,在库,13800000009",
                 "ZJ002,Zhang San,乙有限公司,新材料,在库,138-0000-0009")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--size", "3", "--alternates", "1")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "警告" in line] == [
        "警告: 专家库中 ZJ001、ZJ002 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席；"
        "按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。"]


def test_the_earliest_of_blank_disclosure_steps_stays_stage_one(tmp_path):
    record = _w08_stage_two_meeting_early()
    steps = record["流程节点"]
    at = next(i for i, row in enumerate(steps) if row["节点"] == "行文认定")
    steps[at:at] = [{"节点": "公示开始", "日期": "2020-05-11", "文号/材料": "市工信局网站"}]
    steps += [{"节点": "公示开始", "日期": "2020-06-17", "文号/材料": "市工信局网站"}]
    found = _audit(tmp_path, record)
    assert found["INP-ROUND-STAGE"] == [(
        "fail", "needs_review",
        "流程节点 第 19 行“公示开始”的阶段未填写：该行日期为 2020-06-17，在第2阶段党组会（2020-05-08，流程节点#16.日期）之后，"
        "审计按第2阶段核对；请核实其所属阶段，在阶段列填写后重新审计。")]
    assert "INP-ROUND-DUPLICATE" not in found
