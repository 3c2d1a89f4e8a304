"""Ctrl-C and SIGTERM (and SIGHUP) held across a step that must not be cut in two: a draw's entry in the ledger
with its files moved into place (checker/draw/service.py), a fork whose child must be known before a
stop is handled (checker/core/processes.py SideJob)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

# SIGHUP (the terminal or SSH session closed) stops a run as SIGTERM does where there is one; where
# it was ignored when the program started (nohup), it stays ignored (checker/cli main())
HANGUP = getattr(signal, "SIGHUP", None)
_STOPS = {signal.SIGINT, signal.SIGTERM} | ({HANGUP} if HANGUP is not None else set())
STOPS = frozenset(_STOPS)  # for a child that unblocks them once its own handlers are set

_DONE_DECIDES = [False]  # set by the program (checker.cli.main) for the time a command runs


def done_decides_the_outcome(on: bool) -> None:
    """Asked by the program while a command runs: a held step that was done (a draw entered in the
    ledger with its files, a run's completion marker in place) decides the command's outcome, so
    from then on Ctrl-C and SIGTERM are ignored, as main() ignores them once the command has ended.
    Restored to the handlers they had, a stop arriving after the step, while the draw was printed,
    ended a recorded draw with 已中断：本次运行未完成 and exit 2. A library caller (not the program)
    gets its handlers back."""
    _DONE_DECIDES[0] = on


_OWED = [False]  # a stop the program raised that its command has not taken yet (see raise_if_owed)


def stop_raised() -> None:
    """Said by the program's stop handlers as they raise KeyboardInterrupt: owed until the command
    takes it (:func:`stop_taken`)."""
    _OWED[0] = True


def stop_taken() -> None:
    _OWED[0] = False


def stop_owed() -> bool:
    return _OWED[0]


def raise_if_owed() -> None:
    """A stop raised where Python prints an exception and drops it (a weak reference's callback,
    the import system's module locks among them: Ctrl-C while a command's modules loaded, one run
    in 80 a third of a second in) never reached the command: the run went on to its end, and, the
    outcome decided by that stop, ignored every Ctrl-C after it. Raised again here, where the run
    goes on with its work (a command loaded, a check's chunk of cases, before a step held against
    stops, a file written); never while an exception is being handled (a stop on its way up, cleaning
    up), never in another thread (a background writer's)."""
    if _OWED[0] and sys.exc_info()[0] is None and threading.current_thread() is threading.main_thread():
        _OWED[0] = False
        raise KeyboardInterrupt("a stop Python had dropped")


def take_owed() -> bool:
    """Whether a stop Python dropped is still owed as the command ends by its exit status (ctx.exit,
    sys.exit: -q, --json, diff…), where :func:`raise_if_owed` cannot raise (an exit is on its way up);
    taken (no longer owed) either way."""
    owed, _OWED[0] = _OWED[0], False
    return owed and threading.current_thread() is threading.main_thread()


def _spent(_signum, _frame) -> None:
    """A stop once the command's outcome is decided: nothing to do. A Python handler, not SIG_IGN:
    a stop another thread (OpenBLAS's, the process pool's) had taken but Python had not yet run
    when its handler became SIG_IGN was reported by CPython on standard error as a traceback,
    "OSError: Signal 15 ignored due to race condition" (Ctrl-C then SIGTERM 1 ms apart)."""


def outcome_decided() -> None:
    """As the program (see :func:`done_decides_the_outcome`): the command's outcome is decided (its
    error reported, or its work done), so Ctrl-C and SIGTERM are spent from here to its end (main()
    then ignores them). A library caller keeps its handlers."""
    if _DONE_DECIDES[0] and threading.current_thread() is threading.main_thread():
        for stop in sorted(_STOPS):
            signal.signal(stop, _spent)


class HeldStops:
    """Ctrl-C and SIGTERM held: this thread's mask blocks them, and their Python handlers only note
    them; :meth:`release` lets them through again, or, ``swallow``, spends those that arrived.
    The mask alone held nothing once another thread of the process existed (OpenBLAS starts a few
    when openpyxl imports numpy, where numpy is installed): the kernel hands a process's signal to
    any thread not blocking it, and Python then runs the handler in the main thread all the same."""

    def __init__(self) -> None:
        raise_if_owed()  # a stop Python dropped is not held across the step: it stops the run before it
        self.arrived: list[int] = []
        self.handlers: dict[int, object] = {}
        if threading.current_thread() is threading.main_thread():  # the only thread that may set handlers
            for stop in sorted(_STOPS):
                if signal.getsignal(stop) is not None:  # None: a handler set outside Python, not to be replaced
                    self.handlers[stop] = signal.signal(stop, self._note)
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if hasattr(signal, "pthread_sigmask") else None

    def _note(self, signum, _frame) -> None:
        self.arrived.append(signum)

    def release(self, swallow: bool) -> None:
        ignore = swallow and _DONE_DECIDES[0] and bool(self.handlers)
        if ignore:  # before the mask is lifted: no moment when a stop reaches the run's handler
            for stop in self.handlers:
                signal.signal(stop, _spent)
        if self.mask is not None:
            if swallow and hasattr(signal, "sigtimedwait"):
                while signal.sigtimedwait(_STOPS, 0) is not None:
                    pass
            signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # one still pending reaches _note
        if not ignore:
            for stop, handler in self.handlers.items():
                signal.signal(stop, handler)
        if self.arrived and not swallow:
            # as if it arrived now: the handler the run had decides. The first not ignored: under nohup
            # a SIGHUP noted first (the lower number, delivered first once unblocked) was raised into
            # SIG_IGN, and a SIGTERM that came with it was lost: the run went on to its end
            for stop in self.arrived:
                if self.handlers.get(stop) != signal.SIG_IGN:
                    signal.raise_signal(stop)
                    break


@contextlib.contextmanager
def held_until_done():
    """Stops held across a block (a completion marker moved into place): one that arrived is spent
    if the block ended (its work done: the run is complete), raised if it failed."""
    held, done = HeldStops(), False
    try:
        yield
        done = True
    finally:
        held.release(swallow=done)
