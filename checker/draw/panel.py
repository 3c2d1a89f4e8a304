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
import io
from pathlib import Path

from checker.core.text import strip_control
from checker.draw.pool import Pool
from checker.draw.record import current_panel
from checker.io.xlsx import FORMULA_START, neutralise

# xlsxwriter is imported by the function that writes the workbook, not here: every draw command
# imports this module, and a .csv panel never needs it.

PANEL_HEADERS = ("序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注")
# characters per column, wide enough that a unit's name prints whole (wrapped, never cut)
PANEL_WIDTHS = (6, 8, 12, 10, 36, 36, 22)
LINE_HEIGHT = 15  # points per printed line of 10-11 pt text
MAX_ROW_HEIGHT = 409  # points: the tallest row Excel and WPS keep (a taller one is refused or reset)
TITLE = "评审专家抽取结果"
CONFIDENTIAL = "保密：评审结果公布前不得外传"
SIGNATURES = ("抽取人（政工科）：", "监督人（派驻纪检监察组）：")
DOCUMENT_TIME = dt.datetime(2020, 1, 1)  # fixed creation time: the same record gives the same bytes
CELL_CHARACTERS = 32_767  # the most text (UTF-16 units) a spreadsheet cell holds
CUT_NOTE = "……（内容过长，表中只列出开头，全文见抽取记录）"


def default_panel_path(record_path: Path) -> Path:
    """RECORD.json → RECORD.panel.xlsx (next to the record)."""
    return record_path.with_name(record_path.stem + ".panel.xlsx")


def panel_rows(record: dict, pool: Pool | None) -> list[tuple]:
    """Panel-file rows: current panel, unused alternates, replaced members. No phone numbers."""
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
        expert = pool.find(expert_id) if pool else None
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
    """2026-12-01T16:28:57+08:00 → 2026年12月1日 16:28:57（北京时间）; a time of another offset in Beijing time
    (2024-03-05T01:30:00Z → 2024年3月5日 09:30:00（北京时间）: printed as its bare clock time it read eight hours
    off, h145); a time with no offset as its clock time; anything else as written."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    if moment.utcoffset() is None:
        return clock_text(moment)
    try:
        return clock_text(moment.astimezone(BEIJING)) + "（北京时间）"
    except OverflowError:  # a time at the calendar's edge (a hand-edited record): as written (h148)
        return str(stamp)


BEIJING = dt.timezone(dt.timedelta(hours=8))


def clock_text(moment: dt.datetime) -> str:
    """A moment's date and clock time as written on the lists: 2026年12月1日 16:28:57."""
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M:%S}"


def write_panel_file(path: Path, record: dict, pool: Pool | None) -> None:
    """The organising office's list (ids and names); .csv when the name says so, else .xlsx."""
    rows = panel_rows(record, pool)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)  # a CSV is for importing elsewhere: the table only, no title rows
            writer.writerow(PANEL_HEADERS)
            writer.writerows([neutralise(value) for value in row] for row in rows)
        return
    path.write_bytes(panel_workbook(record, rows))


def panel_workbook(record: dict, rows: list[tuple]) -> bytes:
    """The panel as .xlsx bytes, the same for the same record (fixed document and zip times).

    Written by xlsxwriter: every draw command writes one, and openpyxl took 0.1-0.2 s to import
    against xlsxwriter's 0.03-0.06 s (`draw new` on a 100,000-expert pool is held to twice a
    calamine read of it, issue 14)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"created": DOCUMENT_TIME})
    sheet = workbook.add_worksheet("抽取结果")
    styles = _Styles(workbook)
    header_row = _heading(sheet, styles, record)
    _table(sheet, styles, header_row, rows)
    _signatures(sheet, styles, header_row + len(rows) + 2)
    _page_setup(sheet, header_row)
    workbook.close()
    return buffer.getvalue()


class _Styles:
    """The workbook's cell formats, each made once, with its text-keeping twin (see _put)."""

    def __init__(self, workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple, object] = {}

    def get(self, quoted: bool = False, **properties):
        key = (quoted, *sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._workbook.add_format({**properties, "quote_prefix": True} if quoted else properties)
        return self._made[key]


def _put(sheet, styles: _Styles, row: int, column: int, value, **properties) -> None:
    """Write ``value`` (1-based row and column) exactly as written and never as a formula: a text a
    spreadsheet would read as one ("=1+1", "@SUM") is a text cell marked with the quotePrefix style,
    as typing a leading apostrophe in Excel or WPS does (no apostrophe added to the text itself)."""
    text = _fit_cell(strip_control(value)) if isinstance(value, str) else value
    if text is None or text == "":  # an empty note: a blank cell with its borders, as a person leaves it
        sheet.write_blank(row - 1, column - 1, None, styles.get(**properties))
    elif isinstance(text, str):
        sheet.write_string(row - 1, column - 1, text, styles.get(text.startswith(FORMULA_START), **properties))
    else:
        sheet.write_number(row - 1, column - 1, value, styles.get(**properties))


def _fit_cell(text: str) -> str:
    """Text a cell can hold: at most 32,767 UTF-16 units; a longer text keeps its beginning and says it
    was cut (xlsxwriter would cut it silently, and a spreadsheet refuses a longer cell)."""
    if len(text) <= CELL_CHARACTERS // 2:
        return text
    # counted here, not by xlsxwriter's private helpers (3.2.0, which setup.cfg allows, has none)
    units = [2 if ord(character) > 0xFFFF else 1 for character in text]
    if sum(units) <= CELL_CHARACTERS:
        return text
    room, kept = CELL_CHARACTERS - len(CUT_NOTE), 0
    for kept, unit in enumerate(units):  # a character above U+FFFF (𠀋) is never split in two
        room -= unit
        if room < 0:
            break
    return text[:kept] + CUT_NOTE


def _merge(sheet, styles: _Styles, row: int, first: int, last: int, value, **properties) -> None:
    """``value`` in the cells first..last of ``row`` merged into one (1-based)."""
    sheet.merge_range(row - 1, first - 1, row - 1, last - 1, None, styles.get(**properties))
    _put(sheet, styles, row, first, value, **properties)


def _heading(sheet, styles: _Styles, record: dict) -> int:
    """Title, 保密 mark and the draw's facts; returns the row of the table header."""
    last = len(PANEL_HEADERS)
    _merge(sheet, styles, 1, 1, last, TITLE, font_size=16, bold=True, align="center")
    _merge(sheet, styles, 2, 1, last, CONFIDENTIAL, bold=True, font_color="#C00000", align="right")
    row = 3
    for label, value in panel_facts(record):
        _merge(sheet, styles, row, 1, 2, label, bold=True)
        _merge(sheet, styles, row, 3, last, value)
        row += 1
    return row + 1


BOX = {"border": 1, "border_color": "#000000"}  # a thin black line on every side


def _table(sheet, styles: _Styles, header_row: int, rows: list[tuple]) -> None:
    for column, (header, width) in enumerate(zip(PANEL_HEADERS, PANEL_WIDTHS), start=1):
        _put(sheet, styles, header_row, column, header, bold=True, align="center", valign="vcenter", **BOX)
        sheet.set_column(column - 1, column - 1, width)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            # names, units and reasons are kept exactly and never run as formulas
            centred = {"align": "center"} if column <= 2 else {}
            _put(sheet, styles, header_row + offset, column, value, text_wrap=True, valign="top", **centred, **BOX)
        # spreadsheets do not grow a row for wrapped text they did not lay out themselves
        sheet.set_row(header_row + offset - 1, min(LINE_HEIGHT * _lines_needed(values), MAX_ROW_HEIGHT))


def _lines_needed(values: tuple) -> int:
    """Printed lines the tallest cell of a row needs (a CJK character is two columns wide)."""
    def width(text: str) -> int:
        return sum(2 if ord(char) > 0x2E7F else 1 for char in text)

    return max(1, *(-(-width(str(value)) // columns) for value, columns in zip(values, PANEL_WIDTHS)))


def _signatures(sheet, styles: _Styles, row: int) -> None:
    line_below = {"bottom": 1, "bottom_color": "#000000"}
    for offset, label in enumerate(SIGNATURES):
        line = row + offset * 2
        _merge(sheet, styles, line, 1, 3, label)
        _put(sheet, styles, line, 4, "（签字）", **line_below)
        _put(sheet, styles, line, 5, None, **line_below)
        _put(sheet, styles, line, 6, "日期：")
        _put(sheet, styles, line, 7, None, **line_below)
        sheet.set_row(line - 1, 28)


def _page_setup(sheet, header_row: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as the list needs
    sheet.repeat_rows(header_row - 1)  # the table's header on every page
    sheet.set_header("&R" + CONFIDENTIAL)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5)
    sheet.freeze_panes(header_row, 0)
