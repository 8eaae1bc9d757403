"""Read the Markdown pages under docs/ and check their front matter."""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from kb.data import KbData
from kb.findings import Finding, FindingsError
from kb.paths import DOCS_DIR, SCHEMA_DIR, display
from kb.yamlio import line_of, parse_yaml, read_text

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


@dataclass(frozen=True)
class Page:
    path: Path          # absolute path of the source file
    src: str            # path relative to docs/, e.g. procedures/acceptance.md
    meta: dict
    body: str
    body_line: int      # line number of the first body line in the file
    meta_node: Any = None  # the parsed YAML node tree of the front matter, for line numbers

    @property
    def is_draft(self) -> bool:
        return bool(self.meta.get("draft"))


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, first body line)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    return m.group(1) or "", text[m.end():], m.group(0).count("\n") + 1


def read_page(path: Path, docs_dir: Path = DOCS_DIR) -> tuple[Page, list[Finding]]:
    text = read_text(path)
    fm_text, body, body_line = split_front_matter(text)
    src = Path(path).relative_to(docs_dir).as_posix()
    shown = display(path)
    if fm_text is None:
        return Page(path, src, {}, body, body_line), [Finding(
            shown, 1, "front-matter",
            "页面开头缺少 front matter。请在第一行加上 ---，写 title、owner、reviewed、"
            "review_interval_months、tags，再用 --- 结束（可以照抄同一栏目里其他页面的开头）。",
        )]
    try:
        meta, node = parse_yaml(fm_text, path, first_line=2)
    except FindingsError as err:
        return Page(path, src, {}, body, body_line), err.findings
    if not isinstance(meta, dict):
        return Page(path, src, {}, body, body_line), [Finding(shown, 2, "front-matter", "front matter 应当是“字段: 值”的形式。")]
    return Page(path, src, meta, body, body_line, node), []


_schema_cache: dict = {}


def _frontmatter_validator() -> jsonschema.Draft202012Validator:
    if "v" not in _schema_cache:
        schema = json.loads(read_text(SCHEMA_DIR / "frontmatter.schema.json"))
        _schema_cache["v"] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return _schema_cache["v"]


def check_front_matter(page: Page, data: KbData, today: datetime.date | None = None) -> list[Finding]:
    """Schema plus the rules a schema cannot express: owner exists, tags are allowed, date not in the future."""
    if not page.meta:
        return []
    today = today or datetime.date.today()
    shown = display(page.path)
    node = page.meta_node
    found = []
    for err in _frontmatter_validator().iter_errors(page.meta):
        field = ".".join(str(p) for p in err.absolute_path) or "front matter"
        expected = err.schema.get("description") if isinstance(err.schema, dict) else None
        if err.validator == "required":
            missing = err.message.split("'")[1]
            expected = _frontmatter_validator().schema["properties"][missing]["description"]
            msg = f"缺少字段 {missing}。该字段应为：{expected}"
        elif err.validator == "additionalProperties":
            msg = f"{err.message}。允许的字段：{'、'.join(_frontmatter_validator().schema['properties'])}。"
        else:
            msg = f"字段 {field} 不符合要求：{err.message}。该字段应为：{expected}"
        found.append(Finding(shown, line_of(node, err.absolute_path, 2), "front-matter", msg))
    owner = page.meta.get("owner")
    if isinstance(owner, str) and owner not in data.units:
        found.append(Finding(shown, line_of(node, ["owner"], 2), "front-matter",
                             f"owner “{owner}” 不是 data/units.yml 里的单位。可用：{'、'.join(data.units)}。"))
    for i, tag in enumerate(page.meta.get("tags") or []):
        if isinstance(tag, str) and tag not in data.tags:
            found.append(Finding(shown, line_of(node, ["tags", i], 2), "front-matter",
                                 f"标签 “{tag}” 不在受控标签表里。请从 data/tags.yml 里选，或先在那里登记新标签。"))
    reviewed = page.meta.get("reviewed")
    if isinstance(reviewed, str):
        try:
            if datetime.date.fromisoformat(reviewed) > today:
                found.append(Finding(shown, line_of(node, ["reviewed"], 2), "front-matter",
                                     f"审核日期 {reviewed} 晚于今天，请写实际审核的日期。"))
        except ValueError:
            pass  # the schema's date format check already reported it
    return found


def review_due(page: Page, today: datetime.date | None = None) -> datetime.date | None:
    """Date the page is next due for review (None when the front matter is incomplete)."""
    try:
        reviewed = datetime.date.fromisoformat(page.meta["reviewed"])
        months = int(page.meta["review_interval_months"])
    except (KeyError, TypeError, ValueError):
        return None
    year, month = divmod(reviewed.month - 1 + months, 12)
    return reviewed.replace(year=reviewed.year + year, month=month + 1, day=min(reviewed.day, 28))


def iter_pages(docs_dir: Path = DOCS_DIR):
    for path in sorted(Path(docs_dir).rglob("*.md")):
        yield path
