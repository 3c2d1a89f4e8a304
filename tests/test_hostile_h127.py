"""Hostile review s26 (helper 127): false refusals of a round conditions file.

The loader refuses conditions whose wording contradicts the comparison. A false refusal stops the reviewer's
whole run, so conditions written as notices word them, with the natural 类型/比较/值, must load.
"""

from __future__ import annotations

from tests.test_check_s26 import _industry, _loaded as _loaded_with

NOTICE = {"文号": "威工信字〔2021〕18号"}


def _c(number, wording, column, kind, op, value) -> dict:
    return {"条件编号": str(number), "条件": wording, "依据": "第二条", "列名": column, "类型": kind, "比较": op, "值": value}


def _loaded(tmp_path, *rows) -> str:
    """The conditions file's rule ids and comparisons, or the sentence refusing it (a notice of its 文号 only)."""
    return _loaded_with(tmp_path, *rows, notice=NOTICE)


NATURAL = [
    (_c(1, "近三年研发费用总额占销售收入总额的比例不低于3%", "研发费用占比", "百分比", "≥", "3%"), "ge"),
    (_c(1, "上年度主营业务收入2000万元以上（含）", "主营业务收入", "金额（万元）", "≥", "2000"), "ge"),
    (_c(1, "企业成立满1年以上", "成立日期", "年限", "≥", "1"), "ge"),
    (_c(1, "资产负债率不高于70%", "资产负债率", "百分比", "≤", "70%"), "le"),
    (_c(1, "资产负债率70%以下", "资产负债率", "百分比", "<", "70%"), "lt"),
    (_c(1, "资产负债率70%以下", "资产负债率", "百分比", "≤", "70%"), "le"),
    (_c(1, "从业人员10人以上", "从业人数", "数值", "≥", "10"), "ge"),
    (_c(1, "研发人员占职工总数10%以上", "研发人员占比", "占比（%）", "≥", "10%"), "ge"),
    (_c(1, "上年度营业收入不低于1亿元", "营业收入", "金额（万元）", "≥", "10000"), "ge"),
    (_c(1, "上年度营业收入不低于1亿元", "营业收入", "金额（万元）", "≥", "1亿元"), "ge"),
    (_c(1, "主营业务收入占营业收入比重达到70%以上", "主营业务收入占比", "占比（%）", "≥", "70%"), "ge"),
    (_c(1, "近2年主营业务收入平均增长率不低于5%", "主营业务收入平均增长率", "百分比", "≥", "5%"), "ge"),
    (_c(1, "近2年（2019-2020年）主营业务收入平均增长率不低于5%", "增长率", "百分比", "≥", "5"), "ge"),
    (_c(1, "拥有发明专利1项以上", "知识产权", "文本", "属于", "发明专利"), "in"),
    (_c(1, "拥有发明专利1项以上", "知识产权", "文本列表", "属于", "发明专利"), "in"),
    (_c(1, "近3年内被认定为高新技术企业", "企业资质", "文本", "属于", "高新技术企业"), "in"),
    (_c(1, "属于我市“7+N”产业集群重点企业", "产业集群", "文本", "属于", "7+N产业集群"), "in"),
    (_c(1, "2018年1月1日前注册", "注册日期", "日期", "<", "2018-01-01"), "lt"),
    (_c(1, "2018年1月1日以前注册", "注册日期", "日期", "<", "2018-01-01"), "lt"),
    (_c(1, "2021年6月30日前（含）注册", "注册日期", "日期", "≤", "2021-06-30"), "le"),
    (_c(1, "注册满3年", "成立日期", "年限", "≥", "3"), "ge"),
    (_c(1, "成立时间满三年", "成立日期", "年限", "≥", "三"), "ge"),
    (_c(1, "截至2020年底，成立满3年", "成立日期", "年限", "≥", "3"), "ge"),
    (_c(1, "企业成立3年以上（2018年5月1日前注册）", "成立日期", "年限", "≥", "3"), "ge"),
    (_c(1, "无重大安全、环保、质量事故", "是否发生事故", "是否", "=", "否"), "eq"),
    (_c(1, "近三年无重大安全生产事故（2019年1月1日以来）", "是否发生事故", "是否", "=", "否"), "eq"),
    (_c(1, "属于制造业企业", "所属行业", "文本", "属于", "制造业"), "in"),
    (_c(1, "企业上年度（2020年）营业收入达到500万元以上", "营业收入", "金额（万元）", "≥", "500"), "ge"),
    (_c(1, "上年度营业收入1000万元以上，且近2年营业收入平均增长率不低于10%", "营业收入", "金额（万元）", "≥", "1000"), "ge"),
    (_c(1, "上年度研发经费支出占营业收入比重不低于3%（营业收入1亿元以上的不低于2%）", "研发投入占比", "占比（%）", "≥", "2%"), "ge"),
    (_c(1, "从业人员1000人以下", "从业人数", "数值", "<", "1000"), "lt"),
    (_c(1, "营业收入2000万元至4亿元", "营业收入", "金额（万元）", "介于", "2000~40000"), "between"),
]


def test_conditions_worded_as_notices_word_them_load_with_the_natural_comparison(tmp_path):
    for row, op in NATURAL:
        assert (row["条件"], _loaded(tmp_path, row)) == (row["条件"], f"COND-1 {op}")


def test_two_conditions_on_different_columns_with_one_comparison_and_value_are_not_identical(tmp_path):
    pairs = [
        ("从业人数", "研发人员数", "数值", "≥", "10"),
        ("研发投入占比", "研发人员占比", "占比（%）", "≥", "3%"),
        ("营业收入", "主营业务收入", "金额（万元）", "≥", "1000"),
        ("是否发生安全事故", "是否发生环保事故", "是否", "=", "否"),
        ("成立日期", "注册日期", "年限", "≥", "3"),
        ("所属行业", "主营行业", "文本", "属于", "制造业"),
    ]
    for first, second, kind, op, value in pairs:
        rows = (_c(1, f"{first}条件", first, kind, op, value), _c(2, f"{second}条件", second, kind, op, value))
        assert _loaded(tmp_path, *rows).startswith("COND-1 "), (first, second)


def test_an_industry_code_among_other_words_needs_review_never_fails(tmp_path):
    """代码C34 and C34、I65 under 属于 制造业 failed (the whole cell is no section's name): an applicant in 制造业
    refused for how it wrote its code. Such a cell is a question for the reviewer, naming the codes; a code alone
    (also c34, Ｃ３４) is read by its section, and a section's name with a code in brackets is that name."""
    found = _industry(tmp_path, "制造业", ["C34", "c34", "Ｃ３４", "C3411 通用设备制造业", "代码C34", "C34、I65", "制造业（C34）"])
    # h151's wording: 填写为“…”，本轮条件要求… in words
    review = ("所属行业填写的“{cell}”含国民经济行业分类（GB/T 4754-2017）代码 {codes}，但不是单独一个代码，不能按代码的门类判定，"
              "需人工复核该企业所属行业，无法核对本条件（本轮条件要求属于“制造业”）。")
    assert found == {
        "C34": ("pass", "所属行业填写为“C34”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "c34": ("pass", "所属行业填写为“c34”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "Ｃ３４": ("pass", "所属行业填写为“C34”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "C3411 通用设备制造业": ("pass", "所属行业填写为“C3411 通用设备制造业”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "代码C34": ("missing", review.format(cell="代码C34", codes="C34")),
        "C34、I65": ("missing", review.format(cell="C34、I65", codes="C34、I65")),
        "制造业（C34）": ("pass", "所属行业填写为“制造业(C34)”，符合本条件（本轮条件要求属于“制造业”）。"),
    }
