"""A ledger step whose COMMIT fails after the files were moved into place (a full disk, an I/O error
as SQLite writes its journal): the step removed the files it had published, and for `draw
substitute`, which rewrites the record and panel of record in place, that deleted the draw's own
record and panel file. The files a step replaced are now put back as they were."""

from __future__ import annotations

import contextlib
import json
import sqlite3

from checker.draw import ledger as ledger_mod
from tests.helpers import SAMPLES, run_cli


def _draw(tmp_path):
    return run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                   "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "9319")


def _failing_commit(monkeypatch):
    """ledger.transaction whose COMMIT fails as a full disk makes it fail (rolled back, nothing appended)."""
    @contextlib.contextmanager
    def transaction(connection):
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        finally:
            connection.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ledger_mod, "transaction", transaction)


def test_a_substitution_whose_commit_fails_leaves_the_record_and_panel_as_they_were(tmp_path, monkeypatch):
    assert _draw(tmp_path).exit_code == 0
    record, panel = (tmp_path / "d.json").read_bytes(), (tmp_path / "d.panel.xlsx").read_bytes()
    _failing_commit(monkeypatch)
    member = json.loads(record)["panel"][0]["expert_id"]
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", member, "--reason", "本人谢绝")
    assert (result.exit_code, result.stderr) == (2, "错误：无法写入账本，抽取未记录：磁盘空间不足。\n")
    assert ((tmp_path / "d.json").read_bytes(), (tmp_path / "d.panel.xlsx").read_bytes()) == (record, panel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.panel.xlsx", "l.db"]  # no second name left


def test_a_new_draw_whose_commit_fails_leaves_no_file(tmp_path, monkeypatch):
    _failing_commit(monkeypatch)
    result = _draw(tmp_path)
    assert (result.exit_code, result.stderr) == (2, "错误：无法写入账本，抽取未记录：磁盘空间不足。\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.db"]


def test_a_substitution_committed_leaves_no_second_name_of_the_old_files(tmp_path):
    assert _draw(tmp_path).exit_code == 0
    member = json.loads((tmp_path / "d.json").read_bytes())["panel"][0]["expert_id"]
    assert run_cli("draw", "substitute", tmp_path / "d.json", "--expert", member, "--reason", "本人谢绝").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.panel.xlsx", "l.db"]
    assert json.loads((tmp_path / "d.json").read_bytes())["substitutions"][0]["replaced"] == member
