"""Round records people fill in (the template) and round records that try to break the audit:
formula cells without a value, duplicated steps, stages and columns that cannot be read, a ledger
draw id matching nothing or two draws. Each gives a finding naming the cell, never a traceback, and
nothing is decided ``pass`` without data."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from checker.audit.patch import apply_patch
from checker.check.evaluate import CaseEvaluator
from checker.check.facts import BatchContext
from checker.check.fields import field_set
from checker.check.conditions.model import RoundNotice
from checker.check.registers import CreditRegister
from checker.check.validate import validate_record
from checker.core.rulebook import load_rulebook
from checker.fixtures import record_from_dict, write_model_ledger
from tests.helpers import ROUNDS, base_round, read_json, run_cli, sample_round

BOOK = load_rulebook()


def _audit(tmp_path, record, *extra, name="r.json"):
    path = tmp_path / name
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run_cli("audit", path, "--out", tmp_path / "out", *extra)
    data = read_json(tmp_path / "out" / "round.json")
    return result, data, {f["rule_id"]: f for f in data["findings"]}


def test_the_template_lists_the_workflow_steps_with_drop_downs_dates_and_notes(tmp_path):
    result = run_cli("template", "round", "--workflow", "W-08", "--out", tmp_path / "w08.xlsx")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "w08.xlsx")
    assert workbook.sheetnames == ["轮次", "流程节点", "专家抽取", "公示", "归档", "说明"]
    steps = [(row[0], row[5]) for row in workbook["流程节点"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert steps[:3] == [("事前报告", 1), ("纪检组同意", 1), ("发布申报通知", 1)]
    assert ("党组会", 2) in steps and ("决策备案", None) in steps and steps[-1] == ("归档", None)
    assert [row[5] for row in workbook["公示"].iter_rows(min_row=2, values_only=True) if row[5]] == [1, 2]
    assert [cell.value for cell in workbook["轮次"][2]][:4] == ["", "W-08", "", "装备产业科"] or \
        [cell.value for cell in workbook["轮次"][2]][1] == "W-08"
    lists = {str(v.sqref).split(":")[0][0] + ws.title: v.formula1 for ws in workbook.worksheets for v in ws.data_validations.dataValidation}
    assert lists["A流程节点"].startswith('"事前报告,纪检组同意,发布申报通知')
    assert lists["F流程节点"] == '"1,2"' and lists["F专家抽取"] == '"正选,候补,替补,已替换"' and lists["B归档"] == '"是,否"'
    assert workbook["流程节点"]["B2"].number_format == "yyyy-mm-dd"
    notes = [row for row in workbook["说明"].iter_rows(values_only=True)]
    assert any(row[:2] == ("流程节点", "阶段") for row in notes)


def test_an_unfilled_template_is_never_compliant(tmp_path):
    run_cli("template", "round", "--workflow", "W-12", "--out", tmp_path / "t.xlsx")
    workbook = load_workbook(tmp_path / "t.xlsx")
    workbook["轮次"]["A2"] = "T-1"
    workbook.save(tmp_path / "t.xlsx")
    result = run_cli("audit", tmp_path / "t.xlsx", "--out", tmp_path / "out")
    data = read_json(tmp_path / "out" / "round.json")
    assert result.exit_code == 1 and data["verdict"] != "compliant"
    assert not [f["rule_id"] for f in data["findings"] if f["outcome"] == "pass"]


def test_the_template_prefilled_from_the_ledger_audits_its_draw(tmp_path):
    result = run_cli("template", "round", "--workflow", "W-12", "--out", tmp_path / "t.xlsx",
                     "--from-ledger", ROUNDS / "ledger.db", "--draw", "1")
    assert result.exit_code == 0
    workbook = load_workbook(tmp_path / "t.xlsx")
    rows = [row for row in workbook["专家抽取"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert [(r[0], r[1], r[5]) for r in rows][:1] == [("1", "局政工科", "正选")]
    assert [r[5] for r in rows].count("正选") == 7 and [r[5] for r in rows].count("候补") == 3
    assert workbook["轮次"]["A2"].value == "W12-2020-01" and workbook["轮次"]["E2"].value == "新材料"


def test_the_template_is_never_prefilled_from_a_draw_a_redraw_replaced(tmp_path):
    # the audit fails a round listing a replaced draw's panel: the template must not write one
    from checker.fixtures import write_model_ledger

    write_model_ledger(tmp_path / "l.db", "W12-2020-01")
    write_model_ledger(tmp_path / "l.db", "W12-2020-01", {"at": "2020-04-04T09:30:00+08:00"})
    result = run_cli("template", "round", "--workflow", "W-12", "--out", tmp_path / "t.xlsx",
                     "--from-ledger", tmp_path / "l.db", "--draw", "1")
    assert (result.exit_code, result.stderr) == (
        2, "错误：账本第 1 条的抽取已被第 2 条重新抽取取代，不能据以填写抽取记录：请用现行的抽取（第 2 条）。\n")
    assert not (tmp_path / "t.xlsx").exists()
    assert run_cli("template", "round", "--workflow", "W-12", "--out", tmp_path / "t.xlsx",
                   "--from-ledger", tmp_path / "l.db", "--draw", "2").exit_code == 0


def test_the_template_is_never_prefilled_from_a_draw_a_redraw_of_overlapping_fields_replaced(tmp_path):
    from checker.fixtures import write_model_ledger

    write_model_ledger(tmp_path / "l.db", "W12-2020-01")
    write_model_ledger(tmp_path / "l.db", "W12-2020-01", {"at": "2020-04-04T09:30:00+08:00", "fields": ["新材料", "智能制造"]})
    result = run_cli("template", "round", "--workflow", "W-12", "--out", tmp_path / "t.xlsx",
                     "--from-ledger", tmp_path / "l.db", "--draw", "1")
    assert (result.exit_code, result.stderr) == (
        2, "错误：账本第 1 条的抽取已被第 2 条重新抽取取代，不能据以填写抽取记录：请用现行的抽取（第 2 条）。\n")


def test_a_draw_row_without_an_expert_id_is_named_and_not_counted_as_an_eighth_expert(tmp_path):
    # A half-cleared template line (抽取记录编号 and 抽取科室 left, 专家编号 blank) was an eighth expert
    # ("8 名（E004、…、E003、）", noncompliant) and a ledger mismatch listing no difference.
    record = sample_round("compliant_W-12")
    record["专家抽取"].append({"抽取记录编号": "1", "抽取科室": "局政工科", "专家编号": "", "角色": ""})
    result, data, _ = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 1 and data["verdict"] == "needs_review"
    found = {f["rule_id"]: (f["outcome"], f["message"]) for f in data["findings"]}
    assert found["INP-ROUND-VALUE"] == ("fail", "专家抽取 第 8 行未填写专家编号（专家抽取#8.专家编号；该行填有 抽取记录编号“1”、"
                                                "抽取科室“局政工科”），未计入参加评审的专家；如该行是一名专家，请补填专家编号，"
                                                "否则删除该行，然后重新审计。")
    assert [found[rule][0] for rule in ("DRAW-SIZE-7", "DRAW-BY-ZGK", "DRAW-RANDOM")] == ["pass", "pass", "pass"]


def test_template_bad_input_exits_2(tmp_path):
    for args, message in ((["--draw", "1"], "须一同给出"), (["--from-ledger", ROUNDS / "ledger.db", "--draw", "9"], "没有第 9 条"),
                          (["--workflow", "W-99"], "未知的流程"), (["--out", tmp_path / "x.csv"], ".xlsx")):
        full = ["template", "round", "--out", tmp_path / "t.xlsx", *args] if "--out" not in args else ["template", "round", *args]
        result = run_cli(*full)
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)


def test_a_formula_without_a_cached_value_is_an_input_finding_and_never_a_date(tmp_path):
    from openpyxl import Workbook

    from checker.audit.template import HEADERS

    record = sample_round("compliant_W-12")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, headers in HEADERS.items():
        ws = workbook.create_sheet(sheet)
        ws.append(headers)
        rows = record.get(sheet, [])
        for row in [rows] if isinstance(rows, dict) else rows:
            ws.append([row.get(h) for h in headers])
    steps = workbook["流程节点"]
    meeting = next(r for r in range(2, steps.max_row + 1) if steps.cell(r, 1).value == "党组会")
    steps.cell(meeting, 2).value = "=B2+51"  # openpyxl writes no cached value
    workbook.save(tmp_path / "f.xlsx")
    result = run_cli("audit", tmp_path / "f.xlsx", "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    data = read_json(tmp_path / "out" / "round.json")
    by_rule = {f["rule_id"]: f for f in data["findings"]}
    assert result.exit_code == 1
    assert by_rule["INP-ROUND-FORMULA"]["message"] == (
        f"流程节点!B{meeting}（日期）是公式，公式单元格没有缓存的计算结果，按空白处理；请在 Excel 中打开并保存（或填入数值）后重新审计。")
    assert by_rule["PROC-PARTY-MEETING"]["outcome"] == "missing" and by_rule["PROC-3I1L-MID"]["outcome"] == "missing"


def test_a_line_below_the_last_value_holding_only_an_uncached_formula_is_named(tmp_path):
    """calamine's range ends at the last cell with a value: a 流程节点 line further down whose only
    content is a formula without a cached value (a file written by a program) was not read at all,
    so no finding named it. It is read as a line with that formula cell now."""
    workbook = load_workbook(ROUNDS / "compliant_W-12.xlsx")
    sheet = workbook["流程节点"]
    line = sheet.max_row + 2
    sheet.cell(line, 2, "=DATE(2020,3,9)")
    workbook.save(tmp_path / "round.xlsx")
    result = run_cli("audit", tmp_path / "round.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    inputs = [(f["rule_id"], f["message"]) for f in read_json(tmp_path / "out" / "round.json")["findings"]
              if f["rule_id"].startswith("INP-")]
    assert inputs == [
        ("INP-ROUND-FORMULA", f"流程节点!B{line}（日期）是公式，公式单元格没有缓存的计算结果，按空白处理；请在 Excel 中打开并保存（或填入数值）后重新审计。"),
        ("INP-ROUND-STEP", f"流程节点!A{line} 的节点名称为空，但该行填有其他内容（日期 公式（无计算结果））；该行未参与审计，请填写节点名称。"),
    ]
    sheet.cell(line, 2).value = None
    sheet.cell(line, 1, '="专家评审"')  # the 节点 itself a formula without a value: the brackets say so
    workbook.save(tmp_path / "round2.xlsx")
    run_cli("audit", tmp_path / "round2.xlsx", "--out", tmp_path / "out2")
    steps = [f["message"] for f in read_json(tmp_path / "out2" / "round.json")["findings"] if f["rule_id"] == "INP-ROUND-STEP"]
    assert steps == [f"流程节点!A{line} 的节点名称为空，但该行填有其他内容（节点 公式（无计算结果））；该行未参与审计，请填写节点名称。"]


def test_a_step_recorded_twice_is_named_and_audited_by_its_earliest_date(tmp_path):
    record = apply_patch(sample_round("compliant_W-12"), {"流程节点": {"+": [{"节点": "党组会", "日期": "2020-04-21"}]}})
    result, data, by_rule = _audit(tmp_path, record)
    assert by_rule["INP-ROUND-DUPLICATE"]["message"].startswith("流程节点中“党组会”有 2 行（流程节点#11.日期、流程节点#14.日期）")
    assert data["verdict"] == "needs_review"


def test_a_blank_id_line_beside_the_whole_ledger_panel_still_fails(tmp_path):
    # an 8th line (a 替补 named 李四, no id) beside all 7 of the ledger's: no ledger expert is left
    # for it to be, so the lists differ
    record = sample_round("compliant_W-12")
    record["专家抽取"].append({"抽取记录编号": "1", "角色": "替补", "姓名": "李四"})
    _, _, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert by_rule["DRAW-RANDOM"]["outcome"] == "fail"
    assert by_rule["DRAW-RANDOM"]["message"].endswith("不符：记录有而账本无 编号空白（专家抽取 第 8 行）。") and by_rule["PROC-3I1L-POST-3D"]["outcome"] == "pass"


def test_unreadable_stage_and_round_columns_are_named(tmp_path):
    record = apply_patch(sample_round("compliant_W-12"),
                         {"轮次": {"本轮阶段": "第三期", "公示期（工作日）": "五天"}, "流程节点": {"事中报告": {"阶段": "中期"}}})
    _, data, by_rule = _audit(tmp_path, record)
    messages = [f["message"] for f in data["findings"] if f["rule_id"].startswith("INP-")]
    assert any("第三期" in m and "阶段编号" in m for m in messages)
    assert any("五天" in m and "1 至 99 的整数" in m for m in messages)
    assert any("中期" in m for m in messages)
    assert data["verdict"] != "compliant"


def test_a_round_declared_to_hold_stage_two_only_is_refused_as_a_value_and_audited_whole(tmp_path):
    record = apply_patch(BOOK.bases["W-08-compliant"], {"轮次": {"本轮阶段": "2"}})
    write_model_ledger(tmp_path / "l.db", record["轮次"]["轮次编号"])
    _, data, by_rule = _audit(tmp_path, record, "--ledger", tmp_path / "l.db")
    assert by_rule["INP-ROUND-VALUE"]["message"] == (
        "轮次 第 1 行（轮次#1.本轮阶段）的值“2”无法识别，应为从第 1 阶段起的阶段编号，如 1 或 1、2。")
    assert by_rule["PROC-TWO-STAGE"]["outcome"] == "pass" and data["verdict"] == "needs_review"


def test_a_ledger_draw_id_matching_no_draw_or_a_substitution_is_named(tmp_path):
    ledger = tmp_path / "l.db"
    write_model_ledger(ledger, "W12-2020-01")
    from checker.draw import ledger as ledger_mod

    connection = ledger_mod.open_existing(ledger)
    ledger_mod.append(connection, {"type": "substitute", "round_id": "W12-2020-01", "replaced": "E003", "by": "E006"})
    connection.close()
    record = sample_round("compliant_W-12")
    for row in record["专家抽取"]:
        row["抽取记录编号"] = "2"
    _, data, by_rule = _audit(tmp_path, record, "--ledger", ledger)
    assert by_rule["DRAW-RANDOM"]["outcome"] == "fail"
    assert "账本第 2 条不是抽取条目（而是替换条目，专家抽取#1.抽取记录编号 等 7 行）" in by_rule["DRAW-RANDOM"]["message"]


def test_a_notice_that_bars_dishonest_enterprises_makes_an_adverse_credit_record_ineligible():
    fields = field_set(BOOK)
    row = validate_record(record_from_dict({"统一社会信用代码": "91371002MA3C8XK25F"}, fields), fields)
    batch = BatchContext()
    batch.credit = CreditRegister.from_rows([{"统一社会信用代码": "91371002MA3C8XK25F", "记录类型": "失信被执行人",
                                            "认定日期": "2020-03-01", "来源": "信用中国"}], "test")
    found = {}
    for flag in (None, False, True):
        # a reference date: without one, whether the record stood when the enterprise applied is not known
        evaluator = CaseEvaluator(BOOK, "W-12", engine="reference", rule_ids=["ELIG-CREDIT-CLEAN"], as_of=dt.date(2020, 6, 30))
        batch.notice = RoundNotice("威工信发〔2020〕1号", "示例通知", None, flag)
        result = evaluator.evaluate(row, batch, "t")
        finding = result.findings[-1]
        found[flag] = (finding["outcome"], finding["grade"], finding["severity"], result.verdict)
    assert found == {None: ("fail", "needs_review", "review", "needs_review"),
                     False: ("fail", "needs_review", "review", "needs_review"),
                     True: ("fail", "ineligible", "blocking", "ineligible")}


def test_a_dated_step_line_without_its_name_is_named_not_dropped(tmp_path):
    """A 流程节点 line with a date but a blank 节点 cell is reported with its cell and what it holds;
    a line with nothing in it stays a blank line."""
    record = apply_patch(sample_round("compliant_W-12"),
                         {"流程节点": {"+": [{"节点": "", "日期": "2020-04-30", "备注": "会议纪要"}, {"节点": "", "日期": ""}]}})
    _, data, by_rule = _audit(tmp_path, record)
    assert by_rule["INP-ROUND-STEP"]["message"] == (
        "流程节点#14.节点 的节点名称为空，但该行填有其他内容（日期 2020-04-30、备注 会议纪要）；该行未参与审计，请填写节点名称。")
    assert [f["rule_id"] for f in data["findings"]].count("INP-ROUND-STEP") == 1
    assert data["verdict"] != "compliant"


def test_a_nameless_step_line_shows_its_date_as_the_audit_reads_it(tmp_path):
    record = apply_patch(sample_round("compliant_W-12"), {"流程节点": {"+": [{"节点": "", "日期": 43892}]}})
    _, data, by_rule = _audit(tmp_path, record)
    assert by_rule["INP-ROUND-STEP"]["message"] == (
        "流程节点#14.节点 的节点名称为空，但该行填有其他内容（日期 2020-03-02）；该行未参与审计，请填写节点名称。")


def test_a_disclosure_before_its_meeting_is_marked_among_the_stages(tmp_path):
    # A two-stage round whose second 公示 began before the second 党组会: the message listed both
    # stages alike, without saying which one came first.
    record = apply_patch(BOOK.bases["W-08-compliant"], {"公示": {"2": {"开始日期": "2020-06-12", "结束日期": "2020-06-19"}}})
    write_model_ledger(tmp_path / "l.db", record["轮次"]["轮次编号"])
    _, data, by_rule = _audit(tmp_path, record, "--ledger", tmp_path / "l.db")
    finding = by_rule["DISC-AFTER-DECISION"]
    assert finding["outcome"] == "fail"
    stages = finding["message"].removeprefix("公示早于党组会决定：").removesuffix("。").split("；")
    assert [stage.endswith("（早于党组会）") for stage in stages] == [False, True]
    assert stages[1].startswith("第2阶段党组会 ") and "公示开始 2020-06-12（早于党组会）" in stages[1]


def test_a_panel_line_with_a_blank_id_is_named_where_the_ledger_differs(tmp_path):
    # DRAW-RANDOM said "记录有而账本无 无" for a line whose 专家编号 was left blank (helper-40's item).
    # A blank beside an id the ledger lacks cannot be the ledger's panel: the lists differ.
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["专家编号"] = ""
    record["专家抽取"][1]["专家编号"] = "E099"
    _, _, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert by_rule["DRAW-RANDOM"]["outcome"] == "fail"
    assert by_rule["DRAW-RANDOM"]["message"].endswith(
        "不符：账本有而记录无 E004、E022；记录有而账本无 E099、编号空白（专家抽取#1.专家编号）。")


def test_a_blank_id_where_the_ledger_has_the_missing_expert_needs_review_not_noncompliant(tmp_path):
    # One 专家编号 left blank, every other id the ledger's: the blank line may be E004, so the
    # round is not found 不合规 on an unfilled cell (it was: DRAW-RANDOM fail, 记录有而账本无 编号空白)
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["专家编号"] = ""
    _, data, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert by_rule["DRAW-RANDOM"]["outcome"] == "missing"
    assert by_rule["DRAW-RANDOM"]["message"] == (
        "专家抽取表 专家抽取#1.专家编号 的专家编号空白，无法确定轮次记录（专家抽取#1.抽取记录编号 等 7 行）的名单是否与账本第 1 条一致"
        "（账本有而记录无 E004）；请补填专家编号后重新审计。")
    assert data["verdict"] == "needs_review"


def test_an_id_written_as_a_word_is_quoted_with_its_cell_where_the_ledger_differs(tmp_path):
    # 专家编号 “无” read "记录有而账本无 无": the difference read as none while the rule failed
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["专家编号"] = "无"
    _, _, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert by_rule["DRAW-RANDOM"]["outcome"] == "fail"
    assert by_rule["DRAW-RANDOM"]["message"].endswith("不符：账本有而记录无 E004；记录有而账本无 “无”（专家抽取#1.专家编号）。")


def test_a_blank_id_line_is_named_by_its_cell_in_the_field_and_unit_lists(tmp_path):
    # 以下专家的专业领域未填写：无 (needs review, naming none) for a line with a 姓名 and no id
    record = sample_round("compliant_W-12")
    record["专家抽取"].append({"抽取记录编号": "1", "抽取科室": "局政工科", "姓名": "张三", "角色": "正选"})
    _, _, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert (by_rule["DRAW-BY-FIELD"]["outcome"], by_rule["DRAW-BY-FIELD"]["message"]) == (
        "missing", "以下专家的专业领域未填写：编号空白（专家抽取 第 8 行）。")
    assert (by_rule["DRAW-COI"]["outcome"], by_rule["DRAW-COI"]["message"]) == (
        "missing", "以下参加评审的专家未填写工作单位，无法核对回避：编号空白（专家抽取 第 8 行）。")


def test_an_unreadable_review_date_is_said_without_calling_the_other_date_missing(tmp_path):
    # 市级复审 （日期缺失或无法识别） 或专家评审 2020-04-10 日期缺失: the readable date was called missing
    record = sample_round("compliant_W-12")
    next(step for step in record["流程节点"] if step["节点"] == "市级复审")["日期"] = "二〇二〇年四月一日前后"  # (上午 is read since h161: a time of day)
    _, _, by_rule = _audit(tmp_path, record, "--ledger", ROUNDS / "ledger.db")
    assert (by_rule["PROC-ELIGIBLE-BEFORE-REVIEW"]["outcome"], by_rule["PROC-ELIGIBLE-BEFORE-REVIEW"]["message"]) == (
        "missing", "无法比较先后：市级复审 （日期缺失或无法识别），专家评审 2020-04-10。")


def test_an_unreadable_date_is_quoted_as_written_in_the_finding_that_needs_it(tmp_path):
    """An inspector checks the value the record holds: a 党组会 dated 2020-04-31 (no such day) is
    quoted, not shown as （无日期） as if the cell were blank; a blank date still reads （无日期）."""
    record = base_round(BOOK, "W-12-compliant")
    meeting = next(step for step in record["流程节点"] if step["节点"] == "党组会")
    meeting["日期"] = "2020-04-31"
    _, data, by_id = _audit(tmp_path, record)
    found = by_id["PROC-PARTY-MEETING"]
    assert (found["outcome"], found["grade"]) == ("missing", "needs_review")
    assert "党组会 （日期无法识别：“2020-04-31”）（流程节点#" in found["message"]
    meeting["日期"] = None
    (tmp_path / "blank").mkdir()
    _, data, by_id = _audit(tmp_path / "blank", record)
    assert "党组会 （无日期）（流程节点#" in by_id["PROC-PARTY-MEETING"]["message"]


def test_an_unreadable_report_or_disclosure_date_is_quoted_where_its_order_cannot_be_judged(tmp_path):
    """h92: the 事中 slip dated 2020年13月1日 read （无日期）, and a 公示 start 2020/11/31 left
    DISC-AFTER-DECISION saying 无法判断先后：无."""
    record = base_round(BOOK, "W-08-compliant")
    for step in record["流程节点"]:
        if step["节点"] == "事中报告":
            step["日期"] = "2020年13月1日"
    record["公示"][0]["开始日期"] = "2020/11/31"
    _, _, by_id = _audit(tmp_path, record)
    assert by_id["PROC-3I1L-MID"]["message"].startswith(
        "事中报告或党组会的日期缺失，无法判断：第1阶段事中报告 （日期无法识别：“2020年13月1日”），党组会 2020-04-22；")
    assert by_id["DISC-AFTER-DECISION"]["message"] == (
        "公示或党组会的记录或日期缺失，无法判断先后：第1阶段党组会 2020-04-22，公示开始 （日期无法识别：“2020/11/31”）；"
        "第2阶段党组会 2020-06-16，公示开始 2020-06-17。")


def test_the_after_report_is_the_decisions_filing():
    # 001:2949 将“三重一大”事前、事中、事后报告材料…归档: 事后报告 was an unknown step, and the nearest
    # name offered was 事前报告 (the report before the notice)
    assert BOOK.vocabulary.step_keys["事后报告"] == BOOK.vocabulary.step_keys["决策备案"] == "post_filing"


def test_a_meeting_date_to_be_fixed_is_quoted_by_the_rules_counting_from_it(tmp_path):
    # h93: 事中 and 备案 said 党组会日期未记录或无法识别 without the cell's 待定
    record = base_round(BOOK, "W-12-compliant")
    for step in record["流程节点"]:
        if step["节点"] == "党组会":
            step["日期"] = "待定"
    _, _, by_id = _audit(tmp_path, record)
    assert (by_id["PROC-3I1L-MID"]["outcome"], by_id["PROC-3I1L-MID"]["message"]) == (
        "missing", "事中报告或党组会的日期缺失，无法判断：党组会 （日期无法识别：“待定”）。")
    assert (by_id["PROC-3I1L-POST-3D"]["outcome"], by_id["PROC-3I1L-POST-3D"]["message"]) == (
        "missing", "决策备案或党组会日期缺失，无法判断：党组会 （日期无法识别：“待定”）。")
