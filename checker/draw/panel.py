"""The panel file for the organising office: the drawn experts with names (the only output that
has them), as .xlsx (default) or .csv. Never a phone number.

The workbook is made to be printed and signed: a title, the 保密 mark (the panel is confidential
until the review results are published), the round, fields and draw time, the list on A4 landscape
with its header repeated on every page, then signature lines for the drawer (政工科) and the
supervising officer of the discipline inspection group, who witnesses the draw.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from checker.draw.pool import Pool
from checker.draw.record import current_panel
from checker.io.xlsx import neutralise, put_text, workbook_bytes

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported by the functions that write the workbook, not here: every draw command
# imports this module, and openpyxl takes ~0.1-0.15 s to import (a .csv panel never needs it).

PANEL_HEADERS = ("序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注")
# characters per column, wide enough that a unit's name prints whole (wrapped, never cut)
PANEL_WIDTHS = (6, 8, 12, 10, 36, 36, 22)
LINE_HEIGHT = 15  # points per printed line of 10-11 pt text
TITLE = "评审专家抽取结果"
CONFIDENTIAL = "保密：评审结果公布前不得外传"
SIGNATURES = ("抽取人（政工科）：", "监督人（派驻纪检监察组）：")
THIN_LINE = {"style": "thin", "color": "000000"}


def default_panel_path(record_path: Path) -> Path:
    """RECORD.json → RECORD.panel.xlsx (next to the record)."""
    return record_path.with_name(record_path.stem + ".panel.xlsx")


def panel_rows(record: dict, pool: Pool | None) -> list[tuple]:
    """Panel-file rows: current panel, unused alternates, replaced members. No phone numbers."""
    experts = pool.by_id() if pool else {}
    panel, unused = current_panel(record)
    substituted = {item["by"]: item for item in record.get("substitutions", ())}
    replaced = {item["replaced"]: item for item in record.get("substitutions", ())}
    rows = []
    for expert_id in panel:
        note = f"顶替 {substituted[expert_id]['replaced']}" if expert_id in substituted else ""
        rows.append(("正选", expert_id, note))
    rows += [("候补", expert_id, "") for expert_id in unused]
    rows += [("已替换", expert_id, replaced[expert_id]["reason"]) for expert_id in replaced]
    out = []
    for number, (role, expert_id, note) in enumerate(rows, start=1):
        expert = experts.get(expert_id)
        out.append((number, role, expert_id, expert.name if expert else "",
                    expert.unit if expert else "", "、".join(expert.fields) if expert else "", note))
    return out


def panel_facts(record: dict) -> list[tuple[str, str]]:
    """What the page states about the draw, in the order an officer checks it."""
    head = record["ledger"]["head"]
    return [("轮次", record["round_id"]), ("专业领域", "、".join(record["fields"])),
            ("抽取时间", beijing_time_text(record.get("drawn_at"))), ("抽取科室", str(record.get("operator") or "")),
            ("正选 / 候补", f"{record['panel_size']} 人 / {record['alternates_count']} 人"),
            ("抽取记录哈希", record["draw_sha256"]), ("账本", f"第 {head['entry']} 条，头哈希 {head['hash']}")]


def beijing_time_text(stamp) -> str:
    """2026-12-01T16:28:57+08:00 → 2026年12月1日 16:28:57（北京时间）; anything else as written."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    zone = "（北京时间）" if moment.utcoffset() == dt.timedelta(hours=8) else ""
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M:%S}{zone}"


def write_panel_file(path: Path, record: dict, pool: Pool | None) -> None:
    """The organising office's list (ids and names); .csv when the name says so, else .xlsx."""
    rows = panel_rows(record, pool)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)  # a CSV is for importing elsewhere: the table only, no title rows
            writer.writerow(PANEL_HEADERS)
            writer.writerows([neutralise(value) for value in row] for row in rows)
        return
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "抽取结果"
    header_row = _heading(sheet, record)
    _table(sheet, header_row, rows)
    _signatures(sheet, header_row + len(rows) + 2)
    _page_setup(sheet, header_row)
    path.write_bytes(workbook_bytes(workbook))


def _heading(sheet: Worksheet, record: dict) -> int:
    """Title, 保密 mark and the draw's facts; returns the row of the table header."""
    from openpyxl.styles import Alignment, Font

    last = len(PANEL_HEADERS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    put_text(sheet.cell(1, 1), TITLE)
    sheet.cell(1, 1).font = Font(size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    put_text(sheet.cell(2, 1), CONFIDENTIAL)
    sheet.cell(2, 1).font = Font(bold=True, color="C00000")
    sheet.cell(2, 1).alignment = Alignment(horizontal="right")
    row = 3
    for label, value in panel_facts(record):
        put_text(sheet.cell(row, 1), label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=last)
        put_text(sheet.cell(row, 3), value)
        sheet.cell(row, 1).font = Font(bold=True)
        row += 1
    return row + 1


def _table(sheet: Worksheet, header_row: int, rows: list[tuple]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(**THIN_LINE)
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, (header, width) in enumerate(zip(PANEL_HEADERS, PANEL_WIDTHS), start=1):
        cell = sheet.cell(header_row, column)
        put_text(cell, header)
        cell.font = Font(bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(header_row + offset, column)
            put_text(cell, value)  # names, units and reasons are kept exactly and never run as formulas
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if column <= 2 else None)
        # spreadsheets do not grow a row for wrapped text they did not lay out themselves
        sheet.row_dimensions[header_row + offset].height = LINE_HEIGHT * _lines_needed(values)


def _lines_needed(values: tuple) -> int:
    """Printed lines the tallest cell of a row needs (a CJK character is two columns wide)."""
    def width(text: str) -> int:
        return sum(2 if ord(char) > 0x2E7F else 1 for char in text)

    return max(1, *(-(-width(str(value)) // columns) for value, columns in zip(values, PANEL_WIDTHS)))


def _signatures(sheet: Worksheet, row: int) -> None:
    from openpyxl.styles import Border, Side

    for offset, label in enumerate(SIGNATURES):
        line = row + offset * 2
        put_text(sheet.cell(line, 1), label)
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=3)
        put_text(sheet.cell(line, 4), "（签字）")
        put_text(sheet.cell(line, 6), "日期：")
        for column in (4, 5, 7):
            sheet.cell(line, column).border = Border(bottom=Side(**THIN_LINE))
        sheet.row_dimensions[line].height = 28


def _page_setup(sheet: Worksheet, header_row: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddHeader.right.text = CONFIDENTIAL
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
