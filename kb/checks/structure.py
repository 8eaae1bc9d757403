"""Page-shape rules: every procedure page has the same sections, in the same order."""
from __future__ import annotations

import re
from functools import lru_cache

from kb.model.findings import Finding
from kb.checks.registry import rule
from kb.model.context import Context

PROCEDURE_SECTIONS = ("适用情形", "谁来做", "办理步骤", "形成的文书", "常见错误", "法律依据", "相关页面", "一页清单")
from kb.model.ids import TODO_MARK
CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.S | re.M)
H2 = re.compile(r"^## +(.+?)\s*(?:\{.*\})?\s*$", re.M)


@lru_cache(maxsize=65536)  # mkdocs serve checks every page on every save; almost all are unchanged
def prose_of(body: str) -> str:
    """The body with code blanked out (same length and lines): examples in code are not content."""
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def check_structure(page) -> list[Finding]:
    shown = page.shown
    found = []
    prose = prose_of(page.body)  # `【待填写】` in code is an example
    if TODO_MARK in prose and not page.is_draft:
        line = page.body_line + prose[:prose.index(TODO_MARK)].count("\n")
        found.append(Finding(shown, line, "content",
                             f"页面里还有模板提示（{TODO_MARK}），请写完正文后再发布（或保留 draft: true）。"))
    if page.meta.get("kind") == "procedure":
        headings = [h.strip() for h in H2.findall(page.body)]
        missing = [s for s in PROCEDURE_SECTIONS if s not in headings]
        if missing:
            found.append(Finding(shown, page.body_line, "structure",
                                 f"工作流程页面缺少小节：{'、'.join('## ' + m for m in missing)}。"
                                 f"每个流程页都要按顺序有：{'、'.join(PROCEDURE_SECTIONS)}。"))
        else:
            order = [h for h in headings if h in PROCEDURE_SECTIONS]
            if order != list(PROCEDURE_SECTIONS):
                found.append(Finding(shown, page.body_line, "structure",
                                     f"工作流程页面的小节顺序应为：{'、'.join(PROCEDURE_SECTIONS)}。"))
        if 'class="kb-checklist"' not in page.body:
            found.append(Finding(shown, page.body_line, "structure",
                                 "“一页清单”要放在 <div class=\"kb-checklist\" markdown> … </div> 里，才能单独打印成一页。"))
    return found


SWALLOWED_STEP = re.compile(r"^[ \t]+(?![-*+] |\d+\. |\||<)\S[^\n]*\n(\d{1,2}\. )", re.M)  # an indented paragraph, not a sub-list


@rule("structure.list-steps", "编号步骤前面是缩进段落时要空一行，否则后面的步骤会被并进上一段")
def list_steps(ctx: Context):
    for page in ctx.pages:
        prose = prose_of(page.body)
        for m in SWALLOWED_STEP.finditer(prose):
            line = page.body_line + prose[:m.start(1)].count("\n")
            yield Finding(page.shown, line, "structure",
                          f"第{m.group(1).strip().rstrip('.')}步紧跟在上一步的缩进段落后面，没有空行，网页上会和上一段连成一段。请在这一行前面加一个空行。")


@rule("structure.pages", "流程页有八个固定小节且顺序一致、一页清单可单独打印；页面不是占位内容")
def pages(ctx: Context):
    for page in ctx.pages:
        yield from check_structure(page)
