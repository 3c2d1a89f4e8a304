"""Gather draws from ledgers and draw records into :class:`Draw` objects, stating every limit.

A ledger entry holds the panel, the fields, the excluded ids and the hash of the eligible list,
but not the list itself. The list is taken, in this order, from the draw record with the same
``draw_sha256`` (``--records``), or rebuilt from ``--pool`` as the 在库 experts of the entry's
fields minus the entry's exclusions: when its SHA-256 equals the entry's ``eligible_sha256`` it
is the list that was drawn from, otherwise an approximation (the pool changed since), said so.
Paper draws from round records are read in :mod:`checker.fairness.paper`.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.core.text import same_round
from checker.draw import ledger as ledger_mod
from checker.draw.recusal import candidates_for
from checker.draw.verify import verify_record
from checker.errors import InputError, read_reason, structure_reason
from checker.fairness.model import (extends_round, BASIS_LEDGER, BASIS_NONE, BASIS_POOL_APPROX, BASIS_POOL_VERIFIED, BASIS_RECORD,
                                    BASIS_REWRITTEN, Draw, Limit, round_key)
from checker.draw.ledger import sha256_json
from checker.draw.pool import Pool

DRAW_TYPES = ("draw", "redraw", "reveal")


def labels(paths: list) -> dict[str, str]:
    """A short, stable label per input file: its name, or the path as given when names clash."""
    names = [Path(path).name for path in paths]
    return {str(path): (name if names.count(name) == 1 else str(path)) for path, name in zip(paths, names)}


# ---------------------------------------------------------------- draw records


def read_records(paths: list) -> tuple[dict[str, dict], list[Limit]]:
    """Draw records (kind "draw") by draw_sha256, from files and folders of *.json."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json") if not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"抽取记录「{path}」不存在。")
    records: dict[str, dict] = {}
    limits: list[Limit] = []
    # each record named by its file name, or by its path as given when two folders hold the same name
    # (R1/draw.json, R2/draw.json): two draws under one id were listed as one file and could not be
    # told apart in any finding (as ledgers are labelled)
    named = labels(files)
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError, RecursionError) as error:
            raise InputError(f"无法读取抽取记录「{path}」：{read_reason(error)}。") from None
        if not isinstance(data, dict) or data.get("kind") != "draw":
            limits.append(Limit("not_a_draw_record", f"文件「{path.name}」不是抽取记录（kind 不是 draw，如承诺记录），未读取。"))
            continue
        if not data.get("draw_sha256"):  # kind draw, but nothing to check its content against
            limits.append(Limit("not_a_draw_record", f"文件「{path.name}」的 kind 为 draw，但缺少抽取记录哈希（draw_sha256），"
                                                     "无法核对记录是否被改动，未读取。"))
            continue
        if not _shaped(data):
            limits.append(Limit("not_a_draw_record", f"文件「{path.name}」的结构或字段类型不符合抽取记录格式，未读取。"))
            continue
        try:
            problem = verify_record(data)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError) as error:
            limits.append(Limit("not_a_draw_record", f"文件「{path.name}」的结构或字段类型不符合抽取记录格式"
                                                     f"（{structure_reason(error)}），无法复核，未读取。"))
            continue
        if problem:  # a panel edited by hand: counted as it stands, the report would be the editor's
            limits.append(Limit("record_inconsistent", f"抽取记录「{path.name}」与复算结果不符（与 draw verify 的结论相同）：{problem}"
                                                       "记录在抽取后被改动或内容不一致，未计入统计。", [path.name]))
            continue
        data["_file"] = named[str(path)]
        records.setdefault(data["draw_sha256"], data)
    return records, limits


def _shaped(record: dict) -> bool:
    """The parts fairness reads have the types a draw record gives them (a hand-edited file may not)."""
    def items(key: str) -> bool:
        value = record.get(key)
        return value is None or (isinstance(value, list) and all(isinstance(item, dict) for item in value))

    return (all(isinstance(record.get(key) or {}, dict) for key in ("ledger", "seed", "redraw", "exclusion_inputs", "commit"))
            and items("panel") and items("alternates") and items("substitutions")
            and isinstance((record.get("ledger") or {}).get("draw_entry") or {}, dict)
            and isinstance(record.get("fields") or [], list) and isinstance(record.get("draw_sha256"), str))


def record_eligible(record: dict) -> tuple[str, ...] | None:
    """The record's eligible list when it hashes to the record's eligible_sha256."""
    eligible = record.get("eligible")
    if isinstance(eligible, list) and all(isinstance(item, str) for item in eligible) \
            and sha256_json(eligible) == record.get("eligible_sha256"):
        return tuple(eligible)
    return None


def record_applicants(record: dict) -> tuple[str, ...] | None:
    """USCCs of the applicants the record's recusal was run against (None when none recorded)."""
    applicants = (record.get("exclusion_inputs") or {}).get("applicants") or []
    usccs = sorted({item.get("uscc") for item in applicants if isinstance(item, dict) and item.get("uscc")})
    return tuple(usccs) if usccs else None


def draw_from_record(record: dict) -> Draw:
    """A draw known only from its record (no ledger given for it)."""
    block = record.get("ledger") or {}
    entry = (block.get("draw_entry") or {}).get("entry")
    ref = f"{record['_file']}" + (f"（账本 {Path(str(block.get('file', ''))).name} 第 {entry} 条）" if entry else "")
    draw = Draw(
        id=record["_file"], source="record",
        kind="redraw" if record.get("redraw") else ("reveal" if record.get("commit") else "draw"),
        round_id=str(record.get("round_id", "")), fields=tuple(record.get("fields") or ()),
        at=str(record.get("drawn_at", "")), operator=str(record.get("operator", "")),
        panel=tuple(item.get("expert_id") for item in record.get("panel") or ()),
        alternates=tuple(item.get("expert_id") for item in record.get("alternates") or ()),
        redraw_reason=str((record.get("redraw") or {}).get("reason", "")),
        eligible_sha256=str(record.get("eligible_sha256", "")),
        seed_key_sha256=_key_hash(record), draw_sha256=str(record.get("draw_sha256")), refs=[ref],
        # the ledger the record names: records of two ledgers are two draws, neither replacing the other
        ledger=Path(str(block.get("file") or "")).name, seq=entry if type(entry) is int else 0)
    draw.substitutions = [{"replaced": item.get("replaced"), "by": item.get("by"), "reason": item.get("reason"),
                           "at": item.get("at"), "ref": record["_file"]}
                          for item in record.get("substitutions") or ()]
    draw.eligible = record_eligible(record)
    draw.basis = BASIS_RECORD if draw.eligible is not None else BASIS_NONE
    draw.applicants = record_applicants(record)
    draw.excluded = record_excluded(record)
    draw.units = record_units(record)
    draw.units_basis = UNITS_RECORD if draw.units else ""
    return draw


UNITS_RECORD = "record"  # the record's candidates: the 工作单位 at the time of the draw
UNITS_POOL = "pool"  # the pool given, the one the entry was drawn from (same hash)
UNITS_POOL_APPROX = "pool_approx"  # the pool given, another than the entry's (units may have changed)


def record_units(record: dict) -> dict[str, tuple[str, str]] | None:
    """Expert id -> (工作单位, its USCC) of the record's candidates (None when it lists none): the units as
    they were when the panel was drawn, which a pool given today may no longer hold."""
    items = record.get("candidates")
    if not isinstance(items, list):
        return None
    units = {item["expert_id"]: (item.get("unit") if isinstance(item.get("unit"), str) else "",
                                 item.get("unit_uscc") if isinstance(item.get("unit_uscc"), str) else "")
             for item in items if isinstance(item, dict) and isinstance(item.get("expert_id"), str)}
    return units or None


def record_excluded(record: dict) -> dict[str, tuple[str, ...]] | None:
    """Expert id -> recusal rules of a record's exclusions (None when the record has none listed)."""
    items = record.get("exclusions")
    if not isinstance(items, list):
        return None
    return {str(item.get("expert_id")): tuple(sorted({str(reason.get("rule")) for reason in item.get("reasons") or ()
                                                      if isinstance(reason, dict)}))
            for item in items if isinstance(item, dict)}


def entry_excluded(data: dict) -> dict[str, tuple[str, ...]] | None:
    """Expert id -> recusal rules of a ledger entry's ``excluded`` (None when absent)."""
    items = data.get("excluded")
    if not isinstance(items, list):
        return None
    return {str(item.get("expert_id")): tuple(sorted(str(rule) for rule in item.get("rules") or ()))
            for item in items if isinstance(item, dict)}


def _key_hash(record: dict) -> str:
    import hashlib

    key = (record.get("seed") or {}).get("key")
    return hashlib.sha256(str(key).encode("utf-8")).hexdigest() if key else ""


# ---------------------------------------------------------------- ledgers


def read_ledger(path: str, label: str, held: str | None = None) -> tuple[list, list[Limit], dict]:
    """All entries of one ledger, a limit saying where its chain does not verify, and its head:
    the last entry stored (number and hash, for an inspector to compare with the one they hold)
    and, with ``held`` (a head hash kept outside the tool, as ``ledger verify --head`` takes it),
    where that hash is in the chain (``None`` when it is not: entries removed from the end or the
    chain rewritten from scratch, flagged ``ledger_head``)."""
    prefix = ledger_mod.head_prefix(held) if held else None  # a usage error, as for ledger verify --head
    connection = ledger_mod.open_existing(path)
    entries = []
    try:
        verdict = ledger_mod.verify(connection)
        try:
            for entry in ledger_mod.entries(connection):
                entries.append(entry)
        except ledger_mod.LedgerDamaged:  # the entries read before the damage are used; the verdict says where
            pass
    finally:
        connection.close()
    limits = []
    if not verdict.ok:
        limits.append(Limit("ledger_chain", f"账本「{label}」的哈希链校验未通过：{verdict.message}"
                                            "以下统计仍按账本现有内容计算，但账本可能被改动。"))
    last = entries[-1] if entries else None
    stored = {"entry": last.seq if type(last.seq) is int else str(last.seq),  # a tampered row may hold anything
              "hash": last.entry_hash if isinstance(last.entry_hash, str) else str(last.entry_hash)} \
        if last is not None else {"entry": 0, "hash": ledger_mod.GENESIS}
    head = {"count": len(entries), "head": stored, "held_head": None}
    if prefix:
        head["held_head"], found = _held_head(entries[:verdict.count], prefix, held, label, stored)
        limits += found
    parsed = []
    for entry in entries:
        try:
            parsed.append((entry.seq, json.loads(entry.entry_json), entry.entry_hash))
        except (ValueError, TypeError, RecursionError):
            limits.append(Limit("ledger_entry", f"账本「{label}」第 {entry.seq} 条不是有效的 JSON，未读取。"))
    return parsed, limits, head


def _held_head(chained: list, prefix: str, held: str, label: str, stored: dict) -> tuple[dict, list[Limit]]:
    """Where the held head is among the entries linked from the first (ledger verify --head's rule):
    entries after it are allowed (the ledger went on), its absence is a finding."""
    found = [entry.seq for entry in chained if isinstance(entry.entry_hash, str) and entry.entry_hash.startswith(prefix)]
    if len(found) > 1:
        raise InputError(f"头哈希前缀 {held} 同时匹配账本「{label}」第 {found[0]} 条和第 {found[1]} 条：请给出更长的前缀。")
    if not found:
        return {"given": prefix, "entry": None, "matches": False}, [Limit("ledger_head", (
            f"账本「{label}」中找不到持有的头哈希 {prefix}：末尾条目被删除或整条链被重写（所给账本共 {stored['entry']} 条，"
            f"末条哈希 {stored['hash']}）。重写后的账本自身的哈希链仍可校验通过；以下统计按所给账本计算，"
            "被删去的抽取、重新抽取不在其中。请向经办科室索取与持有的头哈希相符的账本。"), [label])]
    later = stored["entry"] - found[0] if type(stored["entry"]) is int else 0
    limits = [Limit("ledger_after_head", (
        f"账本「{label}」持有的头哈希为第 {found[0]} 条，其后另有 {later} 条条目（至第 {stored['entry']} 条，末条哈希 "
        f"{stored['hash']}）：这些条目未经持有的头哈希核对；请取得新的头哈希再核对。"), [label])] if later else []
    return {"given": prefix, "entry": found[0], "matches": True}, limits


def _replaced_commit(entries: list, seq: int, data: dict) -> str:
    """What to check when a later commit or draw of the round replaced a commit never revealed:
    once the first commit's lottery was drawn its panel could be computed, and dropped."""
    later = next(((number, other) for number, other, _ in entries if number > seq
                  and other.get("type") in ("commit",) + DRAW_TYPES and same_round(other.get("round_id"), data.get("round_id"))
                  and ledger_mod.fields_overlap(other.get("fields"), data.get("fields") if isinstance(data.get("fields"), list) else [])),
                 None)
    if later is None:
        return ""
    number, other = later
    reason = (other.get("redraw") or {}).get("reason") if isinstance(other.get("redraw"), dict) else None
    return (f"它已被第 {number} 条（{ledger_mod.type_zh(other.get('type'))}{f'，原因：{reason}' if reason else ''}，{other.get('at')}）取代："
            f"请核对第 {seq} 条所指定来源（{'、'.join(map(str, data.get('sources') or [])) or '未记录'}）的开奖时间是否早于第 {number} 条；"
            "若是，经办人在改抽前已能算出原承诺的名单。")


def _renamed_commit(entries: list, seq: int, data: dict, label: str) -> list[Limit]:
    """A commit never revealed followed by a commit or draw of another round id that looks like the
    same round (fields overlapping; the same eligible list, or an id that is the first with
    something added: R9, then R9补): committing twice to different lotteries and revealing only
    the one whose panel suits needs no redraw reason when the round is renamed."""
    fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    for number, other, _ in entries:
        if (number <= seq or other.get("type") not in ("commit",) + DRAW_TYPES
                or same_round(other.get("round_id"), data.get("round_id"))
                or not ledger_mod.fields_overlap(other.get("fields"), fields)):
            continue
        same_list = bool(data.get("eligible_sha256")) and other.get("eligible_sha256") == data.get("eligible_sha256")
        extended = extends_round(str(data.get("round_id", "")), str(other.get("round_id", "")))
        if not (same_list or extended):
            continue
        alike = "、".join((["可抽取名单相同"] if same_list else []) + (["编号只是多了几个字"] if extended else []))
        sources = "、".join(map(str, data.get("sources") or [])) or "未记录"
        return [Limit("commit_then_renamed", (
            f"账本「{label}」第 {seq} 条承诺（轮次 {data.get('round_id')}，来源 {sources}）没有揭示，其后第 {number} 条"
            f"（{ledger_mod.type_zh(other.get('type'))}，轮次 {other.get('round_id')}）领域重叠、{alike}：像是同一轮次换了编号"
            "再次承诺，等两次开奖后只揭示名单合意的一次；请查明未揭示的原因，并用其来源的开奖号码复算它本会抽出的名单。"),
            [f"{label}#{seq}", f"{label}#{number}"])]
    return []


def _redone_commit(entries: list, seq: int, data: dict, label: str) -> list[Limit]:
    """A commit never revealed, and after it a panel of overlapping field(s) made known (a draw, a
    redraw, or the reveal of another commit), whatever the round ids and the exclusions: two commits
    to two lotteries let an operator reveal only the one whose panel suits, and a commit dropped once
    its lottery was drawn lets them start again; a new round id or one more recusal makes the second
    no redraw of the first. Said when the stronger signals (same round: commit_replaced; a renamed
    round: commit_then_renamed) do not apply. The first such panel after the commit is named: two
    rounds each committed and revealed are never met here, and an earlier round's is not after it."""
    fields = [field for field in data.get("fields") or () if isinstance(field, str)] if isinstance(data.get("fields"), list) else []
    by_seq = {number: other for number, other, _ in entries}
    for number, other, _ in entries:
        if number <= seq or other.get("type") not in DRAW_TYPES or not ledger_mod.fields_overlap(other.get("fields"), fields):
            continue
        commit_ref = other.get("commit") if isinstance(other.get("commit"), dict) else {}
        committed = by_seq.get(commit_ref.get("entry")) if other.get("type") == "reveal" and type(commit_ref.get("entry")) is int \
            else None
        if not (isinstance(committed, dict) and committed.get("type") == "commit"):
            committed = None
        shown = [_entry_evidence(label, seq, data)] + ([_entry_evidence(label, commit_ref["entry"], committed)] if committed else []) \
            + [_entry_evidence(label, number, other)]
        first, *rest = shown
        common = "、".join(field for field in fields if field in (other.get("fields") or ()))
        if committed and commit_ref["entry"] < seq:  # committed before it, revealed after it: both lotteries were pending
            later = f"第 {number} 条（{other.get('at')}）揭示了此前第 {commit_ref['entry']} 条承诺（{_described(rest[0])}）"
        elif committed:
            later = f"第 {commit_ref['entry']} 条承诺（{_described(rest[0])}）已在第 {number} 条揭示（{other.get('at')}）"
        else:
            later = f"第 {number} 条{ledger_mod.type_zh(other.get('type'))}（{_described(rest[-1])}）"
        lists = (data.get("eligible_sha256"), other.get("eligible_sha256"))
        alike = ("、可抽取名单相同" if lists[0] == lists[1] else "、可抽取名单不同") if all(lists) else ""
        gap = _days_between(data.get("at"), other.get("at"))
        reason = next((str(block.get("reason")) for block in (other.get("redraw"), (committed or {}).get("redraw"))
                       if isinstance(block, dict) and block.get("reason")), "")
        message = (
            f"账本「{label}」第 {seq} 条承诺（{_described(first)}）没有揭示；在它之后，{later}，领域重叠（{common}）"
            f"{'、轮次编号不同' if not same_round(other.get('round_id'), data.get('round_id')) else ''}{alike}"
            f"{f'，{gap}' if gap else ''}。未揭示的承诺之后同一领域另有名单揭晓，可能是对两次开奖择优揭示，"
            "或原承诺开奖后名单不合意而另行承诺、抽取（换了轮次编号，就不算同一轮次的重新抽取，无须说明原因）。"
            + (f"第 {number} 条记有重新抽取原因（{reason}）：原因有书面依据的，关注程度较低，仍请核对。" if reason else "")
            + f"请查明第 {seq} 条未揭示的原因（如该轮次取消，应有书面记录），核对其所指定来源的开奖时间，"
              f"并用其开奖号码复算它本会抽出的名单，与第 {number} 条的名单比较。")
        draws = [f"{label}#{item['seq']}" for item in shown]
        return [Limit("commit_then_redo", message, draws, entries=shown)]
    return []


FLAGGED_COMMITS = ("commit_replaced", "commit_then_renamed", "commit_then_redo")  # a commit's own ledger said it


def commits_redone_elsewhere(ledgers: list[tuple[str, list]], limits: list[Limit]) -> list[Limit]:
    """A commit never revealed and, after it, a panel of overlapping field(s) made known in another
    ledger given (a draw, a redraw or the reveal of another commit): what _redone_commit finds in one
    ledger, across two. Starting a fresh ledger file asks no redraw reason and holds no trace of the
    open commit, so the second lottery is as free as a new round id makes it. A commit its own ledger
    flagged already (FLAGGED_COMMITS in ``limits``), or revealed in any ledger, is left alone; so is
    a panel its ledger shares with the commit's (a copy of one ledger: counted once)."""
    flagged = {limit.draws[0] for limit in limits if limit.kind in FLAGGED_COMMITS and limit.draws}
    revealed = {str((data.get("commit") or {}).get("commit_sha256")) for _, entries in ledgers for _, data, _ in entries
                if data.get("type") == "reveal" and isinstance(data.get("commit"), dict)}
    found: list[Limit] = []
    for label, entries in ledgers:
        own_panels = {str(data.get("draw_sha256")) for _, data, _ in entries if data.get("type") in DRAW_TYPES}
        for seq, data, _ in entries:
            if (data.get("type") != "commit" or str(data.get("commit_sha256")) in revealed
                    or f"{label}#{seq}" in flagged or not isinstance(data.get("fields"), list)):
                continue
            fields = [field for field in data["fields"] if isinstance(field, str)]
            committed_at = _moment(data.get("at"))
            if committed_at is None:
                continue
            later = [(_moment(other.get("at")), other_label, number, other)
                     for other_label, other_entries in ledgers if other_label != label
                     for number, other, _ in other_entries
                     if other.get("type") in DRAW_TYPES and str(other.get("draw_sha256")) not in own_panels
                     and ledger_mod.fields_overlap(other.get("fields"), fields)]
            # at the commit's second or after (two files keep no order between their entries of one second)
            later = sorted((item for item in later if item[0] is not None and item[0] >= committed_at), key=lambda item: item[0])
            if not later:
                continue
            _, other_label, number, other = later[0]
            first, second = _entry_evidence(label, seq, data), _entry_evidence(other_label, number, other)
            common = "、".join(field for field in fields if field in (other.get("fields") or ()))
            gap = _days_between(data.get("at"), other.get("at"))
            reason = (other.get("redraw") or {}).get("reason") if isinstance(other.get("redraw"), dict) else None
            found.append(Limit("commit_then_redo", (
                f"账本「{label}」第 {seq} 条承诺（{_described(first)}）没有揭示；在它之后，账本「{other_label}」第 {number} 条"
                f"{ledger_mod.type_zh(other.get('type'))}（{_described(second)}）领域重叠（{common}）"
                f"{'、轮次编号不同' if not same_round(other.get('round_id'), data.get('round_id')) else ''}{f'，{gap}' if gap else ''}。"
                "未揭示的承诺之后，另一本账本中同一领域另有名单揭晓：可能是原承诺开奖后名单不合意，换一本账本另行抽取"
                "（新账本中没有原承诺，重新抽取无须说明原因）。"
                + (f"第 {number} 条记有重新抽取原因（{reason}）：原因有书面依据的，关注程度较低，仍请核对。" if reason else "")
                + f"请查明第 {seq} 条未揭示的原因、为何改用另一本账本，核对其所指定来源的开奖时间，"
                  f"并用其开奖号码复算它本会抽出的名单，与账本「{other_label}」第 {number} 条的名单比较。"),
                [f"{label}#{seq}", f"{other_label}#{number}"], entries=[first, second]))
    return found


def redraw_previous_mismatches(entries: list, label: str) -> list[Limit]:
    """Redraw entries whose ``redraw.previous`` (the entries it replaced, with their hashes, as the ledger
    held them when the redraw was made) the ledger no longer bears out: the entry is gone, its hash or
    type differs (the ledger rewritten from there), or it is of another round or field (the redraw's
    round id rewritten to a new round: its re-roll then compared with nothing and both panels counted, h153)."""
    by_seq = {seq: (data, digest) for seq, data, digest in entries}
    found = []
    for seq, data, _ in entries:
        block = data.get("redraw")
        if data.get("type") not in DRAW_TYPES or not isinstance(block, dict) or not isinstance(block.get("previous"), list):
            continue
        problems = []
        for item in block["previous"]:
            number = item.get("entry") if isinstance(item, dict) else None
            if type(number) is not int:
                continue
            other = by_seq.get(number)
            if other is None:
                problems.append(f"所记被取代的第 {number} 条不在账本中")
            elif other[1] != item.get("hash"):
                problems.append(f"所记被取代的第 {number} 条的哈希为 {item.get('hash')}，账本中该条的哈希为 {other[1]}"
                                "（该条或其前的条目在重新抽取之后被改写）")
            elif not same_round(other[0].get("round_id"), data.get("round_id")):
                problems.append(f"所记被取代的第 {number} 条是轮次 {other[0].get('round_id')} 的抽取，"
                                f"与本条的轮次 {data.get('round_id')} 不同（轮次编号在事后被改写）")
            elif not ledger_mod.fields_overlap(other[0].get("fields"), data.get("fields") if isinstance(data.get("fields"), list) else []):
                problems.append(f"所记被取代的第 {number} 条的领域（{'、'.join(map(str, other[0].get('fields') or []))}）"
                                f"与本条的领域（{'、'.join(map(str, data.get('fields') or []))}）不重叠")
        if problems:
            found.append(Limit("redraw_previous_mismatch", (
                f"账本「{label}」第 {seq} 条（{ledger_mod.type_zh(data.get('type'))}，轮次 {data.get('round_id')}）记为重新抽取，但"
                f"{'；'.join(problems)}：重新抽取时账本记下了被取代的条目及其哈希，现在的账本与之不符，账本可能被改写"
                "（整条链重算后哈希链仍可校验通过），重新抽取与其取代的抽取可能因此未被比较、两次名单均被计入。"
                "请以抽取当时的记录和持有的头哈希核对。"), [f"{label}#{seq}"]))
    return found


def times_going_back(entries: list, label: str) -> list[Limit]:
    """Entries dated before an entry appended earlier in the same ledger. The draw commands append in
    time order and refuse a time before the last entry's (a clock set back), so such a time was
    written otherwise: a redraw dated before the draw it replaced, a draw backdated to before the
    review. ledger verify checks the chain, not the times; a rebuilt chain verifies (h153)."""
    from checker.fairness.report import at_text

    found = []
    latest = None  # (moment, seq, at as written) of the latest entry so far
    for seq, data, _ in entries:
        moment = _moment(data.get("at"))
        if moment is None:
            continue
        if latest is not None and moment < latest[0]:
            found.append(Limit("entry_time_backwards", (
                f"账本「{label}」第 {seq} 条（{ledger_mod.type_zh(data.get('type'))}，轮次 {data.get('round_id')}）的时间 "
                f"{at_text(str(data.get('at')))} 早于此前第 {latest[1]} 条的 {at_text(latest[2])}：账本按时间先后追加条目，"
                "抽取命令拒绝早于上一条目的时间，该条目的时间在事后被改写或抽取时计算机时钟被调回；倒填的时间可使重新抽取"
                "看似在原抽取之前、抽取看似在评审之前。请以抽取当时的记录、随机数来源的开奖时间和持有的头哈希核对。"),
                [f"{label}#{seq}"]))
        elif latest is None or moment >= latest[0]:
            latest = (moment, seq, str(data.get("at")))
    return found


def records_going_back(draws: list[Draw]) -> list[Limit]:
    """Draw records (their ledger not given) of one ledger whose times run back against their entry
    numbers: drawn_at is in no hash (draw verify still agrees once it is edited), so a redraw's record
    could be dated before the draw it replaced; the ledger, when given, shows it (record_ledger_mismatch)."""
    from checker.fairness.report import at_text

    by_ledger: dict[str, list[Draw]] = {}
    for draw in draws:
        if draw.source == "record" and draw.ledger and draw.seq:
            by_ledger.setdefault(draw.ledger, []).append(draw)
    found = []
    for ledger, group in sorted(by_ledger.items()):
        if len({draw.seq for draw in group}) < len(group):  # two ledgers of one file name (R1/l.db, R2/l.db): no one order
            continue
        latest = None
        for draw in sorted(group, key=lambda item: (item.seq, item.id)):
            moment = _moment(draw.at)
            if moment is None:
                continue
            if latest is not None and moment < latest[0]:
                found.append(Limit("record_time_backwards", (
                    f"抽取记录「{draw.id}」（记载于账本「{ledger}」第 {draw.seq} 条，轮次 {draw.round_id}）的抽取时间 {at_text(draw.at)} "
                    f"早于记载于该账本第 {latest[1].seq} 条的抽取记录「{latest[1].id}」的 {at_text(latest[1].at)}：账本按时间先后追加条目，"
                    "抽取时间不在抽取记录的哈希之内，可在事后改写而 draw verify 仍然一致；倒填的时间可使重新抽取看似在原抽取之前。"
                    f"请给出账本「{ledger}」（将逐条核对记录与账本条目的时间）并以持有的头哈希核对。"), [draw.id]))
            elif latest is None or moment >= latest[0]:
                latest = (moment, draw)
    return found


def _moment(value):
    """A ledger entry's time (2025-06-07T09:00:00+08:00), or None when it cannot be read."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _entry_evidence(label: str, seq: int, data: dict) -> dict:
    """One ledger entry as a finding cites it: where, what, which round, when, which sources."""
    seed = data.get("seed") if isinstance(data.get("seed"), dict) else {}
    if data.get("type") == "commit":
        sources = [str(name) for name in data.get("sources") or ()] if isinstance(data.get("sources"), list) else []
    else:
        sources = [str(item.get("name") or "") for item in seed.get("sources") or () if isinstance(item, dict)] \
            if isinstance(seed.get("sources"), list) else []
    reason = (data.get("redraw") or {}).get("reason") if isinstance(data.get("redraw"), dict) else None
    return {"ledger": label, "seq": seq, "type": str(data.get("type")), "round_id": str(data.get("round_id", "")),
            "at": str(data.get("at", "")), "fields": [str(field) for field in data.get("fields") or ()]
            if isinstance(data.get("fields"), list) else [], "sources": sources, "redraw_reason": str(reason or "")}


def _described(item: dict) -> str:
    """轮次 R，time，来源 names (a one-step draw may have named none)."""
    named = "、".join(name for name in item["sources"] if name)
    return f"轮次 {item['round_id']}，{item['at']}，来源 {named or '未记录名称'}"


def _days_between(first, second) -> str:
    """「相隔 3 天」, 「同一天」, or "" when a time cannot be read."""
    from datetime import datetime

    try:
        days = abs((datetime.fromisoformat(str(second)).date() - datetime.fromisoformat(str(first)).date()).days)
    except (TypeError, ValueError):
        return ""
    return f"相隔 {days} 天" if days else "同一天"


def ledger_draws(entries: list, label: str, records: dict[str, dict], pool: Pool | None) -> tuple[list[Draw], list[Limit]]:
    """Draw / redraw / reveal entries as draws, with their substitutions and eligible lists."""
    draws: list[Draw] = []
    limits: list[Limit] = []
    by_sha: dict[str, Draw] = {}
    revealed = {str((data.get("commit") or {}).get("commit_sha256")) for _, data, _ in entries
                if data.get("type") == "reveal"}
    for seq, data, _ in entries:
        kind = data.get("type")
        if kind == "commit" and str(data.get("commit_sha256")) not in revealed:
            replaced = _replaced_commit(entries, seq, data)
            limits.append(Limit("commit_without_reveal", f"账本「{label}」第 {seq} 条承诺（轮次 {data.get('round_id')}）"
                                                         f"没有揭示条目：未抽取，不计入统计。{replaced}",
                                [f"{label}#{seq}"]))
            if replaced:  # a commit dropped for a later one: flagged, for its lottery's time to be checked
                limits.append(Limit("commit_replaced", f"账本「{label}」第 {seq} 条承诺（轮次 {data.get('round_id')}）未揭示，{replaced}",
                                    [f"{label}#{seq}"]))
            renamed = _renamed_commit(entries, seq, data, label)
            limits += renamed
            if not (replaced or renamed):  # whatever the round ids and the recusals
                limits += _redone_commit(entries, seq, data, label)
        if kind in DRAW_TYPES:
            draw = _entry_draw(seq, data, label)
            _attach_eligible(draw, data, records.get(draw.draw_sha256), pool, limits)
            # a ledger rebuilt with a fresh chain verifies, and its panels were counted as they stand: an
            # expert taken out of every panel vanished from the tests (h145). The entry holds its seed,
            # policy and list: its panel is re-derived as draw verify re-derives a record's
            problem = entry_rederive_difference(data)
            if problem:
                limits.append(Limit("ledger_entry_inconsistent", (
                    f"账本「{label}」第 {seq} 条（轮次 {draw.round_id}，{ledger_mod.type_zh(kind)}）所载的名单与按其自身的随机数来源、"
                    f"抽取策略和可抽取名单复算的结果不符：{problem}该条目所载不是按其来源抽取的结果，可能在抽取后被改写（整条链重算后哈希链仍可校验通过），"
                    "此次抽取未纳入检验；请以抽取当时的记录、公示名单和持有的头哈希核对。"), [draw.id]))
                draw.eligible, draw.basis = None, BASIS_REWRITTEN
            by_sha.setdefault(draw.draw_sha256, draw)
            draws.append(draw)
        elif kind == "substitute":
            owner = by_sha.get(str(data.get("draw_sha256")))
            item = {"replaced": data.get("replaced"), "by": data.get("by"), "reason": data.get("reason"),
                    "at": data.get("at"), "ref": f"{label} 第 {seq} 条"}
            if owner is None:
                limits.append(Limit("orphan_substitution", f"账本「{label}」第 {seq} 条替换找不到所属的抽取条目。"))
            else:
                problem = substitution_difference(owner, data)
                if problem:  # draw substitute writes only the next unused alternate: this entry was written otherwise
                    limits.append(Limit("substitution_out_of_order", (
                        f"账本「{label}」第 {seq} 条替换（轮次 {owner.round_id}，属 {owner.id}）{problem}"
                        "替换只能由下一位未用候补顶替（draw substitute 只会这样写入），该条目不是这样写入的，可能在事后被改写；"
                        "请核实实际参加评审的专家及谢绝的书面记录。"), [owner.id]))
                owner.substitutions.append(item)
    return draws, limits


def substitution_difference(owner: Draw, data: dict) -> str:
    """How a substitute entry departs from the rule draw substitute follows (the replaced expert on the
    current panel, the next unused alternate in), "" when it does not: a ledger rebuilt with a fresh
    chain could bring any expert onto a panel as a "substitute" (h145)."""
    panel = list(owner.panel)
    used = set()
    for item in owner.substitutions:  # the substitutions before this one, replayed
        if item.get("replaced") in panel:
            panel[panel.index(item.get("replaced"))] = item.get("by")
        used.add(item.get("by"))
    unused = [expert for expert in owner.alternates if expert not in used and expert not in panel]
    replaced, by = data.get("replaced"), data.get("by")
    if replaced not in panel:
        return f"被替换的 {replaced} 不在当时的正选名单中（{'、'.join(map(str, panel)) or '无'}）。"
    if not unused:
        return f"由 {by} 顶替 {replaced}，但候补已全部用完。"
    if by != unused[0]:
        return f"由 {by} 顶替 {replaced}，应由下一位未用候补 {unused[0]} 顶替。"
    return ""


def entry_rederive_difference(data: dict) -> str:
    """The first difference between a draw entry's panel (and alternates) and the RFC 3797 picks its own
    seed, policy and eligible list give, said as draw verify says it; "" when they agree or when the
    entry lacks what re-deriving needs (entries of older versions hold no list)."""
    from checker.draw.record import Policy, seed_key, select
    from checker.draw.rfc3797 import ALGORITHM

    eligible, seed, policy = data.get("eligible"), data.get("seed"), data.get("policy")
    if not (isinstance(eligible, list) and all(isinstance(item, str) for item in eligible)
            and sha256_json(eligible) == data.get("eligible_sha256") and isinstance(seed, dict)
            and isinstance(policy, dict) and data.get("algorithm") == ALGORITHM
            and isinstance(data.get("panel"), list) and isinstance(data.get("alternates"), list)):
        return ""
    try:
        selection = select(eligible, Policy.from_dict(policy), seed_key(seed))
    except (InputError, KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return ""  # a seed or policy of another shape: nothing to compare with, not a finding
    for label, recorded, derived in (("正选名单", data["panel"], selection.panel),
                                     ("候补名单", data["alternates"], selection.alternates)):
        if list(recorded) != list(derived):
            return f"{label}为 {'、'.join(map(str, recorded)) or '无'}，复算为 {'、'.join(derived) or '无'}。"
    return ""


def _entry_draw(seq: int, data: dict, label: str) -> Draw:
    return Draw(
        id=f"{label}#{seq}", source="ledger", kind=str(data.get("type")),
        round_id=str(data.get("round_id", "")), fields=tuple(data.get("fields") or ()),
        at=str(data.get("at", "")), operator=str(data.get("operator", "")),
        panel=tuple(data.get("panel") or ()), alternates=tuple(data.get("alternates") or ()),
        # a redraw made in two steps is a reveal whose commit was a redraw: its entry carries the reason
        redraw_reason=str((data.get("redraw") or {}).get("reason", "")) if isinstance(data.get("redraw"), dict) else "",
        eligible_sha256=str(data.get("eligible_sha256", "")), seed_key_sha256=str(data.get("seed_key_sha256", "")),
        draw_sha256=str(data.get("draw_sha256", "")), ledger=label, seq=seq, refs=[f"{label} 第 {seq} 条"],
        excluded=entry_excluded(data), pool_sha256=str(data.get("pool_sha256") or ""))


def _attach_eligible(draw: Draw, data: dict, record: dict | None, pool: Pool | None, limits: list[Limit]) -> None:
    if record is not None:
        draw.refs.append(record["_file"])
        draw.applicants = record_applicants(record)
        draw.units = record_units(record)
        draw.units_basis = UNITS_RECORD if draw.units else ""
        eligible = record_eligible(record)
        if eligible is not None and sha256_json(list(eligible)) == draw.eligible_sha256:
            draw.eligible, draw.basis = eligible, BASIS_RECORD
            return
    # every draw entry holds its own list (entries of older versions only its hash): exact, and
    # better than a pool that changed since; a pool that still gives the hash is named first
    listed = data.get("eligible")
    if not (isinstance(listed, list) and all(isinstance(item, str) for item in listed)
            and sha256_json(listed) == draw.eligible_sha256):
        listed = None
    if pool is None:
        if listed is not None:
            draw.eligible, draw.basis = tuple(listed), BASIS_LEDGER
        return
    try:
        candidates = [item["expert_id"] for item in candidates_for(pool, list(draw.fields))]
    except InputError as error:
        if listed is not None:
            draw.eligible, draw.basis = tuple(listed), BASIS_LEDGER
            return
        limits.append(Limit("field_not_in_pool", f"{draw.id}：{error}无法重建可抽取名单，未纳入检验。", [draw.id]))
        return
    excluded = {item.get("expert_id") for item in data.get("excluded") or () if isinstance(item, dict)}
    eligible = tuple(expert for expert in candidates if expert not in excluded)
    verified = sha256_json(list(eligible)) == draw.eligible_sha256
    if not verified and listed is not None:
        draw.eligible, draw.basis = tuple(listed), BASIS_LEDGER
        return
    missing = [] if verified else [expert for expert in dict.fromkeys(draw.panel) if expert not in eligible]
    if missing:  # as for paper draws: a list without the panel drawn from it gives k/n > 1
        limits.append(Limit("drawn_not_in_pool", f"{draw.id} 的专家 {'、'.join(missing)} 不在所给专家库该领域的在库名单中，"
                                                 "已补入其可抽取名单。", [draw.id]))
    draw.eligible = eligible + tuple(missing)
    draw.basis = BASIS_POOL_VERIFIED if verified else BASIS_POOL_APPROX


# ---------------------------------------------------------------- counting rule


def mark_superseded(draws: list[Draw]) -> None:
    """A redraw replaces the earlier draws of the same round and fields (same ledger or source):
    only the last one counts. Earlier ones stay in the report and the redraw table. A redraw whose
    fields overlap an earlier draw's (新材料 then 新材料、智能制造: the ledger asks a reason for it)
    replaces it too; two plain draws with overlapping fields (an older ledger) both count."""
    groups: dict[tuple, list[Draw]] = {}
    for draw in draws:
        if draw.source == "paper":
            continue
        groups.setdefault((draw.source, draw.ledger, round_key(draw.round_id)), []).append(draw)
    for group in groups.values():
        group.sort(key=lambda draw: (draw.seq, draw.at, draw.id))
        for index, earlier in enumerate(group):
            later = [other for other in group[index + 1:] if other.fields == earlier.fields
                     or (is_redraw(other) and not set(other.fields).isdisjoint(earlier.fields))]
            if later:
                earlier.counted = False
                earlier.superseded_by = later[-1].id


def is_redraw(draw: Draw) -> bool:
    """A redraw: made with draw new --redraw-reason, or in two steps (a reveal of a redraw commit)."""
    return draw.kind == "redraw" or (draw.kind == "reveal" and bool(draw.redraw_reason))
