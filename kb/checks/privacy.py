"""Personal data in the sources: every page, data file and other text file under docs/."""
from __future__ import annotations

from kb.privacy.scan import scan_texts, source_finding
from kb.checks.registry import rule
from kb.model.context import Context
from kb.model.findings import Finding


@rule("privacy.sources", "页面、数据文件和 docs/ 下其他文本文件里没有个人信息（身份证号、手机号、姓名、住址等）")
def sources(ctx: Context):
    yield from (source_finding(r) for r in scan_texts(ctx.texts, ctx.data.privacy))


@rule("privacy.lists", "data/privacy.yml 的正则不会卡住检查，放行规则不能匹配任意文字")
def lists(ctx: Context):
    from kb.privacy.lists import pattern_problem
    source = ctx.source("privacy.yml")
    shown = source.shown if source is not None else "data/privacy.yml"
    for key, entries in (("deny", ctx.data.privacy.deny), ("allow", ctx.data.privacy.allow)):
        for i, entry in enumerate(entries):
            problem = pattern_problem(entry, allow=key == "allow")
            if problem:
                line = source.line(key, i, "pattern") if source is not None else None
                yield Finding(shown, line, "privacy", f"{key}[{i}] 的 pattern “{entry.pattern}”：{problem}")


@rule("privacy.files", "docs/ 下每个文件要么能当文字读出来检查，要么是登记过的图片、字体、PDF")
def files(ctx: Context):
    from kb.model.files import BINARY_ASSETS
    kinds = "、".join(sorted({f"{k}（{v.split('（')[0]}）" for k, v in BINARY_ASSETS.items()}))
    for shown, why in sorted(ctx.unscanned.items()):
        if why == "unknown":
            yield Finding(shown, None, "privacy",
                          "隐私检查读不了这种文件，不能确认里面没有个人信息（名单、表格、文档常常有）。"
                          "请改成 Markdown 页面，或另存为 UTF-8 的 .csv/.txt；确实需要的图片、字体、PDF 只能是这些类型："
                          + kinds + "（kb/model/files.py 的 BINARY_ASSETS，每类写明了理由）。")
        else:
            yield Finding(shown, None, "privacy", "这个文件读不出文字（编码无法识别），不能确认里面没有个人信息。请用 UTF-8 另存。")
