"""A 30-page synthetic corpus (kb bench --pages) made from the small fixture site builds with
every check; under `mkdocs serve --dirty` an edit to data/deadlines.yml reaches every page that
shows that deadline, and only those pages (and a saved page only itself) are rebuilt.
Built in this process (kb_in_process, mkdocs' own build function)."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from kbtest import edit, fixture_site, kb_in_process

KEY_TEXT = ("  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 5\n",
            "  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 7\n",
            "  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 9\n")


def _indexed_docs(site) -> int:
    """Pages in kb's search index (search/meta.js: kbSearch.load("meta", {... "docs": N ...}))."""
    text = (site / "search/meta.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):text.rindex("}") + 1])["docs"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from kb.bench.corpus import make_corpus
    from kb.load.project import Project
    from kb.settings import Settings
    base = tmp_path_factory.mktemp("bench")
    fixture = fixture_site(base / "fixture")
    info = make_corpus(Project(Settings(root=fixture)), 30, base / "corpus")
    assert info.total == 30
    return info.root


def test_a_30_page_corpus_builds_with_every_check(corpus, tmp_path):
    result = kb_in_process("build", "--no-handouts", "--site-dir", str(tmp_path / "site"), cwd=corpus)
    assert result.returncode == 0, result.output
    pages = [p for p in (tmp_path / "site").rglob("*.html") if p.name != "404.html" and "assets" not in p.parts]
    assert len(pages) == 30
    assert (tmp_path / "site/procedures/acceptance-s0001.html").is_file()


def _dirty_build(root: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from kb.search.glossary import jieba
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    jieba()  # imported quietly first, as kb build does
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=False), dirty=True)


def _stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_live_preview_rebuilds_exactly_the_pages_a_data_edit_reaches(corpus, tmp_path, monkeypatch):
    from kb.load.project import _PROJECTS
    from kb.mkdocs_glue import live
    from kb.mkdocs_glue.serving import STATE as SERVE
    site = tmp_path / "preview"
    shows = {src for src in (p.relative_to(corpus / "docs").as_posix() for p in (corpus / "docs").rglob("*.md"))
             if "assigned_objection" in (corpus / "docs" / src).read_text(encoding="utf-8")}
    assert {"procedures/acceptance.md", "reference/deadlines.md", "index.md"} <= shows
    assert "procedures/acceptance-s0003.md" in shows  # the synthetic copies show it too
    # collecting and freezing after each rebuild is unit-tested (tests/unit/test_live_preview.py);
    # here it would walk the whole test process's objects after every rebuild
    monkeypatch.setattr(live, "settle_memory", lambda: None)
    original = (corpus / "data/deadlines.yml").read_text(encoding="utf-8")
    live.start(dirty=True)
    try:
        _dirty_build(corpus, site)
        before = _stamps(site)
        before_html = {k: (site / k).read_bytes() for k in before}
        docs_before = _indexed_docs(site)
        edit(corpus / "data/deadlines.yml", KEY_TEXT[0], KEY_TEXT[1])
        _dirty_build(corpus, site)
        after = _stamps(site)
        rebuilt = {k for k in after if after[k] != before.get(k)}
        expected = {src[:-3] + ".html" for src in shows}
        assert expected <= rebuilt, expected - rebuilt
        for page in expected:
            text = (site / page).read_text(encoding="utf-8")
            assert "7个工作日" in text and "5个工作日" not in text, page
        untouched = "policy/index.html"
        assert untouched not in rebuilt and untouched in after
        # what the preview shows now is what a full build of the edited sources gives, page by page
        saved = live.STATE
        live.start(dirty=False)
        full = tmp_path / "full"
        _dirty_build(corpus, full)
        live.STATE = saved
        differ = [k for k in after if k != "404.html" and (site / k).read_bytes() != (full / k).read_bytes()]
        assert differ == [], differ
        changed = {k for k in after if (site / k).read_bytes() != before_html.get(k)}
        assert rebuilt - {"404.html"} == changed - {"404.html"}  # only the pages the edit changed were rebuilt
        live.wait_for_later()  # the search index follows the reload (in the background)
        assert _indexed_docs(site) == docs_before  # the index still has every page

        page = corpus / "docs/policy/index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n预览里改的一句话。\n", encoding="utf-8")
        _dirty_build(corpus, site)
        again = _stamps(site)
        assert {k for k in again if again[k] != after[k]} - {"404.html"} == {"policy/index.html"}
        assert "预览里改的一句话" in (site / "policy/index.html").read_text(encoding="utf-8")
        live.wait_for_later()
        assert any("预览里改的一句话" in f.read_text(encoding="utf-8") for f in (site / "search/p").glob("*.js"))

        # a data edit that reaches many pages while one of them is open in a browser: that page is
        # rebuilt first (the browser reloads), the others wait, held back by the preview server,
        # for the follow-up build that runs in the background (here: once the test lets it)
        shown = "procedures/acceptance-s0003.html"
        live.STATE.open_pages[shown] = time.time()
        go = threading.Event()
        live.STATE.builder = lambda: (go.wait(120), _dirty_build(corpus, site))
        edit(corpus / "data/deadlines.yml", KEY_TEXT[1], KEY_TEXT[2])
        _dirty_build(corpus, site)
        first = _stamps(site)
        assert {k for k in first if first[k] != again[k]} - {"404.html"} == {shown}
        assert "9个工作日" in (site / shown).read_text(encoding="utf-8")
        assert set(live.STATE.pending_urls) == rebuilt - {"404.html", shown}  # what the first edit reached
        go.set()
        live.wait_for_later(stop=False)  # the search index, then the follow-up build
        assert live.STATE.pending == {} and live.STATE.pending_urls == frozenset()
        for page in expected:
            text = (site / page).read_text(encoding="utf-8")
            assert "9个工作日" in text and "7个工作日" not in text, page
        # the follow-up build wrote the search index of the whole site at its end
        assert _indexed_docs(site) == docs_before
        assert not any("7个工作日" in f.read_text(encoding="utf-8") for f in (site / "search/p").glob("*.js"))
        assert any("9个工作日" in f.read_text(encoding="utf-8") for f in (site / "search/p").glob("*.js"))

        # a save that breaks the build: every served page shows the message; once it is fixed,
        # every page is rebuilt (not only the ones the fix touches)
        SERVE["serving"] = True
        edit(corpus / "data/deadlines.yml", KEY_TEXT[2], KEY_TEXT[2].replace("length: 9", "length: [九]"))
        with pytest.raises(Exception):
            _dirty_build(corpus, site)
        assert "网站没有生成" in (site / untouched).read_text(encoding="utf-8")
        edit(corpus / "data/deadlines.yml", KEY_TEXT[2].replace("length: 9", "length: [九]"), KEY_TEXT[2])
        _dirty_build(corpus, site)
        assert "网站没有生成" not in (site / shown).read_text(encoding="utf-8")  # the open page first
        live.wait_for_later(stop=False)  # then the others
        assert not [k for k in _stamps(site) if "网站没有生成" in (site / k).read_text(encoding="utf-8")]
    finally:
        SERVE["serving"] = False
        (corpus / "data/deadlines.yml").write_text(original, encoding="utf-8")
        live.start(dirty=False)
        _PROJECTS.clear()
