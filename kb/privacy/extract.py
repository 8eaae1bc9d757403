"""Plain text out of the files the guard scans, line by line: Markdown (emphasis and tags
dropped), HTML (visible text, attribute values people read, comments), JSON (string values,
with the page a search-index entry belongs to), anything else as it is."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Iterator

class _HTMLText(HTMLParser):
    """Visible text of an HTML document by line number; tags dropped, entities decoded."""
    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
              "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
    ATTRS = {"title", "alt", "content", "aria-label", "placeholder", "value", "data-title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: dict[int, list[str]] = {}
        self.skip = 0

    def _add(self, line: int, text: str) -> None:
        self.lines.setdefault(line, []).append(text)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "style":
            self.skip += 1
        if tag not in self.INLINE:
            self._add(line, " ")
        for key, value in attrs:
            if value and (key in self.ATTRS or (key == "href" and value.startswith(("mailto:", "tel:")))):
                self._add(line, f" {value.removeprefix('mailto:').removeprefix('tel:')} ")

    def handle_endtag(self, tag):
        if tag == "style" and self.skip:
            self.skip -= 1
        if tag not in self.INLINE:
            self._add(self.getpos()[0], " ")

    def handle_data(self, data):
        if self.skip:
            return
        line = self.getpos()[0]
        for i, part in enumerate(data.split("\n")):
            self._add(line + i, part)

    def handle_comment(self, data):  # invisible on the page, but shipped to every browser
        line = self.getpos()[0]
        for i, part in enumerate(data.split("\n")):
            self._add(line + i, f" {part} ")


def html_lines(text: str) -> Iterator[tuple[int, str]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    for number in sorted(parser.lines):
        yield number, "".join(parser.lines[number])


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


