"""data/holidays.yml against the chinese-calendar package (a test dependency), for every year the
package covers; the case table of the calculator has what it promises."""
from __future__ import annotations

import datetime

import chinese_calendar
import pytest
from chinese_calendar import constants

from conftest import ROOT
from deadline_cases import case_table
from kb.load.project import project_for
from kb.settings import Settings

PACKAGE_YEARS = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})


@pytest.fixture(scope="module")
def data():
    return project_for(Settings(root=ROOT)).data


def test_every_year_of_the_package_is_in_the_data(data):
    assert PACKAGE_YEARS[0] <= 2004 and PACKAGE_YEARS[-1] >= 2026
    missing = [y for y in PACKAGE_YEARS if y not in data.calendar.years]
    assert not missing, f"data/holidays.yml lacks {missing}"
    assert all("通知" in y.notice and str(y.year) in y.notice for y in data.calendar.years.values())


@pytest.mark.parametrize("year", PACKAGE_YEARS)
def test_each_day_of_the_year_matches_the_package(data, year):
    cal = data.calendar
    day, wrong = datetime.date(year, 1, 1), []
    while day.year == year:
        if cal.missing_year(day) is None:
            if cal.is_working_day(day) != chinese_calendar.is_workday(day):
                wrong.append(day.isoformat())
        elif year < PACKAGE_YEARS[-1]:
            wrong.append(f"{day} unknown")
        day += datetime.timedelta(days=1)
    assert not wrong, f"{year}: data/holidays.yml and chinese-calendar differ on {wrong[:10]}"


def test_days_off_and_moved_working_days_are_exactly_the_packages(data):
    cal = data.calendar
    assert set(cal.off) == set(constants.holidays)
    assert set(cal.work) == set(constants.workdays)


def test_the_case_table_covers_what_it_promises(data):
    cases = case_table(data)
    assert len(cases) >= 200
    assert {c["event"] for c in cases} == set(data.events)
    dates = {datetime.date.fromisoformat(c["date"]) for c in cases}
    assert any(d.month == 2 and d.day == 29 for d in dates)
    assert any(d.month == 12 and d.day == 31 for d in dates)
    assert any(d in data.calendar.work for d in dates)              # 调休上班日
    assert any(r["error"] for c in cases for r in c["results"])     # refusals into 2027 are compared too
    moved = [r for c in cases for r in c["results"] if r["end"]]
    assert len({r["end"] for r in moved}) > 150
