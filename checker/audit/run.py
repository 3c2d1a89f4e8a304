"""``fundcheck audit`` as one function: read the records, audit each, write the reports."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from checker.audit.document import round_document, round_header
from checker.audit.evaluate import VERDICT_COMPLIANT, RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.record import read_rounds
from checker.core.rulebook import Rulebook
from checker.draw import ledger as ledger_mod
from checker.draw.pool import read_pool
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.io.outputs import OutputDir
from checker.report.round import round_files, write_round_reports
from checker.report.text import VERDICT_ZH


def run_audit(book: Rulebook, rounds: list, out: Path, *, ledger=None, pool=None, day_reading=None, workflow=None,
              engine: str = "durable", echo: Callable[[str], None] = print, force: bool = False) -> int:
    if ledger is not None:
        # An unreadable ledger is a problem with the command's input (exit 2), not a finding.
        ledger_mod.open_existing(ledger).close()
    context = RoundContext(ledger=ledger, pool=read_pool(pool) if pool is not None else None)
    auditor = RoundAuditor(book, engine=engine, day_reading=day_reading, context=context, workflow_override=workflow)
    records = read_rounds(rounds, book.vocabulary.step_keys)
    if not records:
        raise InputError(f"{', '.join(str(r) for r in rounds)} holds no round record")
    for record in records:  # every record readable and its workflow known before any report is written
        auditor.check_sheets(record)
    results = [auditor.evaluate(record) for record in records]
    reports = [
        (round_document(r, book.version_of(r.workflow)), round_header(r, book.workflow(r.workflow).title.zh))
        for r in results
    ]
    inputs = hashlib.sha256("".join(r.sha256 for r in results).encode()).hexdigest()
    versions = "、".join(sorted({book.version_of(r.workflow) for r in results}))  # only the rules these rounds use
    output = OutputDir(Path(out), command="audit", input_sha256=inputs, rulebook_version=versions, force=force)
    output.begin(round_files([r.round_id for r in results]))
    folders = write_round_reports(reports, output)
    for result, folder in zip(results, folders):
        failed = [f["rule_id"] for f in result.findings if f["outcome"] == "fail"]
        missing = [f["rule_id"] for f in result.findings if f["outcome"] == "missing"]
        echo(f"{result.round_id} [{result.workflow}] {VERDICT_ZH[result.verdict]} ({result.verdict})"
             + (f" 不通过: {', '.join(failed)}" if failed else "")
             + (f" 待补充: {', '.join(missing)}" if missing else "")
             + f" → {folder}")
    return EXIT_OK if all(r.verdict == VERDICT_COMPLIANT for r in results) else EXIT_FINDINGS
