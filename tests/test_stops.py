"""checker.core.stops.HeldStops: Ctrl-C and SIGTERM held across a step that must not be cut in two
(a draw's entry in the ledger, a side job's fork), whichever thread of the process the kernel hands
them to."""

from __future__ import annotations

import signal
import threading

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks on Windows")


@pytest.fixture(autouse=True)
def ctrl_c_as_a_run_has_it():
    # an earlier test may have left Ctrl-C ignored (main() ignores it once a command has ended)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


class _AnotherThread:
    """A thread started before the hold (as OpenBLAS starts its own when numpy is imported: a thread
    made during the hold would inherit its mask) that takes the signal when asked: the kernel hands
    a process's signal to such a thread when the main thread blocks it, and Python runs the handler
    in the main thread all the same."""

    def __init__(self) -> None:
        self.asked, self.done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        if self.asked.wait(30):
            signal.raise_signal(self.signum)
        self.done.set()

    def __call__(self, signum: int) -> None:
        self.signum = signum
        self.asked.set()
        self.done.wait(30)
        self.thread.join()


def _in_this_thread():
    return signal.raise_signal


def _in_another_thread():
    return _AnotherThread()


@pytest.mark.parametrize("where", [_in_this_thread, _in_another_thread])
def test_a_stop_held_to_a_step_that_was_done_is_spent(where):
    from checker.core.stops import HeldStops

    before = signal.getsignal(signal.SIGINT)
    arrives = where()
    held = HeldStops()
    arrives(signal.SIGINT)
    sum(range(1000))  # Python code run meanwhile: where a handler would raise
    held.release(swallow=True)
    assert (signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, set())) == (before, set())


@pytest.mark.parametrize("where", [_in_this_thread, _in_another_thread])
def test_a_stop_held_to_a_step_that_failed_is_raised_on_release(where):
    from checker.core.stops import HeldStops

    arrives = where()
    held = HeldStops()
    arrives(signal.SIGINT)
    sum(range(1000))
    with pytest.raises(KeyboardInterrupt):
        held.release(swallow=False)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_nothing_arrived_nothing_is_raised():
    from checker.core.stops import HeldStops

    held = HeldStops()
    held.release(swallow=False)
    assert (signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, set())) == (signal.default_int_handler, set())
