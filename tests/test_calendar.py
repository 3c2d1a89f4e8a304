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
