"""summary.xlsx writes its rows' XML itself (checker/report/summary.py ``_Sheet``): the bytes must be
the ones xlsxwriter's own write_* calls give in constant-memory mode, for any text an applicant
can type, and the one intended difference (text shaped like xlsxwriter's rich-string markup is
escaped, not written into the XML) must hold."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

import xlsxwriter

from checker.core.text import strip_control
from checker.io.xlsx import FORMULA_START
from checker.report.case import RunInfo
from checker.report.summary import CUT_NOTE, _fit_cell, _Sheet, write_summary_xlsx
from tests.test_hostile_perf import _row

RUN = RunInfo("W-05", "工业企业技术改造补助", "1", "in.xlsx", "0" * 64, "reference", [])

# text as applicants type it, and as they paste it: every plane, controls, XML's specials,
# spaces at either end, xlsxwriter's own _xHHHH_ escapes, formula-like openings
TEXTS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(st.sampled_from(list("威海<>&\"' \t\n\r_x0041_=+-@\x01\x1f\u3000\u200b\U0001F600")), max_size=30),
)
VALUES = st.one_of(TEXTS, st.integers(-10**15, 10**15), st.decimals(allow_nan=False, allow_infinity=False, places=2),
                   st.none())
STYLES = st.fixed_dictionaries({"wrap": st.booleans(), "bold": st.booleans(), "fill": st.sampled_from(["", "#C6EFCE"])})


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml") + book.read("xl/styles.xml")


def _workbook(target):
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    return workbook


def _ours(rows: list[list[tuple]], heights: list) -> bytes:
    target = io.BytesIO()
    workbook = _workbook(target)
    page = _Sheet(workbook, "审核汇总")
    for cells, height in zip(rows, heights):
        for column, (value, style) in enumerate(cells):
            page.put(column, value, **style)
        if height is not None:
            page.height(height)
        page.end_row()
    workbook.close()
    return target.getvalue()


def _xlsxwriters(rows: list[list[tuple]], heights: list) -> bytes:
    """The same cells through xlsxwriter's write_* calls, with the same formats and the same
    preparation of the text (control characters stripped, cut to what a cell holds)."""
    target = io.BytesIO()
    workbook = _workbook(target)
    page = _Sheet(workbook, "审核汇总")
    sheet = page.sheet
    for row, (cells, height) in enumerate(zip(rows, heights)):
        if height is not None:
            sheet.set_row(row, height)
        for column, (value, style) in enumerate(cells):
            if isinstance(value, str):
                text = _fit_cell(strip_control(value))
                if text:
                    sheet.write_string(row, column, text, page.format(**style, text=text.startswith(FORMULA_START)))
                else:
                    sheet.write_blank(row, column, None, page.format(**style))
            elif value is None:
                sheet.write_blank(row, column, None, page.format(**style))
            else:
                sheet.write_number(row, column, value, page.format(**style))
    workbook.close()
    return target.getvalue()


def _rich_markup(value) -> bool:
    text = _fit_cell(strip_control(value)) if isinstance(value, str) else ""
    return text.startswith("<r>") and text.endswith("</r>")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(VALUES, STYLES), min_size=1, max_size=6), min_size=1, max_size=6),
       st.lists(st.one_of(st.none(), st.floats(1, 409).map(lambda h: round(h, 2))), min_size=6, max_size=6))
def test_rows_written_as_xml_are_the_bytes_xlsxwriter_writes(rows, heights):
    if any(_rich_markup(value) for cells in rows for value, _ in cells):
        return  # the intended difference, tested below
    assert _sheet_xml(_ours(rows, heights)) == _sheet_xml(_xlsxwriters(rows, heights))


def test_every_sample_value_kind_is_written_as_xlsxwriter_writes_it():
    """The cases the property above must meet, spelled out (so a reader sees them)."""
    rows = [[(" 前后有空格 ", {}), ("a&b<c>\"d\"", {"wrap": True}), ("_x0041_", {}), ("=1+1", {}),
             ("tab\there\nline", {"wrap": True}), ("", {}), (None, {}), (7, {"bold": True}),
             (Decimal("1205.91"), {}), (Decimal("0.10"), {}), ("😀" * 3, {"fill": "#FFC7CE"})],
            [("默认行高", {})], [("两行", {"wrap": True})]]
    heights = [68.25, 15, 35]  # 15 points is the default height: no height attribute
    assert _sheet_xml(_ours(rows, heights)) == _sheet_xml(_xlsxwriters(rows, heights))


def test_text_shaped_like_rich_string_markup_stays_text(tmp_path):
    """xlsxwriter writes a string that starts with <r> and ends with </r> into the XML as it is
    (its rich-string markup): a company named so would have broken the workbook."""
    names = ["<r></t></r>", "<r><t>伪造</t></r>"]
    target = tmp_path / "s.xlsx"
    write_summary_xlsx(str(target), [_row(1, company=names[0]), _row(2, company=names[1])], RUN,
                       {"cases": 2, "ineligible": 2})
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [sheet.cell(row, 4).value for row in (4, 5)] == names


def test_text_beyond_a_cell_is_cut_by_utf16_units_and_keeps_its_note():
    """A cell holds 32,767 UTF-16 units: a character beyond U+FFFF takes two, so a text of such
    characters is cut sooner, and the note that says so is kept whole."""
    text = _fit_cell("😀" * 20_000)
    assert text.endswith(CUT_NOTE)
    assert len(text.encode("utf-16-le")) // 2 <= 32_767
    assert text[:-len(CUT_NOTE)] == "😀" * ((32_767 - len(CUT_NOTE)) // 2)
    assert _fit_cell("威" * 100) == "威" * 100


def test_a_text_exactly_as_wide_as_its_column_takes_one_line():
    """Widths are counted in integers: three Latin letters in a column of 4.8 units (3.3 usable)
    fill it exactly; summing 1.1 three times in floating point made it 3.3000000000000003 and two
    lines."""
    from checker.report.summary import lines_needed

    assert lines_needed("abc", 4.8) == 1
    assert lines_needed("abcd", 4.8) == 2
    assert lines_needed("威海", 16) == 1 and lines_needed("威" * 7, 16) == 2  # 14 units of 14.5: one line; 15.4: two
    assert lines_needed("a\nb", 16) == 2 and lines_needed("", 16) == 1
