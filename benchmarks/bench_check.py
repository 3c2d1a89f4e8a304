"""Benchmark the batch check: end to end, against an openpyxl read, and engine vs reference.

    python -m benchmarks.bench_check 10000            # generates benchmarks/data/apps-10000.xlsx once
    python -m benchmarks.bench_check 100000 --skip-openpyxl

Prints: the openpyxl read_only baseline (just reading every cell), end-to-end wall time and peak RSS
of `fundcheck check` (read + validate + evaluate + summary.xlsx + summary.json + per-case JSON and
HTML) with 1 and 2 processes, each in a fresh process, and the evaluation-only comparison of
durable-rules with the plain-Python reference (both building the same full findings; reading and
writing excluded). Figures are measurements for the note, not assertions.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def workbook_for(count: int) -> Path:
    from benchmarks.generate import write_workbook

    path = HERE / "data" / f"apps-{count}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        write_workbook(path, count)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def run_child(code: str) -> tuple[float, float]:
    """Run python code in a fresh process; (wall seconds, that child's peak RSS in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE.parent)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def openpyxl_read(path: Path) -> tuple[float, float]:
    code = (
        "from openpyxl import load_workbook\n"
        f"wb = load_workbook({str(path)!r}, read_only=True, data_only=True)\n"
        "n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))\n"
        "wb.close()\n"
    )
    return run_child(code)


def end_to_end(path: Path, jobs: int, out_base: str | None) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp(prefix="fundcheck-bench-", dir=out_base))
    code = (
        "import sys\nfrom checker.cli import cli\n"
        f"sys.argv = ['fundcheck', 'check', {str(path)!r}, '--out', {str(out)!r}, '--jobs', '{jobs}', '--quiet',"
        " '--window', '2020-07-01', '2020-07-31']\n"
        "try:\n    cli()\nexcept SystemExit as e:\n    assert e.code in (0, 1), e.code\n"
    )
    # RUSAGE_CHILDREN's maximum covers the worker processes too (the largest single process).
    try:
        return run_child(code)
    finally:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["rows_reconcile"], "summary counts do not reconcile"
        shutil.rmtree(out, ignore_errors=True)


def engine_vs_reference(path: Path, repeats: int = 3) -> dict:
    """Evaluation only: same validated applications, same finding builder, two deciders."""
    from checker.check.evaluate import CaseEvaluator
    from checker.check.facts import BatchContext, count_usccs
    from checker.check.intake import open_applications
    from checker.core.rulebook import load_rulebook
    from checker.check.validate import validate_record

    book = load_rulebook()
    table = open_input(path)
    applications = [validate_record(record) for record in table.records()]
    context = BatchContext(uscc_counts=count_usccs(a.text("uscc") for a in applications))
    timings = {}
    findings = {}
    for engine in ("reference", "durable"):
        evaluator = CaseEvaluator(book, "W-05", engine=engine)
        evaluator.evaluate(applications[0], context, "warm-up")
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            results = [evaluator.evaluate(a, context, str(i)) for i, a in enumerate(applications)]
            best = min(best, time.perf_counter() - started)
        timings[engine] = best
        findings[engine] = [r.findings for r in results]
    assert findings["durable"] == findings["reference"], "engine and reference disagree"
    return {"cases": len(applications), **timings, "ratio": timings["durable"] / timings["reference"],
            "findings": sum(len(f) for f in findings["durable"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=10000)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--out-base", help="folder for the outputs, e.g. /dev/shm (disk writes of many small files are erratic here)")
    args = parser.parse_args()
    path = workbook_for(args.count)
    print(f"input: {path.name}, {path.stat().st_size / 1e6:.1f} MB, {args.count} applications")
    base = None
    if not args.skip_openpyxl:
        base, rss = openpyxl_read(path)
        print(f"openpyxl read_only, every cell:     {base:7.2f} s   peak RSS {rss:6.0f} MB")
    for jobs in (int(j) for j in args.jobs.split(",")):
        wall, rss = end_to_end(path, jobs, args.out_base)
        ratio = f"  = {wall / base:.2f}x the openpyxl read" if base else ""
        where = f" (outputs in {args.out_base})" if args.out_base else ""
        print(f"fundcheck check end to end, {jobs} proc: {wall:7.2f} s   peak RSS {rss:6.0f} MB{ratio}{where}")
    if not args.skip_eval:
        result = engine_vs_reference(path)
        print(
            f"evaluation only ({result['cases']} cases, {result['findings']} findings, identical): "
            f"reference {result['reference']:.2f} s, durable-rules {result['durable']:.2f} s, ratio {result['ratio']:.2f}x"
        )


if __name__ == "__main__":
    main()
