"""Personal data in the sources: every page, data file and other text file under docs/."""
from __future__ import annotations

from kb.privacy.scan import scan_texts, source_finding
from kb.checks.registry import rule
from kb.model.context import Context


@rule("privacy.sources", "页面、数据文件和 docs/ 下其他文本文件里没有个人信息（身份证号、手机号、姓名、住址等）")
def sources(ctx: Context):
    yield from (source_finding(r) for r in scan_texts(ctx.texts, ctx.data.privacy))
