"""Case playbooks as typed records: one file data/playbooks/<id>.yml per playbook.

kb.load.playbooks builds them from the validated files; kb.checks.playbooks checks their
references; kb.render.playbooks turns them into pages."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.model.review import Change


from kb.model.ids import ID_PATTERN, TODO_MARK  # noqa: F401  (re-exported: one rule for all)

FOLDER = "playbooks"


@dataclass(frozen=True)
class PlaybookStep:
    title: str
    detail: str
    deadline: str = ""   # key in data/deadlines.yml
    by: str = ""         # unit id


@dataclass(frozen=True)
class LawfulChannel:
    claim: str
    route: str
    unit: str = ""


@dataclass(frozen=True)
class Lesson:
    problem: str
    lesson: str


@dataclass(frozen=True)
class Basis:
    article: int
    why: str
    clause: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Playbook:
    id: str              # file name without .yml; the page is playbooks/<id>.md
    source: str          # the file as shown to staff, e.g. data/playbooks/wage-arrears.yml
    title: str
    summary: str
    category: str
    risk: str
    channel: str
    owner: str
    reviewed: str
    review_interval_months: int
    tags: tuple[str, ...]
    situation: str
    warning_signs: tuple[str, ...]
    lead: str
    partners: tuple[str, ...]
    steps: tuple[PlaybookStep, ...]
    lawful_channels: tuple[LawfulChannel, ...]
    resolution: str
    lookback: tuple[Lesson, ...]
    basis: tuple[Basis, ...]
    related: tuple[str, ...]
    draft: bool = False
    changes: tuple[Change, ...] = ()   # newest first
    # (json path) -> line in the source file, for messages; not part of the record's value
    lines: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    path: Path | None = field(default=None, compare=False, repr=False)  # the source file itself

    @property
    def src(self) -> str:
        """Page path relative to docs/ (the page is generated, there is no file there)."""
        return f"{FOLDER}/{self.id}.md"

    def line(self, *json_path: Any) -> int | None:
        """Line of a field in the source; falls back to the nearest enclosing field."""
        path = tuple(json_path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def texts(self):
        """Every free-text field with its json path, for prose checks (citations, placeholders)."""
        yield ("title",), self.title
        yield ("summary",), self.summary
        yield ("situation",), self.situation
        for i, s in enumerate(self.warning_signs):
            yield ("warning_signs", i), s
        for i, s in enumerate(self.steps):
            yield ("steps", i, "title"), s.title
            yield ("steps", i, "detail"), s.detail
        for i, c in enumerate(self.lawful_channels):
            yield ("lawful_channels", i, "claim"), c.claim
            yield ("lawful_channels", i, "route"), c.route
        yield ("resolution",), self.resolution
        for i, x in enumerate(self.lookback):
            yield ("lookback", i, "problem"), x.problem
            yield ("lookback", i, "lesson"), x.lesson
        for i, b in enumerate(self.basis):
            yield ("basis", i, "why"), b.why

    def page_meta(self) -> dict:
        """Front matter of the generated page: the same schema as every hand-written page."""
        return {
            "title": self.title,
            "description": self.summary,
            "owner": self.owner,
            "reviewed": self.reviewed,
            "review_interval_months": self.review_interval_months,
            "tags": list(self.tags),
            "kind": "playbook",
            "changes": [{"date": c.date, "what": c.what} for c in self.changes],
        }
