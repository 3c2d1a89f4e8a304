"""What every round fact function shares: the case, its stages, and small judgement helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.record import RoundRecord, Step, draw_role, unknown_role  # noqa: F401 (draw_role: the facts' import)
from checker.core.calendar import DEFAULT as DEFAULT_CALENDAR, HolidayCalendar
from checker.core.evaluator import Facts
from checker.core.text import nfkc

_SPLIT = re.compile(r"[、,，;；/\s]+")
# Several stages or rows give one state per rule: the worst decides (first in this order). unnamed (h152): a list
# written 甲公司等3家 whose other names cannot be compared, needs review, below a difference shown.
_ORDER_WORST = ("late", "rejected", "absent", "before", "early", "objection_open", "mismatch", "incomplete", "differ", "short",
                "reversed", "no_meeting", "no_recognition", "undated", "unreadable", "calendar_unknown",
                "objections_unknown", "blank", "no_column", "no_lists", "unnamed", "alike", "ok", "counted")


@dataclass
class RoundContext:
    """Inputs beyond the record, read once per run: the draw ledger (and a draw record) for
    DRAW-RANDOM, the expert pool for DRAW-BY-FIELD, and the holiday calendar for every day count."""

    ledger: Any = None  # path to LEDGER.db or None
    pool: Any = None  # checker.draw.pool.Pool or None
    draw_record: Any = None  # path to a draw record (--draw-record) or None
    calendar: HolidayCalendar = field(default_factory=lambda: DEFAULT_CALENDAR)
    _ledger: Any = field(default=None, repr=False)

    def ledger_view(self):
        """The ledger's entries and chain verdict (and the draw record's checks), read once."""
        if self._ledger is None and self.ledger is not None:
            from checker.audit.facts.ledger_check import LedgerView  # the draw wing, only when a ledger is given

            self._ledger = LedgerView.load(self.ledger, self.draw_record)
        return self._ledger


@dataclass
class RoundCase:
    """One round record as the fact functions see it: the record and its workflow's profile."""

    record: RoundRecord
    profile: dict
    step_keys: dict[str, str]  # step name -> fact key (rules/steps.yaml)
    context: RoundContext = field(default_factory=RoundContext)

    @property
    def stages(self) -> list[int]:
        """The profile's stages, or those 轮次.本轮阶段 names (a W-08 round that stops after stage 1)."""
        stages = list(self.profile.get("stages") or [1])
        declared = self.record.stages_declared
        if declared:
            chosen = [s for s in stages if s in declared]
            return chosen or stages
        return stages

    @property
    def calendar(self) -> HolidayCalendar:
        return self.context.calendar


def worst(states: list[str]) -> str:
    return min(states, key=lambda s: _ORDER_WORST.index(s) if s in _ORDER_WORST else 0)


def day_text(day: dt.date | None, row=None, column: str = "date") -> str:
    """A day for a message; without one, what the record's cell says (an inspector checks that
    value: 2020年13月5日 is not the blank （无日期） would suggest), else （无日期）."""
    if day:
        return day.isoformat()
    cell = row.cells.get(column) if row is not None else None
    if cell is not None and cell.formula_problem:
        # =TODAY() showed its cached serial number (“43944”), which says nothing to a reader (h135)
        return "（日期为公式，按空白处理）"
    written = row.shown(column) if row is not None else ""
    return f"（日期无法识别：“{written}”）" if written else "（无日期）"


def step_day(step: "Step") -> str:
    """A step's day for a message (see day_text), with the time of day its cell writes (2020-04-10 下午3时): the order
    rules compare the times of one day (h166), and a message saying only the day would read as a contradiction."""
    day = day_text(step.date, step.row)
    return f"{day} {step.time}" if step.date and step.time and step.minutes else day


def undated_steps_text(steps: list["Step"]) -> str:
    """What the record holds for a step none of whose rows gave a usable day: the first date it
    could not read, quoted; else （无日期）; （未记录） when there is no such row."""
    unread = next((step for step in steps if not step.date and step.row.shown("date")), None)
    if unread is not None:
        return step_day(unread)
    return "（无日期）" if steps else "（未记录）"


def stage_of(step_stage: int | None, stages: list[int]) -> int:
    return step_stage if step_stage in stages else stages[0] if step_stage is None else step_stage


def by_stage(steps: list[Step], stages: list[int]) -> dict[int, list[Step]]:
    grouped: dict[int, list[Step]] = {s: [] for s in stages}
    for step in steps:
        grouped.setdefault(stage_of(step.stage, stages), []).append(step)
    return grouped


# --- rows whose stage the record does not tell (h135) ----------------------------------------------------
# A round of several stages (W-08: 认定 1, 奖励 2) judges its 事中报告, 党组会, 公示 and 决策备案 stage by stage. A
# row whose 阶段 is written but unreadable (3, 是: INP-ROUND-VALUE names the cell) was read as stage 1, so
# stage 2 lacked the step and the rules failed it ("第2阶段事中报告 （未记录）", 不合规) for a cell that only
# could not be read; and a record with no 阶段 anywhere but the steps of two stages (two 党组会, two 公示)
# read both as stage 1 and failed stage 2 as absent. The record does not say which stage such a row is, so
# every stage-aware fact is worked out again with each such row in each of the workflow's stages: a fact
# every placement decides alike stands (a late report is late wherever it belongs); one the placement
# decides is STAGE_UNREAD, which no rule branch names, so the rule's `default: missing` decides (需人工复核), never
# a fail the record does not show. (The word is not yet among those rules/facts/round.yaml declares, nor has a
# branch of its own with the reason in words: the rule files are not this module's.) A row with 阶段 blank in a record that writes 阶段 elsewhere stays stage 1 (the
# README's reading; record._staged_steps places some by date and says so).
STAGE_UNREAD = "stage_unread"
STAGE_PLACEMENTS_MAX = 64  # 6 rows in 2 stages; more: a sample of placements (_placements)


def _staged_keys(case: "RoundCase") -> set[str]:
    """The steps (fact keys) the profile names per stage (党组会#2, 决策备案#1)."""
    profile = case.profile
    names = [entry for entry in (profile.get("steps") or []) if "#" in entry]
    names += [entry for chain in (profile.get("order") or []) for entry in chain if "#" in entry]
    return {case.step_keys[n.partition("#")[0]] for n in names if n.partition("#")[0] in case.step_keys}


def unplaced_rows(case: "RoundCase") -> tuple[list[Step], list[dict]]:
    """The 流程节点 rows (of a per-stage step) and 公示 rows whose stage the record does not tell, in a
    workflow of several stages: 阶段 written but unreadable; or, when no row of either sheet writes 阶段
    and the round covers its last stage, every row of a per-stage step (决策备案 aside: one without 阶段
    follows the last meeting, as the README reads it) once the record holds two rows of one such step.
    The stages are those the round covers: a round 轮次.本轮阶段 stops after stage 1 is judged for stage 1 only, so a row
    there whose 阶段 cannot be read is stage 1's (h143: it was tried in stage 2 too, and 会前三天 needed review)."""
    stages = case.stages
    if len(stages) < 2:
        return [], []
    record, keys = case.record, _staged_keys(case)
    steps = [s for s in record.steps if s.key in keys and s.stage is None and s.row.text("stage")]
    items = [d for d in record.disclosures if d["stage"] is None and d["row"].text("stage")]
    written = any(s.row.text("stage") for s in record.steps) or any(d["row"].text("stage") for d in record.disclosures)
    if not written and stages[-1] in case.stages:
        rows = [s for s in record.steps if s.key in keys and s.key != "post_filing"]
        counts: dict[str, int] = {}
        for step in rows:
            counts[step.key] = counts.get(step.key, 0) + 1
        if any(n > 1 for n in counts.values()) or len(record.disclosures) > 1:
            return rows, list(record.disclosures)
    return steps, items


def _placements(case: "RoundCase") -> tuple[list["RoundCase"], bool]:
    """The case with each unplaced row in each stage of the workflow, and whether that is every placement (no
    rows: none). Beyond STAGE_PLACEMENTS_MAX placements, a sample: all rows in one stage, and each row alone in
    another; the facts of a stage (STAGE_FACTS) are then unread whatever the sample says."""
    steps, items = unplaced_rows(case)
    if not steps and not items:
        return [], True
    choices, complete = _choices(case, len(steps) + len(items))
    cases = []
    for chosen in choices:
        of_step = {id(s): stage for s, stage in zip(steps, chosen)}
        of_item = {id(d): stage for d, stage in zip(items, chosen[len(steps):])}
        record = dataclasses.replace(
            case.record,
            steps=[dataclasses.replace(s, stage=of_step[id(s)]) if id(s) in of_step else s for s in case.record.steps],
            disclosures=[{**d, "stage": of_item[id(d)]} if id(d) in of_item else d for d in case.record.disclosures])
        cases.append(dataclasses.replace(case, record=record))
    return cases, complete


def _choices(case: "RoundCase", count: int) -> tuple[list[tuple[int, ...]], bool]:
    """The stages given to ``count`` unplaced rows (steps first, then 公示 rows), placement by placement, and whether
    that is every placement (see _placements)."""
    stages = case.stages  # the round's (unplaced_rows)
    if len(stages) ** count <= STAGE_PLACEMENTS_MAX:
        return list(itertools.product(stages, repeat=count)), True
    choices = [(stage,) * count for stage in stages]
    choices += [tuple(other if i == at else stages[0] for i in range(count)) for at in range(count) for other in stages[1:]]
    return choices, False


def unplaced_text(case: "RoundCase") -> list[str]:
    """Each unplaced row (unplaced_rows, in that order) as a message names it: the step and the cell of its date, as
    INP-ROUND-NO-STAGE names them, and the 阶段 written where one is (事中报告（流程节点#14.日期，阶段“3”）)."""
    steps, items = unplaced_rows(case)

    def said(name: str, row, ref: str) -> str:
        written = row.shown("stage")
        return f"{name}（{ref}" + (f"，阶段“{written}”" if written else "") + "）"

    return [said(s.name, s.row, s.ref) for s in steps] + [said("公示", d["row"], d["row"].ref("start")) for d in items]


# The words of a stage-aware fact on which its rule fails: two placements failing for different reasons (stage 2's
# report absent, or late) fail the requirement alike, as the README grades a fail under every reading (不合规);
# the message is the one of the row read as the README reads it (stage 1).
FAIL_WORDS = {
    "mid_state": {"late", "absent"}, "post3d_state": {"late", "absent", "before_meeting"}, "meetings_state": {"absent"},
    "two_stage_state": {"stage_absent", "stage_incomplete"}, "disc_state": {"absent", "partial"},
    "disc_after_state": {"before"}, "disc_period_state": {"reversed"}, "disc_match_state": {"differ"},
    "disc_gate_state": {"no_recognition", "early", "not_disclosed", "objection_open", "objection_upheld"},
    "stage2_list_state": {"extra"},
}


# The facts judged stage by stage (each stage's own step, its recipients, its list): unread when the placements
# could not all be tried.
# disc_channel_state is not one (h143): DISC-CHANNEL-WEBSITE reads the 渠道 of every 公示 row whatever its stage, so
# the sample (every row in each stage, each row alone in another) shows every channel state there is; kept here, a
# W-08 record of over 64 placements left the channel unread though every row named the bureau's website.
STAGE_FACTS = {*FAIL_WORDS, "meeting_minutes_state", "meeting_vote_state", "meeting_jjz_state", "mid_to_state",
               "disc_working_days", "disc_gate_state", "disc_objection_state", "step_order_violations"}


def stage_decided(compare: dict | None = None):
    """A stage-aware fact function's facts, each kept only where every placement of the rows whose stage
    the record does not tell (unplaced_rows) decides it alike; otherwise a words fact is STAGE_UNREAD and a
    number is left out (the rules reading it are `missing`). ``compare``: a fact's value as the rules read it
    (step_order_violations: whether there is any)."""
    compare = compare or {}

    def wrap(compute):
        @functools.wraps(compute)
        def run(case: RoundCase, out, **params):
            before = dict(out.facts)
            compute(case, out, **params)
            placements, complete = _placements(case)
            if not placements:
                return
            outcomes = []
            for other in placements:
                scratch = Facts(facts=dict(before), values=dict(out.values))
                compute(other, scratch, **params)
                outcomes.append(scratch.facts)
            changed = {k for k, v in out.facts.items() if k not in before or before[k] != v}
            rows = unplaced_text(case)
            choices = _choices(case, len(rows))[0]
            out.values["stage_unplaced"] = _rows_text(rows)  # every such row: for a branch reading two facts (any:)
            for key in changed:
                read = compare.get(key) or (lambda value, fails=FAIL_WORDS.get(key, ()): "fail" if value in fails else value)
                seen = {read(found.get(key)) for found in outcomes}
                if seen <= {read(out.facts[key])} and (complete or key not in STAGE_FACTS):
                    continue
                # the rows the conclusion turns on, for the rule's message ({mid_state_unplaced}; h143: the messages named
                # none, only INP-ROUND-NO-STAGE did): a row whose stage alone changes the fact, else every unplaced row
                out.values[f"{key}_unplaced"] = _rows_text(_turning(rows, choices, [read(found.get(key)) for found in outcomes], complete))
                if isinstance(out.facts[key], str):
                    out.facts[key] = STAGE_UNREAD
                else:
                    del out.facts[key]

        return run

    return wrap


def _turning(rows: list[str], choices: list[tuple[int, ...]], seen: list, complete: bool) -> list[str]:
    """Of the unplaced rows, those whose stage alone changes what a fact reads: two placements differing in that row
    only, read differently (a sample pairs only all rows in the first stage with each row alone in another: linear in
    the rows). None such (the sample agreed, or only rows together change it): every row."""
    read = dict(zip(choices, seen))
    stages = sorted({stage for chosen in choices for stage in chosen})
    bases = choices if complete else choices[:1]
    turning = [row for at, row in enumerate(rows)
               if any(read.get(chosen[:at] + (stage,) + chosen[at + 1:], read[chosen]) != read[chosen]
                      for chosen in bases for stage in stages if stage != chosen[at])]
    return turning or rows


STAGE_ROWS_SHOWN = 10  # a message names at most so many rows, then their count


def _rows_text(rows: list[str]) -> str:
    shown = "、".join(rows[:STAGE_ROWS_SHOWN])
    return shown + (f" 等 {len(rows)} 行" if len(rows) > STAGE_ROWS_SHOWN else "")


def stage_label(stage: int, stages: list[int]) -> str:
    return f"第{stage}阶段" if len(stages) > 1 else ""


def deciding_meetings(rows: list[Step]) -> list[Step]:
    """Of the 党组会 rows, those that took the decision, earliest first (undated last): a meeting whose
    vote deferred or rejected the matter ("暂缓研究，待补充材料后再议") decided nothing, the next one did,
    and the 会后三天 filing, the 公示 and the fund steps follow that one. All rows when none passed."""
    from checker.audit.facts.meeting import vote_rejected, vote_text  # same package; avoids a cycle at import

    # the vote as meeting_facts reads it (a 备注 recording it where the row has no 表决 cell, h143)
    passed = [r for r in rows if not vote_rejected(vote_text(r))] or list(rows)
    # h168: two meetings of one day by the times their cells write (the earliest first), as every order rule reads them
    return sorted(passed, key=lambda r: (r.date is None, r.date or dt.date.min, (r.minutes or (0, 0))[0]))


def meeting_date(meetings: dict[int, list[Step]], stage: int, *, decided: bool = False) -> tuple[dt.date | None, str]:
    """The stage's 党组会 date: the earliest (the 事中 slip precedes the first meeting on the matter),
    or with ``decided`` the earliest of the meetings that took the decision."""
    rows = meetings.get(stage) or []
    if not rows:
        return None, "no_meeting"
    dated = sorted(s.date for s in (deciding_meetings(rows) if decided else rows) if s.date)
    return (dated[0], "ok") if dated else (None, "undated")


_PARTS = re.compile(r"[、,，;；/\s]+|(?<=[科组])(?:和|及|与)")
# A part of a cell that names a unit only to say it was not that unit ("非局政工科",
# "派驻纪检监察组（未报送）") does not name it.
_NEGATION = ("非", "未", "不是", "没有", "不含", "除")
# One office under its other nameplate: "政工科（挂人才工作科牌子）" (001:892, 130), and under the full name
# 政工科 abbreviates (政治工作科; the seeds write only 政工科: the reading is stated in DRAW-BY-ZGK's statement).
_ALIASES = {"政工": ("人才工作科", "政治工作科")}
# a word that other names hold too: 市政工程处, 行政工作办公室, 财政工作科 name no 政工科
_UNIT_WORDS = {"政工": re.compile(r"(?<![市行财民邮家])政工(?![程作])")}


@functools.lru_cache(maxsize=4096)  # the same few cells (报送对象) are asked about again by several rules of a round
def names_unit(text: str, word: str) -> bool:
    """Whether a cell (报送对象, 抽取科室) names the unit ``word`` stands for, not merely mentions it."""
    words = [_UNIT_WORDS.get(w) or re.compile(re.escape(nfkc(w))) for w in (word, *_ALIASES.get(word, ()))]
    return any((found := w.search(part)) and not _negated(part[:found.start()], part[found.end():])  # 非公有制…科 is a name
               for part in cell_parts(text) for w in words)


# A note on the document's classification after the unit ("派驻纪检监察组（非涉密件）") is no negation of the unit (h143: it
# read as not sent, 事中报告 未报送派驻纪检监察组, 不合规); any other negation, before the unit or after it, is ("非局政工科",
# "派驻纪检监察组（未报送）", "纪检组未签批", "市委组织部未会签").
_DOCUMENT_NOTE = re.compile(r"非涉密|非密")


def _negated(before: str, after: str) -> bool:
    return any(n in before + _DOCUMENT_NOTE.sub("", after) for n in _NEGATION)


def cell_parts(text: str) -> list[str]:
    """A cell's parts as names_unit reads them (split at 、，；/ and spaces, and at 和/及/与 after 科 or 组)."""
    return _PARTS.split(nfkc(text or ""))




def split_list(text: str) -> set[str]:
    """A list written in one cell (、 , ; / or spaces between items)."""
    return {part for part in (nfkc(p) for p in _SPLIT.split(text or "")) if part}


# A list of enterprises as a notice prints it: "1.甲公司 2.乙公司", "（一）甲公司", "1、甲公司、2、乙公司" or
# the whole list in brackets. The numbers and brackets are not part of the names.
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,3}[).．]|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[.．])")
_ONLY_NUMBER = re.compile(r"\d{1,3}[.．)]?|[(]?[一二三四五六七八九十]{1,3}[)．.]?")


def list_parts(text: str) -> list[str]:
    """split_list in the cell's order, not splitting inside brackets: "甲公司（含文登分公司、荣成分公司）" is one
    enterprise."""
    text = nfkc(text or "").strip()
    if text.startswith("(") and text.endswith(")") and _closing(text) == len(text) - 1:
        text = text[1:-1]  # the whole list in brackets
    parts, depth, current = [], 0, []
    for char in text:
        depth += (char == "(") - (char == ")" and depth > 0)
        if depth == 0 and _SPLIT.fullmatch(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if depth:  # a bracket left open: split everywhere, never one name too few
        return [p for p in _SPLIT.split(text) if p]
    return [p for p in parts if p]


def _closing(text: str) -> int:
    """Where the bracket opening ``text`` closes (-1: never)."""
    depth = 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return at
    return -1


def name_list(text: str) -> set[str]:
    """The names of a 决议内容 or 公示名单 cell (list_parts without enumerators and outer brackets)."""
    names = set()
    for part in list_parts(text):
        part = _ENUMERATOR.sub("", part).strip()
        if part.startswith("(") and ")" not in part:
            part = part[1:]
        if part.endswith(")") and "(" not in part:
            part = part[:-1]
        if part and not _ONLY_NUMBER.fullmatch(part):
            names.add(part)
    return names



# --- one enterprise under its full and its short name -------------------------------------------------
# A 公示名单 or 行文认定 may name an enterprise by its short name (威海华盛精密, 华盛精密机械) where the decision
# lists the full one (威海华盛精密机械有限公司). Without place and company form (_SHORT_PLACE, _SHORT_FORM) the
# short name begins the full one; it is the same enterprise when it is within exactly one name of the other
# list and that name is matched by nothing else. The seeds say nothing of short names: this is the reading the
# report states (“按同一企业认定”), never a silent match; a short name within two names of the other list stays
# unmatched and the report says which. A wrong match would pass a round listing another enterprise, a miss
# only asks the office to explain, so the reading is narrow (short_name_of):
# - the short name carries no company form (SHORT_NAME_FORMS: 公司, 厂, 集团…): 华盛精密有限公司 and 威海华盛
#   有限公司 are registered names of their own, not short names of 威海华盛精密机械有限公司; neither side is a
#   branch (分公司, 分厂), which is named in full;
# - its core begins the other core (the trade name, 字号, comes first): 盛精密 and 精密机械 are no short names
#   of 华盛精密机械;
# - what is left of the core without industry words at its end (SHORT_NAME_INDUSTRY_WORDS: 精密, 机械, 科技…)
#   has at least SHORT_NAME_MIN_CHARS characters, a run of Latin letters or digits counting one: 威海精密,
#   威海科技, 甲公司 (甲) and ＡＢ name no trade name;
# - the places written do not differ (山东华盛精密 is not 威海华盛精密机械有限公司).
SHORT_NAME_MIN_CHARS = 2
SHORT_NAME_INDUSTRY_WORDS = (
    "精密", "机械", "科技", "电子", "技术", "制造", "工业", "实业", "装备", "设备", "智能", "信息", "软件", "网络",
    "材料", "新材料", "化工", "医药", "生物", "食品", "纺织", "服装", "服饰", "汽车", "配件", "零部件", "橡胶", "塑料",
    "轮胎", "船舶", "海洋", "能源", "新能源", "电气", "电器", "电力", "自动化", "仪器", "仪表", "光电", "通信",
    "数控", "模具", "铸造", "锻造", "重工", "工贸", "贸易", "商贸", "发展", "投资", "控股", "工程", "建设", "环保",
    "节能", "半导体", "水产", "渔具", "工具", "五金", "金属", "钢铁", "包装", "印刷", "家居", "家具", "木业", "建材",
    "玻璃", "陶瓷", "海产", "食品科技", "工艺", "工艺品", "制品", "产业", "股份", "集团")
_SHORT_PLACE = re.compile(r"^(?:山东省|山东|威海市|威海|市)+")
_SHORT_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团有限公司|集团公司|公司|集团)$")
# a name ending so is a registered name (or a branch), never a short name
SHORT_NAME_FORMS = re.compile(r"(?:公司|厂|集团|合作社|研究院|研究所|中心|商行|经营部|门市部|工作室)$")
_BRANCH = re.compile(r"分公司|分厂|分店|分部|办事处|分中心")
_SHORT_BRACKETS = re.compile(r"[()\[\]{}【】〔〕〖〗]")
_INDUSTRY_TAIL = re.compile("(?:" + "|".join(sorted(map(re.escape, SHORT_NAME_INDUSTRY_WORDS), key=len, reverse=True)) + ")$")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


def short_core(name: str) -> str:
    """A name without white space, brackets, place (山东, 威海, 市) and company form (有限公司, 股份有限公司…)."""
    text = _SHORT_BRACKETS.sub("", re.sub(r"\s+", "", nfkc(name or "")).lower())
    return _SHORT_FORM.sub("", _SHORT_PLACE.sub("", text))


def _places(name: str) -> set[str]:
    """The places a name begins with: 山东, 威海 (山东省威海市 both)."""
    text = _SHORT_BRACKETS.sub("", re.sub(r"\s+", "", nfkc(name or "")))
    found = _SHORT_PLACE.match(text)
    return {p for p in ("山东", "威海") if found and p in found.group(0)}


def _trade_name_size(core: str) -> int:
    """The characters of a core left without industry words at its end, a Latin or digit run counting one."""
    while (shorter := _INDUSTRY_TAIL.sub("", core)) != core:
        core = shorter
    return len(_LATIN_RUN.sub("a", core))


def short_name_of(short: str, full: str) -> bool:
    """Whether ``short`` may be a short name of ``full`` (see above): no company form, no branch, its core
    beginning the other core with a trade name of its own, and no other place."""
    text = re.sub(r"\s+", "", nfkc(short or ""))
    if SHORT_NAME_FORMS.search(text) or _BRANCH.search(text) or _BRANCH.search(nfkc(full or "")):
        return False
    cs, cf = short_core(short), short_core(full)
    a, b = _places(short), _places(full)
    if a and b and not (a <= b or b <= a):
        return False
    return cf.startswith(cs) and _trade_name_size(cs) >= SHORT_NAME_MIN_CHARS


@dataclass
class NameMatch:
    """Two lists of enterprise names compared: the names of each side the other lacks, the pairs matched as
    one enterprise by a short name (left, right), and the names matching several names of the other list."""

    only_left: set[str]
    only_right: set[str]
    alike: list[tuple[str, str]]
    ambiguous: list[tuple[str, list[str]]]

    def alike_text(self, left: str, right: str, written: str = "") -> str:
        """“威海华盛精密”（公示名单）与“威海华盛精密机械有限公司”（决议名单）…, or "" without such a pair; ``written``:
        the cells as written, each name then quoted as they write it (甲公司（技改项目）, not its NFKC form; h152)."""
        return "、".join(f"{left}“{as_written(a, written)}”与{right}“{as_written(b, written)}”" for a, b in self.alike)

    def ambiguous_text(self) -> str:
        return "；".join(f"“{name}”可指{'或'.join(f'“{o}”' for o in others)}，未按同一企业认定" for name, others in self.ambiguous)


def as_written(name: str, written: str) -> str:
    """A name read from a cell (NFKC) as the cell writes it (甲公司（技改项目）), else as read."""
    if not written or name in written:
        return name
    # h161: a numbered line's enterprise and project (1. 甲公司 智能制造改造项目) are read as 甲公司(智能制造改造项目)
    # (disclosure._numbered_projects): quoted as the line writes them, with its space
    spaced = re.sub(r"\s+", " ", name[:-1].replace("(", " ", 1)) if name.endswith(")") and "(" in name else None
    for start in range(len(written)):
        for end in range(start + 1, min(len(written), start + len(name) + 4) + 1):
            read = nfkc(written[start:end]).strip()
            if read == name or (spaced and " ".join(read.split()) == spaced):
                return written[start:end].strip()
    return name


_WITH_PROJECT = re.compile(r"^(.+?(?:公司|厂|集团|合作社|研究院|研究所))(?:\(([^()]*(?:项目|车间|工厂|改造|技改|建设|工程|产线|生产线)[^()]*)\)"
                           r"|[:\-—–]+\s*(.*(?:项目|车间|工厂|改造|技改|建设|工程|产线|生产线).*))$")


# h156: a branch named after a road or a trade (C公司（建设路分公司）, C公司（工程机械分公司）, C公司—建设路分公司) holds a
# project word by chance: it is another entity (APP-BRANCH-LEGAL-PERSON), not the enterprise's project, as
# C公司（文登分公司） never was
_BRANCH = re.compile(r"分公司|子公司|分厂|分店|分支机构|办事处")


def _enterprise_of(name: str, key) -> str | None:
    found = _WITH_PROJECT.match(nfkc(name or "").strip())
    if found is None or _BRANCH.search(found.group(2) or found.group(3) or ""):
        return None
    return key(found.group(1))


def match_names(left: set[str], right: set[str], key) -> NameMatch:
    """Compare two name lists: first by ``key`` (the same name written with other brackets or company form),
    then the names left over by short name (short_name_of)."""
    left_keys = {key(n): n for n in left}
    right_keys = {key(n): n for n in right}
    only_left = {k: n for k, n in left_keys.items() if k not in right_keys}
    only_right = {k: n for k, n in right_keys.items() if k not in left_keys}
    alike, ambiguous = [], []
    # an enterprise written with its project (甲公司（智能化改造项目）, 甲公司：技改项目), as a 公示 of projects lists it
    # (001:2978 对通过的项目（资金）在市工信局网站公示), beside the enterprise alone in the other list: one enterprise,
    # said as a short name is (alike); h152: “决议有而公示无：甲公司；公示有而决议无：甲公司(智能化改造项目)”, 不合规
    # (two projects of one enterprise are both that enterprise's)
    for mine, theirs in ((only_left, only_right), (only_right, only_left)):
        taken = set()
        for k, name in sorted(mine.items(), key=lambda item: item[1] or ""):
            enterprise = _enterprise_of(name, key) if name is not None else None
            if enterprise in theirs:
                alike.append((name, theirs[enterprise]) if mine is only_left else (theirs[enterprise], name))
                taken.add(enterprise)
                mine[k] = None
        for enterprise in taken:
            del theirs[enterprise]
    only_left = {k: n for k, n in only_left.items() if n is not None}
    only_right = {k: n for k, n in only_right.items() if n is not None}

    def within(a: str, b: str) -> bool:
        return short_name_of(a, b) or short_name_of(b, a)

    for lk, name in sorted(only_left.items(), key=lambda item: item[1]):
        others = sorted(n for n in right_keys.values() if within(name, n))
        if len(others) > 1:
            ambiguous.append((name, others))
            continue
        if len(others) != 1:
            continue
        rk = key(others[0])
        back = [n for n in left_keys.values() if within(n, others[0])]
        if rk in only_right and len(back) == 1:
            alike.append((name, others[0]))
            del only_right[rk]
            only_left[lk] = None
    for rk, name in sorted(only_right.items(), key=lambda item: item[1]):
        others = sorted(n for n in left_keys.values() if within(name, n))
        if len(others) > 1 and all(a != name for a, _ in ambiguous):
            ambiguous.append((name, others))
    return NameMatch({n for n in only_left.values() if n is not None}, set(only_right.values()), alike, ambiguous)
