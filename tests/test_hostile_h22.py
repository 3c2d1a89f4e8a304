"""Hostile review of the printed and sent outputs (branch h22): each test failed on main at 9e94330
and states the defect and what happens now."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.helpers import SAMPLES, run_cli


def _sample_with(tmp_path: Path, **cells) -> Path:
    """samples/w05_applications.xlsx with some cells replaced (``K3=...``)."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    for address, value in cells.items():
        sheet[address] = value
    path = tmp_path / "w05.xlsx"
    workbook.save(path)
    return path


def _summary_row(out: Path, case_id: str):
    sheet = load_workbook(out / "summary.xlsx")["审核汇总"]
    for row in sheet.iter_rows(min_row=4):
        if row[2].value == case_id:
            return sheet, row
    raise AssertionError(case_id)


def test_an_amount_kept_as_written_wraps_in_summary_xlsx_so_the_printout_shows_all_its_digits(tmp_path):
    """An amount of more than 15 significant digits (or one that cannot be read) is written to
    审核汇总 as text, as entered, in a 9-unit column with no wrap: the printout (and the screen) cut it
    at the cell's edge, so 123456789012.345678 printed as "123456789" -- another number. Now the
    cell wraps and its row is tall enough for every digit."""
    workbook = _sample_with(tmp_path, K3="123456789012.345678")
    assert run_cli("check", workbook, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                   "--out", tmp_path / "out", "--quiet").exit_code == 1
    sheet, row = _summary_row(tmp_path / "out", "WH-2020-001")
    amount = row[6]
    assert (amount.value, amount.data_type, amount.alignment.wrap_text) == ("123456789012.345678", "s", True)
    assert sheet.row_dimensions[amount.row].height >= 3 * 15
    readable = row[7]  # 项目总投资 1200: a number, as before
    assert (readable.value, readable.data_type, readable.alignment.wrap_text) == (1200, "n", None)


def test_a_notice_never_leaves_its_signature_alone_on_a_second_page(tmp_path):
    """A 不予受理告知书 with five long reasons filled its first A4 page exactly: 特此告知。 and the
    落款/盖章 block went alone onto page 2, a sheet with a stamp and no text it signs. Now the closing
    paragraph keeps to the list and the 落款 to the closing paragraph, so the last reason goes over
    with them (in the case report and in 告知书汇总.html alike)."""
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", tmp_path / "out", "--quiet").exit_code == 1
    rules = (".notice .sign { margin: 3em 2em 0 auto; width: 16em; text-align: center; position: relative; "
             "break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; }\n"
             ".notice .items + .para { break-before: avoid; page-break-before: avoid; }\n")
    for page in (tmp_path / "out" / "cases" / "WH-2020-002.html", tmp_path / "out" / "告知书汇总.html"):
        html = page.read_text(encoding="utf-8")
        assert rules in html, page.name
        assert '</ol>\n<p class="para">特此告知。</p>\n<div class="sign">' in html, page.name
