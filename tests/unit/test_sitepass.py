"""The site pass (kb.sitepass): each built page goes through the output gate, the privacy scan of
its body and the search extraction once, in worker processes or inline, with the same result;
its scripts are checked against the finished site; the hook reports and removes failing pages."""
import types

import pytest

from kbtiny import tiny_data

from kb.gate.html import script_problems
from kb.gate.rules import Rules
from kb.model.privacy_lists import NO_LISTS
from kb.sitepass.page import pass_page
from kb.sitepass.pool import SitePass

ARTICLE = '<article class="md-content__inner md-typeset">{}</article>'
PHONE = "联系电话：138 1234 5678"


def built(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><nav>导航</nav>{ARTICLE.format(body)}</body></html>"


def test_one_page_through_gate_privacy_and_search():
    page = built(f'<h1 id="t">受理</h1><p>{PHONE}</p><img src="https://cdn.example.com/a.png">',
                 head='<script src="../assets/javascripts/own.js"></script>')
    done = pass_page("procedures/a.html", page, Rules(), tiny_data().privacy)
    assert [p.line for p in done.gate] == [1] and "cdn.example.com" in done.gate[0].message
    assert [r.kind for r in done.privacy] == ["mobile"]
    assert done.extracted.title == "受理" and any(PHONE in b.text for b in done.extracted.blocks)
    assert done.scripts == ((1, "../assets/javascripts/own.js"),) and done.failed


def test_only_the_body_is_scanned_except_on_the_home_page():
    """The theme chrome (nav, header) is the same on every page: it is scanned once, on index.html."""
    page = f"<html><body><nav>{PHONE}</nav>{ARTICLE.format('<p>正文</p>')}</body></html>"
    assert pass_page("procedures/a.html", page, Rules(), tiny_data().privacy).privacy == ()
    assert [r.kind for r in pass_page("index.html", page, Rules(), tiny_data().privacy).privacy] == ["mobile"]


def test_scripts_are_checked_on_the_finished_site():
    rules = Rules(script_exists={"assets/javascripts/own.js"}.__contains__)
    scripts = ((3, "../assets/javascripts/own.js"), (4, "../assets/javascripts/gone.js"))
    problems = script_problems("procedures/a.html", scripts, rules)
    assert [(p.line, "gone.js" in p.message) for p in problems] == [(4, True)]


def test_workers_give_what_inline_gives():
    pages = {f"p/{i}.html": built(f"<h1>第{i}页</h1><p>{PHONE if i % 3 == 0 else '没有个人信息'}</p>")
             for i in range(12)}
    results = []
    for workers in (1, 2):
        site_pass = SitePass(Rules(), tiny_data().privacy, workers=workers)
        assert site_pass.parallel == (workers == 2)
        for rel, markup in pages.items():
            site_pass.page(rel, markup)
        doubled = site_pass.call(sorted, [3, 1, 2])
        results.append((site_pass.results(), doubled.result()))
        site_pass.close()
    assert results[0] == results[1]
    assert sorted(rel for rel, p in results[0][0].items() if p.privacy) == ["p/0.html", "p/3.html", "p/6.html", "p/9.html"]


def test_hook_reports_a_page_of_the_pass_and_removes_it(tmp_path):
    from mkdocs.exceptions import PluginError
    from kb.mkdocs_glue.hooks import output_gate
    site = tmp_path / "site"
    (site / "procedures").mkdir(parents=True)
    markup = built(f"<p>{PHONE}</p>")
    (site / "procedures/a.html").write_text(markup, encoding="utf-8")
    (site / "index.html").write_text(built("<p>首页</p>"), encoding="utf-8")
    passes = {"procedures/a.html": pass_page("procedures/a.html", markup, Rules(), tiny_data().privacy)}
    project = types.SimpleNamespace(data=tiny_data(), hold=True, settings=types.SimpleNamespace(root=tmp_path))
    with pytest.raises(PluginError) as err:
        output_gate(site, project, passes)
    assert "构建出的网站里 procedures/a.html 第1行有疑似手机号" in str(err.value) and "5678" not in str(err.value)
    assert not (site / "procedures/a.html").exists() and (site / "index.html").exists()


def test_no_lists_means_no_privacy_scan():
    assert pass_page("a.html", built(f"<p>{PHONE}</p>"), Rules(), None).privacy == ()
    assert pass_page("a.html", built(f"<p>{PHONE}</p>"), Rules(), NO_LISTS).privacy != ()
