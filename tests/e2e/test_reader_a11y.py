"""Accessibility of the built site: axe-core (WCAG 2.1 A/AA rules, which GB/T 37668 follows)
finds no critical or serious violation, and search, case filters and tooltips work with the
keyboard alone.

axe runs on a page of most kinds here (7 pages); over every built page with
KB_A11Y_ALL=1 (`make a11y`, about 1–3 min, so not part of `make test`). On all but the home page
the shared chrome (header, tabs, sidebars, footer) is removed before axe runs: it is the same on
every page and is checked in full once."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SAMPLE = ["index.html", "procedures/acceptance.html", "playbooks/index.html", "playbooks/housing-delayed-delivery.html",
          "reference/deadlines.html", "training/group-visit.html", "maintenance/review.html"]
RUN = """async ([strip, tags]) => {
  if (strip) document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-footer').forEach(e => e.remove());
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes[0].target.join(' ')} ${v.help}`);
}"""


def _axe_source() -> str:
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _pages(site: Path) -> list[str]:
    if os.environ.get("KB_A11Y_ALL") != "1":
        return SAMPLE
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("handouts", "print", "assets"))


def test_axe_finds_no_serious_or_critical_violation(page, built_site, site_url, terminal_note):
    axe = _axe_source()
    found = {}
    pages = _pages(built_site)
    for path in pages:
        page.goto(f"{site_url}/{path}", wait_until="domcontentloaded")
        page.evaluate(axe)
        problems = page.evaluate(RUN, [path != "index.html", WCAG])
        if problems:
            found[path] = problems
    assert page.external_requests == []
    terminal_note(f"axe-core: {len(pages)} pages, {len(found)} with critical/serious violations")
    assert found == {}


def test_search_filters_and_tooltips_work_with_the_keyboard_alone(page, site_url):
    pg, outside = page, page.external_requests
    pg.set_default_timeout(20000)
    pg.goto(f"{site_url}/index.html")
    pg.keyboard.press("/")                                  # Material: / or s focuses the search box
    box = pg.locator("input.md-search__input")
    assert box.evaluate("e => e === document.activeElement")
    pg.keyboard.type("复查期限")
    first = pg.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    pg.keyboard.press("ArrowDown")                          # into the results
    assert pg.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    pg.keyboard.press("Enter")                              # and open the first one
    pg.wait_for_url("**/procedures/**")

    pg.goto(f"{site_url}/playbooks/index.html")
    target = pg.locator('button[data-filter="risk"][data-value="high"]')
    for _ in range(120):                                    # Tab until the 高 button has the focus
        pg.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            break
    assert target.evaluate("e => e === document.activeElement")
    pg.keyboard.press("Enter")
    assert target.get_attribute("aria-pressed") == "true"
    assert pg.locator("[data-kb-card]:not([hidden])").count() == pg.locator('[data-kb-card][data-risk="high"]').count()
    pg.keyboard.press("Space")                              # Space works as well (a real <button>)
    assert target.get_attribute("aria-pressed") == "true"

    pg.goto(f"{site_url}/procedures/registration.html")
    term = pg.locator(".md-content abbr[data-kb-tip]").first
    term.focus()                                            # reachable with Tab (tabindex=0)
    assert term.get_attribute("tabindex") == "0"
    tip = pg.locator("#kb-tip")
    assert tip.is_visible() and tip.inner_text() == term.get_attribute("data-kb-tip")
    pg.keyboard.press("Escape")
    assert tip.is_hidden()
    assert outside == []
