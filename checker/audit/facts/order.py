"""The order of the recorded steps against the workflow profile's order.

A profile's ``order`` is a list of chains: in each chain a step comes no later than every step after
it. Steps in no common chain are not compared: W-08's decision form follows the last 党组会 but is
not ordered against the second 公示 (both follow the meeting, "于会后三天"), W-06/W-07's filing
follows the 党组会 but not the escalation to 市委组织部 / 市政府. Without ``order`` the profile's
``steps`` list is one chain. An entry may name a stage (``党组会#2``); a step recorded without a stage
is looked up by its name, then as stage 1. The 公示 sheet's dates take part as 公示开始 / 公示结束 of
their stage (the timeline's own 公示 steps are used only where the sheet has none).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from checker.audit.facts.common import RoundCase, stage_decided
from checker.audit.record import WHOLE_DAY, day_bounds, time_span
from checker.core.evaluator import Facts, fact_function


class Placed(NamedTuple):
    key: str  # the chain entry the event matched
    date: dt.date
    name: str
    ref: str
    time: str = ""  # h164: the time of day the cell writes (上午9时), as written


def chains_of(profile: dict) -> list[list[str]]:
    order = profile.get("order")
    return [list(chain) for chain in order] if order else [list(profile.get("steps") or [])]


def _entry(name: str, stage: int | None, known: set[str]) -> str | None:
    candidates = [name, f"{name}#1"] if stage is None else [f"{name}#{stage}", *([name] if stage == 1 else [])]
    return next((c for c in candidates if c in known), None)


def placed_events(case: RoundCase, known: set[str]) -> list[Placed]:
    record = case.record
    sheet_stages = {item["stage"] for item in record.disclosures}
    events: list[Placed] = []
    for step in record.steps:
        if not step.date:
            continue
        if step.key in ("disclosure_start", "disclosure_end") and record.disclosures and step.stage in sheet_stages | {None}:
            continue  # the 公示 sheet wins
        key = _entry(step.name, step.stage, known)
        if key is not None:
            events.append(Placed(key, step.date, step.name, step.ref, step.time))
    for item in record.disclosures:
        if item["start"] and item["end"] and item["end"] < item["start"]:
            continue  # a 公示 ending before it began: the record contradicts itself (DISC-PERIOD says so), no order to judge
        for kind, name in (("start", "公示开始"), ("end", "公示结束")):
            day = item[kind]
            key = _entry(name, item["stage"], known) if day else None
            if key is not None:
                events.append(Placed(key, day, f"{name}（公示表）", item["row"].ref(kind), item.get(f"{kind}_time", "")))
    return events


def _earliest_of_each(events: list[Placed]) -> list[tuple[Placed, tuple[int, int]]]:
    """Each step once, at its first moment: a step recorded twice is an INP-ROUND-DUPLICATE finding
    and the earliest date is the one every rule uses (README), so its later line does not make the
    steps after the first one out of order (评审同意 again after the 专家评审 it had consented to).
    h166: with the earliest and latest minute it can have been on that day, over that day's rows (record.first_moment's
    reading: a row without a time is the whole day), shown by the row bounding it earliest; PROC-3I1L-REVIEW and the
    other order rules read the same (steps.put_moment), so they never judge one pair otherwise."""
    days: dict[str, dt.date] = {}
    for event in events:
        if event.key not in days or event.date < days[event.key]:
            days[event.key] = event.date
    spans: dict[str, list[tuple[tuple[int, int], Placed]]] = {}
    for event in events:
        if event.date == days[event.key]:
            spans.setdefault(event.key, []).append((time_span(event.time) or WHOLE_DAY, event))
    firsts = {}
    for key, found in spans.items():
        bounds, shown = day_bounds(found)
        firsts[key] = (shown, bounds)
    return [firsts[event.key] for event in events if firsts[event.key][0] is event]


@fact_function("step_order_violations", "step_order_dated")
@stage_decided({"step_order_violations": bool})  # any violation fails, whichever stage an unplaced row is (h135)
def order_facts(case: RoundCase, out: Facts) -> None:
    """Dated steps against the profile's chains: an earlier step dated after a later one of the same
    chain is a violation (same-day steps are in order); each pair is reported once."""
    chains = chains_of(case.profile)
    known = {entry for chain in chains for entry in chain}
    before: set[tuple[str, str]] = set()
    for chain in chains:
        for i, first in enumerate(chain):
            for later in chain[i + 1:]:
                before.add((first, later))
    events = _earliest_of_each(placed_events(case, known))
    # h164: two steps of one day were in order whatever the times their cells write (专家评审 上午9时 before the
    # 评审同意 下午3时 it needs); where both write a time and the later step's ends before the earlier's begins, the
    # pair is out of order, as PROC-3I1L-POST-3D compares a filing with its meeting (record.ends_before); the times said
    violations = [
        f"“{a.name}”（{_when(a, a_span)}，{a.ref}）晚于其后步骤“{b.name}”（{_when(b, b_span)}，{b.ref}）"
        for a, a_span in events for b, b_span in events if (a.key, b.key) in before
        and (a.date > b.date or a.date == b.date and b_span[1] < a_span[0])
    ]
    out.facts["step_order_violations"] = len(violations)
    out.facts["step_order_dated"] = len(events)
    out.values["step_order_dated"] = str(len(events))
    out.values["step_order_detail"] = "；".join(violations[:5]) + (f" 等 {len(violations)} 处" if len(violations) > 5 else "")
    out.values["step_order_expected"] = "；".join(" → ".join(_plain(e) for e in chain) for chain in chains)


def _when(event: Placed, span: tuple[int, int]) -> str:
    """The day with the time of day its cell writes (2020-04-10 上午9时), when that row alone bounds the step's moment
    (record.Moment.shown's reading)."""
    own = time_span(event.time) if event.time else None
    if own is None:
        return event.date.isoformat()
    return f"{event.date.isoformat()} {event.time}" if own == span else f"{event.date.isoformat()}（不晚于{event.time}）"


def _plain(entry: str) -> str:
    name, _, stage = entry.partition("#")
    return f"{name}（第{stage}阶段）" if stage else name
