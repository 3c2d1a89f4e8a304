"""Stage 1, read: an application workbook (.xlsx) or JSON/JSONL file → raw records with cell refs.

Nothing is interpreted here beyond locating columns: each value keeps its sheet and cell (e.g.
``申报汇总表!H7``) so every later finding can point at it. Workbooks are read with their cached
formula values (python-calamine, fast; openpyxl/defusedxml are used for safety checks); a formula
cell without a cached value is flagged so validation reports it unreadable instead of empty.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from openpyxl.utils import get_column_letter

from checker.errors import InputError
from checker.fields import HEADER_INDEX, Column, FieldSpec
from checker.parse import is_blank
from checker.textnorm import header_key

HEADER_SEARCH_ROWS = 10  # a title line above the header row is common in bureau workbooks


@dataclass(slots=True)
class RawCell:
    value: object
    ref: str
    header: str
    unit: str | None = None
    formula_problem: str | None = None  # why the cached value cannot be used (see _formula_problems)


@dataclass(slots=True)
class RawRecord:
    row: int  # the input row (workbook row number, or 1-based record number in JSON)
    sheet: str
    cells: dict[str, RawCell]
    extra: dict[str, object] = field(default_factory=dict)
    problem: str | None = None  # a record that could not be read at all (malformed JSON line)


@dataclass
class InputTable:
    """An opened input: its identity, its columns, and a one-pass stream of records."""

    path: Path
    sha256: str
    sheet: str
    header_row: int
    headers_found: list[str]
    fields_found: set[str]
    _factory: Callable[[int, int], Iterator[RawRecord]]
    size: int = 0  # data rows (or JSON records), empty ones included
    skipped_empty: int = 0
    skipped_totals: list[int] = field(default_factory=list)  # rows of 合计/小计 lines

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[RawRecord]:
        """The non-empty records among data rows [start, stop), in input order; repeatable.

        Worker processes each take a range of the same (fork-shared) rows, so the input is read
        once and never pickled.
        """
        self.skipped_empty = 0
        self.skipped_totals = []
        for record in self._factory(start, self.size if stop is None else stop):
            if record.problem is None and all(is_blank(c.value) and not c.formula_problem for c in record.cells.values()):
                # Nothing in any known column: a blank line, or a template line with only 序号 filled.
                self.skipped_empty += 1
                continue
            if _is_total_row(record):
                self.skipped_totals.append(record.row)
                continue
            yield record


TOTAL_WORDS = {"合计", "总计", "小计", "汇总"}


def _is_total_row(record: RawRecord) -> bool:
    """A 合计/小计 line under the table: no application id, and a cell that says so."""
    cell = record.cells.get("application_id")
    if cell is not None and not is_blank(cell.value):
        return header_key(cell.value) in TOTAL_WORDS
    texts = [v for v in (*(c.value for c in record.cells.values()), *record.extra.values()) if isinstance(v, str)]
    return any(header_key(text) in TOTAL_WORDS for text in texts)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_input(path: Path) -> InputTable:
    """Open an .xlsx, .json or .jsonl application file; InputError if it cannot be read at all."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"input file {path} does not exist")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_workbook(path)
    if suffix in (".xls", ".xlsb", ".ods"):
        # Older or other spreadsheet formats, read by calamine; their formulas cannot be inspected
        # for missing cached values, so a formula without one reads as blank (stated in the README).
        return _open_workbook(path, xml_package=False)
    if suffix in (".json", ".jsonl"):
        return _open_json(path)
    raise InputError(f"{path.name} is not a workbook (.xlsx, .xls, .xlsb, .ods) or a .json/.jsonl file")


# --- workbooks ---------------------------------------------------------------------------------


def _open_workbook(path: Path, xml_package: bool = True) -> InputTable:
    from python_calamine import CalamineWorkbook

    if xml_package:
        if not zipfile.is_zipfile(path):
            raise InputError(f"{path.name} is not a readable .xlsx workbook (not a zip package)")
        _refuse_xml_bombs(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet_name = workbook.sheet_names[0]
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own types for corrupt packages
        raise InputError(f"{path.name} is not a readable .xlsx workbook ({error})") from error
    header_index, header_cells = _find_header(rows, path)
    columns = _map_columns(header_cells)
    formula_cells = _formula_problems(path) if xml_package else {}
    table = InputTable(
        path=path,
        sha256=sha256_of(path),
        sheet=sheet_name,
        header_row=header_index + 1,
        headers_found=[str(h) for h in header_cells if not is_blank(h)],
        fields_found={spec.name for spec, _ in columns.values()},
        _factory=lambda start, stop: _workbook_records(
            rows, header_index, header_cells, columns, sheet_name, formula_cells, start, stop
        ),
        size=max(0, len(rows) - header_index - 1),
    )
    return table


def _refuse_xml_bombs(path: Path) -> None:
    """Entity declarations have no business in a workbook; defusedxml would refuse them too."""
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                with package.open(name) as handle:
                    if b"<!ENTITY" in handle.read(4096):
                        raise InputError(f"{path.name} contains XML entity declarations and is refused as unsafe")


def _find_header(rows: list[list[object]], path: Path) -> tuple[int, list[object]]:
    best_index, best_hits = 0, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if header_key(cell) in HEADER_INDEX)
        if hits > best_hits:
            best_index, best_hits = index, hits
    if not rows:
        raise InputError(f"{path.name}: the first sheet is empty")
    if best_hits == 0:
        found = ", ".join(str(c) for c in rows[0] if not is_blank(c)) or "(none)"
        raise InputError(f"{path.name}: no known column header in the first {HEADER_SEARCH_ROWS} rows; headers found: {found}")
    return best_index, list(rows[best_index])


def _map_columns(header_cells: list[object]) -> dict[int, tuple[FieldSpec, Column]]:
    """Column index → (field, column). The first column of a field wins; repeats stay extras."""
    columns: dict[int, tuple[FieldSpec, Column]] = {}
    taken: set[tuple[str, str | None]] = set()
    for index, header in enumerate(header_cells):
        match = HEADER_INDEX.get(header_key(header))
        if match and (match[0].name, match[1].unit) not in taken:
            columns[index] = match
            taken.add((match[0].name, match[1].unit))
    return columns


def _workbook_records(rows, header_index, header_cells, columns, sheet, formula_cells, start, stop) -> Iterator[RawRecord]:
    letters = [get_column_letter(i + 1) for i in range(len(header_cells))]
    first = header_index + 1
    for offset, row in enumerate(rows[first + start : first + stop], start=first + start + 1):
        cells: dict[str, RawCell] = {}
        extra: dict[str, object] = {}
        for index, value in enumerate(row):
            if index >= len(header_cells):
                continue
            coordinate = f"{letters[index]}{offset}"
            if index in columns:
                spec, column = columns[index]
                cell = RawCell(value, f"{sheet}!{coordinate}", str(header_cells[index]), column.unit)
                cell.formula_problem = formula_cells.get(coordinate)
                _keep_first_filled(cells, spec.name, cell)
            elif not is_blank(header_cells[index]):
                extra[str(header_cells[index]).strip()] = value
        yield RawRecord(row=offset, sheet=sheet, cells=cells, extra=extra)


def _keep_first_filled(cells: dict[str, RawCell], name: str, cell: RawCell) -> None:
    # A field may come from two columns (设备投入 in 万元 and in 元): the first filled one is used.
    current = cells.get(name)
    if current is None or (is_blank(current.value) and not current.formula_problem):
        cells[name] = cell


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _formula_problems(path: Path) -> dict[str, str]:
    """Cells on the first sheet whose value cannot be trusted, coordinate → reason.

    A formula without a cached value (a file written by a program, never opened in Excel) and a
    cached error value (#N/A from a VLOOKUP, #DIV/0!, #REF!) both read as blank through calamine.
    """
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(path) as package:
        sheet_xml = _first_sheet_part(package)
        if sheet_xml is None:
            return {}
        data = package.read(sheet_xml)
    if not _FORMULA_TAG.search(data) and b't="e"' not in data:  # the common case: nothing to parse
        return {}
    import io

    problems: dict[str, str] = {}
    for _event, element in iterparse(io.BytesIO(data), events=("end",)):
        if element.tag.endswith("}c") or element.tag == "c":
            has_formula = any(child.tag.endswith("}f") or child.tag == "f" for child in element)
            value = next((child for child in element if child.tag.endswith("}v") or child.tag == "v"), None)
            cached = (value.text or "").strip() if value is not None else ""
            if element.get("t") == "e":
                problems[element.get("r", "")] = f"公式结果为错误值 {cached or '#ERROR'}"
            elif has_formula and not cached:
                problems[element.get("r", "")] = "公式单元格没有缓存的计算结果"
            element.clear()
    return problems


def _first_sheet_part(package: zipfile.ZipFile) -> str | None:
    from defusedxml.ElementTree import fromstring

    try:
        workbook = fromstring(package.read("xl/workbook.xml"))
        rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    sheet = next((e for e in workbook.iter() if e.tag.endswith("}sheet")), None)
    if sheet is None:
        return None
    rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


# --- JSON / JSONL ------------------------------------------------------------------------------


def _open_json(path: Path) -> InputTable:
    text = _decode(path)
    if path.suffix.lower() == ".jsonl":
        items: list[tuple[int, object]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append((number, json.loads(line)))
                except json.JSONDecodeError as error:
                    items.append((number, _Malformed(f"第 {number} 行不是有效的 JSON：{error.msg}")))
                except (ValueError, RecursionError) as error:  # absurdly long numbers, deep nesting
                    items.append((number, _Malformed(f"第 {number} 行无法读取：{type(error).__name__}")))
        sheet = "JSONL"
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"{path.name} is not valid JSON ({error.msg} at line {error.lineno})") from error
        except (ValueError, RecursionError) as error:
            raise InputError(f"{path.name} cannot be read as JSON ({type(error).__name__}: {str(error)[:80]})") from error
        if isinstance(data, dict) and isinstance(data.get("applications"), list):
            data = data["applications"]
        if not isinstance(data, list):
            raise InputError(f"{path.name} must hold a list of applications (or {{\"applications\": [...]}})")
        items = list(enumerate(data, start=1))
        sheet = "JSON"
    keys: list[str] = []
    for _number, item in items:
        if isinstance(item, dict):
            keys.extend(k for k in item if k not in keys)
    columns = {key: HEADER_INDEX[header_key(key)] for key in keys if header_key(key) in HEADER_INDEX}
    table = InputTable(
        path=path,
        sha256=sha256_of(path),
        sheet=sheet,
        header_row=0,
        headers_found=keys,
        fields_found={spec.name for spec, _ in columns.values()},
        _factory=lambda start, stop: _json_records(items[start:stop], columns, sheet),
        size=len(items),
    )
    return table


def _decode(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (GBK exports from Chinese Windows)."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path.name} is neither UTF-8 nor GBK/GB18030 text")


class _Malformed:
    def __init__(self, reason: str):
        self.reason = reason


def _json_records(items, columns, sheet) -> Iterator[RawRecord]:
    for number, item in items:
        if isinstance(item, _Malformed) or not isinstance(item, dict):
            reason = item.reason if isinstance(item, _Malformed) else f"第 {number} 条记录不是 JSON 对象"
            yield RawRecord(row=number, sheet=sheet, cells={}, problem=reason)
            continue
        cells: dict[str, RawCell] = {}
        extra: dict[str, object] = {}
        for key, value in item.items():
            if key in columns:
                spec, column = columns[key]
                _keep_first_filled(cells, spec.name, RawCell(value, f"{sheet}#{number}.{key}", key, column.unit))
            else:
                extra[key] = value
        yield RawRecord(row=number, sheet=sheet, cells=cells, extra=extra)
