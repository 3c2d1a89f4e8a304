"""A round's conditions, case by case: each checked condition's cell read by its type (unreadable
cells become INP- findings naming the cell), then the facts of its engine slot.

Numbers reach the engine as exact integers in a common scale: the cell, the value and the upper end
of 介于 are multiplied by the same power of ten (money at least to 分, percentages to 0.01 point),
so every comparison is exact whatever the decimals written. Dates are yyyymmdd; a 年限 compares the
reference date with the date's N-th anniversary (``x`` the reference date, ``a``/``b`` the
anniversaries, yyyymmdd), so 不超过 3 年 is exactly three years, not three whole years and a part of
the fourth; its = and ≠ compare the whole years completed (成立年限为 3 年). Yes/no is 1/0; text
comparisons are decided here and arrive as ``op`` = true/false.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from checker.check.conditions.columns import ConditionColumn, base_header
from checker.check.conditions.model import Condition, RoundConditions
from checker.check.conditions.rules import expectation
from checker.check.conditions.values import AMOUNT_UNITS, FORMS, add_years, header_unit, parse_cell, scaled, years_completed
from checker.check.context import ApplicationCase
from checker.check.region import named_unit
from checker.check.registers import split_list
from checker.check.validate import (ABSENT, OK, UNREADABLE, Application, Value, conflict_finding, conflict_value, external_finding,
                                    first_conflict, formula_finding, inp_finding, shared_amount_finding, unit_slip_finding)
from checker.core.evaluator import Facts, fact_function
from checker.core.text import header_key, nfkc_collapse
from checker.core.values import ENGINE_INT_MAX, UNIT_SLIP, Unreadable, date_int, format_decimal, is_blank
from checker.core.vocabulary import FieldSpec
from checker.io.table import Row

INT64 = ENGINE_INT_MAX
INP_IDS = {"amount_wan": "INP-NUMBER", "amount_yuan": "INP-NUMBER", "number": "INP-NUMBER", "percent": "INP-PERCENT",
           "share": "INP-PERCENT", "date": "INP-DATE", "years": "INP-DATE", "yesno": "INP-YESNO"}


@dataclass(frozen=True)
class Slot:
    index: int  # the engine slot, 1-based, among the conditions checked in this run
    condition: Condition
    column: ConditionColumn
    value_key: str  # where the condition's typed cell is kept in Application.values

    @property
    def spec(self) -> FieldSpec:
        """The column as an INP- finding names it."""
        return FieldSpec(self.value_key, self.column.label, "text", (), FORMS[self.condition.ctype], None)


@dataclass(frozen=True)
class ConditionSlots:
    conditions: RoundConditions
    slots: tuple[Slot, ...]


def make_slots(conditions: RoundConditions, columns: dict[str, ConditionColumn], checked: list[str]) -> ConditionSlots:
    """Slots for the checked conditions, in file order; two conditions reading one column with
    different types keep their cells apart."""
    chosen = [c for c in conditions.conditions if c.rule_id in checked]
    types_by_label: dict[str, set[str]] = {}
    for condition in chosen:
        types_by_label.setdefault(columns[condition.rule_id].label, set()).add(condition.ctype)
    slots = []
    for index, condition in enumerate(chosen, start=1):
        column = columns[condition.rule_id]
        key = column.label if len(types_by_label[column.label]) == 1 else f"{column.label}（{condition.type.label}）"
        slots.append(Slot(index, condition, column, key))
    return ConditionSlots(conditions, tuple(slots))


# --- reading the cells (validate stage) ---------------------------------------------------------


ADDITIVE = {"amount_wan": "金额", "amount_yuan": "金额", "number": "数值"}  # condition types whose figures add up: a merged one may be a total


def validate_conditions(record: Row, application: Application, slots: ConditionSlots | None, on: dt.date | None) -> None:
    """Type each condition's cell into ``application.values[slot.value_key]``; INP- findings for
    cells that cannot be read (once per cell and type; none again for a contract field whose own
    reading already failed). A condition not yet in force on the reference date ``on`` (None: no
    real date) reads nothing: its cell cannot make a case need review (it is kept as written, for
    the evidence, when no condition in force reads it)."""
    if slots is None or application.unreadable:
        return
    reported: set[tuple[str, str]] = set()
    waiting = [slot for slot in slots.slots if on is not None and slot.condition.effective and slot.condition.effective > on]
    for slot in slots.slots:
        if slot.value_key in application.values or slot in waiting:
            continue  # another condition of the same type read this column already
        application.values[slot.value_key] = _typed(slot, record, application, reported)
    for slot in waiting:  # shown as written, never read: the evidence of 不适用 quotes the cell, not 空白
        cell = record.cells.get(slot.column.field)
        if slot.value_key not in application.values and cell is not None and not is_blank(cell.value):
            application.values[slot.value_key] = Value(OK, value=None, display=_raw_text(cell.value), ref=cell.ref, raw=cell.value)


@dataclass
class ReadValue(Value):
    """A condition's cell read from a column its 列名 names otherwise (营业收入（元） for 营业收入（万元））:
    the messages name that column (``column``), and the note says which column and unit were read."""

    column: str = ""


def _typed(slot: Slot, record: Row, application: Application, reported: set) -> Value:
    cell = _exact_first(slot.condition, record.cells.get(slot.column.field))
    value = _typed_cell(slot, cell, application, reported)
    if cell is None or not cell.header:
        return value
    header = re.sub(r"\s+", "", str(cell.header))
    label = slot.column.label
    if header_key(header) == header_key(label):
        return value
    note = value.note
    if value.state == OK and value.value is not None:
        stated = (cell.unit or header_unit(header)) if slot.condition.ctype in AMOUNT_UNITS else None
        said = note or (f"列名单位为{stated}" if stated else "")
        note = f"读取列“{header}”" + (f"：{said}" if said else "")
    # a 列名 stating a unit (营业收入（万元）) is no name for another column: the message names the one read
    shown = header if base_header(label) != header_key(label) else ""
    return ReadValue(value.state, value.value, value.display, value.ref, value.raw, note, column=shown)


def _exact_first(condition: Condition, cell):
    """The cell of a column the 列名 names as written, before one of the same header with another unit
    (both filled: the other is compared with it, as two columns of one field are)."""
    if cell is None or not cell.others:
        return cell
    exact = {header_key(h) for h in condition.headers}
    if header_key(cell.header) in exact:
        return cell
    for index, other in enumerate(cell.others):
        if header_key(other.header) in exact:
            return dataclasses.replace(other, others=(cell, *cell.others[:index], *cell.others[index + 1:]))
    return cell


def _typed_cell(slot: Slot, cell, application: Application, reported: set) -> Value:
    if cell is None:
        return Value(ABSENT)
    own = application.values.get(slot.column.field) if slot.column.known else None
    if cell.formula_problem or (own is not None and own.state == UNREADABLE):
        if cell.formula_problem and not slot.column.known:
            application.input_findings.append(formula_finding(slot.spec, cell, numeric=slot.condition.ctype not in ("text", "text_list", "yesno", "date", "years")))
        if cell.formula_problem:  # said as what it is, not quoted as if the cell held those words
            return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=cell.formula_problem,
                             problem=f"为公式，{cell.formula_problem}")
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=own.display if own else "")
    if is_blank(cell.value):
        return Value(ABSENT, ref=cell.ref)
    try:
        value, shown, note = parse_cell(slot.condition, cell)
    except Unreadable as error:
        if (cell.ref, slot.condition.ctype) not in reported:
            reported.add((cell.ref, slot.condition.ctype))
            rule_id = INP_IDS.get(slot.condition.ctype, "INP-VALUE")
            application.input_findings.append(inp_finding(rule_id, slot.spec, cell, error.detail, error.expected))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=_raw_text(cell.value))
    slip = _unit_slip(slot, cell, value)
    if slip:
        # a bare figure under 1 万元 in a 元 column (100 for 100 万元?): asked, not read, never refused on,
        # as the application's own amount columns are (checker/check/validate.py unit_slip)
        if (cell.ref, "unit") not in reported:
            reported.add((cell.ref, "unit"))
            application.input_findings.append(unit_slip_finding(slot.spec, cell, shown, slip))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{_raw_text(cell.value)}，单位存疑", note=slip)
    if cell.external and slot.condition.ctype in ADDITIVE:
        # a figure read from another workbook's formula (=[1]Sheet1!$A$1): asked, as the application's own amounts are
        if (cell.ref, "external") not in reported:
            reported.add((cell.ref, "external"))
            application.input_findings.append(external_finding(slot.spec, cell, shown))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{shown}，取自其他工作簿")
    if cell.shared and slot.condition.ctype in ADDITIVE:
        # one figure merged over several applications' lines: each one's, or their total? (a date, a
        # 是/否, a share or a text merged so is each one's: it adds up to nothing)
        if (cell.ref, "shared") not in reported:
            reported.add((cell.ref, "shared"))
            application.input_findings.append(shared_amount_finding(slot.spec, cell, shown, ADDITIVE[slot.condition.ctype]))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{shown}，为多件申报共用的一个合并单元格的{ADDITIVE[slot.condition.ctype]}")
    coded = industry_code(slot.condition, slot.column.label, value) if isinstance(value, str) else None
    if coded is not None:  # C34, C3411 通用设备制造业: read by its section, or a question for the reviewer
        read, text = coded
        if read is None:
            return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=shown, problem=text)
        value, shown = read, f"{shown}（{text}）"
    # 信息传输 under 属于 信息传输、软件和信息技术服务业: part of the name, not the industry (h141: it passed); in a list, any
    # item so (under 不属于 it would pass as an item not listed)
    items = ((nfkc_collapse(value),) if slot.condition.ctype == "text" else
             join_industry_names(tuple(nfkc_collapse(i) for i in split_list(value)))) if isinstance(value, str) else ()
    fragment = next(((item, name) for item in items if (name := name_fragment(slot.condition.words, item))), None) \
        if slot.condition.ctype in ("text", "text_list") else None
    if fragment is not None:
        if (cell.ref, "fragment") not in reported:
            reported.add((cell.ref, "fragment"))
            application.input_findings.append(inp_finding(
                "INP-VALUE", slot.spec, cell, f"“{fragment[0]}”只是行业名称“{fragment[1]}”的一部分，不是一个行业的名称，无法确定是否属于",
                f"完整的行业名称，如 {fragment[1]}"))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=_raw_text(cell.value))
    joined = joined_item(slot.condition, value) if isinstance(value, str) else None
    if joined is not None:  # 发明专利/实用新型专利: one item or two? it decides 属于
        if (cell.ref, "joined") not in reported:
            reported.add((cell.ref, "joined"))
            item, joiner, parts = joined
            if joiner == "门类":  # 信息传输、软件和信息技术服务业 under 属于 软件和信息技术服务业: one section, of which the word is a part
                detail = (f"“{item}”是国民经济行业分类门类 {_SECTION_OF_NAME[nfkc_collapse(item)]} 的名称，"
                          f"{'、'.join(parts)}只是该门类的一部分，无法确定是否属于")
                expected = f"门类下的具体行业，如 {parts[0]}"
            elif slot.condition.ctype == "text" and joiner not in ("“/”", "“或”", "空格"):  # one word asked, several written
                detail, expected = f"以{joiner}写了{'、'.join(parts)}几项，本条件只核对一项", f"一项，如 {parts[0]}"
            else:
                detail, expected = f"“{item}”含{joiner}，无法确定是一项还是几项", f"多项以、分隔，如 {'、'.join(parts)}"
            application.input_findings.append(inp_finding("INP-VALUE", slot.spec, cell, detail, expected))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=_raw_text(cell.value))
    # another column for the same condition (a header repeated, 万元 beside 元)
    conflict = first_conflict(cell, value, lambda other: parse_cell(slot.condition, other))
    if conflict is not None:
        if (cell.ref, "conflict") not in reported:
            reported.add((cell.ref, "conflict"))
            application.input_findings.append(conflict_finding(slot.spec, cell, shown, *conflict))
        return conflict_value(cell, shown, conflict[0])
    return Value(OK, value=value, display=shown, ref=cell.ref, raw=cell.value, note=note)


@dataclass
class CodeValue(Value):
    """A 属于 cell written as an industry code the condition's words cannot decide (see :func:`industry_code`):
    ``problem`` says which code and what the reviewer checks."""

    problem: str = ""


# 国民经济行业分类 GB/T 4754-2017: the 20 sections (门类), each with the range of its divisions (大类,
# the code's first two digits). An applicant's 所属行业 is often this code (C34, C3411 通用设备制造业),
# not the section's name a round's condition names (属于 制造业)
GBT4754_SECTIONS = {
    "A": ("农、林、牧、渔业", 1, 5),
    "B": ("采矿业", 6, 12),
    "C": ("制造业", 13, 43),
    "D": ("电力、热力、燃气及水生产和供应业", 44, 46),
    "E": ("建筑业", 47, 50),
    "F": ("批发和零售业", 51, 52),
    "G": ("交通运输、仓储和邮政业", 53, 60),
    "H": ("住宿和餐饮业", 61, 62),
    "I": ("信息传输、软件和信息技术服务业", 63, 65),
    "J": ("金融业", 66, 69),
    "K": ("房地产业", 70, 70),
    "L": ("租赁和商务服务业", 71, 72),
    "M": ("科学研究和技术服务业", 73, 75),
    "N": ("水利、环境和公共设施管理业", 76, 79),
    "O": ("居民服务、修理和其他服务业", 80, 82),
    "P": ("教育", 83, 83),
    "Q": ("卫生和社会工作", 84, 85),
    "R": ("文化、体育和娱乐业", 86, 90),
    "S": ("公共管理、社会保障和社会组织", 91, 96),
    "T": ("国际组织", 97, 97),
}
_SECTION_OF_NAME = {name: letter for letter, (name, _, _) in GBT4754_SECTIONS.items()}
# ... and its 97 divisions (大类), by their two digits. A division's name is read as its section under words naming
# sections (通用设备制造业 failed 属于 制造业, h141), and the names holding 、 (the divisions' and the sections') are
# never cut by the 值's list (属于 信息传输、软件和信息技术服务业 passed a cell 信息传输, a part of no industry's name)
GBT4754_DIVISIONS = {
    1: "农业", 2: "林业", 3: "畜牧业", 4: "渔业", 5: "农、林、牧、渔专业及辅助性活动",
    6: "煤炭开采和洗选业", 7: "石油和天然气开采业", 8: "黑色金属矿采选业", 9: "有色金属矿采选业", 10: "非金属矿采选业",
    11: "开采专业及辅助性活动", 12: "其他采矿业",
    13: "农副食品加工业", 14: "食品制造业", 15: "酒、饮料和精制茶制造业", 16: "烟草制品业", 17: "纺织业",
    18: "纺织服装、服饰业", 19: "皮革、毛皮、羽毛及其制品和制鞋业", 20: "木材加工和木、竹、藤、棕、草制品业", 21: "家具制造业",
    22: "造纸和纸制品业", 23: "印刷和记录媒介复制业", 24: "文教、工美、体育和娱乐用品制造业", 25: "石油、煤炭及其他燃料加工业",
    26: "化学原料和化学制品制造业", 27: "医药制造业", 28: "化学纤维制造业", 29: "橡胶和塑料制品业", 30: "非金属矿物制品业",
    31: "黑色金属冶炼和压延加工业", 32: "有色金属冶炼和压延加工业", 33: "金属制品业", 34: "通用设备制造业", 35: "专用设备制造业",
    36: "汽车制造业", 37: "铁路、船舶、航空航天和其他运输设备制造业", 38: "电气机械和器材制造业",
    39: "计算机、通信和其他电子设备制造业", 40: "仪器仪表制造业", 41: "其他制造业", 42: "废弃资源综合利用业",
    43: "金属制品、机械和设备修理业",
    44: "电力、热力生产和供应业", 45: "燃气生产和供应业", 46: "水的生产和供应业",
    47: "房屋建筑业", 48: "土木工程建筑业", 49: "建筑安装业", 50: "建筑装饰、装修和其他建筑业",
    51: "批发业", 52: "零售业",
    53: "铁路运输业", 54: "道路运输业", 55: "水上运输业", 56: "航空运输业", 57: "管道运输业", 58: "多式联运和运输代理业",
    59: "装卸搬运和仓储业", 60: "邮政业",
    61: "住宿业", 62: "餐饮业",
    63: "电信、广播电视和卫星传输服务", 64: "互联网和相关服务", 65: "软件和信息技术服务业",
    66: "货币金融服务", 67: "资本市场服务", 68: "保险业", 69: "其他金融业",
    70: "房地产业",
    71: "租赁业", 72: "商务服务业",
    73: "研究和试验发展", 74: "专业技术服务业", 75: "科技推广和应用服务业",
    76: "水利管理业", 77: "生态保护和环境治理业", 78: "公共设施管理业", 79: "土地管理业",
    80: "居民服务业", 81: "机动车、电子产品和日用产品修理业", 82: "其他服务业",
    83: "教育",
    84: "卫生", 85: "社会工作",
    86: "新闻和出版业", 87: "广播、电视、电影和录音制作业", 88: "文化艺术业", 89: "体育", 90: "娱乐业",
    91: "中国共产党机关", 92: "国家机构", 93: "人民政协、民主党派", 94: "社会保障", 95: "群众团体、社会团体和其他成员组织",
    96: "基层群众自治组织及其他组织",
    97: "国际组织",
}
_DIVISION_OF_NAME = {name: code for code, name in GBT4754_DIVISIONS.items()}
# the names holding 、, as the 值's list cuts them (信息传输 | 软件和信息技术服务业), longest first
_LISTED_NAMES = sorted({tuple(split_list(name)) for name in (*_SECTION_OF_NAME, *_DIVISION_OF_NAME) if "、" in name},
                       key=len, reverse=True)


def join_industry_names(words: tuple[str, ...]) -> tuple[str, ...]:
    """The 值's words with each industry name that holds 、 (信息传输、软件和信息技术服务业, 计算机、通信和其他电子设备制造业)
    put back together from the parts the list separator cut it into: one word, which a part alone does not name."""
    joined, at = [], 0
    while at < len(words):
        name = next((parts for parts in _LISTED_NAMES if tuple(words[at:at + len(parts)]) == parts), None)
        joined.append("、".join(name) if name else words[at])
        at += len(name) if name else 1
    return tuple(joined)


def name_fragment(words: tuple[str, ...], text: str) -> str | None:
    """The listed industry name (holding 、) of which ``text`` is only a part cut at a 、 (信息传输 of
    信息传输、软件和信息技术服务业), when ``text`` is itself none of the words; None otherwise."""
    if text in words:
        return None
    # only an industry's name: a 文本列表's = 值 (商标、发明专利) is a whole list, its items no fragments
    return next((word for word in words if tuple(split_list(word)) in _LISTED_NAMES and text in split_list(word)), None)
# a cell that is only a code: its section's letter, perhaps its division, group or class (2 to 4 digits), perhaps
# its name after it (C34 通用设备制造业, C3411通用设备制造业, C（制造业）)
_CODE = re.compile(r"([A-Ta-t])(\d{2,4})?(?:\s*\(?\s*([\u4e00-\u9fff][^()]*?)\s*\)?)?")
# a code within a longer cell (代码C34, C34、I65), bracketed notes aside (制造业（C34）is 制造业)
_EMBEDDED_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Ta-t]\d{2,4}(?![0-9])")
_BRACKETED = re.compile(r"\([^()]*\)")


def industry_code(condition: Condition, label: str, value: str) -> tuple[str | None, str] | None:
    """A 属于/不属于/=/≠ text cell written as a GB/T 4754 industry code: (the section's name, read as the
    cell, and what the message adds) when every word of the condition is a section's name and the code is
    a well-formed one of its section; (None, what to check) for any other code, a question for the reviewer,
    never a silent fail; None for a cell that is no code. A letter with neither digits nor a name (C) is a
    code only in an industry column (列名 holding 行业) or under words that are all sections' names; a
    letter and digits (C34) is one in any text condition's column."""
    if condition.ctype not in ("text", "text_list") or _units(condition.words) is not None:
        return None
    text = nfkc_collapse(value)
    division = _DIVISION_OF_NAME.get(text) if text not in _SECTION_OF_NAME else None
    if division is not None and condition.ctype == "text" and text not in condition.words and _sections_named(condition.words):
        # a division's name (通用设备制造业) under words naming sections is its section, as its code C34 is (h141: it
        # failed 属于 制造业 as a whole text no word equals)
        letter = next(k for k, (_, low, high) in GBT4754_SECTIONS.items() if low <= division <= high)
        return GBT4754_SECTIONS[letter][0], f"国民经济行业分类大类 {division:02d}，门类 {letter}：{GBT4754_SECTIONS[letter][0]}"
    found = _CODE.fullmatch(text)
    if found is None or text in condition.words:
        if found is None and text not in condition.words and _sections_named(condition.words):
            # 代码C34, C34、I65: a code among other words, which the whole-cell comparison would fail
            embedded = _EMBEDDED_CODE.findall(_BRACKETED.sub("", text))
            if embedded:
                return None, (f"填写的“{text}”含国民经济行业分类（GB/T 4754-2017）代码"
                              f" {'、'.join(embedded)}，但不是单独一个代码，不能按代码的门类判定，需人工复核该企业所属行业")
        return None  # a word of the 值 as written (项目类别 属于 A01、A02) is that word
    letter, digits, name = found.group(1).upper(), found.group(2), found.group(3)
    sections = _sections_named(condition.words)
    if name is not None and _SECTION_OF_NAME.get(name) is None and not (digits or "行业" in label or sections):
        return None  # a letter and a word (A轮, B类): no code
    if not (digits or name) and not ("行业" in label or sections):
        return None
    section, low, high = GBT4754_SECTIONS[letter]
    code = f"{letter}{digits or ''}"
    said = f"国民经济行业分类门类 {letter}：{section}"
    if digits and not low <= int(digits[:2]) <= high:
        return None, (f"填写的“{text}”是国民经济行业分类（GB/T 4754-2017）代码的写法，但 {code} 不在门类 {letter}（{section}）"
                      f"的大类 {low:02d}～{high:02d} 之内，需人工复核该企业所属行业")
    if name is not None and name in _SECTION_OF_NAME and name != section:
        return None, (f"填写的“{text}”中代码 {code} 属于门类 {letter}（{section}），与所写名称“{name}”不一致，"
                      "需人工复核该企业所属行业")
    if condition.ctype == "text_list" or not sections:
        listed = "、".join(condition.words)
        return None, (f"填写的是国民经济行业分类（GB/T 4754-2017）代码“{text}”（门类 {letter} 为{section}），"
                      f"本条件所列“{listed}”不是行业门类名称，不能按代码的门类判定，需人工复核代码 {code} 所指行业是否属于所列行业")
    return section, said


def _sections_named(words: tuple[str, ...]) -> set[str]:
    """The GB/T 4754 sections the words name when every word is (part of) a section's name: a name
    holding 、 (信息传输、软件和信息技术服务业) stands in the 值's list as its parts, one after another."""
    named: set[str] = set()
    covered = [False] * len(words)
    for at, word in enumerate(words):  # a name holding 、 is one word of the 值 (join_industry_names)
        if word in _SECTION_OF_NAME:
            named.add(_SECTION_OF_NAME[word])
            covered[at] = True
    for letter, (name, _, _) in GBT4754_SECTIONS.items():
        parts = tuple(split_list(name))
        for at in range(len(words) - len(parts) + 1):
            if tuple(words[at:at + len(parts)]) == parts:
                named.add(letter)
                covered[at:at + len(parts)] = [True] * len(parts)
    return named if words and all(covered) else set()


def _unit_slip(slot: Slot, cell, value) -> str:
    """What makes a round condition's bare figure implausible in its column's unit: under 1 万元 in a
    元 column (the header's 元, or a 金额（元） condition's column stating no unit). A cell writing its
    unit (100万元, 100元) says what was meant. No upper bound is set for a 万元 column: a condition's
    column is no field of rules/fields.yaml, so it has no implausible_above_wan (the office's choice)."""
    ctype = slot.condition.ctype
    if ctype not in AMOUNT_UNITS or not isinstance(value, Decimal):
        return ""
    if not isinstance(cell.value, (int, float, Decimal)) and re.search(r"[元圆万萬亿億]", str(cell.value)):
        return ""
    unit = cell.unit or header_unit(cell.header or slot.column.label) or AMOUNT_UNITS[ctype]
    if unit != "元":
        return ""
    def in_yuan(amount):
        return Decimal(amount) * 10000 if ctype == "amount_wan" else Decimal(amount)

    bounds = [b for b in (slot.condition.low, slot.condition.high) if isinstance(b, (int, Decimal))]
    if any(abs(in_yuan(b)) < 10000 for b in bounds):
        return ""  # the notice's own figure is under 1 万元 (不低于5000元): such a figure is what it asks about
    if 0 < in_yuan(value) < 10000:
        return f"填写的 {format_decimal(in_yuan(value))} 元不足 1 万元，{UNIT_SLIP}"
    return ""


def _raw_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return "" if raw is None else str(raw)


# --- the facts of each slot ----------------------------------------------------------------------


@fact_function()
def condition_facts(case: ApplicationCase, out: Facts) -> None:
    """``cond<k>_state/op/x/a/b`` and the words the condition's messages quote."""
    slots: ConditionSlots | None = case.context.conditions
    if slots is None:
        return
    for slot in slots.slots:
        _slot(slot, case, out)


def _slot(slot: Slot, case: ApplicationCase, out: Facts) -> None:
    p, condition = f"cond{slot.index}_", slot.condition
    value = case.application.get(slot.value_key)
    out.values.update({
        f"{p}label": getattr(value, "column", "") or slot.column.label, f"{p}wording": condition.wording, f"{p}expect": expectation(condition),
        f"{p}form": FORMS[condition.ctype], f"{p}value": value.display,
        f"{p}from": condition.effective.isoformat() if condition.effective else "", f"{p}on": case.on.isoformat(),
    })
    facts = out.facts
    if condition.effective and case.dated and condition.effective > case.on:
        facts[f"{p}state"] = "not_in_force"
    elif condition.effective and not case.dated:  # applied as if in force, it refused applicants of a future condition
        facts[f"{p}state"] = "in_force_unknown"
    elif value.state != OK:
        facts[f"{p}state"] = value.state
        out.values[f"{p}problem"] = ("未填写" if value.state == ABSENT else getattr(value, "problem", "")
                                     or f"“{value.display}”无法识别")
    elif condition.ctype == "years" and not case.dated:
        facts[f"{p}state"] = "no_reference"
        submitted = case.application.get("submitted_on").state
        why = "申报日期无法识别" if submitted == UNREADABLE else "申报日期未填写"
        # the bracket is the reviewer's (the applicant's notice leaves out a bracket naming an option)
        out.values[f"{p}problem"] = f"为 {value.display}，计算年限需要参考日期，而{why}（核对时也未用 --as-of 或 --window 指定参考日期）"
    else:
        encoded = encode(condition, value.value, case)
        if encoded is None:
            facts[f"{p}state"] = UNREADABLE
            out.values[f"{p}problem"] = f"“{value.display}”{_why_inexact(condition, value.value)}，无法精确比较"
            return
        facts[f"{p}state"] = OK
        facts.update({f"{p}{name}": item for name, item in encoded.items()})
        if condition.ctype == "years":
            out.values[f"{p}value"] = years_shown(condition, value.value, value.display, case.on)


def _why_inexact(condition: Condition, value) -> str:
    """Why a number could not be encoded: too large, or (980.123456789012345678) too many decimals."""
    try:
        whole = scaled(abs(Decimal(value)).to_integral_value(), condition.type.scale)
    except (ArithmeticError, TypeError, ValueError):
        return "数值过大"
    return "数值过大" if whole is None or whole > INT64 else "小数位数过多"


def encode(condition: Condition, value, case: ApplicationCase) -> dict | None:
    """The slot's op, x, a, b (None when an integer would not fit the engine's 64 bits)."""
    ctype, op = condition.ctype, condition.op
    if ctype in ("text", "text_list"):
        return {"op": "true" if holds(condition, value) else "false"}
    if ctype == "yesno":
        return {"op": op, "x": int(value), "a": int(condition.low)}
    if ctype == "date":
        return _ints(op, [date_int(value), date_int(condition.low), date_int(condition.high) if condition.high else None])
    if ctype == "years":
        if op in ("eq", "ne"):  # 成立年限为 3 年: a number of whole years
            return _ints(op, [years_completed(value, case.on), condition.low, condition.high])
        # 满 N 年 ⇔ the N-th anniversary ≤ the reference date; 不超过 N 年 ⇔ the reference date ≤ it;
        # 介于 a～b 年 ⇔ the a-th anniversary ≤ the reference date ≤ the b-th
        return _ints(op, [date_int(case.on), anniversary_int(value, condition.low),
                          anniversary_int(value, condition.high) if condition.high is not None else None])
    numbers = [Decimal(value), Decimal(condition.low), None if condition.high is None else Decimal(condition.high)]
    scale = max([condition.type.scale, *(-n.normalize().as_tuple().exponent for n in numbers if n is not None)])
    ints = [None if n is None else scaled(n, scale) for n in numbers]
    if any(i is None for i, n in zip(ints, numbers) if n is not None):
        return None
    return _ints(op, ints)


def anniversary_int(day: dt.date, years: int) -> int:
    """yyyymmdd of ``day`` + ``years`` whole years (29 February → 28 February); a year beyond the
    calendar (10,000 years on) is later than any reference date."""
    try:
        return date_int(add_years(day, years))
    except (ValueError, OverflowError):
        return 99991231


def years_shown(condition: Condition, day: dt.date, display: str, on: dt.date) -> str:
    """A 年限 cell as a message quotes it: the years completed on the reference date and, where the
    comparison is to the day (all but = and ≠), the day the years are completed."""
    completed = years_completed(day, on)
    # a date after the reference date has no years yet ("满 -1 年" is no way to say it)
    age = f"到参考日 {on.isoformat()} 满 {completed} 年" if completed >= 0 else f"晚于参考日 {on.isoformat()}"
    if condition.op in ("eq", "ne", "ge", "lt"):  # whole years say it exactly: 满 N 年 ⇔ completed ≥ N
        return f"{display}（{age}）"
    ends = [condition.low] + ([condition.high] if condition.op == "between" else [])
    days = "、".join(f"满 {n} 年之日为 {_date_text(anniversary_int(day, n))}" for n in ends)
    return f"{display}（{age}；{days}）"


def _date_text(number: int) -> str:
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


def _ints(op: str, numbers: list) -> dict | None:
    if any(n is not None and abs(n) > INT64 for n in numbers):
        return None
    encoded = {"op": op, "x": numbers[0], "a": numbers[1]}
    if numbers[2] is not None:
        encoded["b"] = numbers[2]
    return encoded


_COUNTED = re.compile(r"\s*(?:[(（]\s*)?(?:共)?\d+\s*[项件个份篇套]\s*(?:[)）])?$")
_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]$")


def _uncounted(item: str) -> str:
    """An item without the count or the bracketed note a district writes after it: 发明专利3项,
    发明专利（3项） → 发明专利; 制造业（通用设备制造业） → 制造业."""
    return _NOTE.sub("", _COUNTED.sub("", item))


def _not_held(item: str) -> bool:
    """An item the cell itself says is not held: a count of none (发明专利0项, 发明专利（0项）) or a note
    saying it is not, no longer or not yet valid (（已失效）, （申请中）, 制造业（已停产））. 有效知识产权 is not
    a patent applied for, nor one lapsed."""
    counted = _COUNTED.search(item)
    if counted and _ZERO_COUNT.fullmatch(counted.group(0)):
        return True
    note = _NOTE.search(_COUNTED.sub("", item))
    if not note:
        return False
    # clause by clause: one denying the problem (未过期, 无效宣告请求已被驳回) says nothing against the item; any
    # other clause saying it is lost or not yet held (已过期, 全部无效, 申请中) does
    clauses = _NOTE_CLAUSES.split(note.group(0).strip("()（）"))
    return any(_NOT_HELD.search(clause) and not _STILL_HELD.search(clause) for clause in clauses)


_ZERO_COUNT = re.compile(r"\s*(?:[(（]\s*)?(?:共)?0+\s*[项件个份篇套]\s*(?:[)）])?")
# a note denying it (未过期, 未失效, 无效宣告请求已被驳回, 停产整顿已结束): the words taken out before asking
_STILL_HELD = re.compile(r"(?:未|没有|不|并未|尚未)(?:过期|失效|转让|撤销|注销|停产|停业)"
                         r"|无效宣告(?:请求)?(?:已被|被|已)?(?:驳回|不成立|不予受理)|维持(?:专利权)?有效"
                         r"|(?:停产|停业|歇业)\S*(?:已结束|已恢复|已解除|已复产)|恢复生产|已复产")
_NOTE_CLAUSES = re.compile(r"[,，;；、]")
_NOT_HELD = re.compile(r"失效|过期|申请中|受理中|审查中|审核中|待授权|未授权|已转让|已撤销|已撤回|无效|注销|停产|停业|歇业")


_JOINERS = re.compile(r"\s*(?:/|或|\s)\s*")


def joined_item(condition: Condition, value: str) -> tuple[str, str, list[str]] | None:
    """(the item, its joiner in words, its parts) of a 属于/不属于 cell written as several joined by /
    或 or a space (发明专利/实用新型专利) when reading it as several would change the outcome; None
    otherwise."""
    if condition.op not in ("in", "not_in") or condition.ctype not in ("text", "text_list"):
        return None
    if _units(condition.words):  # districts are compared by the unit named at the start (威海 经区 is 经区)...
        if condition.ctype != "text":
            return None
        # ...so 文登区、高区 passed 不属于 高区 and 高区、文登区 failed it: a cell naming several districts, which
        # decide otherwise one by one, is asked about (环翠区、高区 under 属于 环翠区、高区 decides alike and is read)
        whole = nfkc_collapse(value)
        parts, cut = _split_outside_brackets(_TEXT_LIST, whole)
        if len(parts) < 2:
            parts, cut = _split_outside_brackets(_TEXT_AND, whole)
        if len(parts) >= 2 and all(named_unit(part) for part in parts) and any(holds(condition, p) != holds(condition, value) for p in parts):
            return value, f"“{cut}”", parts
        return None
    items = split_list(value) if condition.ctype == "text_list" else [value]
    for item in items:
        parts = [p for p in _JOINERS.split(nfkc_collapse(item)) if p]
        cut = None
        if len(parts) < 2 and condition.ctype == "text":
            # a 文本 cell listing several (制造业、房地产业 passed 不属于 房地产业 as one whole no word equals): 、 , ;
            # always; 和, 及, 与 only where a part is one of the 值's words and the whole is none (软件和信息技术服务业 is one).
            # A section's name (信息传输、软件和信息技术服务业) or one of the 值's words is one item, never cut
            whole, words = nfkc_collapse(item), set(condition.words)
            if whole in words:
                continue
            if whole in _SECTION_OF_NAME:  # a section's name is one item; a word named inside it is part of it
                # (under words naming sections, the 值's list holds a name with 、 as its parts: the section decides)
                inside = [] if _sections_named(condition.words) else [w for w in condition.words if len(w) > 1 and w in whole]
                if inside:
                    return item, "门类", inside
                continue
            kept = sorted({w for w in (*words, *_SECTION_OF_NAME) if len(w) > 1 and w in whole}, key=len, reverse=True)
            parts, cut = _split_outside_brackets(_TEXT_LIST, whole, kept)  # 制造业（通用设备、专用设备） is one
            if len(parts) < 2:
                parts, cut = _split_outside_brackets(_TEXT_AND, whole, kept)
                if not any(p in words or _uncounted(p) in words for p in parts):
                    continue
        if len(parts) < 2:
            continue
        spread = "、".join(parts) if condition.ctype == "text_list" else None
        if spread is not None:
            changes = holds(condition, value.replace(item, spread)) != holds(condition, value)
        else:
            changes = any(holds(condition, part) != holds(condition, value) for part in parts)
        if changes:
            joiner = f"“{cut}”" if cut else next((f"“{j}”" for j in ("/", "或") if j in nfkc_collapse(item)), "空格")
            return item, joiner, parts
    return None


def _split_outside_brackets(pattern: re.Pattern, text: str, kept=()) -> tuple[list[str], str | None]:
    """``text``'s parts at the separators ``pattern`` finds outside brackets (a bracketed note lists what it likes)
    and outside the names in ``kept`` (软件和信息技术服务业 is one), and the first separator cut at."""
    depth, masked = 0, []
    for char in text:
        depth += 1 if char == "(" else 0
        masked.append(char if depth == 0 else "\0")
        depth -= 1 if char == ")" and depth > 0 else 0
    masked = "".join(masked)
    for name in kept:
        masked = re.sub(re.escape(name), lambda m: "\0" * len(m.group(0)), masked)
    cuts = [match.span() for match in pattern.finditer(masked)]
    parts, last = [], 0
    for start, end in cuts:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return [part for part in parts if part], (text[cuts[0][0]:cuts[0][1]].strip() if cuts else None)


_TEXT_LIST = re.compile(r"\s*[、,;]\s*")
_TEXT_AND = re.compile(r"\s*(?:和|及|与|以及)\s*")


def district_words(words: tuple[str, ...]) -> bool:
    """Whether every word names one of Weihai's districts or zones: a text condition on them compares
    the district a cell names at its start."""
    return _units(words) is not None


def district_units(words: tuple[str, ...]) -> set[str] | None:
    """The districts and zones the words name when every word names one; None otherwise."""
    return _units(words)


def uncounted(item: str) -> str:
    """An item as a 属于 condition compares it: without a count or bracketed note after it."""
    return _uncounted(item)


def _units(words: tuple[str, ...]) -> set[str] | None:
    """The districts and zones of Weihai the words name, when every word names one."""
    units = {named_unit(word) for word in words}
    return None if "" in units or not units else units


def holds(condition: Condition, value: str) -> bool:
    """A text condition decided in Python: = ≠ on the whole normalised cell, 属于/不属于 on its items."""
    words = set(condition.words)
    if condition.ctype == "text_list":
        items = list(join_industry_names(tuple(nfkc_collapse(i) for i in split_list(value))))  # 计算机、通信和其他电子设备制造业 is one item
        whole = "、".join(items)
        target = "、".join(nfkc_collapse(i) for i in split_list(condition.words[0])) if condition.op in ("eq", "ne") else ""
        listed = [(i in words or _uncounted(i) in words) and not _not_held(i) for i in items]
        return {"eq": whole == target, "ne": whole != target, "in": any(listed), "not_in": not any(listed)}[condition.op]
    text = nfkc_collapse(value)
    units = _units(condition.words)
    if units is not None:  # the words are Weihai's districts and zones: 经区, 威海经济技术开发区 and 经济技术开发区 are one
        unit = named_unit(text)
        listed = bool(unit) and unit in units
        return {"eq": listed, "ne": not listed, "in": listed, "not_in": not listed}[condition.op]
    listed = (text in words or _uncounted(text) in words or _named_in_list(condition.words, value)) and (
        text in words or not _not_held(text))
    # = and ≠ name one word, read as 属于 reads an item: 制造业（通用设备制造业） is 制造业 (its note names the
    # kind), 制造业（已停产） is not; any other text beside the word (制造业企业) is another text
    return {"eq": listed, "ne": not listed, "in": listed, "not_in": not listed}[condition.op]


def _named_in_list(words: tuple[str, ...], value: str) -> bool:
    """A name holding 、 itself (计算机、通信和其他电子设备制造业, 铁路、船舶、航空航天和其他运输设备制造业:
    国民经济行业分类's names) is split by the 值's list into words no cell equals: the cell naming it
    whole failed 属于 and the applicant was refused. Such a cell is listed when its parts are words
    that follow one another in the 值."""
    parts = [nfkc_collapse(part) for part in split_list(value)]
    if len(parts) < 2:
        return False
    return any(tuple(words[at:at + len(parts)]) == tuple(parts) for at in range(len(words) - len(parts) + 1))
