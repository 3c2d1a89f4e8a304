"""Stage 3, evaluate: an application → the finding of every rule of its workflow and a verdict.

The core evaluator decides which branch of each rule a case matches (durable-rules, or the
reference evaluator); this module supplies what is particular to applications: the reference date,
the evidence (values with the cells they came from) and the verdict words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from checker.check.facts import APPLICATION_FACT_FUNCTIONS, ApplicationCase, BatchContext
from checker.check.fields import FieldSet, field_set
from checker.check.plan import CheckPlan
from checker.check.validate import ABSENT, NO_COLUMN, Application
from checker.core.evaluator import Evaluator
from checker.core.findings import CASE_VERDICTS, not_checked_finding, unread_finding, verdict_of
from checker.core.rulebook import Rulebook

VERDICT_ELIGIBLE, VERDICT_INELIGIBLE, VERDICT_REVIEW = CASE_VERDICTS.values()
UNREAD = "该条记录无法读取（见 INP-RECORD），本规则未能审核。"


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
    input_file: str | None = None  # the file the case came from (a batch of several files)
    input_sha256: str | None = None
    # handling ledgers (受理台账): the row's workflow (its 事项) and the applicant's verdict beside
    # the office's (``verdict``)
    workflow_id: str | None = None
    applicant_verdict: str | None = None


def reference_date(application: Application, as_of: dt.date | None, basis: str = "as_of") -> tuple[dt.date, str]:
    """The round's reference date: --as-of, else the application deadline (the --window end),
    else the submission date, else the date the office received it (a handling ledger's 收件日期:
    its handling is judged by the standards of that day, not by later ones), else the latest
    parameter values; the basis is stated in reports."""
    if as_of:
        return as_of, basis
    for name in ("submitted_on", "received_on"):
        given = application.get(name)
        if given.state == "ok":
            return given.value, name
    return dt.date.max, "latest_parameters"


class CaseEvaluator:
    """Evaluates applications of one workflow (or the given rules of it), following the run's
    plan: the rules it checks, those it could not (absent columns), and the round's conditions."""

    def __init__(self, book: Rulebook, workflow_id: str, *, engine: str = "durable", as_of: dt.date | None = None,
                 as_of_basis: str = "as_of", rule_ids: list[str] | None = None, plan: CheckPlan | None = None,
                 parameters: dict | None = None):
        self.book = book
        self.workflow = book.workflow(workflow_id)
        self.plan = plan
        if plan is not None:
            self.rule_ids, self.order = list(plan.checked), list(plan.rule_ids)
            self.extra = plan.compiled_conditions
            self.skipped = {rule_id: not_checked_finding(plan.rules.get(rule_id) or book.rules[rule_id], why)
                            for rule_id, why in plan.not_checked.items()}
        else:
            self.rule_ids = list(rule_ids if rule_ids is not None else self.workflow.check_rules)
            self.order, self.extra, self.skipped = list(self.rule_ids), (), {}
        self.engine = engine
        self.as_of = as_of
        self.as_of_basis = as_of_basis
        self.fields: FieldSet = field_set(book)
        # parameters: values for the fact functions' parameters, over the rule files' (fixtures)
        self.core = Evaluator(book, APPLICATION_FACT_FUNCTIONS, engine=engine, overrides=parameters)

    def reference_date(self, application: Application) -> tuple[dt.date, str]:
        return reference_date(application, self.as_of, self.as_of_basis)

    def evaluate(self, application: Application, context: BatchContext, case_id: str) -> CaseResult:
        on, basis = self.reference_date(application)
        compiled = self.core.compiled(self.workflow, self.rule_ids, on, self.extra)
        findings = list(application.input_findings)
        if application.unreadable:
            # Nothing of the record could be read: no rule can decide, none may pass or fail.
            by_id = {rule.rule.id: unread_finding(rule, UNREAD) for rule in compiled.rules}
        else:
            case = ApplicationCase(application, context, on, self.fields, basis, facts_read(compiled))
            built, decided = self.core.evaluate(case, compiled, findings)
            by_id = {d.compiled.rule.id: d.finding(built.values, evidence(d.compiled.rule.reads, application, self.fields))
                     for d in decided}
            _say_if_not_yet_in_force(by_id.values(), on, self.book)
        # every rule of the run once, in report order; a rule no case could be checked on says so
        findings.extend(by_id[rule_id] if rule_id in by_id else dict(self.skipped[rule_id]) for rule_id in self.order)
        return CaseResult(case_id, application.row, application.sheet, verdict_of(findings), findings, on, basis, application)


_FACTS_READ: dict[int, tuple[object, frozenset[str]]] = {}  # id(compiled workflow) → (it, the facts its rules read)


def facts_read(compiled) -> frozenset[str]:
    """Every fact the compiled workflow's rules read: the same for each of its cases."""
    cached = _FACTS_READ.get(id(compiled))
    if cached is None or cached[0] is not compiled:
        if len(_FACTS_READ) >= 256:
            _FACTS_READ.clear()
        cached = _FACTS_READ[id(compiled)] = (compiled, frozenset().union(*(rule.facts_read for rule in compiled.rules)))
    return cached[1]


def _say_if_not_yet_in_force(findings, on: dt.date, book: Rulebook) -> None:
    """A rule's threshold dated after the reference date is applied as its earliest value (the seeds
    give no older one), and the finding says so: re-checking a 2019 round against the July 2020 duty
    list's threshold is the reviewer's call to make knowingly, never in silence. Only parameters the
    rule's conditions compare with count (a default a register entry overrides does not)."""
    day = on.isoformat()
    for finding in findings:
        dates = finding["parameters_effective_from"]
        if not dates or max(dates.values()) <= day:
            continue
        compared = _compared_parameters(book, finding["rule_id"])
        later = sorted({date for name, date in dates.items() if date > day and name in compared})
        if not later:
            continue
        finding["not_yet_in_force"] = later[0]
        if finding["outcome"] != "fail":
            finding["message"] += f"（参考日期 {day} 早于本规则所用标准的生效日期 {later[0]}，按该标准判定；请核实当时适用的标准。）"
            continue
        # failing a standard that was not yet in force is no ground to refuse: a reviewer decides,
        # and no notice goes to the applicant on it (the office's question, not the applicant's gap)
        finding["message"] += (f"（参考日期 {day} 早于本规则所用标准的生效日期 {later[0]}：该标准当时是否适用，"
                               "须由审核人员确定，本项需人工复核。）")
        # what the finding weighs once a reviewer decides (--overrides): the rule's own severity and grade
        finding["in_force_weight"] = {"severity": finding["severity"], **({"grade": finding["grade"]} if "grade" in finding else {})}
        if finding["severity"] == "blocking":
            finding["severity"] = "review"
        if finding.get("grade") in ("ineligible", "noncompliant"):
            finding["grade"] = "needs_review"
        finding["gap_of"] = "office"


_COMPARED: dict[str, tuple[object, frozenset[str]]] = {}  # rule id → (the rule, its compared parameters)


def _compared_parameters(book: Rulebook, rule_id: str) -> frozenset[str]:
    """The parameters a rule's branch conditions compare facts with ({param: …} in a ``when``)."""
    rule = book.rules.get(rule_id)
    cached = _COMPARED.get(rule_id)
    if cached is None or cached[0] is not rule:  # another rulebook (--rules-dir) may hold another rule of this id
        names: set[str] = set()

        def walk(node) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("param"), str):
                    names.add(node["param"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, (list, tuple)):
                for value in node:
                    walk(value)

        for branch in (rule.branches if rule is not None else ()):
            walk(branch.when.model_dump() if hasattr(branch.when, "model_dump") else branch.when)
        cached = _COMPARED[rule_id] = (rule, frozenset(names))
    return cached[1]


def evidence(fields: list[str], application: Application, known: FieldSet) -> dict[str, Any]:
    """The values a rule read, as shown to the reviewer, with the cell each came from."""
    shown: dict[str, Any] = {}
    sources: dict[str, str] = {}
    values = application.values  # Application.get inlined: every rule of every case reads a few fields
    for name in fields:
        value = values.get(name) or NO_COLUMN
        shown[name] = value.display if value.state != ABSENT else None
        if value.note:
            shown[f"{name}_note"] = value.note
        if value.ref:
            sources[name] = value.ref
        elif name in known.by_name:
            sources[name] = f"{application.sheet} 第 {application.row} 行（无此列或空白）"
    shown["source"] = "; ".join(sources.values())
    if len(sources) > 1:
        shown["sources"] = sources
    return shown
