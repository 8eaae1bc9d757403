"""One built page through every check of the built site, in one place: the output gate (kb.gate),
the privacy scan of the page body (kb.privacy) and the search extraction (kb.search.index).
Pure: the page's text in, a PagePass out; runs in a worker process."""
from __future__ import annotations

from dataclasses import dataclass

from kb.gate.html import Problem, page_problems
from kb.gate.rules import Rules
from kb.model.privacy_lists import Lists
from kb.privacy.report import Report
from kb.privacy.scan import scan_site_page
from kb.search.index import Extracted, extract


@dataclass(frozen=True)
class PagePass:
    rel: str                          # site-relative path, e.g. procedures/acceptance.html
    gate: tuple[Problem, ...]         # output gate problems
    privacy: tuple[Report, ...]       # personal data in what the page adds to its sources
    extracted: Extracted | None       # title, sections, text blocks for the search index
    scripts: tuple[tuple[int, str], ...] = ()   # (line, src) of its <script src>: checked on the finished site

    @property
    def failed(self) -> bool:
        return bool(self.gate or self.privacy)


def pass_page(rel: str, html: str, rules: Rules, lists: Lists | None, search: bool = True) -> PagePass:
    """lists None: no privacy scan. With rules.script_exists None, the page's scripts are
    listed for a check on the finished site (a worker does not know its files)."""
    scripts: list = []
    gate = tuple(page_problems(html, rel, rules, scripts if rules.script_exists is None else None))
    privacy = tuple(scan_site_page(html, rel, rel, lists)) if lists is not None else ()
    return PagePass(rel, gate, privacy, extract(html) if search else None, tuple(scripts))
