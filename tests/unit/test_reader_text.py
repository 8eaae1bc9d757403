"""The reader-page rule finds maintainer text a reader would see, and only that."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.checks.reader import maintainer_text, pages
from kb.model.context import Context
from kb.model.page import Page


@pytest.mark.parametrize("text", [
    "这张表由 `data/deadlines.yml` 生成。",
    "新增时运行：\n\n```bash\n.venv/bin/kb new playbook 标题\n```",
    "写完后删掉 `draft: true`，运行 `make check`。",
    "讲义由 kb build 生成。",
    "字段见 playbook.schema.json。",
    "在 front matter 里写 reviewed: 2026-01-01。",
])
def test_maintainer_text_is_found(text):
    assert maintainer_text(text)


@pytest.mark.parametrize("text", [
    "见[编写规范](../maintenance/authoring.md)和[期限表](/reference/deadlines.md#handling)。",
    "<!-- 本页内容来自 data/training.yml -->\n\n{{ training_module(\"x\") }}",
    "## 标题 { #data-id }\n\n自收到之日起15日内（第22条）。",
    "和/或、3/4 的信访人、PDF 讲义、A4 纸。",
])
def test_reader_text_passes(text):
    assert maintainer_text(text) == ()


def test_rule_skips_the_maintenance_section_and_drafts_and_gives_lines():
    def page(src, body, **meta):
        return Page(Path("/d") / src, src, {"title": "标题", **meta}, body, 10, shown="docs/" + src)
    ctx = Context(data=None, pages=[
        page("reference/a.md", "第一行\n改 data/units.yml 即可。"),
        page("maintenance/authoring.md", "运行 kb check。"),
        page("policy/d.md", "运行 kb check。", draft=True),
    ])
    found = list(pages(ctx))
    assert [(f.path, f.line) for f in found] == [("docs/reference/a.md", 11)]
    assert "维护" in found[0].message


def test_leaving_out_kinds_that_cannot_match_changes_no_match():
    """maintainer_text runs only the kinds of maintainer text a page can contain: on random texts
    made of the pieces that matter it finds exactly what the one full regex finds."""
    import random
    from kb.checks.reader import HIDDEN, MAINTAINER_TEXT
    from kb.model.offsets import blank
    pieces = ["data/", "Docs/", "kb", "KB ", "make", "mkdocs", ".venv/bin/kb", " ", "\n", "build", "check", "serve",
              "/", ".", "yml", "YAML", "md", "json", "x", "文件", "```", "bash", "front", " matter", "draft:", " true",
              "owner:", "tags: ", "-", "*", "site/", "overrides", "handouts/", "ſite/", "\u212ab/", "[链接](data/a.yml)",
              "{{ cite(1) }}", "<!-- kb build -->", "_", "2"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        visible = HIDDEN.sub(blank, text)
        assert maintainer_text(text) == tuple((m.start(), m.group(0)) for m in MAINTAINER_TEXT.finditer(visible)), text
