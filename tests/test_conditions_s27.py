"""Session 27: conditions refused though written right.

1. A range in another clause of the wording (项目于2023年1月1日至2023年12月31日期间完工，注册时间在2020年1月1日前;
   设备投入100万元以上，项目总投资500万元至5000万元) made helper-129's one-end check refuse a one-sided
   comparison of this column's own bound: a range is the condition's only when it holds the wording's only
   figures of the kind.
2. A date condition beside a length of time (成立满1年（2023年6月30日前注册） with ≤ 2023-06-30) was refused as
   写的是“满”（≥）: 满 bounds the years, and the date's side is the other way round; the date's own words decide.
"""

from __future__ import annotations

from tests.test_check_s26 import _loaded

ROW = "c.yaml 第 1 行的条件第 1 项（条件编号 1）："


def _c(wording, column, kind, op, value) -> dict:
    return {"条件编号": "1", "条件": wording, "依据": "第二条", "列名": column, "类型": kind, "比较": op, "值": value}


def test_a_range_of_another_clause_leaves_this_columns_bound_alone(tmp_path):
    assert _loaded(tmp_path, _c("项目于2023年1月1日至2023年12月31日期间完工，企业注册时间在2020年1月1日前",
                                "注册日期", "日期", "≤", "2020-01-01")) == "COND-1 le"
    assert _loaded(tmp_path, _c("2023年度设备投入100万元以上，项目总投资500万元至5000万元",
                                "年度设备投入", "金额（万元）", "≥", "100")) == "COND-1 ge"


def test_a_range_that_is_the_wordings_only_figures_is_still_one_condition(tmp_path):
    assert _loaded(tmp_path, _c("营业收入100万元至500万元", "营业收入", "金额（万元）", "≥", "100")) == (
        ROW + "条件原文“营业收入100万元至500万元”写的是一个区间（100万元至500万元），而比较“≥”只核对其中一端，"
        "另一端以外的申请人也会被判为符合；请用“介于”（值写 100~500，两端都包括在内），或分写为两条条件。")


def test_a_length_of_time_beside_a_date_does_not_decide_the_dates_side(tmp_path):
    assert _loaded(tmp_path, _c("成立满1年（2023年6月30日前注册）", "注册日期", "日期", "≤", "2023-06-30")) == "COND-1 le"
    assert _loaded(tmp_path, _c("2023年6月30日前注册，成立满一年", "注册日期", "日期", "≤", "2023-06-30")) == "COND-1 le"
    assert _loaded(tmp_path, _c("成立满1年（2023年6月30日前注册）", "注册日期", "日期", "≥", "2023-06-30")) == (
        ROW + "条件原文“成立满1年（2023年6月30日前注册）”写的是“前”（≤ 或 <），而比较写的是“≥”；请按通知原文核对比较或条件原文。")
    # a 年限 condition still reads 满 as its own bound
    assert _loaded(tmp_path, _c("成立满1年", "注册日期", "年限", "≥", "1")) == "COND-1 ge"


def test_of_several_clauses_the_one_holding_the_conditions_value_gives_its_bound(tmp_path):
    """3. 2022年1月1日以来开工，2023年12月31日前（含）竣工 with 开工日期 ≥ 2022-01-01 was refused as 写的是“前(含)”: of two
    clauses with a date, the whole wording was read and the second's bound taken. The clause whose figure is the
    值 is read; a comparison contradicting that clause is still refused."""
    starting = "2022年1月1日以来开工，2023年12月31日前（含）竣工"
    assert _loaded(tmp_path, _c(starting, "开工日期", "日期", "≥", "2022-01-01")) == "COND-1 ge"
    assert _loaded(tmp_path, _c(starting, "竣工日期", "日期", "≤", "2023-12-31")) == "COND-1 le"
    two = "营业收入不低于500万元，研发费用不超过50万元"
    assert _loaded(tmp_path, _c(two, "研发费用", "金额（万元）", "≤", "50")) == "COND-1 le"
    assert _loaded(tmp_path, _c(two, "研发费用", "金额（万元）", "≥", "50")) == (
        ROW + f"条件原文“{two}”写的是“不超过”（≤），而比较写的是“≥”；请按通知原文核对比较或条件原文。")
