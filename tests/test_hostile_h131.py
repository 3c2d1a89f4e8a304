"""Hostile review s27 (helper 131): regressions of today's load-time refusals and 文本 cell checks, with
conditions worded as 工信局 notices word them.

1. 属于批发和零售业以外的行业 with 不属于 批发和零售业 was refused (its 属于 read as asserting the word), and
   so was 企业非属于房地产业 with 不属于 (非属于 read as 属于), and a premise (注册地不在环翠区的，须在环翠区设立
   分支机构) with 属于: each stops the whole batch.
   营业收入、利润总额分别不低于500万元、50万元 with 利润总额 ≥ 50 was refused, the figure taken from the part naming it.
   A range with a negative end (增长率在-5%至10%之间, 负5%至10%) with 介于 -5%~10% was refused as 5%至10%.
2. A fall restating the bound (增长率不低于负10%（即降幅不超过10%）, 营业收入降幅不超过10% with 增长率 ≥ -10%) was
   refused as two bounds, or as the other side: a fall is not read.
3. Cells: a section's name holding 、 (信息传输、软件和信息技术服务业) was sent to review as two items (应为：一项，如
   信息传输): it is one item, compared as one, or under a word naming a part of it (软件和信息技术服务业) sent to
   review saying so; 制造业及软件和信息技术服务业 was said to list 制造业、软件、信息技术服务业 cut at 和; 无 as the answer
   (是否有重大事故 无 under ≠ 有, 荣誉 无 under 属于) was sent to review as a placeholder.
"""

from __future__ import annotations

from tests.test_hostile_h129 import ROW, _c, _loaded, _run


# --- 1. membership wordings ---------------------------------------------------------------------

def test_a_word_left_out_by_yiwai_or_feishuyu_or_a_premise_loads_with_its_own_comparison(tmp_path):
    assert _loaded(tmp_path, _c("属于批发和零售业以外的行业", "所属行业", "文本", "不属于", "批发和零售业")) == "COND-1 not_in"
    assert _loaded(tmp_path, _c("企业非属于房地产业", "所属行业", "文本", "不属于", "房地产业")) == "COND-1 not_in"
    assert _loaded(tmp_path, _c("企业注册地不在环翠区的，须在环翠区设立分支机构", "所在区市", "文本", "属于", "环翠区")) == "COND-1 in"
    # still read: the plain 属于 and 除…以外 as before
    assert _loaded(tmp_path, _c("主营业务属于制造业", "所属行业", "文本", "属于", "制造业")) == "COND-1 in"
    assert _loaded(tmp_path, _c("除烟草制品业外的制造业企业", "所属行业", "文本", "不属于", "烟草制品业")) == "COND-1 not_in"


def test_a_word_left_out_by_yiwai_or_feishuyu_with_the_asserting_comparison_is_refused(tmp_path):
    said = ROW + "条件原文“{wording}”在“{word}”前写的是“{said}”（不属于 或 ≠），而比较写的是“{shown}；按此核对，结论会与通知原文相反，请按通知原文核对比较或条件原文。"
    assert _loaded(tmp_path, _c("属于批发和零售业以外的行业", "所属行业", "文本", "属于", "批发和零售业")) == said.format(
        wording="属于批发和零售业以外的行业", word="批发和零售业", said="属于…以外", shown="属于”")
    assert _loaded(tmp_path, _c("企业非属于房地产业", "所属行业", "文本", "=", "房地产业")) == said.format(
        wording="企业非属于房地产业", word="房地产业", said="非属于", shown="=”")


def test_figures_stated_respectively_are_not_taken_from_the_part_naming_the_column(tmp_path):
    """营业收入、利润总额分别不低于500万元、50万元 with 利润总额 ≥ 50 was refused as 写的是 500万元: the part naming
    利润总额 (cut at 、) holds the first figure, which is the revenue's."""
    assert _loaded(tmp_path, _c("企业营业收入、利润总额分别不低于500万元、50万元", "利润总额", "金额（万元）", "≥", "50")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("企业营业收入和利润总额分别达到2000万元、200万元以上（含）", "利润总额", "金额（万元）", "≥", "200")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("近两年营业收入分别不低于1000万元、1200万元", "营业收入", "金额（万元）", "≥", "1200")) == "COND-1 ge"
    # a wording stating two things part by part is still read (tests/test_hostile_h129.py)
    assert _loaded(tmp_path, _c("上年度营业收入不低于500万元且利润总额不低于50万元", "利润总额", "金额（万元）", "≥", "500")) == (
        ROW + "条件原文“上年度营业收入不低于500万元且利润总额不低于50万元”写的是 50万元，而值“500”按类型“金额（万元）”读作 500 万元；"
        "请核对值及其单位与条件原文一致。")


# --- 2. a fall ----------------------------------------------------------------------------------

def test_a_fall_restating_or_stating_the_bound_is_not_read(tmp_path):
    assert _loaded(tmp_path, _c("上年度净利润增长率不低于负10%（即降幅不超过10%）", "净利润增长率", "百分比", "≥", "-10%")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("上年度营业收入降幅不超过10%", "营业收入增长率", "百分比", "≥", "-10%")) == "COND-1 ge"
    # a negative bound written 负 is still read against 值
    assert _loaded(tmp_path, _c("上年度营业收入增长率不低于负5%", "营业收入增长率", "百分比", "≥", "5%")) == (
        ROW + "条件原文“上年度营业收入增长率不低于负5%”写的是 负5%，而值“5%”按类型“百分比”读作 5%；请核对值及其单位与条件原文一致。")


def test_a_range_with_a_negative_end_is_read_with_its_sign(tmp_path):
    """营业收入增长率在-5%至10%之间 with 介于 -5%~10% was refused as 写的区间是 5%至10%: the range lost the lower end's sign."""
    assert _loaded(tmp_path, _c("营业收入增长率在-5%至10%之间", "营业收入增长率", "百分比", "介于", "-5%~10%")) == "COND-1 between"
    assert _loaded(tmp_path, _c("营业收入增长率在负5%至10%之间", "营业收入增长率", "百分比", "介于", "-5%~10%")) == "COND-1 between"
    assert _loaded(tmp_path, _c("利润总额-100万元至100万元", "利润总额", "金额（万元）", "介于", "-100~100")) == "COND-1 between"
    assert _loaded(tmp_path, _c("营业收入增长率在-5%至10%之间", "营业收入增长率", "百分比", "介于", "5%~10%")) == (
        ROW + "条件原文“营业收入增长率在-5%至10%之间”写的区间是 -5%至10%，而值“5%~10%”读作 5%～10%；请核对值及其单位与条件原文一致。")


# --- 3. cells -----------------------------------------------------------------------------------

def test_a_sections_name_is_one_item_and_a_conditions_word_is_not_cut(tmp_path):
    found = _run(tmp_path, _c("属于制造业或软件和信息技术服务业", "所属行业", "文本", "属于", "制造业、软件和信息技术服务业"), "所属行业",
                 ["信息传输、软件和信息技术服务业", "制造业及软件和信息技术服务业", "电力、热力、燃气及水生产和供应业"])
    assert found == {
        "信息传输、软件和信息技术服务业": [
            ("INP-VALUE", "fail", "JSON#1.所属行业 的所属行业“信息传输、软件和信息技术服务业”无法识别（“信息传输、软件和信息技术服务业”是"
                                  "国民经济行业分类门类 I 的名称，软件和信息技术服务业只是该门类的一部分，无法确定是否属于）；"
                                  "应为：门类下的具体行业，如 软件和信息技术服务业。依赖此项的规则判为“待补充”。"),
            ("COND-1", "missing", "所属行业“信息传输、软件和信息技术服务业”无法识别，"
                                  "无法核对本条件（本轮条件要求属于“制造业”或“软件和信息技术服务业”）。")],  # h151's wording
        "制造业及软件和信息技术服务业": [
            ("INP-VALUE", "fail", "JSON#2.所属行业 的所属行业“制造业及软件和信息技术服务业”无法识别（以“及”写了制造业、软件和信息技术服务业几项，"
                                  "本条件只核对一项）；应为：一项，如 制造业。依赖此项的规则判为“待补充”。"),
            ("COND-1", "missing", "所属行业“制造业及软件和信息技术服务业”无法识别，"
                                  "无法核对本条件（本轮条件要求属于“制造业”或“软件和信息技术服务业”）。")],
        "电力、热力、燃气及水生产和供应业": [
            ("COND-1", "fail", "所属行业填写为“电力、热力、燃气及水生产和供应业”，本轮条件要求属于“制造业”或“软件和信息技术服务业”，不符合本条件。")],
    }


def test_a_sections_name_holding_no_word_of_the_condition_is_compared_as_one_word(tmp_path):
    assert _run(tmp_path, _c("主营业务属于制造业", "所属行业", "文本", "属于", "制造业"), "所属行业",
                ["信息传输、软件和信息技术服务业", "批发和零售业"]) == {
        # h151's wording: 填写为“…”，本轮条件要求… in words
        "信息传输、软件和信息技术服务业": [("COND-1", "fail", "所属行业填写为“信息传输、软件和信息技术服务业”，本轮条件要求属于“制造业”，不符合本条件。")],
        "批发和零售业": [("COND-1", "fail", "所属行业填写为“批发和零售业”，本轮条件要求属于“制造业”，不符合本条件。")]}


def test_none_written_as_the_answer_is_read_as_written(tmp_path):
    assert _run(tmp_path, _c("近三年未发生重大安全、环保、质量事故", "是否有重大事故", "文本", "≠", "有"), "是否有重大事故", ["无", "有"]) == {
        # h151's wording: 填写为“…”，本轮条件要求… in words
        "无": [("COND-1", "pass", "是否有重大事故填写为“无”，符合本条件（本轮条件要求不为“有”）。")],
        "有": [("COND-1", "fail", "是否有重大事故填写为“有”，本轮条件要求不为“有”，不符合本条件。")]}
    assert _run(tmp_path, _c("近三年未发生重大安全事故", "安全事故", "文本", "不属于", "有、是"), "安全事故", ["无"]) == {
        "无": [("COND-1", "pass", "安全事故填写为“无”，符合本条件（本轮条件要求不属于“有”、“是”中的任何一项）。")]}
    assert _run(tmp_path, _c("获评省级以上（含）智能工厂", "荣誉", "文本", "属于", "省级智能工厂、国家级智能工厂"), "荣誉", ["无"]) == {
        "无": [("COND-1", "fail", "荣誉填写为“无”，本轮条件要求属于“省级智能工厂”或“国家级智能工厂”，不符合本条件。")]}
    # under = 否, 无 may mean 否: needs review, as today
    assert _run(tmp_path, _c("企业不是失信被执行人", "失信被执行人", "文本", "=", "否"), "失信被执行人", ["无"]) == {
        "无": [("INP-VALUE", "fail", "JSON#1.失信被执行人 的失信被执行人“无”无法识别（未写明失信被执行人）；应为：文本。依赖此项的规则判为“待补充”。"),
              ("COND-1", "missing", "失信被执行人“无”无法识别，无法核对本条件（本轮条件要求为“否”）。")]}
    # where 无 says nothing of the word asked (产品类别 无 under 不属于 淘汰类) it still needs review
    assert _run(tmp_path, _c("产品不属于淘汰类、限制类", "产品类别", "文本", "不属于", "淘汰类、限制类"), "产品类别", ["无"]) == {
        "无": [("INP-VALUE", "fail", "JSON#1.产品类别 的产品类别“无”无法识别（未写明产品类别）；应为：文本。依赖此项的规则判为“待补充”。"),
              ("COND-1", "missing", "产品类别“无”无法识别，无法核对本条件（本轮条件要求不属于“淘汰类”、“限制类”中的任何一项）。")]}
