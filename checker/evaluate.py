"""Stage 3, evaluate: an application → the finding of every rule of its workflow and a verdict.

The engine (durable-rules, the engine of record) or the reference evaluator decides which branch of
each rule a case matches; this module turns those decisions into findings a reviewer can act on:
outcome, a Chinese message with the value found, the evidence with its cell, the parameters in
force, the citation, what to do. Both evaluators go through the same finding builder, so any
difference between them shows as a difference in findings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from checker.facts import BatchContext, build_facts, message_values
from checker.fields import FIELD_BY_NAME
from checker.rulebook import CompiledRule, CompiledWorkflow, Rulebook, compile_workflow
from checker.validate import ABSENT, Application

VERDICT_ELIGIBLE, VERDICT_INELIGIBLE, VERDICT_REVIEW = "eligible", "ineligible", "needs_review"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class CaseResult:
    case_id: str
    row: int
    sheet: str
    verdict: str
    findings: list[dict]
    reference_date: dt.date
    reference_basis: str
    application: Application


def verdict_of(findings: list[dict]) -> str:
    """Contract: a blocking fail → ineligible; a review fail, or missing data on a blocking or
    review rule → needs_review; advisory findings never change the verdict."""
    blocking_fail = any(f["outcome"] == "fail" and f["severity"] == "blocking" for f in findings)
    if blocking_fail:
        return VERDICT_INELIGIBLE
    review = any(
        (f["outcome"] == "fail" and f["severity"] == "review")
        or (f["outcome"] == "missing" and f["severity"] in ("blocking", "review"))
        for f in findings
    )
    return VERDICT_REVIEW if review else VERDICT_ELIGIBLE


def reference_date(application: Application, as_of: dt.date | None, basis: str = "as_of") -> tuple[dt.date, str]:
    """The round's reference date: --as-of, else the application deadline (the --window end),
    else the submission date, else the latest parameter values; the basis is stated in reports."""
    if as_of:
        return as_of, basis
    submitted = application.get("submitted_on")
    if submitted.state == "ok":
        return submitted.value, "submitted_on"
    return dt.date.max, "latest_parameters"


class CaseEvaluator:
    """Evaluates applications of one workflow; compiles (and caches) per reference date."""

    def __init__(self, book: Rulebook, workflow_id: str, *, engine: str = "durable", as_of: dt.date | None = None,
                 as_of_basis: str = "as_of"):
        self.book = book
        self.workflow = book.workflow(workflow_id)
        self.engine = engine
        self.as_of = as_of
        self.as_of_basis = as_of_basis
        self._by_date: dict[dt.date, CompiledWorkflow] = {}
        self._evaluators: dict[str, Any] = {}

    def reference_date(self, application: Application) -> tuple[dt.date, str]:
        return reference_date(application, self.as_of, self.as_of_basis)

    def compiled(self, on: dt.date) -> CompiledWorkflow:
        if on not in self._by_date:
            self._by_date[on] = compile_workflow(self.book, self.workflow, self.workflow.check_rules, on)
        return self._by_date[on]

    def _decider(self, compiled: CompiledWorkflow):
        if compiled.key not in self._evaluators:
            if self.engine == "durable":
                from checker.engine import DurableEvaluator

                self._evaluators[compiled.key] = DurableEvaluator(compiled)
            else:
                from checker.reference import ReferenceEvaluator

                self._evaluators[compiled.key] = ReferenceEvaluator(compiled)
        return self._evaluators[compiled.key]

    def _decide(self, compiled: CompiledWorkflow, facts: dict, findings: list[dict]) -> list[int | None]:
        """The engine's decisions. Should durable-rules fail on one case, the batch goes on: that
        case is decided by the reference evaluator and says so in an ENGINE-FALLBACK finding."""
        try:
            return self._decider(compiled).decide(facts)
        except Exception as error:  # the engine is C code with known crash modes; never lose a case
            if self.engine != "durable":
                raise
            from checker.reference import ReferenceEvaluator

            findings.append(engine_fallback_finding(error))
            return ReferenceEvaluator(compiled).decide(facts)

    def evaluate(self, application: Application, context: BatchContext, case_id: str) -> CaseResult:
        on, basis = self.reference_date(application)
        compiled = self.compiled(on)
        findings = list(application.input_findings)
        if application.unreadable:
            # Nothing of the record could be read: no rule can decide, none may pass or fail.
            findings.extend(unread_finding(rule) for rule in compiled.rules)
        else:
            facts = build_facts(application, context, on)
            decisions = self._decide(compiled, facts, findings)
            values = message_values(application, facts, context, on)
            findings.extend(
                build_finding(rule, decision, application, values) for rule, decision in zip(compiled.rules, decisions)
            )
        return CaseResult(case_id, application.row, application.sheet, verdict_of(findings), findings, on, basis, application)


def build_finding(compiled: CompiledRule, decision: int | None, application: Application, values: dict[str, str]) -> dict:
    rule = compiled.rule
    if decision is None:
        outcome, template, remedy = rule.default, rule.default_message.message, rule.default_message.remedy
    else:
        branch = compiled.branches[decision]
        outcome, template, remedy = branch.outcome, branch.message, branch.remedy
    fill = {**values, **compiled.parameters_used}
    static = _static_parts(compiled)
    finding = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "title": dict(static["title"]),
        "severity": rule.severity,
        "outcome": outcome,
        "message": _fill(template, fill),
        "remedy": _fill(remedy, fill) if remedy and outcome in ("fail", "missing") else None,
        "why": rule.why,
        "evidence": evidence(rule.reads, application),
        "parameters": dict(compiled.parameters_used),
        "parameters_effective_from": dict(compiled.parameter_dates),
        "citation": dict(static["citation"]),
    }
    if "citations" in static:
        finding["citations"] = [dict(c) for c in static["citations"]]
    return finding


_STATIC: dict[int, dict] = {}


def _static_parts(compiled: CompiledRule) -> dict:
    """The parts of a finding that depend only on the rule, built once per compiled rule."""
    key = id(compiled.rule)
    if key not in _STATIC:
        rule = compiled.rule
        parts = {"title": {"zh": rule.title.zh, "en": rule.title.en}, "citation": rule.citation[0].model_dump()}
        if len(rule.citation) > 1:
            parts["citations"] = [c.model_dump() for c in rule.citation]
        _STATIC[key] = parts
    return _STATIC[key]


def engine_fallback_finding(error: Exception) -> dict:
    return {
        "rule_id": "ENGINE-FALLBACK",
        "title": {"zh": "规则引擎异常，已用参考实现判定", "en": "Rule engine failed; decided by the reference evaluator"},
        "severity": "review",
        "outcome": "fail",
        "message": f"durable-rules 在本申报上出错（{type(error).__name__}: {error}），各规则结果由同一规则库的参考实现判定，请复核。",
        "remedy": None,
        "evidence": {"error": f"{type(error).__name__}: {error}", "source": ""},
        "parameters": {},
        "citation": {"source": "engine-notes.md", "lines": "", "quote": "a plain-Python reference evaluator kept in agreement"},
    }


def unread_finding(compiled: CompiledRule) -> dict:
    rule = compiled.rule
    return {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "title": dict(_static_parts(compiled)["title"]),
        "severity": rule.severity,
        "outcome": "missing",
        "message": "该条记录无法读取（见 INP-RECORD），本规则未能审核。",
        "remedy": None,
        "why": rule.why,
        "evidence": {"source": ""},
        "parameters": dict(compiled.parameters_used),
        "parameters_effective_from": dict(compiled.parameter_dates),
        "citation": rule.citation[0].model_dump(),
    }


def evidence(fields: list[str], application: Application) -> dict[str, Any]:
    """The values a rule read, as shown to the reviewer, with the cell each came from."""
    shown: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in fields:
        value = application.get(name)
        shown[name] = value.display if value.state != ABSENT else None
        if value.note:
            shown[f"{name}_note"] = value.note
        if value.ref:
            sources[name] = value.ref
        elif name in FIELD_BY_NAME:
            sources[name] = f"{application.sheet} 第 {application.row} 行（无此列或空白）"
    shown["source"] = "; ".join(sources.values())
    if len(sources) > 1:
        shown["sources"] = sources
    return shown


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "空白") or "空白", template)
