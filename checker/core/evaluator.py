"""The one evaluator: facts → the branch each rule takes → findings, for applications and rounds.

A wing describes a case by *fact functions*: each computes some facts (and the message values that
go with them) from the case, and declares by name the rule parameters it reads (e.g.
``meeting_lead_days``, ``day_reading``). The evaluator

- compiles the wing's rules for the case's reference date, cached by the parameter values in force
  (not by date: a year of rounds under one set of values compiles once);
- hands each fact function the parameters of the rules that read its facts (never a branch on a
  rule id);
- decides with durable-rules (the engine of record) or the plain-Python reference evaluator, and
  should the engine fail on a case, decides that case with the reference and says so
  (ENGINE-FALLBACK) instead of losing it;
- decides again under every other documented reading of a rule (``readings:`` in its file), so a
  finding can say where the reading matters.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from checker.core.conditions import RulebookError
from checker.core.engine import AVAILABLE as DURABLE_AVAILABLE
from checker.core.engine import DEFAULT_ENGINE, DurableEvaluator  # noqa: F401 - DEFAULT_ENGINE re-exported (the CLI reads it from engine)
from checker.core.models import GRADE_WORDS
from checker.core.findings import PLACEHOLDER, add_grade, add_readings, build_finding, engine_fallback_finding
from checker.core.reference import ReferenceEvaluator
from checker.errors import InputError
from checker.core.rulebook import CompiledRule, CompiledWorkflow, Rulebook, compile_workflow, parameter_signature

ENGINES = ("durable", "reference")
# The engine of record where it can be installed; elsewhere (Windows, Python 3.13) the reference
# evaluator of the same compiled rules decides, and every report names the engine that decided.


@dataclass(frozen=True)
class FactFunction:
    """Computes some facts of a case. ``provides`` names them (the timeline and the parameter
    lookup use it); ``params`` are the rule parameters it reads, with their defaults. ``values``,
    when declared, names every message value it may write: then a workflow none of whose rules reads
    its facts or quotes those values never runs it (a W-05 batch skips the handling-ledger, round
    and monitoring facts); undeclared, it always runs."""

    compute: Callable[..., dict[str, Any]]
    provides: tuple[str, ...]
    params: dict[str, Any]
    values: frozenset[str] | None = None

    @property
    def name(self) -> str:
        return self.compute.__name__

    def needed_by(self, compiled: CompiledWorkflow) -> bool:
        """Whether a rule of ``compiled`` may read what this function gives (a fact or a value)."""
        if self.values is None or not self.provides:
            return True
        return bool(compiled.facts_read.intersection(self.provides) or self.values & placeholders(compiled))


def fact_function(*provides: str, values: Iterable[str] | None = None) -> Callable[[Callable], FactFunction]:
    """Declare a fact function: ``@fact_function("mid_state", ...)`` over ``def f(case, out, *,
    meeting_lead_days=3, day_reading="calendar")``; keyword-only arguments are rule parameters;
    ``values``: the message values it writes (see FactFunction)."""

    def wrap(compute: Callable) -> FactFunction:
        params = {
            name: p.default
            for name, p in inspect.signature(compute).parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        return FactFunction(compute, tuple(provides), params, None if values is None else frozenset(values))

    return wrap


_PLACEHOLDERS: dict[int, tuple[CompiledWorkflow, frozenset[str]]] = {}


def placeholders(compiled: CompiledWorkflow) -> frozenset[str]:
    """Every {name} the messages and remedies of the workflow's rules quote."""
    cached = _PLACEHOLDERS.get(id(compiled))
    if cached is None or cached[0] is not compiled:
        texts = []
        for rule in compiled.rules:
            texts += [rule.rule.default_message.message, rule.rule.default_message.remedy]
            texts += [text for branch in rule.branches for text in (branch.message, branch.remedy)]
        names = frozenset(name for text in texts if text for name in PLACEHOLDER.findall(text))
        cached = _PLACEHOLDERS[id(compiled)] = (compiled, names)
    return cached[1]


@dataclass
class Facts:
    """What fact functions produce: typed facts for the engine, text values for the messages,
    and anything else the wing's report needs (e.g. computed deadlines)."""

    facts: dict[str, Any] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    extras: dict[str, list] = field(default_factory=dict)

    def add(self, key: str, item: Any) -> None:
        self.extras.setdefault(key, []).append(item)


@dataclass
class Decided:
    """One rule's decision on a case: the branch under the reading applied, and under the others."""

    compiled: CompiledRule
    decision: int | None
    applied: dict[str, str]  # reading parameter -> value applied
    others: list[tuple[dict[str, str], int | None]]
    fixed: bool = False  # the reading was fixed by the user (e.g. --day-reading), not the rule's default
    grade_value: str | None = None  # the rule's grade parameter in force (after overrides)

    @property
    def reading_text(self) -> str:
        """The reading applied, in words ("" for a rule without a documented reading)."""
        words = self.compiled.rule.readings
        return "，".join(words[name][value] for name, value in self.applied.items()) or (self.compiled.rule.reading or "")

    def finding(self, values: dict[str, str], evidence: dict[str, Any]) -> dict:
        found = build_finding(self.compiled, self.decision, values, evidence)
        if self.compiled.rule.reading:
            found["reading"] = self.compiled.rule.reading
        if self.applied:
            add_readings(found, self.compiled, self.applied, self.others)
        add_grade(found, self.compiled, self.decision, self.others, fixed=self.fixed, grade_value=self.grade_value)
        return found


def parameters_for(function: FactFunction, compiled: Iterable[CompiledRule], overrides: dict[str, Any]) -> dict[str, Any]:
    """The values of a fact function's parameters: from the rules that read a fact it provides
    (two such rules disagreeing on a value is a rulebook error), then ``overrides`` (the command
    line, or a reading being tried), else the function's default."""
    values = dict(function.params)
    chosen: dict[str, tuple[str, Any]] = {}
    for rule in compiled:
        if not rule.facts_read.intersection(function.provides):
            continue
        for name in function.params:
            if name in rule.parameter_values:
                value = rule.parameter_values[name]
                if name in chosen and chosen[name][1] != value:
                    raise RulebookError(
                        f"{function.name} reads parameter {name}: {chosen[name][0]} says {chosen[name][1]!r}, {rule.rule.id} says {value!r}"
                    )
                chosen[name] = (rule.rule.id, value)
    values.update({name: value for name, (_, value) in chosen.items()})
    values.update({name: value for name, value in overrides.items() if name in values})
    return values


def run_fact_functions(functions: Iterable[FactFunction], case: Any, compiled: Iterable[CompiledRule],
                       overrides: dict[str, Any], parameters: list[dict[str, Any]] | None = None) -> Facts:
    """Every fact function on the case; ``parameters`` (one dict per function) when already known."""
    compiled = tuple(compiled)
    functions = list(functions)
    if parameters is None:
        parameters = [parameters_for(function, compiled, overrides) for function in functions]
    out = Facts()
    for function, values in zip(functions, parameters):
        function.compute(case, out, **values)
    return out


# Compiled workflows and deciders are shared by every Evaluator of the process: an audit run, or a
# fixture run that makes an evaluator per fixture, compiles a parameter set once and registers one
# durable-rules ruleset per set (rulesets cannot be removed from the engine's host).


class Evaluator:
    """Decides the cases of one wing; compiles and builds deciders once per parameter set."""

    def __init__(self, book: Rulebook, functions: list[FactFunction], *, engine: str = "durable",
                 overrides: dict[str, Any] | None = None):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        if engine == "durable" and not DURABLE_AVAILABLE:
            raise InputError("本机未安装 durable-rules（Windows 与 Python 3.13 上无法安装）：请用 --engine reference，参考实现按同一规则库判定。")
        self.book = book
        self.functions = functions
        self.engine = engine
        self.overrides = dict(overrides or {})
        self._signatures: dict[tuple, dict[Any, CompiledWorkflow]] = {}
        self._compiled: dict[tuple, CompiledWorkflow] = {}
        self._deciders: dict[str, Any] = {}
        self._parameters: dict[int, tuple[CompiledWorkflow, list[FactFunction], list[dict[str, Any]]]] = {}
        self._rule_settings: dict[int, tuple[CompiledWorkflow, list]] = {}

    # -- compilation and deciders ----------------------------------------------------------------
    def compiled(self, workflow, rule_ids: list[str], on: dt.date, extra: tuple[CompiledRule, ...] = ()) -> CompiledWorkflow:
        """The workflow's rules in force on ``on`` (compiled once per set of parameter values), then
        the ``extra`` rules the wing compiled itself (a round's conditions), in that order."""
        ids = tuple(rule_ids)
        extra_key = tuple(id(rule) for rule in extra)
        by_date = self._signatures.setdefault((workflow.id, ids, extra_key), {})
        if on not in by_date:
            key = (workflow.id, ids, parameter_signature(self.book, ids, on), extra_key)
            if key not in self._compiled:
                self._compiled[key] = compile_workflow(self.book, workflow, list(ids), on, extra)
            by_date[on] = self._compiled[key]
        return by_date[on]

    def _decider(self, compiled: CompiledWorkflow):
        if compiled.key not in self._deciders:
            self._deciders[compiled.key] = (
                DurableEvaluator.shared(compiled) if self.engine == "durable" else ReferenceEvaluator(compiled)
            )
        return self._deciders[compiled.key]

    def decide(self, compiled: CompiledWorkflow, facts: dict[str, Any], notes: list[dict]) -> list[int | None]:
        """The branch of every rule. Should durable-rules fail on one case, the batch goes on: the
        case is decided by the reference evaluator and carries an ENGINE-FALLBACK finding."""
        try:
            return self._decider(compiled).decide(facts)
        except Exception as error:  # the engine is C code with known crash modes; never lose a case
            if self.engine != "durable":
                raise
            if not any(n["rule_id"] == "ENGINE-FALLBACK" for n in notes):
                notes.append(engine_fallback_finding(error))
            return ReferenceEvaluator(compiled).decide(facts)

    # -- a case ----------------------------------------------------------------------------------
    def facts(self, case: Any, compiled: CompiledWorkflow, overrides: dict[str, Any] | None = None) -> Facts:
        if overrides:
            return run_fact_functions(self.functions, case, compiled.rules, {**self.overrides, **overrides})
        # the functions its rules need, and their parameters, depend on the compiled rules only:
        # worked out once for them
        cached = self._parameters.get(id(compiled))
        if cached is None or cached[0] is not compiled:
            needed = [f for f in self.functions if f.needed_by(compiled)]
            cached = (compiled, needed, [parameters_for(f, compiled.rules, self.overrides) for f in needed])
            self._parameters[id(compiled)] = cached
        return run_fact_functions(cached[1], case, compiled.rules, self.overrides, cached[2])

    def evaluate(self, case: Any, compiled: CompiledWorkflow, notes: list[dict]) -> tuple[Facts, list[Decided]]:
        """Facts of the case and the decision of every rule under every documented reading."""
        built = self.facts(case, compiled)
        decisions = self.decide(compiled, built.facts, notes)
        alternatives = self._other_readings(case, compiled, built, notes)
        return built, [Decided(rule, decision, applied, list(alternatives.get(rule.rule.id, ())), fixed, grade)
                       for (rule, applied, fixed, grade), decision in zip(self._settings(compiled), decisions)]

    def _settings(self, compiled: CompiledWorkflow) -> list[tuple[CompiledRule, dict[str, str], bool, str | None]]:
        """Each rule's reading applied, whether the user fixed it, and its grade in force: the same
        for every case of a compiled workflow (they depend on the rules and the overrides only), so
        worked out once for it, not once per case and rule."""
        cached = self._rule_settings.get(id(compiled))
        if cached is None or cached[0] is not compiled:
            settings = [(rule, self._applied_readings(rule), any(name in self.overrides for name in rule.rule.readings),
                         self._grade_value(rule)) for rule in compiled.rules]
            cached = self._rule_settings[id(compiled)] = (compiled, settings)
        return cached[1]

    def _grade_value(self, rule: CompiledRule) -> str | None:
        """The rule's grade parameter in force; an override by name wins, as command-line readings do."""
        name = rule.rule.grade_param
        if name is None:
            return None
        value = str(self.overrides.get(name, rule.parameter_values[name]))
        if value not in GRADE_WORDS[rule.rule.kind]:
            raise RulebookError(f"{rule.rule.id}: {name}={value!r} is not one of {', '.join(GRADE_WORDS[rule.rule.kind])}")
        return value

    def _applied_readings(self, rule: CompiledRule) -> dict[str, str]:
        return {name: str(self.overrides.get(name, rule.parameter_values[name])) for name in rule.rule.readings}

    def _other_readings(self, case, compiled: CompiledWorkflow, built: Facts, notes: list[dict]) -> dict[str, list]:
        """rule id -> [(reading combination, the rule's decision under it)]; each distinct
        combination is built and decided once, re-running only the fact functions it affects."""
        wanted: dict[tuple, list[str]] = {}
        for rule in compiled.rules:
            readings = rule.rule.readings
            if not readings:
                continue
            applied = self._applied_readings(rule)
            for values in itertools.product(*(list(words) for words in readings.values())):
                combo = dict(zip(readings, values))
                if combo != applied:
                    wanted.setdefault(tuple(sorted(combo.items())), []).append(rule.rule.id)
        result: dict[str, list] = {}
        if not wanted:
            return result
        # Only the rules with readings are decided again, as a workflow of their own (the same
        # engine, a much smaller ruleset).
        subset = self.compiled(compiled.workflow, [r.rule.id for r in compiled.rules if r.rule.readings], compiled.on)
        position = {rule.rule.id: index for index, rule in enumerate(subset.rules)}
        for combo_items, rule_ids in wanted.items():
            combo = dict(combo_items)
            affected = [f for f in self.functions if set(f.params) & set(combo)]
            changed = run_fact_functions(affected, case, compiled.rules, {**self.overrides, **combo})
            decisions = self.decide(subset, {**built.facts, **changed.facts}, notes)
            for rule_id in rule_ids:
                readings = compiled_rule(compiled, rule_id).rule.readings
                result.setdefault(rule_id, []).append(({name: combo[name] for name in readings}, decisions[position[rule_id]]))
        return result


def compiled_rule(compiled: CompiledWorkflow, rule_id: str) -> CompiledRule:
    return next(rule for rule in compiled.rules if rule.rule.id == rule_id)
