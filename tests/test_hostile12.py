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
