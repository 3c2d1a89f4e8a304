"""A condition's 值 and an application's cell, read by the condition's 类型, exactly.

The type sets the unit: 金额（万元） values are 万元, 百分比 values are points (12 = 12%). A cell's
own unit wins (a header （元）/（万元）/（亿元）, or a suffix such as 500万元) and is converted with
Decimal arithmetic; a header with no unit is read in the type's unit and the note says so.
Percentages: "12%" is 12; a cell with a % number format holds 0.12 for 12%; a bare number is in
points; a bare number strictly between 0 and 1 under a header without %/百分 is ambiguous (0.12% or
12%?) and unreadable, as is any 值 written that way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from checker.check.conditions.model import Condition, numeral_value, wording_figures
from checker.core.money import COLUMN_UNITS_YUAN, decimal_from_text, is_foreign_unit, parse_amount, stated_money_unit
from checker.core.numerals import magnitude_yuan
from checker.core.text import HIDDEN_READ_PAST, has_hidden, header_key, hidden_characters, nfkc, nfkc_collapse, strip_hidden
from checker.core.values import (Unreadable, decimal_from_cell, format_decimal, json_decimal, parse_date, parse_yes_no,
                                  spaced_figure, spaced_figure_detail)
from checker.check.validate import amount_as_written, written_unit

FORMS = {
    "amount_wan": "金额，如 1000、1,000.5、1000万元、1.2亿元、壹仟万元整；单位万元",
    "amount_yuan": "金额，如 500000、500,000.00、50万元、伍拾万元整；单位元",
    "number": "数字，如 120、1,200、120人、65分",
    "percent": "百分数，如 12%、12、-3.5%（12 即 12%）",
    "share": "0 至 100 的百分数，如 12%、12（12 即 12%）",
    "date": "日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期",
    "years": "日期（年限按此日期到参考日满几年计算），如 2015-03-01",
    "yesno": "是/否",
    "text": "文本",
    "text_list": "文本，多项以、分隔",
}
QUANTIFIERS = "人名个项家件台套次户分"  # 分: a score (评价得分 65分)
_QUANTIFIED = re.compile(rf"^(?P<number>.+?)[{QUANTIFIERS}]$")
_BETWEEN = re.compile(r"\s*(?:~|至)\s*")  # NFKC turns ～ into ~
_LIST_SEPARATORS = re.compile(r"[、；;，,]")  # NFKC turns ， into ,: a reviewer copying the notice may use either
AMOUNT_UNITS = {"amount_wan": "万元", "amount_yuan": "元"}


class BadValue(ValueError):
    """A 值 that does not fit its 类型 (the reader names the row)."""


def header_unit(header: str) -> str | None:
    """The money unit a column header states: （万元）, （元）, （亿元）, also written （单位：元）,
    （人民币元）, （万元人民币）, and other multiples of 元 (（千元）, （百万元）) or another currency
    (（万美元）: :func:`_amount_cell` refuses it); or none."""
    key = header_key(header)
    if "/" in key:
        unit = stated_money_unit(key.rsplit("/", 1)[1])
        if unit:
            return unit
    for bracket in re.findall(r"\(([^()]*)\)", key):
        unit = stated_money_unit(re.sub(r"^单位[:：]?", "", bracket))
        if unit:
            return unit
    return None


def header_is_percent(header: str) -> bool:
    key = header_key(header)
    return "%" in key or "百分" in key


# --- 值 ----------------------------------------------------------------------------------------


def parse_bound(ctype: str, raw: object, *, percent_formatted: bool = False):
    """One end of a condition's value, in the type's unit."""
    if isinstance(raw, bool) and ctype != "yesno":
        raise BadValue(f"“{raw}”不是{FORMS[ctype]}")
    try:
        return _parse_typed(ctype, raw, percent_formatted=percent_formatted, header_percent=False, bound=True)
    except Unreadable as error:
        rewritten = _numerals_as_digits(ctype, raw)
        if rewritten is not None:
            with contextlib.suppress(Unreadable):
                return _parse_typed(ctype, rewritten, percent_formatted=False, header_percent=False, bound=True)
        detail = f"（{error.detail}）" if error.detail and error.detail != error.expected else ""
        raise BadValue(f"“{_shown(raw)}”无法按类型读取{detail}；应为：{BOUND_FORMS.get(ctype, FORMS[ctype])}") from error


# a 值 is a bound, not an applicant's cell: a 年限's is a number of years (the applicant's is a date)
BOUND_FORMS = {"years": "整数年数，如 3、3年、三年"}
MAX_YEARS_IN_WORDS = 100  # 两千万 is no number of years a notice asks (a figure of another column pasted)


def _numerals_as_digits(ctype: str, raw: object) -> str | None:
    """A 值 written in Chinese numerals as the notice words it (三年, 百分之三, 一千万元, 2千万元, 三百人)
    in digits, for the type's own reading; None when it is none (三五, 若干). The 条件's wording is read
    with the same numerals (model.numeral_value), so a bound copied from it is read alike."""
    if not isinstance(raw, str):
        return None
    text = nfkc(raw).replace(" ", "")
    if ctype == "years":
        number = numeral_value(text.removesuffix("年").removesuffix("周"))
        return f"{number}" if number is not None and number <= MAX_YEARS_IN_WORDS else None
    if ctype in ("percent", "share") and text.startswith("百分之"):
        number = numeral_value(text.removeprefix("百分之"))
        return f"{number}%" if number is not None else None
    if ctype in AMOUNT_UNITS:
        body = text.removesuffix("整")
        in_yuan = body.endswith("元") or any(unit in body for unit in "万萬亿億")
        number = numeral_value(body.removesuffix("元"))
        if number is None or number != number.to_integral_value():
            return None
        # 2千万 and 一千万元 are 元 (the 万 is in the number); a bare 一千 is in the type's unit, as
        # the digits 1000 are (金额（万元）: 1000 万元), never 1000 元
        return f"{int(number)}元" if in_yuan else f"{int(number)}"
    if ctype == "number":
        match = _QUANTIFIED.match(text)
        number = numeral_value(match.group("number") if match else text)
        return f"{number}" if number is not None else None
    return None


def split_between(raw: object) -> tuple[str, str]:
    """``下限~上限`` (also ～ and 至): both ends, as written."""
    text = nfkc(str(raw or ""))
    parts = _BETWEEN.split(text)
    if len(parts) != 2 or not all(part.strip() for part in parts):
        raise BadValue(f"介于的值应写成“下限~上限”（也可用 ～ 或 至），而不是“{text}”")
    return parts[0].strip(), parts[1].strip()


def split_words(raw: object) -> tuple[str, ...]:
    words = tuple(dict.fromkeys(w for w in (nfkc_collapse(p) for p in _LIST_SEPARATORS.split(nfkc(_shown(raw)))) if w))
    if not words:
        raise BadValue("属于/不属于的值应列出一项或几项，以、分隔")
    for word in words:  # 制造业或软件和信息技术服务业, copied from the notice, is one word no cell ever equals
        joiner = next((j for j in ("或", "/") if j in word), None)
        if joiner:
            raise BadValue(f"“{word}”含“{joiner}”，会被当作一项整体比较；几项请以、分隔（如 {_listed_example(word, joiner)}）")
    return words


def _is_word(part: str) -> bool:
    """A part that reads as a word: a letter or digit, no markup sign, its brackets paired."""
    depth = 0
    for char in part:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or char in "<>":
            return False
    return depth == 0 and bool(re.search(r"\w", part))


def _listed_example(word: str, joiner: str) -> str:
    """The word written as a list, for the refusal's example: its parts at the joiner when there are
    two or more and each is a word (制造业/软件 → 制造业、软件); otherwise (<i>软件</i>, whose / closes a
    tag and whose parts <i>软件< and i> are no words; 制造业或, one part) an example of the form."""
    parts = [p for p in (q.strip() for q in word.split(joiner)) if p]
    if len(parts) >= 2 and all(_is_word(p) for p in parts):
        return "、".join(parts)
    return "制造业、软件和信息技术服务业"


# --- cells -------------------------------------------------------------------------------------


def parse_cell(condition: Condition, cell) -> tuple[object, str, str | None]:
    """(value in the type's unit, display text, note) of an application's cell; Unreadable if
    the cell is not in the type's form. A character that shows as nothing (a zero-width space pasted
    with 制造业 or 否) is read past and named in the note, as the workbook's own fields are (h137, h139:
    制造业<ZWSP> failed = 制造业, 否<ZWSP> was unreadable)."""
    raw = cell.value
    if isinstance(raw, str) and not raw.isascii() and has_hidden(raw) and strip_hidden(raw).strip():
        value, shown, note = _parse_cell(condition, dataclasses.replace(cell, value=strip_hidden(raw)))
        return value, shown, "；".join(filter(None, [note, HIDDEN_READ_PAST.format(hidden_characters(raw))]))
    return _parse_cell(condition, cell)


def _parse_cell(condition: Condition, cell) -> tuple[object, str, str | None]:
    ctype = condition.ctype
    header = cell.header or condition.label
    if ctype in AMOUNT_UNITS:
        return _amount_cell(ctype, cell, header)
    value = _parse_typed(ctype, cell.value, percent_formatted=getattr(cell, "percent", False),
                         header_percent=header_is_percent(header), bound=False)
    if ctype == "text" and _PLACEHOLDER.fullmatch(value) and value not in condition.words and not _none_answers(condition, value, header):
        # 所属行业 “—” or “无” under 不属于 房地产业 passed: a dash or 无 where one word is asked says nothing of
        # it (a 文本列表's 无 is a list of none, and a condition whose own word is 无 reads it as written)
        raise Unreadable(FORMS[ctype], f"未写明{header}")
    if ctype == "number" and value < 0 and counts_things(condition, header, cell.value):
        # 从业人数 -5 passed 从业人员1000人以下 (and failed 不少于10人) as if a figure: a count of people, patents
        # or firms is never below 0, so the cell is mistyped; an input finding (as a negative amount of the
        # application's own is), the condition not decided on it
        raise Unreadable("不小于 0 的数（人数、件数等不能为负数），如 120、120人", f"为负数 {format_decimal(value)}")
    return value, display(ctype, value), None


# a 数值 that counts something (从业人数, 专利数量, 120人): a header naming a count, a count word after the figure
_COUNT_HEADER = re.compile(r"人数|人员|职工|员工|件数|个数|项数|家数|台数|套数|户数|次数|数量|\((?:人|名|个|项|家|件|台|套|户|次)\)")
_COUNT_WORDS = "人名个项家件台套次户"  # not 分: a score may be negative
_CHANGE_HEADER = re.compile(r"新增|净增|增加|增长|增减|减少|变动|变化|较上年|比上年|同比")


def counts_things(condition: Condition, header: str, raw: object = None) -> bool:
    """Whether a 数值 condition counts things, so that a negative cell is no figure but a slip: its header or 列名
    names a count, the cell or 值 writes a count word after the figure, or the wording states its figure with one
    (从业人员1000人以下); not when the condition's own bound is negative (a 数值 that may be)."""
    if isinstance(condition.low, Decimal) and condition.low < 0:
        return False
    if any(_CHANGE_HEADER.search(header_key(h or "")) for h in (header, *condition.headers)):
        # a change in a count (新增就业人数, 从业人员增长数) is below 0 when the count fell: a true figure (h140: -3 was
        # "人数不能为负数" and the condition 待补充, where it fails 新增就业人数不少于10人)
        return False
    if any(_COUNT_HEADER.search(header_key(h or "")) for h in (header, *condition.headers)):
        return True
    if any(nfkc(str(text)).strip().endswith(tuple(_COUNT_WORDS)) for text in (raw, condition.value_text) if text is not None):
        return True
    return any(written.endswith(tuple(_COUNT_WORDS)) for written in wording_figures(condition.wording, "number").values())


def _none_answers(condition: Condition, value: str, header: str) -> bool:
    """Whether 无 (没有) is the cell's answer, not a placeholder: where the 值 asks whether something is there
    (≠ 有, 不属于 有、是) or the column asks it (是否有重大事故, 有无违法记录), or where 属于/= asks for one word
    (荣誉 无 under 属于 省级智能工厂: none is held, and it fails as written); not where a word is 否 (= 否: 无 may
    mean it, and 无 ≠ 否 would fail an applicant who says no)."""
    words = set(condition.words)
    if value not in ("无", "没有") or words & {"否", "没有", "不是"}:
        return False  # under = 否 or ≠ 否, 无 may say 否 or not: needs review
    if condition.op in ("in", "eq"):
        return True
    return bool({"有", "是"} & words) or bool(re.search(r"是否|有无", header_key(header or "")))


# what a form holds where nothing was written: a dash, a slash, 无, 暂无, 不详…
_PLACEHOLDER = re.compile(r"[-—–―－_/\\×xX*.…·、]+|无|暂无|没有|不详|未知|未填|未填写|空|空白|待定|待填|待补充|N/?A|n/?a|null|None")


def _amount_cell(ctype: str, cell, header: str):
    unit = AMOUNT_UNITS[ctype]
    stated = cell.unit or header_unit(header)
    if is_foreign_unit(stated):  # 万美元: no 人民币 figure to compare with the condition's
        raise Unreadable(FORMS[ctype], f"金额单位为{stated}，不是人民币，无法与本条件比较")
    # the header's own unit, or the one the table states above its header (金额单位：元)
    said = "列名单位" if header_unit(header) == stated else "表头上方注明的金额单位"
    magnitude = _magnitude_amount(cell.value, unit)
    if magnitude is not None:  # 1千万元, 3千万, 一千万元: unread before (h141); the cell's own magnitude words win
        return magnitude, display(ctype, magnitude), f"按“{nfkc(str(cell.value)).strip()}”读取，换算为{unit}"
    written = written_unit(cell.value)
    if written is not None:  # 100万元, 伍佰万元整 in a 元 column: the cell's own unit wins, said once
        value, note = amount_as_written(cell.value, unit, allow_negative=True)
        notes = [note] if note else []
        if written == unit and stated and stated != written:
            notes.append(f"所填单位为{written}，未按{said}{stated}换算")
        return value, display(ctype, value), "；".join(notes)
    value, note = parse_amount(cell.value, stated or unit, allow_negative=True)
    notes = [note] if note else []
    if stated and stated != unit:  # 元, 万元, 亿元, and the other multiples of 元 a header may state (千元, 百万元)
        value = value * COLUMN_UNITS_YUAN[stated] / COLUMN_UNITS_YUAN[unit]
        notes.append(f"{said}为{stated}，换算为{unit}")
    elif not stated:
        notes.append(f"列名未注明单位，按{unit}读取")
    return value, display(ctype, value), "；".join(notes)




def _magnitude_amount(raw: object, unit: str) -> Decimal | None:
    """The amount in ``unit`` (万元 or 元) of a cell written with magnitude words (1千万元 is 1000 万元), or None."""
    if not isinstance(raw, str):
        return None
    yuan = magnitude_yuan(raw)
    return None if yuan is None else yuan / COLUMN_UNITS_YUAN[unit] * COLUMN_UNITS_YUAN["元"]


def _parse_typed(ctype: str, raw: object, *, percent_formatted: bool, header_percent: bool, bound: bool):
    if ctype in AMOUNT_UNITS:
        return parse_amount(raw, AMOUNT_UNITS[ctype], allow_negative=True)[0]
    if ctype == "number":
        return _number(raw)
    if ctype in ("percent", "share"):
        points = _percent(raw, percent_formatted, header_percent, bound)
        if ctype == "share" and not 0 <= points <= 100:
            raise Unreadable(FORMS["share"], f"占比 {format_decimal(points)}% 不在 0–100 之间")
        return points
    if ctype == "date":
        return parse_date(raw)
    if ctype == "years":
        return _years_value(raw) if bound else parse_date(raw)
    if ctype == "yesno":
        return parse_yes_no(raw)
    text = nfkc_collapse(_shown(raw))
    return text


def _refuse_spaced(raw: object, ctype: str) -> None:
    """Digits split by a space ("3 20人", "1 5%") were read as one figure (320, 15): unread, as an amount's are
    (checker.core.values.spaced_figure; a thousands grouping, 1 000, is read)."""
    spaced = spaced_figure(str(raw))
    if spaced is not None:
        raise Unreadable(FORMS[ctype], spaced_figure_detail(spaced))


def _number(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise Unreadable(FORMS["number"], f"布尔值 {raw}")
    if isinstance(raw, (int, float)):
        return decimal_from_cell(raw)
    if isinstance(raw, Decimal):
        return raw
    _refuse_spaced(raw, "number")
    text = nfkc(str(raw)).replace(" ", "")
    match = _QUANTIFIED.match(text)
    number = match.group("number") if match else text
    try:
        return decimal_from_text(number)
    except Unreadable as error:
        # 1千人, 一千人, 1.2万人: read exactly as the wording's 不超过三百人 is (h141); 三五人, 若干 stay unread
        worded = numeral_value(number) if re.fullmatch(r"-?[\d.零〇一二两三四五六七八九十百千万亿]+", number) else None
        if worded is not None:
            return worded
        raise Unreadable(FORMS["number"], error.detail) from error


def _percent(raw: object, percent_formatted: bool, header_percent: bool, bound: bool) -> Decimal:
    if isinstance(raw, bool):
        raise Unreadable(FORMS["percent"], f"布尔值 {raw}")
    if isinstance(raw, (int, float, Decimal)):
        value = raw if isinstance(raw, Decimal) else decimal_from_cell(raw)
        if percent_formatted:
            return value * 100  # the cell shows 12% and holds 0.12
        return _points(value, header_percent, bound)
    _refuse_spaced(raw, "percent")
    text = nfkc(str(raw)).replace(" ", "")
    worded = _percent_in_words(text)
    if worded is not None:  # 百分之五, 5个百分点, 3‰ (h141: unread, as the wording's own 百分之三 is read)
        return worded
    if text.endswith("%"):
        try:
            return decimal_from_text(text[:-1])
        except Unreadable as error:
            raise Unreadable(FORMS["percent"]) from error
    try:
        value = decimal_from_text(text)
    except Unreadable as error:
        raise Unreadable(FORMS["percent"]) from error
    return _points(value, header_percent, bound)


# a percentage written in words, exactly: 百分之五 5, 百分之2.5 2.5, 5个百分点 5, 3‰ and 千分之三 0.3, 负百分之五 -5
_PERCENT_WORDS = re.compile(r"(?P<sign>负|-)?(?:百分之(?P<per_cent>[^%‰]+)|千分之(?P<per_mille>[^%‰]+)|(?P<points>[^%‰]+)个百分点|(?P<mille>[^%‰]+)‰)")


def _percent_in_words(text: str) -> Decimal | None:
    found = _PERCENT_WORDS.fullmatch(text)
    if found is None:
        return None
    written = found["per_cent"] or found["per_mille"] or found["points"] or found["mille"]
    value = numeral_value(written) if not written.startswith(("-", "负")) else None
    if value is None:
        return None
    value = value / 10 if (found["per_mille"] or found["mille"]) else value
    return -value if found["sign"] else value


def _points(value: Decimal, header_percent: bool, bound: bool) -> Decimal:
    if 0 < value < 1 and not header_percent:
        where = "值" if bound else "列名未注明 %，"
        raise Unreadable(
            "写明 %，如 12% 或 0.12%",
            f"{format_decimal(value)} 在 0 与 1 之间，{where}无法确定是 {format_decimal(value)}% 还是 {format_decimal(value * 100)}%",
        )
    return value


def _years_value(raw: object) -> int:
    if isinstance(raw, bool):
        raise Unreadable("整数年数，如 3")
    written = getattr(raw, "text", None) if isinstance(raw, float) else None
    if written is not None:  # a JSON or YAML file's number, every digit: 2.9999999999999999 is not 3
        exact = json_decimal(written)
        if exact == exact.to_integral_value() and exact >= 0:
            return int(exact)
        raise Unreadable("整数年数，如 3、3年、三年", f"“{written}”不是整数年数")
    if isinstance(raw, (int, float)) and float(raw).is_integer() and raw >= 0:
        return int(raw)
    text = nfkc(str(raw)).replace(" ", "").removesuffix("年")
    if not text.isdigit() or not text.isascii():
        raise Unreadable("整数年数，如 3、3年、三年", f"“{_shown(raw)}”不是整数年数")
    return int(text)


def _shown(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and getattr(raw, "text", None) is not None:
        return raw.text  # a JSON file's number, as written
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()[:10]
    return str(raw)


# --- words for reports ---------------------------------------------------------------------------


def display(ctype: str, value) -> str:
    if ctype in AMOUNT_UNITS:
        return f"{format_decimal(value)} {AMOUNT_UNITS[ctype]}"
    if ctype in ("percent", "share"):
        return f"{format_decimal(value)}%"
    if ctype == "number":
        return format_decimal(value)
    if ctype == "years":
        return f"{value} 年" if isinstance(value, int) else value.isoformat()
    if ctype == "date":
        return value.isoformat()
    if ctype == "yesno":
        return "是" if value else "否"
    return str(value)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_completed(start: dt.date, on: dt.date) -> int:
    """Whole years from ``start`` to ``on``: the largest n with start + n years ≤ on (negative when
    ``start`` is after ``on``). 满 N 年 ⇔ years_completed ≥ N."""
    years = on.year - start.year
    while add_years(start, years) > on:
        years -= 1
    while add_years(start, years + 1) <= on:
        years += 1
    return years


def scaled(number: Decimal, scale: int) -> int | None:
    """number × 10^scale as an exact int (``scale`` is at least the number's decimals), or None
    when it has more than 19 digits: beyond the engine's 64-bit integers."""
    sign, digits, exponent = number.as_tuple()
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + scale
    if coefficient and len(str(coefficient)) + shift > 19:
        return None
    value = coefficient * 10**shift if shift >= 0 else coefficient // 10**-shift
    return -value if sign else value


def as_decimal(value) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - values are parsed above
        raise BadValue(str(value)) from error
