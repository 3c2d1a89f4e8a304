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
