"""Round record → the finding of every audit rule of its workflow, a verdict and a timeline.

The core evaluator decides (durable-rules, or the reference evaluator) through the same finding
builder as applications; this module supplies what is particular to rounds: the reference date,
the evidence (steps and sheets with their cells), the readings stated in the report, the verdict
words and the timeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.facts import ROUND_FACT_FUNCTIONS, RoundCase, RoundContext
from checker.audit.record import (SHEET_ARCHIVE, SHEET_DIAG, SHEET_DISC, SHEET_DRAW, RoundRecord, Step, for_workflow,
                                  maybe_for_workflow, other_cells, other_cells_text, round_input_finding)
from checker.audit.timeline import build_timeline
from checker.core.calendar import READINGS
from checker.core.evaluator import Evaluator
from checker.core.findings import BLANK, ROUND_VERDICTS, verdict_of
from checker.core.rulebook import CompiledWorkflow, Rulebook
from checker.core.text import memoised_text
from checker.errors import InputError

VERDICT_COMPLIANT, VERDICT_NONCOMPLIANT, VERDICT_REVIEW = ROUND_VERDICTS.values()
SHEETS_READ = (SHEET_DRAW, SHEET_DISC, SHEET_ARCHIVE, SHEET_DIAG)  # sheets a rule can require besides 轮次 and 流程节点


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
    calendar: list[dict] = field(default_factory=list)  # the source of every year's holiday data used
    day_reading: str | None = None  # the reading the user fixed (--day-reading), else None
    as_of: dt.date | None = None  # the audit's as-of date: a date of the record after it is a record problem
    as_of_basis: str | None = None  # "given" (--as-of) or "run_date" (none given: the day the audit ran)
    duty_list: dict = field(default_factory=dict)  # the duty list audited against and whether the round predates it
    # what a person wrote that the audit does not read (record.other_cells), the 归档 rows naming no
    # material the seed lists, and the other copies of the round skipped: all reach the reports
    other_columns: list[dict] = field(default_factory=list)
    other_archive_rows: list[dict] = field(default_factory=list)
    other_copies: list[dict] = field(default_factory=list)


def reference_date(record: RoundRecord, keys: set[str] | None = None) -> tuple[dt.date, str]:
    """Parameters in force on the first 党组会, else the notice date, else the latest values. ``keys``:
    the steps of the workflow's own procedure; a step it lacks (a 党组会 row in a W-18 record) does not
    date the round."""
    for key, basis in (("meeting", "党组会日期"), ("notice", "申报通知日期"), ("city_notice", "通知日期"),
                       ("joint_notice", "联合发文日期")):
        if keys is not None and key not in keys:
            continue
        dates = sorted(s.date for s in record.steps_of(key) if s.date)
        if dates:
            return dates[0], basis
    return dt.date.max, "最新参数（记录无党组会或通知日期）"


class RoundAuditor:
    """Audits round records of any audited workflow."""

    def __init__(self, book: Rulebook, *, engine: str = "durable", day_reading: str | None = None,
                 context: RoundContext | None = None, workflow_override: str | None = None,
                 as_of: dt.date | None = None, as_of_basis: str = "given"):
        if day_reading is not None and day_reading not in READINGS:
            raise InputError(f"未知的天数读法 {day_reading!r}：请用 calendar（自然日）或 working（工作日）")
        self.book = book
        self.engine = engine
        self.day_reading = day_reading
        self.context = context or RoundContext()
        self.workflow_override = workflow_override
        self.as_of, self.as_of_basis = as_of, (as_of_basis if as_of is not None else None)
        self.step_keys = book.vocabulary.step_keys
        self.repeating = book.vocabulary.repeating_steps
        self._own_keys_cache: dict[str, tuple] = {}
        overrides = {"day_reading": day_reading} if day_reading else {}
        self.core = Evaluator(book, ROUND_FACT_FUNCTIONS, engine=engine, overrides=overrides)

    def workflow_of(self, record: RoundRecord):
        workflow_id = self.workflow_override or record.workflow_id
        if not workflow_id:
            raise InputError(f"{record.source}：工作表「轮次」未填写流程类型（如 W-06）；请填写，或用 --workflow 指定")
        # a 流程类型 cell's wrong id is named with its file: a folder of rounds stops at one of them
        written = "" if self.workflow_override else f"{record.source}：工作表「轮次」的流程类型："
        try:
            workflow = self.book.workflow(workflow_id)
        except InputError as error:
            raise InputError(f"{written}{error}") from None
        if not workflow.audit_rules:
            why = f"：{workflow.excluded}" if workflow.excluded else "（fundcheck workflows list 列出各流程）"
            raise InputError(f"{written}流程 {workflow_id} 没有轮次审计规则{why}")
        return workflow

    def check_sheets(self, record: RoundRecord) -> None:
        """The record's workflow is known and audited (exit 2 otherwise). A sheet the workflow's
        rules read but the record lacks (专家抽取, 公示, 归档) is not an error: those rules judge
        ``missing`` and say which sheet is absent."""
        self.workflow_of(record)

    def compiled(self, workflow, on: dt.date, rule_ids: list[str] | None = None) -> CompiledWorkflow:
        return self.core.compiled(workflow, rule_ids if rule_ids is not None else workflow.audit_rules, on)

    @staticmethod
    def reads_shown(reads: list[str], workflow, record: RoundRecord) -> list[str]:
        """The reads a finding's evidence shows: ``流程节点.*`` is the steps of the round's own
        workflow, in its order (PROC-STEP-ORDER: a recommendation round has none of the 三重一大 steps)."""
        if WORKFLOW_STEPS not in reads:
            return reads
        steps = workflow_steps(workflow.profile)
        # the order compares the 公示 sheet's dates as 公示开始 / 公示结束 (audit/facts/order.py): shown with them
        disclosure = ["公示"] if {"公示开始", "公示结束"} & set(steps) else []
        expanded: list[str] = []
        for read in reads:
            expanded += [*(STEP_READ + step for step in steps), *disclosure] if read == WORKFLOW_STEPS else [read]
        return list(dict.fromkeys(expanded))

    def _own_keys(self, workflow) -> set[str]:
        """The steps (fact keys) the workflow's procedure lists or any of its rules reads (worked out once per workflow)."""
        cache = self._own_keys_cache
        found = cache.get(workflow.id)
        if found is None or found[0] is not workflow:
            names = {entry.partition("#")[0] for entry in workflow.profile.get("steps") or []}
            names |= {read.partition(".")[2] for rule_id in workflow.audit_rules for read in self.book.rules[rule_id].reads
                      if read.startswith("流程节点.")}
            found = cache[workflow.id] = (workflow, frozenset(self.step_keys[name] for name in names if name in self.step_keys))
        return set(found[1])

    def _foreign_steps(self, workflow, record: RoundRecord) -> list[str]:
        """Steps the record holds that neither the workflow's procedure lists nor any of its rules reads
        (a 党组会 or 公示 row in a recommendation round): said under 未核对, never silently passed over."""
        own = self._own_keys(workflow)
        foreign = [step for step in record.steps if step.key not in own]
        if not foreign:
            return []
        listed = "、".join(f"{_step_day(step)}（{step.ref}）" for step in foreign)
        return [f"流程节点中有本流程履职清单没有的步骤：{listed}；未按本流程核对，不影响审计结论。"]

    def evaluate(self, record: RoundRecord, rule_ids: list[str] | None = None) -> RoundResult:
        workflow = self.workflow_of(record)
        # a name that is one step in one workflow and another in another (下发通知) is read as this one's
        record = for_workflow(record, self._own_keys(workflow), self.step_keys, self.repeating)
        own = {self.step_keys[name.partition("#")[0]] for name in workflow.profile.get("steps") or []
               if name.partition("#")[0] in self.step_keys}
        on, basis = reference_date(record, own or None)
        compiled = self.compiled(workflow, on, rule_ids)
        findings = list(record.input_findings)
        findings.extend(_disclosure_conflicts(record))
        findings.extend(_steps_saying_none(record, self.book.vocabulary.steps))
        if self.as_of is not None:
            findings.extend(_future_dates(record, self.as_of, self.as_of_basis))
        case = RoundCase(record, workflow.profile, self.step_keys, self.context)
        self.context.calendar.start()
        built, decided = self.core.evaluate(case, compiled, findings)
        calendar_used = self.context.calendar.sources_used()
        shown: dict[str, tuple] = {}  # what a read shows, worked out once per round (many rules read 专家抽取)
        cells = built.extras.get("cells", [])
        findings.extend(item.finding(built.values, _cells_shown(
            evidence(self.reads_shown(item.compiled.rule.reads, workflow, record), record, self.step_keys, shown),
            [c for c in cells if c["fact"] in item.compiled.facts_read]))
                        for item in decided)
        own_citation(findings, workflow, self.book)
        self._maybe_under_another_name(record, workflow, compiled, findings)
        grade_record_problems(findings)
        duty_list = duty_list_basis(workflow, self.book, on, findings)
        readings = {d.compiled.rule.id: d.reading_text for d in decided if d.reading_text}
        deadlines = built.extras.get("deadlines", [])
        rules_by_id = {d.compiled.rule.id: d.compiled.rule for d in decided}
        cells_unread = other_cells(record)
        reads_archive = any(SHEET_ARCHIVE in self.book.rules[rule_id].reads for rule_id in workflow.audit_rules)
        archive_unread = _archive_rows_unread(record, reads_archive)
        # the rows a failing or undecided finding names (LIFE-OWNER's wrong owner): marked on those only
        named = {d.compiled.rule.id: entry for entry in built.extras.get("rows_named", []) for d in decided
                 if entry["fact"] in d.compiled.facts_read}
        named = {rule_id: entry for rule_id, entry in named.items()
                 if any(f["rule_id"] == rule_id and f["outcome"] in ("fail", "missing") for f in findings)}
        return RoundResult(
            round_id=record.round_id,
            workflow=workflow.id,
            source=record.source,
            verdict=verdict_of(findings, ROUND_VERDICTS),
            findings=findings,
            reference_date=on,
            reference_basis=basis,
            readings=readings,
            timeline=build_timeline(record, findings, rules_by_id, deadlines, named, self.context.calendar),
            deadlines=deadlines,
            record=record,
            sha256=record.sha256,
            not_checked=[*_copies_text(record.other_copies), *(workflow.profile.get("not_checked") or workflow.not_checked),
                         *self._foreign_steps(workflow, record), *_notes_text(record), *other_cells_text(cells_unread),
                         *_archive_rows_text(archive_unread, reads_archive)],
            calendar=calendar_used,
            day_reading=self.day_reading,
            as_of=self.as_of,
            as_of_basis=self.as_of_basis,
            duty_list=duty_list,
            other_columns=cells_unread,
            other_archive_rows=archive_unread,
            other_copies=[{k: v for k, v in copy.items()} for copy in record.other_copies],
        )


    def _maybe_under_another_name(self, record: RoundRecord, workflow, compiled: CompiledWorkflow, findings: list[dict]) -> None:
        """A requirement failing for want of a step the record may hold under a name not understood
        (INP-ROUND-STEP "是否为“事前报告”？"): decided again with those rows read as the step guessed;
        a requirement that is then no longer 不合规 fails under one reading of the record only and
        needs review (the README: unreadable data is needs review), never 不合规."""
        maybe = maybe_for_workflow(record, self._own_keys(workflow), self.step_keys)
        failing = [f for f in findings if f.get("grade") == VERDICT_NONCOMPLIANT and not is_record_problem(f)]
        if not maybe or not failing:
            return
        steps = sorted([*record.steps, *maybe], key=lambda s: s.row.number)
        other = dataclasses.replace(record, steps=steps, input_findings=[], maybe_steps=[])
        built, decided = self.core.evaluate(RoundCase(other, workflow.profile, self.step_keys, self.context), compiled, [])
        other_grades: dict[str, set[str]] = {}
        other_outcomes: dict[str, set[str]] = {}
        for item in decided:
            found = item.finding(built.values, {})
            other_grades.setdefault(found["rule_id"], set()).add(found.get("grade") or "")
            other_outcomes.setdefault(found["rule_id"], set()).add(found["outcome"])
        for finding in failing:
            if VERDICT_NONCOMPLIANT in other_grades.get(finding["rule_id"], {VERDICT_NONCOMPLIANT}):
                continue  # 不合规 whichever step the row is
            reads = set(self.book.rules[finding["rule_id"]].reads)
            named = [s for s in maybe if STEP_READ + s.name in reads or WORKFLOW_STEPS in reads] or maybe
            rows = "、".join(f"{s.row.ref('step')}“{s.written}”" for s in named)
            meant = "、".join(dict.fromkeys(f"“{s.name}”" for s in named))
            then = "本项通过" if other_outcomes[finding["rule_id"]] <= {"pass", "not_applicable"} else "本项不构成不合规"
            finding["grade"], finding["severity"] = VERDICT_REVIEW, "review"
            finding["grade_basis"] = {**finding.get("grade_basis", {}), "why": "step_name_unread",
                                      "rows": [s.row.ref("step") for s in named], "read_as": [s.name for s in named]}
            finding["grade_text"] = (f"{rows}的节点名称无法识别，可能就是{meant}：按该行为{meant}核对，{then}。"
                                     "本项是否不合规取决于该行是什么步骤，须核实节点名称，列为需人工复核。")


def _copies_text(copies: list[dict]) -> list[str]:
    """The other records of the round given in the same run, skipped (run.distinct_rounds)."""
    return [f"同一轮次的另一份记录 {c['source']}" + (f"（轮次编号写作 {c['round_id']}）" if c.get("written_otherwise") else " ")
            + ("与本报告审计的记录内容相同，未重复审计。" if c["same_content"] else
               f"与本报告审计的记录 {c['audited']} 内容不同，未审计（同一轮次有多份记录时，审计按文件路径排序的第一份）；"
               f"本报告的结论只对 {c['audited']} 作出，请核实哪一份是正式记录，正式记录是 {c['source']} 的须另行审计。")
            for c in copies]


def _notes_text(record: RoundRecord) -> list[str]:
    """流程节点's 备注, shown beside their steps in the timeline: said to be read only where a rule reads them."""
    noted = [step for step in record.steps if step.row.text("note")]
    if not noted:
        return []
    rows = "、".join(f"第 {step.row.number} 行（{step.name}）" for step in noted)
    return [f"流程节点“备注”栏所记内容列在时间线中对应步骤旁（{rows}）：除用于识别发文、承办或报送单位和所附材料外，"
            "审计未据以核对，请审计人员阅读。"]


def _archive_rows_unread(record: RoundRecord, reads_archive: bool) -> list[dict]:
    """The 归档 rows no rule reads: a material the seed does not list (评审专家签到表; its list ends
    with 等, 001:4077), or every row where the workflow's rules read no archive. A catch-all row
    (全部材料) is read, for the items it covers (needs review), and listed too: it names no material."""
    from checker.audit.facts.archive import _names_trail, is_catch_all, names_item  # facts import this module's package

    unread = []
    for row in record.archive:
        item = row.text("item")
        if reads_archive and item and (names_item(item) or _names_trail(item)):
            continue
        unread.append({"row": row.number, "item": row.shown("item"), "archived": row.shown("archived"),
                       "catch_all": bool(reads_archive and is_catch_all(item)), "source": row.ref("item")})
    return unread


def _archive_rows_text(rows: list[dict], reads_archive: bool) -> list[str]:
    """The 归档 rows no rule reads, in words (未核对事项)."""
    from checker.audit.facts.archive import YES, answer

    if not rows:
        return []
    listed = "；".join(f"“{r['item'] or '（材料名称空白）'}”：{r['archived'] or '（是否归档空白）'}（{r['source']}）" for r in rows)
    if not reads_archive:
        return [f"归档表各行未按本流程核对（本流程的审计规则不核对归档）：{listed}。"]
    lines = []
    named = [r for r in rows if not r["catch_all"]]
    if named:
        shown = "；".join(f"“{r['item'] or '（材料名称空白）'}”：{r['archived'] or '（是否归档空白）'}（{r['source']}）" for r in named)
        lines.append(f"归档表中有履职清单所列归档材料以外的行（清单以“等”结尾，001:4077），未核对是否应归档，不影响审计结论：{shown}。")
    for r in rows:
        if r["catch_all"]:
            said = ("归档表未单列的规定材料按该行不能确认已归档，须逐项核实" if answer(r["archived"]) in YES else
                    "归档表未单列的规定材料按该行读为未归档")
            lines.append(f"归档表“{r['item']}”一行（{r['source']}）填“{r['archived'] or '空白'}”，未列明具体材料：{said}。")
    return lines


def _cells_shown(found: dict[str, Any], cells: list[dict]) -> dict[str, Any]:
    """The evidence of a rule whose facts name the cell that decided it (a 专家论证会's blank 文号/材料):
    that cell is shown and cited in place of the step's 日期 cell."""
    for cell in cells:
        found[cell["label"]] = cell["value"]
        found["source"] = "; ".join(cell["by"] if part == cell["replace"] else part for part in found["source"].split("; "))
    return found


def _step_day(step: Step) -> str:
    return f"{step.name} {step.date.isoformat()}" if step.date else step.name


RECORD_PROBLEM_TEXT = "轮次记录本身的问题（无法识别、缺失、重复或前后不一致的值），不是对程序的判定；核实并更正记录前，列为需人工复核。"


def is_record_problem(finding: dict) -> bool:
    """An INP- finding: a problem of the round record itself, not a requirement of the procedure."""
    return finding["rule_id"].startswith("INP-")


def grade_record_problems(findings: list[dict]) -> None:
    """A record problem carries a grade like every finding (README: each finding has a ``grade``):
    what it makes of the round, needs review, with ``grade_basis`` saying it is the record's."""
    for finding in findings:
        if is_record_problem(finding) and "grade" not in finding:
            failing = finding["outcome"] in ("fail", "missing")
            finding["grade"] = VERDICT_REVIEW if failing else VERDICT_COMPLIANT
            finding["grade_basis"] = {"why": "record_problem" if failing else "passed"}
            finding["grade_text"] = RECORD_PROBLEM_TEXT if failing else ""


def _month_start(text: str | None) -> dt.date | None:
    """A document's date as sources.yaml writes it (2020年7月, 2020年7月1日) → its first day."""
    found = re.match(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", text or "")
    return dt.date(int(found[1]), int(found[2]), int(found[3] or 1)) if found else None


def duty_list_basis(workflow, book: Rulebook, on: dt.date, findings: list[dict]) -> dict:
    """Which duty list the round is audited against, from when the rules apply (their parameters'
    earliest effective date) and whether the round (its reference date) predates either. A round
    before the rules apply is judged by a procedure that may not have been in force: a requirement
    it fails needs review, never 不合规 (the inspector decides what applied then)."""
    documents = []
    for source in dict.fromkeys(c.source for c in workflow.citation):
        document = book.sources.documents.get(source)
        if document is not None:
            documents.append({"source": source, "title": document.heading(), "date": document.date})
    dated = on.year < 9999
    issued = _month_start(documents[0]["date"]) if documents else None
    starts = [min(f["parameters_effective_from"].values()) for f in findings if f.get("parameters_effective_from")]
    rules_from = min(starts) if starts else None
    day = on.isoformat()
    basis = {"documents": documents, "rules_in_force_from": rules_from,
             "predates_list": bool(dated and issued and on < issued),
             "predates_rules": bool(dated and rules_from and day < rules_from)}
    if basis["predates_rules"]:
        for finding in findings:
            start = min((finding.get("parameters_effective_from") or {"": "0"}).values())
            if finding.get("grade") == VERDICT_NONCOMPLIANT and start > day:
                finding["grade"], finding["severity"] = VERDICT_REVIEW, "review"
                finding["grade_basis"] = {**finding.get("grade_basis", {}), "why": "not_yet_in_force", "in_force_from": start}
                finding["grade_text"] = (f"本轮参数基准日 {day} 早于本项所依据程序的适用日期 {start}：当时适用的程序是否与之相同，"
                                         "须由审计人员确定，列为需人工复核。")
    return basis


def own_citation(findings: list[dict], workflow, book: Rulebook) -> None:
    """A rule shared by several workflows cites each one's wording: a round's finding cites its own
    workflow's clause first (a W-12 round's 会前三天 is 001:4072, not W-01's 1999), as its report does.
    The chosen citation is one of the rule's own objects; the list keeps them all."""
    own = None
    for finding in findings:
        cites = finding.get("citations")
        if not cites:
            continue
        key = (id(book), workflow.id, finding["rule_id"], finding.get("rule_version"))
        chosen = _OWN_CITATION.get(key)
        if chosen is None:  # worked out once per workflow and rule (~30 µs each, 20 a round)
            own = own if own is not None else [c.model_dump() for c in workflow.citation]
            chosen = _OWN_CITATION[key] = (book, book.sources.relevant(cites, own)[0])
        finding["citation"] = chosen[1]


_OWN_CITATION: dict[tuple, tuple] = {}  # the entry keeps its book alive, so an id is never reused


STEP_READ = "流程节点."
WORKFLOW_STEPS = STEP_READ + "*"  # a rule's read of every step of the round's workflow (rules/README.md)


def workflow_steps(profile: dict) -> list[str]:
    """The step names of a workflow's order (its chains, else its steps), in order, once each."""
    chains = profile.get("order") or [profile.get("steps") or []]
    return list(dict.fromkeys(entry.partition("#")[0] for chain in chains for entry in chain))


def evidence(reads: list[str], record: RoundRecord, step_keys: dict[str, str],
             memo: dict[str, tuple] | None = None) -> dict[str, Any]:
    """What the rule read, with the cells: reads are "流程节点.<节点>", "专家抽取", "公示", "归档", "轮次.<列>".
    ``memo`` (one dict per round) keeps what each read shows for the next rule reading it; every
    finding gets its own copies."""
    shown: dict[str, Any] = {}
    sources: list[str] = []
    for read in reads:
        part = memo.get(read) if memo is not None else None
        if part is None:
            part = _read_shown(read, record, step_keys)
            if memo is not None:
                memo[read] = part
        items, refs = part
        for label, value, number in items:
            if number and label in shown:  # a step recorded several times (会签, 区市推荐…): every row is shown
                label = f"{label}（第{number}次）"
            shown[label] = _copied(value)
        sources.extend(refs)
    shown["source"] = "; ".join(sources)
    return shown


def _copied(value: Any) -> Any:
    """A fresh container for each finding (the values inside are strings or None)."""
    if type(value) is list:
        return [dict(v) if type(v) is dict else v for v in value]
    if type(value) is dict:
        return dict(value)
    return value


def _read_shown(read: str, record: RoundRecord, step_keys: dict[str, str]) -> tuple[list[tuple[str, Any, int]], list[str]]:
    """One read of a rule: the (label, value, row number) entries it shows, in order, and its
    sources. A step's row number (0 for anything else) renames its label when the rule's evidence
    already holds that label; any other label written again replaces the value in place."""
    items: list[tuple[str, Any, int]] = []
    sources: list[str] = []

    def put(label: str, value: Any) -> None:
        items.append((label, value, 0))

    sheet, _, item = read.partition(".")
    if sheet == "流程节点":
        steps = record.steps_of(step_keys.get(item, ""))
        if not steps:
            put(item, None)
            sources.append(f"流程节点（无“{item}”行）")
        for number, step in enumerate(steps, start=1):
            label = item if step.stage is None else f"{item}（第{step.stage}阶段）"
            # h161: the time of day the cell writes after the date (2020-04-22 上午9时) kept, as written
            day = (f"{step.date.isoformat()} {step.time}" if step.time else step.date.isoformat()) if step.date else None
            items.append((label, day or step.row.text("date") or None, number))
            sources.append(step.ref)
    elif sheet == "轮次":
        if record.round_row is not None:
            name = {"项目领域": "field", "申报单位": "applicants", "是否涉及资金": "has_funds", "本轮阶段": "stages",
                    "公示期（工作日）": "notice_disclosure_days", "申报数量": "application_count",
                    "省定推荐数量": "province_quota"}.get(item, item)
            put(item, record.round_row.shown(name) or None)
            sources.append(record.round_row.ref(name))
    elif sheet in SHEETS_READ and sheet not in record.sheets_present:
        put(sheet, None)
        sources.append(f"（轮次记录无“{sheet}”表）")
    elif sheet == "专家抽取":
        put("专家抽取", [
            {"专家编号": r.text("expert_id"), "专业领域": r.shown("field"), "抽取科室": r.shown("office"),
             "角色": r.shown("role") or "正选", "抽取记录编号": r.shown("draw_id")} for r in record.draws
        ])
        if record.draws:
            sources.append(f"专家抽取 第 {record.draws[0].number}–{record.draws[-1].number} 行")
    elif sheet == "公示":
        put("公示", [
            # h164: the time of day the 开始日期 cell writes kept, as the 流程节点's (h161)
            {"阶段": d["stage"], "开始日期": (f"{d['start'].isoformat()} {d['start_time']}" if d.get("start_time") else
                                           d["start"].isoformat()) if d["start"] else d["row"].text("start"),
             "结束日期": d["end"].isoformat() if d["end"] else d["row"].text("end"), "异议数": d["row"].text("objections"),
             "异议处理结果": d["row"].shown("objection_result"), "渠道": d["row"].shown("channel")} for d in record.disclosures
        ])
        sources.extend(d["row"].ref("start") for d in record.disclosures)
    elif sheet == SHEET_DIAG:
        put(SHEET_DIAG, [
            {"企业名称": d["row"].shown("enterprise"), "服务机构": d["row"].shown("provider"),
             "协议日期": d["agreement"].isoformat() if d["agreement"] else d["row"].text("agreement"),
             "报告日期": d["report"].isoformat() if d["report"] else d["row"].text("report")} for d in record.diagnoses
        ])
        if record.diagnoses:
            sources.append(f"{SHEET_DIAG} 第 {record.diagnoses[0]['row'].number}–{record.diagnoses[-1]['row'].number} 行")
    elif sheet == "归档":
        put("归档", {r.shown("item"): r.shown("archived") for r in record.archive})
        if record.archive:
            sources.append(f"归档 第 {record.archive[0].number}–{record.archive[-1].number} 行")
    return items, sources


AS_OF_BASIS_ZH = {"given": "审计人指定", "run_date": "审计人未指定，取审计运行当日（北京时间）"}


def _future_dates(record: RoundRecord, as_of: dt.date, basis: str | None) -> list[dict]:
    """A completed round has no date still to come: a step, a 公示 or a diagnosis dated after the
    audit's as-of date (a 公示 ending next year, an archive dated in the future) is a problem of the
    record, named by its cell and needing review, never a step that happened."""
    dated: list[tuple[str, dt.date, str]] = [(step.name, step.date, step.ref) for step in record.steps if step.date]
    for item in record.disclosures:
        dated += [(f"公示{word}", item[kind], item["row"].ref(kind))
                  for kind, word in (("start", "开始日期"), ("end", "结束日期")) if item[kind]]
    for item in record.diagnoses:
        dated += [(f"诊断服务{word}", item[kind], item["row"].ref(kind))
                  for kind, word in (("agreement", "协议日期"), ("report", "报告日期")) if item[kind]]
    said = AS_OF_BASIS_ZH.get(basis or "given", "")
    return [round_input_finding(
        "INP-ROUND-FUTURE-DATE",
        f"{ref}（{label}）的日期 {day.isoformat()} 晚于审计基准日 {as_of.isoformat()}（{said}）；"
        "已完成的轮次不应有尚未到来的日期，该步骤不能作为已发生核对。",
        {label: day.isoformat(), "source": ref, "as_of": as_of.isoformat()},
        f"不晚于审计基准日 {as_of.isoformat()} 的实际发生日期",
    ) for label, day, ref in dated if day > as_of]


# the steps of the 三重一大 procedure and the review whose material is the step itself (the form, the
# consent, the opinion): a dated row whose 文号/材料 says there is none contradicts itself
_DOCUMENTED_STEPS = frozenset({"pre_report", "consent", "district_recommend", "city_review", "review_report", "review_consent",
                               "expert_review", "alloc_plan", "mid_report", "citygov", "orgdept", "recognition", "post_filing",
                               "supervision"})


def _records(text: str) -> bool:
    from checker.audit.facts.recommend import records  # the one reading of a cell that says 无

    return records(text)


_records_memo = memoised_text(_records)  # a 文号/材料 text → whether it records something (the same texts in every round)


def _steps_saying_none(record: RoundRecord, specs: dict) -> list[dict]:
    """A dated 事前报告, 事中报告, 评审同意… whose 文号/材料 says 无 (暂无, /, —): the record says the
    step happened and that nothing of it exists. Named (needs review), never passed as done. A blank
    cell only leaves the material unrecorded, as before."""
    findings = []
    for step in record.steps:
        if step.key not in _DOCUMENTED_STEPS or not step.date:  # the cell is read only where it matters
            continue
        written = step.row.text("doc")
        if not written or _records_memo(written):
            continue
        spec = specs.get(step.name)
        what = f"（{spec.says}）" if spec is not None else ""
        ref = step.row.ref("doc")
        findings.append(round_input_finding(
            "INP-ROUND-NO-DOC",
            f"{ref}：“{step.name}”记有日期 {step.date.isoformat()}，文号/材料却写明“{step.row.shown('doc')}”{what}；"
            "记录自相矛盾，不能确认该步骤已依规办理。",
            {step.name: step.date.isoformat(), "文号/材料": step.row.shown("doc"), "source": ref},
            "该步骤的文号或材料名称（确未办理的，删去该行）",
        ))
    return findings


def _disclosure_conflicts(record: RoundRecord) -> list[dict]:
    """The 公示 sheet wins over the timeline's 公示开始/公示结束; a disagreement is a finding."""
    if not record.disclosures:
        return []
    findings = []
    sheet_dates = {("start", d["start"]) for d in record.disclosures if d["start"]} | {("end", d["end"]) for d in record.disclosures if d["end"]}
    for key, kind in (("disclosure_start", "start"), ("disclosure_end", "end")):
        for step in record.steps_of(key):
            if step.date and (kind, step.date) not in sheet_dates:
                findings.append(round_input_finding(
                    "INP-ROUND-DISC-DATES",
                    f"流程节点“{step.name}”（{step.ref}）的日期 {step.date} 与公示表不一致；以公示表为准。",
                    {step.name: step.date.isoformat(), "source": step.ref},
                    "与公示表一致的日期",
                ))
    return findings


__all__ = ["BLANK", "RoundAuditor", "RoundResult", "VERDICT_COMPLIANT", "reference_date"]
