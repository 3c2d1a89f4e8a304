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
                "objections_unknown", "blank", "no_column", "no_lists", "ok", "counted")


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
# One office under its other nameplate: "政工科（挂人才工作科牌子）" (001:892, 130).
_ALIASES = {"政工": ("人才工作科",)}


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

