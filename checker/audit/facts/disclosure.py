"""公示: held at every required stage, long enough (working days), after the decision, matching it,
and, where the workflow has one, the no-objection gate before the recognition document."""

from __future__ import annotations

import functools
import re

from checker.audit.facts.common import (RoundCase, by_stage, day_text, deciding_meetings, match_names, meeting_date,
                                        stage_decided, stage_label, stage_of, undated_steps_text, worst)
from checker.audit.facts.common import name_list as _split_names
from checker.audit.record import SHEET_DISC, RoundRecord
from checker.core.calendar import CalendarUnknown, disclosure_calendar_days, disclosure_working_days
from checker.core.evaluator import Facts, fact_function
from checker.core.objections import is_open, is_upheld, states_outcome
from checker.core.text import nfkc
from checker.draw.recusal import employer_key


# A name written in English ("Weihai Foo Co., Ltd.", "Foo Holdings, Inc.") holds spaces and a comma that separate
# no enterprises: common.name_list splits a list at both. Before it splits, the spaces between Latin words and
# the comma before a company form (Ltd, Limited, Inc, LLC, Corp, PLC, GmbH) are held as characters it does not
# split at, and given back in each name. A comma before another word ("…Co., Ltd., Weihai Bar…") still
# separates two names; a space beside a Chinese character still separates ("甲公司 ABC Ltd").
_HELD_SPACE, _HELD_COMMA = "\ue000", "\ue001"
_LATIN_SPACE = re.compile(r"(?<=[A-Za-z0-9.,&)'\-\ue001])[ \t]+(?=[A-Za-z0-9(&'])")
_FORM_COMMA = re.compile(r"(?<=[A-Za-z.]),(?=[ \t]*(?:Ltd|Limited|Inc|LLC|L\.L\.C|Corp|Corporation|PLC|GmbH)\b)", re.IGNORECASE)


def held(text: str) -> str:
    """``text`` (NFKC) with an English name's spaces and company-form comma held (no list split breaks them)."""
    return _LATIN_SPACE.sub(_HELD_SPACE, _FORM_COMMA.sub(_HELD_COMMA, nfkc(text or "")))


def given_back(name: str) -> str:
    """A part of a held text as written (its spaces and comma given back)."""
    return name.replace(_HELD_COMMA, ",").replace(_HELD_SPACE, " ").strip()


# What a 公示名单 or 决议内容 adds to its names as notices and minutes write them (h143: each made a name of its own, and
# the list "不一致", 不合规): a note in brackets on the order (（排名不分先后）, （第1名）) and the full stop ending the
# cell (丙公司。); the count (（共3家）, 共3家：…, 等3家企业), 和/及/与 after a company form and numbered lists are read as
# the 初步建议名单 reads them (recommend.proposed_parts), the count itself not compared here.
_ORDER_NOTE = re.compile(r"\((?:排名|排序|顺序)?(?:不分先后|不分排名|不分先后顺序|按[^()]{1,12}排序|排名第?[\d一二三四五六七八九十]+"
                         r"|第[\d一二三四五六七八九十]+名)\)")


# a heading before the names, "拟认定企业：甲公司、…", "公示名单：…" (one with a company form, 甲公司：…, is kept)
_LIST_LABEL = re.compile(r"^([^、,;；:()]{1,15}):")
_FORM_WORD = re.compile(r"公司|厂|集团|合作社|研究院|研究所|中心|[A-Za-z]")
# a 决议内容 led by the decision it records, as minutes write it: 同意甲公司、乙公司; 会议同意认定…; 拟推荐…
_DECIDED_VERB = re.compile(r"^(?:经研究[,，]?)?(?:会议)?(?:原则)?(?:拟同意|同意|拟)(?:认定|推荐|给予|列入|上报|报送)?(?:为)?(?=[^、,;；]{2})")


def name_list(text: str) -> set[str]:
    """common.name_list, an English company name (its spaces, the comma of "Co., Ltd.") kept whole; the notes and
    counts a list is written with left out (above)."""
    return set(_names_of(text or ""))


@functools.lru_cache(maxsize=4096)  # a round's few lists are read once per placement of its unplaced rows
def _names_of(text: str) -> frozenset[str]:
    from checker.audit.facts.recommend import proposed_parts  # same package; recommend imports this module

    text = _ORDER_NOTE.sub("", nfkc(text))
    label = _LIST_LABEL.match(text)
    if label and not _FORM_WORD.search(label.group(1)):  # 拟认定企业：甲公司、… : the heading names no enterprise
        text = text[label.end():]
    text = _DECIDED_VERB.sub("", text, count=1)  # 同意甲公司、乙公司 (h143: 同意甲公司 was a name, and the lists "不一致")
    parts, _ = proposed_parts(text)
    # a part the minutes lead with a decision not to (同意推荐甲公司、乙公司，暂缓丙公司): no enterprise of the list
    return frozenset(name.rstrip("。") for part in parts for name in _plain_names(part)
                     if name.rstrip("。") and not name.startswith(_NOT_DECIDED))


_NOT_DECIDED = ("暂缓", "不同意", "不予", "不推荐", "未通过", "不通过", "否决")


def _plain_names(text: str) -> set[str]:
    if not re.search(r"[A-Za-z]", text or ""):
        return _split_names(text)  # no Latin letters: nothing to hold
    return {n for n in (given_back(name) for name in _split_names(held(text))) if n}


def _name_key(name: str) -> str:
    """employer_key, "Co.,Ltd" and "Co., Ltd." one form: an English name's closing full stop is no part of it."""
    return employer_key(name).rstrip(".")


def disclosures_by_stage(record: RoundRecord, stages: list[int]) -> dict[int, list[dict]]:
    """The 公示 sheet's rows by stage; without any, the timeline's 公示开始 / 公示结束 steps."""
    grouped: dict[int, list[dict]] = {}
    if record.disclosures:
        for item in record.disclosures:
            grouped.setdefault(stage_of(item["stage"], stages), []).append(item)
        return grouped
    starts = by_stage(record.steps_of("disclosure_start"), stages)
    ends = by_stage(record.steps_of("disclosure_end"), stages)
    for stage in stages:
        if starts.get(stage) or ends.get(stage):
            s = (starts.get(stage) or [None])[0]
            e = (ends.get(stage) or [None])[0]
            grouped[stage] = [{
                "row": (s or e).row, "stage": stage,
                "start": s.date if s else None, "start_state": s.date_state if s else "undated",
                "end": e.date if e else None, "end_state": e.date_state if e else "undated",
                "objections": None, "objections_state": "blank", "objection_result": "", "list": "",
                **_timeline_channel([step for step in (s, e) if step is not None]),
            }]
    return grouped


def _timeline_channel(steps: list) -> dict:
    """The 公示 channel of a round keeping its 公示 in the timeline only: the 公示开始/公示结束 row's 备注 or 文号/材料 where
    it names the bureau's website (备注“在市工信局网站公示”; h143: read as 渠道未填写, 需人工复核), with that cell; else none
    (a cell naming no website may be the notice's title: the channel stays unrecorded, never “other”)."""
    for step in steps:
        for column in ("note", "doc"):
            text = step.row.text(column)
            if _names_website(text):
                return {"channel": text, "channel_ref": step.row.ref(column)}
    return {"channel": ""}


def _names_website(channel: str) -> bool:
    return any(w in channel.lower() for w in _WEBSITE_WORDS) and any(w in channel for w in _BUREAU_WORDS)


def _period(item: dict, label: str, states: list, days: list, details: list, calendar) -> None:
    start, end, ref = item["start"], item["end"], item["row"].ref("start")
    if not (start and end):
        states.append("undated")
    elif end < start:
        states.append("reversed")
        details.append(f"{label}公示 {start} 至 {end}（{ref}）结束早于开始")
    else:
        try:
            count = disclosure_working_days(start, end, calendar)
            days.append(count)
            states.append("counted")
            details.append(f"{label}公示 {start} 至 {end}（{ref}）：{count} 个工作日、{disclosure_calendar_days(start, end)} 个自然日（首尾均计）")
        except CalendarUnknown as error:
            states.append("calendar_unknown")
            details.append(f"{label}公示 {start} 至 {end}：{error}")


def no_disclosure_record(record: RoundRecord) -> bool:
    """No 公示 sheet and no 公示 step in the timeline: the record says nothing about the 公示."""
    return SHEET_DISC not in record.sheets_present and not (record.steps_of("disclosure_start") or record.steps_of("disclosure_end"))


@fact_function("disc_state", "disc_period_state", "disc_working_days", "disc_notice_days", "disc_notice_state", "disc_after_state",
               "disc_match_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def disclosure_facts(case: RoundCase, out: Facts) -> None:
    record, stages, facts, values = case.record, case.stages, out.facts, out.values
    required = [s for s in case.profile.get("disclosure_stages") or [] if s in stages]
    grouped = disclosures_by_stage(record, stages)
    meetings = by_stage(record.steps_of("meeting"), stages)
    present = [s for s in required if grouped.get(s)]
    if no_disclosure_record(record):
        facts["disc_state"] = "no_record"
    else:
        facts["disc_state"] = "ok" if required and len(present) == len(required) else ("partial" if present else "absent")
    if record.notice_disclosure_days is not None:
        facts["disc_notice_days"] = record.notice_disclosure_days
    values["disc_notice_days"] = str(record.notice_disclosure_days or "")
    # 轮次.公示期（工作日） written but not read ("7天": calendar or working days?): the period the notice
    # sets is unknown, so the default one cannot stand in for it
    written = record.round_row.text("notice_disclosure_days") if record.round_row is not None else ""
    facts["disc_notice_state"] = ("given" if record.notice_disclosure_days is not None
                                  else "unreadable" if written else "blank")
    # quoted as written (七个工作日（含）), as INP-ROUND-VALUE quotes the cell, not its NFKC form (h135)
    values["disc_notice_text"] = record.round_row.shown("notice_disclosure_days") if written else ""
    values["disc_required"] = "、".join(f"第{s}阶段" for s in required) if len(stages) > 1 else "1 次"
    values["disc_missing"] = "、".join(f"第{s}阶段" for s in required if s not in present) or "无"
    period_states, working_days, period_details = [], [], []
    after_states, after_details, match_states, match_details, alike_details = [], [], [], [], []
    for stage in required or sorted(grouped):
        items = grouped.get(stage) or []
        label = stage_label(stage, stages)
        if not items:
            period_states.append("absent")
            after_states.append("absent")
            after_details.append(f"{label}未记录公示")  # not 无法判断先后：无
            match_states.append("absent")
            continue
        # every 公示 of the stage is judged, not only the first row: a 公示 held in two parts (two
        # lists) or held again is one row each ("公示 (one row per 公示)"), and a short or early one
        # among them is not hidden behind a first row that was in order
        for item in items:
            _period(item, label, period_states, working_days, period_details, case.calendar)
        meeting, meeting_state = meeting_date(meetings, stage, decided=True)
        if meeting_state != "ok":
            after_states.append("no_meeting" if meeting_state == "no_meeting" else "undated")
            # said, not left to read 无法判断先后：无
            after_details.append(f"{label}党组会 " + ("（未记录）" if meeting_state == "no_meeting" else
                                                        undated_steps_text(meetings.get(stage) or []))
                                 + f"，公示开始 {day_text(items[0]['start'], items[0]['row'], 'start')}")
        else:
            for item in items:
                if not item["start"]:
                    after_states.append("undated")
                    after_details.append(f"{label}党组会 {meeting}，公示开始 {day_text(None, item['row'], 'start')}")
                    continue
                if item["end"] and item["end"] < item["start"] and item["end"] < meeting <= item["start"]:
                    # a 公示 ending before it began, the meeting between its dates: which date is wrong decides
                    # whether it followed the decision (DISC-PERIOD names the row)
                    after_states.append("undated")
                    after_details.append(f"{label}党组会 {meeting}，公示开始 {item['start']}、结束 {item['end']}"
                                         f"（{item['row'].ref('start')}，结束早于开始，无法判断先后）")
                    continue
                early = item["start"] < meeting
                after_states.append("before" if early else "ok")
                # a round of two stages lists both: the one that failed says so
                after_details.append(f"{label}党组会 {meeting}，公示开始 {item['start']}"
                                     + (f"（{item['row'].ref('start')}）" if len(items) > 1 else "") + ("（早于党组会）" if early else ""))
        decided = (deciding_meetings(meetings.get(stage) or []) or [None])[0]
        resolution = name_list(decided.row.text("resolution")) if decided else set()
        # the stage's 公示 lists together: a list published in two parts is the stage's one list
        published = set().union(*(name_list(i["list"]) for i in items))
        if not resolution or not published:
            match_states.append("no_lists")
        else:
            # one enterprise written with other brackets, spaces or company form (威海甲（集团）有限责任公司,
            # 威海甲集团有限公司) is the same name, as the draw's recusal compares employers
            # a short name within exactly one decided name (威海华盛精密 / 威海华盛精密机械有限公司) is that
            # enterprise, said so (alike); one within two names stays unmatched, said so
            matched = match_names(published, resolution, _name_key)
            only_published, only_decided = matched.only_left, matched.only_right
            match_states.append("differ" if only_decided or only_published else "alike" if matched.alike else "ok")
            if matched.alike:
                alike_details.append(label + matched.alike_text("公示名单", "决议名单"))
            if only_decided or only_published:
                # only the side that differs (决议有而公示无：无 said nothing), as DRAW-RANDOM does
                sides = [f"{words}：{'、'.join(sorted(names))}" for words, names in
                         (("决议有而公示无", only_decided), ("公示有而决议无", only_published)) if names]
                if matched.ambiguous:
                    sides.append(f"公示名单中的简称{matched.ambiguous_text()}" if any(
                        n in published for n, _ in matched.ambiguous) else matched.ambiguous_text())
                match_details.append(label + "；".join(sides))
    pending = [s for s in period_states if s != "counted"]
    facts["disc_period_state"] = worst(pending) if pending else ("counted" if period_states else "absent")
    if facts["disc_state"] == "no_record":
        facts["disc_period_state"] = "no_record"
    if working_days:
        facts["disc_working_days"] = min(working_days)
    values["disc_working_days"] = str(min(working_days)) if working_days else "（无法计算）"
    values["disc_period_detail"] = "；".join(period_details) or "未记录公示日期"
    facts["disc_after_state"] = worst(after_states) if after_states else "absent"
    if facts["disc_state"] == "no_record":
        facts["disc_after_state"] = facts["disc_match_state"] = "no_record"
    values["disc_after_detail"] = "；".join(after_details) or "无"
    if facts["disc_state"] != "no_record":
        facts["disc_match_state"] = worst(match_states) if match_states else "absent"
    values["disc_match_detail"] = "；".join(match_details) or "无"
    values["disc_match_alike"] = "；".join(alike_details) or "无"
    for item in [i for items in grouped.values() for i in items]:
        if item["start"] and item["end"]:
            out.add("deadlines", {"label": f"公示期 {item['start']} 至 {item['end']}", "date": item["end"].isoformat(),
                                  "rule_id": "DISC-PERIOD", "stage": item["stage"], "applied": True,
                                  "period": True})


@fact_function("disc_gate_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def disclosure_gate_facts(case: RoundCase, out: Facts) -> None:
    """W-08 stage 1: recognised by document only after the 公示 ended with no open objection."""
    gate_stage = case.profile.get("disclosure_gate_stage")
    if gate_stage is None:
        out.facts["disc_gate_state"] = "absent"
        out.values["disc_gate_detail"] = "本流程无异议关口"
        return
    items = disclosures_by_stage(case.record, case.stages).get(gate_stage) or []
    recognitions = [s for s in case.record.steps_of("recognition") if s.date or s.date_state != "dated"]
    recognition = sorted(s.date for s in recognitions if s.date)
    # every 公示 of the stage (a list published in two parts, or a 公示 held again): the recognition follows
    # each of them, and the enterprises it names are on one of their lists
    merged = {"list": "、".join(i["list"] for i in items if i.get("list"))}
    if not items:
        state = "absent"
    elif not recognitions:
        state = "no_recognition"
    else:
        states = [_gate_item_state(item, recognition, recognitions, merged) for item in items]
        state = next((w for w in ("early", "undated") if w in states), None)
        if state is None:
            state = ("not_disclosed" if _not_disclosed(merged, recognitions)  # "公示无异议的行文认定": never on a 公示 list
                     else next((w for w in ("objection_open", "objection_upheld", "objection_unclear", "objections_unknown")
                                if w in states), "ok"))
    out.facts["disc_gate_state"] = state
    if not items:
        out.values["disc_gate_detail"] = "未记录公示"
        return
    parts = []
    for item in items:
        objections = item["objections"] if item["objections"] is not None else "未填"
        where = f"（{item['row'].ref('end')}）" if len(items) > 1 else ""
        backwards = f"（早于公示开始 {item['start']}）" if item["start"] and item["end"] and item["end"] < item["start"] else ""
        parts.append(f"公示结束 {day_text(item['end'], item['row'], 'end')}{backwards}{where}，异议数 {objections}，"
                     f"异议处理结果：{item['row'].shown('objection_result') or '未填'}")
    upheld = any(i["objections"] and is_upheld(i["objection_result"]) for i in items)
    dropped = _dropped(merged, recognitions) if state == "ok" and upheld else set()
    unpublished = _not_disclosed(merged, recognitions)
    out.values["disc_gate_detail"] = (
        "；".join(parts) + "，"
        f"行文认定 {day_text(recognition[0]) if recognition else undated_steps_text(recognitions)}"
        + (f"；异议成立后行文认定未含：{'、'.join(sorted(dropped))}" if dropped else "")
        + (f"；行文认定含公示名单以外的企业：{'、'.join(unpublished)}" if unpublished else "")
    )
    matched = _recognition_match(merged, recognitions)
    if matched is not None and matched.alike:  # a short name read as one enterprise is said, never silently
        out.values["disc_gate_detail"] += f"；以下名称写法不同，按同一企业认定：{matched.alike_text('行文认定', '公示名单')}"
    if matched is not None and matched.ambiguous and unpublished:
        out.values["disc_gate_detail"] += f"；{matched.ambiguous_text()}"


def _gate_item_state(item: dict, recognition: list, recognitions: list, merged: dict) -> str:
    """One 公示 of the gate stage against the recognition: after its end, its objections settled."""
    if not (item["end"] and recognition):
        return "undated"
    if recognition[0] <= item["end"]:
        return "early"
    if item["start"] and item["end"] < item["start"]:
        # a 公示 ending before it began (公示 2020-05-25 至 2020-05-11, 行文认定 2020-05-22): one of its dates is
        # wrong, and which one decides whether the recognition followed it; DISC-PERIOD names the row
        return "undated"
    if item["objections_state"] != "ok":
        return "objections_unknown"
    if item["objections"] > 0 and (not item["objection_result"] or is_open(item["objection_result"])):
        return "objection_open"
    if item["objections"] > 0 and is_upheld(item["objection_result"]) and not _dropped(merged, recognitions):
        return "objection_upheld"  # "公示无异议的行文认定": an objection found well-founded is no "无异议"
    if item["objections"] > 0 and not states_outcome(item["objection_result"]):
        return "objection_unclear"  # 已处理, 已答复: whether it held is not said
    return "ok"


def _recognition_match(item: dict, recognitions: list):
    """The recognition document's names against the 公示 list (common.match_names: as the draw's recusal
    compares employers, then a short name within exactly one name of the other list), or None when either
    list is unrecorded."""
    published = name_list(item.get("list") or "")
    recognised = {n for s in recognitions for n in name_list(s.row.text("resolution"))}
    if not published or not recognised:
        return None
    return match_names(recognised, published, _name_key)


def _not_disclosed(item: dict, recognitions: list) -> list[str]:
    """The enterprises the recognition document names that the 公示 list does not, in the document's order
    (as written); empty when either list is unrecorded. Names compare as the draw's recusal compares
    employers (employer_key: NFKC, no white space, brackets or case, 有限责任公司 = 有限公司), and a short
    name within exactly one name of the other list is that enterprise (common.match_names)."""
    matched = _recognition_match(item, recognitions)
    if matched is None:
        return []
    names = [(n, shown) for s in recognitions for shown in _ordered_names(s.row.shown("resolution")) for n in name_list(shown)]
    return list(dict.fromkeys(shown for n, shown in names if n in matched.only_left))


def _ordered_names(text: str) -> list[str]:
    """name_list's names in the order the cell writes them (as written)."""
    if not re.search(r"[A-Za-z]", text or ""):
        return [part.strip() for part in re.split(r"[、,，;；/\s]+", text or "") if name_list(part)]
    parts = (given_back(part) for part in re.split(r"[、,，;；/\s]+", held(text)))
    return [part for part in parts if name_list(part)]


def _dropped(item: dict, recognitions: list) -> set[str]:
    """The 公示 names the recognition document left out, when it recognised only names on the 公示 list:
    after an objection found well-founded the office adjusts the list and recognises the rest, which is
    "公示无异议的行文认定" (001:2827). Empty when either list is unrecorded or nothing was left out."""
    matched = _recognition_match(item, recognitions)
    if matched is None or matched.only_left:
        return set()
    return set(matched.only_right)


@fact_function("disc_objection_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def disclosure_objection_facts(case: RoundCase, out: Facts) -> None:
    """W-05, W-09: the 公示 of the supported projects (001:2423, 2978) with an objection still open, or
    one found well-founded: the seed says nothing of what follows an objection, so the inspector weighs it."""
    required = [s for s in case.profile.get("disclosure_stages") or [] if s in case.stages]
    grouped = disclosures_by_stage(case.record, case.stages)
    items = [item for stage in required for item in grouped.get(stage) or []]
    states, details = [], []
    for item in items:
        count, result = item["objections"], item["objection_result"]
        if count is None and not result:
            states.append("unrecorded")
            continue
        if (count or 0) > 0 or count is None:
            state = ("open" if not result or is_open(result) else "upheld" if is_upheld(result)
                     else "ok" if states_outcome(result) else "unclear")
        else:
            state = "open" if is_open(result) else "ok"  # 0 beside a result still being handled
        states.append(state)
        details.append(f"公示 {day_text(item['start'], item['row'], 'start')} 至 {day_text(item['end'], item['row'], 'end')}（{item['row'].ref('start')}），"
                       f"异议数 {count if count is not None else '未填'}，异议处理结果：{item['row'].shown('objection_result') or '未填'}")
    if not items:
        state = "no_record" if no_disclosure_record(case.record) else "absent"
    else:
        state = next((w for w in ("open", "upheld", "unclear", "ok") if w in states), "unrecorded")
    out.facts["disc_objection_state"] = state
    out.values["disc_objection_detail"] = "；".join(details) or "公示表未记载异议数与异议处理结果"


# 官网 and the site's address as offices write the channel ("市工信局官网", "市工信局 http://…"): the website too
# (h143: 市工信局官网 failed DISC-CHANNEL-WEBSITE, 不合规)
_WEBSITE_WORDS = ("网站", "门户", "官网", "http", "www.", ".gov.cn")
_BUREAU_WORDS = ("工信局", "工业和信息化局", "工业与信息化局")


@fact_function("disc_channel_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def disclosure_channel_facts(case: RoundCase, out: Facts) -> None:
    """W-09: "在市工信局网站公示": every 公示 row's 渠道 names the bureau's website."""
    record = case.record
    items = [i for items in disclosures_by_stage(record, case.stages).values() for i in items]
    if no_disclosure_record(record):
        state = "no_record"
    elif not items:
        state = "absent"
    else:
        states = []
        for item in items:
            channel = item["channel"]
            if not channel:
                states.append("blank")
            elif _names_website(channel):
                states.append("website")
            else:
                states.append("other")
        state = "other" if "other" in states else ("blank" if "blank" in states else "website")
    out.facts["disc_channel_state"] = state
    out.values["disc_channel"] = "；".join(f"{i['channel'] or '（未填）'}（{i.get('channel_ref') or i['row'].ref('channel')}）"
                                          for i in items) or "（无公示记录）"


def _listed(items: list[dict] | None) -> set[str]:
    """The names a stage's 公示 rows list together (a list published in two parts is one list)."""
    return set().union(*(name_list(i.get("list") or "") for i in items or []))


def _names(step, column: str) -> set[str]:
    return name_list(step.row.text(column)) if step is not None else set()


@fact_function("stage2_list_state")
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def stage2_recognised_facts(case: RoundCase, out: Facts) -> None:
    """W-08 stage 2: the enterprises rewarded are among those recognised in stage 1
    ("组织认定企业申报智能制造奖励资金"). Stage 1's list: the 行文认定 row's 决议内容, else the stage-1
    党组会's 决议内容, else the stage-1 公示名单; stage 2's: the stage-2 党组会's 决议内容, else its 公示名单."""
    record, stages = case.record, case.stages
    if 2 not in stages:
        out.facts["stage2_list_state"] = "no_stage2"
        out.values["stage2_detail"] = "本轮仅第一阶段（轮次表“本轮阶段”）"
        return
    meetings = by_stage(record.steps_of("meeting"), stages)
    grouped = disclosures_by_stage(record, stages)

    def first(items):
        return items[0] if items else None

    recognition = first(record.steps_of("recognition"))
    stage1 = (_names(recognition, "resolution") or _names(first(deciding_meetings(meetings.get(1) or [])), "resolution")
              or _listed(grouped.get(1)))
    stage2 = (_names(first(deciding_meetings(meetings.get(2) or [])), "resolution")
              or _listed(grouped.get(2)))
    # one enterprise written with other brackets, spaces or company form is one name (employer_key)
    # and a short name within exactly one name of the other list is that enterprise, said so (match_names)
    matched = match_names(stage2, stage1, _name_key) if stage1 and stage2 else None
    extra = sorted(matched.only_left) if matched is not None else []
    if not stage2 and not meetings.get(2) and not grouped.get(2):
        state = "no_stage2_record"
    elif not stage1 or not stage2:
        state = "no_lists"
    else:
        state = "extra" if extra else "ok"
    out.facts["stage2_list_state"] = state
    out.values["stage2_detail"] = (f"第一阶段认定名单：{'、'.join(sorted(stage1)) or '（未记录）'}；"
                                   f"第二阶段奖励名单：{'、'.join(sorted(stage2)) or '（未记录）'}")
    if matched is not None and matched.alike:
        out.values["stage2_detail"] += f"；以下名称写法不同，按同一企业认定：{matched.alike_text('第二阶段', '第一阶段')}"
    if matched is not None and matched.ambiguous and extra:
        out.values["stage2_detail"] += f"；{matched.ambiguous_text()}"
    out.values["stage2_extra"] = "、".join(extra) or "无"
