"""Round conditions (--conditions): the file as a reviewer writes it, read strictly; each bad row a
hostile reviewer could write stops the run with one sentence naming the row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from checker.check.conditions import load_conditions
from checker.errors import InputError
from tests.helpers import SAMPLES, all_cases, case_text, read_case, read_json, run_cli

NOTICE = {"文号": "威工信字〔2021〕18号", "标题": "示例通知", "发布日期": "2021-05-10", "失信企业不得申报": "是"}
GOOD = {"条件编号": "1", "条件": "上年度营业收入1000万元", "依据": "第二条（二）", "列名": "营业收入（万元）", "类型": "金额（万元）",
        "比较": "≥", "值": "1000"}


def _yaml(tmp_path, rows, notice=NOTICE, name="c.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps({"通知": notice, "条件": rows}, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def _load(tmp_path, *rows, notice=NOTICE):
    return load_conditions(_yaml(tmp_path, list(rows), notice))


def _refused(tmp_path, *rows, notice=NOTICE) -> str:
    with pytest.raises(InputError) as error:
        _load(tmp_path, *rows, notice=notice)
    return str(error.value)


def test_the_sample_workbook_and_yaml_hold_the_same_conditions():
    from_xlsx = load_conditions(SAMPLES / "conditions" / "W-12_conditions.xlsx")
    from_yaml = load_conditions(SAMPLES / "conditions" / "W-12_conditions.yaml")
    unplaced = lambda conditions: [dataclasses.replace(c, where="") for c in conditions]  # noqa: E731
    assert unplaced(from_xlsx.conditions) == unplaced(from_yaml.conditions)
    assert from_xlsx.notice == from_yaml.notice
    assert from_xlsx.notice.bars_dishonest is True and from_xlsx.notice.issued == dt.date(2021, 5, 10)
    assert [c.rule_id for c in from_xlsx.conditions] == [f"COND-{n}" for n in range(1, 9)]
    assert len(from_xlsx.sha256) == 64 and from_xlsx.version == from_xlsx.sha256[:12]


def test_values_are_read_in_the_type_unit_exactly(tmp_path):
    rows = [
        dict(GOOD, 条件编号="a1", 值="1000万"),  # a unit in 值 converts to the type's
        dict(GOOD, 条件编号="a2", 类型="金额（元）", 值="1000万"),
        dict(GOOD, 条件编号="a3", 条件="上年度营业收入", 值=1e9),  # a numeric cell: exactly 1000000000
        dict(GOOD, 条件编号="a4", 条件="上年度利润总额", 值="-50"),  # a profit may be negative
        dict(GOOD, 条件编号="a5", 列名="上年度营业收入（万元）", 值="壹仟万元整"),
        dict(GOOD, 条件编号="p1", 类型="占比（%）", 值="3%"),
        dict(GOOD, 条件编号="p2", 列名="研发投入占比", 类型="占比（%）", 值=3),
        dict(GOOD, 条件编号="p3", 条件="营业收入增长率", 类型="百分比", 值="-5%"),
        dict(GOOD, 条件编号="y1", 类型="年限", 列名="成立日期", 值="3年"),
        dict(GOOD, 条件编号="b1", 类型="数值", 比较="介于", 值="10 ～ 20"),
        dict(GOOD, 条件编号="b2", 类型="日期", 列名="注册日期", 比较="介于", 值="2015-01-01至2020-12-31"),
        dict(GOOD, 条件编号="t1", 类型="文本", 比较="属于", 值="制造业、 软件业 、"),
        dict(GOOD, 条件编号="t2", 类型="是否", 比较="=", 值="否"),
    ]
    got = {c.number: (c.low, c.high, c.words) for c in _load(tmp_path, *rows).conditions}
    assert got == {
        "a1": (Decimal("1000"), None, ()), "a2": (Decimal("10000000"), None, ()), "a3": (Decimal("1000000000"), None, ()),
        "a4": (Decimal("-50"), None, ()), "a5": (Decimal("1000"), None, ()), "p1": (Decimal("3"), None, ()),
        "p2": (Decimal("3"), None, ()), "p3": (Decimal("-5"), None, ()), "y1": (3, None, ()),
        "b1": (Decimal("10"), Decimal("20"), ()), "b2": (dt.date(2015, 1, 1), dt.date(2020, 12, 31), ()),
        "t1": ("制造业", None, ("制造业", "软件业")), "t2": (False, None, ()),
    }


def test_words_a_reviewer_writes_for_types_comparisons_and_severity(tmp_path):
    rows = [dict(GOOD, 条件编号="1", 类型="金额(万元)", 比较="不低于", 严重程度="复核"),
            dict(GOOD, 条件编号="2", 类型=" 占比 ", 比较=">=", 值="3", 严重程度="advisory"),
            dict(GOOD, 条件编号="3", 列名="研发费用（万元）", 比较="＜", 严重程度="")]  # another column: < 1000 beside ≥ 1000 meets nothing
    conditions = _load(tmp_path, *rows).conditions
    assert [(c.ctype, c.op, c.severity) for c in conditions] == [
        ("amount_wan", "ge", "review"), ("share", "ge", "advisory"), ("amount_wan", "lt", "blocking")]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"条件编号": "三"}, "条件编号“三”含中文数字"),
        ({"条件编号": "一a"}, "含中文数字"),
        ({"条件编号": "a_b"}, "应为 1-16 位数字、字母或连字符"),
        ({"条件编号": "-1"}, "连字符不在首尾"),
        ({"条件编号": "x" * 17}, "应为 1-16 位"),
        ({"条件编号": "1.5"}, "应为 1-16 位"),
        ({"条件编号": None}, "“条件编号”未填写"),
        ({"类型": "文本", "比较": "≥"}, "类型“文本”不能用“≥”比较；文本只能用 = ≠ 属于 不属于"),
        ({"类型": "是否", "比较": "介于", "值": "是~否"}, "类型“是否”不能用“介于”比较"),
        ({"类型": "金额"}, "类型“金额”不是"),
        ({"比较": "约等于"}, "比较“约等于”不是"),
        ({"值": "1e9"}, "值 “1e9”无法按类型读取"),
        ({"值": "约1000"}, "值 “约1000”无法按类型读取"),
        ({"值": "1000美元"}, "值 “1000美元”无法按类型读取"),
        ({"值": "1" + "0" * 25}, "位数过多，超出可精确比较的范围"),
        ({"类型": "占比（%）", "值": "120"}, "占比 120% 不在 0–100 之间"),
        ({"类型": "占比（%）", "值": "-1%"}, "不在 0–100 之间"),
        ({"类型": "百分比", "值": "0.12"}, "0.12 在 0 与 1 之间，值无法确定是 0.12% 还是 12%"),
        ({"类型": "年限", "列名": "成立日期", "值": "三五"}, "“三五”不是整数年数"),
        ({"类型": "年限", "列名": "成立日期", "值": "-1"}, "“-1”不是整数年数"),
        ({"类型": "年限", "列名": "成立日期", "值": "2.5"}, "不是整数年数"),
        ({"类型": "年限", "列名": "成立年限"}, "“年限”须读取日期列（如 成立日期），而“成立年限”不是日期列；已填年数的列请用“数值”类型"),
        ({"类型": "日期", "列名": "营业收入（万元）"}, "而“营业收入（万元）”不是日期列"),
        ({"类型": "数值", "比较": "介于", "值": "20~10"}, "下限 20 大于上限 10"),
        # a 年限 no date cell (1900-2199) can reach: its anniversary was reported as 9999-12-31
        ({"类型": "年限", "列名": "成立日期", "比较": "（含）以内", "值": "9999"},
         "c.yaml 第 1 行的条件第 2 项（条件编号 9）：值 9999 年超出可计算的范围（日期按 1900–2199 年读取，年限至多 299 年）。"),
        ({"类型": "年限", "列名": "成立日期", "比较": "介于", "值": "3~300"}, "值 300 年超出可计算的范围"),
        # 年限 to the day: 满 3 年且不超过 3 年 would pass on the third anniversary alone
        ({"类型": "年限", "列名": "成立日期", "比较": "介于", "值": "3~3"},
         "c.yaml 第 1 行的条件第 2 项（条件编号 9）：年限介于 3～3 年只有满 3 年的那一天符合；要求成立年限为 3 年（满 3 年、不满 4 年）请写 比较 =、值 3。"),
        ({"类型": "数值", "比较": "介于", "值": "20"}, "介于的值应写成“下限~上限”"),
        ({"严重程度": "严重"}, "严重程度“严重”不是 否决/复核/提示"),
        ({"生效日期": "明年"}, "生效日期“明年”无法识别"),
        ({"值": None}, "“值”未填写"),
        ({"列名": "  "}, "“列名”未填写"),
    ],
)
def test_a_bad_row_is_refused_naming_it(tmp_path, changes, message):
    good = dict(GOOD, 条件编号="9")
    text = _refused(tmp_path, dict(GOOD), {**good, **changes})
    assert message in text
    assert "c.yaml 第 1 行的条件第 2 项" in text  # the row is named


@pytest.mark.parametrize("written,op", [
    ("（含）以上", "ge"), ("(含)以上", "ge"), ("含以上", "ge"), ("及以上", "ge"), ("以上（含）", "ge"), ("以上(含本数)", "ge"),
    ("以上含本数", "ge"), ("以上（不含）", "gt"), ("（不含）以上", "gt"), ("以上不含本数", "gt"),
    ("（含）以下", "le"), ("及以下", "le"), ("以下（含本数）", "le"), ("以下（不含）", "lt"), ("不含以下", "lt"),
    ("及以内", "le"), ("以内（不含）", "lt"), ("达到", "ge"), ("满", "ge"), ("不满", "lt"), ("未达到", "lt"),
    ("≧", "ge"), ("≦", "le"),  # the JIS forms, as a Japanese-made input method types them
])
def test_bounds_written_in_words_with_their_inclusion(tmp_path, written, op):
    (condition,) = _load(tmp_path, dict(GOOD, 比较=written)).conditions
    assert condition.op == op


@pytest.mark.parametrize("written,word,inclusive,exclusive", [
    ("以上", "以上", "≥", ">"), (" 以 上 ", "以上", "≥", ">"), ("以下", "以下", "≤", "<"), ("以内", "以内", "≤", "<")])
def test_a_bare_bound_word_is_refused_saying_how_to_write_it(tmp_path, written, word, inclusive, exclusive):
    """In one sentence, as every input error (the reason and how to write it joined by ；)."""
    text = _refused(tmp_path, dict(GOOD, 比较=written))
    assert text == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：比较“{word}”未写明是否包括本数：民法典第一千二百五十九条所称“{word}”包括本数，"
                    "而履职清单逐处写明（“100（含）万元以上”，“1万元(含)以上5万元以下”中的“以下”不含5万元）；"
                    f"请按申报通知原文写“（含）{word}”或“{inclusive}”（包括本数），或“{word}（不含）”或“{exclusive}”（不包括本数）。")


@pytest.mark.parametrize("written", ["（含）以上（含）", "（含）以上（不含）", "以上以下", "含以上含", "（包含）以上"])
def test_a_bound_said_twice_or_garbled_is_refused(tmp_path, written):
    assert "不是 ≥ > ≤ < = ≠ 属于 不属于 介于 之一" in _refused(tmp_path, dict(GOOD, 比较=written))


def test_two_conditions_with_one_number_regardless_of_case(tmp_path):
    text = _refused(tmp_path, dict(GOOD, 条件编号="a1"), dict(GOOD, 条件编号="A1"))
    assert text == "c.yaml 第 1 行的条件第 2 项：条件编号“A1”与第 1 行的条件第 1 项重复；每条条件的编号须唯一（不分大小写）。"


def test_the_notice_needs_its_number_and_a_yes_no_flag(tmp_path):
    assert "通知的“文号”未填写" in _refused(tmp_path, GOOD, notice={"标题": "x"})
    assert "“失信企业不得申报”应为 是 或 否" in _refused(tmp_path, GOOD, notice=dict(NOTICE, 失信企业不得申报="看情况"))
    assert _load(tmp_path, GOOD, notice={"文号": "x"}).notice.bars_dishonest is None


def test_blank_and_pre_numbered_rows_are_skipped_and_counted(tmp_path):
    conditions = _load(tmp_path, GOOD, {}, {"条件编号": "7"}, {"条件编号": None, "值": None})
    assert (len(conditions.conditions), conditions.skipped_rows) == (1, 3)
    assert "没有任何申报条件" in _refused(tmp_path, {}, {"条件编号": 2})


def test_yaml_equals_sign_and_numbers_as_written(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("通知: {文号: X}\n条件:\n  - {条件编号: 4, 条件: 无事故, 列名: 事故, 类型: 是否, 比较: =, 值: 否}\n"
                    "  - {条件编号: 5, 条件: 人数, 列名: 人数, 类型: 数值, 比较: <, 值: 1000}\n", encoding="utf-8")
    conditions = load_conditions(path).conditions
    assert [(c.rule_id, c.op, c.low) for c in conditions] == [("COND-4", "eq", False), ("COND-5", "lt", Decimal("1000"))]


def _workbook(tmp_path, rows, notice=True, formula=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "通知"
    if notice:
        sheet.append(list(NOTICE))
        sheet.append(list(NOTICE.values()))
    conditions = workbook.create_sheet("申报条件")
    conditions.append(list(GOOD))
    for row in rows:
        conditions.append([row.get(k) for k in GOOD])
    if formula:
        conditions[formula] = "=1000*1"
    path = tmp_path / "c.xlsx"
    workbook.save(path)
    return path


def test_workbook_rows_are_named_by_sheet_and_row(tmp_path):
    path = _workbook(tmp_path, [GOOD, {}, dict(GOOD, 条件编号="2", 类型="文本", 比较="<")])
    with pytest.raises(InputError, match="c.xlsx 工作表“申报条件”第 4 行（条件编号 2）：类型“文本”不能用“<”比较"):
        load_conditions(path)


def test_a_formula_without_a_cached_value_is_refused_naming_its_cell(tmp_path):
    path = _workbook(tmp_path, [GOOD], formula="G2")
    with pytest.raises(InputError, match=r"申报条件!G2（值）：公式单元格没有缓存的计算结果"):
        load_conditions(path)


def test_a_workbook_without_the_conditions_sheet_or_its_columns(tmp_path):
    workbook = Workbook()
    workbook.active.title = "通知"
    workbook.save(tmp_path / "n.xlsx")
    with pytest.raises(InputError, match="缺少工作表“申报条件”"):
        load_conditions(tmp_path / "n.xlsx")
    workbook.create_sheet("申报条件").append(["条件编号", "条件"])
    workbook.save(tmp_path / "n.xlsx")
    with pytest.raises(InputError, match="缺少列：列名、类型、比较、值"):
        load_conditions(tmp_path / "n.xlsx")


def test_a_percent_formatted_value_cell_is_its_value_times_100(tmp_path):
    path = _workbook(tmp_path, [dict(GOOD, 类型="占比（%）", 值=0.035)])
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["申报条件"]["G2"].number_format = "0.0%"
    workbook.save(path)
    assert load_conditions(path).conditions[0].low == Decimal("3.5")


# --- through `fundcheck check` ----------------------------------------------------------------

APPS = [{"申报编号": "C-1", "企业名称": "威海甲公司", "统一社会信用代码": "91371002MA3C8XK25F", "真实性承诺": "是", "营业收入（万元）": "1000"}]


def _check(tmp_path, rows, apps=APPS, *extra):
    conditions = _yaml(tmp_path, rows)
    (tmp_path / "apps.json").write_text(json.dumps(apps, ensure_ascii=False), encoding="utf-8")
    return run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--as-of", "2021-06-30",
                   "--out", tmp_path / "out", "--quiet", *extra)


def test_a_blocking_condition_on_an_absent_column_stops_the_run_naming_the_row(tmp_path):
    result = _check(tmp_path, [GOOD, dict(GOOD, 条件编号="2", 列名="研发投入占比", 类型="占比（%）", 值="3")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "错误：c.yaml 第 1 行的条件第 2 项（条件编号 2，否决项）读取的列“研发投入占比”在 apps.json (JSON) 中不存在；"
        "找到的列：申报编号、企业名称、统一社会信用代码、真实性承诺、营业收入（万元）。"
    )


def test_a_review_condition_on_an_absent_column_is_not_checked_and_said_once(tmp_path):
    result = _check(tmp_path, [GOOD, dict(GOOD, 条件编号="2", 列名="研发投入占比", 类型="占比（%）", 值="3", 严重程度="复核")])
    assert result.exit_code == 1
    case = read_case(tmp_path / "out", "C-1")
    finding = next(f for f in case["findings"] if f["rule_id"] == "COND-2")
    assert (finding["outcome"], finding["not_checked"], finding["message"]) == (
        "not_applicable", True, "申报表中没有“研发投入占比”列，本项未核对（整批）。")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert "申报表中没有“研发投入占比”列：“上年度营业收入1000万元”未核对。" in summary["not_checked_this_run"]
    assert summary["conditions"]["notice_number"] == "威工信字〔2021〕18号" and case["conditions"] == summary["conditions"]


def test_a_condition_on_a_contract_field_of_another_kind_is_refused(tmp_path):
    result = _check(tmp_path, [dict(GOOD, 列名="企业名称", 类型="数值")])
    assert result.exit_code == 2
    assert "列“企业名称”是文本列，不能按“数值”比较" in result.stderr
    result = _check(tmp_path, [dict(GOOD, 列名="所在区市", 类型="年限", 值="3")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：c.yaml 第 1 行的条件第 1 项（条件编号 1）：列“所在区市”是文本列，不能按“年限”比较（日期列）；请核对列名或类型。"


def test_w04_takes_no_round_conditions(tmp_path):
    conditions = _yaml(tmp_path, [GOOD])
    result = run_cli("check", SAMPLES / "check" / "W-04_applications.xlsx", "--workflow", "W-04", "--conditions", conditions,
                     "--out", tmp_path / "out")
    assert result.exit_code == 2 and "W-04 的受理条件由履职清单规定" in result.stderr


@pytest.mark.parametrize(
    "condition,cells,outcomes",
    [
        # money: exact to the last decimal, whatever the unit written
        ({"值": "1000"}, ["1000", "9,999,999.99元", "10,000,000元", "壹仟万元整", "999.999999"], ["pass", "fail", "pass", "pass", "fail"]),
        # percentages: 12% and 12 are 12; a bare number in (0, 1) needs a %
        ({"列名": "研发投入占比", "类型": "占比（%）", "值": "3"}, ["3%", "3.00", "2.999%", "0.5", "100%"], ["pass", "pass", "fail", "missing", "pass"]),
        ({"列名": "研发投入占比（%）", "类型": "占比（%）", "值": "0.5%"}, ["0.5", "0.49"], ["pass", "fail"]),
        # 年限: 满 N 年 ⇔ the date + N years ≤ the reference date (2021-06-30)
        ({"列名": "成立日期", "类型": "年限", "值": "3"}, ["2018-06-30", "2018-07-01", "2021-07-01", "下周"], ["pass", "fail", "fail", "missing"]),
        # 不超过 / 超过 / 不满 N 年 and 介于 to the day: three years and seven months is not 三年以内（含）
        ({"列名": "成立日期", "类型": "年限", "比较": "（含）以内", "值": "3"}, ["2018-06-30", "2018-06-29", "2017-12-01", "2019-01-01"],
         ["pass", "fail", "fail", "pass"]),
        ({"列名": "成立日期", "类型": "年限", "比较": "超过", "值": "3"}, ["2018-06-30", "2018-06-29", "2017-12-01"], ["fail", "pass", "pass"]),
        ({"列名": "成立日期", "类型": "年限", "比较": "不满", "值": "3"}, ["2018-07-01", "2018-06-30"], ["pass", "fail"]),
        ({"列名": "成立日期", "类型": "年限", "比较": "介于", "值": "3~5"}, ["2018-06-30", "2016-06-30", "2016-06-29", "2018-07-01", "2017-01-01"],
         ["pass", "pass", "fail", "fail", "pass"]),
        # = compares whole years: 成立年限为 3 年 is three years and any part of the fourth
        ({"列名": "成立日期", "类型": "年限", "比较": "=", "值": "3"}, ["2018-06-30", "2017-07-01", "2017-06-30"], ["pass", "pass", "fail"]),
        # 文本列表: 属于 = at least one listed, 不属于 = none, = the whole normalised cell
        ({"列名": "知识产权", "类型": "文本列表", "比较": "属于", "值": "发明专利、软件著作权"}, ["商标、发明专利", "商标", "软件著作权 "], ["pass", "fail", "pass"]),
        ({"列名": "知识产权", "类型": "文本列表", "比较": "不属于", "值": "发明专利"}, ["商标、发明专利", "商标"], ["fail", "pass"]),
        ({"列名": "知识产权", "类型": "文本列表", "比较": "=", "值": "商标、发明专利"}, ["商标 、 发明专利", "发明专利、商标"], ["pass", "fail"]),
        ({"列名": "行业", "类型": "文本", "比较": "≠", "值": "建筑业"}, ["建筑业", "制造业"], ["fail", "pass"]),
        ({"列名": "人数", "类型": "数值", "比较": "介于", "值": "10~20"}, ["10人", "20", "20.01", "9"], ["pass", "pass", "fail", "fail"]),
    ],
)
def test_conditions_decide_their_boundaries(tmp_path, condition, cells, outcomes):
    column = condition.get("列名", GOOD["列名"])
    apps = [dict(APPS[0], 申报编号=f"C-{i}", **{column: cell}) for i, cell in enumerate(cells)]
    result = _check(tmp_path, [dict(GOOD, **condition)], apps)
    assert result.exit_code in (0, 1), result.stderr
    got = [next(f["outcome"] for f in read_case(tmp_path / "out", f"C-{i}")["findings"] if f["rule_id"] == "COND-1")
           for i in range(len(cells))]
    assert got == outcomes


def test_a_condition_not_yet_in_force_is_not_applicable_and_reads_nothing(tmp_path):
    rows = [GOOD, dict(GOOD, 条件编号="2", 列名="研发投入占比", 类型="占比（%）", 值="3", 生效日期="2021-07-01")]
    apps = [dict(APPS[0], 研发投入占比=0.5)]  # ambiguous, but the condition does not apply yet
    _check(tmp_path, rows, apps)
    case = read_case(tmp_path / "out", "C-1")
    assert not any(f["rule_id"].startswith("INP-") for f in case["findings"])
    finding = next(f for f in case["findings"] if f["rule_id"] == "COND-2")
    assert (finding["outcome"], finding["message"]) == ("not_applicable", "本条件自 2021-07-01 起施行，参考日期 2021-06-30 时尚未施行，不适用。")


def test_29_february_plus_whole_years_is_28_february():
    from checker.check.conditions.values import add_years, years_completed

    assert add_years(dt.date(2016, 2, 29), 1) == dt.date(2017, 2, 28)
    assert years_completed(dt.date(2016, 2, 29), dt.date(2017, 2, 28)) == 1
    assert years_completed(dt.date(2016, 2, 29), dt.date(2017, 2, 27)) == 0
    assert years_completed(dt.date(2016, 2, 29), dt.date(2020, 2, 28)) == 3  # 2020-02-29 exists
    assert years_completed(dt.date(2016, 2, 29), dt.date(2020, 2, 29)) == 4
    assert years_completed(dt.date(2022, 1, 1), dt.date(2021, 6, 30)) == -1  # founded after the reference date


def test_years_need_a_reference_date(tmp_path):
    conditions = _yaml(tmp_path, [dict(GOOD, 列名="成立日期", 类型="年限", 值="3")])
    rows = [dict(APPS[0], 成立日期="2015-01-01", 申报日期=""), dict(APPS[0], 申报编号="C-2", 成立日期="2015-01-01", 申报日期="2021-06-30")]
    (tmp_path / "apps.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out", "--quiet")
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert finding["outcome"] == "missing" and "计算年限需要参考日期" in finding["message"]
    dated = next(f for f in read_case(tmp_path / "out", "C-2")["findings"] if f["rule_id"] == "COND-1")
    assert dated["outcome"] == "pass"  # its own 申报日期 is its reference date


def test_without_any_reference_date_a_blocking_years_condition_stops_the_run_naming_what_to_give(tmp_path):
    """No --as-of, no --window and no 申报日期 column: no case could be counted to a date, and every
    applicant would be asked for a 申报日期 the template never had. The run stops and says what to give."""
    conditions = _yaml(tmp_path, [dict(GOOD, 条件="成立满3年", 列名="成立日期", 类型="年限", 值="3")])
    (tmp_path / "apps.json").write_text(json.dumps([dict(APPS[0], 成立日期="2015-01-01")], ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == ("错误：c.yaml 第 1 行的条件第 1 项（条件编号 1，否决项）按年限计算到参考日期，而 apps.json (JSON) 中没有“申报日期”列，"
                             "也未用 --as-of 或 --window 指定参考日期；请加 --as-of（或 --window），或在该表中加“申报日期”列并逐件填写。\n")


def test_without_any_reference_date_a_review_years_condition_is_not_checked_and_says_why(tmp_path):
    conditions = _yaml(tmp_path, [dict(GOOD, 条件="成立满3年", 列名="成立日期", 类型="年限", 值="3", 严重程度="复核")])
    (tmp_path / "apps.json").write_text(json.dumps([dict(APPS[0], 成立日期="2015-01-01")], ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert (finding["outcome"], finding.get("not_checked"), finding["message"]) == (
        "not_applicable", True, "申报表中没有“申报日期”列，核对时也未用 --as-of 或 --window 指定参考日期，无法计算年限，本项未核对（整批）。")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert "申报表中没有“申报日期”列：“成立满3年”未核对。" in summary["not_checked_this_run"]


def test_conditions_check_lists_the_conditions_and_tests_their_boundaries(tmp_path):
    result = run_cli("conditions", "check", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--workflow", "W-12",
                     "--applications", SAMPLES / "check" / "W-12_applications.xlsx")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "通知：威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》；发布日期 2021-05-10；失信企业不得申报：是"
    assert lines[3].split() == ["COND-1", "否决项", "年限", "满", "3", "年", "←", "列“成立日期、注册日期”"]
    # what `check` will need for the 年限 (the sample's 申报表 has no 申报日期: --as-of or --window)
    assert lines[-2] == ("注意：COND-1 按年限计算到参考日期，而 W-12_applications.xlsx (申报汇总表) 中没有“申报日期”列："
                         "核对时须加 --as-of 或 --window，否则核对停止。")
    assert lines[-1] == "边界自检（参考日 2021-07-01）：23/23 个边界值两个引擎结论一致且符合条件原意。"


def test_conditions_check_without_workflow_plans_as_check_does(tmp_path):
    """Without --workflow, `conditions check FILE --applications W05.xlsx` checked the columns for W-12
    (its own default) and stopped: 缺少 W-12 必需的列：真实性承诺, while `check W05.xlsx --conditions FILE`
    (default W-05) runs. Both take W-05 when no workflow is given."""
    conditions = _yaml(tmp_path, [dict(GOOD, 条件编号="1", 条件="项目总投资500万元（含）以上", 列名="项目总投资（万元）",
                                       类型="金额（万元）", 比较="≥", 值="500")])
    result = run_cli("conditions", "check", conditions, "--applications", SAMPLES / "w05_applications.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "申报文件 w05_applications.xlsx：否决项条件读取的列均存在。" in result.stdout.splitlines()
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--conditions", conditions, "--as-of", "2020-07-31",
                   "--out", tmp_path / "out", "--quiet").exit_code == 1

def test_conditions_check_of_a_bad_file_exits_2(tmp_path):
    result = run_cli("conditions", "check", _yaml(tmp_path, [dict(GOOD, 条件编号="三")]))
    assert result.exit_code == 2 and "含中文数字" in result.stderr


def test_the_notice_flag_reaches_every_case_as_a_fact(book):
    """失信企业不得申报 (the notice) → notice_bars_dishonest, for ELIG-CREDIT-CLEAN or any rule to read."""
    from checker.check.context import ApplicationCase, BatchContext
    from checker.check.conditions.model import RoundNotice
    from checker.check.facts.round import round_facts
    from checker.check.fields import field_set
    from checker.check.validate import Application
    from checker.core.evaluator import Facts

    def fact(notice):
        out = Facts()
        case = ApplicationCase(Application(2, "s", {}, {}), BatchContext(notice=notice), dt.date(2021, 6, 30), field_set(book))
        round_facts.compute(case, out)
        return out.facts["notice_bars_dishonest"]

    assert [fact(RoundNotice("X", "", None, flag)) for flag in (True, False, None)] == ["yes", "no", "unstated"]
    assert fact(None) == "unstated"
    assert book.fact_types("application")["notice_bars_dishonest"] == ("yes", "no", "unstated")


def test_two_conditions_on_one_column_with_different_types(tmp_path):
    rows = [GOOD, dict(GOOD, 条件编号="2", 类型="数值", 比较="≤", 值="5000")]
    apps = [dict(APPS[0], **{"营业收入（万元）": "6000"})]
    _check(tmp_path, rows, apps)
    found = {f["rule_id"]: f for f in read_case(tmp_path / "out", "C-1")["findings"]}
    assert (found["COND-1"]["outcome"], found["COND-2"]["outcome"]) == ("pass", "fail")
    assert found["COND-2"]["evidence"]["source"] == "JSON#1.营业收入（万元）"


def test_a_formula_without_a_value_in_a_condition_column_is_an_inp_finding(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["申报编号", "统一社会信用代码", "真实性承诺", "营业收入（万元）"])
    sheet.append(["F-1", "91371002MA3C8XK25F", "是", "=B2*2"])
    workbook.save(tmp_path / "apps.xlsx")
    conditions = _yaml(tmp_path, [GOOD])
    run_cli("check", tmp_path / "apps.xlsx", "--workflow", "W-12", "--conditions", conditions, "--as-of", "2021-06-30",
            "--out", tmp_path / "out", "--quiet")
    findings = read_case(tmp_path / "out", "F-1")["findings"]
    assert [f["rule_id"] for f in findings if f["rule_id"].startswith("INP-")] == ["INP-FORMULA"]
    assert next(f for f in findings if f["rule_id"] == "COND-1")["outcome"] == "missing"


def test_a_years_condition_to_the_day_says_when_the_years_are_complete(tmp_path):
    """成立3年以内（含）: a company of three years and seven months fails, and the message says the day
    its three years were complete (whole years alone read 满 3 年 and passed it)."""
    apps = [dict(APPS[0], 申报编号="C-1", 成立日期="2017-12-01")]
    result = _check(tmp_path, [dict(GOOD, 列名="成立日期", 类型="年限", 比较="（含）以内", 值="3")], apps)
    assert result.exit_code == 1, result.stderr
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert (finding["outcome"], finding["message"]) == (
        "fail", "成立日期填写为 2017-12-01（到参考日 2021-06-30 满 3 年；满 3 年之日为 2020-12-01），本轮条件要求不超过 3 年，不符合本条件。")


@pytest.mark.parametrize("written,op,expect", [("≥", "ge", "满 3 年"), ("超过", "gt", "超过 3 年"), ("（含）以内", "le", "不超过 3 年"),
                                               ("不满", "lt", "不满 3 年"), ("=", "eq", "满整年数 = 3"), ("≠", "ne", "满整年数 ≠ 3")])
def test_years_conditions_in_words(tmp_path, written, op, expect):
    from checker.check.conditions.rules import expectation

    (condition,) = _load(tmp_path, dict(GOOD, 列名="成立日期", 类型="年限", 比较=written, 值="3")).conditions
    assert (condition.op, expectation(condition)) == (op, expect)


def test_years_probes_cover_the_days_around_each_anniversary(tmp_path):
    """`conditions check` runs each 年限 condition on the anniversary itself, the day before and after
    and a year either side, with what the condition means worked out from the dates."""
    from checker.check.conditions.probes import probes

    (condition,) = _load(tmp_path, dict(GOOD, 列名="成立日期", 类型="年限", 比较="（含）以内", 值="3")).conditions
    got = [(p.value, p.expect) for p in probes(condition, dt.date(2021, 6, 30))]
    assert got == [("2019-06-30", "pass"), ("2018-07-01", "pass"), ("2018-06-30", "pass"), ("2018-06-29", "fail"),
                   ("2017-06-30", "fail")]


def test_conditions_check_of_a_long_years_condition_probes_only_dates_a_cell_can_hold(tmp_path):
    """满 9999 年 ended in an internal error (a date 9999 years before the reference date; 满 299 年 now
    the most a file may ask, and on 2024-02-29 no cell can be probed for it), and 满 124
    年 on 2024-02-29 was reported as deciding 1899-02-28 wrongly (no cell holds a year before 1900)."""
    notice = dict(NOTICE, 发布日期="2024-02-29")
    rows = [dict(GOOD, 条件编号="1", 列名="成立日期", 类型="年限", 值="299"),
            dict(GOOD, 条件编号="2", 列名="成立日期", 类型="年限", 比较="=", 值="299"),
            dict(GOOD, 条件编号="3", 列名="注册日期", 类型="年限", 比较="（含）以内", 值="124")]  # not 成立日期: ≤ 124 beside ≥ 299 meets nothing
    result = run_cli("conditions", "check", _yaml(tmp_path, rows, notice))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "边界自检（参考日 2024-02-29）：4/4 个边界值两个引擎结论一致且符合条件原意。"
    from checker.check.conditions.probes import probes

    third = _load(tmp_path, rows[2], notice=notice).conditions[0]
    assert [(p.value, p.expect) for p in probes(third, dt.date(2024, 2, 29))] == [
        ("1901-02-28", "pass"), ("1900-03-01", "pass"), ("1900-02-28", "fail"), ("1900-02-27", "fail")]  # 1900-02-28 + 124 years: 2024-02-28


@pytest.mark.parametrize("written,outcome,message", [  # h151's wording: 填写为…，本轮条件要求… in words
    ("≥", "fail", "成立日期填写为 2021-07-01（晚于参考日 2021-06-30），本轮条件要求满 3 年，不符合本条件。"),
    ("（含）以内", "pass", "成立日期填写为 2021-07-01（晚于参考日 2021-06-30；满 3 年之日为 2024-07-01），符合本条件（本轮条件要求不超过 3 年）。"),
    ("=", "fail", "成立日期填写为 2021-07-01（晚于参考日 2021-06-30），本轮条件要求满 3 年且不满 4 年，不符合本条件。"),
])
def test_a_date_after_the_reference_date_is_said_so_not_minus_one_year(tmp_path, written, outcome, message):
    """A founding date the day after the reference date read "（到参考日 2021-06-30 满 -1 年）"."""
    apps = [dict(APPS[0], 申报编号="C-1", 成立日期="2021-07-01")]
    result = _check(tmp_path, [dict(GOOD, 列名="成立日期", 类型="年限", 比较=written, 值="3")], apps)
    assert result.exit_code in (0, 1), result.stderr
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert (finding["outcome"], finding["message"]) == (outcome, message)


def test_a_years_condition_without_a_reference_date_asks_for_the_submission_date_not_the_founding_date(tmp_path):
    """No --as-of, no --window and no 申报日期: the 补正告知书 told the applicant "本次未给出 --as-of / --window" (the
    reviewer's command line) and to 补填或更正成立日期 - a date that was right. It asks for the 申报日期, and the
    reviewer's report alone names the options."""
    from tests.helpers import case_text

    conditions = _yaml(tmp_path, [dict(GOOD, 条件="成立满3年", 列名="成立日期", 类型="年限", 值="3")])
    (tmp_path / "apps.json").write_text(json.dumps([dict(APPS[0], 成立日期="2015-01-01", 申报日期="")], ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out", "--quiet")
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert (finding["outcome"], finding["message"], finding["remedy"]) == (
        "missing",
        "成立日期填写为 2015-01-01，计算年限需要参考日期，而申报日期未填写（核对时也未用 --as-of 或 --window 指定参考日期），无法核对本条件（本轮条件要求满 3 年）。",
        "请补填申报日期（日期，如 2021-06-30），以便按成立日期计算年限，核对：成立满3年")
    html = case_text(tmp_path / "out", "C-1")
    notice = html[html.index('<h2 class="notice-title">'):]
    # the notice's text is set solid as a letter is (h155)
    assert "成立日期填写为2015年1月1日，计算年限需要参考日期，而申报日期未填写，无法核对本条件（本轮条件要求满3年）。" in notice
    assert "--as-of" not in notice and "更正成立日期" not in notice


def test_a_review_years_condition_is_checked_on_the_rows_of_a_file_that_has_the_submission_date(tmp_path):
    """Two files, only one with a 申报日期 column: its rows could be counted to their date, yet the
    condition was not checked for either, and each case said its 申报表 had no such column (hostile15)."""
    conditions = _yaml(tmp_path, [dict(GOOD, 条件="成立满3年", 列名="成立日期", 类型="年限", 值="3", 严重程度="复核")])
    (tmp_path / "a.json").write_text(json.dumps([dict(APPS[0], 成立日期="2015-01-01", 申报日期="2021-06-30")], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([dict(APPS[0], 申报编号="C-9", 成立日期="2015-01-01")], ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "a.json", tmp_path / "b.json", "--workflow", "W-12", "--conditions", conditions,
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    dated = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert dated["outcome"] == "pass"
    undated = next(f for f in read_case(tmp_path / "out", "C-9")["findings"] if f["rule_id"] == "COND-1")
    assert undated["outcome"] == "missing" and "计算年限需要参考日期" in undated["message"]


def test_the_template_for_a_years_condition_has_the_submission_date_column(tmp_path):
    """A template made with a 年限 condition had no 申报日期 column, and a check of it without --as-of
    told the office to fill in the 申报日期 its template never had (hostile15)."""
    from openpyxl import load_workbook

    conditions = _yaml(tmp_path, [dict(GOOD, 条件="成立满3年", 列名="成立日期", 类型="年限", 值="3")])
    result = run_cli("template", "check", "-w", "W-12", "--conditions", conditions, "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.stderr
    header = next(load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows(max_row=1, values_only=True))
    assert header == ("申报编号", "企业名称", "项目名称", "所在区市", "真实性承诺", "推荐文号", "统一社会信用代码", "证明材料", "区市初审意见",
                      "市级复审意见", "专项资金项目流程审核情况表", "申报日期", "成立日期")


def test_conditions_check_refuses_an_unknown_workflow_before_listing_the_conditions():
    # the refusal came after the file's 19 lines of listing, the run's last line
    result = run_cli("conditions", "check", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--workflow", "W12")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("错误：未知的流程「W12」（是否为 W-12？）；可审核申报的流程：L-03, N-01,")


# --- a misspelt key or column, a key written twice (h24) -------------------------------------------

KNOWN_ITEMS = "条件编号、条件、依据、列名、类型、比较、值、严重程度、生效日期，或 备注、说明、序号"


def test_a_misspelt_key_of_a_condition_is_refused_naming_it(tmp_path):
    """严重成度 for 严重程度 was dropped: the condition was read as 否决 (and 生效时间 as in force always)."""
    text = _refused(tmp_path, dict(GOOD, 严重成度="提示"))
    assert text == f"c.yaml 第 1 行的条件第 1 项：项“严重成度”无法识别（可写 {KNOWN_ITEMS}）；请核对拼写。"


def test_a_misspelt_key_of_the_notice_is_refused_naming_it(tmp_path):
    text = _refused(tmp_path, dict(GOOD), notice=dict(NOTICE, 失信企业不得申根="是"))
    assert text == ("c.yaml “通知”：项“失信企业不得申根”无法识别（可写 文号、标题、发布日期、失信企业不得申报，或 备注、说明、序号）；"
                    "请核对拼写。")


def test_a_note_key_is_kept_aside(tmp_path):
    assert _load(tmp_path, dict(GOOD, 备注="2021年新增")).conditions[0].severity == "blocking"


def _workbook_with_a_column(tmp_path, header: str, value: str) -> None:
    """c.xlsx: the notice, and the GOOD condition with one more column."""
    workbook = Workbook()
    workbook.active.title = "通知"
    workbook.active.append(list(NOTICE))
    workbook.active.append(list(NOTICE.values()))
    sheet = workbook.create_sheet("申报条件")
    sheet.append([*GOOD, header])
    sheet.append([*GOOD.values(), value])
    workbook.save(tmp_path / "c.xlsx")


def test_a_misspelt_column_of_the_conditions_workbook_is_refused_naming_it(tmp_path):
    _workbook_with_a_column(tmp_path, "生效日起", "2030-01-01")
    with pytest.raises(InputError) as error:
        load_conditions(tmp_path / "c.xlsx")
    assert str(error.value) == f"c.xlsx 工作表“申报条件”第 1 行：列名“生效日起”无法识别（可写 {KNOWN_ITEMS}）；请核对拼写。"


def test_a_key_written_twice_in_a_yaml_condition_is_refused_naming_both_lines(tmp_path):
    """YAML keeps the last of two 值: the file said 100 and 1000 and 1000 was checked, unseen."""
    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕9号\n条件:\n  - 条件编号: 1\n    条件: 年度设备投入100（含）万元以上\n"
                    "    列名: 年度设备投入（万元）\n    类型: 金额（万元）\n    比较: ≥\n    值: 100\n    值: 1000\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml 第 10 行：“值”在第 9 行已写过一次；同一项只能写一次（否则只读最后一个），请删去多余的一个。"


def test_a_bad_condition_of_a_block_yaml_is_named_by_its_line(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕9号\n条件:\n  - 条件编号: 1\n    条件: 年度设备投入100（含）万元以上\n"
                    "    列名: 年度设备投入（万元）\n    类型: 金额（万元）\n    比较: ≥\n    值: 100\n"
                    "  - 条件编号: 2\n    条件: 从业人员不足300人\n    列名: 从业人数\n    类型: 数值\n    比较: 少于\n    值: 300\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml 第 10 行的条件第 2 项（条件编号 2）：比较“少于”不是 ≥ > ≤ < = ≠ 属于 不属于 介于 之一。"


@pytest.mark.parametrize("wording,written,said,symbol", [
    ("年度设备投入100（含）万元以上", ">", "(含)万元以上", "≥"),
    ("从业人员不足300人", "不超过", "不足", "<"),
    ("研发投入占比超过3%", "≥", "超过", ">"),
    ("资产负债率不超过70%", "<", "不超过", "≤"),
    ("成立满3年", ">", "满", "≥"),
])
def test_a_comparison_the_wording_contradicts_is_refused(tmp_path, wording, written, said, symbol):
    """The notice says 100（含）万元以上 and 比较 says >: an applicant of exactly 100 万元 was refused."""
    text = _refused(tmp_path, dict(GOOD, 条件=wording, 比较=written))
    shown = f"“{written}”" if written in "≥>≤<" else f"“{written}”（≤）"
    assert text == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“{wording}”写的是“{said}”（{symbol}），"
                    f"而比较写的是{shown}；请按通知原文核对比较或条件原文。")


@pytest.mark.parametrize("wording,written", [
    ("年度设备投入100（含）万元以上", "≥"), ("上年度营业收入1000万元以上", ">"), ("从业人员1000人以下", "<"),
    ("1万元(含)以上5万元以下", "介于"), ("营业收入不低于1000万元，且资产负债率不超过70%", "≥"), ("满足申报条件", "<"),
])
def test_a_comparison_the_wording_leaves_open_or_agrees_with_is_kept(tmp_path, wording, written):
    value = {"介于": "1~5"}.get(written, "100" if "100（含）" in wording else "1000")
    assert _load(tmp_path, dict(GOOD, 条件=wording, 比较=written, 值=value)).conditions[0].wording == wording


@pytest.mark.parametrize("changes,message", [
    # 金额（元） picked for a notice's 100万元: every applicant of 100 元 or more passed
    ({"条件": "年度设备投入100（含）万元以上", "类型": "金额（元）", "值": "100"},
     "条件原文“年度设备投入100（含）万元以上”写的是 100万元（即 1000000 元），而值“100”按类型“金额（元）”读作 100 元；"),
    ({"条件": "年度设备投入100（含）万元以上", "值": "1000"},
     "条件原文“年度设备投入100（含）万元以上”写的是 100万元，而值“1000”按类型“金额（万元）”读作 1000 万元；"),
    ({"条件": "研发投入占比不低于3%", "类型": "占比（%）", "值": "0.03%"},
     "条件原文“研发投入占比不低于3%”写的是 3%，而值“0.03%”按类型“占比（%）”读作 0.03%；"),
])
def test_a_value_the_wording_contradicts_is_refused(tmp_path, changes, message):
    text = _refused(tmp_path, dict(GOOD, **changes))
    assert text == f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：{message}请核对值及其单位与条件原文一致。"


@pytest.mark.parametrize("changes", [
    {"条件": "年度设备投入100（含）万元以上", "值": "100万元"},
    {"条件": "年度设备投入100（含）万元以上", "类型": "金额（元）", "值": "1,000,000"},
    {"条件": "年度设备投入100（含）万元以上", "值": "￥1,000,000"},
    {"条件": "营业收入1亿元以上", "值": "10000"},
    {"条件": "1万元(含)以上5万元以下", "比较": "介于", "值": "1~5"},
    # two figures: not read (two alternatives: a blocking condition is refused, h38)
    {"条件": "营业收入不低于1000万元或利润不低于100万元", "值": "100", "严重程度": "复核"},
])
def test_a_value_the_wording_agrees_with_or_leaves_open_is_kept(tmp_path, changes):
    assert _load(tmp_path, dict(GOOD, **changes)).conditions[0].wording == changes["条件"]


def test_a_title_line_above_the_conditions_header_is_passed_over(tmp_path):
    """A 申报条件 sheet under a merged title line was refused as missing every column (找到的列：2021年度…申报条件)."""
    workbook = Workbook()
    workbook.active.title = "通知"
    workbook.active.append(["关于组织申报2021年度技术改造补助的通知"])
    workbook.active.append(list(NOTICE))
    workbook.active.append(list(NOTICE.values()))
    sheet = workbook.create_sheet("申报条件")
    sheet.append(["2021年度技术改造补助申报条件"])
    sheet.merge_cells("A1:G1")
    sheet.append(list(GOOD))
    sheet.append(list(GOOD.values()))
    sheet.append([*dict(GOOD, 条件编号="2", 比较="约等于").values()])
    workbook.save(tmp_path / "c.xlsx")
    with pytest.raises(InputError) as error:
        load_conditions(tmp_path / "c.xlsx")
    assert str(error.value) == "c.xlsx 工作表“申报条件”第 4 行（条件编号 2）：比较“约等于”不是 ≥ > ≤ < = ≠ 属于 不属于 介于 之一。"
    sheet.delete_rows(4)
    workbook.save(tmp_path / "c.xlsx")
    conditions = load_conditions(tmp_path / "c.xlsx")
    assert [(c.rule_id, c.where) for c in conditions.conditions] == [("COND-1", "工作表“申报条件”第 3 行")]
    assert conditions.notice.number == NOTICE["文号"]


def test_a_district_condition_reads_weihai_s_districts_and_zones_by_any_of_their_names(tmp_path):
    """属于 环翠区、文登区、荣成市、乳山市、高区、经区、临港区 refused 威海经济技术开发区, 火炬高技术产业开发区, 威海临港经济技术开发区
    and 荣成 (the text compared as written): applicants registered inside Weihai got a 不予受理告知书."""
    condition = {"条件": "在威海市行政区域内注册", "列名": "所在区市", "类型": "文本", "比较": "属于",
                 "值": "环翠区、文登区、荣成市、乳山市、高区、经区、临港区"}
    cells = ["威海经济技术开发区", "火炬高技术产业开发区", "威海临港经济技术开发区", "荣成", "乳山市", "文登区",
             "烟台市芝罘区", "烟台经济技术开发区", "济南高新区"]
    apps = [dict(APPS[0], 申报编号=f"C-{i}", 所在区市=cell) for i, cell in enumerate(cells)]
    result = _check(tmp_path, [dict(GOOD, **condition)], apps)
    assert result.exit_code == 1, result.stderr
    findings = [next(f for f in read_case(tmp_path / "out", f"C-{i}")["findings"] if f["rule_id"] == "COND-1")
                for i in range(len(cells))]
    assert [f["outcome"] for f in findings] == ["pass"] * 6 + ["fail"] * 3
    assert findings[0]["message"] == ("所在区市填写为“威海经济技术开发区”，符合本条件（本轮条件要求属于“环翠区”、“文登区”、“荣成市”、"
                                      "“乳山市”、“高区”、“经区”或“临港区”）。")
    assert findings[6]["message"] == ("所在区市填写为“烟台市芝罘区”，本轮条件要求属于“环翠区”、“文登区”、“荣成市”、“乳山市”、“高区”、"
                                      "“经区”或“临港区”，不符合本条件。")


def test_a_condition_not_yet_in_force_quotes_the_cell_as_written_not_blank(tmp_path):
    """Its evidence read 研发投入占比：空白 though the applicant had filled the cell (it is never read)."""
    rows = [GOOD, dict(GOOD, 条件编号="2", 条件="研发投入占比", 列名="研发投入占比", 类型="占比（%）", 值="3", 生效日期="2021-07-01")]
    _check(tmp_path, rows, [dict(APPS[0], 研发投入占比=0.5)])
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-2")
    assert (finding["outcome"], finding["evidence"]) == ("not_applicable", {"研发投入占比": "0.5", "source": "JSON#1.研发投入占比"})
    assert not any(f["rule_id"].startswith("INP-") for f in read_case(tmp_path / "out", "C-1")["findings"])


def test_a_number_condition_on_a_money_field_is_refused(tmp_path):
    """数值 on 年度设备投入（万元） read 100万元 and 1,000,000元 as unreadable (INP-NUMBER, the case to review)
    where the field's own reading takes them: the type must be a 金额."""
    result = _check(tmp_path, [dict(GOOD, 条件="年度设备投入不低于100", 列名="年度设备投入（万元）", 类型="数值", 值="100")],
                    [dict(APPS[0], **{"年度设备投入（万元）": "100万元"})])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误：c.yaml 第 1 行的条件第 1 项（条件编号 1）：列“年度设备投入（万元）”是金额列，"
                                     "不能按“数值”比较；请核对列名或类型。")


def test_a_between_whose_wording_leaves_an_end_out_is_refused(tmp_path):
    """介于 1000~5000 passes 5000 万元, which 5000万元（不含）以下 leaves out."""
    wording = "营业收入1000万元（含）以上5000万元（不含）以下"
    text = _refused(tmp_path, dict(GOOD, 条件=wording, 比较="介于", 值="1000~5000"))
    assert text == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“{wording}”写的是“(不含)以下”（不含本数），"
                    "而“介于”包括上下限两端；请分成两条条件（如 ≥ 下限、< 上限）。")
    kept = _load(tmp_path, dict(GOOD, 条件="营业收入1000万元（含）以上5000万元（含）以下", 比较="介于", 值="1000~5000"))
    assert kept.conditions[0].op == "between"


@pytest.mark.parametrize("changes", [
    {"条件": "营业收入增长率不低于-5%", "类型": "百分比", "值": "-5%"},
    {"条件": "营业收入下降幅度不超过5%", "列名": "营业收入增长率", "类型": "百分比", "值": "-5%"},  # a fall read on its opposite
    {"条件": "上年度亏损不超过100万元", "列名": "利润总额（万元）", "值": "-100"},
])
def test_a_negative_figure_or_a_fall_in_the_wording_is_read_as_written(tmp_path, changes):
    assert _load(tmp_path, dict(GOOD, **changes)).conditions[0].wording == changes["条件"]


def test_a_misspelt_top_level_key_is_refused_naming_it(tmp_path):
    """通告 for 通知 was passed over and the file refused for a 文号 it had written."""
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps({"通告": NOTICE, "条件": [GOOD]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml：“通告”无法识别（可写 通知、条件，或 备注、说明、序号）；请核对拼写。"


def test_a_yaml_value_is_read_as_written_not_as_yaml_numbers(tmp_path):
    """YAML 1.1 read 值: 010 as the octal 8 (≥ 8 万元 where the notice says 10) and 值: 1:30 as 90 (base 60)."""
    path = tmp_path / "c.yaml"
    row = "  - {{条件编号: {n}, 条件: 营业收入不低于10万元, 列名: 营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: {v}}}\n"
    path.write_text("通知: {文号: 威工信字〔2021〕9号}\n条件:\n" + row.format(n=1, v="010"), encoding="utf-8")
    assert [c.low for c in load_conditions(path).conditions] == [Decimal("10")]
    path.write_text("通知: {文号: 威工信字〔2021〕9号}\n条件:\n" + row.format(n=1, v="1:30"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml 第 3 行的条件第 1 项（条件编号 1）：值 “1:30”无法按类型读取；应为：金额，如 1000、1,000.5、1000万元、1.2亿元、壹仟万元整；单位万元。"


def test_a_yaml_condition_number_is_read_as_written(tmp_path):
    """YAML 1.1 read 条件编号 010 as the octal 8 (COND-8, clashing with a real 8) and 01 as 1."""
    path = tmp_path / "c.yaml"
    rows = "".join(f"  - {{条件编号: {n}, 条件: 营业收入, 列名: 营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: {value}}}\n"
                   for n, value in (("010", 1000), ("8", 2000), ("01", 3000)))
    path.write_text(f"通知: {{文号: 威工信字〔2021〕9号}}\n条件:\n{rows}", encoding="utf-8")
    assert [c.rule_id for c in load_conditions(path).conditions] == ["COND-010", "COND-8", "COND-01"]


@pytest.mark.parametrize("ctype,value,joiner,parts", [
    ("文本", "制造业或软件和信息技术服务业", "或", "制造业、软件和信息技术服务业"),
    ("文本列表", "发明专利/实用新型专利", "/", "发明专利、实用新型专利"),
])
def test_a_belongs_to_list_joined_by_or_is_refused(tmp_path, ctype, value, joiner, parts):
    """属于 制造业或软件和信息技术服务业 was one word: an applicant of 制造业 failed it (a blocking condition)."""
    text = _refused(tmp_path, dict(GOOD, 条件="主营业务属于" + value, 列名="所属行业", 类型=ctype, 比较="属于", 值=value))
    assert text == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：值 “{value}”含“{joiner}”，会被当作一项整体比较；"
                    f"几项请以、分隔（如 {parts}）。")


@pytest.mark.parametrize("changes,message", [
    ({"条件": "从业人员不足300人", "列名": "从业人数", "类型": "数值", "比较": "<", "值": "30"},
     "条件原文“从业人员不足300人”写的是 300人，而值“30”按类型“数值”读作 30；"),
    ({"条件": "2018年6月30日前成立，成立满3年", "列名": "成立日期", "类型": "年限", "值": "5"},
     "条件原文“2018年6月30日前成立，成立满3年”写的是 3年，而值“5”按类型“年限”读作 5 年；"),
])
def test_a_count_or_years_the_wording_contradicts_is_refused(tmp_path, changes, message):
    text = _refused(tmp_path, dict(GOOD, **changes))
    assert text == f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：{message}请核对值及其单位与条件原文一致。"


def test_wording_negated_with_wei_reads_as_its_bound(tmp_path):
    """未超过 was read as 超过 (>): 资产负债率未超过70% with 比较 ≤ was refused as contradicting its wording."""
    row = dict(GOOD, 条件="资产负债率未超过70%", 列名="资产负债率", 类型="占比（%）", 比较="≤", 值="70")
    assert _load(tmp_path, row).conditions[0].op == "le"
    text = _refused(tmp_path, dict(row, 比较=">"))
    assert text == ("c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“资产负债率未超过70%”写的是“未超过”（≤），"
                    "而比较写的是“>”；请按通知原文核对比较或条件原文。")


def test_a_second_notice_row_is_refused_naming_it(tmp_path):
    """The 通知 sheet's first row was read and any other passed over unseen."""
    workbook = Workbook()
    workbook.active.title = "通知"
    workbook.active.append(list(NOTICE))
    workbook.active.append(list(NOTICE.values()))
    workbook.active.append(["威工信字〔2021〕20号", "补充通知"])
    sheet = workbook.create_sheet("申报条件")
    sheet.append(list(GOOD))
    sheet.append(list(GOOD.values()))
    workbook.save(tmp_path / "c.xlsx")
    with pytest.raises(InputError) as error:
        load_conditions(tmp_path / "c.xlsx")
    assert str(error.value) == ("c.xlsx 工作表“通知”第 3 行：该表只填一份通知（第 2 行），此行又填了一份，不会被读取；"
                                "请删去多余的一行（补充通知的条件并入“申报条件”）。")


def test_a_yaml_list_of_values_or_headers_is_the_list_a_cell_writes(tmp_path):
    """值: [制造业, 软件业] was read as the text "['制造业', '软件业']", split into "['制造业'" and "'软件业']":
    every applicant failed the (blocking) condition."""
    path = tmp_path / "c.yaml"
    path.write_text("通知: {文号: 威工信字〔2021〕9号}\n条件:\n"
                    "  - {条件编号: 5, 条件: 主营业务属于制造业、软件业, 列名: [所属行业, 行业], 类型: 文本, 比较: 属于, 值: [制造业, 软件业]}\n"
                    "  - {条件编号: 6, 条件: 营业收入, 列名: 营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: {下限: 1000}}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml 第 4 行的条件第 2 项：“值”应为一个值或一列值（以、分隔），而不是嵌套的列表或对象。"
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    condition = load_conditions(path).conditions[0]
    assert (condition.headers, condition.words) == (("所属行业", "行业"), ("制造业", "软件业"))


def test_a_yaml_merge_key_still_works_and_the_item_s_own_number_wins(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("通知: {文号: 威工信字〔2021〕9号}\n条件:\n"
                    "  - &d {条件编号: 1, 条件: 营业收入, 列名: 营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: 1000}\n"
                    "  - <<: *d\n    条件编号: 2\n    值: 2000\n", encoding="utf-8")
    assert [(c.rule_id, c.low) for c in load_conditions(path).conditions] == [("COND-1", Decimal("1000")), ("COND-2", Decimal("2000"))]


def test_a_yaml_syntax_error_is_named_by_its_line_in_chinese(tmp_path):
    """The parser's English (while scanning a quoted scalar…) was quoted in the message."""
    path = tmp_path / "c.yaml"
    path.write_text('通知:\n  文号: x\n条件:\n  - 条件编号: 1\n   条件: "abc\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "无法读取申报条件文件「c.yaml」：第 5 行第 4 列附近不是有效的 YAML；请检查该处的缩进、冒号后的空格和引号是否成对。"


def test_a_belongs_to_cell_joined_by_a_slash_needs_review_naming_it(tmp_path):
    """知识产权类别 发明专利/实用新型专利 was one item: 属于 发明专利、实用新型专利 failed it and the applicant got a
    不予受理告知书 though it names 发明专利 (and 不属于 passed it)."""
    condition = {"条件": "拥有有效知识产权", "列名": "知识产权类别", "类型": "文本列表", "比较": "属于", "值": "发明专利、实用新型专利"}
    cells = ["外观设计、发明专利/实用新型专利", "发明专利、软件著作权", "商标/软件著作权"]
    apps = [dict(APPS[0], 申报编号=f"C-{i}", 知识产权类别=cell) for i, cell in enumerate(cells)]
    _check(tmp_path, [dict(GOOD, **condition)], apps)
    cases = [read_case(tmp_path / "out", f"C-{i}")["findings"] for i in range(3)]
    assert [next(f["outcome"] for f in c if f["rule_id"] == "COND-1") for c in cases] == ["missing", "pass", "fail"]
    inp = next(f for f in cases[0] if f["rule_id"] == "INP-VALUE")
    assert inp["message"] == ("JSON#1.知识产权类别 的知识产权类别“外观设计、发明专利/实用新型专利”无法识别（“发明专利/实用新型专利”含“/”，"
                              "无法确定是一项还是几项）；应为：多项以、分隔，如 发明专利、实用新型专利。依赖此项的规则判为“待补充”。")
    assert not any(f["rule_id"] == "INP-VALUE" for f in cases[2])  # neither 商标 nor 软件著作权 is listed: no question


def test_two_columns_for_one_item_of_the_conditions_sheet_are_refused(tmp_path):
    """A 值 column inserted beside the old one (标准值): only the first was read, unseen."""
    _workbook_with_a_column(tmp_path, "标准值", "2000")
    with pytest.raises(InputError) as error:
        load_conditions(tmp_path / "c.xlsx")
    assert str(error.value) == "c.xlsx 工作表“申报条件”第 1 行：列“值”和“标准值”是同一项，只会读取前一列；请删去或合并其中一列。"


def test_two_names_of_one_item_in_a_yaml_condition_are_refused(tmp_path):
    text = _refused(tmp_path, dict(GOOD, 标准值="2000"))
    assert text == "c.yaml 第 1 行的条件第 1 项：“值”和“标准值”是同一项，只能写其一。"


@pytest.mark.parametrize("value", ["100（含）以上", "≥100", "100万元以上"])
def test_a_comparison_written_in_the_value_is_refused_saying_where_it_goes(tmp_path, value):
    text = _refused(tmp_path, dict(GOOD, 值=value))
    assert text == (f"c.yaml 第 1 行的条件第 1 项（条件编号 1）：值“{value}”含比较的说法；比较请写在“比较”列（如 （含）以上 或 ≥），"
                    "值只写数（如 100）。")


def test_a_condition_with_an_effective_date_and_no_reference_date_needs_review(tmp_path):
    """Without --as-of, --window or a 申报日期, a condition in force from 2030 was applied as if in force
    and the applicant was refused on it."""
    rows = [dict(GOOD, 条件="从业人员不足300人", 列名="从业人数", 类型="数值", 比较="不足", 值="300", 生效日期="2030-01-01")]
    conditions = _yaml(tmp_path, rows)
    (tmp_path / "apps.json").write_text(json.dumps([dict(APPS[0], 从业人数="500")], ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    finding = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "COND-1")
    assert (finding["outcome"], finding["message"], finding["remedy"]) == (
        "missing",
        "本条件自 2030-01-01 起施行，而本件没有参考日期（申报日期未填写或无法识别，核对时也未用 --as-of 或 --window 指定参考日期），"
        "无法确定本条件是否适用。",
        "请补填申报日期（日期，如 2021-06-30），以便确定是否适用本条件：从业人员不足300人")


def test_the_markdown_notice_item_says_what_to_supply_once(tmp_path):
    """It read 请：请补填申报日期…: the template put 请： before a remedy that says 请 itself (HTML: 需补正：)."""
    rows = [dict(GOOD, 条件="从业人员不足300人", 列名="从业人数", 类型="数值", 比较="不足", 值="300", 生效日期="2030-01-01")]
    conditions = _yaml(tmp_path, rows)
    (tmp_path / "apps.json").write_text(json.dumps([dict(APPS[0], 从业人数="500")], ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "out",
            "--per-case", "all", "--format", "md", "--quiet")
    text = (tmp_path / "out" / "cases" / "C-1.md").read_text(encoding="utf-8")
    # the notice's text is set solid as a letter is (h155); the list's "1. " and " 需补正" keep their spaces
    assert ("1. 从业人员不足300人：本条件自2030年1月1日起施行，而本件没有参考日期，无法确定本条件是否适用。 "
            "需补正：请补填申报日期（日期，如2021年6月30日），以便确定是否适用本条件：从业人员不足300人。") in text.splitlines()


@pytest.mark.parametrize("workflow, expected", [
    ("W-04", "错误：W-04 的受理条件由履职清单规定、不按轮次通知确定，不接受 --conditions。"),
    ("N-04", "错误：N-04 的受理条件由履职清单规定、不按轮次通知确定，不接受 --conditions。"),
    ("W-17", "错误：流程 W-17 没有申报审核规则；其轮次请用 fundcheck audit 审计"),
])
def test_conditions_check_refuses_a_workflow_check_would_refuse_them_for_before_listing_them(workflow, expected):
    """W-04, N-04 and W-17 take no round conditions in `check`: `conditions check -w` listed the file's
    conditions first and refused only at the end."""
    result = run_cli("conditions", "check", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--workflow", workflow)
    assert (result.exit_code, result.stdout, result.stderr.strip()) == (2, "", expected)


@pytest.mark.parametrize("text", ["", "\n\n", "# 申报条件\n"])
def test_an_empty_conditions_yaml_says_it_is_empty(tmp_path, text):
    """A 0-byte file was "应为含“通知”和“条件”两项的对象", as if its content were wrong."""
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == "c.yaml：文件是空的，没有“通知”和“条件”；请重新保存，或用 fundcheck template conditions 生成空表填写。"


@pytest.mark.parametrize("wording,column,ctype,written,value", [
    ("从业人员1000人以下，营业收入不超过4亿元", "从业人数", "数值", "<", "1000"),
    ("从业人员1000人以下、营业收入不超过4亿元", "从业人数", "数值", "<", "1000"),
    ("营业收入1000万元以上（不含），且从业人员不少于10人", "营业收入（万元）", "金额（万元）", ">", "1000"),
])
def test_a_bound_of_another_requirement_in_the_wording_is_not_read_as_the_conditions(tmp_path, wording, column, ctype,
                                                                                   written, value):
    """从业人员1000人以下，营业收入不超过4亿元 copied whole for the 从业人数 condition (比较 <): its 不超过
    is the revenue's, and a correct file was refused for contradicting it."""
    row = dict(GOOD, 条件=wording, 列名=column, 类型=ctype, 比较=written, 值=value)
    assert _load(tmp_path, row).conditions[0].op == {"<": "lt", ">": "gt"}[written]


def test_the_bound_of_the_conditions_own_requirement_is_still_read(tmp_path):
    row = dict(GOOD, 条件="从业人员不足300人，营业收入1000万元以上", 列名="从业人数", 类型="数值", 比较="≤", 值="300")
    assert _refused(tmp_path, row) == ("c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“从业人员不足300人，营业收入1000万元以上”"
                                       "写的是“不足”（<），而比较写的是“≤”；请按通知原文核对比较或条件原文。")


def test_a_yaml_comparison_written_as_a_bare_greater_than_sign_is_read(tmp_path):
    """比较: > is YAML's folded-text mark (an empty text): the condition was refused as “比较”未填写
    though the reviewer had written 大于."""
    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕9号\n条件:\n  - 条件编号: 1\n    条件: 上年度营业收入超过2000万元\n"
                    "    列名: 营业收入（万元）\n    类型: 金额（万元）\n    比较: >\n    值: 2000\n", encoding="utf-8")
    condition = load_conditions(path).conditions[0]
    assert (condition.op, condition.low) == ("gt", Decimal("2000"))


def test_a_thousands_comma_does_not_split_the_wording(tmp_path):
    row = dict(GOOD, 条件="营业收入不低于1,000万元", 列名="营业收入（万元）", 类型="金额（万元）", 比较=">", 值="1000")
    assert _refused(tmp_path, row) == ("c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“营业收入不低于1,000万元”"
                                       "写的是“不低于”（≥），而比较写的是“>”；请按通知原文核对比较或条件原文。")


@pytest.mark.parametrize("wording,column,ctype,written,value", [
    ("营业收入低于500万元的企业不得申报", "营业收入（万元）", "金额（万元）", "≥", "500"),
    ("资产负债率超过70%的不予支持", "资产负债率", "占比（%）", "≤", "70"),
    ("从业人员不足10人的，不予受理", "从业人数", "数值", "≥", "10"),
    ("成立未满2年的企业不得申报", "成立日期", "年限", "≥", "2"),
])
def test_a_wording_of_exclusion_does_not_refuse_the_comparison_to_meet(tmp_path, wording, column, ctype, written, value):
    """Notices list what bars an applicant (营业收入低于500万元的企业不得申报); the condition to meet is the
    opposite (≥ 500), and the wording check refused the correct file for contradicting 低于 (<)."""
    row = dict(GOOD, 条件=wording, 列名=column, 类型=ctype, 比较=written, 值=value)
    assert _load(tmp_path, row).conditions[0].op == {"≥": "ge", "≤": "le"}[written]


def test_a_wording_of_exclusion_still_has_its_figure_checked(tmp_path):
    row = dict(GOOD, 条件="营业收入低于500万元的企业不得申报", 值="5000")
    assert _refused(tmp_path, row) == ("c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“营业收入低于500万元的企业不得申报”写的是 500万元，"
                                       "而值“5000”按类型“金额（万元）”读作 5000 万元；请核对值及其单位与条件原文一致。")


def test_a_yaml_comparison_sign_yaml_reads_as_a_mark_is_named_with_what_to_write(tmp_path):
    """比较: >= stopped the load with advice on indentation, colons and quotes only: > starts a folded
    text in YAML, and nothing said the sign needs quotes."""
    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕9号\n条件:\n  - 条件编号: 1\n    条件: 上年度营业收入1000万元以上\n"
                    "    列名: 营业收入（万元）\n    类型: 金额（万元）\n    比较: >=\n    值: 1000\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == ("无法读取申报条件文件「c.yaml」：第 8 行第 10 列附近不是有效的 YAML；请检查该处的缩进、冒号后的空格和引号是否成对；"
                                "第 8 行的“>=”须加引号（写作 \">=\"），或改用 ≥ ≤ ≠ 等符号。")


def test_two_conditions_no_value_meets_together_are_refused_naming_both_rows(tmp_path):
    """营业收入 ≥ 1000 万元 on one row, < 3,000,000 元 on another (a slip: 300 万元 meant 3000 万元)
    failed every application with two findings; so did 是否 = 是 beside = 否, and 成立年限为 3 年
    beside 满 4 年. Refused on load."""
    path = _workbook(tmp_path, [GOOD, dict(GOOD, 条件编号="2", 条件="上年度营业收入低于3000000元", 类型="金额（元）", 比较="<", 值="3000000")])
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == (
        "c.xlsx 工作表“申报条件”第 2 行（条件编号 1）与工作表“申报条件”第 3 行（条件编号 2）：两条条件都读取“营业收入（万元）”，"
        "而“上年度营业收入1000万元”（≥ 1000 万元）与“上年度营业收入低于3000000元”（< 3000000 元）没有一个值能同时满足，"
        "每件申报都会不符合；请核对这两条条件的比较和值。")
    high_tech = {"列名": "是否高新技术企业", "类型": "是否", "比较": "=", "依据": "第二条"}
    assert _refused(tmp_path, dict(high_tech, 条件编号="1", 条件="是高新技术企业", 值="是"),
                    dict(high_tech, 条件编号="2", 条件="非高新技术企业", 比较="≠", 值="是")) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 1）与第 1 行的条件第 2 项（条件编号 2）：两条条件都读取“是否高新技术企业”，"
        "而“是高新技术企业”（= 是）与“非高新技术企业”（≠ 是）没有一个值能同时满足，每件申报都会不符合；请核对这两条条件的比较和值。")
    age = {"列名": "成立日期", "类型": "年限", "依据": "第二条"}
    assert "“成立年限为3年”（= 3 年）与“成立满4年”（≥ 4 年）没有一个值能同时满足" in _refused(
        tmp_path, dict(age, 条件编号="1", 条件="成立年限为3年", 比较="=", 值="3"), dict(age, 条件编号="2", 条件="成立满4年", 比较="≥", 值="4"))


def test_conditions_that_some_value_meets_together_load(tmp_path):
    """Bounds that meet (≥ 1000 and ≤ 40000 万元; = 3 年 and > 3 年: 3 years and a day), 是 asked
    twice, bounds from different 生效日期, and ≠ beside a bound all leave values that pass."""
    age = {"列名": "成立日期", "类型": "年限", "依据": "第二条"}
    loaded = _load(tmp_path, GOOD, dict(GOOD, 条件编号="2", 条件="上年度营业收入不超过4亿元", 比较="≤", 值="40000"),
                   dict(age, 条件编号="3", 条件="成立年限为3年", 比较="=", 值="3"), dict(age, 条件编号="4", 条件="成立超过3年", 比较=">", 值="3"),
                   dict(GOOD, 条件编号="5", 条件="营业收入低于500万元（2022年起）", 比较="<", 值="500", 生效日期="2022-01-01"),
                   dict(GOOD, 条件编号="6", 条件="营业收入不等于1000万元", 比较="≠", 值="1000"))
    assert [c.rule_id for c in loaded.conditions] == ["COND-1", "COND-2", "COND-3", "COND-4", "COND-5", "COND-6"]
