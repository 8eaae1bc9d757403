"""kb/documents: the 模板 section of a rendered page → blocks, clean text, and a .docx (in memory)."""
from __future__ import annotations

import io

import docx

from kb.documents.compose import template_doc, with_actions
from kb.documents.docx import docx_bytes

PAGE = """<h2 id="什么时候用">什么时候用</h2><p>说明</p>
<h2 id="模板">模板<a class="headerlink" href="#模板">¶</a></h2>
<blockquote>
<p><strong>【机关名称】</strong></p>
<p><strong>告知书</strong></p>
<p>【发文字号】</p>
<p>【信访人姓名】：</p>
<p>你于【日期】提出的事项，依据<a href="../regulation.html#article-23" title="提示">第23条</a>办理。</p>
<p><strong>一、办理</strong></p>
<table><tr><th>项目</th><th>内容</th></tr><tr><td>承办</td><td>【承办单位】</td></tr></table>
<p>【机关名称】（印章）</p>
<p>【成文日期】</p>
</blockquote>
<h2 id="注意">注意</h2><blockquote><p>不是模板</p></blockquote>"""


def test_blocks_follow_the_official_layout():
    doc = template_doc(PAGE, "告知书")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["title", "title", "number", "salutation", "body", "heading", "table", "signature", "signature"]
    assert doc.blocks[4].text == "你于【日期】提出的事项，依据第23条办理。"      # link text only, no tooltip
    assert "不是模板" not in doc.text and "什么时候用" not in doc.text
    assert doc.placeholders.count("【机关名称】") == 2 and "【承办单位】" in doc.placeholders


def test_docx_is_a4_with_the_margins_and_marked_placeholders():
    document = docx.Document(io.BytesIO(docx_bytes(template_doc(PAGE, "告知书"))))
    s = document.sections[0]
    assert [round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin,
                                  s.left_margin, s.right_margin)] == [210, 297, 37, 35, 28, 26]
    marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "【发文字号】" in marked and "你于" not in "".join(marked)
    assert document.tables[0].cell(1, 1).text == "【承办单位】"


def test_actions_sit_under_the_template_heading_and_escape_the_text():
    doc = template_doc(PAGE.replace("【日期】", "【日期】&lt;/script&gt;"), "x")
    assert "</script>" in doc.text
    out = with_actions(PAGE, doc, "reference/templates/notice.md")
    assert out.index('href="notice.docx"') > out.index('id="模板"')
    assert out.count("</script>") == 1
