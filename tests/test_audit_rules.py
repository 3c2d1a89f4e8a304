"""Round rules: every fixture decides as expected (both evaluators), every citation is verbatim."""

import re
from pathlib import Path

import pytest

from checker.audit.fixtures import run_round_fixture
from checker.rulebook import load_rulebook

SEEDS = Path("/work/shared/seeds")
BOOK = load_rulebook()
ROUND_RULES = sorted(r for r in BOOK.rules.values() if r.kind == "round") if False else sorted(
    (r for r in BOOK.rules.values() if r.kind == "round"), key=lambda r: r.id)
CASES = [(rule, fixture) for rule in ROUND_RULES for fixture in rule.fixtures]
ISSUE_IDS = """PROC-3I1L-PRE PROC-3I1L-PRE-CONSENT PROC-3I1L-REVIEW PROC-3I1L-MID PROC-PARTY-MEETING PROC-3I1L-POST
PROC-3I1L-POST-3D PROC-ESC-CITYGOV PROC-ESC-ORG-DEPT PROC-STEP-ORDER PROC-ELIGIBLE-BEFORE-REVIEW PROC-CREDIT-CHECK
DRAW-SIZE-7 DRAW-BY-ZGK DRAW-BY-FIELD DRAW-RANDOM DISC-REQUIRED DISC-PERIOD DISC-AFTER-DECISION DISC-NO-OBJECTION-GATE
DISC-CONTENT-MATCH ARCH-LIST-8 ARCH-LIST-9-FUNDS""".split()


def test_every_issue_rule_exists_as_round_rule():
    assert sorted(ISSUE_IDS) == sorted(r.id for r in ROUND_RULES)


@pytest.mark.parametrize("rule,fixture", CASES, ids=[f"{r.id}:{f.name}" for r, f in CASES])
def test_fixture(rule, fixture):
    assert run_round_fixture(BOOK, rule, fixture) == fixture.expect


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("rule", ROUND_RULES, ids=[r.id for r in ROUND_RULES])
def test_citations_verbatim(rule):
    for citation in rule.citation:
        lines = (SEEDS / citation.source).read_text(encoding="utf-8").splitlines()
        first, last = citation.line_range
        assert _squash(citation.quote) in _squash("".join(lines[first - 1:last])), (rule.id, citation.lines)
    for name, parameter in rule.parameters.items():
        for value in parameter.values:
            ref = value.reference
            if ref.lines and ref.quote and (SEEDS / ref.source).exists():
                lines = (SEEDS / ref.source).read_text(encoding="utf-8").splitlines()
                first, _, last = ref.lines.partition("-")
                assert _squash(ref.quote) in _squash("".join(lines[int(first) - 1:int(last or first)])), (rule.id, name)


def test_workflow_citations_verbatim():
    for workflow in BOOK.workflows.values():
        for citation in workflow.citation:
            lines = (SEEDS / citation.source).read_text(encoding="utf-8").splitlines()
            first, last = citation.line_range
            assert _squash(citation.quote) in _squash("".join(lines[first - 1:last])), (workflow.id, citation.lines)


def test_group_c_check_rules_and_profiles():
    for wid in ("W-12", "W-13", "W-14", "W-15", "W-16"):
        wf = BOOK.workflows[wid]
        assert wf.check_rules == ["APP-TRUTH-PLEDGE", "APP-DISTRICT-RECOMMEND-DOC", "ELIG-CREDIT-CLEAN", "ELIG-NOT-DEBARRED"]
        assert "ARCH-LIST-9-FUNDS" in wf.audit_rules and "PROC-3I1L-PRE-CONSENT" not in wf.audit_rules
    assert BOOK.workflows["W-08"].profile["stages"] == [1, 2]
    assert "PROC-ESC-ORG-DEPT" in BOOK.workflows["W-06"].audit_rules
    assert "PROC-ESC-CITYGOV" in BOOK.workflows["W-07"].audit_rules
    assert BOOK.workflows["W-05"].check_rules[0] == "ELIG-REGION"  # untouched keys
