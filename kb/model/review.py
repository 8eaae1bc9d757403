"""Review dates: when a page or a playbook is next due for review."""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Change:
    """One entry of a page's or playbook's `changes:` list."""
    date: str        # YYYY-MM-DD
    what: str


def changes_of(raw: object) -> tuple[Change, ...]:
    """`changes:` entries ({date, what}, as the schemas require), newest first; anything else is
    skipped rather than guessed at (the schema check reports it with its line)."""
    out = []
    for c in raw or ():
        if isinstance(c, Change):
            out.append(c)
        elif isinstance(c, dict) and c.get("date") and c.get("what"):
            out.append(Change(str(c["date"]), str(c["what"])))
    return tuple(sorted(out, key=lambda c: c.date, reverse=True))
