"""What every page shows about itself: who owns it, when it was last reviewed and is next due
(top of the page), and its change history (foot of the page). Pure: values in, escaped HTML out.

The "may be out of date" banner is decided in the browser at view time
(docs/assets/javascripts/review-banner.js compares today with data-kb-review-due), so a site
built months ago still warns; the build only writes the dates."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from kb.model.records import KbData
from kb.render.a11y import label_task_checkboxes
from kb.render.tables import stack_tables
from kb.model.review import Change, changes_of, review_due


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def page_status(owner_name: str, reviewed: str, interval_months: object) -> str:
    """The owner line under the page title, and the (hidden) out-of-date banner the browser
    shows once today is past the next review date."""
    due = review_due(reviewed, interval_months)
    if not owner_name or due is None:
        return ""
    owner, rev, nxt = _h(owner_name), _h(reviewed), _h(due.isoformat())
    return (
        f'<div class="kb-status" data-kb-review-due="{nxt}" data-kb-owner="{owner}">'
        f'<span class="kb-status__item">负责单位：<strong>{owner}</strong></span>'
        f'<span class="kb-status__item">最近审核：<time datetime="{rev}">{rev}</time></span>'
        f'<span class="kb-status__item">下次审核：<time datetime="{nxt}">{nxt}</time></span>'
        f'</div>\n'
        f'<div class="admonition warning kb-stale" data-kb-stale hidden role="note">'
        f'<p class="admonition-title">本页可能已过时</p>'
        f'<p>本页应在 {nxt} 前重新审核，但还没有更新，里面的做法或期限可能已经变了。'
        f'办理前请向<strong>{owner}</strong>核实。</p></div>\n'
    )


_H1_END = re.compile(r"</h1>", re.I)


def insert_after_title(page_html: str, fragment: str) -> str:
    """The fragment right after the page's <h1>, or at the very top when the page has none."""
    if not fragment:
        return page_html
    m = _H1_END.search(page_html)
    if m is None:
        return fragment + page_html
    return page_html[:m.end()] + "\n" + fragment + page_html[m.end():]


def page_history(changes: tuple[Change, ...]) -> str:
    """The page's own change history, for the foot of the page."""
    if not changes:
        return ""
    items = "".join(f'<li><time datetime="{_h(c.date)}">{_h(c.date)}</time>　{_h(c.what)}</li>' for c in changes)
    return (f'\n<section class="kb-history" aria-labelledby="kb-history-title">'
            f'<h2 id="kb-history-title">更新记录</h2><ul>{items}</ul></section>\n')


@dataclass(frozen=True)
class SiteChange:
    date: str
    what: str
    title: str
    src: str        # page path relative to docs/


def site_changes(entries) -> list[SiteChange]:
    """(src, title, meta) of every published page and playbook → all their changes, newest first.
    Changes of the same day alternate between sections (policy, procedures, playbooks …) in
    the order given, so one busy section does not fill the whole list."""
    by_date: dict[str, dict[str, list[SiteChange]]] = {}
    for src, title, meta in entries:
        section = src.split("/", 1)[0] if "/" in src else ""
        for c in changes_of(meta.get("changes")):
            by_date.setdefault(c.date, {}).setdefault(section, []).append(SiteChange(c.date, c.what, title, src))
    out: list[SiteChange] = []
    for date in sorted(by_date, reverse=True):
        queues = list(by_date[date].values())
        while any(queues):
            for q in queues:
                if q:
                    out.append(q.pop(0))
    return out


def decorate(page_html: str, meta: dict, data: KbData) -> str:
    """A built page with phone-readable tables, its owner line (and hidden out-of-date banner) under the title and its
    change history at the foot. The home page keeps its own layout (its 最近更新 list already
    shows the site's changes)."""
    page_html = label_task_checkboxes(stack_tables(page_html))
    if meta.get("kind") == "home":
        return page_html
    owner = data.units.get(str(meta.get("owner", "")))
    if owner is not None:
        page_html = insert_after_title(page_html, page_status(owner.name, str(meta.get("reviewed", "")),
                                                              meta.get("review_interval_months")))
    return page_html + page_history(changes_of(meta.get("changes")))
