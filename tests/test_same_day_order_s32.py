"""h166: the order rules of the 三重一大 steps on one day. PROC-3I1L-REVIEW said 顺序符合要求 for a 专家评审 written
2020-04-10 上午9时 and the 评审同意 it needs 2020-04-10 下午3时, while PROC-STEP-ORDER (h164) named the same pair as
out of order: one report, two verdicts on one fact. The order rules now compare each step's moment
(checker/audit/facts/steps.py put_moment): out of order where the later step ends before the earlier can begin,
which on one day needs both times. Every finding asserted whole."""

from __future__ import annotations

from tests.helpers import ROOT, audit_record, compliant_round, round_step
from tests.test_hostile_h164 import _finding


def _audit(tmp_path, name: str = "o", **dates) -> dict:
    record = compliant_round("W-12")
    for step, written in dates.items():
        round_step(record, step).update({"日期": written})
    return audit_record(tmp_path, record, name=name)


def test_the_review_in_the_morning_before_the_consent_that_afternoon_fails(tmp_path):
    document = _audit(tmp_path, 评审同意="2020-04-10 下午3时", 专家评审="2020年4月10日上午9时")
    assert _finding(document, "PROC-3I1L-REVIEW") == {
        "rule_id": "PROC-3I1L-REVIEW", "rule_version": 8, "outcome": "fail",
        "message": "专家评审 2020-04-10 上午9时 早于纪检组审核同意 2020-04-10 下午3时。",
        "evidence": {"评审报告": "2020-04-03", "评审同意": "2020-04-10 下午3时", "专家评审": "2020-04-10 上午9时",
                     "source": "流程节点#7.日期; 流程节点#8.日期; 流程节点#9.日期"}}
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "fail"  # the two rules agree


def test_the_consent_in_the_morning_and_the_review_that_afternoon_pass(tmp_path):
    document = _audit(tmp_path, 评审同意="2020-04-10 09:00", 专家评审="2020-04-10 14:30")
    assert _finding(document, "PROC-3I1L-REVIEW") == {
        "rule_id": "PROC-3I1L-REVIEW", "rule_version": 8, "outcome": "pass",
        "message": "评审报告 2020-04-03，纪检组同意 2020-04-10 09:00，专家评审 2020-04-10 14:30，顺序符合要求。",
        "evidence": {"评审报告": "2020-04-03", "评审同意": "2020-04-10 09:00", "专家评审": "2020-04-10 14:30",
                     "source": "流程节点#7.日期; 流程节点#8.日期; 流程节点#9.日期"}}


def test_a_time_on_one_step_only_decides_nothing(tmp_path):
    document = _audit(tmp_path, 评审同意="2020-04-10 下午3时", 专家评审="2020-04-10")
    assert _finding(document, "PROC-3I1L-REVIEW")["outcome"] == "pass"
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "pass"


def test_the_report_after_the_notice_the_same_day_fails(tmp_path):
    document = _audit(tmp_path, 事前报告="2020-03-06 16:00", 发布申报通知="2020-03-06 上午10时")
    assert _finding(document, "PROC-3I1L-PRE") == {
        "rule_id": "PROC-3I1L-PRE", "rule_version": 7, "outcome": "fail",
        "message": "事前报告 2020-03-06 16:00 晚于申报通知发布 2020-03-06 上午10时。",
        "evidence": {"事前报告": "2020-03-06 16:00", "发布申报通知": "2020-03-06 上午10时", "source": "流程节点#1.日期; 流程节点#2.日期"}}


# --- h166's review: several rows of one day, the recommendation rounds' order, midnight, the forms of a time ------


def _outcomes(document: dict, *rule_ids: str) -> dict:
    return {rule_id: _finding(document, rule_id)["outcome"] for rule_id in rule_ids}


def _with_second_row(record: dict, step: str, written: str, **cells) -> None:
    rows = record["流程节点"]
    at = next(i for i, row in enumerate(rows) if row["节点"] == step)
    rows.insert(at + 1, {**rows[at], "日期": written, **cells})


def test_a_step_on_two_rows_of_one_day_is_judged_alike_by_both_rules(tmp_path):
    # 评审同意 written 下午3时 and again 上午9时; the review at 上午10时: the consent was there by 9时 (in order), and
    # both rules say so (PROC-3I1L-REVIEW chose the 上午9时 row, PROC-STEP-ORDER the first row, and disagreed)
    record = compliant_round("W-12")
    round_step(record, "评审同意")["日期"] = "2020-04-10 下午3时"
    _with_second_row(record, "评审同意", "2020-04-10 上午9时")
    round_step(record, "专家评审")["日期"] = "2020-04-10 上午10时"
    document = audit_record(tmp_path, record)
    assert _outcomes(document, "PROC-3I1L-REVIEW", "PROC-STEP-ORDER") == {"PROC-3I1L-REVIEW": "pass", "PROC-STEP-ORDER": "pass"}
    assert _finding(document, "PROC-3I1L-REVIEW")["message"] == (
        "评审报告 2020-04-03，纪检组同意 2020-04-10 上午9时，专家评审 2020-04-10 上午10时，顺序符合要求。")


def test_a_row_without_a_time_does_not_hide_a_timed_row_of_the_same_day(tmp_path):
    # 发布申报通知 written 2020-03-06 and again 2020-03-06 上午8时: the notice was out by 8时, the 下午3时 report late
    record = compliant_round("W-12")
    round_step(record, "发布申报通知")["日期"] = "2020-03-06"
    _with_second_row(record, "发布申报通知", "2020-03-06 上午8时")
    round_step(record, "事前报告")["日期"] = "2020-03-06 下午3时"
    document = audit_record(tmp_path, record)
    assert _outcomes(document, "PROC-3I1L-PRE", "PROC-STEP-ORDER") == {"PROC-3I1L-PRE": "fail", "PROC-STEP-ORDER": "fail"}
    assert _finding(document, "PROC-3I1L-PRE")["message"] == "事前报告 2020-03-06 下午3时 晚于申报通知发布 2020-03-06（不晚于上午8时）。"


def test_the_recommendation_rounds_compare_times_of_one_day(tmp_path):
    record = compliant_round("W-17")
    round_step(record, "局领导审签")["日期"] = "2021-04-27 下午3时"
    round_step(record, "报省")["日期"] = "2021-04-27 上午9时"
    document = audit_record(tmp_path, record)
    assert _finding(document, "PROC-LEADER-SIGNOFF") == {
        "rule_id": "PROC-LEADER-SIGNOFF", "rule_version": 4, "outcome": "fail",
        "message": "局领导审签 2021-04-27 下午3时 晚于报省 2021-04-27 上午9时，名单未经审签即上报。",
        "evidence": _finding(document, "PROC-LEADER-SIGNOFF")["evidence"]}
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "fail"

    record = compliant_round("W-17")
    round_step(record, "发布通知")["日期"] = "2021-03-01 上午9时"
    round_step(record, "省通知")["日期"] = "2021-03-01 下午5时"
    document = audit_record(tmp_path, record, name="notice")
    assert _outcomes(document, "PROC-CITY-NOTICE-AFTER-PROVINCE") == {"PROC-CITY-NOTICE-AFTER-PROVINCE": "fail"}

    record = compliant_round("W-17")
    round_step(record, "专家论证会")["日期"] = "2021-04-16 下午4时"
    round_step(record, "修改完善")["日期"] = "2021-04-16 下午5时"
    round_step(record, "初步建议名单")["日期"] = "2021-04-16 上午9时"
    document = audit_record(tmp_path, record, name="quota")
    assert _outcomes(document, "APP-QUOTA-EXPERT-REVIEW", "PROC-STEP-ORDER") == {
        "APP-QUOTA-EXPERT-REVIEW": "fail", "PROC-STEP-ORDER": "fail"}


def test_consultation_and_countersigning_after_the_report_the_same_day_fail(tmp_path):
    record = compliant_round("W-20")
    round_step(record, "征求意见")["日期"] = "2021-04-27 下午4时"
    [row for row in record["流程节点"] if row["节点"] == "会签"][1]["日期"] = "2021-04-27 下午5时"
    round_step(record, "报省")["日期"] = "2021-04-27 上午9时"
    document = audit_record(tmp_path, record)
    assert _outcomes(document, "PROC-CONSULT-DEPARTMENTS", "PROC-COUNTERSIGN", "PROC-STEP-ORDER") == {
        "PROC-CONSULT-DEPARTMENTS": "fail", "PROC-COUNTERSIGN": "fail", "PROC-STEP-ORDER": "fail"}


def test_midnight_ends_the_day(tmp_path):
    # 晚上12时 was read as noon: a consent at midnight passed a review at 下午2时
    for number, written in enumerate(("2020-04-10 晚上12时", "2020-04-10 24:00")):
        document = _audit(tmp_path, f"m{number}", 评审同意=written, 专家评审="2020-04-10 下午2时")
        assert _outcomes(document, "PROC-3I1L-REVIEW", "PROC-STEP-ORDER") == {"PROC-3I1L-REVIEW": "fail", "PROC-STEP-ORDER": "fail"}


def test_a_form_sent_to_two_recipients_is_shown_by_the_later(tmp_path):
    # W-09: 局政工科 on 上午9时, the 纪检组 that day without a time: the message showed 上午9时, a time the 纪检组's row
    # never wrote; the day is what is known of when both had it
    record = compliant_round("W-09")
    report = round_step(record, "事前报告")
    report.update({"日期": "2020-03-06 上午9时", "报送对象": "局政工科"})
    _with_second_row(record, "事前报告", "2020-03-06", 报送对象="派驻纪检监察组")
    round_step(record, "发布申报通知")["日期"] = "2020-03-06 上午10时"
    round_step(record, "纪检组同意")["日期"] = "2020-03-06"
    document = audit_record(tmp_path, record)
    finding = _finding(document, "PROC-3I1L-PRE")
    assert finding["outcome"] == "pass"
    assert finding["message"].startswith("事前报告 2020-03-06 报送“局政工科；派驻纪检监察组”")


def test_the_escalation_messages_read_in_order(tmp_path):
    record = compliant_round("W-07")
    round_step(record, "党组会")["日期"] = "2020-04-22 上午9时"
    round_step(record, "市政府审定")["日期"] = "2020-04-22 下午4时"
    document = audit_record(tmp_path, record)
    assert _finding(document, "PROC-ESC-CITYGOV")["message"] == (
        "市政府审定 2020-04-22 下午4时 不早于党组会 2020-04-22 上午9时，在党组会之后报审。")


def test_more_forms_of_a_time_are_read(tmp_path):
    for number, (consent, review) in enumerate([("2020-04-10下午3时", "2020-04-10上午9时"),
                                                 ("2020.4.10下午3点", "2020.4.10上午9点"),
                                                 ("2020年4月10日（星期五）下午3时", "2020年4月10日（星期五）上午9时"),
                                                 ("2020年4月10日（下午）", "2020年4月10日（上午）")]):
        document = _audit(tmp_path, f"f{number}", 评审同意=consent, 专家评审=review)
        assert _findings_of(document, "INP-ROUND-DATE") == [], consent
        assert _outcomes(document, "PROC-3I1L-REVIEW") == {"PROC-3I1L-REVIEW": "fail"}, consent


def _findings_of(document: dict, rule_id: str) -> list:
    return [f for f in document["findings"] if f["rule_id"] == rule_id]


# --- h167's review -------------------------------------------------------------------------------------------------


def test_a_draw_after_the_review_the_same_day_is_after_it(tmp_path):
    # the ledger's draw at 09:30 (Beijing time); the review written 上午9时 that day: DRAW-RANDOM compared days only and
    # passed "不晚于专家评审 2020-04-03" while PROC-STEP-ORDER named the pair
    import json
    record = json.loads((ROOT / "samples" / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    for step, written in (("专家抽取", "2020-04-03 上午9时30分"), ("评审报告", "2020-04-03"), ("评审同意", "2020-04-03"),
                          ("专家评审", "2020-04-03 上午9时")):
        round_step(record, step)["日期"] = written
    document = audit_record(tmp_path, record, "--ledger", ROOT / "samples" / "rounds" / "ledger.db")
    finding = _finding(document, "DRAW-RANDOM")
    assert (finding["rule_version"], finding["outcome"]) == (17, "fail")
    assert "（北京时间 2020-04-03 09:30）晚于专家评审 2020-04-03 上午9时" in finding["message"]
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "fail"


def test_a_wrong_weekday_before_a_time_is_named(tmp_path):
    document = _audit(tmp_path, 评审同意="2020年4月10日（星期四）下午3时")
    assert [f["message"] for f in _findings_of(document, "INP-ROUND-DATE")] == [
        "流程节点 第 8 行（流程节点#8.日期）的值“2020年4月10日（星期四）下午3时”无法识别（所写星期与日期不符，2020-04-10 是星期五），"
        "应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。"]


def test_a_time_no_clock_has_is_named_not_dropped(tmp_path):
    for number, written in enumerate(("2020-04-10 下午24时", "2020-04-10 晚上12时30分", "2020-04-10 25:00")):
        document = _audit(tmp_path, f"t{number}", 评审同意=written, 专家评审="2020-04-10 上午9时")
        assert [f["message"] for f in _findings_of(document, "INP-ROUND-DATE")] == [
            f"流程节点 第 8 行（流程节点#8.日期）的值“{written}”无法识别（所写时间“{written[11:]}”无法识别），"
            "应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。"], written
        assert _finding(document, "PROC-3I1L-REVIEW")["outcome"] == "missing", written


def test_midnight_at_the_start_of_the_day(tmp_path):
    document = _audit(tmp_path, 评审同意="2020-04-10 凌晨12时", 专家评审="2020-04-10 上午9时")
    assert _outcomes(document, "PROC-3I1L-REVIEW", "PROC-STEP-ORDER") == {"PROC-3I1L-REVIEW": "pass", "PROC-STEP-ORDER": "pass"}


def test_the_disclosure_sheets_end_time_is_compared(tmp_path):
    record = compliant_round("W-08")
    record["公示"][0]["结束日期"] = "2020-05-19 下午5时"
    round_step(record, "行文认定")["日期"] = "2020-05-19 上午9时"
    document = audit_record(tmp_path, record)
    assert _finding(document, "PROC-STEP-ORDER")["outcome"] == "fail"
    assert "“公示结束（公示表）”（2020-05-19 下午5时，" in _finding(document, "PROC-STEP-ORDER")["message"]


def test_a_moment_bounded_by_two_rows_is_shown_as_what_is_known(tmp_path):
    # 评审同意 2020-04-10 and 2020-04-10 下午3时: the consent was some time until 3时; the 上午9时 review is not shown as
    # coming before a 下午3时 consent it passed over
    record = compliant_round("W-12")
    round_step(record, "评审同意")["日期"] = "2020-04-10"
    _with_second_row(record, "评审同意", "2020-04-10 下午3时")
    round_step(record, "专家评审")["日期"] = "2020-04-10 上午9时"
    document = audit_record(tmp_path, record)
    assert _finding(document, "PROC-3I1L-REVIEW")["message"] == (
        "评审报告 2020-04-03，纪检组同意 2020-04-10（不晚于下午3时），专家评审 2020-04-10 上午9时，顺序符合要求。")


def test_the_timeline_shows_and_sorts_the_times_of_one_day(tmp_path):
    document = _audit(tmp_path, 评审同意="2020-04-10 下午3时", 专家评审="2020-04-10 上午9时")
    shown = [(row["step"], row["date_text"]) for row in document["timeline"] if row["date"] == "2020-04-10"]
    assert shown == [("专家评审", "2020-04-10 上午9时"), ("评审同意", "2020-04-10 下午3时")]


def test_a_fund_step_earlier_on_the_decisions_day_is_before_it(tmp_path):
    record = compliant_round("W-12")
    round_step(record, "党组会")["日期"] = "2020-04-22 下午3时"
    record["流程节点"] += [{"节点": "财政审核", "日期": "2020-04-22 上午9时", "发文单位": "市财政局"}]
    document = audit_record(tmp_path, record)
    finding = _finding(document, "LIFE-AFTER-DECISION")
    assert (finding["rule_version"], finding["outcome"]) == (3, "fail")
    assert finding["message"].startswith("以下资金环节早于党组会决定 2020-04-22 下午3时（流程节点")


# --- h168's review -------------------------------------------------------------------------------------------------


def test_two_meetings_of_one_day_the_earlier_decides_for_the_fund_steps(tmp_path):
    # 党组会 下午3时 and again 上午9时 the same day; 财政审核 上午10时: after the 上午9时 meeting, which INP-ROUND-DUPLICATE
    # says is the one checked (the fund steps were compared with the first row written, 下午3时)
    record = compliant_round("W-12")
    round_step(record, "党组会")["日期"] = "2020-04-22 下午3时"
    _with_second_row(record, "党组会", "2020-04-22 上午9时")
    record["流程节点"] += [{"节点": "财政审核", "日期": "2020-04-22 上午10时", "发文单位": "市财政局"}]
    document = audit_record(tmp_path, record)
    finding = _finding(document, "LIFE-AFTER-DECISION")
    assert finding["outcome"] == "pass"
    assert finding["message"].startswith("资金环节均在党组会决定 2020-04-22 上午9时（流程节点")


def test_a_date_serial_with_its_time_is_compared_as_a_date_and_time_cell(tmp_path):
    # 43924.375 in a General-format cell is 2020-04-03 09:00; the ledger's draw is at 09:30: after the review either way
    import json
    record = json.loads((ROOT / "samples" / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    for step in ("专家抽取", "评审报告", "评审同意"):
        round_step(record, step)["日期"] = "2020-04-03"
    round_step(record, "专家评审")["日期"] = 43924.375
    document = audit_record(tmp_path, record, "--ledger", ROOT / "samples" / "rounds" / "ledger.db")
    finding = _finding(document, "DRAW-RANDOM")
    assert finding["outcome"] == "fail"
    assert "（北京时间 2020-04-03 09:30）晚于专家评审 2020-04-03 09:00" in finding["message"]


def test_a_meetings_hours_are_read_as_a_span_of_the_day(tmp_path):
    # 上午9:00-11:30 as minutes write a meeting's hours was unreadable (INP-ROUND-DATE): the step was some time in them
    for number, (consent, review, outcome) in enumerate([("2020-04-10 上午9:00-11:30", "2020-04-10 下午2时", "pass"),
                                                          ("2020年4月10日 9时至11时", "2020-04-10 上午8时", "fail"),
                                                          ("2020-04-10下午2时至4时", "2020-04-10 下午3时", "pass"),
                                                          ("2020-04-10下午2时至4时", "2020-04-10 上午11时", "fail")]):
        document = _audit(tmp_path, f"h{number}", 评审同意=consent, 专家评审=review)
        assert _findings_of(document, "INP-ROUND-DATE") == [], consent
        assert _outcomes(document, "PROC-3I1L-REVIEW", "PROC-STEP-ORDER") == {
            "PROC-3I1L-REVIEW": outcome, "PROC-STEP-ORDER": outcome}, (consent, review)
    document = _audit(tmp_path, "backwards", 评审同意="2020-04-10 上午10时至2时")
    assert [f["message"] for f in _findings_of(document, "INP-ROUND-DATE")] == [
        "流程节点 第 8 行（流程节点#8.日期）的值“2020-04-10 上午10时至2时”无法识别（所写时间“上午10时至2时”无法识别），"
        "应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。"]


def test_a_meetings_hours_in_figures_stay_on_its_day(tmp_path):
    # h169: "2020-04-22 14:00-16:00" was read with "-16:00" as a UTC offset: the meeting moved to 2020-04-23, and a
    # filing at 下午5时 that day failed as made before it
    record = compliant_round("W-12")
    round_step(record, "党组会")["日期"] = "2020-04-22 14:00-16:00"
    round_step(record, "决策备案")["日期"] = "2020-04-22 下午5时"
    document = audit_record(tmp_path, record)
    assert _findings_of(document, "INP-ROUND-DATE") == []
    assert _outcomes(document, "PROC-3I1L-POST-3D", "PROC-STEP-ORDER") == {"PROC-3I1L-POST-3D": "pass", "PROC-STEP-ORDER": "pass"}
    assert [row["date_text"] for row in document["timeline"] if row["step"] == "党组会"] == ["2020-04-22 14:00-16:00"]
