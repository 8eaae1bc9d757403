"""The deny-list and allow-list of the privacy guard (data/privacy.yml), as records."""
from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator


_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize(text: str) -> str:
    """Same text as a reader sees it: full-width forms folded (NFKC), zero-width spaces gone
    (the search index puts U+200B between words)."""
    if text.isascii():
        return text  # NFKC leaves ASCII as it is, and the invisible characters are not ASCII
    if len(text) <= 1000:  # lines recur (table headers, notes, a page's text in its HTML and its index entry)
        return _normalized_line(text)
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=50_000)  # short lines only: at most a few tens of MB
def _normalized_line(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1024)
def _normalized(text: str) -> str:
    return normalize(text)


@dataclass(frozen=True)
class ListEntry:
    """One deny-list or allow-list entry from data/privacy.yml."""
    text: str = ""
    pattern: str = ""
    reason: str = ""
    path: str = ""

    def spans(self, line: str) -> Iterator[tuple[int, int]]:
        if self.pattern:
            for m in re.finditer(self.pattern, line):
                if m.end() > m.start():
                    yield m.span()
        elif self.text:
            needle, start = _normalized(self.text), 0
            while needle and (i := line.find(needle, start)) >= 0:
                yield i, i + len(needle)
                start = i + 1

    def applies_to(self, paths: Iterable[str]) -> bool:
        return not self.path or any(fnmatch.fnmatch(p, self.path) or p == self.path for p in paths)


@dataclass(frozen=True)
class Lists:
    deny: tuple[ListEntry, ...] = ()
    allow: tuple[ListEntry, ...] = ()


NO_LISTS = Lists()


def lists_from_raw(raw: dict) -> Lists:
    """Typed lists from the validated content of data/privacy.yml."""
    def entries(items):
        return tuple(ListEntry(text=e.get("text", ""), pattern=e.get("pattern", ""),
                               reason=e.get("reason", ""), path=e.get("path", "")) for e in items or ())
    return Lists(entries(raw.get("deny")), entries(raw.get("allow")))
