"""Worker processes for the wings (check's spans of rows, audit's spans of rounds).

Forked, so each inherits what the parent read (the rulebook, the input rows, the records) instead
of receiving it pickled; results come back in input order. A worker that dies (a crash in the rules
engine's C code, the out-of-memory killer) ends the run with an error saying so: with
``multiprocessing.Pool`` the lost span was never answered and the run waited forever.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from checker.errors import WorkerDied  # noqa: F401 - re-exported: raised here, caught by the command line

_FREEZING = {"depth": 0, "mine": False}  # long_lived blocks open in this process; whether the outermost froze


@contextlib.contextmanager
def long_lived(young: int = 10_000):
    """Objects that live to the end of the run (rulebook, input rows, records, an audit's documents)
    moved out of the cyclic collector's sight (``gc.freeze``): its full collections walked them
    again and again (a sixth of an audit of 1,000 rounds; 0.1-0.2 s of a check's 10,000 rows, in its
    one-process phases). And fewer young collections: nearly every object of a case is freed by
    reference counting. Back in the collector's sight at the end (the outermost block's), so any
    garbage cycle among them is still freed. Objects frozen by someone else (a caller that froze
    before the run) stay frozen, and then nothing is frozen here: what a run froze could not be
    unfrozen without unfreezing the caller's, and its garbage cycles would never be freed, run after
    run. Forked workers inherit the frozen state: their collections skip what they share with the parent."""
    outermost = _FREEZING["depth"] == 0
    if outermost:
        _FREEZING["mine"] = gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    if _FREEZING["mine"]:
        gc.freeze()
    gc.set_threshold(max(thresholds[0], young), *thresholds[1:])
    _FREEZING["depth"] += 1
    try:
        yield
    finally:
        _FREEZING["depth"] -= 1
        gc.set_threshold(*thresholds)
        if outermost and _FREEZING["mine"]:
            _FREEZING["mine"] = False
            gc.unfreeze()


def freeze_more() -> None:
    """Inside a long_lived block: what is alive now lives to its end too (frozen as well, and
    unfrozen with the rest); nothing when the block froze nothing (objects frozen by a caller)."""
    if _FREEZING["depth"] and _FREEZING["mine"]:
        gc.freeze()


Span = TypeVar("Span")
Result = TypeVar("Result")




def in_order(function: Callable[[Span], Result], spans: Iterable[Span], jobs: int) -> Iterator[Result]:
    """``function`` over ``spans`` in ``jobs`` forked processes, results in the spans' order.
    ``function`` must be a module-level function reading what it needs from module state set
    before this is called (the processes are forked at the first span)."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():  # Windows: one process, same results
        yield from map(function, spans)
        return
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_quiet_worker)
    try:
        yield from executor.map(function, spans)
    except BrokenProcessPool as error:
        raise WorkerDied("一个工作进程意外终止（可能是内存不足或规则引擎崩溃），本次运行未完成；可加 --jobs 1 在单个进程中重试。") from error
    finally:
        _stop(executor)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now: after the last result they are idle; on an error or an interrupt in
    this process they may be in the middle of a span, which shutdown() alone would wait for.
    (No public way to terminate them before Python 3.14's terminate_workers().)"""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def _quiet_worker() -> None:
    """A worker ends quietly when the parent stops it (SIGTERM: the parent's own handler would turn
    it into a KeyboardInterrupt traceback) and leaves Ctrl-C to the parent, which stops it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
