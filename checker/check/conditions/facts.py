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
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from checker.check.conditions.columns import ConditionColumn, base_header
from checker.check.conditions.model import Condition, RoundConditions
from checker.check.conditions.rules import count_unit, expectation, requirement
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
    said: str = ""  # an industry's reading (IndustryValue), kept when the column read is another
    problem: str = ""  # why the cell cannot be compared (CodeValue), kept likewise


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
    return ReadValue(value.state, value.value, value.display, value.ref, value.raw, note, column=shown, said=getattr(value, "said", ""),
                     problem=getattr(value, "problem", ""))


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
        # said as it is (h151: "营业收入（元）“500，单位存疑”无法识别" quoted the reason inside the cell's words)
        return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{_raw_text(cell.value)}，单位存疑", note=slip,
                         problem=f"填写为“{_raw_text(cell.value)}”，单位存疑")  # the notice adds the slip's question (its note)
    if cell.external and slot.condition.ctype in ADDITIVE:
        # a figure read from another workbook's formula (=[1]Sheet1!$A$1): asked, as the application's own amounts are
        if (cell.ref, "external") not in reported:
            reported.add((cell.ref, "external"))
            application.input_findings.append(external_finding(slot.spec, cell, shown))
        return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{shown}，取自其他工作簿",
                         problem=f"填写为 {shown}，是引用其他工作簿的公式的结果，无法从本表核对")
    if cell.shared and slot.condition.ctype in ADDITIVE:
        # one figure merged over several applications' lines: each one's, or their total? (a date, a
        # 是/否, a share or a text merged so is each one's: it adds up to nothing)
        if (cell.ref, "shared") not in reported:
            reported.add((cell.ref, "shared"))
            application.input_findings.append(shared_amount_finding(slot.spec, cell, shown, ADDITIVE[slot.condition.ctype]))
        what = ADDITIVE[slot.condition.ctype]
        return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{shown}，为多件申报共用的一个合并单元格的{what}",
                         problem=f"填写为 {shown}，是多件申报共用的一个合并单元格，无法确定是本件申报的{what}还是几件的合计")
    coded = industry_code(slot.condition, slot.column.label, value) if isinstance(value, str) else None
    if coded is not None:  # C34, C3411 通用设备制造业: read by its section, or a question for the reviewer
        read, text = coded
        if read is None:
            return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=shown, problem=text)
        # read as the industry it names: no list or fragment to ask about (its section's name is one word)
        return _or_conflict(slot, cell, application, reported, read, shown, note, said=text)
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
    unknown = unknown_industry(slot.condition, value) if isinstance(value, str) else None
    if unknown is not None:  # 金属切削机床制造 under 属于 制造业 failed as a text no word equals (h151): asked, never refused
        return CodeValue(UNREADABLE, ref=cell.ref, raw=cell.value, display=shown, problem=unknown)
    return _or_conflict(slot, cell, application, reported, value, shown, note)


def _or_conflict(slot: Slot, cell, application: Application, reported: set, value, shown: str, note, said: str = "") -> Value:
    # another column for the same condition (a header repeated, 万元 beside 元)
    conflict = first_conflict(cell, value, lambda other: parse_cell(slot.condition, other))
    if conflict is not None:
        shown = f"{shown}（{said}）" if said else shown
        if (cell.ref, "conflict") not in reported:
            reported.add((cell.ref, "conflict"))
            application.input_findings.append(conflict_finding(slot.spec, cell, shown, *conflict))
        value = conflict_value(cell, shown, conflict[0])
        other = conflict[0]
        # the two columns said as two columns ("营业收入“1200 万元，与营业收入（元）“1000000”不一致”无法识别" nested the other
        # column's words in this one's and called a cell that was read unreadable, h151)
        return CodeValue(value.state, value.value, value.display, value.ref, value.raw, value.note,
                         problem=f"填写为 {shown}，与同一行的{other.header}“{_raw_text(other.value)}”不一致，无法确定以哪一列为准")
    if said:
        return IndustryValue(OK, value=value, display=shown, ref=cell.ref, raw=cell.value, note=note, said=said)
    return Value(OK, value=value, display=shown, ref=cell.ref, raw=cell.value, note=note)


@dataclass
class IndustryValue(Value):
    """A cell read as an industry of GB/T 4754-2017 (C34, 软件开发): ``said`` is what it was read as, said after the
    cell the applicant wrote (所属行业填写为“C34”（国民经济行业分类门类 C：制造业）)."""

    said: str = ""


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
# ... and the groups (中类, the code's first three digits) of the divisions a Weihai 技术改造 or 专精特新 notice names:
# manufacturing (大类 13-43) and 信息传输、软件和信息技术服务业 (大类 63-65), as GB/T 4754-2017 names them. An applicant
# writes its industry at this level as often as at the division's (软件开发, 6511 软件开发, 集成电路设计 failed 属于
# 软件和信息技术服务业 as a text no word equals, h151); a group of another division is not tabulated here, and its
# name under words naming industries is a question for the reviewer (below), never a silent fail
GBT4754_GROUPS = {
    131: "谷物磨制", 132: "饲料加工", 133: "植物油加工", 134: "制糖业", 135: "屠宰及肉类加工", 136: "水产品加工",
    137: "蔬菜、菌类、水果和坚果加工", 139: "其他农副食品加工",
    141: "焙烤食品制造", 142: "糖果、巧克力及蜜饯制造", 143: "方便食品制造", 144: "乳制品制造", 145: "罐头食品制造",
    146: "调味品、发酵制品制造", 149: "其他食品制造",
    151: "酒的制造", 152: "饮料制造", 153: "精制茶加工",
    161: "烟叶复烤", 162: "卷烟制造", 169: "其他烟草制品制造",
    171: "棉纺织及印染精加工", 172: "毛纺织及染整精加工", 173: "麻纺织及染整精加工", 174: "丝绢纺织及印染精加工",
    175: "化纤织造及印染精加工", 176: "针织或钩针编织物及其制品制造", 177: "家用纺织制成品制造", 178: "产业用纺织制成品制造",
    181: "机织服装制造", 182: "针织或钩针编织服装制造", 183: "服饰制造",
    191: "皮革鞣制加工", 192: "皮革制品制造", 193: "毛皮鞣制及制品加工", 194: "羽毛（绒）加工及制品制造", 195: "制鞋业",
    201: "木材加工", 202: "人造板制造", 203: "木质制品制造", 204: "竹、藤、棕、草等制品制造",
    211: "木质家具制造", 212: "竹、藤家具制造", 213: "金属家具制造", 214: "塑料家具制造", 219: "其他家具制造",
    221: "纸浆制造", 222: "造纸", 223: "纸制品制造",
    231: "印刷", 232: "装订及印刷相关服务", 233: "记录媒介复制",
    241: "文教办公用品制造", 242: "乐器制造", 243: "工艺美术及礼仪用品制造", 244: "体育用品制造", 245: "玩具制造",
    246: "游艺器材及娱乐用品制造",
    251: "精炼石油产品制造", 252: "煤炭加工", 253: "核燃料加工", 254: "生物质燃料加工",
    261: "基础化学原料制造", 262: "肥料制造", 263: "农药制造", 264: "涂料、油墨、颜料及类似产品制造", 265: "合成材料制造",
    266: "专用化学产品制造", 267: "炸药、火工及焰火产品制造", 268: "日用化学产品制造",
    271: "化学药品原料药制造", 272: "化学药品制剂制造", 273: "中药饮片加工", 274: "中成药生产", 275: "兽用药品制造",
    276: "生物药品制品制造", 277: "卫生材料及医药用品制造", 278: "药用辅料及包装材料制造",
    281: "纤维素纤维原料及纤维制造", 282: "合成纤维制造", 283: "生物基材料制造",
    291: "橡胶制品业", 292: "塑料制品业",
    301: "水泥、石灰和石膏制造", 302: "石膏、水泥制品及类似制品制造", 303: "砖瓦、石材等建筑材料制造", 304: "玻璃制造",
    305: "玻璃制品制造", 306: "玻璃纤维和玻璃纤维增强塑料制品制造", 307: "陶瓷制品制造", 308: "耐火材料制品制造",
    309: "石墨及其他非金属矿物制品制造",
    311: "炼铁", 312: "炼钢", 313: "钢压延加工", 314: "铁合金冶炼",
    321: "常用有色金属冶炼", 322: "贵金属冶炼", 323: "稀有稀土金属冶炼", 324: "有色金属合金制造", 325: "有色金属压延加工",
    331: "结构性金属制品制造", 332: "金属工具制造", 333: "集装箱及金属包装容器制造", 334: "金属丝绳及其制品制造",
    335: "建筑、安全用金属制品制造", 336: "金属表面处理及热处理加工", 337: "搪瓷制品制造", 338: "金属制日用品制造",
    339: "铸造及其他金属制品制造",
    341: "锅炉及原动设备制造", 342: "金属加工机械制造", 343: "物料搬运设备制造", 344: "泵、阀门、压缩机及类似机械制造",
    345: "轴承、齿轮和传动部件制造", 346: "烘炉、风机、包装等设备制造", 347: "文化、办公用机械制造", 348: "通用零部件制造",
    349: "其他通用设备制造业",
    351: "采矿、冶金、建筑专用设备制造", 352: "化工、木材、非金属加工专用设备制造", 353: "食品、饮料、烟草及饲料生产专用设备制造",
    354: "印刷、制药、日化及日用品生产专用设备制造", 355: "纺织、服装和皮革加工专用设备制造", 356: "电子和电工机械专用设备制造",
    357: "农、林、牧、渔专用机械制造", 358: "医疗仪器设备及器械制造", 359: "环保、邮政、社会公共服务及其他专用设备制造",
    361: "汽车整车制造", 362: "汽车用发动机制造", 363: "改装汽车制造", 364: "低速汽车制造", 365: "电车制造",
    366: "汽车车身、挂车制造", 367: "汽车零部件及配件制造",
    371: "铁路运输设备制造", 372: "城市轨道交通设备制造", 373: "船舶及相关装置制造", 374: "航空、航天器及设备制造",
    375: "摩托车制造", 376: "自行车和残疾人座车制造", 377: "助动车制造", 378: "非公路休闲车及零配件制造",
    379: "潜水救捞及其他未列明运输设备制造",
    381: "电机制造", 382: "输配电及控制设备制造", 383: "电线、电缆、光缆及电工器材制造", 384: "电池制造", 385: "家用电力器具制造",
    386: "非电力家用器具制造", 387: "照明器具制造", 389: "其他电气机械及器材制造",
    391: "计算机制造", 392: "通信设备制造", 393: "广播电视设备制造", 394: "雷达及配套设备制造", 395: "非专业视听设备制造",
    396: "智能消费设备制造", 397: "电子器件制造", 398: "电子元件及电子专用材料制造", 399: "其他电子设备制造",
    401: "通用仪器仪表制造", 402: "专用仪器仪表制造", 403: "钟表与计时仪器制造", 404: "光学仪器制造", 405: "衡器制造",
    409: "其他仪器仪表制造业",
    411: "日用杂品制造", 419: "其他未列明制造业",
    421: "金属废料和碎屑加工处理", 422: "非金属废料和碎屑加工处理",
    431: "金属制品修理", 432: "通用设备修理", 433: "专用设备修理", 434: "铁路、船舶、航空航天等运输设备修理", 435: "电气设备修理",
    436: "仪器仪表修理", 439: "其他机械和设备修理业",
    631: "电信", 632: "广播电视传输服务", 633: "卫星传输服务",
    641: "互联网接入及相关服务", 642: "互联网信息服务", 643: "互联网平台", 644: "互联网安全服务", 645: "互联网数据服务",
    649: "其他互联网服务",
    651: "软件开发", 652: "集成电路设计", 653: "信息系统集成和物联网技术服务", 654: "运行维护服务", 655: "信息处理和存储支持服务",
    656: "信息技术咨询服务", 657: "数字内容服务", 659: "其他信息技术服务业",
}
_DIVISION_OF_NAME = {name: code for code, name in GBT4754_DIVISIONS.items()}
_GROUP_OF_NAME = {nfkc_collapse(name): code for code, name in GBT4754_GROUPS.items()}  # 羽毛（绒） as a cell reads it
# the names holding 、, as the 值's list cuts them (信息传输 | 软件和信息技术服务业), longest first
_LISTED_NAMES = sorted({tuple(split_list(name)) for name in (*_SECTION_OF_NAME, *_DIVISION_OF_NAME, *_GROUP_OF_NAME) if "、" in name},
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
    levels = (industry_words(condition.words, industry_column(condition)) if condition.ctype == "text" and text not in condition.words
              else None)
    if levels:
        # a division's or group's name (通用设备制造业, 软件开发), a digits-only code (6511 软件开发), or under words naming
        # divisions or groups (制造业、软件和信息技术服务业) any code: read through GB/T 4754-2017's hierarchy (h141:
        # 通用设备制造业 failed 属于 制造业; h151: 软件开发 and C3411 failed or went to review under 软件和信息技术服务业)
        read = _by_hierarchy(condition, label, text, levels)
        if read is not None:
            return read
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


# GB/T 4754-2017 is a tree: 门类 (a letter) > 大类 (2 digits) > 中类 (3) > 小类 (4). A node is (letter, digits): C34 is
# ("C", "34"), 软件开发 ("I", "651"); one is within another when its letter is the same and its digits begin with the other's
Node = tuple[str, str]


def _section_of(division: int) -> str:
    return next(k for k, (_, low, high) in GBT4754_SECTIONS.items() if low <= division <= high)


def node_of_name(name: str) -> Node | None:
    """The node an industry's name names: a section's, a division's or a tabulated group's (GB/T 4754-2017)."""
    if name in _SECTION_OF_NAME:
        return _SECTION_OF_NAME[name], ""
    if name in _DIVISION_OF_NAME:
        division = _DIVISION_OF_NAME[name]
        return _section_of(division), f"{division:02d}"
    if name in _GROUP_OF_NAME:
        group = _GROUP_OF_NAME[name]
        return _section_of(group // 10), f"{group:03d}"
    return None


def code_node(code: str) -> Node | None:
    """The node a code names (C, C34, I6511), when its digits are one of its letter's divisions."""
    found = re.fullmatch(r"([A-Ta-t])(\d{2,4})?", code)
    if found is None:
        return None
    letter, digits = found.group(1).upper(), found.group(2) or ""
    _, low, high = GBT4754_SECTIONS[letter]
    return (letter, digits) if not digits or low <= int(digits[:2]) <= high else None


def industry_column(condition: Condition) -> bool:
    """Whether the condition reads an industry column (a 列名 holding 行业): there a 值 of codes (C、I65) names industries."""
    return any("行业" in header_key(header) for header in condition.headers)


@functools.lru_cache(maxsize=256)  # asked once a cell: the words are the condition's, a few per file
def industry_words(words: tuple[str, ...], codes: bool = False) -> dict[str, Node] | None:
    """Each word's node when every word of the condition names an industry of GB/T 4754-2017 (门类, 大类 or a tabulated
    中类; with ``codes``, in an industry column, a code too: C、I65 failed a cell 制造业 in silence, h151); None otherwise
    (a word naming anything else leaves the cell to be compared as written)."""
    joined = join_industry_names(words)
    nodes = {word: node_of_name(word) or (code_node(word) if codes else None) for word in joined}
    return nodes if joined and all(nodes.values()) else None


def _within(inner: Node, outer: Node) -> bool:
    return inner[0] == outer[0] and inner[1].startswith(outer[1])


def industry_said(node: Node, written: str = "") -> str:
    """A node in words, from its own level up to its section (国民经济行业分类中类 651，大类 65“软件和信息技术服务业”，
    门类 I：信息传输、软件和信息技术服务业); the name the cell itself wrote is not repeated."""
    letter, digits = node
    said = []
    if len(digits) >= 3 and int(digits[:3]) in GBT4754_GROUPS:
        name = GBT4754_GROUPS[int(digits[:3])]
        said.append(f"中类 {digits[:3]}" + ("" if nfkc_collapse(name) == written else f"“{name}”"))
    if digits:
        name = GBT4754_DIVISIONS[int(digits[:2])]
        said.append(f"大类 {digits[:2]}" + ("" if name == written else f"“{name}”"))
    said.append(f"门类 {letter}：{GBT4754_SECTIONS[letter][0]}")
    return "国民经济行业分类" + "，".join(said)


# a code written in digits alone, its section's letter left out (6511 软件开发, 3411): 2 to 4 digits, perhaps a name after it
_DIGIT_CODE = re.compile(r"(\d{2,4})(?:\s*\(?\s*([\u4e00-\u9fff][^()]*?)\s*\)?)?")


def _by_hierarchy(condition: Condition, label: str, text: str, levels: dict[str, Node]) -> tuple[str | None, str] | None:
    """A text cell read as a node of GB/T 4754-2017 under words that all name industries (``levels``): (the word it is
    within, what the message adds), (a word it is not within, ...) or (None, what to check) when the cell names an industry
    of which a listed word is only a part (制造业 under 属于 通用设备制造业) or a code and a name that disagree; None for a
    cell this reading leaves to the others (a letter's code under words naming sections keeps its message; a section's
    name with a listed word inside it is asked about by :func:`joined_item`; no industry at all)."""
    sections_only = bool(_sections_named(condition.words))
    written = text if not _not_held(text) else ""
    node = node_of_name(written) or node_of_name(_uncounted(written)) if written else None
    shown_name = written if node_of_name(written) else _uncounted(written)
    if node is not None and not node[1]:  # a section's name: compared as the word it is, unless a word is within it
        # (制造业 under 属于 通用设备制造业 failed); 信息传输、软件和信息技术服务业 under 软件和信息技术服务业: joined_item asks
        if sections_only or any(len(word) > 1 and word in shown_name for word in condition.words) \
                or not any(_within(outer, node) for outer in levels.values()):
            return None
    if node is None:
        found = _CODE.fullmatch(text)
        if found is not None and not sections_only:  # under words naming sections, a letter's code keeps its message
            letter, digits, name = found.group(1).upper(), found.group(2) or "", found.group(3)
            _, low, high = GBT4754_SECTIONS[letter]
            if digits and not low <= int(digits[:2]) <= high:
                return None  # C63: the letter's own question (industry_code)
            if not digits and not ("行业" in label or node_of_name(name or "")):
                return None  # a letter and a word (A轮, B类): no code
        elif found is not None:
            return None
        else:
            found = _DIGIT_CODE.fullmatch(text)
            if found is None or int(found.group(1)[:2]) not in GBT4754_DIVISIONS:
                return None
            digits, name = found.group(1), found.group(2)
            # a number alone is a code only in an industry column; with a name after it, only a name the table knows or
            # a full class code (4 digits) in an industry column (2021年 is a year)
            if not (node_of_name(name or "") or ("行业" in label and (name is None or len(digits) == 4))):
                return None
            letter = _section_of(int(digits[:2]))
        node, shown_name = (letter, digits), ""
        named = node_of_name(name) if name else None
        if named is not None and not (_within(node, named) or _within(named, node)):
            return None, (f"填写的“{text}”中代码 {letter}{digits} 是{industry_said(node)}，与所写名称“{name}”"
                          f"（{industry_said(named, name)}）不一致，需人工复核该企业所属行业")
        if named is not None and _within(named, node):
            node = named  # C34 金属加工机械制造: the name says more than the code
    inside = next((word for word, outer in levels.items() if _within(node, outer)), None)
    if inside is not None:
        return inside, industry_said(node, shown_name)
    part = next((word for word, outer in levels.items() if _within(outer, node)), None)
    if part is not None:
        return None, (f"填写的“{text}”是{industry_said(node, shown_name)}，本条件所列“{part}”只是其中的一部分，"
                      "无法确定该企业是否属于，需人工复核该企业所属行业")
    # within none of the words: its section's name, which no word is (the section of a word it is within would be)
    return GBT4754_SECTIONS[node[0]][0], industry_said(node, shown_name)


_NAMES_WITH_COMMA = sorted((name for name in (*_SECTION_OF_NAME, *_DIVISION_OF_NAME, *_GROUP_OF_NAME) if "、" in name), key=len, reverse=True)


def unknown_industry(condition: Condition, value: str) -> str | None:
    """What to check when a 文本 cell under words that all name industries (GB/T 4754-2017) names no industry the table
    knows (金属切削机床制造, a 小类; 机械制造; 软件行业): whether it is within a listed one is the reviewer's to say, never a
    silent fail (nor a silent pass under 不属于). None for a cell that is a word, a known industry, or says it is not held."""
    if condition.ctype != "text" or not industry_words(condition.words, industry_column(condition)):
        return None
    text = nfkc_collapse(value)
    if text in condition.words or _uncounted(text) in condition.words or _not_held(text) or _named_in_list(condition.words, value):
        return None
    if text in ("无", "没有"):  # read as the answer it is where it reaches here (_none_answers): no industry, none listed
        return None
    # a cell listing several (制造业、批发业 under 不属于 房地产业, left to be compared by joined_item): each item an industry
    items, _ = _split_outside_brackets(_TEXT_LIST, text, _NAMES_WITH_COMMA)
    if all(node_of_name(item) or node_of_name(_uncounted(item)) or _not_held(item) for item in items):
        return None
    return (f"填写的“{text}”不是国民经济行业分类（GB/T 4754-2017）门类、大类或中类的名称，无法确定是否属于本条件所列行业，"
            "需人工复核该企业所属行业")


@functools.lru_cache(maxsize=256)
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
    label = getattr(value, "column", "") or slot.column.label
    out.values.update({
        f"{p}label": label, f"{p}wording": condition.wording, f"{p}expect": expectation(condition),
        f"{p}asks": requirement(condition), f"{p}form": FORMS[condition.ctype], f"{p}value": said_value(condition, value),
        # a column named for what was filled in (所填, 填报内容) is not "所填填写为"
        f"{p}wrote": "为" if re.search(r"(?:填|填写|填报)(?:内容|情况)?$", label) else "填写为",
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
        out.values[f"{p}problem"] = f"填写为 {value.display}，计算年限需要参考日期，而{why}（核对时也未用 --as-of 或 --window 指定参考日期）"
    else:
        encoded = encode(condition, value.value, case)
        if encoded is None:
            facts[f"{p}state"] = UNREADABLE
            out.values[f"{p}problem"] = f"“{value.display}”{_why_inexact(condition, value.value)}，无法精确比较"
            return
        facts[f"{p}state"] = OK
        facts.update({f"{p}{name}": item for name, item in encoded.items()})
        if condition.ctype == "years":
            out.values[f"{p}value"] = " " + years_shown(condition, value.value, value.display, case.on)


def said_value(condition: Condition, value: Value) -> str:
    """A cell as a finding quotes it: the applicant's words in quotation marks (“是”, “C34”, then what the code is read
    as), a figure with its unit (980 万元, and a count's 1000 人 where the condition counts people)."""
    if condition.ctype in ("text", "text_list", "yesno"):
        said = getattr(value, "said", "")
        return f"“{value.display}”" + (f"（{said}）" if said else "")
    unit = count_unit(condition)  # a figure is set apart by a space, as reports write figures (填写为 980 万元)
    return f" {value.display} {unit}" if unit and value.display and not value.display.endswith(unit) else f" {value.display}"


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
