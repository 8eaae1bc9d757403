"""The page `mkdocs serve` shows instead of the site while a build fails: the same Chinese message
the terminal shows (file, line, fix), escaped, and a note that the page reloads by itself after the
next good save (mkdocs serve adds its live-reload script to every page it serves)."""
from __future__ import annotations

import html


def error_page(message: str) -> str:
    body = html.escape(message.strip() or "构建失败。", quote=True)
    return ("<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            "<title>构建失败 - 信访工作知识库</title>"
            "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}"
            "pre{white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c62828;padding:1rem}</style>"
            "</head><body><h1>网站没有生成：有问题要改</h1>"
            "<p>按下面每一行的提示修改文件并保存，这个页面会自动刷新。</p>"
            f"<pre>{body}</pre></body></html>\n")


def rebuilding_page(remaining: int) -> str:
    """mkdocs serve --dirty: what a page shows while it waits to be rebuilt with the new data;
    it asks again every two seconds (the preview server answers this until the page is ready)."""
    return ("<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"refresh\" content=\"2\">"
            "<title>正在更新 - 信访工作知识库</title>"
            "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}</style>"
            "</head><body><h1>这一页正在按刚保存的修改重新生成</h1>"
            f"<p>刚才的修改影响到很多页面，打开着的页面已经先更新了，其余页面正在后台生成（还剩 {int(remaining)} 页）。"
            "这一页好了会自动显示，不用手动刷新。</p></body></html>\n")
