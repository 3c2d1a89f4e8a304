"""Working days and the day counts of the 三重一大 round procedure.

The holiday calendar is ``chinesecalendar`` (statutory holidays and 调休 working weekends, from the
国务院办公厅 notice of each year). It fails closed: a date in a year it has no data for raises
:class:`CalendarUnknown`, which the audit turns into a ``missing`` finding with the year named, never
a guess (draw-calendar-ecosystem.md §B.2). Counting is built on ``is_workday`` only; the library's
``find_workday`` / ``get_workdays`` traps are avoided.

Readings (draw-calendar-ecosystem.md §B.4, seed-rules.md AMB-02…05):

- 会前三天, calendar reading: ``meeting − report ≥ 3`` calendar days (民法典 第201条: the report day
  is not counted).
- 会前三天, working-day reading: the report is on or before the 3rd working day before the meeting,
  counting back with the last working day before the meeting as 1 (meeting 2020-04-24 → 2020-04-21).
- 会后三天, calendar reading: deadline = meeting + 3 calendar days (meeting day not counted, 第201条),
  moved to the next working day when it falls on a rest day (第203条).
- 会后三天, working-day reading: deadline = the 3rd working day after the meeting.
- 公示: working days from start to end, both counted.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

CALENDAR = "calendar"
WORKING = "working"
READINGS = (CALENDAR, WORKING)
READING_ZH = {CALENDAR: "自然日口径", WORKING: "工作日口径"}

_MAX_SCAN = 400  # no run of rest days is this long; a bound so a bad input cannot loop


class CalendarUnknown(Exception):
    """The holiday calendar has no data for the year of ``day``."""

    def __init__(self, day: dt.date):
        self.day = day
        self.year = day.year
        first, last = supported_years()
        super().__init__(
            f"节假日数据不含 {day.year} 年（chinesecalendar {chinese_calendar.__version__} 仅覆盖 {first}–{last} 年），"
            f"无法确定 {day.isoformat()} 是否为工作日"
        )


@lru_cache(maxsize=1)
def supported_years() -> tuple[int, int]:
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    return years[0], years[-1]


@lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    """True on a working day (调休 Saturdays included, statutory holidays excluded)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as error:
        raise CalendarUnknown(day) from error


def working_days_inclusive(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both counted (0 when end < start)."""
    count = 0
    day = start
    while day <= end:
        if is_workday(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def nth_working_day_before(day: dt.date, n: int) -> dt.date:
    """Counting back from ``day`` (not counted): the last working day before it is 1."""
    seen = 0
    current = day
    for _ in range(_MAX_SCAN):
        current -= dt.timedelta(days=1)
        if is_workday(current):
            seen += 1
            if seen == n:
                return current
    raise CalendarUnknown(current)  # pragma: no cover - unreachable with real data


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    """Counting forward from ``day`` (not counted): the first working day after it is 1."""
    seen = 0
    current = day
    for _ in range(_MAX_SCAN):
        current += dt.timedelta(days=1)
        if is_workday(current):
            seen += 1
            if seen == n:
                return current
    raise CalendarUnknown(current)  # pragma: no cover


def next_working_day_on_or_after(day: dt.date) -> dt.date:
    current = day
    for _ in range(_MAX_SCAN):
        if is_workday(current):
            return current
        current += dt.timedelta(days=1)
    raise CalendarUnknown(current)  # pragma: no cover


# --- 会前三天 -------------------------------------------------------------------------------------


def mid_report_latest(meeting: dt.date, lead_days: int, reading: str) -> dt.date:
    """The latest date a 事中 report may carry for a meeting on ``meeting``."""
    if reading == CALENDAR:
        return meeting - dt.timedelta(days=lead_days)
    return nth_working_day_before(meeting, lead_days)


def mid_report_in_time(report: dt.date, meeting: dt.date, lead_days: int, reading: str) -> bool:
    """会前三天: calendar reading ``meeting − report ≥ lead``; working reading: on or before the
    ``lead``-th working day before the meeting. May raise CalendarUnknown (working reading only)."""
    if reading == CALENDAR:
        return (meeting - report).days >= lead_days
    if report >= meeting:
        return False
    return report <= nth_working_day_before(meeting, lead_days)


# --- 会后三天 -------------------------------------------------------------------------------------


def post_filing_deadline(meeting: dt.date, days: int, reading: str) -> dt.date:
    """会后三天 deadline. Calendar: meeting + days (meeting day not counted, 民法典 第201条), moved to
    the next working day when that is a rest day (第203条). Working: the days-th working day after."""
    if reading == CALENDAR:
        return next_working_day_on_or_after(meeting + dt.timedelta(days=days))
    return nth_working_day_after(meeting, days)


def post_filing_in_time(filed: dt.date, meeting: dt.date, days: int, reading: str) -> bool:
    """Filed on or before the deadline. The holiday calendar is consulted only when the answer
    depends on it (a filing within meeting + days calendar days passes under either reading without it)."""
    if filed <= meeting + dt.timedelta(days=days):
        return True
    return filed <= post_filing_deadline(meeting, days, reading)


# --- 公示 -----------------------------------------------------------------------------------------


def disclosure_working_days(start: dt.date, end: dt.date) -> int:
    """公示 length in working days, start and end both counted."""
    return working_days_inclusive(start, end)


def disclosure_calendar_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1 if end >= start else 0
