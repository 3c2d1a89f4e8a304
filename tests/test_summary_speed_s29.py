"""summary.xlsx's rows copied into the sheet's XML as bytes (checker/report/summary.py
``_rows_copied_as_bytes``): the workbook is byte-identical to the one xlsxwriter's own text copy
gives, for rows holding every kind of text (CJK, characters beyond U+FFFF, line feeds, XML's signs)."""

from __future__ import annotations

import io

from xlsxwriter.worksheet import Worksheet

from checker.report import summary
from tests.test_summary_split import RUN, _row


def _workbook(rows: list) -> bytes:
    target = io.BytesIO()
    summary.write_summary_xlsx(target, rows, RUN, {"cases": len(rows)})
    return target.getvalue()


def _rows() -> list:
    rows = [_row(number) for number in range(1, 40)]
    rows[3] = _row(4, company_name="威海𠀋科技有限公司\n（第二行）", project_name="<项目> & \"改造\"\t")
    rows[5] = _row(6, company_name=" 前后空格 ", project_name="_x0041_ 不是转义")
    return rows


def test_the_rows_copied_as_bytes_give_the_workbook_xlsxwriters_text_copy_gives(monkeypatch):
    rows = _rows()
    fast = _workbook(rows)
    # xlsxwriter's own copy, as it was before: the override bound to each sheet replaced by the original
    original = Worksheet._write_optimized_sheet_data
    monkeypatch.setattr(summary, "_rows_copied_as_bytes", original)
    assert _workbook(rows) == fast


def test_a_workbook_without_data_rows_in_a_sheet_is_written_as_xlsxwriter_writes_it(monkeypatch):
    fast = _workbook([])
    monkeypatch.setattr(summary, "_rows_copied_as_bytes", Worksheet._write_optimized_sheet_data)
    assert _workbook([]) == fast
