"""Defects helper-95 reported in reading round conditions (--conditions, fundcheck conditions check):
a 比较 the wording contradicts in words a notice uses (达到, 至少, 最多, 不到, 超过 with =…); a 值 that
is not the wording's figure written in Chinese numerals or as a date; 1亿2000万元; --conditions given
twice; two 文本 conditions no cell meets together; the self-test's value outside a list of districts."""

from __future__ import annotations

import json

import pytest

from checker.check.conditions import load_conditions
from checker.check.conditions.model import numeral_value, wording_figure
from checker.cli.conditions import _outcomes_zh
from checker.errors import InputError
from tests.helpers import run_cli

NOTICE = {"文号": "测试〔2021〕1号"}
REVENUE = ("营业收入（万元）", "金额（万元）")
STAFF = ("从业人数", "数值")


def _row(number, wording, headers, ctype, op, value):
    return {"条件编号": str(number), "条件": wording, "列名": headers, "类型": ctype, "比较": op, "值": value}


def _file(tmp_path, *rows, name="c.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps({"通知": NOTICE, "条件": list(rows)}, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def _refused(tmp_path, *rows) -> str:
    with pytest.raises(InputError) as error:
        load_conditions(_file(tmp_path, *rows))
    return str(error.value)


WHERE = "c.yaml 第 1 行的条件第 1 项（条件编号 1）"


# --- 1. a 比较 the wording contradicts ------------------------------------------------------------

@pytest.mark.parametrize("wording, headers, op, said", [
    ("上年度营业收入达到1000万元", REVENUE, "<", "“达到”（≥）"),
    ("营业收入至少1000万元", REVENUE, "<", "“至少”（≥）"),
    ("营业收入最低1000万元", REVENUE, "<", "“最低”（≥）"),
    ("营业收入≥1000万元", REVENUE, "<", "“≥”"),
    ("从业人员最多300人", STAFF, ">", "“最多”（≤）"),
    ("从业人员不到300人", STAFF, "≥", "“不到”（<）"),
    ("营业收入超过1000万元", REVENUE, "=", "“超过”（>）"),
    ("营业收入不等于0", REVENUE, "=", "“不等于”（≠）"),
])
def test_a_comparison_the_notice_words_contradict_is_refused_on_load(tmp_path, wording, headers, op, said):
    value = "300" if headers == STAFF else "0" if "不等于" in wording else "1000"
    message = _refused(tmp_path, _row(1, wording, *headers, op, value))
    assert message == (f"{WHERE}：条件原文“{wording}”写的是{said}，而比较写的是“{op}”；请按通知原文核对比较或条件原文。")


@pytest.mark.parametrize("wording, headers, op", [
    ("上年度营业收入达到1000万元", REVENUE, "≥"),
    ("营业收入达到或超过1000万元", REVENUE, "≥"),
    ("营业收入未达到1000万元", REVENUE, "<"),
    ("营业收入至少1000万元", REVENUE, "≥"),
    ("从业人员最多300人", STAFF, "≤"),
    ("从业人员不到300人", STAFF, "<"),
    ("营业收入超过1000万元", REVENUE, ">"),
])
def test_the_same_words_with_the_comparison_they_state_load(tmp_path, wording, headers, op):
    value = "300" if headers == STAFF else "1000"
    assert load_conditions(_file(tmp_path, _row(1, wording, *headers, op, value))).conditions[0].wording == wording


def test_the_reported_file_with_dadao_and_less_than_is_refused_by_conditions_check(tmp_path):
    path = _file(tmp_path, _row(1, "上年度营业收入达到1000万元", *REVENUE, "<", "1000"))
    result = run_cli("conditions", "check", path, "--workflow", "W-03")
    assert result.exit_code == 2
    assert "条件原文“上年度营业收入达到1000万元”写的是“达到”（≥），而比较写的是“<”" in result.output


def test_a_yes_no_condition_keeps_its_wording_bound_words(tmp_path):
    """A 是否 compares no figure: 近三年营业收入超过… is the question it answers, not its comparison."""
    row = _row(1, "近三年营业收入超过1000万元", "是否营收达标", "是否", "=", "是")
    assert load_conditions(_file(tmp_path, row)).conditions[0].low is True


# --- 2. a 值 against the wording's figure in Chinese numerals and dates ------------------------------

@pytest.mark.parametrize("wording, headers, op, value, message", [
    ("成立满三年", ("成立日期", "年限"), "≥", "5", "写的是 三年，而值“5”按类型“年限”读作 5 年"),
    # 周年, as notices write an enterprise's age: the figure was not read, and 值 3 under 满两周年 loaded
    ("成立满两周年", ("成立日期", "年限"), "≥", "3", "写的是 两周年，而值“3”按类型“年限”读作 3 年"),
    ("成立满2周年", ("成立日期", "年限"), "≥", "3", "写的是 2周年，而值“3”按类型“年限”读作 3 年"),
    ("从业人员不超过三百人", STAFF, "≤", "30", "写的是 三百人，而值“30”按类型“数值”读作 30"),
    ("研发费用占比不低于百分之三", ("研发投入占比", "占比（%）"), "≥", "5%", "写的是 百分之三，而值“5%”按类型“占比（%）”读作 5%"),
    ("营业收入不低于2千万元", REVENUE, "≥", "20", "写的是 2千万元（即 2000 万元），而值“20”按类型“金额（万元）”读作 20 万元"),
    ("营业收入不低于贰仟万元", REVENUE, "≥", "200", "写的是 贰仟万元（即 2000 万元），而值“200”按类型“金额（万元）”读作 200 万元"),
])
def test_a_value_that_is_not_the_figure_written_in_chinese_numerals_is_refused(tmp_path, wording, headers, op, value, message):
    assert _refused(tmp_path, _row(1, wording, *headers, op, value)) == (
        f"{WHERE}：条件原文“{wording}”{message}；请核对值及其单位与条件原文一致。")


@pytest.mark.parametrize("wording, headers, op, value", [
    ("成立满三年", ("成立日期", "年限"), "≥", "3"),
    ("成立满两年", ("成立日期", "年限"), "≥", "2"),
    ("成立满两周年", ("成立日期", "年限"), "≥", "2"),
    ("从业人员不超过三百人", STAFF, "≤", "300"),
    ("研发费用占比不低于百分之三", ("研发投入占比", "占比（%）"), "≥", "3%"),
    ("营业收入不低于2千万元", REVENUE, "≥", "2000"),
    ("营业收入不低于贰仟万元", REVENUE, "≥", "2000"),
    ("成立时间不晚于2018年1月1日", ("成立日期", "日期"), "≤", "2018-01-01"),
    ("成立时间不晚于二〇一八年一月一日", ("成立日期", "日期"), "≤", "2018-01-01"),
])
def test_the_figure_in_chinese_numerals_with_its_own_value_loads(tmp_path, wording, headers, op, value):
    assert len(load_conditions(_file(tmp_path, _row(1, wording, *headers, op, value))).conditions) == 1


def test_a_date_that_is_not_the_wordings_is_refused(tmp_path):
    row = _row(1, "成立时间不晚于2018年1月1日", "成立日期", "日期", "≤", "2019-01-01")
    assert _refused(tmp_path, row) == (f"{WHERE}：条件原文“成立时间不晚于2018年1月1日”写的是 2018年1月1日（2018-01-01），"
                                       "而值“2019-01-01”读作 2019-01-01；请核对值与条件原文一致。")


@pytest.mark.parametrize("written, value", [
    ("三", 3), ("十二", 12), ("三百", 300), ("一千零五", 1005), ("二〇一八", 2018), ("2千万", 20_000_000),
    ("1亿2000万", 120_000_000), ("贰仟万", 20_000_000), ("两万", 20_000), ("1.5亿", 150_000_000), ("三点五", 3.5),
])
def test_numerals_are_read_as_notices_write_them(written, value):
    assert numeral_value(written) == pytest.approx(value)


def test_two_figures_side_by_side_are_no_number():
    assert numeral_value("三五") is None


# --- 3. 1亿2000万元 ---------------------------------------------------------------------------------

def test_yi_and_wan_together_are_one_figure(tmp_path):
    assert wording_figure("营业收入不低于1亿2000万元", "amount_wan")[0] == 12000
    loaded = load_conditions(_file(tmp_path, _row(1, "营业收入不低于1亿2000万元", *REVENUE, "≥", "12000")))
    assert loaded.conditions[0].low == 12000
    assert _refused(tmp_path, _row(1, "营业收入不低于1亿2000万元", *REVENUE, "≥", "1200")) == (
        f"{WHERE}：条件原文“营业收入不低于1亿2000万元”写的是 1亿2000万元（即 12000 万元），而值“1200”按类型“金额（万元）”读作 1200 万元；"
        "请核对值及其单位与条件原文一致。")


# --- 4. --conditions given twice ----------------------------------------------------------------------

TWICE = ("错误：--conditions 给出了 2 次（「a.yaml」、「b.yaml」）：一次核对只读取一个申报条件文件，不会合并几个文件的条件；"
         "请把本轮的全部条件写在同一个文件中（至多 40 条），只给出一次 --conditions；条件超过 40 条时，请分成几个文件（每个至多 40 条），"
         "分批核对：每次运行用 --conditions 给出其中一个文件，各用一个输出文件夹。\n")


def test_conditions_given_twice_is_refused_naming_both_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, _row(1, "营业收入1000万元（含）以上", *REVENUE, "≥", "1000"), name="a.yaml")
    _file(tmp_path, _row(1, "从业人员不超过300人", *STAFF, "≤", "300"), name="b.yaml")
    (tmp_path / "apps.csv").write_text("申报编号,营业收入（万元）\nA1,1200\n", encoding="utf-8")
    result = run_cli("check", "apps.csv", "--workflow", "W-03", "--conditions", "a.yaml", "--conditions", "b.yaml",
                     "--as-of", "2021-06-30", "--out", "out")
    assert result.exit_code == 2
    assert result.output == TWICE
    assert not (tmp_path / "out").exists()
    template = run_cli("template", "check", "--workflow", "W-03", "--conditions", "a.yaml", "--conditions", "b.yaml", "--out", "t.xlsx")
    assert (template.exit_code, template.output) == (2, TWICE)


def test_more_than_forty_conditions_advise_one_file_per_run(tmp_path):
    rows = [_row(n, f"条件{n}", f"列{n}", "是否", "=", "是") for n in range(1, 42)]
    assert _refused(tmp_path, *rows) == ("c.yaml：有 41 条申报条件，超过每个文件 40 条的上限；请分成几个文件（每个至多 40 条），"
                                         "分批核对：每次运行用 --conditions 给出其中一个文件，各用一个输出文件夹。")


# --- 5. two 文本 conditions no cell meets together -------------------------------------------------------

@pytest.mark.parametrize("first, second, stated", [
    (("注册在环翠区", "所在区市", "文本", "等于", "环翠区"), ("注册在文登区", "所在区市", "文本", "等于", "文登区"), ("= 环翠区", "= 文登区")),
    (("属于制造业", "所属行业", "文本", "属于", "制造业"), ("不属于制造业", "所属行业", "文本", "不属于", "制造业"), ("属于 制造业", "不属于 制造业")),
    (("属于制造业", "所属行业", "文本", "=", "制造业"), ("不是制造业", "所属行业", "文本", "≠", "制造业"), ("= 制造业", "≠ 制造业")),
    (("属于制造业", "所属行业", "文本", "属于", "制造业"), ("属于软件业", "所属行业", "文本", "属于", "软件业、建筑业"), ("属于 制造业", "属于 软件业、建筑业")),
    (("在环翠区", "所在区市", "文本", "属于", "环翠区"), ("不在环翠区、文登区", "所在区市", "文本", "不属于", "威海市环翠区、文登区"), ("属于 环翠区", "不属于 威海市环翠区、文登区")),
])
def test_two_text_conditions_no_cell_meets_are_refused_naming_both_rows(tmp_path, first, second, stated):
    message = _refused(tmp_path, _row(1, *first), _row(2, *second))
    assert message == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）与第 1 行的条件第 2 项（条件编号 2）：两条条件都读取“{first[1]}”，"
                       f"而“{first[0]}”（{stated[0]}）与“{second[0]}”（{stated[1]}）没有一个值能同时满足，每件申报都会不符合；"
                       "请核对这两条条件的比较和值。")


@pytest.mark.parametrize("first, second", [
    (("注册在环翠区", "所在区市", "文本", "等于", "环翠区"), ("注册在威海市环翠区", "所在区市", "文本", "等于", "威海市环翠区")),
    (("属于制造业", "所属行业", "文本", "属于", "制造业、软件业"), ("属于软件业", "所属行业", "文本", "属于", "软件业")),
    (("属于制造业", "所属行业", "文本", "属于", "制造业"), ("不属于建筑业", "所属行业", "文本", "不属于", "建筑业")),
    (("不在环翠区", "所在区市", "文本", "≠", "环翠区"), ("不在文登区", "所在区市", "文本", "≠", "文登区")),
])
def test_text_conditions_some_cell_meets_load(tmp_path, first, second):
    assert len(load_conditions(_file(tmp_path, _row(1, *first), _row(2, *second))).conditions) == 2


# --- 6. the self-test of a condition on a district ---------------------------------------------------

@pytest.mark.parametrize("op", ["等于", "≠", "属于", "不属于"])
def test_a_district_condition_passes_its_own_self_test(tmp_path, op):
    # worded as the comparison says (注册在环翠区 under ≠ is refused: the wording asserts what ≠ denies)
    wording = "注册在环翠区" if op in ("等于", "属于") else "注册地不在环翠区"
    path = _file(tmp_path, _row(1, wording, "所在区市", "文本", op, "环翠区"))
    result = run_cli("conditions", "check", path, "--workflow", "W-03")
    assert result.exit_code == 0, result.output
    assert "边界自检（参考日 2021-06-30）：2/2 个边界值两个引擎结论一致且符合条件原意。" in result.output


def test_a_self_test_difference_is_said_in_chinese():
    assert _outcomes_zh({"durable": "pass", "reference": "pass"}) == "两个引擎均判定为“通过”"
    assert _outcomes_zh({"durable": "pass", "reference": "fail"}) == "durable-rules 判定为“通过”，参考实现 判定为“不通过”"


def test_a_self_test_difference_names_no_python_dict(tmp_path, monkeypatch):
    from checker.check.conditions.probes import Probe, ProbeResult
    import checker.cli.conditions as cli

    monkeypatch.setattr(cli, "run_probes", lambda *_: [ProbeResult(Probe("COND-1", "环翠区", "fail"), {"durable": "pass", "reference": "pass"})])
    result = run_cli("conditions", "check", _file(tmp_path, _row(1, "注册在环翠区", "所在区市", "文本", "=", "环翠区")), "--workflow", "W-03")
    assert result.exit_code == 1
    assert "  COND-1 值“环翠区”：应为“不通过”，两个引擎均判定为“通过”\n" in result.output
    assert "{" not in result.output
