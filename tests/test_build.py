"""The strict build: what reaches the site, and what must never reach it."""
import json
import re

import pytest
import yaml

from conftest import ROOT, run_kb

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|audio|video)\b[^>]*?(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def nav_pages():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return re.findall(r"[\w/-]+\.md", json.dumps(config["nav"]))


def test_every_nav_page_is_built(built_site):
    missing = [p for p in nav_pages() if not (built_site / p.replace(".md", ".html")).exists()]
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


def test_drafts_never_reach_the_site_and_data_changes_reach_every_page(repo_copy):
    draft = repo_copy / "docs/procedures/draft-example.md"
    draft.write_text(
        "---\ntitle: 草稿示例\nowner: county-petition-bureau\nreviewed: 2026-11-01\n"
        "review_interval_months: 12\ntags: [受理]\ndraft: true\n---\n\n# 草稿示例\n\n独一无二的草稿词语甲乙丙。\n",
        encoding="utf-8")
    deadlines = repo_copy / "data/deadlines.yml"
    text = deadlines.read_text(encoding="utf-8")
    deadlines.write_text(text.replace("  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 5\n",
                                      "  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 7\n"),
                         encoding="utf-8")
    site = repo_copy / "site"
    result = run_kb("build", "--site-dir", str(site), cwd=repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "procedures/draft-example.html").exists()
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "甲乙丙" not in index and "草稿示例" not in index
    for page in ("procedures/acceptance.html", "reference/deadlines.html", "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "7个工作日" in html and "5个工作日" not in html, page


def test_numbered_steps_are_real_list_items(built_site):
    """A paragraph indented under a list item can swallow the next “5. …” line; catch it in the output."""
    swallowed = re.compile(r"<p>[^<]*(?:<[^/p][^>]*>[^<]*</[^p][^>]*>[^<]*)*\n\d{1,2}\. ")
    bad = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
           if swallowed.search(p.read_text(encoding="utf-8"))]
    assert not bad, f"numbered steps rendered as plain text in: {bad}"
