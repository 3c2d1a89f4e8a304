"""Boundary cases of every condition of a file, decided by both evaluators (`fundcheck conditions
check`): the value itself and one step past it (≥ 1000 万元: 1000 passes, 999.99 fails; 满 3 年: the
day three years before the reference date passes, the day after fails; 介于: both ends pass, one
step outside each fails; 属于: a listed word passes, another fails). A file whose conditions do not
decide their own boundaries as written is caught before any application is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from checker.check.conditions.facts import GBT4754_SECTIONS, district_words, industry_column, industry_words, validate_conditions
from checker.check.conditions.model import Condition, RoundConditions
from checker.check.conditions.values import AMOUNT_UNITS, add_years, counts_things
from checker.check.context import BatchContext
from checker.check.evaluate import CaseEvaluator
from checker.check.plan import TableColumns, plan_check, reader_aliases
from checker.check.validate import validate_record
from checker.core.evaluator import ENGINES
from checker.core.rulebook import Rulebook
from checker.core.text import header_key
from checker.core.values import FIRST_YEAR, LAST_YEAR, format_decimal
from checker.io.table import Cell, Row

OTHER = "（所列之外的一项）"


@dataclass(frozen=True)
class Probe:
    rule_id: str
    value: object  # the cell as an application would carry it
    expect: str


@dataclass(frozen=True)
class ProbeResult:
    probe: Probe
    outcomes: dict[str, str]  # engine -> outcome

    @property
    def ok(self) -> bool:
        return set(self.outcomes.values()) == {self.probe.expect}


def reference_date(conditions: RoundConditions) -> dt.date:
    """A date on which every condition is in force: the latest of 发布日期 and the 生效日期."""
    dates = [d for d in (conditions.notice.issued, *(c.effective for c in conditions.conditions)) if d]
    return max(dates) if dates else dt.date(2021, 6, 30)


def probes(condition: Condition, on: dt.date) -> list[Probe]:
    ctype, op = condition.ctype, condition.op
    if ctype in ("text", "text_list"):
        return _text_probes(condition)
    if ctype == "years" and op not in ("eq", "ne"):
        return _years_probes(condition, on)
    if ctype == "yesno":
        same, other = ("是", "否") if condition.low else ("否", "是")
        return [Probe(condition.rule_id, same, "pass" if op == "eq" else "fail"),
                Probe(condition.rule_id, other, "fail" if op == "eq" else "pass")]
    step = _step(condition)
    points = [condition.low] if op != "between" else [condition.low, condition.high]
    cases = []
    for point in points:
        for delta in (-step, 0, step):
            value = _shift(condition, point, delta)
            if value is None:
                continue
            cases.append((value, _holds(condition, point, delta)))
    if ctype == "years":  # = and ≠: a founding date ``value`` whole years before ``on``, if a cell can hold it
        cases = [(value, good) for value, good in cases if _founded(on, value) is not None]
    return [Probe(condition.rule_id, _cell(condition, value, on), "pass" if good else "fail") for value, good in cases]


def _step(condition: Condition):
    if condition.ctype in ("date", "years"):
        return 1
    exponent = min(Decimal(condition.low).normalize().as_tuple().exponent,
                   Decimal(condition.high).normalize().as_tuple().exponent if condition.high is not None else 0, -2)
    return Decimal(1).scaleb(exponent)


def _shift(condition: Condition, point, delta):
    if condition.ctype == "date":
        return point + dt.timedelta(days=delta)
    if condition.ctype == "years":
        return point + delta if point + delta >= 0 else None
    value = Decimal(point) + delta
    if condition.ctype == "share" and not 0 <= value <= 100:
        return None
    if condition.ctype == "number" and value < 0 and counts_things(condition, condition.label):
        return None  # a count below 0 is no figure but an input finding (values.parse_cell): no cell to probe with
    return value


def _holds(condition: Condition, point, delta) -> bool:
    """Does the value point+delta meet the condition? (what the engine must say)"""
    op = condition.op
    if op == "between":
        lower = point == condition.low
        return delta == 0 or (delta > 0 if lower else delta < 0)
    return {"ge": delta >= 0, "gt": delta > 0, "le": delta <= 0, "lt": delta < 0, "eq": delta == 0, "ne": delta != 0}[op]


def _cell(condition: Condition, value, on: dt.date):
    if condition.ctype in AMOUNT_UNITS:
        return f"{format_decimal(value)}{AMOUNT_UNITS[condition.ctype]}"
    if condition.ctype in ("percent", "share"):
        return f"{format_decimal(value)}%"
    if condition.ctype == "number":
        return format_decimal(value)
    if condition.ctype == "years":
        return _founded(on, value).isoformat()  # exactly ``value`` whole years before ``on``
    return value.isoformat()


def _years_probes(condition: Condition, on: dt.date) -> list[Probe]:
    """A 年限 compared to the day: dates whose N-th anniversary is the reference date itself, the day
    before and the day after (a day younger or older than N years), and a whole year either side
    (不超过 3 年: three years and a day fails, where three whole years and a part of the fourth
    passed until the comparison was to the day)."""
    ends = [condition.low] + ([condition.high] if condition.op == "between" else [])
    days = sorted({day for n in ends for day in _around(on, n) if day is not None}, reverse=True)
    return [Probe(condition.rule_id, day.isoformat(), "pass" if _years_hold(condition, day, on) else "fail") for day in days]


def _around(on: dt.date, years: int) -> list[dt.date | None]:
    """Founding dates around the one whose ``years``-th anniversary is ``on`` (None where a cell
    cannot hold the date: 满 150 年 on 2024-06-30 has no probe before 1900, 满 9999 年 none at all)."""
    exact = _founded(on, years)
    around = [exact, _founded(on, years + 1)] + ([_founded(on, years - 1)] if years >= 1 else [])
    if exact is not None:
        around += [_readable(exact - dt.timedelta(days=1)), _readable(exact + dt.timedelta(days=1))]
    return around


def _founded(on: dt.date, years: int) -> dt.date | None:
    """The date ``years`` whole years before ``on``, or None outside the years a date cell is read in."""
    return _readable(add_years(on, -years)) if on.year - years >= FIRST_YEAR else None


def _readable(day: dt.date) -> dt.date | None:
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _years_hold(condition: Condition, founded: dt.date, on: dt.date) -> bool:
    """What the condition means, worked out from the dates themselves: N years since ``founded`` are
    complete on its N-th anniversary (29 February: 28 February in a common year)."""
    def complete(years: int) -> bool:  # N years or more have passed on ``on``
        return add_years(founded, years) <= on

    def more_than(years: int) -> bool:  # strictly more than N years
        return add_years(founded, years) < on

    op, low, high = condition.op, condition.low, condition.high
    return {"ge": lambda: complete(low), "gt": lambda: more_than(low), "le": lambda: not more_than(low),
            "lt": lambda: not complete(low), "between": lambda: complete(low) and not more_than(high)}[op]()


def _text_probes(condition: Condition) -> list[Probe]:
    first, op, listed = condition.words[0], condition.op, condition.ctype == "text_list"
    inside = f"{OTHER}、{first}" if listed else first
    # a cell that is not the word: words naming none (= compares the whole cell); for Weihai's districts, compared
    # by the district a cell names at its start, OTHER itself. Never the word with OTHER after it: = sets a note in
    # brackets aside (制造业（通用设备制造业） is 制造业), so 纺织业（所列之外的一项） was 纺织业 and every = or ≠
    # condition on a word failed its own self-check (h140); nor the word with OTHER's words after it (C34所列之外的一项
    # is a code among words, undecided)
    outside = f"{first}、{OTHER}" if listed else OTHER if district_words(condition.words) else OTHER.strip("（）")
    other = OTHER
    industry = None if listed else industry_words(condition.words, industry_column(condition))
    if industry:
        # words naming industries (GB/T 4754-2017) read a cell naming none as a question for the reviewer (h151): the
        # industry outside is a section none of the words is within (制造业、软件和信息技术服务业: 农、林、牧、渔业)
        letter = next((k for k in GBT4754_SECTIONS if all(node[0] != k for node in industry.values())), None)
        if letter is not None:  # (every section named: no industry is outside, and the 不通过 probe says so)
            outside = other = GBT4754_SECTIONS[letter][0]
    return {
        "eq": [Probe(condition.rule_id, first, "pass"), Probe(condition.rule_id, outside, "fail")],
        "ne": [Probe(condition.rule_id, first + OTHER if listed else outside, "pass"), Probe(condition.rule_id, first, "fail")],
        "in": [Probe(condition.rule_id, inside, "pass"), Probe(condition.rule_id, other, "fail")],
        "not_in": [Probe(condition.rule_id, other, "pass"), Probe(condition.rule_id, inside, "fail")],
    }[op]


def run_probes(book: Rulebook, workflow_id: str, conditions: RoundConditions) -> list[ProbeResult]:
    """Every condition's boundary cases through durable-rules and the reference evaluator."""
    aliases, columns = reader_aliases(book, conditions)
    everything = frozenset({*book.vocabulary.fields, *(c.field for c in columns.values())})
    plan = plan_check(book, workflow_id, [TableColumns("probe", everything, ())], conditions, columns)
    plan.checked, plan.rule_ids = (), tuple(c.rule_id for c in conditions.conditions)
    on = reference_date(conditions)
    context = BatchContext(conditions=plan.slots, notice=conditions.notice)
    evaluators = {engine: CaseEvaluator(book, workflow_id, engine=engine, as_of=on, plan=plan) for engine in ENGINES}
    results = []
    for condition in conditions.conditions:
        field = columns[condition.rule_id].field
        for probe in probes(condition, on):
            record = Row(1, "probe", {field: Cell(probe.value, f"probe!{condition.rule_id}", condition.label,
                                                   aliases.get(header_key(condition.label), (field, None))[1])})
            outcomes = {}
            for engine, evaluator in evaluators.items():
                application = validate_record(record, evaluator.fields)
                validate_conditions(record, application, plan.slots, on)
                found = evaluator.evaluate(application, context, "probe").findings
                outcomes[engine] = next(f["outcome"] for f in found if f["rule_id"] == condition.rule_id)
            results.append(ProbeResult(probe, outcomes))
    return results
