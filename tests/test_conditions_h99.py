"""Round conditions (helper-99, from helper-95's review): a 列名 reads the workbook's column of the same
header with another unit in brackets (or none), its amount converted by the header's unit, and the
evidence says which column and unit were read; notes on an amount say once what was done."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from checker.check.conditions.values import BadValue, split_words
from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05

CONDITION = ("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
             "  - {条件编号: 1, 条件: 上年度营业收入不低于100万元, 依据: 第二条, 列名: %s, 类型: %s, "
             "比较: ≥, 值: %s, 严重程度: 否决}\n")


def _check(tmp_path, column: str, headers: list[str], values: list, *, ctype="金额（万元）", value="100"):
    """One application with ``headers`` filled with ``values``, checked against one condition; the
    run's exit code and COND-1's (outcome, message, evidence), or the error."""
    (tmp_path / "c.yaml").write_text(CONDITION % (column, ctype, value), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([*APPLICATION, *headers])
    sheet.append([*APPLICATION.values(), *values])
    book.save(tmp_path / "t.xlsx")
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out",
                     "--quiet", "--per-case", "all")
    if result.exit_code == 2:
        return 2, result.stderr.strip()
    found = next(f for f in read_case(tmp_path / "out", "H28-1")["findings"] if f["rule_id"] == "COND-1")
    return result.exit_code, (found["outcome"], found["message"], found["evidence"])


# --- A: a 列名 reads the same header with another unit -------------------------------------------


@pytest.mark.parametrize("header,written,shown,note", [
    ("营业收入（元）", 999999, "99.9999 万元", "读取列“营业收入（元）”：列名单位为元，换算为万元"),
    ("营业收入（万元）", 100, "100 万元", "读取列“营业收入（万元）”：列名单位为万元"),
    ("营业收入（千元）", 1000, "100 万元", "读取列“营业收入（千元）”：列名单位为千元，换算为万元"),
    ("营业收入（亿元）", 0.0099, "99 万元", "读取列“营业收入（亿元）”：列名单位为亿元，换算为万元"),
    ("营业收入(单位：元)", 1000000, "100 万元", "读取列“营业收入(单位：元)”：列名单位为元，换算为万元"),
])
def test_a_bare_header_reads_the_column_with_a_unit_converting_it(tmp_path, header, written, shown, note):
    # 列名 营业收入 beside a workbook's 营业收入（元）: the run stopped (exit 2, column absent)
    code, (outcome, message, evidence) = _check(tmp_path, "营业收入", [header], [written])
    assert code in (0, 1)
    # h151's wording: 填写为…，本轮条件要求… in words
    assert message == (f"营业收入填写为 {shown}，符合本条件（本轮条件要求不低于 100 万元）。" if outcome == "pass"
                       else f"营业收入填写为 {shown}，本轮条件要求不低于 100 万元，不符合本条件。")
    assert evidence == {"营业收入": shown, "营业收入_note": note, "source": "申报汇总表!L2"}


@pytest.mark.parametrize("header,written,message,note", [
    ("营业收入", 100, "营业收入填写为 100 万元，符合本条件（本轮条件要求不低于 100 万元）。", "读取列“营业收入”：列名未注明单位，按万元读取"),
    ("营业收入（元）", 1000000, "营业收入（元）填写为 100 万元，符合本条件（本轮条件要求不低于 100 万元）。",
     "读取列“营业收入（元）”：列名单位为元，换算为万元"),
])
def test_a_header_with_a_unit_reads_the_column_without_it_or_with_another(tmp_path, header, written, message, note):
    code, found = _check(tmp_path, "营业收入（万元）", [header], [written])
    assert (code, found) == (0, ("pass", message, {"营业收入（万元）": "100 万元", "营业收入（万元）_note": note,
                                                   "source": "申报汇总表!L2"}))


def test_a_column_in_a_foreign_currency_is_asked_about_not_a_missing_column(tmp_path):
    code, (outcome, message, _) = _check(tmp_path, "营业收入", ["营业收入（万美元）"], [100])
    assert (code, outcome, message) == (1, "missing", "营业收入“100”无法识别，无法核对本条件（本轮条件要求不低于 100 万元）。")


def test_the_header_as_written_is_read_before_one_with_another_unit(tmp_path):
    # 营业收入（元） stands first in the workbook; the 列名's own 营业收入（万元） is read, the other compared
    code, found = _check(tmp_path, "营业收入（万元）", ["营业收入（元）", "营业收入（万元）"], [1000000, 100])
    assert (code, found) == (0, ("pass", "营业收入（万元）填写为 100 万元，符合本条件（本轮条件要求不低于 100 万元）。",
                                 {"营业收入（万元）": "100 万元", "source": "申报汇总表!M2"}))


def test_two_columns_of_the_header_with_different_units_that_disagree_are_both_named(tmp_path):
    code, (outcome, message, _) = _check(tmp_path, "营业收入", ["营业收入（万元）", "营业收入（元）"], [100, 2000000])
    assert (code, outcome) == (1, "missing")
    # h151: a conflict between the columns is said as such, not as a value that could not be read
    assert message == ("营业收入填写为 100 万元，与同一行的营业收入（元）“2000000”不一致，无法确定以哪一列为准，"
                       "无法核对本条件（本轮条件要求不低于 100 万元）。")


def test_another_header_is_still_no_match(tmp_path):
    code, error = _check(tmp_path, "营业收入", ["上年度营业收入（万元）"], [100])
    assert code == 2 and "读取的列“营业收入”在 t.xlsx (申报汇总表) 中不存在" in error


# --- B: wording -----------------------------------------------------------------------------------


def test_the_message_names_the_alias_column_read_not_the_first_alias(tmp_path):
    # 列名 营业收入（万元）、营业收入（元）, the value in 营业收入（元）: "营业收入（万元）为 100 万元" named a column the
    # workbook does not have
    code, found = _check(tmp_path, "营业收入（万元）、营业收入（元）", ["营业收入（元）"], [1000000])
    assert (code, found) == (0, ("pass", "营业收入（元）填写为 100 万元，符合本条件（本轮条件要求不低于 100 万元）。",
                                 {"营业收入（万元）": "100 万元", "营业收入（万元）_note": "读取列“营业收入（元）”：列名单位为元，换算为万元",
                                  "source": "申报汇总表!L2"}))


def test_an_amount_in_capitals_written_in_wan_yuan_has_no_yuan_conversion_note(tmp_path):
    code, found = _check(tmp_path, "营业收入（万元）", ["营业收入（万元）"], ["伍佰万元整"])
    assert found[2] == {"营业收入（万元）": "500 万元", "营业收入（万元）_note": "按大写金额“伍佰万元整”读取", "source": "申报汇总表!L2"}


def test_a_contract_amount_in_capitals_written_in_wan_yuan_has_no_yuan_conversion_note(tmp_path):
    row = {**APPLICATION, "年度设备投入（万元）": "伍佰万元整"}
    (tmp_path / "a.json").write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "a.json", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "H28-1")["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert found["evidence"]["equipment_investment_wan_note"] == "按大写金额“伍佰万元整”读取"


@pytest.mark.parametrize("written,note", [
    ("100万元", "所填单位为万元，未按列名单位元换算"),
    ("伍佰万元整", "按大写金额“伍佰万元整”读取；所填单位为万元，未按列名单位元换算"),
    ("1,000,000元", "按元换算为万元"),
    ("0.01亿元", "按亿元换算为万元"),
])
def test_an_amount_writing_its_unit_in_a_yuan_column_is_said_once(tmp_path, written, note):
    # 100万元 in 营业收入（元） was "按万元换算为元；列名单位为元，换算为万元": converted twice, in words
    code, (outcome, _, evidence) = _check(tmp_path, "营业收入（元）", ["营业收入（元）"], [written])
    assert (outcome, evidence["营业收入（元）_note"]) == ("pass", note)


def test_a_slash_in_a_belongs_to_value_gives_an_example_that_is_a_list():
    with pytest.raises(BadValue) as error:
        split_words("制造业、<i>软件</i>")
    assert str(error.value) == "“<i>软件</i>”含“/”，会被当作一项整体比较；几项请以、分隔（如 制造业、软件和信息技术服务业）"
    with pytest.raises(BadValue) as error:
        split_words("发明专利/实用新型专利")
    assert str(error.value) == "“发明专利/实用新型专利”含“/”，会被当作一项整体比较；几项请以、分隔（如 发明专利、实用新型专利）"


@pytest.mark.parametrize("ctype, written, read", [
    ("years", "三年", 3), ("years", "两年", 2), ("years", "三", 3),
    ("share", "百分之三", 3), ("percent", "百分之三点五", 3.5),
    ("amount_wan", "一千万元", 1000), ("amount_wan", "2千万元", 2000), ("amount_wan", "1亿2000万元", 12000),
    ("amount_yuan", "五百万", 5000000), ("number", "三百人", 300),
    # h105: a bare numeral is in the type's unit, as the digits are (一千 in 金额（万元） was read as 1000 元 = 0.1 万元)
    ("amount_wan", "一千", 1000), ("amount_wan", "三十", 30), ("amount_yuan", "五百", 500), ("amount_wan", "1.5千万", 1500),
    # said aloud, one digit after a unit stands for the next unit down
    ("amount_wan", "一万二千万元", 12000), ("number", "三千五", 3500), ("number", "两百五", 250), ("years", "十五", 15),
])
def test_a_bound_in_chinese_numerals_is_read_as_the_wording_is(ctype, written, read):
    """A 值 copied from the notice's words (满三年, 百分之三, 一千万元) was refused although the 条件 column's
    same words are read; now both read alike, and the wording check still compares them."""
    from decimal import Decimal

    from checker.check.conditions.values import parse_bound

    assert parse_bound(ctype, written) == Decimal(str(read))


@pytest.mark.parametrize("ctype, written, message", [
    ("years", "三五", "“三五”无法按类型读取（“三五”不是整数年数）；应为：整数年数，如 3、3年、三年"),
    ("years", "若干年", "“若干年”无法按类型读取（“若干年”不是整数年数）；应为：整数年数，如 3、3年、三年"),
    ("years", "两千万", "“两千万”无法按类型读取（“两千万”不是整数年数）；应为：整数年数，如 3、3年、三年"),
    ("amount_wan", "若干", "“若干”无法按类型读取；应为：金额，如 1000、1,000.5、1000万元、1.2亿元、壹仟万元整；单位万元"),
])
def test_a_bound_that_is_no_number_is_refused_naming_the_bound_form(ctype, written, message):
    """A 年限's 值 is a number of years: the refusal asked for a date (the applicant's cell's form)."""
    from checker.check.conditions.values import parse_bound

    with pytest.raises(BadValue) as refused:
        parse_bound(ctype, written)
    assert str(refused.value) == message


@pytest.mark.parametrize("written, value", [("一万二", 12000), ("三万五", 35000), ("一亿二", 120000000), ("三千五", 3500),
                                            ("一千零五", 1005), ("1万2000", 12000), ("12万5", 125000), ("十五", 15), ("一十二", 12),
                                            ("100万零5", 1000005), ("三五", None)])
def test_numerals_said_aloud_leave_the_next_unit_down_unsaid(written, value):
    """h105: 一万二 was read as 10002 and 一亿二 as 100000002, in a 条件's wording and (now) in its 值."""
    from decimal import Decimal

    from checker.check.conditions.model import numeral_value

    assert numeral_value(written) == (None if value is None else Decimal(value))
