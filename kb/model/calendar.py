"""The official holiday calendar and the counting of limits (pure, stdlib only).

One specification with two implementations: docs/assets/javascripts/deadline-calculator.js does
exactly the same in the browser, and tests/e2e compare both on a few hundred cases. Change the
rules here and there together.

- A day is a working day when it is Monday–Friday and not a day off of a notice, or when a notice
  makes it a working day (调休上班).
- A date of year Y is known when data/holidays.yml has year Y; from 25 December on the next
  year's notice is needed too, because a notice can move the last days of the previous December
  (the 2019 notice made 2018-12-29 a working day). Counting into an unknown date is refused.
- Counting rules (data/counting.yml, set by the county because the regulation is silent): the
  first day counts or not; a day-limit whose last day is not a working day moves to the next
  working day or not. A working-day limit always ends on a working day.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)
HOLIDAY_FILE = "data/holidays.yml"
# From this day of December on, the next year's notice may still change the calendar.
NEXT_YEAR_REACHES_BACK = (12, 25)


@dataclass(frozen=True)
class DayOff:
    name: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class MovedWorkingDay:
    day: datetime.date
    name: str


@dataclass(frozen=True)
class HolidayYear:
    year: int
    notice: str
    days_off: tuple[DayOff, ...] = ()
    working_days: tuple[MovedWorkingDay, ...] = ()
    other_notices: tuple[str, ...] = ()


class CalendarGap(ValueError):
    """Counting needs a year that data/holidays.yml does not have."""

    def __init__(self, year: int, day: datetime.date):
        self.year = year
        self.day = day
        super().__init__(
            f"无法计算：期限会数到 {day.isoformat()}，但 {HOLIDAY_FILE} 里还没有 {year} 年的放假安排。"
            f"请在国务院办公厅公布《国务院办公厅关于{year}年部分节假日安排的通知》后，"
            f"照通知原文在 {HOLIDAY_FILE} 末尾添加 {year} 年（写法照抄上一年），再重新计算。")


@dataclass(frozen=True)
class Calendar:
    years: dict[int, HolidayYear]
    off: frozenset[datetime.date] = field(default=frozenset())
    work: frozenset[datetime.date] = field(default=frozenset())

    @classmethod
    def of(cls, years) -> "Calendar":
        by_year = {y.year: y for y in years}
        off, work = set(), set()
        for y in by_year.values():
            for d in y.days_off:
                day = d.start
                while day <= d.end:
                    off.add(day)
                    day += ONE_DAY
            work.update(w.day for w in y.working_days)
        return cls(dict(sorted(by_year.items())), frozenset(off), frozenset(work))

    def missing_year(self, day: datetime.date) -> int | None:
        """The year whose notice is needed to know `day`, when data/holidays.yml lacks it."""
        if day.year not in self.years:
            return day.year
        if (day.month, day.day) >= NEXT_YEAR_REACHES_BACK and day.year + 1 not in self.years:
            return day.year + 1
        return None

    def require(self, day: datetime.date) -> None:
        year = self.missing_year(day)
        if year is not None:
            raise CalendarGap(year, day)

    def is_working_day(self, day: datetime.date) -> bool:
        self.require(day)
        if day in self.work:
            return True
        return day.weekday() < 5 and day not in self.off

    def day_off_name(self, day: datetime.date) -> str:
        """休息日 / the holiday's name, for a day that is not a working day."""
        for y in (self.years.get(day.year), self.years.get(day.year + 1)):
            for d in (y.days_off if y else ()):
                if d.start <= day <= d.end:
                    return d.name
        return "周末"

    def next_working_day(self, day: datetime.date) -> datetime.date:
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


@dataclass(frozen=True)
class CountingRules:
    first_day_counts: bool = False
    holiday_end_moves: bool = True
    first_day_basis: str = ""
    holiday_end_basis: str = ""
    label: str = ""
    caveat: str = ""
    decided_by: str = ""

    @property
    def first_day_text(self) -> str:
        return "开始当日计入" if self.first_day_counts else "开始当日不计入，从次日起算"

    @property
    def holiday_end_text(self) -> str:
        return ("最后一日是休息日或法定放假日的，顺延到下一个工作日" if self.holiday_end_moves
                else "最后一日是休息日或法定放假日的，不顺延")


@dataclass(frozen=True)
class Count:
    end: datetime.date                       # the last day of the limit
    unmoved: datetime.date | None = None     # the last day before moving it off a day off
    moved_over: str = ""                     # what the unmoved day was (春节, 周末 …)


def add_days(cal: Calendar, start: datetime.date, days: int, rules: CountingRules,
             first_day_counts: bool | None = None) -> Count:
    """The last day of a limit of `days` calendar days starting at `start`."""
    counts = rules.first_day_counts if first_day_counts is None else first_day_counts
    end = start + datetime.timedelta(days=days - 1 if counts else days)
    if not rules.holiday_end_moves:
        return Count(end)
    if cal.is_working_day(end):
        return Count(end)
    return Count(cal.next_working_day(end), end, cal.day_off_name(end))


def add_working_days(cal: Calendar, start: datetime.date, days: int, rules: CountingRules,
                     first_day_counts: bool | None = None) -> Count:
    """The last day of a limit of `days` working days starting at `start`."""
    counts = rules.first_day_counts if first_day_counts is None else first_day_counts
    left = days
    day = start
    if counts and cal.is_working_day(start):
        left -= 1
        if left == 0:
            return Count(start)
    while left:
        day = cal.next_working_day(day)
        left -= 1
    return Count(day)
