"""Optional registers for `check`: adverse credit records, fund disqualifications, and the round's
lists (reserve pool, stage-1 recognitions, fraud findings, key fields).

All are judged at the round's reference date (``--as-of``, by default the application deadline),
never at the run date, so re-running an old round gives the old answer. A row without a valid
统一社会信用代码 stops the run naming the row: a register entry that matches nobody is an error
the reviewer must see, never a row skipped in silence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from checker.core.text import header_key, nfkc
from checker.core.values import Unreadable, is_blank, json_decimal, normalise_uscc, parse_count, parse_date, validate_uscc
from checker.errors import InputError
from checker.io.table import Aliases, Row, aliases, cell_text, decode_text, note_line, open_table, records_table

# What the reports call each round input (checker/cli/check_inputs.py), its option and the rules that
# read it: an input the run's rules do not read is left out of the reports and named on screen.
READ_BY = {
    "不良信用记录名单": ("--credit-list", ("ELIG-CREDIT-CLEAN",)),
    "取消申报资格名单": ("--debarments", ("ELIG-NOT-DEBARRED",)),
    "冲击新目标后备库企业名单": ("--reserve-pool", ("ELIG-RESERVE-POOL",)),
    "第一阶段认定名单（智能工厂/数字化车间）": ("--recognitions", ("ELIG-RECOGNISED-FOR-REWARD",)),
    "弄虚作假查实名单": ("--fraud-findings", ("ELIG-NO-FRAUD-FINDING",)),
    "督导项目清单": ("--supervision-list", ("MON-500W",)),
    "本轮重点领域": ("--key-fields", ("ELIG-KEY-FIELD",)),
    "产业目录条目表": ("--catalogue", ("ELIG-CATALOGUE-ENCOURAGED", "ELIG-FOREIGN-CATALOGUE")),
    "节假日文件": ("--holidays", ("APP-DEFICIENCY-NOTICE-DEADLINE",)),
    "涉及资金": ("--with-funds", ("APP-FUNDS-PROCESS-FORM",)),
}


def inputs_not_read(registers: dict[str, str], rule_ids: set[str]) -> dict[str, str]:
    """The round inputs given (label → what was given) that none of ``rule_ids`` reads."""
    return {label: given for label, given in registers.items() if label in READ_BY and not rule_ids.intersection(READ_BY[label][1])}


CREDIT_COLUMNS = aliases({"uscc": ["统一社会信用代码"], "kind": ["记录类型"], "date": ["认定日期"], "source": ["来源"],
                          # optional: the day the record was removed (信用修复, 移出名单); blank: still in force
                          "removed": ["移出日期", "移除日期", "撤销日期", "修复日期", "解除日期", "屏蔽日期"]})
MAX_DEBARMENT_YEARS = 50  # a longer "term" is a typing error, not a disqualification
DEBARMENT_COLUMNS = aliases({"uscc": ["统一社会信用代码"], "fund": ["专项名称"], "start": ["起始日期"], "years": ["期限(年)"]})


@dataclass(frozen=True)
class CreditRecord:
    uscc: str
    kind: str
    date: dt.date
    source: str
    removed: dt.date | None = None  # 移出日期: no adverse record from this day on


class CreditRegister:
    """Adverse credit records (统一社会信用代码, 记录类型, 认定日期, 来源)."""

    def __init__(self, records: list[CreditRecord], name: str):
        self.name = name
        self.by_uscc: dict[str, list[CreditRecord]] = {}
        for record in records:
            self.by_uscc.setdefault(record.uscc, []).append(record)

    @classmethod
    def from_rows(cls, rows: list[dict], name: str) -> "CreditRegister":
        records = []
        for number, row in enumerate(rows, start=1):
            values, where = _columns(row, CREDIT_COLUMNS), _where(row, name, number)
            records.append(
                CreditRecord(
                    uscc=_required_uscc(values.get("uscc"), where),
                    kind=cell_text(values.get("kind")),
                    date=_date(values.get("date"), where, "认定日期"),
                    source=cell_text(values.get("source")),
                    removed=None if _not_removed(values.get("removed")) else _date(values.get("removed"), where, "移出日期"),
                )
            )
            if records[-1].removed is not None and records[-1].removed < records[-1].date:
                raise InputError(f"{where}：移出日期 {records[-1].removed.isoformat()} 早于认定日期 {records[-1].date.isoformat()}")
        return cls(records, name)

    def matches(self, uscc: str, on: dt.date) -> bool:
        return bool(self.records_on(uscc, on))

    def records_on(self, uscc: str, on: dt.date) -> list[CreditRecord]:
        """Records in force on the reference date: established by then, not removed by then."""
        return [r for r in self.by_uscc.get(uscc, []) if r.date <= on and (r.removed is None or on < r.removed)]


@dataclass(frozen=True)
class Debarment:
    uscc: str
    fund: str
    start: dt.date
    years: int

    def covers(self, on: dt.date) -> bool:
        # "取消今后两年本专项资金申报资格": from the start date, for `years` years (end exclusive).
        try:
            end = self.start.replace(year=self.start.year + self.years)
        except ValueError:  # 29 February
            end = self.start.replace(year=self.start.year + self.years, day=28)
        return self.start <= on < end


class DebarmentRegister:
    """Fund disqualifications (统一社会信用代码, 专项名称, 起始日期, 期限（年）)."""

    def __init__(self, records: list[Debarment], name: str):
        self.name = name
        self.by_uscc: dict[str, list[Debarment]] = {}
        for record in records:
            self.by_uscc.setdefault(record.uscc, []).append(record)

    @classmethod
    def from_rows(cls, rows: list[dict], name: str) -> "DebarmentRegister":
        records = []
        for number, row in enumerate(rows, start=1):
            values, where = _columns(row, DEBARMENT_COLUMNS), _where(row, name, number)
            try:
                # a count as everywhere: 2, "2", 2.0 (a spreadsheet's or a JSON file's number), "２"
                years = 2 if is_blank(values.get("years")) else _term_years(values.get("years"))
            except Unreadable as error:
                raise InputError(f"{where}：期限（年）“{cell_text(values.get('years'))}”不是整数") from error
            if not 1 <= years <= MAX_DEBARMENT_YEARS:
                raise InputError(f"{where}：期限（年）{years} 不在 1–{MAX_DEBARMENT_YEARS} 年之内")
            records.append(
                Debarment(
                    uscc=_required_uscc(values.get("uscc"), where),
                    fund=cell_text(values.get("fund")),
                    start=_date(values.get("start"), where, "起始日期"),
                    years=years,
                )
            )
        return cls(records, name)

    def matches(self, uscc: str, on: dt.date, fund_name: str | None = None) -> bool:
        return bool(self.records_on(uscc, on, fund_name))

    def records_on(self, uscc: str, on: dt.date, fund_name: str | None, unsure: bool = False) -> list[Debarment]:
        return [d for d in self.records_of(uscc, fund_name, unsure) if d.covers(on)]

    def records_of(self, uscc: str, fund_name: str | None, unsure: bool = False) -> list[Debarment]:
        """Every entry of this enterprise for the fund, whatever its dates (a case with no reference
        date cannot be judged against them): the fund's own (:func:`fund_match` same or year), or with
        ``unsure`` those whose name differs from the fund's by a prefix only (prefix)."""
        wanted = ("same", "year", "prefix") if unsure else ("same", "year")
        return [d for d in self.by_uscc.get(uscc, []) if fund_match(d.fund, fund_name) in wanted]


# h142: a register naming the fund 《省先进制造业发展专项资金》 or with a space in it (as a list copies a notice's
# title) matched no --fund-name 省先进制造业发展专项资金, and a debarred enterprise passed "不在取消申报资格期内"
# in silence: the title marks, quotes and spaces around or inside a name are no part of it
_FUND_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'‘’]+")


def fund_key(name: str) -> str:
    """A fund's name as names are compared: NFKC, without spaces, title marks or quotes."""
    return _FUND_MARKS.sub("", nfkc(name or ""))


# h154: a register names the fund as the notice of the year it debarred did (2024年度省先进制造业发展专项资金), the round
# as this year's (省先进制造业发展专项资金): the names differed and the debarred enterprise passed "不在取消申报资格期内".
# 004:36 取消今后两年本专项资金申报资格 debars from the fund, not from one year's round: a name that differs by its year
# only is the same fund. A name that differs by other words before it (威海市工业和信息化专项资金 and 工业和信息化专项资金,
# 河南省… and 省…) may be the same fund written in full or a city's fund beside the province's: not guessed, reviewed
_FUND_YEAR = re.compile(r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})年度?|[(（]?(?:\d{4}|[〇零○一二三四五六七八九]{4})年度?[)）]?$")


def fund_match(listed: str, fund: str | None) -> str:
    """How a register's 专项名称 compares with the round's (--fund-name): "same" (no fund named, or equal as
    :func:`fund_key` compares them), "year" (equal once a year before or after it is set aside), "prefix" (the
    one is the other with words before it), "other"."""
    if not fund:
        return "same"
    listed_key, fund_key_ = fund_key(listed), fund_key(fund)
    if listed_key == fund_key_:
        return "same"
    listed_key, fund_key_ = _FUND_YEAR.sub("", listed_key), _FUND_YEAR.sub("", fund_key_)
    if not listed_key or not fund_key_:
        return "other"
    if listed_key == fund_key_:
        return "year"
    return "prefix" if listed_key.endswith(fund_key_) or fund_key_.endswith(listed_key) else "other"


def _not_removed(raw) -> bool:
    """A 移出日期 cell saying the record is still in force: blank, 无, /, —, 未移出."""
    return is_blank(raw) or nfkc(str(raw)).replace(" ", "") in {"无", "/", "-", "—", "——", "未移出", "未修复", "否"}


def _required_uscc(raw, where: str) -> str:
    code = normalise_uscc("" if raw is None else raw)
    if not code:
        raise InputError(f"{where}：缺少统一社会信用代码；名单每行都须填写（否则该行对不上任何企业，会被悄悄略过）")
    try:
        # a mistyped code matches no applicant: the record would be passed over without a word
        return validate_uscc(code)
    except Unreadable as error:
        raise InputError(f"{where}：统一社会信用代码“{raw}”无效（{error.detail or error.expected}），"
                         "该行对不上任何企业；请照证照更正后重新运行。") from error


WHERE = "\0where"  # a register row's key holding where it is ("credit.xlsx 第 4 行"): no header is named so


def _where(row: dict, name: str, number: int) -> str:
    return row.get(WHERE) or f"{name} 第 {number} 条记录"


def _term_years(raw: object) -> int:
    """期限（年）: 2, "2", "2年", 2.0 (a spreadsheet's number), a JSON file's 2.0 read as written; never
    2.5, and not a count's other words (3份, 第3名)."""
    if isinstance(raw, bool):
        raise Unreadable("整数年数")
    if isinstance(raw, float):
        written = getattr(raw, "text", None)
        exact = json_decimal(written) if written is not None else (Decimal(raw) if raw == raw and abs(raw) != float("inf") else None)
        if exact is None or exact != exact.to_integral_value():
            raise Unreadable("整数年数")
        return int(exact)
    if isinstance(raw, int):
        return raw
    text = nfkc(str(raw)).replace(" ", "").removesuffix("年")
    if re.fullmatch(r"[一二两三四五六七八九十百]+", text):
        # 两年, as the seed itself says it (004:36 取消今后两年本专项资金申报资格): h136, the run stopped on it
        return parse_count(text)
    if not re.fullmatch(r"-?\d+", text) or not text.isascii():
        raise Unreadable("整数年数")
    return int(text)


def _columns(row: dict, known: Aliases) -> dict[str, object]:
    return {known[header_key(k)][0]: v for k, v in row.items() if header_key(k) in known}


def _date(raw, where: str, column: str) -> dt.date:
    try:
        return parse_date(raw)
    except Unreadable as error:
        raise InputError(f"{where}：{column}“{'' if raw is None else raw}”无法识别（{error.detail or error.expected}）") from error


def load_rows(path: Path, known: Aliases, what: str) -> list[dict]:
    """Rows of a register or decision file (.xlsx/.csv/.json/...), keyed by field name, each with
    where it is (a title line above the header is fine, as in the round's lists)."""
    path = Path(path)
    table = open_table(path, known, what=what, header_rows=5)
    rows = [row for row in table.rows() if not row.is_blank() and not note_line(row)]
    for row in rows:
        _refuse_misshapen(row, path, what)
    return [{**{name: cell.value for name, cell in row.cells.items()}, WHERE: f"{path.name}（{what}）第 {row.number} 行"}
            for row in rows]


def _refuse_misshapen(row, path: Path, what: str) -> None:
    """A list's line whose values are out of their columns (a comma typed without quotes, CSV): its
    entry would be read from the wrong cells, or its last value dropped, without a word."""
    if row.problem:
        raise InputError(f"{path.name}（{what}）第 {row.number} 行{row.problem}；请给含逗号的格加上英文双引号后重试。")


def read_credit_register(path: Path) -> CreditRegister:
    return CreditRegister.from_rows(load_rows(path, CREDIT_COLUMNS, "不良信用记录名单"), Path(path).name)


def read_debarment_register(path: Path) -> DebarmentRegister:
    return DebarmentRegister.from_rows(load_rows(path, DEBARMENT_COLUMNS, "取消申报资格名单"), Path(path).name)


# --- the round's lists: 统一社会信用代码, 企业名称, 日期, 文号 ----------------------------------------

LIST_COLUMNS = aliases({
    "uscc": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "name": ["企业名称", "单位名称", "申报单位"],
    "date": ["日期", "认定日期", "入库日期", "列入日期", "查实日期"],
    "doc": ["文号", "认定文号", "发文文号"],
    "project": ["项目名称"],  # optional: a list of projects (the supervision list, L-03)
})
LIST_REQUIRED = ("uscc", "date")


@dataclass(frozen=True)
class ListEntry:
    uscc: str
    name: str
    date: dt.date
    doc: str
    where: str  # the row a reviewer finds it in
    project: str = ""  # 项目名称, when the list names projects

    def describe(self) -> str:
        return "，".join(filter(None, [self.name, self.project and f"项目 {self.project}", f"日期 {self.date.isoformat()}",
                                       self.doc and f"文号 {self.doc}"]))


class ListRegister:
    """A list of enterprises the round relies on (reserve pool, recognitions, fraud findings): one
    row per enterprise with 统一社会信用代码, 企业名称, 日期 and 文号; an entry counts from its 日期."""

    def __init__(self, entries: list[ListEntry], name: str, what: str):
        self.name, self.what = name, what
        self.by_uscc: dict[str, list[ListEntry]] = {}
        for entry in entries:
            self.by_uscc.setdefault(entry.uscc, []).append(entry)

    def entries_on(self, uscc: str, on: dt.date) -> list[ListEntry]:
        return [e for e in self.by_uscc.get(uscc, []) if e.date <= on]

    @classmethod
    def from_rows(cls, rows: list[Row], name: str, what: str) -> "ListRegister":
        return cls([_list_entry(row, name, what) for row in rows], name, what)

    @classmethod
    def from_records(cls, records: list[dict], name: str, what: str) -> "ListRegister":
        """From records keyed by column header (rule fixtures, tests)."""
        table = records_table(name, name, records, LIST_COLUMNS, "-")
        return cls.from_rows([row for row in table.rows() if not row.is_blank() and not note_line(row)], name, what)


def _list_entry(row: Row, name: str, what: str) -> ListEntry:
    where = f"{name}（{what}）{row.ref('uscc')}"
    raw = row.text("uscc")
    company = row.text("name")
    if not raw:
        shown = f"（企业名称：{company}）" if company else ""
        raise InputError(f"{where}：缺少统一社会信用代码{shown}；名单每行须有统一社会信用代码，否则该行无法与申报对应。")
    try:
        code = validate_uscc(normalise_uscc(raw))
    except Unreadable as error:
        raise InputError(f"{where}：统一社会信用代码“{raw}”无效（{error.detail or error.expected}）。") from error
    try:
        date = parse_date(row.value("date"))
    except Unreadable as error:
        raise InputError(f"{row.ref('date')}（{name}）：日期“{row.text('date')}”无法识别（{error.expected}）。") from error
    return ListEntry(code, company, date, row.text("doc"), row.ref("uscc"), row.text("project"))


def read_list_register(path: Path, what: str) -> ListRegister:
    """A round list from .xlsx/.csv/.json/...; exit 2 naming a missing column or a bad row."""
    path = Path(path)
    table = open_table(path, LIST_COLUMNS, what=what, header_rows=5)
    missing = [label for name, label in (("uscc", "统一社会信用代码"), ("date", "日期")) if name not in table.fields_found]
    if missing:
        raise InputError(f"{path.name}（{what}）缺少列：{'、'.join(missing)}；找到的列：{'、'.join(table.headers_found) or '（无）'}。")
    rows = [row for row in table.rows() if not row.is_blank() and not note_line(row)]
    for row in rows:
        _refuse_misshapen(row, path, what)
    return ListRegister.from_rows(rows, path.name, what)


# --- the round's key fields (重点领域) ------------------------------------------------------------

KEY_FIELD_COLUMNS = aliases({"field": ["重点领域", "领域", "项目领域"]})
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")


@dataclass(frozen=True)
class KeyFields:
    """The round's 重点领域, as the notice names them (--key-fields "A、B" or a file)."""

    names: tuple[str, ...]
    source: str

    def matches(self, project_field: str) -> list[str]:
        """The key fields a project field names (a cell may list several, separated by 、)."""
        wanted = {_field_key(name): name for name in self.names}
        return [wanted[_field_key(part)] for part in split_list(project_field) if _field_key(part) in wanted]

    def near(self, project_field: str) -> list[str]:
        """The key fields a project field names in other words around them (新材料产业, 智能制造业,
        新材料（高分子） for 新材料, 智能制造): the same field perhaps, not the notice's words."""
        parts = [_field_key(part) for part in split_list(project_field)]
        return [name for name in self.names if any(_field_key(name) in part for part in parts)]


def _field_key(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def split_list(text: str) -> list[str]:
    """Items of a list cell ("智能制造、新材料"), trimmed, blanks dropped; a separator inside brackets
    belongs to its item (发明专利（年费已缴，未过期）, 智能制造（含工业互联网、机器人） are one item each)."""
    plain = nfkc(text)
    if "(" not in plain or plain.count("(") != plain.count(")"):  # an unclosed bracket joins nothing
        return [item.strip() for item in _LIST_SEPARATORS.split(plain) if item.strip()]
    depth, masked = 0, []
    for char in plain:  # the separators inside brackets masked, one character for one: the spans stay the text's
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        masked.append("\x00" if depth and _LIST_SEPARATORS.fullmatch(char) else char)
    items, start = [], 0
    for match in _LIST_SEPARATORS.finditer("".join(masked)):
        items.append(plain[start:match.start()])
        start = match.end()
    items.append(plain[start:])
    return [item.strip() for item in items if item.strip()]


_KEY_FIELD_ASIDE = re.compile(r"(注|附注|说明|填表说明|备注|附|数据来源|来源|填报人|填报单位|联系人|联系电话)\s*\d*\s*[:：、.．]|重点领域(名单)?[:：]?$")


def _key_field_aside(text: str) -> bool:
    return _KEY_FIELD_ASIDE.match(nfkc(text or "").strip()) is not None


def read_key_fields(value: str) -> KeyFields:
    """``--key-fields``: the names themselves ("智能制造、新材料"), or a file listing them (a table
    with a 重点领域 column, or a .txt file with one per line)."""
    path = Path(value)
    if path.is_file():
        # one per line (or cell), or several on one, as the notice lists them: 智能制造、新材料
        if path.suffix.lower() == ".txt":
            names = [name for line in decode_text(path, "重点领域名单").splitlines() if not _key_field_aside(line)
                     for name in split_list(line)]
        else:
            table = open_table(path, KEY_FIELD_COLUMNS, what="重点领域名单", header_rows=5)
            rows = list(table.rows())
            for row in rows:
                if row.problem:
                    # 智能制造,新材料 on a line of a one-column .csv: two cells, the second (新材料) dropped
                    # without a word, and its applicants failed the key-field gate
                    raise InputError(f"重点领域名单「{path}」第 {row.number} 行{row.problem}；"
                                     "同一格列出几个领域请用 、 分隔，或给该格加上英文双引号。")
            names = [name for row in rows if not note_line(row) and not _key_field_aside(row.text("field"))
                     for name in split_list(row.text("field"))]
        source = path.name
    else:
        # typed on the command line: 智能制造、新材料, or with spaces (智能制造 新材料); no 领域's name holds a
        # space (a project field is matched with its spaces ignored), so a space parts two names
        names, source = [name for item in split_list(value) for name in item.split()], "--key-fields"
    # a note under the list (注：以上为2021年重点领域) or the .txt file's heading (重点领域) names no field: it
    # was listed in every applicant's notice as one of the round's 重点领域
    # (a file's line or cell is asked whole, before it is split: 注：以上领域依据威政发〔2021〕3号、鲁政发〔2021〕5号
    # gave 鲁政发〔2021〕5号 as a field)
    names = list(dict.fromkeys(nfkc(n) for n in names if not _key_field_aside(n)))
    if not names:
        raise InputError(f"--key-fields {value!r}：没有给出重点领域（写作 \"智能制造、新材料\"，或给出列有重点领域的文件）")
    return KeyFields(tuple(names), source)
