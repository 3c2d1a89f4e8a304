"""Hostile review 4 (branch hostile4): each test fails on main at 9deb18b and states the defect and
what should happen instead. Product code is untouched; these are the reproductions."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.helpers import all_cases, needs_durable, read_case, read_json, run_cli, write_json

APPLICATION = {"申报编号": "H4-1", "企业名称": "威海某精密机械有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
               "注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准/备案文号": "2020-371002-34-03-000001", "年度设备投入（万元）": "150", "项目总投资（万元）": "300",
               "申报日期": "2020-07-10"}
HEADERS = list(APPLICATION)
W05 = ("--workflow", "W-05", "--window", "2020-07-01", "2020-07-31")


def _apps(path: Path, *changes: dict) -> Path:
    rows = []
    for number, change in enumerate(changes, start=1):
        rows.append({**APPLICATION, "申报编号": f"H4-{number}", "统一社会信用代码": None, **change})
    return write_json(path, rows)


def _finding(case: dict, rule: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule)


def _xlsx(path: Path, header: list, rows: list[list], title: str | None = "2020年度技改补助申报汇总表") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --- money: the yuan sign ----------------------------------------------------------------------


def test_a_yuan_sign_amount_in_a_wan_column_is_read_as_yuan_not_as_wan(tmp_path):
    """`fundcheck check apps.json -w W-05` with 年度设备投入（万元） = "￥990,000" (99 万元 written in 元 with the
    yuan sign, the form `fundcheck template check`'s 说明 sheet itself recommends: "可写 … ￥1,000,000"). money.py
    strips the ￥ prefix and keeps the column's unit, so the cell reads as 990,000 万元 (99 亿元) and
    ELIG-EQUIP-INVEST-100W PASSES ("年度设备投入 990000 万元，达到 100 万元（含）以上"). The README (round
    conditions) says a cell's own unit wins, "a suffix such as 500万元, ￥1,000,000", converted exactly.
    Should: ￥ means 元: 99 万元, a fail (below 100 万元), the conversion shown."""
    apps = _apps(tmp_path / "a.json", {"年度设备投入（万元）": "￥990,000"}, {"年度设备投入（万元）": "RMB 1,000,000"})
    result = run_cli("check", apps, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    below = _finding(read_case(tmp_path / "out", "H4-1"), "ELIG-EQUIP-INVEST-100W")
    assert below["outcome"] == "fail", below["message"]
    assert "99 万元" in below["message"]
    exact = _finding(read_case(tmp_path / "out", "H4-2"), "ELIG-EQUIP-INVEST-100W")
    assert "100 万元，" in exact["message"], exact["message"]


def test_a_yuan_sign_amount_under_a_round_condition_is_read_as_yuan(tmp_path):
    """The same with --conditions: 上年度营业收入（万元） = "￥9,999,999" (999.9999 万元) against 营业收入 ≥ 1000
    万元 (否决). Read as 9,999,999 万元, COND-2 passes and the applicant is eligible on a blocking condition it
    does not meet. The README's conditions section names "￥1,000,000" as a cell carrying its own unit."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text("通知:\n  文号: 测试〔2021〕1号\n条件:\n"
                          "  - {条件编号: 2, 条件: 上年度营业收入1000万元以上, 列名: 上年度营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: 1000}\n",
                          encoding="utf-8")
    apps = _apps(tmp_path / "a.json", {"上年度营业收入（万元）": "￥9,999,999"})
    result = run_cli("check", apps, *W05, "--conditions", conditions, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    condition = _finding(read_case(tmp_path / "out", "H4-1"), "COND-2")
    assert condition["outcome"] == "fail", condition["message"]


def test_a_capital_amount_without_a_unit_is_read_in_the_columns_unit(tmp_path):
    """年度设备投入（万元） = "壹佰" (大写 for 100, no unit). parse_amount always takes 大写 as 元, so it becomes
    0.01 万元: ELIG-EQUIP-INVEST-100W fails (blocking), the case is ineligible and gets a 不予受理告知书. The
    digits "100" in the same cell read as 100 万元 (the column's unit). Should: a 大写 amount without a unit
    is read in the column's unit like any number (100 万元, pass), or is an INP-NUMBER finding."""
    apps = _apps(tmp_path / "a.json", {"年度设备投入（万元）": "壹佰"}, {"年度设备投入（万元）": "100"})
    result = run_cli("check", apps, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    digits = read_case(tmp_path / "out", "H4-2")
    assert _finding(digits, "ELIG-EQUIP-INVEST-100W")["outcome"] == "pass"
    capital = read_case(tmp_path / "out", "H4-1")
    assert capital["verdict"] != "ineligible", _finding(capital, "ELIG-EQUIP-INVEST-100W")["message"]


# --- exact money at the engine boundary --------------------------------------------------------------


@needs_durable
def test_amounts_past_64_bits_are_compared_exactly_by_the_engine(tmp_path):
    """年度设备投入 20000000000000 万元 and 项目总投资 10000000000000 万元 (text, exact Decimals). As 分 both pass
    2^63, durable-rules saturates them to the same integer and APP-EQUIP-LE-TOTAL passes with the message
    "年度设备投入 20000000000000 万元不超过项目总投资 10000000000000 万元" -- false on its face; `--engine
    reference` says fail. The README promises exact money and engine/reference agreement. Should: fail (or an
    INP- finding for an amount out of range), the same under both evaluators."""
    apps = _apps(tmp_path / "a.json", {"年度设备投入（万元）": "20000000000000", "项目总投资（万元）": "10000000000000"})
    for engine in ("durable", "reference"):
        result = run_cli("check", apps, *W05, "--engine", engine, "--out", tmp_path / engine, "--quiet")
        assert result.exit_code in (0, 1), result.stderr
    durable_case, reference_case = read_case(tmp_path / "durable", "H4-1"), read_case(tmp_path / "reference", "H4-1")
    durable = _finding(durable_case, "APP-EQUIP-LE-TOTAL")
    reference = _finding(reference_case, "APP-EQUIP-LE-TOTAL")
    assert durable["outcome"] == reference["outcome"] == "not_applicable", durable["message"]
    # the amounts are refused by name, not compared: both out of the engine's exact range
    refused = [f for f in durable_case["findings"] if f["rule_id"] == "INP-NUMBER"]
    assert [f["evidence"]["column"] for f in refused] == ["年度设备投入（万元）", "项目总投资（万元）"]
    assert [f["message"].split("无法识别")[1].split("；")[0] for f in refused] == [
        "（数值过大：20000000000000 万元超出可精确比较的范围）", "（数值过大：10000000000000 万元超出可精确比较的范围）"]
    assert durable_case["verdict"] == reference_case["verdict"] == "needs_review"


# --- workbook layout -------------------------------------------------------------------------------


def test_rows_under_a_merged_district_cell_are_not_reported_as_blank(tmp_path):
    """A district's block with 所在区市 merged over its three rows (F3:F5, how district summaries are laid
    out). Only F3 holds 环翠区; rows 4 and 5 are read as blank: ELIG-TERRITORIAL-ROUTE says "未填写所在区市"
    and the 补正告知书 asks the applicant to fill in what the sheet shows filled. Should: the merged value
    applies to every row of the range (or a finding names the merged range), never "未填写"."""
    header = HEADERS
    rows = [[{**APPLICATION, "申报编号": f"M-{n}"}[h] for h in header] for n in (1, 2, 3)]
    path = _xlsx(tmp_path / "merged.xlsx", header, rows)
    workbook = load_workbook(path)
    column = "ABCDEFGHIJKLMNOP"[header.index("所在区市")]
    workbook.active.merge_cells(f"{column}3:{column}5")
    workbook.save(path)
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    for case_id in ("M-2", "M-3"):
        route = _finding(read_case(tmp_path / "out", case_id), "ELIG-TERRITORIAL-ROUTE")
        assert "未填写" not in route["message"], route["message"]
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["district"]) for c in summary["cases"]] == [("M-1", "环翠区"), ("M-2", "环翠区"), ("M-3", "环翠区")]


def test_a_repeated_header_row_is_not_an_application(tmp_path):
    """Two districts' blocks pasted one under the other, each with its title and header line (how a city
    staffer merges the districts' tables). The second header line becomes an application with id
    "申报编号" of the enterprise "企业名称": six INP- findings and a 申报材料补正告知书 in 告知书汇总.html
    addressed to "企业名称". Should: a line whose cells are the headers themselves is set aside and counted
    (as blank and 合计 lines are), no case, no notice."""
    header = HEADERS
    first = [{**APPLICATION, "申报编号": "A-1"}[h] for h in header]
    second = [{**APPLICATION, "申报编号": "B-1", "所在区市": "文登区", "注册地址": "山东省威海市文登区某路2号"}[h] for h in header]
    path = _xlsx(tmp_path / "two.xlsx", header, [first, ["文登区技改补助申报汇总表"], header, second], title="环翠区技改补助申报汇总表")
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["A-1", "B-1"]
    # the second block's title (row 4) and header (row 5) are set aside, counted and named
    assert (summary["skipped_note_rows"], summary["input_rows"], summary["rows_reconcile"]) == ([4, 5], 4, True)


def test_two_columns_for_one_amount_that_disagree_are_not_resolved_in_silence(tmp_path):
    """A workbook with both 年度设备投入（万元） (350) and 年度设备投入（元） (500000, i.e. 50 万元): two columns for
    the one quantity, disagreeing. The first is used (pass at 350 万元) and the other is never mentioned in
    any finding. Same with two aliases of one field (年度设备投入（万元） 350, 设备投入（万元） 50). Should: the
    disagreement is a finding naming both cells (the amount rules missing), not a silent pick."""
    header = HEADERS + ["年度设备投入（元）"]
    row = [APPLICATION[h] for h in HEADERS] + [500000]
    path = _xlsx(tmp_path / "both.xlsx", header, [row])
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    case = read_case(tmp_path / "out", "H4-1")
    assert case["verdict"] == "needs_review", [(f["rule_id"], f["outcome"]) for f in case["findings"]]
    conflict = _finding(case, "INP-CONFLICT")
    assert (conflict["outcome"], conflict["severity"], conflict["message"]) == ("fail", "review",
        "申报汇总表!I3（年度设备投入（万元））的年度设备投入（万元）为“150”，同一行 申报汇总表!L3（年度设备投入（元））为“500000”"
        "（折合 50 万元），两列不一致，无法确定以哪一列为准；依赖此项的规则判为“待补充”。")
    assert _finding(case, "ELIG-EQUIP-INVEST-100W")["outcome"] == "missing"
    # two aliases in one unit, and two columns that agree
    for extra, value, verdict in (("设备投入（万元）", 50, "needs_review"), ("年度设备投入（元）", "1,500,000", "eligible")):
        path = _xlsx(tmp_path / "more.xlsx", HEADERS + [extra], [[APPLICATION[h] for h in HEADERS] + [value]])
        assert run_cli("check", path, *W05, "--out", tmp_path / "more", "--quiet", "--force").exit_code in (0, 1)
        assert read_case(tmp_path / "more", "H4-1")["verdict"] == verdict, extra


def test_a_hidden_first_sheet_is_not_read_in_place_of_the_visible_one(tmp_path):
    """A workbook whose first sheet is a hidden 下拉选项 sheet (the lists behind drop-downs) and whose only
    visible sheet is the 申报汇总表. The run stops: "「h.xlsx」的工作表 下拉选项 前 10 行中没有可识别的列名" --
    a sheet the reviewer cannot see in Excel or WPS, with no word that it is hidden. Should: the first
    visible sheet is read (or the message says the sheet is hidden)."""
    workbook = Workbook()
    hidden = workbook.active
    hidden.title = "下拉选项"
    hidden.append(["是", "否"])
    hidden.sheet_state = "hidden"
    sheet = workbook.create_sheet("申报汇总表")
    sheet.append(HEADERS)
    sheet.append([APPLICATION[h] for h in HEADERS])
    workbook.active = 1
    workbook.save(tmp_path / "h.xlsx")
    result = run_cli("check", tmp_path / "h.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["sheet"], [c["case_id"] for c in summary["cases"]]) == ("申报汇总表", ["H4-1"])


# --- reviewer decisions ------------------------------------------------------------------------------


def test_two_conflicting_reviewer_decisions_on_one_rule_are_not_resolved_by_row_order(tmp_path):
    """--overrides with two rows for WH-2020-009 / ELIG-EQUIP-INVEST-100W: 李四 通过, then 王五 不通过.
    load_overrides keeps the last row: verdict_with_overrides is ineligible (a 不予受理告知书), 李四's decision
    vanishes, and summary.json's ambiguous_overrides is empty. Should: refused naming both rows (exit 2), or
    listed as ambiguous and not applied."""
    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\n"
                         "H4-1,ELIG-EQUIP-INVEST-100W,通过,核实发票,李四\n"
                         "H4-1,ELIG-EQUIP-INVEST-100W,不通过,合同不符,王五\n", encoding="utf-8")
    apps = _apps(tmp_path / "a.json", {"年度设备投入（万元）": "约120万"})
    result = run_cli("check", apps, *W05, "--overrides", overrides, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误：ov.csv 第 1 条与第 2 条都是对申报 H4-1 的规则 ELIG-EQUIP-INVEST-100W 的复核决定，"
                                     "内容不同（复核结论“通过”与“不通过”；理由“核实发票”与“合同不符”；复核人“李四”与“王五”）；"
                                     "同一申报的同一规则只能有一条决定，请删去或合并其中一条。")
    # the same decision written twice is one decision
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\n" + "H4-1,ELIG-EQUIP-INVEST-100W,通过,核实发票,李四\n" * 2,
                         encoding="utf-8")
    assert run_cli("check", apps, *W05, "--overrides", overrides, "--out", tmp_path / "out", "--quiet").exit_code == 1


def test_a_reviewer_decision_on_a_rule_the_case_does_not_have_is_reported_unused(tmp_path):
    """--overrides with H4-1 / ELIG-CREDIT-CLEAN 通过 on a W-05 run (W-05 has no such rule). The decision is
    dropped without a word: not in unused_overrides (which lists only unknown case ids), not on stderr.
    Should: reported as unused like a decision for an unknown case."""
    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nH4-1,ELIG-CREDIT-CLEAN,通过,已查信用,李四\n", encoding="utf-8")
    apps = _apps(tmp_path / "a.json", {})
    result = run_cli("check", apps, *W05, "--overrides", overrides, "--out", tmp_path / "out")
    assert result.exit_code in (0, 1), result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["unused_overrides"], summary["overrides_not_applied"]) == ([], ["H4-1：ELIG-CREDIT-CLEAN"])
    assert "注意：以下复核决定针对的规则不属于本次审核的流程，未采用：H4-1：ELIG-CREDIT-CLEAN" in result.stderr


def test_a_case_a_reviewer_made_ineligible_gets_its_report_with_the_notice(tmp_path):
    """--overrides turning ELIG-REGION of an eligible case to 不通过: verdict_with_overrides ineligible and a
    不予受理告知书 for it in 告知书汇总.html, but --per-case flagged writes no cases/H4-1.html (summary.json:
    "report": "index"), so the one case whose notice goes out has no report to file with it. README: a report
    for every case that is not eligible, "the ones a reviewer acts on and whose notice goes out"."""
    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nH4-1,ELIG-REGION,不通过,实际注册在青岛,李四\n", encoding="utf-8")
    apps = write_json(tmp_path / "a.json", [APPLICATION | {"申报编号": "H4-1"}])
    result = run_cli("check", apps, *W05, "--overrides", overrides, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    case = summary["cases"][0]
    assert case["verdict_with_overrides"] == "ineligible"
    assert "H4-1" in (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "cases" / "H4-1.html").exists(), case["report"]


# --- files and folders ------------------------------------------------------------------------------


def test_template_does_not_overwrite_a_filled_in_workbook(tmp_path):
    """`fundcheck template check --workflow W-05 --out 汇总表.xlsx` where 汇总表.xlsx is the districts' filled-in
    workbook: it is replaced by an empty template, exit 0, no warning, no --force exists. contract.md:
    "Outputs that exist are refused unless --force". Should: refused (exit 2, one sentence) unless --force."""
    filled = tmp_path / "汇总表.xlsx"
    assert run_cli("template", "check", "--workflow", "W-05", "--out", filled).exit_code == 0
    workbook = load_workbook(filled)
    workbook.active["A2"] = "FILLED-001"
    workbook.save(filled)
    result = run_cli("template", "check", "--workflow", "W-05", "--out", filled)
    assert load_workbook(filled).active["A2"].value == "FILLED-001", result.stdout
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：「{filled}」已存在，未写出模板（它可能是已填写的工作簿）；确需替换时加 --force。"
    for kind in (["check", "--workflow", "W-05"], ["conditions"], ["overrides"], ["round", "--workflow", "W-08"]):
        assert run_cli("template", *kind, "--out", filled).exit_code == 2, kind
    assert load_workbook(filled).active["A2"].value == "FILLED-001"
    assert run_cli("template", "check", "--workflow", "W-05", "--out", filled, "--force").exit_code == 0
    assert load_workbook(filled).active["A2"].value is None


def test_an_input_that_is_a_symlink_loop_is_one_sentence_not_an_internal_error(tmp_path):
    """`fundcheck check loop1 ...` where loop1 -> loop2 -> loop1. expand_inputs calls Path.resolve(), which
    raises RuntimeError: "错误：内部错误（RuntimeError）…请将该文件发给维护人员" and a crash file. Should: one
    sentence naming the file (as for a missing file), exit 2, no crash file."""
    os.symlink(tmp_path / "loop2", tmp_path / "loop1")
    os.symlink(tmp_path / "loop1", tmp_path / "loop2")
    result = run_cli("check", tmp_path / "loop1", *W05, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：「{tmp_path / 'loop1'}」无法打开：符号链接循环。", result.stderr


def test_a_broken_link_in_an_input_folder_is_not_skipped_in_silence(tmp_path):
    """A folder of district workbooks where 文登区.xlsx is a link whose target moved. expand_inputs keeps only
    p.is_file(), so the district's file is dropped without a word and the run exits 1 as if the batch were
    whole. Should: named (a warning, or exit 2 as for any unreadable input file)."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_json(folder / "环翠区.json", [APPLICATION])
    os.symlink(tmp_path / "moved" / "文登区.xlsx", folder / "文登区.xlsx")
    result = run_cli("check", folder, *W05, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.strip() == (f"错误：文件夹「{folder}」中的「文登区.xlsx」不是可读的文件（可能是指向已移走文件的链接）；"
                                     "请恢复或移走它后重新运行，以免该文件的申报被漏掉。")
    assert not (tmp_path / "out" / "summary.json").exists()


def test_diff_of_a_folder_missing_rules_json_is_one_sentence_not_an_internal_error(tmp_path):
    """`fundcheck diff OLD NEW` where NEW is a check output folder whose rules.json is gone (copied without
    it, or half deleted). diff raises KeyError: "错误：内部错误（KeyError）…" and a crash file. README: exit 2
    "when a folder is not a finished check run", in one sentence. (`show` on the same folder answers in one
    sentence.)"""
    apps = _apps(tmp_path / "a.json", {})
    for name in ("old", "new"):
        assert run_cli("check", apps, *W05, "--out", tmp_path / name, "--quiet").exit_code in (0, 1)
    (tmp_path / "new" / "rules.json").unlink()
    result = run_cli("diff", tmp_path / "old", tmp_path / "new")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"错误：{tmp_path / 'new'} 缺少 rules.json（cases.jsonl 中各条审核意见的规则文本在其中），"
                                     "无法读取这次运行的案件；请使用完整的输出文件夹。"), result.stderr


# --- messages ------------------------------------------------------------------------------------


def test_a_uscc_typed_as_a_number_is_explained_not_given_a_wrong_length(tmp_path):
    """统一社会信用代码 typed as the number 913710020000000000 (Excel shows it as 9.1371E+17; 15 significant
    digits survive). The INP-USCC message shows the value “913710020000000000” (18 digits) and gives the
    reason "长度 13 位" -- a length matching nothing the reviewer sees. Should: say the code was stored as a
    number (digits lost; enter it as text)."""
    header = HEADERS
    row = [{**APPLICATION, "统一社会信用代码": 913710020000000000}[h] for h in header]
    path = _xlsx(tmp_path / "n.xlsx", header, [row])
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    finding = _finding(read_case(tmp_path / "out", "H4-1"), "INP-USCC")
    assert "“913710020000000000”无法识别（单元格存成了数字，电子表格只保留 15 位有效数字，代码可能已被改动；" \
           "请把该列设为文本后照证照重新填写）" in finding["message"], finding["message"]


def test_every_input_row_is_in_the_outputs(tmp_path):
    """Sanity for the tests above: a folder batch keeps every row (this one holds)."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_json(folder / "环翠区.json", [APPLICATION, APPLICATION | {"申报编号": "H4-2"}])
    assert run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet").exit_code in (0, 1)
    assert len(all_cases(tmp_path / "out")) == 2


def test_a_footer_line_under_the_table_is_not_refused_as_an_application(tmp_path):
    """fundcheck's own template (`fundcheck template check --workflow W-05`: column A is 申报编号), one clean
    application in row 2, and under the table the lines district summaries end with: "注：金额单位为万元。"
    and "填报单位（盖章）：环翠区工信局  填报人：王五  联系电话：0631-1234567", each in column A. Each footer
    line becomes an application, judged INELIGIBLE (ELIG-APPROVAL-FILING: blank 文号 is a blocking fail)
    with a 不予受理告知书 addressed to "注:金额单位为万元。"; the run reports 3 cases, 2 ineligible, exit 1,
    though the batch's one application is eligible. Should: a line with text in one cell and every field
    blank is set aside and counted (as 序号-only and 合计 lines are), or at most needs review -- never a
    refusal."""
    template = tmp_path / "汇总表.xlsx"
    assert run_cli("template", "check", "--workflow", "W-05", "--out", template).exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    values = {**APPLICATION, "区市初审意见": "同意"}
    for column, name in enumerate(header, start=1):
        sheet.cell(2, column, values.get(name) if name != "核准/备案文号" else APPLICATION["核准/备案文号"])
    sheet.cell(4, 1, "注：金额单位为万元。")
    sheet.cell(5, 1, "填报单位（盖章）：环翠区工信局    填报人：王五    联系电话：0631-1234567")
    workbook.save(template)
    result = run_cli("check", template, *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert summary["counts"]["ineligible"] == 0, [(c["case_id"], c["verdict"], c["failed_rules"]) for c in summary["cases"]]
    assert result.exit_code == 0
    assert (summary["skipped_note_rows"], summary["skipped_empty_rows"], summary["input_rows"], summary["rows_reconcile"]) == ([4, 5], 1, 4, True)
    assert [case["case_id"] for case in summary["cases"]] == ["H4-1"]


def test_an_incomplete_application_of_one_cell_is_still_checked(tmp_path):
    """Only lines that read as a note or a title are set aside: an id alone, or a company whose name
    begins with 注 (注塑…), is an application with its blanks reported."""
    header = HEADERS
    only_id = ["H4-9"] + [None] * (len(header) - 1)
    only_name = [None, "注塑科技有限公司"] + [None] * (len(header) - 2)
    path = _xlsx(tmp_path / "one.xlsx", header, [only_id, only_name])
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["company_name"]) for c in summary["cases"]] == [("H4-9", ""), ("row4", "注塑科技有限公司")]
    assert summary["skipped_note_rows"] == []


def test_two_input_files_with_one_name_do_not_share_report_names(tmp_path):
    """`fundcheck check 2020/环翠区.json 2020补报/环翠区.json --per-case all`: two districts' files (or a file
    and its resubmission) with the same name in different folders, each with a row without 申报编号. Both
    rows are named "环翠区-row1" (the input-row key uses only the file's name): one cases/环翠区-row1.json is
    written for two cases, so one case's report is overwritten by the other's, and `fundcheck show OUT
    环翠区-row1` answers "对应 2 件申报：环翠区-row1（第 1 行）、环翠区-row1（第 1 行）；请用报告名指定其中一件"
    -- neither can be shown. Contract: "no report overwrites another". Should: distinct names (e.g. with the
    folder), every case's report on disk and reachable by `show`."""
    first, second = tmp_path / "2020", tmp_path / "2020补报"
    first.mkdir()
    second.mkdir()
    write_json(first / "环翠区.json", [APPLICATION | {"申报编号": None, "年度设备投入（万元）": "150"}])
    write_json(second / "环翠区.json", [APPLICATION | {"申报编号": None, "年度设备投入（万元）": "50"}])
    result = run_cli("check", first / "环翠区.json", second / "环翠区.json", *W05, "--per-case", "all",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    reports = [case["report"] for case in summary["cases"]]
    assert reports == ["cases/2020-环翠区-row1", "cases/2020补报-环翠区-row1"], reports
    for report, amount in zip(reports, ("150", "50")):
        shown = run_cli("show", tmp_path / "out", report.split("/")[1], "--format", "json")
        assert shown.exit_code == 0, shown.stderr
        assert '"equipment_investment_wan": "%s"' % amount in shown.stdout.replace(": ", ": ").replace('":"', '": "')


def test_a_weihai_report_does_not_rest_a_check_on_another_citys_duty_list(tmp_path):
    """The quick-start W-05 run (Weihai 技改补助). Every case report's row 设备投入不超过项目总投资 gives as its
    依据 "《南阳市卧龙区工业和信息化局权责清单》调整的权责清单（附件2） › 省先进制造业发展专项资金项目申报" -- the
    Nanyang Wolong district (Henan) list, about a Henan provincial fund (its other citation is Shijiazhuang
    Luquan's, Hebei). A Weihai bureau's review cannot rest on another jurisdiction's 权责清单; a reviewer
    signing the report would strike it. Should: a Weihai clause (e.g. 001 审核 of 申报材料) or no seed
    citation (a data-consistency check, said so) -- never another city's list in a Weihai report."""
    from tests.helpers import SAMPLES, case_text

    result = run_cli("check", SAMPLES / "w05_applications.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "WH-2020-004")
    assert "南阳" not in html and "鹿泉" not in html


def test_a_threshold_not_yet_in_force_on_the_reference_date_is_not_applied_in_silence(tmp_path):
    """`fundcheck check samples/w05_applications.xlsx -w W-05 --as-of 2019-06-01` (re-checking a 2019 round).
    ELIG-EQUIP-INVEST-100W's only value (100 万元) is effective_from 2020-01-01 (the July 2020 duty list), yet
    WH-2020-004 fails it and gets a 不予受理告知书; the finding's own parameters_effective_from says
    2020-01-01 beside the reference date 2019-06-01, and the report says nothing. Round conditions with a
    生效日期 after the reference date are not_applicable "尚未施行"; rule parameters should be no different:
    missing/not_applicable with the reason, or at least the report says the value was not yet in force."""
    from tests.helpers import SAMPLES

    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--as-of", "2019-06-01",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    finding = _finding(read_case(tmp_path / "out", "WH-2020-004"), "ELIG-EQUIP-INVEST-100W")
    assert finding["message"].endswith("（参考日期 2019-06-01 早于本规则所用标准的生效日期 2020-01-01：该标准当时是否适用，"
                                       "须由审核人员确定，本项需人工复核。）")
    assert (finding["outcome"], finding["severity"], finding["not_yet_in_force"]) == ("fail", "review", "2020-01-01")
    case = read_case(tmp_path / "out", "WH-2020-004")
    assert case["verdict"] == "needs_review"  # never a refusal on a standard not yet in force
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "WH-2020-004" not in notices  # nothing to ask of the applicant: the question is the office's
    passing = _finding(read_case(tmp_path / "out", "WH-2020-001"), "ELIG-EQUIP-INVEST-100W")
    assert passing["message"].endswith("（参考日期 2019-06-01 早于本规则所用标准的生效日期 2020-01-01，按该标准判定；请核实当时适用的标准。）")
    # on a reference date the standard covers, nothing is added
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", *W05, "--out", tmp_path / "in_force", "--quiet")
    assert "not_yet_in_force" not in _finding(read_case(tmp_path / "in_force", "WH-2020-004"), "ELIG-EQUIP-INVEST-100W")



def test_markdown_reports_never_carry_an_applicants_live_link(tmp_path):
    """A company name written as Markdown link syntax stays text in the Markdown report: its brackets
    are escaped (and a backslash of its own cannot undo that)."""
    apps = _apps(tmp_path / "a.json", {"企业名称": "[点此](javascript:alert(1))", "项目名称": "a\\[b](javascript:x)"})
    result = run_cli("check", apps, *W05, "--format", "md", "--per-case", "all", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    text = (tmp_path / "out" / "cases" / "H4-1.md").read_text(encoding="utf-8")
    assert "\\[点此\\](javascript:alert(1))" in text
    assert "a\\\\\\[b\\](javascript:x)" in text
    assert "[点此](javascript" not in text.replace("\\[点此\\](javascript", "")


def test_a_template_for_a_conditions_only_workflow_needs_the_conditions(tmp_path):
    """W-22's columns are the round's conditions': without --conditions the template held only 申报编号,
    企业名称 and 所在区市, for a workflow `check` refuses without them."""
    result = run_cli("template", "check", "--workflow", "W-22", "--out", tmp_path / "w22.xlsx")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "错误：流程 W-22 的推荐条件由上级通知确定，须用 --conditions 给出条件文件，模板才有这些条件读取的列。")
    assert not (tmp_path / "w22.xlsx").exists()
