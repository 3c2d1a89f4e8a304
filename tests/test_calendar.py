"""Working days and the 三重一大 day counts (issue 4 examples, draw-calendar-ecosystem.md §B)."""

import datetime as dt

import pytest

from checker.core.calendar import (CALENDAR, WORKING, CalendarUnknown, disclosure_calendar_days, disclosure_working_days,
                              is_workday, mid_report_in_time, mid_report_latest, nth_working_day_before,
                              post_filing_deadline, post_filing_in_time)

D = dt.date


def test_tiaoxiu_saturday_is_a_workday_and_national_day_is_not():
    assert is_workday(D(2020, 10, 10))  # 调休 Saturday
    assert not is_workday(D(2020, 10, 5))


def test_third_working_day_before_2020_04_24_is_2020_04_21():
    assert nth_working_day_before(D(2020, 4, 24), 3) == D(2020, 4, 21)
    assert mid_report_latest(D(2020, 4, 24), 3, WORKING) == D(2020, 4, 21)


@pytest.mark.parametrize("reading", [CALENDAR, WORKING])
def test_mid_report_2020_04_21_for_meeting_2020_04_24_passes_both_readings(reading):
    assert mid_report_in_time(D(2020, 4, 21), D(2020, 4, 24), 3, reading)
    assert not mid_report_in_time(D(2020, 4, 22), D(2020, 4, 24), 3, reading)


def test_readings_differ_across_a_weekend():
    # Tuesday meeting: the Friday report is 4 calendar days before, but only the 2nd working day before
    assert mid_report_in_time(D(2020, 4, 17), D(2020, 4, 21), 3, CALENDAR)
    assert not mid_report_in_time(D(2020, 4, 17), D(2020, 4, 21), 3, WORKING)


def test_post_deadline_calendar_rolls_to_next_working_day():
    assert post_filing_deadline(D(2020, 4, 24), 3, CALENDAR) == D(2020, 4, 27)
    # 2020-09-29 + 3 = 10-02 (National Day) → first working day after the holiday, 10-09 (民法典 第203条)
    assert post_filing_deadline(D(2020, 9, 29), 3, CALENDAR) == D(2020, 10, 9)
    assert post_filing_deadline(D(2020, 9, 29), 3, WORKING) == D(2020, 10, 10)  # 9-30, 10-09, 10-10 (调休)
    assert post_filing_in_time(D(2020, 10, 9), D(2020, 9, 29), 3, CALENDAR)
    assert not post_filing_in_time(D(2020, 10, 10), D(2020, 9, 29), 3, CALENDAR)
    assert post_filing_in_time(D(2020, 10, 10), D(2020, 9, 29), 3, WORKING)


def test_disclosure_working_days_both_ends_counted():
    assert disclosure_working_days(D(2020, 9, 29), D(2020, 10, 9)) == 3
    assert disclosure_working_days(D(2020, 5, 11), D(2020, 5, 15)) == 5
    assert disclosure_calendar_days(D(2020, 9, 29), D(2020, 10, 9)) == 11


def test_year_without_holiday_data_raises_calendar_unknown_never_guesses():
    with pytest.raises(CalendarUnknown, match="2030"):
        disclosure_working_days(D(2030, 5, 13), D(2030, 5, 17))
    with pytest.raises(CalendarUnknown):
        mid_report_in_time(D(2030, 4, 1), D(2030, 4, 4), 3, WORKING)
    # the calendar reading of 会前三天 needs no holiday data; a filing within meeting + 3 needs none either
    assert mid_report_in_time(D(2030, 4, 1), D(2030, 4, 4), 3, CALENDAR)
    assert post_filing_in_time(D(2030, 4, 6), D(2030, 4, 4), 3, CALENDAR)


# --- a holidays file replaces a whole year ---------------------------------------------------------

from checker.core.calendar import LIBRARY, HolidayCalendar, library_years, load_holidays  # noqa: E402


def _holidays(tmp_path, text: str):
    path = tmp_path / "h.yaml"
    path.write_text(text, encoding="utf-8")
    return load_holidays(path)


def test_a_year_in_the_file_replaces_the_library_year(tmp_path):
    calendar = _holidays(tmp_path, "年份: 2020\n文号: 测试\n放假: ['2020-06-01']\n调休上班: ['2020-06-06']\n")
    assert not calendar.is_workday(D(2020, 6, 1))  # a Monday, a holiday by the file
    assert calendar.is_workday(D(2020, 6, 6))  # a Saturday worked by the file
    assert calendar.is_workday(D(2020, 10, 5))  # National Day is not in the file: the whole year is the file's
    assert not calendar.is_workday(D(2020, 6, 7))  # a Sunday
    assert calendar.is_workday(D(2021, 10, 7)) is False  # another year: the library (国庆 2021)
    assert [s["source"] for s in calendar.sources_used()] == ["file", "library"]


def test_several_years_in_one_file_and_ranges(tmp_path):
    calendar = _holidays(tmp_path, "- {年份: 2027, 文号: A, 放假: ['2027-10-01~2027-10-07']}\n- {年份: 2028, 文号: B, 放假: []}\n")
    assert working_days_inclusive(D(2027, 9, 30), D(2027, 10, 8), calendar) == 2
    assert calendar.source_of(2028)["notice"] == "B"


def test_without_the_file_a_year_the_library_lacks_is_unknown_and_says_how_to_fix_it():
    # the message goes into round and ledger reports, read by civil servants: what to supply, not the
    # command-line option (README documents --holidays; review h21)
    with pytest.raises(CalendarUnknown) as raised:
        HolidayCalendar().is_workday(D(2027, 5, 3))
    first, last = library_years()
    assert str(raised.value) == (f"节假日数据不含 2027 年（{LIBRARY} 仅覆盖 {first}–{last} 年，须另行提供该年国务院办公厅的放假安排），"
                                 "无法确定 2027-05-03 是否为工作日")


from checker.core.calendar import working_days_inclusive  # noqa: E402


def test_version_states_the_years_the_holiday_data_covers():
    from checker.core.calendar import library_years
    from tests.helpers import run_cli

    first, last = library_years()
    result = run_cli("--version")
    assert result.exit_code == 0 and f"节假日数据：chinesecalendar {chinese_calendar.__version__}，覆盖 {first}–{last} 年" in result.output


import chinese_calendar  # noqa: E402
