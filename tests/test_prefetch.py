"""`check` reads its workbooks in a background thread while it imports the check wing and loads the
rulebook (checker/io/table.py, "reading ahead"). It is only a cache: outputs, tables and error
messages are those of a direct read, a file changed meanwhile is read afresh, and no thread is left
running (the batch forks worker processes)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from benchmarks.generate import HEADERS, write_workbook
from checker.errors import InputError
from checker.io import table
from tests.helpers import SAMPLES, run_cli

# the arguments checker/check/intake.py open_applications reads with (prefetch_inputs's)
READ = dict(what="申报文件", formulas=True, packed=True)
KNOWN = table.aliases({header: [header] for header in HEADERS})


@pytest.fixture
def reads(monkeypatch):
    """(thread name, file name) of every first-sheet read, prefetched or direct."""
    seen: list[tuple[str, str]] = []
    first_sheet = table._first_sheet

    def recorded(path, *args):
        seen.append((threading.current_thread().name, Path(path).name))
        return first_sheet(path, *args)

    monkeypatch.setattr(table, "_first_sheet", recorded)
    return seen


def _prefetchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "fundcheck-prefetch"]


def _wait_for_prefetch() -> None:
    """Let the prefetch finish without taking or dropping what it read (drain() would drop it)."""
    for thread in _prefetchers():
        thread.join()


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _contents(opened: table.Table) -> list:
    return [(row.number, {name: cell.value for name, cell in row.cells.items()}) for row in opened.rows()]


def _district_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "districts"
    folder.mkdir()
    shutil.copy(SAMPLES / "w05_applications.xlsx", folder / "环翠区.xlsx")
    write_workbook(folder / "文登区.xlsx", 300, seed=5)
    for expected in folder.glob("*.expected.json"):
        expected.unlink()
    return folder


def _checks_with_and_without_prefetch(argument: Path, tmp_path: Path, monkeypatch) -> dict[bool, tuple]:
    """{prefetch on/off: (exit code, output, every output file's bytes)} of `check ARGUMENT`."""
    results = {}
    for prefetch in (True, False):
        monkeypatch.setattr(table, "PREFETCH", prefetch)
        out = tmp_path / f"out-{prefetch}"
        result = run_cli("check", argument, "--workflow", "W-05", "--out", out, "--quiet")
        results[prefetch] = (result.exit_code, result.output, _outputs(out))
    return results


@pytest.mark.parametrize("kind", ["one workbook", "a folder of two"])
def test_a_check_with_the_prefetch_writes_the_outputs_of_one_without(kind, tmp_path, monkeypatch, reads):
    argument = SAMPLES / "w05_applications.xlsx" if kind == "one workbook" else _district_folder(tmp_path)
    names = ["w05_applications.xlsx"] if kind == "one workbook" else ["文登区.xlsx", "环翠区.xlsx"]
    results = _checks_with_and_without_prefetch(argument, tmp_path, monkeypatch)
    # each workbook read once by the prefetch thread, then once directly with the prefetch off
    assert reads == [("fundcheck-prefetch", name) for name in names] + [("MainThread", name) for name in names]
    assert results[True] == results[False]
    assert results[True][0] == 1  # the samples have flagged cases: the outputs compared are whole runs
    assert _prefetchers() == []


def test_a_file_rewritten_after_the_prefetch_started_is_read_afresh(tmp_path, reads):
    path = write_workbook(tmp_path / "申报.xlsx", 20, seed=1)
    table.prefetch([path], **READ)
    _wait_for_prefetch()  # the old contents (20 rows) are read and waiting
    write_workbook(path, 30, seed=2)
    fresh = table.open_table(path, KNOWN, header_rows=10, **READ)
    table.drain()
    table.PREFETCH, saved = False, table.PREFETCH
    try:
        direct = table.open_table(path, KNOWN, header_rows=10, **READ)
    finally:
        table.PREFETCH = saved
    assert _contents(fresh) == _contents(direct)
    assert fresh.size == direct.size == 30
    assert reads == [("fundcheck-prefetch", "申报.xlsx"), ("MainThread", "申报.xlsx"), ("MainThread", "申报.xlsx")]
    assert table._AHEAD == {}


def test_an_unchanged_file_is_taken_from_the_prefetch_once(tmp_path, reads):
    path = write_workbook(tmp_path / "申报.xlsx", 20, seed=1)
    table.prefetch([path], **READ)
    ahead = table.open_table(path, KNOWN, header_rows=10, **READ)
    again = table.open_table(path, KNOWN, header_rows=10, **READ)  # the entry was used: read directly
    assert _contents(ahead) == _contents(again)
    assert reads == [("fundcheck-prefetch", "申报.xlsx"), ("MainThread", "申报.xlsx")]
    table.drain()


def _error(path: Path, prefetch: bool) -> str:
    if prefetch:
        table.prefetch([path], **READ)
        _wait_for_prefetch()
    with pytest.raises(InputError) as raised:
        table.open_table(path, KNOWN, header_rows=10, **READ)
    table.drain()
    return str(raised.value)


@pytest.mark.parametrize("content", [b"not a workbook, a text file renamed", b"PK\x03\x04 a broken zip", b""])
def test_a_failed_prefetch_gives_the_message_of_a_direct_read(content, tmp_path, reads):
    path = tmp_path / "申报.xlsx"
    path.write_bytes(content)
    with_prefetch, direct = _error(path, True), _error(path, False)
    assert with_prefetch == direct
    assert reads == [("fundcheck-prefetch", "申报.xlsx"), ("MainThread", "申报.xlsx")]


def test_a_missing_file_gives_the_message_of_a_direct_read(tmp_path, reads):
    path = tmp_path / "申报.xlsx"
    assert _error(path, True) == _error(path, False) == f"申报文件「{path}」不存在或不是文件。"
    assert reads == []


def test_a_check_of_a_file_that_is_no_workbook_says_the_same_with_and_without_the_prefetch(tmp_path, monkeypatch, reads):
    path = tmp_path / "申报.xlsx"
    path.write_text("序号,企业名称\n1,某公司\n", encoding="utf-8")
    results = []
    for prefetch in (True, False):
        monkeypatch.setattr(table, "PREFETCH", prefetch)
        result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / f"out-{prefetch}", "--quiet")
        results.append((result.exit_code, result.output))
    assert results[0] == results[1]
    assert results[0][0] == 2
    assert reads == [("fundcheck-prefetch", "申报.xlsx"), ("MainThread", "申报.xlsx")]
    assert _prefetchers() == []


def test_drain_leaves_no_prefetch_thread_and_nothing_read(tmp_path):
    folder = _district_folder(tmp_path)
    table.prefetch_inputs([str(folder), str(SAMPLES / "w05_applications.xlsx")])
    assert len(table._THREADS) == 1 and len(table._AHEAD) == 3
    table.drain()
    assert _prefetchers() == []
    assert table._AHEAD == {}
    assert table._THREADS == []


# --- a large workbook read by a child process (fork; no other thread running) -------------------

@pytest.fixture
def in_child(monkeypatch):
    """Every workbook counts as large: read by a child process, not the thread."""
    monkeypatch.setattr(table, "CHILD_FROM_BYTES", 0)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        pytest.skip("the child read needs fork and no other thread running")


def _no_child_left() -> bool:
    try:
        return os.waitpid(-1, os.WNOHANG) == (0, 0)  # a child still running (none should be)
    except ChildProcessError:
        return True  # no child at all


def _direct(path: Path) -> table.Table:
    table.PREFETCH, saved = False, table.PREFETCH
    try:
        return table.open_table(path, KNOWN, header_rows=10, **READ)
    finally:
        table.PREFETCH = saved


def test_a_workbook_read_by_a_child_process_gives_the_table_of_a_direct_read(tmp_path, in_child, reads):
    path = write_workbook(tmp_path / "申报.xlsx", 40, seed=3)
    table.prefetch([path], **READ)
    assert (len(table._CHILDREN), table._THREADS) == (1, [])
    ahead = table.open_table(path, KNOWN, header_rows=10, **READ)
    table.drain()
    direct = _direct(path)
    assert _contents(ahead) == _contents(direct) and ahead.size == direct.size == 40
    assert ahead.sha256 == direct.sha256
    assert reads == [("MainThread", "申报.xlsx")]  # the prefetched table came from the child: only the direct read here
    assert table._CHILDREN == [] and table._AHEAD == {} and _no_child_left()


@pytest.mark.parametrize("content", [b"not a workbook, a text file renamed", b"PK\x03\x04 a broken zip"])
def test_a_child_that_could_not_read_the_workbook_gives_the_message_of_a_direct_read(content, tmp_path, in_child, reads):
    path = tmp_path / "申报.xlsx"
    path.write_bytes(content)
    table.prefetch([path], **READ)
    assert len(table._CHILDREN) == 1
    with pytest.raises(InputError) as raised:
        table.open_table(path, KNOWN, header_rows=10, **READ)
    table.drain()
    with pytest.raises(InputError) as direct:
        _direct(path)
    assert str(raised.value) == str(direct.value)
    # the child's error is not handed over (its cause would not come through the pickle): read here again
    assert reads == [("MainThread", "申报.xlsx")] * 2
    assert _no_child_left()


def test_a_pool_calamine_cannot_read_is_read_with_openpyxl_after_a_child_read(tmp_path, in_child, monkeypatch):
    """The expert pool falls back to openpyxl when the error names the reader as its cause
    (reader_failed): an error pickled by the child lost its __cause__, and the draw failed."""
    from openpyxl import Workbook

    from checker.draw.pool import read_pool

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "工作单位统一社会信用代码", "是否本局工作人员", "联系电话"])
    sheet.append(["E001", "张三", "威海职业学院", "新材料", "在库", "", "否", 13800000000])
    path = tmp_path / "pool.xlsx"
    workbook.save(path)
    monkeypatch.setattr(table, "CalamineWorkbook", None)  # as where python-calamine is missing
    expected = read_pool(path)
    table.prefetch([path], what="专家库", formulas=True)
    assert len(table._CHILDREN) == 1
    try:
        assert read_pool(path) == expected
    finally:
        table.drain()
    assert _no_child_left()


def test_a_child_that_died_is_only_a_cache_miss(tmp_path, in_child, monkeypatch, reads):
    path = write_workbook(tmp_path / "申报.xlsx", 20, seed=4)
    parent = os.getpid()
    first_sheet = table._first_sheet

    def dies_in_the_child(*args):
        if os.getpid() != parent:
            os._exit(9)  # killed midway, as by the out-of-memory killer
        return first_sheet(*args)

    monkeypatch.setattr(table, "_first_sheet", dies_in_the_child)
    table.prefetch([path], **READ)
    assert len(table._CHILDREN) == 1
    fresh = table.open_table(path, KNOWN, header_rows=10, **READ)  # read here instead
    table.drain()
    assert _contents(fresh) == _contents(_direct(path))
    assert _no_child_left()


def test_a_file_rewritten_after_the_child_read_it_is_read_afresh(tmp_path, in_child, reads):
    path = write_workbook(tmp_path / "申报.xlsx", 20, seed=1)
    table.prefetch([path], **READ)
    table._CHILDREN[0].wait()  # the old contents (20 rows) are read and waiting
    write_workbook(path, 30, seed=2)
    fresh = table.open_table(path, KNOWN, header_rows=10, **READ)
    table.drain()
    assert fresh.size == 30 and _contents(fresh) == _contents(_direct(path))


def test_drain_stops_a_child_whose_read_was_not_taken(tmp_path, in_child):
    folder = _district_folder(tmp_path)
    table.prefetch_inputs([str(folder)])
    assert len(table._CHILDREN) == 1 and len(table._AHEAD) == 2
    table.drain()
    assert table._CHILDREN == [] and table._AHEAD == {} and _no_child_left()


def test_a_check_whose_workbooks_a_child_read_writes_the_outputs_of_one_without(tmp_path, in_child, monkeypatch):
    results = _checks_with_and_without_prefetch(_district_folder(tmp_path), tmp_path, monkeypatch)
    assert results[True] == results[False] and results[True][0] == 1
    assert table._CHILDREN == [] and _no_child_left()
