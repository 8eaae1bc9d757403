"""Training handouts (kb/handouts/): the PDFs of the session's one `kb handouts --site-dir` run
over the built site (tests/conftest.py handouts), read with poppler (pdfinfo, pdffonts,
pdftotext). `kb build` printing them into site/handouts/: tests/e2e/test_bad_builds.py."""
from __future__ import annotations

import html
import re

import pytest

from kb.handouts.compose import page_html_path, plain
from kb.handouts.printing import platform_fonts
from kb.render.training import heading_anchor
from kb.model.training import LETTERS
from kbtest import flat, pdffonts, pdfinfo, pdftext, real_data

DATA = real_data()
MODULES = DATA.training
# Every test here reads what chromium printed (the session's handouts fixture runs it): without
# chromium there is nothing to read, so `-m "not browser"` leaves them all out.
pytestmark = pytest.mark.browser


def _plain(raw: str) -> str:
    return flat(html.unescape(plain(DATA, raw)))


@pytest.fixture(scope="module")
def poppler():
    from conftest import require_poppler
    require_poppler()


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_handout_pdf_is_a4_embeds_its_fonts_and_has_all_its_text(handouts, poppler, module):
    pdf = handouts / f"{module.id}.pdf"
    assert pdf.exists(), f"kb handouts did not make {pdf}"
    info = pdfinfo(pdf)
    assert "(A4)" in info["Page size"], info["Page size"]
    fonts = pdffonts(pdf)
    assert fonts, "no fonts in the PDF"
    not_embedded = [f for f in fonts if f[-5] != "yes"]  # columns: … emb sub uni object ID
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    text = flat(pdftext(pdf))
    assert flat(module.title) in text
    for part in ("学习目标", "学习内容", "要点", "学习清单", "测验", "答案与依据", "学习确认表",
                 "学员签名", "培训人签名", f"版本{module.version}"):
        assert part in text, part
    for objective in module.objectives:
        assert _plain(objective) in text, objective
    for item in module.checklist:
        assert _plain(item) in text, item
    for q in module.quiz:
        assert _plain(q.question) in text, q.question
        assert _plain(q.explanation) in text, q.explanation  # the answer key
    for s in module.sources:
        assert flat(s.heading) in text, s.heading
    assert f"第1页/共{info['Pages']}页" in text  # running footer


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_answer_key_starts_on_a_new_page(handouts, poppler, module):
    pdf = handouts / f"{module.id}.pdf"
    pages = pdftext(pdf).split("\f")
    starts = [i for i, p in enumerate(pages) if "答案与依据" in p]
    assert len(starts) == 1, f"answer key heading on pages {starts}"
    page = pages[starts[0]]
    before = flat(page.split("答案与依据")[0])
    # only the running header may come before the heading on its page
    assert before in ("", "信访工作知识库" + flat(module.title), flat(module.title) + "信访工作知识库"), before
    last_question = _plain(module.quiz[-1].question)
    assert last_question in flat("".join(pages[:starts[0]])), "the quiz must end before the answer key"
    signoff = [i for i, p in enumerate(pages) if "学习确认表" in p and "学员签名" in p]
    assert signoff and signoff[0] > starts[0]


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_page_breaks_never_split_a_checklist_item_or_a_question(handouts, poppler, module):
    pages = [flat(p) for p in pdftext(handouts / f"{module.id}.pdf").split("\f")]
    for item in module.checklist:
        assert any(_plain(item) in p for p in pages), f"checklist item split across pages: {item}"
    for q in module.quiz:
        whole = _plain(q.question) + "".join(f"{letter}.{_plain(o)}" for letter, o in zip(LETTERS, q.options))
        assert any(whole in p for p in pages), f"question split across pages: {q.question}"


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_handout_contains_the_cited_sections_as_built(handouts, poppler, built_site, module):
    """The section text comes from the built page: its first paragraph is in the PDF."""
    text = flat(pdftext(handouts / f"{module.id}.pdf", raw=True))  # raw: sections may start with a table
    for s in module.sources:
        page = (built_site / page_html_path(s.page)).read_text(encoding="utf-8")
        anchor = heading_anchor(s.heading)
        after = page.split(f'id="{anchor}"', 1)[1]
        first_block = re.search(r"<(p|li|td)>(.*?)</\1>", after, re.S).group(2)
        words = flat(re.sub(r"<[^>]+>", "", first_block))
        assert flat(html.unescape(words))[:30] in text, (s.page, s.heading)


def test_module_pages_link_to_their_pdf_and_the_file_exists(built_site, handouts):
    index = (built_site / "training" / "index.html").read_text(encoding="utf-8")
    for m in MODULES:
        page = (built_site / "training" / f"{m.id}.html").read_text(encoding="utf-8")
        href = f'href="../handouts/{m.id}.pdf"'
        assert href in page and href in index, m.id
        assert (built_site / "training" / "../handouts" / f"{m.id}.pdf").resolve().exists()


@pytest.mark.parametrize("module", MODULES[:2], ids=lambda m: m.id)
def test_handout_text_uses_only_noto_sans_cjk_sc(page, handouts, module):
    """No missing glyphs: Chromium would fall back to another font for a glyph the named font
    lacks, and the fallback shows up in the fonts it reports for the text."""
    page.goto((handouts / f"{module.id}.html").as_uri())
    page.emulate_media(media="print")
    used = platform_fonts(page)
    assert used, "no text found"
    assert set(used) <= {"Noto Sans CJK SC", "Noto Sans Mono CJK SC"}, used
    assert not page.external_requests


@pytest.mark.browser
def test_the_font_audit_sees_a_fallback_font_and_skips_what_is_not_shown(page):
    """platform_fonts (the check above): a glyph Noto Sans CJK SC lacks shows up as another family;
    text inside display: none is not laid out and adds nothing."""
    page.set_content('<body style="font-family: \'Noto Sans CJK SC\'"><p>信访 ა</p>'
                     '<div style="display: none"><p style="font-family: monospace">看不见</p></div></body>')
    used = platform_fonts(page)
    assert "Noto Sans CJK SC" in used and len(used) >= 2, used   # ა (Georgian): not in the CJK font, in DejaVu
    page.set_content('<body style="font-family: \'Noto Sans CJK SC\'"><p>信访</p>'
                     '<div style="display: none"><p>ა</p></div></body>')
    assert set(platform_fonts(page)) == {"Noto Sans CJK SC"}


def test_render_time_of_all_handouts(handouts_run, handouts, terminal_note):
    """`kb handouts --site-dir` over the built site, in a subprocess as staff run it (reported)."""
    result = handouts_run.result
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in handouts.glob("*.pdf")) == sorted(f"{m.id}.pdf" for m in MODULES)
    per = "，".join(line.strip() for line in result.stdout.splitlines() if ".pdf" in line)
    terminal_note(f"[handouts] kb handouts: {len(MODULES)} PDFs in {handouts_run.seconds:.1f}s wall "
                  f"(incl. Python and browser start, alongside the other tests): {per}")
    assert handouts_run.seconds < 180
