"""Hostile files and faults (h39): an office PC running fundcheck on whatever districts send."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from tests.helpers import SAMPLES, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")


def _check(source, out, *extra):
    return run_cli("check", source, "--workflow", "W-05", "--out", out, *WINDOW, "--quiet", *extra)


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


class Killed(BaseException):
    """SIGKILL: nothing runs after it (no handler, no clean-up)."""


def test_a_rerun_killed_while_clearing_the_old_reports_leaves_no_summary_over_half_of_them(tmp_path, monkeypatch):
    """A rerun first removes what the earlier run wrote. It removed the manifest first and
    summary.json among the last: killed halfway (30,000 cases: 45 s in), the folder held the old
    summary.json counting every case beside half its reports and no cases.jsonl, looking complete,
    and the next run refused the leftovers as 不是本工具写入的文件 (which --force does not delete)."""
    out = tmp_path / "out"
    assert _check(SAMPLES / "w05_applications.xlsx", out).exit_code == 1
    complete = _files(out)
    summary = (out / "summary.json").read_bytes()
    manifest = (out / ".fundcheck-run.json").read_bytes()

    real_unlink, removed = pathlib.Path.unlink, []

    def unlink(self, missing_ok=False):
        if len(removed) == 3:
            raise Killed
        removed.append(self.name)
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink)
    with pytest.raises(Killed):
        _check(SAMPLES / "w05_applications.xlsx", out)
    monkeypatch.undo()

    assert removed[0] == "summary.json"  # the completion marker goes first
    assert not (out / "summary.json").exists()
    assert (out / ".fundcheck-run.json").read_bytes() == manifest  # what is left stays accounted for
    rerun = _check(SAMPLES / "w05_applications.xlsx", out)
    assert (rerun.exit_code, rerun.stderr) == (1, "")
    assert _files(out) == complete
    assert (out / "summary.json").read_bytes() == summary


def _edited_sample(path, old: bytes, new: bytes):
    """The sample workbook with its sheet XML edited as bytes."""
    import zipfile

    with zipfile.ZipFile(SAMPLES / "w05_applications.xlsx") as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item.filename, data)
    return path


@pytest.mark.parametrize("empty", [b'<c r="XFD21" s="0"/>', b'<c r="XFD21" s="0"></c>'], ids=["self-closing", "closed"])
def test_a_sheet_formatted_out_to_its_last_column_and_row_is_read(tmp_path, empty):
    """A district's sheet whose format was applied out to the sheet's edge holds empty cells there
    (declared A1:XFD1048576). The extent scan counted an empty cell as the sheet's last cell and
    refused the whole workbook as 超出可读范围（至少 21 行、16384 列）, a place the office sees nothing
    in; the reader allocates nothing for such a cell. The sheet is now read as the sample is."""
    path = _edited_sample(tmp_path / "edge.xlsx", b"</c></row></sheetData>",
                          b"</c>" + empty + b'</row><row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == ("W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 19 行，跳过空行 1）"
                                             "— 符合条件 4，不符合条件 4，需人工复核 10。")


def test_an_empty_text_cell_at_the_sheets_edge_is_still_refused(tmp_path):
    """An empty string cell is a value to the reader (it would allocate the whole sheet's grid)."""
    path = _edited_sample(tmp_path / "edge.xlsx", b"</row></sheetData>",
                          b'</row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row></sheetData>')
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (2, f"错误：申报文件「{path}」的工作表 申报汇总表 超出可读范围（至少 1048576 行、16384 列；"
                                                    "上限 1048576 行、1000 列），已拒绝。\n")


FIRST_LINE = "W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 19 行，跳过空行 1）— 符合条件 4，不符合条件 4，需人工复核 10。"


def test_a_folder_that_is_also_its_own_output_folder_is_checked_again(tmp_path):
    """The districts' folder given as its own output folder (with --force, which keeps their files):
    the next check of that folder read the run's summary.json, cases.jsonl and cases/ as applications
    and stopped with 申报文件「summary.json」应为记录列表. The files the folder's manifest lists as the
    run's own are not applications and are passed over."""
    folder = tmp_path / "2020技改"
    folder.mkdir()
    shutil.copy(SAMPLES / "w05_applications.xlsx", folder / "环翠区.xlsx")
    args = ("check", folder, "--workflow", "W-05", "--out", folder, *WINDOW, "--force", "--per-case", "all", "--format", "json,html")
    first = run_cli(*args)
    assert (first.exit_code, first.stderr, first.stdout.splitlines()[0]) == (1, "", FIRST_LINE)
    again = run_cli(*args)
    assert (again.exit_code, again.stderr, again.stdout.splitlines()[0]) == (1, "", FIRST_LINE)
    other = run_cli("check", folder, "--workflow", "W-05", "--out", tmp_path / "elsewhere", *WINDOW)
    assert (other.exit_code, other.stderr, other.stdout.splitlines()[0]) == (1, "", FIRST_LINE)


def test_a_manifest_never_hides_a_districts_file(tmp_path):
    """Only the names a run gives its own tables are passed over: a manifest listing a district's
    file (edited, or copied from elsewhere) does not take it out of the batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "w05_applications.xlsx", folder / "环翠区.xlsx")
    (folder / ".fundcheck-run.json").write_text('{"command": "check W-05", "input_sha256": "x", "files": ["环翠区.xlsx"]}', encoding="utf-8")
    result = run_cli("check", folder, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr, result.stdout.splitlines()[0]) == (1, "", FIRST_LINE)
