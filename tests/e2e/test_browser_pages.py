"""A real browser (Debian Chromium): pages load with zero requests leaving 127.0.0.1,
and Chinese search finds the procedure."""
import pytest


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "procedures/acceptance.html", "reference/glossary.html"])
def test_pages_load_without_external_requests(page, site_url, path):
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    assert page.title()
    assert page.external_requests == []


@pytest.mark.browser
def test_home_page_has_search_quick_links_and_recent_changes(page, site_url):
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    body = page.inner_text("article")
    assert "最常用的流程" in body and "最近更新" in body
    assert page.locator("a[href='procedures/acceptance.html']").count() >= 1
    page.click("label.kb-search-button")
    assert page.locator("input[data-kb-search-input]").is_visible()


@pytest.mark.browser
def test_chinese_query_finds_the_procedure(page, site_url):
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    page.keyboard.press("s")  # the shortcut opens the search box (kb-search.js, as in Material)
    box = page.locator("input[data-kb-search-input]")
    box.fill("受理告知")
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    # the first three pages of the result list (each item: the page, then its best sections)
    hrefs = page.eval_on_selector_all(".md-search-result__item",
                                      "els => els.slice(0, 3).map(e => e.querySelector('a').href)")
    assert any("procedures/acceptance.html" in h for h in hrefs), hrefs
    assert page.external_requests == []


@pytest.mark.browser
def test_the_guard_records_every_request_that_would_leave_and_none_gets_out(page, site_url):
    """The guard the other browser tests rely on (tests/conftest.py guarded_context, NOWHERE_PROXY)
    sees images, styles, scripts and fetch() aimed outside, by name or by address, and stops them."""
    page.goto(f"{site_url}/index.html")
    page.set_content('<img src="https://fonts.example.com/a.png"><link rel="stylesheet" href="//cdn.example.com/b.css">'
                     '<script src="http://203.0.113.9/c.js"></script>')
    outcome = page.evaluate("fetch('http://example.com/d').then(() => 'reached').catch(() => 'stopped')")
    assert outcome == "stopped"
    assert sorted(page.external_requests) == ["http://203.0.113.9/c.js", "http://cdn.example.com/b.css",
                                              "http://example.com/d", "https://fonts.example.com/a.png"]
