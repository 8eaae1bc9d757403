"""Glossary terms explain themselves where pages use them: the first occurrence of each
term (or alias) in a page's running text gets an <abbr> with the definition, which
assets/javascripts/tooltips.js shows above the line being read, and the print stylesheet ignores.
Not every term is underlined: at most one per paragraph, list item or table cell and
MAX_PER_PAGE per page, so a page does not turn into a row of dotted lines."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from kb.model.records import Term

TAG = re.compile(r"(<[^>]+>)")
SKIP = {"a", "abbr", "code", "pre", "script", "style", "select", "option", "textarea", "svg", "noscript", "template", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "title"}
OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*?(/?)>")
BLOCKS = {"p", "li", "td", "th", "dd", "dt", "blockquote", "div", "section", "details", "summary"}
MAX_PER_PAGE = 8


@lru_cache(maxsize=8)  # the same glossary for every page of a build
def _matcher(terms: tuple[Term, ...]):
    """(pattern of every name, longest first; name → definition; name → term), or None."""
    names = sorted(((html.escape(name, quote=False), t) for t in terms for name in (t.term, *t.aliases)),
                   key=lambda p: -len(p[0]))
    if not names:
        return None
    return (re.compile("|".join(re.escape(n) for n, _ in names)),
            {n: t.definition for n, t in names}, {n: t.term for n, t in names})


def add_term_tooltips(page_html: str, terms: tuple[Term, ...]) -> str:
    """Pure: HTML in, HTML out. Text inside links, headings, code and existing abbr is left alone."""
    # Text between tags is HTML-escaped: match the escaped form of each name, so a name with & < >
    # can neither miss nor land inside an entity.
    matcher = _matcher(tuple(terms))
    if matcher is None:
        return page_html
    pattern, definition, canonical = matcher
    done: set[str] = set()  # canonical terms already explained on this page
    skip_depth = 0
    block_used = [False]  # one tooltip per block of text
    out = []
    for part in TAG.split(page_html):
        if part.startswith("<"):
            m = OPEN_OR_CLOSE.match(part)
            if m and m.group(2).lower() in SKIP and not m.group(3):
                skip_depth += -1 if m.group(1) else 1
                skip_depth = max(skip_depth, 0)
            if m and m.group(2).lower() in BLOCKS:
                block_used[0] = False
            out.append(part)
            continue
        if skip_depth or not part.strip():
            out.append(part)
            continue

        def wrap(match: re.Match) -> str:
            name = match.group(0)
            if canonical[name] in done or block_used[0] or len(done) >= MAX_PER_PAGE:
                return name
            done.add(canonical[name])
            block_used[0] = True
            return f'<abbr title="{html.escape(definition[name], quote=True)}">{name}</abbr>'

        out.append(pattern.sub(wrap, part))
    return "".join(out)
