"""What every round fact function shares: the case, its stages, and small judgement helpers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from checker.audit.record import RoundRecord, Step
from checker.core.text import nfkc

_SPLIT = re.compile(r"[、,，;；/\s]+")
# Several stages or rows give one state per rule: the worst decides (first in this order).
_ORDER_WORST = ("late", "absent", "before", "early", "objection_open", "mismatch", "incomplete", "differ", "short",
                "reversed", "no_meeting", "no_recognition", "undated", "unreadable", "calendar_unknown",
                "objections_unknown", "blank", "no_column", "no_lists", "ok", "counted")


@dataclass
class RoundContext:
    """Inputs beyond the record: ledger and pool for the draw rules."""

    ledger: Any = None  # path to LEDGER.db or None
    pool: Any = None  # checker.draw.pool.Pool or None


@dataclass
class RoundCase:
    """One round record as the fact functions see it: the record and its workflow's profile."""

    record: RoundRecord
    profile: dict
    step_keys: dict[str, str]  # step name -> fact key (rules/steps.yaml)
    context: RoundContext = field(default_factory=RoundContext)

    @property
    def stages(self) -> list[int]:
        return list(self.profile.get("stages") or [1])


def worst(states: list[str]) -> str:
    return min(states, key=lambda s: _ORDER_WORST.index(s) if s in _ORDER_WORST else 0)


def day_text(day: dt.date | None) -> str:
    return day.isoformat() if day else "（无日期）"


def stage_of(step_stage: int | None, stages: list[int]) -> int:
    return step_stage if step_stage in stages else stages[0] if step_stage is None else step_stage


def by_stage(steps: list[Step], stages: list[int]) -> dict[int, list[Step]]:
    grouped: dict[int, list[Step]] = {s: [] for s in stages}
    for step in steps:
        grouped.setdefault(stage_of(step.stage, stages), []).append(step)
    return grouped


def stage_label(stage: int, stages: list[int]) -> str:
    return f"第{stage}阶段" if len(stages) > 1 else ""


def meeting_date(meetings: dict[int, list[Step]], stage: int) -> tuple[dt.date | None, str]:
    rows = meetings.get(stage) or []
    if not rows:
        return None, "no_meeting"
    dated = sorted(s.date for s in rows if s.date)
    return (dated[0], "ok") if dated else (None, "undated")


def split_list(text: str) -> set[str]:
    """A list written in one cell (、 , ; / or spaces between items)."""
    return {part for part in (nfkc(p) for p in _SPLIT.split(text or "")) if part}
