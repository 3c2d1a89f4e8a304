"""Hostile review (h26) of the day's merged changes: where parallel fixes crossed or over-reached."""

from __future__ import annotations

import json

from tests.helpers import run_cli


def test_a_sheet_titled_with_its_own_name_is_audited(tmp_path):
    """A title line of one word that is also a column name (「流程节点」 above the 流程节点 sheet, whose
    节点 column may be headed 流程节点) was taken for the header, as it named a known column: the audit
    stopped with 工作表「流程节点」缺少列「日期」 though the header was on the line below."""
    from openpyxl import load_workbook

    from tests.helpers import ROUNDS

    workbook = load_workbook(ROUNDS / "compliant_W-12.xlsx")
    for sheet in workbook.worksheets:
        sheet.insert_rows(1)
        sheet["A1"] = sheet.title
    workbook.save(tmp_path / "titled.xlsx")
    plain = run_cli("audit", ROUNDS / "compliant_W-12.xlsx", "--out", tmp_path / "plain")
    titled = run_cli("audit", tmp_path / "titled.xlsx", "--out", tmp_path / "titled")
    assert (titled.exit_code, plain.exit_code) == (1, 1), titled.output
    read = lambda out: json.loads((out / "round.json").read_text(encoding="utf-8"))
    meeting = next(f for f in read(tmp_path / "titled")["findings"] if f["rule_id"] == "PROC-PARTY-MEETING")
    assert (meeting["outcome"], meeting["message"]) == (
        "pass", "党组会 2020-04-22（流程节点!B13），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决,全票通过。")
    outcomes = lambda out: [(f["rule_id"], f["outcome"]) for f in read(out)["findings"]]
    assert outcomes(tmp_path / "titled") == outcomes(tmp_path / "plain")
