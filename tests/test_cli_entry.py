"""The console script's entry (checker.cli.entry): after a draw that succeeded, the process ends at
once instead of freeing a large pool's objects one by one; its output, files, ledger and exit
handlers are all there first. Anything else ends as always."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

SAMPLES = ROOT / "samples"


def _draw_args(tmp_path, *extra: str) -> list[str]:
    return ["draw", "new", "--pool", str(SAMPLES / "experts.xlsx"), "--field", "新材料", "--size", "3",
            "--alternates", "1", "--round", "ENTRY-1", "--ledger", str(tmp_path / "l.db"),
            "--out", str(tmp_path / "d.json"), "--random-source", "3 9 14 22 27 31 8",
            "--source-name", "双色球 第2025060期", *extra]


def _probe(args: list[str]) -> subprocess.CompletedProcess:
    """entry() in a new process, with an exit handler and an object that says when it is freed."""
    code = ("import atexit, sys\n"
            "class Held:\n"
            "    def __del__(self):\n"
            "        print('freed', flush=True)\n"
            "held = Held()\n"
            "atexit.register(lambda: print('exit handler ran', flush=True))\n"
            f"sys.argv = ['fundcheck', *{args!r}]\n"
            "from checker.cli import entry\n"
            "entry()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_draw_that_succeeded_ends_at_once_with_its_output_files_and_exit_handlers(tmp_path):
    result = _probe(_draw_args(tmp_path))
    lines = result.stdout.splitlines()
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert (result.returncode, result.stderr) == (0, "")
    # the whole output, then the exit handlers; the interpreter's freeing of objects was skipped
    assert lines[-2:] == [f"记录 {tmp_path / 'd.json'}  专家名单 {tmp_path / 'd.panel.xlsx'}", "exit handler ran"]
    assert "freed" not in lines
    assert (tmp_path / "d.panel.xlsx").stat().st_size > 0 and record["round_id"] == "ENTRY-1"
    verified = subprocess.run([sys.executable, "-m", "checker", "draw", "verify", str(tmp_path / "d.json"),
                               "--ledger", str(tmp_path / "l.db"), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_draw_that_failed_ends_as_always(tmp_path):
    args = _draw_args(tmp_path)
    args[args.index("--pool") + 1] = str(tmp_path / "missing.xlsx")
    result = _probe(args)
    assert result.returncode == 2
    # the interpreter's own shutdown: the exit handlers, then the objects freed
    assert result.stdout.splitlines() == ["exit handler ran", "freed"]
    assert result.stderr.startswith("错误：专家库") and not (tmp_path / "d.json").exists()


def test_other_commands_end_as_always(tmp_path):
    (tmp_path / "l.db").touch()
    result = _probe(["ledger", "verify", str(tmp_path / "l.db")])
    assert result.stdout.splitlines()[-2:] == ["exit handler ran", "freed"]




def _close_output() -> None:
    os.close(1)
    os.close(2)


@pytest.mark.skipif(os.name != "posix", reason="closes the child's descriptors before it starts")
def test_a_draw_started_with_its_output_closed_ends_as_a_success(tmp_path):
    # `fundcheck draw new ... >&- 2>&-` (a scheduler, a service): Python starts with sys.stdout and
    # sys.stderr None; the draw is recorded and must not end with a traceback and exit status 1
    code = ("import atexit, pathlib, sys\n"
            f"atexit.register(pathlib.Path({str(tmp_path / 'handler.txt')!r}).write_text, 'exit handler ran')\n"
            f"sys.argv = ['fundcheck', *{_draw_args(tmp_path)!r}]\n"
            "from checker.cli import entry\n"
            "entry()\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=300, preexec_fn=_close_output)
    assert (result.returncode, (tmp_path / "handler.txt").read_text()) == (0, "exit handler ran")
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["round_id"] == "ENTRY-1"


def test_what_an_exit_handler_prints_to_a_pipe_is_not_lost(tmp_path):
    # stdout to a pipe or file is block-buffered (PYTHONUNBUFFERED unset, as for a user): a handler
    # that prints without flushing lost its line when the process ended at once after the handlers
    code = ("import atexit, sys\n"
            "atexit.register(print, 'exit handler ran')\n"
            "atexit.register(print, 'exit handler on stderr', file=sys.stderr)\n"
            f"sys.argv = ['fundcheck', *{_draw_args(tmp_path, '-q')!r}]\n"
            "from checker.cli import entry\n"
            "entry()\n")
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env=environment)
    assert (result.returncode, result.stdout, result.stderr) == (0, "exit handler ran\n", "exit handler on stderr\n")


def test_a_profiled_draw_keeps_its_profile(tmp_path):
    # `python -m cProfile -o out -m checker draw new ...` (how issue 14's timings are taken): cProfile
    # writes its file after the program returns, which the quick exit never let it do
    import pstats

    result = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(tmp_path / "draw.prof"), "-m", "checker",
                             *_draw_args(tmp_path, "-q")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    profiled = {(Path(path).name, name) for path, _line, name in pstats.Stats(str(tmp_path / "draw.prof")).stats}
    assert {("__init__.py", "entry"), ("draw.py", "draw_new")} <= profiled


def test_a_draw_printed_to_an_output_that_cannot_encode_chinese_is_still_a_recorded_draw(tmp_path):
    # PYTHONIOENCODING=latin-1 (or a console code page without Chinese): the draw is entered in the
    # ledger before its summary is printed; the summary is written escaped, and the run ends 0, not
    # with 内部错误 and 本次运行未完成 over a draw that was recorded
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "checker", *_draw_args(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, timeout=300)
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    out = result.stdout.decode("latin-1")
    assert (result.returncode, result.stderr) == (0, b"")
    assert out.splitlines()[0] == "轮次 ENTRY-1  领域 新材料  可抽取 27 人".encode("ascii", "backslashreplace").decode("ascii")
    # the panel's ids are plain ASCII, printed as they are
    assert f": {' '.join(expert['expert_id'] for expert in record['panel'])}" in out.splitlines()[1]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("as_json", [False, True])
def test_a_draw_whose_summary_cannot_be_written_is_still_a_recorded_draw(tmp_path, as_json):
    # `fundcheck draw new … > log` on a full disk: the draw is in the ledger and its record written
    # before the summary is printed; the run ended with 内部错误-like 本次运行未完成 and exit 2, and
    # the office would draw again
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "checker", *_draw_args(tmp_path, *(["--json"] if as_json else []))],
                                cwd=ROOT, stdout=full, stderr=subprocess.PIPE, timeout=300)
    assert (tmp_path / "d.json").is_file() and (tmp_path / "d.panel.xlsx").is_file()
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        0, f"注意：抽取已记入账本第 1 条，记录 {tmp_path / 'd.json'}；标准输出无法写入（磁盘空间不足），以上结果未能全部打印。\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_listing_that_cannot_be_written_ends_with_one_sentence_not_a_traceback():
    # block-buffered (no PYTHONUNBUFFERED), what click had not written was flushed again as the
    # interpreter ended: "Exception ignored … OSError: [Errno 28]" in English and exit 120
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "checker", "rules", "list"], cwd=ROOT, env=env, stdout=full,
                                stderr=subprocess.PIPE, timeout=300)
    assert (result.returncode, result.stderr.decode("utf-8")) == (2, "错误：标准输出无法写入（磁盘空间不足），本次运行未完成。\n")


def _to_a_gone_reader(args: list[str]) -> subprocess.CompletedProcess:
    """fundcheck with its standard output a pipe whose reader has already gone (| head -1, | grep -q)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, stdout=write, stderr=subprocess.PIPE,
                              timeout=300)
    finally:
        os.close(write)


def test_a_verify_whose_reader_went_away_still_ends_with_its_verdict(tmp_path):
    # `fundcheck draw verify changed.json | head -1` under pipefail: the BrokenPipeError raised by
    # 不一致：… ended the run with exit 0, as if the record matched
    drawn = subprocess.run([sys.executable, "-m", "checker", *_draw_args(tmp_path)], cwd=ROOT, capture_output=True,
                           timeout=300)
    assert drawn.returncode == 0
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    record["panel"][0], record["panel"][1] = record["panel"][1], record["panel"][0]
    (tmp_path / "changed.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for as_json in ([], ["--json"]):
        result = _to_a_gone_reader(["draw", "verify", str(tmp_path / "changed.json"), *as_json])
        assert (result.returncode, result.stderr) == (1, b"")
    result = _to_a_gone_reader(["draw", "verify", str(tmp_path / "d.json")])
    assert (result.returncode, result.stderr) == (0, b"")
    result = _to_a_gone_reader(["ledger", "verify", str(tmp_path / "l.db"), "--head", "0" * 16])
    assert (result.returncode, result.stderr) == (1, b"")


def test_json_output_stays_json_whatever_the_output_cannot_encode(tmp_path):
    # --json under PYTHONIOENCODING=latin-1 wrote an emoji as \U0001f600 (no JSON escape); a folder
    # named with an undecodable byte was written back as that raw byte (no UTF-8): neither was JSON
    args = _draw_args(tmp_path, "--json")
    args[args.index("ENTRY-1")] = "R😀"
    result = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, timeout=300,
                            env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0
    assert json.loads(result.stdout.decode("latin-1"))["messages"][0] == "轮次 R😀  领域 新材料  可抽取 27 人"
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/run\xff")
    result = subprocess.run([sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "-w", "W-05",
                             "--out", folder, "--json"], cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 1
    assert json.loads(result.stdout.decode("utf-8"))["outputs"]["folder"] == folder


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["--help"], ["-V"]])
def test_help_or_version_that_cannot_be_written_ends_with_one_sentence(args):
    # printed while the options are read, before any command runs: a page of English traceback, exit 120
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                                timeout=300)
    assert (result.returncode, result.stderr.decode("utf-8")) == (2, "错误：标准输出无法写入（磁盘空间不足），打印的结果不完整。\n")


def test_chinese_read_under_a_locale_that_is_not_utf8_is_named_as_such(tmp_path):
    # LC_ALL=C with PYTHONUTF8=0 (a service, a container without locales): 新材料 arrives as undecodable
    # bytes and was refused as 专业领域「?????????」在专家库中不存在
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    result = subprocess.run([sys.executable, "-m", "checker", *_draw_args(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr.decode("utf-8")) == (
        2, b"", "错误：--field「新材料」是 UTF-8 文字，但本程序按非 UTF-8 的区域设置读入命令行（LANG/LC_ALL 为 C？）；"
                "请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。\n")
    assert not (tmp_path / "l.db").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_check_whose_summary_cannot_be_written_ends_with_its_own_status(tmp_path):
    # `fundcheck check … > log` on a full disk: every report was in place, and the run said
    # 本次运行未完成 with exit 2 over a complete folder
    out = tmp_path / "out"
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "-w", "W-05",
                                 "--out", str(out)], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, timeout=300)
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        1, f"注意：审核结果已全部写入 {out}；标准输出无法写入（磁盘空间不足），以上结果未能全部打印。\n")
    assert (out / "cases.jsonl").is_file() and (out / "summary.json").is_file()


@pytest.mark.skipif(not hasattr(os, "set_blocking"), reason="no non-blocking pipes (Windows)")
def test_output_made_non_blocking_by_its_reader_waits_for_the_reader(tmp_path):
    """The program reading fundcheck's output may make the pipe non-blocking (one open file for both
    ends' users: Node.js does so). Once the pipe was full, the write failed with EAGAIN and the run
    ended 错误：标准输出无法写入（Resource temporarily unavailable），本次运行未完成 (exit 2, English);
    it now waits until the reader takes more, and prints everything."""
    import threading
    import time

    expected = subprocess.run([sys.executable, "-m", "checker", "rules", "list"], cwd=ROOT, capture_output=True,
                              timeout=300).stdout
    read, write = os.pipe()
    os.set_blocking(write, False)
    filler = b"x" * 4096
    with pytest.raises(BlockingIOError):
        while True:  # the pipe full before fundcheck writes a line
            os.write(write, filler)
    taken: list[bytes] = []

    def reader() -> None:
        time.sleep(1.0)  # a reader that is slow to start
        while chunk := os.read(read, 65536):
            taken.append(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        done = subprocess.run([sys.executable, "-m", "checker", "rules", "list"], cwd=ROOT, stdout=write,
                              stderr=subprocess.PIPE, timeout=300)
    finally:
        os.close(write)
        thread.join(timeout=60)
        os.close(read)
    assert (done.returncode, done.stderr, b"".join(taken).lstrip(b"x")) == (0, b"", expected)


# A program that caught a KeyboardInterrupt inside an exec() of a string (a dataclass being made as a
# module loads, when Ctrl-C came) and then ended with its own status: the last exec() of the run.
_CAUGHT_IN_EXEC = '''
import importlib.abc
import importlib.machinery
import sys


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "checker.cli":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            real = module.main

            def main():
                try:
                    real()
                finally:
                    try:
                        exec("raise KeyboardInterrupt")
                    except KeyboardInterrupt:
                        print("caught", file=sys.stderr)

            module.main = main

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Finder())
'''


def test_python_m_checker_ends_with_its_own_status_after_a_caught_interrupt(tmp_path):
    # CPython noted the caught interrupt as if it had ended the program, and `python -m checker` then
    # killed itself with SIGINT as it ended: a Ctrl-C while `check` loaded printed 已中断… and the
    # process died by the signal (130) instead of exiting 2, in one run in five (0.33 s into a run)
    (tmp_path / "sitecustomize.py").write_text(_CAUGHT_IN_EXEC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    listed = subprocess.run([sys.executable, "-m", "checker", "rules", "list"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert listed.stderr == "caught\n"  # the situation was made: an interrupt caught in an exec()
    assert listed.returncode == 0 and "ELIG-REGION" in listed.stdout
    failed = subprocess.run([sys.executable, "-m", "checker", "show", str(tmp_path / "no-such-run"), "X"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 2 and failed.stderr.endswith("caught\n") and failed.stderr.startswith("错误")


@pytest.mark.skipif(os.name != "posix", reason="a process ended by a signal")
def test_an_interrupt_that_leaves_python_m_checker_still_ends_it_by_the_signal(tmp_path):
    # what the fix leaves alone: an interrupt the program does not catch ends it as Python always does
    code = ("import runpy, signal, sys\n"
            "import checker.cli\n"
            "def main():\n"
            "    raise KeyboardInterrupt\n"
            "checker.cli.main = main\n"
            "sys.argv = ['checker']\n"
            "runpy.run_module('checker', run_name='__main__', alter_sys=True)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGINT and result.stderr.rstrip().endswith("KeyboardInterrupt")
