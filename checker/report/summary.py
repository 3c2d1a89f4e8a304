"""The batch summary: summary.json (every case, counts that reconcile with the input rows) and
summary.xlsx (one row per application, grouped by district in the city's administrative order,
sign-off columns blank), laid out to be printed and signed: A4 landscape, one page wide, the
header repeated on every page, every cell boxed.

The first sheet is what people read: Chinese titles of the problems, no rule ids. Reviewers who
record decisions (--overrides) need the ids: the sheet 问题明细 lists every problem with its rule id.
"""

from __future__ import annotations

import math
from copy import copy
from collections import Counter
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from checker.check.region import DistrictOrder
from checker.io.outputs import OutputDir
from checker.io.xlsx import put_text, workbook_bytes
from checker.report.case import RunInfo
from checker.report.rows import INDEX_PAGE
from checker.report.jsonout import json_bytes
from checker.report.text import OUTCOME_ZH, VERDICT_ZH

HEAD_COLUMNS = ("序号", "所在区市", "申报编号", "企业名称", "统一社会信用代码", "项目名称")
TAIL_COLUMNS = ("输入行", "审核结论", "主要问题", "人工复核后结论", "审核报告", "审核意见", "审核人", "复核人")
HEAD_WIDTHS = (4, 8, 12, 16, 21, 16)
TAIL_WIDTHS = (5, 9, 28, 8, 14, 14, 7, 7)
AMOUNT_WIDTH = 9
VERDICT_FILL = {"eligible": "C6EFCE", "ineligible": "FFC7CE", "needs_review": "FFEB9C",
                "compliant": "C6EFCE", "noncompliant": "FFC7CE"}
MAX_HYPERLINKS = 65_530  # Excel keeps at most 65,530 links per sheet; beyond that the path is plain text
TITLE_ROWS = 2  # title and run line above the header row
DETAIL_HEADERS = ("申报编号", "企业名称", "审核事项", "结果", "规则编号（填写人工复核决定时用）")


SUMMARY_FILES = ("summary.xlsx", "summary.json")


def write_summary(rows: list[dict], run: RunInfo, out: OutputDir, extra: dict) -> dict:
    """summary.json (every case, counts that reconcile with the input) and summary.xlsx."""
    files = [f["file"] for f in extra.get("input_files", [])]
    rows = sorted(rows, key=lambda r: (files.index(r["input_file"]) if r.get("input_file") in files else 0, r["input_row"]))
    counts = Counter(r["verdict"] for r in rows)
    document = {
        "workflow": run.workflow_id,
        "workflow_title": run.workflow_title,
        "rulebook_version": run.rulebook_version,
        "input_file": run.input_file,
        "input_sha256": run.input_sha256,
        "engine": run.engine,
        **extra,
        "counts": {
            "cases": len(rows),
            "eligible": counts.get("eligible", 0),
            "ineligible": counts.get("ineligible", 0),
            "needs_review": counts.get("needs_review", 0),
            **({"compliant": counts.get("compliant", 0), "noncompliant": counts.get("noncompliant", 0)} if "ledger" in extra else {}),
        },
        "not_checked": run.not_checked,
        "cases": [{k: v for k, v in row.items() if k not in ("problems", "amounts")} for row in rows],
    }
    out.write("summary.xlsx", summary_xlsx(rows, run, document["counts"]))
    out.write("summary.json", json_bytes(document), sync=True)  # last: the run's completion marker
    return document


def problems_text(row: dict) -> str:
    """主要问题 in words: the titles of the failed and missing rules, grouped by outcome."""
    parts = []
    for outcome in ("fail", "missing"):
        titles = list(dict.fromkeys(title for _, title, found in row["problems"] if found == outcome))
        if titles:
            parts.append(f"{OUTCOME_ZH[outcome]}：" + "；".join(titles))
    return "\n".join(parts)


def _amount(text: str, readable: bool):
    """An amount as a number (exact: Decimal) when it was read; as written otherwise."""
    if readable:
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    return text


class _Cells:
    """Styled write-only cells; one style object of each kind, shared by every cell."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.bold = Font(bold=True)
        self.link = Font(color="0563C1", underline="single")
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in VERDICT_FILL.items()}
        thin = Side(style="thin", color="808080")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)

        self._styles: dict[tuple, object] = {}

    def text(self, value, *, wrap: bool = False, font=None, fill=None, boxed: bool = True) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet)
        put_text(cell, value)  # exact text; formula-like text kept as text by quotePrefix
        # Setting a style through openpyxl's descriptors hashes the style objects on every cell (most
        # of the workbook's time): each combination is set up once and its style array copied.
        key = (wrap, id(font), id(fill), boxed, bool(cell.quotePrefix))
        style = self._styles.get(key)
        if style is None:
            cell.alignment = self.wrap if wrap else self.top
            if boxed:
                cell.border = self.box
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)
        return cell


LINE_HEIGHT = 16.5  # points per line of 11-point CJK text (its glyphs are taller than Latin ones)


def display_width(text: str) -> float:
    """Width in a column's units: a CJK character (or full-width form) takes two, others one."""
    return sum(2.2 if ord(char) >= 0x2E80 else 1.1 for char in text)  # with a margin: a cut line is worse than a spare one


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` takes (spreadsheets do not grow rows of a file they open)."""
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def summary_xlsx(rows: list[dict], run: RunInfo, counts: dict | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    _main_sheet(workbook, rows, run, counts or {})
    _detail_sheet(workbook, rows)
    if any("item" in row for row in rows):
        _ledger_sheet(workbook, rows)
    _info_sheet(workbook, run)
    return workbook_bytes(workbook)


def _print_setup(sheet, header_row: int, orientation: str) -> None:
    """A4, all columns on one page width, the header row on every page."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _main_sheet(workbook, rows: list[dict], run: RunInfo, counts: dict) -> None:
    sheet = workbook.create_sheet("审核汇总")
    words = run.words
    amount_names = [name for name in (words.amounts if words else ()) if any(name in r.get("amounts", {}) for r in rows)]
    ledger = any("item" in r for r in rows)  # a handling ledger (受理台账): its rows by 事项, not district
    head = ("序号", "事项", *HEAD_COLUMNS[2:]) if ledger else HEAD_COLUMNS
    headers = [*head, *(words.label(n) for n in amount_names), *TAIL_COLUMNS]
    widths = [*HEAD_WIDTHS, *([AMOUNT_WIDTH] * len(amount_names)), *TAIL_WIDTHS]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(index)].width = width
    header_row = TITLE_ROWS + 1
    last = _letter(len(headers))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    _print_setup(sheet, header_row, "landscape")
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    # wrapped columns (企业名称, 项目名称, 主要问题) set their rows' heights, before each row is written
    problems_column = len(HEAD_COLUMNS) + len(amount_names) + 2
    wrapped = {3: widths[3], 5: widths[5], problems_column: widths[problems_column]}
    sheet.row_dimensions[header_row].height = max(lines_needed(t, widths[i]) for i, t in enumerate(headers)) * LINE_HEIGHT
    cells = _Cells(sheet)
    title = f"{run.workflow_title} 受理台账审核汇总表" if ledger else f"{run.workflow_title} 申报审核汇总表"
    sheet.append([cells.text(title, font=Font(bold=True, size=14), boxed=False)])
    # a handling ledger's verdicts judge the office's handling
    kinds = ("compliant", "noncompliant", "needs_review") if "compliant" in counts else ("eligible", "ineligible", "needs_review")
    tally = "，".join(f"{VERDICT_ZH[k]} {counts.get(k, 0)}" for k in kinds)
    line = "；".join(part for part in (
        f"申报期 {run.window}" if run.window else "",
        f"共 {counts.get('cases', len(rows))} 件：{tally}",
        f"申报材料 {run.input_file}",
        f"审核规则版本 {run.rulebook_version}",
    ) if part)
    sheet.append([cells.text(line, boxed=False)])
    sheet.append([cells.text(title, wrap=True, font=cells.bold) for title in headers])  # its height is set above
    order = words.districts if words is not None else DistrictOrder([])
    for row in rows:  # input order: a district the rulebook does not list takes its place as first seen
        order.key(row["district"])
    # stable: input order within a district; a handling ledger is grouped by 事项 first (its rows carry "item")
    ordered = sorted(rows, key=lambda r: (r.get("item") or "", order.key(r["district"])))
    for number, row in enumerate(ordered, start=1):
        report = row["report"] + (".html" if row["report"] == INDEX_PAGE else run.report_suffix)
        link = cells.text(report, font=cells.link)
        if number <= MAX_HYPERLINKS:
            link.hyperlink = report  # relative: the workbook and cases/ travel together
        values = [
            cells.text(number), cells.text(row["item"] if ledger else row["district"]), cells.text(row["case_id"]), cells.text(row["company_name"], wrap=True),
            cells.text(row["uscc"]), cells.text(row.get("project_name", ""), wrap=True),
            *(cells.text(_amount(*row["amounts"][n]) if n in row.get("amounts", {}) else "") for n in amount_names),
            cells.text(row.get("row_key") or row["input_row"]),
            cells.text(VERDICT_ZH[row["verdict"]], fill=cells.fills[row["verdict"]]),
            cells.text(problems_text(row), wrap=True),
            cells.text(VERDICT_ZH.get(row.get("verdict_with_overrides") or "", "")),
            link, cells.text(""), cells.text(""), cells.text(""),
        ]
        lines = max(lines_needed(values[i].value or "", width) for i, width in wrapped.items())
        if lines > 1:
            sheet.row_dimensions[header_row + number].height = lines * LINE_HEIGHT + 2
        sheet.append(values)


def _detail_sheet(workbook, rows: list[dict]) -> None:
    sheet = workbook.create_sheet("问题明细")
    for index, width in enumerate((14, 26, 34, 8, 26), start=1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "A2"
    _print_setup(sheet, header_row=1, orientation="portrait")
    cells = _Cells(sheet)
    sheet.append([cells.text(title, font=cells.bold) for title in DETAIL_HEADERS])
    for row in rows:
        for rule_id, title, outcome in row["problems"]:
            sheet.append([cells.text(row["case_id"]), cells.text(row["company_name"]), cells.text(title, wrap=True),
                          cells.text(OUTCOME_ZH[outcome]), cells.text(rule_id)])


def _info_sheet(workbook, run: RunInfo) -> None:
    info = workbook.create_sheet("说明")
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 90
    cells = _Cells(info)
    for line in (
        ("流程", run.workflow_title),
        ("审核规则版本", run.rulebook_version),
        ("申报材料", run.input_file),
        ("文件校验值（SHA-256）", run.input_sha256),
        *((("申报条件文件", f"{run.conditions['file']}（{run.conditions['notice_number']}）"),
           ("申报条件校验值", run.conditions["sha256"])) if run.conditions else ()),
        ("判定方式", "规则引擎 durable-rules" if run.engine == "durable" else "参考判定程序"),
        *(("未核对事项", item) for item in run.not_checked),
    ):
        info.append([cells.text(line[0], font=cells.bold), cells.text(line[1], wrap=True)])


def _ledger_sheet(workbook, rows: list[dict]) -> None:
    """A handling ledger's counts by 事项: the office's handling, and the applicant's beside it."""
    sheet = workbook.create_sheet("按事项汇总")
    cells = _Cells(sheet)
    sheet.append([cells.text(title, font=cells.bold) for title in
                  ("事项", "件数", "合规", "不合规", "需人工复核", "申请人材料不符合", "申请人材料需复核")])
    items: dict[str, list[dict]] = {}
    for row in rows:
        items.setdefault(row.get("item") or "", []).append(row)
    for item, group in sorted(items.items()):
        verdicts = Counter(r["verdict"] for r in group)
        applicant = Counter(r.get("applicant_verdict") for r in group)
        sheet.append([cells.text(value) for value in (
            item, len(group), verdicts.get("compliant", 0), verdicts.get("noncompliant", 0), verdicts.get("needs_review", 0),
            applicant.get("ineligible", 0), applicant.get("needs_review", 0))])
