"""Every class of bad input in the sources stops `kb build` before MkDocs starts, with a message
naming the file, the line or field, and what to do — and leaves no site behind.

In this process, on a copy of docs/, data/ and mkdocs.yml (bad input that needs MkDocs itself to
show: tests/e2e/test_bad_builds.py)."""
import re

import pytest

from kbtest import append, copy_sources, edit, kb_in_process, line_number

pytestmark = pytest.mark.usefixtures("memo_privacy_scan")


@pytest.fixture
def repo(tmp_path):
    return copy_sources(tmp_path / "repo")


def build_fails(repo, *expected: str) -> str:
    """`kb build` in the copy must fail (exit 1), produce no site and say each expected thing."""
    site = repo / "site"
    result = kb_in_process("build", "--site-dir", str(site), cwd=repo)
    output = result.output
    assert result.returncode == 1, output
    assert not site.exists() and not (repo / "site.building").exists(), "a failed build must not leave a site behind"
    for text in expected:
        assert re.search(text, output), f"expected {text!r} in:\n{output}"
    return output


def test_yaml_syntax_error_names_file_and_line(repo):
    f = repo / "data/deadlines.yml"
    edit(f, "    stage: 申请复查", "    stage: [申请复查")
    line = line_number(f, "[申请复查")
    out = build_fails(repo, r"data/deadlines\.yml:\d+: yaml: YAML 格式错误")
    reported = int(re.search(r"data/deadlines\.yml:(\d+)", out).group(1))
    assert abs(reported - line) <= 2  # the YAML parser reports the line where it noticed the problem


def test_schema_violation_names_file_line_record_field_and_expectation(repo):
    f = repo / "data/deadlines.yml"
    edit(f, "    length: 60\n", "    length: 六十\n")
    line = line_number(f, "length: 六十")
    build_fails(repo, rf"data/deadlines\.yml:{line}: schema: deadlines\[\d+\]\.length 不符合要求：这里应当是整数。",
                "该字段应为：期限长度")


def test_schema_type_error_asks_for_quotes(repo):
    f = repo / "data/deadlines.yml"
    edit(f, "    stage: 申请复查\n", "    stage: 2026\n")
    line = line_number(f, "stage: 2026")
    build_fails(repo, rf"data/deadlines\.yml:{line}: schema: deadlines\[\d+\]\.stage 不符合要求：这里应当是文字，"
                      r"但 YAML 把 2026 读成了数字。请给它加上引号，如 \"2026\"。")


def test_schema_rejects_unknown_fields(repo):
    f = repo / "data/units.yml"
    edit(f, "    level: 县级\n", "    level: 县级\n    phone: 12345\n")
    line = line_number(f, "phone: 12345")
    build_fails(repo, rf"data/units\.yml:{line}: schema: .*phone")


def test_cross_reference_to_unknown_unit(repo):
    f = repo / "data/categories.yml"
    edit(f, "lead: county-housing", "lead: county-no-such-bureau")
    lines = f.read_text(encoding="utf-8").splitlines()
    at = line_number(f, "county-no-such-bureau")
    record = next(i for i in range(at, 0, -1) if lines[i - 1].lstrip().startswith("- "))  # the category's first line
    build_fails(repo, rf"data/categories\.yml:{record}: reference: .*county-no-such-bureau")


@pytest.mark.parametrize("bad", ["{{ cite(51) }}", "第88条", "第五十一条"])
def test_citation_of_missing_article_names_page_line_and_number(repo, bad):
    page = repo / "docs/reference/deadlines.md"
    append(page, f"\n依据{bad}办理。\n")
    line = line_number(page, bad)
    build_fails(repo, rf"docs/reference/deadlines\.md:{line}: citation: .*(51|88|五十一)")


@pytest.mark.parametrize("bad", ["复查期限见第34条", "按第33条规定60日内办结", "复核（第35条）"])
def test_superseded_2005_numbers_are_refused(repo, bad):
    page = repo / "docs/reference/deadlines.md"
    append(page, f"\n{bad}。\n")
    line = line_number(page, bad)
    build_fails(repo, rf"docs/reference/deadlines\.md:{line}: citation: .*2005年旧《信访条例》")


def test_missing_front_matter_field_names_page_and_field(repo):
    edit(repo / "docs/reference/matrix.md", "owner: county-petition-bureau\n", "")
    build_fails(repo, r"docs/reference/matrix\.md:2: front-matter: front matter 缺少字段 owner。")


def test_wrong_front_matter_values_name_the_field(repo):
    page = repo / "docs/reference/matrix.md"
    edit(page, "review_interval_months: 12", "review_interval_months: 一年")
    edit(page, "tags: [责任制, 诉访分离]", "tags: [责任制, 未登记的标签]")
    months = line_number(page, "review_interval_months: 一年")
    line = line_number(page, "未登记的标签")
    build_fails(repo, rf"docs/reference/matrix\.md:{months}: front-matter: review_interval_months 不符合要求：这里应当是整数。",
                rf"docs/reference/matrix\.md:{line}: front-matter: 标签 “未登记的标签” 不在受控标签表里")


def test_impossible_review_date_is_a_format_error(repo):
    page = repo / "docs/reference/matrix.md"
    text = page.read_text(encoding="utf-8")
    old = re.search(r"^reviewed: .*$", text, re.M).group(0)
    edit(page, old, "reviewed: 2026-11-31")
    line = line_number(page, "reviewed: 2026-11-31")
    build_fails(repo, rf"docs/reference/matrix\.md:{line}: front-matter: reviewed 的日期 “2026-11-31” 不存在或写法不对")


def test_page_without_front_matter(repo):
    page = repo / "docs/reference/matrix.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    build_fails(repo, r"docs/reference/matrix\.md:1: front-matter: 页面开头缺少 front matter")


def test_owner_must_be_a_known_unit(repo):
    page = repo / "docs/reference/matrix.md"
    edit(page, "owner: county-petition-bureau", "owner: 信访局")
    line = line_number(page, "owner: 信访局")
    build_fails(repo, rf"docs/reference/matrix\.md:{line}: front-matter: owner “信访局”")


def test_kb_check_finds_the_same_source_problems_without_building(repo):
    append(repo / "docs/reference/deadlines.md", "\n依据第99条。\n")
    result = kb_in_process("check", cwd=repo)
    assert result.returncode == 1
    assert "docs/reference/deadlines.md" in result.stderr and "第99条" in result.stderr
    assert not (repo / "site").exists()
