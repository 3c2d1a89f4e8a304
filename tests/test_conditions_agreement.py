"""durable-rules and the reference evaluator agree on generated round conditions, and a conditions
file never costs a new ruleset: values and comparisons vary, the rule shapes do not.

Every example draws four conditions (any type, any comparison that fits it, a value) and an
application whose cells sit on, just inside and just outside each boundary, or are blank,
unreadable or ambiguous.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check.conditions.facts import validate_conditions
from checker.check.conditions.model import TYPES, Condition, RoundConditions, RoundNotice
from checker.check.conditions.values import add_years
from checker.check.context import BatchContext
from checker.check.evaluate import CaseEvaluator
from checker.check.plan import TableColumns, plan_check, reader_aliases
from checker.check.validate import validate_record
from checker.core.engine import DurableEvaluator
from checker.core.rulebook import load_rulebook
from checker.core.text import header_key
from checker.core.values import format_decimal
from checker.io.table import Cell, Row

BOOK = load_rulebook()
ON = dt.date(2021, 6, 30)
SLOTS = 4
WORDS = ["制造业", "软件业", "建筑业", "批发业"]
STEPS = [Decimal(0), Decimal("0.01"), Decimal("-0.01"), Decimal(1), Decimal(-1), Decimal("0.001")]
BAD = st.sampled_from([None, "", "约一千", "待定", "N/A"])


def _bound(ctype: str):
    if ctype in ("amount_wan", "amount_yuan", "number", "percent"):
        return st.decimals(min_value=-10000, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
    if ctype == "share":
        return st.decimals(min_value=0, max_value=100, places=2)
    if ctype == "date":
        return st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
    if ctype == "years":
        return st.integers(min_value=0, max_value=20)
    if ctype == "yesno":
        return st.booleans()
    return st.sampled_from(WORDS)


@st.composite
def conditions(draw, number: int):
    ctype = draw(st.sampled_from(sorted(TYPES)))
    op = draw(st.sampled_from(TYPES[ctype].ops))
    low, high, words = draw(_bound(ctype)), None, ()
    if op == "between":
        other = draw(_bound(ctype))
        low, high = min(low, other), max(low, other)
    if ctype in ("text", "text_list"):
        words = tuple(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True))) if op in ("in", "not_in") else (low,)
        low = words[0]
    condition = Condition(str(number), f"COND-{number}", f"条件{number}", "", (f"列{number}",), ctype, op, low, high, words,
                          severity=draw(st.sampled_from(["blocking", "review", "advisory"])))
    return condition, draw(cell_for(condition))


def cell_for(condition: Condition):
    """A cell on, or one step either side of, an end of the condition (or blank / unreadable)."""
    ends = [condition.low] if condition.high is None else [condition.low, condition.high]
    return st.sampled_from(ends).flatmap(lambda point: _near(condition.ctype, point))


def _near(ctype: str, point):
    if ctype in ("amount_wan", "amount_yuan", "number", "percent", "share"):
        unit = {"amount_wan": "万元", "amount_yuan": "元", "percent": "%", "share": "%"}.get(ctype, "")
        near = st.sampled_from(STEPS).map(lambda step: Decimal(point) + step)
        written = near.flatmap(lambda v: st.sampled_from([
            f"{format_decimal(v)}{unit}", f"{format_decimal(v)}%" if unit == "%" else format_decimal(v),
            float(v) if ctype in ("number", "amount_wan") else f"{format_decimal(v)}{unit}"]))
        return st.one_of(written, BAD)
    if ctype == "date":
        return st.one_of(st.sampled_from([-1, 0, 1, 400]).map(lambda d: (point + dt.timedelta(days=d)).isoformat()), BAD)
    if ctype == "years":
        return st.one_of(st.sampled_from([-1, 0, 1]).map(lambda d: (add_years(ON, -point) + dt.timedelta(days=d)).isoformat()), BAD)
    if ctype == "yesno":
        return st.sampled_from(["是", "否", "待定", None])
    if ctype == "text_list":
        return st.one_of(st.lists(st.sampled_from(WORDS), max_size=3).map("、".join), BAD)
    return st.one_of(st.sampled_from(WORDS), BAD)


def _decide(engine: str, round_conditions: RoundConditions, cells: dict) -> list[dict]:
    aliases, columns = reader_aliases(BOOK, round_conditions)
    every = frozenset({*BOOK.vocabulary.fields, *(c.field for c in columns.values())})
    plan = plan_check(BOOK, "W-12", [TableColumns("generated", every, ())], round_conditions, columns)
    record = Row(2, "generated", {columns[rule_id].field: Cell(value, f"generated!{rule_id}", header, aliases[header_key(header)][1])
                                  for rule_id, (header, value) in cells.items()})
    evaluator = CaseEvaluator(BOOK, "W-12", engine=engine, as_of=ON, plan=plan)
    application = validate_record(record, evaluator.fields)
    validate_conditions(record, application, plan.slots, ON)
    context = BatchContext(conditions=plan.slots, notice=round_conditions.notice)
    return evaluator.evaluate(application, context, "generated").findings


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(*(conditions(n) for n in range(1, SLOTS + 1))))
def test_engine_and_reference_agree_on_generated_conditions_without_new_rulesets(drawn):
    round_conditions = RoundConditions(RoundNotice("X", "", None, None), tuple(c for c, _ in drawn), "generated.yaml", "0" * 64)
    cells = {c.rule_id: (c.headers[0], cell) for c, cell in drawn}
    durable, reference = _decide("durable", round_conditions, cells), _decide("reference", round_conditions, cells)
    assert durable == reference
    outcomes = {f["rule_id"]: f["outcome"] for f in durable}
    assert all(outcomes[c.rule_id] in ("pass", "fail", "missing") for c, _ in drawn)


def test_conditions_files_with_as_many_conditions_share_one_ruleset():
    """Other types, comparisons and values, same number of conditions: no new ruleset."""
    def one(ctype, op, low, high=None, words=()):
        return Condition("1", "COND-1", "条件", "", ("列1",), ctype, op, low, high, words)

    files = [(one("amount_wan", "ge", Decimal(1000)), "1200万元"), (one("share", "between", Decimal(3), Decimal(5)), "4%"),
             (one("text", "in", "制造业", words=("制造业",)), "建筑业"), (one("years", "lt", 3), "2020-01-01")]
    counts = []
    for condition, cell in files:
        _decide("durable", RoundConditions(RoundNotice("X", "", None, None), (condition,), "f.yaml", "1" * 64),
                {"COND-1": ("列1", cell)})
        counts.append(DurableEvaluator.rulesets())
    assert counts[1:] == counts[:1] * 3
