"""Scope guard: the site teaches lawful resolution and petitioners' protections, never
profiling, tracking, intercepting or pressuring petitioners. Such words may appear only
in a sentence that forbids them."""
from __future__ import annotations

import re
from functools import lru_cache

from kb.model.findings import Finding
from kb.checks.registry import rule
from kb.model.context import Context

OUT_OF_SCOPE = re.compile(r"截访|拦访|稳控|盯控|布控|黑名单|重点人员管控|劝返|陪访|跟踪信访人|监控信访人|限制信访人")
NEGATION = re.compile(r"不得|不能|不准|不涉及|不写|不要|禁止|严禁|杜绝|不是|决不|绝不|防止|不允许")
SENTENCE = re.compile(r"[^。！？\n]+")


@lru_cache(maxsize=65536)  # mkdocs serve checks every page on every save; almost all are unchanged
def check_scope(text: str, shown_path: str, first_line: int = 1) -> tuple[Finding, ...]:
    found = []
    for sentence in SENTENCE.finditer(text):
        s = sentence.group(0)
        m = OUT_OF_SCOPE.search(s)
        if m and not NEGATION.search(s):
            line = text.count("\n", 0, sentence.start()) + first_line
            found.append(Finding(shown_path, line, "scope",
                                 f"“{m.group(0)}”不属于本知识库的内容：这里只讲依法、及时解决问题和保障信访人权利，"
                                 "不写针对信访人及其家属的排查、盯控、拦截或施压。请删除或改写这一句。"))
    return tuple(found)


@rule("scope.pages", "页面不写针对信访人的排查、盯控、拦截、施压（这些词只能出现在禁止它们的句子里）")
def pages(ctx: Context):
    for page in ctx.pages:
        yield from check_scope(page.body, page.shown, page.body_line)


@rule("scope.playbooks", "案例记录同样不写针对信访人的排查、盯控、拦截、施压")
def playbooks(ctx: Context):
    for pb in ctx.data.playbooks.values():
        source = ctx.sources.get(pb.source)
        if source is not None:
            yield from check_scope(source.text, pb.source, 1)
