"""Run a rule's fixtures (the pass/fail cases stored in its rule file) through the commands' own
evaluators, with durable-rules and with the reference evaluator.

An application fixture's ``input`` is a record keyed by field names or Chinese headers, exactly as a
JSON input file would carry it; ``context`` gives what a row cannot (the batch's USCCs, the round's
window, register and list entries, key fields, catalogue entries, ``with_funds``, the reference
date, and ``parameters`` a fact function reads, such as a limit the seeds leave unset). A round fixture is a base record and a patch (or a
whole record); ``context`` may give ``workflow`` (whose profile applies; default: the first workflow
auditing the rule), ``day_reading`` and ``ledger_entries`` (written to a temporary ledger).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checker.audit.evaluate import RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.patch import apply_patch
from checker.audit.record import record_from_mapping
from checker.check.evaluate import CaseEvaluator
from checker.check.facts import BatchContext, Window
from checker.check.fields import FieldSet, field_set
from checker.check.catalogue import catalogue_from_records
from checker.check.conditions.model import RoundNotice
from checker.check.registers import CreditRegister, DebarmentRegister, KeyFields, ListRegister
from checker.check.validate import validate_record
from checker.core.evaluator import DEFAULT_ENGINE, ENGINES
from checker.core.models import Fixture, Rule
from checker.core.rulebook import Rulebook
from checker.core.text import header_key
from checker.core.values import normalise_uscc, parse_date
from checker.draw import ledger as ledger_mod
from checker.io.table import Cell, Row


@dataclass
class FixtureResult:
    rule_id: str
    fixture: str
    expected: str
    actual: str  # the reference evaluator's outcome
    engine_actual: str  # durable-rules' outcome
    message: str
    finding: dict | None = None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual == self.engine_actual


# --- applications ---------------------------------------------------------------------------------


def record_from_dict(data: dict, fields: FieldSet, sheet: str = "fixture", row: int = 1) -> Row:
    cells: dict[str, Cell] = {}
    extra: dict[str, object] = {}
    for key, value in data.items():
        match = fields.aliases.get(header_key(key))
        if match:
            name, unit = match
            cells[name] = Cell(value, f"{sheet}#{row}.{key}", key, unit)
        else:
            extra[key] = value
    return Row(row, sheet, cells, extra)


def context_from_fixture(context: dict) -> tuple[BatchContext, dt.date | None]:
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
    batch.with_funds = bool(context.get("with_funds"))
    if "key_fields" in context:
        batch.key_fields = KeyFields(tuple(context["key_fields"]), "fixture")
    for name, what in (("reserve_pool", "冲击新目标后备库企业名单"), ("recognitions", "认定名单"), ("fraud_findings", "弄虚作假查实名单")):
        if name in context:
            setattr(batch, name, ListRegister.from_records(context[name], "fixture", what))
    if "catalogue" in context:
        batch.catalogue = catalogue_from_records(context["catalogue"], "fixture")
    if "notice" in context:
        batch.notice = RoundNotice(**context["notice"])
    as_of = parse_date(context["as_of"]) if "as_of" in context else None
    return batch, as_of


def _workflow_for(book: Rulebook, rule: Rule, context: dict) -> str:
    if "workflow" in context:
        return context["workflow"]
    for workflow_id in sorted(book.workflows):
        workflow = book.workflows[workflow_id]
        if rule.id in (workflow.check_rules if rule.kind == "application" else workflow.audit_rules):
            return workflow_id
    return sorted(book.workflows)[0]


def _application_findings(book: Rulebook, rule: Rule, fixture: Fixture) -> dict[str, dict]:
    fields = field_set(book)
    batch, as_of = context_from_fixture(fixture.context)
    workflow = _workflow_for(book, rule, fixture.context)
    found = {}
    for engine in FIXTURE_ENGINES:
        application = validate_record(record_from_dict(fixture.input, fields), fields)
        evaluator = CaseEvaluator(book, workflow, engine=engine, as_of=as_of, rule_ids=[rule.id],
                                  parameters=fixture.context.get("parameters"))
        result = evaluator.evaluate(application, batch, "fixture")
        found[engine] = next(f for f in result.findings if f["rule_id"] == rule.id)
    return found


# --- rounds ---------------------------------------------------------------------------------------


def fixture_record(book: Rulebook, fixture: Fixture) -> dict:
    """The round record a fixture describes: its base with its patch, or its whole input."""
    return apply_patch(book.bases[fixture.base], fixture.patch) if fixture.base else fixture.input


def _round_findings(book: Rulebook, rule: Rule, fixture: Fixture) -> dict[str, dict]:
    context = fixture.context
    record = record_from_mapping(fixture_record(book, fixture), book.vocabulary.step_keys, source=f"{rule.id}:{fixture.name}")
    workflow = context.get("workflow") or (record.workflow_id if record.workflow_id in book.workflows else _workflow_for(book, rule, context))
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        ledger_path = None
        if context.get("ledger_entries"):
            ledger_path = Path(folder) / "ledger.db"
            connection = ledger_mod.open_or_create(ledger_path)
            for entry in context["ledger_entries"]:
                ledger_mod.append(connection, dict(entry))
            connection.close()
        for engine in FIXTURE_ENGINES:
            auditor = RoundAuditor(book, engine=engine, day_reading=context.get("day_reading"),
                                   context=RoundContext(ledger=ledger_path), workflow_override=workflow)
            result = auditor.evaluate(record, rule_ids=[rule.id])
            found[engine] = next(f for f in result.findings if f["rule_id"] == rule.id)
    return found


# Both evaluators where durable-rules is installed; the reference alone where it cannot be.
FIXTURE_ENGINES = ENGINES if DEFAULT_ENGINE == "durable" else ("reference",)


def run_fixture(book: Rulebook, rule: Rule, fixture: Fixture) -> FixtureResult:
    runner = _application_findings if rule.kind == "application" else _round_findings
    found = runner(book, rule, fixture)
    reference, durable = found["reference"], found.get("durable", found["reference"])
    return FixtureResult(rule.id, fixture.name, fixture.expect, reference["outcome"], durable["outcome"],
                         reference["message"], reference)


def run_all_fixtures(book: Rulebook, rule_ids: list[str] | None = None) -> list[FixtureResult]:
    results = []
    for rule_id in rule_ids or sorted(book.rules):
        rule = book.rules[rule_id]
        results.extend(run_fixture(book, rule, fixture) for fixture in rule.fixtures)
    return results
