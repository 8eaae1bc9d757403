"""问答: every answer is short, cites articles that exist (and lists every article it names),
writes deadlines as {deadline:key}, and links a published page."""
from __future__ import annotations

from kb.model.articles import article_mentions
from kb.model.faq import MAX_ANSWER
from kb.model.findings import Finding
from kb.checks.references import DEADLINE_TOKEN, TYPED_LIMIT
from kb.checks.registry import rule
from kb.model.context import Context


@rule("faq.answers", "问答：回答不超过200字、写明并列出依据的条文、期限写 {deadline:键}、分组和 id 不重复")
def answers(ctx: Context):
    source = ctx.source("faq.yml")
    if source is None:
        return
    faq, d = ctx.data.faq, ctx.data
    groups = {g.id for g in faq.groups}
    seen: set[str] = set()
    for i, (raw, q) in enumerate(zip(source.data["questions"], faq.questions)):
        def bad(field: str, msg: str):
            return Finding(source.shown, source.line("questions", i, field), "faq", f"问答 {q.id}：{msg}")
        if q.id in seen:
            yield bad("id", "id 重复；每个问题的 id 必须唯一。")
        seen.add(q.id)
        if q.stage not in groups:
            yield bad("stage", f"stage “{q.stage}” 不是 groups 里的分组。可用：{'、'.join(groups)}。")
        if len(q.answer) > MAX_ANSWER:
            yield bad("answer", f"回答有 {len(q.answer)} 字（期限写出后），超过 {MAX_ANSWER} 字。请删减，细节留给链接的页面。")
        typed = TYPED_LIMIT.search(DEADLINE_TOKEN.sub("", raw["answer"]))
        if typed:
            yield bad("answer", f"回答里直接写了期限“{typed.group(0)}”。期限数字只写在 data/deadlines.yml，请写 {{deadline:键}}。")
        for key in DEADLINE_TOKEN.findall(raw["answer"]):
            if key not in d.deadlines:
                yield bad("answer", f"未知的期限键 {{deadline:{key}}}。可用：{'、'.join(d.deadlines)}。")
        listed = {a.article for a in q.articles}
        for a in q.articles:
            if a.article not in d.articles:
                yield bad("articles", f"第{a.article}条不存在：2022年《信访工作条例》只有第1—50条。")
        named = {m.number for m in article_mentions(q.answer)}
        if not named:
            yield bad("answer", "回答里没有写依据的条文（第N条）。请写明依据，条例没有规定的要说明“条例没有规定”并写出相关条文。")
        for n in sorted(named - listed):
            yield bad("articles", f"回答里写了第{n}条，但 articles 里没有列出。请补上 {{article: {n}}}。")


@rule("faq.pages", "问答链接的页面都存在且已发布")
def pages(ctx: Context):
    source = ctx.source("faq.yml")
    if source is None:
        return
    for i, q in enumerate(ctx.data.faq.questions):
        page = ctx.page(q.page_src)
        if page is None or page.is_draft:
            state = "是草稿，不会发布" if page is not None else "不存在"
            yield Finding(source.shown, source.line("questions", i, "page"), "faq",
                          f"问答 {q.id} 链接的页面 docs/{q.page_src} {state}。请写 docs/ 下已发布页面的路径。")
