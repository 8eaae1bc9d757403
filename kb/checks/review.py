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
    reviewed: str = ""
    kind: str = "page"   # page or playbook

    @property
    def kind_label(self) -> str:
        return "案例" if self.kind == "playbook" else "页面"


def review_items(ctx: Context) -> list[ReviewItem]:
    """Every published page and playbook with its next review date, soonest first."""
    items = []
    for p in ctx.pages:
        due = p.review_due
        if due and not p.is_draft:
            items.append(ReviewItem(due, str(p.meta.get("owner", "")), str(p.meta.get("title", p.src)), p.shown, p.src,
                                    str(p.meta.get("reviewed", ""))))
    for pb in ctx.data.playbooks.values():
        due = review_due(pb.reviewed, pb.review_interval_months)
        if due and not pb.draft:
            items.append(ReviewItem(due, pb.owner, pb.title, pb.source, pb.src, pb.reviewed, "playbook"))
    return sorted(items, key=lambda i: (i.due, i.source))


def select_items(items: list[ReviewItem], today: datetime.date, owner: str | None = None,
                 due_within: int | None = None) -> list[ReviewItem]:
    """The items of one owner (unit id) and/or due on or before today + due_within days
    (overdue ones included)."""
    out = items
    if owner:
        out = [i for i in out if i.owner == owner]
    if due_within is not None:
        limit = today + datetime.timedelta(days=due_within)
        out = [i for i in out if i.due <= limit]
    return out


def by_owner(items: list[ReviewItem], owner_order: list[str]) -> list[tuple[str, list[ReviewItem]]]:
    """(owner id, items soonest first) in the order of data/units.yml; unknown owners last."""
    groups: dict[str, list[ReviewItem]] = {}
    for i in sorted(items, key=lambda i: (i.due, i.source)):
        groups.setdefault(i.owner, []).append(i)
    rank = {u: n for n, u in enumerate(owner_order)}
    return sorted(groups.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


@rule("review.due", "页面和案例过了下次复审日期（只提醒，不算构建失败）", severity="warning")
def due(ctx: Context):
    for item in review_items(ctx):
        if item.due <= ctx.today:
            yield Finding(item.source, None, "review",
                          f"应在 {item.due} 前复审（负责单位 {item.owner}）；复审后更新 reviewed 日期。")
