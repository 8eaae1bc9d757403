"""Training modules (data/training.yml): typed records, their cross-checks, and the checks
that every page and heading a module draws on really exists.

kb.data calls build_training() while it loads data/; kb.checks calls check_training_pages()
with the pages. Every problem names data/training.yml, the line and the field, e.g.
`modules[2].quiz[4].basis.article`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from kb.findings import Finding
from kb.paths import display
from kb.yamlio import line_of, parse_yaml, read_text

TRAINING_FILE = "training.yml"
LETTERS = "ABCDEF"
QUESTION_TYPES = {"single": "单选题", "multiple": "多选题", "true_false": "判断题", "scenario": "情景题"}

# The only two macros training text may use, same spelling as in pages.
INLINE_MACRO = re.compile(
    r"\{\{\s*(?:deadline\(\s*\"(?P<key>[a-z_]+)\"\s*\)|cite\(\s*(?P<num>\d+)\s*(?:,\s*(?P<clause>\d+)\s*)?\))\s*\}\}")
ANY_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
ARTICLE_MENTION = re.compile(r"第([0-9]+)条")


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


def _question(raw: dict) -> Question:
    answer = raw["answer"]
    return Question(
        type=raw["type"], question=raw["question"],
        answer=tuple(answer) if isinstance(answer, list) else answer,
        explanation=raw["explanation"], basis=Basis(**raw["basis"]),
        options=tuple(raw.get("options") or ()),
    )


def _module(raw: dict) -> TrainingModule:
    return TrainingModule(
        id=raw["id"], title=raw["title"], audience=raw["audience"], duration=raw["duration"],
        version=raw["version"], date=str(raw["date"]), owner=raw["owner"], summary=raw["summary"],
        objectives=tuple(raw["objectives"]),
        sources=tuple(SourceRef(**s) for s in raw["sources"]),
        key_points=tuple(raw["key_points"]), checklist=tuple(raw["checklist"]),
        quiz=tuple(_question(q) for q in raw["quiz"]),
    )


def _texts(m: TrainingModule, i: int):
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


def build_training(raw: dict, path: Path, articles: dict, units: dict,
                   deadlines: dict) -> tuple[tuple[TrainingModule, ...], list[Finding]]:
    """Typed modules from the schema-valid mapping, plus the checks a schema cannot express:
    unique ids, owner unit exists, answers match the options, cited articles and deadline keys exist."""
    _, node = parse_yaml(read_text(path), path)
    shown = display(path)
    found: list[Finding] = []

    def bad(parts: list, msg: str):
        found.append(Finding(shown, line_of(node, parts), "training", f"{field_name(parts)}：{msg}"))

    modules = tuple(_module(m) for m in raw["modules"])
    seen: set[str] = set()
    for i, m in enumerate(modules):
        if m.id in seen:
            bad(["modules", i, "id"], f"模块编号 “{m.id}” 重复；每个模块的 id 必须唯一。")
        seen.add(m.id)
        if m.owner not in units:
            bad(["modules", i, "owner"], f"编制单位 “{m.owner}” 不在 data/units.yml 里。可用：{'、'.join(units)}。")
        types = {q.type for q in m.quiz}
        missing = [QUESTION_TYPES[t] for t in QUESTION_TYPES if t not in types]
        if missing:
            bad(["modules", i, "quiz"], f"测验缺少题型：{'、'.join(missing)}。单选、多选、判断、情景题每种至少一道。")
        for j, q in enumerate(m.quiz):
            where = ["modules", i, "quiz", j]
            letters = LETTERS[:len(q.options)]
            answers = q.answer if q.type == "multiple" else (q.answer,) if q.type == "single" else ()
            for a in answers:
                if a not in letters:
                    bad(where + ["answer"], f"答案 “{a}” 没有对应的选项（这道题只有 {'、'.join(letters)}）。")
            b = q.basis
            if b.article is not None and b.article not in articles:
                bad(where + ["basis", "article"],
                    f"答案引用的第{b.article}条不存在。2022年《信访工作条例》只有第1—50条；"
                    "请核对条号（60日是第34条，复查第35条，复核第36条）。")
            if b.clause is not None and b.article is None:
                bad(where + ["basis", "clause"], "写了款（clause）就要同时写条号（article）。")
            if b.heading and not b.page:
                bad(where + ["basis", "heading"], "写了小节标题（heading）就要同时写页面（page）。")
        for parts, text in _texts(m, i):
            for call in ANY_MACRO.finditer(text):
                mm = INLINE_MACRO.fullmatch(call.group(0))
                if not mm:
                    bad(parts, f"“{call.group(0)}” 不能用在培训材料里；这里只能写 "
                               '{{ deadline("键") }} 或 {{ cite(条号) }}。')
                elif mm.group("key") and mm.group("key") not in deadlines:
                    bad(parts, f"未知的期限键 “{mm.group('key')}”。data/deadlines.yml 里有：{'、'.join(deadlines)}。")
                elif mm.group("num") and int(mm.group("num")) not in articles:
                    bad(parts, f"cite({mm.group('num')}) 引用的条文不存在（2022年条例只有第1—50条）。")
            prose = ANY_MACRO.sub(" ", text)
            for mention in ARTICLE_MENTION.finditer(prose):
                if int(mention.group(1)) not in articles:
                    bad(parts, f"“{mention.group(0)}” 不存在：2022年《信访工作条例》只有第1—50条。")
            from kb.citations import check_old_numbering  # late: kb.citations imports kb.data
            for f in check_old_numbering(prose, shown):
                bad(parts, f.message)
    return modules, found


def expand(text: str, deadline_text: Callable[[str], str],
           cite_text: Callable[[int, int | None], str]) -> str:
    """Replace {{ deadline("key") }} and {{ cite(N[, M]) }} in training text.
    The callbacks decide the output (Markdown link for the site, plain text for handouts)."""
    def one(m: re.Match) -> str:
        if m.group("key"):
            return deadline_text(m.group("key"))
        return cite_text(int(m.group("num")), int(m.group("clause")) if m.group("clause") else None)
    return INLINE_MACRO.sub(one, text)


# ---------------------------------------------------------------- pages and headings

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


def check_training_pages(pages, modules: tuple[TrainingModule, ...], data_dir: Path) -> list[Finding]:
    """Every page and heading a module or a quiz answer refers to exists and is published;
    every module has its page docs/training/<id>.md with the same title."""
    path = Path(data_dir) / TRAINING_FILE
    if not modules or not path.exists():
        return []
    _, node = parse_yaml(read_text(path), path)
    shown = display(path)
    by_src = {p.src: p for p in pages}
    found: list[Finding] = []

    def bad(parts: list, msg: str):
        found.append(Finding(shown, line_of(node, parts), "training", f"{field_name(parts)}：{msg}"))

    def check_ref(parts: list, page: str, heading: str):
        p = by_src.get(page)
        if p is None:
            bad(parts + ["page"], f"页面 docs/{page} 不存在。请写 docs/ 下真实存在的页面路径，如 procedures/acceptance.md。")
            return
        if p.is_draft:
            bad(parts + ["page"], f"页面 docs/{page} 是草稿（draft: true），不会发布，不能作为培训材料或答案依据。")
            return
        if heading and normalize_heading(heading) not in page_headings(p.body):
            have = "、".join(h for h in page_headings(p.body) if "{{" not in h) or "（没有小节标题）"
            bad(parts + ["heading"], f"页面 docs/{page} 里没有小节 “{heading}”。这个页面的标题有：{have}。")

    for i, m in enumerate(modules):
        for j, s in enumerate(m.sources):
            check_ref(["modules", i, "sources", j], s.page, s.heading)
        for j, q in enumerate(m.quiz):
            if q.basis.page:
                check_ref(["modules", i, "quiz", j, "basis"], q.basis.page, q.basis.heading)
        own = by_src.get(m.page)
        if own is None:
            bad(["modules", i, "id"], f"模块 “{m.id}” 没有页面 docs/{m.page}。请新建这个页面（照抄其他培训模块页面，改 title 和模块编号），并加进 mkdocs.yml 的“培训”导航。")
        elif own.meta.get("title") != m.title:
            bad(["modules", i, "title"], f"模块名称 “{m.title}” 和页面 docs/{m.page} 的 title “{own.meta.get('title')}” 不一致，请改成一样的。")
    return found
