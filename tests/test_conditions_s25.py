"""Round conditions (helper s25, a reviewer writing a 专精特新 notice's conditions, then testing them).

1. A 文本 or 文本列表 condition checks which items a cell lists, never how many: the wording
   拥有有效发明专利1项以上或实用新型专利5项以上 with 属于 发明专利、实用新型专利 passed 实用新型专利2项
   (review or blocking alike). A wording stating a count above one for such a condition is refused on load;
   a count of one (1项以上: at least one held) is what 属于 checks, and loads.
2. 不得低于3%, 不得少于10人, 不能超过70%, 不得晚于2019年12月31日 went unread (their 不得 was taken for an
   exclusion's, 低于500万元的企业不得申报), so 比较 < beside 不得低于3% loaded and judged every applicant the
   wrong way round. 不得/不能/不可/不应/不宜 before a bound word is its 不; an exclusion is still not read.
3. A wording in per mille (不低于3‰, 千分之三) was not read, so a 值 of 3% (ten times the bound) loaded; it is
   read as 0.3% and such a 值 refused.
4. A growth rate is no sum of two columns: 近2年主营业务收入平均增长率不低于5% written 金额（万元） ≥ 5 on the
   revenue column loaded and compared each revenue with 5 万元. A wording stating a percentage and no figure
   of a 金额, 数值 or 年限 type is refused, pointing to a column holding the rate.
"""

from __future__ import annotations

import json

import pytest

from checker.check.conditions.read import load_conditions
from checker.errors import InputError

NOTICE = {"文号": "威工信字〔2024〕5号", "标题": "关于组织开展2024年度专精特新中小企业申报工作的通知", "发布日期": "2024-04-01"}


def _file(tmp_path, *rows):
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps({"通知": NOTICE, "条件": list(rows)}, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def _refused(tmp_path, *rows) -> str:
    with pytest.raises(InputError) as error:
        load_conditions(_file(tmp_path, *rows))
    return str(error.value)


PATENTS = {"条件编号": "6", "条件": "拥有有效发明专利1项以上或实用新型专利5项以上", "依据": "第二条（六）", "列名": "知识产权",
           "类型": "文本列表", "比较": "属于", "值": "发明专利、实用新型专利", "严重程度": "复核"}


@pytest.mark.parametrize("changes,said", [
    ({}, "5项"),
    ({"严重程度": "否决"}, "5项"),
    ({"条件": "拥有有效发明专利两项以上", "类型": "文本", "值": "发明专利"}, "两项"),
    ({"条件": "近三年获得授权专利3件（含）以上", "值": "发明专利"}, "3件"),
])
def test_a_text_condition_whose_wording_states_a_count_is_refused(tmp_path, changes, said):
    row = {**PATENTS, **changes}
    kind = row["类型"]
    assert _refused(tmp_path, row) == (
        f"c.yaml 第 1 行的条件第 1 项（条件编号 6）：条件原文“{row['条件']}”写有数量“{said}”，而类型“{kind}”"
        "只核对所填的是哪些项，不核对数量（少于该数量的也会判为符合）；"
        "请另设一列填写数量，用“数值”类型核对（以“或”列出的几种情形，每种写一条“复核”条件）。")


@pytest.mark.parametrize("changes", [
    {"条件": "拥有有效发明专利1项（含）以上", "值": "发明专利"},  # one: held at all, what 属于 checks
    {"条件": "拥有与主导产品相关的有效知识产权"},
    {"比较": "不属于", "条件": "未列入5家以上企业的失信名单", "值": "失信被执行人"},  # 不属于: no count of items held
    {"条件": "上年度营业收入1000万元以上"},  # no count of items
])
def test_a_text_condition_with_no_count_or_a_count_of_one_loads(tmp_path, changes):
    condition = load_conditions(_file(tmp_path, {**PATENTS, **changes})).conditions[0]
    assert (condition.rule_id, condition.wording) == ("COND-6", {**PATENTS, **changes}["条件"])


GROWTH = {"条件编号": "3", "依据": "第二条（三）", "列名": "研发费用占比", "类型": "占比（%）", "值": "3%"}


@pytest.mark.parametrize("changes,said,shown", [
    ({"条件": "研发费用占营业收入比重不得低于3%", "比较": "<"}, "不得低于”（≥）", "<”"),
    ({"条件": "从业人员不得少于10人", "列名": "从业人数", "类型": "数值", "值": "10", "比较": "<"}, "不得少于”（≥）", "<”"),
    ({"条件": "资产负债率不能超过70%", "列名": "资产负债率", "值": "70%", "比较": ">"}, "不能超过”（≤）", ">”"),
    ({"条件": "资产负债率不应高于70%", "列名": "资产负债率", "值": "70%", "比较": "不低于"}, "不应高于”（≤）", "不低于”（≥）"),
    ({"条件": "成立日期不得晚于2019年12月31日", "列名": "成立日期", "类型": "日期", "值": "2019-12-31", "比较": ">"},
     "不得晚于”（≤）", ">”"),
])
def test_a_must_not_bound_is_read_as_its_bound(tmp_path, changes, said, shown):
    row = {**GROWTH, **changes}
    assert _refused(tmp_path, row) == (
        f"c.yaml 第 1 行的条件第 1 项（条件编号 3）：条件原文“{row['条件']}”写的是“{said}，"
        f"而比较写的是“{shown}；请按通知原文核对比较或条件原文。")


@pytest.mark.parametrize("changes,op", [
    ({"条件": "研发费用占营业收入比重不得低于3%", "比较": "≥"}, "ge"),
    ({"条件": "资产负债率不能超过70%", "列名": "资产负债率", "值": "70%", "比较": "≤"}, "le"),
    # an exclusion's 不得 states the bound that bars: not read (≥ 500 is the condition to meet)
    ({"条件": "营业收入低于500万元的企业不得申报", "列名": "营业收入", "类型": "金额（万元）", "值": "500", "比较": "≥"}, "ge"),
    # 不得少于10人且不得超过1000人 states both bounds: 介于 loads
    ({"条件": "从业人员不得少于10人，且不得超过1000人", "列名": "从业人数", "类型": "数值", "值": "10~1000", "比较": "介于"}, "between"),
])
def test_a_must_not_bound_with_its_comparison_loads(tmp_path, changes, op):
    condition = load_conditions(_file(tmp_path, {**GROWTH, **changes})).conditions[0]
    assert (condition.rule_id, condition.op) == ("COND-3", op)


def test_a_must_not_pair_of_bounds_with_one_comparison_is_refused(tmp_path):
    row = {**GROWTH, "条件": "从业人员不得少于10人，且不得多于1000人", "列名": "从业人数", "类型": "数值", "值": "10", "比较": "≥"}
    assert _refused(tmp_path, row) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 3）：条件原文“从业人员不得少于10人，且不得多于1000人”写有下限和上限两个界限"
        "（10人、1000人），而比较只核对其中一个；请用“介于”（值写 10~1000），或分写为两条条件。")


@pytest.mark.parametrize("wording,said", [("研发费用占营业收入比重不低于3‰", "3‰"), ("研发费用占营业收入比重不低于千分之三", "千分之三")])
def test_a_per_mille_wording_with_a_per_cent_value_is_refused(tmp_path, wording, said):
    row = {**GROWTH, "条件": wording, "比较": "≥"}
    assert _refused(tmp_path, row) == (
        f"c.yaml 第 1 行的条件第 1 项（条件编号 3）：条件原文“{wording}”写的是 {said}（即 0.3%），"
        "而值“3%”按类型“占比（%）”读作 3%；请核对值及其单位与条件原文一致。")


@pytest.mark.parametrize("wording,value,low", [("研发费用占营业收入比重不低于3‰", "0.3%", "0.3"),
                                               ("研发费用占营业收入比重不低于千分之二点五", "0.25%", "0.25")])
def test_a_per_mille_wording_with_its_value_loads(tmp_path, wording, value, low):
    condition = load_conditions(_file(tmp_path, {**GROWTH, "条件": wording, "比较": "≥", "值": value})).conditions[0]
    assert (condition.op, str(condition.low)) == ("ge", low)


@pytest.mark.parametrize("changes,said,kind", [
    ({"条件": "近2年主营业务收入平均增长率不低于5%", "列名": "主营业务收入（万元）", "类型": "金额（万元）", "值": "5"}, "5%", "金额（万元）"),
    ({"条件": "研发费用占营业收入比重不低于百分之三", "列名": "研发费用", "类型": "数值", "值": "3"}, "百分之三", "数值"),
])
def test_a_rate_wording_on_an_amount_or_count_type_is_refused(tmp_path, changes, said, kind):
    row = {**GROWTH, "比较": "≥", **changes}
    assert _refused(tmp_path, row) == (
        f"c.yaml 第 1 行的条件第 1 项（条件编号 3）：条件原文“{row['条件']}”写的是百分数 {said}，而类型“{kind}”比较的不是百分数；"
        "增长率、占比等请用“百分比”或“占比（%）”类型，读取填写该百分数的列（一条条件只读取一列，不由两年的金额计算增长率）。")


@pytest.mark.parametrize("changes", [
    {"条件": "近2年主营业务收入平均增长率不低于5%", "列名": "主营业务收入平均增长率", "类型": "百分比", "值": "5%"},
    # a percentage beside the type's own figure: the money part is this condition's
    {"条件": "研发费用占营业收入比重不低于3%且研发费用不低于100万元", "列名": "研发费用（万元）", "类型": "金额（万元）", "值": "100"},
    # a fall written as a rate on a profit column is left to the reviewer (下降, 亏损…)
    {"条件": "利润下降不超过5%", "列名": "利润总额（万元）", "类型": "金额（万元）", "值": "-5"},
])
def test_a_rate_wording_on_its_own_type_or_beside_the_types_figure_loads(tmp_path, changes):
    condition = load_conditions(_file(tmp_path, {**GROWTH, "比较": "≥", **changes})).conditions[0]
    assert (condition.rule_id, condition.wording) == ("COND-3", changes["条件"])
