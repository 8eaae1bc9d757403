"""Owner line, out-of-date banner, change history and the review list: pure functions, in memory."""
from __future__ import annotations

import datetime
from pathlib import Path

from kb.checks.review import ReviewItem, by_owner, select_items
from kb.model.page import Page
from kb.model.records import KbData, Unit
from kb.model.review import Change, changes_of
from kb.render import core, pagemeta, review


def _page(src, **meta):
    meta.setdefault("title", src)
    return Page(path=Path("/x") / src, src=src, meta=meta, body="", body_line=1)


def _data(**units):
    data = KbData.__new__(KbData)  # only .units and .playbooks are read here
    object.__setattr__(data, "units", {k: Unit(k, v, "县级", "职责") for k, v in units.items()})
    object.__setattr__(data, "playbooks", {})
    return data


def test_status_shows_owner_and_both_dates_and_escapes():
    html = pagemeta.page_status('县<信访>局"', "2026-01-31", 1)
    assert 'data-kb-review-due="2026-02-28"' in html          # month end, not 2026-02-31
    assert "最近审核：<time datetime=\"2026-01-31\">" in html
    assert "县&lt;信访&gt;局&quot;" in html and "<信访>" not in html
    assert "data-kb-stale hidden" in html                    # the browser decides, not the build
    assert pagemeta.page_status("县信访局", "not a date", 12) == ""


def test_status_goes_right_after_the_title():
    out = pagemeta.insert_after_title("<h1 id=a>标题</h1>\n<p>正文</p>", "<div>X</div>")
    assert out.index("</h1>") < out.index("<div>X</div>") < out.index("<p>正文")
    assert pagemeta.insert_after_title("<p>无标题</p>", "<div>X</div>").startswith("<div>X</div>")


def test_changes_newest_first_and_bad_entries_skipped():
    got = changes_of([{"date": "2026-01-02", "what": "旧的一条"}, "只有文字", {"date": "2026-03-04", "what": "新的一条"}])
    assert got == (Change("2026-03-04", "新的一条"), Change("2026-01-02", "旧的一条"))
    foot = pagemeta.page_history(got)
    assert foot.index("2026-03-04") < foot.index("2026-01-02") and "更新记录" in foot
    assert pagemeta.page_history(()) == ""


def test_home_page_lists_ten_latest_across_sections_and_skips_drafts_and_maintenance():
    pages = [_page(f"reference/templates/t{i}.md", changes=[{"date": "2026-05-01", "what": f"模板{i}"}]) for i in range(12)]
    pages += [_page("policy/a.md", changes=[{"date": "2026-05-01", "what": "政策甲"}]),
              _page("procedures/b.md", changes=[{"date": "2026-06-01", "what": "流程乙"},
                                                {"date": "2025-01-01", "what": "很早的"}]),
              _page("policy/draft.md", draft=True, changes=[{"date": "2027-01-01", "what": "草稿"}]),
              _page("maintenance/review.md", changes=[{"date": "2027-01-01", "what": "维护页"}])]
    lines = core.recent_changes(pages, None).splitlines()
    assert len(lines) == 10
    assert "流程乙" in lines[0]                               # the newest date first
    assert any("政策甲" in line for line in lines[:3])       # one section cannot fill the list
    text = "\n".join(lines)
    assert "草稿" not in text and "维护页" not in text and "很早的" not in text


def _item(due, owner, title="标题", kind="page"):
    return ReviewItem(datetime.date.fromisoformat(due), owner, title, f"docs/{title}.md", f"{title}.md", "2026-01-01", kind)


def test_review_selection_by_owner_and_due_within_includes_overdue():
    today = datetime.date(2026, 12, 2)
    items = [_item("2026-11-01", "a", "过期"), _item("2026-12-20", "a", "快到"), _item("2027-06-01", "b", "远")]
    assert [i.title for i in select_items(items, today, due_within=30)] == ["过期", "快到"]
    assert [i.title for i in select_items(items, today, owner="b")] == ["远"]
    assert [o for o, _ in by_owner(items, ["b", "a"])] == ["b", "a"]     # units.yml order


def test_review_list_page_and_text_group_by_owner():
    data = _data(a="县住房和城乡建设局", b="县信访局")
    items = [_item("2026-11-01", "a", "过期", "playbook"), _item("2027-06-01", "b", "远")]
    html = review.review_list(data, items, datetime.date(2026, 12, 2))
    assert html.index("县住房和城乡建设局（1 项）") < html.index("县信访局（1 项）")
    assert 'data-kb-due="2026-11-01"' in html and 'data-label="下次审核"' in html
    text = review.review_text(data, items, datetime.date(2026, 12, 2))
    assert "2026-11-01  案例  过期" in text and "已过期" in text.split("\n")[1]
    assert "已过期" not in text.split("\n")[4]
