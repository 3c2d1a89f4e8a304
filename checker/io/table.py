"""The one table reader: every input a user writes is a table, whatever its file format.

Workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods, read by python-calamine with cached formula values),
CSV (UTF-8 or GBK), JSON (a list of objects, or an object holding one such list), JSONL (one object
per line) and YAML (a list of objects) all become :class:`Table` s of :class:`Row` s whose cells keep
the reference a reviewer can find (``申报汇总表!H7``, ``JSON#3.申报日期``). The caller says which
columns it knows, as header aliases; nothing else is interpreted here. Applications, registers,
overrides, expert pools, side lists and round records all read through this module.
"""

from __future__ import annotations

import codecs
from collections import Counter
import csv
import hashlib
import importlib
import io
import json
import os
import pickle
import re
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence


try:  # the fast reader; where it cannot be installed, readers that can fall back say so (the pool)
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - installed everywhere the project supports
    CalamineWorkbook = None

from checker.core.money import stated_money_unit
from checker.core.text import column_key as _column_key, has_control, has_hidden, header_key, nfkc, strip_control, strip_hidden
from checker.core.values import export_blank, is_blank
from checker.errors import InputError, damage_reason, json_reason, read_reason
from checker.io import xlsx
from checker.io.xlsx import LIMITS, ReadLimits

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
XML_WORKBOOKS = (".xlsx", ".xlsm")  # zip packages of sheet XML: extent and formula scans apply
ZIP_WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".ods")  # zip packages: size, ratio and entity checks apply
TABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".json", ".jsonl", ".yaml", ".yml")

# A bilingual form's header: its Chinese name and an English gloss after it (申报编号 ID, 企业名称 Company name,
# 统一社会信用代码（USCC）, 申报编号 / Application No., 年度设备投入 Equipment investment（万元）, 核准（备案）文号 on one
# line and Approval/filing No. on the next) or, a gloss of words, before it (Company name 企业名称). The header is
# its Chinese part: a known one's column, any other header's none, as before (h144). The gloss stands apart (a
# space, a line break, a slash or its brackets) and is words: a unit or currency in Latin letters (年度设备投入
# （USD）, （RMB）) is no gloss, and such a header stays unknown (its figure is in no unit the reader may assume);
# the gloss's own unit after it, 年度设备投入（万元） Annual equipment investment (10k yuan), must be the Chinese
# part's (a header saying 万元 and yuan is no column); a qualifier before the name (PPP 项目总投资) is no gloss.
_GLOSS = r"[A-Za-z][A-Za-z.'&/-]*(?:\s+[A-Za-z.'&/-]+)*"
_GLOSS_AFTER = re.compile(rf"(.*[\u3400-\u9fff)])(?:\s*[/|]\s*|\s+|(?=\()|(?<=\)))"
                          rf"(?:\(({_GLOSS})\)|({_GLOSS})(?:\s*\(([ -~]*)\))?)\s*(\([^()]*[\u3400-\u9fff][^()]*\))?")
_GLOSS_BEFORE = re.compile(rf"(?:\(({_GLOSS})\)|({_GLOSS}))(?:\s*[/|]\s*|\s+)([\u3400-\u9fff].*)")
_LATIN = re.compile(r"[A-Za-z]")
_BRACKETS_AS_ROUND = re.compile(r"[【】\[\]〔〕]")
_UNIT_SPELLED = re.compile(r"\((?:人民币)?(万元|元|万)(?:人民币)?\)$")
_UNIT_WORDS = frozenset({"usd", "rmb", "cny", "yuan", "wan", "wanyuan", "tenthousandyuan", "eur", "euro", "euros", "hkd",
                         "jpy", "gbp", "dollar", "dollars", "us", "thousand", "million", "millions", "billion", "mn", "bn",
                         "kwh", "mwh", "percent", "pct", "ton", "tons", "tonne", "tonnes", "sqm", "yuanrmb", "rmbyuan"})
# a gloss's unit in brackets, spaces and commas dropped, lower case: 万元's (10k yuan, RMB 10,000) and 元's (yuan, RMB)
_GLOSS_UNIT = {"(万元)": re.compile(r"(?:in)?(?:rmb|cny)?(?:10k|10000|tenthousand)(?:rmb|cny)?(?:yuan)?"),
               "(元)": re.compile(r"(?:in)?(?:rmb|cny|rmbyuan|yuan)")}


def column_key(value: object) -> str:
    """core.text.column_key, and a bilingual header's Chinese part (above). A header with no Latin letter
    at either end (brackets aside) costs one look at its ends."""
    key = _column_key(value)
    if not key or key.isascii():
        return key
    if _BRACKETS_AS_ROUND.search(key) or has_hidden(key):
        # h144: a header holding a character that shows as nothing (a BOM or a zero-width space pasted with
        # it: 申报编号 was missing, the headers found listing 申报编号), or its unit in 【】, [] or 〔〕 (年度设备
        # 投入【万元】, WPS's and some forms' brackets) is the header the sheet shows
        value = _BRACKETS_AS_ROUND.sub(lambda found: "(" if found.group() in "【[〔" else ")", strip_hidden(str(value)))
        key = _column_key(value)
    if key[-1] == ")" and ("人民币" in key or key.endswith("(万)")):
        # h144: a unit spelled as forms spell it, 年度设备投入（万）, （人民币万元）, （万元人民币）, （人民币元）, is 万元 or 元
        # (the run stopped, 缺少必需的列); any other unit (千元, 亿元, 美元) stays no column's
        key = _UNIT_SPELLED.sub(lambda found: "(元)" if found.group(1) == "元" else "(万元)", key)
    if not (key[0].isascii() or key[-1].isascii()) or not _LATIN.search(key):
        return key
    text = nfkc(str(value))
    found = _GLOSS_AFTER.fullmatch(text)
    if found is not None:
        chinese, gloss = found.group(1) + (found.group(5) or ""), found.group(2) or found.group(3)
        unit = found.group(4)
        if unit is not None:
            chinese_key = _column_key(chinese)
            said = _GLOSS_UNIT.get(chinese_key[chinese_key.rfind("("):]) if chinese_key.endswith(")") else None
            if said is None or not said.fullmatch("".join(unit.split()).replace(",", "").lower()):
                return key
    else:
        found = _GLOSS_BEFORE.fullmatch(text)
        gloss = found and (found.group(1) or found.group(2))
        if not gloss or gloss.isupper():
            return key
        chinese = found.group(3)
    if "".join(gloss.split()).lower().strip(".") in _UNIT_WORDS or _LANGUAGE_WORD.search(gloss):
        return key
    return _column_key(chinese) or key


# a gloss naming a language says which language the column holds (企业名称 English, 企业名称（英文）'s English name
# beside the Chinese one; h147: read as a gloss, it was a second 企业名称 and every row 两列不一致): no gloss
_LANGUAGE_WORD = re.compile(r"(?i)\b(?:english|eng|en|chinese|cn|zh|pinyin)\b\.?")


# column_key(alias) -> (field, unit); built by :func:`aliases`
Aliases = dict[str, tuple[str, str | None]]


def aliases(spec: dict[str, Iterable]) -> Aliases:
    """``{field: [header, (header, unit), ...]}`` → the lookup the reader uses (first one wins).
    The field's own name is accepted too (JSON keyed by field names), in its first header's unit."""
    index: Aliases = {}
    for name, headers in spec.items():
        pairs = [(header, None) if isinstance(header, str) else tuple(header) for header in headers]
        # the contract's own names as they are (_column_key): a gloss is taken off a table's header only
        index.setdefault(_column_key(name), (name, pairs[0][1] if pairs else None))
        for text, unit in pairs:
            index.setdefault(_column_key(text), (name, unit))
    return index


@dataclass(slots=True)
class Cell:
    value: object
    ref: str  # where a reviewer finds it: 申报汇总表!H7, JSON#3.申报日期, 流程节点#2.日期
    header: str
    unit: str | None = None
    formula_problem: str | None = None  # why a workbook's cached value cannot be used
    percent: bool = False  # an .xlsx cell shown with a % number format (it holds 0.12 for 12%)
    # other filled cells of the row for the same field (年度设备投入 in 万元 and in 元, or a header
    # repeated): validation compares them with this one, never picks one in silence
    others: tuple = ()
    merged: bool = False  # the value is a merged cell's, shown on this line (a line of only such values is blank)
    shared: str | None = None  # the merged range ("K3:K4") whose one value stands on several applications' lines
    # a formula into another workbook (=[1]Sheet1!$A$1), its cached value read: the file it names, and the formula
    external: str | None = None


@dataclass(slots=True)
class Row:
    number: int  # workbook row number (header row included), or 1-based record number
    sheet: str
    cells: dict[str, Cell]  # known fields whose column exists (blank cells included)
    extra: dict[str, object] = field(default_factory=dict)  # other columns with a value, as plain values
    problem: str | None = None  # a record that could not be read at all (malformed JSON line)
    # a CSV record's line in the file, where a problem is said of it (a cell holding line breaks
    # makes the record's row number and the line a text editor shows differ); None for a JSON record
    line: int | None = None
    # (reference, header, text as written) of each cell whose control characters were removed:
    # no report format can store them; the wing reports each as an INP- finding
    cleaned: list[tuple[str, str, str]] = field(default_factory=list)
    extra_refs: dict[str, str] = field(default_factory=dict)  # each extra column's cell: 申报汇总表!M3

    def value(self, name: str) -> object:
        cell = self.cells.get(name)
        return None if cell is None else cell.value

    def text(self, name: str) -> str:
        """The cell as NFKC-trimmed text ("" when blank); 12.0 reads 12, a date its ISO day."""
        cell = self.cells.get(name)
        if cell is None:
            return ""
        value = cell.value
        if value.__class__ is str:  # the audit asks each cell ~a dozen times: NFKC once per distinct text
            found = _TEXTS.get(value)
            return found if found is not None else _text_of(value)
        return cell_text(value)

    def shown(self, name: str) -> str:
        """The cell as written, for a message ("" when blank): compared in NFKC (:meth:`text`), shown
        as the record has it (举手表决，全票通过, not 举手表决,全票通过); white space runs one space."""
        return written_text(self.value(name))

    def ref(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.ref if cell else f"{self.sheet} 第 {self.number} 行"

    def has_column(self, name: str) -> bool:
        return name in self.cells

    def is_blank(self) -> bool:
        """Nothing in any known column (a blank line, or a template line with only 序号); a value a
        merged cell above spreads over the line does not count (a district merged over its block)."""
        return self.problem is None and all((is_blank(c.value) or c.merged) and not c.formula_problem for c in self.cells.values())


def _clean(value: object, ref: str, header: str, cleaned: list) -> object:
    """Text without control characters (noted in ``cleaned``); other values as they are."""
    if isinstance(value, str) and has_control(value):
        cleaned.append((ref, header, value))
        return strip_control(value)
    return value


def _plain(value: object, ref: str, header: str, cleaned: list) -> object:
    """A value of a column that is not a contract field, as a plain scalar: nested JSON becomes its
    text, numbers too large for a report writer become text."""
    if isinstance(value, (dict, list)):
        value = written_json(value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        value = str(value)
    elif isinstance(value, float) and value != value:
        value = "NaN"
    return _clean(value, ref, header, cleaned)


def written_text(value: object) -> str:
    """A value as written, trimmed, runs of white space (line breaks too) one space; not NFKC'd
    (full-width commas and brackets stay). Anything but text reads as :func:`cell_text` reads it."""
    if not isinstance(value, str):
        return cell_text(value)
    return " ".join(value.split())


def number_as_written(value: object) -> object:
    """A value as a reader reads it: a JSON or YAML file's number as written (ids 1.10 and 1.1 are two
    ids, as in a CSV), a workbook's whole number as Excel shows it (an id or a count typed as a number
    is 12, not 12.0), a nested value as the file writes it (not Python's repr); anything else as is."""
    if isinstance(value, float):
        return getattr(value, "text", None) or (int(value) if value.is_integer() else value)
    if isinstance(value, (dict, list)):
        return written_json(value)
    return value


# a text → its NFKC-trimmed form (cell_text of a str). NFKC of a text holding full-width signs （）、：
# costs ~5 µs, and the same texts come again and again (a step's 文号/材料 asked by many fact functions,
# the same headers and answers in every round): worked out once. Bounded: emptied when full.
_TEXTS: dict[str, str] = {}
_TEXTS_LIMIT = 1 << 16


def _text_of(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    if len(_TEXTS) >= _TEXTS_LIMIT:
        _TEXTS.clear()
    _TEXTS[value] = text
    return text


def cell_text(value: object) -> str:
    if value.__class__ is str:  # most cells: the audit's fact functions ask each several times
        found = _TEXTS.get(value)
        return found if found is not None else _text_of(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        # a JSON or YAML array (专业领域: ["新材料", "智能制造"]) is a list as a cell writes one, with 、:
        # str() gave "['新材料', '智能制造']", a field no draw asks for, and its experts were never candidates
        return "、".join(text for text in (cell_text(item) for item in value) if text)
    value = number_as_written(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()[:10]
    return nfkc(str(value))


@dataclass(frozen=True)
class Grid:
    """The values a grid table's rows are built from, for a reader that takes whole columns at a
    time (the expert pool: building a Row and a Cell for each of 100,000 lines costs more than
    calamine's read of the workbook)."""

    lines: Sequence  # every line of the sheet as the reader gave it, header and title lines included
    first: int  # index in ``lines`` of the first data line (its row number is first + 1)
    width: int  # cells of the header line: columns beyond it are never read
    columns: dict[int, tuple[str, str | None]]  # column index → (field, unit), as map_columns gives
    marked: bool  # cells carry formula problems or percent formats (seen only through Rows)
    # column index → (field, unit) of a field's second column (a header repeated, or another of its
    # headers): it gives the field where the first column is blank
    repeats: dict[int, tuple[str, str | None]] = field(default_factory=dict)


@dataclass
class Table:
    """One table of an input: identity, columns found, and a repeatable stream of rows."""

    path: Path
    sha256: str
    sheet: str
    header_row: int  # 0 for JSON/YAML (keys are the headers)
    headers_found: list[str]
    fields_found: set[str]
    size: int  # data rows (records), blank ones included
    _factory: Callable[[int, int], Iterator[Row]]
    title_lines: list[str] = field(default_factory=list)  # text above the header row (a sheet's title)
    grid: Grid | None = None
    # (header as written, field) of each column read once a year written before its name was
    # dropped (2020年度设备投入（万元））: the run says so, the year being the office's to confirm
    years_dropped: list[tuple[str, str]] = field(default_factory=list)  # a sheet or CSV file: the values its rows are built from

    def rows(self, start: int = 0, stop: int | None = None) -> Iterator[Row]:
        """Data rows [start, stop) in input order. Worker processes each take a range of the same
        (fork-shared) rows, so the input is read once and never pickled."""
        return self._factory(start, self.size if stop is None else stop)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _existing(path: Path, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what}「{path}」不存在或不是文件。")
    refuse_undecodable_name(path, what)
    return path


def refuse_undecodable_name(path: Path, what: str) -> None:
    """A file or folder name in bytes that are not UTF-8 (a zip made on Chinese Windows, unpacked
    here) can go into no report or workbook, and the workbook reader cannot open it: refused,
    saying what the name likely reads as."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(str(path))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:  # UTF-8 read under a locale that is not (LC_ALL=C with PYTHONUTF8=0): the locale is at fault
            raise InputError(f"{what}「{text}」的名称是 UTF-8 文字，但本程序按非 UTF-8 的区域设置读取文件名（LANG/LC_ALL 为 C？）；"
                             "请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。") from None
        guess = raw.decode("gbk", "replace")
        raise InputError(f"{what}的文件名或文件夹名不是 UTF-8 编码（按 GBK 读作「{guess}」，常见于在中文 Windows 上压缩、"
                         "在其他系统上解压的文件）；请把文件或文件夹改名后重试。") from None


def unreadable(path: Path, what: str, cause: object) -> InputError:
    """The one sentence for an input that cannot be read at all."""
    return InputError(f"无法读取{what}「{path}」：{cause}")


# Whom to ask for a file again when it is empty (0 bytes: an empty download, a copy cut short): an
# application workbook, or a round record (tests/test_hostile_h23.py holds its words), came from the office
# that sent it (报送单位); any other input is the bureau's own list or file (a 回避名单, a 复核决定文件, a 失信名单
# it keeps), sent by no 报送单位: it is saved or exported again where it was made (h144).
_SENT_BY_OTHERS = frozenset({"申报文件", "轮次记录"})


def empty_file(path: Path, what: str) -> InputError:
    advice = "请重新保存或向报送单位重新索取" if what in _SENT_BY_OTHERS else "请在原处重新保存或重新导出后重试"
    return unreadable(path, what, f"文件是空的（0 字节）：{advice}")


def _refuse_empty_workbook(path: Path, what: str) -> None:
    """An empty workbook of the bureau's own said as empty, before the package reader calls it no zip
    package and points to a 报送单位 (an application workbook's words stay the package reader's)."""
    if what not in _SENT_BY_OTHERS and _empty(path):
        raise empty_file(path, what)


# --- one table -----------------------------------------------------------------------------------


def open_table(path: Path, known: Aliases, *, what: str = "输入文件", header_rows: int = 1,
               formulas: bool = False, limits: ReadLimits = LIMITS, ref_prefix: str = "", packed: bool = False) -> Table:
    """The first sheet of a workbook, a CSV file, or the records of a JSON/JSONL/YAML file.

    The header row is the row, among the first ``header_rows``, with the most known headers (title
    lines above it are common in bureau workbooks). ``formulas`` scans an .xlsx sheet for formula
    cells whose cached value cannot be used (none, or an error such as #N/A) and for cells shown
    as percentages. ``ref_prefix`` goes before the sheet name in every cell reference
    ("[环翠区.xlsx]申报汇总表!F3" when a batch has several files). ``packed``: a large sheet's rows are
    kept packed (:class:`PackedRows`: a fifth of the memory, read a little slower), for a batch
    whose rows stay in memory while it is checked.
    """
    path = _existing(path, what)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        _refuse_empty_workbook(path, what)
        taken = _take_prefetched(path, what, limits, formulas, packed)
        sheet, rows, problems, percents = taken[0] if taken else _first_sheet(path, what, limits, formulas, packed)
        sha256 = taken[1] if taken else None  # the content the prefetch read, hashed before it read it
        try:
            weak = _hits(rows[_find_header(rows, known, header_rows, path, sheet, what)], known) < 2
            missing = None
        except NoHeader as error:
            weak, missing = True, error
        if weak:
            # a 填表说明 (instructions) sheet in front of the table: the first other visible sheet whose
            # first rows hold known headers is the table (every cell reference names the sheet read).
            # An instructions sheet listing the columns one per line (申报编号 | 按系统编号填写) has a
            # known header on a line, never two: the table is a sheet with a line of two or more.
            # The workbook is opened again here: a prefetched one stays in its thread (pyo3 objects).
            workbook = _calamine(path, what, limits)
            names = _sheet_names(workbook, path, what)
            found = _table_sheet(workbook, path, names, sheet, known, header_rows, what, limits, formulas, packed,
                                 least=1 if missing else 2)
            if found is None and missing is not None:
                raise missing
        if weak and found is not None:
            sheet, rows, problems = found
            sha256 = None  # read again just now: hashed after it, as always
            percents = xlsx.percent_cells(path, sheet) if formulas and suffix in XML_WORKBOOKS else set()
        if isinstance(percents, InputError):
            raise percents
        return _grid_table(path, sheet, rows, known, header_rows, problems, sha256, percents=percents,
                           label=ref_prefix + sheet, what=what)
    if suffix in TEXT_TABLES and _empty(path):
        # an empty download or a copy cut short: said as it is, not as a table without its columns
        raise empty_file(path, what)
    if suffix in TEXT_TABLES and path.stat().st_size > limits.max_part_bytes:
        # read whole and decoded (several times its size in memory): a text table has the limit a
        # workbook's part has, before a byte of it is read
        raise InputError(f"{what}「{path}」有 {path.stat().st_size // (1 << 20)} MB，超过上限 "
                         f"{limits.max_part_bytes // (1 << 20)} MB，已拒绝。")
    if suffix == ".csv":
        rows, starts = _csv_rows(path, what)
        _check_extent(rows, path, path.stem, what, limits)
        header = _find_header(rows, known, header_rows, path, path.stem, what)
        _refuse_swallowed_lines(rows, starts, header, path, what)
        return _grid_table(path, path.stem, rows, known, header_rows, {}, label=ref_prefix + path.stem,
                           record_problems=_misshapen_records(rows, header, starts), what=what)
    if suffix in (".json", ".jsonl", ".yaml", ".yml"):
        sheet, items = _records(path, what)
        return _records_table(path, (ref_prefix + sheet, items), known)
    raise InputError(f"{what}「{path}」的格式不受支持：请使用 {'、'.join(TABLE_SUFFIXES)}。")


TEXT_TABLES = (".csv", ".json", ".jsonl", ".yaml", ".yml")


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False  # said by the reader that follows


def _first_sheet(path: Path, what: str, limits: ReadLimits, formulas: bool, packed: bool) -> tuple:
    """(sheet, rows, problems, percents) of a workbook's first visible sheet: what :func:`open_table`
    reads before it needs the header aliases, so a prefetch thread can read it ahead (:func:`prefetch`).
    ``percents`` is the InputError percent_cells raised, if it did: open_table raises it only once
    this sheet is known to be the table, in the order it always checked things."""
    workbook = _calamine(path, what, limits)
    names = _sheet_names(workbook, path, what)
    sheet = _first_visible(workbook, names)
    rows, problems = _read_sheet(workbook, path, sheet, what, limits, formulas, packed)
    try:
        percents = xlsx.percent_cells(path, sheet) if formulas and path.suffix.lower() in XML_WORKBOOKS else set()
    except InputError as error:
        percents = error
    return sheet, rows, problems, percents


def reader_failed(error: InputError) -> bool:
    """True when ``error`` came from the workbook reader itself (calamine missing, or raising on the
    package), not from the limits or the checks around it: another reader may still read the file."""
    return error.__cause__ is not None and not isinstance(error.__cause__, InputError)


def open_xlsx_openpyxl(path: Path, known: Aliases, *, what: str = "输入文件", header_rows: int = 1,
                       limits: ReadLimits = LIMITS) -> Table:
    """The first sheet of an .xlsx workbook read with openpyxl (read_only, cached values): the
    fallback where calamine is missing or fails. Same checks, same table as :func:`open_table`
    (the expert pool's test compares them); several times slower."""
    from openpyxl import load_workbook

    path = _existing(path, what)
    _refuse_empty_workbook(path, what)
    xlsx.refuse_unsafe_package(path, what, limits)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = next((w for w in workbook.worksheets if w.sheet_state == "visible"), workbook.worksheets[0])
            xlsx.scan_sheet(path, sheet.title, what, limits, formulas=False)
            rows = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
            title = sheet.title
        finally:
            workbook.close()
    except InputError:
        raise
    except Exception as error:  # damaged package or XML
        raise unreadable(path, what, f"不是可读的工作簿：{damage_reason(error)}") from error
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    _check_extent(rows, path, title, what, limits)
    return _grid_table(path, title, rows, known, header_rows, {}, label=title, what=what)


def _calamine(path: Path, what: str, limits: ReadLimits = LIMITS):
    if path.suffix.lower() in ZIP_WORKBOOKS:
        xlsx.refuse_unsafe_package(path, what, limits)
        if path.suffix.lower() == ".ods":
            xlsx.scan_ods(path, what, limits)
    elif path.stat().st_size > limits.max_part_bytes:
        raise InputError(f"{what}「{path}」超过 {limits.max_part_bytes // (1 << 20)} MB，已拒绝。")
    if CalamineWorkbook is None:
        raise unreadable(path, what, "python-calamine 未安装，无法读取工作簿") from ImportError("python_calamine")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for corrupt packages
        if path.suffix.lower() == ".xls" and zipfile.is_zipfile(path):
            # an .xlsx saved or renamed with the .xls ending: calamine's own words ("Cfb error: Invalid OLE…") say nothing to an office
            raise unreadable(path, what, "文件扩展名是 .xls，内容却是 .xlsx 工作簿（常见于改过扩展名的文件）："
                                         "请把扩展名改为 .xlsx 后重试") from error
        if path.name.startswith("~$"):  # the lock file Excel or WPS keeps beside a workbook it has open
            raise unreadable(path, what, xlsx.not_zip_hint(path)[1:]) from error
        kind = xlsx.text_kind(path)
        if kind:  # a web page or text a government system exported under .xls: calamine's words say nothing
            raise unreadable(path, what, f"文件扩展名是 {path.suffix}，{kind}：请在 Excel 或 WPS 中打开后另存为 .xlsx 再试") from error
        if path.suffix.lower() == ".xls":
            raise unreadable(path, what, "不是可读的 .xls 工作簿（文件已损坏，或并非 Excel 文件）：请在 Excel 或 WPS 中打开后另存为 .xlsx 再试") from error
        if path.suffix.lower() != ".ods" and _is_ods(path):
            raise unreadable(path, what, f"内容其实是 OpenDocument 表格（.ods），扩展名却是 {path.suffix}（常见于改过扩展名的文件）："
                                         "请把扩展名改为 .ods，或在 WPS 或 Excel 中另存为 .xlsx 后重试") from error
        raise unreadable(path, what, f"不是可读的 {path.suffix} 工作簿（文件已损坏，或并非该格式）：请在 Excel 或 WPS 中打开后另存为 .xlsx 再试") from error


def _is_ods(path: Path) -> bool:
    """An OpenDocument spreadsheet: a zip package whose first entry, mimetype, says so."""
    try:
        with zipfile.ZipFile(path) as package:
            return package.read("mimetype")[:100].strip() == b"application/vnd.oasis.opendocument.spreadsheet"
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return False


def _visible(workbook, names: list[str]) -> list[str]:
    try:
        shown = {m.name for m in workbook.sheets_metadata
                 if str(m.visible).rsplit(".", 1)[-1] == "Visible" and str(m.typ).rsplit(".", 1)[-1] == "WorkSheet"}
    except Exception:  # a reader without sheet metadata
        return list(names)
    return [name for name in names if name in shown]


def _table_sheet(workbook, path: Path, names: list[str], first: str, known: Aliases, header_rows: int, what: str,
                 limits: ReadLimits, formulas: bool, packed: bool, least: int = 1):
    """(sheet, rows, problems) of the first visible sheet after ``first`` whose first rows hold a
    line of at least ``least`` known headers."""
    for name in _visible(workbook, names):
        if name == first:
            continue
        rows, problems = _read_sheet(workbook, path, name, what, limits, formulas, packed)
        try:
            index = _find_header(rows, known, header_rows, path, name)
        except InputError:
            continue
        if _hits(rows[index], known) < least:
            continue
        return name, rows, problems
    return None


def _hits(row, known: Aliases) -> int:
    """How many of a line's cells are known headers."""
    return sum(1 for cell in row if column_key(cell) in known)


_ID_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{1,19}")


def other_filled_sheets(path: Path, read: str, known: Aliases, header_rows: int, what: str,
                        limits: ReadLimits = LIMITS, least_cells: int = 2) -> list[tuple[str, set, int, bool]]:
    """(sheet, fields its header names, filled lines under it, whether it is visible) of every
    other sheet of a workbook whose first rows hold a known header and that has lines under it: a
    table beside the one read (one sheet per district), whose rows a run reading one sheet would
    never see. A line is filled with ``least_cells`` filled cells (a list of one column, 本局工作人员
    by 专家编号, has one to a line)."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return []
    workbook = _calamine(path, what, limits)
    found = []
    names = _sheet_names(workbook, path, what)
    shown = set(_visible(workbook, names))
    for name in names:
        if name == read:
            continue
        rows, _ = _read_sheet(workbook, path, name, what, limits, False)
        try:
            index = _find_header(rows, known, header_rows, path, name)
        except InputError:
            continue
        fields = {known[column_key(cell)][0] for cell in rows[index] if column_key(cell) in known}
        # a line of two filled cells or more: a 序号 alone (a template's numbered blank lines) or a note is none;
        # a list of one column counts the lines holding an id (ZJ031), not a note's words (填写专家库中的编号)
        if least_cells >= 2:
            filled = sum(1 for row in rows[index + 1:] if sum(1 for cell in row if not is_blank(cell)) >= least_cells)
        else:
            filled = sum(1 for row in rows[index + 1:] if any(_ID_LIKE.fullmatch(str(cell).strip()) for cell in row if not is_blank(cell)))
        if filled:
            found.append((name, fields, filled, name in shown))
    return found


def _first_visible(workbook, names: list[str]) -> str:
    """The first sheet a person sees on opening the workbook: a hidden one first (the lists behind
    drop-downs, 下拉选项) is passed over; with every sheet hidden, the first."""
    try:
        visible = [m.name for m in workbook.sheets_metadata
                   if str(m.visible).rsplit(".", 1)[-1] == "Visible" and str(m.typ).rsplit(".", 1)[-1] == "WorkSheet"]
    except Exception:  # a reader without sheet metadata
        return names[0]
    return next((name for name in names if name in visible), names[0])


def _sheet_names(workbook, path: Path, what: str) -> list[str]:
    names = list(workbook.sheet_names)
    if not names:
        raise unreadable(path, what, "工作簿中没有工作表")
    return names


# Modules the running command imports after its read (the draw's panel writer, its side lists'
# reader): imported by the thread beside calamine's parse, where they cost no time on the command's
# path (~0.04 s of `draw new`). Set by the command through read_ahead; used by one read, then emptied.
_READ_AHEAD: list[str] = []


def read_ahead(*modules: str) -> None:
    """Import ``modules`` while the next workbook's sheet is parsed (see _READ_AHEAD)."""
    _READ_AHEAD[:] = modules


def _marks_and_imports(path: Path, sheet: str, what: str, formulas: bool) -> xlsx.SheetScan:
    scan = xlsx.sheet_marks(path, sheet, what, formulas)
    modules, _READ_AHEAD[:] = list(_READ_AHEAD), []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - imported again where it is used, which says what is wrong
            pass
    return scan


class Beside(threading.Thread):
    """A function run in a thread beside calamine's parse of a sheet, which releases the GIL
    (issue 14: the sheet's hidden rows and formula hint, looked for while it parses, no longer
    wait for it or it for them). ``result()`` waits for it and raises what it raised."""

    def __init__(self, function: Callable, *args) -> None:
        super().__init__(daemon=True)
        self._call, self._args = function, args
        self._result: Any = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._result = self._call(*self._args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller by result()
            self._error = error

    def result(self) -> Any:
        self.join()
        if self._error is not None:
            raise self._error
        return self._result


def _read_sheet(workbook, path: Path, sheet: str, what: str, limits: ReadLimits, formulas: bool,
                packed: bool = False) -> tuple[Sequence, dict]:
    """A sheet's rows (cached values) and, asked for, the cells whose formula gives no usable value.
    An .xlsx sheet's real extent is checked by a streaming scan before calamine allocates for it;
    its hidden rows and whether it holds formulas are looked for in a thread while calamine parses."""
    problems: dict[str, str] = {}
    marks = None
    try:
        if path.suffix.lower() in XML_WORKBOOKS:
            xlsx.guard_sheet(path, sheet, what, limits)  # before calamine allocates out to the farthest cell
            marks = Beside(_marks_and_imports, path, sheet, what, formulas)  # while calamine parses
        try:
            found = workbook.get_sheet_by_name(sheet)
        except Exception:
            if marks is not None:
                # h159: the formula scan ran before calamine and said first what is wrong with a
                # damaged sheet that holds formulas ("mismatched tag: line 1, column 25810");
                # calamine's words ("sheetData") took its place. Its error, if any, comes first again
                scan = marks.result()
                if scan.formulas:
                    xlsx.formula_problems(path, sheet)
            raise
        except BaseException:
            if marks is not None:
                marks.join()  # ended before the reader goes on; what it found is not wanted now
            raise
        scan = marks.result() if marks is not None else None
        if scan is not None and scan.formulas:
            problems = xlsx.formula_problems(path, sheet)
        merged = _column_merges(found)
        # an empty sheet (a 填表说明 tab whose text is in a text box, a blank Sheet1) has no start
        if packed and not merged and found.start is not None and found.start[0] + found.height > PACK_FROM:
            rows = PackedRows.of(found)
            width = rows.width
        else:
            rows = found.to_python(skip_empty_area=False)
            width = max((len(row) for row in rows), default=0)
            if merged:
                rows = _fill_merges(rows, merged)
    except InputError:
        raise
    except Exception as error:  # damaged XML or zip member, found by calamine or by the scan
        raise unreadable(path, what, f"工作表 {sheet} 无法读取：{damage_reason(error)}") from error
    if problems and isinstance(rows, list):
        rows = _with_formula_lines(rows, problems, path, sheet, what)
    _check_extent(rows, path, sheet, what, limits, width)
    return rows, problems


def _column_merges(found) -> list[tuple[int, int, int]]:
    """(column, first row, last row), 0-based, of each merged range one column wide and several rows
    tall: a district or a date written once for a block of rows."""
    try:
        ranges = found.merged_cell_ranges or []
    except Exception:  # formats calamine keeps no merges for
        return []
    return [(c0, r0, r1) for (r0, c0), (r1, c1) in ranges if c0 == c1 and r1 > r0]


class MergedRows(list):
    """A sheet's rows with merged values spread down (``filled``: (row index, column) of each)."""

    filled: frozenset = frozenset()
    merges: list = []  # (column, first row, last row), 0-based, of each range spread


def _fill_merges(rows: list, merged: list[tuple[int, int, int]]) -> MergedRows:
    """Each row of a merged range reads the value its merged cell shows (a spreadsheet keeps it only
    in the range's first cell; the rows below would otherwise read blank, "未填写所在区市"). The
    filled cells are marked: a line holding nothing else is still a blank line."""
    filled: set[tuple[int, int]] = set()
    for column, first, last in merged:
        if first >= len(rows) or column >= len(rows[first]) or rows[first][column] in ("", None):
            continue
        value = rows[first][column]
        for index in range(first + 1, min(last + 1, len(rows))):
            line = rows[index]
            if len(line) <= column:
                line.extend([""] * (column + 1 - len(line)))
            if line[column] in ("", None):
                line[column] = value
                filled.add((index, column))
    result = MergedRows(rows)
    result.filled = frozenset(filled)
    result.merges = merged
    return result


def _shared_merges(rows: list, columns: set[int]) -> dict:
    """(row index, column) → merged range ("K3:K4") of each cell of a range in one of ``columns``
    (the amounts) that stands on two lines or more each holding two filled cells of its own (a 序号
    alone, a template's line, is none): an amount written once for a block of applications is
    theirs together or each one's, which the sheet does not say."""
    merged = [merge for merge in getattr(rows, "merges", ()) if merge[0] in columns]
    if not merged:
        return {}
    filled = rows.filled
    shared, own = {}, {}  # own: filled cells of a line that are not a merge's spread value
    spread = Counter(index for index, _ in filled)
    for column, first, last in merged:
        for index in range(first, min(last + 1, len(rows))):
            if index not in own:
                own[index] = sum(1 for value in rows[index] if not is_blank(value)) - spread[index]
        # the range's own column does not count: its first line holds the merged value itself
        lines = [index for index in range(first, min(last + 1, len(rows)))
                 if own[index] - (column < len(rows[index]) and (index, column) not in filled
                                  and not is_blank(rows[index][column])) >= 2]
        if len(lines) >= 2:
            letter = get_column_letter(column + 1)
            span = f"{letter}{first + 1}:{letter}{last + 1}"
            shared.update({(index, column): span for index in lines})
    return shared


_COORDINATE = re.compile(r"([A-Z]{1,3})(\d+)$")
FORMULA_GAP = 10_000  # blank lines read below the values to reach a formula line (more: refused, named)


def _with_formula_lines(rows: list, problems: dict[str, str], path: Path, sheet: str, what: str) -> list:
    """The sheet's lines down to its last formula without a usable value. calamine's range ends at
    the last cell holding a value, so a line below it holding only such a formula would be lost;
    it is added as an empty line, and its cell carries the formula problem like any other. A formula
    far below everything else (one cell at row 1,048,576) would make a million blank lines to walk:
    the sheet is refused naming the cell instead."""
    below = [(int(found.group(2)), coordinate) for coordinate in problems
             if (found := _COORDINATE.match(coordinate)) and int(found.group(2)) > len(rows)]
    if not below:
        return rows
    last, coordinate = max(below)
    if last - len(rows) > FORMULA_GAP:
        raise InputError(f"{what}「{path.name}」的工作表 {sheet} 中 {coordinate} 是没有计算结果的公式，位于数据（到第 {len(rows)} 行）"
                         f"以下 {last - len(rows)} 行；请删除该单元格，或在 Excel 中打开并保存后重试。")
    rows.extend([] for _ in range(last - len(rows)))  # in place: a MergedRows keeps its marks
    return rows


PACK_FROM = 5000  # rows: from here a sheet's rows are kept packed (PackedRows)


class PackedRows(Sequence):
    """A large sheet's rows, each kept as one pickled string and unpacked when read.

    Python lists of cell values take about five times the memory of the same values pickled (100,000
    applications: ~200 MB against ~40 MB); a batch reads each row twice (ids first, then the case),
    and unpacking costs a few microseconds a row. Reads like the list of lists it replaces."""

    def __init__(self, packed: list[bytes], width: int):
        self._packed = packed
        self.width = width

    @classmethod
    def of(cls, sheet) -> "PackedRows":
        """A calamine sheet's rows as ``to_python(skip_empty_area=False)`` gives them: from A1.
        (``iter_rows`` starts at row 1 but at the first used column: the columns left of it are
        put back.)"""
        left = [""] * sheet.start[1]
        dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
        packed, width = [], 0
        for row in sheet.iter_rows():
            if left:
                row = left + row
            width = max(width, len(row))
            packed.append(dumps(row, protocol))
        return cls(packed, width)

    def __len__(self) -> int:
        return len(self._packed)

    def __getitem__(self, index):
        if isinstance(index, slice):
            loads = pickle.loads  # our own bytes, packed above: never input from outside
            return [loads(row) for row in self._packed[index]]
        return pickle.loads(self._packed[index])


def _check_extent(rows: Sequence, path: Path, sheet: str, what: str, limits: ReadLimits, width: int | None = None) -> None:
    if width is None:
        width = max((len(row) for row in rows), default=0)
    if len(rows) > limits.max_rows or width > limits.max_columns:
        raise InputError(f"{what}「{path}」的工作表 {sheet} 有 {len(rows)} 行、{width} 列，超出上限"
                         f"（{limits.max_rows} 行、{limits.max_columns} 列），已拒绝。")


def _csv_rows(path: Path, what: str) -> tuple[list[list], list[int]]:
    """The records of a CSV file and the line of the file each starts on (a cell may hold line
    breaks, so the two differ)."""
    text = decode_text(path, what)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list] = []
    starts: list[int] = []
    try:
        start = 1
        for row in reader:
            starts.append(start)
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:  # a field over the size limit (csv's own words are English)
        raise unreadable(path, what, f"不是可读的 CSV：读到第 {reader.line_num} 行时，一个单元格超过 {csv.field_size_limit():,} 个字符"
                                     "（常见于引号未配对）") from error
    if '="' in text:
        rows = [[_forced_text(cell) for cell in row] for row in rows]
    return rows, starts


def _refuse_swallowed_lines(rows: list[list], starts: list[int], header: int, path: Path, what: str) -> None:
    """A cell that opens with a quote never closed takes every line after it, up to the next quote
    or the end of the file, into itself: the applications on those lines would vanish from the
    batch (8 lines, 3 cases, and the counts agreeing). A cell holding a line with as many
    separators as a record has, or in a record not as wide as the header, is such a cell: refused,
    naming where the quote opens."""
    width = len(rows[header]) if header < len(rows) else 0
    if width < 3:
        return
    for index in range(header + 1, len(rows)):
        for column, cell in enumerate(rows[index]):
            if "\n" not in cell and "\r" not in cell:
                continue
            taken = cell.splitlines()[1:]
            # a cell's own line breaks (Alt+Enter) leave its record as wide as the header
            if len(rows[index]) != width or any(max(line.count(","), line.count("\t")) >= width - 1 for line in taken):
                letter = get_column_letter(column + 1)
                raise InputError(f"{what}「{path}」第 {starts[index]} 行 {letter} 列的单元格以英文引号开头而引号未配对，"
                                 f"其后的 {len(taken)} 行被读进了这一个单元格，其中的申报会被漏掉；请删去或补齐该引号后重试。")


# a note under a table, on a line of its own: 注：…, 注1.…, 说明：…, 备注：…, 附：…, 数据来源：…, 填报人：…
_NOTE_LINE = re.compile(r"(注|附注|说明|填表说明|备注|附|数据来源|资料来源|来源|填报人|填报单位|审核人|联系人|联系电话|制表人|制表日期|填报日期)"
                        r"\s*\d*\s*[:：、.．]")


def note_line(row: "Row") -> bool:
    """A list's line holding one text, a note (注：以上名单依据…, 说明：…, 数据来源：…): under the list, not an
    entry of it (a round's list read it as an enterprise whose code 注:以上名单… is invalid, and stopped)."""
    values = [v for v in [*(c.value for c in row.cells.values()), *row.extra.values()] if not is_blank(v)]
    if not (len(values) == 1 and isinstance(values[0], str) and _NOTE_LINE.match(nfkc(values[0]).strip()) is not None):
        return False
    # a note stands at the left of the list, or in a column no field reads; a text alone in a later field's
    # column (回避原因 注：与申报企业负责人系亲属 with no 专家编号 beside it) is an entry lacking its first
    # value, refused as such, not a note dropped with the recusal it declares
    filled = next((cell for cell in row.cells.values() if not is_blank(cell.value)), None)
    if filled is None:
        return True
    columns = [ref_column(cell.ref) for cell in row.cells.values()]
    if any(column is None for column in columns):
        return True  # a JSON or YAML record: no columns
    return ref_column(filled.ref) == min(columns)


_REF_LETTERS = re.compile(r"!([A-Z]+)\d+$")


def ref_column(ref: str) -> int | None:
    """The column number of a cell reference (申报汇总表!K3 → 11); None for a record's (JSON#3.金额)."""
    found = _REF_LETTERS.search(ref or "")
    if not found:
        return None
    number = 0
    for letter in found.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def _misshapen_records(rows: list[list], header: int, starts: list[int]) -> dict[int, tuple[int, str]]:
    """Row number → (the line of the file it starts on, what is wrong), for a record with values beyond the header's last column (a comma
    inside a cell written without quotes, 威海某有限公司,石岛分公司, splits it in two and moves every
    value after it one column on) or one short of a file whose other records are all whole: which
    value belongs where cannot be known."""
    width = len(rows[header]) if header < len(rows) else 0
    found: dict[int, str] = {}
    filled = [index for index in range(header + 1, len(rows)) if any(not is_blank(value) for value in rows[index])]
    for index in filled:
        row = rows[index]
        if len(row) > width and any(not is_blank(value) for value in row[width:]):
            extra = "、".join(f"“{value}”" for value in row[width:] if not is_blank(value))
            found[index + 1] = (f"有 {len(row)} 个值，表头只有 {width} 列，多出的值为{extra}：可能是某个单元格中的逗号没有加引号，"
                                "把该单元格分成了两个，其后各列的值都已错位")
    # where every other line has exactly the header's width (a system's or Excel's export writes every
    # column): a line one value short lost a separator between two cells (the values after it one
    # column back), and one a value long gained one, though the value pushed past the header is an
    # empty last cell. A hand-written file whose lines stop at their last value is left as it is.
    def application_like(index: int) -> bool:  # not a note or a sign-off line under the table
        values = [value for value in rows[index] if not is_blank(value)]
        if len(values) == 1 and isinstance(values[0], str) and _NOTE_LINE.match(values[0].strip()):
            return False  # 注：以上为2021年重点领域 under a two-column list: a note, however narrow the list
        return len(values) * 2 >= width

    odd = [index for index in filled if len(rows[index]) in (width - 1, width + 1) and application_like(index)
           and index + 1 not in found]
    if odd and len(odd) * 2 < len(filled) and all(len(rows[index]) == width for index in filled
                                                   if index not in odd and index + 1 not in found and application_like(index)):
        for index in odd:
            if len(rows[index]) < width:
                found[index + 1] = (f"只有 {len(rows[index])} 个值，表头有 {width} 列，其他各行都是 {width} 个：可能是两个单元格之间少了一个逗号，"
                                    "其后各列的值都已错位")
            else:
                found[index + 1] = (f"有 {len(rows[index])} 个值，表头只有 {width} 列，其他各行都是 {width} 个：可能是某个单元格中的逗号没有加引号，"
                                    "把该单元格分成了两个，其后各列的值都已错位")
    return {number: (starts[number - 1] if number - 1 < len(starts) else number, problem) for number, problem in found.items()}


_FORCED_TEXT = re.compile(r'="([^"]*)"')


def _forced_text(cell: str) -> str:
    """A cell written ="91371002MA3D0004CE", as systems export long codes and ids to CSV so that
    Excel keeps them as text (Excel and WPS show 91371002MA3D0004CE): the text inside. It was read
    as written, and the code, the id or the amount was unreadable."""
    if cell.startswith('="'):
        match = _FORCED_TEXT.fullmatch(cell)
        if match:
            return match.group(1)
    return cell


def _delimiter(text: str) -> str:
    """A tab when the first lines hold more tabs than commas (Excel's and WPS's 文本文件（制表符分隔）
    and Unicode 文本 saved as .csv, whose amounts may hold thousands commas), else a comma."""
    lines = text.splitlines()[:20]
    return "\t" if max((line.count("\t") for line in lines), default=0) > max((line.count(",") for line in lines), default=0) else ","


def decode_text(path: Path, what: str = "文件") -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's and WPS's Unicode 文本, some systems'
    exports), else GB18030 (GBK exports from Chinese Windows)."""
    refuse_undecodable_name(path, what)
    data = path.read_bytes()
    if not data:
        # a list given empty (a --staff .txt, a 重点领域名单) was read as a list of no one: the recusals or
        # fields it was given for lapsed without a word (h144); said as every empty table is
        raise empty_file(path, what)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise unreadable(path, what, "以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        broken = error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        unreadable_at = error.start
    line = data.count(b"\n", 0, broken) + 1
    if any(byte >= 0x80 for byte in data[:broken]):
        # Chinese text read as UTF-8 up to a line that is not: two districts' files joined into one
        # (copy /b a.csv+b.csv), one saved as UTF-8 and the other as GBK
        raise unreadable(path, what, f"第 {line} 行以前是 UTF-8 编码的文本，第 {line} 行却不是（常见于把不同编码的文件拼接成一个）："
                                     "请把各区市的文件分别另存为同一编码后重试")
    line = data.count(b"\n", 0, unreadable_at) + 1
    raise unreadable(path, what, f"既不是 UTF-8 也不是 GBK/GB18030 编码的文本（第 {line} 行无法识别）")


class NoHeader(InputError):
    """A sheet whose first rows hold none of the known headers."""


def _find_header(rows: list[list], known: Aliases, header_rows: int, path: Path, sheet: str, what: str = "输入文件") -> int:
    best_index, best_hits = 0, 0
    for index, row in enumerate(rows[:header_rows]):
        hits = sum(1 for cell in row if column_key(cell) in known)
        if hits > best_hits:
            best_index, best_hits = index, hits
    # named as every other input error is (申报文件「路径」…。); a CSV or JSON file has no sheet to name
    where = f"{what}「{path}」" + (f"的工作表 {sheet} " if path.suffix.lower() in WORKBOOK_SUFFIXES else "")
    if not rows:
        raise NoHeader(f"{where}是空的。")
    if best_hits == 0:
        found = "、".join(str(c) for c in rows[0] if not is_blank(c)) or "（无）"
        raise NoHeader(f"{where}前 {header_rows} 行中没有可识别的列名；找到的列名：{found}。")
    return best_index


# The application's id: 申报编号 is its own header, then 项目编号, then a bare 编号. The best of them
# a table has is the id; beside it, a lesser one (编号: the district's running number 1, 2, 3;
# 项目编号: the project's filing code) is another column of the row, never compared with the id
# (every row was 两列不一致, and named by its running number), and gives the id only where the
# id's own cell is blank (as a field's second column does).
# 受理编号 (a 受理台账's own id) before 编号, a running number 1, 2… where both are headed (h142)
ID_FIELD, ID_HEADERS = "application_id", ("申报编号", "项目编号", "受理编号", "编号")


def _id_rank(header) -> int:
    key = column_key(header)
    return next((rank for rank, name in enumerate(ID_HEADERS) if column_key(name) == key), len(ID_HEADERS))


def _lesser_ids(headers: list, known: Aliases, key_of: Callable[[Any], str] = column_key) -> set:
    """The headers (as written) of the id's aliases below the best one the table has."""
    ids = [header for header in headers if not is_blank(header) and known.get(key_of(header), (None,))[0] == ID_FIELD]
    if len(ids) < 2:
        return set()
    best = min(_id_rank(header) for header in ids)
    return {str(header) for header in ids if _id_rank(header) > best}


def _lesser_id_columns(headers: list, columns: dict, repeats: dict) -> frozenset[int]:
    """The repeat columns that are a lesser id than the id's own column (编号 beside 申报编号)."""
    own = [_id_rank(headers[i]) for i, (name, _) in columns.items() if name == ID_FIELD]
    if not own:
        return frozenset()
    return frozenset(i for i, (name, _) in repeats.items() if name == ID_FIELD and _id_rank(headers[i]) > own[0])


def map_columns(headers: list, known: Aliases) -> dict[int, tuple[str, str | None]]:
    """Column index → (field, unit); the first column of a (field, unit) wins, repeats stay extra."""
    columns: dict[int, tuple[str, str | None]] = {}
    taken: set[tuple[str, str | None]] = set()
    lesser = _lesser_ids(headers, known)
    for index, header in enumerate(headers):
        if lesser and str(header) in lesser:
            continue  # a repeat (_repeats): it gives the id only where the id's cell is blank
        match = known.get(column_key(header))
        if match and match not in taken:
            columns[index] = match
            taken.add(match)
    # a year's column is read only for a field no column gives, in any unit: 2019年设备投入（元） beside
    # 年度设备投入（万元） is another year's figure, kept as evidence, never compared with the field's
    given = {name for name, _ in taken}
    for index, match in _year_dropped(headers, known).items():
        if match[0] not in given:
            columns[index] = match
            given.add(match[0])
    return columns


# a year written before a header's name: 2020年度设备投入（万元） (the 年度 stays: 年度设备投入, or goes:
# 2020年度营业收入 is 营业收入), 2020年设备投入, 二〇二〇年度…; or in brackets after it: 年度设备投入（2020年）（万元）,
# 营业收入（万元）（2020年度）. A span (2019-2020年度), part of a year (2020年1-6月) or a year said in words
# (上年度营业收入: another header, tests/test_conditions_h99.py) is no column's.
_YEAR_WORD = r"(?:(?:19|20)\d{2}|[一二][〇零○一二三四五六七八九]{3})"
_YEAR_BEFORE = re.compile(rf"^{_YEAR_WORD}年(度)?")
_YEAR_IN_BRACKETS = re.compile(rf"\({_YEAR_WORD}年度?\)")


def _year_forms(header: object) -> list[str]:
    """The header's key without the year written before its name or in brackets after it, in the
    order tried (2020年度设备投入 → 年度设备投入, then 设备投入); none without such a year."""
    key = column_key(header)
    found = _YEAR_BEFORE.match(key)
    if found:
        rest = key[found.end():]
        forms = [f"年度{rest}", rest] if found.group(1) else [rest]
    else:
        inside = _YEAR_IN_BRACKETS.search(key)
        forms = [key[:inside.start()] + key[inside.end():]] if inside and inside.start() > 0 else []
    # the name itself, never a unit or bracket left alone: 2020年（万元） names no column
    return [form for form in forms if form and not form.startswith("(")]


def year_dropped(header: object, known: Aliases | None = None) -> str | None:
    """The header's key without a year written before its name (or in brackets after it), or None (no
    such year). With ``known``: the first such form that is a known header, or None."""
    forms = _year_forms(header)
    if known is None:
        return forms[0] if forms else None
    return next((form for form in forms if form in known), None)


def _year_dropped(headers: list, known: Aliases) -> dict[int, tuple[str, str | None]]:
    """Columns known only once a year written before the name is dropped (a district's form dated
    for its round: 2020年度设备投入（万元））. Two such columns of one field (2019年… and 2020年…,
    a form giving two years, in one unit or two) name no column: which year the round means is not
    the reader's guess, and the run says the column is missing, naming the headers found."""
    found: dict[str, list[tuple[int, tuple[str, str | None]]]] = {}
    for index, header in enumerate(headers):
        if is_blank(header) or column_key(header) in known:
            continue
        key = year_dropped(header, known)
        if key is not None:
            found.setdefault(known[key][0], []).append((index, known[key]))
    return {read[0][0]: read[0][1] for read in found.values() if len(read) == 1}


def _grid_table(path: Path, sheet: str, rows: list[list], known: Aliases, header_rows: int,
                problems: dict[str, str], sha256: str | None = None, *, percents: set[str] | None = None,
                label: str | None = None, record_problems: dict[int, tuple[int, str]] | None = None,
                what: str = "输入文件") -> Table:
    header_index = _find_header(rows, known, header_rows, path, sheet, what)
    # the line found may be a two-line header's second: the names under a group's (基本情况 over
    # 申报编号 | 企业名称, 投资情况（万元） over 年度设备投入) outnumber those merged down from the first;
    # a title line above it (one cell, or no name: 环翠区…申报汇总表（万元）) stays a title
    two_lines = (_header_with_line_below(rows, header_index - 1, known)
                 if header_index > 0 and sum(1 for cell in rows[header_index - 1] if not is_blank(cell)) >= 2 else None)
    if two_lines is not None and _two_lines_name_more(rows, header_index, two_lines, known):
        header_index -= 1
    else:
        two_lines = _header_with_line_below(rows, header_index, known)
    title_lines = [" ".join(str(c) for c in row if not is_blank(c)) for row in rows[:header_index]]
    if two_lines is not None:  # the header's second line is the header's, never an application
        rows[header_index + 1] = two_lines
        header_index += 1
    headers = _with_units_below(list(rows[header_index]), rows[header_index + 1] if header_index + 1 < len(rows) else (), known)
    headers = _with_table_unit(headers, rows[:header_index], known)
    columns = map_columns(headers, known)
    table_unit = _table_unit(rows[:header_index])
    if table_unit is not None:
        # a column known without a unit (a round condition's 上年度营业收入, 列名 written bare) is in the
        # table's stated unit too: 5000000 under 金额单位：元 is 500 万元, not 5000000 万元 (only money
        # is read with a cell's unit: a 从业人数 or a date column is unaffected)
        columns = {index: (name, table_unit if unit is None else unit) for index, (name, unit) in columns.items()}
    # ...and so is one with its unit on the line under its header (上年度营业收入 over （千元）): that
    # line names no known header with it, and the column was read in the condition's unit
    below = rows[header_index + 1] if header_index + 1 < len(rows) else ()
    if is_units_line(below):
        for index, (name, unit) in list(columns.items()):
            stated = _unit_written(below[index]) if unit is None and index < len(below) else None
            if stated:
                columns[index] = (name, stated)
    first = header_index + 1
    label = label or sheet
    percents = percents or set()
    repeats = _repeats(headers, columns, known)
    # every column's: which fields a value merged over several applications leaves unread is for
    # validation to say (the contract's amounts, a round condition's amounts and counts)
    shared = _shared_merges(rows, set(columns))
    return Table(
        path=path,
        sha256=sha256 or sha256_of(path),
        sheet=label,
        header_row=first,
        headers_found=[str(h) for h in headers if not is_blank(h)],
        fields_found={name for name, _ in columns.values()},
        size=max(0, len(rows) - first),
        _factory=lambda start, stop: _grid_rows(rows, first, headers, columns, label, problems, start, stop, percents,
                                                repeats=repeats,
                                                merged_cells=getattr(rows, "filled", frozenset()),
                                                shared_cells=shared, record_problems=record_problems),
        title_lines=title_lines,
        grid=Grid(rows, first, len(headers), columns, bool(problems or percents), repeats),
        years_dropped=[(str(headers[index]), name) for index, (name, _) in columns.items()
                       if column_key(headers[index]) not in known],
    )


def _named(line, known: Aliases) -> int:
    """How many of a header line's cells name a column, a year's too (营业收入（万元）（2020年度））."""
    return sum(1 for cell in line if not is_blank(cell) and (column_key(cell) in known or year_dropped(cell, known)))


def _two_lines_name_more(rows: Sequence, header_index: int, two_lines: list, known: Aliases) -> bool:
    """Whether the line above the header found and the header are one header: the line above holds
    names of its own (merged down over both lines, or left above blanks), and together they name as
    many columns as the header alone, completed as one line is, or more (2020年度 over 营业收入 only
    says whose year the names are). A title line (环翠区…汇总表（单位：万元） | 填报日期：…) holds no
    name: it stays a title, the district it names read."""
    if _hits(rows[header_index - 1], known) == 0:
        return False
    return _named(two_lines, known) >= _named(_one_line_header(rows, header_index, known), known)


def _one_line_header(rows: Sequence, header_index: int, known: Aliases) -> list:
    """The header line as read alone: each name completed by the unit under it or stated above the table."""
    below = rows[header_index + 1] if header_index + 1 < len(rows) else ()
    return _with_table_unit(_with_units_below(list(rows[header_index]), below, known), rows[:header_index], known)


def _header_with_line_below(rows: Sequence, header_index: int, known: Aliases) -> list | None:
    """A header written on two lines, a group's name above the columns it spans (投资情况（万元） merged
    over 年度设备投入 | 项目总投资) and the other columns' names merged down over both lines: the
    header as one line (each column's name from the line below where it has one, with the unit its
    group states), or None. The line below is the header's only when every filled cell of it is text,
    either the name above repeated (a merge spread down), a name known as a column once read under
    its group (with the group's unit, the unit on a line of units under it, or the one the table
    states above: 投资情况 over 年度设备投入 over （万元）), a year under a name (年度设备投入（万元） over
    2020年 | 2021年: 年度设备投入（万元）（2020年）…, columns of a year, read as such), or another name
    under a group's (其中：自有资金; 联系人 over 姓名 | 电话), kept as a column of its own; and at least
    one column is known only so, or a group spans two names or more. An application's line (a
    number, a date, or text under a known column's name) is never taken for it."""
    if header_index + 1 >= len(rows) or isinstance(rows, PackedRows):
        return None
    above, below = list(rows[header_index]), list(rows[header_index + 1])
    width = max(len(above), len(below))
    above += [None] * (width - len(above))
    units = list(rows[header_index + 2]) if header_index + 2 < len(rows) else []
    units = units if is_units_line(units) else []
    table_unit = _table_unit(rows[:header_index])
    combined, gained, spanned = list(above), False, False
    # known names with nothing, or themselves, under them: a header line's; a known name's parts (合计 |
    # 其中：设备购置) are read only beside one (a one-column list's line of two values is no header's)
    settled, parted = 0, False
    extent = len(rows[header_index])  # a CSV line longer than its header spans nothing
    group, group_unit, grouped = None, None, False  # the last name above: a group's spans the blanks after it
    group_year = None
    for index in range(width):
        top = above[index]
        if not is_blank(top):
            group, group_unit = top, _unit_written(_bracketed_tail(top))
            # a year's group (2020年度（万元） over 营业收入 | 利润总额): each name under it is that year's
            year = _YEAR_GROUP.fullmatch(header_key(top))
            group_year = year.group(1) if year else None
            # a group's name (or an unknown column's), or a known name over several (项目总投资（万元）
            # merged over 合计 | 其中：设备购置): an application's line has text under known names too
            spans = (index + 1 < extent and is_blank(above[index + 1]) and index + 1 < len(below)
                     and (isinstance(below[index + 1], str) and not is_blank(below[index + 1])
                          or _numbered_year(below[index + 1])))
            grouped = column_key(top) not in known or spans
        cell = below[index] if index < len(below) else None
        if is_blank(cell):
            settled += not is_blank(top) and column_key(top) in known
            continue
        if not isinstance(cell, str):
            if not (group is not None and (is_blank(top) or spans) and _numbered_year(cell)):
                return None
            cell = f"{int(cell)}年"  # 2020 | 2021 typed as numbers under a name spanning its years
        if not is_blank(top) and header_key(cell) == header_key(top):
            settled += column_key(top) in known
            continue  # a name merged down over both lines
        if group is not None and _YEAR_CELL.fullmatch(header_key(cell)):
            # a name over its years: each its own column, a year's (one is read, its year named;
            # two of one field are not guessed between)
            combined[index] = f"{str(group).strip()}（{cell.strip()}）"
            if year_dropped(combined[index], known) is not None:
                gained = True
            spanned = spanned or is_blank(top)
            parted = parted or column_key(group) in known  # a line of years alone under a list's name is its data
            continue
        if not is_blank(top) and column_key(top) in known:
            if not spans or _DATA_LIKE.search(header_key(cell)):
                return None  # a known column's name with other text under it: a line of data
            if header_key(cell) not in _TOTAL_WORDS:  # 合计 under 项目总投资: the column is the name's own
                combined[index] = cell  # a part (自有资金 | 银行贷款) is no total: the name above has no column
            spanned = parted = True
            continue
        unit_below = units[index] if index < len(units) and not is_blank(units[index]) else None
        # the name's own unit first (项目总投资（元） under 投资情况（万元）); a name known without one (a round
        # condition's 营业收入) takes the unit under it, its group's or the table's, as a one-line header does
        own = known.get(column_key(cell))
        stated = (cell if own is not None and own[1] is not None else None,
                  (f"{cell}{unit_below}" if str(unit_below).strip().startswith(("(", "（")) else f"{cell}（{unit_below}）")
                  if unit_below else None,
                  f"{cell}（{group_unit}）" if group_unit else None,
                  f"{cell}（{table_unit}）" if table_unit else None,
                  cell)
        name = next((candidate for candidate in stated if candidate and column_key(candidate) in known), None)
        if name is not None and group_year:
            name = f"{name}（{group_year}）"  # read as a year's column: one is named, two of a field neither
        if name is None:
            if not grouped or _DATA_LIKE.search(header_key(cell)):
                return None  # text no column has, under no group's name: an application's
            # another column of the group, kept as evidence (a year's named with its year: 利润总额（2020年度）)
            combined[index] = f"{cell}（{group_year}）" if group_year else cell
            spanned = spanned or is_blank(top)
            continue
        combined[index] = name
        gained = True
    if parted and not settled:
        return None
    return combined if gained or spanned else None


# the column of a known name's own figure among its parts under it (项目总投资 over 合计 | 其中：设备购置)
_TOTAL_WORDS = frozenset({"合计", "总计", "小计", "总额", "合计数", "总数", "金额", "计"})

# a group's name that is a year (and perhaps its unit): 2020年度, 2020年（万元）
_YEAR_GROUP = re.compile(rf"({_YEAR_WORD}年度?)(?:\([^()]*\))?")

# a year written alone under a name spanning its years: 2020年, 2020年度, 二〇二〇年
_YEAR_CELL = re.compile(rf"{_YEAR_WORD}年度?")


def _numbered_year(value: object) -> bool:
    """A year typed as a number (2020), as a line of years under the name they share is."""
    # the range first: NaN and ±inf (a CSV's "nan", "inf") fail it before int() would raise
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and 1990 <= value <= 2100
            and value == int(value))


# what a column's name never holds and an application's cell does: a figure (150, 2021-07-10, H28-1)
_DATA_LIKE = re.compile(r"\d")


def _bracketed_tail(value: object) -> str:
    """The bracketed end of a group's name (投资情况（万元） → （万元）), where its unit is written."""
    text = str(value).strip()
    start = max(text.rfind("（"), text.rfind("("))
    return text[start:] if start > 0 and text.endswith(("）", ")")) else ""


# a header's unit written on the line below it: （万元）, (元), 单位：万元, %
UNIT_CELL = re.compile(r"\(?(?:单位:)?(?:人民币)?(?:(?:十|百|千|十万|百万|千万|万|亿)?(?:元|美元|美金|欧元|港元|港币|日元|英镑)"
                       r"|%|人|个|项|家|台|套|年|月|日|吨|平方米|㎡)(?:人民币)?\)?")


def _unit_written(value: object) -> str | None:
    """The money unit a cell of the units line states (（千元）, 单位：万元), or None."""
    if is_blank(value) or not isinstance(value, str):
        return None
    key = header_key(value)
    key = key[1:-1] if key.startswith("(") and key.endswith(")") else key
    return stated_money_unit(re.sub(r"^单位:?", "", key))


def is_units_line(values) -> bool:
    """A line whose every filled cell (at least one) is a unit: the header's second line. Stops at
    the first filled cell that is not one (an application's id: every line of a batch is asked)."""
    found = False
    for value in values:
        if is_blank(value):
            continue
        if not isinstance(value, str) or len(value) > 12 or (value.isascii() and "%" not in value):
            return False  # in ASCII only % is a unit (every other unit is Chinese): an id is passed over without NFKC
        if not UNIT_CELL.fullmatch(header_key(value)):
            return False
        found = True
    return found


def _with_units_below(headers: list, below, known: Aliases) -> list:
    """A header written on two lines, the name above and its unit below (年度设备投入 over （万元）):
    each header with the unit under it, where that makes a known header (年度设备投入（万元）). The
    name alone matched no column, and the run stopped for a required column that was there. The
    units line itself stays a data line, set aside by the reader of applications."""
    below = list(below or ())
    if not is_units_line(below):
        return headers
    combined = list(headers)
    for index, unit in enumerate(below[:len(headers)]):
        header = headers[index]
        if is_blank(unit) or is_blank(header) or column_key(header) in known:
            continue
        joined = f"{header}{unit}" if str(unit).strip().startswith(("(", "（")) else f"{header}（{unit}）"
        if column_key(joined) in known:
            combined[index] = joined
    return combined


# the unit a table states once above its header, as official tables do at the top right: 单位：万元,
# 金额单位：元, （单位：万元）
TABLE_UNIT = re.compile(r"\(?(?:金额)?单位[:：](?:人民币)?((?:十|百|千|十万|百万|千万|万|亿)?(?:元|美元|美金|欧元|港元|港币|日元|英镑))(?:人民币)?\)?")


def _table_unit(above) -> str | None:
    """The one money unit the lines above a header state for the table (单位：万元), or None (none
    stated, or both 万元 and 元)."""
    units = {match.group(1) for line in above for value in line if isinstance(value, str)
             for match in [TABLE_UNIT.search(header_key(value))] if match}
    return units.pop() if len(units) == 1 else None


def _with_table_unit(headers: list, above, known: Aliases) -> list:
    """Headers written without a unit (年度设备投入) under a title area stating one unit for the
    table (单位：万元): each such header with that unit, where that makes a known header. Where the
    lines above state no unit, or both 万元 and 元, the headers stay as written."""
    unit = _table_unit(above)
    if unit is None:
        return headers
    combined = list(headers)
    for index, header in enumerate(headers):
        if is_blank(header) or column_key(header) in known:
            continue
        joined = f"{header}（{unit}）"
        if column_key(joined) in known:
            combined[index] = joined
    return combined


def get_column_letter(index: int) -> str:
    """Column letters of a 1-based column number (1 → A, 27 → AA), as openpyxl.utils names them;
    here so that reading a table does not import openpyxl (~0.1 s of every command)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _repeats(headers: list, columns: dict, known: Aliases) -> dict[int, tuple[str, str | None]]:
    """Columns whose header names a field another column already gives in the same unit (a header
    repeated): kept as extra columns as before, and also compared with the field's value."""
    found = {i: known[column_key(h)] for i, h in enumerate(headers)
             if i not in columns and not is_blank(h) and column_key(h) in known}
    # the id's lesser columns in their rank (项目编号 before 编号): the best filled one gives a blank id
    return dict(sorted(found.items(), key=lambda item: (_id_rank(headers[item[0]]) if item[1][0] == ID_FIELD else -1, item[0])))


def _grid_rows(rows, first, headers, columns, sheet, problems, start, stop, percents=frozenset(),
               repeats: dict | None = None, merged_cells: frozenset = frozenset(),
               shared_cells: dict | None = None, record_problems: dict[int, tuple[int, str]] | None = None) -> Iterator[Row]:
    letters = [get_column_letter(i + 1) for i in range(len(headers))]
    width = len(headers)
    # worked out once per column, not per cell, in column order: (index, letters, the cell reference
    # before its row number (申报汇总表!C), field, unit, header) of a known column (field None for
    # another column with a header)
    specs = []
    for i in range(width):
        if i in columns:
            specs.append((i, letters[i], f"{sheet}!{letters[i]}", *columns[i], str(headers[i])))
        elif not is_blank(headers[i]):
            specs.append((i, letters[i], f"{sheet}!{letters[i]}", None, None, strip_control(str(headers[i])).strip()))
    marked = bool(problems or percents)
    external = getattr(problems, "external", None)  # xlsx.FormulaProblems: formulas into other workbooks
    fallback_only = _lesser_id_columns(headers, columns, repeats or {})  # a lesser id: never a second id
    for number, values in _numbered(rows, first + start, len(rows) if stop is None else min(first + stop, len(rows))):
        cells: dict[str, Cell] = {}
        extra: dict[str, object] = {}
        extra_refs: dict[str, str] = {}
        cleaned: list = []
        filled = len(values)
        row_number = str(number)
        for index, column, ref_prefix, name, unit, header in specs:
            value = values[index] if index < filled else None
            if name is None:
                if not is_blank(value):
                    extra_refs[header] = ref = ref_prefix + row_number
                    extra[header] = _plain(value, ref, header, cleaned)
                continue
            ref = ref_prefix + row_number
            if isinstance(value, str) and not value.isprintable():  # printable text holds no control character
                value = _clean(value, ref, header, cleaned)
            if marked:
                coordinate = f"{column}{number}"
                cell = Cell(value, ref, header, unit, problems.get(coordinate), coordinate in percents)
                if external:
                    cell.external = external.get(coordinate)
            else:
                cell = Cell(value, ref, header, unit)
            if merged_cells and (number - 1, index) in merged_cells:
                cell.merged = True
            if shared_cells and (number - 1, index) in shared_cells:
                cell.shared = shared_cells[number - 1, index]
            if name in cells:
                _keep_first_filled(cells, name, cell)
            else:
                cells[name] = cell
        if repeats:
            # another column of a field already given (its header repeated, or another of its
            # headers: 营业收入 beside 上年度营业收入) stays an extra column too. Where the field's own
            # column is blank it gives the field, as the first filled of a 万元 and a 元 column
            # does; beside a filled cell it is handed to validation, which compares the two.
            for index, (name, unit) in repeats.items():
                value = values[index] if index < filled else None
                coordinate = f"{letters[index]}{number}"
                # a formula without a usable value (#N/A, never calculated) is blank but said as such
                problem = problems.get(coordinate) if marked else None
                if is_blank(value) and problem is None:
                    continue
                ref = f"{sheet}!{letters[index]}{number}"
                if isinstance(value, str):
                    value = strip_control(value).strip()
                header = strip_control(str(headers[index])).strip()
                kept = cells.get(name)
                if kept is None or (is_blank(kept.value) and not kept.formula_problem) or (
                        index in fallback_only and export_blank(kept.value)):  # an exported None for the id is blank
                    cells[name] = (Cell(value, ref, header, unit, problem, coordinate in percents)
                                   if marked else Cell(value, ref, header, unit))
                    if merged_cells and (number - 1, index) in merged_cells:
                        cells[name].merged = True  # a merged value alone never makes a line an application
                elif not is_blank(kept.value) and not is_blank(value) and index not in fallback_only:
                    kept.others = (*kept.others, Cell(value, ref, header, unit))
        line, problem = record_problems.get(number, (None, None)) if record_problems else (None, None)
        yield Row(number, sheet, cells, extra, problem=problem, line=line, cleaned=cleaned, extra_refs=extra_refs)


def _numbered(rows: Sequence, low: int, high: int, step: int = 1000) -> Iterator[tuple[int, list]]:
    """Rows [low, high) with their 1-based row numbers, taken a thousand at a time (packed rows are
    unpacked only as they are read, never the whole sheet at once)."""
    for offset in range(low, high, step):
        yield from enumerate(rows[offset:min(offset + step, high)], start=offset + 1)


def _keep_first_filled(cells: dict[str, Cell], name: str, cell: Cell) -> None:
    # A field may come from two columns (设备投入 in 万元 and in 元): the first filled one is used,
    # and the other filled ones go with it (validation says when they disagree).
    current = cells.get(name)
    if current is not None and not is_blank(current.value) and not is_blank(cell.value):
        current.others = (*current.others, cell)
        return
    if current is None or (is_blank(current.value) and not current.formula_problem):
        cells[name] = cell


# --- records (JSON, JSONL, YAML) ----------------------------------------------------------------


class JsonNumber(float):
    """A number with a fraction or an exponent in a JSON (or YAML) file, with its text as written. A workbook's
    number is binary, shown by Excel to 15 significant digits, and read as shown; a JSON file holds
    every digit: 99.99999999999999 (16 digits) read as a float and shown to 15 was 100, which passes
    the 100 万元 threshold the text does not reach. Amounts and counts are read from ``text``
    (checker.core.values); anywhere else it is the float it always was."""

    __slots__ = ("text",)

    def __new__(cls, text: str) -> "JsonNumber":
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self):
        return JsonNumber, (self.text,)


def written_json(value: object, limit: int = 2000) -> str:
    """A JSON file's nested value as the file writes it (its numbers as written: 1.10, not 1.1; 1e400,
    not Infinity), cut to ``limit`` characters; deep nesting is said in words."""
    try:
        return _json_text(value)[:limit]
    except (ValueError, TypeError, RecursionError):
        return "（无法显示的嵌套数据）"


def _json_text(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(v) for v in value) + "]"
    written = getattr(value, "text", None) if isinstance(value, float) else None
    return written if written is not None else json.dumps(value, ensure_ascii=False)


def exact_json(text: str) -> Any:
    """JSON with its fractional numbers kept as written (JsonNumber)."""
    return json.loads(text, parse_float=JsonNumber)


class Malformed:
    """A record that could not be parsed (a bad JSONL line); it still becomes a row."""

    def __init__(self, reason: str):
        self.reason = reason


def _records(path: Path, what: str) -> tuple[str, list[tuple[int, object]]]:
    text = decode_text(path, what)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        items: list[tuple[int, object]] = []
        # one record per line ending (\n, \r\n or a bare \r); str.splitlines would also split on
        # U+2028, NEL, VT… which JSON allows inside a string
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            if line.strip():
                try:
                    items.append((number, exact_json(line)))
                except json.JSONDecodeError as error:
                    items.append((number, Malformed(f"第 {number} 行不是有效的 JSON（{json_reason(error, line=False)}）")))
                except (ValueError, RecursionError) as error:  # absurdly long numbers, deep nesting
                    items.append((number, Malformed(f"第 {number} 行无法读取：{read_reason(error)}")))
        return "JSONL", items
    data = load_structured(path, text, what, exact=True)
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else data
    if not isinstance(data, list):
        raise InputError(f"{what}「{path.name}」应为记录列表（每条记录是以列名为键的对象）。")
    return ("YAML" if suffix in (".yaml", ".yml") else "JSON"), list(enumerate(data, start=1))


def yaml_reason(error: Exception) -> str:
    """Where a YAML document breaks, in Chinese (the parser's own words are English)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    at = f"第 {mark.line + 1} 行第 {mark.column + 1} 列附近" if mark else "某处"
    return f"{at}格式有误：请检查缩进、冒号后的空格和引号是否成对"


_TOLERANT_LOADER = None


def _tolerant_loader():
    """yaml.SafeLoader, except that a date YAML cannot build (日期: 2021-02-30) stays the text written:
    the sheet's reader then names its row and cell, where YAML's ValueError made the whole file
    内容无法解析."""
    global _TOLERANT_LOADER
    if _TOLERANT_LOADER is None:
        import yaml

        class TolerantLoader(yaml.SafeLoader):
            pass

        def timestamp(loader, node):
            try:
                return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
            except ValueError:
                return loader.construct_scalar(node)

        TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        _TOLERANT_LOADER = TolerantLoader
    return _TOLERANT_LOADER


_EXACT_LOADER = None


def _exact_loader():
    """The tolerant loader, a float kept as written (JsonNumber), as a JSON file's: an application's
    figures in a YAML file are read digit for digit too. What Decimal cannot read as written (.inf,
    a sexagesimal 190:20:30.15) is YAML's float as before."""
    global _EXACT_LOADER
    if _EXACT_LOADER is None:
        import yaml

        class ExactLoader(_tolerant_loader()):
            pass

        def exact_float(loader, node):
            text = loader.construct_scalar(node)
            try:
                Decimal(text)
                return JsonNumber(text)
            except (ArithmeticError, ValueError):
                return yaml.SafeLoader.construct_yaml_float(loader, node)

        def exact_int(loader, node):
            text = loader.construct_scalar(node)
            plain = text.lstrip("+-")
            # YAML 1.1 reads 0631001 as octal (209409), 0x1F as hex, 1_000 and 190:20 otherwise: an id
            # or a figure so written is kept as its text (read as a CSV cell is), never another number
            if (len(plain) > 1 and plain[0] == "0") or "_" in text or ":" in text:
                return text
            return yaml.SafeLoader.construct_yaml_int(loader, node)

        ExactLoader.add_constructor("tag:yaml.org,2002:float", exact_float)
        ExactLoader.add_constructor("tag:yaml.org,2002:int", exact_int)
        _EXACT_LOADER = ExactLoader
    return _EXACT_LOADER


def load_structured(path: Path, text: str | None = None, what: str = "文件", *, exact: bool = False) -> Any:
    """A JSON or YAML document; one InputError naming the file if it cannot be parsed. ``exact``:
    a JSON document's fractional numbers kept as written (JsonNumber: an application's figures)."""
    if text is None and _empty(path):
        raise empty_file(path, what)
    text = decode_text(path, what) if text is None else text
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml  # here, not at the top: only YAML input needs it (every command imports this module)

            try:
                return yaml.load(text, Loader=_exact_loader() if exact else _tolerant_loader())  # noqa: S506 - a SafeLoader subclass
            except yaml.YAMLError as error:
                raise unreadable(path, what, f"不是有效的 YAML（{yaml_reason(error)}）") from error
        return exact_json(text) if exact else json.loads(text)
    except json.JSONDecodeError as error:
        raise unreadable(path, what, f"不是有效的 JSON（{json_reason(error)}）") from error
    except (ValueError, RecursionError) as error:  # absurdly long numbers, deep nesting
        raise unreadable(path, what, read_reason(error)) from error


_COLUMN_KEYS: dict[str, str] = {}  # a JSON key → column_key of it: every record of a folder has the same keys


def _column_key_of(key: str) -> str:
    found = _COLUMN_KEYS.get(key)
    if found is None:
        if len(_COLUMN_KEYS) >= 4096:
            _COLUMN_KEYS.clear()
        found = _COLUMN_KEYS[key] = column_key(key)
    return found


def _records_table(path: Path, found: tuple[str, list[tuple[int, object]]], known: Aliases,
                   sha256: str | None = None) -> Table:
    sheet, items = found
    keys: list[str] = []
    for _number, item in items:
        if isinstance(item, dict):
            for raw in item:
                key = str(raw)
                if key not in keys:
                    keys.append(key)
    columns = {key: known[_column_key_of(key)] for key in keys if _column_key_of(key) in known}
    lesser = _lesser_ids(keys, known, _column_key_of)  # a lesser id (编号 beside 申报编号): the id only where the id is blank
    return Table(
        path=path,
        sha256=sha256 or sha256_of(path),
        sheet=sheet,
        header_row=0,
        headers_found=keys,
        fields_found={name for name, _ in columns.values()},
        size=len(items),
        _factory=lambda start, stop: _record_rows(items[start:stop], columns, sheet, lesser),
    )


def _record_rows(items, columns, sheet, lesser: set = frozenset()) -> Iterator[Row]:
    # a key → (it as shown, its field and unit or None, whether it is a lesser id): the records of one
    # table share their keys, each worked out once
    seen_keys: dict = {}
    for number, item in items:
        if isinstance(item, Malformed) or not isinstance(item, dict):
            reason = item.reason if isinstance(item, Malformed) else f"第 {number} 条记录不是 JSON 对象"
            yield Row(number, sheet, {}, problem=reason)
            continue
        cells: dict[str, Cell] = {}
        extra: dict[str, object] = {}
        extra_refs: dict[str, str] = {}
        cleaned: list = []
        prefix = f"{sheet}#{number}."
        for raw_key, value in item.items():
            known_key = seen_keys.get(raw_key) if raw_key.__class__ is str else None
            if known_key is None:
                key = str(raw_key)
                shown = strip_control(key)  # a key is shown and written too: no control character, no lone surrogate
                known_key = (shown, None if key in lesser else columns.get(key), key in lesser)
                if raw_key.__class__ is str:
                    seen_keys[raw_key] = known_key
            shown, column, is_lesser = known_key
            ref = prefix + shown
            if is_lesser:
                # kept as another column; the id where the id's own key is blank or missing (settled below)
                if not is_blank(value):
                    extra[shown] = _plain(value, ref, shown, cleaned)
                    extra_refs[shown] = ref
            elif column is not None:
                name, unit = column
                # printable text holds no control character (has_control): kept as it is without the call
                cell = Cell(value if value.__class__ is str and value.isprintable() else _clean(value, ref, shown, cleaned),
                            ref, shown, unit)
                if name in cells:
                    _keep_first_filled(cells, name, cell)
                else:  # the field's first column: _keep_first_filled keeps it
                    cells[name] = cell
            elif not is_blank(value):
                extra[shown] = _plain(value, ref, shown, cleaned)
                extra_refs[shown] = ref
        if lesser:
            _lesser_id_fallback(item, cells, columns, lesser, sheet, number)
        yield Row(number, sheet, cells, extra, cleaned=cleaned, extra_refs=extra_refs)


def _lesser_id_fallback(item: dict, cells: dict, columns: dict, lesser: set, sheet: str, number: int) -> None:
    """The id from a lesser id key (项目编号 beside 申报编号) where the record's id is blank or missing
    (its control characters were said once already, when the key was kept as another column)."""
    own = cells.get(ID_FIELD)
    if own is not None and (not is_blank(own.value) or own.formula_problem) and not export_blank(own.value):
        return
    for raw_key, value in sorted(((k, v) for k, v in item.items() if str(k) in lesser), key=lambda kv: _id_rank(str(kv[0]))):
        if not is_blank(value):
            shown = strip_control(str(raw_key))
            ref = f"{sheet}#{number}.{shown}"
            cells[ID_FIELD] = Cell(_clean(value, ref, shown, []), ref, shown, columns[str(raw_key)][1])
            return


def records_table(label: str, sheet: str, items: list, known: Aliases, sha256: str) -> Table:
    """A table from records already in memory (a sheet of a JSON/YAML round record)."""
    return _records_table(Path(label), (sheet, list(enumerate(items, start=1))), known, sha256)


# --- several named sheets (round records) ------------------------------------------------------


def open_sheets(path: Path, known: dict[str, Aliases], *, what: str = "工作簿", limits: ReadLimits = LIMITS,
                formulas: bool = False, header_rows: int = 1) -> tuple[dict[str, Table], str]:
    """The named sheets of a workbook that ``known`` describes (sheet name → its aliases), with
    the file's SHA-256. Sheets the workbook lacks are absent; a sheet with no header row is an
    empty table. ``formulas``: cells of an .xlsx whose formula has no usable cached value carry
    ``formula_problem``. ``header_rows``: the header is the row of the first ``header_rows`` with
    the most known headers (a title line above it is passed over), else the first."""
    path = _existing(path, what)
    _refuse_empty_workbook(path, what)
    sha = sha256_of(path)
    workbook = _calamine(path, what, limits)
    tables: dict[str, Table] = {}
    for name in _sheet_names(workbook, path, what):
        sheet = nfkc(name)
        if sheet not in known or sheet in tables:
            continue
        rows, problems = _read_sheet(workbook, path, name, what, limits, formulas=formulas)
        tables[sheet] = _sheet_table(path, sheet, rows, known[sheet], sha, problems, header_rows)
    return tables, sha


def _sheet_table(path: Path, sheet: str, rows: list[list], known: Aliases, sha: str,
                 problems: dict[str, str] | None = None, header_rows: int = 1) -> Table:
    first = _titled_header(rows, known, max(header_rows, 10)) + 1
    if not rows or all(is_blank(c) for c in rows[first - 1]):
        return Table(path, sha, sheet, 1, [], set(), 0, lambda start, stop: iter(()))
    headers = list(rows[first - 1])
    columns = map_columns(headers, known)
    return Table(
        path=path, sha256=sha, sheet=sheet, header_row=first,
        headers_found=[str(h) for h in headers if not is_blank(h)],
        fields_found={name for name, _ in columns.values()},
        size=len(rows) - first,
        # every known column gets a cell in every row (blank included), so has_column() holds
        # for a column that exists whatever a row's length
        _factory=lambda start, stop: _grid_rows(rows, first, headers, columns, sheet, problems or {}, start, stop),
    )


def _titled_header(rows: list[list], known: Aliases, search: int = 10) -> int:
    """The header's index: the first row, or, when it names fewer than two known columns, the row
    among the first ``search`` that names the most (a title line such as 「2020年专精特新认定流程节点记录表」
    merged above the header, as offices write every sheet: the sheet was read as having none of
    its columns)."""
    hits = [sum(1 for cell in row if column_key(cell) in known) for row in rows[:search]]
    if not hits or hits[0] > 1 or not max(hits):
        return 0
    # a title of one known word (「流程节点」 written above the 流程节点 sheet's 节点 | 日期 | … header)
    # names one column: the header is the row naming more, the first of the most
    return hits.index(max(hits))


# --- reading ahead (prefetch) --------------------------------------------------------------------
#
# `fundcheck check` spends its first ~0.7 s in one thread: importing the check wing (pydantic models)
# and loading the rulebook; only then does it read the applications (~0.3 s for 10,000 rows). The
# machines it runs on have 2 CPUs, and python-calamine releases the GIL while it parses: a thread
# started before the imports reads the workbook meanwhile, and open_table takes what it read.
#
# It is only a cache: an entry is used once, only for the same file unchanged (same size, mtime and
# inode as when the read started, and the same content: its SHA-256, which the table needs anyway)
# and the same reading arguments, and otherwise open_table reads as it always did. What the thread
# raised is raised by open_table, so errors read the same.
#
# `check` forks worker processes later: drain() joins the thread before anything can fork (and
# before an early exit, so that no thread is inside calamine while the interpreter shuts down).
#
# A large workbook is read by a forked child process instead of a thread, where fork is available
# and no other thread runs: python-calamine holds the GIL while it builds the rows, so the thread's
# read and the imports took turns (the check waited 0.15-0.3 s for 10,000 rows after its imports).
# The child hands the same values over pickled in an unlinked temporary file (10,000 rows: 2.4 MB,
# loaded in 7 ms); a child that failed, was killed or left something unreadable is only a cache
# miss: open_table reads the file itself.

PREFETCH = True  # off: every table is read when it is opened (the tests compare both)
CHILD_FROM_BYTES = 256 * 1024  # workbooks this large (about 2,500 rows) together are read by a child process


@dataclass
class _Ahead:
    signature: tuple  # (st_size, st_mtime_ns, st_ino) when the read started
    done: threading.Event
    sha256: str | None = None  # of the content, hashed before it was read (None: the file could not be read)
    result: tuple | None = None  # (sheet, rows, problems, percents)
    error: BaseException | None = None
    child: "_ChildRead | None" = None  # read by a child process: what it read is taken from there
    index: int = 0  # the file's place among the child's


class _ChildRead:
    """Workbooks read, one after the other, by a forked child process (:class:`SideJob`), which
    pickles [(sha256, result)] for them into an unlinked temporary file (None for a workbook
    whose read raised)."""

    def __init__(self, todo: list, arguments: tuple):
        from checker.core.processes import SideJob

        self._spool = tempfile.TemporaryFile()
        self._read: list | None = None
        self._job = SideJob(lambda: self._child(todo, arguments))

    @property
    def started(self) -> bool:
        return self._job.started

    def _child(self, todo: list, arguments: tuple) -> None:
        what, limits, formulas, packed = arguments
        read = []
        for path, _ in todo:
            try:
                sha256 = sha256_of(path)
                result = _first_sheet(_existing(path, what), what, limits, formulas, packed)
            except Exception:  # not handed over: open_table reads the file again and raises the error itself
                read.append(None)
                continue
            if isinstance(result[3], BaseException):  # percent_cells's error: the same
                read.append(None)
                continue
            # the hidden rows its scan found, by the file's identity: handed over with the rows, the parent's
            # hidden_rows need not decompress the sheet a second time (~0.45 s of a 100,000-row sheet, serial)
            read.append((sha256, result, xlsx.scanned_hidden()))
        pickle.dump(read, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._spool.flush()

    def wait(self) -> None:
        """Wait for the child and load what it read (nothing, if it did not end well)."""
        if self._read is None:
            self._read = []
            try:
                if self._job.wait():
                    self._spool.seek(0)
                    self._read = pickle.load(self._spool)
            except Exception:  # an error the child raised that does not load again, a spool cut short
                self._read = []
            finally:
                self._spool.close()

    def taken(self, index: int) -> tuple | None:
        """(sha256, result) of the child's ``index``-th workbook; None when the child did not
        end well, its file cannot be loaded, or the read raised (the caller reads the workbook itself:
        an error does not come through a pickle whole, its __cause__ and traceback are lost, and
        reader_failed() reads the cause to fall back to openpyxl for the expert pool)."""
        self.wait()
        if index >= len(self._read):
            return None
        read, self._read[index] = self._read[index], None  # taken once: its rows are the table's from here on
        if read is None:
            return None
        sha256, result, scanned = read
        if scanned:
            xlsx.take_scanned_hidden(scanned)
        return sha256, result

    def stop(self) -> None:
        self._job.stop()
        self._spool.close()


_AHEAD: dict[tuple, _Ahead] = {}
_THREADS: list = []  # (thread, its stop flag)
_CHILDREN: list = []  # _ChildRead of the workbooks read by child processes


def _signature(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _ahead_key(path: Path, what: str, limits: ReadLimits, formulas: bool, packed: bool) -> tuple:
    # the path as written too: error messages name the file as the user wrote it
    return str(path.resolve()), str(path), what, limits, formulas, packed


def prefetch(paths: Sequence[Path], *, what: str, formulas: bool = False, packed: bool = False,
             limits: ReadLimits = LIMITS) -> None:
    """Start reading the workbooks among ``paths`` in a background thread, one after the other (one
    thread: the main thread has the other CPU), for :func:`open_table` with the same arguments; in a
    child process when they are large (CHILD_FROM_BYTES)."""
    if not PREFETCH:
        return
    todo = []
    for path in paths:
        try:
            if path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file():
                continue
            key, signature = _ahead_key(path, what, limits, formulas, packed), _signature(path)
        except (OSError, RuntimeError, ValueError):  # no prefetch: open_table reads it and says what is wrong
            continue
        if key not in _AHEAD:
            _AHEAD[key] = _Ahead(signature, threading.Event())
            todo.append((path, _AHEAD[key]))
    if not todo:
        return
    if _in_child(todo, (what, limits, formulas, packed)):
        return

    stop = threading.Event()  # set by drain(): the files not yet started are not read

    def read() -> None:
        for path, ahead in todo:
            if stop.is_set():  # nothing is taken after drain(): an early error or Ctrl-C need not wait for them
                ahead.done.set()
                continue
            try:
                ahead.sha256 = sha256_of(path)
            except OSError:  # the read below says what is wrong
                pass
            try:
                ahead.result = _first_sheet(_existing(path, what), what, limits, formulas, packed)
            except BaseException as error:  # kept for open_table to raise, in the main thread
                ahead.error = error
            finally:
                ahead.done.set()

    thread = threading.Thread(target=read, name="fundcheck-prefetch", daemon=True)
    _THREADS.append((thread, stop))
    thread.start()


def _in_child(todo: list, arguments: tuple) -> bool:
    """Read ``todo`` in a child process, if they are large enough to be worth a fork and one can
    be made safely (no other thread that could hold a lock the child would need); False: not."""
    from checker.core.processes import can_fork_side_jobs

    try:
        size = sum(path.stat().st_size for path, _ in todo)
    except OSError:
        return False
    if size < CHILD_FROM_BYTES or not can_fork_side_jobs() or threading.active_count() > 1:
        return False
    try:
        child = _ChildRead(todo, arguments)
    except OSError:  # no temporary file to be had: the thread reads them
        return False
    if not child.started:
        child.stop()
        return False
    _CHILDREN.append(child)
    for index, (_, ahead) in enumerate(todo):
        ahead.child, ahead.index = child, index
        ahead.done.set()  # waited for in taken()
    return True


def _take_prefetched(path: Path, what: str, limits: ReadLimits, formulas: bool, packed: bool) -> tuple | None:
    """(the prefetched first sheet of ``path``, the sha256 of its content), if one was read for
    these arguments and the file is unchanged since; None: read it now. Unchanged: the same size,
    mtime and inode, and the same content (a file rewritten in place to the same size within one
    tick of a coarse clock, or with its time put back, keeps the first three: its rows would not be
    those of the content every report's input_sha256 names)."""
    if not _AHEAD:
        return None
    try:
        ahead = _AHEAD.pop(_ahead_key(path, what, limits, formulas, packed), None)
        if ahead is None:
            return None
        ahead.done.wait()
        if ahead.child is not None:
            read = ahead.child.taken(ahead.index)
            if read is None:
                return None
            ahead.sha256, ahead.result = read
        if _signature(path) != ahead.signature:  # rewritten since the read started: read afresh
            return None
        sha256 = sha256_of(path) if ahead.sha256 is not None else None  # the hash the table needs anyway
        if sha256 != ahead.sha256:
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    if ahead.error is not None:
        raise ahead.error
    return ahead.result, sha256


def drain() -> None:
    """Join every prefetch thread and drop what was read and not taken: call before a fork."""
    for _, stop in _THREADS:
        stop.set()  # the workbook being read is finished (calamine cannot be stopped midway), no other begun
    while _THREADS:
        _THREADS.pop()[0].join()
    while _CHILDREN:  # a child whose workbooks were all taken has ended: stop() only closes its file
        _CHILDREN.pop().stop()
    _AHEAD.clear()


def prefetch_inputs(arguments: Sequence[str]) -> None:
    """Start reading the application workbooks named on `check`'s command line, before the check
    wing is imported: the files given, and the workbooks directly in a folder given (the files
    checker/check/inputs.py expand_inputs takes; a file it would not take is only read in vain).
    The arguments must match checker/check/intake.py open_applications's open_table call."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        try:
            if path.is_dir():
                paths += sorted(p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES
                                and not p.name.startswith(("~$", ".")))
            else:
                paths.append(path)
        except OSError:
            continue
    prefetch(paths, what="申报文件", formulas=True, packed=True)
