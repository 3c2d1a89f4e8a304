"""helper-164: the audit's dates, follow-ups of h161 (tests/test_hostile_h161.py).

1. An hour in Chinese numerals (下午三时, 上午九时半, 十时三十分) was unreadable (INP-ROUND-DATE): read as 下午3时 is.
2. A 公示 period in one 流程节点 cell (a 公示开始 row dated 5月11日至5月19日) was unreadable: a 公示开始 row is the
   period's start, a 公示结束 row its end, said by INP-ROUND-PERIOD (advisory) naming the reading.
3. 12月28日至1月5日 (over the new year, no years written) was read as ending before its start: the end is in the
   next year, said by INP-ROUND-YEAR; an end written with its own year is taken as written.
4. PROC-STEP-ORDER and DISC-AFTER-DECISION took two steps of one day as in order whatever times the cells write:
   where both write one and they cannot overlap, compared as PROC-3I1L-POST-3D does (record.ends_before).
5. DISC-NO-OBJECTION-GATE quoted a numbered 公示名单 in its internal form (甲公司(智能制造改造项目)): as written now.
Every finding is asserted whole (rule id, version, outcome, message, evidence).
"""

from __future__ import annotations

import pytest

from tests.helpers import audit_record, compliant_round, round_step


def _finding(document: dict, rule_id: str) -> dict:
    found = [f for f in document["findings"] if f["rule_id"] == rule_id]
    assert len(found) == 1, [f["message"] for f in found]
    return {key: found[0][key] for key in ("rule_id", "rule_version", "outcome", "message", "evidence")}


def _findings(document: dict, rule_id: str) -> list[dict]:
    return [{key: f[key] for key in ("rule_id", "rule_version", "outcome", "message", "evidence")}
            for f in document["findings"] if f["rule_id"] == rule_id]


def _audit(tmp_path, workflow: str, change) -> dict:
    record = compliant_round(workflow)
    change(record)
    return audit_record(tmp_path, record)


W12_MEETING = "党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。"


def meeting_at(kept: str) -> str:
    """W12_MEETING with the time the 日期 cell writes: a step's day is said with it since h166 (facts/common.step_day)."""
    return W12_MEETING.replace("2020-04-22", f"2020-04-22 {kept}")
W08_DISCLOSURES = [
    {"阶段": 1, "开始日期": "2020-05-11", "结束日期": "2020-05-19", "异议数": "0", "异议处理结果": "", "渠道": "市工信局网站"},
    {"阶段": 2, "开始日期": "2020-06-17", "结束日期": "2020-06-24", "异议数": "0", "异议处理结果": "", "渠道": "市工信局网站"}]


# --- 1. an hour in Chinese numerals --------------------------------------------------------------------------------


@pytest.mark.parametrize("written, kept", [
    ("2020年4月22日下午三时", "下午三时"),
    ("2020年4月22日上午九时半", "上午九时半"),
    ("2020年4月22日十时三十分", "十时三十分"),
    ("2020年4月22日 九时零五分", "九时零五分"),
])
def test_an_hour_in_chinese_numerals_is_read_and_kept_as_written(tmp_path, written, kept):
    document = _audit(tmp_path, "W-12", lambda r: round_step(r, "党组会").update({"日期": written}))
    assert _findings(document, "INP-ROUND-DATE") == []
    assert _finding(document, "PROC-PARTY-MEETING") == {
        "rule_id": "PROC-PARTY-MEETING", "rule_version": 13, "outcome": "pass", "message": meeting_at(kept),
        "evidence": {"党组会": f"2020-04-22 {kept}", "source": "流程节点#11.日期"}}


def test_hours_in_chinese_numerals_are_compared_as_digits_are(tmp_path):
    def change(record):
        round_step(record, "党组会")["日期"] = "2020年4月22日下午三时"
        round_step(record, "决策备案")["日期"] = "2020年4月22日上午九时半"
    assert _finding(_audit(tmp_path, "W-12", change), "PROC-3I1L-POST-3D") == {
        "rule_id": "PROC-3I1L-POST-3D", "rule_version": 9, "outcome": "fail",
        "message": "决策备案日期早于党组会，备案的不是会议作出的决策：党组会 2020-04-22 下午三时，决策备案 2020-04-22 上午九时半；"
                   "自然日口径截止 2020-04-26，工作日口径截止 2020-04-26。",
        "evidence": {"决策备案": "2020-04-22 上午九时半", "党组会": "2020-04-22 下午三时", "source": "流程节点#12.日期; 流程节点#11.日期"}}


@pytest.mark.parametrize("text, span", [
    ("下午三时", (900, 900)), ("上午九时半", (570, 570)), ("十时三十分", (630, 630)), ("二十三时", (1380, 1380)),
    ("两点", (120, 120)), ("九时零五分", (545, 545)), ("十十时", None), ("下午3时", (900, 900)),
])
def test_the_minutes_of_a_time_in_chinese_numerals(text, span):
    from checker.audit.record import time_span

    assert time_span(text) == span


# --- 2. a 公示 period in one 流程节点 cell ------------------------------------------------------------------------


def _timeline_disclosures(record: dict, rows: list[dict]) -> None:
    """The 公示 kept in the timeline only (no 公示 sheet), its rows before the 行文认定."""
    del record["公示"]
    at = next(i for i, s in enumerate(record["流程节点"]) if s["节点"] == "行文认定")
    record["流程节点"][at:at] = rows


def test_a_period_in_a_disclosure_start_or_end_row_is_read_as_that_day_and_said(tmp_path):
    document = _audit(tmp_path, "W-08", lambda r: _timeline_disclosures(r, [
        {"节点": "公示开始", "日期": "5月11日至5月19日", "阶段": 1, "备注": "市工信局网站"},
        {"节点": "公示结束", "日期": "2020.5.11-5.19", "阶段": 1},
        {"节点": "公示开始", "日期": "2020-06-17", "阶段": 2},
        {"节点": "公示结束", "日期": "2020-06-24", "阶段": 2}]))
    assert _findings(document, "INP-ROUND-DATE") == []
    assert _findings(document, "INP-ROUND-PERIOD") == [
        {"rule_id": "INP-ROUND-PERIOD", "rule_version": 1, "outcome": "not_applicable",
         "message": "流程节点 第 13 行（流程节点#13.日期）“公示开始”的日期写明公示期“5月11日至5月19日”（2020-05-11 至 2020-05-19），"
                    "按公示开始读作其开始日 2020-05-11；公示期的起止请填写在公示表（或分填“公示开始”“公示结束”两行）。",
         "evidence": {"date": "5月11日至5月19日", "source": "流程节点#13.日期", "sheet": "流程节点", "row": 13,
                      "period": "2020-05-11 至 2020-05-19", "read_as": "2020-05-11", "reading": "公示开始：取公示期的开始日"}},
        {"rule_id": "INP-ROUND-PERIOD", "rule_version": 1, "outcome": "not_applicable",
         "message": "流程节点 第 14 行（流程节点#14.日期）“公示结束”的日期写明公示期“2020.5.11-5.19”（2020-05-11 至 2020-05-19），"
                    "按公示结束读作其结束日 2020-05-19；公示期的起止请填写在公示表（或分填“公示开始”“公示结束”两行）。",
         "evidence": {"date": "2020.5.11-5.19", "source": "流程节点#14.日期", "sheet": "流程节点", "row": 14,
                      "period": "2020-05-11 至 2020-05-19", "read_as": "2020-05-19", "reading": "公示结束：取公示期的结束日"}}]
    assert _finding(document, "INP-ROUND-YEAR") == {
        "rule_id": "INP-ROUND-YEAR", "rule_version": 1, "outcome": "not_applicable",
        "message": "流程节点 第 13 行（流程节点#13.日期）的公示期“5月11日至5月19日”未写年份，按流程节点所记日期的年份 2020 年读作 "
                   "2020-05-11；年份不同的，请补写年份后重新审计。",
        "evidence": {"date": "5月11日至5月19日", "source": "流程节点#13.日期", "sheet": "流程节点", "row": 13, "read_as": "2020-05-11"}}
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "pass",
        "message": "公示期 6 个工作日，不少于 5 个：第1阶段公示 2020-05-11 至 2020-05-19（流程节点 第 13 行）：7 个工作日、9 个自然日（首尾均计）；"
                   "第2阶段公示 2020-06-17 至 2020-06-24（流程节点 第 15 行）：6 个工作日、8 个自然日（首尾均计）。",
        "evidence": {"公示": None, "公示期（工作日）": None, "source": "（轮次记录无“公示”表）; 轮次 第 1 行"}}
    assert _finding(document, "DISC-AFTER-DECISION") == {
        "rule_id": "DISC-AFTER-DECISION", "rule_version": 5, "outcome": "pass",
        "message": "公示在党组会之后：第1阶段党组会 2020-04-22，公示开始 2020-05-11；第2阶段党组会 2020-06-16，公示开始 2020-06-17。",
        "evidence": {"公示": None, "党组会": "2020-04-22", "党组会（第2阶段）": "2020-06-16",
                     "source": "（轮次记录无“公示”表）; 流程节点#12.日期; 流程节点#19.日期"}}


# --- 3. a period over the new year ---------------------------------------------------------------------------------


def _new_year(first_start: str) -> dict:
    return {"公示": [{**W08_DISCLOSURES[0], "开始日期": "2020-12-28", "结束日期": "2021-01-05"}, W08_DISCLOSURES[1]],
            "公示期（工作日）": None, "source": "公示#1.开始日期; 公示#2.开始日期; 轮次 第 1 行"}


NEW_YEAR_PERIOD = ("公示期 6 个工作日，不少于 5 个：第1阶段公示 2020-12-28 至 2021-01-05（公示#1.开始日期）：6 个工作日、9 个自然日（首尾均计）；"
                   "第2阶段公示 2020-06-17 至 2020-06-24（公示#2.开始日期）：6 个工作日、8 个自然日（首尾均计）。")


@pytest.mark.parametrize("written, words", [
    ("12月28日至1月5日", "未写年份，按流程节点所记日期的年份 2020 年"),
    ("2020年12月28日至1月5日", "的结束日期未写年份，"),
])
def test_a_period_over_the_new_year_ends_in_the_next_year_and_says_so(tmp_path, written, words):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": written, "结束日期": ""}))
    assert _findings(document, "INP-ROUND-DATE") == []
    assert _finding(document, "INP-ROUND-YEAR") == {
        "rule_id": "INP-ROUND-YEAR", "rule_version": 1, "outcome": "not_applicable",
        "message": f"公示 第 1 行（公示#1.开始日期）的公示期“{written}”{words}读作 2020-12-28 至 2021-01-05：结束的月份早于开始的月份，"
                   "按跨年的公示期，结束日期读作次年 2021 年；年份不同的，请补写年份后重新审计。",
        "evidence": {"start": written, "source": "公示#1.开始日期", "sheet": "公示", "row": 1,
                     "read_as": "2020-12-28", "end_read": "2021-01-05"}}
    assert _finding(document, "DISC-PERIOD") == {
        "rule_id": "DISC-PERIOD", "rule_version": 6, "outcome": "pass", "message": NEW_YEAR_PERIOD, "evidence": _new_year(written)}


@pytest.mark.parametrize("written, read_end", [
    ("2020年12月28日至2020年1月5日", "2020-01-05"),  # an end written with its own year: taken as written
    ("2020.5.19-4.11", "2020-04-11"),  # far from a new year: a slip, named as before
])
def test_an_end_before_the_start_not_over_a_new_year_is_still_said(tmp_path, written, read_end):
    document = _audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"开始日期": written, "结束日期": ""}))
    start = "2020-12-28" if written.startswith("2020年") else "2020-05-19"
    assert _findings(document, "INP-ROUND-YEAR") == []
    assert _finding(document, "INP-ROUND-DATE") == {
        "rule_id": "INP-ROUND-DATE", "rule_version": 1, "outcome": "fail",
        "message": f"公示 第 1 行（公示#1.开始日期）的公示期“{written}”读作 {start} 至 {read_end}，结束日期早于开始日期；"
                   "请核实是笔误还是跨年的公示期，更正（写明年份）后重新审计。",
        "evidence": {"start": written, "source": "公示#1.开始日期", "sheet": "公示", "row": 1,
                     "start_read": start, "end_read": read_end}}


# --- 4. two steps of one day, their times written -------------------------------------------------------------------


W12_ORDER_EVIDENCE = {
    "事前报告": "2020-03-02", "发布申报通知": "2020-03-06", "区市推荐": "2020-03-27", "市级复审": "2020-04-01",
    "专家抽取": "2020-04-03", "评审报告": "2020-04-03", "评审同意": "2020-04-10 下午三时", "专家评审": "2020-04-10 上午9时",
    "事中报告": "2020-04-16", "党组会": "2020-04-22", "决策备案": "2020-04-23", "归档": "2020-05-26", "信用查询": "2020-04-01",
    "source": "流程节点#1.日期; 流程节点#2.日期; 流程节点#3.日期; 流程节点#4.日期; 流程节点#6.日期; 流程节点#7.日期; 流程节点#8.日期; "
              "流程节点#9.日期; 流程节点#10.日期; 流程节点#11.日期; 流程节点#12.日期; 流程节点#13.日期; 流程节点#5.日期"}


def test_a_step_earlier_that_day_than_the_step_it_follows_is_out_of_order(tmp_path):
    def change(record):
        round_step(record, "评审同意")["日期"] = "2020年4月10日下午三时"
        round_step(record, "专家评审")["日期"] = "2020年4月10日上午9时"
    assert _finding(_audit(tmp_path, "W-12", change), "PROC-STEP-ORDER") == {
        "rule_id": "PROC-STEP-ORDER", "rule_version": 14, "outcome": "fail",
        "message": "节点顺序与流程不符：“评审同意”（2020-04-10 下午三时，流程节点#8.日期）晚于其后步骤“专家评审”（2020-04-10 上午9时，"
                   "流程节点#9.日期）。规定顺序：事前报告 → 发布申报通知 → 区市推荐 → 市级复审 → 专家抽取 → 评审报告 → 评审同意 → "
                   "专家评审 → 事中报告 → 党组会 → 决策备案 → 归档；区市推荐 → 信用查询 → 专家抽取。",
        "evidence": W12_ORDER_EVIDENCE}


def test_times_of_one_day_that_may_overlap_decide_nothing(tmp_path):
    def change(record):
        round_step(record, "评审同意")["日期"] = "2020年4月10日上午"
        round_step(record, "专家评审")["日期"] = "2020年4月10日十时"
    assert _finding(_audit(tmp_path, "W-12", change), "PROC-STEP-ORDER") == {
        "rule_id": "PROC-STEP-ORDER", "rule_version": 14, "outcome": "pass", "message": "13 个有日期的节点均符合规定顺序。",
        "evidence": {**W12_ORDER_EVIDENCE, "评审同意": "2020-04-10 上午", "专家评审": "2020-04-10 十时"}}


def test_a_disclosure_starting_the_meeting_day_before_the_meeting_time_is_before_the_decision(tmp_path):
    def change(record):
        round_step(record, "党组会", 2)["日期"] = "2020年6月16日下午三时"
        record["公示"][1]["开始日期"] = "2020年6月16日上午9时"
    assert _finding(_audit(tmp_path, "W-08", change), "DISC-AFTER-DECISION") == {
        "rule_id": "DISC-AFTER-DECISION", "rule_version": 5, "outcome": "fail",
        "message": "公示早于党组会决定：第1阶段党组会 2020-04-22，公示开始 2020-05-11；"
                   "第2阶段党组会 2020-06-16 下午三时，公示开始 2020-06-16 上午9时（早于党组会）。",
        "evidence": {"公示": [W08_DISCLOSURES[0], {**W08_DISCLOSURES[1], "开始日期": "2020-06-16 上午9时"}],
                     "党组会": "2020-04-22", "党组会（第2阶段）": "2020-06-16 下午三时",
                     "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#12.日期; 流程节点#15.日期"}}


def test_a_disclosure_starting_the_meeting_day_after_the_meeting_time_is_after_it(tmp_path):
    def change(record):
        round_step(record, "党组会", 2)["日期"] = "2020年6月16日上午九时"
        record["公示"][1]["开始日期"] = "2020-06-16 15:30"
    assert _finding(_audit(tmp_path, "W-08", change), "DISC-AFTER-DECISION") == {
        "rule_id": "DISC-AFTER-DECISION", "rule_version": 5, "outcome": "pass",
        "message": "公示在党组会之后：第1阶段党组会 2020-04-22，公示开始 2020-05-11；"
                   "第2阶段党组会 2020-06-16 上午九时，公示开始 2020-06-16 15:30。",
        "evidence": {"公示": [W08_DISCLOSURES[0], {**W08_DISCLOSURES[1], "开始日期": "2020-06-16 15:30"}],
                     "党组会": "2020-04-22", "党组会（第2阶段）": "2020-06-16 上午九时",
                     "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#12.日期; 流程节点#15.日期"}}


# --- 5. the gate quotes the lists as written ---------------------------------------------------------------------


def test_the_gate_quotes_a_numbered_list_as_written(tmp_path):
    def change(record):
        record["公示"][0].update({"公示名单": "1. 甲公司 智能制造改造项目\n2. 乙公司 数字化车间项目\n3、\u3000丙公司\u3000项目名称",
                                 "异议数": 1, "异议处理结果": "经核查异议成立，丙公司不予认定"})
        round_step(record, "行文认定")["决议内容"] = "甲公司、乙公司"
    assert _finding(_audit(tmp_path, "W-08", change), "DISC-NO-OBJECTION-GATE") == {
        "rule_id": "DISC-NO-OBJECTION-GATE", "rule_version": 13, "outcome": "pass",
        "message": "公示无未处理异议后行文认定：公示结束 2020-05-19，异议数 1，异议处理结果：经核查异议成立，丙公司不予认定，"
                   "行文认定 2020-05-22；异议成立后行文认定未含：丙公司 项目名称；以下名称写法不同，按同一企业认定："
                   "行文认定“乙公司”与公示名单“乙公司 数字化车间项目”、行文认定“甲公司”与公示名单“甲公司 智能制造改造项目”。",
        "evidence": {"公示": [{**W08_DISCLOSURES[0], "异议数": "1", "异议处理结果": "经核查异议成立，丙公司不予认定"},
                             W08_DISCLOSURES[1]],
                     "行文认定": "2020-05-22", "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#13.日期"}}


def test_the_gate_quotes_a_bracketed_project_as_written(tmp_path):
    assert _finding(_audit(tmp_path, "W-08", lambda r: r["公示"][0].update({"公示名单": "甲公司（智能化改造项目）、乙公司、丙公司"})),
                    "DISC-NO-OBJECTION-GATE") == {
        "rule_id": "DISC-NO-OBJECTION-GATE", "rule_version": 13, "outcome": "pass",
        "message": "公示无未处理异议后行文认定：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
                   "以下名称写法不同，按同一企业认定：行文认定“甲公司”与公示名单“甲公司（智能化改造项目）”。",
        "evidence": {"公示": W08_DISCLOSURES, "行文认定": "2020-05-22", "source": "公示#1.开始日期; 公示#2.开始日期; 流程节点#13.日期"}}


# the same quoting in DISC-STAGE2-RECOGNISED, a sibling of the gate (its names were said as 甲公司(智能制造改造项目))
STAGE2_EVIDENCE = {"行文认定": "2020-05-22", "党组会": "2020-04-22", "党组会（第2阶段）": "2020-06-16", "公示": W08_DISCLOSURES,
                   "source": "流程节点#13.日期; 流程节点#12.日期; 流程节点#15.日期; 公示#1.开始日期; 公示#2.开始日期"}


def test_stage_two_quotes_a_numbered_list_as_written(tmp_path):
    document = _audit(tmp_path, "W-08", lambda r: round_step(r, "党组会", 2).update(
        {"决议内容": "1. 甲公司 智能制造改造项目\n2. 丁公司 数字化车间项目"}))
    assert _finding(document, "DISC-STAGE2-RECOGNISED") == {
        "rule_id": "DISC-STAGE2-RECOGNISED", "rule_version": 8, "outcome": "fail",
        "message": "第二阶段奖励名单中有第一阶段未认定的企业：丁公司 数字化车间项目（第一阶段认定名单：丙公司、乙公司、甲公司；"
                   "第二阶段奖励名单：丁公司 数字化车间项目、甲公司 智能制造改造项目；以下名称写法不同，按同一企业认定："
                   "第二阶段“甲公司 智能制造改造项目”与第一阶段“甲公司”）。",
        "evidence": STAGE2_EVIDENCE}
