"""Fact functions that declare their message values (checker/core/evaluator.py FactFunction.values)
are skipped by a workflow none of whose rules reads their facts or quotes those values. That is
only safe if the declaration is complete: here every declared function is watched while every rule
fixture and every bundled sample is checked, and each value name it writes must be declared."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from checker.check import evaluate as evaluate_module
from checker.core.rulebook import load_rulebook
from checker.fixtures import run_all_fixtures
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
DECLARED = [f for f in evaluate_module.APPLICATION_FACT_FUNCTIONS if f.values is not None]


class _Recording(dict):
    """A case's message values, remembering every name written (set, updated or overwritten)."""

    def __init__(self, values: dict, written: set):
        super().__init__(values)
        self.written = written

    def __setitem__(self, key, value):
        self.written.add(key)
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        other = dict(*args, **kwargs)
        self.written.update(other)
        super().update(other)

    def setdefault(self, key, default=None):
        self.written.add(key)
        return super().setdefault(key, default)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Function name → (calls, value names written), over every fixture and sample."""
    seen: dict[str, tuple[list, set]] = {f.name: ([], set()) for f in DECLARED}
    functions = evaluate_module.APPLICATION_FACT_FUNCTIONS
    originals = list(functions)

    def watched(function):
        calls, names = seen[function.name]

        def compute(case, out, **params):
            calls.append(1)
            recording = _Recording(out.values, names)
            out.values = recording
            try:
                function.compute(case, out, **params)
            finally:
                out.values = dict(recording)

        compute.__name__ = function.name
        return dataclasses.replace(function, compute=compute, values=None)  # never skipped while watched

    functions[:] = [watched(f) if f.values is not None else f for f in originals]
    try:
        book = load_rulebook()
        run_all_fixtures(book)
        out = tmp_path_factory.mktemp("samples")
        for sample in sorted((ROOT / "samples" / "check").glob("*.xlsx")) + sorted((ROOT / "samples" / "ledgers").glob("*.xlsx")):
            workflow = re.match(r"([A-Z]-\d\d)", sample.name).group(1)
            result = run_cli("check", sample, "--workflow", workflow, "--out", out / sample.stem, "-q", "--force")
            assert result.exit_code in (0, 1), result.output
    finally:
        functions[:] = originals
    return seen


@pytest.mark.parametrize("function", DECLARED, ids=lambda f: f.name)
def test_every_value_a_skippable_fact_function_writes_is_declared(written, function):
    calls, names = written[function.name]
    assert calls, f"{function.name} never ran on a fixture or a sample: its declaration is untested"
    assert names <= function.values, f"{function.name} writes undeclared values: {sorted(names - function.values)}"


def test_a_w05_batch_skips_the_ledger_monitoring_w04_and_round_list_facts():
    book = load_rulebook()
    evaluator = evaluate_module.CaseEvaluator(book, "W-05")
    import datetime as dt

    compiled = evaluator.core.compiled(evaluator.workflow, evaluator.rule_ids, dt.date(2020, 7, 31), evaluator.extra)
    needed = [f.name for f in evaluator.core.functions if f.needed_by(compiled)]
    # APP-DISTRICT-PRELIM and ELIG-TERRITORIAL-ROUTE read the route's facts; no W-05 rule reads the round's lists
    assert needed == ["column_facts", "judged_facts", "route_facts", "condition_facts"]


@pytest.mark.parametrize("workflow, function", [("N-04", "ledger_facts"), ("L-03", "monitor_facts"),
                                                ("W-04", "w04_facts"), ("W-12", "round_facts"),
                                                ("W-05", "route_facts")])
def test_a_workflow_whose_rules_read_a_functions_facts_runs_it(workflow, function):
    import datetime as dt

    book = load_rulebook()
    evaluator = evaluate_module.CaseEvaluator(book, workflow)
    compiled = evaluator.core.compiled(evaluator.workflow, evaluator.rule_ids, dt.date(2020, 7, 31), evaluator.extra)
    assert function in [f.name for f in evaluator.core.functions if f.needed_by(compiled)]
