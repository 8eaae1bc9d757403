"""Review dates of pages and playbooks: past the next review date is reported, not failed
(time passing is no fault in the sources)."""
from __future__ import annotations

from dataclasses import dataclass
import datetime

from kb.model.findings import Finding
from kb.model.review import review_due
from kb.checks.registry import rule
from kb.model.context import Context


@dataclass(frozen=True)
class ReviewItem:
    due: datetime.date
    owner: str
    title: str
    source: str      # file to update: docs/x.md or data/playbooks/x.yml
    src: str         # page path relative to docs/


def review_items(ctx: Context) -> list[ReviewItem]:
    """Every published page and playbook with its next review date, soonest first."""
    items = []
    for p in ctx.pages:
        due = p.review_due
        if due and not p.is_draft:
            items.append(ReviewItem(due, str(p.meta.get("owner", "")), str(p.meta.get("title", p.src)), p.shown, p.src))
    for pb in ctx.data.playbooks.values():
        due = review_due(pb.reviewed, pb.review_interval_months)
        if due and not pb.draft:
            items.append(ReviewItem(due, pb.owner, pb.title, pb.source, pb.src))
    return sorted(items, key=lambda i: (i.due, i.source))


@rule("review.due", "页面和案例过了下次复审日期（只提醒，不算构建失败）", severity="warning")
def due(ctx: Context):
    for item in review_items(ctx):
        if item.due <= ctx.today:
            yield Finding(item.source, None, "review",
                          f"应在 {item.due} 前复审（负责单位 {item.owner}）；复审后更新 reviewed 日期。")
