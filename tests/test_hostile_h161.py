"""helper-161: the round audit reads dates and 公示 lists the way offices write them.

1. A 日期 with its time of day in one cell (2020年4月22日上午9时, 2020-04-22 09:30, 2020年4月22日 9:30, 4月22日下午) is
   read; the time is kept, as written, in the evidence; a date without its year takes the round's (the timeline's one
   year), said in an advisory INP-ROUND-YEAR finding, and stays unreadable, saying why, when the timeline spans years;
   a 决策备案 on the 党组会's day whose time precedes the meeting's is filed before the decision (PROC-3I1L-POST-3D).
2. A 公示 period in one cell (5月11日至5月19日, 2020.5.11-5.19, 2020年5月11日—2020年5月19日) under 开始日期 or 结束日期
   is read as its start and end; a year taken from the round, an end before the start and a second cell disagreeing
   with the period are said.
3. A numbered 公示名单 written with spaces (1. 甲公司 智能制造改造项目; 3、　丙公司　项目名称) is read as number,
   enterprise, project: the project is no second enterprise.
Every finding is asserted whole (rule id, version, outcome, message, evidence).
"""

from __future__ import annotations

import pytest

from tests.helpers import audit_record, compliant_round, round_step


def _finding(document: dict, rule_id: str) -> dict:
    found = [f for f in document["findings"] if f["rule_id"] == rule_id]
    assert len(found) == 1, [f["message"] for f in found]
    return {key: found[0][key] for key in ("rule_id", "rule_version", "outcome", "message", "evidence")}


def _audit(tmp_path, workflow: str, change) -> dict:
    record = compliant_round(workflow)
    change(record)
    return audit_record(tmp_path, record)


def _no_date_finding(document: dict) -> None:
    assert [f["message"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-DATE"] == []


W12_MEETING = "党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。"


def meeting_at(kept: str) -> str:
    """W12_MEETING with the time the 日期 cell writes: a step's day is said with it since h166 (facts/common.step_day)."""
    return W12_MEETING.replace("2020-04-22", f"2020-04-22 {kept}")
W08_MEETINGS = {"党组会": "2020-04-22", "党组会（第2阶段）": "2020-06-16", "source": "流程节点#12.日期; 流程节点#15.日期"}


# --- 1. a date with its time of day ------------------------------------------------------------------------------


@pytest.mark.parametrize("written, kept", [
    ("2020年4月22日上午9时", "上午9时"),  # unreadable before: the meeting "日期无法识别", needs review
    ("2020-04-22 09:30", "09:30"),  # read before, its time dropped from the evidence
    ("2020年4月22日 9:30", "9:30"),
])
def test_a_meeting_dated_with_its_time_of_day_is_read_and_the_time_kept_in_the_evidence(tmp_path, written, kept):
    document = _audit(tmp_path, "W-12", lambda r: round_step(r, "党组会").update({"日期": written}))
    _no_date_finding(document)
    assert _finding(document, "PROC-PARTY-MEETING") == {
        "rule_id": "PROC-PARTY-MEETING", "rule_version": 13, "outcome": "pass", "message": meeting_at(kept),
        "evidence": {"党组会": f"2020-04-22 {kept}", "source": "流程节点#11.日期"}}


def test_a_date_without_its_year_takes_the_round_year_and_says_so(tmp_path):
    document = _audit(tmp_path, "W-12", lambda r: round_step(r, "党组会").update({"日期": "4月22日下午"}))
    _no_date_finding(document)
    assert _finding(document, "INP-ROUND-YEAR") == {
        "rule_id": "INP-ROUND-YEAR", "rule_version": 1, "outcome": "not_applicable",
        "message": "流程节点 第 11 行（流程节点#11.日期）的日期“4月22日下午”未写年份，按流程节点所记日期的年份 2020 年读作 "
                   "2020-04-22；年份不同的，请补写年份后重新审计。",
        "evidence": {"date": "4月22日下午", "source": "流程节点#11.日期", "sheet": "流程节点", "row": 11, "read_as": "2020-04-22"}}
    assert _finding(document, "PROC-PARTY-MEETING") == {
        "rule_id": "PROC-PARTY-MEETING", "rule_version": 13, "outcome": "pass", "message": meeting_at("下午"),
        "evidence": {"党组会": "2020-04-22 下午", "source": "流程节点#11.日期"}}
    assert document["verdict"] == "compliant" or all(  # advisory: it weighs on nothing
        f["outcome"] != "fail" or f["rule_id"] != "INP-ROUND-YEAR" for f in document["findings"])


def test_a_date_without_its_year_in_a_timeline_of_two_years_stays_unread_saying_why(tmp_path):
    def change(record):
        round_step(record, "党组会")["日期"] = "4月22日下午"
        round_step(record, "归档")["日期"] = "2021-01-05"
    document = _audit(tmp_path, "W-12", change)
    assert _finding(document, "INP-ROUND-DATE") == {
        "rule_id": "INP-ROUND-DATE", "rule_version": 1, "outcome": "fail",
        "message": "流程节点 第 11 行（流程节点#11.日期）的值“4月22日下午”无法识别（未写年份，流程节点的日期分属 2020、2021 年，"
                   "无法确定是哪一年），应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。",
        "evidence": {"date": "4月22日下午", "source": "流程节点#11.日期", "sheet": "流程节点", "row": 11}}
    assert [f["rule_id"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-YEAR"] == []


def test_a_filing_on_the_meeting_day_before_the_meeting_time_is_before_the_decision(tmp_path):
    def change(record):
        round_step(record, "党组会")["日期"] = "2020年4月22日下午3时"
        round_step(record, "决策备案")["日期"] = "2020年4月22日上午9时"
    assert _finding(_audit(tmp_path, "W-12", change), "PROC-3I1L-POST-3D") == {
        "rule_id": "PROC-3I1L-POST-3D", "rule_version": 9, "outcome": "fail",
        "message": "决策备案日期早于党组会，备案的不是会议作出的决策：党组会 2020-04-22 下午3时，决策备案 2020-04-22 上午9时；"
                   "自然日口径截止 2020-04-26，工作日口径截止 2020-04-26。",
        "evidence": {"决策备案": "2020-04-22 上午9时", "党组会": "2020-04-22 下午3时", "source": "流程节点#12.日期; 流程节点#11.日期"}}


def test_a_filing_on_the_meeting_day_after_the_meeting_time_is_in_time(tmp_path):
    def change(record):
        round_step(record, "党组会")["日期"] = "2020年4月22日上午9时"
        round_step(record, "决策备案")["日期"] = "2020-04-22 15:30"
    assert _finding(_audit(tmp_path, "W-12", change), "PROC-3I1L-POST-3D") == {
        "rule_id": "PROC-3I1L-POST-3D", "rule_version": 9, "outcome": "pass",
        "message": "决策情况表在会后 3 天内报送（自然日口径）：党组会 2020-04-22 上午9时，决策备案 2020-04-22 15:30；"
                   "自然日口径截止 2020-04-26，工作日口径截止 2020-04-26。",
        "evidence": {"决策备案": "2020-04-22 15:30", "党组会": "2020-04-22 上午9时", "source": "流程节点#12.日期; 流程节点#11.日期"}}


# --- 2. a 公示 period in one cell ---------------------------------------------------------------------------------

DISC_PASS = ("公示期 6 个工作日，不少于 5 个：第1阶段公示 2020-05-11 至 2020-05-19（公示#1.开始日期）：7 个工作日、9 个自然日（首尾均计）；"
             "第2阶段公示 2020-06-17 至 2020-06-24（公示#2.开始日期）：6 个工作日、8 个自然日（首尾均计）。")


def _disclosures(first_start: str, first_end: str) -> list[dict]:
    return [{"阶段": 1, "开始日期": first_start, "结束日期": first_end, "异议数": "0", "异议处理结果": "", "渠道": "市工信局网站"},
            {"阶段": 2, "开始日期": "2020-06-17", "结束日期": "2020-06-24", "异议数": "0", "异议处理结果": "", "渠道": "市工信局网站"}]


def _period_evidence(first_start: str, first_end: str) -> dict:
    return {"公示": _disclosures(first_start, first_end), "公示期（工作日）": None,
            "source": "公示#1.开始日期; 公示#2.开始日期; 轮次 第 1 行"}


@pytest.mark.parametrize("start, end", [
    ("2020.5.11-5.19", ""),  # the end takes the start's year and writes its month
    ("2020年5月11日—2020年5月19日", ""),
    ("", "2020年5月11日—2020年5月19日"),  # under 结束日期, 开始日期 blank
    ("2020.5.11-5.19", "2020.5.11-5.19"),  # a merged cell: the same text in both
    ("2020年5月11日至19日", "2020-05-19"),  # the other cell agreeing with the period
])
def test_a_disclosure_period_in_one_cell_is_read_as_its_start_and_end(tmp_path, start, end):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": start, "结束日期": end}))
    _no_date_finding(document)
    assert [f["rule_id"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-YEAR"] == []
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "pass", "message": DISC_PASS,
        "evidence": _period_evidence("2020-05-11", "2020-05-19")}


def test_a_disclosure_period_without_its_year_takes_the_round_year_and_says_so(tmp_path):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": "5月11日至5月19日", "结束日期": ""}))
    _no_date_finding(document)
    assert _finding(document, "INP-ROUND-YEAR") == {
        "rule_id": "INP-ROUND-YEAR", "rule_version": 1, "outcome": "not_applicable",
        "message": "公示 第 1 行（公示#1.开始日期）的公示期“5月11日至5月19日”未写年份，按流程节点所记日期的年份 2020 年读作 "
                   "2020-05-11；年份不同的，请补写年份后重新审计。",
        "evidence": {"start": "5月11日至5月19日", "source": "公示#1.开始日期", "sheet": "公示", "row": 1, "read_as": "2020-05-11"}}
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "pass", "message": DISC_PASS,
        "evidence": _period_evidence("2020-05-11", "2020-05-19")}


def test_a_disclosure_period_ending_before_it_starts_is_said(tmp_path):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": "2020.5.19-5.11", "结束日期": ""}))
    assert _finding(document, "INP-ROUND-DATE") == {
        "rule_id": "INP-ROUND-DATE", "rule_version": 1, "outcome": "fail",
        "message": "公示 第 1 行（公示#1.开始日期）的公示期“2020.5.19-5.11”读作 2020-05-19 至 2020-05-11，结束日期早于开始日期；"
                   "请核实是笔误还是跨年的公示期，更正（写明年份）后重新审计。",
        "evidence": {"start": "2020.5.19-5.11", "source": "公示#1.开始日期", "sheet": "公示", "row": 1,
                     "start_read": "2020-05-19", "end_read": "2020-05-11"}}
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "fail",
        "message": "公示结束日期早于开始日期：第1阶段公示 2020-05-19 至 2020-05-11（公示#1.开始日期）结束早于开始；"
                   "第2阶段公示 2020-06-17 至 2020-06-24（公示#2.开始日期）：6 个工作日、8 个自然日（首尾均计）。",
        "evidence": _period_evidence("2020-05-19", "2020-05-11")}


def test_a_disclosure_period_the_other_cell_contradicts_is_said_and_not_chosen(tmp_path):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": "2020.5.11-5.19", "结束日期": "2020-05-21"}))
    assert _finding(document, "INP-ROUND-DATE") == {
        "rule_id": "INP-ROUND-DATE", "rule_version": 1, "outcome": "fail",
        "message": "公示 第 1 行：公示#1.开始日期写明公示期“2020.5.11-5.19”，公示#1.结束日期却为“2020-05-21”，两者不一致，"
                   "无法确定公示结束日期。",
        "evidence": {"start": "2020.5.11-5.19", "end": "2020-05-21", "source": "公示#1.开始日期; 公示#1.结束日期",
                     "sheet": "公示", "row": 1}}
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "missing", "message": "公示起止日期缺失或无法识别，无法计算公示期。",
        "evidence": _period_evidence("2020-05-11", "2020-05-21")}


# --- 3. a numbered 公示名单 written with spaces ----------------------------------------------------------------------


def test_a_numbered_list_with_projects_after_spaces_names_the_enterprises(tmp_path):
    listed = "1. 甲公司 智能制造改造项目\n2. 乙公司 数字化车间项目\n3、\u3000丙公司\u3000项目名称"
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"公示名单": listed}))
    assert _finding(document, "DISC-CONTENT-MATCH") == {
        "rule_id": "DISC-CONTENT-MATCH", "rule_version": 10, "outcome": "pass",
        "message": "公示名单与决议名单一致；以下名称写法不同，按同一企业认定：第1阶段公示名单“丙公司 项目名称”与决议名单“丙公司”、"
                   "公示名单“乙公司 数字化车间项目”与决议名单“乙公司”、公示名单“甲公司 智能制造改造项目”与决议名单“甲公司”。",
        "evidence": {"公示": _disclosures("2020-05-11", "2020-05-19"), **W08_MEETINGS,
                     "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#12.日期; 流程节点#15.日期"}}


def test_a_numbered_list_naming_another_enterprise_still_differs(tmp_path):
    listed = "1. 甲公司 智能制造改造项目\n2. 乙公司 数字化车间项目\n3. 丁公司 项目名称"
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"公示名单": listed}))
    assert _finding(document, "DISC-CONTENT-MATCH") == {
        "rule_id": "DISC-CONTENT-MATCH", "rule_version": 10, "outcome": "fail",
        "message": "公示名单与决议名单不一致：第1阶段决议有而公示无：丙公司；公示有而决议无：丁公司 项目名称。",
        "evidence": {"公示": _disclosures("2020-05-11", "2020-05-19"), **W08_MEETINGS,
                     "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#12.日期; 流程节点#15.日期"}}


@pytest.mark.parametrize("listed, names", [
    ("1. 威海甲有限公司 智能制造改造项目", {"威海甲有限公司(智能制造改造项目)"}),
    ("1、 威海甲有限公司\u3000项目名称", {"威海甲有限公司(项目名称)"}),
    ("1.甲公司 2.乙公司", {"甲公司", "乙公司"}),  # numbers alone: two enterprises, as before
    ("1. 甲公司 乙公司", {"甲公司", "乙公司"}),  # the rest names an enterprise itself: not a project
    ("1. 甲公司 2. 乙公司 暂缓", {"甲公司", "乙公司"}),  # a note, no project: read as before
    ("1. Weihai Foo Co., Ltd.", {"Weihai Foo Co., Ltd."}),  # an English name's spaces are its own
])
def test_a_numbered_line_is_its_number_the_enterprise_then_the_project(listed, names):
    from checker.audit.facts.disclosure import name_list

    assert name_list(listed) == names
