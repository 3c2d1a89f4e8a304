"""Worker processes for the wings (check's spans of rows, audit's spans of rounds).

Forked, so each inherits what the parent read (the rulebook, the input rows, the records) instead
of receiving it pickled; results come back in input order. A worker that dies (a crash in the rules
engine's C code, the out-of-memory killer) ends the run with an error saying so: with
``multiprocessing.Pool`` the lost span was never answered and the run waited forever.
"""

from __future__ import annotations

import collections
import itertools
import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from checker.core.stops import HANGUP, STOPS, HeldStops
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
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_quiet_worker,
                                   initargs=(os.getpid(),))
    try:
        # a bounded window of spans submitted ahead of the consumer: while it is slow (a check's
        # parent writing the report files the results carry), the pool's thread still takes the
        # finished results into this process, but at most jobs x AHEAD of them, and the workers then
        # wait for more spans instead of rendering the whole batch into memory here
        waiting = iter(spans)
        # the workers are forked at the first submit: Ctrl-C and SIGTERM held meanwhile, as for a
        # SideJob. Raised by a Python code the fork runs (logging's at-fork lock release), the
        # KeyboardInterrupt was printed as "Exception ignored in: <function _releaseLock>" with a
        # traceback and dropped, and the run went on to its end; raised after the fork returned and
        # before the pool had listed the worker, it left that worker unknown to _stop. A stop held
        # is raised once they are all known; each worker unblocks them once its own handlers are set
        held = HeldStops()
        try:
            pending = collections.deque(executor.submit(function, span) for span in itertools.islice(waiting, jobs * AHEAD))
        finally:
            held.release(swallow=False)
        while pending:
            for span in itertools.islice(waiting, 1):
                pending.append(executor.submit(function, span))
            future = pending[0]
            gone_before = False
            while True:
                try:
                    result = future.result(timeout=WATCH_SECONDS)
                    break
                except FutureTimeout:
                    _continue_stopped(executor)
                    # a worker gone for a whole watch without the pool saying so: it died in the
                    # middle of sending a result (a span's rendered reports are megabytes), and the
                    # pool's reader waits for the rest of that message for ever, never looking at
                    # the workers again
                    gone = _a_worker_gone(executor)
                    if gone and gone_before:
                        raise BrokenProcessPool("a worker ended while sending its result")
                    gone_before = gone
            pending.popleft()  # the result is the caller's now: not kept here until the last span
            yield result
    except BrokenProcessPool as error:
        raise WorkerDied("一个工作进程意外终止（可能是内存不足或规则引擎崩溃），本次运行未完成；可加 --jobs 1 在单个进程中重试。") from error
    finally:
        _stop(executor)


AHEAD = 4  # spans submitted per worker beyond the one being taken (in_order)
WATCH_SECONDS = 1.0  # how often the workers are looked at while a span's result is awaited


def _continue_stopped(executor: ProcessPoolExecutor) -> None:
    """A worker stopped on its own (SIGSTOP or SIGTSTP sent to it alone: this process is running,
    so it was no job-control stop of the whole group) would keep the run waiting for ever: it is
    continued. Linux only (/proc); elsewhere nothing is looked at."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        if process.pid and _stopped(process.pid):
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGCONT)


def _stopped(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rpartition(b")")[2].split()
    except OSError:
        return False
    return bool(fields) and fields[0] == b"T"  # "t" (stopped by a debugger) is left alone


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now: after the last result they are idle; on an error or an interrupt in
    this process they may be in the middle of a span, which shutdown() alone would wait for.
    (No public way to terminate them before Python 3.14's terminate_workers().)"""
    workers = list((getattr(executor, "_processes", None) or {}).values())
    for process in workers:
        if process.is_alive():
            process.terminate()
            # a stopped worker (SIGSTOP sent to it alone) takes its SIGTERM only once continued:
            # left stopped, shutdown() below waited for it for ever (Ctrl-C did not end the run)
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGCONT)
    # A worker ended in the middle of sending a result (stopped just now while it handed back a
    # span's rendered reports, or killed before) left the pool's reader thread waiting for the rest
    # of that message, and shutdown() below waiting for that thread, for ever (Ctrl-C did not end
    # the run). Once no worker is left, this process's copy of the pipe's writing end is closed: the
    # reader then sees the pipe end instead of waiting.
    if _all_ended(workers):
        queue = getattr(executor, "_result_queue", None)
        writer = getattr(queue, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError):
                writer.close()
    executor.shutdown(wait=True, cancel_futures=True)


STOP_SECONDS = 5.0  # how long stopped workers are given to end before they are killed (_stop)


def _sentinels(workers: list) -> list:
    found = []
    for process in workers:
        with contextlib.suppress(ValueError, AttributeError):  # a process object already closed
            found.append(process.sentinel)
    return found


def _a_worker_gone(executor: ProcessPoolExecutor) -> bool:
    """Whether a worker has ended (its sentinel readable), without reaping it."""
    sentinels = _sentinels(list((getattr(executor, "_processes", None) or {}).values()))
    return bool(sentinels) and bool(multiprocessing.connection.wait(sentinels, timeout=0))


def _all_ended(workers: list) -> bool:
    """Wait for ``workers`` (already sent SIGTERM) to end, killing those that have not within
    STOP_SECONDS; whether they all have."""
    import time

    left = set(_sentinels(workers))
    for kill in (False, True):
        if kill:
            for process in workers:
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    process.kill()
        deadline = time.monotonic() + STOP_SECONDS
        while left and (remaining := deadline - time.monotonic()) > 0:
            left -= set(multiprocessing.connection.wait(list(left), timeout=remaining))
        if not left:
            return True
    return False


def _quiet_worker(parent: int | None = None) -> None:
    """A worker ends quietly when the parent stops it (SIGTERM: the parent's own handler would turn
    it into a KeyboardInterrupt traceback) and leaves Ctrl-C to the parent, which stops it. It ends
    with its parent, too: a parent killed outright (SIGKILL, the out-of-memory killer, a closed
    terminal's session ended) can stop nobody, and its workers, each holding a copy of the pool's
    pipes and of the output folder's lock, waited for work for ever, every later run into that
    folder refused as 正由另一次运行写入."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if HANGUP is not None:  # a closed terminal is the parent's to handle, as Ctrl-C: it stops its workers
        signal.signal(HANGUP, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # forked with them held (in_order): a SIGTERM pending ends it now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    if parent is not None:
        end_with_parent(parent)


PARENT_WATCH_SECONDS = 0.5


def end_with_parent(parent: int) -> None:
    """End this (forked) process as soon as ``parent`` is gone: at once on Linux (the kernel sends
    SIGKILL: prctl PR_SET_PDEATHSIG), and elsewhere within PARENT_WATCH_SECONDS, by a thread that
    sees the process handed to another parent."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG; no prctl (macOS): AttributeError
    except (OSError, AttributeError, ImportError):
        pass
    if os.getppid() != parent:  # gone before the request was made
        os._exit(1)
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="fundcheck-parent-watch", daemon=True).start()


# --- one piece of work beside this process ---------------------------------------------------------


def can_fork_side_jobs() -> bool:
    return hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")


class SideJob:
    """``job`` run by a forked child while this process goes on with other work (with --jobs above
    1: the second core is idle in a run's one-process phases). :meth:`wait` says whether it ended
    well; if not (the fork refused, the child failed or was killed), the caller does the work itself
    (the same bytes, only later). The child never returns into this process's code (its files, its
    exit handlers): it ends with ``os._exit``.

    Ctrl-C and SIGTERM are held across the fork: one reaching the child before it had set its own
    handlers would run this process's code in it. The child leaves Ctrl-C to this process and dies
    on SIGTERM; a stop signal held meanwhile is raised here right after the fork, and then, as on
    any error of the caller's before :meth:`wait`, :meth:`stop` kills the child."""

    def __init__(self, job: Callable[[], None]):
        self.pid: int | None = None
        held = HeldStops()  # the mask alone held nothing a thread not blocking them took (see HeldStops)
        try:
            with long_lived():  # what the child inherits is never garbage: no pages copied by its collections
                self.pid = os.fork()
        except OSError:  # no child to be had (the process limit; memory, for a large batch's process)
            self.pid = None
        if self.pid == 0:
            _side_child(job, held.mask)  # never returns
        try:
            held.release(swallow=False)  # one that arrived meanwhile is raised now, the child known
        except BaseException:
            self.stop()
            raise

    @property
    def started(self) -> bool:
        return self.pid is not None

    def wait(self) -> bool:
        """Wait for the child: True when it did its work. Ctrl-C or SIGTERM while waiting: the
        caller's error handling calls :meth:`stop`."""
        if self.pid is None:
            return False
        try:
            # WUNTRACED: a child stopped (SIGSTOP, SIGTSTP sent to it alone) would keep this process
            # waiting for ever; it is killed instead, and its work done here
            _, status = os.waitpid(self.pid, os.WUNTRACED)
        except ChildProcessError:  # SIGCHLD ignored (inherited so): the child ended, reaped unseen
            self.pid = None
            return False  # how it ended is unknown: the caller does the work
        if os.WIFSTOPPED(status):
            self.stop()  # SIGKILL ends a stopped process too
            return False
        self.pid = None
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0

    def stop(self) -> None:
        """Kill the child, if it is still there (its work is not wanted any more)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None


def _side_child(job: Callable[[], None], mask) -> None:
    status = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        if HANGUP is not None:
            signal.signal(HANGUP, signal.SIG_IGN)  # a closed terminal too: the parent stops the child
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        gc.disable()  # a short-lived process: nothing it makes needs collecting
        job()
        status = 0
    finally:
        os._exit(status)
