"""The batch check, end to end: read → validate → evaluate → report, streamed case by case.

Cases are never all held in memory: each is written to ``OUT/cases/`` as soon as it is decided and
only a small summary row is kept. With ``jobs > 1`` the records are evaluated and written by worker
processes (each with its own durable-rules host) while this process keeps reading and collects the
summary rows; results are identical to a single-process run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from checker.check.conditions.facts import validate_conditions
from checker.check.document import case_document
from checker.check.evaluate import CaseEvaluator
from checker.check.facts import BatchContext, count_usccs
from checker.check.fields import field_set
from checker.check.ids import CaseNames, raw_id
from checker.check import ledger as ledgers
from checker.check.facts.ledger import ledger_counts
from checker.check.inputs import Batch
from checker.check.plan import CheckPlan, plan_check, reader_aliases
from checker.check.validate import validate_record
from checker.core.rulebook import Rulebook, load_rulebook
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.io.outputs import OutputDir
from checker.io.table import Row
from checker.report.case import NOTICES, CaseWords, RunInfo, case_files, notices_page, render_notice, write_case
from checker.report.summary import SUMMARY_FILES, summary_row, write_summary

DEFAULT_FORMATS = ("json", "html")
CHUNK = 250  # records per work item for worker processes


@dataclass
class CheckOptions:
    workflow_id: str
    out: Path
    engine: str = "durable"
    as_of: dt.date | None = None
    as_of_basis: str = "as_of"  # or "window_end": the application deadline given with --window
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int = 1
    overrides: dict[str, dict[str, dict]] = field(default_factory=dict)  # case id → rule id → override
    force: bool = False  # replace another run's reports in the output folder
    conditions: object = None  # RoundConditions (--conditions) or None


@dataclass
class CheckResult:
    summary: dict
    exit_code: int




# --- the work: ranges of data rows, each read, checked and written by one process -----------------


@dataclass
class Worker:
    """Everything needed to turn a range of input rows into written reports.

    With several processes the parent forks after reading the input, so each worker takes its
    rows from memory it shares with the parent instead of receiving pickled records.
    """

    book_dir: Path
    options: CheckOptions
    run: RunInfo
    context: BatchContext
    batch: Batch
    plan: CheckPlan
    names: CaseNames
    out: OutputDir
    _evaluator: CaseEvaluator | None = None
    # handling ledgers (受理台账): each row's 事项 decides its workflow, with its own plan
    ledger: bool = False
    plans: dict[str, CheckPlan] = field(default_factory=dict)
    _evaluators: dict[str, CaseEvaluator] = field(default_factory=dict)
    _runs: dict[str, RunInfo] = field(default_factory=dict)

    def run_for(self, workflow_id: str) -> RunInfo:
        """A ledger row's reports name its own item: title, clauses and what was not checked."""
        if workflow_id not in self._runs:
            book = load_rulebook(self.book_dir)
            workflow, plan = book.workflow(workflow_id), self.plans.get(workflow_id, self.plan)
            self._runs[workflow_id] = dataclasses.replace(
                self.run, workflow_id=workflow_id, workflow_title=workflow.title.zh, words=CaseWords(book, workflow_id),
                not_checked=[*workflow.not_checked, *plan.notes], rulebook_version=book.version_of(workflow_id))
        return self._runs[workflow_id]

    def evaluator(self, workflow_id: str | None = None) -> CaseEvaluator:
        if workflow_id is not None and workflow_id != self.options.workflow_id:
            if workflow_id not in self._evaluators:
                self._evaluators[workflow_id] = CaseEvaluator(
                    load_rulebook(self.book_dir), workflow_id, engine=self.options.engine, as_of=self.options.as_of,
                    as_of_basis=self.options.as_of_basis, plan=self.plans[workflow_id],
                )
            return self._evaluators[workflow_id]
        if self._evaluator is None:
            book = load_rulebook(self.book_dir)
            self._evaluator = CaseEvaluator(
                book, self.options.workflow_id, engine=self.options.engine, as_of=self.options.as_of,
                as_of_basis=self.options.as_of_basis, plan=self.plan,
            )
        return self._evaluator

    def process(self, span: tuple[int, int]) -> list[dict]:
        rows = []
        for index, record in self.batch.records(*span):
            key = self.batch.row_key(index, record)
            case_id, extra_findings = self.names.identify(record, key, self.batch.several)
            workflow_id, plan = self.options.workflow_id, self.plan
            if self.ledger:
                workflow_id, item_findings = ledgers.route(record, self.options.workflow_id, load_rulebook(self.book_dir))
                extra_findings = [*extra_findings, *item_findings]
                plan = self.plans.get(workflow_id, self.plan)
            evaluator = self.evaluator(workflow_id)
            application = validate_record(record, evaluator.fields)
            on, basis = evaluator.reference_date(application)
            validate_conditions(record, application, plan.slots, None if basis == "latest_parameters" else on)
            application.input_findings[:0] = extra_findings
            if self.ledger and not application.unreadable:
                ledgers.fill_item(application, workflow_id)
                application.input_findings.extend(
                    ledgers.input_findings(application, evaluator.fields, self.context.ledger_ranks, workflow_id))
            result = evaluator.evaluate(application, self.context, case_id)
            if self.ledger:
                result.verdict, result.applicant_verdict = ledgers.ledger_verdicts(result.findings)
                result.workflow_id = workflow_id
            if self.batch.several:
                table = self.batch.tables[index].table
                result.input_file, result.input_sha256 = table.path.name, table.sha256
            run = self.run_for(workflow_id) if self.ledger else self.run
            document = case_document(result, run, self.overrides_for(case_id, key))
            stem = self.names.report_name(case_id, key)
            write_case(document, run, self.out, self.options.formats, stem)
            row = summary_row(document, stem, key if self.batch.several else None, run.words)
            notice = render_notice(document, run)
            if notice is not None:
                row["_notice"] = notice  # taken out by the parent for 告知书汇总.html, never in the summary
            rows.append(row)
        return rows

    def overrides_for(self, case_id: str, key: str) -> dict | None:
        """A reviewer's decisions for this case: by application id, or by row key (the only way to
        address one of two applications that share an id)."""
        by_row = self.options.overrides.get(key)
        if self.names.id_counts.get(case_id, 0) > 1:
            return by_row
        return {**(by_row or {}), **self.options.overrides.get(case_id, {})} or None


_WORKER: Worker | None = None


def _work(span: tuple[int, int]) -> list[dict]:
    assert _WORKER is not None, "worker processes inherit _WORKER from the parent (fork)"
    return _WORKER.process(span)


def run_check(
    paths: list[Path],
    book: Rulebook,
    options: CheckOptions,
    context: BatchContext,
    run_extra: dict,
    progress: Callable[..., None] | None = None,  # progress(done) per chunk; progress(0, total) once first
) -> CheckResult:
    aliases, columns = reader_aliases(book, options.conditions)
    batch = Batch.open(list(paths), field_set(book), aliases)
    ledger = ledgers.is_ledger_run(book, options.workflow_id, [t.fields for t in batch.columns()])
    plans: dict[str, CheckPlan] = {}
    if ledger:
        # each 事项 in the ledger is decided under its own workflow: plan each one used
        plans = _ledger_plans(book, options, batch, columns)
        plan = plans.get(options.workflow_id) or next(iter(plans.values()))
    else:
        plan = plan_check(book, options.workflow_id, batch.columns(), options.conditions, columns)
    context.conditions, context.notice = plan.slots, options.conditions.notice if options.conditions else None
    workflow = plan.workflow
    # First pass: only what crosses rows (ids and USCCs), so each case can be decided alone.
    id_counts: Counter = Counter()
    usccs = []
    ledger_rows: list[dict] = []
    keys: list[str] = []  # each application's row key, in input order
    ids: list[str] = []  # and its raw id: its report names, announced below
    for index, record in batch.records():
        raw = raw_id(record)
        keys.append(batch.row_key(index, record))
        ids.append(raw)
        if raw:
            id_counts[raw] += 1
        if "uscc" in record.cells:
            usccs.append(record.cells["uscc"].value)
        if ledger:
            ledger_rows.append(ledgers.raw_ledger_row(record))
    skipped = batch.skipped_empty
    totals = batch.skipped_totals()
    total = len(keys)
    if total == 0:
        first = batch.tables[0].table
        raise InputError(f"{batch.file_label}（工作表「{first.sheet}」）表头下没有申报行")
    names = CaseNames(id_counts)
    context.uscc_counts = count_usccs(usccs)
    del usccs
    if ledger:
        context.ledger_recommended, context.ledger_ranks = ledger_counts(ledger_rows, options.workflow_id)
        del ledger_rows
    run = RunInfo(
        workflow_id=workflow.id,
        workflow_title=workflow.title.zh,
        rulebook_version=book.version_of(workflow.id),
        input_file=batch.file_label,
        input_sha256=batch.sha256,
        engine=options.engine,
        not_checked=[*workflow.not_checked, *plan.notes] if not ledger else _ledger_not_checked(book, plans),
        conditions=options.conditions.summary() if options.conditions else None,
        words=CaseWords(book, workflow.id),
        **run_extra,
    )
    out = OutputDir(options.out, command=f"check {workflow.id}", input_sha256=batch.sha256,
                    rulebook_version=run.rulebook_version, force=options.force)
    stems = [names.report_name(raw or key, key) for raw, key in zip(ids, keys)]
    del ids
    out.begin([name for stem in stems for name in case_files(stem, options.formats)] + list(SUMMARY_FILES) + [NOTICES])
    worker = Worker(book.directory, options, run, context, batch, plan, names, out, ledger=ledger, plans=plans)
    if progress:
        progress(0, total)  # the bar shows N/total from here on
    rows: list[dict] = []
    notices = []  # the notices to applicants, in input order (imap keeps the chunks' order)
    for chunk_rows in _execute(worker, batch.size, options.jobs):
        notices.extend(row.pop("_notice") for row in chunk_rows if "_notice" in row)
        rows.extend(chunk_rows)
        if progress:
            progress(len(chunk_rows))
    extra = {
        "input_rows": total + skipped + len(totals),
        "skipped_empty_rows": skipped,
        "skipped_total_rows": totals,
        **({"input_files": batch.describe()} if batch.several else
           {"header_row": batch.tables[0].table.header_row, "sheet": batch.tables[0].table.sheet}),
        "reference_date": {"date": options.as_of.isoformat(), "basis": options.as_of_basis} if options.as_of else None,
        "unused_overrides": unused_overrides(options.overrides, {row["case_id"] for row in rows} | set(keys)),
        # an id shared by several rows cannot say which row a decision is for: it is applied to none
        "ambiguous_overrides": sorted(case_id for case_id in options.overrides if names.id_counts.get(case_id, 0) > 1),
    }
    if plan.not_checked:
        extra["rules_not_checked"] = plan.not_checked_summary()
    extra["not_checked_this_run"] = list(plan.notes)
    if options.conditions is not None:
        extra["conditions"] = run.conditions
    # every input row is either a case or a counted empty row; say so in the summary
    extra["rows_reconcile"] = len(rows) + skipped + len(totals) == extra["input_rows"]
    out.write(NOTICES, notices_page(notices, run))
    if ledger:
        extra["ledger"] = _ledger_summary(rows, plans)
    summary = write_summary(rows, run, out, extra)
    exit_code = EXIT_OK if all(row["verdict"] in ("eligible", "compliant") for row in rows) else EXIT_FINDINGS
    return CheckResult(summary, exit_code)


def _ledger_plans(book: Rulebook, options: CheckOptions, batch: Batch, columns) -> dict[str, CheckPlan]:
    """A plan for every workflow a ledger row is decided under (its 事项, else --workflow)."""
    used: dict[str, None] = {}
    for _, record in batch.records():
        workflow_id, _findings = ledgers.route(record, options.workflow_id, book)
        used.setdefault(workflow_id, None)
    plans = {}
    for workflow_id in used:
        plan = plan_check(book, workflow_id, batch.columns(), options.conditions, columns)
        plans[workflow_id] = plan
    return plans


def _ledger_not_checked(book: Rulebook, plans: dict[str, CheckPlan]) -> list[str]:
    notes: list[str] = []
    several = len(plans) > 1
    for workflow_id, plan in plans.items():
        workflow = book.workflow(workflow_id)
        for note in [*workflow.not_checked, *plan.notes]:
            text = f"{workflow_id} {workflow.title.zh}：{note}" if several else note
            if text not in notes:
                notes.append(text)
    return notes


def _ledger_summary(rows: list[dict], plans: dict[str, CheckPlan]) -> dict:
    """Counts by 事项 (the summary groups a ledger by it)."""
    by_item: dict[str, Counter] = {}
    for row in rows:
        by_item.setdefault(row.get("item") or "", Counter())[row["verdict"]] += 1
    return {
        "items": {item: {"title": plans[item].workflow.title.zh if item in plans else "", "cases": sum(c.values()),
                         "compliant": c.get("compliant", 0), "noncompliant": c.get("noncompliant", 0),
                         "needs_review": c.get("needs_review", 0)}
                  for item, c in sorted(by_item.items())},
        "verdict_basis": "办理部门的办理是否合规；申请人材料方面的问题列在申请人结论中",
    }


def _spans(size: int) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, size)) for start in range(0, size, CHUNK)]


def _execute(worker: Worker, size: int, jobs: int) -> Iterable[list[dict]]:
    spans = _spans(size)
    if jobs <= 1 or len(spans) <= 1:
        for span in spans:
            yield worker.process(span)
        return
    # fork: the workers inherit the rulebook path, the context and the input rows read above;
    # each builds its own durable-rules host lazily. Only summary rows come back.
    global _WORKER
    _WORKER = worker
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_work, spans)
    finally:
        _WORKER = None


def unused_overrides(overrides: dict, case_ids_seen: set[str]) -> list[str]:
    return sorted(case_id for case_id in overrides if case_id not in case_ids_seen)
