"""Read a conditions file (--conditions): YAML/JSON, or a workbook with sheets 通知 and 申报条件.

Every row is checked when the file loads, and the first problem stops the run with one sentence
naming the row: a 编号 that is not 1-16 characters of 0-9 A-Z a-z and hyphens (Chinese numerals
refused), the same 编号 twice, a 类型 and 比较 that do not fit, a 值 that does not parse, an 占比
over 100, a 年限 or 日期 on a column that holds no dates, a key or column that is none of the
file's (a misspelt 严重程度), a YAML key written twice; then two conditions on one column that no
value meets together (营业收入 ≥ 1000 万元 beside < 300 万元). Blank rows, and rows with nothing but a
编号 (a pre-numbered template), are skipped and counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import yaml

from checker.check.conditions.model import (
    MAX_CONDITIONS,
    MAX_NUMBER_LENGTH,
    NUMBER_PATTERN,
    OP_SYMBOL,
    SEVERITY_WORDS,
    TYPES,
    Condition,
    RoundConditions,
    RoundNotice,
    bare_bound_word,
    bare_side,
    is_date_word,
    numeral_value,
    op_code,
    plain_negation,
    type_code,
    wording_bound,
    wording_bounds,
    wording_clause,
    wording_figure,
    wording_date_range,
    wording_dates,
    wording_figures,
    wording_range,
)
from checker.check.conditions.values import BadValue, parse_bound, scaled, split_between, split_words
from checker.check.region import WEIHAI_UNITS, named_unit
from checker.core.text import header_key, nfkc, nfkc_collapse
from checker.core.values import FIRST_YEAR, LAST_YEAR, Unreadable, format_decimal, is_blank, parse_date, parse_yes_no
from checker.errors import InputError
from checker.io import xlsx
from checker.io.table import Row, aliases, decode_text, load_structured, number_as_written, open_sheets, sha256_of

NOTICE_SHEET, CONDITION_SHEET = "通知", "申报条件"
NOTICE_SPEC = {"number": ["文号", "通知文号"], "title": ["标题", "通知标题"], "issued": ["发布日期", "印发日期"],
               "bars_dishonest": ["失信企业不得申报"]}
CONDITION_SPEC = {
    "number": ["条件编号", "编号"], "wording": ["条件", "条件原文", "条件内容"], "clause": ["依据", "条款"],
    "headers": ["列名", "申报表列名"], "type": ["类型"], "op": ["比较", "比较方式"], "value": ["值", "标准值"],
    "severity": ["严重程度"], "effective": ["生效日期", "施行日期"],
}
NOTICE_COLUMNS, CONDITION_COLUMNS = aliases(NOTICE_SPEC), aliases(CONDITION_SPEC)
# columns a reviewer may add for notes; any other unknown column is a misspelt one (严重成度, 生效时间)
# whose value would otherwise be dropped unseen
NOTE_COLUMNS = ("备注", "说明", "序号")
REQUIRED = {"number": "条件编号", "wording": "条件", "headers": "列名", "type": "类型", "op": "比较", "value": "值"}
# 条件编号 with Chinese numerals ("三", "十二") is refused: ids stay ASCII so COND-<编号> is stable.
_CHINESE_NUMERALS = re.compile(r"[零〇一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾]")
WHAT = "申报条件文件"
HEADER_ROWS = 10  # the header is looked for in the first rows of each sheet


# one run reads one conditions file (--conditions once): more conditions than a file holds are checked in several runs
SPLIT_ADVICE = (f"请分成几个文件（每个至多 {MAX_CONDITIONS} 条），分批核对：每次运行用 --conditions 给出其中一个文件，"
                "各用一个输出文件夹。")


def one_conditions_file(files) -> str | None:
    """The one conditions file --conditions names (None: not given). Given twice, click kept the last
    and the first file's conditions were never checked: refused, naming both."""
    files = tuple(files or ())
    if len(files) > 1:
        named = "、".join(f"「{Path(f).name}」" if Path(f).name == str(f) else f"「{f}」" for f in files)
        raise InputError(f"--conditions 给出了 {len(files)} 次（{named}）：一次核对只读取一个申报条件文件，不会合并几个文件的条件；"
                         f"请把本轮的全部条件写在同一个文件中（至多 {MAX_CONDITIONS} 条），只给出一次 --conditions；"
                         f"条件超过 {MAX_CONDITIONS} 条时，{SPLIT_ADVICE}")
    return files[0] if files else None


def load_conditions(path: Path) -> RoundConditions:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{WHAT}「{path}」不存在或不是文件。")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        notice_raw, rows = _structured(path)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        notice_raw, rows = _workbook(path)
    else:
        raise InputError(f"{WHAT}「{path.name}」的格式不受支持：请使用 .xlsx（工作表“通知”“申报条件”）或 .yaml。")
    notice = _notice(notice_raw, path.name)
    conditions, skipped, seen = [], 0, {}
    for where, raw in rows:
        if _blank(raw):
            skipped += 1
            continue
        condition = _condition(raw, path.name, where)
        if condition.rule_id in seen:
            raise InputError(f"{path.name} {where}：条件编号“{condition.number}”与{seen[condition.rule_id]}重复；每条条件的编号须唯一（不分大小写）。")
        seen[condition.rule_id] = where
        conditions.append(condition)
    if not conditions:
        raise InputError(f"{path.name}：没有任何申报条件（工作表“{CONDITION_SHEET}”或 YAML 的“条件”为空）。")
    _refuse_contradictions(conditions, path.name)
    _refuse_unpaired_sub_groups(conditions, path.name)
    if len(conditions) > MAX_CONDITIONS:
        raise InputError(f"{path.name}：有 {len(conditions)} 条申报条件，超过每个文件 {MAX_CONDITIONS} 条的上限；{SPLIT_ADVICE}")
    return RoundConditions(notice, tuple(conditions), path.name, sha256_of(path), skipped)


# --- conditions no application can meet together ---------------------------------------------

_ORDERED = ("amount_wan", "amount_yuan", "number", "percent", "share", "date", "years")


def _refuse_contradictions(conditions: list[Condition], file: str) -> None:
    """Two conditions on one column that no value meets together (营业收入 ≥ 500 万元 on one row,
    < 300 万元 on another; 是否 = 是 and = 否) fail every application: a slip in the file, never a
    round's rule. Refused, naming both rows. On a line, intervals that meet two by two all meet
    (Helly), so pairs suffice. Conditions with different 生效日期 may follow one another: left."""
    for index, first in enumerate(conditions):
        for second in conditions[index + 1:]:
            if first.effective != second.effective or not _same_column(first, second):
                continue
            if _same_check(first, second):
                raise InputError(
                    f"{file} {second.where}（条件编号 {second.number}）与{first.where}（条件编号 {first.number}）："
                    f"两条条件都读取“{first.label}”，比较和值也相同（{_stated(first)}），同一项核对会在报告中出现两次；"
                    "请删去其中一条，或核对其中一条的比较和值。")
            if _disjoint(first, second):
                raise InputError(
                    f"{file} {first.where}（条件编号 {first.number}）与{second.where}（条件编号 {second.number}）："
                    f"两条条件都读取“{first.label}”，而“{first.wording}”（{_stated(first)}）与“{second.wording}”"
                    f"（{_stated(second)}）没有一个值能同时满足，每件申报都会不符合；请核对这两条条件的比较和值。")


def _same_check(first: Condition, second: Condition) -> bool:
    """Two conditions on one column with one type, comparison and value (a row copied and not
    changed, or one requirement listed twice): each applicant would be judged twice on it."""
    return (first.ctype, first.op, first.low, first.high, first.words) == (
        second.ctype, second.op, second.low, second.high, second.words)


def _same_column(first: Condition, second: Condition) -> bool:
    """Whether two conditions read one column: a header in common, its unit aside (项目总投资（万元） and
    项目总投资 are one column; money is compared in 万元 below)."""
    return bool({_base_key(h) for h in first.headers} & {_base_key(h) for h in second.headers})


def _base_key(header: str) -> str:
    return _UNIT_AFTER.sub("", header_key(header)) or header_key(header)


_UNIT_AFTER = re.compile(r"\((?:单位:)?(?:万元|元|亿元|%|万|人|个|项|年)\)$")


def _stated(condition: Condition) -> str:
    if condition.ctype in ("percent", "share") and condition.op != "between":
        # a cell of a % format holds 0.05 for 5%: its text is no percentage (≥ 0.05% was said of 5%)
        return f"{OP_SYMBOL[condition.op]} {format_decimal(condition.low)}%"
    unit = condition.type.unit if condition.value_text[-1:].isdigit() else ""
    return f"{OP_SYMBOL[condition.op]} {condition.value_text}{' ' + unit if unit and unit != '%' else unit}"


def _disjoint(first: Condition, second: Condition) -> bool:
    if first.ctype == "yesno" and second.ctype == "yesno":
        return _yes_no_meets(first) != _yes_no_meets(second)
    if first.ctype == "text" and second.ctype == "text":
        return _texts_disjoint(first, second)
    if first.ctype not in _ORDERED or second.ctype not in _ORDERED or first.op == "ne" and second.op == "ne":
        return False
    amounts, percentages = {"amount_wan", "amount_yuan"}, {"percent", "share"}  # each compared in one unit: 万元, points
    if first.ctype != second.ctype and not ({first.ctype, second.ctype} <= amounts or {first.ctype, second.ctype} <= percentages):
        return False
    if "ne" in (first.op, second.op):
        # only ≠ a beside = a (non-年限: the one value; 年限: the same whole years) meets nothing
        equal, other = (first, second) if second.op == "ne" else (second, first)
        return equal.op == "eq" and _interval(equal) == _interval(other, as_equal=True)
    low, low_closed, high, high_closed = _meet(_interval(first), _interval(second))
    if low is None or high is None:
        return False
    return low > high or (low == high and not (low_closed and high_closed))


def _texts_disjoint(first: Condition, second: Condition) -> bool:
    """Two 文本 conditions no cell meets together: = 环翠区 beside = 文登区, 属于 制造业 beside 不属于
    制造业, = a beside ≠ a, 属于 lists with no word in common. Decided only where the reading of a cell
    leaves no doubt: districts (every word one of Weihai's) by the district named; other words when
    none has a count or a bracketed note after it (制造业（通用设备制造业） is 制造业) and an = word holds
    no list mark."""
    from checker.check.conditions.facts import district_units, uncounted  # the evaluators' own reading (a heavier module)

    first_units, second_units = district_units(first.words), district_units(second.words)
    one, other = first_units is not None, second_units is not None
    if one != other:
        return False
    if one:  # a cell names one district or none: = and 属于 ask it to be listed, ≠ and 不属于 not
        first_in, second_in = first.op in ("eq", "in"), second.op in ("eq", "in")
        if first_in and second_in:
            return not first_units & second_units
        if first_in != second_in:
            listed, unlisted = (first_units, second_units) if first_in else (second_units, first_units)
            return listed <= unlisted
        return False
    if any(uncounted(word) != word for word in (*first.words, *second.words)):
        return False
    pair = {first.op: first, second.op: second} if first.op != second.op else None
    if first.op == second.op == "eq":
        return first.words[0] != second.words[0]
    if first.op == second.op == "in":
        return not set(first.words) & set(second.words)
    if pair is None:
        return False
    if pair.keys() == {"eq", "ne"}:
        return pair["eq"].words[0] == pair["ne"].words[0]
    if pair.keys() == {"in", "not_in"}:  # every listed word excluded, in the order listed (a name holding 、)
        listed, excluded = pair["in"].words, pair["not_in"].words
        return any(excluded[at:at + len(listed)] == listed for at in range(len(excluded) - len(listed) + 1))
    plain = "eq" in pair and not re.search(r"[、;,]", pair["eq"].words[0])
    if pair.keys() == {"eq", "in"}:
        return plain and pair["eq"].words[0] not in pair["in"].words
    if pair.keys() == {"eq", "not_in"}:
        return plain and pair["eq"].words[0] in pair["not_in"].words
    return False


def _yes_no_meets(condition: Condition) -> bool:
    """The answer a 是否 condition asks for: = 是 and ≠ 否 both ask 是."""
    return bool(condition.low) == (condition.op == "eq")


def _interval(condition: Condition, *, as_equal: bool = False) -> tuple:
    """(low, low included, high, high included) of the values the condition lets through; None: no
    end. Money in 万元. A 年限 is the time since the date, to the day: = 3 is 满 3 年、不满 4 年."""
    low, high = _in_wan(condition, condition.low), _in_wan(condition, condition.high)
    op = "eq" if as_equal else condition.op
    if op == "eq":
        if condition.ctype == "years":
            return low, True, low + 1, False
        return low, True, low, True
    return {
        "ge": (low, True, None, False), "gt": (low, False, None, False),
        "le": (None, False, low, True), "lt": (None, False, low, False),
        "between": (low, True, high, True),
    }[op]


def _in_wan(condition: Condition, value):
    if value is not None and condition.ctype == "amount_yuan":
        return value / Decimal(10000)
    return value


def _meet(first: tuple, second: tuple) -> tuple:
    low, low_closed = _tighter(first[0], first[1], second[0], second[1], max)
    high, high_closed = _tighter(first[2], first[3], second[2], second[3], min)
    return low, low_closed, high, high_closed


def _tighter(one, one_closed: bool, other, other_closed: bool, pick) -> tuple:
    if one is None:
        return other, other_closed
    if other is None:
        return one, one_closed
    if one == other:
        return one, one_closed and other_closed
    return (one, one_closed) if pick(one, other) == one else (other, other_closed)


# --- the two sources ---------------------------------------------------------------------------


class _ConditionsLoader(yaml.SafeLoader):
    """YAML 1.1 reads a bare ``=`` as a special "value" tag; in a conditions file it is the
    comparison 等于 (比较: =), so it stays a string."""

    def construct_mapping(self, node, deep=False):
        """A key written twice in one mapping is refused (YAML would keep the last one unseen: 值: 100
        then 值: 1000 read 1000); the mapping remembers its line for the messages."""
        seen: dict = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # <<: *默认, expanded by the base class
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                continue
            if key in seen:
                raise _DuplicateKey(key, seen[key], key_node.start_mark.line + 1)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_lined_map(self, node):
        data = _Mapping()
        data.line = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))
        # 条件编号 and 值 as written: YAML 1.1 reads 01 as 1, 010 as 8 (octal), 0x10 as 16 and 1:30 as 90
        # (base 60). The last pair of a key is the one kept (a <<: merge puts the merged pairs first)
        written = {key_node.value: value_node for key_node, value_node in node.value if isinstance(key_node.value, str)}
        for key, value_node in written.items():
            if (isinstance(value_node, yaml.ScalarNode) and header_key(key) in _NUMBER_KEYS
                    and isinstance(data.get(key), (int, float)) and not isinstance(data.get(key), bool)):
                data[key] = value_node.value
            elif (isinstance(value_node, yaml.ScalarNode) and header_key(key) in _OP_KEYS
                  and value_node.style == ">" and not value_node.value.strip()):
                # 比较: > is YAML's folded-text mark, read as an empty text: the condition was refused
                # as "比较 未填写" though the reviewer wrote the comparison 大于
                data[key] = ">"


_NUMBER_KEYS = ("条件编号", "编号", "值", "标准值")
_OP_KEYS = ("比较", "比较方式")


class _Mapping(dict):
    line = 0


class _DuplicateKey(Exception):
    def __init__(self, key: str, first: int, second: int):
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


_ConditionsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:value"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ConditionsLoader.add_constructor("tag:yaml.org,2002:map", _ConditionsLoader.construct_lined_map)


def _construct_timestamp(loader: _ConditionsLoader, node):
    """A date YAML cannot build (值: 2024-02-30, 生效日期: 2024-13-01) stays the text written, which the
    row's reader then refuses naming the row; YAML's own constructor raised ValueError, an internal error."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_ConditionsLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# a value YAML reads as its own mark when it starts one: 比较: >= (a folded text), 比较: != (a tag)
_MARK_VALUE = re.compile(r"^\s*(?:-\s+)?[^:#]+:\s+(?P<value>[>|!&*%@`][^\s#]*)\s*(?:#.*)?$")


def _sign_hint(text: str, mark) -> str:
    """What to write when the faulty line's value is a comparison sign YAML reads as its own mark."""
    lines = text.splitlines()
    for number in ((mark.line, mark.line - 1) if mark else ()):
        match = _MARK_VALUE.match(lines[number]) if 0 <= number < len(lines) else None
        if match:
            sign = match["value"]
            return f"；第 {number + 1} 行的“{sign}”须加引号（写作 \"{sign}\"），或改用 ≥ ≤ ≠ 等符号"
    return ""


def _structured(path: Path) -> tuple[dict, list[tuple[str, dict]]]:
    if path.suffix.lower() == ".json":
        data = load_structured(path, what=WHAT, exact=True)  # a threshold of 999.9999999999999 is not 1000
    else:
        # a 0-byte file is said here, naming the file and the template to start from, before decode_text (which now
        # says 0 字节 with the whole path and no template): tests/test_conditions.py's empty-file message
        text = "" if path.is_file() and path.stat().st_size == 0 else decode_text(path, WHAT)
        try:
            data = yaml.load(text, Loader=_ConditionsLoader)
        except yaml.YAMLError as error:  # the parser's own words are English: say where, in Chinese
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            at = f"第 {mark.line + 1} 行第 {mark.column + 1} 列附近" if mark else ""
            raise InputError(f"无法读取{WHAT}「{path.name}」：{at}不是有效的 YAML；请检查该处的缩进、冒号后的空格和引号是否成对"
                             f"{_sign_hint(text, mark)}。") from error
        except _DuplicateKey as error:
            raise InputError(f"{path.name} 第 {error.second} 行：“{error.key}”在第 {error.first} 行已写过一次；"
                             "同一项只能写一次（否则只读最后一个），请删去多余的一个。") from error
    if data is None:  # 0 bytes, or only blank lines and comments
        raise InputError(f"{path.name}：文件是空的，没有“通知”和“条件”；请重新保存，或用 fundcheck template conditions 生成空表填写。")
    if not isinstance(data, dict) or "条件" not in data:
        raise InputError(f"{path.name}：应为含“通知”和“条件”两项的对象（见 README 第 1 节）。")
    for key in data:  # 通告 for 通知 read as a notice without a 文号
        if header_key(key) not in ("通知", "条件", *(header_key(n) for n in NOTE_COLUMNS)):
            raise InputError(f"{path.name}：“{key}”无法识别（可写 通知、条件，或 {'、'.join(NOTE_COLUMNS)}）；请核对拼写。")
    notice = data.get("通知") or {}
    items = data.get("条件") or []
    if not isinstance(notice, dict) or not isinstance(items, list):
        raise InputError(f"{path.name}：“通知”应为对象，“条件”应为列表。")
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{path.name} 条件第 {number} 项：应为以列名为键的对象。")
        where = f"第 {item.line} 行的条件第 {number} 项" if getattr(item, "line", 0) else f"条件第 {number} 项"
        rows.append((where, _keyed(item, CONDITION_SPEC, f"{path.name} {where}")))
    return _keyed(notice, NOTICE_SPEC, f"{path.name} “通知”"), rows


def _keyed(item: dict, spec: dict, where: str) -> dict:
    known = aliases(spec)
    _refuse_unknown(item.keys(), spec, where, "项")
    named: dict[str, str] = {}
    for key in item:  # 值 and 标准值 in one item: the last would be read, unseen
        field = known[header_key(key)][0] if header_key(key) in known else None
        if field in named:
            raise InputError(f"{where}：“{named[field]}”和“{key}”是同一项，只能写其一。")
        if field:
            named[field] = key
    return {known[header_key(k)][0]: _scalar(k, v, where) for k, v in item.items() if header_key(k) in known}


def _scalar(key: str, value: object, where: str) -> object:
    """A YAML list of plain values is the list a cell writes with 、 ([制造业, 软件业] is 制造业、软件业);
    it was read as the text "['制造业', '软件业']", which no cell ever equals."""
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (list, tuple, dict)) for v in value):
        return "、".join(_text(v) for v in value)
    if isinstance(value, (list, tuple, dict)):
        raise InputError(f"{where}：“{key}”应为一个值或一列值（以、分隔），而不是嵌套的列表或对象。")
    return value


def _refuse_unknown(headers, spec: dict, where: str, what: str) -> None:
    """A key or column that is neither known nor a note is refused: a misspelt 严重程度 or 生效日期
    would otherwise be dropped and the condition read as 否决, in force on any date."""
    known = aliases(spec)
    notes = {header_key(n) for n in NOTE_COLUMNS}
    for header in headers:
        key = header_key(header)
        if key and key not in known and key not in notes:
            expected = "、".join(names[0] for names in spec.values())
            raise InputError(f"{where}：{what}“{header}”无法识别（可写 {expected}，或 {'、'.join(NOTE_COLUMNS)}）；请核对拼写。")


def _refuse_twice(headers: list[str], where: str) -> None:
    """Two columns for one item (a 值 column inserted beside the old one): only the first was read."""
    seen: dict[str, str] = {}
    for header in headers:
        match = CONDITION_COLUMNS.get(header_key(header))
        if match is None:
            continue
        if match[0] in seen:
            raise InputError(f"{where}：列“{seen[match[0]]}”和“{header}”是同一项，只会读取前一列；请删去或合并其中一列。")
        seen[match[0]] = header


def _workbook(path: Path) -> tuple[dict, list[tuple[str, dict]]]:
    # a title line (merged across the columns) above the header is passed over, as in the 申报汇总表
    tables, _sha = open_sheets(path, {NOTICE_SHEET: NOTICE_COLUMNS, CONDITION_SHEET: CONDITION_COLUMNS}, what=WHAT,
                               header_rows=HEADER_ROWS)
    if CONDITION_SHEET not in tables:
        raise InputError(f"{path.name}：缺少工作表“{CONDITION_SHEET}”（每行一条条件）。")
    if NOTICE_SHEET not in tables:  # was: 通知的“文号”未填写, as if the sheet were there and blank
        raise InputError(f"{path.name}：缺少工作表“{NOTICE_SHEET}”（文号、标题、发布日期、失信企业不得申报，一行）；"
                         "每份报告都注明条件所依据的通知文号。")
    table = tables[CONDITION_SHEET]
    missing = [label for name, label in REQUIRED.items() if name not in table.fields_found]
    if missing:
        raise InputError(f"{path.name} 工作表“{CONDITION_SHEET}”缺少列：{'、'.join(missing)}；找到的列：{'、'.join(table.headers_found) or '（无）'}。")
    _refuse_unknown(table.headers_found, CONDITION_SPEC, f"{path.name} 工作表“{CONDITION_SHEET}”第 {table.header_row} 行", "列名")
    _refuse_twice(table.headers_found, f"{path.name} 工作表“{CONDITION_SHEET}”第 {table.header_row} 行")
    if NOTICE_SHEET in tables:
        notice = tables[NOTICE_SHEET]
        _refuse_unknown(notice.headers_found, NOTICE_SPEC, f"{path.name} 工作表“{NOTICE_SHEET}”第 {notice.header_row} 行", "列名")
    formulas = xlsx.formula_problems(path, CONDITION_SHEET) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    percents = xlsx.percent_cells(path, CONDITION_SHEET) if path.suffix.lower() in (".xlsx", ".xlsm") else set()
    rows = []
    for row in table.rows():
        _refuse_formulas(row, formulas)
        raw = {name: cell.value for name, cell in row.cells.items()}
        value_cell = row.cells.get("value")
        raw["value_percent_format"] = bool(value_cell and value_cell.ref.split("!")[-1] in percents)
        rows.append((f"工作表“{CONDITION_SHEET}”第 {row.number} 行", raw))
    notice: dict = {}
    if NOTICE_SHEET in tables:
        filled = [r for r in tables[NOTICE_SHEET].rows() if not r.is_blank()]
        if len(filled) > 1:  # a second notice (a supplementary one) would be passed over unseen
            raise InputError(f"{path.name} 工作表“{NOTICE_SHEET}”第 {filled[1].number} 行：该表只填一份通知（第 {filled[0].number} 行），"
                             f"此行又填了一份，不会被读取；请删去多余的一行（补充通知的条件并入“{CONDITION_SHEET}”）。")
        if filled:
            notice = {name: cell.value for name, cell in filled[0].cells.items()}
    return notice, rows


def _refuse_formulas(row: Row, formulas: dict[str, str]) -> None:
    for cell in row.cells.values():
        coordinate = cell.ref.split("!")[-1]
        if coordinate in formulas:
            raise InputError(f"{cell.ref}（{cell.header}）：{formulas[coordinate]}；请在 Excel 中重新计算并保存，或直接填写值。")


def _blank(raw: dict) -> bool:
    """Nothing but (perhaps) a 编号: a blank line or an unfilled, pre-numbered template line."""
    return all(is_blank(v) for k, v in raw.items() if k not in ("number", "value_percent_format"))


# --- the notice ------------------------------------------------------------------------------


def _notice(raw: dict, file: str) -> RoundNotice:
    number = _plain(_text(raw.get("number")))
    if not number:
        raise InputError(f"{file}：通知的“文号”未填写；每份报告都注明条件所依据的通知文号。")
    issued = None
    if not is_blank(raw.get("issued")):
        try:
            issued = parse_date(raw.get("issued"))
        except Unreadable as error:
            raise InputError(f"{file}：通知的“发布日期”“{_text(raw.get('issued'))}”无法识别（{error.expected}）。") from error
    bars = None
    if not is_blank(raw.get("bars_dishonest")):
        try:
            bars = parse_yes_no(raw.get("bars_dishonest"))
        except Unreadable as error:
            raise InputError(f"{file}：通知的“失信企业不得申报”应为 是 或 否，而不是“{_text(raw.get('bars_dishonest'))}”。") from error
    return RoundNotice(number, _plain(_text(raw.get("title"))), issued, bars)


# --- one condition ---------------------------------------------------------------------------


def _condition(raw: dict, file: str, row: str) -> Condition:
    number = _number(raw.get("number"), f"{file} {row}")
    where = f"{file} {row}（条件编号 {number}）"
    for name, label in REQUIRED.items():
        if name != "number" and is_blank(raw.get(name)):
            raise InputError(f"{where}：“{label}”未填写。")
    ctype = type_code(_text(raw.get("type")))
    if ctype is None:
        raise InputError(f"{where}：类型“{_text(raw.get('type'))}”不是 {'、'.join(t.label for t in TYPES.values())} 之一。")
    op = op_code(_text(raw.get("op")))
    kind = TYPES[ctype]
    if op is None and bare_bound_word(_text(raw.get("op"))) in ("以前", "之前", "以后", "之后", "前", "后"):
        word = bare_bound_word(_text(raw.get("op")))
        said = {"前": "以前", "后": "以后"}.get(word, word)
        inclusive, exclusive = ("≤", "<") if "前" in word else ("≥", ">")
        raise InputError(f"{where}：比较“{word}”未写明是否包括当日；请按申报通知原文写“（含）{said}”或“{inclusive}”（包括当日），"
                         f"或“{said}（不含）”或“{exclusive}”（不包括当日）。")
    if op is None and bare_bound_word(_text(raw.get("op"))):
        word = bare_bound_word(_text(raw.get("op")))
        inclusive, exclusive = ("≥", ">") if word == "以上" else ("≤", "<")
        raise InputError(f"{where}：比较“{word}”未写明是否包括本数：民法典第一千二百五十九条所称“{word}”包括本数，"
                         "而履职清单逐处写明（“100（含）万元以上”，“1万元(含)以上5万元以下”中的“以下”不含5万元）；"
                         f"请按申报通知原文写“（含）{word}”或“{inclusive}”（包括本数），或“{word}（不含）”或“{exclusive}”（不包括本数）。")
    if op is None:
        raise InputError(f"{where}：比较“{_text(raw.get('op'))}”不是 ≥ > ≤ < = ≠ 属于 不属于 介于 之一。")
    if ctype != "date" and is_date_word(_text(raw.get("op"))):
        raise InputError(f"{where}：比较“{_text(raw.get('op')).strip()}”是日期的说法，而类型是“{kind.label}”；"
                         f"请改用 {' '.join(OP_SYMBOL[o] for o in kind.ops)}，或把类型改为“日期”。")
    if op not in kind.ops:
        allowed = " ".join(OP_SYMBOL[o] for o in kind.ops)
        raise InputError(f"{where}：类型“{kind.label}”不能用“{OP_SYMBOL[op]}”比较；{kind.label}只能用 {allowed}。")
    _check_op_fits_wording(str(raw.get("wording")), ctype, op, _text(raw.get("op")), where, _own_value(raw, ctype, op, where))
    # headers as written (full-width brackets kept for reports); matched through header_key
    headers = tuple(dict.fromkeys(h for h in (p.strip() for p in re.split(r"[、]", _text(raw.get("headers")))) if h))
    _check_header_fits(headers, ctype, where)
    low, high, words = _value(raw, ctype, op, where)
    _check_value_fits_wording(str(raw.get("wording")), ctype, op, low, _text(raw.get("value")), where, high, headers)
    _check_no_count(str(raw.get("wording")), ctype, op, where)
    _check_membership_fits_wording(str(raw.get("wording")), ctype, op, words, _text(raw.get("op")), where)
    _check_districts_named(str(raw.get("wording")), ctype, op, words, _text(raw.get("value")), where)
    _check_industry_words(ctype, op, words, where)
    severity = SEVERITY_WORDS.get(nfkc(_text(raw.get("severity"))).lower() or "blocking")
    if severity is None:
        raise InputError(f"{where}：严重程度“{_text(raw.get('severity'))}”不是 否决/复核/提示（blocking/review/advisory）之一。")
    alternative = _ALTERNATIVE.search(_NOT_ALTERNATIVE.sub("", re.sub(r"\s", "", nfkc(str(raw.get("wording"))))))
    if severity == "blocking" and ctype not in ("text", "text_list", "yesno") and alternative:
        raise InputError(f"{where}：条件原文“{str(raw.get('wording')).strip()}”以“{alternative['word']}”列出两种情形，"
                         "而一条条件只核对一列，满足另一种情形的申请人也会被判为不符合条件；"
                         "请把严重程度写为“复核”（不符合本列的，由人工核对是否满足另一种情形）。")
    effective = None
    if not is_blank(raw.get("effective")):
        try:
            effective = parse_date(raw.get("effective"))
        except Unreadable as error:
            raise InputError(f"{where}：生效日期“{_text(raw.get('effective'))}”无法识别（{error.expected}）。") from error
    return Condition(
        number=number, rule_id=f"COND-{number.upper()}", wording=str(raw.get("wording")).strip(),
        clause=_plain(_text(raw.get("clause"))), headers=headers, ctype=ctype, op=op, low=low, high=high,
        words=words, value_text=nfkc_collapse(_text(raw.get("value"))), severity=severity, effective=effective,
        where=row,
    )


def _number(raw: object, where: str) -> str:
    if isinstance(raw, (dt.date, dt.datetime)):
        # 2-1 typed into a General cell is 2月1日 to Excel: the id became 2026-02-01, never written
        raise InputError(f"{where}：条件编号是日期（{raw.month}月{raw.day}日），Excel 把 {raw.month}-{raw.day} 这样的编号自动转成了日期；"
                         "请把“条件编号”列设为文本后重新输入，或改写为 2a、JS-3 等。")
    text = nfkc(_text(raw)).replace(" ", "")
    if not text:
        raise InputError(f"{where}：“条件编号”未填写。")
    if _CHINESE_NUMERALS.search(text):
        raise InputError(f"{where}：条件编号“{text}”含中文数字；请用阿拉伯数字和字母，如 1、2a、JS-3。")
    if len(text) > MAX_NUMBER_LENGTH or not NUMBER_PATTERN.match(text):
        raise InputError(f"{where}：条件编号“{text}”应为 1-{MAX_NUMBER_LENGTH} 位数字、字母或连字符（连字符不在首尾、不连用），如 1、2a、JS-3。")
    return text


def _own_value(raw: dict, ctype: str, op: str, where: str):
    """The condition's 值 as a figure of its type, or None (介于, or a 值 that does not read: said later)."""
    if op == "between":
        return None
    try:
        low = _value(raw, ctype, op, where)[0]
    except InputError:
        return None
    if ctype == "date":
        return low
    return Decimal(low).normalize() if isinstance(low, (int, Decimal)) and not isinstance(low, bool) else None  # a figure, not a 是/否 or words


# a note taking the figure in after a bound that leaves it out: （含）, （含本数）, （含3年）; not （不含）
_INCLUSIVE_NOTE = re.compile(r"(?<!不)\(含(?:本数|\d+(?:\.\d+)?[^()\d]{0,4})?\)")


# a bound taking its figure in (不低于, 不超过, 达到, 不晚于…) followed by its figure and a note leaving it out: （不含）,
# （不含本数）, （不含5000万元）; not a note on what is counted (（不含土地费用）)
_INCLUSIVE_WORDS = (r"不低于|不少于|不小于|不超过|不高于|不大于|不多于|大于或?者?等于|小于或?者?等于|高于或?者?等于|低于或?者?等于|"
                    r"(?<![未不没])达到|至少|最低|最少|至多|最多|最高|不晚于|不迟于|不早于|不先于|(?<![不未])满")
_EXCLUDING_NOTE = re.compile(rf"(?P<word>{_INCLUSIVE_WORDS})(?P<figure>[^()，,；;。]{{1,20}}?)"
                             r"\((?P<note>不含(?:本数|数|当日|当天|\d[^()]{0,10})?)\)")
_LOWER_WORDS = re.compile(r"不低于|不少于|不小于|大于|高于|达到|至少|最低|最少|不早于|不先于|满")  # 不早于 a date: ≥
# the same with the bound after its figure: 5000万元及以上（不含）, 300人（含）以下（不含）, 2023年12月31日及以前（不含）
_EXCLUDING_NOTE_AFTER = re.compile(
    r"(?P<figure>(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?:\d[\d.,]*|[零〇一二两三四五六七八九十百千万亿]+)[^\d()，,；;。及以之]{0,4}?))"
    r"(?P<word>及以[上下前后]|及之[前后]|\(含(?:本数)?\)[以之]?[上下前后]|[以之][上下前后]\(含(?:本数)?\))"
    r"\((?P<note>不含(?:本数|数|当日|当天|\d[^()]{0,10})?)\)")


def _refuse_contradicted_inclusion(wording: str, own: str, ctype: str, where: str) -> None:
    """项目总投资不低于5000万元（不含） loaded silently as ≥ 5000 (h141): 不低于 takes 5000万元 in and （不含） leaves it out.
    Unlike 不足300人（含300人）, where the note widens a bound that leaves the figure out (read as ≤, as 以下（含） is),
    here the two say opposite things of the one applicant the reading decides, the one at exactly the figure, and
    neither reading is the notice's more than the other: refused whatever 比较 says, asking the issuer's reading."""
    plain, first = _normalised(own or "")
    text, at = plain_negation(plain)
    found = _EXCLUDING_NOTE.search(text)
    after = found is None
    found = found or _EXCLUDING_NOTE_AFTER.search(text)
    if found is None:
        return

    def quoted(group: str) -> str:  # the wording's own characters (full-width brackets kept)
        return (own or "")[first[at[found.start(group)]]:first[at[found.end(group) - 1]] + 1]

    word, figure, note = quoted("word"), quoted("figure"), quoted("note")
    if after:  # 5000万元及以上（不含）: the side is the word's last character
        lower, said = found["word"].rstrip(")含本数(")[-1] in "上后", f"{figure}{word}"
        dated = found["word"].rstrip(")含本数(")[-1] in "前后" or ctype == "date"
    else:
        lower, said = bool(_LOWER_WORDS.fullmatch(found["word"]) or found["word"].startswith(("大于", "高于"))), f"{word}{figure}"
        dated = found["word"] in ("不晚于", "不迟于", "不早于", "不先于") or ctype == "date"
    inclusive, strict = ("≥", ">") if lower else ("≤", "<")
    if dated:
        strict_word = "晚于" if lower else "早于"
    else:
        strict_word = "超过" if lower else "低于"
    raise InputError(
        f"{where}：条件原文“{wording.strip()}”写的是“{said}”（{inclusive}，恰为 {figure} 的符合），其后又注明“（{note}）”"
        f"（恰为 {figure} 的不符合），两种说法相互矛盾，无法判断恰为 {figure} 的申请人；请向发文单位核实通知原意，"
        f"把核实后的说法写入条件原文（含 {figure}：“{said}”，比较 {inclusive}；不含 {figure}：“{strict_word}{figure}”，"
        f"比较 {strict}），通知原文可写在“备注”列。")


def _check_op_fits_wording(wording: str, ctype: str, op: str, written: str, where: str, value=None) -> None:
    """The notice's wording states its bound outright (100（含）万元以上, 不足300人) and 比较 says
    another: the reviewer mistyped one of them, and every applicant at the bound would be judged
    by the wrong one. Of a wording stating several requirements, the part holding the condition's
    own figure is read (wording_clause)."""
    own = wording_clause(wording, ctype, value)
    _refuse_contradicted_inclusion(wording, own, ctype, where)
    if ctype == "date":
        # a length of time beside the date (成立满1年（2023年6月30日前注册）): its 满 or 以上 bounds the years, and a
        # date's side is the other way round (满1年 is a date on or before); the date's own words (前, 不晚于) decide
        own = _DURATION.sub("", own)
    if op == "between":
        excluded = {k: v for k, v in wording_bounds(own).items() if k in ("gt", "lt")}
        if excluded:
            said = next(iter(excluded.values()))
            raise InputError(f"{where}：条件原文“{wording.strip()}”写的是“{said}”（不含本数），而“介于”包括上下限两端；"
                             "请分成两条条件（如 ≥ 下限、< 上限）。")
        return
    stated = wording_bound(own)
    if stated is None:
        _check_op_fits_side(wording, own, ctype, op, written, where)
        return
    note = _INCLUSIVE_NOTE.search(nfkc(own)) if stated[0] in ("lt", "gt") else None
    if note is not None:
        # 成立不满3年（含3年）, 不足300人（含300人）: the note takes the figure in, as 以下（含） does: ≤ is what it says
        stated = ({"lt": "le", "gt": "ge"}[stated[0]], f"{stated[1]}…（{note.group(0)[1:-1]}）")
    if stated[0] == op or not _contradicts(stated[0], op, ctype):
        return
    shown = written.strip() if nfkc(written).strip() == OP_SYMBOL[op] else f"{written.strip()}”（{OP_SYMBOL[op]}）"
    shown = shown if shown.endswith("）") else f"{shown}”"
    sign = "" if stated[1] in (OP_SYMBOL[stated[0]], ">=", "<=", "!=", "<>", "≧", "≦") else f"（{OP_SYMBOL[stated[0]]}）"
    raise InputError(f"{where}：条件原文“{wording.strip()}”写的是“{stated[1]}”{sign}，"
                     f"而比较写的是“{shown}；请按通知原文核对比较或条件原文。")


# a length of years or months (满1年, 不满两年, 3年以上, 成立12个月以内), not a year of the calendar (2023年6月30日, 2023年度)
_DURATION = re.compile(r"(?:[不未]?满|达到|超过|不足)?(?<![\d.])(?:\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个月|周?年)(?![\d一二三四五六七八九十]+月|度)"
                       r"(?:及?以上|及?以下|以内|(?:\(|（)?[含不]+含?(?:\)|）)?)?")


def _check_op_fits_side(wording: str, own: str, ctype: str, op: str, written: str, where: str) -> None:
    """A bare 以上 / 以下 / 以内 (or a date's bare 前 / 后) leaves the bound's inclusion to 比较, not its
    side: 营业收入1000万元以上 with < or ≤, 成立2年以内 with ≥, 2019年12月31日前成立 with > is a
    mistyped comparison, and every applicant would be judged the wrong way round. Only a comparison
    of the other side is refused: = and ≠ (上年度营业收入2000万元以上 with 等于) state no side of their own."""
    if ctype in ("yesno", "text", "text_list"):
        return
    side = bare_side(own, ctype)
    if side is None or not ((op in ("le", "lt") and side[0] == "lower") or (op in ("ge", "gt") and side[0] == "upper")):
        return
    meant = "≥ 或 >" if side[0] == "lower" else "≤ 或 <"
    shown = written.strip() if nfkc(written).strip() == OP_SYMBOL[op] else f"{written.strip()}”（{OP_SYMBOL[op]}）"
    shown = shown if shown.endswith("）") else f"{shown}”"
    raise InputError(f"{where}：条件原文“{wording.strip()}”写的是“{side[1]}”（{meant}），"
                     f"而比较写的是“{shown}；请按通知原文核对比较或条件原文。")


_ONE_SIDED = ("ge", "gt", "le", "lt")


def _contradicts(stated: str, op: str, ctype: str) -> bool:
    """Whether 比较 ``op`` says otherwise than the bound the wording states: a bound of another side or
    inclusion (达到 with <, 不到 with ≥), 超过 or 不等于 with = (the value alone), a bound with ≠. A 是否 or
    文本 condition compares no figure: its wording's bound words (近三年营业收入超过…, 是否) are the question's."""
    if op in _ONE_SIDED:
        return stated in (*_ONE_SIDED, "ne")
    if op in ("eq", "ne") and ctype not in ("yesno", "text", "text_list"):
        return stated in _ONE_SIDED or (op == "eq" and stated == "ne")
    return False


def _check_value_fits_wording(wording: str, ctype: str, op: str, low, written: str, where: str, high=None,
                              headers: tuple[str, ...] = ()) -> None:
    """The wording states one figure of the type's kind (100（含）万元, 3%) and 值 reads as another:
    a 值 typed in the wrong unit (100 under 金额（元） is 100 元) or mistyped (1000 for 100)."""
    sub = sub_group_bound(wording, ctype, headers)
    if sub is not None:  # 不低于3%（营业收入1亿元以下的不低于5%）: two bounds, each some applicants' (load_conditions pairs them)
        _check_sub_group_value(wording, sub, ctype, op, low, written, where)
        return
    other = _other_measure_bound(wording, ctype)
    names = [re.sub(r"\(.*?\)", "", header_key(header)) for header in headers]
    if other is not None and any(len(name) >= 2 and name in nfkc_collapse(other[4]) for name in names):
        other = None  # a condition on the bracket's own measure (研发人员占比 ≥ 10%) reads its figure rightly
    if other is not None and op != "between" and isinstance(low, (int, Decimal)) and Decimal(low).normalize() == other[2]:
        # 值 10% from …不低于3%（营业收入1亿元以下的企业，研发人员占比不低于10%）: another measure's bound, for some applicants,
        # checked on this column as everyone's (h151: loaded in silence)
        main, main_said, _, other_said, inner = other
        raise InputError(f"{where}：值“{written.strip()}”是条件原文“{wording.strip()}”括号中为部分申请人另设的界限（{inner}），"
                         f"所说的是另一项指标，不是主句的界限（{main_said}）；按主句核对请把值写为 {_as_value(ctype, main)}，"
                         "括号中的界限如需核对，请另写一条条件读取该指标的列，严重程度写“复核”。")
    _check_one_bound(wording, ctype, op, where)
    _check_kind_fits_wording(wording, ctype, where)
    if op == "between":
        _check_range_fits_wording(wording, ctype, low, high, written, where)
        return
    stated = wording_figure(wording, ctype) or _column_figure(wording, ctype, headers)
    if stated is None:
        return
    counted = counted_to(wording)
    if counted is not None and ctype in ("date", "years"):
        # 须于2022年6月30日前注册满1年: the date is the day the years count to, not a bound of the date column;
        # the registration date it implies is the one whose anniversary falls on it (2021-06-30)
        day, day_said, length_said, latest, day_in = counted
        column = headers[0] if headers else "该日期"
        if ctype == "years":
            # a 年限 counts to the reference date (--as-of, --window, 申报日期), which may not be the notice's date; it
            # loads (截至2020年底，成立满3年 with 年限 ≥ 3 is how clerks write it: tests/test_hostile_h127.py), and
            # `fundcheck conditions check` says which --as-of or 日期 condition counts to the notice's date (counted_to)
            return
        # ≤ the latest date, or < the day after it; < the latest date too where a bare 前 leaves the day itself unstated
        if (op == "le" and low == latest) or (op == "lt" and (low == latest + dt.timedelta(days=1) or (low == latest and not day_in))):
            return
        said = f"“{OP_SYMBOL[op]}”、值“{written.strip()}”（读作 {low.isoformat()}）" if op in ("le", "lt") else f"“{OP_SYMBOL[op]}”"
        raise InputError(f"{where}：条件原文“{wording.strip()}”写的是到 {day_said}{length_said}，即{column}不晚于 {latest.isoformat()}"
                         f"（{day.isoformat()} 是{length_said}计算到的日期），而比较写的是{said}；"
                         f"请把比较写为“≤”，值写 {latest.isoformat()}。")
    if ctype == "date":
        if stated[0] != low:
            raise InputError(f"{where}：条件原文“{wording.strip()}”写的是 {stated[1]}（{stated[0].isoformat()}），"
                             f"而值“{written.strip()}”读作 {low.isoformat()}；请核对值与条件原文一致。")
        return
    if stated[0] == Decimal(low).normalize():
        return
    if ctype == "years" and stated[0] != stated[0].to_integral_value():  # 满18个月: no whole number of years
        raise InputError(f"{where}：条件原文“{wording.strip()}”写的是 {stated[1]}，不是整年数，而“年限”按整年核对（值只能写整数年）；"
                         "请改用“日期”类型，值写参考日往前推该月数的日期（如 成立日期 ≤ 该日期），或按通知原文核对。")
    unit = TYPES[ctype].unit if TYPES[ctype].unit in ("%", "") else f" {TYPES[ctype].unit}"
    written_unit = re.sub(r"^[-−\d.,]+", "", stated[1])
    said = f"（即 {format_decimal(stated[0])}{unit}）" if ctype in ("amount_wan", "amount_yuan") and written_unit != unit.strip() else ""
    if ctype in ("percent", "share") and (stated[1].endswith("‰") or stated[1].startswith("千分之")):
        said = f"（即 {format_decimal(stated[0])}%）"
    raise InputError(f"{where}：条件原文“{wording.strip()}”写的是 {stated[1]}{said}，"
                     f"而值“{written.strip()}”按类型“{TYPES[ctype].label}”读作 {format_decimal(low)}{unit}；"
                     "请核对值及其单位与条件原文一致。")



# a length of time counted to a date the wording names: 须于2022年6月30日前注册满1年, 截至2022年6月30日，成立满3年,
# 到2022年6月30日止注册满12个月 (a date, then 满 and the length, with no other clause between them; not 2023年6月30日前
# 注册，成立满一年, two requirements, nor 成立满1年（2023年6月30日前注册）, the date a bound of its own)
_VERB = r"(?:企业|公司|单位|申报单位|申报企业)?(?:已|须|需|应)?(?:依法)?(?:在(?:我市|本市|威海市?|[\u4e00-\u9fff]{2,6}?[市区县]))?(?:依法)?(?:注册|成立|登记|设立|注册成立|注册登记|登记注册)(?:时间|年限)?(?:已|须|需|应)?"
_LENGTH = r"满(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?P<unit>周?年|个月)"
_COUNTED_BEFORE = re.compile(r"(?:\(含\))?(?:前|以前|之前)(?:\(含\))?" + _VERB + _LENGTH)
_COUNTED_UNTIL = re.compile(r"(?:\(含\))?(?:止|为止)?,?(?:" + _VERB + r")?(?:已|须|需|应)?" + _LENGTH)


def counted_to(wording: str) -> tuple[dt.date, str, str, dt.date, bool] | None:
    """(the date, as written, the length as written (满1年), the latest date whose length is complete on it, whether
    the day itself is in: 截至, 止 or （含）, not a bare 前) when the wording counts a length of time to a date it
    names; None otherwise."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    for day, said in wording_dates(text).items():
        at = text.find(said)
        if at < 0:
            continue
        after = text[at + len(said):]
        until = re.search(r"(?:截至|截止(?:到|至)?|到)$", text[:at])
        match = (_COUNTED_UNTIL if until else _COUNTED_BEFORE).match(after)
        if match is None:
            continue
        number = numeral_value(match["n"])
        if number is None or number <= 0:
            continue
        months = int(number) * (1 if match["unit"] == "个月" else 12)
        day_in = bool(until) or "含" in match.group(0)[:match.start("n") - match.start()].replace("不含", "")
        try:
            latest = _latest_start(day, months)
        except (ValueError, OverflowError):  # 截至9999年12月31日 or 0001年: past the calendar, no date to name (left as written)
            return None
        return day, said, match.group(0)[match.start("n") - match.start() - 1:], latest, day_in
    return None


def _latest_start(day: dt.date, months: int) -> dt.date:
    """The latest date on which a length of ``months`` begun is complete on ``day``: its anniversary (29 February + 1
    year is 28 February, as 年限 counts it; 31 August + 6 months is 28 or 29 February) on or before ``day``."""
    def plus(start: dt.date) -> dt.date:
        total = start.year * 12 + start.month - 1 + months
        year, month = divmod(total, 12)
        last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, month + 1, min(start.day, last))

    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    start = dt.date(year, month + 1, min(day.day, last))
    while plus(start + dt.timedelta(days=1)) <= day:  # 28 February 2021 is the anniversary of 29 February 2020 too
        start += dt.timedelta(days=1)
    return start


# a bracketed exception for a sub-group of applicants: 研发费用占营业收入比重不低于3%（营业收入1亿元以下的不低于5%）.
# Its figure is a second bound, conditional on what the bracket says (its 以下 is the revenue's, no upper bound of the
# share): it was refused as 写有下限和上限两个界限 and pointed to 介于 3~5, which fails a large company at 6%
# A bracket holding a note of its own (营业收入1亿元（含）以下的) is one bracket: the note's brackets were taken for the
# sub-group's end, its words quoted with a stray ）(h141)
_SUB_GROUP = re.compile(r"\((?P<inner>(?:[^()]|\([^()]*\))*?的(?:[^()]|\([^()]*\))*)\)")


def _normalised(wording: str) -> tuple[str, list[int]]:
    """The wording after NFKC without spaces, and for each of its characters the index of the wording's own, so that
    words quoted back are the notice's (其中，营业收入… was quoted 其中,营业收入…)."""
    text, where = [], []
    for index, char in enumerate(wording or ""):
        for part in nfkc(char):
            if not part.isspace():
                text.append(part)
                where.append(index)
    return "".join(text), where


def sub_group_bound(wording: str, ctype: str, headers: tuple[str, ...] = ()) -> tuple[Decimal, str, Decimal, str, str] | None:
    """(the main clause's figure, as written, the bracket's figure, as written, the bracket's words) when the wording
    states one figure of the type's kind outside a bracket and one inside a bracket saying whom it is for (…的…);
    None otherwise. ``headers``: the condition's 列名, a name the bracket may restate its measure by."""
    if ctype not in ("amount_wan", "amount_yuan", "percent", "share", "number", "years"):
        return None
    text, at = _normalised(wording)
    groups = list(_SUB_GROUP.finditer(text))
    if len(groups) == 1:
        said, rest = groups[0]["inner"], text[:groups[0].start()] + "," + text[groups[0].end():]
        start = groups[0].start("inner")
    else:  # the same after a comma: 不低于3%，营业收入1亿元以下的不低于5%, its figure after the 的 that names whom it is for
        parts = [part for part in _CLAUSE_SPLIT.split(text) if part]
        named = [part for part in parts if "的" in part
                 and _sub_group_figures(part, ctype, ",".join(p for p in parts if p is not part), headers)]
        if len(groups) > 1 or len(named) != 1 or len(parts) < 2:
            return None
        said, rest = named[0], ",".join(part for part in parts if part is not named[0])
        start = text.find(said)
    # the figure is the one after the 的 (营业收入5000万元以上的 names the group), and bounds the main clause's own
    # measure: 营业收入不低于2000万元（制造业企业的研发投入不低于100万元） bounds another column, and is left
    inner, outer = _sub_group_figures(said, ctype, rest, headers), wording_figures(rest, ctype)
    if len(inner) != 1 or len(outer) != 1:
        return None
    (main, main_said), (other, other_said) = next(iter(outer.items())), next(iter(inner.items()))
    if main == other:
        return None
    return main, main_said, other, other_said, wording[at[start]:at[start + len(said) - 1] + 1]


def _other_measure_bound(wording: str, ctype: str) -> tuple[Decimal, str, Decimal, str, str] | None:
    """(the main clause's figure, as written, the bracket's figure, as written, the bracket's words) when a bracket names a
    group of applicants and bounds another measure of the type's kind for it (…不低于3%（营业收入1亿元以下的企业，研发人员
    占比不低于10%）), which :func:`sub_group_bound` leaves (its measure is not the main clause's); None otherwise."""
    text, at = _normalised(wording)
    groups = list(_SUB_GROUP.finditer(text))
    if len(groups) != 1 or not _names_applicants(groups[0]["inner"]):
        return None
    said = groups[0]["inner"]
    inner = wording_figures(said.split("的", 1)[1], ctype)
    outer = wording_figures(text[:groups[0].start()] + "," + text[groups[0].end():], ctype)
    if len(inner) != 1 or len(outer) != 1:
        return None
    (main, main_said), (other, other_said) = next(iter(outer.items())), next(iter(inner.items()))
    if main == other:
        return None
    start = groups[0].start("inner")
    return main, main_said, other, other_said, wording[at[start]:at[start + len(said) - 1] + 1]


# words naming a group of applicants: a figure's threshold (营业收入1亿元以下), a kind of applicant, or places (荣成市、文登区)
_APPLICANTS = re.compile(r"\d[^的]*?(?:以上|以下|以内|不足|超过)|企业|单位|项目|[市区县]$|[市区县][、和及]")


def _names_applicants(said: str) -> bool:
    """Whether words before a 的 name a group of applicants (营业收入1亿元以下的企业…)."""
    return "的" in said and bool(_APPLICANTS.search(said.split("的", 1)[0]))


def _sub_group_figures(said: str, ctype: str, main: str = "", headers: tuple[str, ...] = ()) -> dict:
    """The figures of the type's kind a sub-group's words state after the 的 naming the group, when nothing but the
    group's own words (企业, 须, 应…), a bound word and the main clause's measure restated (``main``: the rest of the
    wording; ``headers``: the condition's 列名) stand before them; {} otherwise."""
    if "的" not in said:
        return {}
    group, after = said.split("的", 1)
    if not _APPLICANTS.search(group):  # 从业人员不少于10人（其中大专以上学历的不少于3人）: a part of the figure, not of the applicants
        return {}
    figures = wording_figures(after, ctype)
    if len(figures) != 1:
        return {}
    before = after[:after.find(next(iter(figures.values())))] if next(iter(figures.values())) in after else after
    # a comma or colon after the group's words (营业收入1亿元以下的，不低于5%) is punctuation, no measure (h141: refused as
    # 下限和上限, and 其中，…的，不低于5% loaded its 5% as a bound of everyone)
    left = re.sub(r"企业|单位|项目|申报|须|需|应|要|可|为|均|也|达|到|[,:;]|" + _BOUND_WORDS.pattern, "", before)
    return figures if not left or _restated(left, ctype, main, headers) else {}


_SHARE_WORDS = re.compile(r"(?:占比|比重|比例)$")


def _restated(measure: str, ctype: str, main: str, headers: tuple[str, ...]) -> bool:
    """Whether a sub-group's bound names the main clause's own measure again (…（其中，营业收入在1亿元以下的企业，研发费用
    占比不低于5%）: h151, its 5% loaded as everyone's blocking bound and the 3% unpaired): the main clause's words
    (比重, 营业收入), a share named by them (研发费用占比 of 研发费用占营业收入比重), or the condition's column (研发投入占比).
    Another measure (研发人员占比, 研发投入 beside 营业收入) is another column's bound, and is left."""
    if measure in main or any(header_key(measure) == header_key(header) for header in headers):
        return True
    core = _SHARE_WORDS.sub("", measure)
    return ctype in ("percent", "share") and core != measure and len(core) > 1 and main.startswith(core)


def _as_value(ctype: str, figure: Decimal) -> str:
    """A figure as the 值 column takes it: 5% for a percentage (a bare 5 is read as 5% too, but says less)."""
    return f"{format_decimal(figure)}{'%' if ctype in ('percent', 'share') else ''}"


def _check_sub_group_value(wording: str, sub: tuple, ctype: str, op: str, low, written: str, where: str) -> None:
    """The 值 of a wording with a sub-group's bound is one of its two figures, and a one-sided or = comparison:
    介于 between them would take the sub-group's figure for an upper bound of everyone."""
    main, main_said, other, other_said, inner = sub
    head = (f"{where}：条件原文“{wording.strip()}”的主句写的是 {main_said}，另对部分申请人设了界限（{inner}）："
            "这是有前提的另一个界限，只适用于该部分申请人")
    if op == "between":
        raise InputError(f"{head}，不是所有申请人的上限或下限，而“介于”把两个数都当作每个申请人的界限；"
                         f"请写一条条件核对主句的界限（值 {_as_value(ctype, main)}），另写一条核对另设的界限"
                         f"（值 {_as_value(ctype, other)}），两条中要求较高的一条严重程度写“复核”。")
    if Decimal(low).normalize() in (main, other):
        return
    unit = TYPES[ctype].unit if TYPES[ctype].unit in ("%", "") else f" {TYPES[ctype].unit}"
    raise InputError(f"{head}；而值“{written.strip()}”按类型“{TYPES[ctype].label}”读作 {format_decimal(low)}{unit}，两者都不是；"
                     f"请把值写为 {_as_value(ctype, main)}（主句）或 {_as_value(ctype, other)}（另设的界限）。")


def _refuse_unpaired_sub_groups(conditions: list[Condition], file: str) -> None:
    """A condition on a wording with a sub-group's bound checks one of its two figures and cannot tell whom the other
    is for. The looser one (≥ 3% beside 5% for some) every applicant must meet, and loads alone (its failures are
    true; `fundcheck conditions check` says the other is not checked: sub_group_unchecked); the stricter one fails
    whoever the looser bound is for and meets it, so it may not be blocking, on this row or on a row of the other
    figure on the same column."""
    for condition in conditions:
        sub = sub_group_bound(condition.wording, condition.ctype, condition.headers)
        if sub is None or condition.op == "between":
            continue
        main, main_said, other, other_said, inner = sub
        own = _in_wan(condition, Decimal(condition.low)).normalize()
        wanted = other if own == _in_wan(condition, main).normalize() else main
        partners = [c for c in conditions if c is not condition and _same_column(c, condition) and c.op != "between"
                    and isinstance(c.low, (int, Decimal)) and not isinstance(c.low, bool)
                    and _in_wan(c, Decimal(c.low)).normalize() == _in_wan(condition, wanted).normalize()]
        unit = "%" if condition.ctype in ("percent", "share") else (f" {condition.type.unit}" if condition.type.unit else "")
        alone = dataclasses.replace(condition, low=wanted, value_text=format_decimal(wanted), severity="review")
        for partner in partners or [alone]:
            stricter = _stricter(condition, partner)
            if stricter is None or stricter.severity != "blocking":
                continue
            looser = partner if stricter is condition else condition
            named = f"{file} {stricter.where}（条件编号 {stricter.number}）"
            loose = f"{OP_SYMBOL[looser.op]} {format_decimal(wanted)}{unit}" if looser is alone else _stated(looser)
            raise InputError(
                f"{named}：条件原文“{condition.wording}”的 {main_said} 和 {other_said} 各适用于一部分申请人（另设的界限：{inner}），"
                f"而按要求较高的 {_stated(stricter)} 核对的这一条严重程度为“否决”，适用另一个界限、符合 {loose} 而不符合"
                f" {_stated(stricter)} 的申请人也会被判为不符合条件；请把这一条的严重程度写为“复核”（由人工核对申请人适用哪一个界限）"
                f"{'，或按所有申请人都须符合的 ' + loose + ' 核对' if looser is alone else ''}。")


def _stricter(first: Condition, second: Condition) -> Condition | None:
    """Of two one-sided conditions on one column, the one asking more (≥ 5% beside ≥ 3%); of = or ≠, which state no
    side, the blocking one (either fails some applicants the other bound is for)."""
    a, b = _in_wan(first, Decimal(first.low)), _in_wan(second, Decimal(second.low))
    if first.op in ("ge", "gt") and second.op in ("ge", "gt"):
        return first if a > b else second
    if first.op in ("le", "lt") and second.op in ("le", "lt"):
        return first if a < b else second
    return next((c for c in (first, second) if c.severity == "blocking"), None)


def sub_group_unchecked(condition: Condition, conditions) -> str | None:
    """What a condition on a wording with a sub-group's bound leaves unchecked when no condition on its column checks
    the other figure (said by `fundcheck conditions check`); None otherwise."""
    sub = sub_group_bound(condition.wording, condition.ctype, condition.headers)
    if sub is None or condition.op == "between":
        return None
    main, main_said, other, other_said, inner = sub
    own = _in_wan(condition, Decimal(condition.low)).normalize()
    wanted = other if own == _in_wan(condition, main).normalize() else main
    if any(c is not condition and _same_column(c, condition) and isinstance(c.low, (int, Decimal)) and not isinstance(c.low, bool)
           and _in_wan(c, Decimal(c.low)).normalize() == _in_wan(condition, wanted).normalize() for c in conditions):
        return None
    said = other_said if wanted == other else main_said
    return (f"{condition.rule_id} 只核对 {_stated(condition)}；条件原文“{condition.wording}”的 {main_said} 和 {other_said} 各适用于"
            f"一部分申请人（另设的界限：{inner}），{said} 本条不核对；如需核对，请另写一条条件读取同一列、值写 {_as_value(condition.ctype, wanted)}，"
            "两条中要求较高的一条严重程度写“复核”。")


def _column_figure(wording: str, ctype: str, headers: tuple[str, ...]):
    """The one figure of the type's kind in the one part of a wording naming the condition's column, when the
    wording states several (营业收入不低于500万元且利润不低于50万元: 营业收入 ≥ 50 took the profit's figure and
    failed every applicant between 50 and 500 万元 of revenue... or passed them); None when no one part names it."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if ctype == "date" or len(wording_figures(text, ctype)) < 2 or _ALTERNATIVE.search(text):
        return None  # two alternatives (…或…): each a 复核 condition of its own, left as written (tests/test_conditions.py)
    if re.search(r"分别|依次", text):
        return None  # 营业收入、利润总额分别不低于500万元、50万元: the figures go with the names in order, not by part
    names = {name for name in (re.sub(r"\(.*?\)", "", header_key(h)) for h in headers) if len(name) >= 2}
    parts = [part for part in re.split(r"(?<!\d),|,(?!\d)|[;。、]|并且|而且|且|同时", text) if part]
    named = [part for part in parts if any(name in part for name in names)]
    if len(named) != 1:
        return None
    figures = wording_figures(named[0], ctype)
    return next(iter(figures.items())) if len(figures) == 1 else None


def _check_range_fits_wording(wording: str, ctype: str, low, high, written: str, where: str) -> None:
    """介于 whose ends are not the range the wording states (营业收入100万元至500万元 with 介于 200~500): the
    applicants between the ends written and the notice's would be judged otherwise than the notice says.
    Read only when the wording states that range and no other figure of the type's kind."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if ctype == "date":
        stated = wording_date_range(text)
        if stated is None or len(wording_dates(text)) != 2:
            return
    else:
        stated = wording_range(text, ctype)
        if stated is None or len(wording_figures(text, ctype)) > 2:
            return
    (first, first_said), (second, second_said) = stated
    if (first, second) == (low, high) or (ctype != "date" and (first, second) == (Decimal(low).normalize(), Decimal(high).normalize())):
        return
    unit = TYPES[ctype].unit if TYPES[ctype].unit in ("%", "") else f" {TYPES[ctype].unit}"
    shown = (f"{low.isoformat()}～{high.isoformat()}" if ctype == "date"
             else f"{format_decimal(low)}{unit}～{format_decimal(high)}{unit}")
    raise InputError(f"{where}：条件原文“{wording.strip()}”写的区间是 {first_said}至{second_said}，"
                     f"而值“{written.strip()}”读作 {shown}；请核对值及其单位与条件原文一致。")


def _check_kind_fits_wording(wording: str, ctype: str, where: str) -> None:
    """The wording states a percentage and no figure of the type's kind (近2年主营业务收入平均增长率不低于5%
    with 金额（万元） ≥ 5 on the revenue column): the condition would compare the revenue with 5 万元. A
    condition reads one column and computes nothing, so a rate is a column of its own."""
    if ctype not in ("amount_wan", "amount_yuan", "number", "years") or wording_figures(wording, ctype):
        return
    rates = wording_figures(wording, "percent")
    if rates and not re.search(r"下降|降低|减少|负增长|亏损|下滑", nfkc(wording or "")):
        raise InputError(f"{where}：条件原文“{wording.strip()}”写的是百分数 {next(iter(rates.values()))}，"
                         f"而类型“{TYPES[ctype].label}”比较的不是百分数；增长率、占比等请用“百分比”或“占比（%）”类型，"
                         "读取填写该百分数的列（一条条件只读取一列，不由两年的金额计算增长率）。")

# the words of a bound, the longer first (不低于 before 低于, 未满 before 满), and which side each is
_BOUND_WORDS = re.compile(r"不少于|不低于|不小于|不超过|不多于|不高于|不大于|未满|以上|以下|以内|超过|大于|高于|达到|低于|少于|小于|不足|满")
_UPPER = frozenset({"不超过", "不多于", "不高于", "不大于", "未满", "以下", "以内", "低于", "少于", "小于", "不足"})


# a wording's clauses: split at its commas and semicolons, a clause opening with 且, a bound word or a figure
# (…不少于10人，且不超过1000人; 10人以上，1000人以下) going on the one before it; two requirements of two things (项目总投资不低于1000万元，单个项目
# 补助资金不超过200万元) are two clauses, each with its own figure
_CLAUSE_SPLIT = re.compile(r"[,;。]")
_CONTINUES = re.compile(r"(?:且|并且|而且|但|同时)|[\d〇零一二三四五六七八九十百千万亿]|" + _BOUND_WORDS.pattern)  # …10人以上，1000人以下


def _bound_clauses(text: str) -> list[str]:
    clauses: list[str] = []
    for part in _CLAUSE_SPLIT.split(text):
        if clauses and _CONTINUES.match(part):
            clauses[-1] += "且" + part  # (a comma would read as the thousands of the next figure)
        elif part:
            clauses.append(part)
    return clauses


def _check_one_bound(wording: str, ctype: str, op: str, where: str) -> None:
    """A wording stating a lower and an upper bound of the same kind (从业人员不少于10人且不超过1000人)
    with one comparison that is not 介于: one of its bounds would never be checked."""
    if op == "between" or ctype not in ("amount_wan", "amount_yuan", "percent", "share", "number", "years", "date"):
        return
    text = plain_negation(re.sub(r"\s", "", nfkc(wording or "")))[0]  # 不得少于 is 不少于
    if _ALTERNATIVE.search(text) and not _NOT_ALTERNATIVE.search(text):
        return  # two alternatives (…或…) are refused or kept by their own check
    if not _EXCLUSION_WORDS.search(text):  # 营业收入100万元至500万元, 2020年1月1日至2021年6月30日注册: both ends are the condition's
        stated = wording_date_range(text) if ctype == "date" else wording_range(text, ctype)
        # the range is the wording's only figures of the kind: beside a third (项目于2023年1月1日至2023年12月31日
        # 期间完工，注册时间在2020年1月1日前; 设备投入100万元以上，项目总投资500万元至5000万元) it may be another
        # clause's, and the bound of this column is checked as any other (_column_figure)
        if stated is not None and len(wording_dates(text) if ctype == "date" else wording_figures(text, ctype)) <= 2:
            (low, low_said), (high, high_said) = stated
            shown = f"{low.isoformat()}~{high.isoformat()}" if ctype == "date" else f"{format_decimal(low)}~{format_decimal(high)}"
            raise InputError(f"{where}：条件原文“{wording.strip()}”写的是一个区间（{low_said}至{high_said}），"
                             f"而比较“{OP_SYMBOL[op]}”只核对其中一端，另一端以外的申请人也会被判为符合；"
                             f"请用“介于”（值写 {shown}，两端都包括在内），或分写为两条条件。")
    if ctype == "date":
        return
    for clause in _bound_clauses(text):
        if re.search(r"下降|降低|减少|负增长|亏损|下滑|降幅|跌幅|减幅", clause):
            continue  # a fall restating the bound (不低于负10%（即降幅不超过10%）) is not read
        # a bracket naming a group of applicants (…（营业收入1亿元以下的企业研发人员占比不低于10%）) bounds that group, and its
        # 以下 is the group's: no upper bound of this clause (h151: refused as 下限和上限, pointing to 介于 3~10)
        clause = _SUB_GROUP.sub(lambda bracket: "" if _names_applicants(bracket["inner"]) else bracket[0], clause)
        figures = wording_figures(clause, ctype)
        if len(figures) == 2 and {word in _UPPER for word in _BOUND_WORDS.findall(clause)} == {True, False}:
            low, high = sorted(figures)
            raise InputError(f"{where}：条件原文“{wording.strip()}”写有下限和上限两个界限（{figures[low]}、{figures[high]}），"
                             f"而比较只核对其中一个；请用“介于”（值写 {format_decimal(low)}~{format_decimal(high)}），或分写为两条条件。")


_ITEM_COUNT = ("项", "件", "个", "家", "台", "套")


def _check_no_count(wording: str, ctype: str, op: str, where: str) -> None:
    """A 文本 or 文本列表 condition asks which items a cell lists, never how many of each: the wording
    拥有有效发明专利1项以上或实用新型专利5项以上 with 属于 发明专利、实用新型专利 passes 实用新型专利2项.
    A count of one (1项以上: at least one held) is what 属于 checks; a larger count needs a 数值 column."""
    if ctype not in ("text", "text_list") or op != "in":
        return
    counts = [written for number, written in wording_figures(wording, "number").items()
              if number > 1 and written.endswith(_ITEM_COUNT)]
    if counts:
        raise InputError(f"{where}：条件原文“{wording.strip()}”写有数量“{counts[0]}”，而类型“{TYPES[ctype].label}”"
                         "只核对所填的是哪些项，不核对数量（少于该数量的也会判为符合）；"
                         "请另设一列填写数量，用“数值”类型核对（以“或”列出的几种情形，每种写一条“复核”条件）。")

# a notice's words denying membership right before one of the condition's words (不属于房地产业, 非房地产业
# 企业, 不是房地产企业, 除房地产业以外), and its plain 属于 (not 是否属于: a question states no side)
_CLAUSE_OF_WORDS = re.compile(r"[,;。:]")
# 位于 and a registration's 在 (注册在环翠区, 注册地在, 住所在, 地址在) assert as 属于 does (h141: 注册地在环翠区、文登区 with
# 不属于 环翠区、文登区 loaded and judged every applicant the wrong way round); a bare 在 elsewhere (须在, 现在) does not
_MEMBERSHIP_WORD = re.compile(r"(?P<no>不属于|非属于|不是|不为|不含|不包括|不在|非|除)|(?<![不是否非])(?P<yes>属于|位于|(?<=[册址所点地])在)")
# 以外 / 之外 right after the listed words: 属于批发和零售业以外的行业 is any industry but those
_OUTSIDE = re.compile(r"(?:以外|之外|外(?=的|[,;。:]|$))")
_LIST_GLUE = re.compile(r"[、和及与或\"'“”‘’《》]|以及|或者")
_EXCLUSION_WORDS = re.compile(r"不得|不予|禁止|取消")


def _membership_said(before: str, after: str, others: list[str]) -> tuple[str, bool] | None:
    """(the words, whether they deny) of the last membership word before one of the 值's words in its
    clause, with nothing but other listed words between them (不属于房地产业、金融业: 金融业 is denied too); 除
    must be closed by 外 after the word (除房地产业以外)."""
    last = None
    for last in _MEMBERSHIP_WORD.finditer(before):
        pass
    if last is None:
        return None
    between = before[last.end():]
    for other in sorted(others, key=len, reverse=True):
        between = between.replace(other, "")
    rest = _LIST_GLUE.sub("", between)
    if len(rest) > 2 or "的" in rest:  # a short qualifier is the word's (不属于国家限制类); more is another word
        return None
    if last["no"] == "除":
        return ("除…以外", True) if re.match(r"[^,;。:]*?外", after) else None
    following = after
    for other in sorted(others, key=len, reverse=True):
        following = following.replace(other, "")
    following = re.sub(r"^(?:[、和及与或]|以及|或者)+", "", following)
    if re.match(r"的[,;。:]", following):  # 注册地不在环翠区的，须在环翠区设立分支机构: a case the notice goes on to rule on
        return None
    if _OUTSIDE.match(following):  # 属于房地产业以外: the word is left out
        return (f"{last['yes']}…以外", True) if last["yes"] else None
    return (last["no"], True) if last["no"] else (last["yes"], False)


def _units_named_in(wording: str) -> set[str]:
    """Weihai's districts and zones a condition's wording names anywhere in it, by any of their names
    (高新区 and 高区 are one zone), longest names first (临港经济技术开发区 is not also 经济技术开发区)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    found = set()
    for name, unit in WEIHAI_UNITS:
        if name in text:
            found.add(unit)
            text = text.replace(name, "\x00")
    return found


_NAMES_TO_EXCLUDE = re.compile(r"除|以外|之外|不含|不包括|市区|全市|各区市|中心城区")


def _check_districts_named(wording: str, ctype: str, op: str, words: tuple[str, ...], written: str, where: str) -> None:
    """A 值 of districts adding one the wording does not name (注册地在环翠区 with 属于 环翠区、高区): the applicants of
    the added district would be judged as the wording's own (h141: 高区's passed a condition on 环翠区). Refused
    when the wording names a district at all and the 值 one it does not; a wording naming none (中心城区) is left."""
    if ctype not in ("text", "text_list") or op not in ("in", "not_in", "eq", "ne"):
        return
    from checker.check.conditions.facts import district_units  # the evaluators' own reading (a heavier module)

    if not words or district_units(words) is None:
        return
    if _NAMES_TO_EXCLUDE.search(nfkc(wording or "")):
        # 注册地在威海市（荣成市除外）, 除荣成市、乳山市以外的区市: the wording names a district to leave it out, and the
        # 值 lists the others (h147); 市区, 全市: it names a group of districts the 值 spells out
        return
    named = _units_named_in(wording)
    if not named:
        return
    extra = [word for word in words if named_unit(word) not in named]
    if not extra:
        return
    judged = "符合条件" if op in ("in", "eq") else "不符合条件"
    raise InputError(f"{where}：值“{written.strip()}”中的“{'、'.join(extra)}”不是条件原文“{wording.strip()}”所写的地区"
                     f"（原文所写：{'、'.join(unit for unit in dict.fromkeys(u for _, u in WEIHAI_UNITS) if unit in named)}）；"
                     f"按此核对，{'、'.join(extra)}的申请人也会被判为{judged}，请按通知原文核对值或条件原文。")


def _check_membership_fits_wording(wording: str, ctype: str, op: str, words: tuple[str, ...], written: str, where: str) -> None:
    """A 文本 condition whose wording denies what 比较 asserts (不属于房地产业 with 属于 房地产业, 非房地产业企业
    with =, 属于制造业 with 不属于): every applicant would be judged the wrong way round, the real estate
    companies passing and the others failing. A membership word right before one of the 值's words decides
    (不属于, 非, 不是, 不含, 除…以外 deny, a plain 属于 asserts); a wording of exclusion (房地产企业不得申报) is not read."""
    if ctype not in ("text", "text_list") or op not in ("in", "not_in", "eq", "ne"):
        return
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if _EXCLUSION_WORDS.search(text):
        return
    keys = [key for key in (re.sub(r"\s", "", nfkc(word)) for word in words) if key]
    for word, key in zip(words, keys):
        for match in re.finditer(re.escape(key), text):
            before = _CLAUSE_OF_WORDS.split(text[:match.start()])[-1]
            said = _membership_said(before, text[match.end():], keys)
            if said is None or said[1] == (op in ("not_in", "ne")):
                continue
            meant = "不属于 或 ≠" if said[1] else "属于 或 ="
            shown = written.strip() if nfkc(written).strip() == OP_SYMBOL[op] else f"{written.strip()}”（{OP_SYMBOL[op]}）"
            shown = shown if shown.endswith("）") else f"{shown}”"
            raise InputError(f"{where}：条件原文“{wording.strip()}”在“{word}”前写的是“{said[0]}”（{meant}），"
                             f"而比较写的是“{shown}；按此核对，结论会与通知原文相反，请按通知原文核对比较或条件原文。")


def _check_industry_words(ctype: str, op: str, words: tuple[str, ...], where: str) -> None:
    """A 值 naming an industry with a note in brackets, as notices write it (制造业（C13-C43）, 制造业（国民经济行业分类
    C13-C43）), is a word no cell equals: every applicant of 制造业 failed 属于 it in silence (h151). Refused, naming the
    industry to write (a note may say more than the name, 制造业（含软件和信息技术服务业）: that is another item)."""
    from checker.check.conditions.facts import node_of_name, uncounted

    if ctype not in ("text", "text_list") or op not in ("in", "not_in", "eq", "ne"):
        return
    for word in words:
        bare = uncounted(word)
        if bare != word and node_of_name(bare):
            outcome = "都会被判为不符合" if op in ("in", "eq") else "都不会被排除"
            raise InputError(f"{where}：值中的“{word}”在行业名称后加了括号注释，申报表所填的行业（如“{bare}”）不会与之完全相同，"
                             f"{outcome}；请只写行业名称“{bare}”，括号中如另有适用的行业，以、分隔另写为一项"
                             "（国民经济行业分类的代码范围等注释可写在“备注”列）。")


def _check_header_fits(headers: tuple[str, ...], ctype: str, where: str) -> None:
    """A 年限 or 日期 reads dates; a column whose header names money, a share or a count of years
    holds none, and the reviewer wants a 数值/金额 type instead."""
    if ctype not in ("years", "date"):
        return
    for header in headers:
        key = header_key(header)
        if any(marker in key for marker in ("元)", "%", "百分", "年限", "年数", "人数", "金额", "收入", "占比")):
            hint = "已填年数的列请用“数值”类型" if ("年限" in key or "年数" in key) else "请核对列名或改用相应类型"
            raise InputError(f"{where}：“{TYPES[ctype].label}”须读取日期列（如 成立日期），而“{header}”不是日期列；{hint}。")


# a wording that states two alternatives, each with its own figure: 上年度营业收入1000万元以上，或近2年新增股权融资
#总额2000万元以上. One condition reads one column, so a blocking one would fail whoever meets the other
_ALTERNATIVE = re.compile(r"\d[^或]*?(?P<word>或者|或)[^或]*?\d")
# …but not the 或 of one bound: 大于或等于, 高于或者等于, 或以上, 3年或3年以上 (the year of 2023年营业收入
# 大于或等于1000万元 is no figure of an alternative)
_NOT_ALTERNATIVE = re.compile(r"(?:或者|或)(?=等于|以上|以下|以内|以前|以后|之前|之后)"
                              r"|(?<=\d)(?P<unit>亿元|万元|元|[年月日天个人名家项件台套分%])(?:或者|或)\d+(?:\.\d+)?(?P=unit)?(?=以上|以下|以内|及以上|及以下)")


_COMPARISON_IN_VALUE = re.compile(r"以上|以下|以内|不低于|不超过|不足|超过|≥|≤|>=|<=|[><]|\(含|\(不含")


def _value(raw: dict, ctype: str, op: str, where: str):
    value = raw.get("value")
    percent_formatted = bool(raw.get("value_percent_format"))
    said = _COMPARISON_IN_VALUE.search(nfkc(_text(value))) if ctype not in ("text", "text_list") else None
    if said:  # 值 100（含）以上: the comparison belongs in 比较
        raise InputError(f"{where}：值“{_text(value)}”含比较的说法；比较请写在“比较”列（如 （含）以上 或 ≥），"
                         "值只写数（如 100）。")
    try:
        if op == "between":
            low_text, high_text = split_between(value)
            low, high = parse_bound(ctype, low_text), parse_bound(ctype, high_text)
            if low > high:
                raise BadValue(f"下限 {low_text} 大于上限 {high_text}")
            if ctype == "years" and low == high:  # to the day: 满 3 年且不超过 3 年 is the anniversary alone
                raise InputError(f"{where}：年限介于 {low}～{high} 年只有满 {low} 年的那一天符合；要求成立年限为 {low} 年"
                                 f"（满 {low} 年、不满 {low + 1} 年）请写 比较 =、值 {low}。")
            _fits_engine(ctype, low)
            _fits_engine(ctype, high)
            _fits_calendar(ctype, high)
            return low, high, ()
        if ctype in ("text", "text_list"):
            words = split_words(value) if op in ("in", "not_in") else (nfkc_collapse(_text(value)),)
            if op in ("in", "not_in"):  # 信息传输、软件和信息技术服务业 is one word, not 信息传输 and 软件和… (h141)
                from checker.check.conditions.facts import join_industry_names
                words = join_industry_names(words)
            if ctype == "text" and op in ("eq", "ne"):
                _refuse_listed_equal(words[0], _text(value).strip(), op, where)
            return words[0], None, words
        bound = parse_bound(ctype, value, percent_formatted=percent_formatted)
        _fits_engine(ctype, bound)
        _fits_calendar(ctype, bound)
        return bound, None, ()
    except BadValue as error:
        raise InputError(f"{where}：值 {error}。") from error


def _refuse_listed_equal(word: str, written: str, op: str, where: str) -> None:
    """A 文本 = or ≠ compares the whole cell with the one word in 值 (README): 环翠区、高区 with = passed a cell
    环翠区 (the districts' reading took the first place named) and ≠ failed it, a membership no row said. A 值
    listing places, sections' names, or items separated by ， or ; is refused, pointing to 属于/不属于; a name
    holding 、 itself (信息传输、软件和信息技术服务业, 计算机、通信和其他电子设备制造业) is one word and loads."""
    from checker.check.conditions.facts import _SECTION_OF_NAME, _split_outside_brackets, district_units

    if word in _SECTION_OF_NAME:
        return
    parts, _ = _split_outside_brackets(re.compile(r"\s*[、,;]\s*"), word, [name for name in _SECTION_OF_NAME if "、" in name])
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) < 2:
        return
    listed = (all(district_units((part,)) for part in parts) or all(part in _SECTION_OF_NAME for part in parts)
              or re.search(r"[,;]", word) is not None)
    if not listed:
        return
    meant, other = ("属于", "不属于") if op == "eq" else ("不属于", "属于")
    wanted = "是其中之一" if op == "eq" else "不是其中任何一项"
    opposite = "都不是" if op == "eq" else "是其中之一"
    raise InputError(f"{where}：值“{written}”列出了 {len(parts)} 项（{'、'.join(parts)}），而“{OP_SYMBOL[op]}”把整格与一项比较；"
                     f"要求{wanted}，请把比较写为“{meant}”（{opposite}：“{other}”）。")


def _fits_engine(ctype: str, bound) -> None:
    """A number the engine can compare exactly: at most 19 digits once scaled to its unit's
    smallest step (分 for money, 0.01 point for percentages)."""
    if isinstance(bound, Decimal):
        scale = max(TYPES[ctype].scale, -bound.normalize().as_tuple().exponent)
        if scaled(bound, scale) is None:
            raise BadValue(f"{bound} 位数过多，超出可精确比较的范围（按最小单位计不超过 19 位）")


# dates are read in 1900-2199 (checker/core/values.py): no two of them are further apart
MAX_YEARS = LAST_YEAR - FIRST_YEAR


def _fits_calendar(ctype: str, bound) -> None:
    """A 年限 some date cell can reach: 满 9999 年 no founding date ever meets, and the day its years
    would be complete is past the calendar (reports named 9999-12-31)."""
    if ctype == "years" and bound > MAX_YEARS:
        raise BadValue(f"{bound} 年超出可计算的范围（日期按 {FIRST_YEAR}–{LAST_YEAR} 年读取，年限至多 {MAX_YEARS} 年）")


def _plain(text: str) -> str:
    """Text as the notice writes it (full-width brackets kept), whitespace runs collapsed."""
    return re.sub(r"\s+", " ", text).strip()


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float):  # a JSON or YAML number as written (999.99999999999999, not 1000)
        return str(number_as_written(raw))
    if hasattr(raw, "isoformat"):
        return raw.isoformat()[:10]
    return str(raw)

