"""Training modules against the pages: every page and heading a module or a quiz answer draws
on exists and is published; every module has its page with the same title."""
from __future__ import annotations

from kb.model.findings import Finding
from kb.model.page import normalize_heading
from kb.model.training import field_name
from kb.checks.registry import rule
from kb.model.context import Context


@rule("training.pages", "培训模块引用的页面和小节都存在且已发布；每个模块有同名页面")
def pages(ctx: Context):
    source = ctx.source("training.yml")
    if source is None or not ctx.data.training:
        return
    found: list[Finding] = []

    def bad(parts: list, msg: str):
        found.append(Finding(source.shown, source.line(*parts), "training", f"{field_name(parts)}：{msg}"))

    def check_ref(parts: list, page: str, heading: str):
        p = ctx.page(page)
        if p is None:
            bad(parts + ["page"], f"页面 docs/{page} 不存在。请写 docs/ 下真实存在的页面路径，如 procedures/acceptance.md。")
        elif p.is_draft:
            bad(parts + ["page"], f"页面 docs/{page} 是草稿（draft: true），不会发布，不能作为培训材料或答案依据。")
        elif heading and normalize_heading(heading) not in p.headings:
            have = "、".join(h for h in p.headings if "{{" not in h) or "（没有小节标题）"
            bad(parts + ["heading"], f"页面 docs/{page} 里没有小节 “{heading}”。这个页面的标题有：{have}。")

    for i, m in enumerate(ctx.data.training):
        for j, s in enumerate(m.sources):
            check_ref(["modules", i, "sources", j], s.page, s.heading)
        for j, q in enumerate(m.quiz):
            if q.basis.page:
                check_ref(["modules", i, "quiz", j, "basis"], q.basis.page, q.basis.heading)
        own = ctx.page(m.page)
        if own is None:
            bad(["modules", i, "id"], f"模块 “{m.id}” 没有页面 docs/{m.page}。请新建这个页面（照抄其他培训模块页面，改 title 和模块编号），并加进 mkdocs.yml 的“培训”导航。")
        elif own.meta.get("title") != m.title:
            bad(["modules", i, "title"], f"模块名称 “{m.title}” 和页面 docs/{m.page} 的 title “{own.meta.get('title')}” 不一致，请改成一样的。")
    yield from found
