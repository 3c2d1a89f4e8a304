"""Hostile review h52, after h50 (standard output that cannot take the output) and h51 (stops at bad
moments) were merged: the two together, and the completion markers h51 left unheld (audit's
round.json and rounds.json, fairness.json)."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tests.helpers import ROUNDS, SAMPLES, assert_stopped_with_no_worker_left, rounds_for_workers, run_main_as_program

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks on Windows")



def _stopped_once_in_place(monkeypatch, marker: str, stop: int) -> None:
    """A stop sent by the thread that wrote ``marker`` the moment it is in place (os.replace done)."""
    from checker.io import outputs

    write_atomic = outputs.write_atomic

    def then_stopped(path, data, *, sync=False):
        write_atomic(path, data, sync=sync)
        if path.name == marker:
            os.kill(os.getpid(), stop)

    monkeypatch.setattr(outputs, "write_atomic", then_stopped)


AUDIT_ONE = [f"W08-2020-02（市级智能工厂和数字化车间申报） 不合规  不通过：轮次记录无法读取的值；申报通知须经纪检组同意后下发；"
             "评审报告表报纪检组并经同意后方开展专家评审；会前三天报送事中报告单；"
             "决策情况（备案）表报送局政工科和纪检组；会后三天报送决策情况表；流程节点按规定顺序发生；随机抽取 7 名专家；专家由局政工科抽取；"
             "按项目领域抽取专家；公示期不少于 5 个工作日（本轮通知另有规定的从其规定）；公示无异议后方行文认定；公示名单与决议名单一致  "
             "待补充：党组会集体决策并记录纪要文号、表决方式及结果；随机抽取、可复算且在评审之前；汇总体现决策完整过程的材料 → {}"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_once_a_one_round_audits_round_json_is_in_place_keeps_the_runs_exit_status(tmp_path, monkeypatch, capsys, stop):
    """round.json (a one-round audit's completion marker) was written by a writer thread while the
    main thread waited: a stop arriving once it was in place was raised in the main thread, and the
    run said 已中断：本次运行未完成 with exit 2 over a complete folder."""
    _stopped_once_in_place(monkeypatch, "round.json", stop)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "audit", ROUNDS / "noncompliant_W-08.json", "--out", out)
    printed, err = capsys.readouterr()
    assert (code, err, printed.splitlines()) == (1, "", [AUDIT_ONE[0].format(out)])
    assert sorted(p.name for p in out.iterdir()) == [".fundcheck-run.json", "round.html", "round.json", "round.md"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_once_an_audits_rounds_json_is_in_place_keeps_the_runs_exit_status(tmp_path, monkeypatch, capsys, stop):
    """rounds.json, the completion marker of an audit of several rounds: a stop arriving right after
    it was in place ended the run with 已中断 and exit 2 (1 of 20 runs of marker_harness.py audit3)."""
    _stopped_once_in_place(monkeypatch, "rounds.json", stop)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "audit", ROUNDS / "noncompliant_W-08.json", ROUNDS / "compliant_W-12.json", "--out", out)
    printed, err = capsys.readouterr()
    assert (code, err, printed.splitlines()[-1:]) == (1, "", ["合计 2 轮：合规 0，不合规 1，需人工复核 1"])
    assert sorted(p.name for p in out.iterdir()) == [".fundcheck-run.json", "W08-2020-02", "W12-2020-01", "index.html", "rounds.json"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_once_fairness_json_is_in_place_keeps_the_runs_exit_status(tmp_path, monkeypatch, capsys, stop):
    """fairness.json, the completion marker of fairness: a stop arriving right after it was in place
    ended the run with 已中断 and exit 2."""
    _stopped_once_in_place(monkeypatch, "fairness.json", stop)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "fairness", SAMPLES / "fairness" / "ledger.db", "--records", SAMPLES / "fairness" / "records",
                     "--pool", SAMPLES / "experts.xlsx", "--out", out)
    printed, err = capsys.readouterr()
    assert (code, err, printed.splitlines()[-1:]) == (1, "", [f"报告 {out / 'fairness.json'}  {out / 'fairness.html'}"])
    assert sorted(p.name for p in out.iterdir()) == [".fundcheck-run.json", "fairness.html", "fairness.json"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_while_an_audit_is_printed_keeps_the_runs_exit_status(tmp_path, monkeypatch, capsys, stop):
    """Once the marker is in place, a stop while the rounds' lines are printed is spent too."""
    from checker.audit import run

    screen_line = run._screen_line

    def interrupted(*args):
        os.kill(os.getpid(), stop)
        sum(range(1000))  # Python code run meanwhile: where a handler would raise
        return screen_line(*args)

    monkeypatch.setattr(run, "_screen_line", interrupted)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "audit", ROUNDS / "noncompliant_W-08.json", "--out", out)
    printed, err = capsys.readouterr()
    assert (code, err, printed.splitlines()) == (1, "", [AUDIT_ONE[0].format(out)])
    assert (out / "round.json").is_file()


def _to_dev_full(*args) -> "subprocess.CompletedProcess":
    import subprocess

    from tests.helpers import ROOT

    with open("/dev/full", "wb") as full:
        return subprocess.run([sys.executable, "-m", "checker", *(str(a) for a in args)], cwd=ROOT, stdout=full,
                              stderr=subprocess.PIPE, timeout=300)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("rounds", [["noncompliant_W-08.json"], ["noncompliant_W-08.json", "compliant_W-12.json"]])
def test_an_audit_whose_lines_cannot_be_printed_ends_with_its_own_status(tmp_path, rounds, as_json):
    """`fundcheck audit … > log` on a full disk: every report was in place (round.json or rounds.json
    last), and the run said 无法写入文件：磁盘空间不足（临时文件夹 /tmp 或输出文件夹），本次运行未完成 with exit 2."""
    out = tmp_path / "out"
    result = _to_dev_full("audit", *(ROUNDS / name for name in rounds), "--out", out, *(["--json"] if as_json else []))
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        1, f"注意：审计报告已全部写入 {out}；标准输出无法写入（磁盘空间不足），以上结果未能全部打印。\n")
    assert (out / ("round.json" if len(rounds) == 1 else "rounds.json")).is_file()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_fairness_run_whose_lines_cannot_be_printed_ends_with_its_own_status(tmp_path):
    """fairness alike: fairness.json in place, the run said 本次运行未完成 with exit 2."""
    out = tmp_path / "out"
    result = _to_dev_full("fairness", SAMPLES / "fairness" / "ledger.db", "--records", SAMPLES / "fairness" / "records",
                          "--pool", SAMPLES / "experts.xlsx", "--out", out)
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        1, f"注意：公平性报告已全部写入 {out}；标准输出无法写入（磁盘空间不足），以上结果未能全部打印。\n")
    assert sorted(p.name for p in out.iterdir()) == [".fundcheck-run.json", "fairness.html", "fairness.json"]


def _with_output_to(where: str, *args) -> "subprocess.CompletedProcess":
    """fundcheck with standard output and standard error both to ``where`` (``> log 2>&1``): "full",
    a file on a full disk (/dev/full), or "gone", a pipe whose reader has already left (2>&1 | grep -q)."""
    import subprocess

    from tests.helpers import ROOT

    if where == "full":
        descriptor = os.open("/dev/full", os.O_WRONLY)
    else:
        read, descriptor = os.pipe()
        os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "checker", *(str(a) for a in args)], cwd=ROOT, stdout=descriptor,
                              stderr=subprocess.STDOUT, timeout=300)
    finally:
        os.close(descriptor)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("where", ["full", "gone"])
def test_a_run_whose_standard_error_cannot_be_written_either_ends_with_its_own_status(tmp_path, where):
    """``> log 2>&1`` on a full disk, or ``2>&1 | grep -q …``: the sentence said on standard error could
    not be written either, and the interpreter ended the process with status 1 ("lost sys.stderr"),
    whatever the run had done: a draw entered in the ledger, an input error, a listing cut short."""
    draw = ["draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "3", "--alternates", "1",
            "--round", "R1", "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "3 9 14 22 27 31 8"]
    assert _with_output_to(where, *draw).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.panel.xlsx", "l.db"]
    assert _with_output_to(where, "check", tmp_path / "none.xlsx", "-w", "W-05", "--out", tmp_path / "out").returncode == 2
    assert list((tmp_path / "out").iterdir()) == []
    if where == "full":  # (a reader that left takes nothing, and a listing is all it would have got)
        assert _with_output_to(where, "rules", "list").returncode == 2


STOPPED_WHILE_IMPORTING = """
import importlib.abc, os, signal, sys

MODULE = sys.argv.pop(1)


class StopWhenImported(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: raised in the import machinery, the module half made
        return None


sys.meta_path.insert(0, StopWhenImported())
from checker.cli import entry

entry()
"""


@pytest.mark.parametrize("module", ["yaml.constructor", "checker.check.plan"])
def test_ctrl_c_while_the_check_wing_is_imported_says_the_run_was_interrupted(tmp_path, module):
    """Ctrl-C while check imported its wing (0.3 s into a run: check_harness-like runs, 1 of 70) left
    PyYAML half imported; leaving `with defaulted_workflow()`, its __exit__ imported checker.check.plan
    to look at the KeyboardInterrupt, which imported PyYAML again: 内部错误（AttributeError）and a
    crash file, for a run the user had stopped."""
    import subprocess

    from checker.cli import INTERRUPTED
    from tests.helpers import ROOT

    program = tmp_path / "fundcheck"
    program.write_text(STOPPED_WHILE_IMPORTING, encoding="utf-8")
    env = {**os.environ, "FUNDCHECK_CRASH_DIR": str(tmp_path / "crash")}
    result = subprocess.run([sys.executable, str(program), module, "check", str(SAMPLES / "w05_applications.xlsx"),
                             "-w", "W-05", "--out", str(tmp_path / "out")], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr.decode("utf-8")) == (2, b"", INTERRUPTED + "\n")
    assert not (tmp_path / "out").exists() and not (tmp_path / "crash").exists()


def test_a_check_whose_file_names_the_locale_cannot_write_is_refused_before_anything_is_written(tmp_path):
    """LC_ALL=C with PYTHONUTF8=0 (file names in ASCII): check wrote its manifest, cases.jsonl and
    rules.json, then stopped at 告知书汇总.html with 内部错误（UnicodeEncodeError） and a crash file."""
    import subprocess

    from tests.helpers import ROOT

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "FUNDCHECK_CRASH_DIR": str(tmp_path / "crash")}
    env.pop("PYTHONIOENCODING", None)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "-w", "W-05",
                             "--out", str(out)], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr.decode("utf-8")) == (
        2, b"", "错误：输出文件名「告知书汇总.html」无法按本机的区域设置写出（文件名编码 ascii；LANG/LC_ALL 为 C？）；"
                "请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。\n")
    assert list(out.iterdir()) == [] and not (tmp_path / "crash").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["ledger", "verify", ROUNDS / "ledger.db"], ["rules", "list"]])
def test_a_command_whose_output_cannot_be_printed_names_standard_output(args):
    """`fundcheck ledger verify l.db > log` on a full disk: click flushes each line, so the error met
    the command mid-way and was taken for one of its files: 无法写入文件：磁盘空间不足（临时文件夹 /tmp
    或输出文件夹）…请腾出空间后重新运行, for a command that writes no file. The same error met at the
    end (a line still buffered) was already named as standard output's."""
    result = _to_dev_full(*args)
    assert (result.returncode, result.stderr.decode("utf-8")) == (2, "错误：标准输出无法写入（磁盘空间不足），本次运行未完成。\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_ctrl_c_while_the_program_starts_with_standard_error_unwritable_ends_with_status_2(tmp_path, stderr):
    """Ctrl-C while the program's modules load, its standard error a full disk (> log 2>&1) or closed
    (2>&-): the start-up handler's one sentence could not be written, the OSError raised in the
    handler went up through the import and the interpreter ended with status 1, as for findings."""
    import subprocess

    from tests.helpers import ROOT

    program = tmp_path / "fundcheck"
    program.write_text(STOPPED_WHILE_IMPORTING, encoding="utf-8")
    where = os.open("/dev/full", os.O_WRONLY) if stderr == "full" else None
    try:
        result = subprocess.run([sys.executable, str(program), "click", "rules", "list"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=where, timeout=300, **({} if where is not None else {"preexec_fn": lambda: os.close(2)}))
    finally:
        if where is not None:
            os.close(where)
    assert (result.returncode, result.stdout) == (2, b"")


def test_standard_output_opened_for_reading_only_is_named_in_chinese(tmp_path):
    """`fundcheck draw new … 1</dev/null` (standard output open for reading only, as a service
    manager may leave it): the note said 标准输出无法写入（Bad file descriptor）, the system's English."""
    import subprocess

    from tests.helpers import ROOT

    args = ["draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "3", "--alternates", "1",
            "--round", "R1", "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "3 9 14 22 27 31 8"]
    with open(os.devnull, "rb") as reading_only:
        result = subprocess.run([sys.executable, "-m", "checker", *(str(a) for a in args)], cwd=ROOT, stdout=reading_only,
                                stderr=subprocess.PIPE, timeout=300)
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        0, f"注意：抽取已记入账本第 1 条，记录 {tmp_path / 'd.json'}；标准输出无法写入（未以可写方式打开或已关闭），以上结果未能全部打印。\n")


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_stop_as_the_notice_spool_is_made_leaves_no_temporary_file(tmp_path, monkeypatch, capsys, when):
    """Ctrl-C as check made its notice spool (.fundcheck-tmp-notices-*.html, in the output folder):
    mkstemp had made the file before it was listed for removal, and a stop in between left it behind
    a run that said 正在写入的临时文件已删除 (1 of 60 runs of check_harness.py 8 60, Ctrl-C at 0.65 s)."""
    from checker.report import spool

    track_temp = spool.track_temp

    def stopped(path):
        if when == "after":
            track_temp(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(spool, "track_temp", stopped)
    out = tmp_path / "out"
    code = run_main_as_program(monkeypatch, "check", SAMPLES / "w05_applications.xlsx", "-w", "W-05", "--out", out)
    from checker.cli import INTERRUPTED

    assert (code, capsys.readouterr().err) == (2, INTERRUPTED + "\n")
    assert sorted(p.name for p in out.iterdir()) == [".fundcheck-run.json", "cases"]


def test_a_utf8_file_name_read_under_a_locale_that_is_not_utf8_is_named_as_such(tmp_path):
    """LC_ALL=C with PYTHONUTF8=0: a round record named 轮次记录.json (UTF-8, as every name on this
    system) was refused as 不是 UTF-8 编码（按 GBK 读作「杞�娆¤�板綍.json」…在中文 Windows 上压缩…）, a
    name in no encoding and a cause that was not the one: the locale was, as h50 says for arguments."""
    import shutil
    import subprocess

    from tests.helpers import ROOT

    folder = tmp_path / "轮次"
    folder.mkdir()
    shutil.copy(ROUNDS / "noncompliant_W-08.json", folder / "轮次记录.json")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    result = subprocess.run([sys.executable, "-m", "checker", "audit", str(folder), "--out", str(tmp_path / "out")], cwd=ROOT,
                            env=env, capture_output=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr.decode("utf-8")) == (
        2, b"", f"错误：轮次记录「{folder / '轮次记录.json'}」的名称是 UTF-8 文字，但本程序按非 UTF-8 的区域设置读取文件名"
                "（LANG/LC_ALL 为 C？）；请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。\n")


STOPPED_AS_WORKERS_ARE_FORKED = """
import os, signal, sys

STOP = int(sys.argv.pop(1))
sent = []


def stopped_before_fork():
    if not sent:
        sent.append(STOP)
        os.kill(os.getpid(), STOP)


os.register_at_fork(before=stopped_before_fork)
from checker.cli import entry

entry()
"""


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs fork")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_as_the_worker_processes_are_forked_ends_the_run(tmp_path, stop):
    """Ctrl-C as `audit --jobs 2` forked its workers (sent to the process group, 1 of 70 runs): the
    handler's KeyboardInterrupt, raised in Python code the fork runs, was printed as "Exception ignored
    in: <function _releaseLock>" and a traceback, then dropped: the run went on and ended 1 with
    rounds.json, as if it had not been stopped."""
    program = tmp_path / "fundcheck"
    program.write_text(STOPPED_AS_WORKERS_ARE_FORKED, encoding="utf-8")
    out = tmp_path / "out"
    assert_stopped_with_no_worker_left([sys.executable, program, int(stop), "audit", rounds_for_workers(tmp_path), "--jobs", "2",
                                        "--out", out], out)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["template", "conditions", "--out", "{}/t.xlsx"],
                                     ["draw", "publish", str(ROUNDS / "draw_W12-2020-01.json"), "--out", "{}/t.html"]])
def test_a_file_written_whose_line_cannot_be_printed_ends_with_its_own_status(tmp_path, command):
    """`fundcheck template conditions --out t.xlsx > log` on a full disk: the workbook was written, and the
    run said 标准输出无法写入（磁盘空间不足），本次运行未完成 with exit 2 (draw publish's page alike)."""
    args = [a.format(tmp_path) for a in command]
    result = _to_dev_full(*args)
    what = "工作簿" if command[0] == "template" else "验证页"
    assert (result.returncode, result.stderr.decode("utf-8")) == (
        0, f"注意：{what}已写入 {args[-1]}；标准输出无法写入（磁盘空间不足），以上结果未能全部打印。\n")
    assert os.path.isfile(args[-1])
