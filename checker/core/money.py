"""Money as people write it, read exactly: plain and grouped numbers, a ¥/￥ prefix, 万/亿 with or
without 元 (also compound, "1亿2000万元"), and 大写 amounts on cheques and forms ("壹佰万元整").

Every form converts to the column's unit (万元 or 元) with Decimal arithmetic, and the conversion
is reported, never applied silently. Anything else is :class:`Unreadable` (an INP- finding):
lower-case numerals ("一百二十"), "约120万", mixed forms. Nothing is guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from checker.core.numerals import magnitude_yuan
from checker.core.text import nfkc
from checker.core.values import NUMBER_FORM, Unreadable, decimal_from_cell, spaced_figure, spaced_figure_detail

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT_SUFFIX = re.compile(r"^(?P<number>.*?)(?P<unit>亿元|亿|万元|万|元)$")
# "1亿2000万元", "3万5000元": descending parts, each a plain number
_COMPOUND = re.compile(r"^(?:(?P<yi>\d+(?:\.\d+)?)亿)?(?:(?P<wan>\d+(?:\.\d+)?)万)?(?P<yuan>\d+(?:\.\d+)?)?元?$")
_PREFIXES = ("人民币", "RMB", "¥")  # NFKC turns the full-width ￥ into ¥

YUAN_PER_UNIT = {"亿元": Decimal(100_000_000), "亿": Decimal(100_000_000), "万元": Decimal(10_000),
                 "万": Decimal(10_000), "元": Decimal(1)}
# what a table may state as a column's unit besides 万元 and 元 (a header （千元）, a line 金额单位：百万元):
# exact multiples of 元, converted like them
COLUMN_UNITS_YUAN = {"元": Decimal(1), "十元": Decimal(10), "百元": Decimal(100), "千元": Decimal(1000), "万元": Decimal(10_000),
                     "十万元": Decimal(100_000), "百万元": Decimal(1_000_000), "千万元": Decimal(10_000_000),
                     "亿元": Decimal(100_000_000)}
# a money unit as a header or the lines above it state it: 人民币 before or after it is no part of it
MONEY_UNIT = re.compile(r"(?:人民币)?((?:十|百|千|十万|百万|千万|万|亿)?(?:元|美元|美金|欧元|港元|港币|日元|英镑|卢布|外币))(?:人民币)?")


_PER_UNIT = {**YUAN_PER_UNIT, **COLUMN_UNITS_YUAN}  # a cell's own unit, or its column's


def stated_money_unit(text: str) -> str | None:
    """The money unit a header's bracket, a units cell or a 单位： line states (NFKC'd, no spaces):
    元, 万元, 千元, 亿元…, or a foreign currency (美元, 万美元…); None when it states none."""
    match = MONEY_UNIT.fullmatch(text)
    return match.group(1) if match else None


def is_foreign_unit(unit: str | None) -> bool:
    """A stated unit that is no multiple of 元 (美元, 万港元): no amount in it can be compared with a 人民币 figure."""
    return unit is not None and unit not in COLUMN_UNITS_YUAN

# 大写 (financial) numerals; lower-case 一二三 are not accepted: they are not how amounts are written
_CAPITAL_DIGITS = {"零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_CAPITAL_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
_CAPITAL_CHARS = set(_CAPITAL_DIGITS) | set(_CAPITAL_SMALL) | set("万亿元圆角分整正")
_CAPITAL_UNITS = set("万亿元圆角分")  # a 大写 text with none of these is a bare number ("壹佰")
CAPITAL_FORM = "大写金额，如 壹佰万元整、贰仟叁佰元伍角"


_KIND_WORDS = {"bool": "单元格是逻辑值（TRUE/FALSE），不是金额", "datetime": "单元格是日期，不是金额",
               "date": "单元格是日期，不是金额", "time": "单元格是时间，不是金额", "timedelta": "单元格是时长，不是金额"}


def parse_amount(raw: object, column_unit: str, *, allow_negative: bool = False) -> tuple[Decimal, str | None]:
    """Parse money into the column's unit ('万元' or '元'); returns (value, conversion note).

    Text may carry its own unit ("100万元", "1,000,000元", "1亿2000万元", "￥1,000.50") or be
    written in 大写 ("壹佰万元整"); it is converted to the column's unit and the conversion is
    reported. Negative amounts are unreadable unless ``allow_negative`` (a profit may be negative,
    an investment never).
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _sign_checked(decimal_from_cell(raw), allow_negative), None
    if not isinstance(raw, str):
        raise Unreadable(NUMBER_FORM, _KIND_WORDS.get(type(raw).__name__, "单元格内容不是数字或文字"))
    spaced = spaced_figure(raw)
    if spaced is not None:
        raise Unreadable(NUMBER_FORM, spaced_figure_detail(spaced))
    text = nfkc(raw).replace(" ", "")
    sign, currency = "", None
    if text[:1] in "+-" and text[1:2] in ("¥", "人", "R"):  # "-¥100": the sign before the prefix
        sign, text = text[0], text[1:]
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text, currency = text[len(prefix):], prefix
            break
    text = sign + text
    if text.endswith(("元整", "元正")):  # "100万元整", "1,000,000.00元整": 整 closes the amount, as on forms
        text = text[:-1]
    if text and set(text) <= _CAPITAL_CHARS and set(text) & (set(_CAPITAL_DIGITS) | set(_CAPITAL_SMALL)):
        yuan = parse_capital(text)
        if not set(text) & _CAPITAL_UNITS and currency is None:
            # "壹佰" with no 元, 万, 亿, 角 or 分: a number written in 大写, in the column's unit like "100"
            return _converted(yuan, column_unit, column_unit, f"按大写数字“{nfkc(raw)}”读取（未写单位，按本列单位{column_unit}）")
        return _converted(yuan, "元", column_unit, f"按大写金额“{nfkc(raw)}”读取")
    magnitude = magnitude_yuan(text) if _MAGNITUDE_WORD.search(text) else None
    if magnitude is not None:  # 1千万元, 3千万, 一百万元: digits with magnitude words, read exactly
        return _converted(_sign_checked(magnitude, allow_negative), "元", column_unit, f"按“{nfkc(raw).strip()}”读取")
    compound = _compound(text)
    if compound is not None:
        return _converted(_sign_checked(compound, allow_negative), "元", column_unit, "按亿/万分段金额读取")
    # a currency sign or name without a unit after the number is an amount in 元 ("￥1,000,000",
    # "RMB 1,000,000", as on invoices and in the template's own instructions), not in the column's unit
    unit = column_unit if currency is None else "元"
    match = _UNIT_SUFFIX.match(text)
    if match:
        text = match.group("number")
        unit = {"万": "万元", "亿": "亿元"}.get(match.group("unit"), match.group("unit"))
    value = _sign_checked(decimal_from_text(text), allow_negative)
    if unit == column_unit:
        return value, None
    return _converted(value, unit, column_unit, None)


_MAGNITUDE_WORD = re.compile(r"[十百千零〇一二两三四五六七八九]")  # what magnitude_yuan reads that no other form here does


def _converted(value: Decimal, unit: str, column_unit: str, how: str | None) -> tuple[Decimal, str | None]:
    converted = value * _PER_UNIT[unit] / _PER_UNIT[column_unit]
    notes = [how] if how else []
    if unit != column_unit:
        notes.append(f"按{unit}换算为{column_unit}")
    return converted, "；".join(notes) or None


def decimal_from_text(text: str) -> Decimal:
    """A plain or comma-grouped decimal number, exactly; anything else is unreadable."""
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):
        raise Unreadable(NUMBER_FORM)
    return Decimal(text)


def _sign_checked(value: Decimal, allow_negative: bool) -> Decimal:
    if value < 0 and not allow_negative:
        raise Unreadable("不小于 0 的金额", f"负数 {value}")
    return value.copy_abs() if value.is_zero() else value  # "-0" is 0 (a report never shows "-0 万元")


def _compound(text: str) -> Decimal | None:
    """Two or more of 亿 / 万 / units, descending ("1亿2000万元"); None when the text is not one."""
    if text.count("亿") + text.count("万") == 0:
        return None
    match = _COMPOUND.match(text)
    if not match:
        return None
    parts = [match.group(name) for name in ("yi", "wan", "yuan")]
    if sum(part is not None for part in parts) < 2:
        return None  # one unit only: the plain suffix form ("100万元") reads it
    factors = (YUAN_PER_UNIT["亿"], YUAN_PER_UNIT["万"], Decimal(1))
    return sum((Decimal(part) * factor for part, factor in zip(parts, factors) if part is not None), Decimal(0))


# --- 大写 ---------------------------------------------------------------------------------------


def parse_capital(text: str) -> Decimal:
    """A 大写 amount in 元: "壹佰万元整" → 1000000, "贰仟叁佰元伍角陆分" → 2300.56."""
    body = text.rstrip("整正")
    integer, sep, fraction = body.replace("圆", "元").partition("元")
    if not sep and any(ch in body for ch in "角分"):
        integer, fraction = "", body  # "伍角": no 元 part
    if not integer and not fraction:
        raise Unreadable(CAPITAL_FORM, "没有数额")
    try:
        value = Decimal(_capital_integer(integer)) + _capital_fraction(fraction)
    except ValueError as error:
        raise Unreadable(CAPITAL_FORM, str(error)) from error
    return value


def _capital_integer(text: str) -> int:
    if not text:
        return 0
    head, sep, tail = text.partition("亿")
    if sep:
        if "亿" in tail:
            raise ValueError("“亿”出现两次")
        return _capital_wan(head) * 100_000_000 + _capital_wan(tail.lstrip("零"))
    return _capital_wan(text)


def _capital_wan(text: str) -> int:
    head, sep, tail = text.partition("万")
    if sep:
        if "万" in tail:
            raise ValueError("“万”出现两次")
        return _capital_section(head) * 10_000 + _capital_section(tail.lstrip("零"))
    return _capital_section(text)


def _capital_section(text: str) -> int:
    """Below 10000: digits, each followed by 仟/佰/拾 in descending order; 零 marks a gap."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _CAPITAL_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"“{text}”中两个数字相连")
            digit = _CAPITAL_DIGITS[ch]
        elif ch in _CAPITAL_SMALL:
            unit = _CAPITAL_SMALL[ch]
            if unit >= last_unit:
                raise ValueError(f"“{text}”中单位次序不对")
            if digit == 0:
                raise ValueError(f"“{text}”中“零”后接单位")
            total += (1 if digit is None and unit == 10 and total == 0 else _required(digit, text)) * unit
            digit, last_unit = None, unit
        else:
            raise ValueError(f"“{ch}”不是大写数字")
    return total + (digit or 0)


def _required(digit: int | None, text: str) -> int:
    if digit is None:
        raise ValueError(f"“{text}”中单位前缺少数字")
    return digit


def _capital_fraction(text: str) -> Decimal:
    if not text:
        return Decimal(0)
    match = re.fullmatch(r"(?:(?P<jiao>[壹贰叁肆伍陆柒捌玖])角)?零?(?:(?P<fen>[壹贰叁肆伍陆柒捌玖])分)?", text)
    if not match or not (match.group("jiao") or match.group("fen")):
        raise ValueError(f"角分部分“{text}”无法识别")
    jiao = _CAPITAL_DIGITS[match.group("jiao")] if match.group("jiao") else 0
    fen = _CAPITAL_DIGITS[match.group("fen")] if match.group("fen") else 0
    return Decimal(jiao) / 10 + Decimal(fen) / 100
