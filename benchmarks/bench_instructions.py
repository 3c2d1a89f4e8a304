"""Count the machine instructions `fundcheck check` executes per case: a figure the machine's load
does not move, for before/after comparisons of small changes on a noisy shared machine.

    python -m benchmarks.bench_instructions                       # 1,000 and 3,000 rows, this checkout
    python -m benchmarks.bench_instructions --baseline ../base    # and another checkout (its .venv)

Wall and CPU times on the project's 2-vCPU machine vary by 20-50% from run to run (other tenants),
so a 3% change cannot be seen in them. valgrind's instruction count (cachegrind, no cache
simulation) varies by about 0.2%. Each checkout checks two generated workbooks (benchmarks/generate.py,
the realistic mix) in one process (``--jobs 1``) under valgrind; the difference divided by the
difference in rows is the cost of one case, without the fixed cost of starting (imports, rulebook).
A run takes 30-70 s per workbook (valgrind runs Python about 30x slower). Needs valgrind (Debian:
``apt-get install valgrind``); hash randomisation is fixed (PYTHONHASHSEED=0). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def workbook(rows: int) -> Path:
    from benchmarks.generate import write_workbook

    path = HERE / "data" / f"apps-{rows}.xlsx"
    if not path.exists():
        write_workbook(path, rows)
    return path


def instructions(checkout: Path, book: Path) -> int:
    """Instructions executed by `fundcheck check BOOK --jobs 1` of ``checkout`` (its .venv's Python)."""
    python = checkout / ".venv" / "bin" / "python"
    out = Path(tempfile.mkdtemp(prefix="fundcheck-instructions-"))
    try:
        done = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             str(python if python.exists() else sys.executable), "-m", "checker", "check", str(book), "--workflow", "W-05",
             "--out", str(out / "out"), "--quiet", "--jobs", "1"],
            cwd=checkout, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    finally:
        shutil.rmtree(out, ignore_errors=True)
    # valgrind follows a fork: each process prints its own count (a workbook of 256 KB or more is
    # read ahead by a child process, checker/io/table.py), and the work is their sum. The child's
    # count starts from the parent's at the fork, so the start (~0.5 G) is counted twice in a run
    # with a child: compare two sizes on the same side of 256 KB (--rows 3000 6000), whose
    # difference, the cost per case, is unaffected
    found = re.findall(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if not found:
        raise SystemExit(f"no instruction count from valgrind (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return sum(int(count.replace(",", "")) for count in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs=2, default=(1000, 3000), metavar=("SMALL", "LARGE"))
    parser.add_argument("--baseline", type=Path, help="another checkout, run by its own .venv")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    small, large = (workbook(rows) for rows in args.rows)
    checkouts = {"this checkout": ROOT, **({f"baseline {args.baseline.name}": args.baseline.resolve()} if args.baseline else {})}
    jobs = [(name, checkout, book) for name, checkout in checkouts.items() for book in (small, large)]
    with ThreadPoolExecutor(max(1, min(len(jobs), os.cpu_count() or 1))) as pool:  # the counts do not depend on the load
        counts = dict(zip([(name, book) for name, _, book in jobs], pool.map(lambda job: instructions(*job[1:]), jobs)))
    per_case = {}
    for name in checkouts:
        per_case[name] = (counts[name, large] - counts[name, small]) / (args.rows[1] - args.rows[0])
        fixed = counts[name, small] - per_case[name] * args.rows[0]
        print(f"{name:<28} {per_case[name] / 1e6:7.3f} M instructions per case, {fixed / 1e9:6.2f} G fixed "
              f"({args.rows[0]:,} rows: {counts[name, small] / 1e9:.2f} G; {args.rows[1]:,} rows: {counts[name, large] / 1e9:.2f} G)")
    if args.baseline:
        base = per_case[f"baseline {args.baseline.name}"]
        print(f"per case: {per_case['this checkout'] / base:.3f}x the baseline")


if __name__ == "__main__":
    main()
