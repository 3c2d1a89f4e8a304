"""``fundcheck audit`` as one function: read the records, audit each, write the reports."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
from pathlib import Path
from typing import Callable

from checker.audit.document import round_document, round_header, round_titles
from checker.audit.evaluate import VERDICT_COMPLIANT, RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.facts.ledger_check import load_draw_record
from checker.audit.record import RoundRecord, read_rounds
from checker.core.calendar import DEFAULT as DEFAULT_CALENDAR, load_holidays
from checker.core.text import round_key
from checker.core.processes import freeze_more, in_order, long_lived
from checker.core.rulebook import Rulebook
from checker.core.stops import raise_if_owed
from checker.draw import ledger as ledger_mod
from checker.draw.pool import read_pool
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.io.outputs import BackgroundWriter, OutputDir
from checker.report.round import round_files, round_folders, round_report_files, write_round_index, write_round_reports
from checker.report.text import VERDICT_ZH


def distinct_rounds(records: list[RoundRecord]) -> tuple[list[RoundRecord], list[str], bool]:
    """One record per round id: the first in sorted source order is audited, any other copy is
    skipped with a warning naming both. Returns (records to audit, warnings, whether a skipped copy
    differs in content from the one audited)."""
    kept: dict[str, RoundRecord] = {}
    warnings: list[str] = []
    differ = False
    for record in sorted(records, key=lambda r: r.source):
        # ids compare as the draw and DRAW-RANDOM compare them (W12-01 = w12-01 = "W12 01")
        key = round_key(record.round_id)
        first = kept.get(key)
        if first is None:
            kept[key] = record
            continue
        same = first.content_sha256 == record.content_sha256
        differ = differ or not same
        shown = record.round_id if record.round_id == first.round_id else f"{first.round_id}（另一份写作 {record.round_id}）"
        warning = (f"警告：轮次 {shown} 有两份记录：审计 {first.source}，跳过 {record.source}"
                   + ("（两份内容相同）" if same else "（两份内容不同，请核实哪一份是正式记录）"))
        warnings.append(warning)
        # the copy audited carries the warning into its own reports (round.json other_copies, 未核对事项,
        # the conclusion) and the line printed for it: a report read alone says there was another copy
        first.other_copies.append({"source": record.source, "round_id": record.round_id, "audited": first.source,
                                   "written_otherwise": record.round_id != first.round_id, "same_content": same,
                                   "why": "同一轮次有多份记录时，审计按文件路径排序的第一份",
                                   "warning": warning.removeprefix("警告：")})
    order = {id(r): i for i, r in enumerate(records)}
    return sorted(kept.values(), key=lambda r: order[id(r)]), warnings, differ


def total_line(verdicts: list[str], skipped: int = 0) -> str:
    """The last line of a multi-round audit: how many rounds, by verdict (and copies skipped)."""
    counts = {verdict: verdicts.count(verdict) for verdict in ("compliant", "noncompliant", "needs_review")}
    words = "，".join(f"{VERDICT_ZH[v]} {n}" for v, n in counts.items())
    return f"合计 {len(verdicts)} 轮：{words}" + (f"（另有重复记录 {skipped} 份未审计，见上方警告）" if skipped else "")


PARALLEL_FROM = 200  # rounds: below this, one process (forking and its imports cost more than they save)
SPAN = 25  # rounds a worker process audits, puts in words and writes at a time
MAX_DEFAULT_JOBS = 4


def default_jobs(rounds: int) -> int:
    """Processes for ``rounds`` rounds: min(cores, 4) from 200 rounds where processes can fork, else 1."""
    if rounds < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(_cores(), MAX_DEFAULT_JOBS))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _screen_line(book, result: dict, folder) -> str:
    """One round on screen, in words as the reports put it: the round, its workflow's title, the
    verdict and the requirements not met or undecided by their titles (rule ids stay in round.json
    and --json)."""
    workflow = book.workflows.get(result["workflow"])
    named = f"（{workflow.title.zh}）" if workflow is not None else ""
    failed, missing = _titles(result, "fail"), _titles(result, "missing")
    copies = "".join(f"  警告：{copy['warning']}" for copy in result.get("other_copies") or ())
    return (f"{result['round_id']}{named} {VERDICT_ZH[result['verdict']]}"
            + (f"  不通过：{failed}" if failed else "") + (f"  待补充：{missing}" if missing else "") + f" → {folder}" + copies)


def _report(auditor: RoundAuditor, book: Rulebook, record: RoundRecord) -> tuple[dict, dict]:
    """A round audited and put in words: (document, header)."""
    result = auditor.evaluate(record)
    header = round_header(result, book)
    return round_document(result, book.version_of(result.workflow), header["conclusion"]), header


def _index_entry(document: dict, header: dict) -> tuple[dict, dict]:
    """What the parent needs of a round a worker audited: its summary line and index row
    (write_round_index, the lines run_audit prints), without the findings' texts; the titles are
    the parent's own (the same rulebook)."""
    findings = [{"rule_id": f["rule_id"], "outcome": f["outcome"], "grade": f.get("grade"), "title": {"zh": f["title"]["zh"]}}
                for f in document["findings"]]
    return ({"round_id": document["round_id"], "workflow": document["workflow"], "verdict": document["verdict"],
             "source": document["source"], "findings": findings, "other_copies": document.get("other_copies") or []},
            {"fund_name": header.get("fund_name"), "workflow_title": header["workflow_title"]})


# The worker processes' work, inherited through fork: (auditor, book, records, folders, output,
# writer threads per worker).
_JOB: tuple | None = None


def _audit_span(span: tuple[int, int]) -> list[tuple[dict, dict]]:
    """Rounds span[0] … span[1]-1 audited, their reports written (by this worker's writer threads)."""
    assert _JOB is not None, "worker processes inherit _JOB from the parent (fork)"
    auditor, book, records, folders, output, threads = _JOB
    entries = []
    with BackgroundWriter(output, threads) as writer:
        for index in range(*span):
            document, header = _report(auditor, book, records[index])
            writer.submit(folders[index], round_report_files(document, header, folders[index]))
            entries.append(_index_entry(document, header))
            gc.freeze()  # a worker process ends with its spans: nothing to unfreeze
    return entries


def _audit_in_processes(auditor: RoundAuditor, book: Rulebook, records: list[RoundRecord], output: OutputDir,
                        jobs: int) -> list[tuple[dict, dict]]:
    """Every round audited and its reports written by ``jobs`` forked processes, SPAN rounds at a
    time; returns each round's index entry in the records' order."""
    global _JOB
    folders = round_folders([r.round_id for r in records])
    titles = round_titles(book)
    spans = [(start, min(start + SPAN, len(records))) for start in range(0, len(records), SPAN)]
    # as many workers as cores: each writes its own files (a writer thread would only wait for a core)
    _JOB = (auditor, book, records, folders, output, 0 if jobs >= _cores() else 1)
    done: list[tuple[dict, dict]] = []
    results = in_order(_audit_span, spans, jobs)
    try:
        for entries in results:
            done.extend((document, {**header, "titles": titles}) for document, header in entries)
    except BaseException:
        results.close()  # the workers stopped first: then no one is writing the temporary files removed next
        output.remove_temps()  # a stopped or dead worker's half-written report
        raise
    finally:
        _JOB = None
    return done


def _titles(result: dict, outcome: str) -> str:
    """The requirements with this outcome in words, each once (two unreadable cells are one 轮次记录无法读取的值):
    the terminal line is read by people, who know the requirements by name, not by rule id."""
    return "；".join(dict.fromkeys((f.get("title") or {}).get("zh") or f["rule_id"] for f in result["findings"] if f["outcome"] == outcome))


def run_audit(book: Rulebook, rounds: list, out: Path, *, ledger=None, pool=None, day_reading=None, workflow=None,
              engine: str = "durable", draw_record=None, holidays=None, echo: Callable[[str], None] = print,
              warn: Callable[[str], None] | None = None, force: bool = False,
              on_done: Callable[[list[dict]], None] | None = None, jobs: int | None = None,
              as_of: dt.date | None = None, as_of_basis: str = "given",
              on_written: Callable[[int], None] | None = None) -> int:
    """Audit ``rounds`` into ``out``; ``echo`` gets one line per round and, for several, a total line;
    ``on_done`` gets one summary dict per round (the CLI's --json object); ``on_written`` gets the
    exit status once every report is in place, before anything is printed. ``jobs``: processes
    auditing and writing the rounds (None: :func:`default_jobs`); the reports are the same bytes.
    ``as_of``: the audit's as-of date (a date of a record after it is a record problem), ``as_of_basis``
    "given" (--as-of) or "run_date" (the CLI's default, the day it runs); None checks no date against it."""
    warn = warn or echo
    if ledger is not None:
        # An unreadable ledger is a problem with the command's input (exit 2), not a finding.
        ledger_mod.open_existing(ledger).close()
    if draw_record is not None:
        if ledger is None:
            raise InputError("--draw-record 须与 --ledger 一同给出：抽取记录要与账本核对。")
        load_draw_record(draw_record)  # unreadable or not a draw record: exit 2 before any report
    calendar = load_holidays(holidays) if holidays is not None else DEFAULT_CALENDAR
    context = RoundContext(ledger=ledger, pool=read_pool(pool) if pool is not None else None,
                           draw_record=draw_record, calendar=calendar)
    auditor = RoundAuditor(book, engine=engine, day_reading=day_reading, context=context, workflow_override=workflow,
                           as_of=as_of, as_of_basis=as_of_basis)
    not_rounds: list[str] = []
    records = read_rounds(rounds, book.vocabulary.step_keys, book.vocabulary.repeating_steps, skipped=not_rounds)
    for note in not_rounds:
        warn(f"提示：{note}")
    if not records:
        raise InputError(f"{'、'.join(str(r) for r in rounds)} 中没有轮次记录")
    records, warnings, differ = distinct_rounds(records)
    for warning in warnings:
        warn(warning)
    workflows = []
    for record in records:  # every record readable and its workflow known before any report is written
        auditor.check_sheets(record)
        workflows.append(auditor.workflow_of(record).id)
    inputs = hashlib.sha256("".join(r.sha256 for r in records).encode()).hexdigest()
    versions = "、".join(sorted({book.version_of(w) for w in workflows}))  # only the rules these rounds use
    round_ids = [r.round_id for r in records]
    output = OutputDir(Path(out), command="audit", input_sha256=inputs, rulebook_version=versions, force=force)
    output.begin(round_files(round_ids), folders=False)
    notes = [w.removeprefix("警告：") for w in warnings]
    jobs = jobs or default_jobs(len(records))
    if jobs > 1 and len(records) > SPAN:
        with long_lived():  # the records: the workers' collector never walks (or copies) them
            done = _audit_in_processes(auditor, book, records, output, jobs)
        folder_names = round_folders(round_ids)
        write_round_index(done, folder_names, output, notes)
        folders = [output.root / name if name else output.root for name in folder_names]
    else:
        done = []

        def reports():
            """Each round audited and put in words as the reports of the one before are written."""
            for record in records:
                raise_if_owed()  # a stop Python dropped (checker.core.stops): the run stops here
                report = _report(auditor, book, record)
                done.append(report)
                freeze_more()  # what this round keeps (its document) is not walked again by every collection
                yield report

        with long_lived():
            folders = write_round_reports(reports(), output, notes, round_ids=round_ids)
    results = [document for document, _ in done]
    all_compliant = all(r["verdict"] == VERDICT_COMPLIANT for r in results)
    code = EXIT_OK if all_compliant and not differ else EXIT_FINDINGS
    if on_written is not None:
        on_written(code)
    summaries = []
    for result, folder in zip(results, folders):
        failed = [f["rule_id"] for f in result["findings"] if f["outcome"] == "fail"]
        missing = [f["rule_id"] for f in result["findings"] if f["outcome"] == "missing"]
        echo(_screen_line(book, result, folder))
        summaries.append({"round_id": result["round_id"], "workflow": result["workflow"], "verdict": result["verdict"],
                          "failed": failed, "missing": missing, "folder": str(folder)})
    if len(results) > 1:
        echo(total_line([r["verdict"] for r in results], skipped=len(warnings)))
    if on_done is not None:
        on_done(summaries)
    return code
