"""The parent's timeline of one `fundcheck check` run: when each phase ends, wall and CPU.

    python benchmarks/bench_phases.py benchmarks/data/apps-100000.xlsx --workflow W-05 \
        --window 2020-07-01 2020-07-31 --out /tmp/phases --quiet --force

Takes `fundcheck check`'s arguments. Each phase of checker/check/batch.py and
checker/report/summary.py is wrapped to print, on standard error, the seconds since start and
this process's CPU seconds when it begins and ends; at exit the CPU of the child processes (the
read-ahead child, workers, helpers) is printed too. A measurement for the notes
(benchmarks/README.md, Seventeenth pass), not a test.
"""

from __future__ import annotations

import functools
import resource
import sys
import time

STARTED = time.perf_counter()


def mark(label: str) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{time.perf_counter() - STARTED:7.2f} s  cpu {usage.ru_utime + usage.ru_stime:6.2f} s  {label}", file=sys.stderr, flush=True)


def timed(function, label: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        mark(f"{label} begins")
        try:
            return function(*args, **kwargs)
        finally:
            mark(f"{label} ends")
    return wrapper


def timed_generator(function, label: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        mark(f"{label} begins")
        yield from function(*args, **kwargs)
        mark(f"{label} ends")
    return wrapper


def install() -> None:
    import xlsxwriter

    import checker.check.batch as batch
    import checker.check.inputs as inputs
    import checker.report.summary as summary

    opened = inputs.Batch.open.__func__
    inputs.Batch.open = classmethod(timed(opened, "read (Batch.open)"))
    names = batch.CaseNames
    batch.CaseNames = lambda *args, **kwargs: (mark("first pass ends"), names(*args, **kwargs))[1]
    batch._execute = timed_generator(batch._execute, "evaluation and reports (_execute)")
    batch.write_summary = timed(batch.write_summary, "summary (write_summary)")
    batch._side_done = timed(batch._side_done, "waiting for the pages' child")
    for name in ("_main_sheet", "_detail_sheet", "_info_sheet"):
        setattr(summary, name, timed(getattr(summary, name), f"summary.xlsx {name}"))
    xlsxwriter.Workbook.close = timed(xlsxwriter.Workbook.close, "summary.xlsx packed (close)")


def main() -> None:
    install()
    from checker.cli import main as fundcheck

    sys.argv = ["fundcheck", "check", *sys.argv[1:]]
    try:
        fundcheck()
    finally:
        mark("exit")
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"children's cpu {children.ru_utime + children.ru_stime:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
