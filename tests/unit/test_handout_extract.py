"""kb.handouts.extract: the section a handout cites, taken from a built page's static HTML."""
from kb.handouts.extract import page_section, stylesheets

PAGE_URI = "file:///srv/site/procedures/acceptance.html"
PAGE = """<!doctype html><html><head><title>  受理  - 知识库 </title>
<link rel="stylesheet" href="../assets/stylesheets/main.css"><link rel="stylesheet" href="../stylesheets/print.css">
</head><body><div class="md-sidebar"><h2>导航</h2></div>
<article class="md-content__inner md-typeset">
<h1 id="t">信访事项的受理<a class="headerlink" href="#t">¶</a></h1>
<p>开头一段。</p>
<h2 id="when">受理的期限<a class="headerlink" href="#when">¶</a></h2>
<p>收到后 <a href="../policy/deadlines.html">15 日内</a> 决定，见<a href="https://www.gov.cn/x">原文</a>。</p>
<h3 id="sub">特殊情形<a class="headerlink" href="#sub">¶</a></h3>
<details class="note"><summary>为什么</summary><p>说明。</p></details>
<!-- a comment between the elements -->
<p><img src="../assets/flow.png" alt="流程图"><button class="kb-print-button">打印</button>尾巴</p>
<script>alert(1)</script>
<h2 id="next">下一节<a class="headerlink" href="#next">¶</a></h2>
<p>不属于上一节。</p>
</article></body></html>"""


def test_the_section_runs_to_the_next_heading_of_its_level_and_is_made_ready_for_print():
    got = page_section(PAGE, PAGE_URI, "受理的期限")
    assert got.found and got.title == "信访事项的受理"
    html = got.html
    assert "收到后" in html and "说明。" in html and "尾巴" in html
    assert "下一节" not in html and "不属于上一节" not in html and "开头一段" not in html
    assert "受理的期限" not in html, "the cited heading itself is the handout's own"
    assert "headerlink" not in html and "¶" not in html
    assert "kb-print-button" not in html and "打印" not in html and "<script" not in html and "alert" not in html
    assert '<span class="kb-link">15 日内</span>' in html, "a link inside the site prints as its words"
    assert '<a href="https://www.gov.cn/x">原文</a>' in html, "an outside link keeps its address"
    assert 'src="file:///srv/site/assets/flow.png"' in html, "images get their full address"
    assert "<details class=\"note\" open=\"\">" in html, "collapsed blocks print open"
    assert "<h4>特殊情形</h4>" in html, "an h3 under the cited h2 becomes the handout's h4, ids dropped"
    assert "comment" not in html


def test_a_missing_heading_lists_the_article_headings_and_the_title_falls_back_to_the_page_title():
    got = page_section(PAGE, PAGE_URI, "不存在的小节")
    assert not got.found and got.html == ""
    assert got.headings == ("信访事项的受理", "受理的期限", "特殊情形", "下一节"), "the article's own, not the nav's"
    bare = page_section("<html><head><title> 只有 标题 </title></head><body><h2>甲</h2><p>一</p></body></html>",
                        PAGE_URI, "甲")
    assert bare.found and bare.title == "只有 标题" and bare.html == "<p>一</p>"


def test_a_heading_deeper_than_the_cited_one_stays_inside_the_section():
    page = "<article class='md-content__inner'><h3>甲</h3><p>1</p><h4>乙</h4><p>2</p><h2>丙</h2><p>3</p></article>"
    got = page_section(page, PAGE_URI, "甲")
    assert got.html == "<p>1</p><h4>乙</h4><p>2</p>"


def test_stylesheets_are_full_addresses_in_order():
    assert stylesheets(PAGE, PAGE_URI) == ["file:///srv/site/assets/stylesheets/main.css",
                                           "file:///srv/site/stylesheets/print.css"]
