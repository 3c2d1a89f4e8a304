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


# ---------------------------------------------------------------- round ids in a tampered ledger


def _ledger_with_bytes_not_utf8(tmp_path):
    """A draw of R1, then an entry appended by hand whose round id holds a byte that is not UTF-8
    (b'R1\\xff'): what a tampered or damaged ledger file holds."""
    from tests.test_hostile7 import draw_new, small_pool

    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json", "R1").exit_code == 0
    _append_raw_entry(tmp_path / "l.db", b'{"fields":["\xe6\x96\xb0\xe6\x9d\x90\xe6\x96\x99"],"round_id":"R1\xff","type":"draw"}')
    return pool


def _append_raw_entry(path, body: bytes) -> None:
    """An entry appended by hand after the ledger's last one, its JSON stored as these bytes (not UTF-8)."""
    import sqlite3

    connection = sqlite3.connect(path)
    seq, last = connection.execute("SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    connection.execute("INSERT INTO ledger VALUES (?, ?, CAST(? AS TEXT), ?)", (seq + 1, last, body, "f" * 64))
    connection.commit()
    connection.close()


def test_a_round_id_not_utf8_in_the_ledger_is_named_by_the_chain_check_not_sqlite(tmp_path):
    """draw new looks for earlier draws of its round with round_key(...) in SQL: a stored round id
    whose bytes are not UTF-8 cannot be handed to the Python function as text (nor its key handed
    back), so the query failed and the office read 「无法写入账本，抽取未记录：数据库报告：user-defined
    function raised exception」, English from SQLite and no hint that the ledger was altered. Before
    round_key (COLLATE NOCASE) the chain check spoke first: 账本校验失败 naming entry 2. It must again."""
    from tests.test_hostile7 import draw_new

    pool = _ledger_with_bytes_not_utf8(tmp_path)
    result = draw_new(tmp_path, pool, "b.json", "R2", "8 9 10 11 12 13 14")
    assert (result.exit_code, result.output) == (2, "错误：账本校验失败，拒绝追加：第 2 条的内容与其哈希不符：条目内容或哈希被改动。"
                                                    "请先运行 ledger verify 查明。\n")


def test_fairness_over_a_ledger_holding_bytes_not_utf8_reports_instead_of_crashing(tmp_path):
    """fairness read the entry (its bytes kept as surrogates, for the chain check) and then crashed
    writing fairness.html: 「内部错误（UnicodeEncodeError）」 and a crash file. The report must be
    written, the chain flagged, the odd byte shown escaped."""
    import json

    from tests.test_hostile7 import run

    _ledger_with_bytes_not_utf8(tmp_path)
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "f")
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "f" / "fairness.json").read_text(encoding="utf-8"))
    assert sorted(draw["round_id"] for draw in report["draws"]) == ["R1", "R1\udcff"]
    assert "R1\\udcff" in (tmp_path / "f" / "fairness.html").read_text(encoding="utf-8")


def test_fairness_links_a_paper_round_typed_in_another_case_to_the_ledgers_draw(tmp_path):
    """The ledger holds round R-7; the office's round record says r-7 and points at ledger entry 1.
    The ledger, draw new and (since today) audit take r-7 as R-7, but fairness's paper reader
    compared the ids with ==: the entry was "not in the given ledger" and the draw was counted twice
    (once from the ledger, once as a paper draw), doubling every one of its experts' draws. It must
    be counted once, as when the id is typed alike."""
    import json

    from tests.fixtures.draw.helpers import run
    from tests.test_fairness_report import POOL, _round, _rows

    ledger = tmp_path / "l.db"
    assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-7", "--ledger", ledger,
               "--out", tmp_path / "d.json", "--random-source", "4 5 6").exit_code == 0
    panel = [item["expert_id"] for item in json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["panel"]]
    (tmp_path / "r.json").write_text(json.dumps(_round("r-7", _rows(panel, number="1")), ensure_ascii=False), encoding="utf-8")
    run("fairness", ledger, "--rounds", tmp_path / "r.json", "--pool", POOL, "--out", tmp_path / "out")
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert [draw["id"] for draw in report["draws"]] == ["l.db#1"]
    assert report["draws"][0]["refs"] == ["l.db 第 1 条", "r.json 专家抽取"]


# ---------------------------------------------------------------- plain words for malformed records


def _drawn(tmp_path):
    import json

    from tests.test_hostile7 import draw_new, small_pool

    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json", "R1").exit_code == 0
    return pool, json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))


def test_draw_verify_refuses_a_record_whose_ledger_entry_number_is_too_large_in_words(tmp_path):
    """ledger.draw_entry.entry edited to 10**30: SQLite cannot take the number (OverflowError, not
    one of the errors turned into 「记录的结构或字段类型不符合…」), so draw verify --ledger said
    「内部错误（OverflowError）」 and wrote a crash file. It must refuse the record in words."""
    import json

    from tests.test_hostile7 import run

    _, record = _drawn(tmp_path)
    record["ledger"]["draw_entry"]["entry"] = 10 ** 30
    (tmp_path / "m.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "m.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (1, "不一致：记录的结构或字段类型不符合抽取记录格式（某个字段的取值无法识别），无法复核。\n")


def test_draw_substitute_on_a_record_whose_substitutions_are_blank_does_not_crash(tmp_path):
    """"substitutions": "" (a record edited by hand; verify_record reads a blank as none) passed
    the check and then crashed appending to it: 「内部错误（TypeError）」. A blank is no substitutions:
    the substitution is made and logged."""
    import json

    from tests.test_hostile7 import run

    pool, record = _drawn(tmp_path)
    record["substitutions"] = ""
    (tmp_path / "m.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    first = record["panel"][0]["expert_id"]
    result = run("draw", "substitute", tmp_path / "m.json", "--expert", first, "--reason", "病假", "--pool", pool)
    assert result.exit_code == 0, result.output
    changed = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert [(item["replaced"], item["reason"]) for item in changed["substitutions"]] == [(first, "病假")]


# ---------------------------------------------------------------- a full disk while summary.xlsx is packed


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_while_packing_the_summary_is_said_in_words_and_leaves_no_temporary_files(tmp_path, monkeypatch, jobs):
    """The temporary folder fills up while xlsxwriter packs summary.xlsx (seen on a 3 MB tmpfs as
    TMPDIR with a 2,600-row batch, --jobs 1 and 2 alike). The office saw 「内部错误（FileCreateError）」
    (or, the crash file not writable on the same full disk, Python's traceback), and xlsxwriter's
    temporary parts stayed in the temporary folder (1 MB of sheet XML each time). It must say the
    disk is full, exit 2, and leave the temporary folder as it found it."""
    import errno
    import tempfile

    import xlsxwriter.packager

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.delenv("FUNDCHECK_CRASH_DIR", raising=False)
    monkeypatch.delenv("FUNDCHECK_DEBUG", raising=False)
    real = xlsxwriter.packager.Packager._write_styles_file

    def full(self):
        real(self)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.packager.Packager, "_write_styles_file", full)
    result = CliRunner().invoke(cli, ["check", SAMPLE, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                                      "--out", str(tmp_path / "out"), "-q", "--jobs", jobs])
    assert (result.exit_code, result.output) == (2, f"错误：无法写入文件：磁盘空间不足（临时文件夹 {scratch} 或输出文件夹），"
                                                    "本次运行未完成。请腾出空间后重新运行。\n")
    assert sorted(path.name for path in scratch.iterdir()) == []


def test_a_crash_file_that_cannot_be_written_still_ends_in_one_sentence(tmp_path, monkeypatch):
    """An internal error while the crash folder cannot be written (a full disk, a read-only or
    missing-parent folder): write_crash_file raised inside the handler and the user got Python's
    traceback, twice over. The sentence must still come, saying the details could not be saved."""
    from checker.report import summary as module

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FUNDCHECK_CRASH_DIR", str(blocker / "crash"))
    monkeypatch.delenv("FUNDCHECK_DEBUG", raising=False)

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(module, "_detail_sheet", broken)
    result = CliRunner().invoke(cli, ["check", SAMPLE, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                                      "--out", str(tmp_path / "out"), "-q"])
    assert (result.exit_code, result.output) == (2, "错误：内部错误（ZeroDivisionError），本次运行未完成；"
                                                    "详细信息无法写入文件（路径中有一段不是文件夹）。\n")


# ---------------------------------------------------------------- round ids that look the same


@pytest.mark.parametrize("typed", ["2025年第1\u00ad批", "2025年第1批\ufe0f", "2025年\u034f第1批", "2025年\u3164第1批",
                                   "2025年\u2800第1批", "2025年\u180e第1批", "2025年第1批\U000e0001", "2025年\u061c第1批"])
def test_a_round_id_with_a_character_that_shows_as_nothing_is_the_same_round(typed):
    """round_key promises "invisible characters removed", but removed only strip_invisible's list
    (zero-width spaces, joiners, marks, BOM). A soft hyphen (what Word leaves in pasted text), a
    variation selector, the Hangul or Braille blank, the Mongolian vowel separator, a tag or the
    Arabic letter mark kept the id apart: the office sees 2025年第1批 twice, the ledger two rounds."""
    from checker.core.text import round_key

    assert round_key(typed) == round_key("2025年第1批")


def test_a_second_draw_under_a_soft_hyphenated_round_id_needs_a_redraw_reason(tmp_path):
    """The same round typed with a soft hyphen pasted in (R\\u00ad1 shows as R1) passed as a first
    draw: a re-roll without a reason, which one-draw-per-round exists to prevent."""
    from tests.test_hostile7 import draw_new, ledger_rows, small_pool

    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json", "R1").exit_code == 0
    result = draw_new(tmp_path, pool, "b.json", "R\u00ad1", "8 9 10 11 12 13 14")
    assert result.exit_code == 2 and "--redraw-reason" in result.output, result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]


# ---------------------------------------------------------------- an amount cell holding TRUE


def test_an_amount_cell_holding_true_is_quoted_as_the_spreadsheet_shows_it(tmp_path):
    """An amount cell holding the logical value TRUE: the finding now says what kind of cell it is,
    but quoted the value as Python spells it: 「K4 的年度设备投入（万元）“True”无法识别（单元格是逻辑值
    （TRUE/FALSE），不是金额）」. The office's spreadsheet shows TRUE; the finding must quote TRUE."""
    import json

    import openpyxl

    book = openpyxl.load_workbook(SAMPLE)
    book.active.cell(4, 11).value = True
    book.save(tmp_path / "a.xlsx")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "a.xlsx"), "--workflow", "W-05", "--window", "2020-07-01",
                                      "2020-07-31", "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code in (0, 1), result.output
    cases = [json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    text = json.dumps(next(case for case in cases if case["case_id"] == "WH-2020-002"), ensure_ascii=False)
    assert "申报汇总表!K4 的年度设备投入（万元）“TRUE”无法识别（单元格是逻辑值（TRUE/FALSE），不是金额）" in text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")
@pytest.mark.parametrize("failing", ["fork", "spool"])
def test_a_helper_that_cannot_be_started_only_costs_time(split_small, monkeypatch, failing):
    """os.fork() fails (EAGAIN at the process limit; ENOMEM when a large batch's process is forked
    under strict overcommit) or the helper's temporary file cannot be made (EMFILE, an unwritable
    temporary folder): the error went out of write_summary and the whole check ended with
    「内部错误（OSError）」 — no summary.xlsx, where --jobs 1 writes one. A helper that cannot be
    started must cost only time: the same bytes, rendered here."""
    import errno
    import tempfile

    rows = _rows(41)
    expected = _workbook(rows, helpers=0)

    def refuse(*_args, **_kwargs):
        raise OSError(errno.EAGAIN if failing == "fork" else errno.EMFILE, "Resource temporarily unavailable")

    if failing == "fork":
        monkeypatch.setattr(os, "fork", refuse)
    else:
        monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert _workbook(rows, helpers=1) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")
def test_a_process_started_with_sigchld_ignored_still_writes_the_summary(split_small):
    """SIGCHLD ignored is inherited through exec (some service managers and shells start programs
    so): the kernel then reaps the helper itself and os.waitpid raises ChildProcessError. check
    --jobs 2 on 2,600 rows ended with 「内部错误（ChildProcessError）」 and no summary.xlsx (--jobs 1:
    fine). The helper's status is then unknown: its rows must be rendered here, the same bytes."""
    rows = _rows(41)
    expected = _workbook(rows, helpers=0)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert _workbook(rows, helpers=1) == expected
    finally:
        signal.signal(signal.SIGCHLD, previous)


_EARLY_SIGNAL = r'''
import io, os, signal, sys
sys.path.insert(0, os.getcwd())
from checker.report import summary
from tests.test_summary_split import _rows, _workbook
summary.SPLIT_FROM = 10
rows = _rows(41)
expected = _workbook(rows, helpers=0)
parent, real_fork = os.getpid(), os.fork

def fork():
    pid = real_fork()
    if pid == 0:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C reaches the helper before it has set its handlers
    return pid

os.fork = fork
try:
    same = _workbook(rows, helpers=1) == expected
except BaseException as error:
    print("child" if os.getpid() != parent else "parent", "raised", type(error).__name__, flush=True)
    os._exit(0)
print("child" if os.getpid() != parent else "parent", "same" if same else "different", flush=True)
'''


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")
def test_ctrl_c_reaching_the_helper_before_its_handlers_does_not_run_the_parents_code(tmp_path):
    """Ctrl-C goes to the whole foreground process group. Between os.fork() and the helper's own
    signal.signal calls the helper still has the parent's handlers: a KeyboardInterrupt there
    went up through the parent's code in the helper process (write_summary's discard of the output,
    the command line's removal of the run's temporary files, its "已中断" sentence, its exit), while
    the parent waited for a helper that never rendered. Stop signals must be held until the helper
    has its own handlers: here the helper ignores the Ctrl-C and the parent writes the same bytes."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _EARLY_SIGNAL], capture_output=True, text=True, timeout=120,
                          cwd=os.getcwd())
    assert done.stdout == "parent same\n", (done.stdout, done.stderr[-2000:])


def test_audit_names_a_tampered_ledger_entry_in_one_sentence_with_one_full_stop(tmp_path):
    """A ledger whose entry 2 was written by hand (its round id holds a byte that is not UTF-8):
    audit --ledger checks the round's draw and says the chain does not verify — but the ledger's
    sentence (ending 。) went into the rule's sentence (ending 。): 「…条目内容或哈希被改动。。」."""
    import json
    import shutil

    from tests.test_audit_cli import ROUNDS, compliant_w12, findings
    from tests.test_audit_cli import run as audit

    shutil.copy(ROUNDS / "ledger.db", tmp_path / "l.db")
    _append_raw_entry(tmp_path / "l.db", b'{"round_id":"W12-2020-01\xff","type":"redraw","redraw":{"reason":"x"}}')
    (tmp_path / "r.json").write_text(json.dumps(compliant_w12(), ensure_ascii=False), encoding="utf-8")
    result = audit(tmp_path / "r.json", "--out", tmp_path / "out", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1, result.output
    _, by_rule = findings(tmp_path / "out")
    assert by_rule["DRAW-RANDOM"] == ("fail", "抽取记录无法在账本中复核：账本校验失败：第 2 条的内容与其哈希不符：条目内容或哈希被改动。")
