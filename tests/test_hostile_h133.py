"""Hostile review h133: round conditions (``--conditions``) as an office clerk writes them from the notices.

1. 研发费用占营业收入比重不低于3%（营业收入1亿元以下的不低于5%） was refused whatever its 值, saying the wording states
   a lower and an upper bound (下限和上限; its 以下 is the revenue's) and pointing to 介于 3~5, which fails a large
   company at 6%. The bracket's figure is a second bound, for the sub-group it names: the bound every applicant must
   meet loads alone (`conditions check` says the other is not checked), the stricter one may not be blocking (it fails
   whoever the looser bound is for and meets it), 介于 and a 值 that is neither figure are refused, saying so.
2. 须于2022年6月30日前注册满1年 as 日期 ≤ 2021-06-30 (the date that length implies) was refused, and ≤ 2022-06-30 (the
   registration date bounded by the day the years count to: a company of one month passed) loaded. The date the
   length counts to implies the latest registration date: that 值 loads, any other is refused naming it. A 年限
   condition on such a wording loads (tests/test_hostile_h127.py), and `conditions check` says which --as-of or
   日期 condition counts to the notice's date.
3. 文本 = 环翠区、高区 passed a cell 环翠区 (the districts' reading took the first place) and ≠ failed it: = and ≠
   compare the whole cell with one word (README); a 值 listing places or sections is refused, pointing to 属于/不属于.
4. 从业人数 -5 passed 从业人员1000人以下 as a figure: a count below 0 is an INP-NUMBER finding naming sheet, cell and
   value, the condition 待补充.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_check_s26 import _loaded as _loaded_with
from tests.test_hostile_h28 import APPLICATION, W05

NOTICE = {"文号": "威工信字〔2021〕18号"}
ROW = "c.yaml 第 1 行的条件第 1 项（条件编号 1）："
SHARE = "研发费用占营业收入比重不低于3%（营业收入1亿元以下的不低于5%）"


def _c(number, wording, column, kind, op, value, severity="否决") -> dict:
    return {"条件编号": str(number), "条件": wording, "依据": "第二条", "列名": column, "类型": kind, "比较": op, "值": value,
            "严重程度": severity}


def _loaded(tmp_path, *rows) -> str:
    return _loaded_with(tmp_path, *rows, notice=NOTICE)


def _share(number, value, severity="否决", op="≥", wording=SHARE) -> dict:
    return _c(number, wording, "研发投入占比", "百分比", op, value, severity)


def _conditions_check(tmp_path, *rows):
    (tmp_path / "c.yaml").write_text(json.dumps({"通知": NOTICE, "条件": list(rows)}, ensure_ascii=False), encoding="utf-8")
    return run_cli("conditions", "check", tmp_path / "c.yaml")


def _check(tmp_path, row: dict, headers: list[str], values: list):
    """One application with ``headers`` filled with ``values`` checked against ``row``: the exit code, COND-1's
    (outcome, message) and the input findings' (rule id, message)."""
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder a run: a report folder is not written twice
    (tmp_path / "c.yaml").write_text(json.dumps({"通知": NOTICE, "条件": [row]}, ensure_ascii=False), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([*APPLICATION, *headers])
    sheet.append([*APPLICATION.values(), *values])
    book.save(tmp_path / "t.xlsx")
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out",
                     "--quiet", "--per-case", "all")
    assert result.exit_code != 2, result.stderr
    findings = read_case(tmp_path / "out", "H28-1")["findings"]
    found = next(f for f in findings if f["rule_id"] == "COND-1")
    return result.exit_code, (found["outcome"], found["message"]), [(f["rule_id"], f["message"]) for f in findings
                                                                     if f["rule_id"].startswith("INP-")]


# --- 1. a bracketed exception for a sub-group is a second, conditional bound ---------------------------------


def test_the_bound_every_applicant_must_meet_loads_and_the_other_is_said_not_checked(tmp_path):
    assert _loaded(tmp_path, _share(1, "3%")) == "COND-1 ge"
    result = _conditions_check(tmp_path, _share(1, "3%"))
    assert result.exit_code == 0, result.stderr
    assert ("注意：COND-1 只核对 ≥ 3%；条件原文“研发费用占营业收入比重不低于3%（营业收入1亿元以下的不低于5%）”的 3% 和 5% 各适用于"
            "一部分申请人（另设的界限：营业收入1亿元以下的不低于5%），5% 本条不核对；如需核对，请另写一条条件读取同一列、值写 5%，"
            "两条中要求较高的一条严重程度写“复核”。") in result.stdout.splitlines()
    # written with its other figure on the same column, nothing is left unchecked and nothing is said
    both = (_share(1, "3%"), _share(2, "5%", "复核"))
    assert _loaded(tmp_path, *both) == "COND-1 ge、COND-2 ge"
    assert "注意" not in _conditions_check(tmp_path, *both).stdout
    # a bracket bounding another measure, or whose figure names the group, is no second bound of this column
    for wording in ("营业收入不低于2000万元（其中制造业企业的研发投入不低于100万元）",
                    "上年度营业收入不低于2000万元（营业收入5000万元以上的企业研发投入占比不低于3%）"):
        row = _c(1, wording, "营业收入", "金额（万元）", "≥", "2000")
        assert _loaded(tmp_path, row) == "COND-1 ge"
        assert "注意" not in _conditions_check(tmp_path, row).stdout
    # nor a part of the figure itself (其中 of the staff, not of the applicants)
    for wording in ("从业人员不少于10人，其中大专以上学历的不少于3人", "从业人员不少于10人（其中大专以上学历的不少于3人）"):
        assert _loaded(tmp_path, _c(1, wording, "从业人数", "数值", "≥", "10")) == "COND-1 ge"
    # the same after a comma
    assert _loaded(tmp_path, _share(1, "3%", wording="研发费用占营业收入比重不低于3%，其中营业收入1亿元以下的企业不低于5%")) == "COND-1 ge"


def test_the_stricter_bound_blocking_is_refused_saying_whom_it_fails(tmp_path):
    assert _loaded(tmp_path, _share(1, "5%")) == (
        ROW + f"条件原文“{SHARE}”的 3% 和 5% 各适用于一部分申请人（另设的界限：营业收入1亿元以下的不低于5%），"
        "而按要求较高的 ≥ 5% 核对的这一条严重程度为“否决”，适用另一个界限、符合 ≥ 3% 而不符合 ≥ 5% 的申请人也会被判为不符合条件；"
        "请把这一条的严重程度写为“复核”（由人工核对申请人适用哪一个界限），或按所有申请人都须符合的 ≥ 3% 核对。")
    assert _loaded(tmp_path, _share(1, "5%", "复核")) == "COND-1 ge"
    assert _loaded(tmp_path, _share(1, "3%"), _share(2, "5%")) == (
        "c.yaml 第 1 行的条件第 2 项（条件编号 2）："
        f"条件原文“{SHARE}”的 3% 和 5% 各适用于一部分申请人（另设的界限：营业收入1亿元以下的不低于5%），"
        "而按要求较高的 ≥ 5% 核对的这一条严重程度为“否决”，适用另一个界限、符合 ≥ 3% 而不符合 ≥ 5% 的申请人也会被判为不符合条件；"
        "请把这一条的严重程度写为“复核”（由人工核对申请人适用哪一个界限）。")


def test_a_value_of_neither_figure_or_a_range_between_them_is_refused_saying_what_the_wording_states(tmp_path):
    head = (ROW + f"条件原文“{SHARE}”的主句写的是 3%，另对部分申请人设了界限（营业收入1亿元以下的不低于5%）："
            "这是有前提的另一个界限，只适用于该部分申请人")
    assert _loaded(tmp_path, _share(1, "4%")) == (
        head + "；而值“4%”按类型“百分比”读作 4%，两者都不是；请把值写为 3%（主句）或 5%（另设的界限）。")
    assert _loaded(tmp_path, _share(1, "3~5", op="介于")) == (
        head + "，不是所有申请人的上限或下限，而“介于”把两个数都当作每个申请人的界限；"
        "请写一条条件核对主句的界限（值 3%），另写一条核对另设的界限（值 5%），两条中要求较高的一条严重程度写“复核”。")
    # the wording's own side still decides the comparison
    assert _loaded(tmp_path, _share(1, "3%", op="<")) == (
        ROW + f"条件原文“{SHARE}”写的是“不低于”（≥），而比较写的是“<”；请按通知原文核对比较或条件原文。")


# --- 2. a length of time counted to a date ------------------------------------------------------------------


def test_a_length_counted_to_a_date_loads_with_the_date_it_implies(tmp_path):
    wording = "须于2022年6月30日前注册满1年"
    assert _loaded(tmp_path, _c(1, wording, "注册日期", "日期", "≤", "2021-06-30")) == "COND-1 le"
    assert _loaded(tmp_path, _c(1, wording, "注册日期", "日期", "<", "2021-06-30")) == "COND-1 lt"
    assert _loaded(tmp_path, _c(1, wording, "注册日期", "日期", "≤", "2022-06-30")) == (
        ROW + f"条件原文“{wording}”写的是到 2022年6月30日满1年，即注册日期不晚于 2021-06-30（2022-06-30 是满1年计算到的日期），"
        "而比较写的是“≤”、值“2022-06-30”（读作 2022-06-30）；请把比较写为“≤”，值写 2021-06-30。")
    # 29 February + 1 year is 28 February (as 年限 counts it); months as 年限 cannot take them
    assert _loaded(tmp_path, _c(1, "截至2021年2月28日成立满1年", "成立日期", "日期", "≤", "2020-02-29")) == "COND-1 le"
    assert _loaded(tmp_path, _c(1, "到2023年6月30日止注册满18个月", "注册日期", "日期", "≤", "2021-12-31")) == "COND-1 le"
    until = "截至2024年2月29日，企业成立满三年"
    assert _loaded(tmp_path, _c(1, until, "成立日期", "日期", "≤", "2021-02-28")) == "COND-1 le"
    assert _loaded(tmp_path, _c(1, until, "成立日期", "日期", "≥", "2021-02-28")) == (
        ROW + f"条件原文“{until}”写的是到 2024年2月29日满三年，即成立日期不晚于 2021-02-28（2024-02-29 是满三年计算到的日期），"
        "而比较写的是“≥”；请把比较写为“≤”，值写 2021-02-28。")
    # to the day: 截至 counts the day in, so < is the day after; a bare 前 leaves it to 比较
    assert _loaded(tmp_path, _c(1, until, "成立日期", "日期", "<", "2021-03-01")) == "COND-1 lt"
    assert _loaded(tmp_path, _c(1, until, "成立日期", "日期", "<", "2021-02-28")) == (
        ROW + f"条件原文“{until}”写的是到 2024年2月29日满三年，即成立日期不晚于 2021-02-28（2024-02-29 是满三年计算到的日期），"
        "而比较写的是“<”、值“2021-02-28”（读作 2021-02-28）；请把比较写为“≤”，值写 2021-02-28。")
    assert _loaded(tmp_path, _c(1, "企业须在2019年12月31日前在威海市注册满2年", "注册日期", "日期", "≤", "2017-12-31")) == "COND-1 le"
    # a registration date of its own beside a length (two requirements) is still that date's bound
    assert _loaded(tmp_path, _c(1, "2023年6月30日前注册，成立满一年", "注册日期", "日期", "≤", "2023-06-30")) == "COND-1 le"


def test_a_years_condition_counted_to_a_date_is_said_by_conditions_check(tmp_path):
    row = _c(1, "截至2020年底，成立满3年", "成立日期", "年限", "≥", "3")
    assert _loaded(tmp_path, row) == "COND-1 ge"
    result = _conditions_check(tmp_path, row)
    assert result.exit_code == 0, result.stderr
    assert ("注意：COND-1 的条件原文写明满3年计算到 2020年底（2020-12-31），而年限计算到参考日（--as-of 给出的日期，未给出时为 "
            "--window 的结束日或各行的申报日期）；请核对时加 --as-of 2020-12-31，或改用“日期”类型：成立日期 ≤ 2017-12-31。"
            ) in result.stdout.splitlines()


# --- 3. a list of places with = -------------------------------------------------------------------------------


def test_a_text_equal_to_a_list_is_refused_pointing_to_belongs_to(tmp_path):
    assert _loaded(tmp_path, _c(1, "注册地在环翠区、高区", "所在区市", "文本", "=", "环翠区、高区")) == (
        ROW + "值“环翠区、高区”列出了 2 项（环翠区、高区），而“=”把整格与一项比较；要求是其中之一，请把比较写为“属于”（都不是：“不属于”）。")
    assert _loaded(tmp_path, _c(1, "注册地不在环翠区、高区", "所在区市", "文本", "≠", "环翠区，高区")) == (
        ROW + "值“环翠区，高区”列出了 2 项（环翠区、高区），而“≠”把整格与一项比较；要求不是其中任何一项，请把比较写为“不属于”（是其中之一：“属于”）。")
    assert _loaded(tmp_path, _c(1, "属于制造业、建筑业", "所属行业", "文本", "=", "制造业、建筑业")) == (
        ROW + "值“制造业、建筑业”列出了 2 项（制造业、建筑业），而“=”把整格与一项比较；要求是其中之一，请把比较写为“属于”（都不是：“不属于”）。")
    # one name holding 、 is one word; 属于 takes the list
    for word in ("信息传输、软件和信息技术服务业", "计算机、通信和其他电子设备制造业"):
        assert _loaded(tmp_path, _c(1, f"属于{word}", "所属行业", "文本", "=", word)) == "COND-1 eq"
    assert _loaded(tmp_path, _c(1, "注册地在环翠区、高区", "所在区市", "文本", "属于", "环翠区、高区")) == "COND-1 in"


# --- 4. a negative count ----------------------------------------------------------------------------------------


def test_a_negative_headcount_is_an_input_finding_not_a_figure(tmp_path):
    row = _c(1, "从业人员1000人以下", "从业人数", "数值", "<", "1000")
    for written, shown in ((-5, "-5"), ("-5人", "-5人")):
        assert _check(tmp_path, row, ["从业人数"], [written]) == (1, (
            "missing", f"从业人数“{shown}”无法识别，无法核对本条件（本轮条件要求少于 1000 人）。"), [(  # h151: bound in words, a count's unit
                "INP-NUMBER", f"申报汇总表!L2 的从业人数“{shown}”无法识别（为负数 -5）；应为：不小于 0 的数（人数、件数等不能为负数），"
                "如 120、120人。依赖此项的规则判为“待补充”。")])
    assert _check(tmp_path, row, ["从业人数"], [5])[1] == ("pass", "从业人数填写为 5 人，符合本条件（本轮条件要求少于 1000 人）。")


def test_a_number_that_may_be_negative_is_still_compared_and_a_count_at_zero_probes_no_negative_cell(tmp_path):
    score = _c(1, "综合评价得分不低于-10", "综合评价得分", "数值", "≥", "-10")
    assert _check(tmp_path, score, ["综合评价得分"], [-5])[1:] == (
        ("pass", "综合评价得分填写为 -5，符合本条件（本轮条件要求不低于 -10）。"), [])  # h151's wording
    result = _conditions_check(tmp_path, _c(1, "从业人员不少于0人", "从业人数", "数值", "≥", "0"))
    assert result.exit_code == 0, result.stderr
    assert "边界自检（参考日 2021-06-30）：2/2 个边界值两个引擎结论一致且符合条件原意。" in result.stdout.splitlines()


# --- 5. a percentage typed in a cell of a % format, as a workbook holds it -----------------------------------


def test_a_percentage_in_a_percent_formatted_cell_is_said_as_the_percentage_it_shows(tmp_path):
    """A 值 cell of a % format shows 3% and holds 0.03: it is read as 3%, and the refusals naming two rows said
    ≥ 0.03% (its raw text with a % after it)."""
    from checker.check.conditions import load_conditions
    from checker.errors import InputError

    book = Workbook()
    notice = book.active
    notice.title = "通知"
    notice.append(["文号"])
    notice.append(["威工信字〔2022〕7号"])
    sheet = book.create_sheet("申报条件")
    sheet.append(["条件编号", "条件", "依据", "列名", "类型", "比较", "值"])
    sheet.append([1, "研发费用占营业收入比重不低于5%", "第二条", "研发投入占比", "百分比", "≥", 0.05])
    sheet.append([2, "研发费用占营业收入比重低于3%", "第二条", "研发投入占比", "百分比", "<", 0.03])
    sheet["G2"].number_format = sheet["G3"].number_format = "0%"
    book.save(tmp_path / "c.xlsx")
    try:
        load_conditions(tmp_path / "c.xlsx")
        said = ""
    except InputError as error:
        said = str(error)
    assert said == ("c.xlsx 工作表“申报条件”第 2 行（条件编号 1）与工作表“申报条件”第 3 行（条件编号 2）：两条条件都读取“研发投入占比”，"
                    "而“研发费用占营业收入比重不低于5%”（≥ 5%）与“研发费用占营业收入比重低于3%”（< 3%）没有一个值能同时满足，"
                    "每件申报都会不符合；请核对这两条条件的比较和值。")


# --- 6. a cell naming several districts -----------------------------------------------------------------------


def test_a_cell_naming_several_districts_that_decide_otherwise_is_asked_about(tmp_path, monkeypatch):
    """Districts are compared by the district a cell names first: 所在区市 文登区、高区 passed 不属于 高区 (blocking) and
    高区、文登区 failed it. A cell listing several districts which decide otherwise one by one is an INP-VALUE finding,
    as a 文本 cell listing several items is (README); one whose districts all decide alike is read."""
    import tests.test_hostile_h28 as h28

    row = _c(1, "高区企业不在本次申报范围", "所在区市", "文本", "不属于", "高区")
    for written, first in (("文登区、高区", "文登区"), ("高区、文登区", "高区")):
        monkeypatch.setitem(h28.APPLICATION, "所在区市", written)
        assert _check(tmp_path, row, [], []) == (1, (
            "missing", f"所在区市“{written}”无法识别，无法核对本条件（本轮条件要求不属于“高区”）。"), [(  # h151's wording
                "INP-VALUE", f"申报汇总表!E2 的所在区市“{written}”无法识别（以“、”写了{written}几项，本条件只核对一项）；"
                f"应为：一项，如 {first}。依赖此项的规则判为“待补充”。")])
    monkeypatch.setitem(h28.APPLICATION, "所在区市", "文登区、荣成市")
    assert _check(tmp_path, row, [], [])[1:] == (("pass", "所在区市填写为“文登区、荣成市”，符合本条件（本轮条件要求不属于“高区”）。"), [])
