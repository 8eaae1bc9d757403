"""The output gate on built pages: a real HTML parser (libxml2 through lxml, HTML mode) reads each
page once and every element goes through kb.gate.rules."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import lxml.html

from kb.load.walk import files_under
from kb.model.markup import as_browser_reads

from kb.gate.rules import Rules, element_problems, worth_checking


@dataclass(frozen=True)
class Problem:
    page: str         # site-relative path of the built page, e.g. procedures/acceptance.html
    line: int | None  # line in the built page
    message: str


def parse(markup: str | bytes):
    """The page as a browser builds it (kb.model.markup: nothing after an early </html> is lost)."""
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", errors="replace")
    text = as_browser_reads(markup)
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # a str with an XML encoding declaration: lxml wants the bytes
        return lxml.html.document_fromstring(text.encode("utf-8"))


def page_problems(markup: str | bytes, page: str, rules: Rules, scripts: list | None = None) -> list[Problem]:
    """Every problem of one built page. scripts: gets (line, src) of every <script src>, for a
    caller that checks them against the finished site (rules.script_exists None)."""
    if not markup.strip():
        return []
    try:
        doc = parse(markup)
    except Exception:  # noqa: BLE001 - lxml raises ParserError/ValueError on empty or odd documents
        return []
    page_dir = page.rsplit("/", 1)[0] if "/" in page else ""
    out = []
    for el in doc.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        attrib = el.attrib
        if not worth_checking(tag, attrib):
            continue
        text = el.text if el.tag in ("script", "style") else None
        if scripts is not None and tag == "script" and attrib.get("src"):
            scripts.append((el.sourceline, attrib["src"]))
        for message in element_problems(tag, dict(attrib), text, rules, page_dir):
            out.append(Problem(page, el.sourceline, message))
    return out


def script_problems(page: str, scripts, rules: Rules) -> list[Problem]:
    """The <script src> of a page that are not files of the finished site (rules.script_exists)."""
    page_dir = page.rsplit("/", 1)[0] if "/" in page else ""
    return [Problem(page, line, message) for line, src in scripts
            for message in element_problems("script", {"src": src}, None, rules, page_dir)]


def site_pages(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """(file, site-relative path) of every HTML page of a built site."""
    site_dir = Path(site_dir)
    for rel in files_under(site_dir):
        if rel.endswith(".html"):
            yield site_dir / rel, rel


def site_file_set(site_dir: Path) -> frozenset[str]:
    return frozenset(files_under(site_dir))


def check_pages(pages: Iterable[tuple[str, bytes]], rules: Rules) -> list[Problem]:
    out = []
    for rel, markup in pages:
        out += page_problems(markup, rel, rules)
    return out
