"""The output gate's rules on the Markdown sources (kb.gate): nothing loads from outside the site,
no scripts, no event handlers, no javascript: links, no embedded pages, external links only to
the intranet domains of data/links.yml. The built pages go through the same rules after every build."""
from __future__ import annotations

from kb.checks.registry import rule
from kb.gate.markdown import source_problems
from kb.gate.rules import Rules
from kb.model.context import Context
from kb.model.findings import Finding


@rule("output.source", "页面不能从站外加载任何东西，不能有脚本、事件属性、javascript: 链接、iframe 等；站外链接只能指向 data/links.yml 允许的内网域名")
def source(ctx: Context):
    rules = Rules(links=ctx.data.links)
    for page in ctx.pages:
        for line, message in source_problems(page.body, rules):
            yield Finding(page.shown or page.src, page.body_line + line - 1, "output", message)
