"""h166: the order rules of the 三重一大 steps on one day. PROC-3I1L-REVIEW said 顺序符合要求 for a 专家评审 written
2020-04-10 上午9时 and the 评审同意 it needs 2020-04-10 下午3时, while PROC-STEP-ORDER (h164) named the same pair as
out of order: one report, two verdicts on one fact. The order rules now compare each step's moment
(checker/audit/facts/steps.py put_moment): out of order where the later step ends before the earlier can begin,
which on one day needs both times. Every finding asserted whole."""

from __future__ import annotations

from tests.helpers import audit_record, compliant_round, round_step
from tests.test_hostile_h164 import _finding


def _audit(tmp_path, **dates) -> dict:
    record = compliant_round("W-12")
    for step, written in dates.items():
        round_step(record, step).update({"日期": written})
    return audit_record(tmp_path, record)


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
