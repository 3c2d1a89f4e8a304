"""summary.xlsx's main sheet rendered in two processes (checker/report/summary.py ``_rows_in_two``):
with a helper the workbook must be byte-identical to the one rendered in one process, whatever
the rows hold, and a helper that fails only makes the run slower, never the workbook different."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl
import pytest

from checker.report import summary
from checker.report.case import RunInfo
from checker.report.rows import FIELDS, INDEX_PAGE, CaseRow

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper process is forked (not on Windows)")

RUN = RunInfo("W-05", "工业企业技术改造补助", "1", "in.xlsx", "0" * 64, "reference", [])
DISTRICTS = ("文登区", "环翠区", "某新区", "", "荣成市")
VERDICTS = ("eligible", "ineligible", "needs_review")


def _row(number: int, **change) -> CaseRow:
    verdict = VERDICTS[number % 3]
    values = dict(
        case_id=f"C-{number}", input_row=number + 1, district=DISTRICTS[number % len(DISTRICTS)],
        company_name=f"威海公司{number}" + ("有限公司" * (number % 4)), uscc="91371002MA3D0004CE",
        project_name="技改项目", verdict=verdict, verdict_with_overrides="eligible" if number % 7 == 0 else None,
        failed_rules=(), missing_rules=(), advisories=(),
        problems=(("ELIG-REGION", "注册地在威海市行政区域内", "fail"),) if verdict != "eligible" else (),
        amounts=("equipment_investment_wan", f"{number}.5", True) if number % 2 else None,
        report=f"cases/C-{number}" if verdict != "eligible" else INDEX_PAGE, input_file=None, row_key=None,
        name=f"C-{number}", has_file=verdict != "eligible", item=None, applicant_verdict=None)
    values.update(change)
    return CaseRow(tuple(values[name] for name in FIELDS))


def _rows(count: int) -> list[CaseRow]:
    rows = [_row(number) for number in range(1, count + 1)]
    # applicant text that reads as a formula, in both processes' parts (the quote-prefixed formats)
    rows[1] = _row(2, company_name="=HYPERLINK(\"http://x\")")
    rows[-2] = _row(count - 1, project_name="+1+1", company_name="@SUM(A1)")
    return rows


def _workbook(rows: list, helpers: int) -> bytes:
    target = io.BytesIO()
    summary.write_summary_xlsx(target, rows, RUN, {"cases": len(rows)}, helpers=helpers)
    return target.getvalue()


@pytest.fixture
def split_small(monkeypatch):
    """Split from 10 rows on, and only the first 23 rows linked (Excel's limit, made small), so
    both parts hold linked and unlinked rows."""
    monkeypatch.setattr(summary, "SPLIT_FROM", 10)
    monkeypatch.setattr(summary, "MAX_HYPERLINKS", 23)


def _rendered_here(monkeypatch) -> list[int]:
    """The numbers of the rows this process renders (the helper's are rendered in its own copy)."""
    numbers: list[int] = []
    parent, real = os.getpid(), summary._main_row

    def counted(page, number, row, layout):
        if os.getpid() == parent:
            numbers.append(number)
        real(page, number, row, layout)

    monkeypatch.setattr(summary, "_main_row", counted)
    return numbers


def test_two_processes_write_the_bytes_one_process_writes(split_small, monkeypatch):
    rows = _rows(41)
    expected = _workbook(rows, helpers=0)
    here = _rendered_here(monkeypatch)
    assert _workbook(rows, helpers=1) == expected
    assert here == list(range(1, 41 - int(41 * summary.HELPER_SHARE) + 1))  # the rest were the helper's


def test_a_handling_ledgers_rows_split_the_same(split_small):
    rows = [_row(number, item=("N-04", "N-05")[number % 2], applicant_verdict="eligible",
                 verdict=("compliant", "noncompliant", "needs_review")[number % 3]) for number in range(1, 30)]
    assert _workbook(rows, helpers=1) == _workbook(rows, helpers=0)


def test_the_split_workbook_reads_back_row_by_row(split_small):
    """Every row once, numbered 1..n, grouped by district (first seen first, as this run has no
    rulebook's order; rows without one last) and in input order within one, each row's report linked up to the limit and
    the later ones shown as plain paths."""
    rows = _rows(41)
    book = openpyxl.load_workbook(io.BytesIO(_workbook(rows, helpers=1)))
    sheet = book["审核汇总"]
    header = [cell.value for cell in sheet[3]]
    body = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=4)]
    assert [line[0] for line in body] == list(range(1, 42))
    seen = list(dict.fromkeys(row["district"] for row in rows if row["district"]))
    expected = sorted(rows, key=lambda row: seen.index(row["district"]) if row["district"] else len(seen))
    assert [line[header.index("申报编号")] for line in body] == [row["case_id"] for row in expected]
    assert [line[header.index("企业名称")] for line in body] == [row["company_name"] for row in expected]
    column = header.index("审核报告") + 1
    links = {line[0].row - 3: line[column - 1].hyperlink is not None for line in sheet.iter_rows(min_row=4)}
    assert links == {number: number <= 23 for number in range(1, 42)}
    assert sheet.cell(4 + 22, column).hyperlink.target == body[22][column - 1]


def test_a_failing_helper_changes_nothing_but_the_time(split_small, monkeypatch):
    """The helper dies on its first row: this process renders those rows itself, the same bytes."""
    rows = _rows(41)
    expected = _workbook(rows, helpers=0)
    parent = os.getpid()
    real = summary._main_row

    def dies_in_the_helper(*args):
        if os.getpid() != parent:
            raise MemoryError("helper out of memory")
        real(*args)

    monkeypatch.setattr(summary, "_main_row", dies_in_the_helper)
    here = _rendered_here(monkeypatch)
    assert _workbook(rows, helpers=1) == expected
    assert here == list(range(1, 42))  # every row, the helper's too


def test_below_the_threshold_no_helper_is_forked(monkeypatch):
    def no_fork():
        raise AssertionError("forked for a small batch")

    monkeypatch.setattr(os, "fork", no_fork)
    rows = _rows(summary.SPLIT_FROM - 1)
    data = _workbook(rows, helpers=3)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_no_helper_to_be_had_renders_every_row_here(split_small, monkeypatch):
    rows = _rows(41)
    expected = _workbook(rows, helpers=0)

    def no_process():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process)
    here = _rendered_here(monkeypatch)
    assert _workbook(rows, helpers=1) == expected
    assert here == list(range(1, 42))


def test_signals_are_held_only_around_the_fork(split_small):
    import signal

    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    _workbook(_rows(41), helpers=1)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
