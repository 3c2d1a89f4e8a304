"""Hostile review 6 (branch hostile6) of `fundcheck audit`: each test failed on the branch point
(b369216) and states the defect and what should happen instead."""

from __future__ import annotations

import copy

import pytest

from tests.helpers import ROUNDS, read_json, run_cli, sample_round, write_json

LEDGER = ROUNDS / "ledger.db"


def _audit(tmp_path, record: dict, *extra, name: str = "r") -> dict:
    path = write_json(tmp_path / f"{name}.json", record)
    result = run_cli("audit", path, "--out", tmp_path / f"{name}-out", "--ledger", LEDGER, *extra)
    assert result.exit_code in (0, 1), result.output
    return read_json(tmp_path / f"{name}-out" / "round.json")


def _finding(document: dict, rule_id: str) -> dict:
    return next(f for f in document["findings"] if f["rule_id"] == rule_id)


def _step(record: dict, name: str) -> dict:
    """The 流程节点 row of the step named ``name`` (edited in place by a test)."""
    return next(s for s in record["流程节点"] if s["节点"] == name)


def test_the_sample_round_is_compliant_with_its_ledger(tmp_path):
    document = _audit(tmp_path, sample_round("compliant_W-12"))
    assert document["verdict"] == "compliant"


# --- the draw: 7 experts ------------------------------------------------------------------------


def test_one_expert_listed_twice_is_not_two_of_the_seven(tmp_path):
    """The W-12 sample round with its 7th 正选 row's 专家编号 changed from E003 to E004 (E004 is
    already the first row): 6 different experts. DRAW-SIZE-7 counted rows, said "7 名：E004、E022、
    E012、E002、E010、E016、E004" and passed. Seed 001:2581 "随机抽取7名专家": 7 experts, not 7
    lines. Should: fail (noncompliant), 6 experts, naming the one listed twice."""
    record = sample_round("compliant_W-12")
    record["专家抽取"][6]["专家编号"] = "E004"
    finding = _finding(_audit(tmp_path, record), "DRAW-SIZE-7")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "6 名" in finding["message"] and "E004" in finding["message"]
    assert "重复" in finding["message"]


# --- the archive --------------------------------------------------------------------------------


def test_an_archive_item_recorded_both_archived_and_not_is_not_compliant(tmp_path):
    """The W-12 sample round with one more 归档 row: 会议纪要 / 是否归档 否 (it already has 会议纪要 / 是).
    archive_status stopped at the first 是 and the round was compliant: the record says the minutes
    were archived and were not. Seed 001:2593 lists 会议纪要 among the materials to archive. Should:
    ARCH-LIST-9-FUNDS missing (needs_review) naming 会议纪要 and the contradiction; verdict
    needs_review."""
    record = sample_round("compliant_W-12")
    record["归档"].append({"材料名称": "会议纪要", "是否归档": "否"})
    document = _audit(tmp_path, record)
    finding = _finding(document, "ARCH-LIST-9-FUNDS")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert "会议纪要" in finding["message"] and "“是”和“否”" in finding["message"]
    assert document["verdict"] == "needs_review"


# --- 会前三天 in a year without holiday data ---------------------------------------------------


def test_a_meeting_slip_judged_under_one_reading_only_is_not_compliant(tmp_path):
    """The W-12 sample round moved to 2027 (every step date +7 years; chinesecalendar 1.11.0 stops at
    2026, no --holidays): PROC-3I1L-MID passes under the calendar reading (事中报告 2027-04-16, 党组会
    2027-04-22, 6 days) and is `missing` under the working-day reading ("无法确定 2027-04-21 是否为工作日")
    and the finding, and the round, were graded compliant. README "Readings": without data for a
    year "the rules needing it are `missing` … the audit never guesses"; a fail under calendar with
    working missing is already needs_review. Should: grade needs_review, verdict needs_review."""
    import datetime as dt

    record = sample_round("compliant_W-12")
    for step in record["流程节点"]:
        day = dt.date.fromisoformat(step["日期"])
        step["日期"] = day.replace(year=day.year + 7).isoformat()
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-3I1L-MID")
    assert finding["other_reading"]["outcome"] == "missing"
    assert finding["grade"] == "needs_review"
    assert finding["grade_basis"]["why"] == "reading_undecided"
    assert "另一种计日方法无法判定" in finding["grade_text"] and "不能确认合规" in finding["grade_text"]
    assert document["verdict"] == "needs_review"


# --- recommendation rounds ----------------------------------------------------------------------


@pytest.mark.parametrize("workflow", ["W-17", "W-18", "W-19"])
def test_a_recommendation_round_without_its_proposed_list_is_not_compliant(tmp_path, workflow):
    """A W-17 (W-18, W-19) model round with its 初步建议名单 row removed (and no 专家论证会, the
    applications within the province's number): compliant. PROC-LEADER-SIGNOFF passed saying
    "局领导审签 2021-04-22，在初步建议名单 （未记录或无日期） 之后", and no rule noticed that the list the
    leader signed was never formed. Seed 001:4578 "6. 研究形成初步建议名单。" 4579 "7. 报请局领导审签。"
    (4595/4613 for W-18/W-19). Should: PROC-LEADER-SIGNOFF fail (noncompliant) naming the missing
    初步建议名单; verdict noncompliant."""
    from checker.core.rulebook import load_rulebook

    record = copy.deepcopy(load_rulebook().bases[f"{workflow}-compliant"])
    record["流程节点"] = [s for s in record["流程节点"] if s["节点"] not in ("初步建议名单", "专家论证会")]
    if "申报数量" in record["轮次"]:
        record["轮次"]["申报数量"] = record["轮次"].get("省定推荐数量")
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-LEADER-SIGNOFF")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "没有“初步建议名单”" in finding["message"] and "未记录或无日期" not in finding["message"]
    assert document["verdict"] == "noncompliant"


# --- the 党组会 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("vote", ["举手表决，3票赞成、4票反对，未通过", "否决：不予通过", "暂缓研究"])
def test_a_party_meeting_that_voted_the_decision_down_is_not_compliant(tmp_path, vote):
    """The W-12 sample round with the 党组会 row's 表决方式及结果 "举手表决，3票赞成、4票反对，未通过":
    compliant -- PROC-PARTY-MEETING only asks that the vote be written down, and the round went on
    to file and archive the "decision". Seed 001:2628 "通过后报市政府审定", 2824 "通过后进行公示":
    what follows the meeting needs the meeting to pass it. Should: PROC-PARTY-MEETING fail
    (noncompliant), quoting the vote; verdict noncompliant. A vote that passed with dissent
    ("同意6票，不同意1票，通过") stays compliant."""
    record = sample_round("compliant_W-12")
    meeting = _step(record, "党组会")
    meeting["表决方式及结果"] = vote
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-PARTY-MEETING")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert vote in finding["message"] and "PROC-" not in finding["message"]  # quoted as written (h35)
    assert document["verdict"] == "noncompliant"
    meeting["表决方式及结果"] = "同意6票，不同意1票，通过"
    assert _audit(tmp_path, record, name="dissent")["verdict"] == "compliant"


# --- who drew, to whom the forms went: a unit named only to say it was not that unit ------------


def test_a_unit_named_only_to_deny_it_is_not_that_unit(tmp_path):
    """The W-12 sample round with every 抽取科室 "非局政工科" (not the personnel office), and, in a
    second run, the 决策备案 row's 报送对象 "局政工科；派驻纪检监察组（未报送）": both compliant --
    DRAW-BY-ZGK and PROC-3I1L-POST looked for the substrings 政工 / 纪检. Seed 001:2581 "局政工科…
    随机抽取7名专家", 2591 "于会后三天报送局政工科和派驻纪检监察组". Should: DRAW-BY-ZGK fail and
    PROC-3I1L-POST fail naming 派驻纪检监察组, both noncompliant; 局政工科和派驻纪检监察组 still passes."""
    record = sample_round("compliant_W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = "非局政工科"
    finding = _finding(_audit(tmp_path, record, name="office"), "DRAW-BY-ZGK")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")

    record = sample_round("compliant_W-12")
    filing = _step(record, "决策备案")
    filing["报送对象"] = "局政工科；派驻纪检监察组（未报送）"
    finding = _finding(_audit(tmp_path, record, name="filing"), "PROC-3I1L-POST")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "，未报送派驻纪检监察组（" in finding["message"]
    filing["报送对象"] = "局政工科和派驻纪检监察组"
    assert _audit(tmp_path, record, name="both")["verdict"] == "compliant"


def test_a_role_with_a_note_in_brackets_is_still_that_role(tmp_path):
    """The W-12 sample round with E004's 角色 "正选（组长）" (the panel's chair): DRAW-SIZE-7 failed "6 名"
    and DRAW-RANDOM failed "账本有而记录无 E004" -- a compliant round judged noncompliant twice
    because the role had a note. Should: 正选（组长） is a 正选, 替补（顶替E003） a 替补: compliant."""
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["角色"] = "正选（组长）"
    document = _audit(tmp_path, record)
    assert _finding(document, "DRAW-SIZE-7")["outcome"] == "pass"
    assert _finding(document, "DRAW-RANDOM")["outcome"] == "pass"
    assert document["verdict"] == "compliant"


def test_an_unknown_role_is_reported_not_silently_dropped(tmp_path):
    """E004's 角色 "组长": DRAW-SIZE-7 fails "6 名" (noncompliant) without saying that one row's role
    was not understood. Should: an INP-ROUND-VALUE finding naming 专家抽取 E004's 角色 cell, and
    DRAW-SIZE-7 missing (needs_review), not a noncompliant verdict on a guess."""
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["角色"] = "组长"
    document = _audit(tmp_path, record)
    role = next(f for f in document["findings"] if f["rule_id"] == "INP-ROUND-VALUE")
    assert role["message"].startswith("专家抽取 第 ") and "的角色“组长”无法识别" in role["message"], role["message"]
    assert "应为 正选、候补、替补、已替换 之一" in role["message"]
    size = _finding(document, "DRAW-SIZE-7")
    assert (size["outcome"], size["grade"]) == ("missing", "needs_review")
    assert size["message"] == "专家抽取表中 E004（组长） 的角色无法识别，无法确定其是否参加评审，专家人数无法核对。", size["message"]
    drawn = _finding(document, "DRAW-RANDOM")
    assert (drawn["outcome"], drawn["grade"]) == ("missing", "needs_review")
    assert "角色“组长”" in drawn["message"] and "无法确定" in drawn["message"], drawn["message"]
    assert document["verdict"] == "needs_review"


def test_the_diagnosis_count_counts_enterprises_not_rows(tmp_path):
    """The W-23 model round with one more 诊断服务 row for 甲公司 (a second service, no report yet):
    PROC-DIAGNOSIS-PER-ENTERPRISE said "共 4 家企业" for 3 enterprises (甲、乙、丙). Should: "共 3 家企业
    （4 行）", still naming 甲公司's missing report (noncompliant)."""
    from checker.core.rulebook import load_rulebook

    record = copy.deepcopy(load_rulebook().bases["W-23-compliant"])
    record["诊断服务"].append({"企业名称": "甲公司", "服务机构": "X", "协议日期": "2021-05-01", "报告日期": ""})
    finding = _finding(_audit(tmp_path, record), "PROC-DIAGNOSIS-PER-ENTERPRISE")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"].startswith("共 3 家企业（4 行），") and "甲公司：未记录诊断报告日期" in finding["message"]


def test_a_diagnosis_line_without_an_enterprise_is_neither_counted_nor_failed(tmp_path):
    """The W-23 model round with one more 诊断服务 line with dates but no 企业名称: it read "共 4 家企业"
    for three enterprises and, when its report date was blank, failed "（企业名称未填）" as if an
    enterprise had gone without its report. A line that names no enterprise cannot stand for one:
    the count stays 3 and the inspector is asked which enterprise it is (needs review), naming the cell."""
    from checker.core.rulebook import load_rulebook

    record = copy.deepcopy(load_rulebook().bases["W-23-compliant"])
    record["诊断服务"].append({"企业名称": "", "服务机构": "X", "协议日期": "2021-03-20", "报告日期": ""})
    finding = _finding(_audit(tmp_path, record), "PROC-DIAGNOSIS-PER-ENTERPRISE")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert finding["message"] == ("诊断服务表有未填写企业名称的行，无法核对是哪家企业的服务协议与诊断报告（共 3 家企业（4 行））："
                                  "诊断服务#4.企业名称 未填写企业名称。")


def test_a_fund_rounds_filing_without_the_process_sheet_is_not_compliant(tmp_path):
    """The W-12 sample round (是否涉及资金 是) with the 决策备案 row's 文号/材料 reduced to "决策过程材料（复印件）":
    compliant. Seed 001:4075 "填写《“三重一大”事项决策情况表》,《专项资金项目流程审核情况表》(有资金的填写)。
    于会后三天报送局政工科和派驻纪检监察组": with funds, the process sheet goes with the decision form.
    The audit only checks that the sheet was archived (ARCH-LIST-9-FUNDS). Should: a finding that the
    filing does not name the 流程审核情况表 (needs_review at least), or a not_checked line saying so."""
    record = sample_round("compliant_W-12")
    _step(record, "决策备案")["文号/材料"] = "决策过程材料（复印件）"
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-FUNDS-PROCESS-SHEET")
    assert (finding["outcome"], finding["grade"]) == ("fail", "needs_review")
    assert finding["message"] == "本轮涉及资金，决策备案未写明《专项资金项目流程审核情况表》：“决策过程材料（复印件）”（流程节点#12.文号/材料）。"
    assert finding["citation"]["lines"] == "4075"
    assert document["verdict"] == "needs_review"
    # the timeline shows it as a point for review, not in red as a breach
    filing = next(row for row in document["timeline"] if row["step"] == "决策备案")
    assert (filing["breaks"], filing["undecided"]) == ([], ["PROC-FUNDS-PROCESS-SHEET"])


# --- step names the seed itself uses ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["局党组会", "党组会议"])
def test_the_meeting_written_as_the_seed_writes_it_is_the_meeting(tmp_path, name):
    """The W-12 sample round with the 党组会 row's 节点 written "局党组会" (seed 001:2586 "提交局党组会研究
    讨论") or "党组会议" (001:2831 "党组会议研究讨论通过后"): INP-ROUND-STEP, then PROC-PARTY-MEETING fail
    "未记录党组会" and the round noncompliant -- the meeting is on the record under the seed's own
    name. Should: the step is recognised; compliant. ("整理归档", 001:2593, likewise for 归档.)"""
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["节点"] = name
    _step(record, "归档")["节点"] = "整理归档"
    document = _audit(tmp_path, record)
    assert not [f for f in document["findings"] if f["rule_id"] == "INP-ROUND-STEP"]
    assert _finding(document, "PROC-PARTY-MEETING")["outcome"] == "pass"
    assert document["verdict"] == "compliant"


# --- malformed workbooks --------------------------------------------------------------------------


def test_a_second_date_column_that_says_otherwise_is_not_dropped(tmp_path):
    """samples/rounds/compliant_W-12.xlsx with a second 日期 column (L) on 流程节点, blank except on the
    事中报告 line: 2020-04-21 (one day before the 党组会: late under both readings) where column B says
    2020-04-16. The reader keeps the first column, the audit ignored the other: compliant, and the
    late date never appears in round.json. Should: an INP-ROUND-VALUE finding naming the cell read
    (流程节点!B11), the other 日期 column and both dates; the round is not compliant."""
    from openpyxl import load_workbook

    workbook = load_workbook(ROUNDS / "compliant_W-12.xlsx")
    sheet = workbook["流程节点"]
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "日期"
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "事中报告")
    sheet.cell(line, column).value = "2020-04-21"
    workbook.save(tmp_path / "two.xlsx")
    result = run_cli("audit", tmp_path / "two.xlsx", "--out", tmp_path / "out", "--ledger", LEDGER)
    assert result.exit_code == 1, result.output
    document = read_json(tmp_path / "out" / "round.json")
    named = [f for f in document["findings"] if f["rule_id"] == "INP-ROUND-VALUE"]
    assert len(named) == 1, named
    message = named[0]["message"]
    assert f"流程节点!B{line}" in message and "另一列“日期”" in message
    assert "2020-04-16" in message and "2020-04-21" in message
    assert document["verdict"] != "compliant"


@pytest.mark.parametrize("published", ["1.甲公司 2.乙公司 3.丙公司", "（甲公司、乙公司、丙公司）", "（一）甲公司；（二）乙公司；（三）丙公司"])
def test_a_numbered_disclosure_list_matches_the_resolution(tmp_path, published):
    """The W-08 model round with the stage-1 公示名单 written as notices print it, "1.甲公司 2.乙公司
    3.丙公司" (or in brackets, or numbered （一）…): DISC-CONTENT-MATCH failed (noncompliant) "决议有而
    公示无：丙公司、乙公司、甲公司；公示有而决议无：1.甲公司、2.乙公司、3.丙公司" -- the same three companies.
    Should: the numbers and outer brackets are not part of the names; the lists match (pass)."""
    from checker.core.rulebook import load_rulebook

    record = copy.deepcopy(load_rulebook().bases["W-08-compliant"])
    record["公示"][0]["公示名单"] = published
    finding = _finding(_audit(tmp_path, record), "DISC-CONTENT-MATCH")
    assert finding["outcome"] == "pass", finding["message"]
    record["公示"][0]["公示名单"] = "1.甲公司 2.乙公司"
    finding = _finding(_audit(tmp_path, record, name="short"), "DISC-CONTENT-MATCH")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "决议有而公示无：丙公司" in finding["message"]


def test_a_fund_step_whose_owner_is_named_only_to_deny_it_is_flagged(tmp_path):
    """The W-12 sample round with a 资金拨付 row (after the 党组会) whose 发文单位 is "非市财政局拨付": LIFE-OWNER
    passed it -- the text contains 财政. Seed 002:375-389: the finance bureau disburses. Should:
    LIFE-OWNER fail naming the 资金拨付 row (its grade parameter: needs_review)."""
    record = sample_round("compliant_W-12")
    record["流程节点"].append({"节点": "资金拨付", "日期": "2020-05-20", "发文单位": "非市财政局拨付"})
    finding = _finding(_audit(tmp_path, record), "LIFE-OWNER")
    assert (finding["outcome"], finding["grade"]) == ("fail", "needs_review")
    assert "资金拨付" in finding["message"] and "非市财政局拨付" in finding["message"]


def test_a_section_whose_name_begins_with_fei_is_still_that_section(tmp_path):
    """Guard for the negation reading above: the W-12 sample round's 承办科室 is
    非公有制经济（中小企业）发展科; a 项目实施 row done by that section is the sector department's."""
    record = sample_round("compliant_W-12")
    record["流程节点"].append({"节点": "项目实施", "日期": "2020-06-01", "发文单位": "非公有制经济（中小企业）发展科"})
    assert _finding(_audit(tmp_path, record), "LIFE-OWNER")["outcome"] == "pass"


# --- the 评审 form's recipient ------------------------------------------------------------------


def test_a_review_form_not_sent_to_the_discipline_group_is_not_compliant(tmp_path):
    """The W-12 sample round with the 评审报告 row's 报送对象 "局政工科" (the 《“三重一大”事项报告表》（评审）
    never went to the 纪检组): compliant -- PROC-3I1L-REVIEW checked only the dates, though the README
    lists 评审报告 among the rows whose 报送对象 is audited. Seed 001:4066 "填写《“三重一大”事项报告表》
    （评审）报送派驻纪检监察组，申请开展专家评审" (2581 likewise). Should: PROC-3I1L-REVIEW fail
    (noncompliant) naming 派驻纪检监察组; a blank 报送对象 needs review."""
    record = sample_round("compliant_W-12")
    review = _step(record, "评审报告")
    review["报送对象"] = "局政工科"
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-3I1L-REVIEW")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "，未报送派驻纪检监察组（" in finding["message"]
    assert document["verdict"] == "noncompliant"
    review["报送对象"] = ""
    finding = _finding(_audit(tmp_path, record, name="blank"), "PROC-3I1L-REVIEW")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")


# --- the conclusion's counts ----------------------------------------------------------------------


def test_the_conclusions_counts_add_up_to_the_requirements_checked(tmp_path):
    """samples/rounds/noncompliant_W-08.json: the 结论 read "按所属流程核对 22 项要求，其中 11 项不合规（…），6 项
    需人工复核（轮次记录无法读取的值；…）" -- the 22 exclude the two input findings (INP-ROUND-STEP,
    INP-ROUND-DATE), the 6 include them (as one title), and 6 requirements passed: 11 + 6 + 6 ≠ 22.
    Should: the review count is the graded requirements needing review (5); the record problems are
    said apart with their number (2)."""
    import re

    document = _audit(tmp_path, sample_round("noncompliant_W-08"))
    # the record problems (INP-ROUND-*) carry the grade needs_review too, but are no requirement
    graded = [f for f in document["findings"] if not f["rule_id"].startswith("INP-")]
    text = document["conclusion"]
    counts = {label: int(n) for n, label in re.findall(r"(\d+) 项(不合规|需人工复核)", text)}
    assert re.search(r"核对 (\d+) 项要求", text).group(1) == str(len(graded))
    assert counts["不合规"] == sum(f["grade"] == "noncompliant" for f in graded)
    assert counts["需人工复核"] == sum(f["grade"] == "needs_review" for f in graded)
    problems = [f for f in document["findings"] if f["rule_id"].startswith("INP-")]
    assert [f["grade"] for f in problems] == ["needs_review"] * len(problems) and problems
    assert f"另有轮次记录问题 {len(problems)} 处需核实" in text
    assert text.endswith("审计结论：程序不合规。")
