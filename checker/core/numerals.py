"""Numbers written in Chinese numerals, as notices, forms and clerks write them: 三百 (300), 二〇一八
(2018), 一千零五 (1005), 2千万 (20,000,000), 1亿2000万, 贰仟万, 三点五 (3.5). Exact: Decimal.

Read by round conditions (their wording, 值 and cells: checker/check/conditions) and by the money
reader (checker/core/money.py: 1千万元 in an amount cell)."""

from __future__ import annotations

import re
from decimal import Decimal

from checker.core.text import nfkc

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2, "三": 3, "叁": 3, "參": 3,
              "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
              "九": 9, "玖": 9}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_DIGIT_CHARS = "".join(_CN_DIGITS)
_NUMERAL_CHARS = _DIGIT_CHARS + "".join(_CN_SMALL) + "".join(_CN_LARGE)


def numeral_value(written: str) -> Decimal | None:
    """A number written in arabic digits, Chinese numerals (小写 or 大写) or both: 三百 300, 二〇一八
    2018, 一千零五 1005, 2千万 20000000, 1亿2000万 120000000, 贰仟万 20000000, 三点五 3.5; None when
    it is no number (三五)."""
    text = nfkc(written or "").replace(",", "").replace("−", "-")
    text = "-" + text[1:] if text.startswith("负") else text  # 负5% is -5%
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    whole, _, fraction = text.partition("点")
    if fraction and not all(c in _CN_DIGITS for c in fraction):
        return None
    tokens = re.findall(r"\d+(?:\.\d+)?|.", whole)
    if not tokens:
        return None
    value: Decimal | None
    if not any(t in _CN_SMALL or t in _CN_LARGE for t in tokens):
        if len(tokens) == 1 and tokens[0][0].isdigit():
            value = Decimal(tokens[0])
        elif all(t in _CN_DIGITS for t in tokens) and len(tokens) in (1, 4):  # 三; 二〇一八 (a year), digit by digit; not 三五
            value = Decimal("".join(str(_CN_DIGITS[t]) for t in tokens))
        else:
            return None
    else:
        value = _numeral_sum(tokens)
        if value is None:
            return None
    if fraction:
        value += Decimal("0." + "".join(str(_CN_DIGITS[c]) for c in fraction))
    return sign * value


def _numeral_sum(tokens: list[str]) -> Decimal | None:
    total, section, number = Decimal(0), Decimal(0), None
    unit, zero = 0, False  # the last unit read, and whether a 零 came after it
    unit_large = 0  # the last 万 or 亿 read
    for token in tokens:
        if token[0].isdigit() or token in _CN_DIGITS:
            if number is not None and number != 0:
                return None  # two figures side by side: 三五, 3三
            number = Decimal(token) if token[0].isdigit() else Decimal(_CN_DIGITS[token])
            zero = zero or number == 0
        elif token in _CN_SMALL:
            section += (number if number is not None else 1) * _CN_SMALL[token]
            number, unit, zero = None, _CN_SMALL[token], False
        elif token in _CN_LARGE:
            section += number or 0
            if _CN_LARGE[token] == 10**8 or unit_large == 10**4:
                # 亿 multiplies all before it; so does a second 万 (一万二千万 is 12000 万, not 10000 + 2000 万)
                total = (total + section) * _CN_LARGE[token]
            else:
                total += section * _CN_LARGE[token]
            unit_large = _CN_LARGE[token]
            section, number, unit, zero = Decimal(0), None, _CN_LARGE[token], False
        else:
            return None
    if number and unit > 10 and not zero and len(tokens[-1]) == 1:
        # one digit after a unit, as said aloud: 一万二 is 12000, 三千五 3500, 一亿二 1.2 亿 (the next unit
        # down is left unsaid); 一千零五 (a 零 between) is 1005, 1万2000 (more digits) 12000, 十五 15
        number *= unit // 10
    return total + section + (number or 0)


# an amount written with Chinese magnitude words beside (or instead of) its digits, as applicants write it: 1千万元,
# 3千万, 2千5百万元, 一千万元 (h141: unread). Read exactly by numeral_value; only where 十/百/千 or a Chinese digit is
# written (1,000万元, 1.5亿元, 1亿2000万元 are the money reader's own forms) and the magnitude is said in 元, 万 or 亿
# (a bare 3千 says no unit: left unread)
_MAGNITUDE_AMOUNT = re.compile(r"(?P<number>-?[\d.零〇一二两三四五六七八九十百千万亿]*[十百千零〇一二两三四五六七八九]"
                               r"[\d.零〇一二两三四五六七八九十百千万亿]*)(?P<yuan>元整?)?")


def magnitude_yuan(raw: str) -> Decimal | None:
    """The amount in 元 of a text written with magnitude words (1千万元 is 10,000,000 元), or None."""
    found = _MAGNITUDE_AMOUNT.fullmatch(nfkc(raw).replace(" ", ""))
    if found is None or not (found["yuan"] or re.search(r"[万亿]", found["number"])):
        return None
    return numeral_value(found["number"])
