"""Search on the real built site: quality figures (golden set and real questions), the browser
engine agreeing with `kb search`, the search box in Chromium over http and from file://, and the
command line. Figures are printed in the terminal summary (make test)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbtest import ROOT, run_kb
from kb.search import bench
from kb.search.engine import Engine

BOX = "input[data-kb-search-input]"


@pytest.fixture(scope="session")
def engine(built_site) -> Engine:
    return Engine.from_site(built_site)


@pytest.fixture(scope="session")
def query_sets(built_site) -> list[bench.QuerySet]:
    published = bench.published_pages(built_site)
    return [bench.load_queries(ROOT / bench.GOLDEN, "金标准", published),
            bench.load_queries(ROOT / bench.REAL, "真实提问", published)]


@pytest.fixture(scope="session")
def reports(engine, query_sets, terminal_note) -> dict[str, bench.Report]:
    out = {}
    for qs in query_sets:
        report = bench.evaluate(engine.locations, qs)
        terminal_note("search " + report.summary())
        out[qs.name] = report
    return out


def _misses(report: bench.Report) -> str:
    return "\n".join(f"  {q}: rank {report.ranks[q]}, top {report.top[q]}" for q in report.misses(3))


def test_golden_set(reports):
    report = reports["金标准"]
    assert len(report.ranks) >= 100
    assert report.hit3 >= bench.MIN_GOLDEN_HIT3, f"{report.summary()}\n{_misses(report)}"


def test_real_questions(reports, terminal_note):
    report = reports["真实提问"]
    assert len(report.ranks) >= 80
    if report.hit3 < bench.TARGET_REAL_HIT3:
        terminal_note(f"search 真实提问 hit@3 {report.hit3:.3f} is below the issue's target "
                      f"{bench.TARGET_REAL_HIT3} ({len(report.misses(3))} misses: kb bench --site-dir SITE lists them)")
    assert report.hit3 >= bench.MIN_REAL_HIT3, f"{report.summary()}\n{_misses(report)}"


EXTRA = ["什么是“越级上访”", "申請信訪復查、復核，應當提供哪些材料", "复查", "复核", '+-*:~^"', "第三十四条",
         "十五日", "不服复查意见" * 30]


@pytest.mark.browser
def test_browser_ranks_exactly_like_kb_search(page, site_url, engine, query_sets, terminal_note):
    """Every golden and real question through kb-search.js in one page.evaluate, compared with Python."""
    queries = [q.q for qs in query_sets for q in qs.queries] + [q for qs in query_sets for q in qs.skipped] + EXTRA
    external = page.external_requests
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/index.html")
    started = page.evaluate("() => performance.now()")
    in_browser = page.evaluate("qs => Promise.all(qs.map(q => kbSearch.locations(q, 10)))", queries)
    ms = page.evaluate("() => performance.now()") - started
    differ = [(q, engine.locations(q), js) for q, js in zip(queries, in_browser) if engine.locations(q) != js]
    assert not differ, differ[:5]
    assert not errors and external == []
    terminal_note(f"search: browser and kb search agree on {len(queries)} queries ({ms:.0f} ms in Chromium for all)")


@pytest.mark.browser
def test_search_box_keyboard_snippets_and_highlight(page, site_url):
    external = page.external_requests
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/procedures/index.html")
    page.keyboard.press("s")   # the shortcut opens the box in the header
    page.locator(BOX).fill("不服复查意见怎么办")
    items = page.locator(".md-search-result__item")
    items.first.wait_for()
    text = page.inner_text(".md-search-result")
    assert "缺少" not in text and "data/" not in text
    kinds = page.eval_on_selector_all(".kb-kind", "els => els.map(e => e.textContent)")
    assert kinds and set(kinds) <= {"流程", "政策", "案例", "术语", "文书", "问答", "参考", "培训", "目录", "首页"}
    page.locator(".md-search-result mark").first.wait_for()  # snippets arrive after the result lines
    marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert marks and all(len(m) > 1 for m in marks), marks
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?h="))
    page.wait_for_load_state()
    landing = page.eval_on_selector_all("mark.kb-highlight", "els => els.map(e => e.textContent)")
    assert landing and all(len(m) > 1 for m in landing), landing
    assert page.locator(".md-tags mark").count() == 0
    assert external == []


@pytest.mark.browser
def test_empty_result_links_the_glossary_or_faq(page, site_url):
    page.goto(f"{site_url}/index.html")
    page.keyboard.press("/")
    page.locator(BOX).fill("qqzzxx")
    page.wait_for_selector(".md-search-result__meta a")
    assert "没有找到" in page.inner_text(".md-search-result__meta")
    assert page.locator(".md-search-result__item").count() == 0


@pytest.mark.browser
def test_search_works_from_file_url(page, built_site):
    external = page.external_requests
    page.goto((built_site / "reference" / "glossary.html").as_uri())
    page.keyboard.press("s")
    page.locator(BOX).fill("申請信訪復查")
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    assert first.get_attribute("href").startswith("file://")
    assert external == []


def test_index_is_sharded_and_segmented(built_site):
    search = built_site / "search"
    meta = (search / "meta.js").read_text(encoding="utf-8")
    shards = list((search / "t").glob("*.js"))
    assert len(shards) >= 2 and max(p.stat().st_size for p in shards) < 64_000
    vocab = json.loads(meta[meta.index(",") + 1: meta.rindex(");")])["vocab"].split()
    assert sum(len(w) > 1 for w in vocab) / len(vocab) > 0.9
    assert not (built_site / "search" / "search_index.json").exists()


def test_kb_search_prints_json_and_suggestions(built_site):
    found = run_kb("search", "--site-dir", str(built_site), "--json", "不服复查意见")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert results[0]["kind"] and results[0]["snippet"]
    missing = run_kb("search", "--site-dir", str(built_site), "qqzzxx")
    assert missing.returncode == 1 and "没有找到" in missing.stderr
    nowhere = run_kb("search", "--site-dir", str(Path(built_site) / "nope"), "复查")
    assert nowhere.returncode == 2 and "kb build" in nowhere.stderr


@pytest.mark.browser
def test_a_faq_question_is_a_result_that_opens_at_its_answer(page, site_url):
    page.goto(f"{site_url}/index.html")
    page.keyboard.press("/")
    page.locator(BOX).fill("不想留名字可以反映问题吗")
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    assert first.locator(".kb-kind").inner_text() == "问答"
    assert "不想留名字" in first.locator("h1").inner_text()
    page.wait_for_function("document.querySelector('.md-search-result__link').href.includes('#faq-')")
    href = first.locator("a").get_attribute("href")
    assert re.search(r"faq/index\.html\?h=[^#]+#faq-[a-z-]+$", href), href
    first.locator("a").click()
    page.wait_for_url(re.compile(r"#faq-"))
    assert page.evaluate("location.hash") and page.locator(page.evaluate("location.hash")).is_visible()
