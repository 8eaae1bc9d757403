"""The output gate (kb.gate): each class of unsafe output with its failing input and exact message,
on built HTML and on Markdown sources (in-process, no build)."""
import types

import pytest

from kbtiny import context, page, tiny_data

from kb.checks.output import source
from kb.gate.html import page_problems
from kb.gate.markdown import source_problems
from kb.gate.rules import HOW_LOCAL, THEME_INLINE_SCRIPTS, Rules, script_hash
from kb.model.links import AllowedDomain, LinkPolicy

RULES = Rules(script_exists={"assets/javascripts/own.js"}.__contains__)
OUTSIDE = "请删掉链接，或者（确实是内网网站时）把域名和理由登记在 data/links.yml 的 allow 里。现在允许的："


def html(markup, rules=RULES, where="procedures/a.html"):
    return [p.message for p in page_problems(f"<html><body>{markup}</body></html>", where, rules)]


@pytest.mark.parametrize("markup, message", [
    ('<img src="http://cdn.example.com/a.png">', f"<img> 的 src 从站外加载 “http://cdn.example.com/a.png”。{HOW_LOCAL}"),
    ('<img srcset="a.png 1x, //cdn.example.com/b.png 2x">', f"<img> 的 srcset 从站外加载 “//cdn.example.com/b.png”。{HOW_LOCAL}"),
    ('<video poster="https://x.example/p.jpg"></video>', f"<video> 的 poster 从站外加载 “https://x.example/p.jpg”。{HOW_LOCAL}"),
    ('<link rel="stylesheet" href="https://fonts.example.com/a.css">',
     f"<link rel=\"stylesheet\"> 从站外加载 “https://fonts.example.com/a.css”。{HOW_LOCAL}"),
    ('<p style="background:url(http://e.example/x.png)">x</p>',
     f"<p> 的 style 属性 里的 url(“http://e.example/x.png”) 指向站外。{HOW_LOCAL}"),
    ('<style>@import "https://e.example/x.css";</style>', "<style> 里有 @import “https://e.example/x.css”：样式表只能放在 extra_css 里，不能在页面里引入。"),
    ('<script src="https://cdn.example.com/x.js"></script>',
     "<script src=“https://cdn.example.com/x.js”> 从站外加载脚本。脚本只能是网站自己的文件（mkdocs.yml 的 extra_javascript）。"),
    ('<script src="../assets/javascripts/other.js"></script>',
     "<script src=“../assets/javascripts/other.js”> 不是网站自己的脚本文件。脚本只能来自 mkdocs.yml 的 extra_javascript 或主题。"),
    ("<script>alert(1)</script>", "页面里有内嵌脚本 <script>…</script>（“alert(1)”）：页面里不能写脚本。"
                                  "需要脚本时请放成文件、登记在 mkdocs.yml 的 extra_javascript 里并经过审查。"),
    ('<img src="a.png" onerror="alert(1)">', "<img> 上有事件处理属性 onerror=…：页面里不能写脚本。请删掉这个属性。"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a> 的 href 是脚本地址（javascript:alert(1)…）：不允许。请改成站内页面的链接。"),
    ('<a href="VBScript:msgbox(1)">x</a>', "<a> 的 href 是脚本地址（VBScript:msgbox(1)…）：不允许。请改成站内页面的链接。"),
    ('<iframe src="a.html"></iframe>', "不允许使用 <iframe>（嵌入其他网页）。需要展示的内容请直接写在页面里，或链接到站内页面。"),
    ('<object data="a.swf"></object>', "不允许使用 <object>。需要展示的内容请直接写在页面里，或链接到站内页面。"),
    ('<embed src="a.swf">', "不允许使用 <embed>。需要展示的内容请直接写在页面里，或链接到站内页面。"),
    ('<base href="a/">', "不允许使用 <base>（改变页面里所有链接的指向）。需要展示的内容请直接写在页面里，或链接到站内页面。"),
    ('<meta http-equiv="Refresh" content="0;url=a.html">', "不允许 <meta http-equiv=\"refresh\">（自动跳转）。请改成一个普通链接。"),
    ('<a href="https://www.example.com/x">x</a>',
     "<a> 的 href 指向站外网站 www.example.com：工作人员在内网打不开。" + OUTSIDE + "（现在一个也没有）。"),
])
def test_each_unsafe_output_is_refused_with_its_message(markup, message):
    assert html(markup) == [message]


def test_own_resources_and_links_pass():
    markup = ('<img src="../assets/a.png"><img src="data:image/png;base64,AAAA"><a href="b.html#tag:受理">b</a>'
              '<script src="../assets/javascripts/own.js"></script><script type="application/json">{"a": 1}</script>'
              '<link rel="stylesheet" href="../stylesheets/kb.css"><p style="color:red">x</p>')
    assert html(markup) == []


def test_material_inline_scripts_pass_at_any_depth():
    script = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
    assert script_hash(script) in THEME_INLINE_SCRIPTS
    assert html(f"<script>{script}</script>") == []
    assert html(f"<script>{script};fetch('x')</script>") != []


def test_external_links_follow_data_links_yml():
    policy = LinkPolicy((AllowedDomain("oa.example.gov.cn", "县政府内网办公系统"),))
    rules = Rules(links=policy)
    assert html('<a href="https://oa.example.gov.cn/x">a</a><a href="http://mail.oa.example.gov.cn/">b</a>', rules) == []
    assert html('<a href="https://oa.example.gov.cn.evil.example/">c</a>', rules) == [
        "<a> 的 href 指向站外网站 oa.example.gov.cn.evil.example：工作人员在内网打不开。" + OUTSIDE + "oa.example.gov.cn。"]


def test_markdown_sources_name_the_line():
    body = ("# 标题\n\n![图](http://img.example.com/a.png)\n\n[点这里](javascript:alert(1))\n\n"
            "<iframe src=\"x.html\"></iframe>\n\n段落 { onclick=\"x()\" }\n\n[ref]: https://www.example.com/\n\n"
            "```html\n<script src=\"https://cdn.example.com/x.js\"></script>\n```\n\n`<iframe>` 是代码，不算。\n")
    assert source_problems(body, Rules()) == [
        (3, f"<img> 的 src 从站外加载 “http://img.example.com/a.png”。{HOW_LOCAL}"),
        (5, "<a> 的 href 是脚本地址（javascript:alert(1)…）：不允许。请改成站内页面的链接。"),
        (7, "不允许使用 <iframe>（嵌入其他网页）。需要展示的内容请直接写在页面里，或链接到站内页面。"),
        (9, "<span> 上有事件处理属性 onclick=…：页面里不能写脚本。请删掉这个属性。"),
        (11, "<a> 的 href 指向站外网站 www.example.com：工作人员在内网打不开。" + OUTSIDE + "（现在一个也没有）。"),
    ]


def test_check_rule_reports_page_and_line():
    ctx = context(tiny_data(), pages=[page("procedures/a.md", body="正文\n<script src=\"https://cdn.example.com/x.js\"></script>\n",
                                          body_line=8)])
    [f] = list(source(ctx))
    assert str(f) == ("docs/procedures/a.md:9: output: <script src=“https://cdn.example.com/x.js”> 从站外加载脚本。"
                      "脚本只能是网站自己的文件（mkdocs.yml 的 extra_javascript）。")


def test_hook_fails_the_build_and_removes_the_page(tmp_path):
    """on_post_build of plain mkdocs build / serve / kb build: the page never stays in the site."""
    from mkdocs.exceptions import PluginError
    from kb.mkdocs_glue.hooks import output_gate
    site = tmp_path / "site"
    (site / "procedures").mkdir(parents=True)
    bad = site / "procedures/a.html"
    bad.write_text('<html><body><p>x</p>\n<img src="https://cdn.example.com/a.png"></body></html>', encoding="utf-8")
    (site / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    project = types.SimpleNamespace(data=tiny_data(), hold=True, settings=types.SimpleNamespace(root=tmp_path))
    with pytest.raises(PluginError) as err:
        output_gate(site, project)
    assert (f"docs/procedures/a.md: output: 构建出的 procedures/a.html 第2行：<img> 的 src 从站外加载 "
            f"“https://cdn.example.com/a.png”。{HOW_LOCAL}") in str(err.value)
    assert not bad.exists() and (site / "index.html").exists()


def test_plain_mkdocs_build_also_scans_the_built_pages_for_personal_data(tmp_path):
    """Plain `mkdocs build` / `mkdocs serve` (the Project is not held by kb build): the same
    built-site privacy scan as kb build, on the text the gate has already read."""
    from mkdocs.exceptions import PluginError
    from kb.mkdocs_glue.hooks import output_gate
    site = tmp_path / "site"
    site.mkdir()
    page_file = site / "index.html"
    page_file.write_text("<html><body><p>联系电话：&#49;&#51;&#56;12345678</p></body></html>", encoding="utf-8")
    project = types.SimpleNamespace(data=tiny_data(), hold=False, settings=types.SimpleNamespace(root=tmp_path))
    with pytest.raises(PluginError) as err:
        output_gate(site, project)
    assert "构建出的网站里 index.html 第1行有疑似手机号" in str(err.value)
    assert "138" not in str(err.value)  # the excerpt is masked
    assert not page_file.exists()


def test_mkdocs_serve_shows_the_error_in_every_page(tmp_path):
    """on_build_error under `mkdocs serve`: the served pages carry the message, escaped."""
    from kb.mkdocs_glue import hooks
    site = tmp_path / "served"
    (site / "procedures").mkdir(parents=True)
    (site / "procedures/a.html").write_text("<p>old</p>", encoding="utf-8")
    hooks.on_startup(command="serve", dirty=False)
    hooks._SERVE["site_dir"] = str(site)
    try:
        hooks.on_build_error(error=Exception("docs/a.md:3: macro: 不允许的宏写法：变量 config。<b>"))
    finally:
        hooks.on_startup(command="build", dirty=False)
    for page in ("procedures/a.html", "index.html", "404.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "<pre>docs/a.md:3: macro: 不允许的宏写法：变量 config。&lt;b&gt;</pre>" in text
        assert "这个页面会自动刷新" in text


def test_a_link_to_a_draft_says_it_is_a_draft(tmp_path):
    from kb.mkdocs_glue.buildlog import explain
    docs = tmp_path / "docs"
    (docs / "policy").mkdir(parents=True)
    (docs / "policy/new.md").write_text("---\ntitle: 新页面\ndraft: true\n---\n\n正文\n", encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: 首页\n---\n\n见[新页面](policy/new.md)。\n", encoding="utf-8")
    log = ("WARNING -  Doc file 'index.md' contains a link 'policy/new.md', but the target 'policy/new.md' "
           "is not found among documentation files.")
    assert explain(log, docs) == [
        "docs/index.md:5: link: 链接 “policy/new.md” 指向的页面 docs/policy/new.md 是草稿（draft: true），"
        "草稿不发布，这个链接在网站上会断。请等那一页发布（删掉 draft: true）后再链接，或先删除这个链接。"]


def test_links_are_found_where_they_start_exactly_as_the_regex_finds_them():
    """md_links tries the link regex only at [ and the ! before it: on random Markdown made of
    the pieces that matter it finds exactly what MD_LINK.finditer finds."""
    import random
    from kb.gate.markdown import MD_LINK, md_links
    pieces = ["[", "]", "(", ")", "!", "![", "](", "x", "文字", " ", "\n", "<", ">", '"t"', "'", "a.md", "http://e.x",
              "[a](b)", "![i](p.png)", "!!", "[[", "]]"]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        assert [m.span() + m.groups() for m in md_links(text)] == [m.span() + m.groups() for m in MD_LINK.finditer(text)], text


@pytest.mark.parametrize("markup", [
    '<html><body><article><p>x</p></body></html><img src="https://cdn.example.com/a.png"></article></body></html>',
    '<?xml version="1.0" encoding="utf-8"?><html><body><img src="https://cdn.example.com/a.png"></body></html>',
    b'<html><body><img src="https://cdn.example.com/a.png"></body></html>',
])
def test_an_early_end_of_document_hides_nothing(markup):
    """libxml2 drops everything after </html>; a browser renders it. The gate reads what the browser renders."""
    [problem] = page_problems(markup, "procedures/a.html", RULES)
    assert "cdn.example.com" in problem.message


def test_an_early_end_of_document_in_a_source_page_hides_nothing():
    from kb.gate.markdown import source_problems
    [(line, message)] = source_problems('正文\n\n</body></html>\n\n<img src="https://cdn.example.com/a.png">\n', RULES)
    assert line == 5 and "cdn.example.com" in message
