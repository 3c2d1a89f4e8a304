"""Audit 1,000 round records (JSON) in one process and print the time (target: well under 5 s with reports).

    python benchmarks/bench_audit.py [N] [--engine durable|reference] [--write] [--templates] [--in DIR]
    python benchmarks/bench_audit.py [N] --cli [--baseline CHECKOUT] [--jobs J] [--repeats R] [--in DIR] [--keep]

Records are variations of the two samples (dates shifted, steps dropped, experts changed), written
as one JSON file each to a temporary folder and audited through the same path as the CLI
(read → facts → durable-rules → findings); --write also writes the three reports per round;
--templates renders round.html and round.md with their Jinja templates (the reference) instead of
checker/report/round_html.py, for a before/after in one checkout.

--cli times the command itself, ``fundcheck audit DIR --out OUT --ledger samples/rounds/ledger.db``
in a new process (wall time, process start included), R times; with --baseline CHECKOUT (another
worktree, run by its own .venv if it has one) the two alternate (this, base, this, base …) on the
same records, and the medians are printed; --jobs J adds this checkout run with ``--jobs J``; --keep
leaves each run's reports in place until the end instead of deleting them before the next run
(deleting 4,000 files makes the next run's file creation slower on this machine: see cli_runs).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples" / "rounds"))


def variants(n: int) -> list[dict]:
    import datetime as dt

    import make_rounds

    rng = random.Random(4)
    base = [make_rounds.compliant_w12(), make_rounds.noncompliant_w08()]
    out = []
    for i in range(n):
        record = json.loads(json.dumps(base[i % 2], ensure_ascii=False))
        record["轮次"]["轮次编号"] = f"R{i:05d}"
        shift = dt.timedelta(days=rng.randint(-400, 400))
        for row in record["流程节点"]:
            try:
                row["日期"] = (dt.date.fromisoformat(row["日期"]) + shift).isoformat()
            except (TypeError, ValueError):
                pass
        if rng.random() < 0.3:
            record["流程节点"].pop(rng.randrange(len(record["流程节点"])))
        if rng.random() < 0.3 and record["专家抽取"]:
            record["专家抽取"].pop()
        out.append(record)
    return out


def _option(argv: list[str], name: str, default=None):
    return next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == name), default)


def cli_runs(argv: list[str], n: int) -> None:
    """``fundcheck audit`` of n records in a new process, alternating with a baseline checkout."""
    import os
    import shutil
    import statistics
    import subprocess

    repeats = int(_option(argv, "--repeats", 3))
    checkouts = [("this", ROOT, [])]
    if _option(argv, "--jobs"):  # also this checkout with --jobs N (e.g. 1: one process)
        checkouts.append((f"this --jobs {_option(argv, '--jobs')}", ROOT, ["--jobs", _option(argv, "--jobs")]))
    if _option(argv, "--baseline"):
        checkouts.append(("base", Path(_option(argv, "--baseline")).resolve(), []))
    import compileall
    import resource

    for _, checkout, _ in checkouts:
        # as installed (`pip install .` compiles the bytecode), as bench_check and bench_draw run: an
        # editable checkout run with PYTHONDONTWRITEBYTECODE=1 (set on this machine) compiled its ~150
        # modules in every run's parent before the workers forked (0.2-0.4 s of the 1,000 rounds' time)
        compileall.compile_dir(str(checkout / "checker"), quiet=1)

    times: dict[str, list[float]] = {label: [] for label, _, _ in checkouts}
    cpus: dict[str, list[float]] = {label: [] for label, _, _ in checkouts}
    users: dict[str, list[float]] = {label: [] for label, _, _ in checkouts}  # user and system apart: creating
    systems: dict[str, list[float]] = {label: [] for label, _, _ in checkouts}  # files costs system time here
    with tempfile.TemporaryDirectory(dir=_option(argv, "--in")) as folder:
        folder = Path(folder)
        (folder / "in").mkdir()
        for i, record in enumerate(variants(n)):
            (folder / "in" / f"r{i:05d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        for repeat in range(repeats):
            for label, checkout, extra in checkouts:
                python = checkout / ".venv" / "bin" / "python"
                # --keep: each run writes its own folder, all removed at the end. On this machine's
                # file system (ext4 without a journal) creating an inode first skips every inode of
                # its group freed in the last minute or more (ext4 recently_deleted(), seen with perf),
                # so a run that follows the deletion of the last run's 4,000 pays system time for it
                out = folder / (f"out-{len(times[label])}-{label.replace(' ', '_')}" if "--keep" in argv else "out")
                command = [str(python if python.exists() else sys.executable), "-m", "checker", "audit", str(folder / "in"),
                           "--out", str(out), "--ledger", str(ROOT / "samples" / "rounds" / "ledger.db"), "-q", *extra]
                env = {**os.environ, "PYTHONPATH": str(checkout)}
                used = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(command, cwd=checkout, env=env, capture_output=True)
                times[label].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its worker processes
                cpus[label].append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
                users[label].append(after.ru_utime - used.ru_utime)
                systems[label].append(after.ru_stime - used.ru_stime)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"{label}: exit {done.returncode}: {done.stderr.decode()[-2000:]}")
                print(f"run {repeat + 1} {label}: {times[label][-1]:.2f} s (CPU {cpus[label][-1]:.2f} s: user {users[label][-1]:.2f}, "
                      f"system {systems[label][-1]:.2f}; load {os.getloadavg()[0]:.1f})", flush=True)
                if "--keep" not in argv:
                    shutil.rmtree(out)
    for label, values in times.items():
        print(f"{label}: median {statistics.median(values):.2f} s of {len(values)} ({', '.join(f'{v:.2f}' for v in values)}); "
              f"CPU median {statistics.median(cpus[label]):.2f} s (user {statistics.median(users[label]):.2f}, "
              f"system {statistics.median(systems[label]):.2f})")


def main(argv: list[str]) -> None:
    n = int(next((a for a in argv if a.isdigit()), 1000))
    if "--cli" in argv:
        cli_runs(argv, n)
        return
    engine = "reference" if "reference" in argv else "durable"
    from checker.audit.document import round_document, round_header
    from checker.audit.evaluate import RoundAuditor
    from checker.audit.facts import RoundContext
    from checker.audit.record import read_rounds
    from checker.core.rulebook import load_rulebook
    from checker.io.outputs import OutputDir
    from checker.report import round as round_reports
    from checker.report.round import render_round, round_files, write_round_reports

    if "--templates" in argv:
        round_reports.round_html = lambda document, header: render_round(document, header, "round.html.j2")
        round_reports.round_md = lambda document, header: render_round(document, header, "round.md.j2")

    # --in DIR: where the records and reports go (the system's temporary folder by default; on the
    # project's machine creating a file there costs 20x what it costs in /var/tmp, see README)
    base = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--in"), None)
    with tempfile.TemporaryDirectory(dir=base) as folder:
        folder = Path(folder)
        for i, record in enumerate(variants(n)):
            (folder / f"r{i:05d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        start = time.perf_counter()
        book = load_rulebook()
        context = RoundContext(ledger=ROOT / "samples" / "rounds" / "ledger.db")
        auditor = RoundAuditor(book, engine=engine, context=context)
        records = read_rounds([folder], book.vocabulary.step_keys, book.vocabulary.repeating_steps)
        read_done = time.perf_counter()
        results = [auditor.evaluate(r) for r in records]
        eval_done = time.perf_counter()
        if "--write" in argv:
            reports = []
            for result in results:
                header = round_header(result, book)
                reports.append((round_document(result, book.version_of(result.workflow), header["conclusion"]), header))
            output = OutputDir(folder / "out", command="audit", input_sha256="bench", rulebook_version=book.version)
            output.begin(round_files([r.round_id for r in results]))
            write_round_reports(reports, output)
        end = time.perf_counter()
    verdicts = {}
    for r in results:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    fallbacks = sum(any(f["rule_id"] == "ENGINE-FALLBACK" for f in r.findings) for r in results)
    print(("[templates] " if "--templates" in argv else "") + f"{len(results)} rounds audited with {engine}: total {end - start:.2f} s "
          f"(read {read_done - start:.2f} s, evaluate {eval_done - read_done:.2f} s"
          + (f", reports {end - eval_done:.2f} s" if "--write" in argv else "") + f"); verdicts {verdicts}; engine fallbacks {fallbacks}; CPU {time.process_time():.2f} s")


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)  # the options are read by hand below; a --help must never start a 1,000-round run
    else:
        main(sys.argv[1:])
