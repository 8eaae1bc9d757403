"""What the source checks look at: records, pages and the text of every source file."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kb.model.page import Page
from kb.model.records import KbData


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at: records, pages and the text of every source file."""
    data: KbData
    pages: list[Page]
    sources: dict = field(default_factory=dict)     # shown path → kb.load.sources.SourceFile (data files)
    texts: dict = field(default_factory=dict)       # shown path → text of every other file to scan (docs/ assets …)
    frontmatter_validator: object = None            # jsonschema validator of data/schema/frontmatter.schema.json
    today: datetime.date = field(default_factory=datetime.date.today)
    unscanned: dict = field(default_factory=dict)   # shown path → "unknown"/"binary": files under docs/ the guard cannot read
    macro_names: tuple = ()                         # macros a page may call (kb.model.macros.MACRO_NAMES)

    def source(self, name: str):
        """The data file named name ("privacy.yml" or "data/privacy.yml"), or None."""
        return next((s for shown, s in self.sources.items() if shown == name or shown.endswith("/" + name)), None)

    def page(self, src: str) -> Page | None:
        return self._by_src.get(src)

    @property
    def _by_src(self) -> dict[str, Page]:
        cache = self.__dict__.get("_by_src_cache")
        if cache is None:
            cache = {p.src: p for p in self.pages}
            object.__setattr__(self, "_by_src_cache", cache)
        return cache
