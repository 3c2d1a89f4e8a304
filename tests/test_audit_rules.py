"""Round rules: the issue's rule ids exist, and the workflow profiles apply what the seeds state.

Fixtures and citations of every rule (round rules included) are checked in test_rule_fixtures.py
and test_rulebook.py.
"""

from checker.core.rulebook import load_rulebook

BOOK = load_rulebook()
ROUND_RULES = sorted((r for r in BOOK.rules.values() if r.kind == "round"), key=lambda r: r.id)
ISSUE_IDS = """PROC-3I1L-PRE PROC-3I1L-PRE-CONSENT PROC-3I1L-REVIEW PROC-3I1L-MID PROC-PARTY-MEETING PROC-3I1L-POST
PROC-3I1L-POST-3D PROC-ESC-CITYGOV PROC-ESC-ORG-DEPT PROC-STEP-ORDER PROC-ELIGIBLE-BEFORE-REVIEW PROC-CREDIT-CHECK
DRAW-SIZE-7 DRAW-BY-ZGK DRAW-BY-FIELD DRAW-RANDOM DISC-REQUIRED DISC-PERIOD DISC-AFTER-DECISION DISC-NO-OBJECTION-GATE
DISC-CONTENT-MATCH ARCH-LIST-8 ARCH-LIST-9-FUNDS""".split()


def test_every_issue_rule_exists_as_round_rule():
    assert sorted(ISSUE_IDS) == sorted(r.id for r in ROUND_RULES)


def test_group_c_check_rules_and_profiles():
    for wid in ("W-12", "W-13", "W-14", "W-15", "W-16"):
        wf = BOOK.workflows[wid]
        assert wf.check_rules == ["APP-TRUTH-PLEDGE", "APP-DISTRICT-RECOMMEND-DOC", "ELIG-CREDIT-CLEAN", "ELIG-NOT-DEBARRED"]
        assert "ARCH-LIST-9-FUNDS" in wf.audit_rules and "PROC-3I1L-PRE-CONSENT" not in wf.audit_rules
    assert BOOK.workflows["W-08"].profile["stages"] == [1, 2]
    assert "PROC-ESC-ORG-DEPT" in BOOK.workflows["W-06"].audit_rules
    assert "PROC-ESC-CITYGOV" in BOOK.workflows["W-07"].audit_rules
    assert BOOK.workflows["W-05"].check_rules[0] == "ELIG-REGION"
