"""搜索用的日常说法 (data/search.yml): every word can be found, no group or phrase is listed twice.
The schema checks the shape (2—8 Chinese characters a word); these rules check what the schema
cannot: words that search drops, and repeats."""
from __future__ import annotations

from kb.checks.registry import rule
from kb.model.context import Context
from kb.model.findings import Finding
from kb.model.searchwords import STOPWORDS


@rule("search.words", "搜索用的日常说法：词不是会被丢掉的虚词，同一组、同一个问法不重复")
def words(ctx: Context):
    source = ctx.source("search.yml")
    if source is None:
        return
    raw = source.data
    groups: dict[frozenset, int] = {}
    for i, entry in enumerate(raw.get("everyday") or []):
        group = entry.get("words") or []
        for k, word in enumerate(group):
            if word in STOPWORDS:
                yield Finding(source.shown, source.line("everyday", i, "words", k), "search",
                              f"“{word}”是提问用的虚词，搜索时会被丢掉，写在这里找不到任何页面。"
                              "请删去它，或换成页面上真正出现的实词。")
        key = frozenset(group)
        if key in groups:
            yield Finding(source.shown, source.line("everyday", i, "words"), "search",
                          f"这一组（{'、'.join(group)}）和第 {groups[key] + 1} 组重复。请删去其中一组。")
        groups.setdefault(key, i)
    asked: dict[str, str] = {}
    for i, entry in enumerate(raw.get("implied") or []):
        concept = entry.get("concept", "")
        if concept in STOPWORDS:
            yield Finding(source.shown, source.line("implied", i, "concept"), "search",
                          f"concept “{concept}”是提问用的虚词，搜索时会被丢掉。请换成页面上真正出现的实词，如“期限”。")
        for k, phrase in enumerate(entry.get("phrases") or []):
            if phrase in asked and asked[phrase] != concept:
                yield Finding(source.shown, source.line("implied", i, "phrases", k), "search",
                              f"问法“{phrase}”已经写在 concept “{asked[phrase]}”下面，一个问法只能补一个词。"
                              "请删去其中一处。")
            asked.setdefault(phrase, concept)
