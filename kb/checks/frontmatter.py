"""Front matter of pages and of the generated playbook pages: the schema, plus the rules a
schema cannot express (owner exists, tags are allowed, review date not in the future) — one
set of rules for both."""
from __future__ import annotations

import datetime
import json

from kb.model.findings import Finding
from kb.load.schemas import schema_finding
from kb.load.yamlio import line_of
from kb.checks.registry import rule
from kb.model.context import Context


def meta_rules(meta: dict, line, shown: str, ctx: Context) -> list[Finding]:
    """owner, tags and reviewed of one page or playbook. line(*json_path) gives the line of a field."""
    found = []
    owner = meta.get("owner")
    if isinstance(owner, str) and owner not in ctx.data.units:
        found.append(Finding(shown, line("owner"), "front-matter",
                             f"owner “{owner}” 不是 data/units.yml 里的单位。可用：{'、'.join(ctx.data.units)}。"))
    tags = meta.get("tags")
    for i, tag in enumerate(tags if isinstance(tags, list) else []):
        if isinstance(tag, str) and tag not in ctx.data.tags:
            found.append(Finding(shown, line("tags", i), "front-matter",
                                 f"标签 “{tag}” 不在受控标签表里。请从 data/tags.yml 里选，或先在那里登记新标签。"))
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, str):
        try:
            if datetime.date.fromisoformat(reviewed) > ctx.today:
                found.append(Finding(shown, line("reviewed"), "front-matter",
                                     f"审核日期 {reviewed} 晚于今天，请写实际审核的日期。"))
        except ValueError:
            pass  # the schema's date format check reports it
    return found


_ERRORS: dict[str, list] = {}  # mkdocs serve checks every page on every save
_ERRORS_FOR: list = [None]    # … against this schema (an edited schema starts again)


def _meta_errors(validator, meta: dict, schema: str) -> list:
    """The schema errors of one front matter, in field order (remembered by its content);
    schema: the validator's schema as text (a new validator per rebuild, often the same schema)."""
    if _ERRORS_FOR[0] != schema or len(_ERRORS) > 20_000:
        _ERRORS.clear()
        _ERRORS_FOR[0] = schema
    key = json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)
    found = _ERRORS.get(key)
    if found is None:
        found = _ERRORS[key] = sorted(validator.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path])
    return found


@rule("front-matter.schema", "每页的 front matter 符合 data/schema/frontmatter.schema.json")
def schema(ctx: Context):
    validator = ctx.frontmatter_validator
    schema_text = json.dumps(validator.schema, sort_keys=True) if validator is not None else ""
    for page in ctx.pages:
        if not page.meta or validator is None:
            continue
        for err in _meta_errors(validator, page.meta, schema_text):
            f = schema_finding(err, validator.schema, page.meta_node, page.shown, 2, "front-matter")
            yield Finding(f.path, f.line, f.kind, f.message.replace("（文件顶层）", "front matter"))
    for pb in ctx.data.playbooks.values():  # the generated page meets the same schema
        for err in validator.iter_errors(json.loads(json.dumps(pb.page_meta()))) if validator else ():
            yield Finding(pb.source, pb.line(*err.absolute_path), "front-matter",
                          f"生成的页面 front matter 不符合 data/schema/frontmatter.schema.json：{err.message}。")


@rule("front-matter.references", "owner 是已有单位、标签在受控标签表里、审核日期不晚于今天（页面和案例记录）")
def references(ctx: Context):
    for page in ctx.pages:
        if page.meta:
            yield from meta_rules(page.meta, lambda *p, page=page: line_of(page.meta_node, p, 2), page.shown, ctx)
    for pb in ctx.data.playbooks.values():
        yield from meta_rules(pb.page_meta(), pb.line, pb.source, ctx)
