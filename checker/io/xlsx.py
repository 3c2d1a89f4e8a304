"""Workbook packages: refuse unsafe ones, find formula cells without a usable value, save
reproducibly, and keep spreadsheet text from ever being taken for a formula.

An .xlsx file is a zip of XML parts. calamine reads the cached values fast but cannot say whether a
formula had one; a streaming scan of the sheet part can. openpyxl stamps the save time into
docProps/core.xml and every zip entry; reports carry no run time on purpose (same input and rulebook
give identical reports), so every workbook is saved through :func:`save`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring, iterparse

from checker.errors import InputError
from checker.io.outputs import write_atomic

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_W3CDTF = b"2020-01-01T00:00:00Z"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def refuse_unsafe_package(path: Path, what: str = "工作簿") -> None:
    """A zip package of XML, without entity declarations (no workbook needs them; defusedxml
    would refuse them too)."""
    if not zipfile.is_zipfile(path):
        raise InputError(f"无法读取{what}「{path}」：不是 .xlsx 工作簿（不是 zip 包）")
    try:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    with package.open(name) as handle:
                        if b"<!ENTITY" in handle.read(4096):
                            raise InputError(f"{what}「{path}」含 XML 实体声明，按不安全文件拒绝。")
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"无法读取{what}「{path}」：不是可读的 .xlsx 工作簿（{error}）") from error


def formula_problems(path: Path, sheet_name: str) -> dict[str, str]:
    """Cells of the named sheet whose value cannot be trusted, coordinate → reason: a formula
    without a cached value (a file written by a program, never opened in Excel) and a cached error
    value (#N/A from a VLOOKUP, #DIV/0!, #REF!) both read as blank through calamine."""
    with zipfile.ZipFile(path) as package:
        part = _sheet_part(package, sheet_name)
        if part is None:
            return {}
        data = package.read(part)
    if not _FORMULA_TAG.search(data) and b't="e"' not in data:  # the common case: nothing to parse
        return {}
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
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def neutralise(value: Any) -> Any:
    """Text Excel (or a CSV import) would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
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
