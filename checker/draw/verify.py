"""Re-derive a draw from its record alone (and, given them, check the pool file and the ledger)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from checker.core.text import round_key
from checker.draw import ledger as ledger_mod
from checker.draw import rfc3797
from checker.draw.ledger import sha256_json
from checker.draw.pool import Pool
from checker.draw.record import (Policy, commit_body, draw_core, seed_key, seed_key_sha256, select, substitution,
                                 warning_hashes)
from checker.draw.recusal import candidates_for, compute_exclusions, eligible_ids
from checker.errors import InputError

def verify_record(record: dict, pool: Pool | None = None) -> str:
    """Re-derive a draw record; "" when it matches, else one sentence naming the first difference.

    Checks, in order: the pool file (hash, then the candidates) when given; exclusions; eligible
    list; seed key; every pick; the record hash; the commit; the substitutions.
    """
    if record.get("kind") != "draw":
        return "该文件不是抽取记录（draw.json）。"
    if record.get("algorithm", {}).get("name") != rfc3797.ALGORITHM:
        return (f"记录所称的算法「{record.get('algorithm', {}).get('name')}」不是本工具能复算的"
                f"{rfc3797.ALGORITHM_ZH}。")
    checks = (_check_pool, _check_order, _check_exclusions, _check_eligible, _check_selection, _check_hashes,
              _check_substitutions)
    for check in checks:
        problem = check(record, pool)
        if problem:
            return problem
    return ""


def _first_difference(label: str, recorded: Sequence, derived: Sequence, show=lambda item: item) -> str:
    for index, (left, right) in enumerate(zip(recorded, derived)):
        if left != right:
            return f"{label}第 {index + 1} 项不一致：记录为 {show(left)}，复算为 {show(right)}。"
    if len(recorded) != len(derived):
        return f"{label}项数不一致：记录 {len(recorded)} 项，复算 {len(derived)} 项。"
    return ""


def _check_pool(record: dict, pool: Pool | None) -> str:
    if pool is None:
        return ""
    if pool.sha256 != record["pool"]["sha256"]:
        # what changed, where the record can tell: its candidates (with their units, credit codes
        # and staff flags) against the file's; a change the candidates do not show is said as such
        changed = _pool_change(record, pool)
        where = changed or "本领域在库专家（编号、工作单位、信用代码、是否本局工作人员）与记录一致：改动在其他领域的专家、其他列或工作簿的其他部分。"
        return (f"专家库文件的 SHA-256 与记录不符（记录 {record['pool']['sha256']}，文件 {pool.sha256}）："
                f"专家库在抽取后被改动或不是同一份。{where}")
    return candidates_difference(record, pool)


def _pool_change(record: dict, pool: Pool) -> str:
    """How the pool's candidates for the record's fields differ from the record's, by expert: those
    gone (status, field or row changed), those added, those whose unit, credit code or staff flag
    changed; "" when they are alike or the record holds no candidates to compare."""
    recorded = record.get("candidates")
    if not isinstance(recorded, list) or not all(isinstance(item, dict) for item in recorded):
        return ""
    try:
        derived = candidates_for(pool, record["fields"])
    except (InputError, KeyError):
        return ""
    before = {item.get("expert_id"): item for item in recorded}
    after = {item.get("expert_id"): item for item in derived}
    parts = []
    gone = [str(key) for key in before if key not in after]
    if gone:
        parts.append(f"{'、'.join(gone)} 已不是本领域的在库专家（状态、专业领域改动或已删除）")
    added = [str(key) for key in after if key not in before]
    if added:
        parts.append(f"{'、'.join(added)} 为抽取后新成为本领域在库专家的")
    altered = [f"{_show_candidate(before[key])} 现为 {_show_candidate(after[key])}" for key in before
               if key in after and before[key] != after[key]]
    if altered:
        parts.append(f"{'；'.join(altered)}")
    return f"其中：{'；'.join(parts)}。" if parts else ""


def candidates_difference(record: dict, pool: Pool) -> str:
    """The first difference between a record's (or a commit's) candidates and the pool's for its
    fields: with the pool's hash alike, the recusal columns the hash leaves out (工作单位统一社会信用代码,
    是否本局工作人员) changed. draw reveal and draw substitute compare this, as draw verify does."""
    try:
        derived = candidates_for(pool, record["fields"])
    except InputError as error:
        return str(error)
    return _first_difference("本领域在库专家（candidates）", record["candidates"], derived, _show_candidate)


def _show_candidate(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    return (f"{item.get('expert_id')}（工作单位 {item.get('unit')}，信用代码 {item.get('unit_uscc') or '无'}，"
            f"本局工作人员 {'是' if item.get('staff') else '否'}）")


def _check_order(record: dict, pool) -> str:
    """The candidates in canonical order (by 专家编号 as text, each once): RFC 3797 is fair only if
    the list's order was fixed before the numbers, and the contract fixes it; any other order (one
    chosen after the numbers were known) re-derives just as well, so it is refused here."""
    ids = [item["expert_id"] for item in record["candidates"]]
    for index in range(1, len(ids)):
        if not ids[index - 1] < ids[index]:
            return (f"在库专家名单（candidates）第 {index + 1} 位 {ids[index]} 排在 {ids[index - 1]} 之后，"
                    "不是按专家编号排序的规范顺序（每人一次）：名单顺序须在随机数公布前固定，本记录的顺序无法证明这一点。")
    return ""


def _check_exclusions(record: dict, pool) -> str:
    derived = compute_exclusions(record["candidates"], record["exclusion_inputs"])
    return _first_difference("回避排除（exclusions）", record["exclusions"], derived,
                             lambda item: f"{item['expert_id']}：{'；'.join(r['detail'] for r in item['reasons'])}")


def _check_eligible(record: dict, pool) -> str:
    derived = eligible_ids(record["candidates"], record["exclusions"])
    problem = _first_difference("可抽取名单（eligible）", record["eligible"], derived)
    if not problem and sha256_json(derived) != record.get("eligible_sha256"):
        problem = "可抽取名单的 eligible_sha256 与名单不符。"
    return problem


def _check_selection(record: dict, pool) -> str:
    try:
        key = seed_key(record["seed"])
        policy = Policy.from_dict(record["policy"])
    except (InputError, TypeError, KeyError) as error:
        return f"记录中的种子或策略无法读取：{error}"
    counts = (record.get("panel_size"), record.get("alternates_count"))
    if counts != (policy.panel_size, policy.alternates):  # printed on the panel page, used by the public page
        return (f"记录的 panel_size / alternates_count（{counts[0]} / {counts[1]}）与抽取策略（{policy.panel_size} / "
                f"{policy.alternates}）不符。")
    if key != record["seed"].get("key"):
        return f"种子密钥串不一致：记录为 {record['seed'].get('key')}，由来源复算为 {key}。"
    try:
        selection = select(record["eligible"], policy, key)
    except InputError as error:
        return str(error)
    recorded_panel = [item["expert_id"] for item in record["panel"]]
    recorded_alternates = [item["expert_id"] for item in record["alternates"]]
    return (_first_difference("正选名单（panel）", recorded_panel, selection.panel)
            or _first_difference("候补名单（alternates）", recorded_alternates, selection.alternates)
            or _first_difference("抽取序列（sequence）", record.get("sequence", []), selection.sequence,
                                 lambda item: f"{item.get('pick')}:{item.get('md5')}"))


def _check_hashes(record: dict, pool) -> str:
    if sha256_json(draw_core(record)) != record.get("draw_sha256"):
        return "记录所载的抽取记录哈希与记录内容不符：记录在抽取后被改动。"
    commit = record.get("commit")
    if not commit:
        return ""
    body = commit_body(dict(record, sources=commit.get("sources"),
                            algorithm=record["algorithm"]))
    if sha256_json(body) != commit.get("commit_sha256"):
        return "记录内容与承诺哈希不符：抽取所用的专家库、回避或策略与承诺时不同。"
    names = [source.get("name") for source in record["seed"].get("sources", ())]
    if names != commit.get("sources"):
        return "随机数来源与承诺时指定的来源不一致。"
    if commit.get("entry", 0) >= record.get("ledger", {}).get("draw_entry", {}).get("entry", 0):
        return "承诺条目不在揭示条目之前。"
    return ""


def _check_substitutions(record: dict, pool) -> str:
    replay = dict(record, substitutions=[])
    for number, item in enumerate(record.get("substitutions", ()), start=1):
        try:
            expected = substitution(replay, item.get("replaced"), item.get("reason"), item.get("at"))
        except InputError as error:
            return f"第 {number} 次替换无效：{error}"
        if (expected["by"], expected["position"]) != (item.get("by"), item.get("position")):
            return (f"第 {number} 次替换应由下一位未用候补 {expected['by']} 顶替，记录为 {item.get('by')}。")
        replay["substitutions"] = replay["substitutions"] + [item]
    return ""


def _redraw_summary(redraw: dict | None) -> dict | None:
    return {key: redraw.get(key) for key in ("reason", "previous")} if redraw else None


# What each compared field is called in a message (staff and inspectors read it: no JSON keys).
ENTRY_FIELDS_ZH = {"draw_sha256": "抽取记录哈希", "operator": "抽取科室", "at": "时间", "redraw": "重新抽取说明",
                   "commit_sha256": "承诺哈希", "replaced": "被替换专家", "by": "顶替专家",
                   "position": "替换名次", "reason": "替换原因"}


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return "（无）" if key != "redraw" else "（不是重新抽取）"
    if key == "redraw":
        return f"重新抽取，原因“{value.get('reason') or ''}”" if isinstance(value, dict) else f"“{value}”"
    if key == "position":
        return f"第 {value} 位"
    return f"“{value}”"


def _entry_value(data: dict, key: str):
    if key == "redraw":  # a redraw entry has type "redraw" and carries the reason
        return data.get("redraw") if data.get("type") == "redraw" or data.get("redraw") else None
    return data.get(key)


def draw_entry_difference(record: dict, data: dict) -> str:
    """The first of the fields draw verify compares between a record and its draw entry (the
    record's hash, who drew, when, whether a redraw) that differ, said as draw verify says it."""
    expected = {"draw_sha256": record.get("draw_sha256"), "operator": record.get("operator"),
                "at": record.get("drawn_at"), "redraw": _redraw_summary(record.get("redraw"))}
    for key, value in expected.items():
        if _entry_value(data, key) != value:
            return (f"{ENTRY_FIELDS_ZH[key]}与记录不符：账本为{_shown(key, _entry_value(data, key))}，"
                    f"记录为{_shown(key, value)}。")
    return ""


def verify_against_ledger(record: dict, connection) -> str:
    """With the ledger at hand: the record's entries are there with the record's hashes."""
    block = record.get("ledger") or {}
    # Each ledger entry the record points to, with every field the record must agree on: the
    # record's own hash covers the draw, not who drew, when, whether it was a redraw or who was
    # substituted, so those are compared with the append-only entries.
    draw_fields = {"draw_sha256": record.get("draw_sha256"), "operator": record.get("operator"),
                   "at": record.get("drawn_at"), "redraw": _redraw_summary(record.get("redraw"))}
    refs = [("抽取", block.get("draw_entry"), draw_fields)]
    if record.get("commit"):
        refs.insert(0, ("承诺", record["commit"], {"commit_sha256": record["commit"].get("commit_sha256")}))
    for item in record.get("substitutions", ()):
        refs.append(("替换", item.get("ledger"), {key: item.get(key) for key in ("replaced", "by", "position", "reason", "at")}))
    # The chain first: an entry edited in the ledger is the ledger's fault, not the record's.
    chain = ledger_mod.verify(connection)
    if not chain.ok:
        return f"账本已被改动：{chain.message}"
    for label, ref, expected in refs:
        entry = ledger_mod.get(connection, (ref or {}).get("entry", -1))
        if entry is None or entry.entry_hash != ref.get("hash"):
            return f"账本中找不到记录所载的{label}条目（第 {(ref or {}).get('entry')} 条，哈希 {(ref or {}).get('hash')}）。"
        for key, value in expected.items():
            if _entry_value(entry.data, key) != value:
                return (f"账本第 {entry.seq} 条（{label}）的{ENTRY_FIELDS_ZH[key]}与记录不符："
                        f"账本为{_shown(key, _entry_value(entry.data, key))}，记录为{_shown(key, value)}。")
    drawn = ledger_mod.get(connection, (block.get("draw_entry") or {}).get("entry", -1))
    if drawn is not None and "warnings_sha256" in drawn.data and drawn.data["warnings_sha256"] != warning_hashes(record):
        # entries written by this version keep each warning's hash: one struck from (or added to) the record shows here
        kept = drawn.data["warnings_sha256"] if isinstance(drawn.data["warnings_sha256"], list) else []
        shown = list(record.get("warnings") or ())
        added = [text for text in shown if warning_hashes({"warnings": [text]})[0] not in kept]
        missing = len([digest for digest in kept if digest not in warning_hashes(record)])
        said = ([f"账本记有而记录中没有的警告 {missing} 条"] if missing else []) + \
               ([f"记录中多了账本未记的“{added[0]}”" + (f"等 {len(added)} 条" if len(added) > 1 else "")] if added else [])
        return f"账本第 {drawn.seq} 条所载的抽取警告与记录不符：{'；'.join(said) or '顺序不同'}。"
    verdict = ledger_mod.verify(connection, (block.get("head") or {}).get("hash"))
    if not verdict.ok:
        return verdict.message
    return _unlisted_substitutions(record, connection) or superseded_message(record, connection)


def emptied_ledger_message(record: dict, path) -> str:
    """A ledger file of 0 bytes given with a record that names its entries: SQLite opens it as an
    empty database, and draw verify said 不是 fundcheck 抽取账本 (exit 2, as for a wrong file). A
    ledger fundcheck made is never empty (checker/draw/ledger.py _create): the entries the record
    names are not in it, and that is a difference (exit 1). "" when the file is not empty or the
    record names no entry (then the file is read as any other)."""
    try:
        empty = Path(path).is_file() and Path(path).stat().st_size == 0
    except OSError:
        return ""
    if not empty:
        return ""
    block = record.get("ledger") if isinstance(record.get("ledger"), dict) else {}
    refs = [("承诺", record.get("commit")), ("抽取", block.get("draw_entry"))]
    refs += [("替换", item.get("ledger")) for item in record.get("substitutions") or () if isinstance(item, dict)]
    for label, ref in refs:
        if isinstance(ref, dict) and ref.get("entry") is not None:
            return (f"账本「{path}」是空文件（0 字节），其中没有记录所载的{label}条目（第 {ref.get('entry')} 条，哈希 {ref.get('hash')}）："
                    "账本已被清空或换成了空文件，请与备份及事先交纪检监察组的头哈希核对。")
    return ""


def superseded_message(record: dict, connection) -> str:
    """A later commit or draw of the same round and field(s) replaced this draw (one draw per round
    and field): the record re-derives, but it is not the panel of record."""
    after = ((record.get("ledger") or {}).get("draw_entry") or {}).get("entry") or 0
    rows = connection.execute(
        "SELECT seq, json_extract(entry_json, '$.type'), entry_json FROM ledger WHERE seq > ? AND json_valid(entry_json)"
        f" AND {ledger_mod.ROUND_KEY_SQL}"
        " AND json_extract(entry_json, '$.type') IN ('commit', 'draw', 'redraw', 'reveal') ORDER BY seq",
        (after, record.get("round_id")))
    fields = record.get("fields") if isinstance(record.get("fields"), list) else []
    for seq, kind, text in rows:  # a field set overlapping this one's: that field was drawn again (previous_draws)
        if ledger_mod.fields_overlap(json.loads(text).get("fields"), fields):
            return f"账本第 {seq} 条（{ledger_mod.type_zh(kind)}）已重新抽取本轮次该领域：本记录已被取代，不是现行的抽取结果。"
    return ""


def _unlisted_substitutions(record: dict, connection) -> str:
    """Every substitution the ledger holds for this draw is in the record: deleting one from the record
    (to hide who really sat) is a mismatch, and so is one entered after the record's head (an older copy
    of the record, showing a member who was replaced)."""
    head = ((record.get("ledger") or {}).get("head") or {}).get("entry") or 0
    listed = {(item.get("ledger") or {}).get("entry") for item in record.get("substitutions", ())}
    for entry in ledger_mod.entries(connection):
        data = entry.data
        if data.get("type") != "substitute" or data.get("draw_sha256") != record.get("draw_sha256") or entry.seq in listed:
            continue
        if entry.seq <= head:
            return f"账本第 {entry.seq} 条记有本次抽取的替换（{data.get('replaced')} → {data.get('by')}），记录中没有。"
        # after the record's head: an older copy of the record (one substitution less), whose panel is
        # not the panel of record; `draw substitute` refuses it alike
        return (f"账本第 {entry.seq} 条记有本次抽取在本记录之后的替换（{data.get('replaced')} → {data.get('by')}）："
                "本记录不是最新的，其正选名单不是现行名单；请使用包含该替换的最新记录文件。")
    return ""


# ---------------------------------------------------------------- the ledger's own draws

REDERIVED_TYPES = ("draw", "redraw", "reveal")  # entries that record a selection (draw_entry)


def entry_selection_problem(data: dict) -> str | None:
    """Whether a draw entry's panel and alternates follow from what the entry itself holds: its
    eligible list (against its eligible_sha256), its seed (against its seed_key_sha256) and its
    policy, re-run through RFC 3797. "" when they do; one sentence naming the first difference when
    not; None when the entry holds no eligible list or seed (written before entries carried them).

    The chain alone proves only that entries were not changed after the head an inspector holds: a
    ledger rewritten from scratch (every hash recomputed) verifies too. A panel that does not follow
    from the entry's own seed and list is a change no recomputed hash can hide."""
    eligible, seed = data.get("eligible"), data.get("seed")
    if eligible is None or seed is None:  # older entries held only the list's hash (or no seed): said, not failed
        return None
    try:
        if not isinstance(eligible, list) or not all(isinstance(item, str) for item in eligible):
            return "所载可抽取名单（eligible）不是专家编号的列表。"
        if sha256_json(eligible) != data.get("eligible_sha256"):
            return "所载可抽取名单与其 eligible_sha256 不符。"
        key = seed_key(seed)
        if seed_key_sha256({"seed": {"key": key}}) != data.get("seed_key_sha256"):
            return f"由所载随机数来源复算的种子密钥串 {key} 与其 seed_key_sha256 不符。"
        policy = Policy.from_dict(data["policy"])
        selection = select(eligible, policy, key)
    except InputError as error:
        return f"所载种子或抽取策略无法复算（{str(error).rstrip('。')}）。"
    except (TypeError, KeyError, ValueError, AttributeError):  # a value of another type where a list or an object was
        return "所载种子或抽取策略的格式不对，无法复算。"
    panel, alternates = data.get("panel"), data.get("alternates")
    if not isinstance(panel, list) or not isinstance(alternates, list):  # a tampered entry's value of another type
        return "所载正选或候补名单不是专家编号的列表。"
    return (_first_difference("正选名单（panel）", panel, selection.panel)
            or _first_difference("候补名单（alternates）", alternates, selection.alternates))


class LedgerSelections:
    """Every draw entry of a ledger re-derived (:func:`entry_selection_problem`), entry by entry as
    the caller reads them (one parse of each, shared with its other checks): the problems, one
    sentence each naming the entry; the numbers of the draw entries that hold nothing to re-derive
    from; and how many were re-derived."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.without: list[int] = []
        self.rederived = 0
        # h158: what the checks below compare later entries with (entries come in seq order)
        self.held_from: int | None = None  # the first draw entry holding its lists and seed
        # found by their content hashes, not by entry number or entry hash: a rewrite elsewhere in the
        # chain renumbers and rehashes (fairness names that), it does not change which draw is whose
        self.commits: dict[object, tuple[int, dict]] = {}  # commit_sha256 -> (seq, data)
        self.seated: dict[object, tuple[int, list, list]] = {}  # draw_sha256 -> (seq, panel now, alternates unused)
        self.substitution_problems: list[str] = []
        self.drawn: set[str] = set()  # draw_sha256 of every draw entry met, re-derivable or not
        # one draw per round and field: each commit, draw, redraw and reveal met (seq, round id, type, fields),
        # under its round_key; a later "draw" of the same round and field is a redraw with its reason struck out.
        # Keyed (h165): a draw compared with every earlier entry, round_key each time, made a 100,000-draw ledger
        # of distinct rounds quadratic (8,000 entries 0.2 s before, 38 s; 100,000 about an hour and a half)
        self.rounds: dict[str, list[tuple[int, str, str, list]]] = {}
        self.unmarked: list[str] = []  # the same round id and fields: the program never writes that
        self.unmarked_notes: list[str] = []  # a round id written otherwise, or fields overlapping: to be looked at

    def add(self, seq: int, data: dict) -> None:
        kind = data.get("type")
        if kind in ("commit", "draw", "redraw", "reveal"):
            self._one_draw_per_round(seq, kind, data)
        if kind == "commit":
            self.commits.setdefault(str(data.get("commit_sha256")), (seq, data))
            return
        if kind == "substitute":
            if data.get("draw_sha256") is not None and str(data.get("draw_sha256")) not in self.drawn:
                # its draw entry is in no earlier line: taken out with the chain recomputed (only a held
                # head hash showed it), or the substitution entered in another ledger than its draw's
                self.substitution_problems.append(
                    f"第 {seq} 条（替换，轮次 {data.get('round_id')}）之前没有它所替换的抽取条目"
                    f"（draw_sha256 {str(data.get('draw_sha256'))[:16]}…）：抽取条目被删去（哈希链随之被重新计算），"
                    "或替换未记入其抽取所在的账本。")
                return
            problem = self._substitution_problem(data)
            if problem:
                self.substitution_problems.append(
                    f"第 {seq} 条（替换，轮次 {data.get('round_id')}）不能按其抽取条目的名单复核：{problem}"
                    "条目在替换后被改动（哈希链随之被重新计算），或替换未按候补顺序进行。")
            return
        if kind not in REDERIVED_TYPES:
            return
        self.drawn.add(str(data.get("draw_sha256")))
        problem = entry_selection_problem(data)
        if problem is None:
            if self.held_from is not None:
                # h158: entries only gained their lists, so a later entry without them had them taken
                # out (then nothing is re-derived and the chain, recomputed, holds): a 注意 let it pass
                self.problems.append(
                    f"第 {seq} 条（{ledger_mod.type_zh(kind)}，轮次 {data.get('round_id')}）未载可抽取名单或种子，"
                    f"而在它之前的第 {self.held_from} 条已载：名单或种子被删去（哈希链随之被重新计算），"
                    "或由更早版本的程序追加；无法复算，请用 fundcheck draw verify 核对其抽取记录。")
            else:
                self.without.append(seq)
            return
        if self.held_from is None:
            self.held_from = seq
        self.rederived += 1
        if problem:
            self.problems.append(f"第 {seq} 条（{ledger_mod.type_zh(kind)}，轮次 {data.get('round_id')}）"
                                 f"不能由其所载种子和可抽取名单复算：{problem}"
                                 "条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")
            return
        problem = self._commit_problem(data) if kind == "reveal" else ""
        if problem:
            self.problems.append(f"第 {seq} 条（揭示，轮次 {data.get('round_id')}）与其承诺条目不符：{problem}"
                                 "揭示条目在承诺后被改动（哈希链随之被重新计算）。")
            return
        self.seated.setdefault(str(data.get("draw_sha256")), (seq, list(data.get("panel")), list(data.get("alternates"))))

    def _one_draw_per_round(self, seq: int, kind: str, data: dict) -> None:
        """A "draw" entry after a commit, draw, redraw or reveal of its round and field. `draw new` makes a
        second draw of a round and field a redraw with a reason (redraw_block; round ids compared by
        round_key, fields by overlap); rewritten as a first draw, the chain recomputed, it passed (h158's
        report; fairness names it redraw_unmarked). The same round id and the same fields are a
        difference; a round id written otherwise (R1, r1) or fields that only overlap are a 注意: an older
        program compared round ids as written and equal field sets only."""
        round_id, fields = data.get("round_id"), data.get("fields")
        if not isinstance(round_id, str) or not isinstance(fields, list):
            return
        key = round_key(round_id)  # the same round_key: R1, r1, "R 1"
        earlier = self.rounds.get(key)
        if earlier is None:  # nearly every entry of a ledger: its round's first
            self.rounds[key] = [(seq, round_id, kind, fields)]
            return
        if kind == "draw":
            same = sorted(map(str, fields))
            # the same round id and fields looked for first (h165): an older program's legitimate draw of r1 before
            # R1 (a 注意) came first in the ledger and hid a later R1 draw rewritten from a redraw of R1
            exact = next((item for item in earlier if item[1] == round_id and sorted(map(str, item[3])) == same), None)
            overlapping = None if exact else next(
                (item for item in earlier if ledger_mod.fields_overlap(item[3], fields)), None)
            if exact:
                number, _, other_kind, _ = exact
                self.unmarked.append(
                    f"第 {seq} 条（抽取，轮次 {round_id}）记为首次抽取，但第 {number} 条已是同一轮次、同一领域的"
                    f"{ledger_mod.type_zh(other_kind)}：再次抽取须记为重新抽取并载明原因，"
                    "条目被改写（哈希链随之被重新计算）。")
            elif overlapping:
                number, other, other_kind, other_fields = overlapping
                self.unmarked_notes.append(
                    f"第 {seq} 条（抽取，轮次 {round_id}）记为首次抽取，而第 {number} 条（{ledger_mod.type_zh(other_kind)}，"
                    f"轮次 {other}，领域 {'、'.join(map(str, other_fields))}）与它同一轮次、领域重叠：请核对是否为未载原因的重新抽取。")
        earlier.append((seq, round_id, kind, fields))

    # the seed fixed by the commit: a reveal that re-derives from a list or sources other than the
    # commit's is a draw the commit never bound (h158)
    REVEAL_BOUND = (("round_id", "轮次"), ("fields", "领域"), ("pool_sha256", "专家库哈希"),
                    ("eligible_sha256", "可抽取名单哈希"), ("excluded", "回避名单"), ("policy", "抽取策略"))

    def _commit_problem(self, data: dict) -> str:
        commit = data.get("commit") if isinstance(data.get("commit"), dict) else {}
        number, committed = self.commits.get(str(commit.get("commit_sha256")), (None, None))
        if committed is None:
            return f"它之前没有其所称的承诺（commit_sha256 {str(commit.get('commit_sha256'))[:16]}…）的承诺条目。"
        for key, label in self.REVEAL_BOUND:
            if key in committed and data.get(key) != committed.get(key):  # keys an older commit lacks: not compared
                return f"{label}与第 {number} 条承诺所载的不同。"
        seed = data.get("seed") if isinstance(data.get("seed"), dict) else {}
        names = [source.get("name") if isinstance(source, dict) else source for source in seed.get("sources") or ()]
        if names != committed.get("sources"):
            return (f"随机数来源为 {'、'.join(map(str, names))}，第 {number} 条承诺所指定的是 "
                    f"{'、'.join(map(str, committed.get('sources') or ()))}。")
        return ""

    def _substitution_problem(self, data: dict) -> str:
        """Replayed on the draw entry it names: the replaced expert on the panel as it then stood,
        at the recorded position, and the next unused alternate in (never anyone else)."""
        found = self.seated.get(str(data.get("draw_sha256")))
        if found is None:  # its draw named above as failing, or holding no lists to replay on (an older program's)
            return ""
        number, panel, unused = found
        replaced, by, position = data.get("replaced"), data.get("by"), data.get("position")
        if replaced not in panel:
            return f"被替换的 {replaced} 不在第 {number} 条当时的正选名单中（当时：{'、'.join(panel)}）。"
        if position != panel.index(replaced) + 1:
            return f"位置记为第 {position} 位，{replaced} 在当时正选名单的第 {panel.index(replaced) + 1} 位。"
        if not unused:
            return f"第 {number} 条的候补已全部用完，顶替者 {by} 不是候补。"
        if by != unused[0]:
            return f"顶替者记为 {by}，按候补顺序应为 {unused[0]}。"
        panel[panel.index(replaced)] = unused.pop(0)
        return ""
