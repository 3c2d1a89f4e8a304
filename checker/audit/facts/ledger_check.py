"""DRAW-RANDOM: is the round's draw in the ledger, does the ledger verify, does re-running the
RFC 3797 selection give the ledger's panel, was the draw made before the expert review, and does
the recorded panel match the ledger's panel after its substitutions?

The round record's 抽取记录编号 may be the ledger entry number ("12", "#12", "L12", "第12条"), or a
prefix (≥ 8 hex digits) of the draw's ``draw_sha256`` or of the entry hash; a number that matches
no draw entry fails, one that matches two is ``ambiguous`` (needs review, naming both). The
selection is re-run from the entry itself when it carries the eligible list and the seed (draws
recorded by fundcheck since this version), else from the draw record given with ``--draw-record``
(its own checks re-derive it, and it must be the ledger's entry: same ``draw_sha256``, entries and
chain as ``draw verify --ledger`` checks). The entry's time is converted to Beijing time (+08:00)
before it is compared with the 专家评审 date. Without ``--ledger`` the state is ``no_ledger``; a
record number that is not a ledger reference (a paper record, e.g. "纸质-2020-03") is ``paper``:
both give ``missing``, never a pass. The ledger (and the draw record) is read and verified once per
run (:class:`LedgerView`), however many rounds are audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.audit.facts.common import draw_role, names_unit, split_list, unknown_role
from checker.audit.record import Moment
from checker.core.text import nfkc, same_round
from checker.draw import ledger as ledger_mod
from checker.draw.ledger import sha256_json
from checker.draw.record import Policy, seed_key, select
from checker.draw.verify import verify_against_ledger, verify_record
from checker.errors import InputError

_ENTRY_NUMBER = re.compile(r"^(?:#|L|第)?(\d+)(?:条)?$", re.IGNORECASE)
_HEX = re.compile(r"^[0-9a-f]{8,64}$")
DRAW_TYPES = ("draw", "redraw", "reveal")
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class ViewEntry:
    """A ledger entry with its JSON parsed once."""

    seq: int
    entry_hash: str
    data: dict


@dataclass
class LedgerView:
    """A ledger read once: its entries, whether its chain verifies, and a draw record's checks."""

    path: str
    entries: list[ViewEntry] = field(default_factory=list)
    problem: str = ""  # why the ledger cannot be used ("" when it verifies)
    record: dict | None = None  # the --draw-record, when given
    record_problem: str = ""  # why the record does not re-derive or does not match the ledger

    @classmethod
    def load(cls, path, record_path=None) -> "LedgerView":
        view = cls(str(path))
        try:
            connection = ledger_mod.open_existing(Path(path))
        except InputError as error:
            view.problem = f"账本无法打开：{str(error).rstrip('。')}"  # the rule's sentence ends it
            return view
        try:
            verdict = ledger_mod.verify(connection)
            if not verdict.ok:
                view.problem = f"账本校验失败：{verdict.message.rstrip('。')}"
            try:
                for e in ledger_mod.entries(connection):
                    view.entries.append(ViewEntry(e.seq, e.entry_hash, _parsed(e)))
            except ledger_mod.LedgerDamaged:  # damaged part-way: the verdict above already says where
                pass
            if record_path is not None:
                view.record = load_draw_record(record_path)
                view.record_problem = (verify_record(view.record)
                                       or verify_against_ledger(view.record, connection))
        finally:
            connection.close()
        return view


def _parsed(entry) -> dict:
    try:
        data = entry.data
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def load_draw_record(path) -> dict:
    """A draw record (``draw.json``); an unreadable file is an input error (exit 2)."""
    from checker.draw.service import load_record

    record = load_record(path)
    if record.get("kind") != "draw":
        raise InputError(f"「{Path(path).name}」不是抽取记录（kind 应为 draw）：--draw-record 需要 draw new / draw reveal 写出的记录。")
    return record


def beijing_date(stamp: object) -> dt.date | None:
    """An ISO 8601 time with offset, as a date in Beijing time (+08:00); None when unreadable.
    A time without offset is taken as Beijing time (the tool writes every time with its offset)."""
    found = beijing_minute(stamp)
    return found[0] if found is not None else None


def beijing_minute(stamp: object) -> tuple[dt.date, int] | None:
    """An ISO 8601 time as its day and minute of the day in Beijing time, or None (a time without offset is Beijing
    time)."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    local = moment.astimezone(BEIJING)
    return local.date(), local.hour * 60 + local.minute


def _after_review(stamp: object, review: Moment) -> bool:
    """The ledger's time certainly after the expert review: a later day, or (h167) the same day after the review's
    latest minute, which its 日期 cell's time bounds (专家评审 上午9时, a draw at 09:30: after it; a review without a
    time is the whole day). Compared as the order rules compare two steps (record.certainly_after)."""
    found = beijing_minute(stamp)
    if found is None:
        return False
    day, minute = found
    return day > review.date or day == review.date and review.high < minute


def _drawn_text(stamp: object, review: Moment) -> str:
    """北京时间 2020-04-03, with the time of day (09:30) when it is the review's day: what the comparison read."""
    found = beijing_minute(stamp)
    if found is None:
        return str(stamp)
    day, minute = found
    return f"{day}" + (f" {minute // 60:02d}:{minute % 60:02d}" if day == review.date and review.step.minutes else "")


def check_draw(record, view: LedgerView | None, review: Moment | None, review_state: str) -> tuple[str, str]:
    """(state, detail) for DRAW-RANDOM; see the module docstring. ``review``: the expert review's first moment."""
    rows = record.draws
    if not rows:
        return ("absent", "专家抽取表没有记录") if "专家抽取" in record.sheets_present else ("no_sheet", "轮次记录没有“专家抽取”表")
    by_id: dict[str, list] = {}
    for row in rows:
        if row.text("draw_id"):
            by_id.setdefault(row.text("draw_id"), []).append(row)
    if not by_id:
        return "no_id", "专家抽取表未填写抽取记录编号，无法核对随机抽取记录"
    references = {draw_id: _reference(draw_id) for draw_id in sorted(by_id)}
    if all(ref is None for ref in references.values()):
        return "paper", f"抽取记录编号 {'、'.join(references)} 不是账本条目（纸质记录），无法复核随机性"
    if view is None:
        return "no_ledger", f"抽取记录编号 {'、'.join(references)}；未提供抽取账本，无法核对账本"
    if view.problem:
        return "ledger_broken", view.problem
    states, notes = [], []
    for draw_id, ref in references.items():
        where = _rows_text(by_id[draw_id])
        if all(draw_role(r) == "已替换" for r in by_id[draw_id]) and any(
                draw_role(r) != "已替换" for other, rows in by_id.items() if other != draw_id for r in rows):
            # a draw redone (h152): the record keeps the first draw's experts, each marked 已替换, beside the redraw's
            # panel; none of them reviewed, so the first draw is no draw of the panel (its entry, superseded in the
            # ledger, failed “所列是被取代的抽取”, 不合规). The panel's own draw is checked; this one is said.
            notes.append(f"抽取记录编号 {draw_id}（{where}）的专家均标为已替换，未参加评审，不作为评审专家的抽取核对")
            continue
        if ref is None:
            states.append(("paper", f"抽取记录编号 {draw_id}（{where}）不是账本条目（纸质记录）"))
            continue
        matches = _matches(view.entries, ref)
        if not matches:
            states.append(("not_in_ledger", f"账本中找不到抽取记录 {draw_id}（{where}）"))
            continue
        if len(matches) == 1 and matches[0].data.get("type") not in DRAW_TYPES:
            states.append(("not_in_ledger", f"账本第 {matches[0].seq} 条不是抽取条目（而是{ledger_mod.type_zh(matches[0].data.get('type'))}条目，{where}）"))
            continue
        if len(matches) > 1:
            states.append(("ambiguous", f"抽取记录编号 {draw_id}（{where}）与账本第 {'、'.join(str(e.seq) for e in matches)} 条均相符，"
                                        f"无法确定是哪一次抽取；请填写条目编号"))
            continue
        states.append(_check_entry(record, view, matches[0], by_id[draw_id], where, review, review_state, notes))
    state, detail = _worst(states)
    if state == "verified":
        return state, "；".join(notes)
    return state, detail


_STATE_ORDER = ("ledger_broken", "not_in_ledger", "mismatch", "after_review", "ambiguous", "not_rederivable",
                "no_review_date", "paper", "verified")


def _worst(states: list[tuple[str, str]]) -> tuple[str, str]:
    state = min((s for s, _ in states), key=_STATE_ORDER.index)
    return state, "；".join(d for s, d in states if s == state)


def _check_entry(record, view: LedgerView, entry, rows, where: str, review, review_state: str, notes: list) -> tuple[str, str]:
    data = entry.data
    if data.get("round_id") and not same_round(data.get("round_id"), record.round_id):
        return "mismatch", f"账本第 {entry.seq} 条属于轮次 {data.get('round_id')}，不是 {record.round_id}（{where}）"
    # "局政工科按照项目领域…随机抽取" (001:4066): a draw from other fields is no draw for this round, whatever
    # the 专家抽取 sheet's own 专业领域 column says
    round_fields = split_list(record.field)
    stored = data.get("fields")
    if round_fields and isinstance(stored, list) and stored \
            and not ledger_mod.fields_overlap([nfkc(str(f)) for f in stored], round_fields):
        shown = record.round_row.shown("field") if record.round_row is not None else record.field
        return "mismatch", (f"账本第 {entry.seq} 条抽取的专业领域为“{'、'.join(str(f) for f in stored)}”，"
                            f"与本轮项目领域“{shown}”无一相同（{where}）：该次抽取不是按本轮项目领域进行的")
    # one draw per round and field: a later commit, draw or redraw of the same round and field(s), or of
    # fields overlapping them (draw_new's previous_draws)
    # replaced this one (draw verify --ledger says 已被取代); a review by its panel is not by the draw of record
    later = [e for e in view.entries if e.seq > entry.seq and e.data.get("type") in ("commit",) + DRAW_TYPES
             and same_round(e.data.get("round_id"), data.get("round_id"))
             and ledger_mod.fields_overlap(e.data.get("fields"), data.get("fields") if isinstance(data.get("fields"), list) else [])]
    if later:
        reason = (later[0].data.get("redraw") or {}).get("reason")
        return "mismatch", (f"账本第 {entry.seq} 条的抽取已被第 {later[0].seq} 条（{ledger_mod.type_zh(later[0].data.get('type'))}"
                            f"{f'，原因：{reason}' if reason else ''}）取代，轮次记录（{where}）所列是被取代的抽取；"
                            f"现行的抽取是账本第 {later[-1].seq} 条")
    panel = list(data.get("panel") or [])
    subs = [e for e in view.entries if e.data.get("type") == "substitute" and e.data.get("draw_sha256") == data.get("draw_sha256")]
    sub_notes = []
    for sub in subs:
        if sub.data.get("replaced") in panel:
            panel[panel.index(sub.data["replaced"])] = sub.data.get("by")
        sub_notes.append(f"替补：{sub.data.get('replaced')} → {sub.data.get('by')}（{sub.data.get('reason')}，账本第 {sub.seq} 条）")
    redraws = [e for e in view.entries if e.data.get("type") == "redraw" and same_round(e.data.get("round_id"), data.get("round_id"))]
    if data.get("type") == "redraw" or redraws:
        reason = (data.get("redraw") or {}).get("reason") or "、".join((e.data.get("redraw") or {}).get("reason", "") for e in redraws)
        sub_notes.append(f"存在重新抽取（原因：{reason or '未说明'}）")
    recorded = {r.text("expert_id") for r in rows if draw_role(r) in ("", "正选", "替补")}
    unclear = [r for r in rows if unknown_role(r)]
    # a row of no known role may be an expert who served: judged only where the lists differ, it
    # let an expert outside the ledger's panel (E099 组长) pass as "与记录一致"
    if unclear and (set(panel) != recorded or any(r.text("expert_id") not in panel for r in unclear)):
        # whether those rows served cannot be told: the lists may well agree (INP-ROUND-VALUE names the cells)
        # the cells quoted as written (正选？（待定）), as INP-ROUND-VALUE quotes them (h152)
        named = "、".join(f"{r.shown('expert_id')}（角色“{r.shown('role')}”）" for r in unclear)
        return "ambiguous", f"专家抽取表中 {named} 的角色无法识别，无法确定轮次记录的名单是否与账本第 {entry.seq} 条一致"
    if set(panel) != recorded:
        # a line whose 专家编号 is blank is named by its cell, not left out of either list
        blank = [f"编号空白（{r.cells['expert_id'].ref if 'expert_id' in r.cells else f'专家抽取 第 {r.number} 行'}）"
                 for r in rows if draw_role(r) in ("", "正选", "替补") and not r.text("expert_id")]
        # an id that is a word or a mark (无, —) is quoted with its cell: "记录有而账本无 无" read as no difference
        cells = {r.text("expert_id"): r.ref("expert_id") for r in rows}
        extra = [expert if re.search(r"[0-9A-Za-z]", expert) else f"“{expert}”（{cells.get(expert, '专家抽取')}）"
                 for expert in sorted(recorded - set(panel) - {""})] + blank
        missing = sorted(set(panel) - recorded)
        if blank and not recorded - set(panel) - {""} and len(missing) == len(blank):
            # the blank lines may be the ledger's missing experts, one each: the lists may well agree, and an
            # unfilled cell is no proof that the draw was not the ledger's (INP-ROUND-VALUE's way)
            cells = "、".join(item.removeprefix("编号空白（").removesuffix("）") for item in blank)
            return "ambiguous", (f"专家抽取表 {cells} 的专家编号空白，无法确定轮次记录（{where}）的名单是否与"
                                 f"账本第 {entry.seq} 条一致（账本有而记录无 {'、'.join(missing) or '无'}）；请补填专家编号后重新审计")
        # an expert of the ledger's panel the record marks 已替换 is on the record: the record says a
        # substitution the ledger does not (no substitute entry), not that the expert is missing
        marked = {r.text("expert_id"): r for r in rows if draw_role(r) == "已替换" and r.text("expert_id") in missing}
        seated = {r.text("expert_id"): r for r in rows if draw_role(r) == "替补" and r.text("expert_id") in extra}
        substitution = ""
        if marked:
            named = "、".join(f"{e}（{r.ref('role')}）" for e, r in marked.items())
            by = "、".join(f"{e}（{r.ref('role')}）" for e, r in seated.items())
            substitution = (f"轮次记录将 {named}标为已替换{f'、由替补 {by}顶替' if by else '且未列替补'}，"
                            f"账本第 {entry.seq} 条却没有{'这次替补' if by else '替换'}的记载（其名单仍有 {'、'.join(marked)}）：替换未经账本登记")
        elif seated:
            by = "、".join(f"{e}（{r.ref('role')}）" for e, r in seated.items())
            substitution = f"轮次记录列替补 {by}，账本第 {entry.seq} 条的名单及其替补记载中都没有：替补未经账本登记"
        missing = [e for e in missing if e not in marked]
        extra = [e for e in extra if e not in (seated if substitution else {})]
        # only the side that differs: "记录有而账本无 无" read as a list holding an expert named 无
        sides = [substitution, f"账本有而记录无 {'、'.join(missing)}" if missing else "", f"记录有而账本无 {'、'.join(extra)}" if extra else ""]
        return "mismatch", f"账本第 {entry.seq} 条的正选名单（含替补）与轮次记录（{where}）不符：{'；'.join(s for s in sides if s)}"
    # who drew, as the append-only entry says: a sheet naming 局政工科 for a draw the ledger records
    # as made by another office passed DRAW-BY-ZGK and this rule alike (001:2581 局政工科…随机抽取)
    operator = str(data.get("operator") or "")
    offices = [r.text("office") for r in rows if r.text("office")]
    if not "".join(operator.split()) and offices and all(names_unit(o, "政工") for o in offices):
        # drawn with a blank --operator (refused since h36): who drew is not in the append-only entry
        return "ambiguous", (f"账本第 {entry.seq} 条未记载抽取科室，无法核对轮次记录所称的“{'、'.join(sorted(set(offices)))}”"
                             f"（{where}）是否属实")
    if operator and not names_unit(operator, "政工") and offices and all(names_unit(o, "政工") for o in offices):
        return "mismatch", (f"账本第 {entry.seq} 条记载的抽取科室为“{operator}”，不是局政工科，"
                            f"与轮次记录的抽取科室“{'、'.join(sorted(set(offices)))}”（{where}）不符")
    derived = _rederive(view, entry)
    if derived[0] != "ok":
        return derived
    drawn_on = beijing_date(data.get("at"))
    if drawn_on is None:
        return "no_review_date", f"账本第 {entry.seq} 条未载可识别的抽取时间（{data.get('at')}），无法判断是否在专家评审之前"
    if review is None:
        return "no_review_date", (f"专家评审日期{'未记录' if review_state == 'absent' else '缺失或无法识别'}，"
                                  f"无法判断账本第 {entry.seq} 条的抽取（北京时间 {drawn_on}）是否在评审之前")
    if _after_review(data.get("at"), review):
        return "after_review", (f"账本第 {entry.seq} 条的抽取时间 {data.get('at')}（北京时间 {_drawn_text(data.get('at'), review)}）"
                                f"晚于专家评审 {review.shown}")
    # a substitute's entry dated after the review: the panel the round lists came about only afterwards. By day, as
    # before h167: an expert who does not come at 9时 is replaced from the alternates drawn beforehand, minutes after the
    # review began (h168: that failed the round, 不合规, once the times were compared); a later day is after the review
    late = [sub for sub in subs if (day := beijing_date(sub.data.get("at"))) is not None and day > review.date]
    if late:
        return "after_review", "；".join(
            f"账本第 {sub.seq} 条的替补（{sub.data.get('replaced')} → {sub.data.get('by')}）记于 {sub.data.get('at')}"
            f"（北京时间 {_drawn_text(sub.data.get('at'), review)}），晚于专家评审 {review.shown}" for sub in late)
    renamed = _renamed_earlier(view, entry)
    if renamed is not None:
        return "ambiguous", (
            f"账本第 {entry.seq} 条（轮次 {data.get('round_id')}）与记录一致，但此前第 {renamed.seq} 条已为轮次 "
            f"{renamed.data.get('round_id')}{ledger_mod.type_zh(renamed.data.get('type'))}（领域重叠、可抽取名单相同），"
            "两个编号只差几个字：像是同一轮次换了编号重新抽取，账本未记为重新抽取，也未说明原因；"
            f"请查明第 {renamed.seq} 条的名单为何未用")
    notes.append(f"账本第 {entry.seq} 条（{ledger_mod.type_zh(data.get('type'))}，抽取记录哈希 {str(data.get('draw_sha256'))[:12]}…）与记录一致，"
                 f"账本链校验通过，{derived[1]}，抽取于北京时间 {_drawn_text(data.get('at'), review)}，不晚于专家评审 {review.shown}")
    seeded = _seed_note(view, data)
    if seeded:
        notes.append(seeded)
    notes.extend(sub_notes)
    return "verified", ""


def _renamed_earlier(view: LedgerView, entry):
    """An earlier commit or draw of a round id that looks like this one renamed (R9 before R9补:
    fundcheck.fairness.model.extends_round) with overlapping fields and the same eligible list: a
    redraw under a new id needs no reason in the ledger."""
    from checker.fairness.model import extends_round

    data = entry.data
    fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    for other in view.entries:
        if (other.seq < entry.seq and other.data.get("type") in ("commit",) + DRAW_TYPES
                and not same_round(other.data.get("round_id"), data.get("round_id"))
                and ledger_mod.fields_overlap(other.data.get("fields"), fields)
                and data.get("eligible_sha256") and other.data.get("eligible_sha256") == data.get("eligible_sha256")
                and extends_round(str(other.data.get("round_id", "")), str(data.get("round_id", "")))):
            return other
    return None


def _seed_note(view: LedgerView, data: dict) -> str:
    """Which kind of draw re-derived, and what that does not prove: a re-derivation shows the panel
    follows from the numbers, not that the numbers were chosen before they were known."""
    seed = data.get("seed") if isinstance(data.get("seed"), dict) else {}
    kind = seed.get("kind") or data.get("seed_kind")
    sources = seed.get("sources") if isinstance(seed.get("sources"), list) else []
    names = "、".join(str(item.get("name") or "未命名") for item in sources if isinstance(item, dict))
    named = f"（{names}）" if names else ""
    if kind == "local_secret":
        return ("本次的随机数由本机生成的秘密值得出，不是公开随机数：复算只证明名单与所记秘密值相符，"
                "不能证明抽取没有多次进行后择一入账，不可公开验证")
    if kind != "public_sources":
        return ""
    commit = data.get("commit") if isinstance(data.get("commit"), dict) else None
    if data.get("type") == "reveal" and commit:
        committed = next((e for e in view.entries if e.seq == commit.get("entry") and e.data.get("type") == "commit"), None)
        when = f"，北京时间 {_beijing_text(committed.data.get('at'))}" if committed else ""
        same_day = _same_day_sources(sources, committed.data.get("at") if committed else None)
        pointed = (f"；来源「{'」「'.join(same_day)}」注明的开奖日期就是承诺当天，请特别核对开奖时刻晚于承诺时刻"
                   if same_day else "")
        return (f"两步抽取：随机数来源{named}已在账本第 {commit.get('entry')} 条承诺时{when}指定，回避与可抽取名单同时固定；"
                "只有各来源的开奖时间晚于承诺时间，这才证明号码不是事后挑选的：本工具不掌握开奖时间，请对照彩票机构的开奖公告核对"
                f"{pointed}")
    return (f"一步抽取：随机数来源{named}与号码在抽取时一并输入，复算只证明名单由这些号码得出，不能证明来源是在号码公布之前、"
            "回避名单确定之后指定的（经办人可能在已知号码后挑选来源或回避名单）；如需证明，须在开奖前承诺来源、开奖后揭示")


def _same_day_sources(sources: list, committed_at) -> list[str]:
    """Source names whose written date is the commit's own day (Beijing time): drawn that evening
    or already drawn when the commit was made, which only the lottery's own times can tell."""
    from checker.draw.record import source_dates

    day = beijing_date(committed_at) if committed_at else None
    if day is None:
        return []
    return [str(item.get("name")) for item in sources if isinstance(item, dict) and isinstance(item.get("name"), str)
            and day in source_dates(item["name"])]


def _beijing_text(stamp: object) -> str:
    """An entry's time as Beijing time to the minute ("2020-04-03 09:30"), or as written."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _rederive(view: LedgerView, entry) -> tuple[str, str]:
    """Re-run RFC 3797 from the entry (eligible list and seed) or from the --draw-record."""
    data = entry.data
    if data.get("eligible") is not None and data.get("seed") is not None:
        try:
            eligible = [str(x) for x in data["eligible"]]
            key = seed_key(data["seed"])
            selection = select(eligible, Policy.from_dict(data.get("policy") or {}), key)
        except (InputError, TypeError, KeyError, ValueError, AttributeError) as error:
            return "mismatch", f"账本第 {entry.seq} 条的抽取输入无法复算：{error}"
        if sha256_json(eligible) != data.get("eligible_sha256"):
            return "mismatch", f"账本第 {entry.seq} 条的可抽取名单与其 eligible_sha256 不符"
        if data.get("seed_key_sha256") and _sha(key) != data.get("seed_key_sha256"):
            return "mismatch", f"账本第 {entry.seq} 条的随机种子与其记载的摘要不符"
        if (selection.panel, selection.alternates) != (list(data.get("panel") or []), list(data.get("alternates") or [])):
            return "mismatch", (f"按 RFC 3797 由账本第 {entry.seq} 条的可抽取名单和随机种子复算，正选为 {'、'.join(selection.panel)}，"
                                f"与账本所载 {'、'.join(data.get('panel') or [])} 不符")
        return "ok", "由账本条目所载可抽取名单与随机种子按 RFC 3797 复算结果一致"
    record = view.record
    if record is not None and record.get("draw_sha256") == data.get("draw_sha256"):
        if view.record_problem:
            return "mismatch", f"抽取记录复核不一致：{view.record_problem}"
        return "ok", "由抽取记录按 RFC 3797 复算结果一致，记录与账本条目相符"
    hint = "所给抽取记录不是该条目的记录" if record is not None else "请提供该次抽取的记录"
    return "not_rederivable", f"账本第 {entry.seq} 条未载可抽取名单和随机种子，无法复算抽取；{hint}"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rows_text(rows) -> str:
    """Where a draw id is written: one or two cells by name, more as the first and the count."""
    refs = [r.ref("draw_id") for r in rows]
    return "、".join(refs) if len(refs) <= 2 else f"{refs[0]} 等 {len(refs)} 行"


def _reference(text: str):
    text = text.strip()
    match = _ENTRY_NUMBER.match(text)
    if match:
        return ("seq", int(match.group(1)))
    lowered = text.lower()
    if _HEX.match(lowered):
        return ("hash", lowered)
    return None


def _matches(entries, ref) -> list:
    """The draw entries a reference names (an entry number names one entry; a hash prefix may
    name several: they are all returned, and two make the reference ambiguous)."""
    kind, value = ref
    if kind == "seq":
        return [e for e in entries if e.seq == value]
    return [e for e in entries if e.data.get("type") in DRAW_TYPES
            and (e.entry_hash.startswith(value) or str(e.data.get("draw_sha256", "")).startswith(value))]
