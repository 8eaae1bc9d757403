"""Review dates: the same day of the month, the month's last day when it has no such day, and
review warnings for playbooks as well as pages."""
import datetime

import pytest

from kb.checks.review import due, review_items
from kb.model.review import add_months, review_due
from kbtiny import context, page, playbook, tiny_data

D = datetime.date


@pytest.mark.parametrize("start,months,expected", [
    (D(2026, 5, 31), 12, D(2027, 5, 31)),   # a 31st stays the 31st (was clamped to the 28th)
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),    # leap year
    (D(2026, 12, 31), 2, D(2027, 2, 28)),   # across the year end
    (D(2026, 3, 30), 1, D(2026, 4, 30)),
    (D(2026, 11, 26), 12, D(2027, 11, 26)),
    (D(2026, 10, 15), 3, D(2027, 1, 15)),
    (D(2026, 8, 31), 36, D(2029, 8, 31)),
])
def test_add_months_keeps_the_day_or_takes_the_last_day_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("reviewed,months,expected", [
    ("2026-05-31", 12, D(2027, 5, 31)),
    ("2026-01-31", 1, D(2026, 2, 28)),
    ("2024-01-31", 1, D(2024, 2, 29)),
    ("2026-12-31", 2, D(2027, 2, 28)),
    ("2026-11-31", 1, None),        # no such date
    ("2026-05-31", None, None),     # no interval
    (None, 12, None),
    ("2026-05-31", "十二", None),
])
def test_review_due(reviewed, months, expected):
    assert review_due(reviewed, months) == expected


def test_page_review_due_dates_follow_the_interval():
    assert page("x.md", {"reviewed": "2026-01-31", "review_interval_months": 1}).review_due == D(2026, 2, 28)
    assert page("x.md", {"reviewed": "2026-11-26", "review_interval_months": 12}).review_due == D(2027, 11, 26)
    assert page("x.md", {"reviewed": "2026-05-31", "review_interval_months": 12}).review_due == D(2027, 5, 31)


def test_review_items_and_warnings_cover_playbooks_as_well_as_pages():
    pb = playbook("case-a", reviewed="2026-01-31", review_interval_months=1)
    draft = playbook("case-b", reviewed="2025-01-31", review_interval_months=1, draft=True)
    pages = [page("procedures/a.md", {"title": "甲", "owner": "county-petition-bureau",
                                      "reviewed": "2026-05-31", "review_interval_months": 12}),
             page("procedures/b.md", {"title": "乙", "reviewed": "2025-05-31", "review_interval_months": 12,
                                      "draft": True})]
    ctx = context(tiny_data(playbooks={pb.id: pb, draft.id: draft}), pages, today=D(2026, 3, 1))
    items = review_items(ctx)
    assert [(i.source, i.due) for i in items] == [("data/playbooks/case-a.yml", D(2026, 2, 28)),
                                                 ("docs/procedures/a.md", D(2027, 5, 31))]
    assert items[0].owner == "county-petition-bureau" and items[0].src == "playbooks/case-a.md"
    warnings = list(due(ctx))  # only what is due by today; drafts never
    assert [(w.path, w.kind) for w in warnings] == [("data/playbooks/case-a.yml", "review")]
    assert "2026-02-28" in warnings[0].message and "county-petition-bureau" in warnings[0].message
    on_the_day = context(tiny_data(playbooks={pb.id: pb}), pages, today=D(2026, 2, 28))
    assert [w.path for w in due(on_the_day)] == ["data/playbooks/case-a.yml"]
    the_day_before = context(tiny_data(playbooks={pb.id: pb}), pages, today=D(2026, 2, 27))
    assert list(due(the_day_before)) == []
