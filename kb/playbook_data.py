"""Case playbooks as typed records: one file data/playbooks/<id>.yml per playbook.

kb.data loads and schema-validates the files (RECORD_FOLDERS) and calls build_playbooks()
here, which turns them into frozen records and checks every reference to the rest of the
data (category, units, deadline keys, articles, tags) with the file and line to fix.
Checks that need the pages (related links, citations in prose) live in kb.playbooks.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kb.findings import Finding

if TYPE_CHECKING:  # kb.data imports this module; the type is only needed for annotations
    from kb.data import KbData

FOLDER = "playbooks"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# `kb new playbook` starts every text it wants replaced with this; a published record must not have it.
TODO_MARK = "【待填写】"


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


def node_lines(node: yaml.Node | None) -> dict:
    """Map every json path in a composed YAML tree to the 1-based line where its text starts.

    For block scalars (| or >) the text starts on the line after the indicator."""
    out: dict = {}

    def walk(n, path):
        if n is None:
            return
        line = n.start_mark.line + 1
        if isinstance(n, yaml.ScalarNode) and n.style in ("|", ">"):
            line += 1
        out[path] = line
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(v, path + (k.value,))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, path + (i,))

    walk(node, ())
    return out


def _tuple(items, cls):
    return tuple(cls(**x) for x in items)


def make_playbook(path: Path, shown: str, raw: dict, node: yaml.Node | None) -> Playbook:
    """A schema-valid mapping → Playbook."""
    simple = {k: v for k, v in raw.items()
              if k not in ("steps", "lawful_channels", "lookback", "basis")}
    for k in ("tags", "warning_signs", "partners", "related"):
        simple[k] = tuple(simple[k])
    return Playbook(
        id=Path(path).stem, source=shown, lines=node_lines(node), path=Path(path),
        steps=_tuple(raw["steps"], PlaybookStep),
        lawful_channels=_tuple(raw["lawful_channels"], LawfulChannel),
        lookback=_tuple(raw["lookback"], Lesson),
        basis=_tuple(raw["basis"], Basis),
        **simple,
    )


def check_playbook(pb: Playbook, data: "KbData", today: datetime.date | None = None) -> list[Finding]:
    """References from one playbook to the rest of the data, each with its line."""
    today = today or datetime.date.today()
    found: list[Finding] = []

    def bad(json_path: tuple, msg: str):
        found.append(Finding(pb.source, pb.line(*json_path), "reference", msg))

    units = "、".join(data.units)
    if not ID_PATTERN.match(pb.id):
        bad((), f"文件名 “{pb.id}.yml” 会成为页面地址，只能用小写英文字母、数字和连字符，如 wage-arrears.yml。请改文件名。")
    if pb.category not in data.categories:
        bad(("category",), f"category “{pb.category}” 不是 data/categories.yml 里的类别。可用：{'、'.join(data.categories)}。")
    for json_path, unit_id in [(("owner",), pb.owner), (("lead",), pb.lead),
                               *((("partners", i), u) for i, u in enumerate(pb.partners)),
                               *((("steps", i, "by"), s.by) for i, s in enumerate(pb.steps) if s.by),
                               *((("lawful_channels", i, "unit"), c.unit)
                                 for i, c in enumerate(pb.lawful_channels) if c.unit)]:
        if unit_id not in data.units:
            bad(json_path, f"单位 “{unit_id}” 不在 data/units.yml 里。请改成已有的 id：{units}。")
    if pb.lead in pb.partners:
        bad(("partners",), f"牵头单位 “{pb.lead}” 不要同时写在 partners 里。")
    for i, s in enumerate(pb.steps):
        if s.deadline and s.deadline not in data.deadlines:
            bad(("steps", i, "deadline"), f"期限键 “{s.deadline}” 不在 data/deadlines.yml 里。可用：{'、'.join(data.deadlines)}。")
    for i, b in enumerate(pb.basis):
        if b.article not in data.articles:
            bad(("basis", i, "article"), f"第{b.article}条不存在：2022年《信访工作条例》只有第1—50条。")
    for i, t in enumerate(pb.tags):
        if t not in data.tags:
            bad(("tags", i), f"标签 “{t}” 不在受控标签表里。请从 data/tags.yml 里选，或先在那里登记新标签。")
    try:
        if datetime.date.fromisoformat(pb.reviewed) > today:
            bad(("reviewed",), f"审核日期 {pb.reviewed} 晚于今天，请写实际审核的日期。")
    except ValueError:
        pass  # the schema's date format check already reported it
    return found


def build_playbooks(items: list[tuple[Path, str, dict, Any]], data: "KbData") -> tuple[dict[str, Playbook], list[Finding]]:
    """(path, shown path, validated mapping, YAML node) per file → playbooks by id, findings."""
    playbooks: dict[str, Playbook] = {}
    findings: list[Finding] = []
    for path, shown, raw, node in items:
        pb = make_playbook(path, shown, raw, node)
        findings += check_playbook(pb, data)
        playbooks[pb.id] = pb
    return dict(sorted(playbooks.items())), findings
