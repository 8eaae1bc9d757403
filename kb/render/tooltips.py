"""Glossary terms explain themselves where pages use them: the first occurrence of each
term (or alias) in a page's running text gets an <abbr> with the definition, which
Material shows as a tooltip (content.tooltips) and the print stylesheet ignores."""
from __future__ import annotations

import html
import re

from kb.model.records import Term

TAG = re.compile(r"(<[^>]+>)")
SKIP = {"a", "abbr", "code", "pre", "script", "style", "select", "option", "textarea", "svg", "noscript", "template", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "title"}
OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*?(/?)>")


def add_term_tooltips(page_html: str, terms: tuple[Term, ...]) -> str:
    """Pure: HTML in, HTML out. Text inside links, headings, code and existing abbr is left alone."""
    # Text between tags is HTML-escaped: match the escaped form of each name, so a name with & < >
    # can neither miss nor land inside an entity.
    names = sorted(((html.escape(name, quote=False), t) for t in terms for name in (t.term, *t.aliases)),
                   key=lambda p: -len(p[0]))
    if not names:
        return page_html
    pattern = re.compile("|".join(re.escape(n) for n, _ in names))
    definition = {n: t.definition for n, t in names}
    done: set[str] = set()  # canonical terms already explained on this page
    canonical = {n: t.term for n, t in names}
    skip_depth = 0
    out = []
    for part in TAG.split(page_html):
        if part.startswith("<"):
            m = OPEN_OR_CLOSE.match(part)
            if m and m.group(2).lower() in SKIP and not m.group(3):
                skip_depth += -1 if m.group(1) else 1
                skip_depth = max(skip_depth, 0)
            out.append(part)
            continue
        if skip_depth or not part.strip():
            out.append(part)
            continue

        def wrap(match: re.Match) -> str:
            name = match.group(0)
            if canonical[name] in done:
                return name
            done.add(canonical[name])
            return f'<abbr title="{html.escape(definition[name], quote=True)}">{name}</abbr>'

        out.append(pattern.sub(wrap, part))
    return "".join(out)
