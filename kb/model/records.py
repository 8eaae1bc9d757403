"""Records of the data files under data/: the regulation, glossary, deadlines, units, categories.

KbData holds every validated record of one checkout; kb.load builds it, everything else reads it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.model.calendar import Calendar, CountingRules
from kb.model.contacts import Contact
from kb.model.faq import Faq
from kb.model.links import LinkPolicy
from kb.model.playbook import Playbook
from kb.model.privacy_lists import Lists
from kb.model.searchwords import SearchWords
from kb.model.training import TrainingModule
from kb.model.triage import Triage


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    first: int
    last: int


@dataclass(frozen=True)
class Article:
    number: int
    chapter: int
    topic: str
    summary: str


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    page: str
    source: str
    articles: tuple[int, ...] = ()


@dataclass(frozen=True)
class Deadline:
    key: str
    stage: str
    length: int
    unit: str
    starts: str
    article: int
    rule: str
    applies_to: str
    clause: int | None = None
    who: str = ""
    note: str = ""
    event: str = ""      # the event that starts the clock (KbData.events)
    follows: str = ""    # key of the deadline whose last day starts this one (the extension)
    since: str = ""  # short start for running text: 自{since}起15日内

    @property
    def text(self) -> str:
        """How the limit is written in running text: 15日, 5个工作日."""
        return f"{self.length}日" if self.unit == "日" else f"{self.length}个{self.unit}"


@dataclass(frozen=True)
class Event:
    """Something that happens to a matter and starts one or more clocks (data/deadlines.yml events)."""
    id: str
    name: str
    who: str


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    level: str
    duties: str
    articles: tuple[int, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    level: str
    does: str
    unit: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    examples: str
    lead: str
    partners: tuple[str, ...]
    lawful_channels: str


@dataclass(frozen=True)
class KbData:
    regulation_title: str
    regulation_issued: str
    regulation_effective: str
    chapters: tuple[Chapter, ...]
    articles: dict[int, Article]
    terms: tuple[Term, ...]
    deadlines: dict[str, Deadline]
    units: dict[str, Unit]
    roles: dict[str, Role]
    categories: dict[str, Category]
    tags: dict[str, str]          # tag name -> what it is for
    extra: dict[str, Any] = field(default_factory=dict)  # records added by later sources
    playbooks: dict[str, Playbook] = field(default_factory=dict)  # id -> case playbook
    training: tuple[TrainingModule, ...] = ()  # training modules, in nav order
    privacy: Lists = field(default_factory=Lists)  # deny/allow lists of the privacy guard
    events: dict[str, Event] = field(default_factory=dict)  # id -> event that starts clocks (deadlines.yml)
    calendar: Calendar = field(default_factory=lambda: Calendar({}))  # data/holidays.yml
    counting: CountingRules = field(default_factory=CountingRules)  # data/counting.yml (county settings)
    triage: Triage = field(default_factory=Triage)  # data/triage.yml (分类处理向导)
    contacts: dict[str, Contact] = field(default_factory=dict)  # unit id -> reception office (data/contacts.yml)
    faq: Faq = field(default_factory=Faq)  # 问答 (data/faq.yml)
    local: dict = field(default_factory=dict)  # data/local.yml (the county's own settings), {deadline:key} filled in
    links: LinkPolicy = field(default_factory=LinkPolicy)  # data/links.yml: external links allowed
    search: SearchWords = field(default_factory=SearchWords)  # data/search.yml: everyday synonyms, implied concepts
