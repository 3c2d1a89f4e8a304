"""Every fixture of every rule, through validation, facts and both evaluators."""

from __future__ import annotations

import pytest

from checker.core.rulebook import load_rulebook
from checker.fixtures import run_fixture

BOOK = load_rulebook()
CASES = [(rule_id, fixture.name) for rule_id, rule in sorted(BOOK.rules.items()) for fixture in rule.fixtures]


@pytest.mark.parametrize("rule_id,fixture_name", CASES, ids=[f"{r}-{f}" for r, f in CASES])
def test_fixture(rule_id, fixture_name):
    rule = BOOK.rules[rule_id]
    fixture = next(f for f in rule.fixtures if f.name == fixture_name)
    result = run_fixture(BOOK, rule, fixture)
    assert (result.actual, result.engine_actual) == (fixture.expect, fixture.expect), result.message
