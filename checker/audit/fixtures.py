"""Run a round rule's fixture: the input is a round record in its JSON form; ``context`` may give
``workflow`` (whose profile applies; default: the first workflow auditing the rule), ``day_reading``
(calendar | working) and ``ledger_entries`` (entries written to a temporary ledger for DRAW-RANDOM).

Both evaluators decide; the outcome is returned when they agree, else "engine≠reference: a/b" so
the fixture fails visibly.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from checker.models import Fixture, Rule
from checker.rulebook import CompiledWorkflow, Rulebook, compile_rule


def _workflow_for(book: Rulebook, rule: Rule, context: dict):
    if "workflow" in context:
        return book.workflow(context["workflow"])
    for workflow_id in sorted(book.workflows):
        if rule.id in book.workflows[workflow_id].audit_rules:
            return book.workflows[workflow_id]
    return next(iter(book.workflows.values()))


def run_round_fixture(book: Rulebook, rule: Rule, fixture: Fixture, *, with_message: bool = False):
    from checker.audit.evaluate import _branch, reference_date, settings_for
    from checker.audit.facts import RoundContext, build_round_facts
    from checker.audit.read_round import record_from_mapping
    from checker.engine import DurableEvaluator
    from checker.reference import ReferenceEvaluator

    context = dict(fixture.context)
    record = record_from_mapping(fixture.input, source=f"{rule.id}:{fixture.name}")
    workflow = _workflow_for(book, rule, context)
    on = reference_date(record)[0]
    if on == dt.date.max:
        on = dt.date(2100, 1, 1)
    compiled_rule = compile_rule(rule, on)
    compiled = CompiledWorkflow(workflow, (compiled_rule,), on, key=f"roundfixture-{rule.id}-{rule.version}-{on}")
    settings = settings_for([compiled_rule], context.get("day_reading"))
    with tempfile.TemporaryDirectory() as folder:
        ledger_path = None
        if context.get("ledger_entries"):
            from checker import ledger as ledger_mod

            ledger_path = Path(folder) / "ledger.db"
            connection = ledger_mod.open_or_create(ledger_path)
            for entry in context["ledger_entries"]:
                ledger_mod.append(connection, dict(entry))
            connection.close()
        built = build_round_facts(record, workflow.profile, settings, RoundContext(ledger=ledger_path))
    reference = ReferenceEvaluator(compiled).decide(built.facts)[0]
    engine = DurableEvaluator(compiled).decide(built.facts)[0]
    outcome_ref = _branch(compiled_rule, reference)[0]
    outcome_engine = _branch(compiled_rule, engine)[0]
    outcome = outcome_ref if outcome_ref == outcome_engine else f"engine≠reference: {outcome_engine}/{outcome_ref}"
    if with_message:
        from checker.audit.evaluate import build_round_finding

        return outcome, build_round_finding(compiled_rule, reference, reference, built, record, settings)["message"]
    return outcome
