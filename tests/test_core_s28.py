"""Twenty-eighth session: what h137 found beyond its files, fixed where the value is read for every caller.

1. A company name holding a character that shows as nothing (威海丙<ZWSP>有限公司) was another name than
   威海丙有限公司: two rows without a USCC passed the batch's duplicate check by name (core/text.py name_key).
2. parse_amount read "12 5" as 125 for every caller but the application workbook (h137 had refused it there
   only): a round condition's or a ledger's amount. A space between digits is read only as a thousands grouping.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.core.money import parse_amount
from checker.core.text import name_key
from checker.core.values import Unreadable
from tests.test_hostile_h137 import ZW, _check, _row


def test_a_name_with_a_zero_width_space_is_the_same_name_in_the_duplicate_check(tmp_path):
    found = _check(tmp_path, _row(1, 统一社会信用代码=None, 企业名称="威海丙有限公司"),
                   _row(2, 统一社会信用代码=None, 企业名称=f"威海丙{ZW}有限公司"))
    first, second = found["WH-1"]["APP-DUPLICATE-APPLICANT"], found["WH-2"]["APP-DUPLICATE-APPLICANT"]
    assert (first["outcome"], first["message"]) == (
        "fail", "统一社会信用代码缺失或无法校验；企业名称“威海丙有限公司”在本批次中出现 2 次（另见 WH-2（第 3 行）），"
                "需核实是否为同一企业重复申报或拆分申报。")
    # the name is quoted as written, the character with it: the reviewer sees the row as the applicant typed it
    assert (second["outcome"], second["message"]) == (
        "fail", f"统一社会信用代码缺失或无法校验；企业名称“威海丙{ZW}有限公司”在本批次中出现 2 次（另见 WH-1（第 2 行）），"
                "需核实是否为同一企业重复申报或拆分申报。")
    assert name_key(f"威海丙{ZW}有限责任公司") == name_key("威海丙有限公司") == "威海丙有限公司"


@pytest.mark.parametrize("text, run", [("12 5", "12 5"), ("50 60万元", "50 60"), ("1 00万元", "1 00"), ("１２　５", "12 5")])
def test_an_amount_split_by_a_space_is_not_read_as_one_number(text, run):
    with pytest.raises(Unreadable) as caught:
        parse_amount(text, "万元")
    assert caught.value.detail == f"数字之间有空格（{run}），无法确定是一个数还是几个数"


@pytest.mark.parametrize("text, unit, value", [("1 000 000元", "万元", Decimal("100")), ("100 万元", "万元", Decimal("100")),
                                               ("1 000 000.50", "元", Decimal("1000000.50")), ("350", "万元", Decimal("350"))])
def test_a_thousands_grouping_by_spaces_and_a_space_before_the_unit_are_still_read(text, unit, value):
    assert parse_amount(text, unit)[0] == value


@pytest.mark.parametrize("serial, shown", [(-1.0, "-1"), (123.0, "123"), (5.5, "5.5")])
def test_a_number_that_is_no_date_is_quoted_as_the_cell_shows_it(serial, shown):
    from checker.core.values import parse_date

    with pytest.raises(Unreadable) as caught:
        parse_date(serial)
    assert caught.value.detail == f"数字 {shown} 不是日期"


@pytest.mark.parametrize("text, day", [
    ("2020年四月二十二日", "2020-04-22"),  # the year in figures, month and day in words (h135)
    ("2020年04月22日（星期三）", "2020-04-22"),  # a weekday after the date, the date's own (h135, h136)
    ("2024年3月4日（周一）", "2024-03-04"),
    ("2024-03-04 周一", "2024-03-04"),
    ("2020年4月22日星期三", "2020-04-22"),
])
def test_dates_written_with_a_weekday_or_a_year_in_figures_beside_words_are_read(text, day):
    from checker.core.values import parse_date

    assert parse_date(text).isoformat() == day


def test_a_weekday_that_is_not_the_dates_leaves_the_date_unread():
    from checker.core.values import parse_date

    with pytest.raises(Unreadable) as caught:
        parse_date("2024年3月4日（周二）")
    assert caught.value.detail == "所写星期与日期不符，2024-03-04 是星期一"


def test_draw_check_names_the_namesake_left_drawable_as_draw_new_does(tmp_path):
    # h134 gave draw new and draw commit the warning; draw check (checker/fairness/precheck.py) did not say it
    from tests.helpers import run_cli
    from tests.test_hostile_h134 import _file, _two_wangwei

    pool = _two_wangwei(tmp_path)
    conflicts = _file(tmp_path, "c.csv", "专家编号,回避原因\nZJ001,亲属\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts, "--size", "1",
                     "--alternates", "0")
    assert result.exit_code == 0, result.output
    said = ("回避名单回避了专家 ZJ001（工作单位「甲有限公司」），与其同名的在库专家 ZJ002（工作单位「乙有限公司」）未回避，仍可能被抽中："
            "如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。")
    assert [line for line in result.output.splitlines() if "同名" in line] == [f"警告: {said}"]


def test_a_ledger_headed_with_the_items_name_column_routes_each_row_by_it(tmp_path):
    # h136: 事项名称 was no header of the item: an N-06 row (notice within 2 days) in a ledger checked with -w N-04 was
    # judged under N-04's 3 days and passed
    import json

    import openpyxl

    from tests.helpers import run_cli

    head = ["申报编号", "企业名称", "统一社会信用代码", "事项名称", "收件日期", "补正告知日期", "补正告知次数", "补正完成日期", "受理结果",
            "受理日期", "受理凭证", "不予受理理由", "现场核查日期", "现场核查人员", "决定", "决定日期", "决定理由"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    sheet.append(head)
    sheet.append(["Q1", "南阳甲电子有限公司", "91411303MA00000010", "省级工业新产品综合评价", "2024-03-04", "2024-03-07", 1,
                  "2024-03-08", "受理", "2024-03-08", "是", None, None, None, "准予", "2024-03-20", "符合条件"])
    book.save(tmp_path / "ledger.xlsx")
    result = run_cli("check", tmp_path / "ledger.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    case = json.loads((tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0])
    found = {f["rule"].split("@")[0]: (f["outcome"], f["message"]) for f in case["findings"]}
    assert found["INP-ITEM"] == ("fail", "受理台账!D2 的事项为 N-06，与本次审核指定的事项 N-04 不同；本行按 N-06 审核，请确认台账是否混入了其他事项。")
    assert found["APP-DEFICIENCY-NOTICE-DEADLINE"] == (
        "fail", "收件日期 2024-03-04，补正告知日期 2024-03-07，为收件后第 3 个工作日，超过当场或 2 个工作日内（最迟 2024-03-06）的告知期限。"
                "按自然日计算（收件次日起算 2 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-06，本次告知为收件后第 3 日，超过期限。")


@pytest.mark.parametrize("word", ["纺织业", "制造业", "C34", "环翠区"])
@pytest.mark.parametrize("op", ["=", "≠"])
def test_conditions_check_passes_its_own_self_check_on_a_word_compared_with_equals(tmp_path, word, op):
    # h140: every 文本 = or ≠ condition failed its self-check (exit 1): its "not the word" probe, 纺织业（所列之外的一项）,
    # is 纺织业 once = sets the bracketed note aside
    from tests.helpers import run_cli

    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕18号（示例）\n  标题: 示例\n  发布日期: 2021-05-10\n条件:\n"
                    f"  - {{条件编号: 1, 条件: 所属行业{'为' if op == '=' else '不为'}{word}, 列名: 所属行业, 类型: 文本, 比较: '{op}', 值: {word}}}\n",
                    encoding="utf-8")
    result = run_cli("conditions", "check", path)
    assert result.exit_code == 0, result.output
    assert "边界自检（参考日 2021-05-10）：2/2 个边界值两个引擎结论一致且符合条件原意。" in result.output.splitlines()


@pytest.mark.parametrize("text", ["1 1", "1 1次"])
def test_a_count_split_by_a_space_is_not_read_as_one_number(text):
    # h139: a ledger's 补正告知次数 "1 1" was 11 (补正告知 11 次, 不合规)
    from checker.core.values import parse_count

    with pytest.raises(Unreadable) as caught:
        parse_count(text)
    assert caught.value.detail == "数字之间有空格（1 1），无法确定是一个数还是几个数"
    assert parse_count("1 000") == 1000 and parse_count("3 次") == 3


def test_a_condition_figure_split_by_a_space_is_unread(tmp_path):
    # h139: 从业人数 "3 20人" was 320 under a 数值 condition
    from checker.check.conditions.values import _number, _percent

    with pytest.raises(Unreadable) as caught:
        _number("3 20人")
    assert caught.value.detail == "数字之间有空格（3 20），无法确定是一个数还是几个数"
    with pytest.raises(Unreadable) as caught:
        _percent("1 5%", False, True, False)
    assert caught.value.detail == "数字之间有空格（1 5），无法确定是一个数还是几个数"
    assert _number("1 000人") == Decimal(1000)


def _w08_with_a_filing_after_each_meeting(stage_one=None) -> dict:
    from tests.helpers import compliant_round

    record = compliant_round("W-08")
    steps = record["流程节点"]
    at = next(k for k, s in enumerate(steps) if s["节点"] == "行文认定")
    filing = {"节点": "决策备案", "日期": "2020-04-24", "文号/材料": "《“三重一大”事项决策情况表》", "报送对象": "局政工科、派驻纪检监察组"}
    if stage_one is not None:
        filing["阶段"] = stage_one
    steps.insert(at, filing)
    return record


def test_a_w08_filing_after_each_meeting_with_stage_blank_is_read_by_its_date(tmp_path):
    # h140: the first 决策备案 (2020-04-24, two days after stage 1's 党组会), 阶段 blank, was read as the filing after
    # the last meeting: "决策备案日期早于党组会" and the order failed (不合规) for a round kept right
    from tests.helpers import audit_record, findings_by_rule

    document = audit_record(tmp_path, _w08_with_a_filing_after_each_meeting())
    found = findings_by_rule(document)
    assert found["INP-ROUND-STAGE"] == (
        "fail", "needs_review",
        "流程节点 第 13 行“决策备案”的阶段未填写：该行日期为 2020-04-24，在第1阶段党组会（2020-04-22，流程节点#12.日期）之后、"
        "第2阶段党组会（2020-06-16，流程节点#16.日期）之前，审计按第1阶段核对；请核实其所属阶段，在阶段列填写后重新审计。")
    assert found["PROC-3I1L-POST-3D"][:2] == ("pass", "compliant")
    assert found["PROC-STEP-ORDER"][:2] == ("pass", "compliant")
    assert "INP-ROUND-DUPLICATE" not in found


def test_a_stage_one_filing_written_so_beside_the_final_one_is_no_duplicate(tmp_path):
    # h140: 阶段 1 written on the first filing made the blank final one "a second stage-1 filing" (INP-ROUND-DUPLICATE)
    from tests.helpers import audit_record, findings_by_rule

    found = findings_by_rule(audit_record(tmp_path, _w08_with_a_filing_after_each_meeting(stage_one=1)))
    assert "INP-ROUND-DUPLICATE" not in found and "INP-ROUND-STAGE" not in found
    assert found["PROC-3I1L-POST-3D"][:2] == ("pass", "compliant")


def test_a_w08_record_without_any_stage_names_its_rows_once_not_also_as_duplicates(tmp_path):
    # the rows of two stages written without 阶段 were named by INP-ROUND-NO-STAGE and again by INP-ROUND-DUPLICATE
    # ("the earliest row used"), which the audit does not do: it tries each row in each stage
    from tests.helpers import audit_record, compliant_round

    record = compliant_round("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    document = audit_record(tmp_path, record)
    assert [(f["rule_id"], f["message"]) for f in document["findings"] if f["rule_id"].startswith("INP-")] == [(
        "INP-ROUND-NO-STAGE",
        "本流程分2个阶段（第1阶段认定、第2阶段奖励），流程节点和公示表都未填写“阶段”，而事中报告有 2 行（流程节点#11.日期、流程节点#14.日期），"
        "党组会有 2 行（流程节点#12.日期、流程节点#15.日期），公示表有 2 行（公示#1.开始日期、公示#2.开始日期）：无法确定各行属于哪一阶段，"
        "事中报告、党组会、公示和决策备案的核对（及其先后）凡因所属阶段不同而结论不同的，列为需人工复核；请在“阶段”列逐行填写 1 或 2 后重新审计。")]


def _conditions_file(tmp_path, row: str):
    path = tmp_path / "c.yaml"
    path.write_text("通知:\n  文号: 威工信字〔2021〕18号（示例）\n  标题: 示例\n  发布日期: 2021-05-10\n条件:\n" + f"  - {row}\n",
                    encoding="utf-8")
    return path


def test_a_bound_leaving_its_figure_out_with_a_note_taking_it_in_is_read_as_inclusive(tmp_path):
    # h133: 成立不满3年（含3年） with ≤ 3 was refused as 写的是“不满”（<）, though the note takes 3 years in
    from tests.helpers import run_cli

    accepted = run_cli("conditions", "check", _conditions_file(
        tmp_path, "{条件编号: 1, 条件: 成立不满3年（含3年）, 列名: 成立日期, 类型: 年限, 比较: '≤', 值: 3}"))
    assert accepted.exit_code == 0, accepted.output
    refused = run_cli("conditions", "check", _conditions_file(
        tmp_path, "{条件编号: 1, 条件: 从业人员不足300人（含300人）, 列名: 从业人数, 类型: 数值, 比较: '<', 值: 300}"))
    assert (refused.exit_code, refused.stderr) == (2, (
        "错误：c.yaml 第 6 行的条件第 1 项（条件编号 1）：条件原文“从业人员不足300人（含300人）”写的是“不足…（含300人）”（≤），"
        "而比较写的是“<”；请按通知原文核对比较或条件原文。\n"))
    still = run_cli("conditions", "check", _conditions_file(
        tmp_path, "{条件编号: 1, 条件: 成立不满3年（不含）, 列名: 成立日期, 类型: 年限, 比较: '≤', 值: 3}"))
    assert (still.exit_code, still.stderr) == (2, (
        "错误：c.yaml 第 6 行的条件第 1 项（条件编号 1）：条件原文“成立不满3年（不含）”写的是“不满”（<），"
        "而比较写的是“≤”；请按通知原文核对比较或条件原文。\n"))


def test_a_pool_header_listing_the_answers_it_takes_is_that_column(tmp_path):
    # h134: 状态（在库/暂停/退出） said 缺少必需的列：状态 (the pool template's own way of listing the answers)
    from tests.helpers import run_cli, write_text

    pool = write_text(tmp_path, "pool.csv", "专家编号,姓名,工作单位,专业领域,状态（在库/暂停/退出）,是否本局工作人员（是/否）\n"
                      + "".join(f"ZJ{n:03d},专家{n},单位{n}有限公司,新材料,在库,否\n" for n in range(1, 12))
                      + "ZJ012,专家12,单位12有限公司,新材料,暂停,否\nZJ013,专家13,单位13有限公司,新材料,在库,是\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--size", "7", "--alternates", "3")
    assert result.exit_code == 0, result.output
    # 12 candidates (ZJ012 暂停 is none), ZJ013 (是否本局工作人员 是) recused: 11 eligible, 偏少 beside 7 + 3
    assert [line.split() for line in result.output.splitlines() if line.startswith("新材料")] == [
        ["新材料", "12", "1", "0", "0", "1", "11", "10", "偏少"]]


@pytest.mark.parametrize("kind, op, value, cell", [("文本", "=", "制造业", "制造业\u200b"), ("是否", "=", "否", "否\u200b")])
def test_a_condition_cell_holding_a_zero_width_space_is_read_as_it_shows(tmp_path, kind, op, value, cell):
    # h139: 制造业<ZWSP> failed = 制造业 and 否<ZWSP> was unreadable, where the workbook's own fields read past it (h137)
    from tests.test_hostile_h133 import _c, _check

    code, (outcome, message), inputs = _check(tmp_path, _c(1, f"所填为{value}", "所填", kind, op, value), ["所填"], [cell])
    # h151's wording (a column named 所填 reads 所填为, not 所填填写为): the value quoted, the bound in words
    assert (outcome, message) == ("pass", f"所填为“{value}”，符合本条件（本轮条件要求为“{value}”）。")
    assert inputs == []
    from tests.helpers import read_case

    case = read_case(next(p for p in tmp_path.rglob("out") if p.is_dir()), "H28-1")
    assert next(f for f in case["findings"] if f["rule_id"] == "COND-1")["evidence"]["所填_note"] == "单元格含不可见字符 U+200B，已忽略"
