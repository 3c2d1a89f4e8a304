"""Hostile review h51: Ctrl-C and SIGTERM injected at random moments of `draw new` and of `check --jobs 2`
(/var/tmp/h51/draw_harness.py, check_harness.py): the exit status says what the run left."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tests.helpers import SAMPLES, run_main_as_program

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks on Windows")



@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_after_a_draw_is_recorded_and_before_it_is_printed_leaves_it_reported(tmp_path, monkeypatch, capsys, stop):
    """A stop arriving once the held step had ended (the draw in the ledger, its files in place) and
    before the command ended (printing the panel) was raised: the run said 已中断：本次运行未完成 and
    exited 2, the draw standing in the ledger with its record and panel files (12 of 40 runs of
    draw_harness.py 3 40 plain-target, the stop sent 0-6 ms after the record appeared)."""
    from checker.cli import draw as draw_cli

    echo = draw_cli._echo_panel

    def interrupted(record, head):
        os.kill(os.getpid(), stop)
        sum(range(1000))  # Python code run meanwhile: where a handler would raise
        echo(record, head)

    monkeypatch.setattr(draw_cli, "_echo_panel", interrupted)
    code = run_main_as_program(monkeypatch, "draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                     "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json", "--random-source", "9319")
    out, err = capsys.readouterr()
    assert (code, err, out.splitlines()[-1:]) == (
        0, "", [f"记录 {tmp_path / 'draw.json'}  专家名单 {tmp_path / 'draw.panel.xlsx'}"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw.json", "draw.panel.xlsx", "l.db"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_after_a_checks_summary_json_is_written_keeps_the_runs_exit_status(tmp_path, monkeypatch, capsys, stop):
    """A stop arriving once summary.json (the run's completion marker) was in place, while the
    summary was printed, ended the run with 已中断：本次运行未完成 and exit 2 over a complete folder
    (4 of 42 runs of check_harness.py 1, the stop sent near the end of the run)."""
    from checker.cli import check as check_cli

    print_summary = check_cli._print_summary

    def interrupted(summary, out):
        os.kill(os.getpid(), stop)
        sum(range(1000))
        print_summary(summary, out)

    monkeypatch.setattr(check_cli, "_print_summary", interrupted)
    code = run_main_as_program(monkeypatch, "check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", tmp_path / "out")
    out, err = capsys.readouterr()
    assert (code, "已中断" in err, (tmp_path / "out" / "summary.json").exists()) == (1, False, True)
    assert out.splitlines()[-1:] == [f"全部案件数据：{tmp_path / 'out' / 'cases.jsonl'}（规则文本与依据：{tmp_path / 'out' / 'rules.json'}）"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_as_the_program_sets_its_handlers_ends_it_with_one_sentence(stop):
    """main() installed the handlers that raise KeyboardInterrupt (Ctrl-C's, SIGTERM's) before the
    command's error handling began: a stop in between (SIGTERM 0.08 s into a draw, draw_harness.py
    10 200 plain, run 135) ended the run with a traceback. Until the command begins, a stop ends the
    program with one sentence, as during its start."""
    import subprocess

    program = ("import os, signal, sys; sys.argv = ['fundcheck', 'rules', 'list']; import checker.cli as cli; "
               f"cli._escape_what_stdout_cannot_print = lambda: os.kill(os.getpid(), {int(stop)}); cli.entry()")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "已中断：程序尚未开始处理，未读取或写出任何文件。\n")


def test_sigterm_as_the_program_sets_its_handlers_with_ctrl_c_ignored_ends_it_with_one_sentence():
    """Started with Ctrl-C ignored (a shell without job control starts a command in the background
    so; nohup, cron), the program never had its starting handler, and SIGTERM before the command
    began ended a draw with click's 已中止 and exit 1 (draw_harness.py 20 200 plain, run 49: SIGTERM
    0.07 s into the run)."""
    import subprocess

    program = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
               "sys.argv = ['fundcheck', 'rules', 'list']; import checker.cli as cli; "
               "cli._escape_what_stdout_cannot_print = lambda: os.kill(os.getpid(), signal.SIGTERM); cli.entry()")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "已中断：程序尚未开始处理，未读取或写出任何文件。\n")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_second_stop_while_the_first_is_reported_still_ends_the_run_as_interrupted(tmp_path, monkeypatch, capsys, stop):
    """Two stops in a row (Ctrl-C pressed twice, SIGTERM then Ctrl-C): the second, arriving while the
    first was being reported, escaped the command's error handling and click ended the run with
    "Aborted!" and exit 1 (check's status for a complete run with findings); arriving after it, on the
    way out of main(), with a traceback (check_harness.py 12 100 double, run 18: SIGTERM twice 11 ms
    apart). The first stop decides: 已中断 and exit 2."""
    import checker.cli as cli_module
    from checker.draw import service

    remove = cli_module.remove_live_temps

    def stopped(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(1000))

    def stopped_again():
        os.kill(os.getpid(), stop)
        sum(range(1000))
        remove()

    monkeypatch.setattr(service, "new_draw", stopped)
    monkeypatch.setattr(cli_module, "remove_live_temps", stopped_again)
    code = run_main_as_program(monkeypatch, "draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                     "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json", "--random-source", "9319")
    out, err = capsys.readouterr()
    from checker.cli.draw import INTERRUPTED_WORDS

    assert (code, out, err) == (2, "", INTERRUPTED_WORDS[("draw", "new")][0] + "\n")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_as_a_command_that_succeeded_ends_keeps_its_exit_status(monkeypatch, capsys, stop):
    """A stop once a command had done its work, while it ended (the output folders released, the
    exit on its way through click), ended it with "Aborted!" and exit 1."""
    import checker.cli as cli_module

    release = cli_module.release_folders

    def stopped():
        os.kill(os.getpid(), stop)
        sum(range(1000))
        release()

    monkeypatch.setattr(cli_module, "release_folders", stopped)
    code = run_main_as_program(monkeypatch, "workflows", "list")
    out, err = capsys.readouterr()
    assert (code, err, "W-05" in out) == (0, "", True)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_second_stop_while_the_side_child_is_stopped_leaves_no_child_writing_the_folder(tmp_path, monkeypatch, capsys, stop):
    """Two stops in a row while a check's side child wrote the two pages: the first ended the run,
    the second, arriving as the run stopped the child (the cleanup of the first), cut that cleanup
    short: the run exited and its child went on writing index.html and 告知书汇总.html into the
    folder of a run reported as stopped. The first stop decides; the cleanup is not cut short."""
    import time

    from checker.check import batch
    from checker.core import processes

    monkeypatch.setattr(batch, "SIDE_PAGES_FROM", 1)
    write_summary, stop_child = batch.write_summary, processes.SideJob.stop

    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(1000))
        return write_summary(*args, **kwargs)

    def stopped_again(self):
        os.kill(os.getpid(), stop)
        sum(range(1000))
        stop_child(self)

    index_pieces = batch.index_pieces

    def slowly(*args, **kwargs):  # the child's page still being written when the run stops it
        time.sleep(0.5)
        yield from index_pieces(*args, **kwargs)

    monkeypatch.setattr(batch, "index_pieces", slowly)
    monkeypatch.setattr(batch, "write_summary", stopped)
    monkeypatch.setattr(processes.SideJob, "stop", stopped_again)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", out, "--jobs", "2")
    _, err = capsys.readouterr()
    first = sorted(p.name for p in out.iterdir())
    time.sleep(1.5)
    assert (code, err.splitlines()[-1:], sorted(p.name for p in out.iterdir())) == (
        2, ["已中断：本次运行未完成，正在写入的临时文件已删除；已写出的部分报告不是完整结果，重新运行到同一文件夹时会被替换。"], first)
    assert [name for name in first if name.startswith(".fundcheck-tmp-") or name == "summary.json"] == []


def test_stops_spent_once_the_outcome_is_decided_run_a_handler_that_does_nothing(monkeypatch):
    """Once the outcome was decided, Ctrl-C and SIGTERM were set to SIG_IGN: a stop another thread had
    taken (OpenBLAS's under numpy, the process pool's) and Python had not yet run was then reported
    by CPython on standard error as a traceback, "OSError: Signal 15 ignored due to race condition"
    (draw_harness.py 32 150 numpy, runs 48 and 122; check_harness.py 35 120, run 90: two stops 1-10 ms
    apart). They are spent by a handler that does nothing; one arriving so is not reported."""
    import threading

    from checker.core import stops

    monkeypatch.setattr(stops, "_DONE_DECIDES", [True])
    before = {stop: signal.getsignal(stop) for stop in (signal.SIGINT, signal.SIGTERM)}
    try:
        stops.outcome_decided()
        spent = {stop: callable(signal.getsignal(stop)) for stop in before}
        other = threading.Thread(target=signal.raise_signal, args=(signal.SIGTERM,))  # taken by another thread
        other.start()
        other.join()
        sum(range(1000))
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)
    assert spent == {signal.SIGINT: True, signal.SIGTERM: True}
