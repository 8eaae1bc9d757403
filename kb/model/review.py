"""Review dates: when a page or a playbook is next due for review."""
from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of the month, months later; the last day of the month when that day does not
    exist: 2026-05-31 + 12 → 2027-05-31, 2026-01-31 + 1 → 2026-02-28, 2024-01-31 + 1 → 2024-02-29."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def review_due(reviewed: object, months: object) -> datetime.date | None:
    """Next review date from an ISO date and an interval in months; None when either is missing or bad."""
    try:
        return add_months(datetime.date.fromisoformat(str(reviewed)), int(months))
    except (TypeError, ValueError):
        return None
