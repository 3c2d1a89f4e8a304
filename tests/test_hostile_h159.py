"""h159: the thirty-first session's draw speed-ups (commit 38b28faf) tried as a hostile user would:
the sheet scan split around calamine's parse, all-text pool columns left untrimmed, the pool kept
for the process's end and frozen out of the cycle collector."""

from __future__ import annotations

import gc
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook

from checker.core import lifetime, processes
from checker.draw.pool import POOL_COLUMNS, read_pool
from checker.errors import InputError
from checker.io.table import open_table
from tests.helpers import ROOT, SAMPLES


def test_a_pool_read_by_the_console_script_leaves_the_audits_long_lived_blocks_freezing():
    # `fundcheck audit ROUNDS --pool POOL` reads the pool (frozen by collector_paused while the console
    # script keeps it) before its long_lived blocks, which freeze only when nothing is frozen yet: they
    # froze nothing, and an audit of 1,000 rounds with a 100,000-expert pool spent 33 s in the
    # collector (79 full passes) instead of 5 s (4)
    if gc.get_freeze_count():
        pytest.skip("something froze objects before this test")
    lifetime.console(True)
    lifetime.start_keeping()  # as draw new does
    try:
        pool = read_pool(SAMPLES / "experts.xlsx")
        assert (len(pool.experts), gc.get_freeze_count()) == (40, 0)
        with processes.long_lived():
            assert processes._FREEZING["mine"] is True
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
    finally:
        lifetime.console(False)


def _entry_after_a_callers_freeze(freeze: bool, *args: str) -> subprocess.CompletedProcess:
    """checker.cli.entry() in a new process whose caller froze its own objects first (or not), with an
    exit handler saying whether anything is still frozen once the command has ended."""
    code = ("import atexit, gc, sys\n"
            "gc.collect()\n"
            f"{'gc.freeze()' if freeze else 'pass'}\n"
            "callers = gc.get_freeze_count()\n"
            "def said():\n"
            "    count = gc.get_freeze_count()\n"
            "    print('nothing frozen' if not count else 'the caller\\'s frozen' if count <= callers else 'more frozen', flush=True)\n"
            "atexit.register(said)\n"
            f"sys.argv = ['fundcheck', *{args!r}]\n"
            "from checker.cli import entry\n"
            "entry()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_what_a_caller_froze_before_the_console_script_stays_frozen():
    # lifetime.let_go ended every command with gc.unfreeze() (s31 before h159): a program that froze its long-lived
    # objects and then ran a command through entry() (a `draw check` here, which reads a pool) found
    # them thawed, against checker.core.processes.long_lived's rule that what a caller froze stays so
    # (and none of the run's objects may stay frozen with them: tests/test_hostile10.py)
    args = ("draw", "check", "--pool", str(SAMPLES / "experts.xlsx"), "--field", "新材料")
    plain, frozen = _entry_after_a_callers_freeze(False, *args), _entry_after_a_callers_freeze(True, *args)
    assert (plain.returncode, plain.stderr, frozen.returncode, frozen.stderr) == (0, "", 0, "")
    assert plain.stdout.splitlines()[:-1] == frozen.stdout.splitlines()[:-1]
    assert plain.stdout.splitlines()[-3:] == [
        "新材料  27    0              0            0              0         27      10    充足",
        "（未抽取，未写入账本。一位专家有多项回避理由时在每项下各计一次。）", "nothing frozen"]
    assert frozen.stdout.splitlines()[-1] == "the caller's frozen"  # none of the run's: hostile10's rule


def _damaged_with_a_formula(path: Path) -> tuple[Path, str]:
    """A pool whose sheet holds a formula and whose sheetData closes with a misspelt tag, and the
    words the formula scan's XML parser says of it (the part parsed here on its own)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "工作单位统一社会信用代码", "是否本局工作人员"])
    sheet.append(["ZJ001", "张三", "威海职业学院", "新材料", "在库", "", "否"])
    sheet.append(["ZJ002", "李四", "=CONCATENATE(\"威海\",\"公司\")", "新材料", "在库", "", "否"])
    plain = path.with_name("plain.xlsx")
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetDat>")
                try:
                    ElementTree.fromstring(data)
                except ElementTree.ParseError as error:
                    words = str(error)
            target.writestr(item, data)
    return path, words


def test_a_damaged_pool_sheet_with_a_formula_is_named_by_the_formula_scans_words(tmp_path):
    # the formula scan ran before calamine and said what was wrong (the tag and where); run beside
    # calamine, calamine's error came first and the officer read only "sheetData"
    path, words = _damaged_with_a_formula(tmp_path / "pool.xlsx")
    assert words == "mismatched tag: line 1, column 1805"  # where the misspelt closing tag is
    with pytest.raises(InputError) as raised:
        read_pool(path)
    assert str(raised.value) == (f"无法读取专家库「{path}」：工作表 专家库 无法读取：文件内部已损坏或不是电子表格程序写出的格式"
                                 f"（读取程序报告：{words}）")


def test_a_damaged_application_sheet_with_a_formula_is_named_by_the_formula_scans_words(tmp_path):
    # the same for `fundcheck check`'s reader (open_table with formulas, as intake reads a workbook)
    path, words = _damaged_with_a_formula(tmp_path / "区.xlsx")
    with pytest.raises(InputError) as raised:
        open_table(path, POOL_COLUMNS, what="申报文件", formulas=True)
    assert str(raised.value) == (f"无法读取申报文件「{path}」：工作表 专家库 无法读取：文件内部已损坏或不是电子表格程序写出的格式"
                                 f"（读取程序报告：{words}）")
