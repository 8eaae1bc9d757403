"""The 模板 section of a rendered template page as document blocks and as clean text (pure).

The source is the page itself: the HTML MkDocs made from the page's Markdown (macros filled in),
before glossary tooltips are added. The section is the first blockquote after the heading
“模板”. Its paragraphs and tables become blocks, classified the way Chinese official documents
lay them out (GB/T 9704 conventions, as far as they apply to these notices):

- title:     the bold paragraphs at the top (organ name, document name), centred, 小标宋
- number:    【发文字号】 and the like right after the titles, centred
- heading:   a bold paragraph further down (一、投诉请求), 黑体
- signature: the organ with its seal（印章）and the date right after it, right-aligned
- salutation: 【信访人姓名或单位名称】： (whom it is addressed to), flush left
- body:      everything else, first line indented by two characters
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PLACEHOLDER = re.compile(r"【[^【】]*(?:【[^【】]*】[^【】]*)*】")
FULL_WIDTH_SPACE = "\u3000"


@dataclass(frozen=True)
class Block:
    kind: str                      # title, number, heading, signature, body, table
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()   # for tables: cells, first row is the header


@dataclass(frozen=True)
class TemplateDoc:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """Clean text for 复制全文: one line per paragraph, tables as tab-separated rows."""
        lines = []
        for b in self.blocks:
            if b.kind == "table":
                lines += ["\t".join(row) for row in b.rows]
            else:
                lines.append(b.text.strip(FULL_WIDTH_SPACE + " ") if b.kind == "signature" else b.text)
        return "\n".join(lines) + "\n"

    @property
    def placeholders(self) -> list[str]:
        found = []
        for b in self.blocks:
            for t in ([b.text] if b.kind != "table" else [c for row in b.rows for c in row]):
                found += PLACEHOLDER.findall(t)
        return found


class _Section(HTMLParser):
    """Collect the paragraphs and tables of the first blockquote after the heading 模板."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.state = "before"     # before → heading → after → inside → done
        self.depth = 0            # blockquote nesting inside the section
        self.raw: list = []       # ("p", text, all_bold) or ("table", rows)
        self.par: list[tuple[str, bool]] | None = None
        self.bold = 0
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.skip = 0             # inside elements whose text is not content (sup, script …)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.state == "before" and tag == "h2" and a.get("id") == "模板":
            self.state = "heading"
            return
        if self.state == "heading" and tag == "h2":
            self.state = "heading-text"
        if self.state == "after" and tag == "blockquote":
            self.state, self.depth = "inside", 1
            return
        if self.state != "inside":
            return
        if tag == "blockquote":
            self.depth += 1
        elif tag in ("script", "style", "sup"):
            self.skip += 1
        elif tag == "p" and self.cell is None:
            self.par = []
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "br" and self.par is not None:
            self.par.append(("\n", bool(self.bold)))
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if self.state == "heading" and tag == "h2":
            self.state = "after"
            return
        if self.state != "inside":
            return
        if tag == "blockquote":
            self.depth -= 1
            if self.depth == 0:
                self.state = "done"
        elif tag in ("script", "style", "sup"):
            self.skip -= 1
        elif tag == "p" and self.par is not None:
            text = "".join(t for t, _ in self.par).strip(" \n")
            if text:
                visible = [b for t, b in self.par if t.strip()]
                self.raw.append(("p", text, bool(visible) and all(visible)))
            self.par = None
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self.raw.append(("table", tuple(tuple(r) for r in self.rows if r)))
            self.rows = None

    def handle_data(self, data):
        if self.state != "inside" or self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.par is not None:
            self.par.append((data.replace("\n", ""), bool(self.bold)))


def template_doc(page_html: str, title: str) -> TemplateDoc | None:
    """The template of a rendered page, or None when the page has no 模板 section."""
    parser = _Section()
    parser.feed(page_html)
    if not parser.raw:
        return None
    blocks: list[Block] = []
    top = True   # still in the bold title lines at the top
    for item in parser.raw:
        if item[0] == "table":
            blocks.append(Block("table", rows=item[1]))
            top = False
            continue
        _, text, all_bold = item
        text = html.unescape(text)
        if all_bold and top:
            kind = "title"
        elif top and PLACEHOLDER.fullmatch(text) and blocks and blocks[-1].kind in ("title", "number"):
            kind = "number"
        elif all_bold:
            kind = "heading"
        elif text.startswith(FULL_WIDTH_SPACE * 4) or "（印章）" in text and len(text) < 40 \
                or (blocks and blocks[-1].kind == "signature" and PLACEHOLDER.fullmatch(text)):
            kind = "signature"   # the organ (with its seal) and the date at the bottom
        elif text.endswith("：") and len(text) <= 30 and text.startswith("【"):
            kind = "salutation"  # 主送: whom the notice is addressed to, flush left
        else:
            kind = "body"
        if kind not in ("title", "number"):
            top = False
        blocks.append(Block(kind, text.strip(FULL_WIDTH_SPACE) if kind == "signature" else text))
    return TemplateDoc(title, tuple(blocks))


def docx_name(src: str) -> str:
    """reference/templates/acceptance-notice.md → acceptance-notice.docx (next to the page)."""
    return src.rsplit("/", 1)[-1][:-3] + ".docx"


def actions_html(doc: TemplateDoc, src: str) -> str:
    """Download link and 复制全文 button for a template page; the clean text rides along as JSON."""
    from kb.render.jsondata import json_script
    name = html.escape(docx_name(src), quote=True)
    return ('<div class="kb-doc-actions kb-noprint">'
            f'<a class="md-button md-button--primary" href="{name}" download>下载可编辑的 Word 文档（.docx）</a> '
            '<button type="button" class="md-button kb-copy-template">复制全文</button> '
            '<span class="kb-copy-status" role="status" aria-live="polite"></span>'
            f'{json_script("kb-template-text", {"text": doc.text})}'
            '<p class="kb-doc-actions__hint">Word 文档按公文格式排好（A4、仿宋正文、小标宋标题），【】标黄的地方要换成实际内容；'
            'WPS、Word、LibreOffice 都能打开。“复制全文”只复制模板文字，不带网页上的提示和链接。</p>'
            '</div>')


HEADING_模板 = re.compile(r'(<h2 id="模板">.*?</h2>)', re.S)


def with_actions(page_html: str, doc: TemplateDoc, src: str) -> str:
    """The page with the actions right under its 模板 heading."""
    return HEADING_模板.sub(lambda m: m.group(1) + "\n" + actions_html(doc, src), page_html, count=1)
