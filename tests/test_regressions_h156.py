"""Helper h156: regressions between the session's start (c8481d11) and now, found by running both trees on the
README's samples and on hostile variants of them. Each test states what the session's start did, what the tree
does now, and what it should do; each failed before the fix named in the h156 report, applied in session 30.

1. Ledgers (h154 reads 受理（2024.3.5） as 受理): the day written in the 受理结果 is now dropped without a word, also
   when it contradicts the row's own 受理日期 (受理（2024.3.9） beside 受理日期 2024-03-05) or falls before its
   收件日期. The session's start sent such a row to review (INP-LEDGER-ACCEPTANCE); now it is 合规 and the second
   date is never shown. Two dates for one acceptance are for the office to settle: an INP-LEDGER-DATE naming both.
2. Audit (h152 reads 甲公司（智能化改造项目） as 甲公司): a bracket is taken for a project by a keyword anywhere in it,
   so a branch named after a road or a trade (C公司（建设路分公司）, C公司（工程机械分公司）, C公司—建设路分公司) is
   now the parent enterprise and DISC-CONTENT-MATCH passes, while C公司（文登分公司） still fails as it did at the
   session's start. A 分公司 is another entity (APP-BRANCH-LEGAL-PERSON): the lists differ, as before.
3. Audit (h152 names two headers of one 公示 column that disagree): the cells are compared as dates, so 异议数 0
   beside 收到异议数 无 (both read as 0 by the audit) is now an INP-ROUND-VALUE "填写不一致", a review item the
   session's start did not raise.
The fixes, as a patch: /var/tmp/h156/h156_fixes.patch (checker/check/ledger.py, checker/audit/facts/common.py,
checker/audit/record.py); every test here passes with it.
"""

from __future__ import annotations

import copy

import pytest

from tests.helpers import audit_record, findings_by_rule, round_step, sample_round
from tests.test_hostile_h136 import N04, _case, _input  # the ledger row and runner h136 wrote

# --- 1. a day in the 受理结果 contradicting the 受理日期 (N-04) --------------------------------------------------


@pytest.mark.parametrize(("written", "day"), [("受理（2024.3.9）", "2024-03-09"), ("受理，2024-02-01", "2024-02-01")])
def test_a_day_in_the_acceptance_cell_contradicting_the_acceptance_date_is_said(tmp_path, written, day):
    # session start: INP-LEDGER-ACCEPTANCE, needs_review; now: compliant, the second date never shown
    case = _case(tmp_path, [{**N04, "受理结果": written, "受理日期": "2024-03-05"}], "N-04", "K1")
    assert (case["verdict"], _input(case)) == ("needs_review", [(
        "INP-LEDGER-DATE",
        f"JSON#1.受理结果 的受理结果“{written}”写有受理日期 {day}，而 JSON#1.受理日期 的受理日期为 2024-03-05，两者矛盾；"
        "依赖此项的规则结论可能不可靠。")])


def test_a_day_in_the_acceptance_cell_agreeing_with_the_acceptance_date_stays_read(tmp_path):
    # the h154 reading the fix must keep: the same day twice is one acceptance
    case = _case(tmp_path, [{**N04, "受理结果": "受理（2024.3.5）", "受理日期": "2024-03-05"}], "N-04", "K1")
    assert (case["verdict"], _input(case)) == ("compliant", [])


# --- 2. a branch in brackets is no project of the enterprise (DISC-CONTENT-MATCH, W-08) ------------------------

def _w08(decided: str, published: str) -> dict:
    record = copy.deepcopy(sample_round("noncompliant_W-08"))
    round_step(record, "党组会", 1)["决议内容"] = decided
    record["公示"][0]["公示名单"] = published
    return record


@pytest.mark.parametrize(("decided", "published", "message"), [
    ("A公司、B公司、C公司", "A公司、B公司、C公司（建设路分公司）",
     "公示名单与决议名单不一致：第1阶段决议有而公示无：C公司；公示有而决议无：C公司(建设路分公司)。"),
    ("A公司、B公司、C公司（工程机械分公司）", "A公司、B公司、C公司",
     "公示名单与决议名单不一致：第1阶段决议有而公示无：C公司(工程机械分公司)；公示有而决议无：C公司。"),
    ("A公司、B公司、C公司—建设路分公司", "A公司、B公司、C公司",
     "公示名单与决议名单不一致：第1阶段决议有而公示无：C公司—建设路分公司；公示有而决议无：C公司。"),
])
def test_a_branch_named_with_a_project_word_is_not_the_enterprise(tmp_path, decided, published, message):
    # session start: 不合规 as below; now: pass, “按同一企业认定”
    found = findings_by_rule(audit_record(tmp_path, _w08(decided, published)))
    assert found["DISC-CONTENT-MATCH"] == ("fail", "noncompliant", message)


def test_a_branch_named_without_a_project_word_stays_another_entity(tmp_path):
    # what the fix must match: the same branch under another name was, and is, 不合规
    found = findings_by_rule(audit_record(tmp_path, _w08("A公司、B公司、C公司", "A公司、B公司、C公司（文登分公司）")))
    assert found["DISC-CONTENT-MATCH"] == (
        "fail", "noncompliant", "公示名单与决议名单不一致：第1阶段决议有而公示无：C公司；公示有而决议无：C公司(文登分公司)。")


def test_an_enterprise_with_its_project_stays_the_enterprise(tmp_path):
    # the h152 reading the fix must keep
    found = findings_by_rule(audit_record(tmp_path, _w08("A公司、B公司、C公司", "A公司（智能化改造项目）、B公司、C公司")))
    assert found["DISC-CONTENT-MATCH"] == (
        "pass", "compliant", "公示名单与决议名单一致；以下名称写法不同，按同一企业认定：第1阶段公示名单“A公司（智能化改造项目）”与决议名单“A公司”。")


# --- 3. two columns of one count saying it alike, 0 and 无 (INP-ROUND-VALUE, 公示) ------------------------------
# h152 names two headers of one 公示 column that disagree (开始日期 and 公示开始日期); it compares the cells as dates,
# so an 异议数 of 0 beside a 收到异议数 of 无 (the audit reads 无 as 0: record.py NO_OBJECTION_WORDS) is "填写不一致"
# and a compliant round gains a review item. Session start: no finding.

def _w08_objections(said: str) -> dict:
    from tests.helpers import compliant_round

    record = compliant_round("W-08")
    for row in record["公示"]:
        row["收到异议数"] = said
    return record


@pytest.mark.parametrize("said", ["无", "无异议", "0件"])
def test_two_columns_of_the_objection_count_saying_none_alike_are_no_difference(tmp_path, said):
    document = audit_record(tmp_path, _w08_objections(said))
    assert [f["message"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-VALUE"] == []


def test_two_columns_of_the_objection_count_that_differ_are_still_named(tmp_path):
    # what the fix must keep: a count that differs is named, as h152 intends
    document = audit_record(tmp_path, _w08_objections("2"))
    assert [f["message"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-VALUE"] == [
        f"公示 第 {n} 行的“异议数”与“收到异议数”是同一项，填写不一致：公示#{n}.异议数 为“0”，公示#{n}.收到异议数 为“2”；"
        f"审计按 公示#{n}.异议数 进行，请核实并删去重复的列。" for n in (1, 2)]


def test_a_matter_not_voted_on_is_no_decision():
    """h156 found-not-fixed 1: 表决方式及结果 未表决 passed PROC-PARTY-MEETING (no word of a vote lost); it took no
    decision, as a vote voted down took none (fixed in session 30; fixture fail_not_voted_on)."""
    from checker.audit.facts.meeting import vote_rejected

    assert [vote_rejected(v) for v in ("未表决", "尚未表决（待下次会议）", "未形成决议", "全票通过；丙公司未表决", "表决通过")] == [
        True, True, True, False, False]


def test_what_the_minutes_decided_after_the_count_is_no_enterprise():
    """h156 found-not-fixed 2: 决议内容 同意甲公司等3家企业认定为市级智能工厂 read 认定为市级智能工厂 as an enterprise
    (不合规: 决议有而公示无); the clause after the count is what was decided of them (fixed in session 30)."""
    from tests.test_hostile_h152 import _found, _w09

    cell = "同意甲公司等3家企业认定为市级智能工厂"
    assert _found(_w09(cell), "DISC-CONTENT-MATCH", "W-09") == {(
        "missing", "needs_review",
        f"公示名单与决议名单无法逐一比对：决议内容“{cell}”（流程节点#8.决议内容）只写出甲公司，其余 2 家未写名称，"
        "公示名单中的乙公司、丙公司无法与之逐一比对；两份名单家数一致（决议名单 3 家，公示名单 3 家）。"
        "写出的名称未见不一致，未写名称的企业是否与另一份名单相同，记录无法判断。")}
    from checker.audit.facts.recommend import proposed_parts

    assert [proposed_parts(text) for text in ("甲公司等3个项目列入支持计划", "甲公司等2家为市级智能工厂；乙公司暂缓",
                                               "甲公司、乙公司等5家企业")] == [
        (["甲公司"], 3), (["甲公司", "乙公司暂缓"], 2), (["甲公司", "乙公司"], 5)]
