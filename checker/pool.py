"""The expert pool: reading the workbook, its canonical form and SHA-256.

Contract (``contract.md`` § Expert pool workbook): columns 专家编号, 姓名, 工作单位, 专业领域
(several, separated by 、 or ;), 状态 (在库/暂停/退出), optional 工作单位统一社会信用代码,
是否本局工作人员 (是/否) and 联系电话. The canonical form is every row as the UTF-8 line
``专家编号\\t姓名\\t工作单位\\t专业领域 (sorted, joined by 、)\\t状态\\n`` after NFKC and trimming, sorted
by 专家编号 as text; the pool hash is SHA-256 of the concatenated lines.

Contact details are never read into memory: the 联系电话 column is recognised only so that it
is not mistaken for anything else. Also reads small side tables (applicants, conflicts, staff)
in the same formats (.xlsx, .csv, .json) via :func:`read_table`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from checker.errors import InputError
from checker.textnorm import header_key, nfkc

STATUS_ACTIVE = "在库"

# Header aliases, compared through header_key (whitespace dropped, brackets NFKC-normalised).
POOL_COLUMNS: dict[str, tuple[str, ...]] = {
    "expert_id": ("专家编号", "编号", "专家ID", "专家id"),
    "name": ("姓名", "专家姓名"),
    "unit": ("工作单位", "所在单位", "单位"),
    "fields": ("专业领域", "领域", "专业"),
    "status": ("状态", "专家状态", "入库状态"),
    "unit_uscc": ("工作单位统一社会信用代码", "单位统一社会信用代码", "统一社会信用代码"),
    "staff": ("是否本局工作人员", "本局工作人员", "是否本局人员"),
    "phone": ("联系电话", "电话", "手机", "手机号码"),
}
REQUIRED_POOL = ("expert_id", "name", "unit", "fields", "status")
_CONTRACT_HEADER = {"expert_id": "专家编号", "name": "姓名", "unit": "工作单位", "fields": "专业领域",
                    "status": "状态"}

_FIELD_SEPARATORS = re.compile(r"[、;]")
_YES = {"是", "y", "yes", "true", "1"}
_NO = {"否", "n", "no", "false", "0", ""}


@dataclass(frozen=True)
class Expert:
    """One pool row after normalisation. No contact details, by design."""

    expert_id: str
    name: str
    unit: str
    fields: tuple[str, ...]  # sorted
    status: str
    unit_uscc: str = ""
    staff: bool = False
    row: int = 0  # 1-based row in the source (header is row 1), for messages

    def canonical_line(self) -> str:
        """The contract's canonical line for this row (fields sorted, joined by 、)."""
        return "\t".join((self.expert_id, self.name, self.unit, "、".join(self.fields),
                          self.status)) + "\n"


@dataclass(frozen=True)
class Pool:
    """A whole pool in canonical order, with its hash."""

    experts: tuple[Expert, ...]
    sha256: str
    source: str = ""

    def by_id(self) -> dict[str, Expert]:
        """Index by expert id (ids are unique by construction)."""
        return {expert.expert_id: expert for expert in self.experts}

    def all_fields(self) -> set[str]:
        """Every field any expert lists, any status."""
        return {field for expert in self.experts for field in expert.fields}


# ---------------------------------------------------------------- canonical form and hash


def canonical_bytes(experts: Iterable[Expert]) -> bytes:
    """Concatenated canonical lines, sorted by 专家编号 as text (Python str order)."""
    ordered = sorted(experts, key=lambda expert: expert.expert_id)
    return "".join(expert.canonical_line() for expert in ordered).encode("utf-8")


def pool_sha256(experts: Iterable[Expert]) -> str:
    """SHA-256 (hex) of the canonical form."""
    return hashlib.sha256(canonical_bytes(experts)).hexdigest()


def build_pool(experts: Sequence[Expert], source: str = "") -> Pool:
    """Check ids are unique, sort canonically, hash."""
    seen: dict[str, Expert] = {}
    for expert in experts:
        if expert.expert_id in seen:
            first = seen[expert.expert_id]
            raise InputError(
                f"专家库中专家编号「{expert.expert_id}」重复（第 {first.row} 行和第 {expert.row} 行）。"
            )
        seen[expert.expert_id] = expert
    ordered = tuple(sorted(experts, key=lambda expert: expert.expert_id))
    return Pool(ordered, pool_sha256(ordered), source)


# ---------------------------------------------------------------- cell normalisation


def cell_text(value: object) -> str:
    """A cell as NFKC-trimmed text; whole-number floats lose their ".0" (Excel ids)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfkc(str(value))


def split_fields(text: str) -> tuple[str, ...]:
    """专业领域 split on 、 or ; (NFKC already turned ； into ;), trimmed, sorted, de-duplicated."""
    return tuple(sorted({part.strip() for part in _FIELD_SEPARATORS.split(text) if part.strip()}))


def parse_yes_no(text: str, where: str) -> bool:
    """是/否 (and a few obvious spellings); anything else is an input error naming the cell."""
    lowered = text.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise InputError(f"{where} 的值「{text}」应为 是 或 否。")


# ---------------------------------------------------------------- generic table reading


def read_table(path: str | Path, what: str = "文件") -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and rows ``(row_number, values)`` of the first sheet / a CSV / a JSON list.

    JSON may be a list of objects (keys are headers) or ``{"rows"|"experts"|...: [...]}``.
    Any reading problem becomes one InputError naming the file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what}「{path}」不存在或不是文件。")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".json":
            return _read_json(path)
    except InputError:
        raise
    except Exception as error:  # openpyxl/zip/json raise many kinds; all mean "unreadable"
        raise InputError(f"无法读取{what}「{path}」：{type(error).__name__}: {error}") from None
    raise InputError(f"{what}「{path}」的格式不受支持：请使用 .xlsx、.csv 或 .json。")


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return [], []
        body = [(number, list(values)) for number, values in enumerate(rows, start=2)]
        return [cell_text(value) for value in header], body
    finally:
        workbook.close()


def _read_csv(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return [], []
    return rows[0], [(number, values) for number, values in enumerate(rows[1:], start=2)]


def _read_json(path: Path):
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"JSON 文件「{path}」应为对象列表（每个对象一行）。")
    headers: list[str] = []
    for item in data:
        headers.extend(key for key in item if key not in headers)
    body = [(number, [item.get(key) for key in headers]) for number, item in enumerate(data, 2)]
    return headers, body


def map_columns(headers: Sequence[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field name → column index, first matching header wins, per the alias table."""
    keys = [header_key(header) for header in headers]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        wanted = {header_key(name) for name in names}
        for index, key in enumerate(keys):
            if key in wanted:
                found[field] = index
                break
    return found


def _value(values: list, columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    if index is None or index >= len(values):
        return ""
    return cell_text(values[index])


# ---------------------------------------------------------------- the pool


def read_pool(path: str | Path) -> Pool:
    """Read and validate an expert pool file (.xlsx, .csv or .json)."""
    headers, rows = read_table(path, "专家库")
    columns = map_columns(headers, POOL_COLUMNS)
    missing = [_CONTRACT_HEADER[field] for field in REQUIRED_POOL if field not in columns]
    if missing:
        raise InputError(f"专家库「{path}」缺少必需的列：{'、'.join(missing)}。")
    experts = [expert for number, values in rows
               if (expert := _row_to_expert(number, values, columns)) is not None]
    if not experts:
        raise InputError(f"专家库「{path}」没有任何专家记录。")
    return build_pool(experts, str(path))


def _row_to_expert(number: int, values: list, columns: dict[str, int]) -> Expert | None:
    # A row with nothing in the contract's columns is a blank line, not an expert.
    texts = {field: _value(values, columns, field) for field in POOL_COLUMNS if field != "phone"}
    if not any(texts.values()):
        return None
    if not texts["expert_id"]:
        raise InputError(f"专家库第 {number} 行缺少专家编号。")
    staff_text = texts["staff"]
    return Expert(
        expert_id=texts["expert_id"],
        name=texts["name"],
        unit=texts["unit"],
        fields=split_fields(texts["fields"]),
        status=texts["status"],
        unit_uscc=normalise_uscc(texts["unit_uscc"]),
        staff=parse_yes_no(staff_text, f"专家库第 {number} 行「是否本局工作人员」") if staff_text else False,
        row=number,
    )


def normalise_uscc(text: str) -> str:
    """USCC in stdnum's compact upper-case form ("" when empty).

    An invalid code is kept (compacted) rather than dropped: for recusal, two identical codes
    still say "same employer" even if a check character was mistyped in both places.
    """
    if not text:
        return ""
    from stdnum.cn import uscc

    return uscc.compact(text).upper()


def normalise_unit(text: str) -> str:
    """Employer name for comparison: NFKC, all whitespace dropped, case-folded."""
    return re.sub(r"\s+", "", nfkc(text or "")).casefold()
