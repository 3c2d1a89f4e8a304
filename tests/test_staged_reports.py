"""A batch's case reports are created under their own names in a hidden staging folder and moved
into cases/ together (checker.io.outputs.StagedFolder): what write_atomic promises for each file
(no half file in cases/, nothing planted followed, nothing left by a stopped run) for the folder."""

from __future__ import annotations

import os
import stat
import struct

import pytest

from checker.errors import InputError
from checker.io import outputs
from checker.io.outputs import TEMP_PREFIX, OutputDir, remove_live_temps
from tests.helpers import read_json, run_cli, write_json
from tests.test_hostile import APPLICATION

FLAGGED = dict(APPLICATION, 注册地址="山东省济南市历下区")  # outside Weihai: ineligible, so it gets a report


def _out(tmp_path, files=("cases/a.html", "cases/b.html")) -> OutputDir:
    out = OutputDir(tmp_path / "out", command="check W-05", input_sha256="0" * 64)
    out.begin(list(files))
    return out


def _tree(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_staged_files_appear_in_cases_only_when_committed_and_no_staging_folder_stays(tmp_path):
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"<p>a</p>")
    stage.write("cases/b.html", b"<p>b</p>")
    assert list((out.root / "cases").iterdir()) == []  # nothing in cases/ before the commit
    staging = [p.name for p in out.root.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert len(staging) == 1 and staging[0].startswith(f"{TEMP_PREFIX}cases-")
    stage.commit()
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "cases/a.html", "cases/b.html"]
    assert (out.root / "cases" / "a.html").read_bytes() == b"<p>a</p>"
    assert (out.root / "cases" / "b.html").read_bytes() == b"<p>b</p>"


def test_a_file_outside_the_staged_folder_is_written_as_every_other_file(tmp_path):
    out = _out(tmp_path, ("cases/a.html", "index.html"))
    stage = out.staged("cases")
    stage.write("index.html", b"index")
    assert (out.root / "index.html").read_bytes() == b"index" and stage.path is None  # no staging folder made
    stage.commit()  # nothing staged: nothing to do
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "index.html"]


def test_files_kept_in_cases_under_force_stay_and_the_reports_are_moved_in_one_by_one(tmp_path):
    out = _out(tmp_path)
    (out.root / "cases" / "notes.txt").write_text("a reviewer's own file", encoding="utf-8")
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    stage.commit()  # cases/ is not empty: the folder cannot replace it, each file is moved
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "cases/a.html", "cases/notes.txt"]
    assert (out.root / "cases" / "notes.txt").read_text(encoding="utf-8") == "a reviewer's own file"
    assert (out.root / "cases" / "a.html").read_bytes() == b"A"


def test_a_link_planted_in_cases_is_replaced_not_written_through(tmp_path):
    out = _out(tmp_path)
    outside = tmp_path / "outside.html"
    outside.write_text("untouched", encoding="utf-8")
    (out.root / "cases" / "a.html").symlink_to(outside)  # planted after the run checked the folder
    stage = out.staged("cases")
    stage.write("cases/a.html", b"report")
    stage.commit()
    assert outside.read_text(encoding="utf-8") == "untouched"
    assert not (out.root / "cases" / "a.html").is_symlink() and (out.root / "cases" / "a.html").read_bytes() == b"report"


def test_cases_replaced_by_a_link_to_another_folder_is_refused_and_nothing_is_written_there(tmp_path):
    out = _out(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out.root / "cases").rmdir()
    (out.root / "cases").symlink_to(elsewhere, target_is_directory=True)
    stage = out.staged("cases")
    with pytest.raises(InputError) as raised:
        stage.write("cases/a.html", b"report")
    assert str(raised.value) == f"「{out.root / 'cases'}」不是文件夹，无法写入报告。"
    assert list(elsewhere.iterdir()) == []
    stage.discard()
    assert [p.name for p in out.root.iterdir() if p.name.startswith(TEMP_PREFIX)] == []


def test_a_stop_removes_the_staging_folder_with_the_temporary_files(tmp_path):
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    remove_live_temps()  # what the command does on Ctrl-C, SIGTERM or SIGHUP
    assert _tree(out.root) == [".fundcheck-run.json", "cases"]
    stage.discard()  # and the run's own clean-up after it finds nothing left to remove
    assert _tree(out.root) == [".fundcheck-run.json", "cases"]


def test_a_write_that_fails_names_the_report_and_leaves_no_half_file(tmp_path, monkeypatch):
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")

    def full(descriptor, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "write", full)
    with pytest.raises(InputError) as raised:
        stage.write("cases/b.html", b"B")
    monkeypatch.undo()
    assert str(raised.value) == f"无法写入「{out.root / 'cases' / 'b.html'}」：磁盘空间不足。"
    assert sorted(os.listdir(stage.path)) == ["a.html"]  # b.html's empty start removed
    stage.discard()
    assert _tree(out.root) == [".fundcheck-run.json", "cases"]


def test_a_staging_folder_left_by_a_killed_run_is_removed_by_the_next_run_not_taken_for_foreign_files(tmp_path):
    source = write_json(tmp_path / "a.json", [FLAGGED])
    out = tmp_path / "out"
    first = run_cli("check", source, "--out", out, "--quiet")
    assert first.exit_code == 1, first.stderr
    left = out / f"{TEMP_PREFIX}cases-0123456789abcdef"  # SIGKILL while the reports were being written
    left.mkdir()
    (left / "B-1.html").write_text("<p>half", encoding="utf-8")
    (out / "summary.json").unlink()
    again = run_cli("check", source, "--out", out, "--quiet")  # no --force needed: nothing foreign
    assert again.exit_code == 1, again.stderr
    assert not left.exists()
    assert _tree(out) == [".fundcheck-run.json", "cases", "cases.jsonl", "cases/B-1.html", "index.html", "rules.json",
                          "summary.json", "summary.xlsx", "告知书汇总.html"]
    assert read_json(out / "summary.json")["cases"][0]["verdict"] == "ineligible"


def test_a_check_run_leaves_its_reports_in_cases_and_no_staging_folder(tmp_path):
    rows = [dict(FLAGGED, 申报编号=f"B-{n}") for n in range(1, 4)] + [dict(APPLICATION, 申报编号="B-9")]
    out = tmp_path / "out"
    result = run_cli("check", write_json(tmp_path / "a.json", rows), "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code == 1, result.stderr
    assert sorted(p.name for p in (out / "cases").iterdir()) == [
        "B-1.html", "B-1.json", "B-2.html", "B-2.json", "B-3.html", "B-3.json", "B-9.html", "B-9.json"]
    assert [p for p in out.rglob(f"{TEMP_PREFIX}*")] == []
    assert read_json(out / ".fundcheck-run.json")["files"] == sorted([
        ".fundcheck-run.json", "cases.jsonl", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html",
        *(f"cases/B-{n}.{kind}" for n in (1, 2, 3, 9) for kind in ("html", "json"))])


def test_a_cases_folder_there_before_the_run_is_kept_and_the_reports_are_staged_inside_it(tmp_path):
    """A rerun (or a folder the office made): cases/ is never replaced (its owner, group, mode and
    access lists stay, as does a shell sitting in it); the staging folder is made inside it, so every
    report gets what a file made in cases/ gets, and each is renamed into place."""
    (tmp_path / "out" / "cases").mkdir(parents=True)
    before = (tmp_path / "out" / "cases").stat().st_ino
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    assert os.path.dirname(stage.path) == str(out.root / "cases")
    assert [p.name for p in out.root.iterdir() if p.name.startswith(TEMP_PREFIX)] == []
    stage.commit()
    assert (out.root / "cases").stat().st_ino == before
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "cases/a.html"]


def test_cases_on_another_file_system_gets_its_reports_copied_in_not_a_cross_device_error(tmp_path, monkeypatch):
    """cases/ a mount point (a share or a tmpfs mounted there): the staging folder beside it cannot be
    renamed over it (EBUSY) nor its files renamed into it (EXDEV). The run ended with 无法写入 …
    Invalid cross-device link and no summary.json, where each report written through a temporary file
    in cases/ had been fine."""
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    stage.write("cases/b.html", b"B")
    rename, replace = os.rename, os.replace

    def mount_point(source, target):
        if str(target) == str(out.root / "cases"):
            raise OSError(16, "Device or resource busy")
        return rename(source, target)

    def across(source, target):
        if str(source).startswith(stage.path):
            raise OSError(18, "Invalid cross-device link")
        return replace(source, target)

    monkeypatch.setattr(outputs.os, "rename", mount_point)
    monkeypatch.setattr(outputs.os, "replace", across)
    stage.commit()
    monkeypatch.undo()
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "cases/a.html", "cases/b.html"]
    assert (out.root / "cases" / "a.html").read_bytes() == b"A" and (out.root / "cases" / "b.html").read_bytes() == b"B"


def test_a_read_only_cases_folder_is_refused_as_before_not_replaced_by_a_writable_one(tmp_path, monkeypatch):
    """cases/ made read-only (chmod 555) by whoever keeps the folder: the staging folder renamed over
    it replaced it with a writable one, and the run wrote its reports there and ended as complete;
    a report written into it was refused (无法写入 … 没有权限), and is again."""
    out = _out(tmp_path)
    cases = out.root / "cases"
    cases.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: the folder read as a user reads it
        access = os.access
        monkeypatch.setattr(outputs.os, "access", lambda path, mode: False if str(path) == str(cases) else access(path, mode))
    try:
        stage = out.staged("cases")
        with pytest.raises(InputError) as raised:
            stage.write("cases/a.html", b"A")
        assert str(raised.value) == f"无法写入「{cases / 'a.html'}」：没有权限。"
        stage.discard()
        assert _tree(out.root) == [".fundcheck-run.json", "cases"]
        assert stat.S_IMODE(cases.stat().st_mode) == 0o555
    finally:
        cases.chmod(0o755)


def test_a_cases_folder_set_its_own_way_keeps_its_group_and_mode_and_gives_the_group_to_the_reports(tmp_path):
    """A shared office folder: cases/ setgid (2770) to the reviewers' group. Renamed over it, the
    staging folder put a 755 folder of the runner's group in its place, and the reports had that group."""
    out = _out(tmp_path)
    cases = out.root / "cases"
    others = [group for group in os.getgroups() if group != os.getegid()] or ([100] if os.geteuid() == 0 else [])
    group = others[0] if others else os.getegid()
    os.chown(cases, -1, group)
    cases.chmod(0o2770)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    stage.commit()
    assert stat.S_IMODE(cases.stat().st_mode) == 0o2770 and cases.stat().st_gid == group
    assert (cases / "a.html").read_bytes() == b"A" and (cases / "a.html").stat().st_gid == group
    assert [p for p in out.root.iterdir() if p.name.startswith(TEMP_PREFIX)] == []


def test_a_rerun_into_the_folder_it_made_replaces_cases_in_one_step(tmp_path):
    """The usual case (cases/ as begin() made it) still moves the folder as a whole, not file by file."""
    out = _out(tmp_path)
    before = (out.root / "cases").stat().st_ino
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    staged = os.stat(stage.path).st_ino
    stage.commit()
    assert (out.root / "cases").stat().st_ino == staged != before


def test_a_cases_folder_with_a_default_access_list_gives_it_to_the_reports(tmp_path):
    """cases/ with a default access list (setfacl -d: a colleague may read the reports): created in the
    staging folder, the reports had none, as files created in cases/ had."""
    out = _out(tmp_path)
    cases = out.root / "cases"
    entries = [(0x01, 7, 0xFFFFFFFF), (0x02, 4, 65534), (0x04, 5, 0xFFFFFFFF), (0x10, 5, 0xFFFFFFFF), (0x20, 5, 0xFFFFFFFF)]
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, who) for tag, perm, who in entries)
    try:
        os.setxattr(cases, "system.posix_acl_default", acl)  # user 65534 may read what is created there
    except (AttributeError, OSError):
        pytest.skip("no POSIX access lists on this file system")
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    stage.commit()
    assert "system.posix_acl_default" in os.listxattr(cases)  # the folder kept as it is
    assert "system.posix_acl_access" in os.listxattr(cases / "a.html")  # the report given the list
    assert (cases / "a.html").read_bytes() == b"A"


def test_a_run_into_another_runs_cases_folder_leaves_its_live_staging_folder_alone(tmp_path):
    """A rerun stages its reports inside cases/; a second run whose output folder is that cases/ (the
    flock on the first run's folder does not cover it) took the live staging folder for a killed
    run's and removed it in its survey, even when it then refused the folder: the first run ended
    with 无法写入「…/cases/a.html」：不存在 and no summary.json."""
    (tmp_path / "out" / "cases").mkdir(parents=True)
    out = _out(tmp_path)
    stage = out.staged("cases")
    stage.write("cases/a.html", b"A")
    inner = OutputDir(out.root / "cases", command="check W-05", input_sha256="1" * 64)
    with pytest.raises(InputError, match="正由另一次运行写入"):
        inner.begin(["summary.json"])
    assert os.path.isdir(stage.path)
    stage.commit()
    assert _tree(out.root) == [".fundcheck-run.json", "cases", "cases/a.html"]
    # once the run has ended (or was killed: the lock goes with the process), a staging folder is a leftover
    left = out.root / "cases" / f"{TEMP_PREFIX}cases-0123456789abcdef"
    left.mkdir()
    OutputDir(out.root, command="check W-05", input_sha256="0" * 64).begin(["cases/a.html"])
    assert not left.exists()


def test_removing_a_stopped_runs_temporary_files_leaves_a_nested_runs_alone(tmp_path):
    """remove_temps (after a worker died mid-write) walked the whole tree: a run whose output
    folder is inside this one's (its own manifest there), writing now, lost its temporary files (h55)."""
    out = _out(tmp_path)
    (out.root / "cases" / f"{TEMP_PREFIX}dead-worker.html").write_bytes(b"half")
    nested = out.root / "by-district"
    nested.mkdir()
    (nested / ".fundcheck-run.json").write_text("{}", encoding="utf-8")
    (nested / f"{TEMP_PREFIX}live.json").write_bytes(b"being written")
    out.remove_temps()
    assert _tree(out.root) == [".fundcheck-run.json", "by-district", "by-district/.fundcheck-run.json",
                               f"by-district/{TEMP_PREFIX}live.json", "cases"]
