"""DRAW-RANDOM: is the round's draw in the ledger, does the ledger verify, does the recorded panel
match the ledger's panel after its substitutions, and were there redraws?

Uses the draw ledger (hash chain, ``verify``, entries). The round record's 抽取记录编号
may be the ledger entry number ("12", "#12", "L12"), or a prefix (≥ 8 hex digits) of the draw's
``draw_sha256`` or of the entry hash. Without ``--ledger`` the state is ``no_ledger``; a record
number that is not a ledger reference (a paper record, e.g. "纸质-2020-03") is ``paper``: both give
``missing``, never a pass.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.draw import ledger as ledger_mod
from checker.errors import InputError

_ENTRY_NUMBER = re.compile(r"^(?:#|L|第)?(\d+)(?:条)?$", re.IGNORECASE)
_HEX = re.compile(r"^[0-9a-f]{8,64}$")
DRAW_TYPES = ("draw", "redraw", "reveal")


def check_draw(record, ledger_path) -> tuple[str, str]:
    rows = record.draws
    if not rows:
        return "absent", "未记录专家抽取"
    ids = sorted({r.text("draw_id") for r in rows if r.text("draw_id")})
    if not ids:
        return "no_id", "专家抽取表未填写抽取记录编号，无法核对随机抽取记录"
    if len(ids) > 1:
        detail_ids = "、".join(ids)
    else:
        detail_ids = ids[0]
    references = [_reference(i) for i in ids]
    if all(ref is None for ref in references):
        return "paper", f"抽取记录编号 {detail_ids} 不是账本条目（纸质记录），无法复核随机性"
    if ledger_path is None:
        return "no_ledger", f"抽取记录编号 {detail_ids}；未提供 --ledger，无法核对账本"
    try:
        connection = ledger_mod.open_existing(Path(ledger_path))
    except InputError as error:
        return "ledger_broken", f"账本无法打开：{error}"
    try:
        verdict = ledger_mod.verify(connection)
        if not verdict.ok:
            return "ledger_broken", f"账本校验失败：{verdict.message}"
        entries = list(ledger_mod.entries(connection))
    finally:
        connection.close()
    panel_rows = [r.text("expert_id") for r in rows if r.text("role") in ("", "正选", "替补")]
    recorded = set(panel_rows)
    notes = []
    found_any = False
    for ref in references:
        if ref is None:
            continue
        entry = _match(entries, ref)
        if entry is None:
            return "not_in_ledger", f"账本中找不到抽取记录 {ref[1]}"
        data = entry.data
        found_any = True
        if data.get("type") not in DRAW_TYPES:
            return "not_in_ledger", f"账本第 {entry.seq} 条不是抽取条目（类型 {data.get('type')}）"
        if data.get("round_id") and data.get("round_id") != record.round_id:
            return "mismatch", f"账本第 {entry.seq} 条属于轮次 {data.get('round_id')}，不是 {record.round_id}"
        panel = list(data.get("panel") or [])
        subs = [e.data for e in entries if e.data.get("type") == "substitute" and e.data.get("draw_sha256") == data.get("draw_sha256")]
        for sub in subs:
            if sub.get("replaced") in panel:
                panel[panel.index(sub["replaced"])] = sub.get("by")
            notes.append(f"替补：{sub.get('replaced')} → {sub.get('by')}（{sub.get('reason')}，账本第 {_seq(entries, sub)} 条）")
        redraws = [e for e in entries if e.data.get("type") == "redraw" and e.data.get("round_id") == data.get("round_id")]
        if data.get("type") == "redraw" or redraws:
            reason = (data.get("redraw") or {}).get("reason") or "、".join((e.data.get("redraw") or {}).get("reason", "") for e in redraws)
            notes.append(f"存在重新抽取（原因：{reason or '未说明'}）")
        if set(panel) != recorded:
            only_ledger = sorted(set(panel) - recorded)
            only_record = sorted(recorded - set(panel))
            return "mismatch", (
                f"账本第 {entry.seq} 条的正选名单与轮次记录不符：账本有而记录无 {'、'.join(only_ledger) or '无'}；"
                f"记录有而账本无 {'、'.join(only_record) or '无'}"
            )
        notes.insert(0, f"账本第 {entry.seq} 条（{data.get('type')}，draw_sha256 {str(data.get('draw_sha256'))[:12]}…）与记录一致，账本链校验通过")
    if not found_any:
        return "not_in_ledger", "账本中找不到抽取记录"
    return "verified", "；".join(notes)


def _reference(text: str):
    text = text.strip()
    match = _ENTRY_NUMBER.match(text)
    if match:
        return ("seq", int(match.group(1)))
    lowered = text.lower()
    if _HEX.match(lowered):
        return ("hash", lowered)
    return None


def _match(entries, ref):
    kind, value = ref
    for entry in entries:
        if kind == "seq" and entry.seq == value:
            return entry
        if kind == "hash" and (entry.entry_hash.startswith(value) or str(entry.data.get("draw_sha256", "")).startswith(value)):
            if entry.data.get("type") in DRAW_TYPES or entry.entry_hash.startswith(value):
                return entry
    return None


def _seq(entries, data) -> str:
    for entry in entries:
        if entry.data == data:
            return str(entry.seq)
    return "?"
