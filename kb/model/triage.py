"""The 分类处理向导 (guide to the lawful channel): questions whose answers lead to another question
or to a route (data/triage.yml)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArticleRef:
    article: int
    clause: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Answer:
    label: str
    short: str
    next: str = ""       # id of the next question
    route: str = ""      # id of the route it ends at
    note: str = ""       # what to do besides (e.g. report an urgent matter first)
    see: str = ""        # docs page of the note


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]
    help: str = ""


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    summary: str
    articles: tuple[ArticleRef, ...]
    procedure: str
    category: str = ""
    unit: str = ""
    responsible: str = ""   # who, in words, for routes without one fixed unit
    template: str = ""
    deadlines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Triage:
    start: str = ""
    questions: dict[str, Question] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)

    def order(self) -> list[str]:
        """Question ids in the order a handler meets them (breadth first from the start)."""
        seen, queue = [], [self.start]
        while queue:
            qid = queue.pop(0)
            if qid in seen or qid not in self.questions:
                continue
            seen.append(qid)
            queue += [a.next for a in self.questions[qid].answers if a.next]
        return seen
