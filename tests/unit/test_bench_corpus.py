"""kb bench --pages: the synthetic corpus is valid (every source check passes, titles distinct),
its baseline renders the same Markdown; the nav stays small; the built-site scan reads page bodies.
No build here: the one small build of a corpus is tests/e2e/test_bench_build.py."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import checks
from kb.bench.corpus import (GROUP, SYNTH_SECTION, copy_page_text, copy_playbook_text, make_corpus, read_nav,
                             set_top_key, split_extra, write_baseline)
from kb.load.project import Project
from kb.load.yamlio import parse_yaml
from kb.model.privacy_lists import NO_LISTS
from kb.privacy.scan import check_site, page_body
from kb.render.playbooks import BY_CATEGORY, NAV_GROUP, nav_chunks
from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ID = "330199198506121812"  # invented; valid checksum and date


def test_set_top_key_replaces_plain_quoted_and_block_values():
    text = 'title: 旧\nsummary: |\n  第一行\n\n  第二行\nrisk: low\n'
    out = set_top_key(set_top_key(text, "title", '新: "标题"'), "summary", "一句")
    data, _ = parse_yaml(out, "x.yml")
    assert data == {"title": '新: "标题"', "summary": "一句", "risk": "low"}
    with pytest.raises(ValueError):
        set_top_key(text, "owner", "x")


def test_page_copy_has_a_numbered_title_h1_and_sentence():
    text = "---\ntitle: 受理与告知\nowner: x\n---\n\n# 受理与告知\n\n正文。\n"
    out = copy_page_text(text, "受理与告知", 7)
    front, _ = parse_yaml(out.split("---\n")[1], "x.md")
    assert front["title"] == "受理与告知（合成第7号）" and front["owner"] == "x"
    assert "\n# 受理与告知（合成第7号）\n" in out and "第7份" in out and out.endswith("正文。\n")


def test_playbook_copy_is_valid_yaml_with_new_title_and_summary():
    text = "# comment\ntitle: 甲\nsummary: >-\n  乙\n  丙\nrisk: low\n"
    data, _ = parse_yaml(copy_playbook_text(text, "甲", "乙丙", 3), "x.yml")
    assert data["title"] == "甲（合成第3号）" and data["summary"] == "乙丙（合成案例第3号）" and data["risk"] == "low"


def test_extra_pages_are_split_in_the_real_proportion():
    assert split_extra(100, 30, 10) == (75, 25)
    assert split_extra(-5, 30, 10) == (0, 0)


def test_playbook_nav_is_flat_when_small_and_collapsed_when_large():
    few = [f"playbooks/p{i}.md" for i in range(NAV_GROUP)]
    assert nav_chunks(few) == few
    many = [f"playbooks/p{i}.md" for i in range(NAV_GROUP * 2 + 1)]
    groups = nav_chunks(many)
    assert [len(next(iter(g.values()))) for g in groups] == [NAV_GROUP, NAV_GROUP, 1]
    assert next(iter(groups[0])) == f"第1—{NAV_GROUP}个"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    real = Project(Settings(root=ROOT))
    dest = tmp_path_factory.mktemp("bench") / "corpus"
    info = make_corpus(real, len(real.pages) + 90, dest)
    return info, Project(Settings(root=dest))


def test_corpus_passes_every_source_check(corpus):
    info, project = corpus
    errors = project.page_problems + checks.run_rules(project.context(), severity="error")
    assert errors == [], "\n".join(map(str, errors))
    published = [p for p in project.pages if not p.is_draft]
    assert len(published) == info.pages and len(project.data.playbooks) == info.playbooks


def test_corpus_titles_are_distinct_and_every_page_is_in_the_nav(corpus):
    info, project = corpus
    titles = [p.meta["title"] for p in project.pages if not p.is_draft and p.meta.get("title")]
    titles += [pb.title for pb in project.data.playbooks.values()]
    assert len(titles) == len(set(titles))
    nav = read_nav(project.settings.config_file.read_text(encoding="utf-8"))
    listed = json.dumps(nav, ensure_ascii=False)
    copies = [p.src for p in project.pages if "-s0" in p.src]
    assert copies and all(f'"{src}"' in listed for src in copies)
    assert SYNTH_SECTION in listed and all(len(g) <= GROUP for g in _groups(nav))
    assert "/mkdocs_glue/hooks.py" in project.settings.config_file.read_text(encoding="utf-8")


def _groups(nav):
    for entry in nav:
        for value in entry.values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and SYNTH_SECTION in item:
                        for group in item[SYNTH_SECTION]:
                            yield next(iter(group.values()))


def test_baseline_has_the_same_pages_with_macros_rendered(corpus, tmp_path):
    from kb.mkdocs_glue.macros import markdown_renderer
    _, project = corpus
    config = write_baseline(project, tmp_path / "base", markdown_renderer(project.settings.root))
    text = config.read_text(encoding="utf-8")
    assert "\nhooks:" not in text and "- macros" not in text and "search:" in text and "material" in text
    built = {p.relative_to(tmp_path / "base" / "docs").as_posix() for p in (tmp_path / "base" / "docs").rglob("*.md")}
    expected = {p.src for p in project.pages if not p.is_draft} | {pb.src for pb in project.data.playbooks.values()}
    assert built == expected
    acceptance = (tmp_path / "base" / "docs" / "procedures" / "acceptance.md").read_text(encoding="utf-8")
    assert "{{" not in acceptance and "cite(" not in acceptance and "regulation.md#" in acceptance
    if len(project.data.playbooks) > NAV_GROUP:
        assert BY_CATEGORY in text


def test_site_scan_reads_page_bodies_and_the_chrome_once(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    chrome = f'<nav>{ID}</nav>'
    article = '<article class="md-content__inner md-typeset">\n<p>正文</p>\n</article>'
    (site / "index.html").write_text(f"<html>\n{chrome}\n{article}\n</html>\n", encoding="utf-8")
    (site / "a.html").write_text(f"<html>\n{chrome}\n<article class=\"md-content__inner md-typeset\">\n"
                                 f"<p>身份证号{ID}</p>\n</article>\n</html>\n", encoding="utf-8")
    (site / "b.html").write_text(f"<html>\n{chrome}\n{article}\n</html>\n", encoding="utf-8")
    (site / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    found = check_site(site, NO_LISTS, tmp_path)
    where = sorted((f.path.rsplit("/", 1)[-1], f.line) for f in found)
    # the chrome once (on index.html), the body of a.html on its own line; b.html's chrome not again
    assert where == [("a.html", 4), ("index.html", 2)], where
    body, first = page_body((site / "a.html").read_text(encoding="utf-8"))
    assert body.startswith("<article") and first == 3


def test_parallel_site_scan_finds_the_same(tmp_path, monkeypatch):
    import kb.privacy.scan as scan
    site = tmp_path / "site"
    site.mkdir()
    for i in range(6):
        body = f"<p>身份证号{ID}</p>" if i % 2 else "<p>正文</p>"
        (site / f"p{i}.html").write_text(f'<html>\n<article class="md-content__inner md-typeset">\n{body}\n'
                                         "</article>\n</html>\n", encoding="utf-8")
    one = check_site(site, NO_LISTS, tmp_path, workers=1)
    monkeypatch.setattr(scan, "PARALLEL_FROM", 1)
    two = check_site(site, NO_LISTS, tmp_path, workers=2)
    assert len(one) == 3 and two == one


def test_compact_nav_squeezes_only_the_sidebar_whitespace():
    from kb.mkdocs_glue.hooks import compact_nav
    page = ('<pre>  a\n\n  b</pre><div class="md-sidebar md-sidebar--primary">\n    <a>  甲 乙  </a>\n\n  '
            '</div><div class="md-sidebar md-sidebar--secondary">\n   <pre>  x\n  y</pre>')
    out = compact_nav(page)
    assert out.startswith("<pre>  a\n\n  b</pre>") and out.endswith('secondary">\n   <pre>  x\n  y</pre>')
    assert '<div class="md-sidebar md-sidebar--primary">\n<a> 甲 乙 </a>\n</div>' in out
    assert compact_nav("<p>  没有侧栏  </p>") == "<p>  没有侧栏  </p>"


def test_scale_table_shows_the_preview_columns_only_when_measured(capsys):
    from kb.cli.bench import print_table
    row = {"pages": 1000, "kb_s": 49.6, "kb_cpu": 68.7, "base_s": 40.5, "base_cpu": 40.5, "ratio_s": 1.23,
           "ratio_cpu": 1.70, "kb_mb": 572, "base_mb": 203, "kb_html": 47_900, "base_html": 60_500,
           "kb_html_max": 577_000, "kb_index": 8_100_000, "base_index": 19_000_000, "check_s": 3.8,
           "check_cpu": 4.4, "check_ok": True, "serve_page_s": None, "serve_data_s": None, "serve_data_all_s": None}
    print_table([row])
    plain = capsys.readouterr().out
    assert "预览" not in plain and "| 1,000 | 49.6 秒" in plain and "1.23×" in plain
    print_table([dict(row, serve_page_s=1.7, serve_data_s=2.2, serve_data_all_s=39.1)])
    lines = capsys.readouterr().out.splitlines()
    assert "预览：改一页" in lines[1] and lines[2].count("|") == lines[1].count("|")
    assert lines[3].endswith("| 1.7 秒 / 2.2 秒，39.1 秒 |")
