"""The SQLite hash-chained ledger: append-only triggers and every kind of tampering detected."""

import hashlib
import json
import sqlite3

import pytest

from checker.draw import ledger
from checker.errors import InputError
from tests.fixtures.draw.helpers import run

ENTRIES = [{"type": "draw", "round_id": f"R{number}", "panel": [f"E{number}"]} for number in range(1, 6)]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "ledger.db"
    connection = ledger.open_or_create(path)
    heads = [ledger.append(connection, entry) for entry in ENTRIES]
    connection.close()
    return path, heads


def raw(path):
    """A plain connection, as a tamperer would use, with the triggers dropped."""
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER ledger_no_update")
    connection.execute("DROP TRIGGER ledger_no_delete")
    return connection


def verify(path, head=None):
    connection = ledger.open_existing(path)
    try:
        return ledger.verify(connection, head)
    finally:
        connection.close()


def rewrite(connection, rows):
    """Re-chain ``rows`` (list of dicts without seq) from scratch with correct hashes."""
    connection.execute("DELETE FROM ledger")
    prev = ledger.GENESIS
    for seq, data in enumerate(rows, start=1):
        text = ledger.canonical_json(dict(data, seq=seq)).decode()
        digest = ledger.entry_hash(prev, text)
        connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
        prev = digest
    connection.commit()


def test_hash_is_sha256_of_prev_newline_canonical_json(db):
    path, heads = db
    connection = ledger.open_existing(path)
    first = ledger.get(connection, 1)
    connection.close()
    assert first.entry_json == '{"panel":["E1"],"round_id":"R1","seq":1,"type":"draw"}'
    assert first.prev_hash == "0" * 64
    assert first.entry_hash == hashlib.sha256(("0" * 64 + "\n" + first.entry_json).encode()).hexdigest()
    assert heads[0] == ledger.Head(1, first.entry_hash)


def test_intact_ledger_verifies(db):
    path, heads = db
    assert verify(path) == ledger.Verdict(True, f"账本完整：5 条，末条第 5 条哈希 {heads[-1].hash}。", 5, heads[-1])
    assert verify(path, heads[-1].hash).message == "账本完整：5 条，持有的头哈希为第 5 条。"
    assert verify(path, heads[2].hash).message == "账本完整：5 条，持有的头哈希为第 3 条，其后另有 2 条新条目。"


def test_triggers_refuse_update_and_delete(db):
    path, _ = db
    connection = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="ledger is append-only"):
        connection.execute("UPDATE ledger SET entry_json = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="ledger is append-only"):
        connection.execute("DELETE FROM ledger WHERE seq = 5")
    connection.close()
    assert verify(path).ok


def test_edited_entry_json_is_caught(db):
    path, _ = db
    connection = raw(path)
    connection.execute("""UPDATE ledger SET entry_json = replace(entry_json, '"E2"', '"E9"') WHERE seq = 2""")
    connection.commit()
    assert verify(path).message == "第 2 条的内容与其哈希不符：条目内容或哈希被改动。"


def test_edited_hash_is_caught(db):
    path, _ = db
    connection = raw(path)
    connection.execute("UPDATE ledger SET entry_hash = ? WHERE seq = 3", ("f" * 64,))
    connection.commit()
    assert verify(path).message == "第 3 条的内容与其哈希不符：条目内容或哈希被改动。"


def test_edited_entry_with_its_own_hash_recomputed_breaks_the_next_link(db):
    path, _ = db
    connection = raw(path)
    prev, text = connection.execute("SELECT prev_hash, entry_json FROM ledger WHERE seq = 2").fetchone()
    forged = text.replace('"E2"', '"E9"')
    connection.execute("UPDATE ledger SET entry_json = ?, entry_hash = ? WHERE seq = 2",
                       (forged, ledger.entry_hash(prev, forged)))
    connection.commit()
    assert verify(path).message == "第 3 条的前一哈希与第 2 条的哈希不符：条目被删除、调换或改写。"


def test_reordered_entries_are_caught(db):
    path, _ = db
    connection = raw(path)
    connection.execute("UPDATE ledger SET seq = -2 WHERE seq = 2")
    connection.execute("UPDATE ledger SET seq = 2 WHERE seq = 3")
    connection.execute("UPDATE ledger SET seq = 3 WHERE seq = -2")
    connection.commit()
    assert verify(path).message == "第 2 条的前一哈希与第 1 条的哈希不符：条目被删除、调换或改写。"


def test_entry_deleted_in_the_middle_is_caught(db):
    path, _ = db
    connection = raw(path)
    connection.execute("DELETE FROM ledger WHERE seq = 3")
    connection.commit()
    assert verify(path).message == "第 3 条缺失（下一条编号为 4）：条目被删除或重新编号。"


def test_deleted_and_renumbered_entry_is_caught(db):
    path, _ = db
    connection = raw(path)
    connection.execute("DELETE FROM ledger WHERE seq = 3")
    connection.execute("UPDATE ledger SET seq = seq - 1 WHERE seq > 3")
    connection.commit()
    assert verify(path).message == "第 3 条的前一哈希与第 2 条的哈希不符：条目被删除、调换或改写。"


def test_truncated_end_is_caught_only_with_head(db):
    path, heads = db
    connection = raw(path)
    connection.execute("DELETE FROM ledger WHERE seq >= 4")
    connection.commit()
    assert verify(path).ok
    assert verify(path, heads[-1].hash).message == (
        f"账本中找不到持有的头哈希 {heads[-1].hash}：末尾条目被删除或整条链被重写（当前共 3 条，末条哈希 "
        f"{heads[2].hash}）。")


def test_fully_rewritten_chain_is_caught_only_with_head(db):
    path, heads = db
    connection = raw(path)
    forged = [dict(entry) for entry in ENTRIES]
    forged[1]["panel"] = ["E9"]
    rewrite(connection, forged)
    assert verify(path).ok
    result = verify(path, heads[-1].hash)
    assert not result.ok
    assert result.message.startswith(f"账本中找不到持有的头哈希 {heads[-1].hash}：末尾条目被删除或整条链被重写")


def test_entry_moved_with_rehashed_chain_is_caught_by_its_embedded_seq(db):
    path, _ = db
    connection = raw(path)
    rows = [text for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq")]
    connection.execute("DELETE FROM ledger")
    prev = ledger.GENESIS
    for seq, text in enumerate([rows[0], rows[2], rows[1], rows[3], rows[4]], start=1):
        digest = ledger.entry_hash(prev, text)  # links recomputed, but the JSON still says its old seq
        connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
        prev = digest
    connection.commit()
    assert verify(path).message == "第 2 条内记载的编号与其位置不符：条目被移动。"


def test_appending_onto_a_tampered_tail_is_refused(db):
    path, _ = db
    connection = raw(path)
    connection.execute("""UPDATE ledger SET entry_json = replace(entry_json, '"E5"', '"E0"') WHERE seq = 5""")
    connection.commit()
    connection.close()
    connection = ledger.open_existing(path)
    with pytest.raises(InputError) as caught:
        ledger.append(connection, {"type": "draw"})
    connection.close()
    assert str(caught.value) == "账本校验失败，拒绝追加：第 5 条的内容与其哈希不符：条目内容或哈希被改动。请先运行 ledger verify 查明。"
    assert verify(path).message == "第 5 条的内容与其哈希不符：条目内容或哈希被改动。"


def test_appending_onto_a_chain_broken_before_its_last_entry_is_refused(db):
    path, _ = db
    connection = raw(path)
    connection.execute("""UPDATE ledger SET entry_json = replace(entry_json, '"E2"', '"E0"') WHERE seq = 2""")
    connection.commit()
    connection.close()
    connection = ledger.open_existing(path)
    with pytest.raises(InputError) as caught:
        ledger.append(connection, {"type": "draw"})
    connection.close()
    assert str(caught.value) == "账本校验失败，拒绝追加：第 2 条的内容与其哈希不符：条目内容或哈希被改动。请先运行 ledger verify 查明。"


@pytest.mark.parametrize("value,message", [
    ("not json", "第 3 条的内容与其哈希不符：条目内容或哈希被改动。"),
    ("[1, 2]", "第 3 条的内容与其哈希不符：条目内容或哈希被改动。"),
])
def test_a_non_json_entry_is_named_not_a_traceback(db, value, message):
    path, _ = db
    connection = raw(path)
    connection.execute("UPDATE ledger SET entry_json = ? WHERE seq = 3", (value,))
    connection.commit()
    connection.close()
    assert verify(path).message == message
    result = run("ledger", "show", path)
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_a_ledger_table_with_null_entries_is_named_not_a_traceback(tmp_path):
    path = tmp_path / "null.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash, entry_json, entry_hash)")
    connection.execute("INSERT INTO ledger VALUES (1, NULL, NULL, NULL)")
    connection.commit()
    connection.close()
    result = run("ledger", "verify", path)
    assert (result.exit_code, result.output) == (1, "不一致：第 1 条的内容或哈希缺失或类型不对（不是文本）：条目被改动。\n")
    assert run("ledger", "show", path).exit_code == 0


def test_another_applications_database_is_never_given_a_ledger_table(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(InputError) as caught:
        ledger.open_or_create(path)
    assert str(caught.value) == f"「{path}」不是 fundcheck 抽取账本（缺少 ledger 表）。"
    assert {name for (name,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")} == {"customers"}


def test_cli_ledger_verify_and_show(db):
    path, heads = db
    result = run("ledger", "verify", path, "--head", heads[1].hash)
    # (this module's entries are made by hand: no eligible list or seed to re-derive their panels from)
    assert (result.exit_code, result.output) == (0, "一致：账本完整：5 条，持有的头哈希为第 2 条，其后另有 3 条新条目。\n"
                                                    "注意：第 1 至 5 条抽取条目未载可抽取名单和种子（早期版本所记），未能复算；"
                                                    "请用 fundcheck draw verify 核对其抽取记录。\n")
    connection = raw(path)
    connection.execute("DELETE FROM ledger WHERE seq = 2")
    connection.commit()
    result = run("ledger", "verify", path)
    assert (result.exit_code, result.output) == (1, "不一致：第 2 条缺失（下一条编号为 3）：条目被删除或重新编号。\n")
    lines = run("ledger", "show", path).output.splitlines()
    # the entry type in Chinese (staff read it), as the draw and the audit name it
    assert [line.split()[:3] for line in lines] == [["1", "抽取", "R1"], ["3", "抽取", "R3"], ["4", "抽取", "R4"],
                                                    ["5", "抽取", "R5"]]


def test_cli_ledger_errors_exit_2(tmp_path):
    result = run("ledger", "verify", tmp_path / "none.db")
    assert (result.exit_code, result.stderr) == (2, f"错误：账本「{tmp_path / 'none.db'}」不存在。\n")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = run("ledger", "show", other)
    assert (result.exit_code, result.stderr) == (2, f"错误：「{other}」不是 fundcheck 抽取账本（缺少 ledger 表）。\n")


def test_ledger_verify_names_an_entry_dated_before_the_one_above_it(tmp_path):
    # an older ledger (or a hand-made one) with the clock set back: the chain holds, the time does not
    connection = ledger.open_or_create(tmp_path / "l.db")
    for at in ("2025-06-06T10:00:00+08:00", "2025-06-01T09:00:00+08:00", "2025-06-07T09:00:00+08:00"):
        ledger.append(connection, {"type": "draw", "at": at})
    connection.close()
    result = run("ledger", "verify", tmp_path / "l.db")
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "注意：第 1 至 3 条抽取条目未载可抽取名单和种子（早期版本所记），未能复算；请用 fundcheck draw verify 核对其抽取记录。",
        "注意：第 2 条的时间 2025-06-01T09:00:00+08:00 早于第 1 条的时间 2025-06-06T10:00:00+08:00：抽取电脑的时钟可能被调回过，"
        "该条目的时间不可信。"]


def test_a_ledger_entry_stored_as_bytes_is_listed_by_show_not_a_traceback(tmp_path):
    """A tampered ledger whose entry number is a blob (bytes, in a table made without column types):
    `ledger show` ended in an internal error (bytes are not JSON). The entry is listed with its bytes
    as text; verify names the ledger as altered."""
    path = tmp_path / "blob.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (seq, prev_hash, entry_json, entry_hash)")
    connection.execute("INSERT INTO ledger VALUES (X'32', 'x', '{}', 'y')")
    connection.commit()
    connection.close()
    result = run("ledger", "show", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entries"] == [{"seq": "2", "prev_hash": "x", "entry": {}, "entry_hash": "y"}]
    assert run("ledger", "verify", path).exit_code == 1


def test_a_ledger_entry_whose_type_is_an_object_is_listed_by_show_not_a_traceback(tmp_path):
    """An entry whose "type" is a JSON object, its hash recomputed so the chain holds: `ledger show`
    ended in an internal error (unhashable type: 'dict'). The entry is listed with the type as written."""
    path = tmp_path / "typed.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash, entry_json, entry_hash)")
    connection.execute("INSERT INTO ledger VALUES (1, 'x', ?, 'y')", ('{"type": {"a": 1}, "round_id": "R1"}',))
    connection.commit()
    connection.close()
    result = run("ledger", "show", path)
    assert result.exit_code == 0, result.output
    assert result.output.split()[:4] == ["1", '{"a":', "1}", "R1"]
