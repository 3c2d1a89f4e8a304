"""公示: held at every required stage, long enough (working days), after the decision, matching it,
and, where the workflow has one, the no-objection gate before the recognition document."""

from __future__ import annotations

import functools
import re

from checker.audit.facts.common import (RoundCase, as_written, by_stage, day_text, deciding_meetings, match_names, meeting_date,
                                        stage_decided, stage_label, stage_of, undated_steps_text, worst)
from checker.audit.facts.common import name_list as _split_names
from checker.audit.record import SHEET_DISC, RoundRecord, ends_before, time_span
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
# 拟 alone only before the decision's verb (拟认定…): h152, 拟态科技有限公司 was read as 态科技有限公司
_DECIDED_VERB = re.compile(r"^(?:经研究[,，]?)?(?:会议)?(?:原则)?(?:拟同意|同意|拟(?=认定|推荐|给予|列入|上报|报送))(?:认定|推荐|给予|列入|上报|报送)?(?:为)?(?=[^、,;；]{2})")


def name_list(text: str) -> set[str]:
    """common.name_list, an English company name (its spaces, the comma of "Co., Ltd.") kept whole; the notes and
    counts a list is written with left out (above)."""
    return set(_names_of(text or ""))


def _names_of(text: str) -> frozenset[str]:
    return _read_list(text)[0]


def open_count(text: str) -> int | None:
    """How many enterprises a list written as 甲公司等3家 holds in all when it names fewer (3), -1 when it ends in 等
    without a number (甲公司、乙公司等), None when the names written are the whole list (共3家：甲公司、乙公司、丙公司,
    or a count below the names, which PROC-PROPOSED-LIST-QUOTA questions). h152: 甲公司等3家 beside a 公示 of
    甲公司、乙公司、丙公司 was “公示有而决议无：乙公司、丙公司”, 不合规, for names the cell never wrote."""
    names, stated = _read_list(text or "")
    if stated is None or (stated >= 0 and stated <= len(names)) or not names:
        return None
    return stated


@functools.lru_cache(maxsize=4096)  # a round's few lists are read once per placement of its unplaced rows
def _read_list(text: str) -> tuple[frozenset[str], int | None]:
    """The names of a list and the count it states (recommend.proposed_parts: 等3家 → 3, a closing 等 → -1)."""
    from checker.audit.facts.recommend import proposed_parts  # same package; recommend imports this module

    text = _ORDER_NOTE.sub("", nfkc(text))
    label = _LIST_LABEL.match(text)
    if label and not _FORM_WORD.search(label.group(1)):  # 拟认定企业：甲公司、… : the heading names no enterprise
        text = text[label.end():]
    text = _DECIDED_VERB.sub("", text, count=1)  # 同意甲公司、乙公司 (h143: 同意甲公司 was a name, and the lists "不一致")
    text = _NOT_DECIDED_NOTE.sub("", text)  # 丙公司（丁公司暂缓）: the note names an enterprise not decided
    text = _numbered_projects(text)  # 1. 甲公司 智能制造改造项目: the project is no second enterprise (h161)
    parts, stated = proposed_parts(text)
    # a part the minutes lead with a decision not to (同意推荐甲公司、乙公司，暂缓丙公司): no enterprise of the list
    return frozenset(name.rstrip("。") for part in parts for name in _plain_names(_decided_part(part))
                     if name.rstrip("。") and not name.startswith(_NOT_DECIDED)), stated


_NOT_DECIDED = ("暂缓", "不同意", "不予", "不推荐", "未通过", "不通过", "否决")

# h161: a numbered 公示名单 as notices print it, one line a project: its number, the enterprise, then the project after
# a space (1. 威海甲有限公司 智能制造改造项目; 1、 威海甲有限公司　项目名称, the ideographic space NFKC's plain one).
# Split at the space, the project was read as a second enterprise (公示有而决议无：智能制造改造项目, 不合规). Within
# a numbered item, the name up to its company form (公司, 厂, 集团…) is the enterprise and the rest its project,
# written as 甲公司（项目） so that match_names reads it as the enterprise written with its project and the finding
# says so (h152). Only where the rest names a project in the words common._WITH_PROJECT knows (项目, 车间, 改造…: a
# note, 1. 乙公司 暂缓, is read as before) and no enterprise itself (1. 甲公司 乙公司 stays two names, compared as
# before), and the name ends in a Chinese company form (an English name's spaces are its own, held elsewhere).
_PROJECT_WORD = re.compile(r"项目|车间|工厂|改造|技改|建设|工程|产线|生产线")
_ITEM_NUMBER = re.compile(r"(?:^|(?<=[\s;；,，。、]))\(?\d{1,3}[.．、)]\s*(?!\d)")
_ITEM_PROJECT = re.compile(r"^(?P<name>[^\s、,;；()]+?(?:公司|厂|集团|合作社|研究院|研究所))\s+(?P<project>[^\s、,;；].*?)[\s、,;；。]*$")


def _numbered_projects(text: str) -> str:
    marks = list(_ITEM_NUMBER.finditer(text))
    if not marks:
        return text
    pieces = [text[:marks[0].start()]]
    for at, mark in enumerate(marks):
        end = marks[at + 1].start() if at + 1 < len(marks) else len(text)
        item = text[mark.end():end]
        found = _ITEM_PROJECT.match(item.strip())
        if found and _PROJECT_WORD.search(found["project"]) and not _FORM_WORD.search(found["project"]) \
                and "(" not in found["project"]:
            item = f"{found['name']}({' '.join(found['project'].split())})、"
        pieces.append(text[mark.start():mark.end()] + item)
    return "".join(pieces)

# Minutes recording several decisions in one 决议内容 (h152: each of these made names of its own, 同意认定甲公司,
# 同意资金分配方案, 丙公司为市级智能工厂, 丁公司暂缓, and the lists “不一致”, 不合规): every part (between 、，；) is read
# as the minutes write a decision: its number (1. 二、) and the decision leading it (会议研究同意, 审议通过, 原则同意)
# are no part of a name; a part so led deciding on no enterprise (同意资金分配方案: no company form, ending in 方案,
# 名单, 意见…) and a part ending in a decision not to (丁公司暂缓, 丁公司不予认定) name none; the designation after a
# company form (丙公司为市级智能工厂) is not part of its name.
_PART_NUMBER = re.compile(r"^(?:\(?\d{1,3}[).．、]|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[.．、])")
_PART_VERB = re.compile(r"^(?:经会议研究|会议研究|经研究|研究|会议|经审议|审议)?[,，]?(?:决定)?(?:原则)?"
                        r"(?:拟同意|同意|通过|批准|拟(?=认定|推荐|给予|列入|上报|报送|支持))(?:认定|推荐|给予|列入|上报|报送|支持)?(?:为)?[:：]?")
_OTHER_DECISION = re.compile(r"(?:方案|名单|意见|报告|事项|安排|计划|办法|细则|议题|请示)$")
_NOT_DECIDED_END = re.compile(r"(?:暂缓|缓议|暂不|不予|未通过|不通过|不同意|另行研究|另行审议)(?:认定|推荐|支持|研究|审议)?$")
_NOT_DECIDED_NOTE = re.compile(r"\([^()]*(?:暂缓|缓议|不予|未通过|不通过|不同意)[^()]*\)")
_DESIGNATION = re.compile(r"(?:(?<=公司)|(?<=厂)|(?<=集团))为[^、,;()]{2,20}$")


def _decided_part(part: str) -> str:
    """A part of a 决议内容 as the enterprise it names, "" when it names none (above)."""
    part = _PART_NUMBER.sub("", part.strip())
    name = _PART_VERB.sub("", part, count=1)
    if not name or (name != part and _OTHER_DECISION.search(name) and not _FORM_WORD.search(name)):
        return ""
    if _NOT_DECIDED_END.search(name):
        return ""
    return _DESIGNATION.sub("", name)


def _published_open(items: list[dict]) -> int | None:
    """A stage's 公示名单 as open_count reads one cell: None when each row writes its whole list; else the count in all,
    -1 when unknown (a row ending in 等 without a number, or several rows: parts of one list or one 公示 held again,
    which the record does not tell, so their counts are not added up)."""
    return _rows_open([i.get("list") or "" for i in items])


def _rows_open(texts: list[str]) -> int | None:
    """open_count of a list written over several cells (see _published_open)."""
    listed = [t for t in texts if t]
    opens = [open_count(t) for t in listed]
    if all(o is None for o in opens):
        return None
    return opens[0] if len(listed) == 1 else -1


def _in_order(names, *texts: str) -> str:
    """Names joined in the order the cells write them (甲公司、乙公司), not in their code points' order (乙 before 甲)."""
    said = "\n".join(nfkc(t or "") for t in texts)
    return "、".join(sorted(names, key=lambda n: (said.find(n) % (len(said) + 1), n)))


def _open_said(what: str, cells: str, names: set[str], text: str, count: int, tail: str = "") -> str:
    """决议内容“甲公司等3家”（流程节点#8.决议内容）只写出甲公司，其余 2 家未写名称 (count -1: 等 with no number)."""
    return (f"{what}{cells}只写出{_in_order(names, text)}，" + (f"其余 {count - len(names)} 家未写名称" if count >= 0
                                                             else "未写其余企业的名称和家数") + tail)


def _within_open(outside: set[str], inner: set[str], inner_open: int | None, inner_said: tuple[str, str, str],
                 outer: set[str], outer_open: int | None, outer_said: tuple[str, str, str]) -> tuple[str, str]:
    """Whether every enterprise of one list (inner: a 行文认定, a stage-2 reward list) is on another (outer: the 公示,
    stage 1's recognition) when either names fewer than it holds (甲公司等3家; h152: names never written were called
    outside the list, 不合规, or an open inner list passed unchecked). ``outside``: the inner names not matched among
    the outer's written ones; ``*_said``: (what, cells as written, all texts) for the words. Returns ("outside", why)
    where the record shows an enterprise outside whatever the unwritten names are (the outer list complete; more
    names outside than the outer leaves unwritten; more enterprises than the outer holds), ("unnamed", why) where the
    unwritten names decide, ("ok", "") when neither is open."""
    (inner_what, inner_cells, inner_text), (outer_what, outer_cells, outer_text) = inner_said, outer_said
    inner_n = len(inner) if inner_open is None else inner_open
    outer_n = len(outer) if outer_open is None else outer_open

    def said(undecided: bool) -> list[str]:  # the lists written open; what cannot be compared only where it decides
        words = []
        if outer_open is not None:
            words.append(_open_said(outer_what, outer_cells, outer, outer_text, outer_open,
                                    f"，{inner_what}中的{_in_order(outside, inner_text)}无法与之逐一比对"
                                    if outside and undecided else ""))
        if inner_open is not None:
            words.append(_open_said(inner_what, inner_cells, inner, inner_text, inner_open,
                                    f"，未写名称的企业是否都在{outer_what}之内无法核对" if undecided else ""))
        return words

    if outer_open is None and (outside or inner_open is None):
        # the outer list written in full: a name outside it is outside (the caller names it), as without 等
        return ("outside" if outside else "ok"), "；".join(said(False))
    why = []
    if outside and outer_n >= 0 and len(outside) > outer_n - len(outer):
        why.append(f"{inner_what}中的{_in_order(outside, inner_text)}不在{outer_what}写出的名称中，"
                   f"而{outer_what}只有 {outer_n - len(outer)} 家未写名称")
    elif inner_n >= 0 and outer_n >= 0 and inner_n > outer_n:
        why.append(f"{inner_what} {inner_n} 家，多于{outer_what}的 {outer_n} 家")
    if why:
        return "outside", "；".join(why + said(False))
    return "unnamed", "；".join(said(True))


def _unnamed_lists(decided, items: list[dict], resolution: set[str], published: set[str], matched,
                   decided_open: int | None, published_open: int | None) -> tuple[str, str]:
    """The 决议内容 against the 公示名单 when either names fewer enterprises than it holds (甲公司等3家): the names it
    does not write cannot be compared, so the lists are "unnamed" (needs review) and the detail says which names of
    the other list could not be compared and whether the counts agree (h152: 不合规 for names never written).
    They still differ ("differ", 不合规) where the record shows it whatever the unwritten names are: a name one list
    writes that the other, written in full, lacks; two counts that disagree (等3家 beside four names); more names
    missing from an open list than it leaves unwritten (甲公司、乙公司等3家 beside 丙公司、丁公司等3家)."""
    d_count = len(resolution) if decided_open is None else decided_open
    p_count = len(published) if published_open is None else published_open
    said_text = "\n".join(nfkc(t) for t in (decided.row.text("resolution"), *(i.get("list") or "" for i in items)))

    def listed(names) -> list[str]:  # in the order the cells write them (甲公司、乙公司), not the code points' order
        return sorted(names, key=lambda n: (said_text.find(n) % (len(said_text) + 1), n))

    sides = [f"{words}：{'、'.join(listed(names))}" for words, names in
             (("决议有而公示无", matched.only_right if published_open is None else set()),
              ("公示有而决议无", matched.only_left if decided_open is None else set())) if names]
    counted = d_count >= 0 and p_count >= 0
    if counted and d_count != p_count:
        sides.append(f"家数不一致：决议名单 {d_count} 家，公示名单 {p_count} 家")
    elif not sides:
        # an open list's unwritten names are at most its count less the names it writes
        for this, missing, count, written, other in (("决议名单", matched.only_right, p_count if published_open is not None else -1,
                                                      published, "公示名单"),
                                                     ("公示名单", matched.only_left, d_count if decided_open is not None else -1,
                                                      resolution, "决议名单")):
            if count >= 0 and len(missing) > count - len(written):
                sides.append(f"{this}中的{'、'.join(listed(missing))}不在{other}写出的名称中，"
                             f"而{other}只有 {count - len(written)} 家未写名称")
    said, undecided = [], not sides  # what cannot be compared is said only where it decides (not beside a difference)
    if decided_open is not None:
        said.append(f"决议内容“{decided.row.shown('resolution')}”（{decided.row.ref('resolution')}）只写出{'、'.join(listed(resolution))}，"
                    + (f"其余 {decided_open - len(resolution)} 家未写名称" if decided_open >= 0 else "未写其余企业的名称和家数")
                    + (f"，公示名单中的{'、'.join(listed(matched.only_left))}无法与之逐一比对" if matched.only_left and undecided else ""))
    if published_open is not None:
        cells = "、".join(f"“{i['row'].shown('list')}”（{i['row'].ref('list')}）" for i in items if i.get("list"))
        said.append(f"公示名单{cells}只写出{'、'.join(listed(published))}，"
                    + (f"其余 {published_open - len(published)} 家未写名称" if published_open >= 0 else "未写其余企业的名称和家数")
                    + (f"，决议名单中的{'、'.join(listed(matched.only_right))}无法与之逐一比对" if matched.only_right and undecided else ""))
    if sides:
        return "differ", "；".join(sides + said)
    counts = (f"两份名单家数一致（决议名单 {d_count} 家，公示名单 {p_count} 家）" if counted else
              "家数无法比对（决议名单" + (f" {d_count} 家" if d_count >= 0 else "未写明家数")
              + "，公示名单" + (f" {p_count} 家" if p_count >= 0 else "未写明家数") + "）")
    return "unnamed", "；".join(said + [counts])


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
                "start_time": s.time if s else "",  # h164: its time of day, as the 公示 sheet's (record._disclosure)
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


def _held(meetings: list, day) -> object | None:
    """The deciding 党组会 held on ``day`` (meeting_date's), its earliest time first, for its time of day (h164)."""
    rows = [s for s in deciding_meetings(meetings) if s.date == day]
    return min(rows, key=lambda s: s.minutes or (0, 0)) if rows else None


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
                # h164: a 公示 starting the meeting's day was after it whatever the times the cells write (上午9时 beside
                # a 党组会 下午3时): where both write one and the 公示's ends before the meeting's begins, it came
                # first, as PROC-3I1L-POST-3D compares a filing with its meeting (record.ends_before); the times said
                held = _held(meetings.get(stage) or [], meeting) if item["start"] == meeting else None
                early = item["start"] < meeting or held is not None and ends_before(
                    time_span(item.get("start_time") or ""), held.minutes)
                after_states.append("before" if early else "ok")
                said = (f"{meeting} {held.time}" if held is not None and held.time else meeting,
                        f"{item['start']} {item['start_time']}" if held is not None and item.get("start_time") else item["start"])
                # a round of two stages lists both: the one that failed says so
                after_details.append(f"{label}党组会 {said[0]}，公示开始 {said[1]}"
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
            written = "\n".join([decided.row.shown("resolution"), *(i["row"].shown("list") for i in items)])
            decided_open = open_count(decided.row.text("resolution"))
            published_open = _published_open(items)
            if decided_open is not None or published_open is not None:
                # a list naming fewer than it holds (甲公司等3家): see _unnamed_lists (h152)
                state, detail = _unnamed_lists(decided, items, resolution, published, matched, decided_open, published_open)
                match_states.append(state)
                match_details.append(label + detail + (f"；以下名称写法不同，按同一企业认定：{matched.alike_text('公示名单', '决议名单', written)}"
                                                       if matched.alike else ""))
                continue
            match_states.append("differ" if only_decided or only_published else "alike" if matched.alike else "ok")
            if matched.alike:
                alike_details.append(label + matched.alike_text("公示名单", "决议名单", written))
            if only_decided or only_published:
                # only the side that differs (决议有而公示无：无 said nothing), as DRAW-RANDOM does
                # h161: a numbered line's enterprise and project, read as 丁公司(项目名称), quoted as the line writes them
                read = nfkc(written)
                sides = [f"{words}：{'、'.join(sorted(n if n in read else as_written(n, written) for n in names))}"
                         for words, names in (("决议有而公示无", only_decided), ("公示有而决议无", only_published)) if names]
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
        listed = _gate_lists(items, recognitions, merged)
        if state is None:
            state = ("not_disclosed" if listed[0] == "outside"  # "公示无异议的行文认定": never on a 公示 list
                     else next((w for w in ("objection_open", "objection_upheld") if w in states), None)
                     # a list written 甲公司等3家 on either side: whether the recognition keeps to the 公示 (h152)
                     or ("unnamed" if listed[0] == "unnamed" else None)
                     or next((w for w in ("objection_unclear", "objections_unknown") if w in states), "ok"))
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
    # a 公示名单 written 甲公司等3家: a name outside the names it writes may be one it does not (_gate_lists says so)
    unpublished = _not_disclosed(merged, recognitions) if _published_open(items) is None else []
    # h164: the lists quoted as the cells write them (1. 甲公司 智能制造改造项目, not 甲公司(智能制造改造项目)), as
    # DISC-CONTENT-MATCH quotes them (common.as_written)
    written = "\n".join([*(i["row"].shown("list") for i in items), *(s.row.shown("resolution") for s in recognitions)])
    read = nfkc(written)
    dropped = {n if n in read else as_written(n, written) for n in dropped}
    out.values["disc_gate_detail"] = (
        "；".join(parts) + "，"
        f"行文认定 {day_text(recognition[0]) if recognition else undated_steps_text(recognitions)}"
        + (f"；异议成立后行文认定未含：{'、'.join(sorted(dropped))}" if dropped else "")
        + (f"；行文认定含公示名单以外的企业：{'、'.join(unpublished)}" if unpublished else "")
    )
    matched = _recognition_match(merged, recognitions)
    if matched is not None and matched.alike:  # a short name read as one enterprise is said, never silently
        out.values["disc_gate_detail"] += f"；以下名称写法不同，按同一企业认定：{matched.alike_text('行文认定', '公示名单', written)}"
    if matched is not None and matched.ambiguous and unpublished:
        out.values["disc_gate_detail"] += f"；{matched.ambiguous_text()}"
    open_text = _gate_lists(items, recognitions, merged)[1] if recognitions else ""
    if open_text:
        out.values["disc_gate_detail"] += f"；{open_text}"


def _gate_lists(items: list[dict], recognitions: list, merged: dict) -> tuple[str, str]:
    """The 行文认定's enterprises within the 公示 list (_within_open: either may be written 甲公司等3家): "outside",
    "unnamed" or "ok", and the words on a list written open ("" when neither is)."""
    matched = _recognition_match(merged, recognitions)
    if matched is None:
        return "ok", ""
    texts = [s.row.text("resolution") for s in recognitions]
    return _within_open(
        set(matched.only_left),
        {n for t in texts for n in name_list(t)}, _rows_open(texts),
        ("行文认定", "、".join(f"“{s.row.shown('resolution')}”（{s.row.ref('resolution')}）" for s in recognitions
                           if s.row.text("resolution")), "\n".join(texts)),
        name_list(merged["list"]), _published_open(items),
        ("公示名单", "、".join(f"“{i['row'].shown('list')}”（{i['row'].ref('list')}）" for i in items if i.get("list")),
         merged["list"]))


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
    # the same lists with the cells they come from, for a list written 甲公司等3家 (h152)
    source1 = (_step_list(recognition) or _step_list(first(deciding_meetings(meetings.get(1) or [])))
               or _items_list(grouped.get(1)))
    source2 = _step_list(first(deciding_meetings(meetings.get(2) or []))) or _items_list(grouped.get(2))
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
    open_words = ""
    if state in ("extra", "ok") and source1 and source2 and (source1[1] is not None or source2[1] is not None):
        # either list names fewer than it holds: the names not written decide, unless the record shows one
        # outside whatever they are (facts/disclosure._within_open)
        within, open_words = _within_open(set(matched.only_left), stage2, source2[1], ("第二阶段奖励名单", *source2[2:]),
                                          stage1, source1[1], ("第一阶段认定名单", *source1[2:]))
        state = {"outside": "extra", "unnamed": "unnamed"}.get(within, "ok")
    out.facts["stage2_list_state"] = state
    # h164: the names quoted as the cells write them (1. 甲公司 智能制造改造项目, not 甲公司(智能制造改造项目)), as
    # DISC-CONTENT-MATCH quotes them (common.as_written)
    written = "\n".join([*(s.row.shown("resolution") for s in (recognition, *deciding_meetings(meetings.get(1) or []),
                                                                 *deciding_meetings(meetings.get(2) or [])) if s is not None),
                          *(i["row"].shown("list") for stage in (1, 2) for i in grouped.get(stage) or [])])
    read = nfkc(written)

    def said(names) -> str:
        return "、".join(sorted(n if n in read else as_written(n, written) for n in names))
    out.values["stage2_detail"] = (f"第一阶段认定名单：{said(stage1) or '（未记录）'}；"
                                   f"第二阶段奖励名单：{said(stage2) or '（未记录）'}")
    if matched is not None and matched.alike:
        out.values["stage2_detail"] += f"；以下名称写法不同，按同一企业认定：{matched.alike_text('第二阶段', '第一阶段', written)}"
    if matched is not None and matched.ambiguous and extra:
        out.values["stage2_detail"] += f"；{matched.ambiguous_text()}"
    out.values["stage2_extra"] = said(extra) or "无"
    if open_words and state == "extra":
        out.values["stage2_extra"] = (said(extra) + "；" if extra and source1[1] is None else "") + open_words
    elif open_words:
        out.values["stage2_detail"] += f"；{open_words}"


def _step_list(step) -> tuple | None:
    """A step's 决议内容 as a list: (names, open_count, the cell quoted with its reference, the text); None when it
    names no enterprise."""
    text = step.row.text("resolution") if step is not None else ""
    names = name_list(text)
    if not names:
        return None
    return names, open_count(text), f"“{step.row.shown('resolution')}”（{step.row.ref('resolution')}）", text


def _items_list(items: list[dict] | None) -> tuple | None:
    """A stage's 公示名单 as _step_list gives a 决议内容 (several rows: one list)."""
    names = _listed(items)
    if not names:
        return None
    return (names, _published_open(items), "、".join(f"“{i['row'].shown('list')}”（{i['row'].ref('list')}）" for i in items if i.get("list")),
            "\n".join(i.get("list") or "" for i in items))
