"""Hostile review of the changes since 8684963 (summary.xlsx in two processes, the gc policy,
round ids compared by round_key, plain words, the xlsx error-cell scan)."""

from __future__ import annotations

import gc
import os
import signal
import time

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.report import summary
from tests.test_summary_split import _rows, _workbook

SAMPLE = "samples/w05_applications.xlsx"


@pytest.fixture
def split_small(monkeypatch):
    monkeypatch.setattr(summary, "SPLIT_FROM", 10)
    monkeypatch.setattr(summary, "MAX_HYPERLINKS", 23)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")
def test_ctrl_c_while_waiting_for_the_summary_helper_stops_the_helper(split_small, monkeypatch):
    """This process has rendered its rows and waits for the helper (os.waitpid) when Ctrl-C or
    SIGTERM (turned into KeyboardInterrupt by the command line) arrives. The wait was outside the
    block that kills the helper: the run stopped, but the helper (which ignores SIGINT) went on
    rendering rows nobody wanted, a stray process outliving fundcheck. It must be killed and reaped."""
    parent, real_main_row, real_fork = os.getpid(), summary._main_row, os.fork
    helpers: list[int] = []

    def slow_in_the_helper(page, number, row, layout):
        if os.getpid() != parent:
            time.sleep(0.3)
        real_main_row(page, number, row, layout)

    def fork():
        pid = real_fork()
        if pid:
            helpers.append(pid)
        return pid

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt("signal 15")

    monkeypatch.setattr(summary, "_main_row", slow_in_the_helper)
    monkeypatch.setattr(os, "fork", fork)
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)  # this process's 25 rows take far less than a second
        with pytest.raises(KeyboardInterrupt):
            _workbook(_rows(41), helpers=1)
        assert len(helpers) == 1
        try:
            still = os.waitpid(helpers[0], os.WNOHANG)  # (0, 0): the helper is still running
        except ChildProcessError:
            still = None  # already reaped by the summary: as it should be
        assert still is None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        for pid in helpers:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _check(out) -> None:
    result = CliRunner().invoke(cli, ["check", SAMPLE, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                                      "--out", str(out), "-q", "--force"])
    assert result.exit_code in (0, 1), result.output


def test_runs_in_a_process_that_froze_objects_leave_nothing_frozen_behind(tmp_path):
    """A caller (a service that calls gc.freeze() after importing, as servers do before forking)
    runs check again and again in one process. long_lived() froze everything alive at each run's
    start and inside it, but unfroze only when nothing was frozen before: with the caller's objects
    frozen, every run's objects stayed frozen for good, and their garbage cycles were never freed
    (about 100 KB more per run of the 20-row sample, growing without bound). The freeze count after
    the runs must be the caller's own."""
    gc.collect()
    was_frozen = gc.get_freeze_count()
    gc.freeze()
    callers = gc.get_freeze_count()
    try:
        for _ in range(3):
            _check(tmp_path / "out")
        # the caller's objects may be freed meanwhile (reference counts), none of the runs' stay frozen
        assert gc.get_freeze_count() <= callers, (gc.get_freeze_count(), callers)
    finally:
        if was_frozen == 0:
            gc.unfreeze()


def test_runs_in_a_plain_process_unfreeze_everything(tmp_path):
    gc.collect()
    if gc.get_freeze_count():
        pytest.skip("something froze objects before this test")
    _check(tmp_path / "out")
    assert gc.get_freeze_count() == 0
