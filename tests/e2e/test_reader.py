"""Reader experience in the real built site, in one shared Chromium: owner line and the
out-of-date banner decided at view time, change history, the review list, phone tables."""
from __future__ import annotations

import datetime

import pytest

pytestmark = pytest.mark.browser


def test_banner_is_decided_in_the_browser_from_the_review_date(browser, site_url):
    from tests.conftest import guarded_context
    context, outside = guarded_context(browser)   # its own: the clock it sets is the whole context's
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/policy/responsibility.html")
        status = pg.locator(".kb-status")
        assert "负责单位：县信访局" in status.inner_text()
        due = status.get_attribute("data-kb-review-due")
        assert pg.locator("[data-kb-stale]").is_hidden()          # today is before the next review
        assert "更新记录" in pg.locator(".kb-history").inner_text()
        # the same build, viewed a day after the review date: the banner names whom to ask
        later = datetime.date.fromisoformat(due) + datetime.timedelta(days=1)
        pg.clock.set_fixed_time(datetime.datetime(later.year, later.month, later.day, 9, 0))
        pg.goto(f"{site_url}/playbooks/consumer-dispute.html")
        banner = pg.locator("[data-kb-stale]")
        assert banner.is_visible() and "县市场监督管理局" in banner.inner_text()
        pg.goto(f"{site_url}/maintenance/review.html")
        assert pg.locator("[data-kb-due-mark]", has_text="已过期").count() > 0
        assert outside == []
    finally:
        context.close()


def _article_text(path):
    import html
    import re
    m = re.search(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.S)
    if not m:
        return ""
    # data handed to the page's own scripts is not text a reader sees
    body = re.sub(r"<script\b[^>]*>.*?</script>", " ", m.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_built_reader_pages_have_no_maintainer_text(built_site):
    """The source rule sees page text; this sees what macros and generated pages added too."""
    from kb.checks.reader import maintainer_text
    bad = {}
    pages = [p for p in built_site.rglob("*.html") if not p.relative_to(built_site).as_posix().startswith("maintenance/")]
    assert len(pages) > 60
    for p in pages:
        hits = [h for _, h in maintainer_text(_article_text(p))]
        if hits:
            bad[p.relative_to(built_site).as_posix()] = hits[:3]
    assert bad == {}
    assert "kb review" in _article_text(built_site / "maintenance" / "review.html")  # the rule's own control


def test_chinese_all_through(built_site):
    """No English left in the UI; glossary and tags index in 拼音 order with a jump bar; 404 in Chinese."""
    import re
    from kb.render.pinyin import sort_key
    for p in built_site.rglob("*.html"):
        text = p.read_text(encoding="utf-8")
        assert "Made with" not in text and "Permanent link" not in text, p
    glossary = (built_site / "reference" / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r'<h3 id="term-([^"]+)"', glossary)
    assert len(terms) > 30 and terms == sorted(terms, key=sort_key)
    letters = re.findall(r'<a class="kb-jump__letter" href="#(letter-[a-z]+)">', glossary)
    assert letters and all(f'id="{a}"' in glossary for a in letters)
    tags = (built_site / "reference" / "tags.html").read_text(encoding="utf-8")
    names = re.findall(r'<h2 id="tag:([^"]+)"', tags)
    assert len(names) > 10 and names == sorted(names, key=sort_key)
    assert all(f'id="{a}"' in tags for a in re.findall(r'class="kb-jump__letter" href="#([^"]+)"', tags))
    not_found = (built_site / "404.html").read_text(encoding="utf-8")
    assert "没有找到这个页面" in not_found and 'for="__search"' in not_found and "Not found" not in not_found
    for section in ("policy", "procedures", "playbooks", "reference", "training"):
        assert f'href="/{section}/index.html"' in not_found


PHONE_PAGES = ["reference/deadlines.html", "reference/matrix.html", "policy/risk-prevention.html",
               "reference/templates/index.html", "training/responsibility.html", "training/group-visit.html",
               "playbooks/housing-delayed-delivery.html", "maintenance/review.html"]
CELLS_OUTSIDE = """() => { const w = document.documentElement.clientWidth, bad = [];
  document.querySelectorAll('.md-content table').forEach(t => t.querySelectorAll('td, tbody th').forEach(c => {
    const r = c.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) bad.push(c.textContent.trim().slice(0, 15));
  }));
  return {width: w, scroll: document.documentElement.scrollWidth,
          tables: document.querySelectorAll('.md-content table').length, bad: bad}; }"""


def test_wide_tables_read_on_a_390px_phone_and_use_the_width_on_a_desktop(page, site_url):
    pg, outside = page, page.external_requests
    pg.set_viewport_size({"width": 390, "height": 844})
    for path in PHONE_PAGES:
        pg.goto(f"{site_url}/{path}")
        got = pg.evaluate(CELLS_OUTSIDE)
        assert got["tables"] > 0 and got["width"] == 390, path
        assert got["bad"] == [] and got["scroll"] <= 390, (path, got)
    pg.goto(f"{site_url}/reference/deadlines.html")   # the caveat on 60日 is in reach, labelled
    cell = pg.locator('td[data-label="适用范围"]', has_text="第31条第6项").first
    assert cell.is_visible() and cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 390
    pg.set_viewport_size({"width": 1366, "height": 768})
    pg.goto(f"{site_url}/reference/deadlines.html")
    wide = pg.evaluate("""() => { const t = document.querySelector('.md-content table');
      const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
      return {table: t.getBoundingClientRect().width, scroll: wrap.scrollWidth, client: wrap.clientWidth}; }""")
    assert wide["table"] > 900 and wide["scroll"] <= wide["client"], wide   # no scrolling, not squeezed
    assert outside == []


def test_every_wide_table_is_marked_for_phones(built_site):
    import re
    unmarked = []
    for p in built_site.rglob("*.html"):
        if p.relative_to(built_site).parts[0] == "handouts":
            continue  # the print sources of the PDF handouts: paper keeps tables as tables
        for attrs, body in re.findall(r"<table([^>]*)>(.*?)</table>", p.read_text(encoding="utf-8"), re.S):
            head = body.split("</thead>")[0]
            if len(re.findall(r"<th\b", head)) >= 3 and "data-kb-stack" not in attrs:
                unmarked.append(p.relative_to(built_site).as_posix())
    assert unmarked == []


def test_printing_a_training_page_keeps_the_answers_for_a_new_page_at_the_end(page, site_url, tmp_path):
    """Chromium's print (page.pdf fires beforeprint/afterprint like the print dialog)."""
    import subprocess
    from tests.conftest import require_poppler
    require_poppler()
    pg, outside = page, page.external_requests
    pg.goto(f"{site_url}/training/handling-review.html")
    questions = pg.locator("details.kb-quiz-answer").count()
    assert questions >= 3
    pdf = tmp_path / "training.pdf"
    pg.pdf(path=str(pdf), format="A4")
    assert pg.locator(".kb-print-answer-key").count() == 0        # removed again after printing
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = text.split("\f")
    with_answers = [i for i, s in enumerate(sheets) if "答案：" in s]
    last_question = max(i for i, s in enumerate(sheets) if f"{questions}." in s and "〔" in s)
    assert with_answers and min(with_answers) > last_question            # a new page, after every question
    assert text.count("答案：") == questions and f"第{questions}题" in text
    assert "下载打印版讲义" not in text and "讲义包括" not in text and "打印本页清单" not in text
    assert outside == []


def test_each_section_is_one_pdf_with_contents_headers_page_numbers_and_print_note(built_site, handouts):
    import datetime
    import re
    import subprocess
    from tests.conftest import require_poppler
    require_poppler()
    # the day each PDF was printed on (a session that runs past midnight prints on the day before)
    def printed(pdf):
        return f"打印于 {datetime.date.fromtimestamp(pdf.stat().st_mtime).isoformat()}，以网站最新版本为准"

    def sheet(pdf, n):
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    for slug, title in {"policy": "政策指引", "procedures": "工作流程", "playbooks": "案例手册",
                        "reference": "参考", "faq": "问答"}.items():
        pdf = built_site / "print" / f"{slug}.pdf"
        assert pdf.is_file(), slug
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        total = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert total >= 5, slug
        cover = sheet(pdf, 1)
        assert printed(pdf) in cover and re.search(r"版本 \d{4}-\d{2}-\d{2}", cover)
        assert "目录" in sheet(pdf, 2)
        for n in (2, 3, total):                               # running header and page number
            text = sheet(pdf, n)
            assert title in "".join(text.strip().split("\n")[:2]), (slug, n)
            assert f"第 {n} 页 / 共 {total} 页" in text, (slug, n)
    handout = built_site / "handouts" / "responsibility.pdf"
    assert printed(handout) in sheet(handout, 2)
    contents = sheet(built_site / "print" / "procedures.pdf", 2)
    assert "登记" in contents and "受理与告知" in contents and "复核" in contents


def test_pdf_links_all_resolve_and_make_serve_takes_a_port(built_site, handouts):
    import re
    import subprocess
    from tests.conftest import ROOT
    links = 0
    for p in built_site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+\.pdf)"', p.read_text(encoding="utf-8")):
            links += 1
            assert (p.parent / href).resolve().is_file(), (p, href)
    assert links >= 12                                         # 6 handouts twice, 5 section books
    dry = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=ROOT, capture_output=True, text=True)
    assert "--dev-addr 127.0.0.1:8001" in dry.stdout, dry.stdout + dry.stderr


OVERLAP = """([a, b]) => !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top)"""


def _rect(locator):
    return locator.evaluate("e => { const r = (e.getClientRects()[0] || e.getBoundingClientRect()); "
                            "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }")


def test_tooltips_sit_above_the_line_and_a_tap_outside_closes_them_on_a_phone(browser, site_url):
    from tests.conftest import guarded_context
    context, outside = guarded_context(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/procedures/registration.html")
        terms = pg.locator(".md-content abbr[data-kb-tip]")
        assert 1 <= terms.count() <= 8                          # not a row of dotted lines
        term = terms.nth(1)
        term.scroll_into_view_if_needed()
        pg.mouse.wheel(0, 200)                                  # room above the line for the tip
        term.tap()
        tip = pg.locator("#kb-tip")
        assert tip.is_visible() and tip.inner_text() == term.get_attribute("data-kb-tip")
        word, box = _rect(term), _rect(tip)
        assert not pg.evaluate(OVERLAP, [word, box])            # the line being read stays visible
        assert box["right"] <= 390 and box["left"] >= 0
        pg.locator(".md-content h1").tap()                      # a tap anywhere else
        assert tip.is_hidden()
        assert term.get_attribute("aria-describedby")           # still there for screen readers
        pg.set_viewport_size({"width": 1366, "height": 768})
        link = pg.locator(".md-content a[data-kb-tip]").first  # an article link: summary on hover
        link.hover()
        assert tip.is_visible() and not pg.evaluate(OVERLAP, [_rect(link), _rect(tip)])
        pg.keyboard.press("Escape")
        assert tip.is_hidden()
        assert outside == []
    finally:
        context.close()


def test_case_filters_live_in_the_url_survive_going_back_and_counts_follow_the_other_filters(page, site_url):
    pg, outside = page, page.external_requests
    pg.goto(f"{site_url}/playbooks/index.html")
    cards = pg.locator("[data-kb-card]")
    total = cards.count()
    high = pg.locator('button[data-filter="risk"][data-value="high"] [data-kb-n]')
    high_all = int(high.inner_text())
    pg.click('button[data-filter="category"][data-value="housing"]')
    housing = pg.locator("[data-kb-card]:not([hidden])").count()
    assert 0 < housing < total and "category=housing" in pg.url
    high_housing = int(high.inner_text())                 # what the other filters leave
    assert high_housing == pg.locator('[data-kb-card][data-category="housing"][data-risk="high"]').count()
    assert high_housing < high_all
    assert int(pg.locator('button[data-filter="category"][data-value="housing"] [data-kb-n]').inner_text()) == housing
    pg.click('button[data-filter="risk"][data-value="high"]')
    assert "risk=high" in pg.url and pg.locator("[data-kb-card]:not([hidden])").count() == high_housing
    pg.locator("[data-kb-card]:not([hidden]) a").first.click()
    pg.wait_for_load_state()
    pg.go_back()
    pg.wait_for_function("document.querySelector('[data-kb-filters]') && !document.querySelector('[data-kb-filters]').hidden")
    assert pg.locator('button[data-filter="category"][data-value="housing"]').get_attribute("aria-pressed") == "true"
    assert pg.locator('button[data-filter="risk"][data-value="high"]').get_attribute("aria-pressed") == "true"
    assert pg.locator("[data-kb-card]:not([hidden])").count() == high_housing
    pg.goto(f"{site_url}/playbooks/index.html#channel=phone")  # a link to a filtered list
    assert pg.locator('button[data-filter="channel"][data-value="phone"]').get_attribute("aria-pressed") == "true"
    assert pg.locator("[data-kb-card]:not([hidden])").count() == pg.locator('[data-kb-card][data-channel="phone"]').count()
    assert outside == []


def test_offline_bundle_unpacks_and_works_from_file_urls_with_no_network(browser, built_site, handouts, tmp_path,
                                                                         monkeypatch):
    import datetime
    import zipfile
    from kb.cli import main
    from tests.conftest import ROOT
    monkeypatch.chdir(ROOT)
    before = datetime.date.today()
    assert main(["bundle", "--site-dir", str(built_site), "--out", str(tmp_path)]) == 0
    names = {f"信访工作知识库-{day:%Y%m%d}" for day in (before, datetime.date.today())}  # midnight
    (archive,) = tmp_path.glob("*.zip")
    name = archive.stem
    assert name in names, (name, names)
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / name
    readme = (root / "使用说明.txt").read_bytes()
    assert readme.startswith("\ufeff".encode()) and "index.html" in readme.decode("utf-8-sig")

    context = browser.new_context(locale="zh-CN", offline=True)   # no network at all
    tried: list[str] = []
    context.on("request", lambda r: tried.append(r.url))
    try:
        pg = context.new_page()
        pg.set_default_timeout(20000)
        pg.goto((root / "index.html").as_uri())
        pg.locator(".md-tabs__link", has_text="案例手册").click()     # navigation
        pg.wait_for_url("**/playbooks/index.html")
        pg.click('button[data-filter="category"][data-value="housing"]')   # filters
        assert 0 < pg.locator("[data-kb-card]:not([hidden])").count() < pg.locator("[data-kb-card]").count()
        assert "category=housing" in pg.url
        box = pg.locator("input.md-search__input")                  # search, from file://
        box.click()
        box.fill("初信初访")
        box.press("End")
        first = pg.locator(".md-search-result__item a.md-search-result__link").first
        first.wait_for()
        assert "procedures/first-petition.html" in first.get_attribute("href")
        pg.goto((root / "training" / "group-visit.html").as_uri())   # handouts are in the bundle
        href = pg.locator("a.kb-handout-link").get_attribute("href")
        assert href.endswith(".pdf") and (root / "training" / href).resolve().is_file()
        pg.locator(".md-content abbr[data-kb-tip]").first.hover()    # tooltips
        assert pg.locator("#kb-tip").is_visible()
    finally:
        context.close()
    outside = [u for u in tried if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert outside == []
