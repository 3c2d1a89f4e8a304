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


def _run(tmp_path, patch: str) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    code = (_DROP + "import sys\n"
            f"sys.argv = ['fundcheck', 'check', {str(SAMPLE)!r}, '-w', 'W-05', '--out', {str(out)!r}]\n"
            "import checker.cli\n" + patch + "checker.cli.entry()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_dropped_while_the_command_loads_stops_the_run(tmp_path):
    patch = ("import checker.cli.lazy as lazy\n"
             "real = lazy.importlib.import_module\n"
             "def import_module(name):\n"
             "    module = real(name)\n"
             "    drop_a_stop()\n"
             "    return module\n"
             "lazy.importlib.import_module = import_module\n")
    result = _run(tmp_path, patch)
    assert (result.returncode, result.stderr, result.stdout) == (2, INTERRUPTED, "")
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_dropped_during_a_check_stops_it_at_the_next_chunk(tmp_path):
    patch = ("import checker.check.batch as batch\n"
             "real = batch.Worker.process\n"
             "def process(self, span):\n"
             "    drop_a_stop()\n"
             "    return real(self, span)\n"
             "batch.Worker.process = process\n")
    result = _run(tmp_path, patch)
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

