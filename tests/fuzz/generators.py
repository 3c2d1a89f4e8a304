"""Deterministic generators of hostile inputs for every fundcheck command (issue 12 item 6).

Each generator is ``gen(rng, folder, scale) -> Case``: it writes its input file(s) under
``folder`` and returns the command line to run (``{out}`` stands for the output folder) with a
short label saying which variant it chose. The same generator name and seed always write the same
bytes (seeded :class:`random.Random`, fixed zip times, no clock), so a failure is reproduced with
``python -m tests.fuzz.run --only NAME --seed SEED --keep DIR``.

Inputs start from valid data written the documented way (openpyxl workbooks with the contract's
headers, the sample round record, a pool per contract.md, a ledger chained as the README says)
and are then damaged: truncated or byte-flipped zips, invalid XML, far cells, huge strings,
entity declarations after the first 4 KiB, control characters raw and as ``_x0007_``, formulas
without cached values, wrong JSON types, deep nesting, huge numbers, odd encodings, formula-like
text (DDE payloads), Windows-reserved and invisible-character ids, NULL/non-JSON ledger rows.

Sizes are capped by :class:`Scale` (CI: a "zip bomb" expands to ~48 MB, a huge string is 8 MB, a
far cell is at row 100,000); ``FUNDCHECK_FUZZ_BIG=1`` selects the large sizes of the defect
reports (2 GiB sheet, 1,048,576 rows). Nothing here imports the ``checker`` package.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

# --------------------------------------------------------------------------- sizes


@dataclass(frozen=True)
class Scale:
    """How big the "big" inputs are. CI defaults stay small in time and memory."""

    bomb_mb: int = 48  # uncompressed padding inside the sheet XML
    huge_string_mb: int = 8  # one shared / inline string
    far_row: int = 100_000  # row of the moderate far cell (the XFD1048576 case is always tried)
    huge_rows: int = 3_000  # rows in "huge list" round records / pools
    deep: int = 400  # JSON nesting depth

    @classmethod
    def from_env(cls) -> "Scale":
        """CI sizes; FUNDCHECK_FUZZ_BIG=1 for the defect reports' sizes; FUNDCHECK_FUZZ_SCALE="bomb_mb=512,..." to set any."""
        scale = cls()
        if os.environ.get("FUNDCHECK_FUZZ_BIG") == "1":
            scale = cls(bomb_mb=2048, huge_string_mb=256, far_row=1_048_576, huge_rows=100_000, deep=100_000)
        overrides = dict(item.split("=", 1) for item in (os.environ.get("FUNDCHECK_FUZZ_SCALE") or "").split(",") if "=" in item)
        return cls(**{**scale.__dict__, **{k.strip(): int(v) for k, v in overrides.items()}})


@dataclass
class Case:
    """One generated input and the command that runs it."""

    kind: str  # check | audit | draw | ledger
    label: str  # generator/variant, e.g. "xlsx-ctrl/company_name/x-escape/U+0007"
    argv: list[str]  # fundcheck arguments; "{out}" is replaced by the output folder
    files: dict[str, Path] = field(default_factory=dict)
    expected_rows: int | None = None  # check: input rows the generator wrote, when it knows
    extra: list[list[str]] = field(default_factory=list)  # further commands (ledger show ...)
    timeout: float | None = None  # seconds; None: the harness default


# --------------------------------------------------------------------------- hostile text

CONTROL_CHARS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e"]
WINDOWS_RESERVED = ["CON", "con", "aux", "aux.txt", "NUL", "PRN.json", "COM1", "LPT9", "com3.html", "name.", "name ",
                    "name...", "Con.Json"]
FORMULA_TEXT = [
    "=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"点此查看\")",
    "=1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=cmd|' /C notepad'!'A1'",
    "\t=1+1",
    "\r=1+1",
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "@SUM(A1:A2)",
]
ODD_TEXT = ["", " ", "\u3000", "合计", "小计", "NaN", "nan", "Infinity", "-Infinity", "1e308", "-0", "0x10",
            "１２０万元", "1.2亿元", "9" * 400, "𠀀𪚥", "\ud7ff", "../../etc/passwd", "<script>alert(1)</script>",
            "a|b|c", "'=1+1", "\u2028", "\u0085", "NULL", "None", "true"]
EXCEL_ERRORS = ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!"]


def xml_text(text: str) -> str:
    """Text for an XML text node, with & < > escaped (control characters left as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ooxml_escape(char: str) -> str:
    """The OOXML ST_Xstring escape of one character: _xHHHH_."""
    return f"_x{ord(char):04X}_"


# --------------------------------------------------------------------------- valid data

DISTRICTS = [("环翠区", "371002", "山东省威海市环翠区世昌大道{n}号"), ("文登区", "371003", "山东省威海市文登区文山路{n}号"),
             ("荣成市", "371082", "山东省威海市荣成市成山大道{n}号"), ("乳山市", "371083", "山东省威海市乳山市胜利街{n}号")]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

APP_HEADERS = ["序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称",
               "符合产业政策方向", "核准/备案文号", "年度设备投入（万元）", "项目总投资（万元）", "申报日期", "联系人"]
# field name -> header (the contract fields a generator may attack)
FIELD_HEADERS = {
    "application_id": "申报编号", "company_name": "企业名称", "uscc": "统一社会信用代码", "registered_address": "注册地址",
    "district": "所在区市", "legal_person": "是否独立法人", "project_name": "项目名称", "policy_direction": "符合产业政策方向",
    "approval_filing": "核准/备案文号", "equipment_investment_wan": "年度设备投入（万元）",
    "total_investment_wan": "项目总投资（万元）", "submitted_on": "申报日期", "other": "联系人",
}


def uscc(rng: random.Random, division: str = "371002") -> str:
    """A USCC with a correct check character (GB 32100), registered in ``division``."""
    from stdnum.cn import uscc as stdnum_uscc

    while True:
        body = "91" + division + "".join(rng.choice(USCC_CHARS) for _ in range(9))
        code = body + stdnum_uscc.calc_check_digit(body)
        if stdnum_uscc.is_valid(code):
            return code


def valid_application(rng: random.Random, number: int) -> dict:
    """One eligible W-05 application keyed by header."""
    district, division, address = rng.choice(DISTRICTS)
    equipment = rng.randint(100, 900)
    return {
        "序号": number,
        "申报编号": f"WH-2020-{number:03d}",
        "企业名称": f"威海{rng.choice(['华盛', '蓝海', '精工', '海润', '东方'])}{number}机械有限公司",
        "统一社会信用代码": uscc(rng, division),
        "注册地址": address.format(n=rng.randint(1, 300)),
        "所在区市": district,
        "是否独立法人": "是",
        "项目名称": "数控加工中心智能化改造",
        "符合产业政策方向": "是",
        "核准/备案文号": f"2020-{division}-34-03-{rng.randint(100000, 999999)}",
        "年度设备投入（万元）": equipment,
        "项目总投资（万元）": equipment + rng.randint(0, 2000),
        "申报日期": dt.datetime(2020, 7, rng.randint(1, 31)),
        "联系人": "王工",
    }


def valid_applications(rng: random.Random, count: int | None = None) -> list[dict]:
    return [valid_application(rng, n) for n in range(1, (count or rng.randint(2, 6)) + 1)]


# --------------------------------------------------------------------------- zip / xlsx plumbing

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
SHEET1 = "xl/worksheets/sheet1.xml"


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def build_zip(members: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    """A zip of the members in order, fixed times; ``stored`` members uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return buffer.getvalue()


def workbook_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """An .xlsx written by openpyxl (inline strings), made byte-reproducible."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    members = zip_members(buffer.getvalue())
    members["docProps/core.xml"] = _CORE_DATES.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", members["docProps/core.xml"])
    return build_zip(members)


def application_rows(apps: list[dict], headers: list[str] = APP_HEADERS, title: bool = False) -> list[list[object]]:
    rows: list[list[object]] = []
    if title:
        rows.append(["2020年度工业企业技术改造补助资金项目申报汇总表（威海市）"])
    rows.append(list(headers))
    rows.extend([app.get(h) for h in headers] for app in apps)
    return rows


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_ref(header: str, row: int, headers: list[str] = APP_HEADERS) -> str:
    return f"{column_letter(headers.index(header) + 1)}{row}"


_CELL = r'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)'


def set_cell(sheet_xml: bytes, ref: str, cell_xml: str) -> bytes:
    """Replace (or add) the cell ``ref`` in a worksheet part with ``cell_xml``."""
    new = cell_xml.encode("utf-8", "surrogatepass")
    pattern = re.compile(_CELL.format(ref=ref).encode(), re.S)
    if pattern.search(sheet_xml):
        return pattern.sub(lambda _m: new, sheet_xml, count=1)
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    row_open = re.compile(rb'<row r="' + row.encode() + rb'"[^>]*?(?:/>|>)')
    match = row_open.search(sheet_xml)
    if match and match.group(0).endswith(b"/>"):
        return sheet_xml[: match.start()] + b'<row r="' + row.encode() + b'">' + new + b"</row>" + sheet_xml[match.end():]
    if match:
        end = sheet_xml.index(b"</row>", match.end())
        return sheet_xml[:end] + new + sheet_xml[end:]
    return sheet_xml.replace(b"</sheetData>", b'<row r="' + row.encode() + b'">' + new + b"</row></sheetData>")


def cell_style(sheet_xml: bytes, ref: str) -> str:
    match = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*? s="(\d+)"', sheet_xml)
    return f' s="{match.group(1).decode()}"' if match else ""


def inline(ref: str, text_xml: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text_xml}</t></is></c>'


def with_shared_strings(members: dict[str, bytes], strings: list[str]) -> dict[str, bytes]:
    """Add a sharedStrings part holding ``strings`` (raw XML text) and its relationship."""
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    members = dict(members)
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{items}</sst>'
    ).encode("utf-8", "surrogatepass")
    rels = members["xl/_rels/workbook.xml.rels"]
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
        b' Target="sharedStrings.xml"/></Relationships>')
    types = members["[Content_Types].xml"]
    members["[Content_Types].xml"] = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return members


def shared(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


# --------------------------------------------------------------------------- check: helpers


def _check_argv(rng: random.Random, path: Path) -> list[str]:
    # every case's report files, so the oracle can read each one (the default writes the flagged cases')
    argv = ["check", str(path), "--out", "{out}", "--quiet", "--per-case", "all"]
    if rng.random() < 0.5:
        argv += ["--window", "2020-07-01", "2020-07-31"]
    if rng.random() < 0.3:
        argv += ["--format", "json,html,md"]
    if rng.random() < 0.3:
        argv += ["--engine", "reference"]
    return argv


def _check_case(rng, path: Path, label: str, expected_rows: int | None = None, **kw) -> Case:
    return Case("check", label, _check_argv(rng, path), {"input": path}, expected_rows, **kw)


def _base_workbook(rng: random.Random, count: int | None = None, title: bool | None = None):
    apps = valid_applications(rng, count)
    title = rng.random() < 0.5 if title is None else title
    rows = application_rows(apps, title=title)
    members = zip_members(workbook_bytes([("申报汇总表", rows)]))
    first = 3 if title else 2  # first data row
    return apps, members, first


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- check: xlsx


def gen_xlsx_valid(rng, folder, scale):
    """A valid workbook, optionally with blank rows and a 合计 row (the property's baseline)."""
    apps = valid_applications(rng)
    rows = application_rows(apps, title=rng.random() < 0.5)
    extra = rng.choice(["none", "blank", "total", "both"])
    if extra in ("blank", "both"):
        rows.insert(rng.randint(len(rows) - len(apps), len(rows)), [None] * len(APP_HEADERS))
        rows.append([len(apps) + 1])  # a template row with only 序号
    if extra in ("total", "both"):
        rows.append([None, "合计", None, None, None, None, None, None, None, None,
                     sum(a["年度设备投入（万元）"] for a in apps), None, None, None])
    data_rows = len(rows) - rows.index(APP_HEADERS) - 1
    return _check_case(rng, _write(folder, "apps.xlsx", workbook_bytes([("申报汇总表", rows)])), f"xlsx-valid/{extra}", data_rows)


def gen_xlsx_truncated(rng, folder, scale):
    _, members, _ = _base_workbook(rng)
    data = build_zip(members)
    cut = rng.choice([rng.randint(1, len(data) - 1), len(data) - rng.randint(1, 22), rng.randint(30, 400)])
    return _check_case(rng, _write(folder, "apps.xlsx", data[:cut]), f"xlsx-truncated/{cut}of{len(data)}")


def gen_xlsx_member_flip(rng, folder, scale):
    """Flip bytes inside one member's stored data (deflated, or stored so the XML text changes)."""
    _, members, _ = _base_workbook(rng)
    name = rng.choice(list(members))
    stored = rng.random() < 0.5
    data = bytearray(build_zip(members, stored=(name,) if stored else ()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    flips = rng.randint(1, 8)
    for _ in range(flips):
        position = start + rng.randrange(max(1, info.compress_size))
        data[position] ^= rng.randint(1, 255)
    return _check_case(rng, _write(folder, "apps.xlsx", bytes(data)),
                       f"xlsx-member-flip/{name}/{'stored' if stored else 'deflated'}/{flips}")


def gen_xlsx_byte_flip(rng, folder, scale):
    _, members, _ = _base_workbook(rng)
    data = bytearray(build_zip(members))
    flips = rng.randint(1, 20)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return _check_case(rng, _write(folder, "apps.xlsx", bytes(data)), f"xlsx-byte-flip/{flips}")


INVALID_XML = [
    ("garbage", lambda xml, rng: bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))),
    ("cut", lambda xml, rng: xml[: rng.randint(1, max(1, len(xml) - 1))]),
    ("empty", lambda xml, rng: b""),
    ("unclosed", lambda xml, rng: xml.replace(b"</sheetData>", b"").replace(b"</Relationships>", b"")),
    ("mismatched", lambda xml, rng: xml.replace(b"</row>", b"</rows>", 1)),
    ("not-xml", lambda xml, rng: "申报编号,企业名称\n1,2\n".encode()),
    ("utf16", lambda xml, rng: xml.decode("utf-8").encode("utf-16")),
    ("bad-encoding-decl", lambda xml, rng: b'<?xml version="1.0" encoding="ebcdic-xx"?>' + xml.split(b"?>", 1)[-1]),
    ("two-roots", lambda xml, rng: xml + xml.split(b"?>", 1)[-1]),
    ("nul-byte", lambda xml, rng: xml[: len(xml) // 2] + b"\x00" + xml[len(xml) // 2:]),
]


def gen_xlsx_invalid_xml(rng, folder, scale):
    _, members, _ = _base_workbook(rng)
    name = rng.choice([SHEET1, SHEET1, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                       "xl/styles.xml", "_rels/.rels"])
    variant, damage = rng.choice(INVALID_XML)
    members[name] = damage(members[name], rng)
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-invalid-xml/{name}/{variant}")


# XML that a lenient parser may read but ElementTree refuses; a formula cell makes the formula scan parse it.
TOLERATED_XML = [
    ("undeclared-prefix", lambda xml: xml.replace(b"</sheetData>", b'<x:extra r="1"/></sheetData>')),
    ("charref-control", lambda xml: xml.replace(b"</sheetData>", b'<row r="999"><c r="P999" t="inlineStr"><is><t>a&#1;b</t></is></c></row></sheetData>')),
    ("duplicate-attribute", lambda xml: xml.replace(b'<row r="1"', b'<row r="1" spans="1:2" spans="1:3"', 1)),
    ("text-after-root", lambda xml: xml + b"trailing text"),
    ("raw-ampersand", lambda xml: xml.replace(b"</sheetData>", b'<row r="999"><c r="P999" t="inlineStr"><is><t>A & B</t></is></c></row></sheetData>')),
    ("undefined-entity", lambda xml: xml.replace(b"</sheetData>", b'<row r="999"><c r="P999" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData>')),
    ("raw-control-byte", lambda xml: xml.replace(b"</sheetData>", b'<row r="999"><c r="P999" t="inlineStr"><is><t>a\x07b</t></is></c></row></sheetData>')),
    ("bad-utf8", lambda xml: xml.replace(b"</sheetData>", b'<row r="999"><c r="P999" t="inlineStr"><is><t>a\xff\xfeb</t></is></c></row></sheetData>')),
]


def gen_xlsx_tolerated_xml(rng, folder, scale):
    apps, members, first = _base_workbook(rng)
    variant, damage = rng.choice(TOLERATED_XML)
    xml = members[SHEET1]
    if rng.random() < 0.8:  # a formula cell (with a cached value) so the formula scan runs
        ref = header_ref("项目总投资（万元）", first)
        xml = set_cell(xml, ref, f'<c r="{ref}"><f>K{first}*2</f><v>{apps[0]["项目总投资（万元）"]}</v></c>')
        variant += "+formula"
    members[SHEET1] = damage(xml)
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-tolerated-xml/{variant}",
                       None)


def gen_xlsx_entity(rng, folder, scale):
    """An entity declaration after the first 4 KiB of a part (padding comment before the DOCTYPE)."""
    apps, members, first = _base_workbook(rng)
    part = rng.choice([SHEET1, SHEET1, "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"])
    offset = rng.choice([100, 5000, 70_000])
    laughs = rng.random() < 0.5
    if laughs:  # a small billion-laughs (10^4 expansions)
        decls = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{"&a%d;" % (i - 1) * 10}">' for i in range(1, 5))
        use = "&a4;"
    else:
        decls = '<!ENTITY e "expanded">'
        use = "&e;"
    xml = members[part]
    if part == SHEET1 and rng.random() < 0.7:
        ref = header_ref("项目总投资（万元）", first)
        xml = set_cell(xml, ref, f'<c r="{ref}"><f>1+1</f><v>2</v></c>')
        if rng.random() < 0.5:
            xml = set_cell(xml, header_ref("项目名称", first), inline(header_ref("项目名称", first), use))
    body = xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml
    root = re.match(rb"\s*<([\w:]+)", body).group(1).decode()
    prolog = '<?xml version="1.0" encoding="UTF-8"?>' + "<!--" + "x" * offset + "-->"
    members[part] = (prolog + f"<!DOCTYPE {root} [{decls}]>").encode() + body
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)),
                       f"xlsx-entity/{part}/after{offset}/{'laughs' if laughs else 'plain'}")


def gen_xlsx_far_cell(rng, folder, scale):
    """A tiny file whose sheet claims (or has) a cell far away."""
    _, members, _ = _base_workbook(rng)
    xml = members[SHEET1]
    variant = rng.choice(["XFD1048576", "XFD1048576-dimension-only", "XFD2", f"K{scale.far_row}",
                          f"A{scale.far_row}", "XFD1048576", "ZZ10"])
    if variant.endswith("dimension-only"):
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
    else:
        ref = variant
        xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{ref}"/>'.encode(), xml)
        xml = set_cell(xml, ref, f'<c r="{ref}"><v>1</v></c>')
    members[SHEET1] = xml
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-far-cell/{variant}", timeout=240)


def gen_xlsx_huge_string(rng, folder, scale):
    """One huge string (shared or inline) in a contract column, a free column or the header."""
    apps, members, first = _base_workbook(rng, count=2)
    size = scale.huge_string_mb << 20
    where = rng.choice(["企业名称", "申报编号", "联系人", "项目名称", "header"])
    text = rng.choice(["A", "威", "ab"]) * (size // 3)
    as_shared = rng.random() < 0.5
    row = first
    if where == "header":  # an extra header cell right of the table
        ref = f"{column_letter(len(APP_HEADERS) + 1)}{first - 1}"
    else:
        ref = header_ref(where, row)
    if as_shared:
        members = with_shared_strings(members, [text])
        members[SHEET1] = set_cell(members[SHEET1], ref, shared(ref, 0))
    else:
        members[SHEET1] = set_cell(members[SHEET1], ref, inline(ref, text))
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)),
                       f"xlsx-huge-string/{where}/{'shared' if as_shared else 'inline'}/{len(text.encode()) >> 20}MB",
                       len(apps), timeout=300)


def gen_xlsx_bomb(rng, folder, scale):
    """A small zip whose sheet part expands to scale.bomb_mb of padding."""
    apps, members, first = _base_workbook(rng, count=2)
    size = scale.bomb_mb << 20
    variant = rng.choice(["whitespace", "comment", "attribute", "empty-rows", "empty-cells"])
    xml = members[SHEET1]
    if variant == "whitespace":
        xml = xml.replace(b"</sheetData>", b" " * size + b"</sheetData>")
    elif variant == "comment":
        xml = xml.replace(b"</sheetData>", b"<!--" + b"-" * 0 + b"x" * size + b"--></sheetData>")
    elif variant == "attribute":
        xml = xml.replace(b"<sheetData>", b'<sheetData fuzz="' + b"y" * size + b'">')
    elif variant == "empty-rows":  # rows far below the data without cells (reader may materialise them)
        count = size // 40
        rows = b"".join(b'<row r="%d" spans="1:14"/>' % n for n in range(first + len(apps) + 5, first + len(apps) + 5 + count))
        xml = xml.replace(b"</sheetData>", rows + b"</sheetData>")
    else:  # one row with very many empty cells beyond the header
        count = size // 30
        cells = b"".join(b'<c r="%s%d"/>' % (column_letter(n).encode(), first) for n in range(20, min(16384, 20 + count)))
        xml = xml.replace(b'<row r="%d"' % first, b'<row r="%d"' % first, 1)
        xml = set_cell(xml, f"T{first}", cells.decode())
    members[SHEET1] = xml
    data = build_zip(members)
    return _check_case(rng, _write(folder, "apps.xlsx", data),
                       f"xlsx-bomb/{variant}/{len(data) >> 10}KB-to-{len(xml) >> 20}MB", timeout=300)


CTRL_FIELDS = ["申报编号", "企业名称", "所在区市", "统一社会信用代码", "注册地址", "项目名称", "联系人", "是否独立法人",
               "年度设备投入（万元）", "申报日期"]


def gen_xlsx_control_chars(rng, folder, scale):
    """Control characters in a cell: as the OOXML _xHHHH_ escape, a character reference or raw."""
    apps, members, first = _base_workbook(rng)
    header = rng.choice(CTRL_FIELDS)
    char = rng.choice(CONTROL_CHARS + ["\ufffe", "\uffff", "\ud800"])
    form = rng.choice(["x-escape", "x-escape", "charref", "raw", "shared-x-escape"])
    row = first + rng.randrange(len(apps))
    ref = header_ref(header, row)
    base = str(apps[row - first][header] if not isinstance(apps[row - first][header], dt.datetime) else "2020-07-01")
    position = rng.randint(0, len(base))
    if form in ("x-escape", "shared-x-escape"):
        piece = ooxml_escape(char)
    elif form == "charref":
        piece = f"&#{ord(char)};"
    else:
        piece = char
    text = xml_text(base[:position]) + piece + xml_text(base[position:])
    if form == "shared-x-escape":
        members = with_shared_strings(members, [text])
        members[SHEET1] = set_cell(members[SHEET1], ref, shared(ref, 0))
    else:
        members[SHEET1] = set_cell(members[SHEET1], ref, inline(ref, text))
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)),
                       f"xlsx-control-char/{header}/{form}/U+{ord(char):04X}", len(apps))


def gen_xlsx_formula(rng, folder, scale):
    apps, members, first = _base_workbook(rng)
    xml = members[SHEET1]
    variants = []
    for _ in range(rng.randint(1, 3)):
        header = rng.choice(["项目总投资（万元）", "年度设备投入（万元）", "申报编号", "企业名称", "统一社会信用代码", "申报日期", "是否独立法人"])
        row = first + rng.randrange(len(apps))
        ref = header_ref(header, row)
        kind = rng.choice(["no-cache", "empty-cache", "error", "error-no-formula", "shared-child", "array", "str-cache",
                           "bool-cache", "huge-formula"])
        error = rng.choice(EXCEL_ERRORS)
        cell = {
            "no-cache": f'<c r="{ref}"><f>SUM(1,2)</f></c>',
            "empty-cache": f'<c r="{ref}"><f>SUM(1,2)</f><v></v></c>',
            "error": f'<c r="{ref}" t="e"><f>VLOOKUP(A1,B:C,2,0)</f><v>{xml_text(error)}</v></c>',
            "error-no-formula": f'<c r="{ref}" t="e"><v>{xml_text(error)}</v></c>',
            "shared-child": f'<c r="{ref}"><f t="shared" si="0"/></c>',
            "array": f'<c r="{ref}"><f t="array" ref="{ref}">SUM(A1:A3*B1:B3)</f><v>6</v></c>',
            "str-cache": f'<c r="{ref}" t="str"><f>"=cmd|\' /C calc\'!A0"</f><v>=cmd|\' /C calc\'!A0</v></c>',
            "bool-cache": f'<c r="{ref}" t="b"><f>TRUE()</f><v>1</v></c>',
            "huge-formula": f'<c r="{ref}"><f>{"1+" * 20000}1</f><v>20001</v></c>',
        }[kind]
        xml = set_cell(xml, ref, cell)
        variants.append(f"{header}:{kind}")
    members[SHEET1] = xml
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-formula/{'+'.join(variants)}", len(apps))


ID_VARIANTS = ["zero-width-duplicate", "reserved", "case-duplicate", "long", "row-like", "slashes", "nfkc-duplicate",
               "number-vs-text", "trailing-dot", "formula"]


def hostile_ids(rng: random.Random, count: int) -> tuple[str, list[object]]:
    """Application ids that stress report file names and duplicate detection."""
    variant = rng.choice(ID_VARIANTS)
    ids: list[object] = [f"WH-2020-{n:03d}" for n in range(1, count + 1)]
    if variant == "zero-width-duplicate":
        ids[1] = ids[0][:3] + rng.choice(INVISIBLE) + ids[0][3:]
    elif variant == "reserved":
        for i in range(count):
            ids[i] = rng.choice(WINDOWS_RESERVED)
        ids = list(dict.fromkeys(ids)) + [f"X{n}" for n in range(count - len(dict.fromkeys(ids)))]
    elif variant == "case-duplicate":
        ids[1] = "wh-2020-001"
        ids[0] = "WH-2020-001"
    elif variant == "long":
        ids[0] = "长" * rng.choice([49, 50, 51, 200])
        ids[1] = "L" * rng.choice([149, 150, 151, 255, 256, 5000])
    elif variant == "row-like":
        ids[0] = "row3"
        ids[1] = f"row{rng.randint(1, 5)}"
    elif variant == "slashes":
        ids[0] = "a/b"
        ids[1] = "a\\b"
    elif variant == "nfkc-duplicate":
        ids[1] = "ＷＨ－２０２０－００１"
    elif variant == "number-vs-text":
        ids[0] = 1
        ids[1] = "1"
        if count > 2:
            ids[2] = 1.0
    elif variant == "trailing-dot":
        ids[0] = "WH-2020-001."
        ids[1] = "WH-2020-001"
    elif variant == "formula":
        ids[0] = rng.choice(FORMULA_TEXT).strip() or "=1"
    return variant, ids


def gen_xlsx_ids(rng, folder, scale):
    apps = valid_applications(rng, rng.randint(3, 6))
    variant, ids = hostile_ids(rng, len(apps))
    for app, value in zip(apps, ids):
        app["申报编号"] = value
    rows = application_rows(apps)
    if variant == "formula":  # keep it text: openpyxl would store a leading "=" as a formula
        members = zip_members(workbook_bytes([("申报汇总表", [[("ZZTOKEN" if v == ids[0] else v) for v in r] for r in rows])]))
        members[SHEET1] = members[SHEET1].replace(b"ZZTOKEN", xml_text(str(ids[0])).encode())
        data = build_zip(members)
    else:
        data = workbook_bytes([("申报汇总表", rows)])
    return _check_case(rng, _write(folder, "apps.xlsx", data), f"xlsx-ids/{variant}", len(apps))


NUMBER_CELLS = [
    ("1e308", "<v>1e308</v>"), ("-1e308", "<v>-1e308</v>"), ("1e400", "<v>1e400</v>"), ("2^64", "<v>18446744073709551616</v>"),
    ("NaN", "<v>NaN</v>"), ("inf", "<v>INF</v>"), ("empty-v", "<v></v>"), ("text-in-v", "<v>abc</v>"), ("-0", "<v>-0</v>"),
    ("5e-324", "<v>5e-324</v>"), ("99.995", "<v>99.995</v>"), ("hex", "<v>0x1F</v>"), ("long-digits", "<v>" + "9" * 400 + "</v>"),
]
DATE_SERIALS = ["0", "60", "-1", "2958465", "2958466", "1e10", "0.5", "NaN", "-693594", "1e308", "61.999999999"]


def gen_xlsx_numbers(rng, folder, scale):
    apps, members, first = _base_workbook(rng)
    xml = members[SHEET1]
    labels = []
    for _ in range(rng.randint(1, 3)):
        row = first + rng.randrange(len(apps))
        if rng.random() < 0.4:
            ref = header_ref("申报日期", row)
            serial = rng.choice(DATE_SERIALS)
            xml = set_cell(xml, ref, f'<c r="{ref}"{cell_style(xml, ref)}><v>{serial}</v></c>')
            labels.append(f"date:{serial}")
        else:
            header = rng.choice(["年度设备投入（万元）", "项目总投资（万元）", "申报编号", "统一社会信用代码", "是否独立法人"])
            ref = header_ref(header, row)
            name, value = rng.choice(NUMBER_CELLS + [("text:" + t, None) for t in ODD_TEXT[:14]])
            cell = f'<c r="{ref}">{value}</c>' if value else inline(ref, xml_text(name[5:]))
            xml = set_cell(xml, ref, cell)
            labels.append(f"{header}:{name}")
    members[SHEET1] = xml
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-numbers/{'+'.join(labels)}", len(apps))


def gen_xlsx_structure(rng, folder, scale):
    """Damaged package structure: missing parts, odd relationships, odd sheets."""
    apps, members, first = _base_workbook(rng)
    variant = rng.choice(["no-workbook", "no-rels", "no-sheet", "absolute-target", "missing-target", "chartsheet-first",
                          "hidden-first-empty", "header-row-12", "duplicate-headers", "no-sheetdata", "content-types-missing",
                          "two-sheets-same-part", "merged-cells", "unicode-sheet-name", "sheet-in-subfolder"])
    if variant == "no-workbook":
        del members["xl/workbook.xml"]
    elif variant == "no-rels":
        del members["xl/_rels/workbook.xml.rels"]
    elif variant == "no-sheet":
        del members[SHEET1]
    elif variant == "absolute-target":
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            b'Target="/xl/worksheets/sheet1.xml"', b'Target="/xl/worksheets/sheet1.xml"').replace(
            b'Target="worksheets/sheet1.xml"', b'Target="/xl/worksheets/sheet1.xml"')
    elif variant == "missing-target":
        members["xl/_rels/workbook.xml.rels"] = re.sub(rb'Target="[^"]*sheet1.xml"', b'Target="worksheets/nothere.xml"',
                                                       members["xl/_rels/workbook.xml.rels"])
    elif variant == "chartsheet-first":
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b"<sheets>", b'<sheets><sheet name="Chart" sheetId="9" r:id="rIdX"/>')
    elif variant == "hidden-first-empty":
        members["xl/worksheets/sheet0.xml"] = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                               b"<sheetData/></worksheet>")
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                 b'relationships/worksheet" Target="worksheets/sheet0.xml"/></Relationships>')
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
            b"<sheets>", b'<sheets><sheet name="Hidden" sheetId="99" state="hidden" r:id="rId99"/>')
    elif variant == "header-row-12":
        rows = [["说明"]] * 11 + application_rows(apps)
        members = zip_members(workbook_bytes([("申报汇总表", rows)]))
    elif variant == "duplicate-headers":
        headers = APP_HEADERS + ["申报编号", "企业名称", "年度设备投入（元）"]
        rows = application_rows([dict(a, **{"年度设备投入（元）": "abc"}) for a in apps], headers)
        for row in rows[1:]:
            row[-3:] = ["OTHER-ID", "其他公司", "1000000"]
        members = zip_members(workbook_bytes([("申报汇总表", rows)]))
    elif variant == "no-sheetdata":
        members[SHEET1] = re.sub(rb"<sheetData>.*</sheetData>", b"", members[SHEET1], flags=re.S)
    elif variant == "content-types-missing":
        del members["[Content_Types].xml"]
    elif variant == "two-sheets-same-part":
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
            b"</sheets>", b'<sheet name="Copy" sheetId="2" r:id="rId1"/></sheets>')
    elif variant == "merged-cells":
        members[SHEET1] = members[SHEET1].replace(
            b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="B{first}:B{first + 1}"/></mergeCells>'.encode())
    elif variant == "unicode-sheet-name":
        members["xl/workbook.xml"] = re.sub(rb'name="[^"]*"', "name=\"表&#7;\\/*?[]\"".encode(), members["xl/workbook.xml"], count=1)
    elif variant == "sheet-in-subfolder":
        members["xl/worksheets/deep/../sheet1.xml"] = members.pop(SHEET1)
    expected = len(apps) if variant in ("duplicate-headers", "merged-cells") else None
    return _check_case(rng, _write(folder, "apps.xlsx", build_zip(members)), f"xlsx-structure/{variant}", expected)


def gen_wrong_format(rng, folder, scale):
    """A file whose name says workbook but whose bytes say otherwise (or the other way round)."""
    apps = valid_applications(rng)
    variant = rng.choice(["csv-as-xlsx", "json-as-xlsx", "random-xls", "random-xlsb", "random-ods", "xlsx-as-xls",
                          "xlsx-as-json", "xlsx-as-xlsm", "empty-xlsx", "zip-without-xlsx", "html-as-xls", "xlsx-as-ods"])
    xlsx = workbook_bytes([("申报汇总表", application_rows(apps))])
    name, data = {
        "csv-as-xlsx": ("apps.xlsx", "申报编号,企业名称\nA,B\n".encode("utf-8")),
        "json-as-xlsx": ("apps.xlsx", b"[]"),
        "random-xls": ("apps.xls", bytes(rng.randrange(256) for _ in range(2000))),
        "random-xlsb": ("apps.xlsb", bytes(rng.randrange(256) for _ in range(2000))),
        "random-ods": ("apps.ods", bytes(rng.randrange(256) for _ in range(2000))),
        "xlsx-as-xls": ("apps.xls", xlsx),
        "xlsx-as-json": ("apps.json", xlsx),
        "xlsx-as-xlsm": ("apps.xlsm", xlsx),
        "empty-xlsx": ("apps.xlsx", b""),
        "zip-without-xlsx": ("apps.xlsx", build_zip({"hello.txt": b"hi"})),
        "html-as-xls": ("apps.xls", "<table><tr><td>申报编号</td></tr></table>".encode()),
        "xlsx-as-ods": ("apps.ods", xlsx),
    }[variant]
    expected = len(apps) if variant in ("xlsx-as-xlsm",) else None
    return _check_case(rng, _write(folder, name, data), f"wrong-format/{variant}", expected)


# --------------------------------------------------------------------------- check: JSON / JSONL


def json_ready(app: dict) -> dict:
    return {k: (v.date().isoformat() if isinstance(v, dt.datetime) else v) for k, v in app.items()}


def _json_apps(rng, count=None) -> list[dict]:
    return [json_ready(a) for a in valid_applications(rng, count)]


def _dump(data, rng=None, allow_nan=True) -> str:
    return json.dumps(data, ensure_ascii=bool(rng and rng.random() < 0.3), allow_nan=allow_nan)


def _json_case(rng, folder, apps_text: str | bytes, label: str, expected: int | None, suffix: str = ".json") -> Case:
    data = apps_text.encode("utf-8", "surrogatepass") if isinstance(apps_text, str) else apps_text
    return _check_case(rng, _write(folder, "apps" + suffix, data), label, expected)


def _as_jsonl(apps: list) -> str:
    return "\n".join(json.dumps(a, ensure_ascii=False, allow_nan=True) for a in apps) + "\n"


def gen_json_valid(rng, folder, scale):
    apps = _json_apps(rng)
    form = rng.choice(["list", "applications", "jsonl", "jsonl-crlf", "with-total"])
    if form == "list":
        return _json_case(rng, folder, _dump(apps, rng), "json-valid/list", len(apps))
    if form == "applications":
        return _json_case(rng, folder, _dump({"applications": apps, "meta": {"x": 1}}, rng), "json-valid/applications", len(apps))
    if form == "with-total":
        apps.append({"申报编号": "合计", "年度设备投入（万元）": 1000})
        return _json_case(rng, folder, _dump(apps, rng), "json-valid/with-total", len(apps))
    text = _as_jsonl(apps)
    if form == "jsonl-crlf":
        text = text.replace("\n", "\r\n")
    return _json_case(rng, folder, text, f"json-valid/{form}", len(apps), ".jsonl")


WRONG_VALUES = [
    ("list", lambda rng: [1, 2, "三"]), ("empty-list", lambda rng: []), ("dict", lambda rng: {"value": 150, "unit": "万元"}),
    ("empty-dict", lambda rng: {}), ("null", lambda rng: None), ("true", lambda rng: True), ("false", lambda rng: False),
    ("nested", lambda rng: [[{"a": [None, {"b": []}]}]]), ("float", lambda rng: 0.1), ("negative", lambda rng: -5),
    ("2^64", lambda rng: 2**64), ("-2^63-1", lambda rng: -(2**63) - 1), ("10^400", lambda rng: 10**400),
    ("1e308", lambda rng: 1e308), ("nan", lambda rng: float("nan")), ("inf", lambda rng: float("inf")),
    ("big-float-text", lambda rng: "1e999999"), ("digits-4000", lambda rng: int("7" * 4000)),
    ("control", lambda rng: "威海" + rng.choice(CONTROL_CHARS) + "公司"), ("surrogate", lambda rng: "a\ud800b"),
    ("bom-inside", lambda rng: "\ufeff" + "WH-1"), ("formula", lambda rng: rng.choice(FORMULA_TEXT)),
    ("odd-text", lambda rng: rng.choice(ODD_TEXT)),
]


def gen_json_wrong_types(rng, folder, scale):
    apps = _json_apps(rng)
    labels = []
    for _ in range(rng.randint(1, 4)):
        app = rng.choice(apps)
        key = rng.choice([*FIELD_HEADERS.values(), "备注", "项目领域"])
        name, make = rng.choice(WRONG_VALUES)
        app[key] = make(rng)
        labels.append(f"{key}:{name}")
    as_jsonl = rng.random() < 0.4
    text = _as_jsonl(apps) if as_jsonl else _dump(apps)
    return _json_case(rng, folder, text, f"json-wrong-types/{'jsonl' if as_jsonl else 'json'}/{'+'.join(labels)}",
                      len(apps), ".jsonl" if as_jsonl else ".json")


def deep_value(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "1" + "]" * depth
    if kind == "dict":
        return '{"a":' * depth + "1" + "}" * depth
    return ('[{"a":' * (depth // 2)) + "1" + ("}]" * (depth // 2))


def gen_json_deep(rng, folder, scale):
    """Deep nesting in a contract field or in a free column (kept as evidence in the report)."""
    apps = _json_apps(rng)
    depth = rng.choice([257, 300, 1000, scale.deep, 50_000])
    kind = rng.choice(["list", "dict", "mixed"])
    key = rng.choice(["联系人", "备注", "企业名称", "年度设备投入（万元）", "申报编号"])
    as_jsonl = rng.random() < 0.5
    target = rng.randrange(len(apps))
    placeholder = "ZZDEEPZZ"
    apps[target][key] = placeholder
    text = _as_jsonl(apps) if as_jsonl else _dump(apps)
    text = text.replace(f'"{placeholder}"', deep_value(depth, kind))
    return _json_case(rng, folder, text, f"json-deep/{'jsonl' if as_jsonl else 'json'}/{key}/{kind}{depth}",
                      len(apps), ".jsonl" if as_jsonl else ".json")


def gen_json_literals(rng, folder, scale):
    """Non-standard literals and number forms Python's json accepts or refuses."""
    apps = _json_apps(rng)
    key = rng.choice(["年度设备投入（万元）", "项目总投资（万元）", "申报日期", "申报编号", "联系人", "是否独立法人"])
    literal = rng.choice(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1E-400", "18446744073709551616",
                          "-0", "0.1e1", "1" + "0" * 4299, "1" + "0" * 4301, "01", "+1", ".5", "1.", "0x10", "undefined"])
    as_jsonl = rng.random() < 0.5
    apps[0][key] = "ZZLITZZ"
    text = (_as_jsonl(apps) if as_jsonl else _dump(apps)).replace('"ZZLITZZ"', literal)
    return _json_case(rng, folder, text, f"json-literals/{'jsonl' if as_jsonl else 'json'}/{key}/{literal[:24]}",
                      len(apps), ".jsonl" if as_jsonl else ".json")


def gen_json_control(rng, folder, scale):
    """Control characters as JSON escapes (valid) and raw (invalid), surrogates, line separators."""
    apps = _json_apps(rng)
    key = rng.choice(["申报编号", "企业名称", "所在区市", "统一社会信用代码", "注册地址", "项目名称", "联系人"])
    char = rng.choice(CONTROL_CHARS + ["\u2028", "\u2029", "\u0085", "\ud800", "\udfff", "\ufffe", "\ufeff"])
    form = rng.choice(["escaped", "escaped", "raw"])
    as_jsonl = rng.random() < 0.5
    target = rng.randrange(len(apps))
    apps[target][key] = f"{apps[target][key]}ZZCHARZZ"
    text = _as_jsonl(apps) if as_jsonl else _dump(apps)
    replacement = f"\\u{ord(char):04x}" if form == "escaped" else char
    text = text.replace("ZZCHARZZ", replacement)
    return _json_case(rng, folder, text, f"json-control/{'jsonl' if as_jsonl else 'json'}/{key}/{form}/U+{ord(char):04X}",
                      len(apps), ".jsonl" if as_jsonl else ".json")


def gen_json_encoding(rng, folder, scale):
    apps = _json_apps(rng)
    as_jsonl = rng.random() < 0.5
    text = _as_jsonl(apps) if as_jsonl else json.dumps(apps, ensure_ascii=False)
    variant = rng.choice(["utf8-bom", "gbk", "gb18030", "utf16", "utf16-bom", "latin1-mojibake", "invalid-utf8",
                          "utf32", "bom-twice", "mixed-lines"])
    if variant == "utf8-bom":
        data = b"\xef\xbb\xbf" + text.encode()
    elif variant in ("gbk", "gb18030"):
        data = text.encode(variant)
    elif variant == "utf16":
        data = text.encode("utf-16-le")
    elif variant == "utf16-bom":
        data = text.encode("utf-16")
    elif variant == "latin1-mojibake":
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    elif variant == "invalid-utf8":
        raw = bytearray(text.encode())
        for _ in range(rng.randint(1, 5)):
            raw.insert(rng.randrange(len(raw)), rng.choice([0xFF, 0xC0, 0x80, 0xED]))
        data = bytes(raw)
    elif variant == "utf32":
        data = text.encode("utf-32")
    elif variant == "bom-twice":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode()
    else:  # one line GBK, the others UTF-8
        lines = text.splitlines()
        data = b"\n".join(line.encode("gbk" if i == 0 else "utf-8") for i, line in enumerate(lines)) + b"\n"
    expected = len(apps) if variant in ("utf8-bom", "gbk", "gb18030") else None
    return _json_case(rng, folder, data, f"json-encoding/{'jsonl' if as_jsonl else 'json'}/{variant}", expected,
                      ".jsonl" if as_jsonl else ".json")


def gen_json_shapes(rng, folder, scale):
    apps = _json_apps(rng)
    variant, text = rng.choice([
        ("empty", ""), ("whitespace", " \n\t "), ("scalar-number", "42"), ("scalar-string", '"申报"'), ("null", "null"),
        ("true", "true"), ("object-no-applications", json.dumps(apps[0], ensure_ascii=False)),
        ("applications-not-list", json.dumps({"applications": {"a": apps[0]}}, ensure_ascii=False)),
        ("empty-list", "[]"), ("list-of-scalars", "[1, \"a\", null, true]"), ("list-of-lists", json.dumps([list(a.values()) for a in apps], ensure_ascii=False, default=str)),
        ("list-of-empty-objects", "[{}, {}, {}]"), ("mixed", json.dumps([apps[0], 1, None, [], apps[-1]], ensure_ascii=False)),
        ("trailing-comma", json.dumps(apps, ensure_ascii=False)[:-1] + ",]"), ("two-documents", json.dumps(apps, ensure_ascii=False) * 2),
        ("comment", "// x\n" + json.dumps(apps, ensure_ascii=False)), ("single-quotes", str(apps[:1])),
        ("huge-list", json.dumps([{}] * 20000)),
    ])
    expected = {"list-of-scalars": 4, "list-of-lists": len(apps), "list-of-empty-objects": 3, "mixed": 5,
                "huge-list": 20000}.get(variant)
    return _json_case(rng, folder, text, f"json-shapes/{variant}", expected)


def gen_jsonl_mixed(rng, folder, scale):
    """JSONL with good, broken, scalar and array lines, odd separators and blank lines."""
    apps = _json_apps(rng, rng.randint(3, 6))
    lines = [json.dumps(a, ensure_ascii=False) for a in apps]
    labels = []
    for _ in range(rng.randint(1, 4)):
        variant = rng.choice(["broken", "scalar", "array", "blank", "vt-separator", "ff-separator", "fs-separator",
                              "nel-in-string", "ls-in-string", "long-line", "cr-only", "nul", "object-in-id"])
        labels.append(variant)
        i = rng.randrange(len(lines))
        if variant == "broken" and len(lines[i]) > 2:
            lines[i] = lines[i][: rng.randint(1, len(lines[i]) - 1)]
        elif variant == "scalar":
            lines.insert(i, rng.choice(["1", "null", '"x"', "true"]))
        elif variant == "array":
            lines.insert(i, "[1, 2]")
        elif variant == "blank":
            lines.insert(i, rng.choice(["", "   ", "\t"]))
        elif variant in ("vt-separator", "ff-separator", "fs-separator"):
            sep = {"vt-separator": "\x0b", "ff-separator": "\x0c", "fs-separator": "\x1c"}[variant]
            lines[i] = lines[i] + sep + json.dumps(apps[0], ensure_ascii=False)
        elif variant == "nel-in-string":
            lines[i] = lines[i].replace("公司", "公\u0085司", 1)
        elif variant == "ls-in-string":
            lines[i] = lines[i].replace("公司", "公\u2028司", 1)
        elif variant == "long-line":
            lines[i] = lines[i].replace("王工", "王" * 200_000, 1)
        elif variant == "cr-only":
            lines[i] = lines[i] + "\r" + json.dumps(apps[-1], ensure_ascii=False)
        elif variant == "nul":
            lines[i] = lines[i] + "\x00"
        elif variant == "object-in-id":
            lines[i] = lines[i].replace(f'"{apps[0]["申报编号"]}"', '{"id": "x"}', 1)
    text = "\n".join(lines) + "\n"
    # JSON Lines ends a line at LF (CRLF, or a lone CR, tolerated); nothing else ends a line
    expected = sum(1 for line in re.split(r"\r\n|\r|\n", text) if line.strip())
    return _json_case(rng, folder, text, f"jsonl-mixed/{'+'.join(labels)}", expected, ".jsonl")


def gen_json_keys(rng, folder, scale):
    """Keys that collide after header normalisation, duplicate keys, odd keys."""
    apps = _json_apps(rng)
    variant = rng.choice(["duplicate-key", "alias-collision", "fullwidth-key", "spaced-key", "empty-key", "control-key",
                          "long-key", "unit-yuan-column", "both-units", "numeric-key", "formula-key", "missing-required"])
    text = _dump(apps)
    app = apps[0]
    if variant == "duplicate-key":
        text = text.replace('"申报编号": ', '"申报编号": "DUP-A", "申报编号": ', 1)
    elif variant == "alias-collision":
        for a in apps:
            a["编号"] = "ALIAS-" + a["申报编号"]
            a["项目编号"] = None
        text = _dump(apps)
    elif variant == "fullwidth-key":
        for a in apps:
            a["年度设备投入(万元)"] = "1"
        text = _dump(apps)
    elif variant == "spaced-key":
        for a in apps:
            a[" 企 业 名 称 "] = a.pop("企业名称")
        text = _dump(apps)
    elif variant == "empty-key":
        app[""] = "x"
        text = _dump(apps)
    elif variant == "control-key":
        app["联系\u0007人"] = "x"
        app["申报编号\u200b"] = "ZW"
        text = _dump(apps)
    elif variant == "long-key":
        app["键" * 100_000] = 1
        text = _dump(apps)
    elif variant == "unit-yuan-column":
        for a in apps:
            a["年度设备投入（元）"] = a.pop("年度设备投入（万元）") * 10000
        text = _dump(apps)
    elif variant == "both-units":
        for a in apps:
            a["年度设备投入（元）"] = "abc"
        text = _dump(apps)
    elif variant == "numeric-key":
        text = text.replace("{", '{"1": 2, ', 1)
    elif variant == "formula-key":
        app["=cmd|' /C calc'!A0"] = "=1+1"
        text = _dump(apps)
    elif variant == "missing-required":
        for a in apps:
            a.pop(rng.choice(["企业名称", "统一社会信用代码", "年度设备投入（万元）"]), None)
        text = _dump(apps)
    return _json_case(rng, folder, text, f"json-keys/{variant}", len(apps))


def gen_json_ids(rng, folder, scale):
    apps = _json_apps(rng, rng.randint(3, 6))
    variant, ids = hostile_ids(rng, len(apps))
    for app, value in zip(apps, ids):
        app["申报编号"] = value
    if rng.random() < 0.3:
        apps[-1]["申报编号"] = rng.choice([True, None, [], {"a": 1}, 2**64, float("nan")])
        variant += "+odd-type"
    return _json_case(rng, folder, _dump(apps), f"json-ids/{variant}", len(apps))


def gen_json_many(rng, folder, scale):
    """Many small applications with random blank/odd cells (exercises counting and chunking)."""
    count = rng.choice([251, 300, 520])
    apps = _json_apps(rng, count)
    for app in apps:
        if rng.random() < 0.1:
            app[rng.choice(list(app))] = rng.choice(["", None, "?", " "])
    blanks = rng.randint(0, 5)
    apps += [{} for _ in range(blanks)]
    rng.shuffle(apps)
    return _json_case(rng, folder, _dump(apps), f"json-many/{count}+{blanks}blank", len(apps))


# --------------------------------------------------------------------------- audit: round records


def sample_round(name: str = "compliant_W-12.json") -> dict:
    return json.loads((SAMPLES / "rounds" / name).read_text(encoding="utf-8"))


def round_workbook(record: dict) -> bytes:
    sheets = []
    for name, content in record.items():
        rows = [content] if isinstance(content, dict) else (content or [])
        rows = [r for r in rows if isinstance(r, dict)]
        headers: list[str] = []
        for row in rows:
            headers.extend(k for k in row if k not in headers)
        sheets.append((str(name)[:31] or "x", [headers] + [[_cellable(row.get(h)) for h in headers] for row in rows]))
    return workbook_bytes(sheets or [("空", [])])


def _cellable(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    if isinstance(value, str):  # openpyxl refuses control characters: write their OOXML escape, which readers decode
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: ooxml_escape(m.group()), value)
    return value


def _audit_case(rng, folder: Path, data: bytes, suffix: str, label: str, more_args: list[str] | None = None) -> Case:
    path = _write(folder, "round" + suffix, data)
    argv = ["audit", str(path), "--out", "{out}"]
    if rng.random() < 0.3:
        argv += ["--engine", "reference"]
    if rng.random() < 0.25:
        argv += ["--ledger", str(SAMPLES / "rounds" / "ledger.db")]
    if rng.random() < 0.2:
        argv += ["--pool", str(SAMPLES / "experts.xlsx")]
    if rng.random() < 0.2:
        argv += ["--day-reading", rng.choice(["calendar", "working"])]
    return Case("audit", label, argv + (more_args or []), {"input": path})


def _round_bytes(rng, record, form: str) -> tuple[bytes, str]:
    if form == "yaml":
        import yaml

        return yaml.safe_dump(record, allow_unicode=True).encode(), ".yaml"
    if form == "xlsx":
        return round_workbook(record), ".xlsx"
    return json.dumps(record, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"), ".json"


def gen_round_valid(rng, folder, scale):
    record = sample_round(rng.choice(["compliant_W-12.json", "noncompliant_W-08.json"]))
    form = rng.choice(["json", "yaml", "xlsx"])
    data, suffix = _round_bytes(rng, record, form)
    return _audit_case(rng, folder, data, suffix, f"round-valid/{form}")


def gen_round_missing_sheets(rng, folder, scale):
    record = sample_round()
    gone = rng.sample(list(record), rng.randint(1, len(record)))
    for name in gone:
        del record[name]
    if rng.random() < 0.3:
        record["流程 节点"] = []  # a near-miss sheet name
    form = rng.choice(["json", "yaml", "xlsx"])
    data, suffix = _round_bytes(rng, record, form)
    return _audit_case(rng, folder, data, suffix, f"round-missing-sheets/{form}/{'+'.join(gone)}")


ROUND_VALUES = [
    ("null", None), ("string", "x"), ("number", 7), ("list-of-scalars", [1, 2]), ("list-of-lists", [[1, 2], [3]]),
    ("empty-dict", {}), ("true", True), ("nested", {"a": {"b": [{}]}}), ("2^64", 2**64), ("nan", float("nan")),
    ("huge-string", "字" * 200_000), ("control", "a\u0007b\u0000c"), ("formula", "=HYPERLINK(\"x\")"),
]


def gen_round_wrong_types(rng, folder, scale):
    record = sample_round()
    labels = []
    for _ in range(rng.randint(1, 3)):
        sheet = rng.choice(list(record))
        name, value = rng.choice(ROUND_VALUES)
        if rng.random() < 0.4:  # the whole sheet
            record[sheet] = value
            labels.append(f"{sheet}={name}")
        else:  # one cell
            rows = record[sheet] if isinstance(record[sheet], list) else [record[sheet]]
            rows = [r for r in rows if isinstance(r, dict)]
            if rows:
                row = rng.choice(rows)
                key = rng.choice(list(row) or ["x"])
                row[key] = value
                labels.append(f"{sheet}.{key}={name}")
    form = rng.choice(["json", "json", "yaml"])
    data, suffix = _round_bytes(rng, record, form)
    return _audit_case(rng, folder, data, suffix, f"round-wrong-types/{form}/{'+'.join(labels)}")


BAD_DATES = ["2020-02-30", "2020-13-01", "0001-01-01", "9999-12-31", "10000-01-01", "", " ", "明天", "2020/7/1/1",
             "2020年13月1日", "1e308", "NaN", -1, 0, 60, 2958466, 1e308, 1e10, True, [2020, 7, 1], {"y": 2020},
             "2020-07-01T25:00:00", "2020-07-01\u0007", "２０２０－０７－０１", "2004-01-01", "2027-01-01", "1899-12-31"]


def gen_round_bad_dates(rng, folder, scale):
    record = sample_round(rng.choice(["compliant_W-12.json", "noncompliant_W-08.json"]))
    labels = []
    for _ in range(rng.randint(1, 4)):
        sheet, key = rng.choice([("流程节点", "日期"), ("公示", "开始日期"), ("公示", "结束日期")])
        rows = record.get(sheet) or []
        if rows:
            value = rng.choice(BAD_DATES)
            rng.choice(rows)[key] = value
            labels.append(f"{sheet}.{key}={str(value)[:16]}")
    form = rng.choice(["json", "yaml", "xlsx"])
    data, suffix = _round_bytes(rng, record, form)
    return _audit_case(rng, folder, data, suffix, f"round-bad-dates/{form}/{'+'.join(labels)}")


def gen_round_steps(rng, folder, scale):
    record = sample_round()
    labels = []
    for _ in range(rng.randint(1, 3)):
        step = rng.choice(["未知步骤", "", " ", "党组会\u0007", "党 组 会", "=cmd|' /C calc'!A0", "事前报告" * 1000, None, 5,
                           "公示开始", "归档", "专家抽取"])
        row = dict(rng.choice(record["流程节点"]), 节点=step)
        if rng.random() < 0.5:
            row["阶段"] = rng.choice(["3", "第三阶段", "二", "-1", "1.5", "99999999999999999999", "阶段", ""])
        record["流程节点"].insert(rng.randrange(len(record["流程节点"]) + 1), row)
        labels.append(str(step)[:12])
    form = rng.choice(["json", "yaml", "xlsx"])
    data, suffix = _round_bytes(rng, record, form)
    return _audit_case(rng, folder, data, suffix, f"round-steps/{form}/{'+'.join(labels)}")


def gen_round_huge(rng, folder, scale):
    record = sample_round()
    sheet = rng.choice(["流程节点", "专家抽取", "公示", "归档"])
    rows = record.get(sheet) or [{"开始日期": "2020-06-01", "结束日期": "2020-06-08", "渠道": "官网", "异议数": 0}]
    record[sheet] = [dict(rng.choice(rows)) for _ in range(scale.huge_rows)]
    form = rng.choice(["json", "yaml", "xlsx"])
    data, suffix = _round_bytes(rng, record, form)
    case = _audit_case(rng, folder, data, suffix, f"round-huge/{form}/{sheet}x{scale.huge_rows}")
    case.timeout = 300
    return case


def gen_round_ids(rng, folder, scale):
    """Hostile round ids and workflows; several records in one file (one folder per round)."""
    records = [sample_round(rng.choice(["compliant_W-12.json", "noncompliant_W-08.json"])) for _ in range(rng.randint(1, 4))]
    labels = []
    for record in records:
        variant = rng.choice(["reserved", "control", "traversal", "long", "duplicate", "formula", "invisible", "workflow",
                              "number", "slash"])
        labels.append(variant)
        value = {
            "reserved": rng.choice(WINDOWS_RESERVED), "control": "R\u0007-1\u001b", "traversal": "../../escape",
            "long": "轮" * 300, "duplicate": "SAME-ID", "formula": "=1+1", "invisible": "R-1\u200b",
            "workflow": None, "number": 12345, "slash": "a/b\\c:d*e?f\"g<h>i|j",
        }[variant]
        if variant == "workflow":
            record["轮次"]["流程类型"] = rng.choice(["w-12", "W-99", "", None, 12, ["W-12"], "W-12\u0007", "Ｗ－１２"])
        else:
            record["轮次"]["轮次编号"] = value
    data = json.dumps(records if len(records) > 1 else records[0], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return _audit_case(rng, folder, data, ".json", f"round-ids/{len(records)}/{'+'.join(labels)}")


def gen_round_yaml(rng, folder, scale):
    record = sample_round()
    import yaml

    text = yaml.safe_dump(record, allow_unicode=True)
    variant = rng.choice(["alias-bomb", "python-tag", "non-string-keys", "unquoted-dates", "nan", "binary", "multi-doc",
                          "set", "merge-key", "tab-indent", "huge-int", "deep"])
    if variant == "alias-bomb":
        text = ("a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(7)) + text)
        text = text.replace("  事前报告", "  事前报告", 1) + "备注: *h\n"
    elif variant == "python-tag":
        text += "x: !!python/object/apply:os.system ['true']\n"
    elif variant == "non-string-keys":
        text += "? [1, 2]\n: 3\n1: 2\nnull: 4\n"
    elif variant == "unquoted-dates":
        text = re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", text)
    elif variant == "nan":
        text = re.sub(r"'(\d{4}-\d{2}-\d{2})'", ".nan", text, count=2)
    elif variant == "binary":
        text = text.replace("轮次编号: ", "轮次编号: !!binary aGVsbG8= #", 1)
    elif variant == "multi-doc":
        text = text + "---\n" + text
    elif variant == "set":
        text += "公示名单: !!set {a, b}\n"
    elif variant == "merge-key":
        text = "base: &b {日期: 2020-01-01}\n" + text.replace("- 节点: 党组会", "- <<: *b\n  节点: 党组会", 1)
    elif variant == "tab-indent":
        text = text.replace("  ", "\t", 3)
    elif variant == "huge-int":
        text = re.sub(r"'(\d{4}-\d{2}-\d{2})'", "1" + "0" * 5000, text, count=1)
    elif variant == "deep":
        text += "深: " + "[" * 1000 + "]" * 1000 + "\n"
    return _audit_case(rng, folder, text.encode("utf-8", "surrogatepass"), rng.choice([".yaml", ".yml"]), f"round-yaml/{variant}")


def gen_round_xlsx_damage(rng, folder, scale):
    """A round workbook damaged like the application workbooks."""
    record = sample_round()
    members = zip_members(round_workbook(record))
    sheets = sorted(n for n in members if n.startswith("xl/worksheets/"))
    variant = rng.choice(["truncate", "flip", "invalid-xml", "x-escape-control", "far-cell", "formula-no-cache", "entity"])
    if variant == "truncate":
        data = build_zip(members)
        data = data[: rng.randint(1, len(data) - 1)]
    elif variant == "flip":
        data = bytearray(build_zip(members))
        for _ in range(rng.randint(1, 10)):
            data[rng.randrange(len(data))] ^= rng.randint(1, 255)
        data = bytes(data)
    elif variant == "invalid-xml":
        name = rng.choice(sheets + ["xl/workbook.xml"])
        members[name] = rng.choice(INVALID_XML)[1](members[name], rng)
        variant += "/" + name
        data = build_zip(members)
    elif variant == "x-escape-control":
        name = rng.choice(sheets)
        char = rng.choice(CONTROL_CHARS)
        members[name] = re.sub(rb"(<t[^>]*>)", lambda m: m.group(1) + ooxml_escape(char).encode(), members[name], count=rng.randint(1, 5))
        variant += f"/U+{ord(char):04X}"
        data = build_zip(members)
    elif variant == "far-cell":
        name = rng.choice(sheets)
        ref = rng.choice(["XFD1048576", "XFD3", f"C{min(scale.far_row, 20000)}"])
        members[name] = set_cell(members[name], ref, f'<c r="{ref}"><v>1</v></c>')
        variant += f"/{ref}"
        data = build_zip(members)
    elif variant == "formula-no-cache":
        name = rng.choice(sheets)
        members[name] = set_cell(members[name], "B2", '<c r="B2"><f>TODAY()</f></c>')
        data = build_zip(members)
    else:
        name = rng.choice(sheets)
        members[name] = b'<?xml version="1.0"?><!--' + b"x" * 5000 + b'--><!DOCTYPE worksheet [<!ENTITY e "x">]>' + members[name].split(b"?>", 1)[-1]
        data = build_zip(members)
    case = _audit_case(rng, folder, data, ".xlsx", f"round-xlsx/{variant}")
    case.timeout = 240
    return case


# --------------------------------------------------------------------------- draw: pools

FIELDS = ["新材料", "智能制造", "节能环保", "电子信息"]
POOL_HEADERS = ["专家编号", "姓名", "工作单位", "专业领域", "状态", "工作单位统一社会信用代码", "是否本局工作人员", "联系电话"]


def valid_pool(rng: random.Random, count: int = 24) -> list[dict]:
    experts = []
    for n in range(1, count + 1):
        fields = sorted(rng.sample(FIELDS, rng.randint(1, 3)))
        if n <= 14:
            fields = sorted(set(fields) | {"新材料"})
        experts.append({
            "专家编号": f"ZJ{n:03d}", "姓名": f"专家{n}", "工作单位": f"威海某{n % 7}研究院", "专业领域": "、".join(fields),
            "状态": "在库" if n % 9 else "暂停", "工作单位统一社会信用代码": uscc(rng), "是否本局工作人员": "否",
            "联系电话": f"1{rng.randint(3000000000, 9999999999)}",
        })
    return experts


def pool_bytes(rng, experts: list[dict], form: str, headers: list[str] | None = None, raw: dict[str, str] | None = None) -> bytes:
    """The pool as .xlsx, .csv or .json. ``raw`` maps placeholder tokens to raw XML (xlsx only)."""
    headers = headers or POOL_HEADERS
    if form == "xlsx":
        members = zip_members(workbook_bytes([("专家库", [headers] + [[e.get(h) for h in headers] for e in experts])]))
        for token, xml in (raw or {}).items():
            members[SHEET1] = members[SHEET1].replace(token.encode(), xml.encode("utf-8", "surrogatepass"))
        return build_zip(members)
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for e in experts:
            writer.writerow([e.get(h, "") for h in headers])
        return buffer.getvalue().encode("utf-8", "surrogatepass")
    return json.dumps(experts, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def _draw_case(rng, folder: Path, pool_path: Path, label: str, field_arg: str | None = None, round_id: str | None = None,
               more: list[str] | None = None, files: dict | None = None) -> Case:
    panel = rng.choice(["panel.xlsx", "panel.xlsx", "panel.csv"])
    argv = ["draw", "new", "--pool", str(pool_path), "--field", field_arg or "新材料", "--round", round_id or "2025-FZ-01",
            "--ledger", "{out}/draws.db", "--out", "{out}/draw.json", "--panel-out", "{out}/" + panel]
    # always a public source: a locally seeded draw would pick a different panel on every run
    source = rng.choice(["3 9 14 22 27 31 8", "1 2 3", "9319", "2 5 12 8 10"]) if rng.random() < 0.7 else "8 15 21 30"
    argv += ["--random-source", source]
    argv += ["--size", str(rng.choice([3, 5, 7])), "--alternates", str(rng.choice([0, 1, 3]))]
    return Case("draw", label, argv + (more or []), {"pool": pool_path, **(files or {})})


def gen_pool_valid(rng, folder, scale):
    form = rng.choice(["xlsx", "csv", "json"])
    path = _write(folder, "pool." + form, pool_bytes(rng, valid_pool(rng), form))
    more = []
    if rng.random() < 0.5:
        more += ["--applicants", str(SAMPLES / "draw" / "applicants.json"), "--conflicts", str(SAMPLES / "draw" / "conflicts.csv"),
                 "--staff", str(SAMPLES / "draw" / "staff.txt")]
    return _draw_case(rng, folder, path, f"pool-valid/{form}", more=more)


def gen_pool_duplicates(rng, folder, scale):
    experts = valid_pool(rng)
    variant = rng.choice(["exact", "nfkc", "case", "zero-width", "number", "whitespace", "empty-id"])
    a, b = rng.sample(range(len(experts)), 2)
    experts[b]["专家编号"] = {
        "exact": experts[a]["专家编号"], "nfkc": experts[a]["专家编号"].replace("ZJ", "ＺＪ"),
        "case": experts[a]["专家编号"].lower(), "zero-width": experts[a]["专家编号"] + "\u200b",
        "number": 7, "whitespace": " " + experts[a]["专家编号"] + "\u3000", "empty-id": "",
    }[variant]
    if variant == "number":
        experts[a]["专家编号"] = "7"
    form = rng.choice(["xlsx", "csv", "json"])
    path = _write(folder, "pool." + form, pool_bytes(rng, experts, form))
    return _draw_case(rng, folder, path, f"pool-duplicates/{form}/{variant}")


def gen_pool_columns(rng, folder, scale):
    experts = valid_pool(rng)
    headers = list(POOL_HEADERS)
    variant = rng.choice(["drop", "alias", "duplicate-header", "blank-header", "only-phone", "shuffled", "extra-wide"])
    if variant == "drop":
        headers.remove(rng.choice(["专家编号", "姓名", "工作单位", "专业领域", "状态"]))
    elif variant == "alias":
        experts = [{("专家ID" if k == "专家编号" else "单位" if k == "工作单位" else k): v for k, v in e.items()} for e in experts]
        headers = ["专家ID" if h == "专家编号" else "单位" if h == "工作单位" else h for h in headers]
    elif variant == "duplicate-header":
        headers = headers + ["专家编号", "状态"]
    elif variant == "blank-header":
        headers = ["" if h == "姓名" else h for h in headers]
    elif variant == "only-phone":
        headers = ["联系电话"]
    elif variant == "shuffled":
        rng.shuffle(headers)
    else:
        headers = headers + [f"列{n}" for n in range(500)]
    form = rng.choice(["xlsx", "csv", "json"])
    path = _write(folder, "pool." + form, pool_bytes(rng, experts, form, headers))
    return _draw_case(rng, folder, path, f"pool-columns/{form}/{variant}")


def gen_pool_text(rng, folder, scale):
    """Control characters and formula-like (DDE) text in pool cells, --field, --round, --operator."""
    experts = valid_pool(rng)
    form = rng.choice(["xlsx", "csv", "json"])
    column = rng.choice(["姓名", "工作单位", "专业领域", "专家编号", "状态", "工作单位统一社会信用代码", "是否本局工作人员"])
    variant = rng.choice(["formula", "formula", "control", "x-escape", "long", "odd"])
    targets = rng.sample(range(14), rng.randint(1, 5))  # experts in field 新材料
    raw: dict[str, str] = {}
    field_arg = "新材料"
    for n, i in enumerate(targets):
        if variant == "formula":
            value = rng.choice(FORMULA_TEXT)
        elif variant == "control":
            value = experts[i][column] + rng.choice(CONTROL_CHARS)
        elif variant == "long":
            value = experts[i][column] + "长" * rng.choice([1000, 100_000])
        elif variant == "odd":
            value = rng.choice(ODD_TEXT)
        else:
            value = None
        if variant == "x-escape" and form != "xlsx":
            value = experts[i][column] + ooxml_escape(rng.choice(CONTROL_CHARS))
        if form == "xlsx" and variant in ("formula", "x-escape", "control", "odd"):  # openpyxl would refuse or convert these
            token = f"ZZTOK{n}ZZ"
            char = rng.choice(CONTROL_CHARS)
            raw[token] = {
                "formula": lambda: xml_text(value),
                "odd": lambda: xml_text(value),
                "x-escape": lambda: xml_text(str(experts[i][column])) + ooxml_escape(char),
                "control": lambda: xml_text(str(experts[i][column])) + rng.choice([ooxml_escape(char), f"&#{ord(char)};", char]),
            }[variant]()
            value = token
        if column == "专业领域" and variant in ("formula", "odd") and value and form != "xlsx":
            field_arg = value.split("、")[0].split(";")[0].strip() or "新材料"
            value = value + "、新材料"
        experts[i][column] = value
    more: list[str] = []
    round_id = None
    if rng.random() < 0.3:
        round_id = rng.choice(FORMULA_TEXT + ["R\u0007", "CON", "轮" * 500])
    if rng.random() < 0.3:
        more += ["--operator", rng.choice(FORMULA_TEXT + ["政工科\u0007"])]
    if rng.random() < 0.2:
        field_arg = rng.choice(FORMULA_TEXT + ["新材料\u0007", "\u200b新材料"])
    path = _write(folder, "pool." + form, pool_bytes(rng, experts, form, raw=raw))
    return _draw_case(rng, folder, path, f"pool-text/{form}/{column}/{variant}/{len(targets)}", field_arg, round_id, more)


POOL_JSON_VALUES = [None, True, 1.5, 2**64, [], {}, ["新材料"], {"a": "b"}, float("nan"), "", 0, -1]


def gen_pool_types(rng, folder, scale):
    variant = rng.choice(["json-values", "json-shapes", "csv-nul", "csv-gbk", "csv-ragged", "csv-bom-only", "xlsx-numbers",
                          "xlsx-dates", "empty", "xlsx-truncated", "xlsx-flip", "csv-quotes", "csv-huge-field"])
    experts = valid_pool(rng)
    if variant == "json-values":
        for _ in range(rng.randint(1, 4)):
            rng.choice(experts)[rng.choice(POOL_HEADERS)] = rng.choice(POOL_JSON_VALUES)
        data, suffix = pool_bytes(rng, experts, "json"), ".json"
    elif variant == "json-shapes":
        data = rng.choice([b"{}", b"[]", b"[1,2]", b'{"a": [], "b": []}', b'{"experts": [[1]]}', b"null", b"",
                           json.dumps({"experts": experts}, ensure_ascii=False).encode(), b"[" * 5000])
        suffix = ".json"
    elif variant == "csv-nul":
        data, suffix = pool_bytes(rng, experts, "csv").replace(b"ZJ003", b"ZJ\x00003"), ".csv"
    elif variant == "csv-gbk":
        data, suffix = pool_bytes(rng, experts, "csv").decode().encode("gbk"), ".csv"
    elif variant == "csv-ragged":
        text = pool_bytes(rng, experts, "csv").decode()
        lines = text.splitlines()
        lines[3] = lines[3].split(",")[0]
        lines[5] = lines[5] + ",x,y,z"
        data, suffix = "\n".join(lines).encode(), ".csv"
    elif variant == "csv-bom-only":
        data, suffix = b"\xef\xbb\xbf", ".csv"
    elif variant == "xlsx-numbers":
        for e in experts:
            e["专家编号"] = int(e["专家编号"][2:]) if rng.random() < 0.5 else float(e["专家编号"][2:])
        data, suffix = pool_bytes(rng, experts, "xlsx"), ".xlsx"
    elif variant == "xlsx-dates":
        for e in rng.sample(experts, 3):
            e["姓名"] = dt.datetime(2020, 1, 1)
            e["是否本局工作人员"] = rng.choice([True, 1, 0.5, dt.datetime(2020, 1, 1)])
        data, suffix = pool_bytes(rng, experts, "xlsx"), ".xlsx"
    elif variant == "empty":
        data, suffix = b"", rng.choice([".xlsx", ".csv", ".json"])
    elif variant == "xlsx-truncated":
        whole = pool_bytes(rng, experts, "xlsx")
        data, suffix = whole[: rng.randint(1, len(whole) - 1)], ".xlsx"
    elif variant == "xlsx-flip":
        raw = bytearray(pool_bytes(rng, experts, "xlsx"))
        for _ in range(rng.randint(1, 10)):
            raw[rng.randrange(len(raw))] ^= rng.randint(1, 255)
        data, suffix = bytes(raw), ".xlsx"
    elif variant == "csv-quotes":
        data, suffix = pool_bytes(rng, experts, "csv") + b'"ZJ999,"unterminated\n', ".csv"
    else:
        experts[0]["工作单位"] = "x" * 200_000
        data, suffix = pool_bytes(rng, experts, "csv"), ".csv"
    path = _write(folder, "pool" + suffix, data)
    return _draw_case(rng, folder, path, f"pool-types/{variant}{suffix}")


def gen_draw_side_files(rng, folder, scale):
    """Hostile --applicants / --conflicts / --staff files with a valid pool."""
    pool_path = _write(folder, "pool.xlsx", pool_bytes(rng, valid_pool(rng), "xlsx"))
    which = rng.choice(["applicants", "conflicts", "staff"])
    variant = rng.choice(["wrong-shape", "control", "formula", "missing-column", "gbk", "binary", "application-workbook", "huge"])
    suffix = rng.choice([".json", ".csv", ".xlsx"]) if which != "staff" else rng.choice([".txt", ".csv", ".json", ".xlsx"])
    rows = {"applicants": [{"申报编号": "A1", "企业名称": "威海某1研究院", "统一社会信用代码": uscc(rng)}],
            "conflicts": [{"专家编号": "ZJ001", "申报单位": "x", "回避原因": "亲属"}],
            "staff": [{"专家编号": "ZJ002"}]}[which]
    if variant == "control":
        for row in rows:
            for k in row:
                row[k] = str(row[k]) + rng.choice(CONTROL_CHARS)
    elif variant == "formula":
        for row in rows:
            for k in row:
                row[k] = rng.choice(FORMULA_TEXT)
    elif variant == "missing-column":
        rows = [{"无关": 1}]
    elif variant == "huge":
        rows = rows * 20000
    if variant == "application-workbook" and which == "applicants":
        data, suffix = workbook_bytes([("申报汇总表", application_rows(valid_applications(rng)))]), ".xlsx"
    elif variant == "wrong-shape":
        data = rng.choice([b"[1,2]", b"{}", b"null", b"\x00\x01", b"[[]]"])
    elif variant == "gbk":
        data = "专家编号,回避原因\nZJ001,亲属\n".encode("gbk")
    elif variant == "binary":
        data = bytes(rng.randrange(256) for _ in range(500))
    elif suffix == ".txt":
        data = "\n".join(str(r.get("专家编号", "")) for r in rows).encode("utf-8", "surrogatepass")
    elif suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        data = buffer.getvalue().encode("utf-8", "surrogatepass")
    elif suffix == ".xlsx":
        headers = list(rows[0])
        safe = [[_cellable(r.get(h)) for h in headers] for r in rows]
        if variant == "control":
            safe = [[re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", str(v)) for v in r] for r in safe]
        data = workbook_bytes([("表", [headers] + safe)])
    else:
        data = json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass")
    side = _write(folder, which + suffix, data)
    return _draw_case(rng, folder, pool_path, f"draw-side/{which}{suffix}/{variant}", more=[f"--{which}", str(side)],
                      files={which: side})


def gen_draw_args(rng, folder, scale):
    """Odd option values with a valid pool."""
    pool_path = _write(folder, "pool.xlsx", pool_bytes(rng, valid_pool(rng), "xlsx"))
    variant = rng.choice(["size", "alternates", "random-source", "source-name", "field", "round", "redraw-reason",
                          "warn-multiple", "panel-out-dir", "panel-out-ext"])
    case = _draw_case(rng, folder, pool_path, "draw-args/" + variant)
    argv = case.argv

    def set_opt(name, value):
        if name in argv:
            argv[argv.index(name) + 1] = value
        else:
            argv.extend([name, value])

    if variant == "size":
        set_opt("--size", rng.choice(["0", "-1", "100000", "99999999999999999999", "7.5"]))
    elif variant == "alternates":
        set_opt("--alternates", rng.choice(["-1", "65536", "1000", "x"]))
    elif variant == "random-source":
        set_opt("--random-source", rng.choice(["", " ", "a b", "1,2,3", "-1 2", "1" * 5000, "１ ２ ３", "1.5 2", "0x10",
                                               " ".join(["9"] * 10000), "3\u00079", "9" * 30]))
    elif variant == "source-name":
        argv.extend(["--source-name", rng.choice(FORMULA_TEXT + ["x\u0007", "a@b.com"])])
    elif variant == "field":
        set_opt("--field", rng.choice(["", " ", "不存在", "新材料、智能制造", "新材料;智能制造", "新材料\u0000"]))
    elif variant == "round":
        set_opt("--round", rng.choice(["", " ", "\u0007", "CON", "../r", "轮" * 10000]))
    elif variant == "redraw-reason":
        argv.extend(["--redraw-reason", rng.choice(["联系电话 13912345678", "a@b.com", "x" * 100000, "\u0000", "=1+1"])])
    elif variant == "warn-multiple":
        set_opt("--warn-multiple", rng.choice(["-5", "0", "1000000000000"]))
    elif variant == "panel-out-dir":
        set_opt("--panel-out", "{out}")
    else:
        set_opt("--panel-out", "{out}/panel." + rng.choice(["txt", "xls", "json", "CSV", "XLSX", ""]))
    return case


# --------------------------------------------------------------------------- ledger files

GENESIS = "0" * 64


def canonical(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain(entries: list[object]) -> list[tuple]:
    """(seq, prev_hash, entry_json, entry_hash) rows chained as the README documents."""
    rows, prev = [], GENESIS
    for seq, data in enumerate(entries, start=1):
        if isinstance(data, dict):
            data = dict(data, seq=seq)
        text = data if isinstance(data, str) else canonical(data)
        digest = hashlib.sha256(prev.encode() + b"\n" + text.encode("utf-8", "surrogatepass")).hexdigest()
        rows.append((seq, prev, text, digest))
        prev = digest
    return rows


def valid_entries(rng: random.Random, count: int) -> list[dict]:
    return [{"type": rng.choice(["draw", "commit", "reveal", "substitute", "redraw"]), "at": "2025-05-27T10:00:00+08:00",
             "round_id": f"R-{n}", "fields": ["新材料"], "operator": "政工科", "draw_sha256": hashlib.sha256(str(n).encode()).hexdigest()}
            for n in range(count)]


LEDGER_SCHEMA = ("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, entry_json TEXT NOT NULL, "
                 "entry_hash TEXT NOT NULL UNIQUE)")


def write_ledger(path: Path, rows: list[tuple], schema: str = LEDGER_SCHEMA, extra_sql: str = "") -> None:
    connection = sqlite3.connect(str(path))
    try:
        connection.executescript(schema + ";" + extra_sql)
        connection.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?)", rows)
        connection.commit()
    finally:
        connection.close()


BAD_ENTRY_JSON = [
    ("null-json", None), ("not-json", "not json {"), ("array", "[1,2,3]"), ("scalar", "42"), ("string", '"x"'),
    ("empty", ""), ("fields-int", {"type": "draw", "fields": 5}), ("fields-ints", {"type": "draw", "fields": [1, 2]}),
    ("fields-null", {"type": "draw", "fields": None}), ("type-dict", {"type": {"a": 1}, "fields": []}),
    ("at-list", {"type": "draw", "at": [1], "fields": []}), ("round-null", {"type": None, "round_id": None}),
    ("deep", "[" * 100_000 + "]" * 100_000), ("huge-int", '{"seq": 1, "x": ' + "9" * 5000 + "}"),
    ("nan", '{"seq": 1, "x": NaN}'), ("blob", b"\xff\xfe{}"), ("control", {"type": "draw\u0007", "fields": ["新\u0000材料"]}),
    ("surrogate", '{"seq": 1, "type": "\\ud800"}'),
]


def gen_ledger(rng, folder, scale):
    path = folder / "draws.db"
    variant = rng.choice(["valid", "bad-entry", "bad-entry", "null-column", "wrong-types", "schema", "not-sqlite", "corrupt",
                          "tampered"])
    count = rng.randint(1, 5)
    rows = chain(valid_entries(rng, count))
    label = variant
    if variant == "valid":
        write_ledger(path, rows, extra_sql="CREATE TABLE other (x)" if rng.random() < 0.3 else "")
    elif variant == "bad-entry":
        name, value = rng.choice(BAD_ENTRY_JSON)
        label += "/" + name
        i = rng.randrange(count)
        entries = valid_entries(rng, count)
        if value is None:
            rows = chain(entries)
            rows[i] = (rows[i][0], rows[i][1], None, rows[i][3])
            write_ledger(path, rows, schema=LEDGER_SCHEMA.replace("entry_json TEXT NOT NULL", "entry_json TEXT"))
        elif isinstance(value, bytes):
            rows = chain(entries)
            rows[i] = (rows[i][0], rows[i][1], value, rows[i][3])
            write_ledger(path, rows)
        else:
            entries[i] = value
            write_ledger(path, chain(entries))  # correctly chained, so verify gets as far as the JSON
    elif variant == "null-column":
        column = rng.randrange(4)
        label += f"/{['seq', 'prev_hash', 'entry_json', 'entry_hash'][column]}"
        i = rng.randrange(count)
        row = list(rows[i])
        row[column] = None
        rows[i] = tuple(row)
        write_ledger(path, rows, schema="CREATE TABLE ledger (seq INTEGER, prev_hash, entry_json, entry_hash)")
    elif variant == "wrong-types":
        i = rng.randrange(count)
        row = list(rows[i])
        column = rng.randrange(4)
        row[column] = rng.choice([b"\x00\x01", 3.5, -7, "abc", 2**62, "\u0007"])
        rows[i] = tuple(row)
        label += f"/{column}/{type(row[column]).__name__}"
        write_ledger(path, rows, schema="CREATE TABLE ledger (seq, prev_hash, entry_json, entry_hash)")
    elif variant == "schema":
        kind = rng.choice(["missing-column", "view", "extra-columns", "no-table", "without-rowid", "other-tables", "index-only"])
        label += "/" + kind
        if kind == "missing-column":
            connection = sqlite3.connect(str(path))
            connection.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash, entry_json)")
            connection.executemany("INSERT INTO ledger VALUES (?, ?, ?)", [r[:3] for r in rows])
            connection.commit()
            connection.close()
        elif kind == "view":
            connection = sqlite3.connect(str(path))
            connection.executescript("CREATE TABLE t (seq, prev_hash, entry_json, entry_hash);"
                                     "CREATE VIEW ledger AS SELECT * FROM t;")
            connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
            connection.commit()
            connection.close()
        elif kind == "extra-columns":
            connection = sqlite3.connect(str(path))
            connection.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash, entry_json, entry_hash, extra)")
            connection.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, 'x')", rows)
            connection.commit()
            connection.close()
        elif kind == "no-table":
            connection = sqlite3.connect(str(path))
            connection.execute("CREATE TABLE notes (x)")
            connection.commit()
            connection.close()
        elif kind == "without-rowid":
            write_ledger(path, rows, schema="CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash, entry_json, entry_hash) WITHOUT ROWID")
        elif kind == "other-tables":
            write_ledger(path, rows, extra_sql="CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO a VALUES (1)")
        else:
            write_ledger(path, rows, extra_sql="CREATE INDEX i ON ledger (entry_json)")
    elif variant == "not-sqlite":
        kind = rng.choice(["random", "empty", "text", "zip", "sqlite-header-garbage", "json"])
        label += "/" + kind
        data = {"random": bytes(rng.randrange(256) for _ in range(4096)), "empty": b"", "text": "账本\n".encode(),
                "zip": build_zip({"a": b"b"}), "sqlite-header-garbage": b"SQLite format 3\x00" + bytes(rng.randrange(256) for _ in range(2000)),
                "json": b"[]"}[kind]
        path.write_bytes(data)
    elif variant == "corrupt":
        write_ledger(path, rows)
        data = bytearray(path.read_bytes())
        kind = rng.choice(["flip", "truncate"])
        if kind == "flip":
            for _ in range(rng.randint(1, 30)):
                data[rng.randrange(100, len(data))] ^= rng.randint(1, 255)
        else:
            data = data[: rng.randint(100, len(data) - 1)]
        label += "/" + kind
        path.write_bytes(bytes(data))
    else:  # tampered: an edited entry, or one deleted with the triggers dropped
        entries = valid_entries(rng, count + 1)
        rows = chain(entries)
        kind = rng.choice(["edit", "delete", "reorder"])
        label += "/" + kind
        if kind == "edit":
            rows[0] = (rows[0][0], rows[0][1], rows[0][2].replace("R-0", "R-X"), rows[0][3])
        elif kind == "delete":
            del rows[rng.randrange(len(rows))]
        else:  # two entries' contents swapped, hashes kept
            rows[0], rows[-1] = (1,) + rows[-1][1:], (len(rows),) + rows[0][1:]
        write_ledger(path, rows)
    head = rng.choice([None, rows[-1][3] if rows else GENESIS, "0" * 64, "zz", "ABC"])
    verify = ["ledger", "verify", str(path)] + (["--head", str(head)] if head else [])
    return Case("ledger", f"ledger/{label}", verify, {"ledger": path},
                extra=[["ledger", "show", str(path)], ["ledger", "show", str(path), "--json"]])


def gen_draw_hostile_ledger(rng, folder, scale):
    """`draw new` appending to a damaged ledger (or to a SQLite file that is no ledger)."""
    ledger_case = gen_ledger(rng, folder, scale)
    pool_path = _write(folder, "pool.xlsx", pool_bytes(rng, valid_pool(rng), "xlsx"))
    case = _draw_case(rng, folder, pool_path, "draw-ledger/" + ledger_case.label.split("/", 1)[1])
    index = case.argv.index("--ledger")
    case.argv[index + 1] = str(ledger_case.files["ledger"])
    case.files["ledger"] = ledger_case.files["ledger"]
    return case


# --------------------------------------------------------------------------- registry and plan

Generator = Callable[[random.Random, Path, Scale], Case]

# name -> (generator, weight): weights set how often each appears in a run of N inputs
GENERATORS: dict[str, tuple[Generator, int]] = {
    "xlsx-valid": (gen_xlsx_valid, 2),
    "xlsx-truncated": (gen_xlsx_truncated, 2),
    "xlsx-member-flip": (gen_xlsx_member_flip, 4),
    "xlsx-byte-flip": (gen_xlsx_byte_flip, 2),
    "xlsx-invalid-xml": (gen_xlsx_invalid_xml, 3),
    "xlsx-tolerated-xml": (gen_xlsx_tolerated_xml, 2),
    "xlsx-entity": (gen_xlsx_entity, 2),
    "xlsx-far-cell": (gen_xlsx_far_cell, 1),
    "xlsx-huge-string": (gen_xlsx_huge_string, 1),
    "xlsx-bomb": (gen_xlsx_bomb, 1),
    "xlsx-control-char": (gen_xlsx_control_chars, 4),
    "xlsx-formula": (gen_xlsx_formula, 2),
    "xlsx-ids": (gen_xlsx_ids, 2),
    "xlsx-numbers": (gen_xlsx_numbers, 2),
    "xlsx-structure": (gen_xlsx_structure, 2),
    "wrong-format": (gen_wrong_format, 1),
    "json-valid": (gen_json_valid, 1),
    "json-wrong-types": (gen_json_wrong_types, 3),
    "json-deep": (gen_json_deep, 2),
    "json-literals": (gen_json_literals, 2),
    "json-control": (gen_json_control, 3),
    "json-encoding": (gen_json_encoding, 2),
    "json-shapes": (gen_json_shapes, 2),
    "jsonl-mixed": (gen_jsonl_mixed, 2),
    "json-keys": (gen_json_keys, 2),
    "json-ids": (gen_json_ids, 2),
    "json-many": (gen_json_many, 1),
    "round-valid": (gen_round_valid, 1),
    "round-missing-sheets": (gen_round_missing_sheets, 1),
    "round-wrong-types": (gen_round_wrong_types, 2),
    "round-bad-dates": (gen_round_bad_dates, 2),
    "round-steps": (gen_round_steps, 1),
    "round-huge": (gen_round_huge, 1),
    "round-ids": (gen_round_ids, 2),
    "round-yaml": (gen_round_yaml, 1),
    "round-xlsx": (gen_round_xlsx_damage, 2),
    "pool-valid": (gen_pool_valid, 1),
    "pool-duplicates": (gen_pool_duplicates, 1),
    "pool-columns": (gen_pool_columns, 1),
    "pool-text": (gen_pool_text, 3),
    "pool-types": (gen_pool_types, 2),
    "draw-side": (gen_draw_side_files, 2),
    "draw-args": (gen_draw_args, 2),
    "draw-ledger": (gen_draw_hostile_ledger, 1),
    "ledger": (gen_ledger, 4),
}


def plan(n: int, base_seed: int = 12) -> list[tuple[str, int]]:
    """``n`` (generator name, seed) pairs: a weighted round robin, each with its own seed."""
    schedule = [name for name, (_, weight) in GENERATORS.items() for _ in range(weight)]
    order = random.Random(base_seed).sample(schedule, len(schedule))
    return [(order[i % len(order)], base_seed * 100_003 + i) for i in range(n)]


def generate(name: str, seed: int, folder: Path, scale: Scale | None = None) -> Case:
    """Write the input of generator ``name`` with ``seed`` under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    case = GENERATORS[name][0](random.Random(f"{name}:{seed}"), folder, scale or Scale.from_env())
    case.label = case.label.replace("\n", "\\n")
    return case
