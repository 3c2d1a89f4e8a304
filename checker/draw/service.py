"""Draw commands as all-or-nothing transactions: new, commit, reveal, substitute, verify.

Every command validates all its input first, then appends its ledger entry and writes its record
(and panel file) together: the files are written to temporary names inside the ledger transaction
and moved into place only after it committed, so a failed command appends nothing and leaves no
half-written record. The command line (checker/cli/draw.py) only parses options and prints.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from checker.draw import jsontext
from checker.draw import ledger as ledger_mod
from checker.draw import record as draw_mod
from checker.draw import rfc3797
from checker.draw.panel import default_panel_path, write_panel_file
from checker.draw.pool import Pool, collector_paused, read_pool
from checker.draw.recusal import read_exclusion_inputs
from checker.draw.verify import (candidates_difference, emptied_ledger_message, superseded_message, verify_against_ledger,
                                 verify_record)
from checker.core.stops import HeldStops
from checker.core.text import same_round
from checker.errors import InputError, os_reason, read_reason, sqlite_reason, structure_reason
from checker.io.outputs import temp_path_for, track_temp, untrack_temp
from checker.io.table import read_ahead


# ---------------------------------------------------------------- files


def load_record(path: str | Path) -> dict:
    """A draw or commit record. A byte-order mark in front (the record opened and saved in Notepad, which
    adds one) is no part of the JSON: read as it was, the record was refused in words from the JSON
    library (Unexpected UTF-8 BOM) though every value was as written; it re-derives or not as any other."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"记录文件「{path}」不存在。") from None
    except (OSError, ValueError, RecursionError) as error:
        raise InputError(f"无法读取记录文件「{path}」：{read_reason(error)}。") from None
    if not isinstance(data, dict):
        raise InputError(f"记录文件「{path}」不是 JSON 对象。")
    return data


def check_output(path: Path, *, force: bool, replace_allowed: bool = False) -> None:
    """Before any ledger work: the output can be written, and an existing file is replaced only
    when the command rewrites its own record (substitute) or with --force."""
    if not path.parent.is_dir():
        if path.parent.exists():  # out/draw.json where out is a file: "does not exist" sent the office looking for it
            raise InputError(f"输出路径「{path}」中的「{path.parent}」是文件，不是文件夹：请指定一个已有文件夹中的文件名。")
        raise InputError(f"输出目录「{path.parent}」不存在。")
    if not os.access(path.parent, os.W_OK):
        raise InputError(f"输出目录「{path.parent}」不可写。")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InputError(f"输出路径「{path}」是文件夹、符号链接或特殊文件，无法写入。")
    if path.exists() and not (force or replace_allowed):
        raise InputError(f"输出文件「{path}」已存在；请换一个文件名，或加 --force 覆盖。")


def refuse_same_file(**paths) -> None:
    """The record, the panel file and the ledger are different files: one moved onto another would
    replace a draw's record by its workbook, or the whole append-only ledger by one record."""
    seen: dict[Path, str] = {}
    for what, path in paths.items():
        if path is None:
            continue
        where = Path(path).resolve()
        if where in seen:
            raise InputError(f"{seen[where]}与{what}是同一个文件「{path}」：请分别指定不同的文件。")
        seen[where] = what


# suffixes of files the office opens in a spreadsheet or word processor: a record (JSON) written under
# one of them does not open there, and was most likely meant as the panel file (--panel-out)
_NOT_A_RECORD = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".doc", ".docx", ".wps", ".pdf")
PANEL_SUFFIXES = (".xlsx", ".csv")  # what write_panel_file writes: a workbook, or CSV for a .csv name


def refuse_misnamed_outputs(out: Path | None = None, panel: Path | None = None, what: str = "抽取记录") -> None:
    """`--out 专家名单.xlsx` wrote the record's JSON under a workbook's name (Excel cannot open it) and
    the panel beside it; `--panel-out 名单.xls` or `.txt` wrote an .xlsx workbook under a name that
    does not open as one. Refused before anything is read, naming the option meant."""
    if out is not None and Path(out).suffix.lower() in _NOT_A_RECORD:
        raise InputError(f"{what}（--out）「{out}」是 JSON 文件，不能以 {Path(out).suffix} 为扩展名（无法用表格或文字处理软件打开）："
                         + ("请改用 .json；交组织科室的专家名单文件请用 --panel-out 指定。" if what == "抽取记录" else "请改用 .json。"))
    if panel is not None and Path(panel).suffix.lower() not in PANEL_SUFFIXES:
        raise InputError(f"专家名单文件（--panel-out）「{panel}」的扩展名应为 .xlsx（Excel 工作簿）或 .csv："
                         f"写成「{Path(panel).suffix or '无扩展名'}」的文件无法直接打开。")


def _sync(path: Path) -> None:
    """fsync a file or a folder (the folder: where the system allows opening one, not Windows)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return  # a folder cannot be opened here (Windows): its entries are flushed by the system
        raise
    try:
        os.fsync(descriptor)
    except OSError as error:
        # a file system that cannot sync (a folder on an SMB/CIFS share or some FUSE mounts says
        # EINVAL): nothing more can be done there, and refusing every draw on it helps no one; a
        # real write error (EIO, ENOSPC) still stops the draw
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(descriptor)


def _move_if_absent(temp: Path, path: Path) -> None:
    """Move ``temp`` to ``path`` unless a file is there: another draw started at the same time that
    wrote the same record file after this one checked it. Both draws were told their record was
    there, and one entry's record was lost. A hard link never replaces; where the file system has
    none, the check and the move are as close as they can be."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise InputError(f"输出文件「{path}」已存在（可能是同时进行的另一次抽取刚写入的），本次抽取未记录；"
                         "请换一个文件名后重新抽取。") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if path.exists():
            raise InputError(f"输出文件「{path}」已存在（可能是同时进行的另一次抽取刚写入的），本次抽取未记录；"
                             "请换一个文件名后重新抽取。") from None
        os.replace(temp, path)
        return
    temp.unlink()


class Outputs:
    """Files written to temporary names, moved into place inside the ledger transaction (before
    COMMIT): a draw is never recorded without its files, nor its files left without the entry."""

    def __init__(self, replace: bool = True) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.published: list[Path] = []
        self.replace = replace  # False: a file that appeared since check_output is never written over
        # path → a second name of the file it replaced (draw substitute rewrites the record and panel of
        # record): put back when the COMMIT fails, so that a failed step leaves the earlier files as
        # they were instead of deleting them with the new ones; removed once the entry is committed
        self.replaced: dict[Path, Path] = {}

    def _temp(self, path: Path) -> Path:
        temp = temp_path_for(path)  # a killed draw's (its panel names experts) is removed by the next run
        track_temp(temp)
        self.pending.append((temp, path))
        return temp

    def json(self, path: Path, data: dict) -> None:
        # the bytes of json.dumps(data, ensure_ascii=False, indent=2) + "\n" as write_text wrote them,
        # by orjson when that is the same (no float...): the pure-Python indenting encoder took ~0.34 s
        # for the 4.9 MB record of a 100,000-expert pool (checker/draw/jsontext.py)
        self._temp(path).write_bytes(jsontext.indented(data))

    def panel(self, path: Path, record: dict, pool: Pool | None) -> None:
        write_panel_file(self._temp(path), record, pool)

    def publish(self) -> None:
        """Move the files into place, on disk before the ledger's COMMIT (which SQLite syncs): a
        power cut after it must not leave an entry whose record is an empty file."""
        for temp, _ in self.pending:
            _sync(temp)
        for temp, path in self.pending:
            if self.replace:
                self._keep_replaced(path)
                os.replace(temp, path)
            else:
                _move_if_absent(temp, path)
            untrack_temp(temp)
            self.published.append(path)
        for folder in dict.fromkeys(path.parent for _, path in self.pending):
            _sync(folder)  # the renames themselves
        self.pending = []

    def _keep_replaced(self, path: Path) -> None:
        """A second name for the file ``path`` holds before it is replaced (a hard link: no copy)."""
        if not path.is_file():
            return
        backup = temp_path_for(path)
        track_temp(backup)
        try:
            os.link(path, backup)
        except OSError:  # no hard links here (a FAT stick, some network shares): a copy
            shutil.copy2(path, backup)
        self.replaced[path] = backup

    def discard(self, published_too: bool = False) -> None:
        for temp, _ in self.pending:
            temp.unlink(missing_ok=True)
            untrack_temp(temp)
        self.pending = []
        if published_too:
            for path in self.published:
                backup = self.replaced.pop(path, None)
                if backup is not None:
                    os.replace(backup, path)  # the earlier record or panel, as it was
                    untrack_temp(backup)
                else:
                    path.unlink(missing_ok=True)
        self.drop_replaced()

    def drop_replaced(self) -> None:
        """The entry is committed (or the step failed and what could be put back was): the second
        names of the replaced files go."""
        for backup in self.replaced.values():
            try:
                backup.unlink(missing_ok=True)
            except OSError:
                continue  # left tracked: removed on the way out, or by the next run (_sweep_once)
            untrack_temp(backup)
        self.replaced = {}


# ---------------------------------------------------------------- the ledger step


def previous_draws(connection, round_id: str, fields: list[str]) -> list[dict]:
    """Earlier commits / draws / redraws / reveals of the same round and field(s) in the ledger.

    Field sets that overlap count too (one draw per round and field): a draw of 新材料、智能制造 after
    one of 新材料 draws 新材料's experts for that round again. Matching equal sets only, a second
    draw (or a second commit, naming another lottery) with one field added needed no reason, and
    either panel could be kept."""
    rows = connection.execute(
        "SELECT seq, entry_hash, entry_json FROM ledger WHERE json_valid(entry_json)"
        f" AND {ledger_mod.ROUND_KEY_SQL}"  # R1, r1, Ｒ１, "R 1": one round
        " AND json_extract(entry_json, '$.type') IN ('commit', 'draw', 'redraw', 'reveal')"
        " ORDER BY seq", (round_id,)).fetchall()
    found = []
    for seq, digest, text in rows:
        data = json.loads(text)
        if ledger_mod.fields_overlap(data.get("fields"), fields):
            found.append({"entry": seq, "hash": digest, "type": data.get("type")})
    return found


def entries_referring_to(connection, draw_sha256: str, types: tuple[str, ...]) -> list[ledger_mod.Entry]:
    """Ledger entries of these types that refer to the draw with this hash."""
    return [entry for entry in ledger_mod.entries(connection)
            if entry.data.get("type") in types and entry.data.get("draw_sha256") == draw_sha256]


def _note_dropped_recusals(connection, record: dict, previous: list[dict]) -> None:
    """A redraw must not quietly lose a recusal: experts excluded by an earlier draw of the same
    round and field who are eligible now are named in the record's warnings (and printed)."""
    if not previous:
        return
    excluded_before: set[str] = set()
    for item in previous:
        entry = ledger_mod.get(connection, item["entry"])
        excluded_before.update(e["expert_id"] for e in (entry.data.get("excluded") or []) if entry)
    dropped = sorted(excluded_before & set(record.get("eligible", [])))
    if dropped:
        record["warnings"].append(
            f"此前抽取中被回避的专家 {'、'.join(dropped)} 本次未被回避：请核对本次的回避名单（申报单位、回避情形、本局人员）是否完整。"
        )


def _note_renamed_round(connection, record: dict) -> None:
    """A first draw of a round id that looks like an earlier one renamed (R9 before R9补, R-9), with
    overlapping fields and the same eligible list: the audit (DRAW-RANDOM) and fairness flag it as a
    redraw recorded as a first draw; said now, before the office relies on it."""
    from checker.fairness.model import extends_round

    for seq, text in connection.execute(
            "SELECT seq, entry_json FROM ledger WHERE json_valid(entry_json)"
            " AND json_extract(entry_json, '$.type') IN ('commit', 'draw', 'redraw') ORDER BY seq"):
        data = json.loads(text)
        other = data.get("round_id")
        if (isinstance(other, str) and ledger_mod.fields_overlap(data.get("fields"), record["fields"])
                and data.get("eligible_sha256") == record.get("eligible_sha256")
                and extends_round(other, record["round_id"])):
            record["warnings"].append(
                f"账本第 {seq} 条已为轮次 {other} 抽取（领域重叠、可抽取名单相同），本轮次 {record['round_id']} 与之只差几个字："
                "如为同一轮次重新抽取，请用原轮次编号并加 --redraw-reason 说明原因；否则审计和公平性分析会要求说明原名单为何未用。")
            return


OPEN_COMMIT_DAYS = 30  # an unrevealed commit this recent, in an overlapping field, is named at the next commit or draw


def _note_open_commit(connection, record: dict) -> None:
    """A first commit or draw of a round while a commit of another round in an overlapping field,
    made in the last OPEN_COMMIT_DAYS days, has not been revealed: committing again under another id
    (with one more recusal, so the eligible list differs) and revealing only the commit whose panel
    suits is the commit-and-pick the two steps exist to prevent (h103). Said now, in the record's
    warnings (hashed into its entry); fairness names it too."""
    revealed = {data["commit"].get("entry") for (text,) in connection.execute(
        "SELECT entry_json FROM ledger WHERE json_valid(entry_json) AND json_extract(entry_json, '$.type') = 'reveal'")
        if isinstance(data := json.loads(text), dict) and isinstance(data.get("commit"), dict)}
    at = _day_of(record.get("committed_at") or record.get("drawn_at"))
    for seq, text in connection.execute(
            "SELECT seq, entry_json FROM ledger WHERE json_valid(entry_json)"
            " AND json_extract(entry_json, '$.type') = 'commit' ORDER BY seq"):
        data = json.loads(text)
        other, day = data.get("round_id"), _day_of(data.get("at"))
        if (seq in revealed or not isinstance(other, str) or same_round(other, record["round_id"])
                or not ledger_mod.fields_overlap(data.get("fields"), record["fields"])
                or at is None or day is None or (at - day).days > OPEN_COMMIT_DAYS):
            continue
        if any(f"账本第 {seq} 条" in warning for warning in record["warnings"]):
            continue  # _note_renamed_round named it already
        record["warnings"].append(
            f"本次{'承诺' if record.get('kind') == 'commit' else '抽取'}时，账本第 {seq} 条承诺（轮次 {other}，{day.isoformat()}）与本次领域重叠，尚未揭示：如本次与之是同一次评审，"
            "须揭示原承诺而不是另行承诺或抽取（原承诺的名单在其来源开奖后即可算出，只揭示合意的一次即失去两步抽取的意义）；"
            "如不是，请在评审记录中说明原承诺为何未揭示。审计和公平性分析会列出未揭示的承诺。")


def _day_of(stamp):
    try:
        return datetime.fromisoformat(str(stamp)).date()
    except ValueError:
        return None


def _note_unused_reason(record: dict, reason: str | None) -> None:
    # A reason given for a first draw is not silently lost: it is kept as a warning.
    if reason and reason.strip() and not record.get("redraw"):
        record["warnings"].append(f"给出了 --redraw-reason（{reason.strip()}），但账本中没有本轮次该领域的先前抽取，"
                                  "按首次抽取处理。")


def _refuse_same_seed(connection, record: dict, previous: list[dict]) -> None:
    """A redraw with the numbers of an earlier draw would reproduce its panel: no redraw at all."""
    key = draw_mod.seed_key_sha256(record)
    same = [item["entry"] for item in previous
            if key and (entry := ledger_mod.get(connection, item["entry"])) and entry.data.get("seed_key_sha256") == key]
    if same:
        raise InputError(f"本次随机数与账本第 {same[-1]} 条的抽取相同，会得到同一名单：重新抽取须使用新的公开随机数。")


def _ledger_ref(head: ledger_mod.Head, at: str) -> dict:
    return {"entry": head.seq, "hash": head.hash, "at": at}


def _stamp_entry(key: str):
    """A stamp that records the new entry under record["ledger"][key] and as the head."""
    def stamp(record: dict, head: ledger_mod.Head, at: str) -> None:
        record["ledger"][key] = _ledger_ref(head, at)
        record["ledger"]["head"] = head.as_dict()
    return stamp


def _record_in_ledger(record: dict, ledger_path, redraw_reason, make_entry, out: Path, panel_out, pool, stamp_key: str,
                      *, replace: bool = True, on_recorded=None):
    """Mark a redraw (one draw per round and field), then append the entry and write the record.

    Shared by `draw new` and `draw commit`. The one-draw check, the append and the file writes
    happen inside one BEGIN IMMEDIATE transaction: two draws started together for the same round
    and field are serialised, and the second one is a redraw (with a reason) or refused.
    """
    connection = ledger_mod.open_or_create(ledger_path)

    def decide(connection_) -> dict:
        previous = previous_draws(connection_, record["round_id"], record["fields"])
        last = ledger_mod.get(connection_, previous[-1]["entry"]) if previous else None
        record["redraw"] = draw_mod.redraw_block(previous, redraw_reason, record["round_id"], record["fields"],
                                                 last.data.get("fields") if last else None)
        if previous and record.get("seed"):
            _refuse_same_seed(connection_, record, previous)
        _note_unused_reason(record, redraw_reason)
        _note_dropped_recusals(connection_, record, previous)
        when = "drawn_at" if "drawn_at" in record else "committed_at"
        record[when] = _time_after_wait(connection_, record[when])
        if not previous:
            _note_renamed_round(connection_, record)
            _note_open_commit(connection_, record)
        record["ledger"] = {"file": str(ledger_path)}
        return make_entry(record)

    try:
        return _append_and_write(connection, decide, record, out, panel_out, pool, _stamp_entry(stamp_key), replace=replace,
                                 on_recorded=on_recorded)
    finally:
        connection.close()


def _append_and_write(connection, make_entry, record: dict, out: Path, panel_out: Path | None,
                      pool: Pool | None, stamp, *, replace: bool = True, on_recorded=None) -> ledger_mod.Head:
    """One transaction: decide the entry, stamp the record, write files to temporary names, insert
    the entry, move the files into place, COMMIT. Any failure before COMMIT rolls the ledger back and
    removes the files; a failed COMMIT removes the files it had published.

    ``on_recorded(head, out)`` is called once the COMMIT returned, before the stops held across the
    step are let through: a stop that ends the command from then on (a library caller's Ctrl-C, the
    program's are spent) finds the command saying its entry is in, never 未记入账本."""
    outputs = Outputs(replace)
    held, committed = _hold_stops(), False
    try:
        with ledger_mod.transaction(connection):
            entry_data = _decided(connection, make_entry) if callable(make_entry) else make_entry
            entry = ledger_mod.prepare(connection, entry_data)
            _refuse_time_going_back(connection, entry.seq - 1, entry_data["at"])
            head = ledger_mod.Head(entry.seq, entry.entry_hash)
            stamp(record, head, entry_data["at"])
            outputs.json(out, record)
            if panel_out is not None:
                outputs.panel(panel_out, record, pool)
            ledger_mod.insert(connection, entry)
            outputs.publish()
        committed = True
        outputs.drop_replaced()
    except OSError as error:
        outputs.discard(published_too=True)
        raise InputError(f"无法写入输出文件「{getattr(error, 'filename', None) or out}」，抽取未记录：{os_reason(error)}。") from None
    except sqlite3.Error as error:
        outputs.discard(published_too=True)
        raise InputError(f"无法写入账本，抽取未记录：{sqlite_reason(error)}。") from None
    except BaseException:
        outputs.discard(published_too=True)
        raise
    finally:
        try:
            if committed and on_recorded is not None:
                on_recorded(head, out)
        finally:
            _release_stops(held, swallow=committed)
    return head


def _decided(connection, make_entry) -> dict:
    """make_entry's entry; where it refuses, a ledger whose chain does not verify is said first: on a
    ledger edited by hand (an entry copied in twice), draw substitute said 记录不是最新的 and sent the
    office looking for a newer record (h134). The chain is verified only then: ledger_mod.prepare
    verifies it for every entry anyway."""
    try:
        return make_entry(connection)
    except InputError:
        verdict = ledger_mod.verify(connection)
        if not verdict.ok:
            raise InputError(f"账本校验失败，拒绝追加：{verdict.message}请先运行 ledger verify 查明。") from None
        raise


def _time_after_wait(connection, at: str) -> str:
    """The command's time, taken again once the ledger is held when another command appended an entry
    dated after it meanwhile: two draws started together on one ledger (each reads its pool, then
    waits for the other's transaction), the second one's time, taken before the wait, was before the
    first one's entry and it was refused as a clock set back. The time is in no hash (drawn_at,
    committed_at and a substitution's at are compared with the entry only). A clock really set back
    is still before the last entry when asked again, and _refuse_time_going_back refuses it."""
    last = ledger_mod.get(connection, ledger_mod.head(connection).seq)
    before = last.data.get("at") if last else None
    try:
        waited = isinstance(before, str) and datetime.fromisoformat(at) < datetime.fromisoformat(before)
    except (ValueError, TypeError):
        return at
    return draw_mod.now() if waited else at


def _refuse_time_going_back(connection, last_seq: int, at: str) -> None:
    """Entries are appended in time order: one dated before the last entry means the computer's
    clock was set back (a draw backdated to before the review, or a redraw hidden before the draw
    it replaced). A ledger's own entries of another shape are left to ledger verify."""
    last = ledger_mod.get(connection, last_seq)
    before = last.data.get("at") if last else None
    try:
        earlier = isinstance(before, str) and datetime.fromisoformat(at) < datetime.fromisoformat(before)
    except (ValueError, TypeError):  # not a time, or one without its offset: not comparable
        return
    if earlier:
        raise InputError(f"本机时间 {at} 早于账本第 {last_seq} 条的时间 {before}：电脑时钟可能被调回过，"
                         "账本条目须按时间先后追加；请校准时钟后重试。")


def _hold_stops() -> HeldStops:
    """Ctrl-C and SIGTERM held while a draw is entered in the ledger and its files moved into place.
    Arriving during the COMMIT (SQLite's fsync), Ctrl-C was raised once it returned: the committed
    draw's record and panel files were deleted as a failed draw's, and the run said 本次运行未完成."""
    return HeldStops()


def _release_stops(held: HeldStops, *, swallow: bool) -> None:
    """Let the held signals through again; ``swallow``: the draw is recorded, so one that arrived
    meanwhile is spent (the command ends as it did, reporting the draw), not raised."""
    held.release(swallow)


# ---------------------------------------------------------------- the commands


@dataclass
class DrawInputs:
    """What every new draw or commit reads: the pool, the field(s), the policy, recusal lists."""

    pool_path: str
    fields: tuple[str, ...]
    round_id: str
    ledger_path: str
    size: int = draw_mod.DEFAULT_PANEL_SIZE
    alternates: int = draw_mod.DEFAULT_ALTERNATES
    applicants: str | None = None
    conflicts: str | None = None
    staff: tuple[str, ...] = ()
    operator: str = draw_mod.DEFAULT_OPERATOR
    redraw_reason: str | None = None
    warn_multiple: int = draw_mod.DEFAULT_WARN_MULTIPLE
    force: bool = False  # replace existing output files


@dataclass
class Done:
    """What a command did, for the command line to print."""

    record: dict
    head: ledger_mod.Head
    out: Path
    panel: Path | None = None
    commit_entry: ledger_mod.Entry | None = None
    substitution: dict | None = None
    pool: Pool | None = None
    extra: dict = field(default_factory=dict)


# What a draw imports after reading its pool, imported while calamine parses the pool (read_ahead):
# the side lists' reader (an applicants list is read as an application table), the renamed-round
# check's model, the panel file's writer.
_AFTER_POOL = ("checker.check.intake", "checker.fairness.model", "xlsxwriter")


def _prepare(inputs: DrawInputs) -> tuple[Pool, draw_mod.Prepared]:
    read_ahead(*_AFTER_POOL)
    try:
        pool = read_pool(inputs.pool_path)
    finally:
        read_ahead()  # a pool without a sheet to parse (CSV, JSON): nothing left for a later read
    policy = draw_mod.Policy(panel_size=inputs.size, alternates=inputs.alternates, warn_below_multiple=inputs.warn_multiple)
    recusal = read_exclusion_inputs(pool, inputs.applicants, inputs.conflicts, inputs.staff)
    # the --conflicts file, given or not: an empty 回避名单 given is not one left out (unrecused_warning)
    return pool, draw_mod.prepare(pool, inputs.round_id, inputs.fields, policy, recusal, pool_file=inputs.pool_path,
                                  conflicts_file=inputs.conflicts or None)


def parse_sources(random_sources) -> list[list[int]]:
    return [rfc3797.parse_source(text) for text in random_sources]


def default_record_path(round_id: str, kind: str) -> Path:
    """<round id>.draw.json / .commit.json in the current folder (the id made a safe file name)."""
    from checker.report.text import safe_name  # here: the report wing imports jinja2 and the rule models

    return Path(f"{safe_name(round_id.strip()) or 'draw'}.{kind}.json")


def new_draw(inputs: DrawInputs, out: Path | None, panel_out: Path | None, random_sources=(), source_names=(), *,
             on_recorded=None) -> Done:
    """Draw a panel in one step: recusal, RFC 3797 picks, ledger entry, record and panel file."""
    # The cycle collector stays paused for the whole command, not only while the pool is read: its
    # first passes after the read walked the ~300,000 objects of a 100,000-expert pool (none in a
    # cycle) again and again while the draw, the record and openpyxl's import allocated: ~0.1 s.
    with collector_paused():
        return _new_draw(inputs, out, panel_out, random_sources, source_names, on_recorded)


def _new_draw(inputs: DrawInputs, out: Path | None, panel_out: Path | None, random_sources, source_names,
              on_recorded=None) -> Done:
    out = out or default_record_path(inputs.round_id, "draw")
    panel_path = panel_out or default_panel_path(out)
    refuse_same_file(记录文件=out, 专家名单文件=panel_path, 账本=inputs.ledger_path)
    refuse_misnamed_outputs(out, panel_out)
    check_output(out, force=inputs.force)
    check_output(panel_path, force=inputs.force)
    pool, prepared = _prepare(inputs)
    if random_sources:
        seed = draw_mod.public_seed(parse_sources(random_sources), [n.strip() for n in source_names], committed=False)
        draw_mod.refuse_repeated_sources([source["name"] for source in seed["sources"]])
        draw_mod.refuse_repeated_unnamed_numbers(seed["sources"])
        draw_mod.refuse_undrawn_sources([source["name"] for source in seed["sources"]], draw_mod.now())
    elif source_names:
        raise InputError("给出了 --source-name 但没有 --random-source。")
    else:
        seed = draw_mod.local_seed(draw_mod.new_secret())
    record = draw_mod.build_record(prepared, seed, inputs.operator, draw_mod.now())
    head = _record_in_ledger(
        record, inputs.ledger_path, inputs.redraw_reason,
        lambda r: draw_mod.draw_entry(r, "redraw" if r["redraw"] else "draw"),
        out, panel_path, pool, "draw_entry", replace=inputs.force, on_recorded=on_recorded,
    )
    return Done(record, head, out, panel_path)


def commit_draw(inputs: DrawInputs, out: Path | None, sources, *, on_recorded=None) -> Done:
    """Step 1 of 2: fix pool, exclusions, policy and the future public sources in the ledger."""
    with collector_paused():  # as new_draw
        return _commit_draw(inputs, out, sources, on_recorded)


def _commit_draw(inputs: DrawInputs, out: Path | None, sources, on_recorded=None) -> Done:
    out = out or default_record_path(inputs.round_id, "commit")
    refuse_same_file(承诺记录文件=out, 账本=inputs.ledger_path)
    refuse_misnamed_outputs(out, what="承诺记录")
    check_output(out, force=inputs.force)
    _, prepared = _prepare(inputs)
    record = draw_mod.commit_record(prepared, sources, inputs.operator, draw_mod.now())
    head = _record_in_ledger(record, inputs.ledger_path, inputs.redraw_reason, draw_mod.commit_entry, out, None, None, "commit_entry",
                             replace=inputs.force, on_recorded=on_recorded)
    return Done(record, head, out)


def _find_commit(connection, record: dict) -> ledger_mod.Entry:
    ref = (record.get("ledger") or {}).get("commit_entry") or {}
    entry = ledger_mod.get(connection, ref.get("entry", -1))
    if entry is None or entry.entry_hash != ref.get("hash") or \
            entry.data.get("commit_sha256") != record.get("commit_sha256"):
        raise InputError(f"账本中没有与该承诺记录相符的承诺条目（第 {ref.get('entry')} 条）：不能揭示未承诺的抽取。")
    revealed = connection.execute(
        "SELECT seq FROM ledger WHERE json_extract(entry_json, '$.type') = 'reveal'"
        " AND json_extract(entry_json, '$.commit.commit_sha256') = ?", (record["commit_sha256"],)).fetchone()
    if revealed:
        raise InputError(f"该承诺已在账本第 {revealed[0]} 条揭示过，不能再次揭示。")
    later = [item for item in previous_draws(connection, entry.data.get("round_id"), entry.data.get("fields"))
             if item["entry"] > entry.seq]
    if later:  # else two commits naming different lotteries: reveal whichever panel is wanted
        raise InputError(f"本轮次该领域在该承诺之后已在账本第 {later[0]['entry']} 条重新承诺或抽取（{ledger_mod.type_zh(later[0]['type'])}）："
                         "该承诺已被取代，不能揭示。")
    return entry


def reveal_draw(commit_path: str, ledger_path: str, random_sources, out: Path | None, pool_path: str | None,
                panel_out: Path | None, operator: str, force: bool = False, *, on_recorded=None) -> Done:
    """Step 2 of 2: draw with the committed sources' published numbers."""
    try:
        return _reveal_draw(commit_path, ledger_path, random_sources, out, pool_path, panel_out, operator, force, on_recorded)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError) as error:  # nothing appended (rolled back)
        raise InputError(f"承诺记录「{commit_path}」的结构或字段类型不符合承诺记录格式（{structure_reason(error)}），"
                         "不能揭示。") from None


def _reveal_draw(commit_path: str, ledger_path: str, random_sources, out: Path | None, pool_path: str | None,
                 panel_out: Path | None, operator: str, force: bool, on_recorded=None) -> Done:
    commit = load_record(commit_path)
    out = out or default_record_path(str(commit.get("round_id") or "draw"), "draw")
    panel_path = panel_out or default_panel_path(out)
    refuse_same_file(承诺记录文件=commit_path, 记录文件=out, 专家名单文件=panel_path, 账本=ledger_path)
    refuse_misnamed_outputs(out, panel_out)
    check_output(out, force=force)
    check_output(panel_path, force=force)
    prepared = draw_mod.prepared_from_commit(commit)
    pool = read_pool(pool_path) if pool_path else None
    if pool and pool.sha256 != commit["pool"]["sha256"]:
        raise InputError(f"专家库文件「{pool_path}」的哈希与承诺时不同：专家库在承诺后被改动。")
    if pool:
        _refuse_changed_recusal_columns(pool_path, commit, pool, "承诺记录", "揭示")
    numbers = parse_sources(random_sources)
    draw_mod.check_reveal_sources(commit, numbers, draw_mod.now())
    seed = draw_mod.public_seed(numbers, commit["sources"])
    record = draw_mod.build_record(prepared, seed, operator, draw_mod.now())
    record["algorithm"] = commit["algorithm"]  # the algorithm committed to, not today's build
    record["redraw"] = commit.get("redraw")
    found: dict = {}

    def decide(connection_) -> dict:
        # inside the transaction: the commit is there and not yet revealed, whoever else is revealing
        commit_entry = found["commit"] = _find_commit(connection_, commit)
        record["commit"] = {"entry": commit_entry.seq, "hash": commit_entry.entry_hash,
                            "at": commit["committed_at"], "commit_sha256": commit["commit_sha256"],
                            "sources": commit["sources"]}
        record["draw_sha256"] = ledger_mod.sha256_json(draw_mod.draw_core(record))
        record["drawn_at"] = _time_after_wait(connection_, record["drawn_at"])
        record["ledger"] = {"file": str(ledger_path),
                            "commit_entry": _ledger_ref(ledger_mod.Head(commit_entry.seq, commit_entry.entry_hash),
                                                        commit["committed_at"])}
        return draw_mod.draw_entry(record, "reveal")

    connection = ledger_mod.open_existing(ledger_path)
    try:
        head = _append_and_write(connection, decide, record, out, panel_path, pool, _stamp_entry("draw_entry"), replace=force,
                                 on_recorded=on_recorded)
    finally:
        connection.close()
    commit_entry = found["commit"]
    return Done(record, head, out, panel_path, commit_entry=commit_entry)


def _refuse_changed_recusal_columns(pool_path: str, record: dict, pool: Pool, what: str, step: str) -> None:
    """The pool's hash covers 专家编号, 姓名, 工作单位, 专业领域 and 状态, not the columns recusal also
    reads (工作单位统一社会信用代码, 是否本局工作人员): a pool changed there since the commit or draw was
    taken as the same, and draw verify then said 不一致. The candidates are compared, as draw verify does."""
    problem = candidates_difference(record, pool)
    if problem:
        raise InputError(f"专家库文件「{pool_path}」与{what}不符：{problem}"
                         f"专家库中回避所依据的列（工作单位统一社会信用代码、是否本局工作人员）在{what[:2]}后被改动，"
                         f"不能{step}；请使用{what[:2]}时的专家库文件。")


def substitute(record_path: str, expert_id: str, reason: str, ledger_path: str | None, pool_path: str | None,
               panel_out: Path | None, *, on_recorded=None) -> Done:
    """Replace a panel member by the next unused alternate (never a re-run); logged in the ledger."""
    path = Path(record_path)
    record = load_record(record_path)
    check_output(path, force=False, replace_allowed=True)
    if panel_out and not pool_path:
        # the panel file is written with the pool's names and units: without --pool, --panel-out was
        # passed over and the substitution recorded, and it cannot be run again to write the file (h134)
        raise InputError(f"给出了 --panel-out「{panel_out}」但没有 --pool：专家名单文件要按专家库写出姓名和工作单位，"
                         "请同时用 --pool 给出抽取时的专家库后重试（本次替换未记录）。")
    if panel_out:
        refuse_misnamed_outputs(panel=panel_out)
        check_output(panel_out, force=False, replace_allowed=True)
    try:
        problem = verify_record(record)
        if not problem and not isinstance((record.get("ledger") or {}).get("draw_entry"), dict):
            problem = "记录中没有账本抽取条目（ledger.draw_entry）。"
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError) as error:  # as draw verify says it
        problem = f"记录的结构或字段类型不符合抽取记录格式（{structure_reason(error)}），无法复核。"
    if problem:
        raise InputError(f"记录与复算结果不符，拒绝替换：{problem}")
    pool = read_pool(pool_path) if pool_path else None
    if pool and pool.sha256 != record["pool"]["sha256"]:
        raise InputError(f"专家库文件「{pool_path}」的哈希与记录不同。")
    if pool:
        _refuse_changed_recusal_columns(pool_path, record, pool, "抽取记录", "替换")
    item = draw_mod.substitution(record, expert_id, reason, draw_mod.now())
    if not ledger_path:
        ledger_path = _recorded_ledger(record, path)
    earlier = list(record.get("substitutions") or [])  # none ("", null, {}: verify_record reads them as none)
    recorded = len(earlier)
    record["substitutions"] = earlier + [item]
    panel_path = (panel_out or default_panel_path(path)) if pool else None
    # the default panel file absent: the draw's was named by --panel-out (or moved); the one written
    # here is new, and the command says so (h134: a second list was made, the held one left stale, unsaid)
    new_panel = bool(pool and not panel_out and not panel_path.is_file())
    refuse_same_file(记录文件=path, 专家名单文件=panel_path, 账本=ledger_path)

    def decide(connection_) -> dict:
        # inside the transaction: the draw is there and the record knows every substitution so far
        # (a second substitute started from the same record would give the same alternate twice)
        draw_ref = record["ledger"]["draw_entry"]
        entry = ledger_mod.get(connection_, draw_ref["entry"])
        if entry is None or entry.entry_hash != draw_ref["hash"]:
            raise InputError(f"账本「{ledger_path}」中没有该记录的抽取条目（第 {draw_ref['entry']} 条）。")
        superseded = superseded_message(record, connection_)
        if superseded:  # a seat of a replaced panel is no seat: the substitution would stay in the ledger forever
            raise InputError(f"拒绝替换：{superseded}")
        logged = len(entries_referring_to(connection_, record["draw_sha256"], ("substitute",)))
        if logged != recorded:
            raise InputError(f"账本中该抽取已有 {logged} 次替换，记录文件只载有 {recorded} 次：记录不是最新的，请使用最新的记录文件。")
        item["at"] = _time_after_wait(connection_, item["at"])
        return draw_mod.substitution_entry(record, item)

    def stamp(record_: dict, head_: ledger_mod.Head, at: str) -> None:
        item["ledger"] = _ledger_ref(head_, at)
        record_["ledger"]["head"] = head_.as_dict()

    connection = ledger_mod.open_existing(ledger_path)
    try:
        head = _append_and_write(connection, decide, record, path, panel_path, pool, stamp, on_recorded=on_recorded)
    finally:
        connection.close()
    return Done(record, head, path, panel_path, substitution=item, pool=pool, extra={"new_panel": new_panel})


def _recorded_ledger(record: dict, record_path: Path) -> str | Path:
    """The ledger the record names (``ledger.file``, as --ledger was written at the draw: often a name
    relative to the folder the draw was run in). Run from another folder, that name was looked for
    there and the command said 账本「l.db」不存在 of a ledger lying beside the record: a relative name
    not found from here is looked for in the record's folder (the entry's hash is checked all the
    same), and where it is in neither the message says where it was looked for."""
    named = (record.get("ledger") or {}).get("file")
    if not isinstance(named, str) or not named:
        raise InputError("记录中没有账本文件名：请用 --ledger 指定账本。")
    here = Path(named)
    if here.is_absolute() or here.exists():
        return named
    beside = record_path.parent / here
    if beside.exists():
        return beside
    raise InputError(f"记录中写明的账本「{named}」（相对路径）在当前文件夹和记录所在文件夹「{record_path.parent}」中都不存在："
                     "请用 --ledger 指定账本文件。")


def verify(record_path: str, pool_path: str | None, ledger_path: str | None) -> tuple[str, dict]:
    """("", record) when the record re-derives (and agrees with the pool and ledger given), else
    one sentence naming the first difference."""
    record = load_record(record_path)
    if record.get("kind") == "commit":
        raise InputError(f"「{record_path}」是承诺记录，不是抽取记录：请在开奖后用 draw reveal 揭示，再用 draw verify 核对揭示得到的抽取记录。")
    pool = read_pool(pool_path) if pool_path else None
    try:
        problem = verify_record(record, pool)
        if not problem and ledger_path:
            problem = emptied_ledger_message(record, ledger_path)  # a ledger emptied: its entries are gone
        if not problem and ledger_path:
            connection = ledger_mod.open_existing(ledger_path)
            try:
                problem = verify_against_ledger(record, connection)
            finally:
                connection.close()
    except ledger_mod.LedgerDamaged as damaged:  # the record cannot be found in a ledger cut short: a difference
        problem = str(damaged)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError) as error:
        # A record whose fields have the wrong shape was not written by `draw`: it cannot match.
        problem = f"记录的结构或字段类型不符合抽取记录格式（{structure_reason(error)}），无法复核。"
    return problem, record
