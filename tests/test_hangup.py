"""SIGHUP: the terminal or SSH session a command runs in is closed. It stops a run as SIGTERM does
(cleaned up, exit 2, a draw all or nothing); started under nohup, it stays ignored. By default the
signal ended the process where it stood: temporary files left in the output folder, and a draw cut
between its files moved into place and the ledger's COMMIT left a record with no ledger entry."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.helpers import ROOT, SAMPLES, assert_stopped_with_no_worker_left, rounds_for_workers

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP") or not hasattr(signal, "pthread_sigmask"),
                                reason="no SIGHUP or signal masks (Windows)")

# the program as the console script runs it (a file named fundcheck), the hang-up sent at one moment
HUNG_UP = r"""
import os, signal, sys

where = sys.argv.pop(1)
if where in ("nohup", "nohup-then-term-at-fork"):
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts a command

from checker.draw import ledger as ledger_module
from checker.draw import service


def hang_up():
    os.kill(os.getpid(), signal.SIGHUP)
    sum(range(1000))  # Python code run meanwhile: where a handler would raise


if where == "in-ledger-step":  # the entry inserted, the files not yet in place, no COMMIT yet
    insert = ledger_module.insert

    def inserted_then_hung_up(connection, entry):
        head = insert(connection, entry)
        hang_up()
        return head

    ledger_module.insert = inserted_then_hung_up
elif where in ("before-ledger-step", "nohup"):
    hold = service._hold_stops

    def hung_up_then_held():
        hang_up()
        return hold()

    service._hold_stops = hung_up_then_held
elif where == "workers-forked":  # to the whole process group, as a closed terminal sends it
    sent = []

    def to_the_group():
        if not sent:
            sent.append(1)
            os.killpg(0, signal.SIGHUP)

    os.register_at_fork(after_in_parent=to_the_group)
elif where == "nohup-then-term-at-fork":  # the session closes, then the service manager stops it
    sent = []

    def hung_up_then_stopped():
        if not sent:
            sent.append(1)
            os.kill(os.getpid(), signal.SIGHUP)
            os.kill(os.getpid(), signal.SIGTERM)

    os.register_at_fork(after_in_parent=hung_up_then_stopped)

from checker.cli import entry

entry()
"""


def _program(tmp_path):
    program = tmp_path / "fundcheck"
    program.write_text(HUNG_UP, encoding="utf-8")
    return program


def _draw(tmp_path, where):
    args = ["draw", "new", "--pool", str(SAMPLES / "experts.xlsx"), "--field", "新材料", "--round", "R1",
            "--ledger", str(tmp_path / "l.db"), "--out", str(tmp_path / "draw.json"), "--random-source", "9319"]
    return subprocess.run([sys.executable, str(_program(tmp_path)), where, *args], cwd=ROOT, capture_output=True, timeout=120)


def _entries(ledger) -> int:
    if not ledger.exists():
        return 0
    with sqlite3.connect(ledger) as connection:
        return connection.execute("select count(*) from ledger").fetchone()[0]


def test_a_hang_up_while_a_draw_is_entered_in_the_ledger_is_held_and_the_draw_recorded(tmp_path):
    done = _draw(tmp_path, "in-ledger-step")
    assert (done.returncode, done.stderr.decode("utf-8"), done.stdout.decode("utf-8").splitlines()[-1]) == (
        0, "", f"记录 {tmp_path / 'draw.json'}  专家名单 {tmp_path / 'draw.panel.xlsx'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw.json", "draw.panel.xlsx", "fundcheck", "l.db"]
    assert _entries(tmp_path / "l.db") == 1


def test_a_hang_up_before_the_ledger_step_stops_the_draw_with_nothing_recorded(tmp_path):
    from checker.cli.draw import INTERRUPTED_WORDS

    done = _draw(tmp_path, "before-ledger-step")
    assert (done.returncode, done.stdout, done.stderr.decode("utf-8")) == (2, b"", INTERRUPTED_WORDS[("draw", "new")][0] + "\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "l.db") == ["fundcheck"]  # no record, no temporary file
    assert _entries(tmp_path / "l.db") == 0


def test_under_nohup_a_hang_up_is_ignored_and_the_draw_completes(tmp_path):
    done = _draw(tmp_path, "nohup")
    assert (done.returncode, done.stderr.decode("utf-8"), done.stdout.decode("utf-8").splitlines()[-1]) == (
        0, "", f"记录 {tmp_path / 'draw.json'}  专家名单 {tmp_path / 'draw.panel.xlsx'}")
    assert _entries(tmp_path / "l.db") == 1


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs fork")
def test_a_hang_up_sent_to_the_process_group_as_workers_start_ends_the_run_and_its_workers(tmp_path):
    """The workers leave a closed terminal to the parent, as they leave Ctrl-C: it stops them and
    cleans up; none is left behind, and no completion marker says the run was complete."""
    out = tmp_path / "out"
    assert_stopped_with_no_worker_left([sys.executable, _program(tmp_path), "workers-forked", "audit", rounds_for_workers(tmp_path),
                                        "--jobs", "2", "--out", out], out)


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs fork")
def test_under_nohup_a_sigterm_following_a_hang_up_while_workers_fork_still_stops_the_run(tmp_path):
    """Both held while the workers were forked, the ignored SIGHUP (noted first) was the one raised
    afterwards, into SIG_IGN: the SIGTERM was lost and the run went on to a complete rounds.json."""
    out = tmp_path / "out"
    assert_stopped_with_no_worker_left([sys.executable, _program(tmp_path), "nohup-then-term-at-fork", "audit",
                                        rounds_for_workers(tmp_path), "--jobs", "2", "--out", out], out)


# a library caller's script (not a file named fundcheck) with SIGHUP set its own way before main()
LIBRARY = r"""
import signal, sys

mine = signal.SIG_IGN if sys.argv.pop(1) == "ignored" else (lambda _signum, _frame: None)
signal.signal(signal.SIGHUP, mine)
from checker.cli import main

try:
    main()
except SystemExit as stop:
    print("exit", stop.code, signal.getsignal(signal.SIGHUP) is mine)
"""


@pytest.mark.parametrize("before", ["ignored", "own handler"])
def test_main_gives_back_the_hang_up_disposition_it_left_alone(tmp_path, before):
    """main() leaves SIGHUP alone when it was not the default; spent once the draw was recorded, it
    stayed a Python no-op after main() returned: the caller's handler lost, and nohup's SIG_IGN
    turned into the default (the signal's death) as the interpreter ended."""
    script = tmp_path / "caller.py"
    script.write_text(LIBRARY, encoding="utf-8")
    args = ["draw", "new", "--pool", str(SAMPLES / "experts.xlsx"), "--field", "新材料", "--round", "R1",
            "--ledger", str(tmp_path / "l.db"), "--out", str(tmp_path / "draw.json"), "--random-source", "9319"]
    done = subprocess.run([sys.executable, str(script), before, *args], cwd=ROOT, capture_output=True, timeout=120)
    assert (done.returncode, done.stderr.decode("utf-8"), done.stdout.decode("utf-8").splitlines()[-1]) == (0, "", "exit 0 True")
    assert _entries(tmp_path / "l.db") == 1


@pytest.mark.parametrize("stop", ["SIGHUP", "SIGTERM"])
def test_a_hang_up_or_sigterm_before_main_runs_ends_the_program_with_one_sentence(stop):
    """Between the program's modules loading and main() (0.05-0.1 s into a run: 6 of 60 runs of the
    fault harness) a closed terminal or SIGTERM killed the process by the signal, with no word."""
    program = (f"import os, signal, sys; sys.argv = ['fundcheck', 'rules', 'list']; import checker.cli as cli; "
               f"os.kill(os.getpid(), signal.{stop}); sum(range(1000)); cli.entry()")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr.decode("utf-8")) == (2, b"", "已中断：程序尚未开始处理，未读取或写出任何文件。\n")


def test_under_nohup_a_hang_up_before_main_runs_is_ignored():
    program = ("import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); sys.argv = ['fundcheck', 'rules', 'list']; "
               "import checker.cli as cli; os.kill(os.getpid(), signal.SIGHUP); sum(range(1000)); cli.entry()")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8").startswith("规则库")
