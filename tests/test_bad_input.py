"""Every class of bad input stops the build with a message naming the file, the line or
field, and what to do — and leaves no site behind."""
import re

import pytest

from conftest import run_kb


def build_fails(repo, *expected: str) -> str:
    """Run `kb build` in the repo copy; it must fail, produce no site and say each expected thing."""
    site = repo / "site"
    result = run_kb("build", "--site-dir", str(site), cwd=repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert not site.exists(), "a failed build must not leave a site behind"
    for text in expected:
        assert re.search(text, output), f"expected {text!r} in:\n{output}"
    return output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_number(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_yaml_syntax_error_names_file_and_line(repo_copy):
    f = repo_copy / "data/deadlines.yml"
    edit(f, "    stage: 申请复查", "    stage: [申请复查")
    line = line_number(f, "[申请复查")
    out = build_fails(repo_copy, r"data/deadlines\.yml:\d+: yaml: YAML 格式错误")
    reported = int(re.search(r"data/deadlines\.yml:(\d+)", out).group(1))
    assert abs(reported - line) <= 2  # PyYAML reports the line where it noticed the problem


def test_schema_violation_names_file_line_record_field_and_expectation(repo_copy):
    f = repo_copy / "data/deadlines.yml"
    edit(f, "    length: 60\n", "    length: 六十\n")
    line = line_number(f, "length: 六十")
    build_fails(repo_copy, rf"data/deadlines\.yml:{line}: schema: deadlines\[\d+\]\.length 不符合要求",
                "该字段应为：期限长度")


def test_schema_rejects_unknown_fields(repo_copy):
    edit(repo_copy / "data/units.yml", "    level: 县级\n", "    level: 县级\n    phone: 12345\n")
    build_fails(repo_copy, r"data/units\.yml:\d+: schema: .*phone")


def test_cross_reference_to_unknown_unit(repo_copy):
    edit(repo_copy / "data/categories.yml", "lead: county-housing", "lead: county-no-such-bureau")
    build_fails(repo_copy, r"data/categories\.yml: reference: .*county-no-such-bureau")


def test_unknown_macro_names_page_and_name(repo_copy):
    page = repo_copy / "docs/procedures/acceptance.md"
    append(page, "\n{{ no_such_macro(1) }}\n")
    line = line_number(page, "no_such_macro")
    build_fails(repo_copy, rf"docs/procedures/acceptance\.md:{line}: macro: .*no_such_macro")


def test_undefined_variable_names_page_and_name(repo_copy):
    page = repo_copy / "docs/reference/deadlines.md"
    append(page, "\n{{ county_name }}\n")
    build_fails(repo_copy, r"docs/reference/deadlines\.md:\d+: macro: .*county_name")


def test_broken_link_names_page_and_target(repo_copy):
    page = repo_copy / "docs/procedures/acceptance.md"
    append(page, "\n另见[旧页面](old-page.md)。\n")
    line = line_number(page, "old-page.md")
    build_fails(repo_copy, rf"docs/procedures/acceptance\.md:{line}: link: .*old-page\.md")


def test_broken_anchor_names_page_and_anchor(repo_copy):
    page = repo_copy / "docs/procedures/acceptance.md"
    append(page, "\n另见[术语](../reference/glossary.md#term-不存在的术语)。\n")
    build_fails(repo_copy, r"docs/procedures/acceptance\.md:\d+: anchor: .*term-不存在的术语")


@pytest.mark.parametrize("bad", ["{{ cite(51) }}", "第88条", "第五十一条"])
def test_citation_of_missing_article_names_page_line_and_number(repo_copy, bad):
    page = repo_copy / "docs/reference/deadlines.md"
    append(page, f"\n依据{bad}办理。\n")
    line = line_number(page, bad)
    build_fails(repo_copy, rf"docs/reference/deadlines\.md:{line}: citation: .*(51|88|五十一)")


@pytest.mark.parametrize("bad", ["复查期限见第34条", "按第33条规定60日内办结", "复核（第35条）"])
def test_superseded_2005_numbers_are_refused(repo_copy, bad):
    page = repo_copy / "docs/reference/deadlines.md"
    append(page, f"\n{bad}。\n")
    build_fails(repo_copy, r"docs/reference/deadlines\.md:\d+: citation: .*2005年旧《信访条例》")


def test_missing_front_matter_field_names_page_and_field(repo_copy):
    edit(repo_copy / "docs/reference/matrix.md", "owner: county-petition-bureau\n", "")
    build_fails(repo_copy, r"docs/reference/matrix\.md:\d+: front-matter: 缺少字段 owner")


def test_wrong_front_matter_values_name_the_field(repo_copy):
    page = repo_copy / "docs/reference/matrix.md"
    edit(page, "review_interval_months: 12", "review_interval_months: 一年")
    edit(page, "tags: [责任制, 诉访分离]", "tags: [责任制, 未登记的标签]")
    line = line_number(page, "未登记的标签")
    build_fails(repo_copy, r"front-matter: 字段 review_interval_months 不符合要求",
                rf"docs/reference/matrix\.md:{line}: front-matter: 标签 “未登记的标签” 不在受控标签表里")


def test_page_without_front_matter(repo_copy):
    page = repo_copy / "docs/reference/matrix.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    build_fails(repo_copy, r"docs/reference/matrix\.md:1: front-matter: 页面开头缺少 front matter")


def test_owner_must_be_a_known_unit(repo_copy):
    edit(repo_copy / "docs/reference/matrix.md", "owner: county-petition-bureau", "owner: 信访局")
    build_fails(repo_copy, r"docs/reference/matrix\.md:\d+: front-matter: owner “信访局”")


def test_kb_check_finds_the_same_source_problems_without_building(repo_copy):
    append(repo_copy / "docs/reference/deadlines.md", "\n依据第99条。\n")
    result = run_kb("check", cwd=repo_copy)
    assert result.returncode == 1
    assert "docs/reference/deadlines.md" in result.stderr and "第99条" in result.stderr


def test_usage_errors_exit_2():
    assert run_kb("no-such-command").returncode == 2
    assert run_kb().returncode == 2
    assert run_kb("build", "--no-such-flag").returncode == 2
