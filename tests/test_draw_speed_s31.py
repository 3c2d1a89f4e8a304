"""The draw's shortcuts of the thirty-first session (issue 14: `draw new` on a 100,000-expert pool
within 2x a calamine read) give what the long way gives:

- the sheet scan in two parts, the extent before calamine and the hidden rows and formula hint in a
  thread beside it, finds what the one scan found, refuses a sheet beyond the limits before calamine
  reads it, and hands its errors to the reader;
- a column of texts is trimmed only when one of its texts has white space to trim;
- the objects a draw ends with are kept for the process's end only while the console script runs,
  and a library caller's collector is left as it was.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from checker.core import lifetime
from checker.draw import pool as pool_module
from checker.errors import InputError
from checker.io import table, xlsx
from checker.io.table import open_table
from tests.helpers import ROOT


def _workbook(path, hidden: set[int], formula: bool = False, rows: int = 8) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名", "得分"])
    for number in range(2, rows + 2):
        sheet.append([f"ZJ{number:03d}", f"专家{number}", "=1+1" if formula and number == 4 else number])
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    book.save(path)


@pytest.mark.parametrize("formula", [False, True])
def test_the_two_parts_find_what_the_one_scan_found(tmp_path, formula):
    path = tmp_path / "pool.xlsx"
    _workbook(path, {3, 7}, formula=formula)
    whole = xlsx.scan_sheet(path, "专家库")
    xlsx._SCANNED_HIDDEN.clear()
    guard = xlsx.guard_sheet(path, "专家库")
    assert xlsx._SCANNED_HIDDEN == []  # the guard looks for the extent only
    marks = xlsx.sheet_marks(path, "专家库")
    assert (guard.rows, guard.columns, guard.formulas) == (whole.rows, whole.columns, False)
    assert (marks.rows, marks.columns, marks.formulas) == (0, 0, whole.formulas)
    assert whole.formulas is formula
    assert xlsx.hidden_rows(path, "专家库") == {3, 7}


def _far_cell_workbook(path) -> None:
    """A small workbook whose one filled cell lies beyond the row limit (the calamine allocation bomb)."""
    _workbook(path, set())
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    far = b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", far)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_sheet_beyond_the_limits_is_refused_by_the_guard_before_calamine_reads_it(tmp_path, monkeypatch):
    path = tmp_path / "far.xlsx"
    _far_cell_workbook(path)
    read = []
    real = table._read_sheet

    def watched(workbook, *args, **kwargs):
        class Watch:  # calamine's workbook, noting whether the sheet was asked of it
            def __getattr__(self, name):
                if name == "get_sheet_by_name":
                    read.append(name)
                return getattr(workbook, name)
        return real(Watch(), *args, **kwargs)

    monkeypatch.setattr(table, "_read_sheet", watched)
    with pytest.raises(InputError) as refused:
        open_table(path, pool_module.POOL_COLUMNS, what="专家库")
    assert str(refused.value) == (f"专家库「{path}」的工作表 专家库 超出可读范围（至少 1048577 行、1 列；"
                                  "上限 1048576 行、1000 列），已拒绝。")
    assert read == []


def test_an_error_in_the_thread_beside_calamine_is_the_readers(tmp_path):
    def fails():
        raise InputError("旁线程的错误")

    beside = table.Beside(fails)
    with pytest.raises(InputError) as raised:
        beside.result()
    assert str(raised.value) == "旁线程的错误"
    assert table.Beside(lambda: {"hidden": {3}}).result() == {"hidden": {3}}


def test_modules_asked_for_are_imported_beside_the_read_and_asked_for_once(tmp_path):
    path = tmp_path / "pool.xlsx"
    _workbook(path, {5})
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from checker.io import table, xlsx\n"
            "from checker.draw.pool import POOL_COLUMNS\n"
            "assert 'fractions' not in sys.modules and 'xml.dom.minidom' not in sys.modules\n"
            "table.read_ahead('fractions', 'no_such_module_s31')\n"
            f"found = table.open_table(Path({str(path)!r}), POOL_COLUMNS, what='专家库')\n"
            "print('fractions' in sys.modules, table._READ_AHEAD, sorted(xlsx.hidden_rows(found.path, found.sheet)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    # imported while the sheet was read; a module that cannot be imported is left to where it is used
    assert (result.returncode, result.stdout, result.stderr) == (0, "True [] [5]\n", "")


_TEXTS = st.lists(st.text(alphabet=st.sampled_from("甲乙AZ09 \t\u3000\xa0\u2028.-"), max_size=6), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_a_column_of_texts_reads_as_each_text_trimmed(column):
    # an all-text column in NFKC form takes the short way: left as it is when no text has white space to trim
    joined = pool_module._joined_text(column)
    expected = [table.cell_text(value) for value in column]
    assert pool_module._column_texts(column, joined) == expected


def test_a_column_left_as_it_is_has_no_text_to_trim():
    assert pool_module._trimmed(pool_module._joined_text(["ZJ001", "新 材料", "甲"])) is True
    for column in (["ZJ001 ", "甲"], ["甲", " 乙"], ["甲", ""], ["甲\t"], [" "]):
        assert pool_module._trimmed(pool_module._joined_text(column)) is False, column


def test_a_library_callers_pool_read_keeps_nothing_and_freezes_nothing():
    before = gc.get_freeze_count()
    pool = pool_module.read_pool(ROOT / "samples" / "experts.xlsx")
    assert (len(pool.experts) > 0, lifetime.keeping(), gc.get_freeze_count(), gc.isenabled()) == (True, False, before, True)


def test_objects_are_kept_only_for_a_draw_the_console_script_runs_and_let_go_after_it():
    class Held:
        freed = 0

        def __del__(self):
            Held.freed += 1

    lifetime.start_keeping()  # not under the console script (a library caller, CliRunner): nothing is kept
    lifetime.keep(Held())
    assert (Held.freed, lifetime.keeping(), lifetime._KEPT) == (1, False, [])
    lifetime.console(True)
    try:
        lifetime.keep(Held())  # a command that did not start keeping (audit --pool, draw check): freed as always
        assert (Held.freed, lifetime.keeping()) == (2, False)
        lifetime.start_keeping()  # draw new / commit / reveal
        lifetime.keep(Held())
        assert (Held.freed, lifetime.keeping()) == (2, True)
    finally:
        lifetime.console(False)  # the command ended without ending the process: let go
    assert (Held.freed, lifetime.keeping(), lifetime._CONSOLE) == (3, False, [False])


def test_a_child_reads_hidden_rows_are_handed_over_with_its_rows(tmp_path, monkeypatch):
    # `check` of a large workbook reads it in a child process; the parent's hidden_rows then decompressed
    # the whole sheet again (~0.45 s of a 100,000-row sheet, before any worker starts)
    import os
    import threading

    from tests.test_prefetch import READ

    monkeypatch.setattr(table, "CHILD_FROM_BYTES", 0)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        pytest.skip("the child read needs fork and no other thread running")
    path = tmp_path / "申报.xlsx"
    _workbook(path, {4, 6})
    xlsx._SCANNED_HIDDEN.clear()
    table.prefetch([path], **READ)
    assert len(table._CHILDREN) == 1
    opened = table.open_table(path, pool_module.POOL_COLUMNS, header_rows=10, **READ)
    table.drain()
    assert [(sheet, sorted(rows)) for _identity, sheet, rows in xlsx._SCANNED_HIDDEN] == [("专家库", [4, 6])]

    def second_pass(*_args):
        raise AssertionError("the sheet decompressed again")

    monkeypatch.setattr(xlsx, "_whole_tags", second_pass)
    assert xlsx.hidden_rows(opened.path, opened.sheet) == {4, 6}
