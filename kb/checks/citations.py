"""Article references: every 第N条 (digits or Chinese numerals) and every cite(N) exists in the
2022 regulation, and the superseded 2005 numbers are never used for 60日, 复查 or 复核 —
in pages, in playbook records and in training text alike, with one parser (kb.model.articles)."""
from __future__ import annotations

import re
from functools import lru_cache

from kb.model.articles import article_mentions, old_numbering
from kb.model.findings import Finding
from kb.model.training import ANY_MACRO, INLINE_MACRO, field_name, module_texts
from kb.checks.registry import rule
from kb.model.context import Context
from kb.model.offsets import blank

CITE_CALL = re.compile(r"cite\(\s*([^,)\s]+)")
MACRO_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
CITE_BLOCK = re.compile(r"\{\{\s*cite\(\s*(\d+)[^}]*\}\}")


def _line_at(text: str, index: int, first_line: int) -> int:
    return text.count("\n", 0, index) + first_line


def as_rendered(text: str) -> str:
    """Text with {{ cite(N) }} written out as 第N条 and other macro blocks blanked, so that the
    2005-numbering check also sees numbers that a macro renders."""
    return MACRO_BLOCK.sub(blank, CITE_BLOCK.sub(lambda m: f"第{m.group(1)}条", text))


def check_text(text: str, shown: str, articles, first_line: int = 1) -> list[Finding]:
    """cite(N) arguments, 第N条 in prose and the 2005 numbering, in one text."""
    found = []
    for block in MACRO_BLOCK.finditer(text):  # only real macro calls, not prose that mentions cite()
        for m in CITE_CALL.finditer(block.group(0)):
            arg = m.group(1)
            if not arg.isdigit() or int(arg) not in articles:
                found.append(Finding(shown, _line_at(text, block.start() + m.start(), first_line), "citation",
                                     f"cite({arg}) 引用的条文不存在。2022年《信访工作条例》只有第1—50条，请核对条号。"))
    prose = MACRO_BLOCK.sub(blank, text)
    for mention in article_mentions(prose):
        if mention.number not in articles:
            found.append(Finding(shown, _line_at(prose, mention.start, first_line), "citation",
                                 f"“{mention.text}” 不存在：2022年《信访工作条例》只有第1—50条。请核对条号，最好改用 {{{{ cite(N) }}}} 宏。"))
    rendered = as_rendered(text)
    for start, written, right in old_numbering(rendered):
        found.append(Finding(shown, _line_at(rendered, start, first_line), "citation",
                             f"“{written}” 用的是2005年旧《信访条例》的条号：{right}。请改正。"))
    return found


@lru_cache(maxsize=65536)  # mkdocs serve checks every page on every save; almost all are unchanged
def _page_citations(body: str, shown: str, numbers: frozenset[int], first_line: int) -> tuple[Finding, ...]:
    return tuple(check_text(body, shown, numbers, first_line))


@rule("citation.pages", "页面里的 cite(N) 和“第N条”都在第1—50条之内，不用2005年旧条号")
def pages(ctx: Context):
    numbers = frozenset(ctx.data.articles)
    for page in ctx.pages:
        yield from _page_citations(page.body, page.shown, numbers, page.body_line)


@rule("citation.playbooks", "案例记录里的“第N条”都存在，不用2005年旧条号")
def playbooks(ctx: Context):
    for pb in ctx.data.playbooks.values():
        source = ctx.sources.get(pb.source)
        if source is not None:  # the file as written, so that the line is exact inside wrapped text
            yield from check_text(source.text, pb.source, ctx.data.articles)


@rule("citation.training", "培训材料只用 deadline 和 cite 两个宏，条号和期限键都存在，不用2005年旧条号")
def training(ctx: Context):
    d = ctx.data
    source = ctx.source("training.yml")
    if source is None:
        return
    for i, m in enumerate(d.training):
        for parts, text in module_texts(m, i):
            where, label = source.line(*parts), field_name(parts)
            for call in ANY_MACRO.finditer(text):
                mm = INLINE_MACRO.fullmatch(call.group(0))
                if not mm:
                    yield Finding(source.shown, where, "training", f"{label}：“{call.group(0)}” 不能用在培训材料里；这里只能写 "
                                                                   '{{ deadline("键") }} 或 {{ cite(条号) }}。')
                elif mm.group("key") and mm.group("key") not in d.deadlines:
                    yield Finding(source.shown, where, "training",
                                  f"{label}：未知的期限键 “{mm.group('key')}”。data/deadlines.yml 里有：{'、'.join(d.deadlines)}。")
            for f in check_text(text, source.shown, d.articles):
                yield Finding(source.shown, where, "training", f"{label}：{f.message}")
