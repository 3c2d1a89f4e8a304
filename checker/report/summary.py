"""The batch summary: summary.json (every case, counts that reconcile with the input rows) and
summary.xlsx (one row per application, grouped by district in the city's administrative order,
sign-off columns blank), laid out to be printed and signed: A4 landscape, one page wide, the
header repeated on every page, every cell boxed.

The first sheet is what people read: Chinese titles of the problems, no rule ids. Reviewers who
record decisions (--overrides) need the ids: the sheet 问题明细 lists every problem with its rule id.

Both files are streamed: summary.xlsx by xlsxwriter in constant-memory mode (each row goes to a
temporary file as it is written; about 8x faster than openpyxl's writer, and the memory does not
grow with the batch), summary.json one case at a time. What the parent holds is the small
:class:`checker.report.rows.CaseRow` of each case, needed to order the sheet by district.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import shutil
import tempfile
import types
import zipfile
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, Callable, Iterable, NamedTuple

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.url import Url
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from checker.check.region import DistrictOrder
from checker.core.processes import SideJob, can_fork_side_jobs
from checker.core.text import strip_control
from checker.io.outputs import OutputDir, write_pieces
from checker.io.xlsx import FORMULA_START
from checker.report.case import RunInfo
from checker.report.jsonout import json_stream
from checker.report.rows import ADVISORY, DECIDED, INDEX_PAGE, CaseRow
from checker.report.text import OUTCOME_ZH, REFERENCE_BASIS_ZH, VERDICT_ZH, after_decisions_text, printable_text, set_aside_text

HEAD_COLUMNS = ("序号", "所在区市", "申报编号", "企业名称", "统一社会信用代码", "项目名称")
TAIL_COLUMNS = ("输入行", "审核结论", "主要问题", "人工复核后结论", "审核报告", "审核意见", "审核人", "复核人")
HEAD_WIDTHS = (4, 8, 12, 16, 21, 16)
TAIL_WIDTHS = (5, 9, 28, 8, 14, 14, 7, 7)
AMOUNT_WIDTH = 9
VERDICT_FILL = {"eligible": "#C6EFCE", "ineligible": "#FFC7CE", "needs_review": "#FFEB9C",
                "compliant": "#C6EFCE", "noncompliant": "#FFC7CE"}
MAX_HYPERLINKS = 65_530  # Excel keeps at most 65,530 links per sheet; beyond that the path is plain text
TITLE_ROWS = 2  # title and run line above the header row
# 输入行: what a decision addresses when two applications share an id (row16, 环翠区-row3)
DETAIL_HEADERS = ("申报编号", "输入行", "企业名称", "审核事项", "结果", "规则编号（填写人工复核决定时用）")
DOCUMENT_TIME = dt.datetime(2020, 1, 1)  # fixed creation time: the same batch gives the same bytes
CELL_CHARACTERS = 32_767  # the most text a spreadsheet cell holds
CUT_NOTE = "……（内容过长，表中只列出开头，全文见审核报告）"
LINE_HEIGHT = 16.5  # points per line of 11-point CJK text (its glyphs are taller than Latin ones)
MAX_ROW_HEIGHT = 409  # points: the tallest row a spreadsheet allows
PAGE_FOOTER = "&C第 &P 页，共 &N 页"  # every sheet's printed pages

_PLAIN: dict = {}  # a boxed cell's style: no other attribute
_WRAP = {"wrap": True}

SUMMARY_FILES = ("summary.xlsx", "summary.json")


def write_summary(rows: list, run: RunInfo, out: OutputDir, extra: dict, *, helpers: int = 0,
                  before_marker: Callable[[], object] | None = None) -> dict:
    """summary.json (every case, counts that reconcile with the input) and summary.xlsx.

    Returns the summary without its cases' entries written out: ``cases`` is the list of rows
    (each reads like its entry: ``case["case_id"]``). ``helpers``: processes besides this one that
    may render part of summary.xlsx (the run's --jobs less one). ``before_marker``: called after
    summary.xlsx, before summary.json (the run's completion marker)."""
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
        **({"overrides_file": run.overrides_file} if run.overrides_file else {}),  # whose decisions verdict_with_overrides follows
        **extra,
        # a handling ledger's verdicts judge the office's handling: its counts are in those words
        # only (an "eligible: 0" beside them read as if no application qualified)
        "counts": {
            "cases": len(rows),
            **({"compliant": counts.get("compliant", 0), "noncompliant": counts.get("noncompliant", 0)} if "ledger" in extra else
               {"eligible": counts.get("eligible", 0), "ineligible": counts.get("ineligible", 0)}),
            "needs_review": counts.get("needs_review", 0),
        },
        "not_checked": run.not_checked,
        "cases": rows,
    }
    workbook = out.stream("summary.xlsx")
    try:
        write_summary_xlsx(workbook.handle, rows, run, document["counts"],
                           set_aside_text(extra.get("skipped_total_rows") or [], extra.get("skipped_note_rows") or []),
                           helpers=helpers, reference=extra.get("reference_date"))
        workbook.commit()
    except BaseException:
        workbook.discard()
        raise
    if before_marker is not None:
        before_marker()
    # last: the run's completion marker
    write_pieces(out, "summary.json", json_stream(document, {"cases": summary_entry}), sync=True, marker=True)
    return document


def summary_entry(row) -> dict:
    """A case's entry in summary.json: its row without the problems and amounts (the workbook's)."""
    entry = row.as_dict() if hasattr(row, "as_dict") else dict(row)
    entry.pop("problems", None)
    entry.pop("amounts", None)
    return entry


_PROBLEM_ORDER = ("fail", "missing", *DECIDED.values(), ADVISORY)


def problems_text(row) -> str:
    """主要问题 in words: the titles of the failed and missing rules, grouped by outcome."""
    problems = row["problems"]
    if not problems:
        return ""  # an eligible case (most of a batch): no pass over the outcomes
    # one pass over the problems, each outcome's titles once, in the order met
    grouped: dict[str, dict[str, None]] = {}
    for _, title, found in problems:
        grouped.setdefault(found, {})[title] = None
    return "\n".join(f"{PROBLEM_ZH.get(outcome) or OUTCOME_ZH[outcome]}：" + "；".join(grouped[outcome])
                     for outcome in _PROBLEM_ORDER if outcome in grouped)


# a failed advisory rule, shown beside the problems; a reviewer's decision on a rule that passed
PROBLEM_ZH = {ADVISORY: "提示项不通过（不影响结论）", DECIDED["fail"]: "经人工复核不通过", DECIDED["missing"]: "经人工复核待补充"}


EXCEL_DIGITS = 15  # a spreadsheet number keeps 15 significant digits


def _amount(text: str, readable: bool):
    """An amount as a number when it was read and a spreadsheet holds it exactly (at most 15
    significant digits); as written otherwise, so no amount is ever rounded or overflows."""
    if readable:
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return text
        if amount.is_finite() and len(amount.as_tuple().digits) <= EXCEL_DIGITS and abs(amount) < _EXCEL_LIMIT \
                and Decimal(repr(float(amount))) == amount:  # the number a spreadsheet stores is this amount
            return amount
    return text


_EXCEL_LIMIT = Decimal(10) ** EXCEL_DIGITS


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK characters and full-width forms: two units wide


def width_tenths(text: str) -> int:
    """Width in tenths of a column's unit: a CJK character (or full-width form) takes two units,
    others one, each with a 10% margin (a cut line is worse than a spare one). In integers, so a
    text exactly as wide as its column is one line, not two by a rounding error."""
    wide = 0 if text.isascii() else len(_WIDE.findall(text))
    return 11 * (len(text) + wide)


def repeated_lines_needed(text: str, width: float) -> int:
    """lines_needed of a text met on many rows (a 主要问题, a rule's title, a result word): worked out
    once per text and width. The result depends on nothing else, so nothing kept can go stale."""
    key = (text, width)
    lines = _REPEATED_LINES.get(key)
    if lines is None:
        if len(_REPEATED_LINES) >= 4096:  # bounded: a batch's problems take a few hundred texts
            _REPEATED_LINES.clear()
        lines = _REPEATED_LINES[key] = lines_needed(text, width)
    return lines


_REPEATED_LINES: dict[tuple[str, float], int] = {}


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` takes (spreadsheets do not grow rows of a file they open)."""
    usable = max(round((width - 1.5) * 10), 10)  # tenths of a unit, the cell's padding off
    return sum(max(1, -(-width_tenths(part) // usable)) for part in str(text).split("\n"))


def _fit_cell(text: str) -> str:
    """Text a cell can hold: at most 32,767 UTF-16 units (a character beyond U+FFFF takes two);
    a longer text keeps its beginning and says it was cut (xlsxwriter would cut it silently)."""
    if len(text) <= CELL_CHARACTERS // 2 or _utf16_len(text) <= CELL_CHARACTERS:
        return text
    return _utf16_truncate(text, CELL_CHARACTERS - len(CUT_NOTE)) + CUT_NOTE


def _inline_string(text: str) -> str:
    """The rest of a text cell's XML, as xlsxwriter writes an inline string: control characters
    as _xHHHH_ (strip_control leaves tab and line feed), XML's &, < and > escaped, leading or
    trailing white space kept."""
    if "_x" in text or not text.isprintable():
        text = XMLwriter._escape_control_characters(text)
    # xlsxwriter's test (^\s or \s$) in two string calls: \s is str.isspace, and a $ before a
    # final line feed only matters when that line feed is itself white space
    space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


_COLUMN_NAMES = [xl_col_to_name(column) for column in range(64)]  # the summary's sheets use the first 20 or so


def _column_name(column: int) -> str:
    return _COLUMN_NAMES[column] if column < 64 else xl_col_to_name(column)


class _RelativeLink(Url):
    """A link to a report beside the workbook (``cases/WH-1.html``), stored as written.

    xlsxwriter stores a relative file link with Windows separators (``cases\\WH-1.html``), which
    LibreOffice on Linux cannot follow; the forward slash works in Excel, WPS and LibreOffice."""

    def __init__(self, path: str):
        super().__init__("external:" + path)
        self._link = self._relationship_link = path
        self._text = path


def _cell_format(workbook, formats: dict, key: tuple):
    """The workbook's format for a style (wrap, bold, size, fill, boxed, link, text), made once."""
    found = formats.get(key)
    if found is None:
        wrap, bold, size, fill, boxed, link, text = key
        spec: dict = {"valign": "top"}
        if wrap:
            spec["text_wrap"] = True
        if bold:
            spec["bold"] = True
        if size:
            spec["font_size"] = size
        if fill:
            spec.update(pattern=1, bg_color=fill)
        if boxed:
            spec.update(border=1, border_color="#808080")
        if link:
            spec.update(font_color="#0563C1", underline=1)
        if text:
            spec["quote_prefix"] = True  # formula-like text kept as text, as an apostrophe typed in Excel does
        found = formats[key] = workbook.add_format(spec)
    return found


class _Sheet:
    """One worksheet written row by row, its cell formats made once per combination. A sheet holds
    1,048,576 rows: ``begin`` lays out a continuation sheet (审核汇总（续1）...) when it is full.

    The rows' XML is written here, not cell by cell through xlsxwriter's write_* calls: those cost
    about 0.3 ms per summary row (most of the summary's time). The bytes are the ones xlsxwriter
    writes in constant-memory mode (inline strings, the same escapes, the same row attributes;
    tests/test_summary_xml.py compares them), with one difference on purpose: xlsxwriter writes a
    text that looks like its own rich-string markup (``<r>...</r>``) into the XML unescaped, so an
    applicant's company name could break the workbook; here every text is escaped. xlsxwriter still
    lays out the sheet (columns, panes, filter, print setup), the links and the styles."""

    def __init__(self, workbook, name: str, begin=None, *, formats: dict | None = None, part: int = 0):
        self.workbook = workbook
        self.name = name
        self.sheet = workbook.add_worksheet(name if part == 0 else f"{name}（续{part}）")
        self.sheet._write_optimized_sheet_data = types.MethodType(_rows_copied_as_bytes, self.sheet)
        self.row = 0
        self.begin, self.part = begin, part
        self._formats: dict[tuple, object] = {} if formats is None else formats
        self._index_link: _RelativeLink | None = None
        self._cells: list[tuple[int, str, object]] = []  # the current row: (column, cell XML after the reference, format)
        self._height: float | None = None

    @property
    def room(self) -> int:
        """Rows left on this sheet."""
        return self.sheet.xls_rowmax - self.row

    def with_room(self, rows_left: int) -> "_Sheet":
        """This sheet, or the continuation sheet when this one is full (``rows_left``: rows still to
        come, for the continuation's filter range)."""
        if self.row < self.sheet.xls_rowmax:
            return self
        following = _Sheet(self.workbook, self.name, self.begin, formats=self._formats, part=self.part + 1)
        following._index_link = self._index_link
        following.begin(following, rows_left)
        return following

    def link(self, target: str) -> _RelativeLink:
        """The link to ``target``; the rows without a report of their own share one link to the
        index (xlsxwriter keeps every link until the end: at 65,530 links that is tens of MB)."""
        if target != INDEX_PAGE + ".html":
            return _RelativeLink(target)
        if self._index_link is None:
            self._index_link = _RelativeLink(target)
        return self._index_link

    def format(self, *, wrap: bool = False, bold: bool = False, size: int = 0, fill: str = "", boxed: bool = True,
               link: bool = False, text: bool = False):
        return _cell_format(self.workbook, self._formats, (wrap, bold, size, fill, boxed, link, text))

    def put(self, column: int, value, **style) -> None:
        """A cell exactly as written, never a formula: text stays text (formula-like text marked
        by the quotePrefix style, no apostrophe added), numbers are numbers, blanks stay boxed."""
        self.put_styled(column, value, self.format(**style), style)

    def put_styled(self, column: int, value, cell_format, style: dict) -> None:
        """``put`` with the style's format already looked up (the summary's rows: 16 cells each)."""
        if value.__class__ is str or isinstance(value, str):
            # strip_control and _fit_cell, each called only when it has something to do (16 cells a row)
            if not value.isprintable():
                value = printable_text(value)  # no control character, no direction mark reordering the digits (h146)
            if len(value) > CELL_CHARACTERS // 2:
                value = _fit_cell(value)
            if not value:
                self._cells.append((column, "/>", cell_format))
            elif value.startswith(FORMULA_START):
                self._cells.append((column, _inline_string(value), self.format(**style, text=True)))
            else:
                self._cells.append((column, _inline_string(value), cell_format))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            self._cells.append((column, f"><v>{value:.16G}</v></c>", cell_format))
        elif value is None:
            self._cells.append((column, "/>", cell_format))
        else:
            self.put_styled(column, str(value), cell_format, style)

    def put_link(self, column: int, target: str) -> None:
        """A link to a file beside the workbook, shown as its path (``target`` is already clean)."""
        self.record_link(self.row, column, target)
        self._cells.append((column, _inline_string(target), self.format(link=True)))

    def record_link(self, row: int, column: int, target: str) -> None:
        sheet = self.sheet
        sheet.hlink_count += 1  # as write_url counts them (Excel keeps at most 65,530 per sheet)
        sheet.hyperlinks[row][column] = self.link(target)

    def fh_override(self, handle, row: int) -> None:
        """Go on writing rows into ``handle`` from sheet row ``row`` (a helper process's part)."""
        self.sheet.fh = handle
        self.row = row

    def height(self, points: float) -> None:
        """The current row's height, in points (a wrapped cell's lines: spreadsheets do not grow the
        rows of a file they open)."""
        self._height = points

    def end_row(self) -> None:
        """Write the current row (a row without cells is not written, as xlsxwriter does) and go on."""
        cells, row = self._cells, self.row
        if cells:
            sheet = self.sheet
            sheet._check_dimensions(row, cells[0][0])
            sheet._check_dimensions(row, cells[-1][0])  # cells come in column order
            sheet.previous_row = row
            number = str(row + 1)
            attributes = ""
            if self._height is not None:
                pixels = int(self._height * 4.0 / 3.0 + 0.5)  # as set_row stores a height
                if pixels != sheet.default_row_height:
                    attributes = f' ht="{pixels * 0.75:.16g}" customHeight="1"'
            names = _COLUMN_NAMES if cells[-1][0] < 64 else [_column_name(c) for c in range(cells[-1][0] + 1)]
            sheet.fh.write(f'<row r="{number}"{attributes}>' + "".join([
                f'<c r="{names[column]}{number}" s="{cell_format._get_xf_index()}"{xml}'
                for column, xml, cell_format in cells]) + "</row>")
            self._cells = []
        self._height = None
        self.row += 1

    def put_row(self, values: Iterable, *, height: float | None = None, **style) -> None:
        for column, value in enumerate(values):
            self.put(column, value, **style)
        if height is not None:
            self.height(height)
        self.end_row()

    def widths(self, widths: Iterable[float]) -> None:
        for column, width in enumerate(widths):
            self.sheet.set_column(column, column, width)

    def print_setup(self, header_row: int | None, *, landscape: bool) -> None:
        """A4, all columns on one page width, the header row (0-based) on every page, each page
        numbered (第 1 页，共 3 页) as on the main sheet: a sheet printed loose is put back in order."""
        if landscape:
            self.sheet.set_landscape()
        else:
            self.sheet.set_portrait()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)
        if header_row is not None:
            self.sheet.repeat_rows(header_row)
        self.sheet.set_footer(PAGE_FOOTER)


def _rows_copied_as_bytes(sheet) -> None:
    """xlsxwriter's _write_optimized_sheet_data (constant-memory mode) with the rows copied as bytes:
    it reads the rows' temporary file back as text, 64K characters at a time, and writes them out as
    text, decoding and encoding again the ~100 MB of UTF-8 a 100,000-row summary holds (0.3-0.5 s).
    Both files are UTF-8 text files written the same way, so the bytes are the same."""
    if sheet.dim_rowmin is None:  # no data: as xlsxwriter writes it
        sheet._xml_empty_tag("sheetData")
        return
    sheet._xml_start_tag("sheetData")
    rows = sheet.row_data_fh
    rows.flush()
    sheet.fh.flush()  # the sheet's XML written so far, before the rows' bytes
    rows.buffer.seek(0)
    shutil.copyfileobj(rows.buffer, sheet.fh.buffer, 1 << 20)
    rows.close()
    os.unlink(sheet.row_data_filename)
    sheet._xml_end_tag("sheetData")


def write_summary_xlsx(target: BinaryIO | str, rows: list, run: RunInfo, counts: dict | None = None, set_aside: str = "",
                       *, helpers: int = 0, reference: dict | None = None) -> None:
    # xlsxwriter's temporary files (the sheets' rows, the parts it packs) in a folder of this run's,
    # removed whatever happens: xlsxwriter leaves them behind when closing fails (a full disk)
    scratch = tempfile.mkdtemp(prefix="fundcheck-summary-")
    try:  # (a Ctrl-C while the workbook was made left the empty folder in the system's temporary folder)
        workbook = xlsxwriter.Workbook(target, {
            "constant_memory": True,  # rows go to temporary files as they are written
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
            "tmpdir": scratch,
        })
        workbook.set_properties({"created": DOCUMENT_TIME})
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    try:
        _main_sheet(workbook, rows, run, counts or {}, helpers)
        _detail_sheet(workbook, rows)
        if any("item" in row for row in rows):
            _ledger_sheet(workbook, rows)
        _info_sheet(workbook, run, set_aside, reference)
    finally:
        try:
            with _zip_level(ZIP_LEVEL):
                workbook.close()
        finally:
            for sheet in workbook.worksheets():  # the sheets' row files, still open when closing failed
                if getattr(sheet, "row_data_fh", None) is not None:
                    with contextlib.suppress(OSError, ValueError):
                        sheet.row_data_fh.close()
            shutil.rmtree(scratch, ignore_errors=True)


ZIP_LEVEL = 1  # zlib's fastest: 10,000 rows' 11 MB of sheet XML in 0.06 s instead of 0.19 s, 1.5 MB instead of 1.15


class _QuietZipFile(zipfile.ZipFile):
    """xlsxwriter's ZipFile, left open when packing fails (a full disk): collected after the output
    file was discarded, its closing would print "Exception ignored ... seek of closed file"."""

    def __del__(self):
        with contextlib.suppress(Exception):
            super().__del__()


@contextlib.contextmanager
def _zip_level(level: int):
    """xlsxwriter packs the workbook at zlib's default level (6) and has no option for another:
    its ZipFile is given ``compresslevel`` while the workbook closes. Still deterministic bytes."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(_QuietZipFile, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


def _main_sheet(workbook, rows: list, run: RunInfo, counts: dict, helpers: int = 0) -> None:
    words = run.words
    amount_names = [name for name in (words.amounts if words else ()) if any(name in r.get("amounts", {}) for r in rows)]
    ledger = any("item" in r for r in rows)  # a handling ledger (受理台账): its rows by 事项, not district
    head = ("序号", "事项", *HEAD_COLUMNS[2:]) if ledger else HEAD_COLUMNS
    headers = [*head, *(words.label(n) for n in amount_names), *TAIL_COLUMNS]
    widths = [*HEAD_WIDTHS, *([AMOUNT_WIDTH] * len(amount_names)), *TAIL_WIDTHS]
    # wrapped columns (企业名称, 项目名称, 主要问题) set their rows' heights, before each row is written
    problems_column = len(HEAD_COLUMNS) + len(amount_names) + 2
    wrapped = {3: widths[3], 5: widths[5], problems_column: widths[problems_column]}
    title = f"{run.workflow_title} 受理台账审核汇总表" if ledger else f"{run.workflow_title} 申报审核汇总表"
    # a handling ledger's verdicts judge the office's handling
    kinds = ("compliant", "noncompliant", "needs_review") if "compliant" in counts else ("eligible", "ineligible", "needs_review")
    tally = "，".join(f"{VERDICT_ZH[k]} {counts.get(k, 0)}" for k in kinds)
    line = "；".join(part for part in (
        f"申报期 {run.window}" if run.window else "",
        f"共 {counts.get('cases', len(rows))} 件：{tally}",
        after_decisions_text(rows, kinds),
        f"申报材料 {run.input_file}",
        f"审核规则版本 {run.rulebook_version}",
    ) if part)

    def begin(page: _Sheet, rows_below: int) -> None:
        """Title, run line, layout and header row of the sheet (and of each continuation sheet)."""
        sheet = page.sheet
        page.put_row([title], bold=True, size=14, boxed=False)
        page.put_row([line], boxed=False)
        page.widths(widths)
        header_row = page.row
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, min(header_row + rows_below, sheet.xls_rowmax - 1), len(headers) - 1)
        page.print_setup(header_row, landscape=True)
        sheet.center_horizontally()
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        page.put_row(headers, wrap=True, bold=True, height=min(
            MAX_ROW_HEIGHT, max(lines_needed(t, widths[i]) for i, t in enumerate(headers)) * LINE_HEIGHT))

    page = _Sheet(workbook, "审核汇总", begin, formats=_row_formats(workbook))
    begin(page, len(rows))
    order = words.districts if words is not None else DistrictOrder([])
    for row in rows:  # input order: a district the rulebook does not list takes its place as first seen
        order.key(row["district"])
    # stable: input order within a district; a handling ledger is grouped by 事项 first (its rows carry "item")
    ordered = sorted(rows, key=lambda r: (r.get("item") or "", order.key(r["district"])))
    layout = _RowLayout(ledger, amount_names, wrapped, run.report_suffix)
    start = 1
    if helpers > 0 and len(ordered) >= SPLIT_FROM and len(ordered) < page.room and can_fork_side_jobs():
        start = _rows_in_two(page, ordered, layout)
    for number in range(start, len(ordered) + 1):
        page = page.with_room(len(ordered) - number + 1)
        _main_row(page, number, ordered[number - 1], layout)


class _RowLayout(NamedTuple):
    """What every row of the main sheet is laid out by (from the whole batch)."""

    ledger: bool
    amount_names: list[str]
    wrapped: dict
    suffix: str

    @property
    def report_column(self) -> int:
        return len(HEAD_COLUMNS) + len(self.amount_names) + 4


# Every format a row of the main sheet can take (wrap, bold, size, fill, boxed, link, text), given
# its style number before anything is written: the rows a helper process renders (below) then use
# the same numbers as the rows rendered here.
_ROW_STYLES = (
    (False, False, 0, "", True, False, False), (True, False, 0, "", True, False, False),  # plain, wrapped
    (False, False, 0, "", True, True, False),  # a link
    *((False, False, 0, fill, True, False, False) for fill in dict.fromkeys(VERDICT_FILL.values())),  # verdicts
    *((wrap, False, 0, "", True, link, True) for wrap, link in ((False, False), (True, False), (False, True))),  # formula-like text
)


def _row_formats(workbook) -> dict:
    """The main sheet's format cache, its row formats made (and numbered) first, in a fixed order."""
    formats: dict = {}
    for key in _ROW_STYLES:
        _cell_format(workbook, formats, key)._get_xf_index()
    return formats


SPLIT_FROM = 2000  # rows: from here on a helper process renders the last part of the main sheet
# the helper's part: a forked process renders a row more slowly than its parent (copy-on-write page
# faults and cold caches: 0.63 s against 0.40 s for 5,000 rows each, alone), so it gets less than
# half; but in a check run the parent shares the cores with the child writing the index and notices
# pages (checker/check/batch.py): with 40% the helper ended 0.2 s before the parent (10,000 rows)
HELPER_SHARE = 0.45


def _rows_in_two(page: "_Sheet", ordered: list, layout: _RowLayout) -> int:
    """Render the last part of the rows (HELPER_SHARE) in a forked helper, into a temporary file,
    while this process renders the first part; then append the helper's rows. Returns the number of
    the first row still to render here: past the end when the helper's rows were appended; the
    helper's first row should the helper fail (rendered here then, the same bytes, only later).

    Rows are independent once sorted: a row's XML depends on its number, its sheet row and the
    formats, numbered before any row (_row_formats); the sheet's links and dimensions, kept in this
    process, are recorded here for the helper's rows."""
    half = len(ordered) - int(len(ordered) * HELPER_SHARE)
    first_row = page.row + half  # the sheet row of the helper's first row
    try:
        spool = tempfile.TemporaryFile()
    except OSError:  # no temporary file for the helper (too many open files, an unwritable folder)
        return 1  # only slower: this process renders every row
    try:
        helper = None
        try:  # the helper is made inside this block: a stop signal handled as soon as the fork returns stops it too
            helper = SideJob(lambda: _helper(page, ordered, half, first_row, layout, spool))
            if not helper.started:
                return 1
            for number in range(1, half + 1):
                _main_row(page, number, ordered[number - 1], layout)
            done = helper.wait()
        except BaseException:  # stopped (Ctrl-C, a writing error): the helper's rows are not wanted
            if helper is not None:
                helper.stop()
            raise
        if not done:
            return half + 1  # only slower: this process renders the helper's rows as well
        sheet = page.sheet
        sheet.fh.flush()  # this process's rows first, then the helper's bytes after them
        spool.seek(0)
        shutil.copyfileobj(spool, sheet.fh.buffer, 1 << 20)
        for number in range(half + 1, len(ordered) + 1):
            target, linked = _report_link(number, ordered[number - 1], layout.suffix)
            if linked:
                page.record_link(page.row, layout.report_column, target)
            page.row += 1
        sheet._check_dimensions(page.row - 1, 0)
        sheet._check_dimensions(page.row - 1, layout.report_column + 3)
        sheet.previous_row = page.row - 1
        return len(ordered) + 1
    finally:
        spool.close()


def _helper(page: "_Sheet", ordered: list, half: int, first_row: int, layout: _RowLayout, spool) -> None:
    """The forked helper's work: the rows from ``half + 1`` on, written to ``spool``."""
    page.fh_override(io.TextIOWrapper(spool, encoding="utf-8"), first_row)
    for number in range(half + 1, len(ordered) + 1):
        _main_row(page, number, ordered[number - 1], layout)
    page.sheet.fh.flush()


def _main_row(page: _Sheet, number: int, row, layout: _RowLayout) -> None:
    if isinstance(row, CaseRow):
        row = row.plain()  # its fields read below as plain dict lookups
    wrapped, amount_names = layout.wrapped, layout.amount_names
    problems = problems_text(row)
    company, project = row["company_name"], row.get("project_name", "")
    amounts = row.get("amounts", {})
    values = [_amount(*amounts[name]) if name in amounts else "" for name in amount_names]
    company_column, project_column, problems_column = wrapped
    lines = max(lines_needed(company or "", wrapped[company_column]), lines_needed(project or "", wrapped[project_column]),
                repeated_lines_needed(problems, wrapped[problems_column]))
    # an amount kept as written (too many digits, unreadable) wraps: a cut one would print another number
    lines = max([lines, *(lines_needed(value, AMOUNT_WIDTH) for value in values if isinstance(value, str))])
    if lines > 1:
        page.height(min(lines * LINE_HEIGHT + 2, MAX_ROW_HEIGHT))
    verdict = row["verdict"]
    put, plain, wrap = page.put_styled, page.format(), page.format(wrap=True)
    put(0, number, plain, _PLAIN)
    put(1, row["item"] if layout.ledger else row["district"], plain, _PLAIN)
    put(2, row["case_id"], plain, _PLAIN)
    put(3, company, wrap, _WRAP)
    put(4, row["uscc"], plain, _PLAIN)
    put(5, project, wrap, _WRAP)
    column = 6
    for value in values:
        if isinstance(value, str):
            put(column, value, wrap, _WRAP)
        else:
            put(column, value, plain, _PLAIN)
        column += 1
    put(column, row.get("row_key") or row["input_row"], plain, _PLAIN)
    fill = {"fill": VERDICT_FILL[verdict]}
    put(column + 1, VERDICT_ZH[verdict], page.format(**fill), fill)
    put(column + 2, problems, wrap, _WRAP)
    put(column + 3, VERDICT_ZH.get(row.get("verdict_with_overrides") or "", ""), plain, _PLAIN)
    column += 4
    target, linked = _report_link(number, row, layout.suffix)
    if linked:  # relative: the workbook and cases/ travel together
        page.put_link(column, target)
    else:
        page.put(column, target, link=True)
    page._cells.extend((blank, "/>", plain) for blank in range(column + 1, column + 4))  # 审核意见, 审核人, 复核人: boxed blanks
    page.end_row()


def _report_link(number: int, row, suffix: str) -> tuple[str, bool]:
    """The row's report path as shown, and whether it is a link (Excel keeps 65,530 links a sheet;
    a path that reads as a formula is shown as text)."""
    report = row["report"] + (".html" if row["report"] == INDEX_PAGE else suffix)
    clean = strip_control(report)
    return clean, number <= MAX_HYPERLINKS and not clean.startswith(FORMULA_START)


DETAIL_WIDTHS = (14, 10, 26, 34, 8, 26)


def _detail_sheet(workbook, rows: list) -> None:
    problems = sum(len(row["problems"]) for row in rows)

    def begin(page: _Sheet, rows_below: int) -> None:
        page.widths(DETAIL_WIDTHS)
        page.sheet.freeze_panes(1, 0)
        page.sheet.autofilter(0, 0, min(rows_below, page.sheet.xls_rowmax - 1), len(DETAIL_HEADERS) - 1)
        page.print_setup(0, landscape=False)
        page.put_row(DETAIL_HEADERS, bold=True)

    page = _Sheet(workbook, "问题明细", begin)
    begin(page, problems)
    # the two formats of its cells, looked up once (a continuation sheet shares the format cache)
    plain, wrap = page.format(), page.format(wrap=True)
    for row in rows:
        for rule_id, title, outcome in row["problems"]:
            page = page.with_room(problems)
            problems -= 1
            result = PROBLEM_ZH.get(outcome) or OUTCOME_ZH[outcome]
            # a long company name or 提示项不通过（不影响结论） wraps in its row: a cut one prints half a name
            lines = max(lines_needed(row["company_name"] or "", DETAIL_WIDTHS[2]),
                        repeated_lines_needed(title, DETAIL_WIDTHS[3]), repeated_lines_needed(result, DETAIL_WIDTHS[4]))
            if lines > 1:
                page.height(min(lines * LINE_HEIGHT + 2, MAX_ROW_HEIGHT))
            page.put_styled(0, row["case_id"], plain, _PLAIN)
            # the row as a decision addresses it (row16, 环翠区-row3): what --overrides takes for a shared id
            page.put_styled(1, row.get("row_key") or f"row{row['input_row']}", plain, _PLAIN)
            page.put_styled(2, row["company_name"], wrap, _WRAP)
            page.put_styled(3, title, wrap, _WRAP)
            page.put_styled(4, result, wrap, _WRAP)
            page.put_styled(5, rule_id, plain, _PLAIN)
            page.end_row()


def reference_text(reference: dict | None) -> str:
    """The run's reference date in words: the date and where it came from, or that each case has its own."""
    if reference and reference.get("date"):
        return f"{reference['date']}（{REFERENCE_BASIS_ZH.get(reference.get('basis'), '')}）".replace("（）", "")
    return "每件按其申报日期（未填写的按收件日期），见各件审核报告"


INFO_WIDTHS = (22, 90)


def _info_sheet(workbook, run: RunInfo, set_aside: str = "", reference: dict | None = None) -> None:
    page = _Sheet(workbook, "说明")
    page.widths(INFO_WIDTHS)  # the labels' column holds 文件校验值（SHA-256）
    # one page wide, like the other sheets (the labels printed on a page of their own, the values on the next)
    page.print_setup(None, landscape=True)
    for name, value in (
        ("流程", run.workflow_title),
        ("审核规则版本", run.rulebook_version),
        ("申报材料", run.input_file),
        ("文件校验值（SHA-256）", run.input_sha256),
        *((("申报条件文件", f"{run.conditions['file']}（{run.conditions['notice_number']}）"),
           ("申报条件校验值", run.conditions["sha256"])) if run.conditions else ()),
        ("参考日期", reference_text(reference)),
        *run.registers.items(),  # the lists and registers the batch was checked against (不良信用记录名单 …)
        *((("人工复核决定文件", run.overrides_file),) if run.overrides_file else ()),  # where 人工复核后结论 comes from
        *(("未采用的复核决定", f"{sentence}。") for sentence in run.decisions_not_applied),
        ("判定方式", "规则引擎 durable-rules" if run.engine == "durable" else "参考判定程序"),
        *(("未核对事项", item) for item in run.not_checked),
        *((("未作为申报审核的行", set_aside),) if set_aside else ()),
    ):
        page.put(0, name, bold=True)
        page.put(1, value, wrap=True)
        # a long 未核对事项 wraps: its row grown to its lines (a spreadsheet shows one line, the rest cut)
        lines = lines_needed(value, INFO_WIDTHS[1])
        if lines > 1:
            page.height(min(lines * LINE_HEIGHT + 2, MAX_ROW_HEIGHT))
        page.end_row()


def _ledger_sheet(workbook, rows: list) -> None:
    """A handling ledger's counts by 事项: the office's handling, and the applicant's beside it."""
    page = _Sheet(workbook, "按事项汇总")
    page.widths((10, 8, 8, 8, 12, 18, 18))  # the headers whole (申请人材料不符合 was cut at the default width)
    page.print_setup(0, landscape=True)  # its seven columns on one page (申请人材料需复核 printed on a page of its own)
    page.put_row(("事项", "件数", "合规", "不合规", "需人工复核", "申请人材料不符合", "申请人材料需复核"), bold=True)
    items: dict[str, list] = {}
    for row in rows:
        items.setdefault(row.get("item") or "", []).append(row)
    for item, group in sorted(items.items()):
        verdicts = Counter(r["verdict"] for r in group)
        applicant = Counter(r.get("applicant_verdict") for r in group)
        page.put_row((item, len(group), verdicts.get("compliant", 0), verdicts.get("noncompliant", 0),
                      verdicts.get("needs_review", 0), applicant.get("ineligible", 0), applicant.get("needs_review", 0)))
