"""What every round fact function shares: the case, its stages, and small judgement helpers."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.record import RoundRecord, Step, draw_role, unknown_role  # noqa: F401 (draw_role: the facts' import)
from checker.core.calendar import DEFAULT as DEFAULT_CALENDAR, HolidayCalendar
from checker.core.text import nfkc

_SPLIT = re.compile(r"[、,，;；/\s]+")
# Several stages or rows give one state per rule: the worst decides (first in this order).
_ORDER_WORST = ("late", "rejected", "absent", "before", "early", "objection_open", "mismatch", "incomplete", "differ", "short",
                "reversed", "no_meeting", "no_recognition", "undated", "unreadable", "calendar_unknown",
                "objections_unknown", "blank", "no_column", "no_lists", "alike", "ok", "counted")


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
    written = row.shown(column) if row is not None else ""
    return f"（日期无法识别：“{written}”）" if written else "（无日期）"


def step_day(step: "Step") -> str:
    """A step's day for a message (see day_text)."""
    return day_text(step.date, step.row)


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


def stage_label(stage: int, stages: list[int]) -> str:
    return f"第{stage}阶段" if len(stages) > 1 else ""


def deciding_meetings(rows: list[Step]) -> list[Step]:
    """Of the 党组会 rows, those that took the decision, earliest first (undated last): a meeting whose
    vote deferred or rejected the matter ("暂缓研究，待补充材料后再议") decided nothing, the next one did,
    and the 会后三天 filing, the 公示 and the fund steps follow that one. All rows when none passed."""
    from checker.audit.facts.meeting import vote_rejected  # same package; avoids a cycle at import

    passed = [r for r in rows if not vote_rejected(r.row.text("vote"))] or list(rows)
    return sorted(passed, key=lambda r: (r.date is None, r.date or dt.date.min))


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


@functools.lru_cache(maxsize=4096)  # the same few cells (报送对象) are asked about again by several rules of a round
def names_unit(text: str, word: str) -> bool:
    """Whether a cell (报送对象, 抽取科室) names the unit ``word`` stands for, not merely mentions it."""
    words = [nfkc(w) for w in (word, *_ALIASES.get(word, ()))]
    return any(w in part and not any(n in part.replace(w, "") for n in _NEGATION)  # 非公有制…科 is a name
               for part in cell_parts(text) for w in words)


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


def name_list(text: str) -> set[str]:
    """The names of a 决议内容 or 公示名单 cell (split_list without enumerators and outer brackets)."""
    names = set()
    for part in split_list(text):
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
# short name is within the full one; it is the same enterprise when it is within exactly one name of the other
# list, that name is matched by nothing else, and the shorter core has at least SHORT_NAME_MIN_CHARS characters
# (甲公司 is 甲: no evidence). The seeds say nothing of short names: this is the reading the report states
# (“按同一企业认定”), never a silent match; a short name within two names of the other list stays unmatched
# and the report says which.
SHORT_NAME_MIN_CHARS = 2
_SHORT_PLACE = re.compile(r"^(?:山东省|山东|威海市|威海|市)+")
_SHORT_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团有限公司|集团公司|公司|集团)$")
_SHORT_BRACKETS = re.compile(r"[()\[\]{}【】〔〕〖〗]")


def short_core(name: str) -> str:
    """A name without white space, brackets, place (山东, 威海, 市) and company form (有限公司, 股份有限公司…)."""
    text = _SHORT_BRACKETS.sub("", re.sub(r"\s+", "", nfkc(name or "")).lower())
    return _SHORT_FORM.sub("", _SHORT_PLACE.sub("", text))


@dataclass
class NameMatch:
    """Two lists of enterprise names compared: the names of each side the other lacks, the pairs matched as
    one enterprise by a short name (left, right), and the names matching several names of the other list."""

    only_left: set[str]
    only_right: set[str]
    alike: list[tuple[str, str]]
    ambiguous: list[tuple[str, list[str]]]

    def alike_text(self, left: str, right: str) -> str:
        """“威海华盛精密”（公示名单）与“威海华盛精密机械有限公司”（决议名单）…, or "" without such a pair."""
        return "、".join(f"{left}“{a}”与{right}“{b}”" for a, b in self.alike)

    def ambiguous_text(self) -> str:
        return "；".join(f"“{name}”可指{'或'.join(f'“{o}”' for o in others)}，未按同一企业认定" for name, others in self.ambiguous)


def match_names(left: set[str], right: set[str], key) -> NameMatch:
    """Compare two name lists: first by ``key`` (the same name written with other brackets or company form),
    then the names left over by short name (see SHORT_NAME_MIN_CHARS)."""
    left_keys = {key(n): n for n in left}
    right_keys = {key(n): n for n in right}
    only_left = {k: n for k, n in left_keys.items() if k not in right_keys}
    only_right = {k: n for k, n in right_keys.items() if k not in left_keys}
    alike, ambiguous = [], []

    def within(a: str, b: str) -> bool:
        ca, cb = short_core(a), short_core(b)
        short, long = sorted((ca, cb), key=len)
        return len(short) >= SHORT_NAME_MIN_CHARS and short in long

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
