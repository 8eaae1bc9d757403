"""Pagefind (https://pagefind.app) on kb's built site, for `kb bench --pages N --search`: the same
pages and theme as kb's row, so the figures differ only by the search. A bench-only dependency
(`pagefind[extended]` in the test extras: the extended binary segments Chinese).

index() runs `python -m pagefind` over the site's HTML (the article only, as kb's index reads it:
without it the nav and footer of every page would be indexed too). bench_page() turns a built
page into the same page with Pagefind's default UI at the top of the article instead of kb's
search script; its assets come from the site's own pagefind/ folder (nothing from outside).
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

BUNDLE = "pagefind"                 # the folder Pagefind writes into the site
ROOT_SELECTOR = "article"           # Material's <article class="md-content__inner md-typeset">
KB_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/kb-search\.js"></script>\s*')
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')


def index(site: Path) -> float:
    """Index the site with Pagefind; seconds taken. Raises RuntimeError with Pagefind's output."""
    import importlib.util
    if importlib.util.find_spec("pagefind") is None or importlib.util.find_spec("pagefind_bin_extended") is None:
        raise RuntimeError("没有安装 pagefind[extended]（搜索基准用它）：运行 make setup，"
                           "或 .venv/bin/pip install -r requirements.lock")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
                             "--root-selector", ROOT_SELECTOR], text=True, capture_output=True)
    if result.returncode:
        raise RuntimeError("pagefind: " + result.stdout + result.stderr)
    return time.perf_counter() - started


def bench_page(html: str, prefix: str) -> str:
    """The page with Pagefind's default UI (bundle at prefix + 'pagefind/') in place of kb's search.
    debounceTimeoutMs 0: the UI waits 300 ms after each keystroke by default, and the bench times
    the search, not that wait (kb's and Material's boxes do not wait)."""
    html, removed = KB_SCRIPT.subn("", html)
    if not removed:
        raise ValueError("the page has no kb-search.js script")
    bundle = f"{prefix}{BUNDLE}/"
    head = f'<link rel="stylesheet" href="{bundle}pagefind-ui.css">\n<script src="{bundle}pagefind-ui.js"></script>\n'
    html = html.replace("</head>", head + "</head>", 1)
    html, found = ARTICLE.subn(lambda m: m.group(0) + '<div id="kb-bench-pagefind"></div>', html, count=1)
    if not found:
        raise ValueError("the page has no Material article")
    init = ('<script>new PagefindUI({element: "#kb-bench-pagefind", bundlePath: "%s", '
            'debounceTimeoutMs: 0, showImages: false});</script>\n' % bundle)
    return html.replace("</body>", init + "</body>", 1)


def write_bench_page(site: Path, page: str) -> str:
    """Write the Pagefind variant of site/page beside it (after indexing: it is not indexed);
    returns its path relative to the site."""
    src = Path(site) / page
    prefix = "../" * page.count("/")
    out = src.with_name(src.stem + ".pagefind.html")
    out.write_text(bench_page(src.read_text(encoding="utf-8"), prefix), encoding="utf-8")
    return out.relative_to(site).as_posix()
