"""The 党组会 and the two time limits around it: the 事中 slip 会前三天 and the decision form 会后三天.

Time facts are computed under the reading in force (the rule's ``day_reading`` parameter, or
--day-reading); the evaluator runs these functions again under the other documented reading to say
where the reading matters. Both deadlines are computed under both readings for the timeline.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from checker.audit.facts.common import (RoundCase, by_stage, day_text, deciding_meetings, meeting_date, stage_decided, stage_label, step_day,
                                        undated_steps_text, worst)
from checker.audit.facts.forms import delivered
from checker.audit.facts.recommend import records
from checker.audit.record import Step, ends_before
from checker.core.calendar import (CALENDAR, READING_ZH, WORKING, CalendarUnknown, mid_report_in_time, mid_report_latest,
                                   post_filing_deadline, post_filing_in_time)
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc


def _other(reading: str) -> str:
    return WORKING if reading == CALENDAR else CALENDAR


# A vote recorded as not passed (or deferred): the meeting took no decision the round could carry out.
# A matter not voted on at all (未表决, 未形成决议: h156 found it passed) took no decision either.
VOTE_NOT_PASSED = ("未通过", "不通过", "未获通过", "没有通过", "不予通过", "否决", "暂缓", "不同意", "未同意", "不予同意",
                   "未表决", "未经表决", "未进行表决", "没有表决", "尚未表决", "待表决", "未形成决议", "未作出决定", "未作决定")
VOTE_PASSED = ("通过", "同意")
_NUMBER = r"(\d+|[零一二三四五六七八九十]+)"
_FOR = r"(?:赞成|同意)"
_AGAINST = r"(?:反对|不同意|否决)"
# "不同意0票", "反对：零票", "0票反对", "无反对", "无暂缓意见": a zero count or a "none" says nothing was voted down;
# also as minutes write them (h143: each read as the matter voted down, PROC-PARTY-MEETING 不合规): "不同意票0",
# "不通过票：0", "反对0人", "不同意见：无", "未提出不同意见"
_ZERO = re.compile(r"(?:(?:不同意|反对|否决|不通过|弃权)票?[:：]?(?:0|零)(?:票|人|名)?(?!\d)|(?<![\d一二三四五六七八九十])(?:0|零)(?:票|人|名)(?:不同意|反对|否决|不通过|弃权)"
                   r"|[无没]有?(?:人)?(?:反对|不同意|否决|暂缓|不通过)(?:意见|票)?"
                   r"|不同意见[:：]?(?:无|没有)|(?:未提出?|未发表|不存在)(?:任何)?不同意见)")
# a clause about one applicant ("丙科技公司暂缓认定", "丁项目不予通过") rather than the whole matter
_NAMES_APPLICANT = re.compile(r"(?:公司|企业|项目|基地|平台|单位|厂|集团|中心|[\d一二三四五六七八九十两]+家)")


def _count(text: str, word: str) -> int | None:
    digits = "零一二三四五六七八九"
    # counted in votes or in members, as minutes write both ("同意6人，不同意1人" was no count, and read as voted down)
    found = re.search(word + r"[:：]?" + _NUMBER + "[票人名]", text) or re.search(_NUMBER + "[票人名]" + word, text)
    if not found:
        return None
    value = found.group(1)
    if value.isdigit():
        return int(value)
    if value == "十":
        return 10
    if "十" in value:
        tens, _, ones = value.partition("十")
        return (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)
    return digits.index(value) if len(value) == 1 else None


# Minutes voting on several numbered matters in one cell ("一、全票通过；二、暂缓研究", "1.通过；2.未通过", "议题一…议题二…")
# (h152: read as one matter voted down, PROC-PARTY-MEETING 不合规 and every later step measured from no decision): which
# item is the round's the cell does not say. Each item is judged alone; items that disagree are "mixed" (needs review),
# and the meeting counts as deciding (an item passed), never as one that decided nothing.
_VOTE_ITEM = re.compile(r"(?:^|(?<=[,，;；。\s]))(?:议题|事项|第)?(?:[一二三四五六七八九十]{1,2}|\d{1,2})(?:项)?(?:[、.．:：]|(?=[通同未不否暂全]))"
                        r"|\((?:[一二三四五六七八九十]{1,2}|\d{1,2})\)")


def vote_items(vote: str) -> list[str]:
    """The numbered matters of a vote cell, two or more; [] when it records one."""
    text = nfkc(vote).replace(" ", "")
    starts = [m for m in _VOTE_ITEM.finditer(text)]
    if len(starts) < 2 or starts[0].start() != 0:
        return []
    items = [text[m.end():(starts[i + 1].start() if i + 1 < len(starts) else len(text))].strip(",，;；。")
             for i, m in enumerate(starts)]
    return items if all(items) else []


def vote_mixed(vote: str) -> bool:
    """A vote cell of several numbered matters, some passed and some not (above)."""
    items = vote_items(vote)
    judged = {_vote_rejected(item) for item in items}
    return len(judged) > 1


@functools.lru_cache(maxsize=4096)  # a round's 表决 cells are read by several fact functions
def vote_rejected(vote: str) -> bool:
    """Whether a 表决方式及结果 cell records the matter voted down or deferred as a whole: more (or as
    many) votes against as for, or a not-passed word in a clause with no passing clause beside it.
    "全票通过；丙科技公司暂缓认定" passed the round (one applicant deferred); "同意7票，不同意0票" passed.
    Several numbered matters: rejected only when every one of them is (vote_mixed)."""
    items = vote_items(vote)
    if items:
        return all(_vote_rejected(item) for item in items)
    return _vote_rejected(vote)


def _vote_rejected(vote: str) -> bool:
    text = nfkc(vote).replace(" ", "")
    against_count = re.sub(r"(?<!不)同意", "", text)  # "不同意3票" must not count as 同意3票
    ayes = _count(re.sub(r"不同意", "", text), _FOR)
    noes = _count(against_count, _AGAINST)
    if ayes is not None and noes is not None:
        return noes >= ayes
    # a bracket is a clause of its own: "表决通过（其中1家暂缓）" passed, deferring one applicant (h143)
    clauses = [c for c in re.split(r"[,，;；。、()（）]", _ZERO.sub("", text)) if c]
    negative = [c for c in clauses if any(word in c for word in VOTE_NOT_PASSED)]
    positive = [c for c in clauses if c not in negative and any(word in c for word in VOTE_PASSED)]
    if not negative:
        return False
    if not positive:
        return True
    # passed, with named applicants deferred or turned down ("丙科技公司暂缓认定"), or some of them counted after the word
    # ("同意推荐5家企业，暂缓2家", "不同意推荐2家": h147, read as the whole matter voted down): the round was decided;
    # a negative clause naming no applicant ("暂缓实施", "最终未通过") still undoes the whole matter
    return any(not _about_applicants(c) for c in negative)


# a count of applicants right after the not-passed word (暂缓2家, 不同意推荐两个项目, 不予通过1项), or the rest of them
# (暂缓其余企业)
# (not a length of time: 暂缓2个月执行, 暂缓3个工作日 put off the whole matter, h148)
_COUNTED_AFTER = re.compile(r"[^,，;；。]{0,6}?[\d一二三四五六七八九十两]+(?:家|个(?!月|工作日|星期|季度|小时|自然日|日)|项|户)"
                            r"|(?:其余|其他|剩余|余下)(?:的)?(?:企业|项目|单位|家|申报)?$")


def _about_applicants(clause: str) -> bool:
    at = min(clause.find(w) for w in VOTE_NOT_PASSED if w in clause)
    word = next(w for w in sorted(VOTE_NOT_PASSED, key=len, reverse=True) if clause.startswith(w, at))
    return bool(_NAMES_APPLICANT.search(clause[:at]) or _COUNTED_AFTER.match(clause[at + len(word):]))


# 纪检组意见 of the deciding 党组会: words of dissent, once the ways of saying there was none are taken out
# (h143) also "未提出不同意见", "不同意见：无", and a check that found nothing wrong ("未发现违反程序问题", "没有发现不规范问题")
_NO_DISSENT = re.compile(r"无异议|没有异议|未提出异议|未提异议|无不同意见|没有不同意见|无反对意见|无意见"
                         r"|(?:未提出?|未发表|不存在)(?:任何)?不同意见|不同意见[:：]?(?:无|没有)"
                         r"|(?:未发现|没有发现|未见)[^,，;；。]{0,12}?(?:问题|情况|行为|现象)|同意")
_NO_DISSENT_FIRST = re.compile(_NO_DISSENT.pattern.rpartition("|同意")[0])  # all but the bare 同意
_DISSENT = re.compile(r"异议|不同意|反对|不赞成|保留意见|暂缓|否决|不予|不符合|违反|不规范|纠正|整改")


def jjz_dissents(opinion: str) -> bool:
    """Whether a 纪检组意见 cell records the discipline group objecting ("不同意，建议暂缓", "有异议");
    "无异议", "同意" and a blank do not."""
    text = nfkc(opinion).replace(" ", "")
    # the ways of saying there was none go first: 不同意 turned 不赞成 first left "无不同意见" a dissent (h143)
    text = re.sub(r"不同意", "不赞成", _NO_DISSENT_FIRST.sub("", text))  # kept apart from 同意 (a word of assent)
    return bool(_DISSENT.search(_NO_DISSENT.sub("", text)))


@fact_function("meetings_state", "meeting_minutes_state", "meeting_vote_state", "meeting_jjz_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def meeting_facts(case: RoundCase, out: Facts) -> None:
    """One dated 党组会 per stage, with its minutes number and its vote recorded."""
    stages = case.stages
    meetings = by_stage(case.record.steps_of("meeting"), stages)
    states, minutes, votes, details, dissent = [], [], [], [], []
    for stage in stages:
        rows = meetings.get(stage) or []
        label = stage_label(stage, stages)
        if not rows:
            states.append("absent")
            details.append(f"{label}未记录党组会")
            continue
        row = deciding_meetings(rows)[0]
        states.append("ok" if row.date else "undated")
        shown = {}
        for name, bucket in (("minutes", minutes), ("vote", votes)):
            # a cell that says there is none (无, 暂无, /) records nothing, as a blank one
            bucket.append(("ok" if records(row.row.text(name)) else "blank") if row.row.has_column(name) else "no_column")
            shown[name] = row.row.shown(name) or "未填"
            elsewhere, column = _written_elsewhere(row, name)
            if bucket[-1] != "ok" and elsewhere:
                # the number or the vote written in the row's 文号/材料 or 备注, as a clerk keeping no such column writes
                # it (h143: "党组会纪要〔2020〕5号" in 文号/材料 was "纪要文号未记录", 需人工复核): read there, said so
                bucket[-1], shown[name] = "ok", f"{row.row.shown(column)}（{row.row.ref(column)}）"
        if jjz_dissents(row.row.text("jjz_opinion")):
            dissent.append(f"{label}党组会 {step_day(row)} 纪检组意见：{row.row.shown('jjz_opinion')}（{row.row.ref('jjz_opinion')}）")
        if vote_rejected(vote_text(row)):
            votes[-1] = "rejected"  # "通过后进行公示"/"通过后报市政府审定" (001:2628, 2824): no decision to carry out
        elif vote_mixed(vote_text(row)):
            votes[-1] = "mixed"  # several matters, some not passed: which is the round's, the minutes say (h152)
        details.append(f"{label}党组会 {step_day(row)}（{row.ref}），会议纪要文号：{shown['minutes']}，表决方式及结果：{shown['vote']}")
    out.facts["meetings_state"] = worst(states)
    out.facts["meeting_minutes_state"] = worst(minutes) if minutes else "absent"
    out.facts["meeting_vote_state"] = worst(votes) if votes else "absent"
    out.values["meeting_detail"] = "；".join(details)
    out.facts["meeting_jjz_state"] = "dissent" if dissent else "none"
    out.values["meeting_jjz_detail"] = "；".join(dissent)


# a minutes number in 文号/材料 (党组会纪要〔2020〕5号, 第5次党组会议纪要), a vote in 备注 (举手表决，全票通过)
_MINUTES_WORDS = re.compile(r"纪要.*\d|\d.*纪要")
_VOTE_WORDS = re.compile(r"表决|通过|同意|否决|暂缓")


def _written_elsewhere(row: Step, name: str) -> tuple[str, str]:
    """A 党组会 row's minutes number or vote written in another of its cells: (the text, its column), or ("", "")."""
    for column, words in (("doc", _MINUTES_WORDS), ("note", _MINUTES_WORDS)) if name == "minutes" else (("note", _VOTE_WORDS),):
        text = row.row.text(column)
        if records(text) and words.search(text):
            return text, column
    return "", ""


def vote_text(row: Step) -> str:
    """A 党组会 row's vote: its 表决方式及结果, else a vote its 备注 records (common.deciding_meetings reads it too)."""
    text = row.row.text("vote")
    return text if records(text) else _written_elsewhere(row, "vote")[0]


def _deadline_texts(compute, readings: tuple[str, str], word: str, label: str, rule_id: str, stage, out: Facts) -> list[str]:
    """The deadline under each reading (the applied one first), for the finding and the timeline."""
    parts = []
    for reading in readings:
        try:
            day = compute(reading)
        except CalendarUnknown as error:
            parts.append(f"{READING_ZH[reading]}无法计算（{error}）")
            continue
        parts.append(f"{READING_ZH[reading]}{word} {day.isoformat()}")
        out.add("deadlines", {"label": f"{label}（{READING_ZH[reading]}）", "date": day.isoformat(), "rule_id": rule_id,
                              "stage": stage, "applied": reading == readings[0]})
    return parts


def _mid_state(reports: list[Step], meeting: dt.date | None, meeting_state: str, lead: int, reading: str,
               calendar, wanted: list[str]) -> tuple[str, dt.date | None]:
    if meeting_state != "ok":
        return ("no_meeting" if meeting_state == "no_meeting" else "undated"), None
    if not reports:
        return "absent", None
    day = delivered(reports, wanted)
    if day is None:
        return "undated", None
    try:
        return ("ok" if mid_report_in_time(day, meeting, lead, reading, calendar) else "late"), day
    except CalendarUnknown:
        return "calendar_unknown", day


@fact_function("mid_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def mid_report_facts(case: RoundCase, out: Facts, *, meeting_lead_days: int = 3, day_reading: str = CALENDAR) -> None:
    """会前三天: each stage's 事中 slip at least ``meeting_lead_days`` before its 党组会."""
    stages = case.stages
    meetings = by_stage(case.record.steps_of("meeting"), stages)
    reports = by_stage(case.record.steps_of("mid_report"), stages)
    lead = int(meeting_lead_days)
    states, details = [], []
    for stage in stages:
        meeting, meeting_state = meeting_date(meetings, stage)
        state, report = _mid_state(reports.get(stage, []), meeting, meeting_state, lead, day_reading, case.calendar,
                                   case.profile.get("mid_recipients", ["纪检"]))
        states.append(state)
        label = stage_label(stage, stages)
        if meeting:
            parts = _deadline_texts(lambda reading: mid_report_latest(meeting, lead, reading, case.calendar), (day_reading, _other(day_reading)),
                                    "最迟", f"{label}事中报告最迟", "PROC-3I1L-MID", stage, out)
            gap = _gap_text(meeting, report)
            shown = day_text(report) if report else undated_steps_text(reports.get(stage, []))
            details.append(f"{label}事中报告 {shown}，党组会 {meeting.isoformat()}{gap}；{'，'.join(parts)}")
        else:
            # the date as written when it could not be read (待定, 2020-04-31), not only that it could not
            details.append(f"{label}党组会 {undated_steps_text(meetings.get(stage) or [])}")
    out.facts["mid_state"] = worst(states)
    out.values.update({"mid_detail": "；".join(details), "mid_lead_days": str(lead), "mid_reading": READING_ZH[day_reading],
                       "mid_other_reading": READING_ZH[_other(day_reading)]})


def _gap_text(meeting: dt.date, report: dt.date | None) -> str:
    """The report's distance from the meeting in words: a report on or after the meeting day says so
    (it was "相隔 -1 个自然日")."""
    if report is None:
        return ""
    days = (meeting - report).days
    if days > 0:
        return f"，相隔 {days} 个自然日"
    return "，与党组会同日" if days == 0 else f"，晚于党组会 {-days} 个自然日"


def _post_state(filings: list[Step], meeting: dt.date | None, meeting_state: str, days: int, reading: str, calendar,
                wanted: list[str], meeting_minutes: tuple[int, int] | None = None) -> str:
    if meeting_state != "ok":
        return "no_meeting" if meeting_state == "no_meeting" else "undated"
    if not filings:
        return "absent"
    dated = sorted(s.date for s in filings if s.date)
    if not dated:
        return "undated"
    if dated[0] < meeting or _filed_earlier_that_day(filings, meeting, meeting_minutes):
        return "before_meeting"  # a decision cannot be filed before it is taken
    day = delivered(filings, wanted)
    if day is None:
        return "undated"  # a recipient named only on a row with no date
    try:
        return "ok" if post_filing_in_time(day, meeting, days, reading, calendar) else "late"
    except CalendarUnknown:
        return "calendar_unknown"


# h161: a filing dated the meeting's day was in order whatever the times the cells write (2020-04-22 上午9时 beside a
# 党组会 2020-04-22 下午3时). Where both cells write a time of day and the filing's ends before the meeting's begins
# (上午 before 下午, 9时 before 15时), the filing precedes the decision: before_meeting, as a filing a day earlier.
# A time written on one of the two only, or times that may overlap (上午 and 10时), decide nothing: same day, in order.
def _filed_earlier_that_day(filings: list[Step], meeting: dt.date, meeting_minutes: tuple[int, int] | None) -> bool:
    if meeting_minutes is None:
        return False
    return any(s.date == meeting and ends_before(s.minutes, meeting_minutes) for s in filings)  # shared since h164


def _meeting_step(meetings: dict[int, list[Step]], stage: int, day: dt.date | None) -> Step | None:
    """The deciding 党组会 of ``stage`` held on ``day`` (meeting_date's), for its time of day."""
    rows = [s for s in deciding_meetings(meetings.get(stage) or []) if s.date == day] if day else []
    return min(rows, key=lambda s: (s.minutes or (0, 0))) if rows else None


def _day_and_time(step: Step | None, day: dt.date) -> str:
    """A day for a message, with the time of day the cell writes (2020-04-22 上午9时)."""
    return f"{day.isoformat()} {step.time}" if step is not None and step.time and step.date == day else day.isoformat()


@fact_function("post3d_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def post_filing_facts(case: RoundCase, out: Facts, *, post_meeting_days: int = 3, day_reading: str = CALENDAR) -> None:
    """会后三天 from the meeting of the filing's stage; a filing without 阶段 in a two-stage round is
    counted from the last meeting (the seed places the filing after the whole procedure, AMB-06),
    and a round that holds only stage-1 filings has none after its last meeting (absent)."""
    stages = case.stages
    days = int(post_meeting_days)
    meetings = by_stage(case.record.steps_of("meeting"), stages)
    # The filing after the whole procedure ("以上决策程序完成后…于会后三天") is counted from the last
    # meeting and is always required; a filing an earlier stage records (阶段 1) is counted from
    # its own stage's meeting.
    groups: dict[int, list[Step]] = {stages[-1]: []}
    for filing in case.record.steps_of("post_filing"):
        groups.setdefault(filing.stage if filing.stage in stages else stages[-1], []).append(filing)
    states, details = [], []
    for stage, rows in sorted(groups.items()):
        meeting, meeting_state = meeting_date(meetings, stage, decided=True)
        wanted = case.profile.get("post_recipients", ["政工", "纪检"])
        held = _meeting_step(meetings, stage, meeting)
        state = _post_state(rows, meeting, meeting_state, days, day_reading, case.calendar, wanted, held.minutes if held else None)
        states.append(state)
        label = stage_label(stage, stages)
        filed = sorted(s.date for s in rows if s.date)
        if filed and meeting and filed[0] >= meeting and state != "before_meeting":
            day = delivered(rows, wanted)  # the day the last recipient had it (None: some recipient's row undated)
            filed = [day] if day else []
        if meeting:
            parts = _deadline_texts(lambda reading: post_filing_deadline(meeting, days, reading, case.calendar), (day_reading, _other(day_reading)),
                                    "截止", f"{label}决策情况表报送截止", "PROC-3I1L-POST-3D", stage, out)
            note = ""
            if filed and meeting <= filed[0] <= meeting + dt.timedelta(days=days) and any("无法计算" in p for p in parts):
                # The deadline cannot be earlier than meeting + days, so this filing is in time
                # whatever the missing holiday data would say.
                note = f"；备案在会后 {days} 个自然日内，无论节假日如何均未超期"
            shown = day_text(filed[0]) if filed else undated_steps_text(rows)
            said = meeting.isoformat()
            if filed and filed[0] == meeting:  # h161: one day: the times of day the cells write, as written
                said = _day_and_time(held, meeting)
                shown = _day_and_time(min((s for s in rows if s.date == meeting), key=lambda s: s.minutes or (0, 0)), meeting)
            details.append(f"{label}党组会 {said}，决策备案 {shown}；{'，'.join(parts)}{note}")
        else:
            # the date as written when it could not be read (待定, 2020-04-31), not only that it could not
            details.append(f"{label}党组会 {undated_steps_text(meetings.get(stage) or [])}")
    out.facts["post3d_state"] = worst(states)
    out.values.update({"post_detail": "；".join(details), "post_days": str(days), "post_reading": READING_ZH[day_reading],
                       "post_other_reading": READING_ZH[_other(day_reading)]})


@fact_function("two_stage_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def two_stage_facts(case: RoundCase, out: Facts) -> None:
    """W-08: stage 2 (reward) has its own 事中 slip, 党组会 and 公示 (001:2829-2831). A round whose
    轮次.本轮阶段 says it stops after stage 1 is judged for stage 1 only."""
    profile_stages = list(case.profile.get("stages") or [1])
    if len(profile_stages) < 2:
        out.facts["two_stage_state"] = "single"
        out.values["two_stage_detail"] = "本流程只有一个阶段"
        return
    last = profile_stages[-1]
    if last not in case.stages:
        out.facts["two_stage_state"] = "declared_partial"
        out.values["two_stage_detail"] = f"轮次表“本轮阶段”为第{'、'.join(map(str, case.stages))}阶段，按已开展的阶段审计"
        return
    from checker.audit.facts.disclosure import disclosures_by_stage  # same package; avoids a cycle at import

    record = case.record
    parts = {
        "事中报告": [s for s in record.steps_of("mid_report") if s.stage == last],
        "党组会": [s for s in record.steps_of("meeting") if s.stage == last],
        "公示": disclosures_by_stage(record, case.stages).get(last, []),
    }
    present = [name for name, items in parts.items() if items]
    missing = [name for name, items in parts.items() if not items]
    out.facts["two_stage_state"] = "ok" if not missing else ("stage_absent" if not present else "stage_incomplete")
    out.values["two_stage_detail"] = (f"第{last}阶段已记录：{'、'.join(present) or '无'}；未记录：{'、'.join(missing) or '无'}")
