"""Hostile review h151: round conditions (``--conditions``) as a bureau clerk writes them from a Weihai notice.

1. An industry written below the level the condition names failed or went to review: 软件开发 and 集成电路设计 (中类 651,
   652 of 大类 65) failed 属于 软件和信息技术服务业 as a text no word equals, 6511 软件开发 (a code without its letter)
   too, C3411 went to review under it, and under 制造业、软件和信息技术服务业 (the sample notice's own words) 通用设备制造业
   failed. Read through GB/T 4754-2017's hierarchy (门类 > 大类 > 中类, the 中类 of 13-43 and 63-65 tabulated); a name
   the table does not know (金属切削机床制造, 制造业企业) and an industry of which a listed word is only a part (制造业
   under 属于 通用设备制造业) are questions for the reviewer, never a silent fail or pass.
2. A sub-group's bound restating the measure (…（其中，营业收入在1亿元以下的企业，研发费用占比不低于5%）) was not seen as
   one: its 5% loaded as everyone's blocking bound, the 3% loaded without saying 5% is not checked, and without the
   comma the wording was refused as 下限和上限 pointing to 介于 3~5.
3. Condition findings read like a machine, and reached the applicant so: 近三年重大事故为 是，不符合本条件（应为 否）,
   从业人数为 1000，不符合本条件（低于 1000）. They say what was written and what the round asks, in words, a count with
   the unit the condition counts in: 近三年重大事故填写为“是”，本轮条件要求为“否”，不符合本条件。
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import case_text, run_cli
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h133 import NOTICE, ROW, _c, _check, _conditions_check, _loaded
from tests.test_hostile_h141 import assert_a_second_bound

SECTION_I = "信息传输、软件和信息技术服务业"


# --- 1. an industry below the level the condition names ------------------------------------------------------


def test_a_group_or_a_code_of_a_division_is_within_the_division(tmp_path):
    row = _c(1, "主营业务属于软件和信息技术服务业", "所属行业", "文本", "属于", "软件和信息技术服务业")
    asks = "本轮条件要求属于“软件和信息技术服务业”"
    for written, said in (
            ("软件开发", f"国民经济行业分类中类 651，大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}"),
            ("集成电路设计", f"国民经济行业分类中类 652，大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}"),
            ("6511 软件开发", f"国民经济行业分类中类 651“软件开发”，大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}"),
            ("I65", f"国民经济行业分类大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}")):
        assert _check(tmp_path, row, ["所属行业"], [written]) == (0, (
            "pass", f"所属行业填写为“{written}”（{said}），符合本条件（{asks}）。"), []), written
    assert _check(tmp_path, row, ["所属行业"], ["C3411"])[1] == (
        "fail", "所属行业填写为“C3411”（国民经济行业分类中类 341“锅炉及原动设备制造”，大类 34“通用设备制造业”，门类 C：制造业），"
                f"{asks}，不符合本条件。")
    # a code and a name that disagree: which one is meant is the reviewer's to ask
    assert _check(tmp_path, row, ["所属行业"], ["I6511 集成电路设计"])[1] == (
        "missing", f"所属行业填写的“I6511 集成电路设计”中代码 I6511 是国民经济行业分类中类 651“软件开发”，大类 65“软件和信息技术服务业”，"
                   f"门类 I：{SECTION_I}，与所写名称“集成电路设计”（国民经济行业分类中类 652，大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}）"
                   f"不一致，需人工复核该企业所属行业，无法核对本条件（{asks}）。")


def test_sections_and_divisions_named_together_read_every_level(tmp_path):
    row = _c(1, "主营业务属于制造业或软件和信息技术服务业", "所属行业", "文本", "属于", "制造业、软件和信息技术服务业")
    asks = "本轮条件要求属于“制造业”或“软件和信息技术服务业”"
    assert _check(tmp_path, row, ["所属行业"], ["通用设备制造业"])[1] == (
        "pass", f"所属行业填写为“通用设备制造业”（国民经济行业分类大类 34，门类 C：制造业），符合本条件（{asks}）。")
    assert _check(tmp_path, row, ["所属行业"], ["C3411 通用设备制造业"])[1] == (
        "pass", "所属行业填写为“C3411 通用设备制造业”（国民经济行业分类中类 341“锅炉及原动设备制造”，大类 34“通用设备制造业”，门类 C：制造业），"
                f"符合本条件（{asks}）。")
    assert _check(tmp_path, row, ["所属行业"], ["I6320"])[1] == (
        "fail", f"所属行业填写为“I6320”（国民经济行业分类中类 632“广播电视传输服务”，大类 63“电信、广播电视和卫星传输服务”，门类 I：{SECTION_I}），"
                f"{asks}，不符合本条件。")
    # the sample notice's condition decides its own boundaries (its probe of an industry outside is a known one)
    result = _conditions_check(tmp_path, row)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "边界自检（参考日 2021-06-30）：2/2 个边界值两个引擎结论一致且符合条件原意。" in result.stdout.splitlines()


def test_an_industry_the_table_does_not_know_or_wider_than_the_word_is_asked_about(tmp_path):
    row = _c(1, "主营业务属于制造业", "所属行业", "文本", "属于", "制造业")
    unknown = ("所属行业填写的“{0}”不是国民经济行业分类（GB/T 4754-2017）门类、大类或中类的名称，无法确定是否属于本条件所列行业，"
               "需人工复核该企业所属行业，无法核对本条件（{1}）。")
    for written in ("金属切削机床制造", "制造业企业", "机械制造"):
        assert _check(tmp_path, row, ["所属行业"], [written]) == (
            1, ("missing", unknown.format(written, "本轮条件要求属于“制造业”")), []), written
    # under 不属于 it passed in silence (房地产开发经营 is 房地产业's 小类)
    excluded = _c(1, "房地产企业不得申报", "所属行业", "文本", "不属于", "房地产业")
    assert _check(tmp_path, excluded, ["所属行业"], ["房地产开发经营"])[1] == (
        "missing", unknown.format("房地产开发经营", "本轮条件要求不属于“房地产业”"))
    # a section under a division's word: only part of it is listed
    narrow = _c(1, "主营业务属于通用设备制造业", "所属行业", "文本", "属于", "通用设备制造业")
    assert _check(tmp_path, narrow, ["所属行业"], ["制造业"])[1] == (
        "missing", "所属行业填写的“制造业”是国民经济行业分类门类 C：制造业，本条件所列“通用设备制造业”只是其中的一部分，无法确定该企业是否属于，"
                   "需人工复核该企业所属行业，无法核对本条件（本轮条件要求属于“通用设备制造业”）。")
    assert _check(tmp_path, narrow, ["所属行业"], ["金属加工机械制造"])[1] == (
        "pass", "所属行业填写为“金属加工机械制造”（国民经济行业分类中类 342，大类 34“通用设备制造业”，门类 C：制造业），"
                "符合本条件（本轮条件要求属于“通用设备制造业”）。")


# --- 2. a sub-group's bound restating the measure -----------------------------------------------------------------


def _share(value, wording, severity="否决", column="研发投入占比"):
    return _c(1, wording, column, "百分比", "≥", value, severity)


def test_a_sub_group_bound_restating_the_measure_is_a_second_bound(tmp_path):
    for wording, group in (
            ("研发费用占营业收入比重不低于3%（其中，营业收入在1亿元以下的企业，研发费用占比不低于5%）",
             "其中，营业收入在1亿元以下的企业，研发费用占比不低于5%"),
            ("研发费用占营业收入比重不低于3%（其中营业收入在1亿元以下的企业研发费用占比不低于5%）",
             "其中营业收入在1亿元以下的企业研发费用占比不低于5%"),
            ("研发费用占营业收入比重不低于3%（营业收入1亿元以下的企业，研发费用占营业收入比重不低于5%）",
             "营业收入1亿元以下的企业，研发费用占营业收入比重不低于5%"),
            ("研发费用占营业收入比重不低于3%（其中，营业收入在1亿元以下的企业，研发投入占比不低于5%）",
             "其中，营业收入在1亿元以下的企业，研发投入占比不低于5%")):
        assert_a_second_bound(tmp_path, wording, group)


def test_a_bracket_bounding_another_measure_for_some_applicants_is_neither_refused_nor_taken_for_the_value(tmp_path):
    """…不低于3%（营业收入1亿元以下的企业研发人员占比不低于10%）: without a comma its 以下 (the revenue's) was read as an upper
    bound of the share and the right 值 3% refused (下限和上限, 介于 3~10); with a comma the bracket's 10% (another measure,
    for some applicants) loaded as everyone's bound on the 研发投入占比 column."""
    for wording, inner in (("研发费用占营业收入比重不低于3%（营业收入1亿元以下的企业研发人员占比不低于10%）",
                            "营业收入1亿元以下的企业研发人员占比不低于10%"),
                           ("研发费用占营业收入比重不低于3%（营业收入1亿元以下的企业，研发人员占比不低于10%）",
                            "营业收入1亿元以下的企业，研发人员占比不低于10%")):
        assert _loaded(tmp_path, _share("3%", wording)) == "COND-1 ge"
        assert _loaded(tmp_path, _share("10%", wording)) == (
            ROW + f"值“10%”是条件原文“{wording}”括号中为部分申请人另设的界限（{inner}），所说的是另一项指标，不是主句的界限（3%）；"
            "按主句核对请把值写为 3%，括号中的界限如需核对，请另写一条条件读取该指标的列，严重程度写“复核”。")
        # a condition on the bracket's own measure reads its figure
        assert _loaded(tmp_path, _share("10%", wording, "复核", column="研发人员占比")) == "COND-1 ge"


# --- 3. findings as a clerk writes them ----------------------------------------------------------------------------


def test_a_finding_says_what_was_written_and_what_the_round_asks(tmp_path):
    accident = _c(1, "近三年未发生重大安全、环保、质量事故", "近三年重大事故", "是否", "=", "否")
    assert _check(tmp_path, accident, ["近三年重大事故"], ["是"])[1] == (
        "fail", "近三年重大事故填写为“是”，本轮条件要求为“否”，不符合本条件。")
    assert _check(tmp_path, accident, ["近三年重大事故"], ["否"])[1] == (
        "pass", "近三年重大事故填写为“否”，符合本条件（本轮条件要求为“否”）。")
    staff = _c(1, "从业人员1000人以下（不含）", "从业人数", "数值", "<", "1000")
    assert _check(tmp_path, staff, ["从业人数"], [1000])[1] == ("fail", "从业人数填写为 1000 人，本轮条件要求少于 1000 人，不符合本条件。")
    patents = _c(1, "拥有有效发明专利5项以上（含）", "发明专利数", "数值", "≥", "5", "复核")
    assert _check(tmp_path, patents, ["发明专利数"], ["3项"])[1] == ("fail", "发明专利数填写为 3 项，本轮条件要求不少于 5 项，不符合本条件。")
    revenue = _c(1, "上年度营业收入不低于1000万元", "营业收入", "金额（万元）", "≥", "1000")
    assert _check(tmp_path, revenue, ["营业收入"], [980])[1] == ("fail", "营业收入填写为 980 万元，本轮条件要求不低于 1000 万元，不符合本条件。")
    assert _check(tmp_path, revenue, ["营业收入"], ["约一千万"])[1] == (
        "missing", "营业收入“约一千万”无法识别，无法核对本条件（本轮条件要求不低于 1000 万元）。")
    registered = _c(1, "2020年12月31日（含）以前注册", "注册日期", "日期", "≤", "2020-12-31")
    assert _check(tmp_path, registered, ["注册日期"], ["2021-01-05"])[1] == (
        "fail", "注册日期填写为 2021-01-05，本轮条件要求不晚于 2020-12-31，不符合本条件。")
    excluded = _c(1, "房地产、金融企业不得申报", "所属行业", "文本", "不属于", "房地产业、金融业")
    assert _check(tmp_path, excluded, ["所属行业"], ["房地产业"])[1] == (
        "fail", "所属行业填写为“房地产业”，本轮条件要求不属于“房地产业”、“金融业”中的任何一项，不符合本条件。")
    rights = _c(1, "拥有与主导产品相关的有效知识产权", "知识产权类别", "文本列表", "属于", "发明专利、实用新型专利、软件著作权", "复核")
    assert _check(tmp_path, rights, ["知识产权类别"], ["商标"])[1] == (
        "fail", "知识产权类别填写为“商标”，本轮条件要求至少有一项属于“发明专利”、“实用新型专利”或“软件著作权”，不符合本条件。")
    # a column named for what was filled in is not "所填填写为"
    filled = _c(1, "主营业务为制造业", "所填内容", "文本", "=", "制造业")
    assert _check(tmp_path, filled, ["所填内容"], ["制造业"])[1] == ("pass", "所填内容为“制造业”，符合本条件（本轮条件要求为“制造业”）。")


def test_the_applicants_notice_reads_the_clerks_sentence(tmp_path):
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))
    rows = [_c(1, "近三年未发生重大安全、环保、质量事故", "近三年重大事故", "是否", "=", "否"),
            _c(2, "从业人员1000人以下（不含）", "从业人数", "数值", "<", "1000")]
    (tmp_path / "c.yaml").write_text(json.dumps({"通知": NOTICE, "条件": rows}, ensure_ascii=False), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([*APPLICATION, "近三年重大事故", "从业人数"])
    sheet.append([*APPLICATION.values(), "是", 1200])
    book.save(tmp_path / "t.xlsx")
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "H28-1")
    notice = html[html.index('<h2 class="notice-title">'):]
    assert "近三年重大事故填写为“是”，本轮条件要求为“否”，不符合本条件。" in notice
    assert "从业人数填写为1200人，本轮条件要求少于1000人，不符合本条件。" in notice  # the notice closes up a figure's spaces
    assert "应为 否" not in notice and "（低于 1000）" not in notice


def test_a_cell_read_but_not_compared_says_why_not_that_it_was_unreadable(tmp_path):
    """Two columns disagreeing, or a bare figure under 1 万元 in a 元 column, were quoted with the reason inside the
    cell's quotation marks and called unreadable: 营业收入“1200 万元，与营业收入（元）“1000000”不一致”无法识别."""
    revenue = _c(1, "上年度营业收入不低于1000万元", "营业收入", "金额（万元）", "≥", "1000")
    assert _check(tmp_path, revenue, ["营业收入（万元）", "营业收入（元）"], [1200, 1000000]) == (1, (
        "missing", "营业收入填写为 1200 万元，与同一行的营业收入（元）“1000000”不一致，无法确定以哪一列为准，"
                   "无法核对本条件（本轮条件要求不低于 1000 万元）。"), [(
            "INP-CONFLICT", "申报汇总表!L2（营业收入（万元））的营业收入为“1200 万元”，同一行 申报汇总表!M2（营业收入（元））为“1000000”，"
                            "两列不一致，无法确定以哪一列为准；依赖此项的规则判为“待补充”。")])
    in_yuan = _c(1, "上年度营业收入不低于1000万元", "营业收入（元）", "金额（元）", "≥", "10000000")
    assert _check(tmp_path, in_yuan, ["营业收入（元）"], [500]) == (1, (
        "missing", "营业收入（元）填写为“500”，单位存疑，无法核对本条件（本轮条件要求不低于 1000 万元）。"), [(
            "INP-UNIT", "申报汇总表!L2（营业收入（元））填写的 500 元不足 1 万元，请核实是否把万元数填进了“元”列；按所填单位读取数额异常，"
                        "本项不作判定，依赖此项的规则判为“待补充”。")])


def test_a_years_condition_says_its_years_in_words(tmp_path):
    founded = _c(1, "成立年限为3年", "成立日期", "年限", "=", "3")
    on = "（到参考日 2021-07-31 满 2 年）"  # the W-05 application's 申报日期
    assert _check(tmp_path, founded, ["成立日期"], ["2019-01-01"])[1] == (
        "fail", f"成立日期填写为 2019-01-01{on}，本轮条件要求满 3 年且不满 4 年，不符合本条件。")
    assert _check(tmp_path, dict(founded, 比较="≠"), ["成立日期"], ["2019-01-01"])[1] == (
        "pass", f"成立日期填写为 2019-01-01{on}，符合本条件（本轮条件要求满整年数不为 3 年）。")


# --- found while writing a sheet from a notice -----------------------------------------------------------------------


def test_an_industry_named_with_its_code_range_in_brackets_is_refused_naming_the_word_to_write(tmp_path):
    """值 制造业（C13-C43）, as notices write the section, loaded: no cell equals it, and every manufacturer failed."""
    row = _c(1, "主营业务属于制造业（国民经济行业分类C13-C43）", "所属行业", "文本", "属于", "制造业（C13-C43）")
    assert _loaded(tmp_path, row) == (
        ROW + "值中的“制造业(C13-C43)”在行业名称后加了括号注释，申报表所填的行业（如“制造业”）不会与之完全相同，都会被判为不符合；"
        "请只写行业名称“制造业”，括号中如另有适用的行业，以、分隔另写为一项（国民经济行业分类的代码范围等注释可写在“备注”列）。")
    assert _loaded(tmp_path, dict(row, 比较="不属于", 条件="房地产企业不得申报", 值="房地产业（K70）")) == (
        ROW + "值中的“房地产业(K70)”在行业名称后加了括号注释，申报表所填的行业（如“房地产业”）不会与之完全相同，都不会被排除；"
        "请只写行业名称“房地产业”，括号中如另有适用的行业，以、分隔另写为一项（国民经济行业分类的代码范围等注释可写在“备注”列）。")


def test_codes_as_the_value_of_an_industry_column_name_their_industries(tmp_path):
    """值 C、I65 in 所属行业: a cell 制造业 or 软件开发 failed (no word equals it) and every code went to review."""
    row = _c(1, "主营业务属于制造业或软件和信息技术服务业", "所属行业", "文本", "属于", "C、I65")
    asks = "本轮条件要求属于“C”或“I65”"
    assert _check(tmp_path, row, ["所属行业"], ["软件开发"])[1] == (
        "pass", f"所属行业填写为“软件开发”（国民经济行业分类中类 651，大类 65“软件和信息技术服务业”，门类 I：{SECTION_I}），符合本条件（{asks}）。")
    assert _check(tmp_path, row, ["所属行业"], ["I6410"])[1] == (
        "fail", f"所属行业填写为“I6410”（国民经济行业分类中类 641“互联网接入及相关服务”，大类 64“互联网和相关服务”，门类 I：{SECTION_I}），"
                f"{asks}，不符合本条件。")
