"""Hostile review of the speed work after 9e81fd3 (SideJob pages child, reading ahead, per-case
caches). Each test failed on main before its fix."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from checker.io import table
from tests.helpers import SAMPLES, run_cli

READ = dict(what="申报文件", formulas=True, packed=True)


def test_an_early_error_does_not_wait_for_every_workbook_of_a_folder_to_be_read(monkeypatch, tmp_path):
    """`check FOLDER --workflow W-99` (or Ctrl-C while the check wing imports): drain() joined the
    prefetch thread only after it had read every workbook of the folder; with twenty district
    files the error came seconds late (3 × 60,000 rows: 8.2 s where 9e81fd3 took 1.0 s). The file
    being read is finished (calamine cannot be stopped midway); the others are not started."""
    read: list[str] = []
    first_sheet = table._first_sheet
    started = threading.Event()

    def slow(path, *args):
        read.append(Path(path).name)
        started.set()
        time.sleep(0.3)  # a large workbook
        return first_sheet(path, *args)

    monkeypatch.setattr(table, "_first_sheet", slow)
    for number in range(5):
        (tmp_path / f"d{number}.xlsx").write_bytes((SAMPLES / "w05_applications.xlsx").read_bytes())
    table.prefetch_inputs([str(tmp_path)])
    assert started.wait(5)
    table.drain()  # as on an early error: nothing of the prefetch is wanted any more
    assert read == ["d0.xlsx"]
    assert not [t for t in threading.enumerate() if t.name == "fundcheck-prefetch"]
    # a later prefetch (tests, a long-lived caller) reads again
    started.clear()
    table.prefetch([tmp_path / "d1.xlsx"], **READ)
    assert started.wait(5)
    table.drain()
    assert read == ["d0.xlsx", "d1.xlsx"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the pages are written by a forked child")
def test_a_stop_right_after_the_pages_child_is_forked_stops_the_child(monkeypatch, tmp_path):
    """Ctrl-C or SIGTERM arriving just after SideJob() returned, before _finish_run entered the try
    that stops the child: the parent stopped (no summary.json) while its orphaned child went on to
    write index.html and 告知书汇总.html into the folder after the run had ended."""
    import os

    from checker.check import batch
    from checker.core.processes import SideJob

    monkeypatch.setattr(batch, "SIDE_PAGES_FROM", 1)
    parent = os.getpid()
    slowed = batch.index_pieces

    def slow_pieces(*args, **kwargs):
        time.sleep(0.5)  # the child is still writing when the parent stops
        yield from slowed(*args, **kwargs)

    class StoppedAfterFork(SideJob):
        @property
        def started(self):
            if os.getpid() == parent:
                raise KeyboardInterrupt  # the signal handler, run at the first bytecode after the fork
            return True

    monkeypatch.setattr(batch, "index_pieces", slow_pieces)
    monkeypatch.setattr(batch, "SideJob", StoppedAfterFork)
    out = tmp_path / "out"
    try:
        run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                "--out", out, "--quiet", "--jobs", "2")
    except KeyboardInterrupt:
        pass
    time.sleep(1.5)
    left = sorted(p.name for p in out.iterdir())
    assert "summary.json" not in left
    assert "index.html" not in left and not any(name.startswith(".fundcheck-tmp-") for name in left), left


def _same_size_workbooks(tmp_path) -> tuple[bytes, bytes]:
    """Two workbooks of the same byte size whose one application differs (its company name)."""
    import datetime as dt

    import xlsxwriter

    def made(name: str) -> bytes:
        path = tmp_path / "made.xlsx"
        book = xlsxwriter.Workbook(str(path))
        book.set_properties({"created": dt.datetime(2020, 1, 1)})
        sheet = book.add_worksheet("申报汇总表")
        sheet.write_row(0, 0, ["申报编号", "企业名称", "统一社会信用代码"])
        sheet.write_row(1, 0, ["A-1", name, "91371002MA0000101R"])
        book.close()
        return path.read_bytes()

    first = made("威海甲公司")
    for other in "乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥":
        second = made(f"威海{other}公司")
        if len(second) == len(first):
            return first, second
    pytest.skip("no two workbooks of one size")


def test_a_workbook_rewritten_in_place_with_its_size_and_time_kept_is_read_afresh(tmp_path):
    """The prefetch's rows were taken when (size, mtime_ns, inode) matched: a workbook rewritten in
    place (a sync tool's --inplace with times kept, or twice within a coarse clock's tick: FAT, SMB)
    to the same size gave the rows of its old content, while the Table's sha256 (every report's
    input_sha256, computed when the table is opened) was the new content's: the reports named a
    file that is not the one checked."""
    import os

    old, new = _same_size_workbooks(tmp_path)
    path = tmp_path / "申报.xlsx"
    path.write_bytes(old)
    before = os.stat(path)
    known = table.aliases({"申报编号": ["申报编号"], "企业名称": ["企业名称"], "统一社会信用代码": ["统一社会信用代码"]})
    try:
        table.prefetch([path], **READ)
        table._THREADS[0][0].join()  # read ahead (hashed, then read)
        with open(path, "r+b") as handle:  # the same inode, the same size
            handle.write(new)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert os.stat(path).st_ino == before.st_ino and os.stat(path).st_size == before.st_size
        opened = table.open_table(path, known, **READ)
    finally:
        table.drain()
    direct = table.open_table(path, known, **READ)
    assert opened.sha256 == direct.sha256 == table.sha256_of(path)
    assert [r.cells["企业名称"].value if hasattr(r, "cells") else None for r in opened.rows()] == \
           [r.cells["企业名称"].value if hasattr(r, "cells") else None for r in direct.rows()]


def test_findings_without_parameters_do_not_fill_the_parameter_words_cache(monkeypatch):
    """CaseWords.parameters kept the words of every parameters dict it met, up to 4,096, by identity;
    a finding without parameters brought a fresh ``{}`` each time, kept too: after 4,096 of them (a
    few hundred flagged cases) no rule variant's words were kept any more, and every finding's
    words were worked out again for the rest of the run (the speed-up gone, silently)."""
    from checker.core.rulebook import load_rulebook
    from checker.report import case

    book = load_rulebook(None)
    words = case.CaseWords(book, "W-05")
    counted = []
    real = case.parameter_words

    def counting(*args):
        counted.append(args[1])
        return real(*args)

    monkeypatch.setattr(case, "parameter_words", counting)
    for _ in range(case.PARAMETER_WORDS_KEPT + 10):
        assert words.parameters({"rule_id": "ELIG-REGION", "parameters": {}}) == real(book, "ELIG-REGION", {})
        assert words.parameters({"rule_id": "ELIG-REGION", "parameters": None}) == ""
    rule = next(r for r in book.rules.values() if r.parameters and any(n != r.grade_param for n in r.parameters))
    values = {name: str(p.default) if hasattr(p, "default") else "1" for name, p in rule.parameters.items()}
    counted.clear()
    first = words.parameters({"rule_id": rule.id, "parameters": values})
    assert words.parameters({"rule_id": rule.id, "parameters": values}) == first
    assert counted == [rule.id]  # worked out once, kept


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_notice_spool_is_gone_before_summary_json_is_written(jobs, monkeypatch, tmp_path):
    """9e81fd3 removed the notices' spool (in the output folder, as large as 告知书汇总.html) once
    the page was written, before summary.xlsx and summary.json; since _finish_run it stayed to the end
    of the run: on a nearly full disk a run that completed before stopped at summary.json
    (2,500 cases, --jobs 2, a 28,100 KiB tmpfs: 9e81fd3 exit 1, main 「无法写入…summary.json：磁盘空间不足」)."""
    from checker.check import batch
    from checker.report import summary

    monkeypatch.setattr(batch, "SIDE_PAGES_FROM", 1)
    out = tmp_path / "out"
    seen = []
    real = summary.write_pieces

    def watched(where, relative, *args, **kwargs):
        if relative == "summary.json":
            seen.append(sorted(p.name for p in out.iterdir() if p.name.startswith(".fundcheck-tmp-")))
        return real(where, relative, *args, **kwargs)

    monkeypatch.setattr(summary, "write_pieces", watched)
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", out, "--quiet", "--jobs", jobs)
    assert result.exit_code == 1, result.output
    assert seen == [[]]
