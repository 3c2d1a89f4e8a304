"""Round records: the contract's workbook (轮次, 流程节点, 专家抽取, 公示, 归档) or the same data as
JSON/YAML (an object keyed by the sheet names, each a list of rows keyed by the headers; 轮次 may be
one object). Several files or a folder in one run. Every sheet is read by the one table reader.

Reading never stops on a bad cell: an unparseable date becomes an ``INP-ROUND-DATE`` finding naming
sheet, row (cell) and value, and the rules reading it judge ``missing``; an unknown step name becomes
an ``INP-ROUND-STEP`` finding listing the accepted names. A missing required sheet, an unreadable
file or an unknown file type is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from checker.core.findings import control_character_finding, input_finding
from checker.core.text import control_characters, header_key, nfkc
from checker.core.values import DATE_FORM, Unreadable, chinese_count, is_blank, parse_count, parse_date, parse_yes_no
from checker.errors import InputError, os_reason
from checker.io.table import Row, Table, aliases, cell_text, load_structured, open_sheets, records_table, written_text

SHEET_ROUND, SHEET_STEPS, SHEET_DRAW, SHEET_DISC, SHEET_ARCHIVE = "轮次", "流程节点", "专家抽取", "公示", "归档"
SHEETS = (SHEET_ROUND, SHEET_STEPS, SHEET_DRAW, SHEET_DISC, SHEET_ARCHIVE)
# An optional sheet of the W-23 diagnosis service: one row per enterprise with its service agreement
# and its diagnosis report.
SHEET_DIAG = "诊断服务"
ALL_SHEETS = (*SHEETS, SHEET_DIAG)
RECORD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".json", ".yaml", ".yml")

# column aliases per sheet: field -> accepted headers
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    SHEET_ROUND: {
        "round_id": ("轮次编号", "轮次", "编号"),
        "workflow": ("流程类型", "流程", "工作流程"),
        "fund_name": ("专项名称", "资金名称", "项目名称"),
        "office": ("承办科室", "科室"),
        "field": ("项目领域", "所属领域", "领域"),
        "applicants": ("申报单位", "申报企业", "申报单位名单"),  # every applicant, passed or not (DRAW-COI)
        "has_funds": ("是否涉及资金", "涉及资金"),
        "stages": ("本轮阶段", "阶段范围", "审计阶段"),
        "notice_disclosure_days": ("公示期（工作日）", "通知公示期", "公示期"),
        "application_count": ("申报数量", "申报数"),
        "province_quota": ("省定推荐数量", "省定数量", "推荐数量"),
    },
    SHEET_STEPS: {
        "step": ("节点", "步骤", "流程节点"),
        "date": ("日期",),
        "doc": ("文号/材料", "文号", "材料"),
        "to": ("报送对象",),
        "note": ("备注",),
        "stage": ("阶段",),
        "minutes": ("会议纪要文号", "纪要文号"),
        "vote": ("表决方式及结果", "表决情况", "表决结果"),
        "jjz_opinion": ("纪检组意见", "派驻纪检监察组意见"),
        "resolution": ("决议内容", "决议名单", "通过名单"),
        "issuer": ("发文单位", "联合发文单位", "承办单位"),
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
        # headed as offices head a 公示 sheet too (h143: 公示开始日期 stopped the run, 缺少列「开始日期」, and a 公示渠道
        # column was read as no channel, 公示渠道未填写)
        "start": ("开始日期", "公示开始日期", "公示开始时间", "起始日期"),
        "end": ("结束日期", "公示结束日期", "公示结束时间", "截止日期"),
        "channel": ("渠道", "公示渠道", "发布渠道", "公示网站", "公示媒体"),
        "objections": ("异议数", "异议数量", "收到异议数"),
        "objection_result": ("异议处理结果", "异议处理情况"),
        "stage": ("阶段",),
        "list": ("公示名单", "公示内容", "公示项目"),
    },
    SHEET_ARCHIVE: {
        "item": ("材料名称",),
        "archived": ("是否归档",),
    },
    SHEET_DIAG: {
        "enterprise": ("企业名称",),
        "provider": ("服务机构",),
        "agreement": ("协议日期",),
        "report": ("报告日期",),
    },
}
REQUIRED_COLUMNS = {
    SHEET_ROUND: ("workflow",),
    SHEET_STEPS: ("step", "date"),
    SHEET_DRAW: ("expert_id",),
    SHEET_DISC: ("start", "end"),
    SHEET_ARCHIVE: ("item", "archived"),
    SHEET_DIAG: ("enterprise",),
}
# Field names are not headers of a round record: only the Chinese headers are accepted.
KNOWN = {sheet: {k: v for k, v in aliases(cols).items() if k not in cols} for sheet, cols in COLUMNS.items()}


class NotARoundRecord(InputError):
    """The file has no 轮次 sheet: it is some other file, not a damaged round record."""


@dataclass
class Step:
    key: str
    name: str  # the canonical step name (rules/steps.yaml), whatever alias the record used
    stage: int | None
    date: dt.date | None
    date_state: str  # dated | undated (blank) | unreadable
    row: Row
    written: str = ""  # the 节点 as written, when it is not the canonical name (an alias, a note in brackets)
    time: str = ""  # h161: the time of day the 日期 cell writes after the date (上午9时, 09:30), as written

    @property
    def ref(self) -> str:
        return self.row.ref("date")

    @property
    def minutes(self) -> tuple[int, int] | None:
        """The time of day as the earliest and latest minute it can be (上午: 0-719; 9时: 540-540), or None."""
        return time_span(self.time)


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
    stages_declared: list[int] | None  # 轮次.本轮阶段: the stages this round covers (None: all)
    notice_disclosure_days: int | None  # 轮次.公示期（工作日）: the 公示 period the round's notice states
    steps: list[Step]
    draws: list[Row]
    disclosures: list[dict]  # {start, end, start_state, end_state, row, stage, objections, ...}
    archive: list[Row]
    sheets_present: set[str]
    columns_present: dict[str, set[str]]
    input_findings: list[dict]
    sha256: str
    application_count: int | None = None  # 轮次.申报数量 (recommendation rounds, W-17 … W-19)
    province_quota: int | None = None  # 轮次.省定推荐数量: the number the province allows
    diagnoses: list[dict] = field(default_factory=list)  # 诊断服务 rows: {enterprise, agreement, report, row, ...}
    # rows of an unknown 节点 close to a step's name (INP-ROUND-STEP "是否为…？"), read as that step:
    # the audit asks whether a requirement failing for want of that step holds when the row is it
    maybe_steps: list[tuple[str, Step]] = field(default_factory=list)  # (the name guessed, the row read as it)
    # 纪检组同意 / 评审同意 rows recording a refusal (INP-ROUND-CONSENT-DENIED): (step key, row, the cell's column);
    # the rule asking for that consent says it was refused (facts/steps.py consent_by denied)
    refused_consents: list[tuple[str, Row, str]] = field(default_factory=list)
    # other records of the same round given in the same run, skipped (run.distinct_rounds): each
    # {source, round_id, same_content, warning}; the reports of the copy audited name them
    other_copies: list[dict] = field(default_factory=list)

    # The record's rows by sheet, for content_sha256. The digest is only needed when a round was
    # given twice (distinct_rounds), so it is worked out then, not for every record read: it
    # encodes every cell again, ~0.3 s of the 1,000-round audit's serial reading before the workers.
    content_rows: dict[str, list[Row]] | None = field(default=None, repr=False, compare=False)
    _content_sha256: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_sha256(self) -> str:
        """The record's cell values whatever the file format (two copies of one round)."""
        if self._content_sha256 is None:
            self._content_sha256 = _content_digest(self.content_rows) if self.content_rows is not None else ""
        return self._content_sha256

    # the steps by key, built on the first steps_of (the rules and the evidence ask ~150 times a round)
    _steps_by_key: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def steps_of(self, key: str) -> list[Step]:
        index = self._steps_by_key
        if index is None or index[0] is not self.steps or index[1] != len(self.steps):
            by_key: dict[str, list[Step]] = {}
            for step in self.steps:
                by_key.setdefault(step.key, []).append(step)
            index = self._steps_by_key = (self.steps, len(self.steps), by_key)
        return list(index[2].get(key, ()))


# an input finding that is no unreadable value says what it is (the conclusion and the index name it)
_INPUT_TITLES = {
    "INP-ROUND-DUPLICATE": ("同一步骤记录了多行", "One step recorded on several rows"),
    "INP-ROUND-DISC-DATES": ("公示日期前后记录不一致", "The 公示 dates recorded twice differ"),
    "INP-ROUND-FUTURE-DATE": ("日期晚于审计基准日", "A date after the audit's as-of date"),
    "INP-ROUND-NO-DOC": ("步骤记有日期却写明没有材料", "A dated step whose material says there is none"),
    "INP-ROUND-CONSENT-DENIED": ("纪检组未同意", "A consent step whose row says consent was refused"),
    "INP-ROUND-STAGE": ("未填阶段，按日期归入", "A row without its stage, placed by its date"),
    "INP-ROUND-NO-STAGE": ("未填写阶段，无法分阶段核对", "No row gives its stage in a round of stages"),
    "INP-ROUND-HIDDEN": ("工作表中有隐藏行", "Hidden rows read"),
    "INP-ROUND-SHEET": ("工作表名称无法识别，未读取", "A sheet not read: its name is no round-record sheet"),
    "INP-ROUND-YEAR": ("日期未写年份，按本轮年份读取", "A date without its year, read in the round's year"),  # h161
    "INP-ROUND-PERIOD": ("流程节点一格写明公示期，按节点取其开始或结束日期", "A 公示 period in one 流程节点 cell, read as the step's day"),  # h164
}

# A 纪检组同意 / 评审同意 row whose 文号/材料, 备注 or 纪检组意见 says the 纪检组 did not consent ("纪检组不同意，
# 退回修改", "纪检组未签批", 纪检组意见 "不同意"): the row records a refusal, no consent, as 党组会（未召开）
# records no meeting. Not a refusal (consent_refused):
# - 不同意见 (不同 + 意见, dissent) said to be absent or settled: 无不同意见, 不存在不同意见, 不同意见：无,
#   （不同意的意见已整改） (_NO_REFUSAL);
# - a note in brackets on an earlier, settled refusal beside a consent outside them: 同意（前次退回，已重新
#   报送） (_EARLIER); 同意（未签批） is a refusal.
# A refusal the same cell then reverses (不同意，整改后同意) stays a refusal: the row's date is the refusal's,
# the consent's is not recorded (INP-ROUND-CONSENT-DENIED asks for a row of its own).
_CONSENT_KEYS = frozenset({"consent", "review_consent"})
# a refusal word or a consent: at each place the refusal is tried first (不同意 is no 同意)
_DECISION = re.compile(r"(?P<no>不同意|未同意|不予同意|没有同意|未签批|未批准|不批准|未获批|退回|驳回|暂缓|否决)|同意|批准|签批")
_DISSENT = r"(?:不同意见|不同的意见|不同意的意见|不同意意见)"
_NO_REFUSAL = re.compile(
    rf"(?:无|没有|不存在|未提出?|未发现|未有)(?:任何)?(?:{_DISSENT}|不同意)"  # 无不同意见, 不存在不同意见, 无不同意
    rf"|{_DISSENT}[:：]?(?:无|没有|暂无)"  # 不同意见：无
    rf"|{_DISSENT}(?:均|已经|已)(?:整改|落实|采纳|消除|处理|解决)(?:完毕|到位)?")  # 不同意的意见已整改
_BRACKETED = re.compile(r"\([^()]*\)")
_EARLIER = re.compile(r"前次|此前|之前|上次|曾|原|已")


def _says_refused(text: str) -> bool:
    """Whether a consent cell (NFKC, no spaces) records a refusal (see above)."""
    text = _NO_REFUSAL.sub("", text)
    outside = _BRACKETED.sub(lambda note: "" if _EARLIER.search(note.group(0)) else note.group(0), text)
    if outside != text and _DECISION.search(outside):  # 同意（前次退回…）: the words outside the note decide
        text = outside
    return any(word.group("no") for word in _DECISION.finditer(text))

# another approver named on the row (分管局长签批同意；纪检组未签批): the consent of someone else, which the
# rules judge as such (consent_by other, needs review), not a refusal (facts/steps.py _OTHER_APPROVERS)
_OTHER_APPROVER = re.compile(r"局长|局领导|分管|科长|主任|办公会|党组|政工科|办公室|书记|主要领导|处长")


def consent_refused(row: Row) -> str:
    """The cell of a consent row that says consent was not given (its reference), or ""."""
    if any(_OTHER_APPROVER.search(nfkc(row.text(c))) for c in ("doc", "note", "to", "issuer")):
        return ""
    for column in ("doc", "note", "jjz_opinion"):
        text = nfkc(row.text(column)).replace(" ", "")
        if text and _says_refused(text):
            return column
    return ""


def round_input_finding(rule_id: str, message: str, evidence: dict, expected: str) -> dict:
    title = _INPUT_TITLES.get(rule_id, ("轮次记录无法读取的值", "Unreadable value in the round record"))
    # 处理建议 in words: "请更正为日期（如 2020-07-01、…）后重新审计。", not "请按 日期，如 2020-07-01、… 更正…";
    # a form written "X，如 Y" (checker/core/values.py) reads "X（如 Y）" inside the sentence
    wanted, example, rest = expected.partition("，如 ")
    form = f"{wanted}（如 {rest}）" if example and "（" not in rest else expected
    return input_finding(rule_id, title, message,
                         f"请更正为{' ' if form[:1].isascii() else ''}{form}后重新审计。", evidence, f"轮次记录：{expected}")


# --- reading ----------------------------------------------------------------------------------------


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder contributes its round-record files (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            members = sorted(p for p in path.iterdir() if p.suffix.lower() in RECORD_SUFFIXES and not p.name.startswith(("~$", ".")))
            if not members:
                raise InputError(f"文件夹「{path}」中没有轮次记录（.xlsx、.json、.yaml）")
            found.extend(members)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"轮次记录「{path}」不存在")
    return found


Sheets = dict[str, Table]


def read_round_file(path: Path, step_keys: dict[str, str], repeating: frozenset[str] = frozenset()) -> list[RoundRecord]:
    """One file → its round records (a JSON/YAML file may hold a list of records)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        loaded = load_structured(path, what="轮次记录")
        items = loaded if isinstance(loaded, list) else [loaded]
        records = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError(f"{path.name}：轮次记录须是以工作表名为键的对象（{'、'.join(SHEETS)}）")
            # the file name, not the path: reports must not depend on (or reveal) where they ran
            label = path.name if len(items) == 1 else f"{path.name}[{index}]"
            records.append(build_record(sheets_from_mapping(item, label, sha), label, sha, step_keys, repeating,
                                        sheet_names=[str(name) for name in item]))
        return records
    if suffix in RECORD_SUFFIXES:
        tables, sha = open_sheets(path, KNOWN, what="轮次记录", formulas=True)
        marks = _workbook_marks(path, tables)
        return [build_record(tables, path.name, sha, step_keys, repeating, hidden=marks.hidden,
                             sheet_names=marks.names, volatile=marks.volatile)]
    raise InputError(f"{path}：无法识别的文件类型 {suffix or '（无扩展名）'}；请提供 .xlsx 工作簿或 .json/.yaml 文件")


# =TODAY() or =NOW() in a cell: its cached value is the day the workbook was last calculated, not the day
# the step happened (a clerk's 归档 or 决策备案 date "filled in" so): read as it, it passed whatever the day
VOLATILE_DATE = "的值是工作簿最后一次计算的日期，不是该事项发生的日期"
_VOLATILE = re.compile(rb"(?i)\b(?:TODAY|NOW)\s*\(")
# a cell (not self-closing: a cell's attributes hold no "/") and its formula, never reaching into the next cell
_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>/]*)>(?:(?!</(?:\w+:)?c>|<(?:\w+:)?c\b).)*?<(?:\w+:)?f\b([^>/]*)>([^<]*)</(?:\w+:)?f>", re.S)
# A formula Excel shares over a range (filled down: =TODAY() in B12:B14) is written in full in its first cell only,
# <f t="shared" ref="B12:B14" si="0">TODAY()</f>; every other cell of the range holds <f t="shared" si="0"/>. Only the
# first was caught, the others read as their cached day (h135): a cell holding the shared index is the first's formula.
_SHARED_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>/]*)>(?:(?!</(?:\w+:)?c>|<(?:\w+:)?c\b).)*?<(?:\w+:)?f\b([^>/]*)/>", re.S)
_SHARED = re.compile(rb"\bt\s*=\s*[\"']shared[\"']")
_SHARED_INDEX = re.compile(rb"\bsi\s*=\s*[\"'](\d+)[\"']")
_CELL_REF = re.compile(rb"\br\s*=\s*[\"']([A-Z]+[0-9]+)[\"']")


@dataclass
class WorkbookMarks:
    """What the reader of cells does not see of an .xlsx, .xlsm or .ods round record: its sheet names as
    written, the rows each round-record sheet hides, and the cells whose formula is =TODAY() / =NOW()."""

    names: list[str] | None = None
    hidden: dict[str, set[int]] = field(default_factory=dict)
    volatile: dict[str, str] = field(default_factory=dict)  # 流程节点!B12 → TODAY()


def _workbook_marks(path: Path, tables: Sheets) -> WorkbookMarks:
    """The workbook read once more, for what the cells do not show: its sheet names (python-calamine), the
    rows each round-record sheet hides (checker.io.xlsx's hidden_rows / hidden_ods_rows, as check and the
    pool read them) and an .xlsx's =TODAY() / =NOW() cells. Anything that cannot be read again (the
    workbook was read already) marks nothing."""
    from checker.io.xlsx import hidden_ods_rows, hidden_rows

    suffix = path.suffix.lower()
    marks = WorkbookMarks()
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        return marks
    try:
        from python_calamine import CalamineWorkbook

        marks.names = [str(n) for n in CalamineWorkbook.from_path(str(path)).sheet_names]
    except Exception:  # noqa: BLE001 - no names: nothing more is said
        return marks
    for name in marks.names:
        sheet = nfkc(name)
        if sheet not in tables or sheet in marks.hidden:
            continue
        marks.hidden[sheet] = hidden_ods_rows(path, name) if suffix == ".ods" else hidden_rows(path, name)
        if suffix != ".ods":
            marks.volatile.update(_volatile_cells(path, name, sheet))
    marks.hidden = {k: v for k, v in marks.hidden.items() if v}
    return marks


def _volatile_cells(path: Path, name: str, sheet: str) -> dict[str, str]:
    """The cells of the named .xlsx sheet whose formula calls TODAY() or NOW(): {流程节点!B12: TODAY()}. A part
    without either word costs one search."""
    import html as html_mod
    import zipfile

    from checker.io.xlsx import _sheet_part

    found: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as package:
            part = _sheet_part(package, name)
            data = package.read(part) if part else b""
    except (OSError, zipfile.BadZipFile, KeyError):
        return found
    if not _VOLATILE.search(data):
        return found
    shared: dict[bytes, str] = {}  # a shared formula's index → its text, where it calls TODAY() or NOW()
    for cell in _FORMULA_CELL.finditer(data):
        ref = _CELL_REF.search(cell.group(1))
        if ref and _VOLATILE.search(cell.group(3)):
            text = html_mod.unescape(cell.group(3).decode("utf-8", "replace")).strip()
            found[f"{sheet}!{ref.group(1).decode()}"] = text
            index = _SHARED_INDEX.search(cell.group(2))
            if index and _SHARED.search(cell.group(2)):
                shared[index.group(1)] = text
    for cell in _SHARED_FORMULA_CELL.finditer(data) if shared else ():
        ref, index = _CELL_REF.search(cell.group(1)), _SHARED_INDEX.search(cell.group(2))
        if ref and index and _SHARED.search(cell.group(2)) and index.group(1) in shared:
            found.setdefault(f"{sheet}!{ref.group(1).decode()}", shared[index.group(1)])
    return found


def _hidden_row_findings(sheets: dict[str, list[Row]], hidden: dict[str, set[int]]) -> list[dict]:
    """A filled row the sheet hides is read like the others and named (needs review): a step a clerk hid
    rather than deleted (a draft 事中报告, a meeting that did not take place) must not pass unseen."""
    findings = []
    for sheet in ALL_SHEETS:
        rows = [row for row in sheets.get(sheet, []) if row.number in hidden.get(sheet, ())]
        if not rows:
            continue
        listed = "、".join(f"第 {row.number} 行" + (f"（{label}）" if (label := _row_label(sheet, row)) else "") for row in rows)
        findings.append(round_input_finding(
            "INP-ROUND-HIDDEN",
            f"工作表「{sheet}」的{listed}是隐藏行：打开工作簿看不到，审计仍按记录读取；"
            "请核实隐藏的行是否有效（作废的行请删除，有效的行请取消隐藏），然后重新审计。",
            {"source": f"{sheet} " + "、".join(f"第 {row.number} 行" for row in rows), "sheet": sheet,
             "rows": [row.number for row in rows]},
            "不含隐藏行的工作表（作废的行删除）",
        ))
    return findings


def _look_alike_findings(names: list[str] | None, present: set[str]) -> list[dict]:
    """A sheet the record lacks (专家抽取, 公示, 归档) beside one that looks like it (专家抽取表): the rules reading it
    say the record has no such sheet; the finding says which sheet was not read and why (needs review)."""
    findings = []
    for name, meant in _look_alike_sheets(names):
        if meant in present:
            continue  # the sheet itself is there and read; a copy beside it (专家抽取（旧）) changes nothing read
        finding = round_input_finding(
            "INP-ROUND-SHEET",
            f"工作表「{name}」不是轮次记录的工作表名，未读取；审计按没有「{meant}」表进行。"
            f"如它就是「{meant}」表，请改名为「{meant}」后重新审计。",
            {"sheet": name, "source": name, "meant": meant},
            f"工作表名「{meant}」",
        )
        # advisory, as INP-ROUND-ASIDE: the rules reading the absent sheet are `missing` already (needs review),
        # and a workflow that reads no such sheet (a 公示名单 sheet beside a W-12 round) is not made to wait on it
        finding.update(severity="advisory", outcome="not_applicable",
                       why="名称不是轮次记录工作表名的工作表不读取；读取该表的规则判为“待补充”。")
        findings.append(finding)
    return findings


def sheets_from_mapping(data: dict, label: str, sha: str) -> Sheets:
    """The JSON/YAML form: {"轮次": {...} or [{...}], "流程节点": [{...}, ...], ...}."""
    sheets: Sheets = {}
    for raw_name, content in data.items():
        name = nfkc(str(raw_name))
        if name not in ALL_SHEETS:
            continue
        items = [content] if isinstance(content, dict) else (content or [])
        if not isinstance(items, list):
            raise InputError(f"{label}：工作表「{name}」须是若干行的列表")
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InputError(f"{label}：工作表「{name}」第 {number} 行须是以列名为键的对象")
        sheets[name] = records_table(label, name, items, KNOWN[name], sha)
    return sheets


def _look_alike_sheets(names: list[str] | None) -> list[tuple[str, str]]:
    """Sheets (or JSON keys) that are no round-record sheet but look like one (流程 for 流程节点, 专家抽取表,
    公示情况): (the name as written, the sheet it may be). They are not read; said, never passed over."""
    found = []
    for name in names or ():
        plain = nfkc(name).replace(" ", "")
        if not plain or nfkc(name) in ALL_SHEETS:
            continue
        meant = next((sheet for sheet in ALL_SHEETS if sheet in plain or (len(plain) >= 2 and plain in sheet)), None) \
            or next(iter(difflib.get_close_matches(plain, list(ALL_SHEETS), n=1, cutoff=0.6)), None)
        if meant is not None:
            found.append((name, meant))
    return found


def _missing_sheet_words(names: list[str] | None) -> str:
    """What a record lacking a required sheet holds instead (its sheets, a look-alike named)."""
    if not names:
        return ""
    alike = "；".join(f"工作表「{name}」如是「{meant}」，请改名为「{meant}」" for name, meant in _look_alike_sheets(names))
    return f"；该文件中的工作表：{'、'.join(f'「{n}」' for n in names)}" + (f"；{alike}" if alike else "")


def build_record(tables: Sheets, source: str, sha: str, step_keys: dict[str, str],
                 repeating: frozenset[str] = frozenset(), hidden: dict[str, set[int]] | None = None,
                 sheet_names: list[str] | None = None, volatile: dict[str, str] | None = None) -> RoundRecord:
    present = set(tables)
    if SHEET_ROUND not in present:
        # no 轮次: some other file (a draw record, a pool) a folder holds beside the records; its sheets are not listed
        raise NotARoundRecord(f"{source}：不是轮次记录，缺少工作表「{SHEET_ROUND}」（轮次记录须有工作表：{'、'.join(SHEETS)}）")
    if SHEET_STEPS not in present:
        raise InputError(f"{source}：轮次记录缺少工作表「{SHEET_STEPS}」（轮次记录须有工作表：{'、'.join(SHEETS)}"
                         f"{_missing_sheet_words(sheet_names)}）")
    sheets = {name: [row for row in table.rows() if not _blank_row(row)] for name, table in tables.items()}
    for row in (row for rows in sheets.values() for row in rows) if volatile else ():
        for cell in row.cells.values():
            if cell.ref in volatile:
                cell.formula_problem = f"公式 ={volatile[cell.ref]} {VOLATILE_DATE}"
    aside = _set_aside(sheets)
    columns_present = {name: table.fields_found for name, table in tables.items()}
    for name in present:
        for column in REQUIRED_COLUMNS[name]:
            if column not in columns_present[name] and sheets[name]:
                raise InputError(f"{source}：工作表「{name}」缺少列「{'/'.join(COLUMNS[name][column])}」")
    findings: list[dict] = [control_character_finding(ref, header, written, control_characters(written))
                            for rows in sheets.values() for row in rows for ref, header, written in row.cleaned]
    findings.extend(aside)
    round_row = _round_row(sheets[SHEET_ROUND], source)
    if hidden:
        findings.extend(_hidden_row_findings(sheets, hidden))
    findings.extend(_look_alike_findings(sheet_names, present))
    findings.extend(_formula_findings(sheets))
    findings.extend(_repeated_column_findings(sheets))
    findings.extend(_role_findings(sheets.get(SHEET_DRAW, [])))
    draws = _identified_draws(sheets.get(SHEET_DRAW, []), findings)
    has_funds: bool | None = None
    if round_row.text("has_funds") and not _formula(round_row, "has_funds"):
        try:
            has_funds = parse_yes_no(round_row.text("has_funds"))
        except Unreadable as error:
            findings.append(_unreadable(round_row, "has_funds", error.expected))
    maybe: list[tuple[str, Step]] = []
    refused: list[tuple[str, Row, str]] = []
    steps = _steps(sheets[SHEET_STEPS], step_keys, repeating, findings, maybe, refused)
    workflow_id = nfkc(round_row.text("workflow")).upper()
    years = round_years(sheets[SHEET_STEPS])
    disclosures = [_disclosure(row, findings, years) for row in sheets.get(SHEET_DISC, [])]
    findings.extend(_foreign_stage_findings(workflow_id, steps, disclosures))
    _staged_steps(steps, findings)
    duplicates = _duplicate_steps(steps, repeating)
    findings.extend(duplicates)
    stages_declared = _declared_stages(round_row, findings)
    no_stage = _no_stage_findings(workflow_id, stages_declared, steps, disclosures)
    if no_stage:
        # two stages' rows written without 阶段 are named there, and each placed in each stage: not also "one step
        # recorded twice, the earliest row used", which the audit then does not do
        staged = set(_STAGED_KEYS.values())
        findings[:] = [f for f in findings if not any(f is d for d in duplicates) or f["evidence"]["step"] not in staged]
    findings.extend(no_stage)
    return RoundRecord(
        source=source,
        round_id=round_row.text("round_id"),
        workflow_id=nfkc(round_row.text("workflow")).upper(),
        fund_name=round_row.shown("fund_name"),  # shown only: as written
        office=round_row.text("office"),
        field=round_row.text("field"),
        has_funds=has_funds,
        round_row=round_row,
        stages_declared=stages_declared,
        notice_disclosure_days=_count(round_row, "notice_disclosure_days", findings),
        steps=steps,
        draws=draws,
        disclosures=_staged_disclosures(steps, disclosures, findings),
        archive=list(sheets.get(SHEET_ARCHIVE, [])),
        sheets_present=present,
        columns_present=columns_present,
        input_findings=findings,
        sha256=sha,
        content_rows=sheets,
        application_count=_whole(round_row, "application_count", findings),
        province_quota=_whole(round_row, "province_quota", findings),
        diagnoses=[_diagnosis(row, findings) for row in sheets.get(SHEET_DIAG, [])],
        maybe_steps=maybe,
        refused_consents=refused,
    )


def _set_aside(sheets: dict[str, list[Row]]) -> list[dict]:
    """Take the lines under a sheet's table that are no record out of it, as the reader of
    applications does: a note or sign-off (注：以上材料均已存档。, 填表人：王五 | 审核人：赵六) and a total
    (合计 | 2家). Read as data, a note was an unknown step (INP-ROUND-STEP) and a 合计 an enterprise
    without an agreement. Each is named in a finding that does not weigh on the verdict: never dropped unsaid."""
    from checker.check.intake import _is_labelled_note, _is_sign_off_row

    findings = []
    for name, rows in sheets.items():
        if name == SHEET_ROUND:
            continue
        kept = []
        for row in rows:
            values = [c.value for c in row.cells.values() if not is_blank(c.value)]
            if row.extra:
                values += [v for v in row.extra.values() if not is_blank(v)]
            texts = [v for v in values if isinstance(v, str)]
            # Every row of every record is asked, so the reader of applications' tests run only where they
            # can say yes: a sign-off row has a field ending in a colon (intake NOTE_FIELD, matched after
            # NFKC: a row none of whose texts holds a character NFKC makes ":" has none), a labelled note
            # is two filled cells (intake _is_labelled_note); a row of a step, a date and a material is neither.
            if (_is_note_line(values) or (_has_colon(texts) and _is_sign_off_row(row))
                    or (len(values) == 2 and _is_labelled_note(row)) or _is_sign_off_line(values)):
                kind = "说明或签署行"
            elif texts and len(texts) == len(values) and any(_total_label(t) for t in texts) \
                    and all(_total_label(t) or _total_count(t) for t in texts):
                kind = "合计行"  # 合计 | 2家: every cell the total's label or a count, nothing a record holds (a step, a date)
            else:
                kept.append(row)
                continue
            shown = " | ".join(" ".join(t.split()) for t in texts)[:120]
            # an input finding's shape (input_finding), but advisory and not applicable: it weighs on nothing
            finding = input_finding(
                "INP-ROUND-ASIDE", ("表中的说明、签署或合计行未作为记录", "A note, sign-off or total line set aside"),
                f"工作表「{name}」第 {row.number} 行“{shown}”是{kind}，不是记录，未计入审计。", None,
                {"line": shown, "source": f"{name} 第 {row.number} 行"}, "轮次记录：表格下方的说明、签署和合计行不作为记录")
            finding.update(severity="advisory", outcome="not_applicable",
                           why="表格下方的说明、签署和合计不是流程记录，按记录读取会被当作未知步骤或企业。")
            findings.append(finding)
        rows[:] = kept
    return findings


# a note as a round record's sheet holds one: its mark first (注：, 说明：), or 以上… of what is above
_NOTE_MARK = re.compile(r"^(?:注|说明|备注|附注|填表说明)\s*[:：]|^以上")
_TOTAL_COUNT = re.compile(r"(?:共|计)?[\d〇零一二三四五六七八九十百两]+(?:家|户|个|项|件|份|人|名|次)?")


# every character whose NFKC form holds ":" (found over all code points): a text holding none of them
# holds no colon after NFKC either
_COLONS = re.compile("[:：﹕︓⩴]")


def _has_colon(texts: list[str]) -> bool:
    return _COLONS.search("".join(texts)) is not None  # one character: in the texts joined iff in one of them


# The tests of one cell's text below are pure functions of the text, and the same texts (a step's
# name, 是, a material) stand in every record of a folder: each is worked out once per distinct text.
_TEXT_MEMO = 1 << 14


@functools.lru_cache(maxsize=_TEXT_MEMO)
def _total_label(text: str) -> bool:
    """The reader of applications' test of a total's label (合计, 总计…)."""
    from checker.check.intake import _is_total_label

    return _is_total_label(text)


@functools.lru_cache(maxsize=_TEXT_MEMO)
def _total_count(text: str) -> bool:
    """A total's count (2家, 共3项)."""
    return bool(_TOTAL_COUNT.fullmatch(nfkc(text).replace(" ", "")))


_CONCLUSION = re.compile(r"经(?:审核|审查|初审|核查|核实|研究)[,，]")  # 经审核，以上程序均按规定办理。
_DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")
_OFFICE_OR_STAMP = re.compile(r"(?:局|委员会|委|办公室|科|组|政府)(?:\(盖章\)|（盖章）)?$|\(盖章\)$|（盖章）$")


def _is_sign_off_line(values: list) -> bool:
    """The office's sign-off under a table, over one to four cells: the date alone (2020-05-27), the
    office and its stamp (威海市工业和信息化局（盖章）), a 经审核，以上… conclusion, 填表人：… fields, in any
    mix; any cell that is none of these (a step, a material, a yes/no) keeps the line a record."""
    if not values or len(values) > 4:
        return False
    kinds = []
    for value in values:
        kind = "date" if isinstance(value, dt.date) else _sign_off_kind(value) if isinstance(value, str) else ""
        if not kind:
            return False
        kinds.append(kind)
    # a date alone, or beside the office or a field: never an office name alone (a step's 报送对象 may be one)
    return kinds == ["date"] or ("date" in kinds or "field" in kinds) and len(kinds) >= 2 or kinds.count("field") == len(kinds)


@functools.lru_cache(maxsize=_TEXT_MEMO)
def _sign_off_kind(value: str) -> str:
    """What one text of a sign-off line is (date, field, office), or "" when it is none of them."""
    from checker.check.intake import NOTE_FIELD

    text = nfkc(value).replace(" ", "")
    if text and _DATE_TEXT.fullmatch(text):
        return "date"
    if text and (NOTE_FIELD.match(header_key(text)) or _NOTE_MARK.match(text) or _CONCLUSION.match(text)):
        return "field"
    if text and _OFFICE_OR_STAMP.search(text) and len(text) <= 30:
        return "office"
    return ""


def _is_note_line(values: list) -> bool:
    """One text only, a note by its mark: a material named 申报汇总表 or a step name is not one."""
    return len(values) == 1 and isinstance(values[0], str) and bool(_NOTE_MARK.match(nfkc(values[0]).strip()))


def _blank_row(row: Row) -> bool:
    """Nothing written: a formula without a usable value reads as blank but is not (it is reported)."""
    if row.extra:
        return False
    for cell in row.cells.values():  # a plain loop: every row of every record is asked
        if cell.formula_problem or not is_blank(cell.value):
            return False
    return True


def _round_row(rows: list[Row], source: str) -> Row:
    if not rows:
        raise InputError(f"{source}：工作表「轮次」没有填写内容的行")
    if len(rows) > 1:
        # One record is one round; a second row would be silently ignored, so refuse it.
        raise InputError(f"{source}：工作表「轮次」有 {len(rows)} 行；一个轮次记录只记一轮（每轮一个文件）")
    if not rows[0].text("round_id"):
        raise InputError(f"{source}：工作表「轮次」未填写轮次编号")
    return rows[0]


def _steps(rows: list[Row], step_keys: dict[str, str], repeating: frozenset[str], findings: list[dict],
           maybe: list[tuple[str, Step]] | None = None, refused: list[tuple[str, Row, str]] | None = None) -> list[Step]:
    canonical: dict[str, str] = {}
    for step_name, step_key in step_keys.items():
        canonical.setdefault(step_key, step_name)
    # the names to write, one per step (the other spellings read too are not listed: 70 names, three
    # times in one finding, hid the one the reader wanted)
    accepted = "、".join(canonical.values())
    steps: list[Step] = []
    years = round_years(rows)  # h161: the year a date written without one (5月11日下午) is read in
    for row in rows:
        name = row.text("step")
        if not name:
            if not row.is_blank() or row.extra:  # a dated line without its step: reported, never dropped quietly
                findings.append(round_input_finding(
                    "INP-ROUND-STEP",
                    f"{row.ref('step')} 的节点名称为空，但该行填有其他内容（{_filled(row)}）；该行未参与审计，请填写节点名称。",
                    {"step": "", "source": row.ref("step"), "accepted": list(step_keys)},
                    f"节点名称之一（{accepted}）",
                ))
            continue
        key = read_step_name(name, step_keys)
        if key is None:
            near = _close_step(name.replace(" ", ""), tuple(step_keys))
            guess = f"（是否为“{canonical[step_keys[near[0]]]}”？）" if near else ""
            findings.append(round_input_finding(
                "INP-ROUND-STEP",  # quoted as written (党组会（未召开：改期）), not in the form it was compared in
                f"{row.ref('step')} 的节点名称“{row.shown('step')}”不是可识别的步骤{guess}；该行未参与审计。",
                {"step": row.shown("step"), "source": row.ref("step"), "accepted": list(step_keys)},
                f"节点名称之一（{accepted}）",
            ))
            if near and maybe is not None:  # its date and stage are read without findings: the row is not audited
                scratch: list[dict] = []
                date, state = _date(row, "date", scratch, years)
                guessed = step_keys[near[0]]
                maybe.append((near[0], Step(guessed, canonical[guessed], _stage(row, scratch), date, state, row,
                                            written=row.shown("step") or name)))
            continue
        if key in _CONSENT_KEYS and (column := consent_refused(row)):
            # the seed asks for the 纪检组's consent (001:2623 经派驻纪检监察组审核同意后…): a row saying it was
            # refused or not given is no consent; a later row that gives it counts, this one is named, and the
            # rule asking for the consent says it was refused (consent_by denied), not that none is recorded
            expected = "纪检组同意的签批或回复（未获同意的，如实说明其后是否重新报送并获同意）"
            findings.append(input_finding(
                "INP-ROUND-CONSENT-DENIED", _INPUT_TITLES["INP-ROUND-CONSENT-DENIED"],
                f"{row.ref(column)}：“{name}”一行写明“{row.shown(column)}”，记载的是派驻纪检监察组未同意（拒绝或未签批），"
                f"不是同意；该行未作为“{canonical[key]}”参加审计。",
                "请核实纪检组未同意后是否重新报送并获同意：获同意的，另起一行记录同意的日期和签批；本行系误填的，更正后重新审计。",
                {"step": name, "written": row.shown(column), "source": row.ref(column)},
                f"轮次记录：{expected}",
            ))
            if refused is not None:
                refused.append((key, row, column))
            continue
        stage = _stage(row, findings)
        period = _step_period(row, key, findings, years) if key in _PERIOD_STEPS else None  # h164
        date, state = period if period is not None else _date(row, "date", findings, years)
        written = (row.shown("step") or name) if name.replace(" ", "") != canonical[key] else ""
        steps.append(Step(key, canonical[key], stage, date, state, row, written, time_written(row, "date")))
    return steps


@functools.lru_cache(maxsize=1024)
def _close_step(name: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The step name closest to an unknown one, or none (difflib compares it with each of ~70 names:
    a folder's records repeat the same unknown names, each worked out once)."""
    return tuple(difflib.get_close_matches(name, list(names), n=1, cutoff=0.5))


# The seeds' own words for some steps, besides the names and aliases of rules/steps.yaml (read as
# those steps; the report shows the name as written beside the step's).
SEED_STEP_WORDS = {
    # 001:4050 "填写《“三重一大”事项报告表》（事前）和申报通知一并报送派驻纪检监察组，进行事前告知。";
    # 001:1212 the form's own title "“三重一大”事项报告表（事前告知）"
    "事前告知": "事前报告",
    # 001:4072 "党组会前三天填写《“三重一大”事项报告单》(事中)"
    "事中报告单": "事中报告",
    # 001:1252 the form "“三重一大”事项决策情况备案表"; 001:2003 "填写《“三重一大”事项决策情况备案表》并报送…"
    "决策情况备案": "决策备案",
    "决策情况备案表": "决策备案",
    "决策情况表": "决策备案",  # 001:4075 "填写《“三重一大”事项决策情况表》…于会后三天报送"
    # 001:433 "经分管负责人审签", 001:560 "由主要负责人审签": the bureau's leaders who sign (报请局领导审签, 001:4579)
    "分管局长审签": "局领导审签",
    "分管领导审签": "局领导审签",
    "分管负责人审签": "局领导审签",
    "主要负责人审签": "局领导审签",
    "局长审签": "局领导审签",
}
# The 三重一大 forms by their titles and the bracket that says which (001:4077 "《“三重一大”事项报告表》(事前)、
# …《“三重一大”事项报告表》(评审)…《“三重一大”事项报告单》(事中)"; 001:1212 "报告表（事前告知）").
SEED_FORMS = {
    "报告表": {"事前": "事前报告", "事前告知": "事前报告", "评审": "评审报告"},
    "报告单": {"事中": "事中报告"},
    "决策情况表": {"备案": "决策备案"},
}
_MARKS = re.compile(r"[《》〈〉“”‘’\"'「」『』]")
_THREE_ONE = re.compile(r"^(?:关于)?三重一大(?:事项)?")  # 三重一大事中报告, “三重一大”事项报告单
_TRAILING_NOTE = re.compile(r"^(.+?)[(\[【]([^()\[\]【】]*)[)\]】]$")
# a note read as a note on the step is its number or date (党组会（第5次）, 评审报告（第一次）, 党组会（2020年第3次）,
# 党组会（2020-07-03）): any other (党组会（未召开）, （延期）, （作废）, 事中报告（草稿）, （计划）) may say the
# step did not happen, and the name stays unknown (INP-ROUND-STEP, needs review) rather than read as done (h101)
_NUMBER_NOTE = re.compile(r"(?:\d{4}年度?)?第?[0-9一二三四五六七八九十百零〇两]+[次期届号轮批场]"
                          r"|\d{4}[-./年]\d{1,2}(?:[-./月]\d{1,2}日?|月)")


def read_step_name(written: str, step_keys: dict[str, str]) -> str | None:
    """The fact key of a 节点 as written: a name or alias of rules/steps.yaml, a seed's own word for the
    step (SEED_STEP_WORDS), its form's title (《“三重一大”事项报告单》(事中)), with or without 三重一大 before
    it (三重一大事中报告); a trailing note in brackets (党组会（第5次）, 评审报告（第一次）) is a note on the
    step, not another step, when it is the step's number or date (any other note may say it did not happen:
    党组会（未召开）, （延期）, （草稿）). None: unknown."""
    text = str(written).replace(" ", "")
    key = _plain_step_key(text, step_keys)
    if key is not None:
        return key
    found = _TRAILING_NOTE.match(_MARKS.sub("", text))
    if found is None:
        return None
    base, note = found[1], found[2]
    form = SEED_FORMS.get(_THREE_ONE.sub("", base), {}).get(note)
    if form is not None:
        return step_keys.get(form)
    if _NUMBER_NOTE.fullmatch(note) is None:
        return None
    return read_step_name(base, step_keys)


def _plain_step_key(text: str, step_keys: dict[str, str]) -> str | None:
    if text and text in step_keys:  # the name as written (most rows): the loop's first try, without its regexes
        return step_keys[text]
    for name in dict.fromkeys((text, _MARKS.sub("", text), _THREE_ONE.sub("", _MARKS.sub("", text)))):
        if not name:
            continue
        if name in step_keys:
            return step_keys[name]
        if name in SEED_STEP_WORDS and SEED_STEP_WORDS[name] in step_keys:
            return step_keys[SEED_STEP_WORDS[name]]
    return None


# Names that stand for a different step in different workflows (rules/steps.yaml gives each one step):
# the notice is 发布通知 in the recommendation rounds, 发布申报通知 in the fund rounds ("(2) 市工信局下发
# 通知。" 001:4052 is W-12's notice). Read as whichever of the steps the round's workflow has.
WORKFLOW_STEP_WORDS = {
    "下发通知": ("发布申报通知", "发布通知"),
    "印发通知": ("发布申报通知", "发布通知"),
}


def _workflow_key(words: str, own: set[str], step_keys: dict[str, str]) -> str | None:
    """The step of the workflow (one of ``own``) that a name of WORKFLOW_STEP_WORDS stands for, or None."""
    words = _MARKS.sub("", words.replace(" ", ""))
    if words not in WORKFLOW_STEP_WORDS:
        words = _TRAILING_NOTE.sub(r"\1", words)
    meant = [step_keys[n] for n in WORKFLOW_STEP_WORDS.get(words, ()) if step_keys.get(n) in own]
    return meant[0] if meant else None


def _canonical(key: str, step_keys: dict[str, str]) -> str:
    return next(name for name, k in step_keys.items() if k == key)


def for_workflow(record: RoundRecord, own: set[str], step_keys: dict[str, str], repeating: frozenset[str]) -> RoundRecord:
    """The record as the workflow whose steps (fact keys) are ``own`` reads it: a name standing for
    another step in another workflow (WORKFLOW_STEP_WORDS) is read as the one this workflow has; the
    duplicates are then counted again. The record itself is left as read."""
    changed = False
    steps = []
    for step in record.steps:
        meant = None if step.key in own else _workflow_key(step.written or step.name, own, step_keys)
        if meant is None:
            steps.append(step)
            continue
        steps.append(dataclasses.replace(step, key=meant, name=_canonical(meant, step_keys), written=step.written or step.name))
        changed = True
    findings = list(record.input_findings)
    if changed:
        findings = [f for f in findings if f["rule_id"] != "INP-ROUND-DUPLICATE"]
        at = next((i for i, f in enumerate(record.input_findings) if f["rule_id"] == "INP-ROUND-DUPLICATE"), len(findings))
        findings[at:at] = _duplicate_steps(steps, repeating)
    # an unknown name's guess is this workflow's step too: "下达通知" is W-12's 发布申报通知, not 发布通知
    for guess, step in record.maybe_steps:
        meant = _workflow_key(guess, own, step_keys)
        if meant is None or meant == step.key:
            continue
        ref, said, says = step.row.ref("step"), f"（是否为“{step.name}”？）", f"（是否为“{_canonical(meant, step_keys)}”？）"
        for index, finding in enumerate(findings):
            if finding["rule_id"] == "INP-ROUND-STEP" and finding.get("evidence", {}).get("source") == ref and said in finding["message"]:
                findings[index] = {**finding, "message": finding["message"].replace(said, says)}
                changed = True
    if not changed:
        return record
    return dataclasses.replace(record, steps=steps, input_findings=findings)


def maybe_for_workflow(record: RoundRecord, own: set[str], step_keys: dict[str, str]) -> list[Step]:
    """The rows of an unknown 节点 that may be a step of the workflow the record lacks: each read as
    the step its name is closest to (INP-ROUND-STEP's guess), where the workflow has that step and no
    row of the record is it."""
    found: list[Step] = []
    for guess, step in record.maybe_steps:
        key = _workflow_key(guess, own, step_keys) or step.key
        if key in own and not record.steps_of(key) and all(s.key != key for s in found):
            found.append(dataclasses.replace(step, key=key, name=_canonical(key, step_keys)))
    return found


def _filled(row: Row) -> str:
    """What a row holds besides its blank step name, as the reader sees it: 日期 2020-07-01、备注 …"""
    parts = [f"{cell.header} {(_as_date(cell.value, written=True) if name == 'date' else _shown(cell.value)) or '公式（无计算结果）'}"
             for name, cell in row.cells.items()
             if (name != "step" and cell_text(cell.value)) or cell.formula_problem]  # a 节点 that is a formula: said so
    parts += [f"{header} {_shown(value)}" for header, value in row.extra.items()]
    return "、".join(parts[:4]) + ("等" if len(parts) > 4 else "")


SHOWN_CHARACTERS = 40  # of each value quoted in a message: enough to find the line


def _as_date(value, written: bool = False) -> str:
    """A 日期 as the audit reads it (an Excel serial number is a day: 43892 is 2020-03-02); ``written``: a value
    that is no date as the cell writes it (for a message), else in the NFKC form read (for comparing)."""
    try:
        return parse_date(value).isoformat()
    except Unreadable:
        return _shown(value, written)


def _shown(value, written: bool = True) -> str:
    # a message quotes the cell as written (见附件（二）), as validate._show and Row.shown do; h152: the NFKC form
    # read (见附件(二)) was quoted. Comparing two cells (_as_date) keeps the form read.
    text = written_text(value) if written else cell_text(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


# A 党组会 that deferred or rejected the matter decided nothing: the next one did (facts.common.deciding_meetings).
_DUPLICATE_USED = {
    "meeting": "事中报告按其中最早的一次核对，会后三天备案、公示和资金环节按其中表决通过的最早一次核对"
               "（均未通过时按最早的一次），请核实各次会议的议题与表决结果",
    "pre_report": "先后顺序按每个报送对象最早收到的一行核对，取其中最晚的日期，请核实各行是否同一份报告表",
    "review_report": "先后顺序按每个报送对象最早收到的一行核对，取其中最晚的日期，请核实各行是否同一份报告表",
    "mid_report": "报送时限按每个报送对象最早收到的一行核对，取其中最晚的日期，请核实各行是否同一份报告单",
    "post_filing": "报送时限按每个报送对象最早收到的一行核对，取其中最晚的日期，请核实各行是否同一份决策情况表",
}


def _duplicate_steps(steps: list[Step], repeating: frozenset[str]) -> list[dict]:
    """A step the procedure has once per stage, recorded twice: the audit uses the earliest dated
    row, and says so (never silently one of them)."""
    groups: dict[tuple[str, int], list[Step]] = {}
    for step in steps:
        if step.key not in repeating:
            # a 决策备案 without 阶段 is the filing after the whole procedure (the last stage's), not stage 1's: one
            # beside a stage-1 filing (阶段 1 written, or placed by its date) is no second stage-1 filing (h140)
            stage = step.stage or (0 if step.key == "post_filing" else 1)
            groups.setdefault((step.key, stage), []).append(step)
    findings = []
    for (_key, stage), rows in groups.items():
        if len(rows) > 1:
            where = "、".join(s.ref for s in rows)
            label = f"（第{stage}阶段）" if any(s.stage for s in rows) else ""
            used = _DUPLICATE_USED.get(_key, "审计按其中最早的日期进行，请核实哪一行是实际发生的")
            findings.append(round_input_finding(
                "INP-ROUND-DUPLICATE",
                f"流程节点中“{rows[0].name}”{label}有 {len(rows)} 行（{where}）；{used}。",
                {"step": rows[0].name, "source": where, "rows": [s.row.number for s in rows]},
                "每个阶段一行",
            ))
    return findings


def _formula(row: Row, name: str) -> bool:
    cell = row.cells.get(name)
    return bool(cell and cell.formula_problem)


def _formula_findings(sheets: dict[str, list[Row]]) -> list[dict]:
    """A formula cell without a cached value (or with a cached error) is read as blank by the
    workbook reader: say so, naming the cell, so a blank never passes unnoticed."""
    findings = []
    for sheet, rows in sheets.items():
        for row in rows:
            for cell in row.cells.values():
                if cell.formula_problem:
                    fix = ("请填入该事项实际发生的日期" if VOLATILE_DATE in cell.formula_problem
                           else "请在 Excel 中打开并保存（或填入数值）")
                    findings.append(round_input_finding(
                        "INP-ROUND-FORMULA",
                        f"{cell.ref}（{cell.header}）是公式，{cell.formula_problem}，按空白处理；{fix}后重新审计。",
                        {cell.header: cell.formula_problem, "source": cell.ref, "sheet": sheet, "row": row.number},
                        "有缓存结果的公式或直接填写的值",
                    ))
    return findings


# 专家抽取.角色: the template's words (a note in brackets may follow: 正选（组长）, 替补（顶替E003）)
DRAW_ROLES = ("正选", "候补", "替补", "已替换")
_ROLE_NOTE = re.compile(r"\([^()]*\)$")


# a note saying the expert did not sit: "正选（未到会）" is no 正选 who reviewed, nor marked 已替换
_ABSENT_NOTE = re.compile(r"未到|缺席|请假|未参加|未参会|未出席|未参与|回避")


def absent_note(row: Row) -> bool:
    """A 正选 or 替补 whose note in brackets says the expert did not take part in the review."""
    return _absent_note(row.text("role"))


@functools.lru_cache(maxsize=1024)
def _absent_note(written: str) -> bool:
    text = nfkc(written)
    note = _ROLE_NOTE.search(text)
    return bool(note) and _ROLE_NOTE.sub("", text).strip() in ("正选", "替补") and bool(_ABSENT_NOTE.search(note.group()))


def draw_role(row: Row, *, as_drawn: bool = False) -> str:
    """A 专家抽取 row's 角色 without a note in brackets: "正选（组长）" is a 正选, "替补（顶替E003）" a 替补.
    A note saying the expert did not sit ("正选（未到会）") keeps the whole text: an unknown role, the
    row counted neither in nor out of the panel that reviewed, and named; ``as_drawn`` (who was
    drawn, for the fairness counts) reads it as its role."""
    return _draw_role(row.text("role"), as_drawn)


@functools.lru_cache(maxsize=1024)
def _draw_role(written: str, as_drawn: bool) -> str:
    """draw_role of a 角色 text (a few distinct words in a whole folder; the facts ask ~40 times a round)."""
    text = nfkc(written)
    return text.strip() if _absent_note(written) and not as_drawn else _ROLE_NOTE.sub("", text).strip()


def unknown_role(row: Row, *, as_drawn: bool = False) -> bool:
    """A 角色 that is none of the template's: the row cannot be counted in or out of the panel."""
    role = draw_role(row, as_drawn=as_drawn)
    return bool(role) and role not in DRAW_ROLES


EXPERT_NAME_HEADERS = frozenset(header_key(name) for name in ("姓名", "专家姓名"))  # 专家抽取's optional name column


def _identified_draws(rows: list[Row], findings: list[dict]) -> list[Row]:
    """The 专家抽取 rows that are an expert's line: a 专家编号, or, its id left blank, a 姓名 (a paper
    record: the fairness check resolves it by the pool), a 专业领域 or a 工作单位 (the rules name the
    blank id by its cell). A row with only the cells a template fills in advance (抽取记录编号,
    抽取科室, 角色) is no expert (a template line half cleared): it was counted as an eighth one
    ("8 名（E004、…、）") and as a ledger mismatch listing no difference. It is named, and the round
    needs review, never dropped unseen."""
    kept = []
    for row in rows:
        cell = row.cells.get("expert_id")
        if row.text("expert_id") or (cell is not None and cell.formula_problem) \
                or row.text("field") or row.text("employer") or expert_name(row):  # a formula: named already
            kept.append(row)
            continue
        ref = cell.ref if cell is not None else f"{SHEET_DRAW} 第 {row.number} 行"
        # quoted as written (局政工科（代抽）), not in the NFKC form read (h152: “局政工科(代抽)”)
        filled = "、".join(f"{c.header}“{row.shown(name)}”" for name, c in row.cells.items() if row.text(name))
        findings.append(round_input_finding(
            "INP-ROUND-VALUE",
            f"{SHEET_DRAW} 第 {row.number} 行未填写专家编号（{ref}；该行填有 {filled}），未计入参加评审的专家；"
            "如该行是一名专家，请补填专家编号，否则删除该行，然后重新审计。",
            {"source": ref, "sheet": SHEET_DRAW, "row": row.number},
            "专家编号",
        ))
    return kept


def expert_name(row) -> str:
    """A 专家抽取 row's 姓名 (an optional column, kept among the row's other columns), "" when none."""
    return next((str(value) for header, value in row.extra.items()
                 if header_key(header) in EXPERT_NAME_HEADERS and value is not None and str(value).strip()), "")


def _role_findings(rows: list[Row]) -> list[dict]:
    """A 专家抽取 row whose 角色 is not understood is named, never dropped from the panel unseen."""
    findings = []
    for row in rows:
        if not unknown_role(row):
            continue
        cell = row.cells["role"]
        said = ("注明该专家未参加评审，却未标为“已替换”" if absent_note(row) else
                f"无法识别（{cell.ref}），应为 {'、'.join(DRAW_ROLES)} 之一（可在括号中加注，如 正选（组长））")
        where = f"（{cell.ref}）" if absent_note(row) else ""
        findings.append(round_input_finding(
            "INP-ROUND-VALUE",
            # the cell quoted as written (正选？（待定）), as _unreadable quotes one (h152: “正选?(待定)”, NFKC)
            f"{SHEET_DRAW} 第 {row.number} 行（专家 {row.shown('expert_id') or '编号空白'}）的角色“{row.shown('role')}”{where}{said}；"
            "该行既不能计入也不能排除出参加评审的专家，抽取人数与随机抽取列为需人工复核。",
            {cell.header: row.text("role"), "source": cell.ref, "sheet": SHEET_DRAW, "row": row.number},
            f"模板的角色（{'、'.join(DRAW_ROLES)}）",
        ))
    return findings


def _repeated_column_findings(sheets: dict[str, list[Row]]) -> list[dict]:
    """A column header given twice (two 日期 columns): the first column is read; a second one that
    says something else is named, never dropped unseen."""
    findings = []
    for sheet, rows in sheets.items():
        known = KNOWN.get(sheet, {})
        for row in rows:
            for header, value in row.extra.items():
                name = (known.get(header_key(header)) or (None,))[0]
                cell = row.cells.get(name) if name else None
                if cell is None or is_blank(value) or _as_date(value) == _as_date(cell.value):
                    continue
                findings.append(round_input_finding(
                    "INP-ROUND-VALUE",
                    # compared as read (NFKC), quoted as written (h152)
                    f"{sheet} 第 {row.number} 行的“{cell.header}”填写了两列且不一致：{cell.ref} 为“{_as_date(cell.value, written=True) or '空白'}”，"
                    f"另一列“{header}”为“{_as_date(value, written=True)}”；审计按 {cell.ref} 进行，请核实并删去重复的列。",
                    {cell.header: _as_date(cell.value), header: _as_date(value), "source": cell.ref, "sheet": sheet,
                     "row": row.number},
                    "每个列名只出现一次",
                ))
            # two headers of one column (开始日期 and 公示开始日期, 渠道 and 公示渠道): the reader keeps the first filled
            # one and the others beside it (Cell.others); h152: one that disagreed was dropped unseen
            for name, cell in row.cells.items():
                for other in cell.others:
                    if _as_read(name, other.value) == _as_read(name, cell.value):
                        continue
                    findings.append(round_input_finding(
                        "INP-ROUND-VALUE",
                        f"{sheet} 第 {row.number} 行的“{cell.header}”与“{other.header}”是同一项，填写不一致：{cell.ref} 为"
                        f"“{_as_date(cell.value, written=True)}”，{other.ref} 为“{_as_date(other.value, written=True)}”；"
                        f"审计按 {cell.ref} 进行，请核实并删去重复的列。",
                        {cell.header: _as_date(cell.value), other.header: _as_date(other.value), "source": cell.ref,
                         "sheet": sheet, "row": row.number},
                        "每项只填一列",
                    ))
    return findings


def _as_read(name: str, value) -> str:
    """A cell as the audit reads its field, for comparing two columns of one field: a count of objections as its
    number (无, 无异议 are 0, as _disclosure reads them; 2件 is 2), anything else as _as_date reads it (h156: 异议数 0
    beside 收到异议数 无 was "填写不一致")."""
    if name == "objections":
        text = nfkc(cell_text(value)).replace(" ", "")
        if text in NO_OBJECTION_WORDS:
            return "0"
        try:
            return str(parse_count(text))
        except Unreadable:
            pass
    return _as_date(value)


def _declared_stages(row: Row, findings: list[dict]) -> list[int] | None:
    """轮次.本轮阶段: "1" / "第一阶段" / "认定" (stage 1 only), "1、2" / "全部" (both); blank: all."""
    text = row.text("stages")
    if not text or text in ("全部", "全部阶段", "两阶段"):
        return None
    stages: list[int] = []
    for part in (p for p in _STAGE_SPLIT.split(text) if p):
        stage = _stage_number(part)
        if stage is None:
            findings.append(_unreadable(row, "stages", "阶段编号，如 1 或 1、2"))
            return None
        stages.append(stage)
    stages = sorted(set(stages))
    if stages and stages != list(range(1, len(stages) + 1)):  # a round runs its stages from the first
        findings.append(_unreadable(row, "stages", "从第 1 阶段起的阶段编号，如 1 或 1、2"))
        return None
    return stages or None


# The period as a notice words it (h135): "公示期为5个工作日", "不少于5个工作日" (the least the notice allows, which
# DISC-PERIOD compares with ≥ anyway), and "5.0" (a number typed or exported as text). "5日" or "7天" is still
# unread: calendar or working days, the cell does not say.
_PERIOD_WORDS = re.compile(r"^(?:公示期|公示时间|公示)?(?:为|是)?(?:不少于|不低于|不得少于|至少)?")


def _count(row: Row, name: str, findings: list[dict]) -> int | None:
    text = row.text(name).removesuffix("个工作日").removesuffix("工作日").strip()
    if not text:
        return None
    if row.text(name).endswith("工作日"):
        text = _PERIOD_WORDS.sub("", text.replace(" ", ""), count=1)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if text.isdigit() and 0 < int(text) < 100:
        return int(text)
    written = chinese_count(text)  # 七个工作日, 五: as a notice writes the period
    if written is not None and 0 < written < 100:
        return written
    findings.append(_unreadable(row, name, "1 至 99 的整数（工作日）"))
    return None


_COUNT_WORDS = {
    "application_count": re.compile(r"(?:共|合计|共计|计)(?P<n>[^\s]+?)"),
    "province_quota": re.compile(r"(?:每市)?(?:推荐)?(?:不超过|不得超过|最多|至多|限报|限)(?P<n>[^\s]+?)|(?P<m>[^\s]+?)\(含\)以内"),
}


def count_in_words(name: str, text: str) -> bool:
    """Whether a count cell of 轮次 states its number among words (共12家, 不超过5家): reports show the number read."""
    return _COUNT_WORDS[name].fullmatch(re.sub(r"\s", "", nfkc(text or ""))) is not None


def _whole(row: Row, name: str, findings: list[dict]) -> int | None:
    """A count of the 轮次 sheet (申报数量, 省定推荐数量): a whole number, 0 or more ("12", "12家",
    12.0, "12.0"); anything else is an INP-ROUND-VALUE finding naming the cell, and the rules reading it
    judge ``missing``."""
    if _formula(row, name):
        return None
    value = row.value(name)
    if is_blank(value):
        return None
    if not isinstance(value, bool):
        text = re.sub(r"\s", "", nfkc(str(value)))
        # as a count is written in words around it: 共12家 (申报数量); 不超过5家, 最多5家, 5家（含）以内 (the
        # province's number, as its notice writes it). A bare 以内/以下 is not read: is the number itself in?
        said = _COUNT_WORDS[name].fullmatch(text)
        try:  # as every count is read: 12, 12.0, "12", "12.0" (a number stored as text), "１２", "12家"
            return parse_count(((said["n"] or said.groupdict().get("m")) if said else text).removesuffix("项"))
        except Unreadable:
            pass
    findings.append(_unreadable(row, name, "不小于 0 的整数"))
    return None


def _diagnosis(row: Row, findings: list[dict]) -> dict:
    agreement, agreement_state = _date(row, "agreement", findings)
    report, report_state = _date(row, "report", findings)
    return {"row": row, "enterprise": row.text("enterprise"), "provider": row.text("provider"),
            "agreement": agreement, "agreement_state": agreement_state, "report": report, "report_state": report_state}


def _content_digest(sheets: dict[str, list[Row]]) -> str:
    """The cell values of the record, by sheet, row and field: equal for the same round written
    as a workbook or as JSON, different when any value differs."""
    digest = hashlib.sha256()
    for sheet in sorted(sheets):
        for row in sheets[sheet]:
            values = sorted((name, cell_text(cell.value)) for name, cell in row.cells.items())
            values += sorted((str(k), cell_text(v)) for k, v in row.extra.items())
            digest.update(_JSON([sheet, [v for v in values if v[1]]]).encode())
    return digest.hexdigest()


_JSON = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False), one encoder for every row


NO_OBJECTION_WORDS = frozenset({"无", "无异议", "没有", "未收到", "未收到异议", "零", "〇"})


def _disclosure(row: Row, findings: list[dict], years: tuple[int, ...] = ()) -> dict:
    period = _disclosure_period(row, findings, years)
    if period is not None:
        start, start_state, end, end_state = period
    else:
        start, start_state = _date(row, "start", findings, years)
        end, end_state = _date(row, "end", findings, years)
    objections: int | None = None
    objections_state = "blank"
    text = row.text("objections")
    if text:
        try:  # 2, 2件, 两件; 无 and 无异议 are 0 (the template: 无异议填 0)
            objections = 0 if nfkc(text).replace(" ", "") in NO_OBJECTION_WORDS else parse_count(text)
            objections_state = "ok"
        except Unreadable:
            objections_state = "unreadable"
            findings.append(_unreadable(row, "objections", "不小于 0 的整数"))
    return {
        "row": row, "stage": _stage(row, findings), "start": start, "start_state": start_state, "end": end,
        "end_state": end_state, "objections": objections, "objections_state": objections_state,
        "objection_result": row.text("objection_result"), "channel": row.text("channel"), "list": row.text("list"),
        # h164: the time of day the 开始日期 cell writes (2020年6月16日上午9时), compared with the 党组会's on one day
        "start_time": time_written(row, "start") if start_state == "dated" else "",
        # h167: and the 结束日期's, which PROC-STEP-ORDER compares with the 行文认定 of the same day as it does the rows'
        "end_time": time_written(row, "end") if end_state == "dated" else "",
    }


# A row without 阶段 in a record of two stages (W-08: its 党组会 rows name 阶段 2) is read as stage 1, as the
# README has it. The stage-2 事中报告 or 公示 written without 阶段 was then "未记录第2阶段…" (不合规) and, counted
# as stage 1's, made stage 1 look wrong too (the 行文认定 before the 公示 "ended", 不合规): a compliant round
# failed for a blank cell. Such a row of these steps is read by its date as the step of the stage it
# belongs to (:func:`_stage_by_date`), and an INP-ROUND-STAGE finding (needs review) names the cell, the
# date and the meeting it was placed by: never a silent guess. A row whose 阶段 is written (or unreadable:
# INP-ROUND-VALUE names it) is read as written.
_STAGED_BY_DATE = {"mid_report": "before", "disclosure_start": "after", "disclosure_end": "after"}


def _stage_meetings(steps: list[Step]) -> dict[int, list[Step]]:
    """The dated 党组会 rows by stage (a row without 阶段 is stage 1), earliest first."""
    found: dict[int, list[Step]] = {}
    for step in steps:
        if step.key == "meeting" and step.date:
            found.setdefault(step.stage or 1, []).append(step)
    return {stage: sorted(rows, key=lambda s: s.date) for stage, rows in found.items()}


def _stage_by_date(day: dt.date, how: str, meetings: dict[int, list[Step]]) -> tuple[int, Step] | None:
    """The later stage (2…) a row without 阶段 dated ``day`` belongs to, with the 党组会 that places it, or
    None (stage 1). ``after``: a 公示 is of the latest stage whose first 党组会 is on or before it;
    ``before``: a 事中报告 of the latest stage whose previous stage's last 党组会 is before it."""
    placed = None
    for stage in sorted(s for s in meetings if s > 1):
        if how == "after":
            meeting = meetings[stage][0]
            if meeting.date <= day:
                placed = (stage, meeting)
        else:
            previous = meetings.get(stage - 1)
            if previous and previous[-1].date < day:
                placed = (stage, previous[-1])
    return placed


def _stage_finding(where: str, ref: str, sheet: str, number: int, what: str, day: dt.date, how: str,
                   stage: int, meeting: Step, before: Step | None = None) -> dict:
    """``before``: the next stage's 党组会 the row precedes (a 决策备案 placed in an earlier stage), also named."""
    relation = (f"在第{stage}阶段党组会（{meeting.date.isoformat()}，{meeting.ref}）之后" if how == "after" else
                f"晚于第{meeting.stage or 1}阶段党组会（{meeting.date.isoformat()}，{meeting.ref}）")
    if before is not None:
        relation += f"、第{before.stage}阶段党组会（{before.date.isoformat()}，{before.ref}）之前"
    return round_input_finding(
        "INP-ROUND-STAGE",
        f"{where}的阶段未填写{'' if ref == f'{sheet} 第 {number} 行' else f'（{ref}）'}：该{what}{day.isoformat()}，"
        f"{relation}，审计按第{stage}阶段核对；请核实其所属阶段，在阶段列填写后重新审计。",
        {"阶段": "", "source": ref, "sheet": sheet, "row": number, "stage_read": stage},
        "阶段编号 1 或 2",
    )


# A record of a workflow of stages (W-08) that writes 阶段 on no row, yet holds the steps of two stages (two 党组会,
# two 公示): every row was read as stage 1, stage 2 "未记录" and the round 不合规 for a column left out. Which row
# is which stage is the office's to say (a second 党组会 may be stage 1's meeting held again): the facts judge the
# stage-aware requirements under every placement (facts/common.unplaced_rows, needs review where it decides) and
# this finding says why, naming the rows. 轮次.流程类型 gives the workflow here (the reader has no --workflow).
_STAGED_KEYS = {"mid_report": "事中报告", "meeting": "党组会", "disclosure_start": "公示开始", "disclosure_end": "公示结束"}


@functools.lru_cache(maxsize=64)
def _workflow_stages(workflow_id: str) -> tuple[tuple[int, ...], dict]:
    """The stages of a workflow's profile and their names ((1,), {} when it has one or is unknown)."""
    try:
        from checker.core.rulebook import load_rulebook  # only for a record that writes no 阶段 at all

        workflow = load_rulebook().workflows.get(workflow_id)
    except Exception:  # noqa: BLE001 - no profile: nothing is said
        return (1,), {}
    profile = workflow.profile if workflow is not None else {}
    return tuple(profile.get("stages") or [1]), dict(profile.get("stage_names") or {})


def _foreign_stage_findings(workflow_id: str, steps: list[Step], disclosures: list[dict]) -> list[dict]:
    """A row of a one-stage workflow (W-12) whose 阶段 says 2: its step was grouped in a stage no rule looks at, and
    the round failed "事中报告 （未记录）" (不合规) beside the row, the cell never named (h135). The workflow has one
    stage, so the row is its: read so, and the cell named (needs review)."""
    foreign = [(s, s.row) for s in steps if s.stage is not None and s.stage > 1]
    foreign += [(d, d["row"]) for d in disclosures if d["stage"] is not None and d["stage"] > 1]
    if not foreign or len(_workflow_stages(workflow_id)[0]) != 1:
        return []
    findings = []
    for item, row in foreign:
        if isinstance(item, Step):
            item.stage = None
        else:
            item["stage"] = None
        findings.append(round_input_finding(
            "INP-ROUND-VALUE",
            f"{row.sheet} 第 {row.number} 行（{row.ref('stage')}）的阶段“{row.shown('stage')}”不是本流程的阶段：本流程只有一个阶段，"
            "审计按该阶段核对；请核实后删去或更正阶段列，然后重新审计。",
            {"stage": row.text("stage"), "source": row.ref("stage"), "sheet": row.sheet, "row": row.number},
            "空白（本流程只有一个阶段）",
        ))
    return findings


def _no_stage_findings(workflow_id: str, declared: list[int] | None, steps: list[Step], disclosures: list[dict]) -> list[dict]:
    if any(step.row.text("stage") for step in steps) or any(item["row"].text("stage") for item in disclosures):
        return []
    rows: dict[str, list[Step]] = {}
    for step in steps:
        if step.key in _STAGED_KEYS:
            rows.setdefault(step.key, []).append(step)
    twice = {key: found for key, found in rows.items() if len(found) > 1}
    if not twice and len(disclosures) < 2:
        return []
    stages, names = _workflow_stages(workflow_id)
    if len(stages) < 2 or (declared and stages[-1] not in declared):
        return []  # one stage, or a round 轮次.本轮阶段 says stops before the last: its rows are its stages'
    parts = [f"{_STAGED_KEYS[key]}有 {len(found)} 行（{'、'.join(s.ref for s in found)}）" for key, found in twice.items()]
    if len(disclosures) > 1:
        parts.append(f"公示表有 {len(disclosures)} 行（{'、'.join(item['row'].ref('start') for item in disclosures)}）")
    told = "、".join(f"第{stage}阶段{names.get(stage, '')}" for stage in stages)
    return [round_input_finding(
        "INP-ROUND-NO-STAGE",
        f"本流程分{len(stages)}个阶段（{told}），流程节点和公示表都未填写“阶段”，而{'，'.join(parts)}：无法确定各行属于哪一阶段，"
        "事中报告、党组会、公示和决策备案的核对（及其先后）凡因所属阶段不同而结论不同的，列为需人工复核；"
        f"请在“阶段”列逐行填写 {' 或 '.join(map(str, stages))} 后重新审计。",
        {"source": "；".join(parts), "sheet": SHEET_STEPS, "阶段": ""},
        f"阶段编号 {' 或 '.join(map(str, stages))}",
    )]


def _kept_in_stage_one(blank: list[tuple], written: set[tuple]) -> list:
    """The rows without 阶段 that stay stage 1 (as the README reads a blank 阶段) whatever their date: where
    no row of the step says 阶段 1 and two or more leave it blank, the step's earliest blank row (every blank
    公示 placed by date beside a stage-2 党组会 held early left stage 1 "缺少第1阶段公示", 不合规).
    ``blank``: (step key, date, row).
    The callers also keep in stage 1 a blank row whose later stage has its own row with 阶段 written (the
    clerk wrote 阶段 on the stage-2 rows only: the row left blank is stage 1's)."""
    earliest: dict[str, tuple] = {}
    count: dict[str, int] = {}
    for key, day, item in blank:
        count[key] = count.get(key, 0) + 1
        if key not in earliest or day < earliest[key][0]:
            earliest[key] = (day, item)
    # a step's only row is placed by its date: stage 1's is then the one missing, as its date says
    return [item for key, (_, item) in earliest.items() if (key, 1) not in written and count[key] > 1]


def _staged_steps(steps: list[Step], findings: list[dict]) -> None:
    """A 事中报告, 公示开始 or 公示结束 row without 阶段 in a record of two stages: placed by its date (above)."""
    meetings = _stage_meetings(steps)
    if not any(stage > 1 for stage in meetings):
        return
    blank = [step for step in steps if step.key in _STAGED_BY_DATE and step.stage is None
             and not step.row.text("stage") and step.date is not None]
    written = {(step.key, step.stage) for step in steps if step.stage is not None and step.row.text("stage")}
    kept = _kept_in_stage_one([(step.key, step.date, step) for step in blank], written)
    for step in blank:
        how = _STAGED_BY_DATE[step.key]
        placed = _stage_by_date(step.date, how, meetings)
        if placed is None or any(step is other for other in kept) or (step.key, placed[0]) in written:
            continue
        step.stage = placed[0]
        findings.append(_stage_finding(f"{step.row.sheet} 第 {step.row.number} 行“{step.name}”", step.row.ref("stage"),
                                       step.row.sheet, step.row.number, "行日期为 ", step.date, how, *placed))
    _staged_filings(steps, meetings, findings)


def _staged_filings(steps: list[Step], meetings: dict[int, list[Step]], findings: list[dict]) -> None:
    """A 决策备案 row without 阶段 is the filing after the whole procedure, counted from the last 党组会 (the
    README's reading, AMB-06). One dated before the last stage's first 党组会 cannot be that filing: it followed
    an earlier stage's meeting (a clerk filing after each 党组会, 阶段 left blank), and read as the last stage's
    it failed 会后三天 ("早于党组会") and the order (不合规) of a round kept right. It is read as the filing of the
    stage whose 党组会 it follows, named by an INP-ROUND-STAGE finding (needs review), as a 事中报告 placed by date."""
    last = max(meetings)
    first_of_last = meetings[last][0].date
    for step in steps:
        if step.key != "post_filing" or step.stage is not None or step.row.text("stage") or step.date is None:
            continue
        if step.date >= first_of_last:
            continue  # the filing after the last meeting: read as the README reads it
        earlier = [(stage, rows[-1]) for stage, rows in meetings.items() if stage < last and rows[-1].date <= step.date]
        if not earlier:
            continue  # before every meeting: no stage's filing (会后三天 says so, as before)
        stage, meeting = max(earlier, key=lambda item: item[0])
        step.stage = stage
        findings.append(_stage_finding(f"{step.row.sheet} 第 {step.row.number} 行“{step.name}”", step.row.ref("stage"),
                                       step.row.sheet, step.row.number, "行日期为 ", step.date, "after", stage, meeting,
                                       before=meetings[last][0]))


def _staged_disclosures(steps: list[Step], disclosures: list[dict], findings: list[dict]) -> list[dict]:
    """A 公示 sheet row without 阶段 in a record of two stages: placed by its start (its end when the start
    is blank or unreadable), as a 公示 step is (above)."""
    meetings = _stage_meetings(steps)
    if not any(stage > 1 for stage in meetings):
        return disclosures
    blank = [item for item in disclosures if item["stage"] is None and not item["row"].text("stage")
             and (item["start"] or item["end"]) is not None]
    written = {(SHEET_DISC, item["stage"]) for item in disclosures if item["stage"] is not None and item["row"].text("stage")}
    kept = _kept_in_stage_one([(SHEET_DISC, item["start"] or item["end"], item) for item in blank], written)
    for item in blank:
        row = item["row"]
        day = item["start"] or item["end"]
        placed = _stage_by_date(day, "after", meetings)
        if placed is None or any(item is other for other in kept) or (SHEET_DISC, placed[0]) in written:
            continue
        item["stage"] = placed[0]
        findings.append(_stage_finding(f"{SHEET_DISC} 第 {row.number} 行", row.ref("stage"), SHEET_DISC, row.number,
                                       f"公示{'开始' if item['start'] else '结束'}于 ", day, "after", *placed))
    return disclosures


def _unreadable(row: Row, name: str, expected: str, detail: str | None = None) -> dict:
    value = row.text(name)
    # quoted as written ("2020年4月22日（周四）"), as every other message quotes a cell; the evidence keeps
    # the text read (NFKC). Why, where the reader says more than the cell itself shows (a weekday that is not
    # the date's); "不存在的日期 2021-02-30" only repeats the cell
    why = f"（{detail}）" if detail and detail != expected and value not in detail else ""
    return round_input_finding(
        "INP-ROUND-DATE" if expected == DATE_FORM else "INP-ROUND-VALUE",
        f"{row.sheet} 第 {row.number} 行（{row.ref(name)}）的值“{row.shown(name) or value}”无法识别{why}，应为{expected}。",
        {name: value, "source": row.ref(name), "sheet": row.sheet, "row": row.number},
        expected,
    )


def _date(row: Row, name: str, findings: list[dict], years: tuple[int, ...] = ()) -> tuple[dt.date | None, str]:
    value = row.value(name)
    if _formula(row, name):
        return None, "unreadable"  # named by an INP-ROUND-FORMULA finding
    if is_blank(value):
        return None, "undated"
    if value.__class__ is str:  # a JSON record's dates are text: each read once per distinct text
        day, expected, detail = _text_date(value)
        taken = False
        if day is None:
            day, expected, detail, taken = _day_of(value, years)
        if day is not None:
            clock = time_written(row, name)
            if clock and time_span(clock) is None:
                # h167: a time no clock has (下午24时, 25:00, 晚上12时30分: the next day's 0:30) was dropped unsaid and the
                # day read as a whole: a step that may be on the next day passed. Unread, named, as any date that is not one
                findings.append(_unreadable(row, name, DATE_FORM, f"所写时间“{clock}”无法识别"))
                return None, "unreadable"
            if taken:
                findings.append(_year_taken(row, name, day))
            return day, "dated"
        findings.append(_unreadable(row, name, expected, detail))
        return None, "unreadable"
    try:
        return parse_date(value), "dated"
    except Unreadable as error:
        findings.append(_unreadable(row, name, error.expected, error.detail))
        return None, "unreadable"


@functools.lru_cache(maxsize=_TEXT_MEMO)
def _text_date(value: str) -> tuple[dt.date | None, str, str | None]:
    """parse_date of a text: (the day, "", None) or (None, the form expected, why). A date with a meeting's hours
    (2020-04-22 14:00-16:00) is left to _day_of: parse_date read "-16:00" as a UTC offset and moved the meeting to
    2020-04-23 (h169), where 9:00-11:00 stayed on its day."""
    found = _WITH_TIME.match(nfkc(value).strip())
    if found is not None and _RANGE_SPLIT.match(found["time"]):
        return None, DATE_FORM, None
    try:
        return parse_date(value), "", None
    except Unreadable as error:
        return None, error.expected, error.detail


# --- h161: dates as offices write them: with a time of day, without a year, a 公示 period in one cell -------------
# A 日期 with the time of day in one cell, as minutes and notices date a meeting (2020年5月11日上午9时, 2020-05-11 09:30,
# 2020年5月11日 9:30, 5月11日下午), was unreadable where core.values.parse_date does not drop the time itself, and
# the step went to review. The date is read; the time is kept as written (Step.time): the evidence quotes it, and
# PROC-3I1L-POST-3D compares a filing's time with the meeting's when both are on one day (facts/meeting.py).
_DAY_PART = "凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间"
# h164: an hour and minute in Chinese numerals as minutes write them (下午三时, 上午九时半, 十时三十分, 两点) were
# unreadable (INP-ROUND-DATE): read as 下午3时 is (time_span turns the numerals into digits), kept as written
_CN_CLOCK_NUMBER = "[零〇一二两三四五六七八九十]{1,3}"
_HOUR = rf"(?:\d{{1,2}}|{_CN_CLOCK_NUMBER})"
_CLOCK = rf"(?:\d{{1,2}}\s*[:：]\s*\d{{2}}(?:[:：]\d{{2}}(?:\.\d+)?)?|{_HOUR}\s*[时点](?:\s*{_HOUR}\s*分|半|整)?)"
# h166: also a day part straight after the date's digits (2020-04-10下午3时, 2020.4.10下午3点), a weekday between the
# date and the time (2020年4月10日（星期五）下午3时) and a day part in brackets (2020年4月10日（下午）): unreadable before
_WEEKDAY = r"(?:[（(]\s*)?(?:星期|周|礼拜)[一二三四五六日天](?:\s*[）)])?"
# s32: a meeting's hours as minutes write them, 上午9:00-11:30, 9时至11时, 下午2时至4时: the step was some time in them
_ONE_TIME = rf"(?:{_DAY_PART})\s*(?:{_CLOCK})?|{_CLOCK}"
_TIME_RANGE_SEPARATOR = r"\s*(?:-|－|~|～|—+|–|至|到)\s*"
_WITH_TIME = re.compile(rf"^(?P<date>.+?)(?:[T\s]+|(?<=[日号])\s*|(?<=\d)(?=[（(]?(?:{_DAY_PART})))(?:(?P<weekday>{_WEEKDAY})\s*)?"
                        rf"(?P<time>(?:{_ONE_TIME}){_TIME_RANGE_SEPARATOR}(?:{_ONE_TIME})|{_ONE_TIME}|[（(]\s*(?:{_DAY_PART})\s*[）)])$")
_RANGE_SPLIT = re.compile(rf"^(?P<first>(?:{_ONE_TIME})){_TIME_RANGE_SEPARATOR}(?P<second>(?:{_ONE_TIME}))$")
_MIDNIGHT = re.compile(r"^0{1,2}[:：]00(?:[:：]00(?:\.0+)?)?$")  # an export's 00:00:00 is no time anyone wrote
# the minutes of the day a word covers (上午 0:00-11:59); a clock time is one minute (下午3时 is 15:00)
_DAY_PART_MINUTES = {"凌晨": (0, 359), "早上": (0, 719), "早晨": (0, 719), "上午": (0, 719), "中午": (660, 839),
                     "下午": (720, 1439), "傍晚": (720, 1439), "晚上": (720, 1439), "晚间": (720, 1439)}
_TIME_PARTS = re.compile(rf"^(?P<part>{_DAY_PART})?(?:(?P<h>\d{{1,2}})(?:[时点](?:(?P<mi>\d{{1,2}})分|(?P<half>半)|整)?"
                         r"|:(?P<mm>\d{2})(?::\d{2}(?:\.\d+)?)?))?$")
# a month and day without the year (5月11日): read in the round's year, said (INP-ROUND-YEAR), where the
# timeline's dates written with their year all fall in one year; else unreadable, saying why
_YEARLESS = re.compile(r"^(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]$")


def time_written(row: Row, name: str) -> str:
    """The time of day a date cell writes after its date, as written ("上午9时", "09:30"), else ""."""
    value = row.value(name)
    if isinstance(value, dt.datetime):  # a date-and-time cell (2020-05-11 09:30 typed into Excel)
        return value.strftime("%H:%M") if value.time() != dt.time(0) else ""
    if isinstance(value, float) and not value.is_integer() and 0 < value < 2958466:
        # h168: an Excel date serial with its time as the fraction (43924.375, a General-format cell: 2020-04-03 09:00),
        # read as that date by parse_date: its time too, as a date-and-time cell's (DRAW-RANDOM passed it, the same
        # moment typed as a date-and-time failed)
        minutes = round((value % 1) * 1440)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if 0 < minutes < 1440 else ""
    if value.__class__ is not str:
        return ""
    found = _WITH_TIME.match(value.strip())
    if found is None or _MIDNIGHT.match(found["time"].strip()):
        return ""
    return found["time"].strip()


@functools.lru_cache(maxsize=256)
def time_span(text: str) -> tuple[int, int] | None:
    """A time as written as the earliest and latest minute of the day it can be: 上午 (0, 719), 9时 (540, 540),
    下午3时半 (930, 930), 上午9:00-11:30 (540, 690); None when there is none or it cannot be read."""
    hours = _RANGE_SPLIT.match(nfkc(text or "").strip())
    if hours is not None:
        return _hours_span(hours["first"], hours["second"])
    return _one_time_span(text)


def _hours_span(first: str, second: str) -> tuple[int, int] | None:
    """From the first time's earliest minute to the second's latest; the second without a day part takes the first's
    (下午2时至4时 is 14:00-16:00). An end before the start is not read."""
    start = _one_time_span(first)
    part = re.match(_DAY_PART, first.strip())
    end = _one_time_span(second)
    if part is not None and re.match(_DAY_PART, second.strip()) is None:
        with_part = _one_time_span(part[0] + second.strip())
        end = with_part if with_part is not None and (start is None or with_part[1] >= start[0]) else end
    if start is None or end is None or end[1] < start[0]:
        return None
    return start[0], end[1]


@functools.lru_cache(maxsize=256)
def _one_time_span(text: str) -> tuple[int, int] | None:
    plain = re.sub(_CN_CLOCK_NUMBER, _cn_clock_digits, nfkc(text or "").replace(" ", "").replace("：", ":"))  # h164
    plain = plain.removeprefix("(").removesuffix(")")  # h166: a day part in brackets, （下午）
    found = _TIME_PARTS.match(plain)
    if not text or found is None or not (found["part"] or found["h"]):
        return None
    low, high = _DAY_PART_MINUTES.get(found["part"] or "", (0, 1439))
    if found["h"] is None:
        return low, high
    hour = int(found["h"])
    minute = int(found["mi"] or found["mm"] or (30 if found["half"] else 0))
    if hour == 12 and found["part"] == "凌晨":
        hour = 0  # h167: 凌晨12时 is midnight at the day's start, not noon
    if hour == 24 or hour == 12 and found["part"] in _NIGHT:
        # h166: 晚上12时 and 24:00 end the day (midnight); read as noon, a 晚上12时 consent passed a 下午2时 review.
        # Past it (晚上12时30分: the next day's 0:30) or with another day part (下午24时): not read
        if minute or found["part"] and found["part"] not in _NIGHT:
            return None
        return _DAY_END, _DAY_END
    if found["part"] and low >= 720 and hour < 12 or found["part"] == "中午" and hour <= 2:
        hour += 12  # 下午3时 is 15:00, 中午1时 13:00
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute, hour * 60 + minute


_NIGHT = ("晚上", "晚间")  # the day parts whose 12时 is midnight
_DAY_END = 23 * 60 + 59


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_clock_digits(found: re.Match) -> str:
    """An hour or minute in Chinese numerals as digits (九 9, 十 10, 十一 11, 二十三 23, 三十 30, 零五 5); a run that
    is no such number (十十, 三四五) is left as written, and the time stays unread."""
    text = found[0]
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones or tens in ("零", "〇") or (tens and tens not in _CN_DIGITS):
            return text
        return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)) \
            if not ones or ones in _CN_DIGITS else text
    if len(text) == 1:
        return str(_CN_DIGITS[text])
    if len(text) == 2 and text[0] in "零〇":  # 九时零五分
        return str(_CN_DIGITS[text[1]])
    return text


# h166: when a step was, as its rows write it. Its earliest day and, on that day, the earliest and latest minute it can
# have been: a row without a time is the whole day; several rows of that day give the earliest of each bound (发布申报通知
# written 2020-03-06 and again 2020-03-06 上午8时 was out by 8:00; a 下午3时 report after it is late). Every order rule reads
# steps through this, so two rules never judge one pair differently (PROC-3I1L-REVIEW chose one row, PROC-STEP-ORDER another).
WHOLE_DAY = (0, 23 * 60 + 59)


class Moment(NamedTuple):
    date: dt.date
    low: int  # the earliest minute of the day it can have been
    high: int  # the latest
    step: Step  # the row shown for it: the one bounding it earliest (its time as written)

    @property
    def shown(self) -> str:
        """The day with the time the shown row writes (2020-04-10 下午3时), as the evidence quotes it."""
        # h167: only when that row alone bounds the moment: with 2020-04-10 and 2020-04-10 下午3时 the step may have been
        # any time until 3时, and "下午3时" would show a pass over a 上午9时 review as if it had decided it
        # any time until 3时, and "下午3时" would show a pass over a 上午9时 review as if it had decided it: "（不晚于下午3时）"
        if not (self.step.time and self.step.minutes):
            return self.date.isoformat()
        if self.step.minutes == (self.low, self.high):
            return f"{self.date.isoformat()} {self.step.time}"
        return f"{self.date.isoformat()}（不晚于{self.step.time}）"

    @property
    def stamps(self) -> tuple[int, int]:
        """(from, until) as yyyymmddhhmm: the facts <key>_from and <key>_until the order rules compare."""
        day = self.date.year * 10000 + self.date.month * 100 + self.date.day
        return day * 10000 + self.low // 60 * 100 + self.low % 60, day * 10000 + self.high // 60 * 100 + self.high % 60


def first_moment(steps: list[Step]) -> Moment | None:
    """The moment of a step's first occurrence over its dated rows (see Moment), or None without one."""
    dated = [s for s in steps if s.date]
    if not dated:
        return None
    day = min(s.date for s in dated)
    (low, high), shown = day_bounds([(s.minutes or WHOLE_DAY, s) for s in dated if s.date == day])
    return Moment(day, low, high, shown)


def day_bounds(spans: list[tuple[tuple[int, int], object]]) -> tuple[tuple[int, int], object]:
    """Over one day's rows of a step, each (its span, the row): the earliest of each bound, and the row shown for them
    (the one bounding it earliest). The one reading of first_moment and PROC-STEP-ORDER (facts/order.py)."""
    shown = min(spans, key=lambda item: (item[0][1], item[0][0]))[1]
    return (min(span[0] for span, _ in spans), min(span[1] for span, _ in spans)), shown


def latest_moment(moments: list[Moment]) -> Moment:
    """The moment by which all of ``moments`` had happened (every recipient had had a form): the latest day and, on
    it, the latest of each bound; shown by the row bounding it latest (a recipient's row without a time: the day)."""
    day = max(m.date for m in moments)
    on = [m for m in moments if m.date == day]
    shown = max(on, key=lambda m: (m.high, m.low)).step
    return Moment(day, max(m.low for m in on), max(m.high for m in on), shown)


def certainly_after(later: Moment, earlier: Moment) -> bool:
    """``later`` came after ``earlier`` whatever the times leave open: a later day, or one day on which ``earlier``
    ends before ``later`` can begin (both rows write a time: ends_before's reading)."""
    return later.date > earlier.date or later.date == earlier.date and earlier.high < later.low


def ends_before(first: tuple[int, int] | None, second: tuple[int, int] | None) -> bool:
    """Two steps of one day in order by the times their cells write (time_span): ``first`` ends before ``second``
    can begin (上午 before 下午, 9时 before 15时). A time on one of them only, or times that may overlap (上午 and
    10时), decide nothing. PROC-3I1L-POST-3D's reading since h161; PROC-STEP-ORDER and DISC-AFTER-DECISION's (h164)."""
    return first is not None and second is not None and first[1] < second[0]


def round_years(rows: list[Row]) -> tuple[int, ...]:
    """The years of the 流程节点 dates written with their year (the round's year when there is one)."""
    years = set()
    for row in rows:
        value = row.value("date")
        if is_blank(value) or _formula(row, "date"):
            continue
        if value.__class__ is str:
            day = _text_date(value)[0] or _day_of(value, ())[0]
        else:
            try:
                day = parse_date(value)
            except Unreadable:
                day = None
        if day is not None:
            years.add(day.year)
    return tuple(sorted(years))


@functools.lru_cache(maxsize=_TEXT_MEMO)
def _day_of(value: str, years: tuple[int, ...]) -> tuple[dt.date | None, str, str | None, bool]:
    """A date parse_date could not read, read without its time of day and, written without its year, in the
    round's year: (the day, "", None, whether the year was taken) or (None, the form expected, why, False)."""
    text = nfkc(value).strip()
    found = _WITH_TIME.match(text)
    if found is not None:
        # the weekday between the date and the time is checked against the date as without a time (h167: 2020年4月10日
        # （星期四）下午3时 was read, the wrong weekday unsaid)
        text = f"{found['date'].strip()}{found['weekday'] or ''}"
        day, expected, detail = _text_date(text)
        if day is not None:
            return day, "", None, False
    else:
        expected, detail = _text_date(text)[1:]
    month_day = _YEARLESS.match(text.replace(" ", ""))
    if month_day is None:
        return None, expected or DATE_FORM, detail, False
    return _in_round_year(int(month_day["m"]), int(month_day["d"]), years)


def _in_round_year(month: int, day: int, years: tuple[int, ...]) -> tuple[dt.date | None, str, str | None, bool]:
    if len(years) != 1:
        why = ("未写年份，流程节点中没有写明年份的日期可作参照" if not years else
               f"未写年份，流程节点的日期分属 {'、'.join(map(str, years))} 年，无法确定是哪一年")
        return None, DATE_FORM, why, False
    try:
        return dt.date(years[0], month, day), "", None, True
    except ValueError:
        return None, DATE_FORM, f"不存在的日期 {years[0]}年{month}月{day}日", False


def _year_taken(row: Row, name: str, day: dt.date, what: str = "日期") -> dict:
    """A date written without its year, read in the round's year: said, advisory (it weighs on nothing)."""
    finding = round_input_finding(
        "INP-ROUND-YEAR",
        f"{row.sheet} 第 {row.number} 行（{row.ref(name)}）的{what}“{row.shown(name)}”未写年份，"
        f"按流程节点所记日期的年份 {day.year} 年读作 {day.isoformat()}；年份不同的，请补写年份后重新审计。",
        {name: row.text(name), "source": row.ref(name), "sheet": row.sheet, "row": row.number, "read_as": day.isoformat()},
        "写明年份的日期，如 2020年5月11日",
    )
    finding.update(severity="advisory", outcome="not_applicable",
                   why="未写年份的日期按本轮流程节点日期所在的年份读取（流程节点日期跨年时不读取），结论中写明。")
    return finding


# A 公示 period written in one cell under 开始日期 or 结束日期 (5月11日至5月19日, 2020.5.11-5.19,
# 2020年5月11日—2020年5月19日), the other cell blank or holding the same text (a merged cell): read as its start and
# end, the 公示 length rule needing both. The end takes the start's year (and month: 11日至19日) when it writes none;
# a start without its year takes the round's (INP-ROUND-YEAR, said); an end before its start is read as written and
# named (INP-ROUND-DATE, needs review: a typing slip or a period over the new year, which the cell does not say).
_PERIOD_SEPARATOR = re.compile(r"\s*(?:至|到|~|～|—+|–|－|-{1,2})\s*")
_END_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})(?:月|[./-])(?P<d>\d{1,2})[日号]?$")
_END_DAY = re.compile(r"^(?P<d>\d{1,2})[日号]$")


def _period_start(text: str, years: tuple[int, ...]) -> tuple[dt.date | None, bool, str | None]:
    """The start of a period: (the day, whether the round's year was taken, why it could not be read)."""
    day = _text_date(text)[0]
    if day is not None:
        return day, False, None
    month_day = _YEARLESS.match(text.replace(" ", ""))
    if month_day is None:
        return None, False, None
    day, _, why, taken = _in_round_year(int(month_day["m"]), int(month_day["d"]), years)
    return day, taken, why


def _period_end(text: str, start: dt.date) -> tuple[dt.date | None, bool]:
    """The end of a period and whether it was read in the year after its start's (h164, below)."""
    day = _text_date(text)[0]
    if day is not None:
        return day, False  # an end written with its own year is taken as written
    found = _END_MONTH_DAY.match(text.replace(" ", "")) or _END_DAY.match(text.replace(" ", ""))
    if found is None:
        return None, False
    month = int(found["m"]) if "m" in found.groupdict() else start.month
    # h164: 12月28日至1月5日, a 公示 over the new year with no years written, was read as ending before its start
    # (2020-12-28 至 2020-01-05, INP-ROUND-DATE). An end writing its month but no year, whose month comes before the
    # start's, is in the next year when that makes a period of at most 62 days (December into January, as a
    # 公示 of days runs): said (INP-ROUND-YEAR). A longer one (2020.5.19-4.11) stays a slip, named as before.
    try:
        end = dt.date(start.year, month, int(found["d"]))
        if "m" in found.groupdict() and month < start.month:
            later = dt.date(start.year + 1, month, int(found["d"]))
            if (later - start).days <= _NEW_YEAR_SPAN:
                return later, True
        return end, False
    except ValueError:
        return None, False


_NEW_YEAR_SPAN = 62


@functools.lru_cache(maxsize=1024)
def read_period(text: str, years: tuple[int, ...]) -> tuple[dt.date, dt.date, bool, bool] | str | None:
    """A period in one cell: (start, end, whether the start's year is the round's, whether the end is read in the
    next year), why it cannot be read (a start without its year in a round of several), or None when the text is
    no period."""
    text = nfkc(text).strip()
    why = None
    for separator in _PERIOD_SEPARATOR.finditer(text):
        left, right = text[:separator.start()].strip(), text[separator.end():].strip()
        if not left or not right:
            continue
        start, taken, unread = _period_start(left, years)
        why = why or unread
        if start is None:
            continue
        end, rolled = _period_end(right, start)
        if end is not None:
            return start, end, taken, rolled
    return why


def _period_reversed(row: Row, column: str, start: dt.date, end: dt.date) -> dict:
    """A period in one cell read as ending before its start: named, never chosen between (h161)."""
    return round_input_finding(
        "INP-ROUND-DATE",
        f"{row.sheet} 第 {row.number} 行（{row.ref(column)}）的公示期“{row.shown(column)}”读作 {start.isoformat()} 至 "
        f"{end.isoformat()}，结束日期早于开始日期；请核实是笔误还是跨年的公示期，更正（写明年份）后重新审计。",
        {column: row.text(column), "source": row.ref(column), "sheet": row.sheet, "row": row.number,
         "start_read": start.isoformat(), "end_read": end.isoformat()},
        "结束日期不早于开始日期的公示期，如 2020年5月11日至2020年5月19日",
    )


def _year_rolled(row: Row, column: str, start: dt.date, end: dt.date, taken: bool) -> dict:
    """h164: a period over the new year whose end writes no year (12月28日至1月5日), its end read in the next year:
    said, advisory like INP-ROUND-YEAR (its start's year, when taken from the round, said in the same words)."""
    taken_words = f"未写年份，按流程节点所记日期的年份 {start.year} 年" if taken else "的结束日期未写年份，"
    finding = round_input_finding(
        "INP-ROUND-YEAR",
        f"{row.sheet} 第 {row.number} 行（{row.ref(column)}）的公示期“{row.shown(column)}”{taken_words}读作 {start.isoformat()} 至 "
        f"{end.isoformat()}：结束的月份早于开始的月份，按跨年的公示期，结束日期读作次年 {end.year} 年；年份不同的，请补写年份后重新审计。",
        {column: row.text(column), "source": row.ref(column), "sheet": row.sheet, "row": row.number,
         "read_as": start.isoformat(), "end_read": end.isoformat()},
        "写明年份的日期，如 2020年12月28日至2021年1月5日",
    )
    finding.update(severity="advisory", outcome="not_applicable",
                   why="未写年份的公示结束日期早于开始日期的月份的，按跨年的公示期读作次年，结论中写明。")
    return finding


# h164: a 公示 period written in one 流程节点 cell (a 公示开始 row dated 5月11日至5月19日) was unreadable (INP-ROUND-DATE)
# where the 公示 sheet's was read (h161). The row is the step it names (README: 公示开始, 公示结束 are days, the
# 公示 sheet holds the period): a 公示开始 row is the period's start, a 公示结束 row its end; the other day is not
# taken for a step the row does not name (a 公示结束 row, or the 公示 sheet, says it). The reading is said
# (INP-ROUND-PERIOD, advisory, its evidence naming the day taken); a year taken from the round or the next year,
# and an end before the start, are said as for the 公示 sheet.
_PERIOD_STEPS = {"disclosure_start": ("start", "公示开始", "开始日"), "disclosure_end": ("end", "公示结束", "结束日")}


def _step_period(row: Row, key: str, findings: list[dict], years: tuple[int, ...]) -> tuple | None:
    """A 公示开始/公示结束 row's (day, state) when its 日期 holds a 公示 period, else None (read as any date)."""
    value = row.value("date")
    if value.__class__ is not str or _formula(row, "date") or _text_date(value)[0] is not None \
            or _day_of(value, years)[0] is not None:
        return None
    period = read_period(value, years)
    if period is None:
        return None
    if isinstance(period, str):  # the start written without its year, the round's year unknown
        findings.append(_unreadable(row, "date", DATE_FORM, period))
        return None, "unreadable"
    start, end, taken, rolled = period
    if rolled:
        findings.append(_year_rolled(row, "date", start, end, taken))
    elif taken:
        findings.append(_year_taken(row, "date", start, "公示期"))
    if end < start:
        findings.append(_period_reversed(row, "date", start, end))
        return None, "unreadable"
    kind, step, words = _PERIOD_STEPS[key]
    day = start if kind == "start" else end
    finding = round_input_finding(
        "INP-ROUND-PERIOD",
        f"{row.sheet} 第 {row.number} 行（{row.ref('date')}）“{step}”的日期写明公示期“{row.shown('date')}”（{start.isoformat()} 至 "
        f"{end.isoformat()}），按{step}读作其{words} {day.isoformat()}；公示期的起止请填写在公示表（或分填“公示开始”“公示结束”两行）。",
        {"date": row.text("date"), "source": row.ref("date"), "sheet": row.sheet, "row": row.number,
         "period": f"{start.isoformat()} 至 {end.isoformat()}", "read_as": day.isoformat(), "reading": f"{step}：取公示期的{words}"},
        "一个日期，如 2020年5月11日；公示期填写在公示表",
    )
    finding.update(severity="advisory", outcome="not_applicable",
                   why="流程节点的公示开始、公示结束各记一日：一格写明整个公示期的，按该行节点取开始日或结束日，结论中写明。")
    findings.append(finding)
    return day, "dated"


def _disclosure_period(row: Row, findings: list[dict], years: tuple[int, ...]) -> tuple | None:
    """The 公示 row's dates when one of its date cells holds the period (see read_period), else None."""
    for column, other in (("start", "end"), ("end", "start")):
        value = row.value(column)
        if value.__class__ is not str or _formula(row, column) or _text_date(value)[0] is not None:
            continue
        period = read_period(value, years)
        if period is None:
            continue
        if isinstance(period, str):  # the start written without its year, the round's year unknown
            findings.append(_unreadable(row, column, DATE_FORM, period))
            return None, "unreadable", None, "unreadable"
        start, end, taken, rolled = period
        states = {"start": "dated", "end": "dated"}
        written = row.value(other)
        if not (is_blank(written) or nfkc(written_text(written)).strip() == nfkc(value).strip()):
            try:
                told = _text_date(written)[0] if written.__class__ is str else parse_date(written)
            except Unreadable:
                told = None
            if told != (end if other == "end" else start):
                # the period and the other cell disagree: which is the 公示's is not the audit's to choose
                states[other] = "unreadable"
                findings.append(round_input_finding(
                    "INP-ROUND-DATE",
                    f"{row.sheet} 第 {row.number} 行：{row.ref(column)}写明公示期“{row.shown(column)}”，"
                    f"{row.ref(other)}却为“{row.shown(other)}”，两者不一致，无法确定公示{'结束' if other == 'end' else '开始'}日期。",
                    {column: row.text(column), other: row.text(other), "source": f"{row.ref(column)}; {row.ref(other)}",
                     "sheet": row.sheet, "row": row.number},
                    "公示开始日期和结束日期各填一格，或在一格中写明公示期（如 2020年5月11日至2020年5月19日）",
                ))
        if rolled:
            findings.append(_year_rolled(row, column, start, end, taken))
        elif taken:
            findings.append(_year_taken(row, column, start, "公示期"))
        if end < start:
            findings.append(_period_reversed(row, column, start, end))
        return (start, states["start"], end if states["end"] == "dated" else None, states["end"])
    return None


_STAGE_SPLIT = re.compile(r"[、,，;；/\s和]+")
_STAGE_WORDS = {"一": "1", "二": "2", "认定": "1", "奖励": "2"}


def _stage_number(text: str) -> int | None:
    """"1", "第二阶段", "认定" (stage 1 of W-08), "第一阶段（认定）" → the stage number."""
    digits = re.sub(r"[（(].*?[）)]", "", text).replace("第", "").replace("阶段", "").strip()
    digits = _STAGE_WORDS.get(digits, digits)
    return int(digits) if digits.isdigit() and 0 < int(digits) < 10 else None


def _stage(row: Row, findings: list[dict]) -> int | None:
    text = row.text("stage")
    if not text:
        return None
    stage = _stage_number(text)
    if stage is None or stage > MAX_STAGE:
        # 阶段 3 on a row of a round of two stages was read as a stage 3 no rule looks at: the row's step
        # was "未记录" in stage 2 (不合规), the cell never named
        findings.append(_unreadable(row, "stage", "阶段编号 1 或 2"))
        return None
    return stage


MAX_STAGE = 2  # the most stages a workflow has (W-08: 认定 1, 奖励 2; rules/workflows); README: 阶段 1 or 2


def read_rounds(paths: list[str | Path], step_keys: dict[str, str], repeating: frozenset[str] = frozenset(),
                skipped: list[str] | None = None) -> list[RoundRecord]:
    """The round records of ``paths``. A file named on the command line must be a round record; a
    file found in a folder that is something else (a draw record, a pool) is skipped and named in
    ``skipped`` (an archive folder holds those beside the round records), never silently."""
    named = {Path(p) for p in paths}
    records: list[RoundRecord] = []
    for path in expand_paths(paths):
        try:
            records.extend(read_round_file(path, step_keys, repeating))
        except NotARoundRecord as problem:
            if path in named or skipped is None:
                raise
            skipped.append(f"{path.name}：{str(problem).split('：', 1)[1]}，已跳过")
        except OSError as error:
            raise InputError(f"无法读取「{path}」：{os_reason(error)}") from error
    return records


def record_from_mapping(data: dict, step_keys: dict[str, str], source: str = "fixture",
                        repeating: frozenset[str] = frozenset()) -> RoundRecord:
    """A round record from its JSON form (fixtures, tests, the benchmark)."""
    sha = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    return build_record(sheets_from_mapping(data, source, sha), source, sha, step_keys, repeating)


# --- what the reader does not know --------------------------------------------------------------------


def _row_label(sheet: str, row: Row) -> str:
    """A row as its sheet names it, for a line of the report (the step, the material, the expert)."""
    name = {SHEET_STEPS: "step", SHEET_ARCHIVE: "item", SHEET_DRAW: "expert_id", SHEET_DISC: "start",
            SHEET_DIAG: "enterprise", SHEET_ROUND: "round_id"}.get(sheet)
    return (row.shown(name) if name else "") or ""


def other_cells(record: RoundRecord) -> list[dict]:
    """Every cell a person wrote that no rule reads and no part of the report shows otherwise: the
    cells of a column the reader does not know (an inspector's 审计人备注, a 公示 sheet's 备注), and the
    备注 of a 流程节点 row that is no step read (an unknown 节点: INP-ROUND-STEP names the row, not its
    note). Each is {sheet, row, row_label, column, value, source}, in sheet and row order. A second
    column of a known header (INP-ROUND-VALUE when it differs) and 专家抽取's 姓名 (the pool reads it)
    are read, so not listed."""
    stepped = {step.row.number for step in record.steps}
    # a consent row recording a refusal in its 备注 is quoted by INP-ROUND-CONSENT-DENIED, not left unread
    stepped |= {row.number for _, row, column in record.refused_consents if column == "note"}
    found: list[dict] = []
    for sheet in ALL_SHEETS:
        known = KNOWN.get(sheet, {})
        for row in (record.content_rows or {}).get(sheet, []):
            cells: list[tuple[str, str, str]] = []
            if sheet == SHEET_STEPS and row.number not in stepped and row.text("note"):
                cells.append((row.cells["note"].header, row.shown("note"), row.ref("note")))
            for header, value in row.extra.items():
                key = header_key(str(header))
                if is_blank(value) or key in known or (sheet == SHEET_DRAW and key in EXPERT_NAME_HEADERS):
                    continue
                cells.append((str(header), written_text(value), row.extra_refs.get(header) or f"{sheet} 第 {row.number} 行"))
            for column, value, source in cells:
                if value:
                    found.append({"sheet": sheet, "row": row.number, "row_label": _row_label(sheet, row),
                                  "column": column, "value": value, "source": source})
    return found


def other_cells_text(cells: list[dict]) -> list[str]:
    """The cells of :func:`other_cells` in words, one line per sheet and column (the 未核对事项 of the
    reports): each row's value with its cell."""
    by_column: dict[tuple[str, str], list[dict]] = {}
    for cell in cells:
        by_column.setdefault((cell["sheet"], cell["column"]), []).append(cell)
    lines = []
    for (sheet, column), items in by_column.items():
        values = "；".join(f"第 {c['row']} 行" + (f"（{c['row_label']}）" if c["row_label"] else "")
                          + f"“{c['value']}”（{c['source']}）" for c in items)
        what = ("未参加审计的行（节点无法识别，或记载纪检组未同意）的备注" if column == COLUMNS[SHEET_STEPS]["note"][0] and sheet == SHEET_STEPS
                else f"“{column}”列（不是轮次记录的栏目）")
        lines.append(f"其他记载：{sheet}中{what}所记内容未核对，不影响审计结论，请审计人员阅读：{values}。")
    return lines
