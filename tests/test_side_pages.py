"""告知书汇总.html and index.html are written by a forked child while the parent writes summary.xlsx
(--jobs above 1, from SIDE_PAGES_FROM cases): the same bytes as one process writes, and a child
that fails, is killed or cannot be had changes nothing but the time."""

from __future__ import annotations

import os
import signal

import pytest

from checker.check import batch
from tests.helpers import SAMPLES, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pages are written by a forked child (not on Windows)")

WINDOW = ("--window", "2020-07-01", "2020-07-31")


def _run(out, jobs: str) -> dict[str, bytes]:
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", *WINDOW, "--out", out, "--quiet",
                     "--jobs", jobs)
    assert result.exit_code == 1, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def one_process(tmp_path) -> dict[str, bytes]:
    return _run(tmp_path / "one", "1")


@pytest.fixture
def small_batches_too(monkeypatch):
    monkeypatch.setattr(batch, "SIDE_PAGES_FROM", 1)


def _pids_of(monkeypatch, tmp_path, then=None):
    """Record which process renders index.html; ``then(pid)`` may act in that process."""
    record, real = tmp_path / "pids.txt", batch.index_pieces

    def recorded(*args, **kwargs):
        with open(record, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        for number, piece in enumerate(real(*args, **kwargs)):
            yield piece
            if then is not None and number == 0:
                then(os.getpid())

    monkeypatch.setattr(batch, "index_pieces", recorded)
    return lambda: [int(line) for line in record.read_text().split()]


def test_the_pages_are_written_by_a_child_with_the_bytes_one_process_writes(one_process, small_batches_too, monkeypatch, tmp_path):
    pids = _pids_of(monkeypatch, tmp_path)
    assert _run(tmp_path / "two", "2") == one_process
    assert len(pids()) == 1 and pids()[0] != os.getpid()


def test_a_child_that_fails_leaves_the_pages_to_the_parent(one_process, small_batches_too, monkeypatch, tmp_path):
    parent = os.getpid()

    def fail_in_the_child(pid):
        if pid != parent:
            raise OSError("the child cannot write")

    pids = _pids_of(monkeypatch, tmp_path, fail_in_the_child)
    assert _run(tmp_path / "two", "2") == one_process  # no temporary file left either
    assert pids()[1:] == [parent] and pids()[0] != parent


def test_a_child_killed_in_the_middle_of_a_page_leaves_no_half_written_file(one_process, small_batches_too, monkeypatch, tmp_path):
    parent = os.getpid()

    def killed_in_the_child(pid):
        if pid != parent:
            os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would: its temporary file stays behind

    pids = _pids_of(monkeypatch, tmp_path, killed_in_the_child)
    assert _run(tmp_path / "two", "2") == one_process
    assert pids()[1:] == [parent]


def test_a_child_stopped_in_the_middle_of_a_page_is_killed_and_the_parent_writes_the_pages(one_process, small_batches_too,
                                                                                           monkeypatch, tmp_path):
    """SIGSTOP sent to the child alone: the run waited for ever. The child is killed (its half-written
    page removed) and the pages written here, the same bytes."""
    parent = os.getpid()

    def stopped_in_the_child(pid):
        if pid != parent:
            os.kill(pid, signal.SIGSTOP)

    pids = _pids_of(monkeypatch, tmp_path, stopped_in_the_child)
    assert _run(tmp_path / "two", "2") == one_process
    assert pids()[1:] == [parent]


def test_no_child_to_be_had_writes_the_pages_here(one_process, small_batches_too, monkeypatch, tmp_path):
    def no_process():
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process)
    pids = _pids_of(monkeypatch, tmp_path)
    assert _run(tmp_path / "two", "2") == one_process
    assert pids() == [os.getpid()]


def test_below_the_threshold_the_parent_writes_the_pages(one_process, monkeypatch, tmp_path):
    pids = _pids_of(monkeypatch, tmp_path)
    assert _run(tmp_path / "two", "2") == one_process
    assert pids() == [os.getpid()]


@pytest.mark.skipif(not hasattr(signal, "SIGCHLD"), reason="POSIX signals")
def test_the_command_restores_sigchld_an_ignoring_parent_left_it(monkeypatch):
    """Inherited SIGCHLD ignored lets the kernel reap fundcheck's children unseen: their exit unknown,
    and a process id free for reuse before a child is stopped. main() puts the default back."""
    import checker.cli as cli_module

    seen = []
    monkeypatch.setattr(cli_module, "cli", lambda **_: seen.append(signal.getsignal(signal.SIGCHLD)))
    previous_term = signal.getsignal(signal.SIGTERM)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        cli_module.main()
    finally:
        signal.signal(signal.SIGCHLD, previous)
        signal.signal(signal.SIGTERM, previous_term)
    assert seen == [signal.SIG_DFL]
