"""Ctrl-C and SIGTERM held across a step that must not be cut in two: a draw's entry in the ledger
with its files moved into place (checker/draw/service.py), a fork whose child must be known before a
stop is handled (checker/core/processes.py SideJob)."""

from __future__ import annotations

import signal
import threading

_STOPS = {signal.SIGINT, signal.SIGTERM}


class HeldStops:
    """Ctrl-C and SIGTERM held: this thread's mask blocks them, and their Python handlers only note
    them; :meth:`release` lets them through again, or, ``swallow``, spends those that arrived.
    The mask alone held nothing once another thread of the process existed (OpenBLAS starts a few
    when openpyxl imports numpy, where numpy is installed): the kernel hands a process's signal to
    any thread not blocking it, and Python then runs the handler in the main thread all the same."""

    def __init__(self) -> None:
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
        if self.mask is not None:
            if swallow and hasattr(signal, "sigtimedwait"):
                while signal.sigtimedwait(_STOPS, 0) is not None:
                    pass
            signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # one still pending reaches _note
        for stop, handler in self.handlers.items():
            signal.signal(stop, handler)
        if self.arrived and not swallow:
            signal.raise_signal(self.arrived[0])  # as if it arrived now: the handler the run had decides
