"""Hostile review h158: `ledger verify` on ledgers rewritten from scratch (every hash recomputed).

Re-deriving each draw entry from its own seed and list (session 30) left three ways to steer a
draw and still verify: take the lists out of an entry (it was then only a 注意), change a
substitution's newcomer (substitutions were not replayed), and give a reveal a list or sources its
commit never fixed."""

from __future__ import annotations

from checker.draw import ledger
from tests.fixtures.draw.helpers import RFC_SOURCES, rfc_pool, run
from tests.test_ledger_rederive_s30 import drawn, head_of, rechained


def entry(db, seq) -> dict:
    connection = ledger.open_existing(db)
    try:
        return ledger.get(connection, seq).data
    finally:
        connection.close()


def substituted(tmp_path):
    """A draw (entry 1) and one substitution of its first member (entry 2)."""
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    assert run("draw", "new", "--pool", pool, "--field", "新材料", "--size", "3", "--alternates", "2", "--ledger", db,
               "-q", "--round", "R-1", "--out", tmp_path / "r1.json", *sources).exit_code == 0
    first = entry(db, 1)
    assert run("draw", "substitute", tmp_path / "r1.json", "--expert", first["panel"][0], "--reason", "本人谢绝",
               "-q").exit_code == 0
    return db, first


def revealed(tmp_path):
    """A commit (entry 1) naming one future source, and its reveal (entry 2)."""
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    assert run("draw", "commit", "--pool", pool, "--field", "新材料", "--size", "3", "--alternates", "2", "--ledger", db,
               "--round", "R-1", "--out", tmp_path / "c.json", "--source-name", "双色球 第2099001期", "-q").exit_code == 0
    assert run("draw", "reveal", tmp_path / "c.json", "--ledger", db, "--random-source", "3 9 14 22 27 31 8",
               "--out", tmp_path / "r.json", "-q").exit_code == 0
    return db


def test_lists_taken_out_of_a_later_draw_entry_fail_not_a_notice(tmp_path):
    db = drawn(tmp_path)

    def strip(seq, data):
        if seq == 2:
            del data["eligible"], data["seed"]
    rechained(db, strip)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条抽取条目的名单不能复算：\n"
        "  第 2 条（抽取，轮次 R-2）未载可抽取名单或种子，而在它之前的第 1 条已载：名单或种子被删去（哈希链随之被重新计算），"
        "或由更早版本的程序追加；无法复算，请用 fundcheck draw verify 核对其抽取记录。\n")


def test_an_intact_substitution_and_reveal_verify(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    db, _ = substituted(tmp_path / "a")
    assert run("ledger", "verify", db).output == (
        f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(db)}。\n"
        "复算：1 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")
    db = revealed(tmp_path / "b")
    assert run("ledger", "verify", db).output == (
        f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(db)}。\n"
        "复算：1 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")


def test_a_substitution_seating_someone_else_is_caught(tmp_path):
    db, first = substituted(tmp_path)
    favourite = next(item for item in first["eligible"] if item not in first["panel"] + first["alternates"])

    def steer(seq, data):
        if seq == 2:
            data["by"] = favourite
    rechained(db, steer)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条替换条目不能按其抽取条目的名单复核：\n"
        f"  第 2 条（替换，轮次 R-1）不能按其抽取条目的名单复核：顶替者记为 {favourite}，按候补顺序应为 {first['alternates'][0]}。"
        "条目在替换后被改动（哈希链随之被重新计算），或替换未按候补顺序进行。\n")


def test_a_substitution_of_someone_not_on_the_panel_is_caught(tmp_path):
    db, first = substituted(tmp_path)

    def elsewhere(seq, data):
        if seq == 2:
            data["replaced"] = first["alternates"][1]
    rechained(db, elsewhere)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        f"  第 2 条（替换，轮次 R-1）不能按其抽取条目的名单复核：被替换的 {first['alternates'][1]} 不在第 1 条当时的正选名单中"
        f"（当时：{'、'.join(first['panel'])}）。条目在替换后被改动（哈希链随之被重新计算），或替换未按候补顺序进行。")


def test_a_reveal_with_sources_its_commit_did_not_name_is_caught(tmp_path):
    db = revealed(tmp_path)

    def other(seq, data):
        if seq == 2:
            data["seed"]["sources"][0]["name"] = "双色球 第2099002期"
    rechained(db, other)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条抽取条目的名单不能复算：\n"
        "  第 2 条（揭示，轮次 R-1）与其承诺条目不符：随机数来源为 双色球 第2099002期，第 1 条承诺所指定的是 "
        "双色球 第2099001期。揭示条目在承诺后被改动（哈希链随之被重新计算）。\n")


def test_a_reveal_drawn_from_another_list_than_its_commit_is_caught(tmp_path):
    from checker.draw.ledger import sha256_json
    from checker.draw.record import Policy, seed_key, select

    db = revealed(tmp_path)

    def narrower(seq, data):  # one panel member taken out of the list, the panel re-drawn from it
        if seq == 2:
            data["eligible"] = [item for item in data["eligible"] if item != data["panel"][0]]
            data["eligible_sha256"] = sha256_json(data["eligible"])
            selection = select(data["eligible"], Policy.from_dict(data["policy"]), seed_key(data["seed"]))
            data["panel"], data["alternates"] = selection.panel, selection.alternates
    rechained(db, narrower)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 2 条（揭示，轮次 R-1）与其承诺条目不符：可抽取名单哈希与第 1 条承诺所载的不同。"
        "揭示条目在承诺后被改动（哈希链随之被重新计算）。")


def test_a_reveal_moved_before_its_commit_is_caught(tmp_path):
    import json
    import sqlite3

    db = revealed(tmp_path)
    connection = sqlite3.connect(db)
    rows = [json.loads(text) for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq DESC")]
    connection.close()
    order = iter(rows)

    def swapped(seq, data):  # the two entries exchanged and renumbered, the chain recomputed
        data.clear()
        data.update(next(order), seq=seq)
    rechained(db, swapped)
    commit_sha256 = entry(db, 2)["commit_sha256"]
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条抽取条目的名单不能复算：\n"
        f"  第 1 条（揭示，轮次 R-1）与其承诺条目不符：它之前没有其所称的承诺（commit_sha256 {commit_sha256[:16]}…）的承诺条目。"
        "揭示条目在承诺后被改动（哈希链随之被重新计算）。\n")
