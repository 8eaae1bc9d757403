"""The 问答 section: data/faq.yml in, escaped Markdown out. Each question is its own heading
(so it is its own search entry), with its other phrasings, the answer with its articles linked,
and the page that explains it."""
from __future__ import annotations

import re

from kb.model.faq import AUDIENCE_LABELS, FaqQuestion
from kb.model.records import KbData
from kb.render.core import cite, esc

MENTION = re.compile(r"第(\d{1,2})条(?:第(\d{1,2})款)?(?:第(\d{1,2})项)?")


def answer_markdown(data: KbData, text: str) -> str:
    """The answer escaped, every 第N条(第M款)(第K项) of the regulation turned into its cite link."""
    out, pos = [], 0
    for m in MENTION.finditer(text):
        number = int(m.group(1))
        if number not in data.articles:
            continue
        out.append(esc(text[pos:m.start()]))
        out.append(cite(data, number, int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _question(data: KbData, q: FaqQuestion, titles: dict[str, str]) -> str:
    title = titles.get(q.page_src, q.page_src)
    lines = [f"### {esc(q.question)} {{ #faq-{q.id} }}", "",
             f'<span class="kb-faq-who" data-audience="{q.audience}">{AUDIENCE_LABELS[q.audience]}</span>', ""]
    if q.phrasings:
        lines += [f"也常这样问：{'；'.join(esc(p) for p in q.phrasings)}", ""]
    lines += [answer_markdown(data, q.answer), "", f"详见：[{esc(title)}](/{esc(q.page)})", ""]
    return "\n".join(lines)


def faq_page(data: KbData, page_titles: dict[str, str] | None = None, audience: str = "") -> str:
    """Every group with its questions (only one audience's when given)."""
    titles = page_titles or {}
    parts = []
    for g in data.faq.groups:
        questions = [q for q in data.faq.in_group(g.id) if not audience or q.audience == audience]
        if not questions:
            continue
        parts.append(f"## {esc(g.title)} {{ #faq-group-{g.id} }}\n\n{esc(g.intro)}\n")
        parts += [_question(data, q, titles) for q in questions]
    return "\n".join(parts)


def faq_contents(data: KbData) -> str:
    """The list of groups with their question counts, for the top of the page."""
    rows = []
    for g in data.faq.groups:
        n = len(data.faq.in_group(g.id))
        if n:
            rows.append(f"- [{esc(g.title)}](#faq-group-{g.id})（{n} 问）")
    return "\n".join(rows)
