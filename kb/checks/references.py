"""References between data records: unit ids, article numbers, deadline keys, unique keys."""
from __future__ import annotations

import re

from kb.model.findings import Finding
from kb.model.playbook import ID_PATTERN
from kb.model.training import LETTERS, QUESTION_TYPES, field_name
from kb.checks.registry import rule
from kb.model.context import Context

DEADLINE_TOKEN = re.compile(r"\{deadline:([a-z0-9_]+)\}")
# a day count typed into data text instead of {deadline:key} (a year, 5月 or 2022年 is no limit)
TYPED_LIMIT = re.compile(r"(?<![年月\d])\d+(?:个工作日|日|天)")


@rule("data.unique-keys", "每条记录的键（条号、期限键、单位和岗位 id、类别 id、术语名和别名）只出现一次")
def unique_keys(ctx: Context):
    specs = [("regulation.yml", "articles", "number"), ("deadlines.yml", "deadlines", "key"),
             ("units.yml", "units", "id"), ("units.yml", "roles", "id"), ("categories.yml", "categories", "id"),
             ("tags.yml", "tags", "name"), ("training.yml", "modules", "id")]
    for name, listing, key in specs:
        source = ctx.source(name)
        if source is None:
            continue
        seen: dict = {}
        for i, item in enumerate(source.data.get(listing) or []):
            value = item.get(key)
            if value in seen:
                yield Finding(source.shown, source.line(listing, i, key), "reference",
                              f"{key} “{value}” 重复出现（第一次在第{seen[value]}行）；每条记录的 {key} 必须唯一。")
            else:
                seen[value] = source.line(listing, i, key)
    glossary = ctx.source("glossary.yml")
    if glossary is not None:
        owner: dict[str, str] = {}
        for i, t in enumerate(glossary.data.get("terms") or []):
            for name in (t["term"], *t.get("aliases", [])):
                if name in owner and owner[name] != t["term"]:
                    yield Finding(glossary.shown, glossary.line("terms", i), "reference",
                                  f"“{name}” 同时出现在术语 {owner[name]} 和 {t['term']} 里；一个词只能属于一个术语。")
                owner[name] = t["term"]


@rule("data.regulation-complete", "条例索引有第1—50条各一条，每条在它所属章的条文范围内")
def regulation_complete(ctx: Context):
    d = ctx.data
    source = ctx.source("regulation.yml")
    shown = source.shown if source else "data/regulation.yml"
    numbers = sorted(d.articles)
    if numbers != list(range(1, 51)):
        yield Finding(shown, None, "reference", f"条号应为1—50各一条，现在是 {numbers[:3]}…{numbers[-3:]}（共{len(numbers)}条）。")
    for a in d.articles.values():
        ch = next((c for c in d.chapters if c.number == a.chapter), None)
        if ch is None or not ch.first <= a.number <= ch.last:
            yield Finding(shown, None, "reference", f"第{a.number}条的 chapter={a.chapter} 与 chapters 里的条文范围不一致。")


@rule("data.known-ids", "数据里引用的单位、条文、类别、期限键、标签都真实存在")
def known_ids(ctx: Context):
    d = ctx.data
    units = "、".join(d.units)
    dl = ctx.source("deadlines.yml")
    for i, x in enumerate(d.deadlines.values()):
        if x.article not in d.articles:
            yield Finding(dl.shown if dl else "data/deadlines.yml", dl.line("deadlines", i, "article") if dl else None,
                          "reference", f"期限 {x.key} 引用的第{x.article}条不存在。")
    us = ctx.source("units.yml")
    for i, r in enumerate(d.roles.values()):
        if r.unit and r.unit not in d.units:
            yield Finding(us.shown, us.line("roles", i, "unit"), "reference",
                          f"岗位 {r.id} 的 unit “{r.unit}” 不在 units 里。请写 units 中已有的 id。")
    cs = ctx.source("categories.yml")
    for i, c in enumerate(d.categories.values()):
        for u in (c.lead, *c.partners):
            if u not in d.units:
                yield Finding(cs.shown, cs.line("categories", i), "reference",
                              f"类别 {c.id} 引用的单位 “{u}” 不在 data/units.yml 里。请先在 units 里添加，或改成已有的 id。")
    gs = ctx.source("glossary.yml")
    for i, t in enumerate(d.terms):
        for n in t.articles:
            if n not in d.articles:
                yield Finding(gs.shown, gs.line("terms", i, "articles"), "reference",
                              f"术语 {t.term} 引用的第{n}条不存在（2022年条例只有第1—50条）。")
    for pb in d.playbooks.values():
        def bad(path: tuple, msg: str):
            return Finding(pb.source, pb.line(*path), "reference", msg)
        if not ID_PATTERN.match(pb.id):
            yield bad((), f"文件名 “{pb.id}.yml” 会成为页面地址，只能用小写英文字母、数字和连字符，如 wage-arrears.yml。请改文件名。")
        if pb.category not in d.categories:
            yield bad(("category",), f"category “{pb.category}” 不是 data/categories.yml 里的类别。可用：{'、'.join(d.categories)}。")
        refs = [(("lead",), pb.lead),  # owner: front-matter.references
                *((("partners", i), u) for i, u in enumerate(pb.partners)),
                *((("steps", i, "by"), s.by) for i, s in enumerate(pb.steps) if s.by),
                *((("lawful_channels", i, "unit"), c.unit) for i, c in enumerate(pb.lawful_channels) if c.unit)]
        for path, unit_id in refs:
            if unit_id not in d.units:
                yield bad(path, f"单位 “{unit_id}” 不在 data/units.yml 里。请改成已有的 id：{units}。")
        if pb.lead in pb.partners:
            yield bad(("partners",), f"牵头单位 “{pb.lead}” 不要同时写在 partners 里。")
        for i, s in enumerate(pb.steps):
            if s.deadline and s.deadline not in d.deadlines:
                yield bad(("steps", i, "deadline"), f"期限键 “{s.deadline}” 不在 data/deadlines.yml 里。可用：{'、'.join(d.deadlines)}。")
        for i, b in enumerate(pb.basis):
            if b.article not in d.articles:
                yield bad(("basis", i, "article"), f"第{b.article}条不存在：2022年《信访工作条例》只有第1—50条。")


@rule("data.deadline-tokens", "数据文字里的期限写 {deadline:键}，不直接写天数；键必须存在")
def deadline_tokens(ctx: Context):
    d = ctx.data
    for name, listing, text_field, label in (("regulation.yml", "articles", "summary", lambda a: f"第{a['number']}条"),
                                            ("glossary.yml", "terms", "definition", lambda t: t["term"])):
        source = ctx.source(name)
        if source is None:
            continue
        for i, item in enumerate(source.data.get(listing) or []):
            text = item[text_field]
            typed = TYPED_LIMIT.search(DEADLINE_TOKEN.sub("", text))
            where = source.line(listing, i, text_field)
            if typed:
                yield Finding(source.shown, where, "deadline",
                              f"{label(item)} 的 {text_field} 里直接写了期限“{typed.group(0)}”。期限数字只写在 data/deadlines.yml，"
                              f"这里请写 {{deadline:键}}，例如 {{deadline:review_request}}。")
            for key in DEADLINE_TOKEN.findall(text):
                if key not in d.deadlines:
                    yield Finding(source.shown, where, "deadline",
                                  f"{label(item)} 的 {text_field} 引用了未知的期限键 {{deadline:{key}}}。可用：{'、'.join(d.deadlines)}。")


@rule("training.records", "培训模块：id 唯一、编制单位存在、四种题型齐全、答案对应选项、依据的条文存在")
def training_records(ctx: Context):
    d = ctx.data
    source = ctx.source("training.yml")
    if source is None:
        return
    found: list[Finding] = []

    def bad(parts: list, msg: str):
        found.append(Finding(source.shown, source.line(*parts), "training", f"{field_name(parts)}：{msg}"))

    for i, m in enumerate(d.training):
        if m.owner not in d.units:
            bad(["modules", i, "owner"], f"编制单位 “{m.owner}” 不在 data/units.yml 里。可用：{'、'.join(d.units)}。")
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
            if b.article is not None and b.article not in d.articles:
                bad(where + ["basis", "article"],
                    f"答案引用的第{b.article}条不存在。2022年《信访工作条例》只有第1—50条；"
                    "请核对条号（60日是第34条，复查第35条，复核第36条）。")
            if b.clause is not None and b.article is None:
                bad(where + ["basis", "clause"], "写了款（clause）就要同时写条号（article）。")
            if b.heading and not b.page:
                bad(where + ["basis", "heading"], "写了小节标题（heading）就要同时写页面（page）。")
    yield from found
