from kb.handouts.compose import BookPage, book_article, compose_section_book

BUILT = ('<html><body><article class="md-content__inner md-typeset">'
         '<h1 id="a">受理<a class="headerlink" href="#a" title="本节链接">¶</a></h1>'
         '<div class="kb-status" data-kb-review-due="2027-01-01">负责单位：县信访局</div>'
         '<div class="admonition warning kb-stale" data-kb-stale hidden><p>过时</p></div>'
         '<p>见<a href="../reference/deadlines.html">期限表</a>和<a href="https://example.org/x">外部</a>&amp;<br>第二行</p>'
         '<details class="note kb-quiz-answer"><summary>答案</summary><p>A</p></details>'
         '<details class="note"><summary>展开</summary><p>B</p></details>'
         '<script>alert(1)</script><section class="kb-history"><h2>更新记录</h2></section>'
         '</article></body></html>')


def test_book_article_keeps_reading_text_and_drops_screen_parts():
    title, body = book_article(BUILT)
    assert title == "受理"
    assert "本节链接" not in body and "过时" not in body and "更新记录" not in body and "alert" not in body
    assert '<span class="kb-link">期限表</span>' in body and 'href="https://example.org/x"' in body
    assert "&amp;<br>第二行" in body and 'id="a"' not in body
    assert "<p>A</p>" not in body and '<details class="note" open>' in body
    assert book_article("<html>没有正文</html>") is None


def test_section_book_has_cover_contents_and_escaped_header():
    doc = compose_section_book('参"考', [BookPage("a.md", "甲<页>", "<h1>甲</h1>"), BookPage("b.md", "乙", "<h1>乙</h1>")],
                               ["../s.css"], "2026-12-02", "2026-11-30")
    assert "打印于 2026-12-02，以网站最新版本为准 · 版本 2026-11-30" in doc
    assert '<a href="#kb-book-1">甲&lt;页&gt;</a>' in doc and 'id="kb-book-2"' in doc
    assert '@top-right { content: "参考"; }' in doc          # a quote cannot end the CSS string
