"""Case playbooks in the built site: each record rendered into exactly one page, listed once in
the index with its filter attributes, and the filters working in Chromium (with and without
JavaScript). The records themselves: tests/content/test_playbook_records.py."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from kb.render.playbooks import published
from kbtest import real_data

PUBLISHED = published(real_data())


class CardParser(HTMLParser):
    """(category, risk, channel, first link) for every card in the built index page."""

    def __init__(self):
        super().__init__()
        self.cards: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "data-kb-card" in a:
            self.cards.append([a["data-category"], a["data-risk"], a["data-channel"], ""])
            self._open = True
        elif tag == "a" and self._open and not self.cards[-1][3]:
            self.cards[-1][3] = a["href"]
            self._open = False


def index_cards(html: str) -> list[list[str]]:
    parser = CardParser()
    parser.feed(html)
    return parser.cards


def test_every_record_is_rendered_exactly_once(built_site):
    pages = sorted(p.stem for p in (built_site / "playbooks").glob("*.html") if p.name != "index.html")
    index = (built_site / "playbooks/index.html").read_text(encoding="utf-8")
    cards = index_cards(index)
    linked = sorted(href.removesuffix(".html") for *_, href in cards)
    records = sorted(p.id for p in PUBLISHED)
    assert records == pages == linked
    by_id = {p.id: p for p in PUBLISHED}
    for category, risk, channel, href in cards:  # the filter attributes come from the record
        pb = by_id[href.removesuffix(".html")]
        assert (category, risk, channel) == (pb.category, pb.risk, pb.channel)
    for pb in PUBLISHED:
        html = (built_site / "playbooks" / f"{pb.id}.html").read_text(encoding="utf-8")
        assert html.count("<h1") == 1 and pb.title.split("，")[0] in html
        assert 'href="../reference/regulation.html#article-' in html  # basis rendered through cite()


@pytest.mark.browser
def test_index_filters_work_in_the_browser_without_a_server(page, site_url):
    page.goto(f"{site_url}/playbooks/index.html")
    cards = page.locator("[data-kb-card]")
    visible = page.locator("[data-kb-card]:visible")
    assert page.locator("[data-kb-filters]").is_visible()
    assert visible.count() == cards.count() == len(PUBLISHED)

    page.click('button[data-filter="category"][data-value="housing"]')
    housing = [p for p in PUBLISHED if p.category == "housing"]
    assert visible.count() == len(housing)
    assert page.locator('button[data-filter="category"][data-value="housing"]').get_attribute("aria-pressed") == "true"

    page.click('button[data-filter="risk"][data-value="high"]')
    assert visible.count() == len([p for p in housing if p.risk == "high"])
    assert page.locator("[data-kb-count]").inner_text().startswith(f"显示 {visible.count()} 个")

    page.click('button[data-filter="category"][data-value=""]')  # 全部 in one group keeps the others
    assert visible.count() == len([p for p in PUBLISHED if p.risk == "high"])

    page.click('button[data-filter="channel"][data-value="phone"]')
    expected = [p for p in PUBLISHED if p.risk == "high" and p.channel == "phone"]
    assert visible.count() == len(expected)
    assert page.locator("[data-kb-empty]").is_visible() == (not expected)
    assert page.external_requests == []


@pytest.mark.browser
def test_without_javascript_every_playbook_is_listed(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/playbooks/index.html")
        assert pg.locator("[data-kb-card]:visible").count() == len(PUBLISHED)
        assert not pg.locator("[data-kb-filters]").is_visible()
    finally:
        context.close()
