"""`ledger verify` re-derives every draw entry's panel from the entry itself (session 30).

The hash chain proves only that entries were not changed after a head an inspector holds; a ledger
rewritten from scratch, every hash recomputed, verified. Each draw entry carries its eligible list,
its seed and its policy: its panel must follow from them through RFC 3797."""

from __future__ import annotations

import json
import sqlite3

from checker.draw import ledger
from tests.fixtures.draw.helpers import RFC_SOURCES, ledger_without_lists, rfc_pool, run


def drawn(tmp_path):
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    args = ["draw", "new", "--pool", pool, "--field", "新材料", "--size", "3", "--alternates", "2", "--ledger", db, "-q"]
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    assert run(*args, "--round", "R-1", "--out", tmp_path / "r1.json", *sources).exit_code == 0
    assert run(*args, "--round", "R-2", "--out", tmp_path / "r2.json", *sources).exit_code == 0
    return db


def rechained(db, change) -> None:
    """Entries changed by ``change(seq, data)`` and the whole chain recomputed, triggers dropped:
    what someone with the file and this program's source can do."""
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER ledger_no_update")
    connection.execute("DROP TRIGGER ledger_no_delete")
    rows = [json.loads(text) for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq")]
    connection.execute("DELETE FROM ledger")
    prev = ledger.GENESIS
    for seq, data in enumerate(rows, start=1):
        change(seq, data)
        text = ledger.canonical_json(data).decode()
        digest = ledger.entry_hash(prev, text)
        connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
        prev = digest
    connection.commit()
    connection.close()


def head_of(db) -> str:
    connection = ledger.open_existing(db)
    try:
        return ledger.head(connection).hash
    finally:
        connection.close()


def test_an_intact_ledger_says_its_draws_were_re_derived(tmp_path):
    db = drawn(tmp_path)
    result = run("ledger", "verify", db)
    assert result.exit_code == 0
    assert result.output == (f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(db)}。\n"
                             "复算：2 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")


def test_a_panel_changed_and_the_chain_recomputed_is_caught(tmp_path):
    db = drawn(tmp_path)
    connection = ledger.open_existing(db)
    first = ledger.get(connection, 2).data
    connection.close()
    stranger = next(item for item in first["eligible"] if item not in first["panel"] + first["alternates"])

    def swap(seq, data):
        if seq == 2:
            data["panel"][1] = stranger
    rechained(db, swap)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条抽取条目的名单不能复算：\n"
        f"  第 2 条（抽取，轮次 R-2）不能由其所载种子和可抽取名单复算：正选名单（panel）第 2 项不一致：记录为 {stranger}，"
        f"复算为 {first['panel'][1]}。条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。\n")


def test_other_numbers_written_as_the_seed_are_caught(tmp_path):
    db = drawn(tmp_path)

    def renumber(seq, data):
        if seq == 1:
            data["seed"]["sources"][0]["numbers"] = [9320]
    rechained(db, renumber)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 1 条（抽取，轮次 R-1）不能由其所载种子和可抽取名单复算：由所载随机数来源复算的种子密钥串 "
        "9320./2.5.8.10.12./9.18.26.34.41.45./ 与其 seed_key_sha256 不符。条目在抽取后被改动（哈希链随之被重新计算），"
        "或不是按 RFC 3797 抽取的。")


def test_an_eligible_list_changed_is_caught(tmp_path):
    db = drawn(tmp_path)

    def shorten(seq, data):
        if seq == 1:
            data["eligible"] = data["eligible"][1:]
    rechained(db, shorten)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 1 条（抽取，轮次 R-1）不能由其所载种子和可抽取名单复算：所载可抽取名单与其 eligible_sha256 不符。"
        "条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")


def test_an_unreadable_policy_is_a_finding_not_a_crash(tmp_path):
    db = drawn(tmp_path)

    def spoil(seq, data):
        if seq == 2:
            data["policy"] = ["7"]
    rechained(db, spoil)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 2 条（抽取，轮次 R-2）不能由其所载种子和可抽取名单复算：所载种子或抽取策略的格式不对，无法复算。"
        "条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")


def test_a_policy_asking_more_than_the_list_holds_says_why(tmp_path):
    db = drawn(tmp_path)

    def enlarge(seq, data):
        if seq == 1:
            data["policy"]["panel_size"] = 30
    rechained(db, enlarge)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 1 条（抽取，轮次 R-1）不能由其所载种子和可抽取名单复算：所载种子或抽取策略无法复算（需要抽取 32 人，但只有 25 人可供抽取）。"
        "条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")


def test_entries_without_their_lists_are_named_not_failed(tmp_path):
    old = ledger_without_lists(drawn(tmp_path), tmp_path / "old.db")
    result = run("ledger", "verify", old)
    assert result.exit_code == 0
    assert result.output == (f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(old)}。\n"
                             "注意：第 1、2 条抽取条目未载可抽取名单和种子（早期版本所记），未能复算；"
                             "请用 fundcheck draw verify 核对其抽取记录。\n")


def test_entry_numbers_are_listed_as_runs_and_cut_after_ten():
    from checker.cli.draw import _entry_numbers

    assert _entry_numbers([1, 2, 3, 4, 5]) == "第 1 至 5 条"
    assert _entry_numbers([1, 3, 4, 9]) == "第 1、3、4、9 条"
    assert _entry_numbers(list(range(1, 40, 2))) == "第 1、3、5、7、9、11、13、15、17、19 条等共 20 条"


def test_a_panel_that_is_no_list_is_a_finding_not_a_crash(tmp_path):
    db = drawn(tmp_path)

    def spoil(seq, data):
        if seq == 1:
            data["panel"] = 5
    rechained(db, spoil)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 1 条（抽取，轮次 R-1）不能由其所载种子和可抽取名单复算：所载正选或候补名单不是专家编号的列表。"
        "条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")
