"""Read round records: the contract's workbook (轮次, 流程节点, 专家抽取, 公示, 归档) or the same data as
JSON/YAML (an object keyed by the sheet names, each a list of rows keyed by the headers; 轮次 may be one
object). Several files or a folder in one run.

Reading never stops on a bad cell: an unparseable date becomes an ``INP-ROUND-DATE`` finding naming
sheet, row (cell) and value, and the rules reading it judge ``missing``; an unknown step name becomes an
``INP-ROUND-STEP`` finding listing the accepted names. A missing required sheet, an unreadable file or
an unknown file type is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError
from checker.parse import DATE_FORM, Unreadable, is_blank, parse_date, parse_yes_no
from checker.textnorm import header_key, nfkc

SHEET_ROUND, SHEET_STEPS, SHEET_DRAW, SHEET_DISC, SHEET_ARCHIVE = "轮次", "流程节点", "专家抽取", "公示", "归档"
SHEETS = (SHEET_ROUND, SHEET_STEPS, SHEET_DRAW, SHEET_DISC, SHEET_ARCHIVE)

# step name (as in the contract) -> fact key
STEP_KEYS: dict[str, str] = {
    "事前报告": "pre_report",
    "纪检组同意": "consent",
    "发布申报通知": "notice",
    "区市推荐": "district_recommend",
    "市级复审": "city_review",
    "信用查询": "credit_check",
    "专家抽取": "draw",
    "评审报告": "review_report",
    "评审同意": "review_consent",
    "专家评审": "expert_review",
    "事中报告": "mid_report",
    "党组会": "meeting",
    "市政府审定": "citygov",
    "市委组织部审核": "orgdept",
    "公示开始": "disclosure_start",
    "公示结束": "disclosure_end",
    "行文认定": "recognition",
    "决策备案": "post_filing",
    "归档": "archive",
}
STEP_NAMES = {key: name for name, key in STEP_KEYS.items()}
ACCEPTED_STEPS = "、".join(STEP_KEYS)

# column aliases per sheet: field -> accepted headers (compared with header_key)
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    SHEET_ROUND: {
        "round_id": ("轮次编号", "轮次", "编号"),
        "workflow": ("流程类型", "流程", "工作流程"),
        "fund_name": ("专项名称", "资金名称", "项目名称"),
        "office": ("承办科室", "科室"),
        "field": ("项目领域", "所属领域", "领域"),
        "has_funds": ("是否涉及资金", "涉及资金"),
    },
    SHEET_STEPS: {
        "step": ("节点", "步骤", "流程节点"),
        "date": ("日期",),
        "doc": ("文号/材料", "文号", "材料"),
        "to": ("报送对象",),
        "note": ("备注",),
        "stage": ("阶段",),
        "minutes": ("会议纪要文号",),
        "vote": ("表决方式及结果",),
        "jjz_opinion": ("纪检组意见",),
        "resolution": ("决议内容", "决议名单", "通过名单"),
    },
    SHEET_DRAW: {
        "draw_id": ("抽取记录编号",),
        "office": ("抽取科室",),
        "expert_id": ("专家编号",),
        "field": ("专业领域",),
        "employer": ("工作单位",),
        "role": ("角色",),
    },
    SHEET_DISC: {
        "start": ("开始日期",),
        "end": ("结束日期",),
        "channel": ("渠道",),
        "objections": ("异议数",),
        "objection_result": ("异议处理结果",),
        "stage": ("阶段",),
        "list": ("公示名单", "公示内容", "公示项目"),
    },
    SHEET_ARCHIVE: {
        "item": ("材料名称",),
        "archived": ("是否归档",),
    },
}
REQUIRED_COLUMNS = {
    SHEET_ROUND: ("workflow",),
    SHEET_STEPS: ("step", "date"),
    SHEET_DRAW: ("expert_id",),
    SHEET_DISC: ("start", "end"),
    SHEET_ARCHIVE: ("item", "archived"),
}
_ALIAS_INDEX = {
    sheet: {header_key(alias): name for name, aliases in cols.items() for alias in aliases} for sheet, cols in COLUMNS.items()
}


@dataclass
class Cell:
    value: Any
    ref: str  # "流程节点!B5" (workbook) or "流程节点[3].日期" (JSON/YAML)


@dataclass
class Row:
    sheet: str
    number: int  # workbook row number (header = 1) or 1-based list position
    cells: dict[str, Cell]
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        if cell is None or is_blank(cell.value):
            return ""
        value = cell.value
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            value = value.isoformat()[:10]
        return nfkc(str(value))

    def ref(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.ref if cell else f"{self.sheet} 第 {self.number} 行"

    def has_column(self, name: str) -> bool:
        return name in self.cells


@dataclass
class Step:
    key: str
    name: str
    stage: int | None
    date: dt.date | None
    date_state: str  # dated | undated (blank) | unreadable
    row: Row

    @property
    def ref(self) -> str:
        return self.row.ref("date")


@dataclass
class RoundRecord:
    source: str
    round_id: str
    workflow_id: str
    fund_name: str
    office: str
    field: str
    has_funds: bool | None
    round_row: Row | None
    steps: list[Step]
    draws: list[Row]
    disclosures: list[dict]  # {start, end, start_state, end_state, row, stage, objections, ...}
    archive: list[Row]
    sheets_present: set[str]
    columns_present: dict[str, set[str]]
    input_findings: list[dict]
    sha256: str

    def steps_of(self, key: str) -> list[Step]:
        return [s for s in self.steps if s.key == key]


# --- finding helpers ------------------------------------------------------------------------------


def input_finding(rule_id: str, message: str, evidence: dict, expected: str, outcome: str = "fail") -> dict:
    return {
        "rule_id": rule_id,
        "rule_version": 1,
        "title": {"zh": "轮次记录无法读取的值", "en": "Unreadable value in the round record"},
        "severity": "review",
        "outcome": outcome,
        "message": message,
        "remedy": f"请按 {expected} 更正该单元格后重新审计。",
        "why": "无法读取的值不能作为判断依据；读取该值的规则判为“缺失”。",
        "evidence": evidence,
        "parameters": {},
        "citation": {"source": "contract.md", "lines": "0", "quote": f"轮次记录（{expected}）"},
    }


# --- reading ----------------------------------------------------------------------------------------


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder contributes its .xlsx/.json/.yaml/.yml files (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            members = sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".json", ".yaml", ".yml") and not p.name.startswith("~$")
            )
            if not members:
                raise InputError(f"folder {path} holds no round record (.xlsx, .json, .yaml)")
            found.extend(members)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"round record {path} does not exist")
    return found


def read_round_file(path: Path, required_sheets: tuple[str, ...] = (SHEET_ROUND, SHEET_STEPS)) -> list["RoundRecord"]:
    """One file → one round record (a JSON file may hold a list of records)."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = _workbook_sheets(path)
        # the file name, not the path: reports must not depend on (or reveal) where they ran
        return [build_record(sheets, path.name, sha, required_sheets)]
    if suffix in (".json", ".yaml", ".yml"):
        try:
            text = data.decode("utf-8-sig")
            loaded = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        except (UnicodeDecodeError, ValueError, RecursionError, yaml.YAMLError) as error:
            raise InputError(f"{path} is not readable {suffix[1:].upper()}: {str(error).splitlines()[0]}") from error
        items = loaded if isinstance(loaded, list) else [loaded]
        records = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError(f"{path}: a round record must be an object keyed by sheet names ({'、'.join(SHEETS)})")
            label = path.name if len(items) == 1 else f"{path.name}[{index}]"
            records.append(build_record(rows_from_mapping(item), label, sha, required_sheets))
        return records
    raise InputError(f"{path}: unknown file type {suffix or '(none)'}; give a .xlsx workbook or .json/.yaml")


Sheets = dict[str, tuple[list[Row], set[str]]]  # sheet -> (rows, fields whose column is present)


def _workbook_sheets(path: Path) -> Sheets:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise InputError(f"{path} is not a readable .xlsx workbook: {error}") from error
    sheets: Sheets = {}
    try:
        for worksheet in workbook.worksheets:
            name = nfkc(worksheet.title)
            if name not in SHEETS:
                continue
            rows = worksheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                sheets[name] = ([], set())
                continue
            columns = _map_header(name, header)
            parsed: list[Row] = []
            for number, values in enumerate(rows, start=2):
                if values is None or all(is_blank(v) for v in values):
                    continue
                cells, extra = {}, {}
                for index, value in enumerate(values):
                    if index >= len(header):
                        break
                    field_name = columns.get(index)
                    if field_name:
                        cells[field_name] = Cell(value, f"{name}!{get_column_letter(index + 1)}{number}")
                    elif header[index] is not None and not is_blank(value):
                        extra[str(header[index])] = value
                for index, field_name in columns.items():  # a header present but the row short: blank cell
                    cells.setdefault(field_name, Cell(None, f"{name}!{get_column_letter(index + 1)}{number}"))
                parsed.append(Row(name, number, cells, extra))
            sheets[name] = (parsed, set(columns.values()))
    finally:
        workbook.close()
    return sheets


def _map_header(sheet: str, header: tuple) -> dict[int, str]:
    index = _ALIAS_INDEX[sheet]
    mapped: dict[int, str] = {}
    for position, title in enumerate(header):
        name = index.get(header_key(title))
        if name and name not in mapped.values():
            mapped[position] = name
    return mapped


def rows_from_mapping(data: dict) -> Sheets:
    """The JSON/YAML form: {"轮次": {...} or [{...}], "流程节点": [{...}, ...], ...}."""
    sheets: Sheets = {}
    for raw_name, content in data.items():
        name = nfkc(str(raw_name))
        if name not in SHEETS:
            continue
        items = [content] if isinstance(content, dict) else (content or [])
        if not isinstance(items, list):
            raise InputError(f"sheet {name} must be a list of rows")
        parsed: list[Row] = []
        columns: set[str] = set()
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InputError(f"sheet {name} row {number} must be an object keyed by column headers")
            cells, extra = {}, {}
            for key, value in item.items():
                field_name = _ALIAS_INDEX[name].get(header_key(key))
                if field_name:
                    cells[field_name] = Cell(value, f"{name}[{number}].{key}")
                    columns.add(field_name)
                else:
                    extra[str(key)] = value
            parsed.append(Row(name, number, cells, extra))
        sheets[name] = (parsed, columns)
    return sheets


def build_record(tables: Sheets, source: str, sha: str, required_sheets: tuple[str, ...]) -> RoundRecord:
    present = {name for name in SHEETS if name in tables}
    columns_present = {name: tables[name][1] for name in present}
    sheets = {name: tables[name][0] for name in present}
    for name in (SHEET_ROUND, SHEET_STEPS, *required_sheets):
        if name not in present:
            raise InputError(f"{source}: the round record has no sheet {name!r} (sheets needed: {'、'.join(SHEETS)})")
    for name in present:
        for column in REQUIRED_COLUMNS[name]:
            if column not in columns_present[name] and sheets[name]:
                headers = "/".join(COLUMNS[name][column])
                raise InputError(f"{source}: sheet {name} has no column {headers}")
    findings: list[dict] = []
    round_rows = sheets[SHEET_ROUND]
    round_row = round_rows[0] if round_rows else None
    if round_row is None:
        raise InputError(f"{source}: sheet 轮次 has no row of values")
    if len(round_rows) > 1:
        # One record is one round; a second row would be silently ignored, so refuse it.
        raise InputError(f"{source}: sheet 轮次 has {len(round_rows)} rows; a round record holds one round (use one file per round)")
    workflow_id = nfkc(round_row.text("workflow")).upper()
    round_id = round_row.text("round_id")
    if not round_id:
        raise InputError(f"{source}: sheet 轮次 gives no 轮次编号 (round id)")
    has_funds: bool | None = None
    if round_row.text("has_funds"):
        try:
            has_funds = parse_yes_no(round_row.text("has_funds"))
        except Unreadable as error:
            findings.append(_unreadable(round_row, "has_funds", error.expected))

    steps: list[Step] = []
    for row in sheets[SHEET_STEPS]:
        name = row.text("step")
        if not name:
            continue
        key = STEP_KEYS.get(name.replace(" ", ""))
        if key is None:
            findings.append(
                input_finding(
                    "INP-ROUND-STEP",
                    f"{row.ref('step')} 的节点名称“{name}”不是可识别的步骤；可用名称：{ACCEPTED_STEPS}。该行未参与审计。",
                    {"step": name, "source": row.ref("step"), "accepted": list(STEP_KEYS)},
                    f"节点名称之一（{ACCEPTED_STEPS}）",
                )
            )
            continue
        stage = _stage(row, findings)
        date, state = _date(row, "date", findings)
        steps.append(Step(key, name, stage, date, state, row))

    disclosures: list[dict] = []
    for row in sheets.get(SHEET_DISC, []):
        start, start_state = _date(row, "start", findings)
        end, end_state = _date(row, "end", findings)
        objections: int | None = None
        objections_state = "blank"
        text = row.text("objections")
        if text:
            try:
                objections = int(text)
                objections_state = "ok" if objections >= 0 else "unreadable"
            except ValueError:
                objections_state = "unreadable"
                findings.append(_unreadable(row, "objections", "不小于 0 的整数"))
        disclosures.append(
            {
                "row": row,
                "stage": _stage(row, findings),
                "start": start,
                "start_state": start_state,
                "end": end,
                "end_state": end_state,
                "objections": objections,
                "objections_state": objections_state,
                "objection_result": row.text("objection_result"),
                "channel": row.text("channel"),
                "list": row.text("list"),
            }
        )
    archive = list(sheets.get(SHEET_ARCHIVE, []))
    return RoundRecord(
        source=source,
        round_id=round_id,
        workflow_id=workflow_id,
        fund_name=round_row.text("fund_name"),
        office=round_row.text("office"),
        field=round_row.text("field"),
        has_funds=has_funds,
        round_row=round_row,
        steps=steps,
        draws=list(sheets.get(SHEET_DRAW, [])),
        disclosures=disclosures,
        archive=archive,
        sheets_present=present,
        columns_present=columns_present,
        input_findings=findings,
        sha256=sha,
    )


def _unreadable(row: Row, name: str, expected: str) -> dict:
    value = row.text(name)
    return input_finding(
        "INP-ROUND-DATE" if expected == DATE_FORM else "INP-ROUND-VALUE",
        f"{row.sheet} 第 {row.number} 行（{row.ref(name)}）的值“{value}”无法识别，应为{expected}。",
        {name: value, "source": row.ref(name), "sheet": row.sheet, "row": row.number},
        expected,
    )


def _date(row: Row, name: str, findings: list[dict]) -> tuple[dt.date | None, str]:
    cell = row.cells.get(name)
    if cell is None or is_blank(cell.value):
        return None, "undated"
    try:
        return parse_date(cell.value), "dated"
    except Unreadable as error:
        findings.append(_unreadable(row, name, error.expected))
        return None, "unreadable"


def _stage(row: Row, findings: list[dict]) -> int | None:
    text = row.text("stage")
    if not text:
        return None
    digits = {"一": "1", "二": "2", "第一阶段": "1", "第二阶段": "2", "认定": "1", "奖励": "2"}.get(text, text)
    digits = digits.replace("第", "").replace("阶段", "")
    if digits.isdigit():
        return int(digits)
    findings.append(_unreadable(row, "stage", "阶段编号 1 或 2"))
    return None


def read_rounds(paths: list[str | Path], required_sheets: tuple[str, ...] = (SHEET_ROUND, SHEET_STEPS)) -> list[RoundRecord]:
    records: list[RoundRecord] = []
    for path in expand_paths(paths):
        try:
            records.extend(read_round_file(path, required_sheets))
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    return records


def record_from_mapping(data: dict, source: str = "fixture") -> RoundRecord:
    """A round record from its JSON form (fixtures, tests, the benchmark)."""
    return build_record(rows_from_mapping(data), source, hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest(), ())
