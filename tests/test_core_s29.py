"""The twenty-ninth session's own fixes outside speed: an amount written with Chinese magnitude words in an
application's money cell (1千万元 in 年度设备投入（万元）) is read exactly, as round conditions read it (h141's find:
the application's own columns left it unread)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.core.money import parse_amount
from checker.core.values import Unreadable


@pytest.mark.parametrize("written, wan, note", [
    ("1千万元", Decimal("1000"), "按“1千万元”读取；按元换算为万元"),
    ("3千万", Decimal("3000"), "按“3千万”读取；按元换算为万元"),
    ("一千万元", Decimal("1000"), "按“一千万元”读取；按元换算为万元"),
    ("2千5百万元", Decimal("2500"), "按“2千5百万元”读取；按元换算为万元"),
    ("十万元", Decimal("10"), "按“十万元”读取；按元换算为万元"),
])
def test_an_amount_in_magnitude_words_is_read_exactly(written, wan, note):
    assert parse_amount(written, "万元") == (wan, note)


def test_the_same_amount_in_a_yuan_column_is_in_yuan():
    assert parse_amount("1千万元", "元") == (Decimal("10000000"), "按“1千万元”读取")


@pytest.mark.parametrize("written", ["3千", "一百", "约一百万", "三五万元", "五年"])
def test_magnitude_words_without_a_unit_or_with_other_words_stay_unread(written):
    with pytest.raises(Unreadable):
        parse_amount(written, "万元")


def test_the_forms_read_before_are_read_as_before():
    assert parse_amount("1亿2000万元", "万元") == (Decimal("12000"), "按亿/万分段金额读取；按元换算为万元")
    assert parse_amount("壹佰万元整", "万元") == (Decimal("100"), "按大写金额“壹佰万元整”读取；按元换算为万元")
    assert parse_amount("100万元", "万元") == (Decimal("100"), None)
