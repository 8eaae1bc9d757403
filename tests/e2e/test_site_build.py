"""The session's strict build of the real site (`kb build`, tests/conftest.py built_site): what
reaches the site, and what must never reach it."""
import json
import re

import pytest
import yaml

from kb.privacy.scan import check_site
from kbtest import ROOT, real_data

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|audio|video)\b[^>]*?(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def article_text(html: str) -> str:
    """The visible text of the page's <article> (no nav, no header, no tooltips' title attributes)."""
    article = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert article, "no <article> in the page"
    return re.sub(r"<[^>]+>", "", article.group(1))


def nav_pages():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return re.findall(r"[\w/-]+\.md", json.dumps(config["nav"]))


def test_every_nav_page_is_built(built_site):
    pages = nav_pages()
    assert len(pages) >= 50, pages
    missing = [p for p in pages if not (built_site / p.replace(".md", ".html")).exists()]
    assert not missing


def test_no_page_loads_anything_from_outside(built_site):
    offenders = {}
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        hits = EXTERNAL.findall(text) + re.findall(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|jsdelivr", text)
        if hits:
            offenders[str(html.relative_to(built_site))] = hits[:3]
    assert not offenders


def test_regulation_index_and_glossary_have_their_anchors(built_site):
    regulation = (built_site / "reference/regulation.html").read_text(encoding="utf-8")
    assert all(f'id="article-{n}"' in regulation for n in range(1, 51))
    glossary = (built_site / "reference/glossary.html").read_text(encoding="utf-8")
    assert 'id="term-初信初访"' in glossary and "首信首访" in glossary


def test_chinese_headings_keep_readable_anchors(built_site):
    page = (built_site / "procedures/acceptance.html").read_text(encoding="utf-8")
    assert 'id="办理步骤"' in page and 'id="一页清单"' in page


def test_procedure_page_is_built_from_data(built_site):
    page = (built_site / "procedures/acceptance.html").read_text(encoding="utf-8")
    assert "5个工作日" in page and "15日" in page
    assert 'href="../reference/regulation.html#article-23"' in page


def test_numbered_steps_are_real_list_items(built_site):
    """A paragraph indented under a list item can swallow the next “5. …” line; catch it in the output."""
    swallowed = re.compile(r"<p>[^<]*(?:<[^/p][^>]*>[^<]*</[^p][^>]*>[^<]*)*\n\d{1,2}\. ")
    assert swallowed.search("<p>第一步\n5. 第五步</p>"), "the pattern itself must find a swallowed step"
    bad = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
           if swallowed.search(p.read_text(encoding="utf-8"))]
    assert not bad, f"numbered steps rendered as plain text in: {bad}"


def test_local_practice_terms_are_labelled_as_such(built_site):
    """Terms the regulation does not contain are never presented as regulation text: the page's
    own text (the nav and the tooltips name them on every page) says where they come from."""
    for page, term in [("procedures/first-petition.html", "初信初访"), ("policy/risk-prevention.html", "社会稳定风险评估")]:
        text = article_text((built_site / page).read_text(encoding="utf-8"))
        assert term in text
        assert re.search(r"地方做法|本地|政策文件|条例里没有|条例正文里没有|不是条例", text), page


def test_rights_page_covers_every_protection(built_site):
    html = (built_site / "policy/petitioner-rights.html").read_text(encoding="utf-8")
    text = article_text(html)  # 复查, 复核, 书面, 救助 are also in the nav of every page
    for protection in ("打击报复", "保密", "回避", "书面", "复查", "复核", "救助"):
        assert protection in text, protection
    article = re.search(r"<article[^>]*>(.*?)</article>", html, re.S).group(1)
    for anchor in ("#article-18", "#article-30", "#article-28", "#article-35", "#article-36", "#article-26", "#article-47"):
        assert anchor in article, anchor


def test_nav_pages_have_real_content(built_site):
    thin = []
    for html in built_site.rglob("*.html"):
        rel = html.relative_to(built_site).as_posix()
        if rel.startswith(("search", "assets", "404", "tags", "handouts/", "print/")) or rel == "reference/tags.html":  # print/: section PDF sources
            continue
        article = re.search(r"<article[^>]*>(.*?)</article>", html.read_text(encoding="utf-8"), re.S)
        text = re.sub(r"<[^>]+>|\s", "", article.group(1)) if article else ""
        if len(text) < 300:
            thin.append((rel, len(text)))
    assert not thin, f"pages with almost no content: {thin}"


def test_built_site_and_search_index_have_no_personal_data(built_site):
    assert (built_site / "search" / "meta.js").exists() and list((built_site / "search" / "p").glob("*.js"))
    findings = check_site(built_site, real_data().privacy, ROOT)
    assert findings == [], "\n".join(map(str, findings))


def test_search_needs_no_worker_or_polyfill(built_site):
    """kb's search loads its index with <script> tags (works from file://): no Material search
    worker, no iframe-worker shim, no inlined search_index.js."""
    html = (built_site / "procedures/acceptance.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in html and "unpkg.com" not in html and "assets/javascripts/kb-search.js" in html
    assert not (built_site / "search/search_index.js").exists()


def test_a_successful_build_leaves_no_staging_folder_behind(built_site):
    assert (built_site / "index.html").is_file()
    assert not built_site.with_name(built_site.name + ".building").exists()
