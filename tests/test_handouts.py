"""Training modules and their PDF handouts (kb/training.py, kb/handouts.py).

The PDFs checked here are the ones `kb build` put into the session's built site
(site/handouts/<id>.pdf); poppler (pdfinfo, pdffonts, pdftotext) reads them."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, require_poppler, run_kb
from kb.data import load_data
from kb.handouts import compose_handout, page_html_path, plain, platform_fonts
from kb.render_training import heading_anchor
from kb.training import LETTERS

DATA = load_data()
MODULES = DATA.training
REQUIRED = ["信访工作基础与责任体系", "登记、受理与告知", "办理、答复与复查复核",
            "初信初访与就地化解", "集体访与应急处置", "依法分类处理与信访人权益保障"]


def _flat(text: str) -> str:
    """pdftotext breaks lines anywhere in Chinese text: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def _plain(raw: str) -> str:
    import html
    return _flat(html.unescape(plain(DATA, raw)))


def pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdffonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def handouts(built_site) -> Path:
    require_poppler()
    return built_site / "handouts"


# ---------------------------------------------------------------- the data

def test_the_six_required_modules_exist_with_enough_questions():
    titles = [m.title for m in MODULES]
    assert all(t in titles for t in REQUIRED), titles
    for m in MODULES:
        assert len(m.quiz) >= 8, m.id
        assert {q.type for q in m.quiz} == {"single", "multiple", "true_false", "scenario"}, m.id
        for q in m.quiz:
            assert q.basis.article or q.basis.page, (m.id, q.question)
            if q.type in ("single", "multiple"):
                assert set(q.answer) <= set(LETTERS[:len(q.options)])


def test_module_pages_are_in_the_nav_under_training():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("  - 培训:")[1]
    for m in MODULES:
        assert f"- {m.page}" in nav, m.page


# ---------------------------------------------------------------- the PDFs in the built site

@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_handout_pdf_is_a4_embeds_its_fonts_and_has_all_its_text(handouts, module):
    pdf = handouts / f"{module.id}.pdf"
    assert pdf.exists(), f"kb build did not make {pdf}"
    info = pdfinfo(pdf)
    assert "(A4)" in info["Page size"], info["Page size"]
    fonts = pdffonts(pdf)
    assert fonts, "no fonts in the PDF"
    not_embedded = [f for f in fonts if f[-5] != "yes"]  # columns: … emb sub uni object ID
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    text = _flat(pdftext(pdf))
    assert _flat(module.title) in text
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
        assert _flat(s.heading) in text, s.heading
    assert f"第1页/共{info['Pages']}页" in text  # running footer


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_answer_key_starts_on_a_new_page(handouts, module):
    pdf = handouts / f"{module.id}.pdf"
    pages = pdftext(pdf).split("\f")
    starts = [i for i, p in enumerate(pages) if "答案与依据" in p]
    assert len(starts) == 1, f"answer key heading on pages {starts}"
    page = pages[starts[0]]
    before = _flat(page.split("答案与依据")[0])
    # only the running header may come before the heading on its page
    assert before in ("", "信访工作知识库" + _flat(module.title), _flat(module.title) + "信访工作知识库"), before
    last_question = _plain(module.quiz[-1].question)
    assert last_question in _flat("".join(pages[:starts[0]])), "the quiz must end before the answer key"
    signoff = [i for i, p in enumerate(pages) if "学习确认表" in p and "学员签名" in p]
    assert signoff and signoff[0] > starts[0]


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_page_breaks_never_split_a_checklist_item_or_a_question(handouts, module):
    pages = [_flat(p) for p in pdftext(handouts / f"{module.id}.pdf").split("\f")]
    for item in module.checklist:
        assert any(_plain(item) in p for p in pages), f"checklist item split across pages: {item}"
    for q in module.quiz:
        whole = _plain(q.question) + "".join(f"{letter}.{_plain(o)}" for letter, o in zip(LETTERS, q.options))
        assert any(whole in p for p in pages), f"question split across pages: {q.question}"


@pytest.mark.pdf
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_handout_contains_the_cited_sections_as_built(handouts, built_site, module):
    """The section text comes from the built page: its first paragraph is in the PDF."""
    text = _flat(pdftext(handouts / f"{module.id}.pdf"))
    for s in module.sources:
        page = (built_site / page_html_path(s.page)).read_text(encoding="utf-8")
        anchor = heading_anchor(s.heading)
        after = page.split(f'id="{anchor}"', 1)[1]
        first_block = re.search(r"<(p|li|td)>(.*?)</\1>", after, re.S).group(2)
        words = _flat(re.sub(r"<[^>]+>", "", first_block))
        import html
        assert _flat(html.unescape(words))[:30] in text, (s.page, s.heading)


@pytest.mark.pdf
def test_module_pages_link_to_their_pdf_and_the_file_exists(built_site, handouts):
    index = (built_site / "training" / "index.html").read_text(encoding="utf-8")
    for m in MODULES:
        page = (built_site / "training" / f"{m.id}.html").read_text(encoding="utf-8")
        href = f'href="../handouts/{m.id}.pdf"'
        assert href in page and href in index, m.id
        assert (built_site / "training" / "../handouts" / f"{m.id}.pdf").resolve().exists()


@pytest.mark.browser
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


def test_compose_is_pure_and_escapes_data():
    m = MODULES[0]
    from kb.handouts import Section
    sections = [Section("p.md", "h", "标题<b>", "<p>段落</p>")]
    a = compose_handout(m, DATA, sections, ["../x.css"])
    assert a == compose_handout(m, DATA, sections, ["../x.css"])
    assert "标题&lt;b&gt;" in a and "<p>段落</p>" in a
    assert a.index("答案与依据") > a.index("、测验") and a.index("学习确认表") > a.index("答案与依据")


# ---------------------------------------------------------------- timing (reported)

@pytest.mark.pdf
def test_render_time_of_all_handouts(built_site, handouts, tmp_path, capsys):
    """`kb handouts` from an already built site, in a subprocess as staff run it (reported)."""
    started = time.perf_counter()
    result = run_kb("handouts", "--site-dir", str(built_site), "--out", str(tmp_path))
    total = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(f"{m.id}.pdf" for m in MODULES)
    with capsys.disabled():
        per = "，".join(line.strip() for line in result.stdout.splitlines() if ".pdf" in line)
        print(f"\n[handouts] kb handouts: {len(MODULES)} PDFs in {total:.1f}s wall (incl. Python and browser start): {per}")
    assert total < 180


# ---------------------------------------------------------------- failures and changes, on a copy of the repo

def _copy_repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "site.building", "handouts", "__pycache__", ".pytest_cache", "*.egg-info"))
    return dest


BAD_REFERENCES = {
    "missing-article": (r"basis: \{article: 17\}", "basis: {article: 60}",
                        "modules[0].quiz[0].basis.article", "第60条"),
    "missing-page": (r"basis: \{article: 7\}", "basis: {page: procedures/no-such-page.md}",
                     "modules[0].quiz[1].basis.page", "no-such-page.md"),
    "missing-heading": (r"heading: 三组原则各管什么\n", "heading: 没有这个小节\n",
                        "modules[0].sources[0].heading", "没有这个小节"),
}


@pytest.mark.parametrize("case", BAD_REFERENCES, ids=str)
def test_a_bad_reference_in_training_fails_the_build_with_file_and_field(tmp_path, case):
    pattern, replacement, field, words = BAD_REFERENCES[case]
    repo = _copy_repo(tmp_path)
    path = repo / "data" / "training.yml"
    text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    assert n == 1, f"fixture text {pattern!r} not found in data/training.yml"
    path.write_text(text, encoding="utf-8")
    result = run_kb("build", "--site-dir", str(tmp_path / "site"), cwd=repo, env={"KB_ROOT": str(repo)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"data/training\.yml:\d+: ", result.stderr), result.stderr
    assert field in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.pdf
def test_handout_changes_when_a_referenced_page_changes(tmp_path):
    require_poppler()
    repo = _copy_repo(tmp_path)
    module = next(m for m in MODULES if any(s.page == "procedures/acceptance.md" and s.heading == "办理步骤"
                                                for s in m.sources))
    page = repo / "docs" / "procedures" / "acceptance.md"
    marker = "讲义跟着页面变：这是测试时临时加进页面的一句话。"
    text = page.read_text(encoding="utf-8")
    assert "## 办理步骤\n" in text
    page.write_text(text.replace("## 办理步骤\n", f"## 办理步骤\n\n{marker}\n", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = run_kb("handouts", "--out", str(out), "--module", module.id, cwd=repo, env={"KB_ROOT": str(repo)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert _flat(marker) in _flat(pdftext(out / f"{module.id}.pdf"))
    assert [p.name for p in out.glob("*.pdf")] == [f"{module.id}.pdf"]


def test_handouts_help_and_usage_errors():
    result = run_kb("handouts", "--help")
    assert result.returncode == 0 and "--out" in result.stdout and "--module" in result.stdout
    result = run_kb("handouts", "--no-such-option")
    assert result.returncode == 2
