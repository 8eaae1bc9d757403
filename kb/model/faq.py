"""问答 (data/faq.yml): questions in the words people use, each with a short answer, the
articles it rests on and the page that explains it."""
from __future__ import annotations

from dataclasses import dataclass

MAX_ANSWER = 200  # characters, after {deadline:key} tokens are written out


@dataclass(frozen=True)
class FaqRef:
    article: int
    clause: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class FaqGroup:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class FaqQuestion:
    id: str
    question: str
    phrasings: tuple[str, ...]
    answer: str            # {deadline:key} already written out
    articles: tuple[FaqRef, ...]
    page: str              # docs path, optionally with #anchor
    stage: str             # group id
    audience: str          # citizen | colleague

    @property
    def page_src(self) -> str:
        return self.page.split("#", 1)[0]


AUDIENCE_LABELS = {"citizen": "群众问", "colleague": "同事问"}


@dataclass(frozen=True)
class Faq:
    groups: tuple[FaqGroup, ...] = ()
    questions: tuple[FaqQuestion, ...] = ()

    def in_group(self, group_id: str) -> list[FaqQuestion]:
        return [q for q in self.questions if q.stage == group_id]
