"""Bad input that only MkDocs itself can find (dead links and anchors, unknown macros and
variables, personal data that appears only after rendering) stops `kb build` with a message
naming the page and line, and leaves no site behind; drafts never reach the site; a data change
reaches every page; a handout follows the page it cites.

Each on a copy of the small fixture site (tests/e2e/fixture_site), built in this process."""
import io
import logging
import re

import pytest

from kbtest import append, edit, fixture_site, flat, kb_in_process, line_number, pdftext

pytestmark = pytest.mark.usefixtures("memo_privacy_scan")  # the real data files are the same in every copy
ID = "330199198506121812"  # invented; valid checksum and date
ID_MASKED = "*" * 18  # every character of a finding is hidden


@pytest.fixture
def site(tmp_path):
    return fixture_site(tmp_path / "fixture")


def build_fails(repo, *expected: str) -> str:
    """`kb build` in the copy must fail (exit 1), produce no site and say each expected thing."""
    site_dir = repo / "site"
    result = kb_in_process("build", "--site-dir", str(site_dir), cwd=repo)
    output = result.output
    assert result.returncode == 1, output
    assert not site_dir.exists() and not (repo / "site.building").exists(), "a failed build must not leave a site behind"
    for text in expected:
        assert re.search(text, output), f"expected {text!r} in:\n{output}"
    return output


def test_unknown_macro_names_page_and_name(site):
    page = site / "docs/procedures/acceptance.md"
    append(page, "\n{{ no_such_macro(1) }}\n")
    line = line_number(page, "no_such_macro")
    build_fails(site, rf"docs/procedures/acceptance\.md:{line}: macro: .*no_such_macro")


def test_undefined_variable_names_page_and_name(site):
    page = site / "docs/reference/deadlines.md"
    append(page, "\n{{ county_name }}\n")
    line = line_number(page, "county_name")
    build_fails(site, rf"docs/reference/deadlines\.md:{line}: macro: .*county_name")


def test_broken_link_names_page_and_target(site):
    page = site / "docs/procedures/acceptance.md"
    append(page, "\n另见[旧页面](old-page.md)。\n")
    line = line_number(page, "old-page.md")
    build_fails(site, rf"docs/procedures/acceptance\.md:{line}: link: .*old-page\.md")


def test_broken_anchor_names_page_and_anchor(site):
    page = site / "docs/procedures/acceptance.md"
    append(page, "\n另见[术语](../reference/glossary.md#term-不存在的术语)。\n")
    line = line_number(page, "term-不存在的术语")
    build_fails(site, rf"docs/procedures/acceptance\.md:{line}: anchor: .*term-不存在的术语")


def test_personal_data_that_only_appears_after_rendering_stops_the_build(site):
    """Character references hide personal data from the source scan; the built-site scan sees it.
    (A macro can no longer assemble it: `{{ "3301991985" ~ "06121812" }}` is refused by macro.allowed.)"""
    page = site / "docs/policy/index.md"
    append(page, "\n身份证号&#51;3019919850612181&#50;\n")
    out = build_fails(site, r"构建出的网站里 policy/index\.html", r"search/p/\d+\.js", r"docs/policy/index\.md")
    assert ID_MASKED in out and ID not in out


def test_mkdocs_build_itself_runs_the_source_scan(site):
    """`mkdocs build` (not kb) runs the same checks through the hooks."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from kb.load import project as project_module
    append(site / "docs/policy/index.md", "\n联系人：王秀英女士\n")
    project_module._PROJECTS.clear()
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "out"), strict=True)
        with pytest.raises(Exception) as failed:  # mkdocs: PluginError, logged, then click's Abort
            build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        project_module._PROJECTS.clear()
    said = f"{failed.value}\n{log.getvalue()}"
    assert re.search(r"docs/policy/index\.md:\d+: privacy: 疑似姓名", said), said
    assert not (site / "out" / "policy").exists()


def test_drafts_never_reach_the_site_and_data_changes_reach_every_page(site):
    draft = site / "docs/procedures/draft-example.md"
    draft.write_text(
        "---\ntitle: 草稿示例\nowner: county-petition-bureau\nreviewed: 2026-11-01\n"
        "review_interval_months: 12\ntags: [受理]\ndraft: true\n---\n\n# 草稿示例\n\n独一无二的草稿词语甲乙丙。\n",
        encoding="utf-8")
    edit(site / "data/deadlines.yml", "  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 5\n",
         "  - key: assigned_objection\n    stage: 对转送、交办提出异议\n    length: 7\n")
    out = site / "site"
    result = kb_in_process("build", "--no-handouts", "--site-dir", str(out), cwd=site)
    assert result.returncode == 0, result.output   # the fixture site builds (every other test here breaks it)
    assert (out / "procedures/acceptance.html").is_file()
    assert not (out / "procedures/draft-example.html").exists()
    index = "".join(p.read_text(encoding="utf-8") for p in (out / "search").rglob("*.js"))
    assert index
    assert "甲乙丙" not in index and "草稿示例" not in index
    for page in ("procedures/acceptance.html", "reference/deadlines.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "7个工作日" in html and "5个工作日" not in html, page


@pytest.mark.browser
@pytest.mark.pdf
def test_handout_changes_when_a_referenced_page_changes(site, tmp_path):
    from conftest import require_chromium, require_poppler
    require_chromium()
    require_poppler()
    module = "fixture-module"  # its first source: procedures/acceptance.md, 办理步骤
    marker = "讲义跟着页面变：这是测试时临时加进页面的一句话。"
    edit(site / "docs/procedures/acceptance.md", "## 办理步骤\n", f"## 办理步骤\n\n{marker}\n")
    out = tmp_path / "out"
    result = kb_in_process("handouts", "--out", str(out), "--module", module, cwd=site)
    assert result.returncode == 0, result.output
    assert flat(marker) in flat(pdftext(out / f"{module}.pdf"))
    assert [p.name for p in out.glob("*.pdf")] == [f"{module}.pdf"]


@pytest.mark.browser
def test_kb_build_prints_the_handouts_into_the_site(site):
    """Without --no-handouts, `kb build` prints every module's PDF into site/handouts/ (chromium)."""
    from conftest import require_chromium
    require_chromium()
    out = site / "site"
    result = kb_in_process("build", "--site-dir", str(out), cwd=site)
    assert result.returncode == 0, result.output
    assert (out / "handouts/fixture-module.pdf").stat().st_size > 1000, "kb build did not make the handout"
    assert "fixture-module.pdf" in result.stdout and "1 份培训讲义已生成" in result.stdout
