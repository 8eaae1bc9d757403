"""Pure render functions for the training pages (docs/training/*.md): module record in,
escaped Markdown out. Registered as macros in macros.py.

Section references become links (the handout PDF carries the sections' text); the link to the
PDF is raw HTML because the PDF is made after MkDocs has finished (kb build), so MkDocs cannot
check it — tests/test_handouts.py proves every linked PDF exists in the built site."""
from __future__ import annotations

from kb.model.records import KbData
from kb.model.training import INLINE_MACRO, LETTERS, Basis, Question, TrainingModule, expand
from kb.render.core import RenderError, cite, deadline, esc, get_article
from kb.render.slugs import heading_slug


def heading_anchor(heading: str) -> str:
    return heading_slug(heading, "-")


def get_module(data: KbData, module_id: str) -> TrainingModule:
    for m in data.training:
        if m.id == module_id:
            return m
    raise RenderError(f"未知的培训模块 “{module_id}”。data/training.yml 里有：{'、'.join(m.id for m in data.training)}。")


def text(data: KbData, raw: str) -> str:
    """Training text for the site: escaped, with {{ deadline }} / {{ cite }} expanded to Markdown."""
    out, pos = [], 0
    for m in INLINE_MACRO.finditer(raw):
        out.append(esc(raw[pos:m.start()]))
        out.append(expand(m.group(0), lambda key: deadline(data, key), lambda n, clause: cite(data, n, clause)))
        pos = m.end()
    out.append(esc(raw[pos:]))
    return "".join(out)


def _section_link(page: str, heading: str, label: str) -> str:
    anchor = f"#{heading_anchor(heading)}" if heading else ""
    return f"[{label}](/{page}{anchor})"


def basis_markdown(data: KbData, b: Basis, page_titles: dict[str, str] | None = None) -> str:
    parts = []
    if b.article is not None:
        get_article(data, b.article)
        parts.append(cite(data, b.article, b.clause))
    if b.page:
        title = (page_titles or {}).get(b.page, b.page)
        label = esc(title) + (f" · {esc(b.heading)}" if b.heading else "")
        parts.append(_section_link(b.page, b.heading, label))
    return "、".join(parts)


def _question_markdown(data: KbData, n: int, q: Question, page_titles: dict[str, str]) -> str:
    lines = [f"**{n}.** 〔{q.type_label}〕{text(data, q.question)}", ""]
    for letter, option in zip(LETTERS, q.options):
        lines.append(f"- {letter}. {text(data, option)}")
    if q.type == "true_false":
        lines.append("- 对 ／ 错")
    # kb-quiz-answer: on paper these are collected on a new page at the end (print-checklist.js)
    lines += ["", '??? note kb-quiz-answer "答案与依据"', "",
              f"    **答案：**{text(data, q.answer_text)}", "",
              f"    {text(data, q.explanation)}", "",
              f"    **依据：**{basis_markdown(data, q.basis, page_titles)}", ""]
    return "\n".join(lines)


def training_module(data: KbData, module_id: str, page_titles: dict[str, str] | None = None) -> str:
    """The body of docs/training/<id>.md (after its # title)."""
    m = get_module(data, module_id)
    page_titles = page_titles or {}
    owner = esc(data.units[m.owner].name)
    out = [
        text(data, m.summary), "",
        "| 培训对象 | 建议时长 | 版本 | 日期 | 编制单位 |", "|---|---|---|---|---|",
        f"| {esc(m.audience)} | {esc(m.duration)} | {esc(m.version)} | {esc(m.date)} | {owner} |", "",
        '<div class="kb-noprint kb-handout-box" markdown>', "",
        f'<a class="md-button md-button--primary kb-handout-link" href="../{m.handout}" download>'
        f"下载打印版讲义（PDF）</a>", "",
        "讲义包括封面、学习目标、下面各节引用的页面内容、学习清单、测验、答案（另起一页）和学习确认表。", "",
        "</div>", "",
        "## 学习目标", "",
    ]
    out += [f"{i}. {text(data, o)}" for i, o in enumerate(m.objectives, 1)]
    out += ["", "## 学习内容", "", "按顺序阅读下列页面小节（讲义里收录了它们的全文）：", ""]
    for i, s in enumerate(m.sources, 1):
        title = esc(page_titles.get(s.page, s.page))
        line = f"{i}. {_section_link(s.page, s.heading, f'{title} · {esc(s.heading)}')}"
        if s.note:
            line += f"　——{esc(s.note)}"
        out.append(line)
    out += ["", "## 要点", ""]
    out += [f"- {text(data, k)}" for k in m.key_points]
    out += ["", "## 学习清单", "", '<div class="kb-checklist" markdown>', "",
            f"**{esc(m.title)} · 学习清单**", ""]
    out += [f"- [ ] {text(data, c)}" for c in m.checklist]
    out += ["", "</div>", "", "## 测验", "",
            f"共 {len(m.quiz)} 题。先自己作答，再展开“答案与依据”核对。", ""]
    for n, q in enumerate(m.quiz, 1):
        out.append(_question_markdown(data, n, q, page_titles))
    return "\n".join(out)


def training_index(data: KbData) -> str:
    """Table of every module for docs/training/index.md."""
    rows = ["| 模块 | 培训对象 | 时长 | 测验 | 讲义 |", "|---|---|---|---|---|"]
    for m in data.training:
        rows.append(
            f"| [{esc(m.title)}](/{m.page}) | {esc(m.audience)} | {esc(m.duration)} | {len(m.quiz)} 题 | "
            f'<a href="../{m.handout}" download>PDF</a> |'
        )
    return "\n".join(rows)

