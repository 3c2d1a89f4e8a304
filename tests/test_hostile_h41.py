"""Reviewer h41: `fundcheck check` leftovers (withdrawn rows, per-file numbering, conditions' unit
slips, notices in words, ledger receipts, W-22's recommendation list)."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from tests.helpers import SAMPLES, case_text, read_case, read_json, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05


def _finding(case: dict, rule: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule)


# ---------------------------------------------------------------- a ledger's receipt written as clerks write it


def test_a_receipt_written_as_the_notice_issued_reads_as_yes(tmp_path):
    """受理凭证 written 出具受理通知书 (or 已开具受理通知书) was an INP-YESNO review finding on the N-04 row;
    it says a written receipt was issued: 是. 未出具受理通知书 is 否."""
    workbook = load_workbook(SAMPLES / "ledgers" / "N-04_受理台账.xlsx")
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    column = headers.index("受理凭证") + 1
    written = {2: "出具受理通知书", 3: "已开具受理通知书", 4: "未出具受理通知书"}
    for row, text in written.items():
        sheet.cell(row, column, text)
    workbook.save(tmp_path / "n04.xlsx")
    run_cli("check", tmp_path / "n04.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    ids = [sheet.cell(row, 1).value for row in written]
    issued, opened, refused = (read_case(tmp_path / "out", case_id) for case_id in ids)
    for case in (issued, opened, refused):
        assert [f["rule_id"] for f in case["findings"] if f["rule_id"] == "INP-YESNO"] == []
    assert issued["application"]["accept_receipt"]["value"] == "是"
    receipt = _finding(issued, "APP-ACCEPT-RECEIPT")
    assert (receipt["outcome"], receipt["message"], receipt["evidence"]["accept_receipt"]) == (
        "pass", "受理结果为“受理”，已出具加盖专用印章并注明日期的书面凭证。", "是")
    assert opened["application"]["accept_receipt"]["value"] == "是"
    assert refused["application"]["accept_receipt"]["value"] == "否"
    assert (_finding(refused, "APP-ACCEPT-RECEIPT")["outcome"], _finding(refused, "APP-ACCEPT-RECEIPT")["message"]) == (
        "fail", "受理结果为“受理”，台账记载未出具加盖专用印章并注明日期的书面凭证。")
