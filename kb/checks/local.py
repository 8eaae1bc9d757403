"""The county's own settings (data/local.yml): unique keys, known documents, known deadline keys."""
from __future__ import annotations

from kb.model.findings import Finding
from kb.checks.references import DEADLINE_TOKEN
from kb.checks.registry import rule
from kb.model.context import Context


@rule("local.references", "本县设置：key 不重复、引用的文件在 documents 里、期限键存在")
def references(ctx: Context):
    source = ctx.source("data/local.yml")
    if source is None:
        return
    raw = source.data
    docs = {d["id"] for d in raw["documents"]}
    for name in ("settings", "superiors"):
        seen: dict[str, int] = {}
        for i, r in enumerate(raw[name]):
            if r["key"] in seen:
                yield Finding(source.shown, source.line(name, i, "key"), "reference",
                              f"{name} 里的 key “{r['key']}” 重复出现（第一次在第{seen[r['key']]}行）；每一项的 key 必须唯一。")
            seen.setdefault(r["key"], source.line(name, i, "key"))
    for i, s in enumerate(raw["settings"]):
        if s.get("document") and s["document"] not in docs:
            yield Finding(source.shown, source.line("settings", i, "document"), "reference",
                          f"设置 {s['key']} 的 document “{s['document']}” 不在 documents 里。请先在 documents 里登记这份文件。")
        for key in DEADLINE_TOKEN.findall(s["value"]):
            if key not in ctx.data.deadlines:
                yield Finding(source.shown, source.line("settings", i, "value"), "deadline",
                              f"设置 {s['key']} 引用了未知的期限键 {{deadline:{key}}}。可用：{'、'.join(ctx.data.deadlines)}。")
