"""Workbook packages: refuse unsafe ones, find formula cells without a usable value, save
reproducibly, and keep spreadsheet text from ever being taken for a formula.

An .xlsx file is a zip of XML parts. calamine reads the cached values fast but cannot say whether a
formula had one; a streaming scan of the sheet part can. openpyxl stamps the save time into
docProps/core.xml and every zip entry; reports carry no run time on purpose (same input and rulebook
give identical reports), so every workbook is saved through :func:`save`.
"""

from __future__ import annotations

import functools
import html
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring, iterparse

from checker.core.text import strip_control
from checker.errors import InputError, damage_reason
from checker.io.outputs import write_atomic

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_W3CDTF = b"2020-01-01T00:00:00Z"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # text a spreadsheet would read as a formula


@dataclass(frozen=True)
class ReadLimits:
    """What an input workbook may hold before it is even parsed (a 2 KB file with one cell at
    XFD1048576, or a small zip that expands to gigabytes, must not exhaust the machine)."""

    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_part_bytes: int = 200 * 1024 * 1024  # any uncompressed part of the package
    max_ratio: int = 100  # uncompressed : compressed, for parts over 1 MB


LIMITS = ReadLimits()
_CHUNK = 1 << 20
# Attributes as XML allows them (r="A1", r='A1', r = "A1"). A tag's attributes are matched up to the
# next < or >, never further: "<c <c <c ..." without a ">" costs one pass, not one per "<c".
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\s[^<>]*?\bt\s*=\s*[\"']e[\"']")
_FORMULA_HINT = re.compile(rb"f[ >/]")  # without the "<": ten times faster to look for than every tag's start
# an error cell's t="e" holds e" or e': one pattern beginning with the rarer "e" first (half the time
# of the two plain searches for "e" and 'e', whose quotes are in every attribute), then those two (a
# LibreOffice sheet's every row says hidden="false"), and only in a chunk that holds one of them the
# cell tag itself (a pattern beginning with "<", or with the t found in every cell's t="s", is slower)
_ERROR_HINT = re.compile(rb"e[\"']")
_ERROR_HINTS = (b'"e"', b"'e'")
MAX_TAG = 1 << 20  # bytes from a "<" to its ">": no sheet needs more (a cell's text is between tags)
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_ROOT_START = re.compile(rb"<[A-Za-z]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # an .xls workbook, or an .xlsx with an opening password


def not_zip_hint(path: Path) -> str:
    """What an .xlsx that is no zip package most often is, and what to do."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return ""
    if path.name.startswith("~$"):
        return (f"；这是 Excel 或 WPS 打开工作簿时生成的临时锁定文件，不是工作簿：请改用「{path.name[2:]}」"
                "（如该工作簿仍在 Excel 或 WPS 中打开，请先保存并关闭）")
    if head == OLE_SIGNATURE:
        kind = ole_kind(path)
        if kind == "encrypted":
            return "；该文件设有打开密码（加密的工作簿无法读取）：请在 Excel 或 WPS 中打开，去掉打开密码后保存，再重试"
        if kind == "xls":
            return (f"；内容其实是 .xls 工作簿，扩展名却是 {path.suffix}（常见于改过扩展名的文件）：请把扩展名改为 .xls，"
                    "或在 Excel 或 WPS 中另存为 .xlsx 后重试")
        return "；该文件设有打开密码，或是改了扩展名的 .xls 工作簿：请在 Excel 或 WPS 中去掉打开密码，或另存为 .xlsx 后重试"
    if not head:
        return "；文件是空的（0 字节）：请重新保存或向报送单位重新索取"
    kind = text_kind(path)
    return f"；{kind}：请在 Excel 或 WPS 中打开后另存为 .xlsx 再试" if kind else ""


_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # an Office file's package encrypted with its opening password
_XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))  # BIFF8 / BIFF5 workbooks


def ole_kind(path: Path, limit: int = LIMITS.max_part_bytes) -> str:
    """What an OLE compound file holds, by its directory's stream names (stored anywhere in the
    file, often at its end): "encrypted" (an .xlsx with an opening password), "xls" (an Excel 97-2003
    workbook), "" otherwise. Read in chunks, at most ``limit`` bytes."""
    found, tail, read = set(), b"", 0
    try:
        with open(path, "rb") as handle:
            while read < limit and (chunk := handle.read(_CHUNK)):
                read += len(chunk)
                data = tail + chunk
                if _ENCRYPTED_STREAM in data:
                    return "encrypted"
                if any(name in data for name in _XLS_STREAMS):
                    found.add("xls")
                tail = data[-40:]
    except OSError:
        return ""
    return "xls" if found else ""


# what a government system's export saved with a workbook's ending really is
_MARKUP_KINDS = ((b"urn:schemas-microsoft-com:office:spreadsheet", "内容是 XML 表格（Excel 2003 XML），不是工作簿"),
                 (b"<html", "内容是网页（HTML）表格，不是工作簿（常见于业务系统导出的文件）"),
                 (b"<table", "内容是网页（HTML）表格，不是工作簿（常见于业务系统导出的文件）"))


def text_kind(path: Path) -> str:
    """What a file given as a workbook holds when it is text: a web page (HTML) or an Excel 2003
    XML table, as systems export them under .xls, or plain text (CSV or tab-separated); "" otherwise."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return ""
    lowered = head.lower().replace(b"\x00", b"")  # UTF-16 text reads as ASCII once its zero bytes go
    for mark, kind in _MARKUP_KINDS:
        if mark in lowered:
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and b"\x00" not in head and _decodes(head)):
        return "内容是文本（如 CSV 或制表符分隔的文本），不是工作簿"
    return ""


def _decodes(head: bytes) -> bool:
    """UTF-8 or GB18030 text, a character cut by the end of the sample aside."""
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 3:
                return True
    return False


def refuse_unsafe_package(path: Path, what: str = "工作簿", limits: ReadLimits = LIMITS) -> None:
    """A zip package of XML within the size limits, without DTDs or entity declarations (no
    workbook needs them; defusedxml would refuse them too). Nothing is decompressed whole."""
    if not zipfile.is_zipfile(path):
        raise InputError(f"无法读取{what}「{path}」：不是 {path.suffix.lower() or '.xlsx'} 工作簿（不是 zip 包）{not_zip_hint(path)}")
    try:
        with zipfile.ZipFile(path) as package:
            for item in package.infolist():
                _within_limits(item, path, what, limits)
                if item.filename.endswith((".xml", ".rels")):
                    with package.open(item) as handle:
                        if _declares_entities(handle):
                            raise InputError(f"{what}「{path}」含 XML 实体或文档类型声明，按不安全文件拒绝。")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
        raise InputError(f"无法读取{what}「{path}」：不是可读的 .xlsx 工作簿（zip 包已损坏：{error}）") from error


def _within_limits(item: zipfile.ZipInfo, path: Path, what: str, limits: ReadLimits) -> None:
    if item.file_size > limits.max_part_bytes:
        raise InputError(f"{what}「{path}」中的 {item.filename} 解压后 {item.file_size // (1 << 20)} MB，"
                         f"超过上限 {limits.max_part_bytes // (1 << 20)} MB，已拒绝。")
    if item.file_size > _CHUNK and item.file_size > limits.max_ratio * max(item.compress_size, 1):
        raise InputError(f"{what}「{path}」中的 {item.filename} 压缩比超过 {limits.max_ratio}:1（疑似压缩炸弹），已拒绝。")


def _declares_entities(handle) -> bool:
    """A DTD can only come before the root element: scan the prolog, stream by stream."""
    tail = b""
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return False
        data = tail + chunk
        root = _ROOT_START.search(data)
        if _DECLARATION.search(data[: root.start()] if root else data):
            return True
        if root:
            return False
        tail = data[-16:]


@dataclass
class SheetScan:
    rows: int = 0
    columns: int = 0
    formulas: bool = False  # a formula or a cached error value: worth the full formula scan


def _column_capacity(letters: int) -> int:
    """The highest column number written with at most ``letters`` letters (Z=26, ZZ=702, ...)."""
    return sum(26 ** k for k in range(1, letters + 1))


def _beyond_shape(limits: ReadLimits) -> tuple[int, int]:
    """(column letters, row digits) of the smallest reference beyond the limits."""
    letters = next(k for k in range(1, 4) if _column_capacity(k) > limits.max_columns) if limits.max_columns < _column_capacity(3) else 4
    return letters, len(str(limits.max_rows))


@functools.lru_cache(maxsize=8)
def _beyond_pattern(limits: ReadLimits) -> re.Pattern:
    """Cell references that may lie outside the limits: only those with as many column letters or
    row digits as the smallest reference beyond them has (none in an ordinary sheet: with the
    default limits, three letters or seven digits). Finding only these, rather than every cell's
    reference, lets the scan run at the speed of decompression."""
    letters, digits = _beyond_shape(limits)
    # an empty cell (<c r="XFD9" s="3"/> or <c ...></c>: a format applied out to the sheet's edge, as
    # Excel and WPS leave it) holds nothing the reader allocates for and does not count
    return re.compile(rb"<(?:\w+:)?c\s[^<>]*?\br\s*=\s*[\"'](?=[A-Z]{%d}|[A-Z]{1,3}[0-9]{%d})([A-Z]{1,3})([0-9]+)[\"']"
                      rb"[^<>]*(?<!/)>(?!</(?:\w+:)?c>)" % (letters, digits))


@functools.lru_cache(maxsize=8)
def _beyond_hint(limits: ReadLimits) -> re.Pattern:
    """The same references without the cell tag around them: four times faster to look for, and a
    chunk in which it finds nothing cannot hold a cell beyond the limits (text that merely looks
    like a reference is told apart by :func:`_beyond_pattern`, run only when this finds something)."""
    letters, digits = _beyond_shape(limits)
    return re.compile(rb"r\s*=\s*[\"'](?:[A-Z]{%d}|[A-Z]{1,3}[0-9]{%d})" % (letters, digits))


def scan_sheet(path: Path, sheet_name: str, what: str = "工作簿", limits: ReadLimits = LIMITS,
               formulas: bool = True) -> SheetScan:
    """The real extent of a sheet (its last cell holding something, whatever its <dimension> declares) and whether it
    has formula or error cells, in one streaming pass over the part; refuses a sheet over the limits
    before anything allocates for it. ``formulas=False``: a reader that takes no formula problems
    is spared looking for them (a third of the scan of a 100,000-expert pool); .formulas stays False."""
    return _scan(path, sheet_name, what, limits, extent=True, marks=True, formulas=formulas)


def guard_sheet(path: Path, sheet_name: str, what: str = "工作簿", limits: ReadLimits = LIMITS) -> SheetScan:
    """scan_sheet's extent alone: the part of the scan that must end before calamine starts (it
    allocates a grid out to the farthest cell; an allocation that fails aborts the process). The
    hidden rows and the formula hint can be looked for while calamine parses: :func:`sheet_marks`."""
    return _scan(path, sheet_name, what, limits, extent=True, marks=False, formulas=False)


def sheet_marks(path: Path, sheet_name: str, what: str = "工作簿", formulas: bool = True) -> SheetScan:
    """scan_sheet's hidden rows (kept for :func:`hidden_rows`) and formula hint, without the extent
    (:func:`guard_sheet` has checked it). Regular expressions on bytes and zlib only: safe to run in a
    thread beside calamine, which releases the GIL while it parses (issue 14: ~0.07 s of a
    100,000-expert pool's read taken off the path)."""
    return _scan(path, sheet_name, what, LIMITS, extent=False, marks=True, formulas=formulas)


def _scan(path: Path, sheet_name: str, what: str, limits: ReadLimits, *, extent: bool, marks: bool,
          formulas: bool) -> SheetScan:
    scan = SheetScan()
    hidden: set[int] = set()
    with zipfile.ZipFile(path) as package:
        part = _sheet_part(package, sheet_name)
        if part is None:
            return scan
        with package.open(part) as handle:
            candidates, hint = _beyond_pattern(limits), _beyond_hint(limits)
            for data in _whole_tags(handle, path, sheet_name, what):
                if marks and b"hidden" in data:  # hidden_rows' pass over the same chunks, while they are here
                    _hidden_in(data, hidden)
                found = candidates.findall(data) if extent and hint.search(data) else ()
                if found:  # a few distinct column letters per chunk; the row numbers compared in C
                    scan.columns = max(scan.columns, *map(_column_number, {letters for letters, _ in found}))
                    scan.rows = max(scan.rows, *map(int, [number for _, number in found]))
                if formulas and not scan.formulas:
                    scan.formulas = bool((_FORMULA_HINT.search(data) and _FORMULA_TAG.search(data))
                                         or (_ERROR_HINT.search(data) and any(hint in data for hint in _ERROR_HINTS)
                                             and _ERROR_CELL.search(data)))
                if scan.rows > limits.max_rows or scan.columns > limits.max_columns:
                    raise InputError(f"{what}「{path}」的工作表 {sheet_name} 超出可读范围（至少 {scan.rows} 行、"
                                     f"{scan.columns} 列；上限 {limits.max_rows} 行、{limits.max_columns} 列），已拒绝。")
        if marks:
            _SCANNED_HIDDEN[:] = [(_identity(package), sheet_name, frozenset(hidden))]
    return scan


# the hidden rows the last scan_sheet found, by the file it read (device, inode, size, modification
# time) and sheet: hidden_rows, asked right after the scan by the pool and application readers, takes
# them from here instead of decompressing the sheet a second time (~0.07 s of a 100,000-row sheet)
_SCANNED_HIDDEN: list[tuple[tuple, str, frozenset]] = []


def scanned_hidden() -> list:
    """What the last scan in this process found of hidden rows (for a child process that read the sheet
    to hand over with its rows: checker.io.table._ChildRead)."""
    return list(_SCANNED_HIDDEN)


def take_scanned_hidden(found: list) -> None:
    """Another process's scanned_hidden(), as if this process had scanned: hidden_rows checks the file's
    identity (device, inode, size, modification time) before it uses it."""
    _SCANNED_HIDDEN[:] = found


def _identity(package: zipfile.ZipFile) -> tuple:
    status = os.fstat(package.fp.fileno())
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _hidden_in(data: bytes, found: set[int]) -> None:
    """The numbers of the hidden rows (<row r="5" hidden="1">) whose tags a chunk holds whole."""
    for tag in _HIDDEN_ROW.finditer(data):
        number = _ROW_NUMBER.search(tag.group(0))
        if number:
            found.add(int(number.group(1)))


def _whole_tags(handle, path: Path, sheet_name: str, what: str):
    """A sheet part's text in chunks of about _CHUNK bytes, each ending between two tags (the tag
    a chunk ends inside is carried to the next), so that a pattern over tags sees each one whole."""
    tail = b""
    while chunk := handle.read(_CHUNK):
        data = tail + chunk
        yield data
        tail = _unfinished_tag(data, path, sheet_name, what)


def _unfinished_tag(data: bytes, path: Path, sheet_name: str, what: str) -> bytes:
    """The tag the chunk ends inside (from its "<"), carried over so that no tag, however padded
    with whitespace, is seen only in halves; b"" when the chunk ends between tags."""
    start = data.rfind(b"<")
    if start < 0 or data.find(b">", start) >= 0:
        return b""
    if len(data) - start > MAX_TAG:
        raise InputError(f"{what}「{path}」的工作表 {sheet_name} 无法读取（一个 XML 标记超过 {MAX_TAG >> 20} MB，"
                         "不是电子表格程序写出的文件），已拒绝。")
    return data[start:]


_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\s[^<>]*?\bhidden\s*=\s*[\"'](?:1|true)[\"'][^<>]*>")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"']([0-9]+)[\"']")


def hidden_rows(path: Path, sheet_name: str) -> set[int]:
    """Row numbers the named sheet hides (<row r="5" hidden="1">): calamine reads their values as
    any other's, while a person opening the workbook does not see them (a withdrawn application a
    clerk hid rather than deleted). Streamed; a chunk without the word "hidden" costs one search."""
    found: set[int] = set()
    try:
        with zipfile.ZipFile(path) as package:
            for identity, scanned_sheet, rows in _SCANNED_HIDDEN:
                if scanned_sheet == sheet_name and identity == _identity(package):
                    return set(rows)  # this very file's sheet was just scanned: the same chunks, the same rows
            part = _sheet_part(package, sheet_name)
            if part is None:
                return found
            with package.open(part) as handle:
                for data in _whole_tags(handle, path, sheet_name, "工作簿"):
                    if b"hidden" in data:
                        _hidden_in(data, found)
    except (OSError, zipfile.BadZipFile, KeyError):
        return found  # the sheet was read already; a part that cannot be read again hides nothing we can name
    return found


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_ROWS_MAX = 1_048_576  # a sheet's last row: a trailing run of blank rows repeated to it hides nothing we read


def hidden_ods_rows(path: Path, sheet_name: str) -> set[int]:
    """Row numbers the named sheet of an .ods hides (<table:table-row table:visibility="collapse">,
    or "filter": filtered out), as :func:`hidden_rows` for an .xlsx: calamine reads them as any
    other's. Rows repeated (table:number-rows-repeated) count each; streamed."""
    found: set[int] = set()
    row, inside = 0, False
    try:
        with zipfile.ZipFile(path) as package, package.open("content.xml") as handle:
            for event, element in iterparse(handle, events=("start", "end")):
                tag = element.tag
                if tag == f"{_ODS_TABLE}table":
                    if event == "start":
                        inside = element.get(f"{_ODS_TABLE}name") == sheet_name
                    elif inside:
                        break
                    else:
                        element.clear()
                elif inside and tag == f"{_ODS_TABLE}table-row" and event == "start":
                    repeated = min(int(element.get(f"{_ODS_TABLE}number-rows-repeated") or 1), _ODS_ROWS_MAX - row)
                    if element.get(f"{_ODS_TABLE}visibility") in ("collapse", "filter") and repeated < 4096:
                        found.update(range(row + 1, row + repeated + 1))
                    row += repeated
                elif event == "end" and tag == f"{_ODS_TABLE}table-row":
                    element.clear()
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return found  # the sheet was read already; a part that cannot be read again hides nothing we can name
    return found


_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODS_CELL_BYTES = 64  # what a cell written out costs in content.xml besides its text (tags, value type)


def scan_ods(path: Path, what: str = "工作簿", limits: ReadLimits = LIMITS) -> None:
    """An .ods states a run of equal cells or rows once (table:number-columns-repeated,
    table:number-rows-repeated) and the reader writes every copy out: a 4 KB file with one row
    repeated 60,000 times, 900 cells wide, took 2.4 GB and aborted the process (SIGABRT, no word to
    the user). Streamed before the reader opens it: the last row and column holding a value count
    against the row and column limits, and the cells the repeats stand for count against the part
    size limit as if written out (as :func:`refuse_unsafe_package` counts an .xlsx sheet's bytes).
    Repeated empty cells and rows (how a sheet's unused area is stored) cost nothing."""
    try:
        with zipfile.ZipFile(path) as package:
            try:
                info = package.getinfo("content.xml")
            except KeyError:
                return
            budget = limits.max_part_bytes - info.file_size
            with package.open(info) as handle:
                _scan_ods_content(handle, path, what, limits, budget)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a damaged package is the reader's to report, in its own words
        return


def _scan_ods_content(handle, path: Path, what: str, limits: ReadLimits, budget: int) -> None:
    sheet, row, rows, columns = "", 0, 0, 0
    parents: list = []
    for event, element in iterparse(handle, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_ODS_TABLE}table":
                sheet, row, rows, columns = element.get(f"{_ODS_TABLE}name") or "", 0, 0, 0
            parents.append(element)
            continue
        parents.pop()
        if tag != f"{_ODS_TABLE}table-row":
            continue
        repeated_rows = int(element.get(f"{_ODS_TABLE}number-rows-repeated") or 1)
        column = last = 0
        written = expanded = 0
        for cell in element:
            copies = int(cell.get(f"{_ODS_TABLE}number-columns-repeated") or 1)
            if cell.get(f"{_ODS_OFFICE}value-type") is not None or len(cell):
                cost = ODS_CELL_BYTES + sum(len(text) for text in cell.itertext())
                written += cost
                expanded += cost * copies
                last = column + copies
            column += copies
        if last:
            rows, columns = row + repeated_rows, max(columns, last)
            budget -= expanded * repeated_rows - written
        row += repeated_rows
        if rows > limits.max_rows or columns > limits.max_columns:
            raise InputError(f"{what}「{path}」的工作表 {sheet} 超出可读范围（至少 {rows} 行、{columns} 列；"
                             f"上限 {limits.max_rows} 行、{limits.max_columns} 列），已拒绝。")
        if budget < 0:
            raise InputError(f"{what}「{path}」的工作表 {sheet} 中重复的单元格展开后超过 {limits.max_part_bytes // (1 << 20)} MB"
                             "（疑似压缩炸弹），已拒绝。")
        if parents:
            parents[-1].remove(element)  # nothing of a row is kept once it is counted
        element.clear()


class FormulaProblems(dict):
    """:func:`formula_problems`' coordinate → reason, and ``external``: coordinate → what an external
    workbook formula names (=[1]Sheet1!$A$1 with its cached value): a value read, yet taken from a
    file the reviewer does not have. True when either holds a cell (the sheet's cells are marked)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.external: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(len(self) or self.external)


# a reference into another workbook: [1]Sheet1!A1 (Excel's index of its external links), [预算.xlsx]表!A1,
# '\\server\share\[x.xlsx]Sheet1'!A1, 'C:\数据\[x.xlsx]表'!A1, [1]!名称 (string literals left out first)
# ([0] is the workbook itself: [0]!合计金额 is its own defined name)
_EXTERNAL_REF = re.compile(r"\[(?!0\])[^\[\]]+\][^\[\]!\"(),;=+\-*/&<>^]*'?!|'(?:[A-Za-z]:[\\/]|\\\\|[a-z]+://)[^']*'!", re.IGNORECASE)
_STRING_LITERAL = re.compile(r'"[^"]*"')


def external_reference(formula: str) -> bool:
    """Whether a formula reads a cell (or a name) of another workbook."""
    return bool(_EXTERNAL_REF.search(_STRING_LITERAL.sub("", formula or "")))


def _external_links(package: zipfile.ZipFile) -> dict[str, str]:
    r"""Excel's index of a workbook's external links ("1") → the file each names (file:///\\server\share\x.xlsx
    shown \\server\share\x.xlsx), in the order xl/workbook.xml lists them; {} where it cannot be told."""
    try:
        workbook = package.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)})
    block = re.search(r"<(?:\w+:)?externalReferences\b[^>]*>(.*?)</(?:\w+:)?externalReferences>", workbook, re.S)
    found: dict[str, str] = {}
    for index, rid in enumerate(re.findall(r'\bid="([^"]+)"', block.group(1)) if block else [], start=1):
        target = targets.get(rid, "")
        part = "xl/" + target.lstrip("/").removeprefix("xl/")
        name = part.rsplit("/", 1)
        try:
            link = package.read(f"{name[0]}/_rels/{name[1]}.rels").decode("utf-8", "replace")
        except (KeyError, IndexError):
            continue
        file = re.search(r'\bTarget="([^"]+)"', link)
        if file:
            target = file.group(1).replace("&amp;", "&")
            found[str(index)] = target.removeprefix("file:///")  # file:///\\server\share\x.xlsx: the path as typed
    return found


def _external_names(package: zipfile.ZipFile) -> dict[str, str]:
    """The workbook's defined names whose formula reads another workbook (预算金额 → [1]Sheet1!$A$1)."""
    try:
        workbook = package.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return {}
    found = {}
    for name, text in re.findall(r'<(?:\w+:)?definedName\b[^>]*?\bname="([^"]+)"[^>]*>([^<]*)</(?:\w+:)?definedName>', workbook):
        text = html.unescape(text)
        if external_reference(text):
            found[html.unescape(name).upper()] = text
    return found


_BRACKETS = re.compile(r"\[[^\]]*\]")
_NAME_TOKEN = re.compile(r"(?<![\w.!'\]])([^\W\d][\w.]*)(?![\w(!])")


def _names_used(formula: str, names: dict[str, str]) -> str | None:
    """The external formula of the first defined name ``formula`` reads (=预算金额*1), or None."""
    # a table's column in brackets (=表1[@预算金额], =SUM(表1[[#This Row],[预算金额]])) is no defined name
    plain = _BRACKETS.sub("", _STRING_LITERAL.sub("", formula or ""))
    for token in _NAME_TOKEN.findall(plain):
        if token.upper() in names:
            return names[token.upper()]
    return None


def _external_source(formula: str, links: dict[str, str], named: str | None = None) -> str:
    r"""What an external formula names, for a message: the linked file where Excel indexes it ([1] →
    \\server\share\x.xlsx), and the formula itself (a defined name reading it: the name's formula too)."""
    index = re.search(r"\[(\d+)\]", named or formula)
    file = links.get(index.group(1)) if index else None
    shown = f"={formula}，名称指向 ={named}" if named and not external_reference(formula) else f"={formula}"
    return f"外部工作簿 {file}（{shown}）" if file else f"外部工作簿（{shown}）"


def formula_problems(path: Path, sheet_name: str) -> dict[str, str]:
    """Cells of the named sheet whose value cannot be trusted, coordinate → reason: a formula
    without a cached value (a file written by a program, never opened in Excel) and a cached error
    value (#N/A from a VLOOKUP, #DIV/0!, #REF!) both read as blank through calamine. Streamed.
    A formula into another workbook with its cached value is in the result's ``external``."""
    problems = FormulaProblems()
    with zipfile.ZipFile(path) as package:
        part = _sheet_part(package, sheet_name)
        if part is None:
            return problems
        links: dict[str, str] | None = None
        names: dict[str, str] | None = None  # the workbook's defined names that read another workbook
        shared: dict[str, tuple[str, str]] = {}  # a shared formula's si → (its first cell, its formula)
        with package.open(part) as handle:
            for _event, element in iterparse(handle, events=("end",)):
                if element.tag.endswith("}c") or element.tag == "c":
                    has_formula = any(child.tag.endswith("}f") or child.tag == "f" for child in element)
                    value = next((child for child in element if child.tag.endswith("}v") or child.tag == "v"), None)
                    cached = (value.text or "").strip() if value is not None else ""
                    if element.get("t") == "e":
                        problems[element.get("r", "")] = f"{FORMULA_ERROR_VALUE} {cached or '#ERROR'}"
                    elif has_formula and not cached:
                        ref = element.get("r", "")
                        formula = next((child.text or "" for child in element if child.tag.endswith("}f") or child.tag == "f"), "")
                        problems[ref] = (f"{COLUMN_SUM_NO_VALUE}（={formula.strip()}）" if _sums_column_above(formula, ref)
                                         else FORMULA_NO_VALUE)
                    elif has_formula:
                        formula = _cell_formula(element, shared)
                        if names is None:
                            names = _external_names(package)
                        named = _names_used(formula, names) if names else None
                        if external_reference(formula) or named:
                            if links is None:
                                links = _external_links(package)
                            problems.external[element.get("r", "")] = _external_source(formula.strip(), links, named)
                    element.clear()
    return problems


def _cell_formula(element, shared: dict[str, tuple[str, str]]) -> str:
    """A cell's formula; where Excel shares one down a column (=[1]Sheet1!$A2 filled down: the first
    cell holds it, each cell below only <f t="shared" si="0"/>), the first cell's formula moved to this
    cell (=[1]Sheet1!$A3): read as empty, every cell but the first of a filled-down link went unseen."""
    node = next(child for child in element if child.tag.endswith("}f") or child.tag == "f")
    formula, ref = (node.text or "").strip(), element.get("r", "")
    if node.get("t") != "shared" or node.get("si") is None:
        return formula
    if formula:
        shared[node.get("si")] = (ref, formula)
        return formula
    if node.get("si") not in shared:
        return ""
    origin, first = shared[node.get("si")]
    if not external_reference(first):
        return first  # (moved or not, it reads no other workbook: a batch's filled-down sums are not translated)
    try:
        from openpyxl.formula.translate import Translator
        return Translator("=" + first, origin=origin).translate_formula(ref).removeprefix("=")
    except Exception:  # a formula the translator cannot move: the first cell's, as written
        return first


# a column's total written by a program and never calculated: =SUM(K3:K20) under K20, no cached value
COLUMN_SUM_NO_VALUE = "合计公式没有缓存的计算结果"
FORMULA_ERROR_VALUE = "公式结果为错误值"  # followed by the cached error: 公式结果为错误值 #N/A
FORMULA_NO_VALUE = "公式单元格没有缓存的计算结果"
# how formula_problems begins each reading it gives (a cell read so shows it, never a name or a district)
FORMULA_PROBLEM_STARTS = (FORMULA_ERROR_VALUE, FORMULA_NO_VALUE, COLUMN_SUM_NO_VALUE)
_COLUMN_SUM = re.compile(r"\s*(?:SUM\(|SUBTOTAL\(\s*(?:9|109)\s*,\s*)\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)\s*\)\s*", re.IGNORECASE)
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _sums_column_above(formula: str, ref: str) -> bool:
    """Whether a formula sums a range of its own column that ends above its cell."""
    found, cell = _COLUMN_SUM.fullmatch(formula or ""), _CELL_REF.fullmatch(ref)
    return bool(found and cell and found.group(1).upper() == found.group(3).upper() == cell.group(1)
                and int(found.group(2)) <= int(found.group(4)) < int(cell.group(2)))


# Built-in number formats that show a percentage (ECMA-376 §18.8.30): 9 "0%", 10 "0.00%".
_PERCENT_BUILTIN = {"9", "10"}
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^<>]*>")  # up to the next < as well: linear on "<c <c <c ..."
_REF_ATTR = re.compile(rb"\sr\s*=\s*[\"']([A-Z]+[0-9]+)[\"']")
_STYLE_ATTR = re.compile(rb"\ss\s*=\s*[\"']([0-9]+)[\"']")


def percent_cells(path: Path, sheet_name: str) -> set[str]:
    """Coordinates of the named sheet's cells shown with a % number format: calamine reads their
    value (0.12) but not their format (12%), and a percentage must not be read as 0.12 points."""
    try:
        with zipfile.ZipFile(path) as package:
            styles = _percent_styles(package)
            if not styles:
                return set()  # the common case: no percent format in the workbook, nothing to scan
            part = _sheet_part(package, sheet_name)
            if part is None:
                return set()
            data = package.read(part)
    except InputError:
        raise
    except Exception as error:  # damaged XML calamine tolerated: styles or sheet part unreadable
        raise InputError(f"无法读取「{path}」：数字格式或工作表无法解析：{damage_reason(error)}") from error
    found = set()
    for tag in _CELL_TAG.finditer(data):
        style, ref = _STYLE_ATTR.search(tag.group(0)), _REF_ATTR.search(tag.group(0))
        if style and ref and style.group(1).decode() in styles:
            found.add(ref.group(1).decode())
    return found


def _percent_styles(package: zipfile.ZipFile) -> set[str]:
    """Indexes of the cell styles (cellXfs) whose number format contains %."""
    try:
        root = fromstring(package.read("xl/styles.xml"))
    except KeyError:
        return set()
    percent_formats = set(_PERCENT_BUILTIN)
    for element in root.iter():
        if element.tag.endswith("}numFmt") and "%" in (element.get("formatCode") or ""):
            percent_formats.add(element.get("numFmtId", ""))
    xfs = next((e for e in root.iter() if e.tag.endswith("}cellXfs")), None)
    if xfs is None:
        return set()
    return {str(index) for index, xf in enumerate(x for x in xfs if x.tag.endswith("}xf"))
            if xf.get("numFmtId") in percent_formats}


def _sheet_part(package: zipfile.ZipFile, sheet_name: str) -> str | None:
    try:
        workbook = fromstring(package.read("xl/workbook.xml"))
        rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    sheets = [e for e in workbook.iter() if e.tag.endswith("}sheet")]
    sheet = next((e for e in sheets if e.get("name") == sheet_name), sheets[0] if sheets else None)
    if sheet is None:
        return None
    rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return part if part in package.namelist() else None
    return None


def neutralise(value: Any) -> Any:
    """Text a spreadsheet can store and never executes: control characters removed (no workbook
    can hold them), and text Excel (or a CSV import) would read as a formula gets a leading
    apostrophe."""
    if isinstance(value, str):
        value = strip_control(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def workbook_bytes(workbook) -> bytes:
    """An openpyxl workbook as .xlsx bytes with fixed zip and document times (byte-reproducible)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _DATES.sub(rb"\g<1>" + FIXED_W3CDTF + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def save(workbook, path: Path) -> None:
    """Save an openpyxl workbook reproducibly and atomically."""
    write_atomic(Path(path), workbook_bytes(workbook))
