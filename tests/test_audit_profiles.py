"""Every audited profile has a seed-faithful model round that is compliant, and breaking a required
step fails the intended rule with the grade issue 8 gives it, on every profile that audits the rule.

The model rounds are the base records in rules/cases/rounds/ (one per audited workflow, built from
the profile's seed steps with comfortable margins, the seed lines quoted in each file). A round
rule's fixture is a patch on a base; here each patch is applied to the base of every profile that
uses the rule (or the profiles the fixture lists), and the whole round is audited.
"""

from __future__ import annotations

import pytest

from checker.core.rulebook import load_rulebook
from checker.fixtures import audit_fixture, fixture_profiles

BOOK = load_rulebook()
AUDITED = sorted(w for w, workflow in BOOK.workflows.items() if workflow.audit_rules)
ROUND_RULES = sorted(r for r, rule in BOOK.rules.items() if rule.kind == "round")


class _Base:
    """A fixture-shaped object: a base record with no patch and no context."""

    def __init__(self, base: str):
        self.base, self.patch, self.context, self.input = base, {}, {}, None


def test_every_audited_profile_has_a_model_round():
    assert sorted(name.removesuffix("-compliant") for name in BOOK.bases) == AUDITED


@pytest.mark.parametrize("workflow", AUDITED)
def test_the_model_round_of_every_profile_is_compliant(workflow):
    result = audit_fixture(BOOK, _Base(f"{workflow}-compliant"), workflow=workflow)
    not_passed = [(f["rule_id"], f["outcome"], f.get("grade"), f["message"]) for f in result.findings
                  if f["outcome"] not in ("pass", "not_applicable") or f.get("grade") != "compliant"]
    assert not_passed == []
    assert result.verdict == "compliant"
    assert sorted(f["rule_id"] for f in result.findings) == sorted(BOOK.workflows[workflow].audit_rules)


def _cases():
    for rule_id in ROUND_RULES:
        rule = BOOK.rules[rule_id]
        for fixture in rule.fixtures:
            for profile, expected in fixture_profiles(BOOK, rule, fixture).items():
                yield rule_id, fixture.name, profile, expected


CASES = list(_cases())


def test_fixture_profiles_name_profiles_that_audit_the_rule():
    for rule_id, fixture_name, profile, _ in CASES:
        assert rule_id in BOOK.workflows[profile].audit_rules, (rule_id, fixture_name, profile)


def _expected_grade(rule, fixture, expected: str) -> str | None:
    if expected == fixture.expect and fixture.grade:
        return fixture.grade
    if expected == "missing":
        return "needs_review"
    if expected == "fail":
        return str(rule.parameters[rule.grade_param].values[-1].value)
    if expected == "not_applicable":
        return "compliant"
    return None


@pytest.mark.parametrize("rule_id,fixture_name,profile,expected", CASES,
                         ids=[f"{r}-{f}-{p}" for r, f, p, _ in CASES])
def test_a_fixture_on_the_base_of_every_profile_using_its_rule(rule_id, fixture_name, profile, expected):
    rule = BOOK.rules[rule_id]
    fixture = next(f for f in rule.fixtures if f.name == fixture_name)
    result = audit_fixture(BOOK, fixture, base=f"{profile}-compliant", workflow=profile, label=f"{rule_id}:{fixture_name}")
    finding = next(f for f in result.findings if f["rule_id"] == rule_id)
    assert finding["outcome"] == expected, finding["message"]
    grade = _expected_grade(rule, fixture, expected)
    if grade is not None:
        assert finding["grade"] == grade, finding.get("grade_text")
    if finding["grade"] == "noncompliant":
        assert result.verdict == "noncompliant"
    elif finding["grade"] == "needs_review":
        assert result.verdict in ("needs_review", "noncompliant")
