"""A Markdown page under docs/: its front matter and body, and the headings it has."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.model.review import review_due


@dataclass(frozen=True)
class Page:
    path: Path          # absolute path of the source file
    src: str            # path relative to docs/, e.g. procedures/acceptance.md
    meta: dict
    body: str
    body_line: int      # line number of the first body line in the file
    meta_node: Any = None  # the parsed YAML node tree of the front matter, for line numbers
    shown: str = ""     # the file as shown to staff: docs/procedures/acceptance.md
    text: str = ""      # the whole file as read (privacy and citation checks need its lines)

    @property
    def is_draft(self) -> bool:
        return bool(self.meta.get("draft"))

    @property
    def review_due(self):
        return review_due(self.meta.get("reviewed"), self.meta.get("review_interval_months"))

    @property
    def headings(self) -> list[str]:
        return page_headings(self.body)


FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
ATTR_LIST = re.compile(r"\s*\{:?[^{}]*\}\s*$")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def normalize_heading(text: str) -> str:
    """Heading text as a reader sees it: no {#id}, no **, `, or link syntax, single spaces.
    The same text is what the built page shows, so it also finds the section in the HTML."""
    text = ATTR_LIST.sub("", text)
    text = MD_LINK.sub(r"\1", text)
    text = re.sub(r"[*`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def page_headings(body: str) -> list[str]:
    """Headings written in a page's Markdown source (not those inside code blocks)."""
    body = FENCE.sub("", body)
    return [normalize_heading(m.group(2)) for m in HEADING.finditer(body)]


