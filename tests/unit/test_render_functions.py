"""Render functions are pure: small records built in the test in, escaped Markdown out."""
import dataclasses

import pytest

from kb.model.records import Deadline, Term, Unit
from kb.render import core as render
from kb.render.tooltips import add_term_tooltips
from kbtiny import tiny_data

DATA = tiny_data()


def test_cite_clause_and_item_labels():
    assert render.cite(DATA, 23, 3).startswith("[第23条第3款]")
    assert render.cite(DATA, 31, item=6).startswith("[第31条第6项]")


def test_cite_links_to_the_article_anchor_with_its_summary_as_tooltip():
    data = tiny_data(articles={**DATA.articles, 35: dataclasses.replace(DATA.articles[35], summary="复查的概括。")})
    out = render.cite(data, 35)
    assert out.startswith("[第35条](/reference/regulation.md#article-35 ")
    assert "复查的概括" in out


@pytest.mark.parametrize("bad", [0, 51, 431, "5"])
def test_cite_refuses_articles_that_do_not_exist(bad):
    with pytest.raises(render.RenderError, match="不存在"):
        render.cite(DATA, bad)


def test_deadline_follows_the_data():
    d = DATA.deadlines["review_request"]
    changed = tiny_data(deadlines={**DATA.deadlines, "review_request": dataclasses.replace(d, length=45)})
    assert render.deadline(DATA, "review_request") == "30日"
    assert render.deadline(changed, "review_request") == "45日"
    with pytest.raises(render.RenderError, match="未知的期限键"):
        render.deadline(DATA, "no_such_key")


def test_data_is_escaped_html_and_markdown():
    evil = Unit(id="x", name="<script>alert(1)</script>|**粗**", level="县级", duties="[链接](http://example.com)")
    data = tiny_data(units={"x": evil}, roles={})
    table = render.unit_table(data)
    assert "<script>" not in table and "&lt;script&gt;" in table
    assert "**粗**" not in table and "](http" not in table
    assert table.count("|") == 3 * 4 + 2 * 4  # header, rule, row + role header, rule: no extra column from data


def test_deadline_table_has_a_row_per_deadline_with_citation():
    dl = Deadline(key="k", stage="测试环节", length=7, unit="工作日", starts="某日", article=23,
                  rule="规则说明", applies_to="测试事项")
    table = render.deadline_table(tiny_data(deadlines={"k": dl}))
    assert "**7个工作日**" in table and "#article-23" in table
    assert len(table.splitlines()) == 3


def test_glossary_marks_local_practice_and_links_the_explaining_page():
    t = Term(term="测试词", aliases=("别名甲",), definition="用于测试的定义文字。", page="procedures/acceptance.md",
             source="地方做法", articles=(20,))
    out = render.glossary(tiny_data(terms=(t,)))
    assert "{ #term-测试词 }" in out and "地方做法" in out
    assert "(/procedures/acceptance.md)" in out and "别名甲" in out and "#article-20" in out


def test_responsibility_matrix_uses_unit_names_and_refuses_unknown_units():
    out = render.responsibility_matrix(DATA)
    assert DATA.units[DATA.categories["housing"].lead].name in out
    with pytest.raises(render.RenderError):
        render.unit(DATA, "no-such-unit")


def test_term_tooltips_explain_the_first_use_outside_links_headings_and_code():
    t = Term(term="初信初访", aliases=("首信首访",), definition='首次来信来访 "x" <y>', page="procedures/first-petition.md",
             source="地方做法")
    page = ('<h2>初信初访</h2><p>办好首信首访很重要，初信初访要及时。</p>'
            '<p><a href="x">初信初访</a><code>初信初访</code></p>')
    out = add_term_tooltips(page, (t,))
    assert out.count("<abbr") == 1
    assert '<abbr title="首次来信来访 &quot;x&quot; &lt;y&gt;">首信首访</abbr>' in out
    assert "<h2>初信初访</h2>" in out and '<a href="x">初信初访</a>' in out and "<code>初信初访</code>" in out
