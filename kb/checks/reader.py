"""Reader pages speak to readers: no file paths, `kb`/`make` commands or YAML on any page
outside the 维护 section, nor in the data texts those pages show (playbooks, glossary, deadlines,
training …). Where a reader needs to know how something is kept, a link to the 维护 section does it."""
from __future__ import annotations

import re
from functools import lru_cache

from kb.model.findings import Finding
from kb.model.tree import string_leaves
from kb.checks.registry import rule
from kb.model.context import Context
from kb.model.offsets import blank

MAINTENANCE_PREFIX = "maintenance/"
# Data files whose texts are shown on reader pages (their ids and page paths are not prose).
SHOWN_DATA = ("data/glossary.yml", "data/deadlines.yml", "data/categories.yml", "data/units.yml",
              "data/regulation.yml", "data/training.yml", "data/faq.yml")

# The kinds of maintainer text, in the order they are tried at each place (one regex, re.I).
MAINTAINER_KINDS = (
    r"(?<![\w/.])(?:data|docs|kb|overrides|scripts|tests|site|handouts)/[\w./*<>{}-]*",   # a path in the repository
    r"[\w*<>-]+\.(?:ya?ml|md|py|json|js|css)\b",                                         # a source file name
    r"(?<![\w-])(?:kb|make|mkdocs|\.venv/bin/kb)\s+(?:build|check|new|privacy|search|handouts|bench|"
    r"review|bundle|deadline|serve|test|setup)\b",                                        # a command
    r"```\s*(?:ya?ml|bash|sh|console|shell)\b",                                          # a YAML or shell block
    r"front\s*matter|draft:\s*true|\b(?:owner|reviewed|review_interval_months|changes|tags):\s",  # front-matter keys
)
MAINTAINER_TEXT = re.compile("|".join(MAINTAINER_KINDS), re.I)
# What a text must contain for each kind to match anywhere in it (a part of that kind's pattern,
# or a character it cannot match without). A kind whose condition fails cannot match, so leaving
# it out of the regex changes no match; the scan of a page of Chinese prose (where a regex with
# a lookbehind in front tries every character) gets several times faster.
_DIR = re.compile(r"(?:data|docs|kb|overrides|scripts|tests|site|handouts)/", re.I)
_EXT = re.compile(r"\.(?:ya?ml|md|py|json|js|css)\b", re.I)
_CMD = re.compile(r"(?:kb|make|mkdocs)\s", re.I)
_FRONT = re.compile(r"front", re.I)
_MAX_DIR = max(len(d) for d in ("data", "docs", "kb", "overrides", "scripts", "tests", "site", "handouts")) + 1


def _has_dir(text: str) -> bool:
    """_DIR matches text: it ends with a slash and is at most _MAX_DIR characters long, so only
    the text right before each slash is searched."""
    at = text.find("/")
    while at >= 0:
        if _DIR.search(text, max(0, at + 1 - _MAX_DIR), at + 1):
            return True
        at = text.find("/", at + 1)
    return False


_CAN_MATCH = (
    _has_dir,
    lambda t: "." in t and _EXT.search(t) is not None,
    lambda t: _CMD.search(t) is not None,
    lambda t: "```" in t,
    lambda t: ":" in t or _FRONT.search(t) is not None,
)


@lru_cache(maxsize=32)
def _kinds_regex(kinds: tuple[int, ...]) -> re.Pattern | None:
    return re.compile("|".join(MAINTAINER_KINDS[k] for k in kinds), re.I) if kinds else None


# What readers never see: HTML comments, link targets, macro calls, attribute lists.
HIDDEN = re.compile(r"<!--.*?-->|\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|\{\s*[#.:][^}]*\}", re.S)
HINT = ("读者页面不写文件路径、kb/make 命令或 YAML：改成读者能做的事（如“如发现表里有误，请联系县信访局”），"
        "维护说明放到“维护”栏目（docs/maintenance/）里，需要时链接过去。")


@lru_cache(maxsize=65536)  # mkdocs serve checks every page on every save; almost all are unchanged
def maintainer_text(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, matched text) of every piece of maintainer text a reader would see."""
    visible = HIDDEN.sub(blank, text)
    regex = _kinds_regex(tuple(k for k, can in enumerate(_CAN_MATCH) if can(visible)))
    return tuple((m.start(), m.group(0)) for m in regex.finditer(visible)) if regex else ()


def _meta_line(page, key: str) -> int | None:
    node = page.meta_node
    for k, v in getattr(node, "value", None) or ():
        if getattr(k, "value", None) == key:
            return v.start_mark.line + 1
    return 2


def is_reader_page(src: str) -> bool:
    return not src.startswith(MAINTENANCE_PREFIX)


@rule("reader.pages", "读者页面（维护栏目以外）不出现文件路径、kb/make 命令和 YAML")
def pages(ctx: Context):
    for page in ctx.pages:
        if page.is_draft or not is_reader_page(page.src):
            continue
        for offset, found in maintainer_text(page.body):
            line = page.body_line + page.body.count("\n", 0, offset)
            yield Finding(page.shown, line, "reader", f"“{found}”是给维护人员看的。{HINT}")
        for key in ("title", "description"):  # shown in the page header and as the search snippet
            for _, found in maintainer_text(str(page.meta.get(key, ""))):
                yield Finding(page.shown, _meta_line(page, key), "reader", f"{key} 里的“{found}”是给维护人员看的。{HINT}")


CJK = re.compile(r"[\u4e00-\u9fff]")


@rule("reader.data", "读者看到的数据文字（案例、术语、期限、培训等）不出现文件路径、kb/make 命令和 YAML")
def data_texts(ctx: Context):
    for pb in ctx.data.playbooks.values():
        if pb.draft:
            continue
        for json_path, value in pb.texts():
            for _, found in maintainer_text(value):
                yield Finding(pb.source, pb.line(*json_path), "reader", f"“{found}”是给维护人员看的。{HINT}")
    for shown in SHOWN_DATA:
        source = ctx.sources.get(shown)
        if source is None:
            continue
        for json_path, value in string_leaves(source.data):
            if not CJK.search(value):
                continue  # ids, page paths, keys: not prose
            for _, found in maintainer_text(value):
                yield Finding(shown, source.line(*json_path), "reader", f"“{found}”是给维护人员看的。{HINT}")


# A definition is read alone, in a tooltip, far from the text around it in the glossary.
LEANS_ON_CONTEXT = re.compile(r"^(?:上述|以上|前述|上面|下面|如上|同上|见上|该|这|此|其|它|他们|前者|后者)")


@rule("reader.definitions", "术语的定义要能单独读懂（会显示在提示框里），不能以“上述”“该”“这”等指代开头")
def definitions(ctx: Context):
    source = ctx.sources.get("data/glossary.yml")
    for i, t in enumerate(ctx.data.terms):
        m = LEANS_ON_CONTEXT.match(t.definition)
        if m:
            line = source.line("terms", i, "definition") if source is not None else None
            yield Finding("data/glossary.yml", line, "reader",
                          f"“{t.term}”的定义以“{m.group(0)}”开头，单独显示在提示框里时读者不知道指什么。"
                          "请把指代的内容直接写出来。")
