"""Plain text out of the files the guard scans, line by line: Markdown (emphasis and tags
dropped), HTML (visible text, attribute values people read, comments), JSON (string values,
with the page a search-index entry belongs to), anything else as it is."""
from __future__ import annotations

import json
import re
from typing import Iterator

import lxml.etree
import lxml.html

from kb.model.markup import as_browser_reads

INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
          "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
ATTRS = {"title", "alt", "content", "aria-label", "placeholder", "value", "data-title"}


def html_lines(text: str) -> Iterator[tuple[int, str]]:
    """Visible text of an HTML document by line number: tags dropped (a block tag reads as a
    space, an inline one as nothing), entities decoded, the attribute values people read, and
    comments (invisible on the page, but shipped to every browser); <style> skipped. libxml2
    (lxml) parses; each element's start line comes from the parser, text lines are counted."""
    lines: dict[int, list[str]] = {}

    def add(line: int, piece: str) -> None:
        lines.setdefault(line, []).append(piece)

    def add_text(line: int, piece: str, pad: bool = False) -> int:
        for i, part in enumerate(piece.split("\n")):
            add(line + i, f" {part} " if pad else part)
        return line + piece.count("\n")

    try:
        root = lxml.html.document_fromstring(as_browser_reads(text))
    except (lxml.etree.ParserError, ValueError):  # empty, or only a declaration
        return iter(())
    line = 1
    stack: list = [(root, False)]   # (element, closing?): document order without recursion
    while stack:
        el, closing = stack.pop()
        if closing:
            if isinstance(el.tag, str) and el.tag not in INLINE:
                add(line, " ")
            if el.tail:
                line = add_text(line, el.tail)
            continue
        line = el.sourceline or line  # libxml2: the line where the start tag (or a comment) ends
        if not isinstance(el.tag, str):  # a comment or processing instruction
            if el.text:
                line = add_text(line - el.text.count("\n"), el.text, pad=True)
            if el.tail:
                line = add_text(line, el.tail)
            continue
        if el.tag not in INLINE:
            add(line, " ")
        for key, value in el.attrib.items():
            if value and (key in ATTRS or (key == "href" and value.startswith(("mailto:", "tel:")))):
                add(line, f" {value.removeprefix('mailto:').removeprefix('tel:')} ")
        if el.text and el.tag != "style":
            line = add_text(line, el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return ((number, "".join(lines[number])) for number in sorted(lines))


def _html_fragment(text: str) -> str:
    return " ".join(part for _, part in html_lines(text)) if "<" in text else text


_JSON_STRING = re.compile(r'(?P<literal>"(?:[^"\\\n]|\\.)*")(?P<colon>\s*:)?')
_MD_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_MD_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def text_lines(text: str, fmt: str) -> Iterator[tuple[int, str, str]]:
    """(line number, plain text, where) for each piece of a file worth scanning.
    `where` names the page inside a search index (its "location")."""
    if fmt == "html":
        for number, line in html_lines(text):
            yield number, line, ""
        return
    location = ""
    for number, raw in enumerate(text.splitlines(), 1):
        if fmt == "md":
            plain = _MD_EMPHASIS.sub("", raw)  # 信访人**张建国** reads as 信访人张建国
            yield number, plain, ""
            if "<" in plain:  # 信访人<span>张建国</span>; attribute values were scanned in `plain`
                yield number, _MD_TAG.sub("", plain), ""
        elif fmt == "json":
            key = ""
            yield number, _JSON_STRING.sub(" ", raw), ""  # numbers: {"phone": 13957126843}
            for m in _JSON_STRING.finditer(raw):
                try:
                    value = json.loads(m.group("literal"))
                except ValueError:
                    continue
                if not isinstance(value, str):
                    continue
                if m.group("colon"):  # a key, not a value
                    key = value
                    continue
                if key in ("location", "u"):  # a page in Material's index / in kb's search/p/<n>.js
                    location = value
                yield number, _html_fragment(value), location
                key = ""
        else:
            yield number, raw, ""


