"""The batch check, end to end: read → validate → evaluate → report, streamed case by case.

Cases are never all held in memory: each is written to ``OUT/cases/`` as soon as it is decided and
only a small summary row is kept. With ``jobs > 1`` the records are evaluated and written by worker
processes (each with its own durable-rules host) while this process keeps reading and collects the
summary rows; results are identical to a single-process run.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from checker.check.document import case_document
from checker.check.evaluate import CaseEvaluator
from checker.check.facts import BatchContext, count_usccs
from checker.check.fields import FieldSet, field_set
from checker.check.intake import ApplicationTable, open_applications
from checker.check.validate import validate_record
from checker.core.findings import input_finding
from checker.core.rulebook import Rulebook, load_rulebook
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.io.table import Row
from checker.report.case import RunInfo, write_case
from checker.report.summary import summary_row, write_summary
from checker.report.text import safe_name

ID_FORM = "申报编号：文本，文件内唯一"

DEFAULT_FORMATS = ("json", "html")
MAX_NAME_BYTES = 150  # file systems allow 255 bytes; leave room for the extension
_ROW_NAME = re.compile(r"row\d+")
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


@dataclass
class CheckResult:
    summary: dict
    exit_code: int


def required_fields(book: Rulebook, workflow_id: str) -> list[str]:
    """application_id plus every field the workflow's rules read."""
    workflow = book.workflow(workflow_id)
    fields = ["application_id"]
    for rule_id in workflow.check_rules:
        for name in book.rules[rule_id].reads:
            if name not in fields:
                fields.append(name)
    return fields


def check_columns(table: ApplicationTable, book: Rulebook, workflow_id: str) -> None:
    fields = field_set(book)
    missing = [name for name in required_fields(book, workflow_id) if name not in table.table.fields_found]
    if missing:
        names = "、".join(f"{fields.label(n)}（{n}）" for n in missing)
        found = "、".join(table.table.headers_found) or "（无）"
        raise InputError(
            f"{table.table.path.name} ({table.table.sheet}) lacks required column(s) {names} for {workflow_id}; headers found: {found}"
        )


# --- case ids: the application id, or row<N> when it is missing or duplicated -------------------


def _raw_id(record: Row) -> str:
    cell = record.cells.get("application_id")
    if cell is None or cell.value in (None, ""):
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def duplicate_id_finding(record: Row, raw_id: str, count: int) -> dict:
    cell = record.cells["application_id"]
    return input_finding(
        "INP-DUPLICATE-ID",
        ("申报编号重复", "Duplicate application id"),
        f"{cell.ref} 的申报编号“{raw_id}”在文件中出现 {count} 次；各条均已审核，报告文件以输入行号 row{record.number} 命名。",
        "请核实重复的申报编号，确认是否为同一申报重复录入。",
        {"application_id": raw_id, "source": cell.ref},
        ID_FORM,
    )


def missing_id_finding(record: Row) -> dict:
    return input_finding(
        "INP-MISSING-ID",
        ("申报编号缺失", "Missing application id"),
        f"{record.sheet} 第 {record.number} 行没有申报编号；报告以输入行号 row{record.number} 命名。",
        "请补填申报编号。",
        {"application_id": None, "source": f"{record.sheet}!第{record.number}行"},
        ID_FORM,
    )


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
    table: ApplicationTable
    id_counts: Counter
    stem_counts: Counter
    _evaluator: CaseEvaluator | None = None

    def evaluator(self) -> CaseEvaluator:
        if self._evaluator is None:
            book = load_rulebook(self.book_dir)
            self._evaluator = CaseEvaluator(
                book, self.options.workflow_id, engine=self.options.engine, as_of=self.options.as_of,
                as_of_basis=self.options.as_of_basis,
            )
        return self._evaluator

    def process(self, span: tuple[int, int]) -> list[dict]:
        rows = []
        evaluator = self.evaluator()
        cases_dir = self.options.out / "cases"
        for record in self.table.records(*span):
            case_id, extra_findings = self.identify(record)
            application = validate_record(record, evaluator.fields)
            application.input_findings[:0] = extra_findings
            result = evaluator.evaluate(application, self.context, case_id)
            document = case_document(result, self.run, self.overrides_for(case_id, record))
            stem = self.report_name(case_id, record)
            write_case(document, self.run, cases_dir, self.options.formats, stem)
            rows.append(summary_row(document, stem))
        return rows

    def report_name(self, case_id: str, record: Row) -> str:
        """The file name of a case's reports: its id made safe, unless that could clash with
        another report (two ids that differ only in unsafe characters, an id that looks like
        row<N>) or is too long for a file system; then row<N>, unique by construction."""
        stem = safe_name(case_id)
        if self.stem_counts.get(stem) == 1 and not _ROW_NAME.fullmatch(stem) and len(stem.encode()) <= MAX_NAME_BYTES:
            return stem
        return f"row{record.number}"

    def identify(self, record: Row) -> tuple[str, list[dict]]:
        """The case id (application id, or row<N> when missing or duplicated) and id findings."""
        raw = _raw_id(record)
        if raw and self.id_counts[raw] == 1:
            return raw, []
        if raw:  # kept as the case id; its report files are named row<N> (report_name)
            return raw, [duplicate_id_finding(record, raw, self.id_counts[raw])]
        return f"row{record.number}", [] if record.problem else [missing_id_finding(record)]

    def overrides_for(self, case_id: str, record: Row) -> dict | None:
        """A reviewer's decisions for this case: by application id, or by row<N> (the only way to
        address one of two applications that share an id)."""
        by_row = self.options.overrides.get(f"row{record.number}")
        if self.id_counts.get(case_id, 0) > 1:
            return by_row
        return {**(by_row or {}), **self.options.overrides.get(case_id, {})} or None


_WORKER: Worker | None = None


def _work(span: tuple[int, int]) -> list[dict]:
    assert _WORKER is not None, "worker processes inherit _WORKER from the parent (fork)"
    return _WORKER.process(span)


def run_check(
    path: Path,
    book: Rulebook,
    options: CheckOptions,
    context: BatchContext,
    run_extra: dict,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    table = open_applications(path, field_set(book))
    workflow = book.workflow(options.workflow_id)
    check_columns(table, book, options.workflow_id)
    # First pass: only what crosses rows (ids and USCCs), so each case can be decided alone.
    id_counts: Counter = Counter()
    usccs = []
    total = 0
    for record in table.records():
        total += 1
        raw = _raw_id(record)
        if raw:
            id_counts[raw] += 1
        if "uscc" in record.cells:
            usccs.append(record.cells["uscc"].value)
    skipped = table.skipped_empty
    totals = list(table.skipped_totals)
    if total == 0:
        raise InputError(f"{path.name} ({table.table.sheet}) has no application rows below its header row")
    stem_counts = Counter(safe_name(raw) for raw, count in id_counts.items() if count == 1)
    context.uscc_counts = count_usccs(usccs)
    del usccs
    run = RunInfo(
        workflow_id=workflow.id,
        workflow_title=workflow.title.zh,
        rulebook_version=book.version_of(workflow.id),
        input_file=path.name,
        input_sha256=table.table.sha256,
        engine=options.engine,
        not_checked=list(workflow.not_checked),
        **run_extra,
    )
    (options.out / "cases").mkdir(parents=True, exist_ok=True)
    worker = Worker(book.directory, options, run, context, table, id_counts, stem_counts)
    rows: list[dict] = []
    for chunk_rows in _execute(worker, table.table.size, options.jobs):
        rows.extend(chunk_rows)
        if progress:
            progress(len(chunk_rows))
    extra = {
        "input_rows": total + skipped + len(totals),
        "skipped_empty_rows": skipped,
        "skipped_total_rows": totals,
        "header_row": table.table.header_row,
        "sheet": table.table.sheet,
        "reference_date": {"date": options.as_of.isoformat(), "basis": options.as_of_basis} if options.as_of else None,
        "unused_overrides": unused_overrides(
            options.overrides, {row["case_id"] for row in rows} | {f"row{row['input_row']}" for row in rows}
        ),
    }
    # every input row is either a case or a counted empty row; say so in the summary
    extra["rows_reconcile"] = len(rows) + skipped + len(totals) == extra["input_rows"]
    summary = write_summary(rows, run, options.out, extra)
    exit_code = EXIT_OK if all(row["verdict"] == "eligible" for row in rows) else EXIT_FINDINGS
    return CheckResult(summary, exit_code)


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
