"""`ledger verify` of a ledger whose draw entry was taken out and the chain recomputed, its substitution
left: the substitution was skipped without a word (its draw "not in this ledger"), so the ledger read
as consistent; only a head hash held elsewhere showed the deletion. Now the substitution is named."""

from __future__ import annotations

import json
import sqlite3

from checker.draw import ledger
from tests.fixtures.draw.helpers import run
from tests.test_hostile_h158 import substituted
from tests.test_ledger_rederive_s30 import head_of


def _without_first_entry(db) -> None:
    """Entry 1 deleted, the others renumbered and the chain recomputed from the genesis hash (triggers dropped)."""
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER ledger_no_update")
    connection.execute("DROP TRIGGER ledger_no_delete")
    rows = [json.loads(text) for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq")][1:]
    connection.execute("DELETE FROM ledger")
    prev = ledger.GENESIS
    for seq, data in enumerate(rows, start=1):
        data["seq"] = seq  # renumbered, as the entries record their own number
        text = ledger.canonical_json(data).decode()
        digest = ledger.entry_hash(prev, text)
        connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
        prev = digest
    connection.commit()
    connection.close()


def test_a_substitution_whose_draw_entry_was_taken_out_is_named(tmp_path):
    db, first = substituted(tmp_path)
    _without_first_entry(db)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：1 条，末条第 1 条哈希 {head_of(db)}），但有 1 条替换条目不能按其抽取条目的名单复核：\n"
        f"  第 1 条（替换，轮次 R-1）之前没有它所替换的抽取条目（draw_sha256 {first['draw_sha256'][:16]}…）："
        "抽取条目被删去（哈希链随之被重新计算），或替换未记入其抽取所在的账本。\n")


def test_an_intact_substitution_still_verifies(tmp_path):
    db, _ = substituted(tmp_path)
    assert run("ledger", "verify", db).output == (
        f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(db)}。\n"
        "复算：1 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")
