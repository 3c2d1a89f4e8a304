"""Round record → the typed facts the audit rules compare (int or str only), plus message values and
the computed deadlines shown in the timeline.

Every judgement that needs more than one comparison is made here and handed to the rules as a
state (e.g. ``mid_state: ok|late|absent|undated|no_meeting|calendar_unknown``); the rules only
compare. A fact that cannot be known is a state such as ``undated`` or ``calendar_unknown`` that
the rules turn into ``missing``, never a pass. Time facts are computed under the reading in force
(``*_state``) and under the other reading (kept aside, used to say in the finding where the other
reading would decide differently).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.read_round import STEP_KEYS, STEP_NAMES, RoundRecord, Step
from checker.calendar import (CALENDAR, READING_ZH, WORKING, CalendarUnknown, disclosure_calendar_days,
                              disclosure_working_days, mid_report_in_time, mid_report_latest, post_filing_deadline,
                              post_filing_in_time)
from checker.parse import date_int
from checker.textnorm import nfkc

# --- the fact schema ----------------------------------------------------------------------------------

ROUND_FACT_TYPES: dict[str, type] = {}
for _key in STEP_KEYS.values():
    ROUND_FACT_TYPES[f"{_key}_state"] = str  # dated | undated | unreadable | absent
    ROUND_FACT_TYPES[f"{_key}_date"] = int  # yyyymmdd, only when dated
ROUND_FACT_TYPES.update(
    {
        "funds_state": str,  # yes | no | unknown
        "pre_to_state": str,  # ok | incomplete | blank | absent   (报送对象 of 事前报告)
        "mid_state": str,  # ok | late | absent | undated | no_meeting | calendar_unknown
        "mid_to_state": str,  # ok | incomplete | blank | absent
        "meetings_state": str,  # ok | absent | undated (one 党组会 per stage)
        "meeting_minutes_state": str,  # ok | blank | no_column | absent
        "meeting_vote_state": str,  # ok | blank | no_column | absent
        "post_state": str,  # ok | incomplete | blank | absent   (报送对象 of 决策备案)
        "post3d_state": str,  # ok | late | absent | undated | no_meeting | calendar_unknown
        "step_order_violations": int,
        "step_order_dated": int,
        "draw_rows": int,
        "draw_panel_size": int,
        "draw_office_state": str,  # zgk | other | blank | absent
        "draw_field_state": str,  # ok | mismatch | no_round_field | no_expert_field | absent
        "draw_random_state": str,  # verified | not_in_ledger | mismatch | ledger_broken | no_ledger | paper | no_id | absent
        "disc_state": str,  # ok | partial | absent
        "disc_period_state": str,  # counted | undated | reversed | absent | calendar_unknown
        "disc_working_days": int,  # the shortest 公示 of the round, working days, both ends counted
        "disc_after_state": str,  # ok | before | undated | absent | no_meeting
        "disc_gate_state": str,  # ok | early | objection_open | no_recognition | undated | objections_unknown | absent
        "disc_match_state": str,  # ok | differ | no_lists | absent
        "arch_state": str,  # ok | incomplete | unknown | no_items
        "arch_missing": int,
        "arch9_state": str,  # ok | incomplete | unknown | no_items | funds_unknown
        "arch9_missing": int,
    }
)

# facts whose value depends on a day reading: fact -> reading setting that decides it
READING_FACTS = {"mid_state": "mid_reading", "post3d_state": "post_reading"}


@dataclass
class Settings:
    """Parameters in force that fact building needs (from the rules' parameters, CLI overrides)."""

    mid_lead_days: int = 3
    mid_reading: str = CALENDAR
    post_days: int = 3
    post_reading: str = CALENDAR


@dataclass
class RoundContext:
    """Inputs beyond the record: ledger and pool for the draw rules."""

    ledger: Any = None  # path to LEDGER.db or None
    pool: Any = None  # checker.pool.Pool or None


@dataclass
class BuiltFacts:
    facts: dict[str, Any]
    alternative: dict[str, Any]  # the reading-dependent facts under the other reading
    values: dict[str, str]  # message placeholders
    deadlines: list[dict] = field(default_factory=list)  # {label, date, rule_id, stage}
    evidence: dict[str, dict] = field(default_factory=dict)  # rule-facing evidence per topic


# --- helpers ---------------------------------------------------------------------------------------------

_SPLIT = re.compile(r"[、,，;；/\s]+")
_ORDER_WORST = ("late", "absent", "before", "early", "objection_open", "mismatch", "incomplete", "differ", "short",
                "reversed", "no_meeting", "no_recognition", "undated", "unreadable", "calendar_unknown",
                "objections_unknown", "blank", "no_column", "no_lists", "ok", "counted")


def _worst(states: list[str]) -> str:
    return min(states, key=lambda s: _ORDER_WORST.index(s) if s in _ORDER_WORST else 0)


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else "（无日期）"


def stage_of(step_stage: int | None, stages: list[int]) -> int:
    return step_stage if step_stage in stages else stages[0] if step_stage is None else step_stage


def _recipients_state(steps: list[Step], wanted: list[str]) -> tuple[str, str, str]:
    """(state, recipients as recorded, wanted recipients not named)."""
    if not steps:
        return "absent", "", ""
    texts = [s.row.text("to") for s in steps]
    if not any(texts):
        return "blank", "", ""
    joined = "；".join(t for t in texts if t)
    missing = [w for w in wanted if w not in joined]
    return ("incomplete" if missing else "ok"), joined, "、".join(missing)


def _split(text: str) -> set[str]:
    return {part for part in (nfkc(p) for p in _SPLIT.split(text or "")) if part}


ARCHIVE_ITEMS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    # (name, all of these words, none of these words)
    ("《“三重一大”事项报告表》（事前）", ("报告表", "事前"), ()),
    ("下发的通知", ("通知",), ("报告",)),
    ("《“三重一大”事项报告表》（评审）", ("报告表", "评审"), ()),
    ("专家评审资料", ("专家评审",), ("报告表",)),
    ("《“三重一大”事项报告单》（事中）", ("报告单",), ()),
    ("党组会汇报材料", ("汇报材料",), ()),
    ("《“三重一大”事项决策情况表》", ("决策情况",), ()),
    ("会议纪要", ("纪要",), ()),
]
ARCHIVE_ITEM_9 = ("《专项资金项目流程审核情况表》（有资金的填写）", ("流程审核",), ())


def _archive_status(record: RoundRecord, items) -> tuple[list[str], list[str], list[str]]:
    """(archived, not archived, unknown) item names."""
    archived, absent, unknown = [], [], []
    for name, words, exclude in items:
        state = "absent"
        for row in record.archive:
            text = row.text("item")
            if all(w in text for w in words) and not any(x in text for x in exclude):
                answer = row.text("archived")
                if answer in ("是", "已归档", "有", "Y", "y", "yes", "√"):
                    state = "yes"
                    break
                if answer in ("否", "未归档", "无", "N", "n", "no", "×"):
                    state = "no" if state != "yes" else state
                else:
                    state = "unknown" if state == "absent" else state
        (archived if state == "yes" else unknown if state == "unknown" else absent).append(name)
    return archived, absent, unknown


# --- building -------------------------------------------------------------------------------------------


def build_round_facts(record: RoundRecord, profile: dict, settings: Settings, context: RoundContext | None = None) -> BuiltFacts:
    context = context or RoundContext()
    facts: dict[str, Any] = {}
    alt: dict[str, Any] = {}
    values: dict[str, str] = {
        "round_id": record.round_id,
        "workflow": record.workflow_id,
        "field": record.field or "（未填）",
        "mid_lead_days": str(settings.mid_lead_days),
        "post_days": str(settings.post_days),
        "mid_reading": READING_ZH[settings.mid_reading],
        "post_reading": READING_ZH[settings.post_reading],
    }
    deadlines: list[dict] = []
    stages: list[int] = list(profile.get("stages") or [1])

    # steps (stage-independent view: the first row of each step, earliest date)
    for key in STEP_KEYS.values():
        rows = record.steps_of(key)
        if not rows:
            facts[f"{key}_state"] = "absent"
            values[f"{key}_date"] = "（未记录）"
            continue
        dated = sorted((s for s in rows if s.date), key=lambda s: s.date)
        if dated:
            facts[f"{key}_state"] = "dated"
            facts[f"{key}_date"] = date_int(dated[0].date)
            values[f"{key}_date"] = dated[0].date.isoformat()
        else:
            facts[f"{key}_state"] = "unreadable" if any(s.date_state == "unreadable" for s in rows) else "undated"
            values[f"{key}_date"] = "（日期缺失或无法识别）"
    facts["funds_state"] = {True: "yes", False: "no", None: "unknown"}[record.has_funds]

    # recipients
    state, text, missing = _recipients_state(record.steps_of("pre_report"), profile.get("pre_recipients", ["纪检"]))
    facts["pre_to_state"], values["pre_to"], values["pre_missing"] = state, text or "（未填）", missing
    values["pre_wanted"] = "、".join(profile.get("pre_recipients", ["纪检"]))
    state, text, missing = _recipients_state(record.steps_of("mid_report"), profile.get("mid_recipients", ["纪检"]))
    facts["mid_to_state"], values["mid_to"], values["mid_missing"] = state, text or "（未填）", missing
    values["mid_wanted"] = "、".join(profile.get("mid_recipients", ["纪检"]))
    state, text, missing = _recipients_state(record.steps_of("post_filing"), profile.get("post_recipients", ["政工", "纪检"]))
    facts["post_state"], values["post_to"], values["post_missing"] = state, text or "（未填）", missing
    values["post_wanted"] = "、".join(profile.get("post_recipients", ["政工", "纪检"]))

    meetings = _by_stage(record.steps_of("meeting"), stages)
    _meeting_facts(record, meetings, stages, facts, values)
    _mid_facts(record, meetings, stages, settings, facts, alt, values, deadlines)
    _post_facts(record, meetings, stages, settings, facts, alt, values, deadlines)
    _order_facts(record, profile, stages, facts, values)
    _draw_facts(record, context, facts, values)
    _disclosure_facts(record, profile, meetings, stages, facts, values, deadlines)
    _archive_facts(record, facts, values)
    return BuiltFacts(facts, alt, values, deadlines)


def _by_stage(steps: list[Step], stages: list[int]) -> dict[int, list[Step]]:
    grouped: dict[int, list[Step]] = {s: [] for s in stages}
    for step in steps:
        grouped.setdefault(stage_of(step.stage, stages), []).append(step)
    return grouped


def _stage_label(stage: int, stages: list[int]) -> str:
    return f"第{stage}阶段" if len(stages) > 1 else ""


def _meeting_date(meetings: dict[int, list[Step]], stage: int) -> tuple[dt.date | None, str]:
    rows = meetings.get(stage) or []
    if not rows:
        return None, "no_meeting"
    dated = sorted(s.date for s in rows if s.date)
    return (dated[0], "ok") if dated else (None, "undated")


def _meeting_facts(record, meetings, stages, facts, values) -> None:
    states, minutes, votes, details = [], [], [], []
    for stage in stages:
        rows = meetings.get(stage) or []
        label = _stage_label(stage, stages)
        if not rows:
            states.append("absent")
            details.append(f"{label}未记录党组会")
            continue
        row = rows[0]
        states.append("ok" if row.date else "undated")
        for name, bucket in (("minutes", minutes), ("vote", votes)):
            if not row.row.has_column(name):
                bucket.append("no_column")
            else:
                bucket.append("ok" if row.row.text(name) else "blank")
        details.append(
            f"{label}党组会 {_d(row.date)}（{row.ref}），会议纪要文号：{row.row.text('minutes') or '未填'}，"
            f"表决方式及结果：{row.row.text('vote') or '未填'}"
        )
    facts["meetings_state"] = _worst(states)
    facts["meeting_minutes_state"] = _worst(minutes) if minutes else "absent"
    facts["meeting_vote_state"] = _worst(votes) if votes else "absent"
    values["meeting_detail"] = "；".join(details)


def _mid_state(report_rows: list[Step], meeting: dt.date | None, meeting_state: str, lead: int, reading: str) -> tuple[str, dt.date | None]:
    if meeting_state != "ok":
        return ("no_meeting" if meeting_state == "no_meeting" else "undated"), None
    if not report_rows:
        return "absent", None
    dated = sorted(s.date for s in report_rows if s.date)
    if not dated:
        return "undated", None
    try:
        return ("ok" if mid_report_in_time(dated[0], meeting, lead, reading) else "late"), dated[0]
    except CalendarUnknown:
        return "calendar_unknown", dated[0]


def _deadline_texts(compute, readings: tuple[str, str], word: str, label: str, rule_id: str, stage, deadlines: list) -> list[str]:
    """The deadline under each reading (the applied one first), for the finding and the timeline."""
    parts = []
    for reading in readings:
        try:
            day = compute(reading)
        except CalendarUnknown as error:
            parts.append(f"{READING_ZH[reading]}无法计算（{error}）")
            continue
        parts.append(f"{READING_ZH[reading]}{word} {day.isoformat()}")
        deadlines.append({"label": f"{label}（{READING_ZH[reading]}）", "date": day.isoformat(), "rule_id": rule_id,
                          "stage": stage, "applied": reading == readings[0]})
    return parts


def _mid_facts(record, meetings, stages, settings, facts, alt, values, deadlines) -> None:
    reports = _by_stage(record.steps_of("mid_report"), stages)
    other = WORKING if settings.mid_reading == CALENDAR else CALENDAR
    states, others, details = [], [], []
    for stage in stages:
        meeting, meeting_state = _meeting_date(meetings, stage)
        state, report = _mid_state(reports.get(stage, []), meeting, meeting_state, settings.mid_lead_days, settings.mid_reading)
        other_state, _ = _mid_state(reports.get(stage, []), meeting, meeting_state, settings.mid_lead_days, other)
        states.append(state)
        others.append(other_state)
        label = _stage_label(stage, stages)
        if meeting:
            parts = _deadline_texts(
                lambda reading: mid_report_latest(meeting, settings.mid_lead_days, reading), (settings.mid_reading, other),
                "最迟", f"{label}事中报告最迟", "PROC-3I1L-MID", stage, deadlines,
            )
            gap = f"，相隔 {(meeting - report).days} 个自然日" if report else ""
            details.append(f"{label}事中报告 {_d(report)}，党组会 {meeting.isoformat()}{gap}；{'，'.join(parts)}")
        else:
            details.append(f"{label}党组会日期未记录或无法识别")
    facts["mid_state"] = _worst(states)
    alt["mid_state"] = _worst(others)
    values["mid_detail"] = "；".join(details)
    values["mid_other_reading"] = READING_ZH[other]


def _post_state(filings: list[Step], meeting: dt.date | None, meeting_state: str, days: int, reading: str) -> str:
    if meeting_state != "ok":
        return "no_meeting" if meeting_state == "no_meeting" else "undated"
    if not filings:
        return "absent"
    dated = sorted(s.date for s in filings if s.date)
    if not dated:
        return "undated"
    if dated[0] < meeting:
        return "before_meeting"  # a decision cannot be filed before it is taken
    try:
        return "ok" if post_filing_in_time(dated[0], meeting, days, reading) else "late"
    except CalendarUnknown:
        return "calendar_unknown"


def _post_facts(record, meetings, stages, settings, facts, alt, values, deadlines) -> None:
    """会后三天 from the meeting of the filing's stage; a filing without 阶段 in a two-stage round is
    counted from the last meeting (the seed places the filing after the whole procedure, AMB-06)."""
    filings = record.steps_of("post_filing")
    other = WORKING if settings.post_reading == CALENDAR else CALENDAR
    groups: dict[int, list[Step]] = {}
    for filing in filings:
        stage = filing.stage if filing.stage in stages else stages[-1]
        groups.setdefault(stage, []).append(filing)
    if not groups:
        groups = {stages[-1]: []}
    states, others, details = [], [], []
    for stage, rows in sorted(groups.items()):
        meeting, meeting_state = _meeting_date(meetings, stage)
        states.append(_post_state(rows, meeting, meeting_state, settings.post_days, settings.post_reading))
        others.append(_post_state(rows, meeting, meeting_state, settings.post_days, other))
        label = _stage_label(stage, stages)
        filed = sorted(s.date for s in rows if s.date)
        if meeting:
            parts = _deadline_texts(
                lambda reading: post_filing_deadline(meeting, settings.post_days, reading), (settings.post_reading, other),
                "截止", f"{label}决策情况表报送截止", "PROC-3I1L-POST-3D", stage, deadlines,
            )
            note = ""
            if filed and meeting <= filed[0] <= meeting + dt.timedelta(days=settings.post_days) and any("无法计算" in p for p in parts):
                # The deadline cannot be earlier than meeting + days, so this filing is in time
                # whatever the missing holiday data would say.
                note = f"；备案在会后 {settings.post_days} 个自然日内，无论节假日如何均未超期"
            details.append(f"{label}党组会 {meeting.isoformat()}，决策备案 {_d(filed[0] if filed else None)}；{'，'.join(parts)}{note}")
        else:
            details.append(f"{label}党组会日期未记录或无法识别")
    facts["post3d_state"] = _worst(states)
    alt["post3d_state"] = _worst(others)
    values["post_detail"] = "；".join(details)
    values["post_other_reading"] = READING_ZH[other]


def _order_facts(record, profile, stages, facts, values) -> None:
    """Dated steps in the profile's order: an earlier step dated after a later one is a violation."""
    order: list[str] = list(profile.get("steps") or [])
    position = {entry: i for i, entry in enumerate(order)}
    placed: list[tuple[int, dt.date, Step]] = []
    for step in record.steps:
        if not step.date:
            continue
        key = f"{step.name}#{step.stage}" if step.stage else step.name
        index = position.get(key, position.get(step.name))
        if index is not None:
            placed.append((index, step.date, step))
    violations = []
    for i, (pi, di, si) in enumerate(placed):
        for pj, dj, sj in placed:
            if pi < pj and di > dj:
                violations.append(f"“{si.name}”（{di.isoformat()}，{si.ref}）晚于其后步骤“{sj.name}”（{dj.isoformat()}，{sj.ref}）")
    facts["step_order_violations"] = len(violations)
    facts["step_order_dated"] = len(placed)
    values["step_order_dated"] = str(len(placed))
    values["step_order_detail"] = "；".join(violations[:5]) + (f" 等 {len(violations)} 处" if len(violations) > 5 else "")
    values["step_order_expected"] = " → ".join(order)


def _draw_facts(record, context, facts, values) -> None:
    rows = record.draws
    facts["draw_rows"] = len(rows)
    panel = [r for r in rows if r.text("role") in ("", "正选")]
    subs = [r for r in rows if r.text("role") in ("替补",)]
    # The panel that reviewed: 正选 plus the 替补 who took a replaced expert's seat (a replaced
    # expert is left out of the sheet or marked 已替换), the same panel DRAW-RANDOM compares
    # with the ledger after its substitutions.
    serving = panel + subs
    facts["draw_panel_size"] = len(serving)
    values["draw_panel_size"] = str(len(serving))
    values["draw_panel"] = "、".join(r.text("expert_id") for r in serving) or "（无）"
    values["draw_substitutes"] = "、".join(r.text("expert_id") for r in subs) or "无"
    offices = [r.text("office") for r in rows]
    if not rows:
        facts["draw_office_state"] = "absent"
    elif not all(offices):
        facts["draw_office_state"] = "blank"
    else:
        facts["draw_office_state"] = "zgk" if all("政工" in o for o in offices) else "other"
    values["draw_office"] = "、".join(sorted(set(o for o in offices if o))) or "（未填）"

    # field match (pool fields fill a blank row field)
    pool_fields = {}
    if context.pool is not None:
        pool_fields = {e.expert_id: set(e.fields) for e in context.pool.experts}
    wanted = _split(record.field)
    mismatched, unknown = [], []
    for row in panel + subs:
        expert = row.text("expert_id")
        fields = _split(row.text("field")) or pool_fields.get(expert, set())
        if not fields:
            unknown.append(expert)
        elif not (fields & wanted):
            mismatched.append(f"{expert}（{'、'.join(sorted(fields))}）")
    if not rows:
        facts["draw_field_state"] = "absent"
    elif not wanted:
        facts["draw_field_state"] = "no_round_field"
    elif mismatched:
        facts["draw_field_state"] = "mismatch"
    elif unknown:
        facts["draw_field_state"] = "no_expert_field"
    else:
        facts["draw_field_state"] = "ok"
    values["draw_field_mismatch"] = "、".join(mismatched) or "无"
    values["draw_field_unknown"] = "、".join(unknown) or "无"

    from checker.audit.drawcheck import check_draw

    state, detail = check_draw(record, context.ledger)
    facts["draw_random_state"] = state
    values["draw_random_detail"] = detail


def _disclosures_by_stage(record: RoundRecord, stages: list[int]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    if record.disclosures:
        for item in record.disclosures:
            grouped.setdefault(stage_of(item["stage"], stages), []).append(item)
        return grouped
    # no 公示 sheet rows: the timeline's 公示开始 / 公示结束 steps, paired by stage
    starts = _by_stage(record.steps_of("disclosure_start"), stages)
    ends = _by_stage(record.steps_of("disclosure_end"), stages)
    for stage in stages:
        if starts.get(stage) or ends.get(stage):
            s = (starts.get(stage) or [None])[0]
            e = (ends.get(stage) or [None])[0]
            grouped[stage] = [{
                "row": (s or e).row, "stage": stage,
                "start": s.date if s else None, "start_state": s.date_state if s else "undated",
                "end": e.date if e else None, "end_state": e.date_state if e else "undated",
                "objections": None, "objections_state": "blank", "objection_result": "", "channel": "", "list": "",
            }]
    return grouped


def _disclosure_facts(record, profile, meetings, stages, facts, values, deadlines) -> None:
    required = list(profile.get("disclosure_stages") or [])
    grouped = _disclosures_by_stage(record, stages)
    present = [s for s in required if grouped.get(s)]
    facts["disc_state"] = "ok" if required and len(present) == len(required) else ("partial" if present else "absent")
    values["disc_required"] = "、".join(f"第{s}阶段" for s in required) if len(stages) > 1 else "1 次"
    values["disc_missing"] = "、".join(f"第{s}阶段" for s in required if s not in present) or "无"

    period_states, working_days, period_details = [], [], []
    after_states, after_details = [], []
    match_states, match_details = [], []
    for stage in required or sorted(grouped):
        items = grouped.get(stage) or []
        label = _stage_label(stage, stages)
        if not items:
            period_states.append("absent")
            after_states.append("absent")
            match_states.append("absent")
            continue
        item = items[0]
        start, end = item["start"], item["end"]
        ref = item["row"].ref("start")
        if not (start and end):
            period_states.append("undated")
        elif end < start:
            period_states.append("reversed")
            period_details.append(f"{label}公示 {start} 至 {end}（{ref}）结束早于开始")
        else:
            try:
                days = disclosure_working_days(start, end)
                working_days.append(days)
                period_states.append("counted")
                period_details.append(
                    f"{label}公示 {start} 至 {end}（{ref}）：{days} 个工作日、{disclosure_calendar_days(start, end)} 个自然日（首尾均计）"
                )
            except CalendarUnknown as error:
                period_states.append("calendar_unknown")
                period_details.append(f"{label}公示 {start} 至 {end}：{error}")
        meeting, meeting_state = _meeting_date(meetings, stage)
        if meeting_state != "ok":
            after_states.append("no_meeting" if meeting_state == "no_meeting" else "undated")
        elif not start:
            after_states.append("undated")
        else:
            after_states.append("ok" if start >= meeting else "before")
            after_details.append(f"{label}党组会 {meeting}，公示开始 {start}")
        decided = (meetings.get(stage) or [None])[0]
        resolution = _split(decided.row.text("resolution")) if decided else set()
        published = _split(item["list"])
        if not resolution or not published:
            match_states.append("no_lists")
        else:
            match_states.append("ok" if resolution == published else "differ")
            if resolution != published:
                match_details.append(
                    f"{label}决议有而公示无：{'、'.join(sorted(resolution - published)) or '无'}；公示有而决议无：{'、'.join(sorted(published - resolution)) or '无'}"
                )
    pending = [s for s in period_states if s != "counted"]
    facts["disc_period_state"] = _worst(pending) if pending else ("counted" if period_states else "absent")
    if working_days:
        facts["disc_working_days"] = min(working_days)
    values["disc_working_days"] = str(min(working_days)) if working_days else "（无法计算）"
    values["disc_period_detail"] = "；".join(period_details) or "未记录公示日期"
    facts["disc_after_state"] = _worst(after_states) if after_states else "absent"
    values["disc_after_detail"] = "；".join(after_details) or "无"
    facts["disc_match_state"] = _worst(match_states) if match_states else "absent"
    values["disc_match_detail"] = "；".join(match_details) or "无"

    # no-objection gate (W-08 stage 1: 公示无异议的行文认定)
    gate_stage = profile.get("disclosure_gate_stage")
    if gate_stage is None:
        facts["disc_gate_state"] = "absent"
        values["disc_gate_detail"] = "本流程无异议关口"
    else:
        item = (grouped.get(gate_stage) or [None])[0]
        recognitions = [s for s in record.steps_of("recognition") if s.date or s.date_state != "dated"]
        recognition = sorted((s.date for s in recognitions if s.date))
        if item is None:
            state = "absent"
        elif not recognitions:
            state = "no_recognition"
        elif not (item["end"] and recognition):
            state = "undated"
        elif recognition[0] <= item["end"]:
            state = "early"
        elif item["objections_state"] != "ok":
            state = "objections_unknown"
        elif item["objections"] > 0 and not item["objection_result"]:
            state = "objection_open"
        else:
            state = "ok"
        facts["disc_gate_state"] = state
        if item is not None:
            values["disc_gate_detail"] = (
                f"公示结束 {_d(item['end'])}，异议数 {item['objections'] if item['objections'] is not None else '未填'}，"
                f"异议处理结果：{item['objection_result'] or '未填'}，行文认定 {_d(recognition[0] if recognition else None)}"
            )
        else:
            values["disc_gate_detail"] = "未记录公示"
    for item in [i for items in grouped.values() for i in items]:
        if item["start"] and item["end"]:
            deadlines.append({"label": f"公示期 {item['start']} 至 {item['end']}", "date": item["end"].isoformat(),
                              "rule_id": "DISC-PERIOD", "stage": item["stage"], "applied": True})


def _archive_facts(record, facts, values) -> None:
    if not record.archive:
        facts["arch_state"] = facts["arch9_state"] = "no_items"
        facts["arch_missing"] = facts["arch9_missing"] = 0
        values["arch_missing"] = values["arch9_missing"] = "（归档表无记录）"
        values["arch_unknown"] = "无"
        return
    _, absent, unknown = _archive_status(record, ARCHIVE_ITEMS)
    facts["arch_missing"] = len(absent)
    facts["arch_state"] = "incomplete" if absent else ("unknown" if unknown else "ok")
    values["arch_missing"] = "、".join(absent) or "无"
    values["arch_unknown"] = "、".join(unknown) or "无"
    _, absent9, unknown9 = _archive_status(record, [ARCHIVE_ITEM_9])
    missing9 = list(absent)
    unknown_all = list(unknown)
    if record.has_funds is True:
        missing9 += absent9
        unknown_all += unknown9
    facts["arch9_missing"] = len(missing9)
    if missing9:
        facts["arch9_state"] = "incomplete"
    elif unknown_all:
        facts["arch9_state"] = "unknown"
    elif record.has_funds is None and not any("流程审核" in r.text("item") and r.text("archived") == "是" for r in record.archive):
        facts["arch9_state"] = "funds_unknown"
    else:
        facts["arch9_state"] = "ok"
    values["arch9_missing"] = "、".join(missing9) or "无"


def step_name(key: str) -> str:
    return STEP_NAMES.get(key, key)
