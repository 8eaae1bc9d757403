"""Training modules (data/training.yml) as typed records, and the two macros their text may use.

kb.load.training builds them; kb.checks.training checks them (every problem names
data/training.yml, the line and the field, e.g. `modules[2].quiz[4].basis.article`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable


TRAINING_FILE = "training.yml"
LETTERS = "ABCDEF"
QUESTION_TYPES = {"single": "单选题", "multiple": "多选题", "true_false": "判断题", "scenario": "情景题"}

# The only two macros training text may use, same spelling as in pages.
INLINE_MACRO = re.compile(
    r"\{\{\s*(?:deadline\(\s*\"(?P<key>[a-z_]+)\"\s*\)|cite\(\s*(?P<num>\d+)\s*(?:,\s*(?P<clause>\d+)\s*)?\))\s*\}\}")
ANY_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


@dataclass(frozen=True)
class SourceRef:
    page: str        # docs-relative path, e.g. procedures/acceptance.md
    heading: str     # heading text as written on the page
    note: str = ""


@dataclass(frozen=True)
class Basis:
    article: int | None = None
    clause: int | None = None
    page: str = ""
    heading: str = ""


@dataclass(frozen=True)
class Question:
    type: str                      # single | multiple | true_false | scenario
    question: str
    answer: str | bool | tuple[str, ...]
    explanation: str
    basis: Basis
    options: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return QUESTION_TYPES[self.type]

    @property
    def answer_text(self) -> str:
        """The answer as printed in the key: B / A、C / 对 / the model answer."""
        if self.type == "true_false":
            return "对" if self.answer else "错"
        if self.type == "multiple":
            return "、".join(self.answer)
        return str(self.answer)


@dataclass(frozen=True)
class TrainingModule:
    id: str
    title: str
    audience: str
    duration: str
    version: str
    date: str
    owner: str
    summary: str
    objectives: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    key_points: tuple[str, ...]
    checklist: tuple[str, ...]
    quiz: tuple[Question, ...]

    @property
    def page(self) -> str:
        return f"training/{self.id}.md"

    @property
    def handout(self) -> str:
        """Path of the PDF inside the built site."""
        return f"handouts/{self.id}.pdf"


def module_texts(m: TrainingModule, i: int):
    """(json path, text) of every free-text field of module i, for macro and 第N条 checks."""
    yield ["modules", i, "summary"], m.summary
    for name in ("objectives", "key_points", "checklist"):
        for j, text in enumerate(getattr(m, name)):
            yield ["modules", i, name, j], text
    for j, q in enumerate(m.quiz):
        yield ["modules", i, "quiz", j, "question"], q.question
        for k, opt in enumerate(q.options):
            yield ["modules", i, "quiz", j, "options", k], opt
        yield ["modules", i, "quiz", j, "explanation"], q.explanation
        if q.type == "scenario":
            yield ["modules", i, "quiz", j, "answer"], str(q.answer)


def field_name(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def expand(text: str, deadline_text: Callable[[str], str],
           cite_text: Callable[[int, int | None], str]) -> str:
    """Replace {{ deadline("key") }} and {{ cite(N[, M]) }} in training text.
    The callbacks decide the output (Markdown link for the site, plain text for handouts)."""
    def one(m: re.Match) -> str:
        if m.group("key"):
            return deadline_text(m.group("key"))
        return cite_text(int(m.group("num")), int(m.group("clause")) if m.group("clause") else None)
    return INLINE_MACRO.sub(one, text)


