"""Inspector h35: completed fund rounds audited as a discipline inspector (纪检组) looking for a
round that was rigged but looks compliant."""

from __future__ import annotations

import pytest

from tests.helpers import sample_round
from tests.test_hostile6 import _audit, _finding, _step  # the same audit of one round record


def test_a_record_problem_carries_its_grade_in_round_json(tmp_path):
    # README §2 "Grades": each finding has an outcome and a grade. An unreadable date of the record
    # (INP-ROUND-DATE) was printed 需人工复核 in round.md but had grade null in round.json.
    record = sample_round("compliant_W-12")
    _step(record, "区市推荐")["日期"] = "2020年13月1日"
    document = _audit(tmp_path, record)
    problem = _finding(document, "INP-ROUND-DATE")
    assert (problem["outcome"], problem["grade"], problem["grade_basis"], problem["grade_text"], problem["message"],
            problem["evidence"]) == (
        "fail", "needs_review", {"why": "record_problem"},
        "轮次记录本身的问题（无法识别、缺失、重复或前后不一致的值），不是对程序的判定；核实并更正记录前，列为需人工复核。",
        "流程节点 第 3 行（流程节点#3.日期）的值“2020年13月1日”无法识别，应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。",
        {"date": "2020年13月1日", "source": "流程节点#3.日期", "sheet": "流程节点", "row": 3})
    # still said apart from the requirements in the conclusion (the recommendation it dates needs review)
    assert (document["verdict"], document["conclusion"]) == (
        "needs_review",
        "经审计，“2020年“专精特新”中小企业认定”（轮次编号 W12-2020-01）按所属流程核对 21 项要求，其中 1 项需人工复核"
        "（申报项目经区市工信部门初审或审查汇总后推荐上报），另有轮次记录问题 1 处需核实（轮次记录无法读取的值）。审计结论：需人工复核，复核前不能认定程序合规。")


def test_a_credit_check_whose_material_says_none_is_not_a_check_shown(tmp_path):
    # seed 001:4064 "查询企业是否有不良信用记录": a 信用查询 row dated 2020-04-01 whose 文号/材料 says 无
    # passed ("信用查询 2020-04-01，在专家抽取…之前"), though nothing shows the enterprises were checked
    record = sample_round("compliant_W-12")
    _step(record, "信用查询")["文号/材料"] = "无"
    document = _audit(tmp_path, record)
    credit = _finding(document, "PROC-CREDIT-CHECK")
    assert (credit["outcome"], credit["grade"], credit["message"], credit["remedy"], credit["evidence"]) == (
        "missing", "needs_review",
        "信用查询 2020-04-01 的文号/材料为“无”（流程节点#5.文号/材料），未记录查询材料，无法确认复审时查询了企业是否有不良信用记录。",
        "补充信用查询的材料（查询平台、查询结果截图或清单）；确未查询的，按程序缺失处理。",
        {"信用查询": "2020-04-01", "专家抽取": "2020-04-03", "专家评审": "2020-04-10",
         "source": "流程节点#5.日期; 流程节点#6.日期; 流程节点#9.日期"})
    assert document["verdict"] == "needs_review"
    # a blank cell says the same (README: a cell that says 无 records nothing, as a blank one)
    _step(record, "信用查询")["文号/材料"] = ""
    credit = _finding(_audit(tmp_path, record, name="blank"), "PROC-CREDIT-CHECK")
    assert (credit["outcome"], credit["message"]) == (
        "missing", "信用查询 2020-04-01 的文号/材料为空白（流程节点#5.文号/材料），未记录查询材料，无法确认复审时查询了企业是否有不良信用记录。")


def test_a_w09_decision_filed_while_its_disclosure_is_running_is_out_of_order(tmp_path):
    # seed 001:2978-2980: "（九）对通过的项目（资金）在市工信局网站公示。（十）向局政工科和派驻纪检监察组报送
    # 《“三重一大”事项决策情况备案表》". The W-09 model round with its filing on 2020-05-15, inside the
    # 公示 of 2020-05-11 … 05-19, was 合规: the order only put the filing after the 公示's start.
    import yaml

    from tests.helpers import ROOT

    record = yaml.safe_load((ROOT / "rules/cases/rounds/W-09-compliant.yaml").read_text(encoding="utf-8"))
    _step(record, "决策备案")["日期"] = "2020-05-15"
    document = _audit(tmp_path, record)
    order = _finding(document, "PROC-STEP-ORDER")
    assert (order["outcome"], order["grade"], order["message"]) == (
        "fail", "noncompliant",
        "节点顺序与流程不符：“公示结束（公示表）”（2020-05-19，公示#1.结束日期）晚于其后步骤“决策备案”（2020-05-15，流程节点#9.日期）。"
        "规定顺序：事前报告 → 纪检组同意 → 发布申报通知 → 区市推荐 → 专家评审 → 事中报告 → 党组会 → 公示开始 → 公示结束 → 归档；"
        "专家评审 → 分配方案 → 党组会；公示结束 → 决策备案 → 归档。")
    assert (order["evidence"]["决策备案"], order["evidence"]["公示"][0]["结束日期"], document["verdict"]) == (
        "2020-05-15", "2020-05-19", "noncompliant")


def _from_template(tmp_path, workflow: str, record: dict, name: str = "round"):
    """The round record ``record`` written into the bundled template (fundcheck template round),
    each sheet's rows under its own header, the template's listed steps replaced."""
    import openpyxl

    from tests.helpers import run_cli

    path = tmp_path / f"{name}.xlsx"
    assert run_cli("template", "round", "--workflow", workflow, "--out", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    for sheet, rows in record.items():
        rows = [rows] if isinstance(rows, dict) else rows
        sheet = book[sheet]
        header = [c.value for c in sheet[1]]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            assert set(row) <= set(header), (sheet.title, set(row) - set(header))
            sheet.append([row.get(h) for h in header])
    book.save(path)
    return path


def test_record_text_is_shown_as_written_not_nfkc(tmp_path):
    # The round reports quoted the record NFKC'd: "表决方式及结果：举手表决,全票通过" for 举手表决，全票通过,
    # "及决策过程材料(复印件)" for （复印件）, while fundcheck check quotes cells as written (328f268).
    from tests.helpers import read_json, run_cli
    from tests.test_hostile6 import LEDGER

    record = sample_round("compliant_W-12")
    _step(record, "决策备案")["报送对象"] = "局政工科，派驻纪检监察组"
    path = _from_template(tmp_path, "W-12", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", LEDGER)
    assert result.exit_code == 0, result.output
    document = read_json(tmp_path / "out" / "round.json")
    meeting, post, trail = (_finding(document, r) for r in ("PROC-PARTY-MEETING", "PROC-3I1L-POST", "ARCH-DECISION-TRAIL"))
    assert (meeting["outcome"], meeting["grade"], meeting["message"]) == (
        "pass", "compliant",
        "党组会 2020-04-22（流程节点!B12），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。")
    assert (post["outcome"], post["message"]) == ("pass", "决策情况（备案）表已报送“局政工科，派驻纪检监察组”。")
    assert (trail["outcome"], trail["message"]) == (
        "pass", "决策过程材料已汇总：《“三重一大”事项决策情况表》、《专项资金项目流程审核情况表》及决策过程材料（复印件）（流程节点!C13）。")
    filing = next(t for t in document["timeline"] if t.get("step") == "决策备案")
    assert (filing["doc"], filing["to"]) == (
        "《“三重一大”事项决策情况表》、《专项资金项目流程审核情况表》及决策过程材料（复印件）", "局政工科，派驻纪检监察组")
    # still compared in NFKC: the full-width comma separates the two recipients as before
    assert document["verdict"] == "compliant"
    markdown = (tmp_path / "out" / "round.md").read_text(encoding="utf-8")
    assert "表决方式及结果：举手表决，全票通过。" in markdown and "举手表决,全票通过" not in markdown


def test_a_date_after_the_audits_as_of_date_is_a_record_problem(tmp_path):
    # A completed round archived on 2031-05-26 and a W-09 公示 ending next year passed as done.
    from tests.helpers import read_json, run_cli, write_json

    record = sample_round("compliant_W-12")
    _step(record, "归档")["日期"] = "2031-05-26"
    document = _audit(tmp_path, record, "--as-of", "2020-12-31")
    future = _finding(document, "INP-ROUND-FUTURE-DATE")
    assert (future["outcome"], future["grade"], future["title"]["zh"], future["message"], future["evidence"]) == (
        "fail", "needs_review", "日期晚于审计基准日",
        "流程节点#13.日期（归档）的日期 2031-05-26 晚于审计基准日 2020-12-31（审计人指定）；"
        "已完成的轮次不应有尚未到来的日期，该步骤不能作为已发生核对。",
        {"归档": "2031-05-26", "source": "流程节点#13.日期", "as_of": "2020-12-31"})
    assert (document["verdict"], document["as_of"]) == ("needs_review", {"date": "2020-12-31", "basis": "given"})
    markdown = (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")
    assert "- 审计基准日：2020-12-31（审计人指定；记录中晚于此日的日期列为需人工复核）\n" in markdown
    # the same round dated in the past is compliant, and says which as-of date it was audited on
    _step(record, "归档")["日期"] = "2020-05-26"
    document = _audit(tmp_path, record, "--as-of", "2020-12-31", name="past")
    assert (document["verdict"], [f["rule_id"] for f in document["findings"] if f["rule_id"].startswith("INP-")]) == (
        "compliant", [])
    # none given: the day the audit runs (Beijing time), said so
    from checker.cli.audit import beijing_today

    _step(record, "归档")["日期"] = "2099-01-01"
    document = _audit(tmp_path, record, name="today")
    today = beijing_today().isoformat()
    assert document["as_of"] == {"date": today, "basis": "run_date"}
    assert _finding(document, "INP-ROUND-FUTURE-DATE")["message"] == (
        f"流程节点#13.日期（归档）的日期 2099-01-01 晚于审计基准日 {today}（审计人未指定，取审计运行当日（北京时间））；"
        "已完成的轮次不应有尚未到来的日期，该步骤不能作为已发生核对。")
    # a 公示 ending next year (the W-09 model's, sheet 公示)
    import yaml

    from tests.helpers import ROOT

    w09 = yaml.safe_load((ROOT / "rules/cases/rounds/W-09-compliant.yaml").read_text(encoding="utf-8"))
    w09["公示"][0]["结束日期"] = "2021-05-19"
    result = run_cli("audit", write_json(tmp_path / "w09.json", w09), "--out", tmp_path / "w09-out", "--as-of", "2020-12-31")
    assert result.exit_code == 1, result.output
    future = _finding(read_json(tmp_path / "w09-out" / "round.json"), "INP-ROUND-FUTURE-DATE")
    assert (future["grade"], future["message"]) == (
        "needs_review", "公示#1.结束日期（公示结束日期）的日期 2021-05-19 晚于审计基准日 2020-12-31（审计人指定）；"
        "已完成的轮次不应有尚未到来的日期，该步骤不能作为已发生核对。")
    # an unreadable --as-of is one sentence, exit 2
    result = run_cli("audit", write_json(tmp_path / "x.json", record), "--out", tmp_path / "x", "--as-of", "2020-13-01")
    assert (result.exit_code, result.output.strip()) == (
        2, "错误：--as-of「2020-13-01」不是日期（日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）")


def _in_2018(record: dict) -> dict:
    for step in record["流程节点"]:
        step["日期"] = step["日期"].replace("2020", "2018")
    record["轮次"]["轮次编号"] = "W12-2018-01"
    return record


def test_a_round_before_the_duty_list_applies_says_so_and_is_not_judged_noncompliant_by_it(tmp_path):
    # A 2018 round was audited against the July 2020 duty list (its rules applied from 2019-01-01)
    # with no word of it: a filing 16 days after the 党组会 was 不合规 by a procedure perhaps not yet in force.
    record = _in_2018(sample_round("compliant_W-12"))
    _step(record, "决策备案")["日期"] = "2018-05-08"
    document = _audit(tmp_path, record, "--as-of", "2020-12-31")
    post = _finding(document, "PROC-3I1L-POST-3D")
    assert (post["outcome"], post["grade"], post["severity"], post["grade_basis"]["why"], post["grade_text"], post["message"]) == (
        "fail", "needs_review", "review", "not_yet_in_force",
        "本轮参数基准日 2018-04-22 早于本项所依据程序的适用日期 2019-01-01：当时适用的程序是否与之相同，须由审计人员确定，列为需人工复核。",
        "决策情况表超过会后 3 天报送（自然日口径）：党组会 2018-04-22，决策备案 2018-05-08；"
        "自然日口径截止 2018-04-25，工作日口径截止 2018-04-25。")
    assert document["duty_list"] == {
        "documents": [{"source": "001_92b0dbd82849a40b.txt", "title": "《威海市工业和信息化局履职清单》（2020年7月）",
                       "date": "2020年7月"}],
        "rules_in_force_from": "2019-01-01", "predates_list": True, "predates_rules": True}
    assert (document["verdict"], document["conclusion"]) == (
        "needs_review",
        "经审计，“2020年“专精特新”中小企业认定”（轮次编号 W12-2018-01）按所属流程核对 21 项要求，其中 2 项需人工复核"
        "（会后三天报送决策情况表；随机抽取、可复算且在评审之前）。审计结论：需人工复核，复核前不能认定程序合规。"
        "本轮早于所依据程序的适用日期 2019-01-01，以上结论仅按该程序得出，当时适用的程序是否与之相同须由审计人员确定。")
    markdown = (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")
    assert ("- 审计依据：《威海市工业和信息化局履职清单》（2020年7月）所列本流程的程序（规则库按其自 2019-01-01 起适用）；"
            "本轮参数基准日 2018-04-22 早于该程序的适用日期 2019-01-01，当时适用的程序是否与之相同须由审计人员确定，"
            "按其不合规的事项均列为需人工复核\n") in markdown
    # the 2020 sample round: audited against the list issued after it, said as a limit (verdict unchanged)
    document = _audit(tmp_path, sample_round("compliant_W-12"), "--as-of", "2020-12-31", name="2020")
    assert (document["verdict"], document["duty_list"]["predates_list"], document["duty_list"]["predates_rules"]) == (
        "compliant", True, False)
    html = (tmp_path / "2020-out" / "round.html").read_text(encoding="utf-8")
    assert ("审计依据：《威海市工业和信息化局履职清单》（2020年7月）所列本流程的程序（规则库按其自 2019-01-01 起适用）；"
            "本轮参数基准日 2020-04-22 早于该清单的印发时间，按其所列程序审计，当时适用的程序是否与之相同请审计人员核实；") in html


def test_an_expert_employed_by_a_rejected_applicant_is_flagged_when_the_applicants_are_listed(tmp_path):
    # DRAW-COI compared the experts' 工作单位 only with the enterprises passed (决议内容, 公示名单): an
    # expert of 丁化工有限公司, an applicant the round turned down, reviewed its rivals and the round was
    # 合规. The template had no column for the round's applicants; 轮次.申报单位 now lists them all.
    from tests.helpers import read_json, run_cli
    from tests.test_hostile6 import LEDGER

    record = sample_round("compliant_W-12")
    record["轮次"]["申报单位"] = "甲材料公司、乙新材公司、丙科技公司、丁化工有限公司"
    record["专家抽取"][6]["工作单位"] = "丁化工有限公司"
    path = _from_template(tmp_path, "W-12", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", LEDGER)
    assert result.exit_code == 1, result.output
    document = read_json(tmp_path / "out" / "round.json")
    coi = _finding(document, "DRAW-COI")
    assert (coi["outcome"], coi["grade"], coi["message"], coi["evidence"]["申报单位"]) == (
        "fail", "needs_review",
        "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：E003（丁化工有限公司，专家抽取!E8；申报单位，未列入决议或公示名单）。",
        "甲材料公司、乙新材公司、丙科技公司、丁化工有限公司")
    assert document["verdict"] == "needs_review"
    # without the column the pass says what it could not compare
    del record["轮次"]["申报单位"]
    record["专家抽取"][6]["工作单位"] = "威海某研究院003"
    coi = _finding(_audit(tmp_path, record), "DRAW-COI")
    assert (coi["outcome"], coi["grade"], coi["message"]) == (
        "pass", "compliant",
        "参加评审的专家的工作单位均不是本轮决议或公示名单中的企业（名单共 3 家；轮次表未填写“申报单位”，未获通过的申报单位未核对）。")


def test_a_party_meeting_whose_minutes_number_says_none_is_under_documented(tmp_path):
    # README §2 Grades: a 党组会 held and voted with its minutes number blank needs review; one whose
    # 会议纪要文号 says 无 passed (党组会 …，会议纪要文号：无，…), the minutes unrecorded all the same
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["会议纪要文号"] = "无"
    document = _audit(tmp_path, record)
    meeting = _finding(document, "PROC-PARTY-MEETING")
    assert (meeting["outcome"], meeting["grade"], meeting["message"], meeting["remedy"]) == (
        "missing", "needs_review",
        "党组会已召开，但会议纪要文号或表决方式及结果未记录：党组会 2020-04-22（流程节点#11.日期），会议纪要文号：无，"
        "表决方式及结果：举手表决，全票通过。",
        "补填会议纪要文号和表决方式及结果（决策情况表所列字段）。")
    assert document["verdict"] == "needs_review"


def test_the_discipline_groups_dissent_at_the_party_meeting_is_not_passed_over(tmp_path):
    # seed 001:4072 invites the 派驻纪检监察组 to the 党组会; a round whose 纪检组意见 read
    # "纪检组不同意，建议暂缓" and went on to its filing was 合规, the dissent nowhere in the report
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["纪检组意见"] = "纪检组不同意，建议暂缓"
    document = _audit(tmp_path, record)
    meeting = _finding(document, "PROC-PARTY-MEETING")
    assert (meeting["outcome"], meeting["grade"], meeting["message"], meeting["remedy"]) == (
        "fail", "needs_review",
        "党组会作出决定时派驻纪检监察组记有不同意见：党组会 2020-04-22 纪检组意见：纪检组不同意，建议暂缓（流程节点#11.纪检组意见）；"
        "履职清单未规定纪检组提出异议后如何处理，本轮仍按决定执行，需核实异议的处理情况。",
        "提供纪检组意见的处理情况（是否复议、如何答复），说明本轮决定是否受影响。")
    assert document["verdict"] == "needs_review"
    for number, opinion in enumerate(("无异议", "同意", "列席，无意见", "")):
        _step(record, "党组会")["纪检组意见"] = opinion
        assert _finding(_audit(tmp_path, record, name=f"ok{number}"), "PROC-PARTY-MEETING")["outcome"] == "pass", opinion


def test_a_dated_form_step_whose_material_says_none_is_not_passed_as_done(tmp_path):
    # A 事中报告 dated 2020-04-16 whose 文号/材料 reads 无 (the 《“三重一大”事项报告单》 itself, said not to
    # exist) passed 会前三天报送事中报告单 and the round was 合规; so did a 评审同意 reading 无
    record = sample_round("compliant_W-12")
    _step(record, "事中报告")["文号/材料"] = "无"
    _step(record, "评审同意")["文号/材料"] = "/"
    document = _audit(tmp_path, record)
    problems = [f for f in document["findings"] if f["rule_id"] == "INP-ROUND-NO-DOC"]
    assert [(f["outcome"], f["grade"], f["title"]["zh"], f["message"], f["evidence"]) for f in problems] == [
        ("fail", "needs_review", "步骤记有日期却写明没有材料",
         "流程节点#8.文号/材料：“评审同意”记有日期 2020-04-08，文号/材料却写明“/”（纪检组同意评审方案）；"
         "记录自相矛盾，不能确认该步骤已依规办理。",
         {"评审同意": "2020-04-08", "文号/材料": "/", "source": "流程节点#8.文号/材料"}),
        ("fail", "needs_review", "步骤记有日期却写明没有材料",
         "流程节点#10.文号/材料：“事中报告”记有日期 2020-04-16，文号/材料却写明“无”"
         "（《“三重一大”事项报告单》（事中）报送纪检组并邀请参会）；记录自相矛盾，不能确认该步骤已依规办理。",
         {"事中报告": "2020-04-16", "文号/材料": "无", "source": "流程节点#10.文号/材料"}),
    ]
    assert document["verdict"] == "needs_review"
    # a blank cell only leaves the material unrecorded: no finding
    _step(record, "事中报告")["文号/材料"] = ""
    _step(record, "评审同意")["文号/材料"] = ""
    document = _audit(tmp_path, record, name="blank")
    assert ([f for f in document["findings"] if f["rule_id"] == "INP-ROUND-NO-DOC"], document["verdict"]) == ([], "compliant")


def test_a_round_without_the_districts_recommendation_is_not_compliant(tmp_path):
    # seed 001:4062 "各区市工信部门对申报项目审查汇总后，行文推荐上报市工信局": the W-12 sample round with its
    # 区市推荐 row deleted was 合规 (no rule required the step): applications of unknown origin decided on
    record = sample_round("compliant_W-12")
    record["流程节点"] = [s for s in record["流程节点"] if s["节点"] != "区市推荐"]
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-DISTRICT-RECOMMEND")
    assert (finding["outcome"], finding["grade"], finding["title"]["zh"], finding["message"], finding["remedy"],
            finding["evidence"], finding["citation"]) == (
        "fail", "noncompliant", "申报项目经区市工信部门初审或审查汇总后推荐上报",
        "流程节点中没有“区市推荐”的记录：履职清单规定申报项目经各区市工信部门审查汇总后行文推荐上报，本轮申报的来源无记录。",
        "补充各区市的推荐文件（文号、日期）；确未经区市推荐的，说明申报项目的来源。",
        {"区市推荐": None, "区市初审": None, "source": "流程节点（无“区市推荐”行）; 流程节点（无“区市初审”行）"},  # neither (h42)
        {"source": "001_92b0dbd82849a40b.txt", "lines": "4062", "quote": "各区市工信部门对申报项目审查汇总后，行文推荐上报市工信局"})
    assert document["verdict"] == "noncompliant"
    passed = _finding(_audit(tmp_path, sample_round("compliant_W-12"), name="sample"), "PROC-DISTRICT-RECOMMEND")
    assert (passed["outcome"], passed["message"]) == ("pass", "区市推荐 2020-03-27（各区市推荐文件中最早的一份）。")


def test_a_consent_given_by_someone_other_than_the_discipline_group_is_not_its_consent(tmp_path):
    # seed 001:4068 "经派驻纪检监察组审核同意后，组织专家…进行评审": a 评审同意 row recorded as
    # "分管局长签批同意" (备注 "纪检组未签批") passed as the 纪检组's consent and the round was 合规
    record = sample_round("compliant_W-12")
    _step(record, "评审同意").update({"文号/材料": "分管局长签批同意", "备注": "纪检组未签批"})
    document = _audit(tmp_path, record)
    review = _finding(document, "PROC-3I1L-REVIEW")
    assert (review["outcome"], review["grade"], review["message"], review["remedy"]) == (
        "fail", "needs_review",
        "评审同意的记录写明的是其他人员或部门的同意，未写明派驻纪检监察组：“分管局长签批同意；纪检组未签批”（流程节点#8.日期）；"
        "其他人员或部门的同意不能代替纪检组审核同意。",
        "提供派驻纪检监察组审核同意开展专家评审的书面证明（签批、回复及日期）。")
    assert document["verdict"] == "needs_review"
    # the sample's own row ("纪检组签批") and one naming no one ("签批件") still pass
    for number, text in enumerate(("纪检组签批", "签批件")):
        _step(record, "评审同意").update({"文号/材料": text, "备注": ""})
        assert _finding(_audit(tmp_path, record, name=f"ok{number}"), "PROC-3I1L-REVIEW")["outcome"] == "pass", text


def test_a_recognition_naming_an_enterprise_never_disclosed_is_not_compliant(tmp_path):
    # seed 001:2827 "通过后进行公示，公示无异议的行文认定": the W-08 model round whose 行文认定 recognised
    # 丁公司 besides the three on the 公示 list (and in the 党组会's decision) was 合规 save for the draw
    import yaml

    from tests.helpers import ROOT

    record = yaml.safe_load((ROOT / "rules/cases/rounds/W-08-compliant.yaml").read_text(encoding="utf-8"))
    _step(record, "行文认定")["决议内容"] = "甲公司、乙公司、丙公司、丁公司"
    document = _audit(tmp_path, record)
    gate = _finding(document, "DISC-NO-OBJECTION-GATE")
    assert (gate["outcome"], gate["grade"], gate["message"], gate["remedy"]) == (
        "fail", "noncompliant",
        "行文认定含未经公示的企业：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "行文认定含公示名单以外的企业：丁公司。",
        "核实该企业是否经党组会研究和公示；未经公示的不得认定。")
    assert document["verdict"] == "noncompliant"


def test_a_ledger_draw_from_another_field_is_not_this_rounds_draw(tmp_path):
    # seed 001:4066 "局政工科按照项目领域…随机抽取7名专家": the W-12 sample round retitled 项目领域 生物医药,
    # its 专家抽取 sheet's 专业领域 typed to match, kept ledger draw #1 (drawn from 新材料) and was 合规:
    # DRAW-BY-FIELD reads the sheet's own column, DRAW-RANDOM never compared the entry's fields
    record = sample_round("compliant_W-12")
    record["轮次"]["项目领域"] = "生物医药"
    for row in record["专家抽取"]:
        row["专业领域"] = "生物医药"
    document = _audit(tmp_path, record)
    draw = _finding(document, "DRAW-RANDOM")
    assert (draw["outcome"], draw["grade"], draw["message"]) == (
        "fail", "noncompliant",
        "抽取记录无法在账本中复核：账本第 1 条抽取的专业领域为“新材料”，与本轮项目领域“生物医药”无一相同"
        "（专家抽取#1.抽取记录编号 等 7 行）：该次抽取不是按本轮项目领域进行的。")
    assert document["verdict"] == "noncompliant"


def test_an_expert_the_pool_lists_at_a_passed_enterprise_is_flagged_whatever_the_sheet_says(tmp_path):
    # --pool only filled a blank 工作单位: ZJ001, whom the pool lists at 威海华材新材料有限公司 (an enterprise
    # the 党组会 passed), sat with the sheet's 工作单位 typed 哈尔滨工业大学(威海), and DRAW-COI passed
    from tests.helpers import SAMPLES

    record = sample_round("compliant_W-12")
    record["专家抽取"][0].update({"专家编号": "ZJ001", "工作单位": "哈尔滨工业大学(威海)"})
    _step(record, "党组会")["决议内容"] = "威海华材新材料有限公司、乙新材公司、丙科技公司"
    document = _audit(tmp_path, record, "--pool", SAMPLES / "experts.xlsx")
    coi = _finding(document, "DRAW-COI")
    assert (coi["outcome"], coi["grade"], coi["message"]) == (
        "fail", "needs_review",
        "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：ZJ001（威海华材新材料有限公司，专家库）。")


def test_an_expert_of_another_field_in_the_pool_is_not_of_the_rounds_field_by_the_sheets_word(tmp_path):
    # --pool only filled a blank 专业领域: ZJ031, registered in the pool for 电子信息、节能环保, sat on a 新材料
    # panel with the sheet's 专业领域 typed 新材料, and DRAW-BY-FIELD passed
    from tests.helpers import SAMPLES

    record = sample_round("compliant_W-12")
    for row, expert in zip(record["专家抽取"][1:], ("ZJ007", "ZJ008", "ZJ009", "ZJ010", "ZJ011", "ZJ012", "ZJ014", "ZJ015", "ZJ016")):
        row["专家编号"] = expert  # the pool's own experts (the sample's E-numbers are another pool's)
    record["专家抽取"][0].update({"专家编号": "ZJ031", "专业领域": "新材料"})
    document = _audit(tmp_path, record, "--pool", SAMPLES / "experts.xlsx")
    field = _finding(document, "DRAW-BY-FIELD")
    assert (field["outcome"], field["grade"], field["message"]) == (
        "fail", "needs_review",
        "以下专家的专业领域与项目领域“新材料”不符：ZJ031（表中为新材料，专家库所载为电子信息、节能环保）。")


def test_an_escalation_whose_material_says_none_is_not_passed_as_done(tmp_path):
    # W-06: a 市委组织部审核 row dated 2020-04-25 whose 文号/材料 reads 无 passed the escalation
    import yaml

    from tests.helpers import ROOT

    record = yaml.safe_load((ROOT / "rules/cases/rounds/W-06-compliant.yaml").read_text(encoding="utf-8"))
    step = _step(record, "市委组织部审核")
    step["文号/材料"] = "无"
    document = _audit(tmp_path, record)
    problem = _finding(document, "INP-ROUND-NO-DOC")
    assert (problem["grade"], problem["message"], problem["evidence"]) == (
        "needs_review",
        f"流程节点#12.文号/材料：“市委组织部审核”记有日期 {step['日期']}，文号/材料却写明“无”（市委组织部审核）；"
        "记录自相矛盾，不能确认该步骤已依规办理。",
        {"市委组织部审核": step["日期"], "文号/材料": "无", "source": "流程节点#12.文号/材料"})
    assert document["verdict"] != "compliant"


def test_a_w18_city_list_round_without_its_own_notice_is_not_compliant(tmp_path):
    # seed 001:4591 "1. 根据全市绿色发展规划，编制我市工作通知，印发各区市工业和信息化主管部门": the W-18
    # sample round with its 发布通知 row deleted was 合规 (no rule read the step)
    record = sample_round("recommend_W-18")
    record["流程节点"] = [s for s in record["流程节点"] if s["节点"] != "发布通知"]
    document = _audit(tmp_path, record)
    notice = _finding(document, "PROC-CITY-NOTICE-ISSUED")
    assert (notice["outcome"], notice["grade"], notice["title"]["zh"], notice["message"], notice["evidence"]) == (
        "fail", "noncompliant", "编制并印发本市工作通知",
        "流程节点中没有“发布通知”的记录：履职清单规定先编制本市工作通知并印发各区市，本轮申报依据的通知无记录。",
        {"发布通知": None, "发布申报通知": None, "source": "流程节点（无“发布通知”行）; 流程节点（无“发布申报通知”行）"})  # neither (h42)
    assert document["verdict"] == "noncompliant"
    passed = _finding(_audit(tmp_path, sample_round("recommend_W-18"), name="sample"), "PROC-CITY-NOTICE-ISSUED")
    assert (passed["outcome"], passed["grade"], passed["message"]) == ("pass", "compliant", "本市工作通知 2021-03-05 印发。")


def test_an_as_of_date_after_today_is_said_not_silently_taken(tmp_path):
    """`audit --as-of 2099-01-01` switched the future-date check off without a word: an archive dated
    2031 passed. The run now says on stderr what such a date does; the report states the date used."""
    from checker.cli.audit import beijing_today
    from tests.helpers import ROUNDS, run_cli, write_json

    record = sample_round("compliant_W-12")
    _step(record, "归档")["日期"] = "2031-05-26"
    path = write_json(tmp_path / "r.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db", "--as-of", "2099-01-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"提示：--as-of 2099-01-01 晚于今天（{beijing_today().isoformat()}，北京时间）：轮次记录中晚于今天、"
                             "不晚于该日的日期不会被列为需人工复核。\n")


def test_an_expert_the_pool_does_not_hold_was_not_drawn_from_it(tmp_path):
    # 001:4066 "通过市工信局项目专家库随机抽取7名专家": with --pool, X999 (no line of the pool) sat on the
    # panel and DRAW-BY-FIELD passed; ZJ006 (暂停 in the pool today) needs review (its status at the draw)
    from tests.helpers import SAMPLES

    record = sample_round("compliant_W-12")
    # zj008: the pool's ZJ008 written in lower case (ids are compared as the pool tells its experts apart)
    for row, expert in zip(record["专家抽取"], ("ZJ007", "zj008", "ZJ009", "ZJ010", "ZJ011", "ZJ012", "X999", "ZJ014", "ZJ015", "ZJ016")):
        row["专家编号"] = expert
    (tmp_path / "a").mkdir()
    field = _finding(_audit(tmp_path / "a", record, "--pool", SAMPLES / "experts.xlsx"), "DRAW-BY-FIELD")
    assert (field["outcome"], field["grade"], field["message"]) == (
        "fail", "noncompliant", "以下专家不在所提供的专家库中：X999；履职清单规定通过市工信局项目专家库抽取。")
    for row in record["专家抽取"]:
        row["专家编号"] = "ZJ006" if row["专家编号"] == "X999" else row["专家编号"]
    (tmp_path / "b").mkdir()
    field = _finding(_audit(tmp_path / "b", record, "--pool", SAMPLES / "experts.xlsx"), "DRAW-BY-FIELD")
    assert (field["outcome"], field["grade"], field["message"]) == (
        "missing", "needs_review",
        "以下专家在所提供的专家库中的状态不是“在库”：ZJ006（暂停）；专家库记载的是现在的状态，抽取当时是否在库需核实。")


def test_a_step_recorded_twice_is_ordered_by_its_earliest_date(tmp_path):
    # 评审同意 on 04-08 and again on 04-12 (after the 04-10 review): PROC-3I1L-REVIEW used the earliest and
    # passed while PROC-STEP-ORDER failed the round (不合规) on the later line; the README's "the earliest
    # date is used" holds for the order too, and INP-ROUND-DUPLICATE asks which line is real
    record = sample_round("compliant_W-12")
    record["流程节点"].append({"节点": "评审同意", "日期": "2020-04-12", "文号/材料": "纪检组签批（补）"})
    document = _audit(tmp_path, record)
    order = _finding(document, "PROC-STEP-ORDER")
    duplicate = _finding(document, "INP-ROUND-DUPLICATE")
    assert (order["outcome"], duplicate["outcome"], document["verdict"]) == ("pass", "fail", "needs_review")


def test_a_note_and_a_total_under_a_sheets_table_are_set_aside_and_named(tmp_path):
    # a note under 流程节点 was an unknown step (INP-ROUND-STEP, needs review) and a 合计 line of 专家抽取 an
    # expert: each is now set aside, named in a finding that does not weigh on the verdict
    record = sample_round("compliant_W-12")
    record["流程节点"].append({"节点": "注：以上材料均已存档。"})
    record["归档"].append({"材料名称": "合计", "是否归档": "9份"})
    document = _audit(tmp_path, record)
    aside = [(f["outcome"], f["grade"], f["message"]) for f in document["findings"] if f["rule_id"] == "INP-ROUND-ASIDE"]
    steps = len(record["流程节点"])
    assert aside == [
        ("not_applicable", "compliant", f"工作表「流程节点」第 {steps} 行“注：以上材料均已存档。”是说明或签署行，不是记录，未计入审计。"),
        ("not_applicable", "compliant", f"工作表「归档」第 {len(record['归档'])} 行“合计 | 9份”是合计行，不是记录，未计入审计。")]
    assert not [f for f in document["findings"] if f["rule_id"] == "INP-ROUND-STEP"]
    (tmp_path / "base").mkdir()
    assert document["verdict"] == _audit(tmp_path / "base", sample_round("compliant_W-12"))["verdict"]


def test_a_disclosure_ending_before_it_began_is_a_record_problem_not_an_order_breach(tmp_path):
    # 公示 开始 05-19, 结束 05-11 (typed the wrong way round): PROC-STEP-ORDER failed the round (不合规) on it
    # beside DISC-PERIOD's needs review; the contradiction is the record's, the order is not judged on it
    from checker.core.rulebook import load_rulebook
    from tests.helpers import base_round

    record = base_round(load_rulebook(), "W-05-compliant")
    record["公示"][0].update({"开始日期": record["公示"][0]["结束日期"], "结束日期": record["公示"][0]["开始日期"]})
    document = _audit(tmp_path, record)
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "pass"
    period = _finding(document, "DISC-PERIOD")
    assert (period["outcome"], period["grade"], document["verdict"]) == ("fail", "needs_review", "needs_review")


def test_a_real_step_or_material_is_never_set_aside_as_a_note_or_total(tmp_path):
    # helper-86: a dated 党组会 whose 备注 says 共计3家 was set aside as a 合计行 (the round then 不合规 for
    # no 党组会), and an 归档 line 申报汇总表 with 是否归档 blank as a note (a title's ending)
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["备注"] = "共计3家"
    record["归档"].append({"材料名称": "申报汇总表"})
    document = _audit(tmp_path, record)
    assert [f for f in document["findings"] if f["rule_id"] == "INP-ROUND-ASIDE"] == []
    assert _finding(document, "PROC-PARTY-MEETING")["outcome"] == "pass"


@pytest.mark.parametrize("line", [{"节点": "经审核，以上程序均按规定办理。", "日期": None, "文号/材料": "威海市工业和信息化局（盖章）"},
                                  {"日期": "2020-05-27"}, {"节点": "填表人：王五", "文号/材料": "审核人：赵六", "日期": "2020-05-27"},
                                  {"节点": "威海市工业和信息化局", "文号/材料": "2020年5月27日"}])
def test_the_offices_sign_off_under_the_steps_is_set_aside(tmp_path, line):
    # helper-87: these sign-off lines became unknown steps (INP-ROUND-STEP, needs review) of a compliant round
    record = sample_round("compliant_W-12")
    record["流程节点"].append({k: v for k, v in line.items() if v is not None})
    document = _audit(tmp_path, record)
    assert [f["rule_id"] for f in document["findings"] if f["rule_id"] in ("INP-ROUND-ASIDE", "INP-ROUND-STEP")] == ["INP-ROUND-ASIDE"]


def test_the_pool_fills_a_lower_case_ids_unit(tmp_path):
    # helper-87: zj001 was in the pool for DRAW-BY-FIELD but its pool unit (an enterprise the 党组会 passed)
    # was not looked up, and DRAW-COI passed
    from tests.helpers import SAMPLES

    record = sample_round("compliant_W-12")
    record["专家抽取"][0].update({"专家编号": "zj001", "工作单位": "哈尔滨工业大学(威海)"})
    _step(record, "党组会")["决议内容"] = "威海华材新材料有限公司、乙新材公司、丙科技公司"
    coi = _finding(_audit(tmp_path, record, "--pool", SAMPLES / "experts.xlsx"), "DRAW-COI")
    assert coi["outcome"] == "fail" and "威海华材新材料有限公司，专家库" in coi["message"]
