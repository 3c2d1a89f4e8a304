"""Hostile inspector h130: completed rounds written as a clerk writes them, audited with `fundcheck audit`.

1. A W-08 round (two stages) whose stage-2 事中报告 or 公示 row leaves 阶段 blank was read as stage 1: stage 2
   "未记录" (不合规) and the 行文认定 "before the 公示 ended" (不合规) on a round that met every seed step. The
   row is placed by its date, and an INP-ROUND-STAGE finding (needs review) says which stage it was read as;
   阶段 3 (no workflow has it) is named as unreadable.
2. A filled row the sheet hides was read unseen: INP-ROUND-HIDDEN names it (needs review).
3. 归档: a misspelt material (会议记要 | 是) or one listed beside a form that excludes it was "未归档" (不合规).
4. A 公示 ending before it began passed the no-objection gate and "after the decision".
5. An unreadable date is quoted as written (its brackets), in the finding and the timeline.
6. A renamed sheet: the stop names the file's sheets; an optional sheet's look-alike is named (advisory).
7. =TODAY() in a date cell was read as its cached value (the day of the last calculation).
"""

from __future__ import annotations

import json


from tests.helpers import audit_record, compliant_round, run_cli


_base = compliant_round


def _audit(tmp_path, record: dict, *extra) -> dict:
    return audit_record(tmp_path, record, *extra)


def _found(document: dict) -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = {}
    for f in document["findings"]:
        found.setdefault(f["rule_id"], []).append((f["outcome"], f["grade"], f["message"]))
    return found


def _not_compliant(document: dict) -> dict[str, list[tuple[str, str, str]]]:
    """The findings that weigh on the verdict, DRAW-RANDOM aside (no ledger is given)."""
    return {rule: items for rule, items in _found(document).items()
            if rule != "DRAW-RANDOM" and any(grade != "compliant" for _, grade, _ in items)}


# --- 1. a stage left blank in a round of two stages -------------------------------------------------------


def test_a_stage_two_disclosure_without_its_stage_is_placed_by_its_date(tmp_path):
    record = _base("W-08")
    for row in record["公示"]:
        row["阶段"] = ""
    document = _audit(tmp_path, record)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {"INP-ROUND-STAGE": [(
        "fail", "needs_review",
        "公示 第 2 行的阶段未填写（公示#2.阶段）：该公示开始于 2020-06-17，在第2阶段党组会（2020-06-16，流程节点#15.日期）之后，"
        "审计按第2阶段核对；请核实其所属阶段，在阶段列填写后重新审计。")]})


def test_a_stage_two_mid_report_without_its_stage_is_placed_by_its_date(tmp_path):
    record = _base("W-08")
    for row in record["流程节点"]:
        if row["节点"] == "事中报告":
            row.pop("阶段", None)
    document = _audit(tmp_path, record)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {"INP-ROUND-STAGE": [(
        "fail", "needs_review",
        "流程节点 第 14 行“事中报告”的阶段未填写：该行日期为 2020-06-10，晚于第1阶段党组会（2020-04-22，流程节点#12.日期），"
        "审计按第2阶段核对；请核实其所属阶段，在阶段列填写后重新审计。")]})


def test_a_late_stage_two_mid_report_without_its_stage_still_fails(tmp_path):
    record = _base("W-08")
    for row in record["流程节点"]:
        if row["节点"] == "事中报告" and row.get("阶段") == 2:
            row.pop("阶段")
            row["日期"] = "2020-06-15"
    found = _not_compliant(_audit(tmp_path, record))
    assert found["PROC-3I1L-MID"] == [(
        "fail", "noncompliant",
        "事中报告单未在会前 3 天报送（自然日口径）：第1阶段事中报告 2020-04-16，党组会 2020-04-22，相隔 6 个自然日；"
        "自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17；第2阶段事中报告 2020-06-15，党组会 2020-06-16，相隔 1 个自然日；"
        "自然日口径最迟 2020-06-13，工作日口径最迟 2020-06-11。")]


def test_a_stage_one_row_without_its_stage_stays_stage_one_without_a_finding(tmp_path):
    record = _base("W-08")
    record["公示"][0]["阶段"] = ""
    for row in record["流程节点"]:
        if row["节点"] == "事中报告" and row.get("阶段") is None:
            row["阶段"] = ""
    document = _audit(tmp_path, record)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {})


# --- 2. hidden rows -----------------------------------------------------------------------------------------


def _workbook(tmp_path, record: dict):
    from checker.audit.template import write_round_workbook

    path = tmp_path / "round.xlsx"
    write_round_workbook(record, path)
    return path


def _row_of(sheet, step: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == step)


def _audit_file(tmp_path, path, *extra) -> dict:
    out = tmp_path / "o"
    result = run_cli("audit", path, "--out", out, "--as-of", "2024-01-01", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads((out / "round.json").read_text(encoding="utf-8"))


def test_a_hidden_step_row_is_read_and_named_for_review(tmp_path):
    # a 事中报告 row a clerk hid rather than deleted (a draft never sent?) was read as done, unseen
    import openpyxl

    path = _workbook(tmp_path, _base("W-12"))
    book = openpyxl.load_workbook(path)
    steps = book["流程节点"]
    steps.row_dimensions[_row_of(steps, "事中报告")].hidden = True
    steps.row_dimensions[_row_of(steps, "党组会")].hidden = True
    book["专家抽取"].row_dimensions[3].hidden = True
    book.save(path)
    document = _audit_file(tmp_path, path)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {"INP-ROUND-HIDDEN": [
        ("fail", "needs_review",
         "工作表「流程节点」的第 11 行（事中报告）、第 12 行（党组会）是隐藏行：打开工作簿看不到，审计仍按记录读取；"
         "请核实隐藏的行是否有效（作废的行请删除，有效的行请取消隐藏），然后重新审计。"),
        ("fail", "needs_review",
         "工作表「专家抽取」的第 3 行（E022）是隐藏行：打开工作簿看不到，审计仍按记录读取；"
         "请核实隐藏的行是否有效（作废的行请删除，有效的行请取消隐藏），然后重新审计。")]})


def test_a_workbook_without_hidden_rows_has_no_such_finding(tmp_path):
    document = _audit_file(tmp_path, _workbook(tmp_path, _base("W-12")))
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {})


# --- 3. the archive list as a clerk writes it -------------------------------------------------------------------


def test_a_misspelt_archive_item_marked_archived_needs_review_not_a_breach(tmp_path):
    record = _base("W-12")
    record["归档"][8]["材料名称"] = "会议记要"
    document = _audit(tmp_path, record)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {"ARCH-LIST-9-FUNDS": [(
        "missing", "needs_review",
        "归档情况无法确认（是否归档填写不明：会议纪要（归档表未单列，“会议记要”一行（归档#9.材料名称）名称与该材料相近，"
        "是否归档填写“是”，须核实是否即该材料））。")]})


def test_an_item_listed_beside_the_form_that_excludes_it_needs_review_not_a_breach(tmp_path):
    record = _base("W-12")
    record["归档"][2]["材料名称"] = "《“三重一大”事项报告表》（评审）、专家评审资料"
    del record["归档"][3]
    document = _audit(tmp_path, record)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {"ARCH-LIST-9-FUNDS": [(
        "missing", "needs_review",
        "归档情况无法确认（是否归档填写不明：专家评审资料（归档表未单列，“《“三重一大”事项报告表》（评审）、专家评审资料”一行"
        "（归档#3.材料名称）与其他材料写在同一行，是否归档填写“是”，须核实是否即该材料））。")]})


def test_an_item_missing_beside_an_unrelated_extra_row_is_still_a_breach(tmp_path):
    record = _base("W-12")
    record["归档"][8] = {"材料名称": "评审专家签到表", "是否归档": "是"}
    document = _audit(tmp_path, record)
    assert _not_compliant(document) == {"ARCH-LIST-9-FUNDS": [("fail", "noncompliant", "以下材料未归档：会议纪要。")]}


def test_a_near_name_marked_not_archived_is_still_a_breach(tmp_path):
    record = _base("W-12")
    record["归档"][8] = {"材料名称": "会议记要", "是否归档": "否"}
    document = _audit(tmp_path, record)
    assert _not_compliant(document) == {"ARCH-LIST-9-FUNDS": [("fail", "noncompliant", "以下材料未归档：会议纪要。")]}


# --- 4. a 公示 ending before it began -----------------------------------------------------------------------------


def test_a_reversed_disclosure_does_not_pass_the_no_objection_gate(tmp_path):
    # 公示 2020-05-25 至 2020-05-11, 行文认定 2020-05-22: whichever date is wrong, the recognition did not follow the
    # 公示's end under both; the gate said "公示无未处理异议后行文认定" (合规)
    record = _base("W-08")
    record["公示"][0].update({"开始日期": "2020-05-25", "结束日期": "2020-05-11"})
    found = _found(_audit(tmp_path, record))
    assert found["DISC-NO-OBJECTION-GATE"] == [(
        "missing", "needs_review",
        "公示异议或日期信息不全：公示结束 2020-05-11（早于公示开始 2020-05-25），异议数 0，异议处理结果：未填，行文认定 2020-05-22。")]


def test_a_reversed_disclosure_around_the_meeting_is_not_after_the_decision(tmp_path):
    record = _base("W-08")
    record["公示"][0].update({"开始日期": "2020-05-11", "结束日期": "2020-04-20"})
    found = _found(_audit(tmp_path, record))
    assert found["DISC-AFTER-DECISION"] == [(
        "missing", "needs_review",
        "公示或党组会的记录或日期缺失，无法判断先后：第1阶段党组会 2020-04-22，公示开始 2020-05-11、结束 2020-04-20"
        "（公示#1.开始日期，结束早于开始，无法判断先后）；第2阶段党组会 2020-06-16，公示开始 2020-06-17。")]


# --- 5. an unreadable date is quoted as written ---------------------------------------------------------------


def test_an_unreadable_date_is_quoted_as_the_clerk_wrote_it(tmp_path):
    record = _base("W-12")
    next(r for r in record["流程节点"] if r["节点"] == "党组会")["日期"] = "2020年4月22日（周四）"
    found = _found(_audit(tmp_path, record))
    assert found["INP-ROUND-DATE"] == [(
        "fail", "needs_review",
        "流程节点 第 11 行（流程节点#11.日期）的值“2020年4月22日（周四）”无法识别（所写星期与日期不符，2020-04-22 是星期三），"
        "应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。")]


# --- 6. a sheet renamed -------------------------------------------------------------------------------------------


def test_a_renamed_steps_sheet_stops_the_run_naming_the_sheets_the_file_holds(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, _base("W-12"))
    book = openpyxl.load_workbook(path)
    book["流程节点"].title = "流程"
    book.save(path)
    result = run_cli("audit", path, "--out", tmp_path / "o", "--as-of", "2024-01-01")
    assert (result.exit_code, result.output.strip()) == (2, (
        "错误：round.xlsx：轮次记录缺少工作表「流程节点」（轮次记录须有工作表：轮次、流程节点、专家抽取、公示、归档；"
        "该文件中的工作表：「轮次」、「流程」、「专家抽取」、「公示」、「归档」；工作表「流程」如是「流程节点」，请改名为「流程节点」）"))


def test_a_renamed_draw_sheet_is_named_beside_the_rules_that_miss_it(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, _base("W-12"))
    book = openpyxl.load_workbook(path)
    book["专家抽取"].title = "专家抽取表"
    book.save(path)
    found = _found(_audit_file(tmp_path, path))
    assert (found["INP-ROUND-SHEET"], found["DRAW-SIZE-7"]) == (
        [("not_applicable", "compliant", "工作表「专家抽取表」不是轮次记录的工作表名，未读取；审计按没有「专家抽取」表进行。"
          "如它就是「专家抽取」表，请改名为「专家抽取」后重新审计。")],
        [("missing", "needs_review", "轮次记录没有“专家抽取”表，无法核对抽取人数。")])


def test_a_renamed_archive_key_of_a_json_record_is_named(tmp_path):
    record = _base("W-12")
    record["归档情况"] = record.pop("归档")
    found = _found(_audit(tmp_path, record))
    assert found["INP-ROUND-SHEET"] == [(
        "not_applicable", "compliant",
        "工作表「归档情况」不是轮次记录的工作表名，未读取；审计按没有「归档」表进行。如它就是「归档」表，请改名为「归档」后重新审计。")]


def test_a_stage_no_workflow_has_is_named_not_read_as_a_stage_of_its_own(tmp_path):
    # 阶段 3 on W-08's second 党组会 was read as a stage 3 no rule looks at, the cell never named
    record = _base("W-08")
    next(r for r in record["流程节点"] if r["节点"] == "党组会" and r.get("阶段") == 2)["阶段"] = 3
    found = _found(_audit(tmp_path, record))
    assert found["INP-ROUND-VALUE"] == [(
        "fail", "needs_review", "流程节点 第 15 行（流程节点#15.阶段）的值“3”无法识别，应为阶段编号 1 或 2。")]


def test_the_timeline_shows_an_unreadable_date_as_written(tmp_path):
    record = _base("W-08")
    # a weekday that is not the date's (2020-04-22 was a Wednesday: 周三 is read since s28) leaves the date unread
    next(r for r in record["流程节点"] if r["节点"] == "党组会")["日期"] = "2020年4月22日（周四）"
    record["公示"][0]["开始日期"] = "５月１１日（周一）"
    document = _audit(tmp_path, record)
    shown = [(row["step"], row["date_text"]) for row in document["timeline"] if row["date"] is None]
    assert shown == [("党组会", "2020年4月22日（周四）"), ("公示开始（公示表）", "５月１１日（周一）")]


# --- 7. a date that is =TODAY() -------------------------------------------------------------------------------------


def _with_cached_formula(path, coordinate: str, formula: str, cached: str) -> None:
    """Give the formula cell ``coordinate`` of the 流程节点 sheet a cached value, as Excel saves it."""
    import re
    import shutil
    import zipfile

    staged = path.with_name("staged.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(staged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rf'<c r="{coordinate}"[^>]*><f>{re.escape(formula)}</f>(?:<v\s*/>|<v></v>)?'.encode(),
                              f'<c r="{coordinate}"><f>{formula}</f><v>{cached}</v>'.encode(), data)
            target.writestr(item, data)
    shutil.move(staged, path)


def test_a_today_formula_in_a_date_cell_is_not_read_as_the_date_of_the_step(tmp_path):
    # =TODAY() cached as 2020-04-23 (the day it was last calculated) passed 会后三天 whatever the filing's real day
    import openpyxl

    path = _workbook(tmp_path, _base("W-12"))
    book = openpyxl.load_workbook(path)
    steps = book["流程节点"]
    row = _row_of(steps, "决策备案")
    steps.cell(row, 2).value = "=TODAY()"
    book.save(path)
    _with_cached_formula(path, f"B{row}", "TODAY()", "43944")
    found = _found(_audit_file(tmp_path, path))
    assert (found["INP-ROUND-FORMULA"], found["PROC-3I1L-POST-3D"][0][:2]) == ([(
        "fail", "needs_review",
        "流程节点!B13（日期）是公式，公式 =TODAY() 的值是工作簿最后一次计算的日期，不是该事项发生的日期，按空白处理；"
        "请填入该事项实际发生的日期后重新审计。")], ("missing", "needs_review"))


def test_a_date_formula_with_its_cached_value_is_read(tmp_path):
    import openpyxl

    path = _workbook(tmp_path, _base("W-12"))
    book = openpyxl.load_workbook(path)
    steps = book["流程节点"]
    row = _row_of(steps, "决策备案")
    steps.cell(row, 2).value = "=DATE(2020,4,23)"
    book.save(path)
    _with_cached_formula(path, f"B{row}", "DATE(2020,4,23)", "43944")
    document = _audit_file(tmp_path, path)
    assert (document["verdict"], _not_compliant(document)) == ("needs_review", {})
