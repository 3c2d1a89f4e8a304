"""The batch check, end to end: read → validate → evaluate → report, streamed case by case.

Cases are never all held in memory: each case's document goes to ``OUT/cases.jsonl`` (its rules
named, their texts once in ``OUT/rules.json``) as soon as it is decided, its report files to
``OUT/cases/`` when it gets them (``--per-case flagged``: the cases that are not eligible; ``all``:
every case), and only a small tuple per case is kept (:class:`checker.report.rows.CaseRow`). With
``jobs > 1`` chunks of rows are evaluated and their reports written by worker processes (each with
its own durable-rules host), which send back the chunk's rows and cases.jsonl lines as they finish;
this process writes them in input order, so the outputs are byte-identical to a single-process run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import orjson

from checker.check import ledger as ledgers
from checker.check.conditions.facts import validate_conditions
from checker.check.document import case_document
from checker.check.evaluate import CaseEvaluator, CaseResult
from checker.check.facts import BatchContext, batch_applicants
from checker.check.facts.ledger import ledger_counts
from checker.check.overrides import decisions_not_applied, overrides_not_applied
from checker.check.registers import READ_BY, inputs_not_read
from checker.check.fields import field_set
from checker.check.ids import CaseNames, file_number, missing_name_findings, raw_id
from checker.check.inputs import Batch
from checker.check.plan import CheckPlan, MissingColumns, plan_check, reader_aliases
from checker.check.validate import district_file_findings, validate_record, withdrawal_findings
from checker.core.findings import verdict_of
from checker.core.processes import SideJob, can_fork_side_jobs, freeze_more, in_order, long_lived
from checker.core.rulebook import Rulebook, load_rulebook
from checker.core.stops import raise_if_owed
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError, InternalError
from checker.io.outputs import OutputDir, StagedFolder, write_pieces
from checker.io.table import WORKBOOK_SUFFIXES, drain
from checker.report.case import CASES, NOTICES, CaseWords, RunInfo, case_files, case_notice, case_report_files, render_notice, write_case
from checker.report.notice import LEDGER_NOTICE_NOTE, NO_APPLICANT_NOTICE
from checker.report.index import INDEX_HTML, index_pieces
from checker.report.lean import CASES_JSONL, RULES_JSON, Encoder, document_of, rules_bytes
from checker.report.rows import CaseRow, RowStore, case_row
from checker.report.spool import NoticeSpool
from checker.report.summary import SUMMARY_FILES, write_summary
from checker.report.text import set_aside_text

DEFAULT_FORMATS = ("json", "html")  # --per-case all
FLAGGED_FORMATS = ("html",)  # --per-case flagged: every case is in cases.jsonl already
PER_CASE = ("flagged", "all")
CHUNK = 250  # records per work item for worker processes
PARALLEL_FROM = 2000  # rows: below this, one process (forking costs more than it saves)
SIDE_PAGES_FROM = 2000  # cases: from here on (with --jobs above 1) the index and notices pages are written by a child
MAX_DEFAULT_JOBS = 4


def default_jobs(rows: int) -> int:
    """--jobs when not given: min(cores, 4) for 2,000 rows or more, else 1."""
    if rows < PARALLEL_FROM:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_JOBS))


@dataclass
class CheckOptions:
    workflow_id: str
    out: Path
    engine: str = "durable"
    as_of: dt.date | None = None
    as_of_basis: str = "as_of"  # or "window_end": the application deadline given with --window
    formats: tuple[str, ...] | None = None  # per-case report kinds; None: html (flagged) or json and html (all)
    per_case: str = "flagged"  # which cases get report files: flagged (not eligible) or all
    jobs: int | None = None  # None: default_jobs(rows)
    overrides: dict[str, dict[str, dict]] = field(default_factory=dict)  # case id → rule id → override
    force: bool = False  # replace another run's reports in the output folder
    conditions: object = None  # RoundConditions (--conditions) or None
    workflow_named: bool = True  # --workflow given (False: W-05, the command's default, which a ledger's 事项 replaces)


    @property
    def kinds(self) -> tuple[str, ...]:
        if self.formats is not None:
            return self.formats
        return DEFAULT_FORMATS if self.per_case == "all" else FLAGGED_FORMATS


@dataclass
class CheckResult:
    summary: dict
    exit_code: int




# --- the work: ranges of data rows, each read, checked and written by one process -----------------


# a span's result: its cases' rows, cases.jsonl lines, new rule variants, notices, and report files
# still to write ((path, bytes, fsync); empty where the process that rendered them wrote them)
SpanResult = tuple[list[CaseRow], bytes, dict[str, dict], list, list[tuple[str, bytes, bool]]]


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
    _encoder: Encoder | None = None
    # handling ledgers (受理台账): each row's 事项 decides its workflow, with its own plan
    ledger: bool = False
    plans: dict[str, CheckPlan] = field(default_factory=dict)
    _evaluators: dict = field(default_factory=dict)  # workflow id, or (workflow id, file) → its evaluator
    _table_names: list[str] | None = None
    _runs: dict[str, RunInfo] = field(default_factory=dict)
    item_defaults: dict[int, str] = field(default_factory=dict)  # file index → the 事项 a blank 事项 there takes
    # items whose rows sit in files without the item's columns: those rows are not checked (no rule
    # of another item may judge them), each says so
    unchecked: dict[tuple[str, int], MissingColumns] = field(default_factory=dict)  # (item, file index) → what it lacks
    inputs_not_read: list[str] = field(default_factory=list)  # round inputs given that no rule of the run reads
    # in a forked worker: report files are handed back with the span's rows, for the parent to write
    # (below, _execute), instead of written here
    hand_back_files: bool = False
    reports: StagedFolder | None = None  # where the case reports go (cases/, staged); None: straight to out

    def run_for(self, workflow_id: str) -> RunInfo:
        """A ledger row's reports name its own item: title, clauses and what was not checked."""
        if workflow_id not in self._runs:
            book = load_rulebook(self.book_dir)
            workflow, plan = book.workflow(workflow_id), self.plans.get(workflow_id, self.plan)
            lacking = [error for (item, _), error in self.unchecked.items() if item == workflow_id]
            not_checked = (list(dict.fromkeys(_unchecked_note(workflow_id, error) for error in lacking))
                           if workflow_id not in self.plans and lacking else [*workflow.not_checked, *plan.notes])
            self._runs[workflow_id] = dataclasses.replace(
                self.run, workflow_id=workflow_id, workflow_title=workflow.title.zh, words=CaseWords(book, workflow_id),
                not_checked=not_checked, rulebook_version=book.version_of(workflow_id))
        return self._runs[workflow_id]

    @property
    def table_names(self) -> list[str]:
        if self._table_names is None:
            self._table_names = [t.name for t in self.batch.columns()]
        return self._table_names

    def evaluator(self, workflow_id: str | None = None, index: int | None = None) -> CaseEvaluator:
        """The evaluator of a workflow; for the rows of file ``index``, with the rules its columns
        leave unchecked there (where other files of the batch have them)."""
        plan = self.plans.get(workflow_id, self.plan) if workflow_id is not None else self.plan
        name = self.table_names[index] if index is not None else None
        if name is not None and name in plan.by_file:
            key = (workflow_id or self.options.workflow_id, name)
            if key not in self._evaluators:
                self._evaluators[key] = CaseEvaluator(
                    load_rulebook(self.book_dir), key[0], engine=self.options.engine, as_of=self.options.as_of,
                    as_of_basis=self.options.as_of_basis, plan=plan.for_table(name),
                )
            return self._evaluators[key]
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

    def process(self, span: tuple[int, int]) -> SpanResult:
        """The span's cases: their small rows, their cases.jsonl lines, the rule variants met for
        the first time and the notices to applicants; report files for the cases that get them are
        written here, or handed back (``hand_back_files``)."""
        rows, lines, notices, files = [], [], [], []
        encoder = self.encoder()
        kinds, every = self.options.kinds, self.options.per_case == "all"
        for index, record in self.batch.records(*span):
            key = self.batch.row_key(index, record)
            case_id, extra_findings = self.names.identify(record, key, self.batch.several, index)
            workflow_id, plan = self.options.workflow_id, self.plan
            if self.ledger:
                default = self.item_defaults.get(index, self.options.workflow_id)
                workflow_id, item_findings = ledgers.route(record, default, load_rulebook(self.book_dir),
                                                           lambda item: (item, index) not in self.unchecked)
                extra_findings = [*extra_findings, *item_findings]
                plan = self.plans.get(workflow_id, self.plan)
            if (workflow_id, index) in self.unchecked:
                result = self.not_checkable(record, workflow_id, case_id, extra_findings, self.unchecked[(workflow_id, index)])
            else:
                evaluator = self.evaluator(workflow_id, index)
                application = validate_record(record, evaluator.fields, workflow_id)
                application.input_findings.extend(missing_name_findings(record, application))
                on, basis = evaluator.reference_date(application)
                validate_conditions(record, application, plan.slots, None if basis == "latest_parameters" else on)
                application.input_findings[:0] = extra_findings
                if not self.ledger and not application.unreadable:
                    application.input_findings.extend(withdrawal_findings(record))
                    table = self.batch.tables[index]
                    if table.district:
                        application.input_findings.extend(district_file_findings(record, table.district, table.table.path.name))
                if self.ledger and not application.unreadable:
                    ledgers.fill_item(application, workflow_id)
                    ledgers.on_the_spot(application)
                    ledgers.listed_notices(application)
                    application.input_findings.extend(
                        ledgers.input_findings(application, evaluator.fields, self.context.ledger_ranks, workflow_id,
                                               "APP-REVIEW-AFTER-ACCEPTANCE" in evaluator.workflow.check_rules,
                                               calendar=self.context.holidays))  # 收件后3日: working days (--holidays)
                result = evaluator.evaluate(application, self.context, case_id)
                if self.ledger:
                    ledgers.item_citations(result.findings, evaluator.workflow, application)
            if self.ledger:
                result.verdict, result.applicant_verdict = ledgers.ledger_verdicts(result.findings)
                result.workflow_id = workflow_id
            if self.batch.several:
                table = self.batch.tables[index].table
                result.input_file, result.input_sha256 = self.batch.labels[index], table.sha256
            run = self.run_for(workflow_id) if self.ledger else self.run
            document = case_document(result, run, self.overrides_for(case_id, key))
            stem = self.names.report_name(case_id, key)
            line = encoder.line(document, stem)
            lines.append(line)
            # a case that is not eligible, or that a reviewer's decision made so (its notice goes out), has its report
            # (a ledger row: the applicant's side too, whose notice goes out with the row's report)
            has_file = every or any(verdict not in (None, "eligible", "compliant")
                                    for verdict in (document["verdict"], document.get("verdict_with_overrides"),
                                                    document.get("applicant_verdict"), document.get("applicant_verdict_with_overrides")))
            if has_file:
                # rendered from the line itself, exactly as `fundcheck show` renders it later; its
                # notice, built once, is the report's and 告知书汇总's
                view = document_of(orjson.loads(line), encoder.rules, run)
                notice = case_notice(view, run)
                if self.hand_back_files:
                    files.extend(case_report_files(view, run, kinds, stem, notice))
                else:
                    write_case(view, run, self.reports or self.out, kinds, stem, notice)
            else:
                notice = case_notice(document, run)
            rows.append(case_row(document, stem, key if self.batch.several else None, has_file, run.words))
            if notice is not None:
                notices.append(render_notice(document, run, notice))  # for 告知书汇总.html, in input order
        return rows, b"".join(lines), encoder.take_new(), notices, files

    def not_checkable(self, record, workflow_id: str, case_id: str, extra_findings: list[dict], lacking: MissingColumns) -> CaseResult:
        """A ledger row of an item whose columns its file lacks: no rule is applied to it (another
        item's rules would misjudge it); one finding says why and the row needs review, counted
        under its own item. Its cells are still read and shown."""
        evaluator = self.evaluator()
        application = validate_record(record, evaluator.fields, workflow_id)
        title = load_rulebook(self.book_dir).workflow(workflow_id).title.zh
        application.input_findings[:0] = [*extra_findings, ledgers.columns_finding(record, workflow_id, title, lacking)]
        on, basis = evaluator.reference_date(application)
        findings = list(application.input_findings)
        return CaseResult(case_id, application.row, application.sheet, verdict_of(findings), findings, on, basis, application)

    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder(self.run)
        return self._encoder

    def overrides_for(self, case_id: str, key: str) -> dict | None:
        """A reviewer's decisions for this case: by application id, or by row key (the only way to
        address one of two applications that share an id)."""
        by_row = self.options.overrides.get(key)
        if self.names.id_counts.get(case_id, 0) > 1:
            return by_row
        if self.names.id_counts.get(case_id, 0) == 1:
            # a row key is how one of two rows sharing an id (or a row without one) is addressed: on a
            # row with an id of its own it is another application's decision once a corrected batch
            # moved the rows (a withdrawn row deleted above it), never applied to this one
            return self.options.overrides.get(case_id) or None
        return {**(by_row or {}), **self.options.overrides.get(case_id, {})} or None


_WORKER: Worker | None = None


def _work(span: tuple[int, int]) -> SpanResult:
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
    with long_lived():  # the rulebook and, once read, the input rows (frozen again below) live to the end
        return _run_check(paths, book, options, context, run_extra, progress)


def _run_check(paths: list[Path], book: Rulebook, options: CheckOptions, context: BatchContext, run_extra: dict,
               progress: Callable[..., None] | None) -> CheckResult:
    aliases, columns = reader_aliases(book, options.conditions)
    try:
        batch = Batch.open(list(paths), field_set(book), aliases)
    finally:
        drain()  # the workbooks read ahead are taken: no prefetch thread may be running at a fork below
    raise_if_owed()  # a Ctrl-C while the readers' modules loaded, which Python dropped
    freeze_more()  # the rows just read live to the end of the run (run_check's block unfreezes them)
    ledger = ledgers.is_ledger_run(book, options.workflow_id, [t.fields for t in batch.columns()])
    plans: dict[str, CheckPlan] = {}
    unchecked: dict[tuple[str, int], MissingColumns] = {}  # (item, file index) → the columns that file lacks
    defaults: dict[int, str] = {}
    if ledger:
        # each 事项 in the ledger is decided under its own workflow: plan each one used
        defaults = item_defaults(options, batch)
        plans, unchecked = _ledger_plans(book, options, batch, columns, defaults)
        plan = plans.get(options.workflow_id) or next(iter(plans.values()))
        if options.workflow_named and options.workflow_id not in ledgers.ITEMS:  # -w W-05 on a ledger: said, not ignored
            plan.notes.insert(0, _not_a_ledger_item(book, options.workflow_id, plans))
    else:
        plan = plan_check(book, options.workflow_id, batch.columns(), options.conditions, columns,
                          reference_given=options.as_of is not None)
    context.conditions, context.notice = plan.slots, options.conditions.notice if options.conditions else None
    plan.notes.extend(note for note in (*batch.hidden_notes(), *batch.district_notes()) if note not in plan.notes)
    if not ledger and options.workflow_id in NO_APPLICANT_NOTICE:  # a list proposed upward: no notice to applicants
        plan.notes.append(NO_APPLICANT_NOTICE[options.workflow_id])
    if ledger and LEDGER_NOTICE_NOTE not in plan.notes:  # which rows get a notice (checker/report/notice.py _ledger_open)
        plan.notes.append(LEDGER_NOTICE_NOTE)
    workflow = plan.workflow
    # First pass: only what crosses rows (ids and USCCs), so each case can be decided alone.
    id_counts: Counter = Counter()
    file_counts: Counter = Counter()  # (file, id) of ids that are a district file's own running number
    rows_seen: list[tuple] = []  # (sheet, row, label, name, code): which rows share an enterprise
    keys: list[str] = []  # each application's row key, in input order
    ids: list[str] = []  # and its raw id: its report names, announced below
    numbers: list[int] = []  # and its row number and file: a duplicated id's finding names the other rows
    files: list[int] = []
    ledger_rows: list[dict] = []
    for index, record in batch.records():
        raw = raw_id(record)
        keys.append(batch.row_key(index, record))
        ids.append(raw)
        numbers.append(record.number)
        files.append(index)
        if raw:
            id_counts[raw] += 1
            if batch.several and file_number(record, raw):
                file_counts[(index, raw)] += 1
        if "company_name" in record.cells or "uscc" in record.cells:
            where = f"{batch.name(index)} 第 {record.number} 行" if batch.several else f"第 {record.number} 行"
            rows_seen.append((record.sheet, record.number, f"{raw}（{where}）" if raw else where,
                              record.cells["company_name"].value if "company_name" in record.cells else None,
                              record.cells["uscc"].value if "uscc" in record.cells else None))
        if ledger:  # counted under the item the row is decided under: a blank 事项 takes its file's
            ledger_rows.append({**ledgers.raw_ledger_row(record), "default_item": defaults.get(index, options.workflow_id)})
    skipped = batch.skipped_empty
    totals = batch.skipped_totals()
    notes = batch.skipped_notes()
    plan.notes.extend(note for note in batch.hidden_row_notes() if note not in plan.notes)
    total = len(keys)
    if total == 0:
        raise _no_rows(batch)
    names = CaseNames(id_counts, file_counts, duplicate_rows(ids, files, numbers, id_counts, batch))
    del numbers, files
    context.uscc_counts, context.name_counts, context.name_rows, context.uscc_rows = batch_applicants(rows_seen)
    del rows_seen
    if ledger:
        context.ledger_recommended, context.ledger_ranks, context.ledger_schemes = ledger_counts(ledger_rows, options.workflow_id)
    del ledger_rows
    # a register or list the run's rules do not read (--credit-list on W-05) was named in every report
    # as an input of the check: it is left out of them and named on screen
    unread = inputs_not_read(run_extra.get("registers") or {}, {r for p in (plans.values() if ledger else [plan]) for r in p.rule_ids})
    if unread:
        run_extra = {**run_extra, "registers": {k: v for k, v in run_extra["registers"].items() if k not in unread}}
    title = workflow.title.zh
    items = sorted({*plans, *(workflow_id for workflow_id, _ in unchecked)})
    if ledger and options.workflow_id not in plans and len(items) > 1:
        # a ledger of several items, none named on the command line: titled after them all, not
        # after its first row's (each row's own report keeps its item's title)
        title = "、".join(f"{workflow_id} {book.workflow(workflow_id).title.zh}" for workflow_id in items)
    run = RunInfo(
        workflow_id=workflow.id,
        workflow_title=title,
        rulebook_version=book.version_of(workflow.id),
        input_file=batch.file_label,
        input_sha256=batch.sha256,
        engine=options.engine,
        not_checked=[*workflow.not_checked, *plan.notes] if not ledger else _ledger_not_checked(book, plans, unchecked),
        partial_notes=sum(p.partial_notes for p in (plans.values() if ledger else [plan])),
        conditions=options.conditions.summary() if options.conditions else None,
        words=CaseWords(book, workflow.id),
        **run_extra,
    )
    out = OutputDir(options.out, command=f"check {workflow.id}", input_sha256=batch.sha256,
                    rulebook_version=run.rulebook_version, force=options.force)
    stems = [names.report_name(raw or key, key) for raw, key in zip(ids, keys)]
    # decisions by row key (row16) on a row whose id is its own: not applied (Worker.overrides_for)
    names.row_decisions_set_aside = [(key, raw) for raw, key in zip(ids, keys)
                                     if key in options.overrides and raw and id_counts[raw] == 1]
    del ids
    kinds = options.kinds
    out.begin([name for stem in stems for name in case_files(stem, kinds)]
              + [CASES_JSONL, RULES_JSON, INDEX_HTML, *SUMMARY_FILES, NOTICES])
    del stems
    jobs = options.jobs or default_jobs(total)
    run.report_suffix = ".html" if "html" in kinds else f".{kinds[0]}"  # what summary.xlsx links to
    worker = Worker(book.directory, options, run, context, batch, plan, names, out, ledger=ledger, plans=plans,
                    item_defaults=defaults, unchecked=unchecked,
                    inputs_not_read=[f"{READ_BY[label][0]}（{label}：{given}）" for label, given in unread.items()])
    item_runs = {workflow_id: worker.run_for(workflow_id) for workflow_id in items} if ledger else {}
    if progress:
        progress(0, total)  # the bar shows N/total from here on
    store = RowStore()
    rules: dict[str, dict] = {}
    notices = NoticeSpool(out.root)  # the notices to applicants, in input order (imap keeps the chunks' order)
    jsonl = out.stream(CASES_JSONL)
    # the case reports: created under their own names in a hidden staging folder, moved into cases/
    # together once all are written (a renamed temporary file per report cost about twice as much)
    reports = worker.reports = out.staged(CASES)
    chunks = _execute(worker, batch.size, jobs)
    try:
        for chunk_rows, lines, new_rules, chunk_notices, files in chunks:
            raise_if_owed()  # a stop Python dropped (checker.core.stops): the run stops here
            for relative, data, sync in files:  # a worker's report files (see _execute)
                reports.write(relative, data, sync=sync)
            jsonl.write(lines)
            rules.update(new_rules)
            store.add(chunk_rows)
            for notice in chunk_notices:
                notices.add(notice)
            if progress:
                progress(len(chunk_rows))
        jsonl.commit()
        out.write(RULES_JSON, rules_bytes(run, rules, options.per_case, kinds, item_runs))
        reports.commit()
    except BaseException:
        chunks.close()  # the workers stopped first: then no one is writing the temporary files removed next
        reports.discard()
        jsonl.discard()
        notices.close()
        if jobs > 1:
            out.remove_temps()  # a stopped or dead worker's half-written report
        raise
    try:
        return _finish_run(book, worker, store.rows, keys, notices, jobs, (skipped, totals, notes))
    finally:
        notices.close()


def _finish_run(book: Rulebook, worker: Worker, rows: list, keys: list[str], notices: NoticeSpool, jobs: int,
                set_aside: tuple[int, list, list]) -> CheckResult:
    """After the last case: the summary's counts (which must reconcile with the input), then
    告知书汇总.html and index.html, summary.xlsx and, last, summary.json. ``set_aside``: the counts
    of the empty, total and note lines the first pass set aside."""
    options, batch, plan, plans, unchecked = worker.options, worker.batch, worker.plan, worker.plans, worker.unchecked
    names, run, out, ledger = worker.names, worker.run, worker.out, worker.ledger
    skipped, totals, notes = set_aside
    kinds = options.kinds
    extra = {
        # every data line under the header(s), counted from the tables themselves: the lines
        # accounted for below (cases from the workers, set-aside lines from the first pass) must
        # add up to it, so a line lost on the way shows as rows_reconcile false
        "input_rows": batch.size,
        "skipped_empty_rows": skipped,
        "skipped_total_rows": totals,
        "skipped_note_rows": notes,
        **({"input_files": batch.describe()} if batch.several else
           {"header_row": batch.tables[0].table.header_row, "sheet": batch.tables[0].table.sheet}),
        "reference_date": {"date": options.as_of.isoformat(), "basis": options.as_of_basis} if options.as_of else None,
        "unused_overrides": unused_overrides(options.overrides, {row["case_id"] for row in rows} | set(keys)),
        # an id shared by several rows cannot say which row a decision is for: it is applied to none
        "ambiguous_overrides": sorted(case_id for case_id in options.overrides if names.id_counts.get(case_id, 0) > 1),
        # decisions on a rule this run does not apply (another workflow's): applied to no finding
        # decisions on an input problem (INP-) the case no longer has (corrected data) or never had: applied
        # to no finding, so named rather than dropped
        "overrides_without_finding": _without_finding(options.overrides, rows),
        # decisions by row key on a row whose id is its own (the rows moved, or a shared id was corrected)
        "row_overrides_not_applied": [{"row_key": key, "case_id": raw} for key, raw in names.row_decisions_set_aside],
        "overrides_not_applied": overrides_not_applied(options.overrides, _rules_of_cases(rows, plan, plans if ledger else {}),
                                                       {row["case_id"] for row in rows} | set(keys)),
    }
    extra["decisions_not_applied"] = run.decisions_not_applied = decisions_not_applied(
        extra, lambda case_id: [row["name"] for row in rows if row["case_id"] == case_id])
    if plan.not_checked or plan.by_file:
        extra["rules_not_checked"] = plan.not_checked_summary()
    extra["not_checked_this_run"] = list(plan.notes)
    if worker.inputs_not_read:
        extra["inputs_not_read"] = worker.inputs_not_read
    if options.conditions is not None:
        extra["conditions"] = run.conditions
    # every input row is either a case or a counted empty, total or note line; say so in the summary
    extra["rows_reconcile"] = len(rows) + skipped + len(totals) + len(notes) == extra["input_rows"]
    if not extra["rows_reconcile"]:
        # never written up as complete: summary.json (the run's completion marker) is not written
        raise InternalError(f"输入 {extra['input_rows']} 行，而审核结果 {len(rows)} 件、跳过 {skipped + len(totals) + len(notes)} 行，"
                           "有行未计入，本次结果不完整")
    extra["case_reports"] = where_cases_are(options.per_case, kinds, sum(1 for row in rows if row["has_file"]), bool(ledger))
    if ledger:
        extra["ledger"] = _ledger_summary(rows, book)
        if unchecked:
            extra["ledger"]["items_not_checked"] = {
                workflow_id: "；".join(dict.fromkeys(_unchecked_note(w, error) for (w, _), error in sorted(unchecked.items()) if w == workflow_id))
                for workflow_id in sorted({w for w, _ in unchecked})}
    verdicts = ("compliant", "noncompliant", "needs_review") if ledger else ("eligible", "ineligible", "needs_review")
    counts = {"cases": len(rows), **{v: sum(1 for row in rows if row["verdict"] == v) for v in verdicts}}

    def pages() -> None:
        notices.write_page(out, run)
        write_pieces(out, INDEX_HTML, index_pieces(rows, run, counts, run.words.districts if run.words else None,
                                                   options.per_case, "html" in kinds, set_aside_text(totals, notes),
                                                   extra["reference_date"]))

    def pages_here() -> None:
        pages()
        notices.close()  # the spool (in the output folder, as large as the page) gone before summary.xlsx and .json

    # the two pages are written by a forked child while this process writes summary.xlsx: with --jobs
    # above 1 the second core is otherwise idle here (the pages are the same bytes either way)
    side = None
    try:
        # the child is made inside this block: a stop signal handled as soon as the fork returns
        # (SideJob holds them only across the fork) stops it too, never leaving it to write the
        # pages into the folder of a run that has ended
        if jobs > 1 and len(rows) >= SIDE_PAGES_FROM and can_fork_side_jobs():
            notices.flush()  # the child reads the spool through the same file: nothing left in this process's buffer
            side = SideJob(pages)
            if not side.started:
                side = None
        if side is None:
            pages_here()
        if options.per_case != "all":
            out.settle([name for row in rows if row["has_file"] for name in case_files(row["name"], kinds)]
                       + [CASES_JSONL, RULES_JSON, INDEX_HTML, *SUMMARY_FILES, NOTICES])
        # the pages are in place before the completion marker; a child that failed: written here
        summary = write_summary(rows, run, out, extra, helpers=jobs - 1,
                                before_marker=(lambda: _side_done(side, pages, out, notices)) if side else None)
    except BaseException:
        if side is not None:
            side.stop()
            out.remove_temps()  # the child's half-written page
        raise
    # a case a reviewer's decision made ineligible has its notice to send: not a run with nothing to act on
    exit_code = EXIT_OK if all(verdict in (None, "eligible", "compliant") for row in rows
                               for verdict in (row["verdict"], row["verdict_with_overrides"])) else EXIT_FINDINGS
    return CheckResult(summary, exit_code)


def _side_done(side: SideJob, work: Callable[[], None], out: OutputDir, notices: NoticeSpool) -> None:
    """Wait for a child's files; if it did not write them, write them here (after removing what it
    may have left half-written). Then the notices' spool is removed: before summary.json, as always."""
    if not side.wait():
        out.remove_temps()
        work()
    notices.close()


def _rules_of_cases(rows: list, plan: CheckPlan, plans: dict[str, CheckPlan]):
    """case id (or row key) → the rules its case gets: the plan's, or in a ledger its item's (the
    rows of an id that spans items, or a row key, get every item's)."""
    every = {rule_id for p in (plans.values() or [plan]) for rule_id in p.rule_ids}
    if not plans:
        return lambda case_id: every
    items: dict[str, set[str]] = {}
    for row in rows:
        items.setdefault(row["case_id"], set()).add(row.get("item"))
    by_case = {case_id: {rule_id for item in found if item in plans for rule_id in plans[item].rule_ids}
               for case_id, found in items.items()}
    return lambda case_id: by_case.get(case_id, every)


def item_defaults(options: CheckOptions, batch: Batch) -> dict[int, str]:
    """Without --workflow naming a ledger item, a row whose 事项 is blank or unknown takes the item
    the other rows of its file name, when they all name one (one ledger per item); no default else."""
    if options.workflow_id in ledgers.ITEMS:
        return {}
    named: dict[int, set[str]] = {}
    for index, record in batch.records():
        key = ledgers.named_item(record)
        if key is not None:
            named.setdefault(index, set()).add(key)
    return {index: next(iter(keys)) for index, keys in named.items() if len(keys) == 1}


def _not_a_ledger_item(book, workflow_id: str, plans: dict) -> str:
    """The run's note when --workflow names a workflow that is no ledger item but the input is a ledger
    (a 事项 column): its rows were checked under their own 事项, not under the workflow asked for."""
    items = "、".join(sorted(plans))
    return (f"指定的流程 {workflow_id}（{book.workflow(workflow_id).title.zh}）不是受理台账事项，而输入文件有“事项”列，是受理台账："
            f"各行按其事项（{items}）审核，未按 {workflow_id} 审核；如要审核申报表，请提交申报表而非受理台账。")


def _ledger_plans(book: Rulebook, options: CheckOptions, batch: Batch, columns,
                  defaults: dict[int, str]) -> tuple[dict[str, CheckPlan], dict[str, MissingColumns]]:
    """A plan for every workflow a ledger row is decided under (its 事项, else its file's item or
    --workflow); a row that leaves the item to guess, with no item to take, stops the run naming it.

    An item's rows in a file without its columns are not checked (each is reported so; the item's
    rows in its other files are), unless it is the item --workflow names, or no item can be checked
    and none is named: then the file is not a ledger of it, and the run stops naming the columns."""
    used: dict[str, set[int]] = {}  # workflow → the files holding its rows
    for index, record in batch.records():
        default = defaults.get(index, options.workflow_id)
        if default not in ledgers.ITEMS and ledgers.named_item(record) is None:
            where = record.ref("item")  # 受理台账!D8 names the ledger already (受理台账 受理台账!D8 did twice)
            raise InputError(f"{'' if where.startswith('受理台账') else '受理台账 '}{where} 的事项为空或无法识别，且未用 --workflow 指定事项"
                             f"（{batch.name(index)} 中也没有统一的事项可以沿用）；请填写事项（{'、'.join(ledgers.ITEMS)}）或加 --workflow。")
        workflow_id, _findings = ledgers.route(record, default, book)
        used.setdefault(workflow_id, set()).add(index)
    if not used:
        raise _no_rows(batch)
    tables = batch.columns()
    plans: dict[str, CheckPlan] = {}
    unchecked: dict[tuple[str, int], MissingColumns] = {}
    for workflow_id, files in used.items():
        # an item needs its columns in the files its rows are in, not in every file of a folder
        # (an office keeps one ledger per item); a stray row in another file leaves the rest checked
        complete = []
        for index in sorted(files):
            try:
                plan_check(book, workflow_id, [tables[index]], options.conditions, columns)
                complete.append(index)
            except MissingColumns as error:
                if workflow_id == options.workflow_id:
                    raise
                unchecked[(workflow_id, index)] = error
        if complete:
            plans[workflow_id] = plan_check(book, workflow_id, [tables[i] for i in complete], options.conditions, columns)
    if not plans:
        if options.workflow_id not in ledgers.ITEMS:
            raise next(iter(unchecked.values()))
        # no row of the item --workflow names could be checked: the run is still that item's (its
        # columns are required as ever); every row says why it was not checked
        plans[options.workflow_id] = plan_check(book, options.workflow_id, tables, options.conditions, columns)
    return plans, unchecked


def duplicate_rows(ids: list[str], files: list[int], numbers: list[int], id_counts: Counter,
                   batch: Batch) -> dict[str, list[tuple[int, int, str]]]:
    """Each id written on more than one row → (file index, row number, where) of every such row, in
    input order (第 16 行; in a batch of several files, 环翠区.xlsx 第 16 行): each row's INP-DUPLICATE-ID
    names the others."""
    rows: dict[str, list[tuple[int, int, str]]] = {}
    for raw, index, number in zip(ids, files, numbers):
        if raw and id_counts[raw] > 1:
            where = f"{batch.name(index)} 第 {number} 行" if batch.several else f"第 {number} 行"
            rows.setdefault(raw, []).append((index, number, where))
    return rows


def _no_rows(batch: Batch) -> InputError:
    """One sentence, as every input error (申报文件「路径」…。); a CSV or JSON file has no sheet to name."""
    def where(table) -> str:
        sheet = f"的工作表 {table.sheet} " if table.path.suffix.lower() in WORKBOOK_SUFFIXES else ""
        return f"「{table.path}」{sheet}"

    if batch.several:
        return InputError(f"申报文件{'、'.join(f'「{t.table.path}」' for t in batch.tables)}的表头下都没有申报行。")
    return InputError(f"申报文件{where(batch.tables[0].table)}表头下没有申报行。")


def _unchecked_note(workflow_id: str, error: MissingColumns) -> str:
    return f"{error.table} 缺少 {workflow_id} 必需的列：{'、'.join(error.labels)}；{workflow_id} 的行未按其规则核对。"


def _ledger_not_checked(book: Rulebook, plans: dict[str, CheckPlan], unchecked: dict[tuple[str, int], MissingColumns]) -> list[str]:
    notes: list[str] = []
    several = len(plans) > 1
    for workflow_id, plan in plans.items():
        workflow = book.workflow(workflow_id)
        for note in [*workflow.not_checked, *plan.notes]:
            text = f"{workflow_id} {workflow.title.zh}：{note}" if several else note
            if text not in notes:
                notes.append(text)
    notes.extend(dict.fromkeys(_unchecked_note(workflow_id, error) for (workflow_id, _), error in sorted(unchecked.items())))
    return notes


def _ledger_summary(rows: list[dict], book: Rulebook) -> dict:
    """Counts by 事项 (the summary groups a ledger by it)."""
    by_item: dict[str, Counter] = {}
    for row in rows:
        by_item.setdefault(row.get("item") or "", Counter())[row["verdict"]] += 1
    return {
        "items": {item: {"title": book.workflow(item).title.zh if item in book.workflows else "", "cases": sum(c.values()),
                         "compliant": c.get("compliant", 0), "noncompliant": c.get("noncompliant", 0),
                         "needs_review": c.get("needs_review", 0)}
                  for item, c in sorted(by_item.items())},
        "verdict_basis": "办理部门的办理是否合规；申请人材料方面的问题列在申请人结论中",
    }


def where_cases_are(per_case: str, kinds: tuple[str, ...], files: int, ledger: bool = False) -> dict:
    """summary.json's word on where each case's report is (a handling ledger's rows are 合规 or 不合规)."""
    flagged = ("cases/ 中为不合规、需人工复核或申请人材料有问题的台账行的报告（申请人材料有问题的，报告末附给申请人的告知书）；" if ledger else
               "cases/ 中为不符合条件和需人工复核的申报的报告（含一次性告知书）；")
    return {
        "per_case": per_case,
        "per_case_formats": list(kinds),
        "cases_with_files": files,
        "cases_jsonl": CASES_JSONL,
        "rules_json": RULES_JSON,
        "index": INDEX_HTML,
        "note": ("cases/ 中为每件申报的报告。" if per_case == "all" else flagged) +
                "全部案件的审核数据在 cases.jsonl（规则文本与依据在 rules.json）；任一案件的报告："
                "fundcheck show 输出文件夹 申报编号 [--format html|md|json]。",
    }


def _spans(size: int) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, size)) for start in range(0, size, CHUNK)]


def _execute(worker: Worker, size: int, jobs: int) -> Iterable[SpanResult]:
    spans = _spans(size)
    if jobs <= 1 or len(spans) <= 1:
        for span in spans:
            yield worker.process(span)
        return
    # fork: the workers inherit the rulebook path, the context and the input rows read above;
    # each builds its own durable-rules host lazily. Only small rows, cases.jsonl lines and the
    # rendered report files come back.
    #
    # The report files are created here, by the parent, which otherwise only waits: creating files
    # is system time that on some disks costs more than rendering them (0.05-0.7 ms a file on the
    # project's VM, varying by the hour), and two processes creating files in one folder at once
    # each spin on its lock (twice the CPU for the same files). One creator, while the workers render.
    global _WORKER
    _WORKER = worker
    worker.hand_back_files = True
    # what the workers inherit (rulebook, input rows) is never garbage: kept out of the cycle
    # collector's passes, in the workers (which would otherwise also copy those pages on each pass)
    # and in the parent
    try:
        with long_lived():
            yield from in_order(_work, spans, jobs)
    finally:
        _WORKER = None
        worker.hand_back_files = False


def _without_finding(overrides: dict, rows: list) -> list[str]:
    """Decisions on an input problem (INP-USCC, INP-DUPLICATE-ID) of a case that has no such finding,
    as "申报：规则": after a district's correction the problem is gone, and the decision with it."""
    if not overrides:
        return []
    found = []
    for row in rows:
        decisions = overrides.get(row["name"]) or {}
        present = {*row["failed_rules"], *row["missing_rules"], *row["advisories"]}
        found.extend(f"{row['name']}：{rule_id}" for rule_id in sorted(decisions)
                     if rule_id.startswith("INP-") and rule_id not in present)
    return found


def unused_overrides(overrides: dict, case_ids_seen: set[str]) -> list[str]:
    return sorted(case_id for case_id in overrides if case_id not in case_ids_seen)
