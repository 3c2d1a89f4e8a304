"""Round record → the finding of every audit rule of its workflow, a verdict and a timeline.

Decisions come from the engine of record (durable-rules) or the reference evaluator, through the
same finding builder. Time rules state the reading applied; where the other day reading (calendar
vs working days) would decide differently, the finding says so (``other_reading``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.facts import READING_FACTS, BuiltFacts, RoundContext, Settings, build_round_facts
from checker.audit.read_round import (SHEET_ARCHIVE, SHEET_DISC, SHEET_DRAW, STEP_KEYS, RoundRecord, input_finding)
from checker.calendar import CALENDAR, READING_ZH, READINGS
from checker.errors import InputError
from checker.rulebook import CompiledRule, CompiledWorkflow, Rulebook, compile_workflow

VERDICT_COMPLIANT, VERDICT_NONCOMPLIANT, VERDICT_REVIEW = "compliant", "noncompliant", "needs_review"
VERDICT_ZH = {VERDICT_COMPLIANT: "合规", VERDICT_NONCOMPLIANT: "不合规", VERDICT_REVIEW: "需复核"}
OUTCOME_ZH = {"pass": "通过", "fail": "不通过", "missing": "缺失（无法判断）", "not_applicable": "不适用"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
MID_RULE, POST_RULE, DISC_PERIOD_RULE = "PROC-3I1L-MID", "PROC-3I1L-POST-3D", "DISC-PERIOD"
SHEET_FOR_PREFIX = {"DRAW-": SHEET_DRAW, "DISC-": SHEET_DISC, "ARCH-": SHEET_ARCHIVE}


@dataclass
class RoundResult:
    round_id: str
    workflow: str
    source: str
    verdict: str
    findings: list[dict]
    reference_date: dt.date
    reference_basis: str
    readings: dict[str, str]
    timeline: list[dict]
    deadlines: list[dict]
    record: RoundRecord
    sha256: str
    not_checked: list[str] = field(default_factory=list)


def verdict_of(findings: list[dict]) -> str:
    """The case rule of the contract in the round's words: a blocking fail → noncompliant; a
    review fail, or missing on a blocking/review rule → needs_review."""
    from checker.evaluate import VERDICT_ELIGIBLE, VERDICT_INELIGIBLE
    from checker.evaluate import verdict_of as case_verdict

    words = {VERDICT_INELIGIBLE: VERDICT_NONCOMPLIANT, VERDICT_ELIGIBLE: VERDICT_COMPLIANT}
    return words.get(case_verdict(findings), VERDICT_REVIEW)


def required_sheets(rule_ids: list[str]) -> set[str]:
    return {sheet for rule_id in rule_ids for prefix, sheet in SHEET_FOR_PREFIX.items() if rule_id.startswith(prefix)}


def settings_for(compiled: CompiledWorkflow | list[CompiledRule], day_reading: str | None) -> Settings:
    rules = compiled.rules if isinstance(compiled, CompiledWorkflow) else compiled
    settings = Settings()
    for rule in rules:
        params = rule.parameters_used
        if rule.rule.id == MID_RULE:
            settings.mid_lead_days = int(params.get("meeting_lead_days", settings.mid_lead_days))
            settings.mid_reading = day_reading or params.get("day_reading", CALENDAR)
        if rule.rule.id == POST_RULE:
            settings.post_days = int(params.get("post_meeting_days", settings.post_days))
            settings.post_reading = day_reading or params.get("day_reading", CALENDAR)
    for reading in (settings.mid_reading, settings.post_reading):
        if reading not in READINGS:
            raise InputError(f"unknown day reading {reading!r}; use calendar or working")
    return settings


def reference_date(record: RoundRecord) -> tuple[dt.date, str]:
    """Parameters in force on the first 党组会, else the notice date, else the latest values."""
    for key, basis in (("meeting", "党组会日期"), ("notice", "申报通知日期")):
        dates = sorted(s.date for s in record.steps_of(key) if s.date)
        if dates:
            return dates[0], basis
    return dt.date.max, "最新参数（记录无党组会或通知日期）"


class RoundAuditor:
    """Audits round records; compiles (and caches) each workflow per reference date."""

    def __init__(self, book: Rulebook, *, engine: str = "durable", day_reading: str | None = None,
                 context: RoundContext | None = None, workflow_override: str | None = None):
        if day_reading is not None and day_reading not in READINGS:
            raise InputError(f"unknown day reading {day_reading!r}; use calendar or working")
        self.book = book
        self.engine = engine
        self.day_reading = day_reading
        self.context = context or RoundContext()
        self.workflow_override = workflow_override
        self._compiled: dict[tuple[str, dt.date], CompiledWorkflow] = {}
        self._deciders: dict[str, Any] = {}

    def workflow_of(self, record: RoundRecord):
        workflow_id = self.workflow_override or record.workflow_id
        if not workflow_id:
            raise InputError(f"{record.source}: sheet 轮次 gives no 流程类型 (e.g. W-06); give it or use --workflow")
        workflow = self.book.workflow(workflow_id)
        if not workflow.audit_rules:
            raise InputError(f"workflow {workflow_id} has no audit rules (fundcheck workflows list shows the profiles)")
        return workflow

    def check_sheets(self, record: RoundRecord) -> None:
        workflow = self.workflow_of(record)
        for sheet in sorted(required_sheets(workflow.audit_rules)):
            if sheet not in record.sheets_present:
                raise InputError(f"{record.source}: workflow {workflow.id} needs sheet {sheet!r}, which the round record lacks")

    def compiled(self, workflow, on: dt.date) -> CompiledWorkflow:
        key = (workflow.id, on)
        if key not in self._compiled:
            self._compiled[key] = compile_workflow(self.book, workflow, workflow.audit_rules, on)
        return self._compiled[key]

    def decider(self, compiled: CompiledWorkflow):
        if compiled.key not in self._deciders:
            if self.engine == "durable":
                from checker.engine import DurableEvaluator

                self._deciders[compiled.key] = DurableEvaluator(compiled)
            else:
                from checker.reference import ReferenceEvaluator

                self._deciders[compiled.key] = ReferenceEvaluator(compiled)
        return self._deciders[compiled.key]

    def evaluate(self, record: RoundRecord) -> RoundResult:
        workflow = self.workflow_of(record)
        on, basis = reference_date(record)
        compiled = self.compiled(workflow, on)
        settings = settings_for(compiled, self.day_reading)
        built = build_round_facts(record, workflow.profile, settings, self.context)
        decider = self.decider(compiled)
        decisions = decider.decide(built.facts)
        alt_decisions = None
        if built.alternative and any(built.facts.get(k) != v for k, v in built.alternative.items()):
            alt_decisions = decider.decide({**built.facts, **built.alternative})
        findings = list(record.input_findings)
        findings.extend(_disclosure_conflicts(record, workflow.profile))
        for index, rule in enumerate(compiled.rules):
            alt = alt_decisions[index] if alt_decisions is not None else decisions[index]
            findings.append(build_round_finding(rule, decisions[index], alt, built, record, settings))
        readings = {
            MID_RULE: f"{READING_ZH[settings.mid_reading]}，会前 {settings.mid_lead_days} 天",
            POST_RULE: f"{READING_ZH[settings.post_reading]}，会后 {settings.post_days} 天（届满日为休息日顺延至下一工作日）",
            DISC_PERIOD_RULE: "工作日口径，首尾两日均计入",
        }
        return RoundResult(
            round_id=record.round_id,
            workflow=workflow.id,
            source=record.source,
            verdict=verdict_of(findings),
            findings=findings,
            reference_date=on,
            reference_basis=basis,
            readings={k: v for k, v in readings.items() if k in workflow.audit_rules},
            timeline=build_timeline(record, findings, built),
            deadlines=built.deadlines,
            record=record,
            sha256=record.sha256,
            not_checked=list(workflow.not_checked),
        )


def build_round_finding(compiled: CompiledRule, decision: int | None, alt_decision: int | None, built: BuiltFacts,
                        record: RoundRecord, settings: Settings) -> dict:
    rule = compiled.rule
    outcome, template, remedy = _branch(compiled, decision)
    fill = {**built.values, **compiled.parameters_used}
    finding = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "severity": rule.severity,
        "outcome": outcome,
        "message": _fill(template, fill),
        "remedy": _fill(remedy, fill) if remedy and outcome in ("fail", "missing") else None,
        "why": rule.why,
        "evidence": evidence(rule.reads, record, built),
        "parameters": dict(compiled.parameters_used),
        "parameters_effective_from": dict(compiled.parameter_dates),
        "citation": rule.citation[0].model_dump(),
    }
    if len(rule.citation) > 1:
        finding["citations"] = [c.model_dump() for c in rule.citation]
    reading_key = _reading_of(compiled)
    if reading_key:
        applied = getattr(settings, reading_key)
        other = [r for r in READINGS if r != applied][0]
        finding["reading"] = READING_ZH[applied]
        alt_outcome, _, _ = _branch(compiled, alt_decision)
        finding["other_reading"] = {"reading": READING_ZH[other], "outcome": alt_outcome, "differs": alt_outcome != outcome}
        if alt_outcome != outcome:
            finding["message"] += f"（按{READING_ZH[other]}结果为“{OUTCOME_ZH[alt_outcome]}”。）"
    elif rule.id == DISC_PERIOD_RULE:
        finding["reading"] = "工作日口径，首尾两日均计入"
    return finding


def _reading_of(compiled: CompiledRule) -> str | None:
    for fact, setting in READING_FACTS.items():
        if fact in compiled.facts_read:
            return setting
    return None


def _branch(compiled: CompiledRule, decision: int | None) -> tuple[str, str, str | None]:
    rule = compiled.rule
    if decision is None:
        return rule.default, rule.default_message.message, rule.default_message.remedy
    branch = compiled.branches[decision]
    return branch.outcome, branch.message, branch.remedy


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "（空）") or "（空）", template)


def evidence(reads: list[str], record: RoundRecord, built: BuiltFacts) -> dict[str, Any]:
    """What the rule read, with the cells: reads are "流程节点.<节点>", "专家抽取", "公示", "归档", "轮次.<列>"."""
    shown: dict[str, Any] = {}
    sources: list[str] = []
    for read in reads:
        sheet, _, item = read.partition(".")
        if sheet == "流程节点" and item in STEP_KEYS:
            steps = record.steps_of(STEP_KEYS[item])
            if not steps:
                shown[item] = None
                sources.append(f"流程节点（无“{item}”行）")
            for step in steps:
                label = item if step.stage is None else f"{item}（第{step.stage}阶段）"
                shown[label] = step.date.isoformat() if step.date else step.row.text("date") or None
                sources.append(step.ref)
        elif sheet == "轮次":
            if record.round_row is not None:
                name = {"项目领域": "field", "是否涉及资金": "has_funds"}.get(item, item)
                shown[item] = record.round_row.text(name) or None
                sources.append(record.round_row.ref(name))
        elif sheet == "专家抽取":
            shown["专家抽取"] = [
                {"专家编号": r.text("expert_id"), "专业领域": r.text("field"), "抽取科室": r.text("office"),
                 "角色": r.text("role") or "正选", "抽取记录编号": r.text("draw_id")} for r in record.draws
            ]
            if record.draws:
                sources.append(f"专家抽取 第 {record.draws[0].number}–{record.draws[-1].number} 行")
        elif sheet == "公示":
            shown["公示"] = [
                {"阶段": d["stage"], "开始日期": d["start"].isoformat() if d["start"] else d["row"].text("start"),
                 "结束日期": d["end"].isoformat() if d["end"] else d["row"].text("end"), "异议数": d["row"].text("objections"),
                 "异议处理结果": d["objection_result"], "渠道": d["channel"]} for d in record.disclosures
            ]
            sources.extend(d["row"].ref("start") for d in record.disclosures)
        elif sheet == "归档":
            shown["归档"] = {r.text("item"): r.text("archived") for r in record.archive}
            if record.archive:
                sources.append(f"归档 第 {record.archive[0].number}–{record.archive[-1].number} 行")
    shown["source"] = "; ".join(sources)
    return shown


def _disclosure_conflicts(record: RoundRecord, profile: dict) -> list[dict]:
    """The 公示 sheet wins over the timeline's 公示开始/公示结束; a disagreement is a finding."""
    if not record.disclosures:
        return []
    findings = []
    sheet_dates = {("start", d["start"]) for d in record.disclosures if d["start"]} | {("end", d["end"]) for d in record.disclosures if d["end"]}
    for key, kind in (("disclosure_start", "start"), ("disclosure_end", "end")):
        for step in record.steps_of(key):
            if step.date and (kind, step.date) not in sheet_dates:
                findings.append(
                    input_finding(
                        "INP-ROUND-DISC-DATES",
                        f"流程节点“{step.name}”（{step.ref}）的日期 {step.date} 与公示表不一致；以公示表为准。",
                        {step.name: step.date.isoformat(), "source": step.ref},
                        "与公示表一致的日期",
                    )
                )
    return findings


def _rule_columns(related: list[dict]) -> dict[str, list[str]]:
    """Rule ids by outcome, each once (a rule may read a step in several stages)."""
    columns: dict[str, list[str]] = {"satisfies": [], "breaks": [], "undecided": []}
    key = {"pass": "satisfies", "fail": "breaks", "missing": "undecided"}
    for finding in related:
        column = key.get(finding["outcome"])
        if column and finding["rule_id"] not in columns[column]:
            columns[column].append(finding["rule_id"])
    return columns


def build_timeline(record: RoundRecord, findings: list[dict], built: BuiltFacts) -> list[dict]:
    """Each recorded step with its date and the rules reading it (satisfied / broken / undecided)."""
    by_step: dict[str, list[dict]] = {}
    for finding in findings:
        for read in _reads_of(finding):
            by_step.setdefault(read, []).append(finding)
    rows = []
    for step in record.steps:
        related = by_step.get(step.name, [])
        rows.append(
            {
                "step": step.name,
                "stage": step.stage,
                "date": step.date.isoformat() if step.date else None,
                "date_text": step.date.isoformat() if step.date else (step.row.text("date") or "（未填）"),
                "ref": step.ref,
                "doc": step.row.text("doc"),
                "to": step.row.text("to"),
                **_rule_columns(related),
            }
        )
    for item in record.disclosures:
        for kind, label in (("start", "公示开始"), ("end", "公示结束")):
            related = by_step.get("公示", [])
            rows.append({
                "step": f"{label}（公示表）", "stage": item["stage"],
                "date": item[kind].isoformat() if item[kind] else None,
                "date_text": item[kind].isoformat() if item[kind] else (item["row"].text(kind) or "（未填）"),
                "ref": item["row"].ref(kind), "doc": item["channel"], "to": "",
                **_rule_columns(related),
            })
    for deadline in built.deadlines:
        if deadline["rule_id"] == DISC_PERIOD_RULE:
            continue
        rows.append({
            "step": f"【计算】{deadline['label']}" + ("" if deadline["applied"] else "（参考）"), "stage": deadline["stage"],
            "date": deadline["date"], "date_text": deadline["date"], "ref": "计算", "doc": "", "to": "",
            "satisfies": [], "breaks": [], "undecided": [], "deadline": True, "rule": deadline["rule_id"],
        })
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", 0 if not r.get("deadline") else 1))
    return rows


_RULE_READS_CACHE: dict[str, list[str]] = {}


def _reads_of(finding: dict) -> list[str]:
    reads = []
    for key in finding.get("evidence", {}):
        base = key.split("（")[0]
        if base in STEP_KEYS:
            reads.append(base)
        elif base == "公示":
            reads.append("公示")
    return reads
