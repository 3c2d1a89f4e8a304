"""A round's conditions as a reviewer writes them, once read: the notice, and one condition per row.

The words a reviewer may use for 类型, 比较 and 严重程度 are listed here and nowhere else; the
reader (read.py), the template (checker/check/templates.py) and the README are written from them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.core.numerals import _CN_LARGE, _DIGIT_CHARS, _NUMERAL_CHARS, numeral_value
from checker.core.text import nfkc

NUMERIC_OPS = ("ge", "gt", "le", "lt", "eq", "ne", "between")
TEXT_OPS = ("eq", "ne", "in", "not_in")
OP_SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "=", "ne": "≠", "in": "属于", "not_in": "不属于",
             "between": "介于"}
OP_WORDS = {  # what a reviewer may write in 比较 (after NFKC), → the comparison
    "≥": "ge", "≧": "ge", ">=": "ge", "不低于": "ge", "不少于": "ge", "不小于": "ge", "大于等于": "ge", "大于或等于": "ge",
    ">": "gt", "大于": "gt", "高于": "gt", "超过": "gt",
    "≤": "le", "≦": "le", "<=": "le", "不高于": "le", "不超过": "le", "不大于": "le", "小于等于": "le", "小于或等于": "le",
    "<": "lt", "小于": "lt", "低于": "lt", "不足": "lt", "不满": "lt", "未满": "lt", "未达到": "lt",
    "达到": "ge", "满": "ge",
    "=": "eq", "==": "eq", "等于": "eq", "为": "eq",
    "≠": "ne", "!=": "ne", "<>": "ne", "不等于": "ne", "不为": "ne",
    "属于": "in", "包含于": "in", "在其中": "in",
    "不属于": "not_in", "不在其中": "not_in",
    "介于": "between", "在之间": "between",
    # a date's bound as notices write it (成立时间不晚于2024年6月30日): 不晚于 is ≤, 不早于 ≥, 早于 <, 晚于 >
    "不晚于": "le", "不迟于": "le", "不早于": "ge", "早于": "lt", "晚于": "gt", "迟于": "gt",
}
DATE_OP_WORDS = frozenset({"不晚于", "不迟于", "不早于", "早于", "晚于", "迟于"})


@dataclass(frozen=True)
class ConditionType:
    code: str
    label: str  # as written in the 类型 column and the template's drop-down
    ops: tuple[str, ...]
    unit: str  # the unit 值 and the cell are in ("" when none)
    scale: int  # decimal digits of the engine integer below the unit (万元 → 分: 6)
    says: str  # one line for the README and the template's 说明


TYPES: dict[str, ConditionType] = {t.code: t for t in (
    ConditionType("amount_wan", "金额（万元）", NUMERIC_OPS, "万元", 6, "金额，单位万元；单元格自带单位（元、万元、亿元、大写）时按其换算"),
    ConditionType("amount_yuan", "金额（元）", NUMERIC_OPS, "元", 2, "金额，单位元；单元格自带单位时按其换算"),
    ConditionType("number", "数值", NUMERIC_OPS, "", 0, "数字（人数、件数、得分、倍数…），可带 人、个、项、家、件、分 等量词"),
    ConditionType("percent", "百分比", NUMERIC_OPS, "%", 2, "百分数，可为负（如增长率）：12% 与 12 都是 12%"),
    ConditionType("share", "占比（%）", NUMERIC_OPS, "%", 2, "占比，0–100：12% 与 12 都是 12%"),
    ConditionType("date", "日期", NUMERIC_OPS, "", 0, "日期，如 2020-07-01"),
    ConditionType("years", "年限", NUMERIC_OPS, "年", 0, "读取日期列（如成立日期），按日计算到参考日：满 N 年 ⇔ 该日期 + N 年 ≤ 参考日；不超过 N 年 ⇔ 参考日 ≤ 该日期 + N 年；= ≠ 比较满整年数"),
    ConditionType("yesno", "是否", ("eq", "ne"), "", 0, "是/否"),
    ConditionType("text", "文本", TEXT_OPS, "", 0, "文本：= ≠ 比较整格（格中名称后的括注不计，如 制造业（通用设备制造业） 即 制造业），属于/不属于 比较列出的几项（以、分隔）"),
    ConditionType("text_list", "文本列表", TEXT_OPS, "", 0, "以、分隔的多项：属于 = 至少一项在值中，不属于 = 没有一项在值中"),
)}
_TYPE_KEYS = {  # 类型 as written, without brackets and spaces → code
    "金额万元": "amount_wan", "金额元": "amount_yuan", "数值": "number", "数字": "number", "百分比": "percent",
    "百分数": "percent", "占比%": "share", "占比": "share", "比例%": "share", "日期": "date", "年限": "years",
    "是否": "yesno", "是/否": "yesno", "文本": "text", "文本列表": "text_list", "列表": "text_list",
}
SEVERITY_WORDS = {"blocking": "blocking", "否决": "blocking", "否决项": "blocking", "review": "review", "复核": "review",
                  "复核项": "review", "advisory": "advisory", "提示": "advisory", "提示项": "advisory"}
NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z]+(-[0-9A-Za-z]+)*$")
MAX_NUMBER_LENGTH = 16
# The engine takes at most 252 fields per fact; a condition uses five, a workflow's rules ~25.
MAX_CONDITIONS = 40


def type_code(written: str) -> str | None:
    key = re.sub(r"[\s()（）]", "", nfkc(written or ""))
    return _TYPE_KEYS.get(key)


# 以上 / 以下 / 以内 with the bound's inclusion written out: （含）以上, 及以上, 以上（含本数）, 以下（不含）…
# and a date's 以前 / 之前 / 以后 / 之后 likewise: （含）以前, 之后（不含）, 以前（含当日）…
_BOUND = re.compile(r"(?P<before>\(含(?:本数|当日|当天)?\)|含|及|\(不含(?:本数|当日|当天)?\)|不含)?"
                    r"(?P<word>以上|以下|以内|以前|之前|以后|之后)"
                    r"(?P<after>\((?:不)?含(?:本数|当日|当天)?\)|(?:不)?含(?:本数|当日|当天))?")
_BOUND_OPS = {("以上", True): "ge", ("以上", False): "gt", ("以下", True): "le", ("以下", False): "lt",
              ("以内", True): "le", ("以内", False): "lt",
              ("以前", True): "le", ("以前", False): "lt", ("之前", True): "le", ("之前", False): "lt",
              ("以后", True): "ge", ("以后", False): "gt", ("之后", True): "ge", ("之后", False): "gt"}
DATE_BOUND_WORDS = ("以前", "之前", "以后", "之后")


def op_code(written: str) -> str | None:
    key = re.sub(r"\s", "", nfkc(written or ""))
    if key in OP_WORDS:
        return OP_WORDS[key]
    bound = _BOUND.fullmatch(key)
    if bound is None or not (bound["before"] or bound["after"]) or (bound["before"] and bound["after"]):
        return None  # a bare 以上 says nothing of its bound (bare_bound_word); both sides: write it once
    said = bound["before"] or bound["after"]
    return _BOUND_OPS[bound["word"], "不含" not in said]


def bare_bound_word(written: str) -> str | None:
    """以上, 以下 or 以内 written alone: whether the value itself meets the condition is not said.
    民法典 第一千二百五十九条 counts it in, but the duty list writes 100（含）万元以上 where it does, and
    1万元(含)以上5万元以下 beside 5万元(含)以上 (so 以下 there leaves 5万元 out): fundcheck does not
    choose for the reviewer."""
    key = re.sub(r"\s", "", nfkc(written or ""))
    return key if key in ("以上", "以下", "以内", *DATE_BOUND_WORDS, "前", "后") else None


def is_date_word(written: str) -> bool:
    """比较 written as a date's bound (不晚于, （含）以前…): it fits a 日期 condition only."""
    key = re.sub(r"\s", "", nfkc(written or ""))
    bound = _BOUND.fullmatch(key)
    return key in DATE_OP_WORDS or key in ("前", "后") or (bound is not None and bound["word"] in DATE_BOUND_WORDS)


# What a notice's wording says of a bound when it says it outright: （含）…以上, 不足, 超过… A bare 以上 or
# 以下 says nothing of the bound (bare_bound_word) and is not read here.
_NUM = r"[0-9零〇一二三四五六七八九十百千两]"
_INCL = r"\(含[^()不]{0,8}\)"
_EXCL = r"\(不含[^()]{0,8}\)"
_WORDING_BOUNDS = (
    ("ge", rf"{_INCL}[^\d()]{{0,3}}以上|以上{_INCL}|及以上|以上含本数|[不未]低于|[不未]少于|不小于|大于(?:或者?)?等于|[高多]于或者?等于|(?<![不未])满(?={_NUM})|"
           rf"不[早先]于|[晚迟]于或者?等于|{_INCL}[以之]?后|[以之]后{_INCL}|"
           # 达到 (not 未达到, 达不到), 至少, 最低, 最少 and the signs ≥ >= (营业收入达到1000万元, 至少3项)
           r"(?<![未不没])达到(?:或者?超过)?|至少|最低|最少|[≥≧]|>="),
    ("gt", rf"{_EXCL}[^\d()]{{0,3}}以上|以上{_EXCL}|以上不含本数|(?<![不未或])超过|(?<![不未])高于(?!或者?等于)|(?<![不或])大于(?!(?:或者?)?等于)|"
           rf"(?<![不未])[晚迟]于(?!或者?等于)|{_EXCL}[以之]?后|[以之]后{_EXCL}|(?<![<>=!])>(?!=)"),
    ("le", rf"{_INCL}[^\d()]{{0,3}}以(?:下|内)|以(?:下|内){_INCL}|及以下|以下含本数|[不未]超过|[不未]高于|不大于|小于(?:或者?)?等于|[低少]于或者?等于|"
           rf"不[晚迟]于|[早先]于或者?等于|{_INCL}[以之]?前|[以之]?前{_INCL}|"
           r"至多|最多|最高|[≤≦]|<="),
    ("lt", rf"{_EXCL}[^\d()]{{0,3}}以下|以下{_EXCL}|以下不含本数|不足|(?<![不未])低于(?!或者?等于)|(?<![不未])少于(?!或者?等于)|[不未]满(?={_NUM})|"
           rf"[未没]达到|达不到|(?<!达)不到|(?<![不或])小于(?!(?:或者?)?等于)|(?<![不未])[早先]于(?!或者?等于)|{_EXCL}[以之]?前|[以之]?前{_EXCL}|"
           r"(?<![<>=!])<(?![=>])"),
    # 不等于 ≠: a comparison = or a bound beside it contradicts the wording
    ("ne", r"不等于|[≠]|!=|<>"),
)


# a wording of a fall or a loss (下降不超过5%, 亏损不超过100万元) may be checked on a column of its
# opposite (增长率 ≥ -5%, 利润 ≥ -100): its bounds and figures are not read
_OPPOSITE = re.compile(r"下降|降低|减少|负增长|亏损|下滑|降幅|跌幅|减幅")  # 降幅不超过10% is 增长率 ≥ -10%
# a wording of exclusion states the bound that bars (营业收入低于500万元的企业不得申报: the condition to meet
# is ≥ 500), or the one to meet with what follows otherwise (…不低于500万元，否则不予支持): its bounds are
# not read, so that neither reading refuses a correct file
_EXCLUSION = re.compile(r"不得|不予|不能|不可|禁止|取消|除外")


# 不得低于, 不能超过, 不应少于…: a bound the applicant must not pass is the bound of 不低于, 不超过, 不少于
# (研发费用占营业收入比重不得低于3% is ≥ 3%), not an exclusion's 不得 (…的企业不得申报)
_MODAL_NEGATION = re.compile(r"不(?:得|能|可|应|宜)(?=低于|少于|小于|高于|超过|大于|多于|早于|晚于|迟于|先于)")


def plain_negation(text: str) -> tuple[str, list[int]]:
    """``text`` with 不得/不能/不可/不应/不宜 before a bound word written 不 (不得低于 → 不低于), and for
    each character kept its index in ``text`` (so that the words quoted are the wording's own)."""
    plain, where, last = [], [], 0
    for match in _MODAL_NEGATION.finditer(text):
        plain.append(text[last:match.start()] + "不")
        where.extend([*range(last, match.start()), match.start()])
        last = match.end()
    plain.append(text[last:])
    where.extend(range(last, len(text)))
    return "".join(plain), where


def wording_bounds(wording: str) -> dict[str, str]:
    """Every kind of bound the wording states outright (comparison → the words saying it first)."""
    written = re.sub(r"\s", "", nfkc(wording or ""))
    text, where = plain_negation(written)
    found: dict[str, str] = {}
    if _OPPOSITE.search(text) or _EXCLUSION.search(text):
        return found
    for op, pattern in _WORDING_BOUNDS:
        for match in re.finditer(pattern, text):
            found.setdefault(op, written[where[match.start()]:where[match.end() - 1] + 1])
    return found


def wording_bound(wording: str) -> tuple[str, str] | None:
    """(comparison, the words saying it) when the wording states one bound outright ("100（含）万元以上":
    ≥; "不足300人": <); None when it states none, only bare 以上/以下, or bounds of different kinds."""
    found = wording_bounds(wording)
    return next(iter(found.items())) if len(found) == 1 else None


# A bare 以上 / 以下 / 以内 after a figure (1000万元以上, 成立2年以内) or a date's bare 前 / 后
# (2019年12月31日前成立) does not say whether the figure itself is in, but it does say the side:
# 以上 is ≥ or >, never ≤ or <. A comparison of the other side contradicts the wording.
_BARE_SIDE = re.compile(
    r"(?:[\d零〇一二三四五六七八九十百千两]"
    r"(?:[万萬亿億]?(?:元|%|人|名|家|项|个|件|台|套|分|周?年)|[万萬亿億])?(?P<figure>以上|以下|以内)"
    r"|(?:日|号|年底|月底|年末|月末|\d{4}(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,2})(?P<date>[以之]?[前后]))")


def bare_side(wording: str, ctype: str) -> tuple[str, str] | None:
    """("lower" or "upper", the words saying it) when the wording states a side only with bare 以上,
    以下, 以内 after a figure, or a date's bare 前/后 (for a 日期), all of one side; None when it states
    a bound outright (wording_bound reads it), both sides (10人以上1000人以下), or a fall, loss or exclusion
    (营业收入500万元以下的企业不得申报: the condition to meet is the other side)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if wording_bounds(text) or _OPPOSITE.search(text) or _EXCLUSION.search(text):
        return None
    sides: dict[str, str] = {}
    for match in _BARE_SIDE.finditer(text):
        if match["figure"] and ctype != "date":
            sides.setdefault("lower" if match["figure"] == "以上" else "upper", match["figure"])
        elif match["date"] and ctype == "date":
            sides.setdefault("lower" if match["date"].endswith("后") else "upper", match["date"])
    return next(iter(sides.items())) if len(sides) == 1 else None


# A figure the wording states with its unit: 100（含）万元, 1,000万元, 3%, and the same written in Chinese
# numerals as notices write them: 满三年, 三百人, 2千万元, 1亿2000万元, 贰仟万元, 百分之三
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# a figure starts with a digit (arabic or Chinese) or 十 (十二人), never inside another figure, an
# ordinal (第三年) or a word (同一家, 统一, 每一个, 百分之三 is read on its own)
_WORDING_FIGURE = re.compile(
    rf"(?<![\d.{_NUMERAL_CHARS}第同统唯任每逐单之])(?<!\d,)"
    rf"(?P<number>(?:[-−]|负(?=[\d{_DIGIT_CHARS}十]))?(?:{_ARABIC}|[{_DIGIT_CHARS}十拾])(?:{_ARABIC}|[{_NUMERAL_CHARS}]|点(?=[{_DIGIT_CHARS}]))*)"
    r"(?:\(含[^()]{0,8}\))?"
    rf"(?P<unit>[万萬亿億]?(?:元|%|‰|人|名|家|项|个(?![月工])|件|台|套|分(?![钟之])|周?年(?![度月])))")  # 满2周年 is 满2年
_PER_CENT = re.compile(rf"百分之(?P<number>{_ARABIC}|[{_NUMERAL_CHARS}]+(?:点[{_DIGIT_CHARS}]+)?)")
# 3‰ and 千分之三 are 0.3%: read so that a 值 of 3% beside them (ten times the bound) is refused
_PER_MILLE = re.compile(rf"千分之(?P<number>{_ARABIC}|[{_NUMERAL_CHARS}]+(?:点[{_DIGIT_CHARS}]+)?)")
_COUNT_UNITS = ("人", "名", "家", "项", "个", "件", "台", "套", "分")  # 分: a score (评价得分达到60分以上)
_UNIT_YUAN = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}


def wording_figure(wording: str, ctype: str) -> tuple[Decimal, str] | None:
    """(the figure in the type's unit, as written) when the wording states exactly one figure of
    the type's kind (money for 金额, a percentage for 百分比/占比, a count such as 300人 for 数值, 3年
    for 年限, a date for 日期); None otherwise."""
    if _OPPOSITE.search(re.sub(r"\s", "", nfkc(wording or ""))):
        return None
    found = wording_figures(wording, ctype)
    return next(iter(found.items())) if len(found) == 1 else None


def wording_figures(wording: str, ctype: str) -> dict:
    """Every figure of the type's kind the wording states: its value in the type's unit → as written
    (a 日期: the date → as written)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if ctype == "date":
        return wording_dates(text)
    found: dict[Decimal, str] = {}
    if ctype in ("percent", "share"):
        for match in _PER_CENT.finditer(text):
            number = numeral_value(match["number"])
            if number is not None:
                found.setdefault(number.normalize(), match.group(0))
        for match in _PER_MILLE.finditer(text):
            number = numeral_value(match["number"])
            if number is not None:
                found.setdefault((number / 10).normalize(), match.group(0))
    for match in _WORDING_FIGURE.finditer(text):
        number = numeral_value(match["number"])
        if number is None:
            continue
        multiplier, unit = match["unit"][:-1] if len(match["unit"]) > 1 and match["unit"][0] in _CN_LARGE else "", match["unit"]
        unit = unit[len(multiplier):]
        number *= _CN_LARGE.get(multiplier, 1)
        written = match["number"] + match["unit"]
        if ctype in ("amount_wan", "amount_yuan") and unit == "元":
            target = _UNIT_YUAN["万元" if ctype == "amount_wan" else "元"]
            found.setdefault((number / target).normalize(), written)
        elif multiplier:
            continue  # 万% is no figure
        elif ctype in ("percent", "share") and unit == "%":
            found.setdefault(number.normalize(), written)
        elif ctype in ("percent", "share") and unit == "‰":
            found.setdefault((number / 10).normalize(), written)
        elif (ctype == "number" and unit in _COUNT_UNITS) or (ctype == "years" and unit in ("年", "周年") and 0 <= number < 1000):
            found.setdefault(number.normalize(), written)  # 300人, 满3年 (a year such as 2020年 is not a count)
    if ctype in ("percent", "share"):  # 提高5个百分点: 5 points, as 5% is
        for match in _POINTS.finditer(text):
            number = numeral_value(match["number"])
            if number is not None:
                found.setdefault(number.normalize(), match.group(0))
    if ctype in ("amount_wan", "amount_yuan"):  # 1000万, 1.2亿 (元 left unsaid) before a bound word or the end
        target = _UNIT_YUAN["万元" if ctype == "amount_wan" else "元"]
        for match in _BARE_MONEY.finditer(text):
            number = numeral_value(match["number"])
            if number is not None:
                found.setdefault((number * _CN_LARGE[match["unit"]] / target).normalize(), match.group(0))
    if ctype == "years":  # 成立满12个月 is 满1年; 18个月 is no whole year, and no 年限's 值 equals it
        for match in _MONTHS.finditer(text):
            number = numeral_value(match["number"])
            if number is not None and number >= 0:
                found.setdefault((number / 12).normalize(), match.group(0))
    return found


_POINTS = re.compile(rf"(?<![\d.{_NUMERAL_CHARS}第])(?P<number>{_ARABIC}|[{_DIGIT_CHARS}十]+)个?百分点")
_BARE_MONEY = re.compile(rf"(?<![\d.,{_NUMERAL_CHARS}第])(?P<number>{_ARABIC})(?P<unit>[万亿])(?=$|[,;。、()]|以|及|的|或|且|人民币)")
_MONTHS = re.compile(rf"(?<![\d.{_NUMERAL_CHARS}第])(?P<number>{_ARABIC}|[{_DIGIT_CHARS}十]+)个(?:自然|日历)?月")


# a range as notices write it: 100万元至500万元, 100-500万元, 100～500万元, 在100万元与500万元之间 (the first
# figure's unit may be left to the second's; an end may be negative, -5%至10%, 负5%至10%); both ends are the condition's
_RANGE_FIGURE = rf"(?:[-−]|负(?=[\d{_DIGIT_CHARS}十]))?(?:{_ARABIC}|[{_DIGIT_CHARS}十拾][{_NUMERAL_CHARS}]*)(?:\(含[^()]{{0,8}}\))?(?:[万萬亿億]?(?:元|%|‰|人|名|家|项|个|件|台|套|分|周?年))?"
_RANGE = re.compile(
    rf"(?:在|介于)(?P<a>{_RANGE_FIGURE})(?:与|和|及|至|到)(?P<b>{_RANGE_FIGURE})(?:之间|之内|范围内)"
    rf"|(?<![\d.{_NUMERAL_CHARS}])(?P<c>{_RANGE_FIGURE})(?:至|到|~|-|－|—|–)(?P<d>{_RANGE_FIGURE})")


def wording_range(wording: str, ctype: str) -> tuple[tuple[Decimal, str], tuple[Decimal, str]] | None:
    """((low, as written), (high, as written)) when the wording states a range of the type's kind
    (营业收入100万元至500万元, 从业人员20-300人), the first figure in the second's unit when it states none;
    None otherwise (a date's range: wording_date_range)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    if ctype == "date" or _OPPOSITE.search(text):
        return None
    for match in _RANGE.finditer(text):
        first, second = (match["a"], match["b"]) if match["a"] else (match["c"], match["d"])
        high = wording_figures(second, ctype)
        if len(high) != 1:
            continue
        low = wording_figures(first, ctype)
        if not low and numeral_value(first) is not None:
            unit = re.sub(rf"^(?:{_ARABIC}|[{_NUMERAL_CHARS}]+)(?:\(含[^()]{{0,8}}\))?", "", second)
            low = {value: first for value in wording_figures(first + unit, ctype)}
        if len(low) == 1:
            return next(iter(low.items())), next(iter(high.items()))
    return None


def wording_date_range(wording: str) -> tuple[tuple[dt.date, str], tuple[dt.date, str]] | None:
    """The two dates of a range the wording states (2020年1月1日至2021年6月30日, 2020-01-01—2021-06-30)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    matches = list(_WORDING_DATE.finditer(text))
    for first, second in zip(matches, matches[1:]):
        if re.fullmatch(r"(?:起)?(?:至|到|~|-|－|—|–|——)", text[first.end():second.start()]):
            days = [wording_dates(m.group(0)) for m in (first, second)]
            if all(len(d) == 1 for d in days):
                return next(iter(days[0].items())), next(iter(days[1].items()))
    return None


_CN_DAY = rf"[{_DIGIT_CHARS}十]{{1,3}}"
_WORDING_DATE = re.compile(
    rf"(?<![\d{_DIGIT_CHARS}])(?P<year>\d{{4}}|[{_DIGIT_CHARS}]{{4}})年(?P<month>\d{{1,2}}|{_CN_DAY})月(?P<day>\d{{1,2}}|{_CN_DAY})[日号]"
    r"|(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])")


def wording_dates(text: str) -> dict[dt.date, str]:
    """Every date the wording states (2018年1月1日, 二〇一八年一月一日, 2018-01-01, 2018/1/1): the date →
    as written. A date the calendar has not (2月30日) is not one."""
    found: dict[dt.date, str] = {}
    for match in _WORDING_DATE.finditer(re.sub(r"\s", "", nfkc(text or ""))):
        parts = [numeral_value(match[name] or match[short]) for name, short in (("year", "y"), ("month", "m"), ("day", "d"))]
        if any(part is None for part in parts):
            continue
        try:
            day = dt.date(*(int(part) for part in parts))
        except ValueError:
            continue
        found.setdefault(day, match.group(0))
    for match in _WORDING_MONTH_END.finditer(re.sub(r"\s", "", nfkc(text or ""))):  # 2023年底, 2023年6月底: its last day
        year, month = numeral_value(match["year"]), numeral_value(match["month"]) if match["month"] else Decimal(12)
        if year is None or month is None or not (1 <= month <= 12 and 1 <= year <= 9999):
            continue
        month_after = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1) if year < 9999 or month < 12 else None
        if month_after is not None:
            found.setdefault(month_after - dt.timedelta(days=1), match.group(0))
    return found


# the end of a year or a month as notices write a date: 2023年底, 2023年末, 2023年6月底 (its last day)
_WORDING_MONTH_END = re.compile(
    rf"(?<![\d{_DIGIT_CHARS}])(?P<year>\d{{4}}|[{_DIGIT_CHARS}]{{4}})年(?:(?P<month>\d{{1,2}}|{_CN_DAY})月)?[底末](?!\d)")


# the parts of a wording that states several requirements: 从业人员1000人以下，营业收入不超过4亿元
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;。、]|并且|而且|且")  # not the comma of 1,000万元


def wording_clause(wording: str, ctype: str, value=None) -> str:
    """The part of the wording about the condition's own figure: in 从业人员1000人以下，营业收入不超过4亿元
    a 数值 condition on 从业人数 is the first part; its 不超过 is the revenue's bound, and 比较 < for
    1000人以下 was refused as contradicting it. Of several parts holding a figure of the type, the one
    whose figure is ``value`` (the condition's 值), when one is: in 2022年1月1日以来开工，2023年12月31日前（含）
    竣工 a 开工日期 ≥ 2022-01-01 is the first part, and the second's 前（含） was read as its bound. The whole
    wording when it has one part, or when the figure is not in exactly one part (a figure written in words: 满两年)."""
    text = re.sub(r"\s", "", nfkc(wording or ""))
    parts = [part for part in _CLAUSE_BREAK.split(text) if part]
    if len(parts) < 2 or _EXCLUSION.search(plain_negation(text)[0]):  # 从业人员不足10人的，不予受理: the exclusion is the whole's
        return wording
    own = [(part, figure) for part in parts if (figure := wording_figure(part, ctype)) is not None]
    if len(own) > 1 and value is not None:
        own = [(part, figure) for part, figure in own if figure[0] == value]
    return own[0][0] if len(own) == 1 else wording


@dataclass(frozen=True)
class RoundNotice:
    """The 通知 part: which notice the conditions come from. ``bars_dishonest`` is the notice's
    失信企业不得申报 (True/False; None when not stated), which ELIG-CREDIT-CLEAN can read through the
    ``notice_bars_dishonest`` fact."""

    number: str  # 文号
    title: str
    issued: dt.date | None
    bars_dishonest: bool | None

    def cite(self) -> str:
        return f"{self.number}《{self.title}》" if self.title else self.number


@dataclass(frozen=True)
class Condition:
    number: str  # 条件编号 after NFKC, as written
    rule_id: str  # COND-<编号 upper-cased>
    wording: str  # 条件: the notice's words, verbatim
    clause: str  # 依据 (e.g. 第二条（三）); "" when not given
    headers: tuple[str, ...]  # 列名 and its aliases
    ctype: str  # a TYPES code
    op: str
    low: Any  # Decimal | date | int | bool | str (the value, or the lower end of 介于)
    high: Any = None  # the upper end of 介于
    words: tuple[str, ...] = ()  # 属于/不属于 (and text =/≠: one word)
    value_text: str = ""  # 值 as written
    severity: str = "blocking"
    effective: dt.date | None = None
    where: str = ""  # the row a reviewer finds it in (申报条件 第 N 行)

    @property
    def type(self) -> ConditionType:
        return TYPES[self.ctype]

    @property
    def label(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class RoundConditions:
    notice: RoundNotice
    conditions: tuple[Condition, ...]
    file: str
    sha256: str
    skipped_rows: int = 0

    @property
    def version(self) -> str:
        """The version of every condition rule: the file's SHA-256, first 12 digits."""
        return self.sha256[:12]

    def summary(self) -> dict:
        """What every report states about the conditions file."""
        return {"file": self.file, "sha256": self.sha256, "notice_number": self.notice.number, "notice_title": self.notice.title}

