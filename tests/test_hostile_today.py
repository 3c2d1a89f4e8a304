"""Hostile review of the day's changes (branch hostile3): each test failed on main at 4a3e2ef and states the
defect and what happens now."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.helpers import SAMPLES, read_case, read_json, run_cli

LEDGERS = SAMPLES / "ledgers"


def _ledger_rows(name: str) -> tuple[list, list[dict]]:
    values = list(load_workbook(LEDGERS / name).active.iter_rows(values_only=True))
    return list(values[0]), [dict(zip(values[0], row)) for row in values[1:]]


def _save_ledger(path: Path, headers: list, rows: list[dict]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "受理台账"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def test_one_stray_row_in_another_file_does_not_uncheck_an_items_complete_ledger(tmp_path):
    """Two ledgers checked together (no --workflow): the complete N-07 ledger (all N-07 columns)
    and the N-04 ledger holding one stray N-07 row. _ledger_plans plans N-07 over BOTH files, the
    N-04 file lacks N-07's 公示 columns, so N-07 goes to ``unchecked`` and EVERY N-07 row -- the 8
    rows of the file that has all the columns too -- is reported INP-LEDGER-COLUMNS/needs_review.
    Checked alone that file gives 3 compliant and 4 noncompliant handlings: mixing in one stray row
    silently hides 4 noncompliant verdicts. Should: the rows in the file with the columns are
    checked as usual (verdicts as when checked alone); only the stray row is not checked."""
    h7, r7 = _ledger_rows("N-07_受理台账.xlsx")
    h4, r4 = _ledger_rows("N-04_受理台账.xlsx")
    n07 = _save_ledger(tmp_path / "a_n07.xlsx", h7, r7)
    r4 = [{**row, "事项": row.get("事项") or "N-04"} for row in r4]  # no blank 事项: no --workflow needed
    n04 = _save_ledger(tmp_path / "b_n04.xlsx", h4, r4 + [{**r4[0], "申报编号": "S-1", "事项": "N-07"}])
    assert run_cli("check", n07, "--out", tmp_path / "alone", "--quiet").exit_code == 1
    alone = {c["case_id"]: c["verdict"] for c in read_json(tmp_path / "alone" / "summary.json")["cases"]}
    result = run_cli("check", n07, n04, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    together = {c["case_id"]: c["verdict"] for c in read_json(tmp_path / "out" / "summary.json")["cases"]
                if c.get("input_file") == "a_n07.xlsx"}
    assert together == alone
    assert read_case(tmp_path / "out", "S-1")["verdict"] == "needs_review"


def test_one_formula_cell_at_the_last_row_does_not_make_a_tiny_workbook_take_half_a_minute(tmp_path):
    """The sample application workbook (21 lines) with one formula without a cached value at
    A1048576 (openpyxl writes no cached value; a 2 KB file anyone can make). _with_formula_lines
    padded the rows with 1,048,555 empty lines and the run walked every one of them: about 35 s of
    CPU instead of 0.4 s, and the line was still only counted as empty. Now: a formula line more
    than 10,000 lines below the data is refused at once, naming the cell (a nearer one is read as
    a line, tests/test_audit_inputs.py)."""
    import time

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    workbook.active.cell(1_048_576, 1).value = "=1+1"
    workbook.save(tmp_path / "far.xlsx")
    start = time.process_time()
    result = run_cli("check", tmp_path / "far.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    elapsed = time.process_time() - start
    assert result.exit_code == 2
    assert result.stderr == ("错误：申报文件「far.xlsx」的工作表 申报汇总表 中 A1048576 是没有计算结果的公式，位于数据（到第 21 行）"
                             "以下 1048555 行；请删除该单元格，或在 Excel 中打开并保存后重试。\n")
    assert elapsed < 8, f"{elapsed:.1f} s of CPU for a 21-line workbook"


def _n08_with_t24_4(path: Path, item) -> Path:
    """The N-08 sample ledger with T24-4 (2024, 推荐) saying 省级方案 否 while T24-1..3 say 是,
    its 事项 ``item`` (None: blank, taken from the file, whose other rows all name N-08)."""
    workbook = load_workbook(LEDGERS / "N-08_受理台账.xlsx")
    sheet = workbook.active
    assert sheet.cell(9, 1).value == "T24-4" and sheet.cell(1, 16).value == "省级方案"
    sheet.cell(9, 4).value = item
    sheet.cell(9, 16).value = "否"
    workbook.save(path)
    return path


def test_a_blank_item_row_taken_from_its_file_counts_in_the_recommend_cap(tmp_path):
    """APP-RECOMMEND-CAP v3 without --workflow: T24-4's 事项 is blank and, as README says, takes
    the file's item (N-08); it is routed and judged as N-08. But ledger_counts keys the batch
    counts with ``default_item`` = options.workflow_id (None here), not the file's item, so its
    recommendation and its 省级方案 否 are counted under (None, 2024): the four 2024 rows read
    "推荐 3 家，未超过名额" (pass, compliant) and the 是/否 conflict v3 was made to catch is missed.
    With 事项 written out as N-08 the same ledger gives the cap undecided (missing, needs_review).
    Should: the blank-事项 row counts under the item it is routed to -- same verdicts both ways."""
    verdicts = {}
    for name, item in (("blank", None), ("named", "N-08")):
        ledger = _n08_with_t24_4(tmp_path / f"{name}.xlsx", item)
        out = tmp_path / name
        assert run_cli("check", ledger, "--out", out, "--quiet").exit_code in (0, 1)
        verdicts[name] = {}
        for case_id in ("T24-1", "T24-2", "T24-3", "T24-4"):
            case = read_case(out, case_id)
            cap = next(f for f in case["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP")
            verdicts[name][case_id] = (case["verdict"], cap["outcome"])
    assert verdicts["named"]["T24-1"] == ("needs_review", "missing")
    assert verdicts["blank"] == verdicts["named"]


def _rounds(folder: Path, count: int) -> Path:
    """``count`` round records (the W-12 sample, each its own 轮次编号)."""
    folder.mkdir()
    base = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    for number in range(count):
        record = json.loads(json.dumps(base))
        record["轮次"]["轮次编号"] = f"R{number:05d}"
        (folder / f"r{number:05d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def test_an_audit_worker_killed_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    """audit --jobs 2 (60 rounds: worker processes, 25 rounds each): a worker killed by the
    out-of-memory killer (SIGKILL) between creating a report's .fundcheck-tmp-* file and moving it
    into place. The run ends with exit 2 and one sentence as designed, but the parent's
    remove_live_temps() only removes the parent's own temporary files: the dead worker's
    .fundcheck-tmp-*.{json,html,md} stay in the round folders (seen also by killing a worker of a
    400-round run by hand). Should: an ended run leaves no temporary file (the parent removes
    every TEMP_PREFIX file below the output folder when a worker dies)."""
    import os
    import signal

    from checker.io.outputs import TEMP_PREFIX

    rounds = _rounds(tmp_path / "in", 60)
    parent, real_replace = os.getpid(), os.replace

    def dying_replace(source, target, *args, **kwargs):
        if os.getpid() != parent and TEMP_PREFIX in str(source):
            os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, mid-write
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", dying_replace)
    out = tmp_path / "out"
    result = run_cli("audit", rounds, "--out", out, "--ledger", SAMPLES / "rounds" / "ledger.db", "-q", "--jobs", "2")
    monkeypatch.undo()
    assert result.exit_code == 2 and "工作进程意外终止" in result.stderr
    assert [p.relative_to(out).as_posix() for p in out.rglob(f"{TEMP_PREFIX}*")] == []


def test_an_empty_ledger_without_workflow_is_refused_in_one_sentence_not_a_crash(tmp_path, monkeypatch):
    """A 受理台账 with its header and no row (or only a blank line), checked without --workflow:
    _ledger_plans finds no item, so neither ``plans`` nor ``unchecked`` has an entry and
    ``raise next(iter(unchecked.values()))`` raises StopIteration: exit 2 with "内部错误
    （StopIteration）" and a crash file. With --workflow N-04 the same file gives the intended
    sentence "表头下没有申报行". Should: the same one sentence without --workflow."""
    monkeypatch.setenv("FUNDCHECK_CRASH_DIR", str(tmp_path / "crash"))
    headers, _rows = _ledger_rows("N-04_受理台账.xlsx")
    ledger = _save_ledger(tmp_path / "empty.xlsx", headers, [])
    named = run_cli("check", ledger, "--workflow", "N-04", "--out", tmp_path / "named", "--quiet")
    assert named.exit_code == 2 and "表头下没有申报行" in named.stderr
    result = run_cli("check", ledger, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 2
    assert "内部错误" not in result.stderr and "表头下没有申报行" in result.stderr, result.stderr
