"""Worker processes (checker/core/processes.py): results in order, and a worker that dies ends the
run with an error instead of leaving it waiting for ever (multiprocessing.Pool never answered the
dead worker's span)."""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest

from checker.core import processes
from tests.helpers import run_cli, write_json


def _square(number: int) -> int:
    return number * number


def _die_on_three(number: int) -> int:
    if number == 3:
        os._exit(7)  # as a crash in native code or the out-of-memory killer would end it
    return number


def test_results_come_back_in_the_spans_order():
    assert list(processes.in_order(_square, range(40), 2)) == [n * n for n in range(40)]


def _finishes(function, timeout: float = 60):
    """Run ``function`` in a thread; its outcome, or a failure if it has not ended in ``timeout``."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - the test looks at it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the run is still waiting for a dead worker"
    return outcome


def test_a_worker_that_dies_is_an_error_not_a_wait():
    outcome = _finishes(lambda: list(processes.in_order(_die_on_three, range(8), 2)))
    assert isinstance(outcome.get("error"), processes.WorkerDied)


def test_a_check_whose_worker_dies_stops_with_a_sentence_and_no_summary(tmp_path, monkeypatch):
    from checker.check import batch

    from tests.test_hostile import APPLICATION

    rows = [dict(APPLICATION, 申报编号=f"A-{n}") for n in range(2 * batch.CHUNK + 5)]
    original = batch.Worker.process

    def process(self, span):
        if span[0] > 0:
            os._exit(9)
        return original(self, span)

    monkeypatch.setattr(batch.Worker, "process", process)
    source = write_json(tmp_path / "a.json", rows)
    outcome = _finishes(lambda: run_cli("check", source, "--workflow", "W-05", "--out", tmp_path / "out", "--jobs", "2", "--quiet"))
    result = outcome["value"]
    assert result.exit_code == 2
    assert result.stderr == "错误：一个工作进程意外终止（可能是内存不足或规则引擎崩溃），本次运行未完成；可加 --jobs 1 在单个进程中重试。\n"
    assert not (tmp_path / "out" / "summary.json").exists()  # the completion marker: the run did not complete
    assert not [p for p in (tmp_path / "out").rglob(".fundcheck-tmp-*")]


def _stop_once(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGSTOP)  # stopped on its own, as `kill -STOP <worker>` would
    return number * number


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="workers are looked at through /proc")
def test_a_worker_stopped_on_its_own_is_continued_not_waited_for():
    """SIGSTOP sent to one worker of `check --jobs 2` kept the run waiting for ever (hostile13)."""
    outcome = _finishes(lambda: list(processes.in_order(_stop_once, range(8), 2)), timeout=30)
    assert outcome.get("value") == [n * n for n in range(8)]


def _stop_first_die_second(number: int) -> int:
    import time

    if number == 0:
        os.kill(os.getpid(), signal.SIGSTOP)
    elif number == 1:
        time.sleep(0.3)
        os._exit(9)
    return number


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="workers are looked at through /proc")
def test_a_worker_that_dies_while_another_is_stopped_is_an_error_not_a_wait():
    """One worker stopped (kill -STOP), the other killed: the run waited for ever for the stopped one (hostile15)."""
    outcome = _finishes(lambda: list(processes.in_order(_stop_first_die_second, range(4), 2)), timeout=30)
    assert isinstance(outcome.get("error"), processes.WorkerDied)
    assert str(outcome["error"]) == "一个工作进程意外终止（可能是内存不足或规则引擎崩溃），本次运行未完成；可加 --jobs 1 在单个进程中重试。"


def _stop_on_one(number: int) -> int:
    if number == 1:
        os.kill(os.getpid(), signal.SIGSTOP)
    return number


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="workers are looked at through /proc")
def test_a_run_stopped_while_a_worker_is_stopped_ends_and_leaves_no_worker():
    """Ctrl-C (the caller's error closing the results) while a worker was stopped: shutdown waited for ever (hostile15)."""
    import time

    seen: dict = {}

    def run():
        results = processes.in_order(_stop_on_one, range(6), 2)
        assert next(results) == 0
        workers = [int(pid) for pid in open(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children").read().split()]
        for _ in range(200):  # until the worker of span 1 has stopped itself
            if any(processes._stopped(pid) for pid in workers):
                break
            time.sleep(0.01)
        seen["stopped"] = any(processes._stopped(pid) for pid in workers)
        results.close()  # as a KeyboardInterrupt in the caller does
        return [pid for pid in workers if os.path.exists(f"/proc/{pid}") and processes._stopped(pid)]

    outcome = _finishes(run, timeout=30)
    assert seen == {"stopped": True} and outcome.get("value") == []


def test_report_files_of_forked_workers_are_created_by_the_parent_alone(tmp_path, monkeypatch):
    """Creating files is system time that two processes creating in one folder at once each spin on:
    the workers hand their rendered reports back and the parent, otherwise waiting, creates them;
    the files are the bytes a one-process run writes."""
    from checker.check import batch
    from checker.io import outputs

    from tests.test_hostile import APPLICATION

    rows = [dict(APPLICATION, 申报编号=f"A-{n}") for n in range(2 * batch.CHUNK + 5)]  # one code: all flagged
    source = write_json(tmp_path / "a.json", rows)
    creators = tmp_path / "creators.txt"
    original = outputs.StagedFolder.write

    def write(self, relative, data, *, sync=False):
        if relative.startswith("cases/"):
            with open(creators, "a", encoding="utf-8") as log:  # one line per file, from whichever process
                log.write(f"{os.getpid()}\n")
        return original(self, relative, data, sync=sync)

    monkeypatch.setattr(outputs.StagedFolder, "write", write)
    two = run_cli("check", source, "--workflow", "W-05", "--out", tmp_path / "two", "--jobs", "2", "--quiet")
    assert two.exit_code == 1, two.stderr
    written = creators.read_text(encoding="utf-8").split()
    flagged = sorted(p.name for p in (tmp_path / "two" / "cases").iterdir())
    assert len(flagged) == len(rows) and len(written) == len(flagged)
    assert set(written) == {str(os.getpid())}  # the test runs the CLI in this process: the parent
    one = run_cli("check", source, "--workflow", "W-05", "--out", tmp_path / "one", "--jobs", "1", "--quiet")
    assert one.exit_code == 1, one.stderr
    assert sorted(p.name for p in (tmp_path / "one" / "cases").iterdir()) == flagged
    for name in flagged:
        assert (tmp_path / "two" / "cases" / name).read_bytes() == (tmp_path / "one" / "cases" / name).read_bytes()


def _span_started(number: int) -> int:
    with open(os.environ["FUNDCHECK_TEST_STARTED"], "a", encoding="utf-8") as log:
        log.write(f"{number}\n")
    return number


def test_workers_run_at_most_a_window_of_spans_ahead_of_the_consumer(tmp_path, monkeypatch):
    """The parent may be busy writing the last span's reports: at most jobs × AHEAD spans are
    started ahead of it, so at most that many results (and their rendered reports) wait in its
    memory, never the whole batch."""
    started = tmp_path / "started.txt"
    monkeypatch.setenv("FUNDCHECK_TEST_STARTED", str(started))
    results = processes.in_order(_span_started, range(60), 2)
    assert next(results) == 0
    import time

    time.sleep(1.0)  # the workers go on while the consumer holds still
    begun = sorted(int(n) for n in started.read_text(encoding="utf-8").split())
    assert begun == list(range(len(begun))) and len(begun) <= 2 * processes.AHEAD + 1
    assert list(results) == list(range(1, 60))


_HALF_SEND_AFTER: dict = {"path": None}  # set before the fork: span 1's worker waits for this file


def _half_sent(number: int, then_wait: bool) -> int:
    """Span 1's worker sends the first bytes of a large result and dies (or waits to be stopped):
    as a worker killed while it hands back a span's rendered reports (megabytes) leaves it.
    The bytes are written past the result pipe's lock (a real send holds it), so another worker's
    result sent meanwhile is read as part of this message: when the test needs span 0's result
    first, it names a file this worker waits for (``_HALF_SEND_AFTER``)."""
    import struct
    import sys
    import time

    if number != 1:
        return number
    if _HALF_SEND_AFTER["path"] is not None:
        deadline = time.monotonic() + 25
        while not os.path.exists(_HALF_SEND_AFTER["path"]) and time.monotonic() < deadline:
            time.sleep(0.01)
    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":  # concurrent.futures' loop in the worker
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 8_000_000) + b"\x80" * 4096)  # 4 KB of an 8 MB message
    if then_wait:
        time.sleep(120)
    os._exit(9)


def _half_sent_then_dies(number: int) -> int:
    return _half_sent(number, False)


def _half_sent_then_waits(number: int) -> int:
    return _half_sent(number, True)


def test_a_worker_killed_while_handing_back_a_span_is_an_error_not_a_wait():
    """A worker killed (kill -9, the out-of-memory killer) in the middle of sending its span's
    rendered reports left the rest of the message unsent: the pool's reader waited for it for ever,
    never saw the worker gone, and `check --jobs 2` hung (h48)."""
    outcome = _finishes(lambda: list(processes.in_order(_half_sent_then_dies, range(6), 2)), timeout=30)
    assert isinstance(outcome.get("error"), processes.WorkerDied)
    assert str(outcome["error"]) == "一个工作进程意外终止（可能是内存不足或规则引擎崩溃），本次运行未完成；可加 --jobs 1 在单个进程中重试。"


def test_a_run_stopped_while_a_worker_hands_back_a_span_ends_and_leaves_no_worker(tmp_path, monkeypatch):
    """Ctrl-C (the caller closing the results) while a worker was sending its span's reports: the
    worker was stopped half-way and the shutdown waited for ever for the rest of its message (h48:
    `check --jobs 2 --per-case all` interrupted at 1.2 s hung until killed).
    Span 1's half message waits for span 0's result to be taken: written first, it swallowed that
    result and the run waited for span 0 until the worker's 120 s were over (this test's failures
    of 2026-12-03, seen in a thread dump: the run in ``next(results)``, never in the stop)."""
    import time

    go = tmp_path / "span-0-taken"
    monkeypatch.setitem(_HALF_SEND_AFTER, "path", str(go))

    def run():
        results = processes.in_order(_half_sent_then_waits, range(6), 2)
        assert next(results) == 0
        workers = [int(pid) for pid in open(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children").read().split()]
        go.touch()
        time.sleep(1.0)  # span 1's worker has sent its first bytes and waits
        results.close()  # as a KeyboardInterrupt in the caller does
        return [pid for pid in workers if os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().rpartition(")")[2].split()[0] != "Z"]

    outcome = _finishes(run, timeout=30)
    assert outcome == {"value": []}
