"""The 分类处理向导 (data/triage.yml): every path ends at a route whose pages exist, no question is
unreachable, every route cites articles that exist and names units, categories and deadlines that exist."""
from __future__ import annotations

import re

from kb.model.findings import Finding
from kb.checks.registry import rule
from kb.checks.references import DEADLINE_TOKEN, TYPED_LIMIT
from kb.model.context import Context

TRIAGE = "data/triage.yml"
CITE_TOKEN = re.compile(r"\{cite:(\d+)\}")


def _page_problem(ctx: Context, src: str) -> str:
    page = ctx.page(src)
    if page is None:
        return f"页面 docs/{src} 不存在"
    if page.is_draft:
        return f"页面 docs/{src} 还是草稿，不会发布"
    return ""


@rule("triage.paths", "分类处理向导：每个回答接到存在的问题或去向，每条路都走得到头（没有循环），没有问不到的问题，没有用不到的去向")
def paths(ctx: Context):
    source = ctx.source(TRIAGE)
    if source is None:
        return
    raw = source.data
    qids = [q["id"] for q in raw["questions"]]
    rids = [r["id"] for r in raw["routes"]]
    for listing, ids in (("questions", qids), ("routes", rids)):
        for i, x in enumerate(ids):
            if ids.index(x) != i:
                yield Finding(TRIAGE, source.line(listing, i, "id"), "triage", f"id “{x}” 重复出现；每个 id 只能用一次。")
    if raw["start"] not in qids:
        yield Finding(TRIAGE, source.line("start"), "triage",
                      f"start “{raw['start']}” 不是任何问题的 id。可选：{'、'.join(qids)}。")
    used_routes: set[str] = set()
    edges: dict[str, list[str]] = {}
    for i, q in enumerate(raw["questions"]):
        for j, a in enumerate(q["answers"]):
            if "next" in a:
                if a["next"] not in qids:
                    yield Finding(TRIAGE, source.line("questions", i, "answers", j, "next"), "triage",
                                  f"问题 {q['id']} 的回答“{a['label']}”接到不存在的问题 “{a['next']}”。可选：{'、'.join(qids)}。")
                edges.setdefault(q["id"], []).append(a["next"])
            else:
                used_routes.add(a["route"])
                if a["route"] not in rids:
                    yield Finding(TRIAGE, source.line("questions", i, "answers", j, "route"), "triage",
                                  f"问题 {q['id']} 的回答“{a['label']}”到不存在的去向 “{a['route']}”。可选：{'、'.join(rids)}。")
    reached, stack = set(), [raw["start"]]
    while stack:
        qid = stack.pop()
        if qid in reached:
            continue
        reached.add(qid)
        stack += edges.get(qid, [])
    for i, qid in enumerate(qids):
        if qid not in reached:
            yield Finding(TRIAGE, source.line("questions", i, "id"), "triage",
                          f"问题 {qid} 从第一个问题（{raw['start']}）出发怎么答都问不到：让某个回答的 next 指向它，或者删掉它。")
    for i, rid in enumerate(rids):
        if rid not in used_routes:
            yield Finding(TRIAGE, source.line("routes", i, "id"), "triage",
                          f"去向 {rid} 没有任何回答到达：让某个回答写 route: {rid}，或者删掉它。")
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def cycle_from(qid: str, path: list[str]):
        state[qid] = 1
        for nxt in edges.get(qid, []):
            if state.get(nxt) == 1:
                return path + [qid, nxt]
            if nxt not in state:
                found = cycle_from(nxt, path + [qid])
                if found:
                    return found
        state[qid] = 2
        return None

    for qid in qids:
        if qid not in state:
            loop = cycle_from(qid, [])
            if loop:
                yield Finding(TRIAGE, source.line("questions", qids.index(loop[-1]), "id"), "triage",
                              f"问题绕成了圈，走不到头：{' → '.join(loop)}。每条路最后都要到一个去向（route）。")
                break


@rule("triage.routes", "分类处理向导：去向引用的条文、单位、类别、期限、流程和模板页面都存在；note 的 {cite:N} 条文存在")
def routes(ctx: Context):
    source = ctx.source(TRIAGE)
    if source is None:
        return
    d = ctx.data
    for i, r in enumerate(source.data["routes"]):
        def at(*path):
            return source.line("routes", i, *path)
        for j, a in enumerate(r["articles"]):
            if a["article"] not in d.articles:
                yield Finding(TRIAGE, at("articles", j, "article"), "citation",
                              f"去向 {r['id']} 引用了不存在的第{a['article']}条。2022年条例只有第1—50条，请核对条号。")
        if "unit" in r and r["unit"] not in d.units:
            yield Finding(TRIAGE, at("unit"), "reference", f"去向 {r['id']} 的 unit “{r['unit']}” 不在 data/units.yml 里。")
        if "category" in r and r["category"] not in d.categories:
            yield Finding(TRIAGE, at("category"), "reference",
                          f"去向 {r['id']} 的 category “{r['category']}” 不在 data/categories.yml 里。可选：{'、'.join(d.categories)}。")
        if not ({"unit", "category", "responsible"} & set(r)):
            yield Finding(TRIAGE, at(), "reference",
                          f"去向 {r['id']} 没有负责单位：写 unit（单位 id）、category（类别 id）或 responsible（一句话）。")
        for key in r.get("deadlines", []):
            if key not in d.deadlines:
                yield Finding(TRIAGE, at("deadlines"), "deadline",
                              f"去向 {r['id']} 的期限键 “{key}” 不在 data/deadlines.yml 里。可用：{'、'.join(d.deadlines)}。")
        for field_name in ("procedure", "template"):
            if field_name in r:
                problem = _page_problem(ctx, r[field_name])
                if problem:
                    yield Finding(TRIAGE, at(field_name), "reference", f"去向 {r['id']} 的 {field_name}：{problem}。请改成存在的页面。")
        typed = TYPED_LIMIT.search(DEADLINE_TOKEN.sub("", r["summary"]))
        if typed:
            yield Finding(TRIAGE, at("summary"), "deadline",
                          f"去向 {r['id']} 的 summary 里直接写了期限“{typed.group(0)}”；请写 {{deadline:键}}。")
    for i, q in enumerate(source.data["questions"]):
        for j, a in enumerate(q["answers"]):
            for n in CITE_TOKEN.findall(a.get("note", "")):
                if int(n) not in d.articles:
                    yield Finding(TRIAGE, source.line("questions", i, "answers", j, "note"), "citation",
                                  f"回答“{a['label']}”的 note 引用了不存在的第{n}条。")
            if a.get("see"):
                problem = _page_problem(ctx, a["see"])
                if problem:
                    yield Finding(TRIAGE, source.line("questions", i, "answers", j, "see"), "reference",
                                  f"回答“{a['label']}”的 see：{problem}。")
