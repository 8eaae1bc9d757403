"""Compose a handout (pure): one training module and the sections it cites, as one printable
HTML document. kb.handouts.printing reads the sections from the built site and prints it."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kb.model.records import KbData
from kb.model.training import LETTERS, Basis, Question, TrainingModule, expand
from kb.model.urls import page_url
from kb.render.core import article_label

SITE_NAME = "信访工作知识库"
CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    page: str          # docs path, e.g. procedures/acceptance.md
    heading: str
    page_title: str
    html: str          # the section's content as built, headings shifted under the handout's
    note: str = ""


# ---------------------------------------------------------------- text helpers

def plain(data: KbData, raw: str) -> str:
    """Training text for print: {{ deadline }} / {{ cite }} as plain words, then HTML-escaped."""
    return html.escape(expand(raw, lambda key: data.deadlines[key].text,
                              lambda n, clause: article_label(n, clause)), quote=False)


def css_string(text: str) -> str:
    """A safe CSS string literal (for @page margin boxes)."""
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "").replace('"', "").replace("<", "") + '"'


def page_html_path(page: str) -> str:
    """docs path → built file (the one URL rule, kb.model.urls)."""
    return page_url(page)


def basis_text(data: KbData, b: Basis, titles: dict[str, str]) -> str:
    parts = []
    if b.article is not None:
        a = data.articles[b.article]
        parts.append(f"{article_label(b.article, b.clause)}（{html.escape(a.topic)}）")
    if b.page:
        title = html.escape(titles.get(b.page, b.page))
        parts.append(f"知识库《{title}》" + (f"“{html.escape(b.heading)}”一节" if b.heading else ""))
    return "；".join(parts)


# ---------------------------------------------------------------- compose (pure)

def _question_html(data: KbData, n: int, q: Question) -> str:
    out = [f'<div class="kb-quiz-question kb-keep"><p><strong>{n}.</strong> '
           f'<span class="kb-quiz-type">〔{q.type_label}〕</span>{plain(data, q.question)}</p>']
    if q.options:
        out.append('<ul class="kb-quiz-options">')
        out += [f"<li>{letter}. {plain(data, o)}</li>" for letter, o in zip(LETTERS, q.options)]
        out.append("</ul>")
        out.append('<p class="kb-quiz-answer-line">答：＿＿＿＿＿＿</p>')
    elif q.type == "true_false":
        out.append('<p class="kb-quiz-answer-line">答：对 <span class="kb-box"></span>　　错 <span class="kb-box"></span></p>')
    else:
        out.append('<div class="kb-quiz-lines"><p>答：</p><p></p><p></p><p></p></div>')
    out.append("</div>")
    return "\n".join(out)


def _answer_html(data: KbData, n: int, q: Question, titles: dict[str, str]) -> str:
    return (f'<div class="kb-answer kb-keep"><p><strong>{n}. 答案：{plain(data, q.answer_text)}</strong></p>'
            f"<p>{plain(data, q.explanation)}</p>"
            f'<p class="kb-answer-basis">依据：{basis_text(data, q.basis, titles)}</p></div>')


def compose_handout(m: TrainingModule, data: KbData, sections: list[Section], stylesheets: list[str],
                    printed: str = "") -> str:
    """The whole handout as one HTML document. Pure: the same inputs give the same bytes.
    printed (YYYY-MM-DD) puts "打印于 …，以网站最新版本为准" and the version in every page footer."""
    titles = {s.page: s.page_title for s in sections}
    owner = html.escape(data.units[m.owner].name)
    title = html.escape(m.title)
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    page_css = (
        "@page { @top-right { content: %s; } @bottom-left { content: %s; } }\n"
        "@page kb-cover { @top-left { content: none; } @top-right { content: none; } }"
        % (css_string(m.title), css_string(printed_note(printed, f"{m.version}（{m.date}）") if printed
                                           else f"版本 {m.version} · {m.date} · {data.units[m.owner].name}"))
    )
    n = iter(CN_ORDINALS)
    parts = [f"""<!doctype html>
<html lang="zh-CN" dir="ltr">
<head>
<meta charset="utf-8">
<title>{title} · 培训讲义</title>
{links}
<style>{page_css}</style>
</head>
<body dir="ltr" class="kb-handout">
<div class="md-typeset">

<section class="kb-handout-cover">
<p class="kb-handout-site">{SITE_NAME} · 培训讲义</p>
<h1>{title}</h1>
<p class="kb-handout-summary">{plain(data, m.summary)}</p>
<table class="kb-handout-meta">
<tr><th>培训对象</th><td>{html.escape(m.audience)}</td></tr>
<tr><th>建议时长</th><td>{html.escape(m.duration)}</td></tr>
<tr><th>版本</th><td>{html.escape(m.version)}</td></tr>
<tr><th>日期</th><td>{html.escape(m.date)}</td></tr>
<tr><th>编制单位</th><td>{owner}</td></tr>
<tr><th>依据</th><td>{html.escape(data.regulation_title)}（{html.escape(data.regulation_issued)}）</td></tr>
</table>
<p class="kb-handout-fineprint">本讲义由知识库页面汇编生成，页面更新后重新生成。内部工作资料，请勿外传。</p>
</section>
"""]
    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习目标</h2><p>学完本模块，你应当能够：</p><ol>')
    parts += [f"<li>{plain(data, o)}</li>" for o in m.objectives]
    parts.append("</ol></section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习内容</h2>')
    for i, s in enumerate(sections, 1):
        parts.append(f'<section class="kb-handout-source"><h3>{i}. {html.escape(s.page_title)} · {html.escape(s.heading)}</h3>')
        parts.append(f'<p class="kb-handout-from">摘自知识库页面《{html.escape(s.page_title)}》（{html.escape(page_html_path(s.page))}）</p>')
        if s.note:
            parts.append(f'<p class="kb-handout-note">培训提示：{html.escape(s.note)}</p>')
        parts.append(s.html)
        parts.append("</section>")
    parts.append("</section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、要点</h2><ul>')
    parts += [f"<li>{plain(data, k)}</li>" for k in m.key_points]
    parts.append("</ul></section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习清单</h2>'
                 '<div class="kb-checklist"><ul class="task-list">')
    parts += ['<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled>'
              f'<span class="task-list-indicator"></span></label> {plain(data, c)}</li>' for c in m.checklist]
    parts.append("</ul></div></section>")

    parts.append(f'<section class="kb-handout-part kb-quiz"><h2>{next(n)}、测验</h2>'
                 f"<p>共 {len(m.quiz)} 题。单选题选一个答案，多选题选两个或以上，判断题在方框里打勾，情景题写出做法。</p>")
    parts += [_question_html(data, i, q) for i, q in enumerate(m.quiz, 1)]
    parts.append("</section>")

    parts.append('<section class="kb-answer-key"><h2>答案与依据</h2>'
                 "<p>培训人讲评时使用。每题写明答案、理由和依据（条号指2022年《信访工作条例》）。</p>")
    parts += [_answer_html(data, i, q, titles) for i, q in enumerate(m.quiz, 1)]
    parts.append("</section>")

    parts.append(f"""<section class="kb-signoff">
<h2>学习确认表</h2>
<p>模块：{title}（版本 {html.escape(m.version)}）</p>
<table class="kb-signoff-table">
<tr><th>姓名</th><td></td><th>单位</th><td></td></tr>
<tr><th>岗位</th><td></td><th>学习日期</th><td></td></tr>
<tr><th>学习时长</th><td></td><th>测验得分</th><td></td></tr>
</table>
<p>本人已学习本模块全部内容，完成测验并对照答案订正，能够按学习清单开展工作。</p>
<div class="kb-signature"><span>学员签名：</span><span class="kb-signature-line"></span><span>日期：</span><span class="kb-signature-date"></span></div>
<p>培训人意见：</p>
<div class="kb-quiz-lines"><p></p><p></p></div>
<div class="kb-signature"><span>培训人签名：</span><span class="kb-signature-line"></span><span>日期：</span><span class="kb-signature-date"></span></div>
<p class="kb-handout-fineprint">本表由培训单位收回存档。</p>
</section>

</div>
</body>
</html>
""")
    return "\n".join(parts)


# ---------------------------------------------------------------- extract (Chromium)



# ---------------------------------------------------------------- section books (pure)

@dataclass(frozen=True)
class BookPage:
    src: str           # docs path
    title: str
    html: str          # the page's article as built (links made plain text, screen-only parts removed)


def printed_note(printed: str, version: str) -> str:
    return f"打印于 {printed}，以网站最新版本为准 · 版本 {version}"


def compose_section_book(section: str, pages: list[BookPage], stylesheets: list[str],
                         printed: str, version: str) -> str:
    """One nav section (政策指引, 工作流程 …) as one printable document: cover with the print
    date and version, a table of contents, then every page on a new sheet. Running header: the
    section title; footer: the print note; page numbers come from stylesheets/print.css."""
    note = printed_note(printed, version)
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    page_css = (
        "@page { @top-right { content: %s; } @bottom-left { content: %s; } }\n"
        "@page kb-cover { @top-left { content: none; } @top-right { content: none; } }"
        % (css_string(section), css_string(note))
    )
    toc = "\n".join(f'<li><a href="#kb-book-{i}">{html.escape(p.title)}</a></li>' for i, p in enumerate(pages, 1))
    parts = [f"""<!doctype html>
<html lang="zh-CN" dir="ltr">
<head>
<meta charset="utf-8">
<title>{html.escape(section)} · {SITE_NAME}</title>
{links}
<style>{page_css}</style>
</head>
<body dir="ltr" class="kb-handout kb-book">
<div class="md-typeset">
<section class="kb-handout-cover">
<p class="kb-handout-site">{SITE_NAME}</p>
<h1>{html.escape(section)}</h1>
<p class="kb-handout-summary">本册收录“{html.escape(section)}”栏目的全部 {len(pages)} 个页面。</p>
<p class="kb-book-printed">{html.escape(note)}</p>
<p class="kb-handout-fineprint">内部工作资料，请勿外传。</p>
</section>
<nav class="kb-book-toc" aria-label="目录"><h2>目录</h2><ol>
{toc}
</ol></nav>
"""]
    for i, p in enumerate(pages, 1):
        parts.append(f'<section class="kb-book-page" id="kb-book-{i}">\n{p.html}\n</section>')
    parts.append("</div>\n</body>\n</html>\n")
    return "\n".join(parts)


_DROP_CLASSES = {"headerlink", "kb-print-button", "md-content__button", "md-source-file", "kb-jump",
                 "kb-pb-filters", "kb-noprint", "kb-stale", "kb-history", "kb-search-button", "kb-quiz-answer"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)


class _BookArticle(HTMLParser):
    """A built page's article for print: screen-only parts dropped, site links as plain words,
    ids removed (they would repeat across the pages of one book), collapsed blocks open."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip = 0                 # depth inside a dropped element
        self.links: list[bool] = []   # per open <a>: was it turned into a <span>?

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip:
            if tag not in _VOID:
                self.skip += 1
            return
        if tag == "script" or classes & _DROP_CLASSES:
            if tag not in _VOID:
                self.skip = 1
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            inside = not href.startswith(("http://", "https://"))
            self.links.append(inside)
            if inside:
                self.out.append('<span class="kb-link">')
                return
        kept = [(k, v) for k, v in attrs if k != "id"]
        if tag == "details" and not any(k == "open" for k, _ in kept):
            kept.append(("open", None))
        text = "".join(f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"' for k, v in kept)
        self.out.append(f"<{tag}{text}>")

    def handle_endtag(self, tag):
        if self.skip:
            if tag not in _VOID:
                self.skip -= 1
            return
        if tag == "a" and self.links:
            if self.links.pop():
                self.out.append("</span>")
                return
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skip:
            self.out.append(f"&#{name};")


def book_article(page_html: str) -> tuple[str, str] | None:
    """(title, article HTML for print) of one built page; None when it has no article."""
    m = _ARTICLE.search(page_html)
    if not m:
        return None
    parser = _BookArticle()
    parser.feed(m.group(1))
    parser.close()
    body = "".join(parser.out)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else ""
    return title, body
