"""kb/model/calendar.py and kb/model/deadline_calc.py on a small hand-made calendar (no real data)."""
from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest

from kb.checks.calendar import next_year
from kb.model.calendar import (Calendar, CalendarGap, CountingRules, DayOff, HolidayYear, MovedWorkingDay,
                               add_days, add_working_days)
from kb.model.context import Context
from kb.render.jsondata import json_script

D = datetime.date
# 2030: a made-up notice: 1–7 October off, Sunday 29 September and Saturday 12 October working.
CAL = Calendar.of([
    HolidayYear(2030, "通知2030", days_off=(DayOff("国庆节", D(2030, 10, 1), D(2030, 10, 7)),),
                working_days=(MovedWorkingDay(D(2030, 9, 29), "国庆节"), MovedWorkingDay(D(2030, 10, 12), "国庆节"))),
    HolidayYear(2031, "通知2031", days_off=(DayOff("元旦", D(2030, 12, 30), D(2031, 1, 1)),)),
])
COUNTY = CountingRules(first_day_counts=False, holiday_end_moves=True, label="本县")


def test_working_days_follow_the_notice():
    assert CAL.is_working_day(D(2030, 9, 29))        # a Sunday made a working day
    assert not CAL.is_working_day(D(2030, 10, 2))    # a Wednesday off
    assert not CAL.is_working_day(D(2030, 12, 30))   # set by the next year's notice
    assert CAL.is_working_day(D(2030, 10, 8))


def test_day_limit_moves_off_a_holiday_only_when_the_county_says_so():
    count = add_days(CAL, D(2030, 9, 20), 15, COUNTY)          # 5 October, inside the holiday
    assert (count.end, count.unmoved, count.moved_over) == (D(2030, 10, 8), D(2030, 10, 5), "国庆节")
    assert add_days(CAL, D(2030, 9, 20), 15, CountingRules(holiday_end_moves=False)).end == D(2030, 10, 5)
    assert add_days(CAL, D(2030, 9, 20), 15, CountingRules(first_day_counts=True)).end == D(2030, 10, 8)
    assert add_days(CAL, D(2030, 3, 1), 30, COUNTY).end == D(2030, 4, 1)  # 31 March is a Sunday


def test_working_day_limit_skips_the_holiday_and_counts_the_moved_sunday():
    assert add_working_days(CAL, D(2030, 9, 26), 5, COUNTY).end == D(2030, 10, 9)   # 27, 29, 30 Sep, 8, 9 Oct
    assert add_working_days(CAL, D(2030, 9, 26), 1, CountingRules(first_day_counts=True)).end == D(2030, 9, 26)
    assert add_working_days(CAL, D(2030, 9, 28), 2, CountingRules(first_day_counts=True)).end == D(2030, 9, 30)


def test_counting_into_a_year_without_a_notice_is_refused_with_the_year_and_the_file():
    with pytest.raises(CalendarGap) as err:
        add_days(CAL, D(2031, 12, 1), 30, COUNTY)   # 31 December 2031 needs the 2032 notice
    assert err.value.year == 2032
    assert "2032" in str(err.value) and "data/holidays.yml" in str(err.value)
    with pytest.raises(CalendarGap):
        add_working_days(CAL, D(2029, 12, 28), 5, COUNTY)
    # without moving the end, a day limit needs no calendar at all
    assert add_days(CAL, D(2031, 12, 1), 30, CountingRules(holiday_end_moves=False)).end == D(2031, 12, 31)


def _ctx(today, years=(2030, 2031)):
    data = SimpleNamespace(calendar=SimpleNamespace(years={y: None for y in years}))
    return Context(data=data, pages=[], sources={}, today=today)


def test_next_year_warning_starts_on_1_november():
    assert list(next_year(_ctx(D(2031, 10, 31)))) == []
    found = list(next_year(_ctx(D(2031, 11, 1))))
    assert len(found) == 1 and "2032" in found[0].message and "data/holidays.yml" == found[0].path
    assert "2030" in list(next_year(_ctx(D(2030, 3, 1), years=(2029,))))[0].message


def test_json_script_cannot_end_the_script_element():
    value = {"t": "</script><script>alert(1)</script> & \u2028"}
    out = json_script("x", value)
    body = out[out.index(">") + 1:out.rindex("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == value
