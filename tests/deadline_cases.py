"""The case table of the deadline calculator, generated from the Python side (kb/model/calendar.py):
every event × start dates across year ends, 春节, 国庆, 调休 Saturdays, leap years and month ends,
under the county's rules and under the three other settings of data/counting.yml. The browser
test runs the page's JavaScript on every case and requires the same dates (and the same refusals)."""
from __future__ import annotations

import dataclasses
import datetime
from itertools import product

from kb.model.deadline_calc import due_dates

D = datetime.date


def start_dates(data) -> list[datetime.date]:
    """Dates where counting is easy to get wrong."""
    cal = data.calendar
    out: set[datetime.date] = set()
    for year in (2007, 2011, 2015, 2018, 2019, 2020, 2023, 2024, 2025, 2026):
        out |= {D(year - 1, 12, 20), D(year - 1, 12, 31), D(year, 1, 1), D(year, 1, 2)}
    for y in (2012, 2016, 2020, 2024):            # leap years: the day before, on and after 29 February
        out |= {D(y, 1, 30), D(y, 2, 14), D(y, 2, 28), D(y, 2, 29), D(y, 3, 1)}
    out |= {D(2025, 1, 31), D(2025, 4, 30), D(2025, 6, 30), D(2025, 8, 31), D(2026, 3, 31), D(2026, 11, 30)}
    for year in (2019, 2021, 2024, 2025, 2026):   # 春节 and 国庆: the eve, the first day, the last day
        y = cal.years[year]
        for off in y.days_off:
            if off.name in ("春节", "国庆节", "中秋节"):
                out |= {off.start - datetime.timedelta(days=1), off.start, off.end}
        out |= {w.day for w in y.working_days}     # 调休上班的周六、周日
    out |= {D(2026, 12, 1), D(2026, 12, 10)}       # into 2027, which data/holidays.yml does not have yet
    return sorted(out)


RULE_SETTINGS = [(False, True), (True, True), (False, False), (True, False)]  # (first day counts, end moves)


def case_table(data) -> list[dict]:
    """[{event, date, first_day_counts, holiday_end_moves, results: [{key, end, error}]}]."""
    dates = start_dates(data)
    cases = []
    for (counts, moves), event, day in product(RULE_SETTINGS, data.events, dates):
        if (counts, moves) != RULE_SETTINGS[0] and day.day % 3:  # other settings: a third of the dates
            continue
        rules = dataclasses.replace(data.counting, first_day_counts=counts, holiday_end_moves=moves)
        variant = dataclasses.replace(data, counting=rules)
        results = [{"key": r.key, "end": r.end.isoformat() if r.end else None, "error": r.error}
                   for r in due_dates(variant, event, day)]
        cases.append({"event": event, "date": day.isoformat(), "first_day_counts": counts,
                      "holiday_end_moves": moves, "results": results})
    return cases
