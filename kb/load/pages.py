"""Read the Markdown pages under docs/, each once, with their front matter parsed."""
from __future__ import annotations

import re
from pathlib import Path

from kb.model.findings import Finding, FindingsError
from kb.model.page import Page
from kb.load.filecache import cached
from kb.load.yamlio import parse_yaml, read_text

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\n)?---[ \t]*\r?\n", re.S)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, first body line)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    return m.group(1) or "", text[m.end():], m.group(0).count("\n") + 1


def page_from_text(path: Path, src: str, shown: str, text: str) -> tuple[Page, list[Finding]]:
    fm_text, body, body_line = split_front_matter(text)
    if fm_text is None:
        return Page(path, src, {}, body, body_line, shown=shown, text=text), [Finding(
            shown, 1, "front-matter",
            "页面开头缺少 front matter。请在第一行加上 ---，写 title、owner、reviewed、"
            "review_interval_months、tags，再用 --- 结束（可以照抄同一栏目里其他页面的开头）。",
            rule="front-matter.missing")]
    try:
        meta, node = parse_yaml(fm_text, shown, first_line=2)
    except FindingsError as err:
        return Page(path, src, {}, body, body_line, shown=shown, text=text), err.findings
    if not isinstance(meta, dict):
        return Page(path, src, {}, body, body_line, shown=shown, text=text), [Finding(
            shown, 2, "front-matter", "front matter 应当是“字段: 值”的形式。", rule="front-matter.mapping")]
    return Page(path, src, meta, body, body_line, node, shown=shown, text=text), []


def read_page(path: Path, docs_dir: Path, show) -> tuple[Page, list[Finding]]:
    src = Path(path).relative_to(docs_dir).as_posix()
    shown = show(path)
    try:
        text = read_text(path, shown)
    except FindingsError as err:
        return Page(Path(path), src, {}, "", 1, shown=shown), err.findings
    return page_from_text(Path(path), src, shown, text)


def iter_pages(docs_dir: Path):
    yield from sorted(Path(docs_dir).rglob("*.md"))


def read_pages(docs_dir: Path, show) -> tuple[list[Page], list[Finding]]:
    pages, findings = [], []
    for path in iter_pages(docs_dir):  # unchanged since the last read: what was read then (mkdocs serve)
        page, problems = cached("page", path, (str(docs_dir), show(path)), lambda: read_page(path, Path(docs_dir), show))
        pages.append(page)
        findings += problems
    return pages, findings
