"""Working days and the day counts of the 三重一大 round procedure.

Holiday data (statutory holidays and 调休 working weekends, from the 国务院办公厅 notice of each
year) comes from the ``chinesecalendar`` package, or, for a year a holidays file gives
(``--holidays``), from that file: a year in the file replaces the package's whole year. Either way
it fails closed: a date in a year neither knows raises :class:`CalendarUnknown`, which the audit
turns into a ``missing`` finding with the year named, never a guess (draw-calendar-ecosystem.md
§B.2). Counting is built on ``is_workday`` only; the package's ``find_workday`` / ``get_workdays``
traps are avoided. A :class:`HolidayCalendar` remembers the years it was asked about, so a report
can state the source of every year it used.

Readings (draw-calendar-ecosystem.md §B.4, seed-rules.md AMB-02…05):

- 会前三天, calendar reading: ``meeting − report ≥ 3`` calendar days (民法典 第201条: the report day
  is not counted).
- 会前三天, working-day reading: the report is on or before the 3rd working day before the meeting,
  counting back with the last working day before the meeting as 1 (meeting 2020-04-24 → 2020-04-21).
- 会后三天, calendar reading: deadline = meeting + 3 calendar days (meeting day not counted, 第201条),
  moved to the next working day when it falls on a rest day (第203条).
- 会后三天, working-day reading: deadline = the 3rd working day after the meeting.
- 公示: working days from start to end, both counted.

Holidays file (contract: Holidays file): YAML ``{年份, 文号, 放假: [日期 or 起~止], 调休上班: [日期]}``
(one such mapping, or a list of them), or a workbook / CSV with a sheet 节假日 (年份, 日期, 类型
放假/上班, 文号). A year given twice, a date both a holiday and a working day, a date outside its
year or an unreadable date is an :class:`InputError` (exit 2): a wrong calendar must never decide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import chinese_calendar

from checker.core.text import nfkc
from checker.core.values import Unreadable, parse_date
from checker.errors import InputError
from checker.io.table import aliases, load_structured, open_sheets, open_table

CALENDAR = "calendar"
WORKING = "working"
READINGS = (CALENDAR, WORKING)
READING_ZH = {CALENDAR: "自然日口径", WORKING: "工作日口径"}
LIBRARY = f"chinesecalendar {chinese_calendar.__version__}"

_MAX_SCAN = 400  # no run of rest days is this long; a bound so a bad input cannot loop


@lru_cache(maxsize=1)
def library_years() -> tuple[int, int]:
    """First and last year the installed chinesecalendar has holiday data for."""
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    return years[0], years[-1]


def supported_years() -> tuple[int, int]:  # kept for callers of the earlier name
    return library_years()


def version_text() -> str:
    """What ``fundcheck --version`` says about the holiday data."""
    first, last = library_years()
    return f"节假日数据：{LIBRARY}，覆盖 {first}–{last} 年（其他年份用 --holidays 文件提供）"


class CalendarUnknown(Exception):
    """Neither the holidays file nor the package has data for the year of ``day``."""

    def __init__(self, day: dt.date):
        self.day = day
        self.year = day.year
        first, last = library_years()
        super().__init__(
            f"节假日数据不含 {day.year} 年（{LIBRARY} 仅覆盖 {first}–{last} 年，须另行提供该年国务院办公厅的放假安排），"
            f"无法确定 {day.isoformat()} 是否为工作日"
        )


@dataclass(frozen=True)
class HolidayYear:
    """One year of a holidays file: the 国务院办公厅 notice's 放假 days and 调休 working days."""

    year: int
    notice: str  # 文号
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str  # the file's name

    def is_workday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() < 5


@dataclass
class HolidayCalendar:
    """Working days from a holidays file where it has the year, else from chinesecalendar.

    ``used`` collects the years asked about since the last :meth:`start` (one round's audit)."""

    years: dict[int, HolidayYear] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    _cache: dict[dt.date, bool] = field(default_factory=dict, repr=False)

    def start(self) -> None:
        self.used = set()

    def is_workday(self, day: dt.date) -> bool:
        """True on a working day (调休 Saturdays included, statutory holidays excluded)."""
        self.used.add(day.year)
        known = self._cache.get(day)
        if known is not None:
            return known
        given = self.years.get(day.year)
        if given is not None:
            value = given.is_workday(day)
        else:
            try:
                value = bool(chinese_calendar.is_workday(day))
            except NotImplementedError as error:
                raise CalendarUnknown(day) from error
        self._cache[day] = value
        return value

    def source_of(self, year: int) -> dict:
        """Where the holiday data of ``year`` comes from (for the report)."""
        given = self.years.get(year)
        if given is not None:
            return {"year": year, "source": "file", "file": given.source, "notice": given.notice,
                    "text": f"{year} 年：节假日文件 {given.source}（{given.notice}）"}
        first, last = library_years()
        if first <= year <= last:
            return {"year": year, "source": "library", "library": LIBRARY,
                    "text": f"{year} 年：{LIBRARY}（国务院办公厅当年放假安排通知）"}
        return {"year": year, "source": "none", "text": f"{year} 年：无节假日数据，涉及工作日的规则判为待补充"}

    def sources_used(self) -> list[dict]:
        return [self.source_of(year) for year in sorted(self.used)]


DEFAULT = HolidayCalendar()


def _cal(calendar: HolidayCalendar | None) -> HolidayCalendar:
    return DEFAULT if calendar is None else calendar


def is_workday(day: dt.date, calendar: HolidayCalendar | None = None) -> bool:
    return _cal(calendar).is_workday(day)


def working_days_inclusive(start: dt.date, end: dt.date, calendar: HolidayCalendar | None = None) -> int:
    """Working days from ``start`` to ``end``, both counted (0 when end < start)."""
    cal = _cal(calendar)
    count = 0
    day = start
    while day <= end:
        if cal.is_workday(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def nth_working_day_before(day: dt.date, n: int, calendar: HolidayCalendar | None = None) -> dt.date:
    """Counting back from ``day`` (not counted): the last working day before it is 1."""
    cal = _cal(calendar)
    seen = 0
    current = day
    for _ in range(_MAX_SCAN):
        current -= dt.timedelta(days=1)
        if cal.is_workday(current):
            seen += 1
            if seen == n:
                return current
    raise CalendarUnknown(current)  # pragma: no cover - unreachable with real data


def nth_working_day_after(day: dt.date, n: int, calendar: HolidayCalendar | None = None) -> dt.date:
    """Counting forward from ``day`` (not counted): the first working day after it is 1."""
    cal = _cal(calendar)
    seen = 0
    current = day
    for _ in range(_MAX_SCAN):
        current += dt.timedelta(days=1)
        if cal.is_workday(current):
            seen += 1
            if seen == n:
                return current
    raise CalendarUnknown(current)  # pragma: no cover


def next_working_day_on_or_after(day: dt.date, calendar: HolidayCalendar | None = None) -> dt.date:
    cal = _cal(calendar)
    current = day
    for _ in range(_MAX_SCAN):
        if cal.is_workday(current):
            return current
        current += dt.timedelta(days=1)
    raise CalendarUnknown(current)  # pragma: no cover


# --- 会前三天 -------------------------------------------------------------------------------------


def mid_report_latest(meeting: dt.date, lead_days: int, reading: str, calendar: HolidayCalendar | None = None) -> dt.date:
    """The latest date a 事中 report may carry for a meeting on ``meeting``."""
    if reading == CALENDAR:
        return meeting - dt.timedelta(days=lead_days)
    return nth_working_day_before(meeting, lead_days, calendar)


def mid_report_in_time(report: dt.date, meeting: dt.date, lead_days: int, reading: str,
                       calendar: HolidayCalendar | None = None) -> bool:
    """会前三天: calendar reading ``meeting − report ≥ lead``; working reading: on or before the
    ``lead``-th working day before the meeting. May raise CalendarUnknown (working reading only)."""
    if reading == CALENDAR:
        return (meeting - report).days >= lead_days
    if report >= meeting:
        return False
    return report <= nth_working_day_before(meeting, lead_days, calendar)


# --- 会后三天 -------------------------------------------------------------------------------------


def post_filing_deadline(meeting: dt.date, days: int, reading: str, calendar: HolidayCalendar | None = None) -> dt.date:
    """会后三天 deadline. Calendar: meeting + days (meeting day not counted, 民法典 第201条), moved to
    the next working day when that is a rest day (第203条). Working: the days-th working day after."""
    if reading == CALENDAR:
        return next_working_day_on_or_after(meeting + dt.timedelta(days=days), calendar)
    return nth_working_day_after(meeting, days, calendar)


def post_filing_in_time(filed: dt.date, meeting: dt.date, days: int, reading: str,
                        calendar: HolidayCalendar | None = None) -> bool:
    """Filed on or before the deadline. The holiday calendar is consulted only when the answer
    depends on it (a filing within meeting + days calendar days passes under either reading without it)."""
    if filed <= meeting + dt.timedelta(days=days):
        return True
    return filed <= post_filing_deadline(meeting, days, reading, calendar)


# --- 公示 -----------------------------------------------------------------------------------------


def disclosure_working_days(start: dt.date, end: dt.date, calendar: HolidayCalendar | None = None) -> int:
    """公示 length in working days, start and end both counted."""
    return working_days_inclusive(start, end, calendar)


def disclosure_calendar_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1 if end >= start else 0


# --- the holidays file ----------------------------------------------------------------------------

HOLIDAY_SHEET = "节假日"
_KIND_HOLIDAY = ("放假", "休", "假", "holiday")
_KIND_WORKDAY = ("上班", "调休上班", "班", "workday")


def load_holidays(path: str | Path) -> HolidayCalendar:
    """A calendar whose years from the file replace the package's (InputError on any doubt)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"节假日文件「{path}」不存在。")
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        years = _years_from_mapping(path)
    else:
        years = _years_from_table(path)
    if not years:
        raise InputError(f"节假日文件「{path.name}」没有给出任何年份的放假安排。")
    return HolidayCalendar(years=years)


def _date(value: object, where: str, path: Path) -> dt.date:
    try:
        return parse_date(value)
    except Unreadable as error:
        raise InputError(f"节假日文件「{path.name}」{where}的“{value}”不是日期（{error.expected}）。") from error


def _dates(value: object, where: str, path: Path) -> list[dt.date]:
    """A date, or a range written 起~止 (also 至, ～, －)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return [_date(value, where, path)]
    text = nfkc(str(value or ""))
    for separator in ("~", "至", "—", "－"):
        if separator in text:
            first, _, last = text.partition(separator)
            start, end = _date(first.strip(), where, path), _date(last.strip(), where, path)
            if end < start:
                raise InputError(f"节假日文件「{path.name}」{where}的区间“{value}”结束早于开始。")
            return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return [_date(text, where, path)]


def _year(value: object, where: str, path: Path) -> int:
    text = nfkc(str(value or "")).removesuffix("年")
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise InputError(f"节假日文件「{path.name}」{where}的年份“{value}”无法识别。")
    return int(text)


def _build_year(year: int, notice: str, holidays: list[dt.date], workdays: list[dt.date], path: Path) -> HolidayYear:
    for day in (*holidays, *workdays):
        if day.year != year:
            raise InputError(f"节假日文件「{path.name}」：{day.isoformat()} 不在所列年份 {year} 年内。")
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise InputError(f"节假日文件「{path.name}」：{'、'.join(d.isoformat() for d in both)} 既列为放假又列为上班。")
    return HolidayYear(year, notice, frozenset(holidays), frozenset(workdays), path.name)


def _years_from_mapping(path: Path) -> dict[int, HolidayYear]:
    data = load_structured(path, what="节假日文件")
    items = data if isinstance(data, list) else [data]
    years: dict[int, HolidayYear] = {}
    for number, item in enumerate(items, start=1):
        where = f"第 {number} 项"
        if not isinstance(item, dict):
            raise InputError(f"节假日文件「{path.name}」{where}应为 {{年份, 文号, 放假, 调休上班}}。")
        unknown = set(map(str, item)) - {"年份", "文号", "放假", "调休上班"}
        if unknown:
            raise InputError(f"节假日文件「{path.name}」{where}有无法识别的键：{'、'.join(sorted(unknown))}。")
        year = _year(item.get("年份"), where, path)
        if year in years:
            raise InputError(f"节假日文件「{path.name}」重复给出 {year} 年。")
        holidays = [d for value in item.get("放假") or [] for d in _dates(value, f"{where}（{year} 年放假）", path)]
        workdays = [d for value in item.get("调休上班") or [] for d in _dates(value, f"{where}（{year} 年调休上班）", path)]
        years[year] = _build_year(year, nfkc(str(item.get("文号") or "")) or "未注明文号", holidays, workdays, path)
    return years


def _years_from_table(path: Path) -> dict[int, HolidayYear]:
    known = aliases({"year": ["年份"], "date": ["日期"], "kind": ["类型"], "notice": ["文号"]})
    if path.suffix.lower() == ".csv":
        table = open_table(path, known, what="节假日文件", header_rows=5)
    else:
        tables, _ = open_sheets(path, {HOLIDAY_SHEET: known}, what="节假日文件")
        if HOLIDAY_SHEET not in tables:
            raise InputError(f"节假日文件「{path.name}」没有“{HOLIDAY_SHEET}”工作表。")
        table = tables[HOLIDAY_SHEET]
    for column, label in (("year", "年份"), ("date", "日期"), ("kind", "类型")):
        if column not in table.fields_found:
            raise InputError(f"节假日文件「{path.name}」缺少“{label}”列。")
    rows: dict[int, dict] = {}
    for row in table.rows():
        if all(not row.text(name) for name in ("year", "date", "kind")):
            continue
        where = f"第 {row.number} 行"
        year = _year(row.text("year"), where, path)
        entry = rows.setdefault(year, {"notice": row.text("notice"), "holidays": [], "workdays": []})
        notice = row.text("notice")
        if notice and entry["notice"] and notice != entry["notice"]:
            raise InputError(f"节假日文件「{path.name}」重复给出 {year} 年（文号“{entry['notice']}”与“{notice}”）。")
        entry["notice"] = entry["notice"] or notice
        kind = row.text("kind")
        days = _dates(row.value("date"), where, path)
        if kind in _KIND_HOLIDAY:
            entry["holidays"].extend(days)
        elif kind in _KIND_WORKDAY:
            entry["workdays"].extend(days)
        else:
            raise InputError(f"节假日文件「{path.name}」{where}的类型“{kind}”应为“放假”或“上班”。")
    return {year: _build_year(year, entry["notice"] or "未注明文号", entry["holidays"], entry["workdays"], path)
            for year, entry in rows.items()}
