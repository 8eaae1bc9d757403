"""Step 1 of a handout (pure): the section of a built page under one heading, as it prints.

Read from the static HTML MkDocs wrote (what a browser shows with JavaScript off), parsed the
way a browser parses it (kb.gate.html.parse, libxml2). The section runs from the heading down to
the next heading of the same or a higher level among the article's own children. It is made
ready for print: permalinks, print buttons and scripts dropped; links inside the site kept as
words (a link on paper leads nowhere); images given their full address, because the handout is
printed from another folder; collapsed blocks open; headings moved under the handout's own
(a cited h2 section's h3 becomes the handout's h4)."""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

from kb.gate.html import parse

_HEADING = re.compile(r"h[1-6]")
_DROPPED = ("headerlink", "kb-print-button")
_OUTSIDE = re.compile(r"https?:")


@dataclass(frozen=True)
class PageSection:
    title: str                 # the page's h1 (else its <title>)
    found: bool
    html: str = ""             # the section's elements, ready for print (when found)
    headings: tuple[str, ...] = ()   # the article's own headings (when not found: for the message)


def _has_class(el, name: str) -> bool:
    return isinstance(el.tag, str) and name in (el.get("class") or "").split()


def _text(el) -> str:
    """A heading's words, without its permalink sign, whitespace collapsed."""
    copy = deepcopy(el)
    for link in [e for e in copy.iter() if e is not copy and _has_class(e, "headerlink")]:
        link.drop_tree()
    return " ".join(copy.text_content().split())


def _is_heading(el) -> bool:
    return isinstance(el.tag, str) and bool(_HEADING.fullmatch(el.tag))


def _for_print(box, level: int, page_uri: str) -> None:
    for el in list(box.iter()):
        if el is not box and isinstance(el.tag, str) and (el.tag == "script" or any(_has_class(el, c) for c in _DROPPED)):
            el.drop_tree()   # the text after it stays
    for a in box.iter("a"):
        href = a.get("href")
        if href is None or _OUTSIDE.match(href):
            continue   # an outside address: printed after the text by print.css
        a.tag = "span"
        a.attrib.clear()
        a.set("class", "kb-link")
    for img in box.iter("img"):
        if img.get("src") is not None:
            img.set("src", urljoin(page_uri, img.get("src")))
    for d in box.iter("details"):
        d.set("open", "")
    for h in [el for el in box.iter() if el is not box and _is_heading(el)]:
        h.tag = f"h{min(6, 3 + (int(h.tag[1]) - level))}"
        h.attrib.clear()


def page_section(page_html: str, page_uri: str, wanted: str) -> PageSection:
    """The section under the heading whose words are `wanted` (normalized), from one built page
    whose address is page_uri (file:// or http://: images are made absolute against it)."""
    doc = parse(page_html)
    found = doc.xpath('//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]')
    root = found[0] if found else doc.body
    h1 = next(root.iter("h1"), None)
    title = _text(h1) if h1 is not None else " ".join((doc.findtext(".//title") or "").split())
    heads = [el for el in root if _is_heading(el)]
    head = next((h for h in heads if _text(h) == wanted), None)
    if head is None:
        return PageSection(title, False, headings=tuple(_text(h) for h in heads))
    level = int(head.tag[1])
    box = lxml.html.Element("div")
    for el in head.itersiblings():
        if _is_heading(el) and int(el.tag[1]) <= level:
            break
        if not isinstance(el.tag, str):
            continue   # comments between the elements are not part of the section
        copy = deepcopy(el)
        copy.tail = None   # only the elements (the browser's nextElementSibling), not the text between
        box.append(copy)
    _for_print(box, level, page_uri)
    return PageSection(title, True, "".join(lxml.html.tostring(el, encoding="unicode", with_tail=False) for el in box))


def stylesheets(page_html: str, page_uri: str) -> list[str]:
    """The full addresses of a built page's stylesheets, in order."""
    return [urljoin(page_uri, href) for href in parse(page_html).xpath('//link[@rel="stylesheet"]/@href')]
