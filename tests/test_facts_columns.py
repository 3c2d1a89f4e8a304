"""column_facts (fact names worked out once per field set) gives exactly the facts, in the same
order, that each field's kind gives through ``_kind_facts`` (the rule spelled out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.check.facts.applicant import _kind_facts, column_facts
from checker.check.fields import field_set
from checker.check.validate import ABSENT, OK, UNREADABLE, Application, Value
from checker.core.evaluator import Facts
from checker.core.rulebook import load_rulebook

BOOK = load_rulebook()
FIELDS = field_set(BOOK)
SPECS = [spec for spec in FIELDS.specs if spec.facts is not None]

_TYPED = {
    "amount": st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e9"), places=4, allow_nan=False),
    "date": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    "count": st.integers(min_value=0, max_value=10_000),
    "yesno": st.booleans(),
    "text": st.text(min_size=1, max_size=5),
}


@st.composite
def applications(draw) -> Application:
    values = {}
    for spec in SPECS:
        state = draw(st.sampled_from([OK, ABSENT, UNREADABLE, "no column"]))
        if state == "no column":
            continue
        typed = draw(_TYPED.get(spec.kind, st.none())) if state == OK else None
        values[spec.name] = Value(state, value=typed)
    return Application(row=2, sheet="申报", values=values, extra={})


class _Case:
    def __init__(self, application, facts_needed=None):
        self.application, self.fields, self.facts_needed = application, FIELDS, facts_needed


def test_every_kind_of_field_is_read():
    assert {spec.kind for spec in SPECS} >= {"amount", "date", "yesno", "text", "count"}


@settings(max_examples=200, deadline=None)
@given(applications())
def test_column_facts_agree_with_each_kind(application):
    expected: dict = {}
    for spec in FIELDS.specs:
        if spec.facts is not None:
            expected.update(_kind_facts(spec, application))
    out = Facts()
    column_facts.compute(_Case(application), out)
    assert list(out.facts.items()) == list(expected.items())


_EXAMPLE = {"amount": Decimal("1"), "date": dt.date(2020, 1, 1), "count": 1, "yesno": True, "text": "x"}


def _every_fact_of(spec) -> list[str]:
    """The names of the facts a field gives (read with a value, so its value fact too)."""
    return list(_kind_facts(spec, Application(2, "s", {spec.name: Value(OK, value=_EXAMPLE[spec.kind])}, {})))


NEEDED = st.sets(st.sampled_from(sorted({name for spec in SPECS for name in _every_fact_of(spec)}))).map(frozenset)


@settings(max_examples=200, deadline=None)
@given(applications(), st.data())
def test_with_the_facts_its_rules_read_a_case_gets_those_fields_facts_and_no_others(application, data):
    """ApplicationCase.facts_needed (the compiled rules' facts): a field none of whose facts a rule
    reads gives none; a field one of whose facts it reads gives all of its facts, as before."""
    needed = data.draw(NEEDED)
    expected: dict = {}
    for spec in SPECS:
        given_facts = _kind_facts(spec, application)
        if needed & set(_every_fact_of(spec)):
            expected.update(given_facts)
    out = Facts()
    column_facts.compute(_Case(application, needed), out)
    assert list(out.facts.items()) == list(expected.items())
