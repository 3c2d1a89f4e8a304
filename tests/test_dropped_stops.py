"""A stop Python drops: Ctrl-C whose KeyboardInterrupt is raised inside a weak reference's callback
(the import system's module locks have one, so a Ctrl-C while a command's modules load can land
there) is printed by Python as "Exception ignored in: …" and dropped. The run then went on to its end
and, its outcome decided by that stop, ignored every Ctrl-C after it. Now the stop is owed and taken
where the run goes on (checker.core.stops.raise_if_owed): the run ends as a stopped one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from checker.core import stops
from tests.helpers import ROOT

SAMPLE = ROOT / "samples" / "w05_applications.xlsx"
INTERRUPTED = ("已中断：本次运行未完成，正在写入的临时文件已删除；已写出的部分报告不是完整结果，"
               "重新运行到同一文件夹时会被替换。\n")
INTERRUPTED_READING = "已中断：本次运行未完成，没有结果；该命令只读取文件，未写出或改动任何文件。请重新运行同一命令。\n"
INTERRUPTED_WRITING = ("已中断：本次运行未完成，正在写入的临时文件已删除；每个文件都是整体写出的，"
                       "已写出的文件完整，未写出的保持原样。请重新运行同一命令。\n")

# Ctrl-C delivered while a weak reference's callback runs: the program's own handler raises there
_DROP = '''
import os, signal, weakref

def drop_a_stop():
    class Gone:
        pass
    def callback(_ref):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs here, inside the callback
            pass
    gone = Gone()
    kept = weakref.ref(gone, callback)
    del gone
    return kept
'''


def _dropping(argv: list[str], target: str) -> subprocess.CompletedProcess:
    """``fundcheck ARGV`` as the program, with a stop dropped right after ``target`` (module:attribute,
    or module:Class.method) returns."""
    module, attribute = target.split(":")
    owner, _, name = attribute.rpartition(".")
    code = (_DROP + "import importlib, sys\n"
            f"sys.argv = {['fundcheck', *argv]!r}\n"
            "import checker.cli\n"
            f"owner = importlib.import_module({module!r})\n"
            + (f"owner = getattr(owner, {owner!r})\n" if owner else "")
            + f"real = getattr(owner, {name!r})\n"
            "def patched(*args, **kwargs):\n"
            "    result = real(*args, **kwargs)\n"
            "    drop_a_stop()\n"
            "    return result\n"
            f"setattr(owner, {name!r}, patched)\n"
            "checker.cli.entry()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def _check(tmp_path) -> list[str]:
    return ["check", str(SAMPLE), "-w", "W-05", "--out", str(tmp_path / "out")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_dropped_while_the_command_loads_stops_the_run(tmp_path):
    result = _dropping(_check(tmp_path), "checker.cli.lazy:importlib.import_module")
    assert (result.returncode, result.stderr, result.stdout) == (2, INTERRUPTED, "")
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_dropped_during_a_check_stops_it_at_the_next_chunk(tmp_path):
    result = _dropping(_check(tmp_path), "checker.check.batch:Worker.process")
    assert (result.returncode, result.stderr, result.stdout) == (2, INTERRUPTED, "")
    assert not (tmp_path / "out" / "summary.json").exists()
    assert not list((tmp_path / "out").rglob("*.tmp*"))


def test_a_drop_that_is_not_a_stop_is_printed_as_python_prints_it(tmp_path):
    code = ("import sys, weakref\n"
            "sys.argv = ['fundcheck', 'rules', 'list']\n"
            "import checker.cli\n"
            "real = checker.cli.cli\n"
            "def cli(**kwargs):\n"
            "    class Gone:\n"
            "        pass\n"
            "    def callback(_ref):\n"
            "        raise ValueError('dropped by Python')\n"
            "    gone = Gone(); kept = weakref.ref(gone, callback); del gone\n"
            "    return real(**kwargs)\n"
            "checker.cli.cli = cli\n"
            "checker.cli.entry()\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "ELIG-REGION" in result.stdout
    assert "Exception ignored in" in result.stderr and "ValueError: dropped by Python" in result.stderr


def test_an_owed_stop_is_raised_once_and_never_while_an_exception_is_handled():
    stops.stop_raised()
    try:
        try:
            raise KeyError("cleaning up after a stop on its way up")
        except KeyError:
            stops.raise_if_owed()  # not here: what is being handled goes on
        with pytest.raises(KeyboardInterrupt):
            stops.raise_if_owed()
        stops.raise_if_owed()  # taken: not again
        assert not stops.stop_owed()
    finally:
        stops.stop_taken()



@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_dropped_in_a_command_with_nothing_after_it_still_stops_it(tmp_path):
    # template writes one file: a stop dropped while it worked wrote the file and ended 0, in silence
    result = _dropping(['template', 'check', '--workflow', 'W-05', '--out', str(tmp_path / 't.xlsx')],
                       "checker.core.rulebook:load_rulebook")
    assert (result.returncode, result.stderr) == (2, INTERRUPTED_WRITING)
    assert not (tmp_path / "t.xlsx").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_library_callers_next_command_owes_no_earlier_stop():
    # a stop that came before the first command began (its options parsed) was left owed, and the
    # caller's second command, with no stop at all, ended 已中断 (helper-80)
    code = ("import os, signal, sys\n"
            "import checker.cli as cli\n"
            "real = cli.cli.parse_args\n"
            "calls = []\n"
            "def parse_args(ctx, args):\n"
            "    calls.append(1)\n"
            "    if len(calls) == 1:\n"
            "        os.kill(os.getpid(), signal.SIGTERM)\n"
            "        for _ in range(1000): pass\n"
            "    return real(ctx, args)\n"
            "cli.cli.parse_args = parse_args\n"
            "for _ in range(2):\n"
            "    sys.argv = ['nightly', 'rules', 'list']\n"
            "    try:\n"
            "        cli.main()\n"
            "    except SystemExit as stop:\n"
            "        print('exit', stop.code, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stderr == "\n已中止。\nexit 1\nexit 0\n"  # (a line break first: click ends the line under way)
    assert "ELIG-REGION" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("quiet", ["-q", "--json"])
def test_a_stop_dropped_in_a_command_that_ends_by_its_status_still_stops_it(quiet):
    # -q and --json end every command through ctx.exit: the owed stop was cleared unsaid, exit 0 (helper-81)
    result = _dropping(['rules', 'list', quiet], "checker.core.rulebook:load_rulebook")
    assert (result.returncode, result.stderr) == (2, INTERRUPTED_READING)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stopped_json_run_prints_no_object_saying_it_succeeded():
    # --json printed {"status": "ok", "exit_code": 0} and then ended 已中断 with exit 2 (helper-82)
    result = _dropping(['rules', 'list', '--json'], "checker.core.rulebook:load_rulebook")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", INTERRUPTED_READING)
