"""The draw ledger: an append-only, SHA-256 hash-chained log in SQLite.

Table ``ledger(seq INTEGER PRIMARY KEY, prev_hash, entry_json, entry_hash UNIQUE)``.

* ``entry_json`` is canonical JSON (sorted keys, no insignificant whitespace, UTF-8, non-ASCII
  kept) of the entry object, which itself carries ``seq`` so that an entry cannot be moved.
* ``entry_hash = SHA-256( prev_hash (64 hex chars) + "\\n" + entry_json )`` (hex), with
  ``prev_hash`` of the first entry = 64 zeros (:data:`GENESIS`).
* ``BEFORE UPDATE`` / ``BEFORE DELETE`` triggers refuse changes. They only stop accidents (anyone
  with the file can drop them); tamper *evidence* is the chain plus a head hash held outside the
  tool (printed in every draw record) and checked with ``ledger verify --head``.

Entries hold expert ids, hashes, reasons and times, never names or contact details.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from checker.core.text import round_key
from checker.draw import jsontext
from checker.errors import InputError, sqlite_reason

GENESIS = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    seq INTEGER PRIMARY KEY,
    prev_hash TEXT NOT NULL,
    entry_json TEXT NOT NULL,
    entry_hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
"""


def canonical_json(obj: object) -> bytes:
    """The project's canonical JSON bytes (also used for every hash in draw records):
    ``json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` in UTF-8,
    made by orjson when that gives the same bytes (checker/draw/jsontext.py: no float, no
    integer beyond 64 bits...), else by the standard library as always."""
    return jsontext.canonical(obj)


def sha256_json(obj: object) -> str:
    """SHA-256 (hex) of the canonical JSON of ``obj``."""
    return hashlib.sha256(canonical_json(obj)).hexdigest()


def entry_hash(prev_hash: str, entry_json: str | bytes) -> str:
    """SHA-256 over prev_hash + "\\n" + canonical entry JSON."""
    body = entry_json.encode("utf-8", "surrogateescape") if isinstance(entry_json, str) else entry_json
    return hashlib.sha256(prev_hash.encode("utf-8", "surrogateescape") + b"\n" + body).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One stored ledger row."""

    seq: int
    prev_hash: str
    entry_json: str
    entry_hash: str

    @property
    def data(self) -> dict:
        """The entry object (parsed JSON); {} for a malformed entry (``verify`` names it)."""
        try:
            data = json.loads(self.entry_json) if isinstance(self.entry_json, (str, bytes)) else None
        except (ValueError, RecursionError):
            data = None
        return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Head:
    """The ledger head: the last entry's number and hash (0 and GENESIS when empty)."""

    seq: int
    hash: str

    def as_dict(self) -> dict:
        """For records: {"entry": n, "hash": ...}."""
        return {"entry": self.seq, "hash": self.hash}


# ---------------------------------------------------------------- opening


class LedgerDamaged(InputError):
    """An SQLite file whose pages cannot be read (cut short, overwritten): evidence about the
    ledger, so `ledger verify` and `draw verify --ledger` report it as a difference (exit 1);
    commands that append still cannot be done (exit 2)."""


def _is_damage(error: Exception) -> bool:
    """SQLite's "database disk image is malformed" family (SQLITE_CORRUPT): the file is a
    database whose pages do not hold together, not a locked, missing or foreign file."""
    return getattr(error, "sqlite_errorname", "") == "SQLITE_CORRUPT" or "malformed" in str(error)


def _file_of(connection: sqlite3.Connection) -> str:
    """The file name of a connection's main database (for messages)."""
    try:
        return Path(connection.execute("PRAGMA database_list").fetchone()[2]).name
    except (sqlite3.Error, TypeError, IndexError):
        return "账本"


def _damaged(path: Path, error: Exception, read: int = 0) -> LedgerDamaged:
    if read:
        return LedgerDamaged(f"账本「{path}」的文件已损坏或被截短，第 {read} 条之后的条目无法读出（{sqlite_reason(error)}；"
                             f"前 {read} 条的链完好）：其后的条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。")
    return LedgerDamaged(f"账本「{path}」的文件已损坏或被截短，无法读出任何条目（{sqlite_reason(error)}）："
                         "条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。")


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves so one command = one transaction.
    # timeout: a second command waits for the first one's transaction instead of failing at once.
    try:
        connection = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        # bytes that are not UTF-8 (a tampered file) are kept as they are, so the hash check names them
        connection.text_factory = lambda data: data.decode("utf-8", "surrogateescape")
        # round_key(...) in queries: round ids compared as fairness compares them (R1, r1, Ｒ１, "R 1")
        connection.create_function("round_key", 1, _sql_round_key, deterministic=True)
        connection.execute("PRAGMA journal_mode=DELETE")
        return connection
    except sqlite3.Error as error:
        if _is_damage(error):
            raise _damaged(path, error) from None
        raise InputError(f"无法打开账本「{path}」：{sqlite_reason(error)}。") from None
    except UnicodeDecodeError as error:
        # SQLite's own message quoted a damaged schema's bytes (near "T\xa6BLE"), which Python
        # cannot decode: the file was altered, and that is what the user is told
        said = error.object.decode("utf-8", "replace") if isinstance(error.object, bytes) else ""
        raise InputError(f"无法打开账本「{path}」：文件的数据库结构已损坏或被改动（数据库报告：{said}）。") from None


# A stored round id as round_key(...) takes it in a query: json_extract's text passed as its UTF-8
# bytes (a tampered entry's bytes that are not UTF-8 cannot reach a Python function as text: the
# query would fail, "user-defined function raised exception", before the chain check names the
# entry), and only a text round id (a number 1 is not the round "1", as before); keys compared as bytes.
ROUND_KEY_SQL = ("(json_type(entry_json, '$.round_id') = 'text'"
                 " AND round_key(CAST(json_extract(entry_json, '$.round_id') AS BLOB)) = round_key(?))")


def _sql_round_key(value):
    """round_key in SQL, as bytes (a key that holds such bytes cannot go back to SQLite as text)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    return round_key(value).encode("utf-8", "surrogateescape") if isinstance(value, str) else value


def _tables(connection: sqlite3.Connection, path: Path) -> set[str]:
    try:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:  # not a database at all ("file is not a database")
        connection.close()
        if _is_damage(error):
            raise _damaged(path, error) from None
        raise InputError(f"「{path}」不是 fundcheck 抽取账本（{sqlite_reason(error)}）。") from None


def open_existing(path: str | Path) -> sqlite3.Connection:
    """Open a ledger that must already exist (verify, show, reveal, substitute)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"账本「{path}」不存在。")
    if path.stat().st_size == 0:  # SQLite's empty database: 缺少 ledger 表 said it was some other file
        raise InputError(f"账本「{path}」是空文件（0 字节），其中没有任何条目：如这是原有的账本，它已被清空，请从备份恢复后重试。")
    connection = _connect(path)
    if "ledger" not in _tables(connection, path):
        connection.close()
        raise InputError(f"「{path}」不是 fundcheck 抽取账本（缺少 ledger 表）。")
    try:
        connection.execute("SELECT seq, prev_hash, entry_json, entry_hash FROM ledger LIMIT 1")
    except sqlite3.Error as error:
        connection.close()
        if _is_damage(error):
            raise _damaged(path, error) from None
        raise InputError(f"「{path}」的 ledger 表不是抽取账本的结构（{sqlite_reason(error)}）。") from None
    return connection


EMPTY_LEDGER_WAIT_SECONDS = 1.0  # how long a 0-byte ledger is given to be filled by a draw creating it


def open_or_create(path: str | Path) -> sqlite3.Connection:
    """Open a ledger, creating the file, table and triggers when new.

    A file that is there but empty (0 bytes) is refused: SQLite takes it for an empty database, and
    a ledger emptied (truncated, overwritten by a copy that failed, wiped to hide an earlier draw)
    restarted its chain at entry 1 with no word, an earlier draw of the round no longer making the
    next one a redraw. A new ledger is asked for by naming a file that does not exist. Another draw
    creating the ledger at this moment (two first draws started together) has it empty for a few
    microseconds, between SQLite's opening the file and its writing the table: a 0-byte file is
    given EMPTY_LEDGER_WAIT_SECONDS to be filled before it is refused; and a stop (Ctrl-C, SIGTERM)
    is held while the table is written, so an interrupted draw never leaves an empty file behind."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise InputError(f"账本所在目录「{path.parent}」不存在。")
    if path.parent and not path.parent.is_dir():  # draws.db/x.db where draws.db is the ledger: SQLite said only 无法打开
        raise InputError(f"账本路径「{path}」中的「{path.parent}」是文件，不是文件夹：请用 --ledger 指定账本文件本身"
                         "或一个已有文件夹中的文件名。")
    if path.is_file():
        if path.stat().st_size == 0 and not _filled_within(path, EMPTY_LEDGER_WAIT_SECONDS):
            raise InputError(EMPTY_LEDGER_REFUSED.format(path=path))
        return open_existing(path)  # never add a ledger table to another application's database
    from checker.core.stops import HeldStops

    held = HeldStops()
    try:
        connection = _connect(path)
        try:
            connection.executescript(_SCHEMA)
        except sqlite3.Error as error:
            connection.close()
            raise InputError(f"无法初始化账本「{path}」：{sqlite_reason(error)}。") from None
    finally:
        held.release(swallow=False)  # one that arrived stops the draw now, the ledger whole and without its entry
    return connection


EMPTY_LEDGER_REFUSED = ("账本「{path}」是空文件（0 字节）：如这是原有的账本，它已被清空，其中的条目已丢失；在其中记账会从第 1 条重新开始，"
                        "此前的抽取不再计入（再次抽取不再被认作重新抽取）。请从备份恢复账本后重试；如确要新建账本，"
                        "请删除该空文件，或用 --ledger 指定一个尚不存在的文件名。")


def _filled_within(path: Path, seconds: float) -> bool:
    """Whether the 0-byte file at ``path`` gets its first bytes within ``seconds`` (another draw creating it)."""
    import time

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        time.sleep(0.02)
        try:
            if path.stat().st_size > 0:
                return True
        except OSError:
            return False
    return False


# ---------------------------------------------------------------- reading


def entries(connection: sqlite3.Connection) -> Iterator[Entry]:
    """All entries in seq order; a file whose pages give out part-way (cut short, overwritten)
    raises LedgerDamaged after the entries read, naming the last of them."""
    read = 0
    try:
        cursor = connection.execute(
            "SELECT seq, prev_hash, entry_json, entry_hash FROM ledger ORDER BY seq")
        for row in cursor:
            read += 1
            yield Entry(*row)
    except sqlite3.DatabaseError as error:
        if not _is_damage(error):
            raise
        raise _damaged(Path(_file_of(connection)), error, read) from None


def head(connection: sqlite3.Connection) -> Head:
    """The last entry (by seq), or the genesis head when empty."""
    row = connection.execute(
        "SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return Head(*row) if row else Head(0, GENESIS)


def get(connection: sqlite3.Connection, seq: int) -> Entry | None:
    """The entry numbered ``seq``, if any."""
    row = connection.execute(
        "SELECT seq, prev_hash, entry_json, entry_hash FROM ledger WHERE seq = ?", (seq,)).fetchone()
    return Entry(*row) if row else None


def find(connection: sqlite3.Connection, **match: object) -> list[Entry]:
    """Entries whose JSON has all the given top-level values (small ledgers: linear scan)."""
    found = []
    for entry in entries(connection):
        data = entry.data
        if all(data.get(key) == value for key, value in match.items()):
            found.append(entry)
    return found


# ---------------------------------------------------------------- appending


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: a failed command appends nothing."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        # SQLite may have rolled back itself (a full disk): a second ROLLBACK would raise "no
        # transaction is active" and hide the reason
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def prepare(connection: sqlite3.Connection, data: dict) -> Entry:
    """The entry that appending ``data`` would create now (seq and hashes filled in).

    Refuses to extend a ledger whose chain does not verify, so tampering anywhere is never buried
    under new entries (verifying 100,000 entries takes well under a second).
    """
    verdict = verify(connection)
    if not verdict.ok:
        raise InputError(f"账本校验失败，拒绝追加：{verdict.message}请先运行 ledger verify 查明。")
    last = head(connection)
    body = dict(data, seq=last.seq + 1)
    text = canonical_json(body).decode("utf-8")
    return Entry(last.seq + 1, last.hash, text, entry_hash(last.hash, text))


def insert(connection: sqlite3.Connection, entry: Entry) -> Head:
    """Store a prepared entry (inside :func:`transaction`)."""
    connection.execute(
        "INSERT INTO ledger (seq, prev_hash, entry_json, entry_hash) VALUES (?, ?, ?, ?)",
        (entry.seq, entry.prev_hash, entry.entry_json, entry.entry_hash))
    return Head(entry.seq, entry.entry_hash)


def append(connection: sqlite3.Connection, data: dict) -> Head:
    """Prepare and insert in one transaction (for callers with nothing else to do atomically)."""
    with transaction(connection):
        return insert(connection, prepare(connection, data))


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Verdict:
    """Outcome of :func:`verify`: ok, a message, and the head reached."""

    ok: bool
    message: str
    count: int
    head: Head


def verify(connection: sqlite3.Connection, expected_head: str | None = None) -> Verdict:
    """Recompute the chain from the first entry; name the first broken entry.

    Catches edited JSON or hashes, reordered entries and entries deleted in the middle (even
    with the triggers dropped). With ``expected_head`` (a hash an inspector holds), also entries
    removed from the end and a chain rewritten from scratch: the held hash must still be in the
    chain, reached by valid links from the first entry.
    """
    prefix = head_prefix(expected_head) if expected_head else None
    prev = GENESIS
    expected_seq = 1
    head_at = None
    try:
        for entry in entries(connection):
            problem = _check_entry(entry, prev, expected_seq)
            if problem:
                return Verdict(False, problem, expected_seq - 1, Head(expected_seq - 1, prev))
            if prefix and entry.entry_hash.startswith(prefix):
                if head_at is not None:
                    raise InputError(f"头哈希前缀 {expected_head} 同时匹配第 {head_at} 条和第 {entry.seq} 条：请给出更长的前缀。")
                head_at = entry.seq
            prev = entry.entry_hash
            expected_seq += 1
    except LedgerDamaged as damaged:  # pages cut off after some entries were read
        return Verdict(False, str(damaged), expected_seq - 1, Head(expected_seq - 1, prev))
    count = expected_seq - 1
    final = Head(count, prev)
    if expected_head and head_at is None:
        return Verdict(False, f"账本中找不到持有的头哈希 {expected_head}：末尾条目被删除或整条链被重写"
                              f"（当前共 {count} 条，末条哈希 {prev}）。", count, final)
    if expected_head:
        tail = "" if head_at == count else f"，其后另有 {count - head_at} 条新条目"
        return Verdict(True, f"账本完整：{count} 条，持有的头哈希为第 {head_at} 条{tail}。", count, final)
    return Verdict(True, f"账本完整：{count} 条，末条第 {count} 条哈希 {prev}。", count, final)


def fields_overlap(stored, fields) -> bool:
    """Whether a ledger entry's field list shares a field with ``fields`` (a tampered entry's
    non-list or non-text fields share none)."""
    return isinstance(stored, list) and not {field for field in stored if isinstance(field, str)}.isdisjoint(fields)


ENTRY_TYPES_ZH = {"commit": "承诺", "draw": "抽取", "redraw": "重新抽取", "reveal": "揭示", "substitute": "替换"}


def type_zh(kind) -> str:
    """An entry type as a message names it (a tampered entry's type may be a list or an object)."""
    if isinstance(kind, str):
        return ENTRY_TYPES_ZH.get(kind, kind)
    return json.dumps(kind, ensure_ascii=False, default=str)  # as the entry wrote it


HEAD_PREFIX_MIN = 16  # hex digits: 64 bits. A forger rewriting the chain must hit the held prefix;
# 8 digits (32 bits) take a few billion tries, minutes on one graphics card. `ledger show` prints 16.


def head_prefix(text: str) -> str:
    """A held head: the full hash or a prefix of at least 16 hex digits (anything else is a usage
    error, never reported as tampering)."""
    prefix = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{%d,64}" % HEAD_PREFIX_MIN, prefix):
        raise InputError(f"头哈希「{text}」应为账本条目哈希或其至少 {HEAD_PREFIX_MIN} 位的十六进制前缀"
                         "（前缀过短，伪造者可以算出一条前缀相同的新链）。")
    return prefix


def _check_entry(entry: Entry, prev: str, expected_seq: int) -> str:
    """"" when the entry links correctly, else one sentence naming it."""
    where = f"第 {expected_seq} 条"
    if not all(isinstance(value, str) for value in (entry.prev_hash, entry.entry_json, entry.entry_hash)):
        return f"{where}的内容或哈希缺失或类型不对（不是文本）：条目被改动。"
    if isinstance(entry.seq, int) and not isinstance(entry.seq, bool) and entry.seq < expected_seq:
        # a row copied in twice, or numbered back (a table rebuilt by hand without its key): "第 3 条
        # 缺失（下一条编号为 2）" named a gap where the ledger holds a repeat (h134)
        return f"第 {expected_seq - 1} 条之后又出现编号为 {entry.seq} 的条目：条目编号重复或倒序，账本被手工改动（条目被复制或重新编号）。"
    if entry.seq != expected_seq:
        return f"{where}缺失（下一条编号为 {entry.seq}）：条目被删除或重新编号。"
    if entry.prev_hash != prev:
        return f"{where}的前一哈希与第 {expected_seq - 1} 条的哈希不符：条目被删除、调换或改写。"
    if entry_hash(entry.prev_hash, entry.entry_json) != entry.entry_hash:
        return f"{where}的内容与其哈希不符：条目内容或哈希被改动。"
    try:
        data = json.loads(entry.entry_json)
    except (ValueError, RecursionError):
        return f"{where}的内容不是有效的 JSON。"
    if not isinstance(data, dict) or data.get("seq") != entry.seq:
        return f"{where}内记载的编号与其位置不符：条目被移动。"
    # No canonical re-encoding check here: the hash already pins the exact bytes, and re-encoding
    # would double the time of verifying a 100,000-entry ledger.
    return ""
