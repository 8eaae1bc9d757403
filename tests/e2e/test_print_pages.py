"""Printing from the browser (docs/stylesheets/print.css, assets/javascripts/print-checklist.js),
tested in Debian's Chromium against the built site: A4, embedded CJK fonts, the page's text,
no screen chrome, collapsed blocks printed open, and every procedure checklist on one A4 page."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import require_poppler
from kb.handouts.printing import platform_fonts
from kbtest import ROOT, pdftext, real_pages

PROCEDURES = sorted(p.src for p in real_pages() if p.meta.get("kind") == "procedure" and not p.is_draft)
LONGEST_PROCEDURE = max(PROCEDURES, key=lambda src: len((ROOT / "docs" / src).read_text(encoding="utf-8")))
CHROME_TEXT = ("Material for MkDocs", "上一页", "下一页", "回到页面顶部", "打印本页清单")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_facts(pdf: Path) -> tuple[dict[str, str], list[list[str]], str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ({k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info.splitlines())},
            [line.split() for line in fonts.splitlines()[2:] if line.strip()], text)


def print_pdf(page, path: Path) -> Path:
    """What the print dialog makes: print media, the CSS page size, no Chromium header/footer."""
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True, display_header_footer=False)
    return path


def _playbook_page(site: Path) -> str:
    found = sorted(p for p in (site / "playbooks").glob("*.html") if p.name != "index.html")
    return f"playbooks/{found[0].name}" if found else "playbooks/index.html"


@pytest.fixture(scope="module")
def poppler():
    require_poppler()


@pytest.mark.browser
@pytest.mark.pdf
@pytest.mark.parametrize("which", ["long procedure", "playbook", "glossary", "training module"])
def test_page_prints_to_a4_with_embedded_cjk_fonts_and_its_text(shared_page, site_url, built_site, tmp_path, poppler, which):
    page = shared_page
    path = {"long procedure": LONGEST_PROCEDURE[:-3] + ".html", "playbook": _playbook_page(built_site),
            "glossary": "reference/glossary.html", "training module": "training/registration-acceptance.html"}[which]
    page.goto(f"{site_url}/{path}")
    title = page.locator("article h1").first.inner_text().replace("¶", "").strip()
    paragraphs = [t for t in page.locator("article > p").all_inner_texts() if len(t.strip()) > 12][:3]
    info, fonts, text = pdf_facts(print_pdf(page, tmp_path / "page.pdf"))
    flat = _flat(text)

    assert "(A4)" in info["Page size"], info["Page size"]
    assert fonts and all(f[-5] == "yes" for f in fonts), f"fonts not embedded: {fonts}"
    assert _flat(title) in flat
    for p in paragraphs:
        assert _flat(p)[:40] in flat, p
    # running header and footer, no navigation, search, header or footer chrome
    assert "信访工作知识库" in flat and f"第1页/共{info['Pages']}页" in flat
    for chrome in CHROME_TEXT:
        assert _flat(chrome) not in flat, chrome
    # every printed glyph comes from the named CJK font: a missing glyph would fall back to another family
    page.emulate_media(media="print")
    used = platform_fonts(page)
    assert used and set(used) <= {"Noto Sans CJK SC", "Noto Sans Mono CJK SC"}, used
    assert not page.external_requests


@pytest.mark.browser
@pytest.mark.pdf
def test_collapsed_answers_print_open(shared_page, site_url, tmp_path, poppler):
    """The training page's answers are collapsed (<details>) on screen and printed open."""
    page = shared_page
    page.goto(f"{site_url}/training/registration-acceptance.html")
    assert page.locator("details:not([open])").count() >= 8
    # inner_text() of a collapsed answer is "" (not rendered), and `"" in text` always held:
    # take the answer's text from the DOM instead
    hidden = page.locator("details:not([open]) p").nth(1).text_content()  # the first answer's explanation
    assert len(_flat(hidden)) >= 10, f"nothing to look for in the PDF: {hidden!r}"
    _, _, text = pdf_facts(print_pdf(page, tmp_path / "training.pdf"))
    assert _flat(hidden)[:30] in _flat(text)


def test_print_stylesheet_is_the_one_linked_by_every_page(built_site):
    for path in ("index.html", LONGEST_PROCEDURE[:-3] + ".html", "reference/glossary.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        assert "stylesheets/print.css" in html and "print-checklist.js" in html, path
        assert '<style media="print">@page' in html, path   # per-page running header (overrides/main.html)


@pytest.mark.browser
@pytest.mark.pdf
@pytest.mark.parametrize("src", PROCEDURES)
def test_procedure_checklist_prints_alone_on_one_a4_page(shared_page, site_url, tmp_path, poppler, src):
    page = shared_page
    page.goto(f"{site_url}/{src[:-3]}.html")
    checklist = page.locator(".kb-checklist").last
    items = checklist.locator("li").all_inner_texts()
    assert items, "no checklist items"
    # the real dialog would block the test; count the calls instead
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    checklist.get_by_role("button", name="打印本页清单").click()
    assert page.evaluate("window.__printed") == 1
    assert page.evaluate("document.body.classList.contains('kb-print-checklist')")

    info, fonts, text = pdf_facts(print_pdf(page, tmp_path / "checklist.pdf"))
    flat = _flat(text)
    assert info["Pages"] == "1", f"{src}: the checklist takes {info['Pages']} A4 pages"
    assert "(A4)" in info["Page size"]
    assert all(f[-5] == "yes" for f in fonts)
    for item in items:
        assert _flat(item) in flat, item
    assert "适用情形" not in flat and "办理步骤" not in flat, "only the checklist may be printed"
    assert "打印本页清单" not in flat

    # afterwards a normal print (Ctrl+P) prints the whole page again: the checklist-only class goes
    # (every page), and the whole page is printed (the longest one: the same script on every page)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.body.classList.contains('kb-print-checklist')")
    if src == LONGEST_PROCEDURE:
        whole = pdftext(print_pdf(page, tmp_path / "whole.pdf"))
        assert "适用情形" in _flat(whole)
    assert not page.external_requests
