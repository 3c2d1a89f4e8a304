"""Run a rule's fixtures (the pass/fail cases stored in its rule file) through the real pipeline.

A fixture's ``input`` is an application record keyed by field names or Chinese headers, exactly as a
JSON input file would carry it; it goes through validation, fact building and both evaluators, so
a fixture tests the rule as a reviewer's data would meet it. ``context`` gives what a row cannot:
the batch's USCCs, the round's window, register entries, the reference date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from checker.facts import BatchContext, Window
from checker.fields import HEADER_INDEX
from checker.models import Fixture, Rule
from checker.parse import normalise_uscc, parse_date
from checker.read import RawCell, RawRecord
from checker.rulebook import Rulebook, compile_rule
from checker.textnorm import header_key
from checker.validate import validate_record


@dataclass
class FixtureResult:
    rule_id: str
    fixture: str
    expected: str
    actual: str
    engine_actual: str
    message: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual == self.engine_actual


def record_from_dict(data: dict, sheet: str = "fixture", row: int = 1) -> RawRecord:
    cells: dict[str, RawCell] = {}
    extra: dict[str, object] = {}
    for key, value in data.items():
        match = HEADER_INDEX.get(header_key(key))
        if match:
            spec, column = match
            cells[spec.name] = RawCell(value, f"{sheet}#{row}.{key}", key, column.unit)
        else:
            extra[key] = value
    return RawRecord(row=row, sheet=sheet, cells=cells, extra=extra)


def context_from_fixture(context: dict) -> tuple[BatchContext, dt.date | None]:
    from checker.registers import CreditRegister, DebarmentRegister

    batch = BatchContext()
    if "batch_usccs" in context:
        batch.uscc_counts = Counter(normalise_uscc(u) for u in context["batch_usccs"])
    if "window" in context:
        start, end = context["window"]
        batch.window = Window(parse_date(start), parse_date(end))
    if "credit" in context:
        batch.credit = CreditRegister.from_rows(context["credit"], "fixture")
    if "debarments" in context:
        batch.debarments = DebarmentRegister.from_rows(context["debarments"], "fixture")
    batch.fund_name = context.get("fund_name")
    as_of = parse_date(context["as_of"]) if "as_of" in context else None
    return batch, as_of


def run_application_fixture(book: Rulebook, rule: Rule, fixture: Fixture) -> FixtureResult:
    from checker.evaluate import build_finding, reference_date
    from checker.facts import build_facts, message_values
    from checker.engine import DurableEvaluator
    from checker.reference import ReferenceEvaluator
    from checker.rulebook import CompiledWorkflow

    application = validate_record(record_from_dict(fixture.input))
    context, as_of = context_from_fixture(fixture.context)
    dummy_workflow = next(iter(book.workflows.values()))
    on = reference_date(application, as_of)[0]
    compiled_rule = compile_rule(rule, on)
    compiled = CompiledWorkflow(dummy_workflow, (compiled_rule,), on, key=f"fixture-{rule.id}-{rule.version}")
    facts = build_facts(application, context, on)
    values = message_values(application, facts, context, on)
    reference = ReferenceEvaluator(compiled).decide(facts)[0]
    engine = DurableEvaluator(compiled).decide(facts)[0]
    finding = build_finding(compiled_rule, reference, application, values)
    engine_finding = build_finding(compiled_rule, engine, application, values)
    return FixtureResult(rule.id, fixture.name, fixture.expect, finding["outcome"], engine_finding["outcome"], finding["message"])


def run_fixture(book: Rulebook, rule: Rule, fixture: Fixture) -> FixtureResult:
    if rule.kind == "application":
        return run_application_fixture(book, rule, fixture)
    from checker.audit.fixtures import run_round_fixture  # round audits (issue 4)

    actual = run_round_fixture(book, rule, fixture)
    return FixtureResult(rule.id, fixture.name, fixture.expect, actual, actual, "")


def run_all_fixtures(book: Rulebook, rule_ids: list[str] | None = None) -> list[FixtureResult]:
    results = []
    for rule_id in rule_ids or sorted(book.rules):
        rule = book.rules[rule_id]
        results.extend(run_fixture(book, rule, fixture) for fixture in rule.fixtures)
    return results
