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
