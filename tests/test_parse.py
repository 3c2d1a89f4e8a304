"""Reading values exactly: numbers, dates, answers, USCCs and registered addresses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.core.values import (Unreadable, chinese_count, normalise_uscc, parse_amount, parse_count, parse_date, parse_yes_no,
                                  validate_uscc, wan_to_fen)
from checker.check.region import classify_address


@pytest.mark.parametrize(
    "raw,expected,note",
    [
        (100, Decimal("100"), None),
        (100.0, Decimal("100"), None),
        (99.99999999999999, Decimal("100"), None),  # Excel shows 15 significant digits
        (99.995, Decimal("99.995"), None),
        ("100.00", Decimal("100.00"), None),
        ("1,000,000", Decimal("1000000"), None),
        ("１２０", Decimal("120"), None),
        ("100万元", Decimal("100"), None),
        ("1,000,000元", Decimal("100"), "按元换算为万元"),
        ("1.2亿元", Decimal("12000.0"), "按亿元换算为万元"),
        ("0.5亿", Decimal("5000.0"), "按亿元换算为万元"),
        (" 120 ", Decimal("120"), None),
    ],
)
def test_amounts_in_wan_are_exact(raw, expected, note):
    assert parse_amount(raw, "万元") == (expected, note)


@pytest.mark.parametrize("raw", ["约120万", "一百", "1,00,000", "12.5.3", "", "-5", True])
def test_unreadable_amounts_name_the_expected_form(raw):
    with pytest.raises(Unreadable):
        parse_amount(raw, "万元")


@pytest.mark.parametrize(
    "raw,unit,expected,note",
    [
        ("¥1,000,000.00", "元", Decimal("1000000.00"), None),
        ("￥100万元", "万元", Decimal("100"), None),
        ("￥ 120", "万元", Decimal("0.012"), "按元换算为万元"),  # the yuan sign is 元 (README: a cell's own unit wins)
        ("1亿2000万元", "万元", Decimal("12000"), "按亿/万分段金额读取；按元换算为万元"),
        ("3万5000元", "元", Decimal("35000"), "按亿/万分段金额读取"),
        ("壹佰万元整", "万元", Decimal("100"), "按大写金额“壹佰万元整”读取；按元换算为万元"),
        ("人民币壹佰零伍万元整", "元", Decimal("1050000"), "按大写金额“人民币壹佰零伍万元整”读取"),
        ("壹亿贰仟万元", "万元", Decimal("12000"), "按大写金额“壹亿贰仟万元”读取；按元换算为万元"),
        ("贰仟叁佰元伍角陆分", "元", Decimal("2300.56"), "按大写金额“贰仟叁佰元伍角陆分”读取"),
        ("拾万元", "元", Decimal("100000"), "按大写金额“拾万元”读取"),
        # magnitude words in 小写 (twenty-ninth session: as round conditions read them)
        ("一百二十万元", "万元", Decimal("120"), "按“一百二十万元”读取；按元换算为万元"),
    ],
)
def test_amounts_people_write_are_read_exactly_and_say_how(raw, unit, expected, note):
    value, how = parse_amount(raw, unit)
    assert (value, how) == (expected, note)


@pytest.mark.parametrize("raw", ["壹贰万元", "零佰元", "叁拾拾元", "壹佰万万元", "1亿2亿", "元整", "¥", "约壹佰万元"])
def test_amounts_in_no_documented_form_stay_unreadable(raw):
    with pytest.raises(Unreadable):
        parse_amount(raw, "万元")


def test_negative_amounts_only_where_allowed():
    with pytest.raises(Unreadable):
        parse_amount("-¥100", "元")
    assert parse_amount("-¥100", "元", allow_negative=True) == (Decimal("-100"), None)


def test_money_reaches_the_engine_as_whole_fen_rounded_down():
    assert wan_to_fen(Decimal("100")) == 100_000_000
    assert wan_to_fen(Decimal("99.995")) == 99_995_000
    assert wan_to_fen(Decimal("99.99999999")) == 99_999_999


@pytest.mark.parametrize(
    "raw",
    ["2020-07-01", "2020/7/1", "2020年7月1日", "2020 年 7 月 1 日", "2020.7.1", "20200701", "2020-07-01 00:00:00",
     44013, 44013.0, "44013", dt.datetime(2020, 7, 1, 9, 30), dt.date(2020, 7, 1),
     "2020年7月1号", "二〇二〇年七月一日", "二○二○年七月一日", "二零二零年七月一号", "二〇二〇 年 七 月 一 日"],
)
def test_dates_in_every_contract_form(raw):
    assert parse_date(raw) == dt.date(2020, 7, 1)


@pytest.mark.parametrize("raw,expected", [("二〇二四年十二月三十一日", dt.date(2024, 12, 31)), ("二〇二四年十月十日", dt.date(2024, 10, 10)),
                                          ("二〇二四年二月二十九日", dt.date(2024, 2, 29)), ("一九九九年一月二十日", dt.date(1999, 1, 20))])
def test_dates_in_chinese_numerals_as_documents_are_dated(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw,expected", [("2020-04-03T09:30:00+08:00", dt.date(2020, 4, 3)),
                                          ("2020-04-03 09:30:00+0800", dt.date(2020, 4, 3)),
                                          ("2020-04-03T23:30:00Z", dt.date(2020, 4, 4)),
                                          ("2020-04-03T16:00:00.250-05:00", dt.date(2020, 4, 4))])
def test_a_time_with_its_zone_is_dated_in_beijing_time(raw, expected):
    """Systems export times with their zone (the draw ledger writes +08:00): they were unreadable.
    The day is the day in Weihai: 23:30 UTC is 07:30 the next morning there."""
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2020-02-30", "7月1日", "下周", 12.5, "2020-13-01",
                                 "二〇二三年二月二十九日", "二〇二四年十三月一日", "二〇二四年三月三十二日", "二〇二四年三月一十日",
                                 "二〇二四年三月", "二〇二四年三月四", "二〇二四年二十十月一日", "24/3/4", "3月4日",
                                 "二〇二四年十十月一日", "二〇二四年七月十十日", "二〇二四年七月二十十日",
                                 "2020-02-30T09:30:00+08:00", "2020-04-03T25:30:00+08:00", "12345", "99999"])
def test_unreadable_dates(raw):
    with pytest.raises(Unreadable):
        parse_date(raw)


@pytest.mark.parametrize("raw,expected", [("是", True), ("否", False), ("已签署", True), ("未签署", False), ("Y", True), ("无", False), ("Ｙ", True),
                                          ("✘", False), ("没有", False), ("未发生", False), ("不是", False),
                                          ("涉及", True), ("不涉及", False), ("未涉及", False)])  # 是否涉及资金
def test_yes_no(raw, expected):
    assert parse_yes_no(raw) is expected


def test_undecided_answer_is_unreadable_not_no():
    with pytest.raises(Unreadable):
        parse_yes_no("待定")


def test_uscc_normalised_and_check_character_verified():
    assert validate_uscc(normalise_uscc(" 91371002-ma3c8xk25f ")) == "91371002MA3C8XK25F"
    with pytest.raises(Unreadable, match="校验位错误"):
        validate_uscc("91371002MA3C8XK25X")
    with pytest.raises(Unreadable, match="长度"):
        validate_uscc("9137100")


def test_uscc_with_letters_in_positions_one_and_two_is_accepted():
    # GB 32100 allows N (民政-like) and Y (其他) registration authorities; python-stdnum rejects them.
    from checker.core.values import _USCC_ALPHABET, _USCC_WEIGHTS

    base = "Y1371002MA0000000"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(base, _USCC_WEIGHTS))
    code = base + _USCC_ALPHABET[(31 - total % 31) % 31]
    assert validate_uscc(code) == code


def test_uscc_with_another_scripts_digit_is_unreadable_not_a_crash():
    # \d took ٣ (Arabic-Indic three) for a digit, then the check alphabet had no place for it: ValueError
    with pytest.raises(Unreadable, match="含不允许的字符"):
        validate_uscc("NA٣00000MA3CXXXXX0")
    with pytest.raises(Unreadable, match="含不允许的字符"):
        validate_uscc("91٣71002MA3C8XK25F")


_USCC_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZab -٣１"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_USCC_CHARACTERS, min_size=17, max_size=19), st.booleans())
def test_uscc_check_agrees_with_stdnum_on_digit_led_codes(code, fix_check_character):
    """The fast check of a code in written form says what python-stdnum says (same code, same reason)."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    from checker.core.values import _USCC_ALPHABET, _USCC_WEIGHTS, _stdnum_reason

    code = "91" + code[2:]
    if fix_check_character and len(code) == 18 and all(c in _USCC_ALPHABET for c in code[:17]):
        total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS))
        code = code[:17] + _USCC_ALPHABET[(31 - total % 31) % 31]
    try:
        expected = ("valid", uscc.validate(code))
    except ValidationError as error:
        expected = ("unreadable", _stdnum_reason(error, code))
    if len(code) != 18:
        expected = ("unreadable", f"长度 {len(code)} 位")
    try:
        found = ("valid", validate_uscc(code))
    except Unreadable as error:
        found = ("unreadable", error.detail)
    assert found == expected


@pytest.mark.parametrize(
    "address,region,place",
    [
        ("山东省威海市环翠区世昌大道1号", "weihai", "环翠区"),
        ("威海市高区火炬路100号", "weihai", "火炬高技术产业开发区"),
        ("山东省荣成市石岛管理区", "weihai", "荣成市"),
        ("乳山市胜利街88号", "weihai", "乳山市"),
        ("威海经济技术开发区崮山镇", "weihai", "经济技术开发区"),
        ("威海市临港区草庙子镇", "weihai", "临港经济技术开发区"),
        ("威海南海新区", "weihai", "南海新区"),
        ("上海市静安区威海路88号", "outside", "上海"),
        ("山东省烟台市芝罘区", "outside", "山东省烟台市"),
        ("青岛市黄岛区", "outside", "青岛市"),
        ("威海高新技术产业开发区初村镇1号", "weihai", "火炬高技术产业开发区"),
        ("深圳市南山区科技园1号", "outside", "深圳市"),
        ("工业园市场路88号", "unknown", ""),
        ("威海路88号", "unknown", ""),
        ("临港区草庙子镇", "unknown", ""),
        ("世昌大道1号", "unknown", ""),
    ],
)
def test_registered_address_by_prefix_never_by_substring(address, region, place):
    result = classify_address(address)
    assert (result.region, result.place) == (region, place)


@pytest.mark.parametrize("raw,unit,expected", [
    ("￥990,000", "万元", (Decimal("99"), "按元换算为万元")),  # the yuan sign: 元, whatever the column
    ("RMB 1,000,000", "万元", (Decimal("100"), "按元换算为万元")),
    ("人民币1,000,000", "万元", (Decimal("100"), "按元换算为万元")),
    ("￥100万元", "万元", (Decimal("100"), None)),  # a unit after the number wins
    ("人民币100万", "万元", (Decimal("100"), None)),
    ("￥1,000.50", "元", (Decimal("1000.50"), None)),
    ("壹佰", "万元", (Decimal("100"), "按大写数字“壹佰”读取（未写单位，按本列单位万元）")),  # 大写 digits, no unit: the column's
    ("壹佰万", "万元", (Decimal("100"), "按大写金额“壹佰万”读取；按元换算为万元")),
    ("壹佰万元整", "万元", (Decimal("100"), "按大写金额“壹佰万元整”读取；按元换算为万元")),
])
def test_currency_signs_mean_yuan_and_bare_capital_numerals_take_the_columns_unit(raw, unit, expected):
    assert parse_amount(raw, unit) == expected


@pytest.mark.parametrize("raw,unit,expected", [
    ("100万元整", "万元", (Decimal("100"), None)),
    ("人民币100万元整", "万元", (Decimal("100"), None)),
    ("1,000,000.00元整", "万元", (Decimal("100"), "按元换算为万元")),
    ("999,999元整", "万元", (Decimal("99.9999"), "按元换算为万元")),
    ("1亿2000万元整", "万元", (Decimal("12000"), "按亿/万分段金额读取；按元换算为万元")),
    ("100万元正", "元", (Decimal("1000000"), "按万元换算为元")),
])
def test_figures_closed_with_zheng_are_read_as_the_amount_written(raw, unit, expected):
    # 整 after 元 ends an amount on forms written in figures as it does in 大写; "100万元整" was unreadable
    assert parse_amount(raw, unit) == expected


@pytest.mark.parametrize("raw", ["-0", "-0.00", -0.0, "-¥0"])
def test_a_negative_zero_is_zero(raw):
    value, _ = parse_amount(raw, "万元")
    assert value == 0 and not value.is_signed(), value


@pytest.mark.parametrize("raw,expected", [
    ("五份", 5), ("一式五份", 5), ("1式5份", 5), ("1 式 5 份", 5), ("两次", 2), ("第一名", 1), ("十二家", 12), ("二十", 20),
    ("一百零五", 105), ("一百一十", 110), ("三百", 300), ("九百九十九", 999), (" 五 ", 5), (5, 5), ("5份", 5), ("第3名", 3)])
def test_counts_as_clerks_write_them(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["五份多", "十余家", "若干", "几份", "一百五", "一百十", "一百零", "十十", "二二", "五.5", "一式", "第", "千"])
def test_counts_in_no_whole_number_form_stay_unreadable(raw):
    with pytest.raises(Unreadable):
        parse_count(raw)


def _written(number: int) -> str:
    """How a number from 1 to 999 is written in Chinese numerals (十二, 一百零五, 一百一十)."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
    text = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (digits[ones] if ones else "")


@given(st.integers(min_value=1, max_value=999))
def test_every_count_up_to_999_in_chinese_numerals_is_read(number):
    assert chinese_count(_written(number)) == number
    assert parse_count(f"{_written(number)}份") == number


@pytest.mark.parametrize("raw", ["十两", "二十两份", "两十", "两十五", "一百零两", "两百两十两"])
def test_liang_is_read_only_where_it_is_written_for_two(raw):
    """两 is 2 alone (两次) or before 百 (两百); 十两, 二十两 (twenty taels) and 两十 are no way a count is
    written (十二, 二十二, 二十): not guessed."""
    with pytest.raises(Unreadable):
        parse_count(raw)
    assert chinese_count(raw.removesuffix("份")) is None
