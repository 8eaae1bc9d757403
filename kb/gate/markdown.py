"""The output gate on Markdown sources, so that a problem is reported with its page and line
before anything is built: raw HTML, Markdown links and images, reference definitions, autolinks
and attribute lists ({ onclick=… }) become elements for kb.gate.rules. Code (fenced blocks and
`inline code`) is left out: it is shown, never run."""
from __future__ import annotations

import re
from typing import Iterator

import lxml.html

from kb.gate.rules import Rules, element_problems
from kb.model.markup import as_browser_reads
from kb.model.offsets import blank

FENCE = re.compile(r"^([ \t]*)(```|~~~)[^\n]*\n.*?^\1?[ \t]*\2[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
MD_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+[\"'(].*?[\"')])?\s*\)", re.S)
REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}):[^\s<>]*)>")
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
ATTR = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")
HTML_TAG = re.compile(r"<[A-Za-z!/]")


def strip_code(text: str) -> str:
    return INLINE_CODE.sub(blank, FENCE.sub(blank, text))


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def md_links(text: str) -> Iterator[re.Match]:
    """MD_LINK.finditer(text), tried only where a link can start: at each [ (or the ! before
    it). Every match starts there, and where the ! fails the [ after it fails too (the same rest
    of the pattern), so these are the same matches without the regex trying every character."""
    pos = 0
    while (i := text.find("[", pos)) >= 0:
        m = MD_LINK.match(text, i - 1 if i > pos and text[i - 1] == "!" else i)
        if m:
            yield m
            pos = m.end()
        else:
            pos = i + 1


def elements(text: str) -> Iterator[tuple[int, str, dict, str | None]]:
    """(line in text, tag, attributes, inline text) for everything in a page that becomes HTML."""
    for m in md_links(text):
        tag, attr = ("img", "src") if m.group(1) else ("a", "href")
        yield _line(text, m.start()), tag, {attr: m.group(2)}, None
    for m in REF_DEF.finditer(text):
        yield _line(text, m.start()), "a", {"href": m.group(1)}, None
    for m in AUTOLINK.finditer(text):
        yield _line(text, m.start()), "a", {"href": m.group(1)}, None
    for m in ATTR_LIST.finditer(text):
        if "=" not in m.group(1):
            continue  # no attribute (every ATTR has one): {{ cite(23) }}, { .class }
        attrs = {k: v.strip("\"'") for k, v in ATTR.findall(m.group(1))}
        if attrs:
            yield _line(text, m.start()), "span", attrs, None
    if HTML_TAG.search(text):
        try:
            root = lxml.html.document_fromstring("<html><body>\n" + as_browser_reads(text) + "</body></html>")
        except Exception:  # noqa: BLE001 - nothing parseable
            return
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag not in ("html", "body", "head"):
                if el.sourceline is None:
                    continue
                text_of = el.text if el.tag in ("script", "style") else None
                yield max(el.sourceline - 1, 1), el.tag, dict(el.attrib), text_of


_SEEN: dict[tuple[str, Rules], list[tuple[int, str]]] = {}  # mkdocs serve: unchanged pages again and again


def source_problems(body: str, rules: Rules) -> list[tuple[int, str]]:
    """(line in body, message) for every problem of a Markdown page body."""
    try:
        found = _SEEN.get((body, rules))
    except TypeError:  # rules with an unhashable part: not remembered
        return _source_problems(body, rules)
    if found is None:
        if len(_SEEN) > 20_000:
            _SEEN.clear()
        found = _SEEN[(body, rules)] = _source_problems(body, rules)
    return list(found)


def _source_problems(body: str, rules: Rules) -> list[tuple[int, str]]:
    text = strip_code(body)
    out, seen = [], set()
    for line, tag, attrs, inline in elements(text):
        for message in element_problems(tag, attrs, inline, rules):
            if (line, message) not in seen:
                seen.add((line, message))
                out.append((line, message))
    return sorted(out)
