"""`kb bench --pages N --search`: search in Chromium on the synthetic N-page corpus, three engines in
one run on the same Markdown (kb/bench/corpus.py):

- kb's engine: the corpus built by MkDocs with kb's hooks; over http and from file://;
- Material's plain built-in search (lang: zh): the plain-Material baseline of the same Markdown;
- Pagefind: kb's built site indexed by Pagefind, its default UI on the same page (kb/bench/pagefind.py).

Every engine is measured on procedures/index.html with the same queries (kb/bench/browser.py),
over http on 127.0.0.1 and from file://, where an engine that gives no result is reported as not
working there. table() and breakdown() are pure: they only format the measured rows.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.bench.corpus import site_pages

PAGE = "procedures/index.html"
QUERIES = ["不服复查意见怎么办", "多少天内要告知信访人", "转来的事项不归我们管", "突发情况怎么上报",
           "申请复核需要什么材料", "信访事项办理的期限是多久", "集体访", "第三十四条", "延期办理", "初信初访"]
HTTP_TIMEOUT, FILE_TIMEOUT = 300.0, 20.0   # seconds to the first result before "does not work"
# Files that belong to a search engine: kb's search/ and its two scripts, Pagefind's bundle,
# Material's search worker and lunr languages
SEARCH_FILE = re.compile(r"^/(search|pagefind)/|^/assets/javascripts/(workers/|lunr/|kb-search\.js|search-limit\.js)")


@dataclass
class Row:
    name: str
    how: str                 # "http" or "file://"
    pages: int
    build_s: float | None    # the build of the site searched (None: the same site as kb's)
    index_s: float | None    # of which (or, for Pagefind, in addition) the search index
    index_bytes: int
    result: dict = field(default_factory=dict)   # kb/bench/browser.py measure()
    load: float | None = None   # the machine's 1-minute load average when the measurement started


def build(cwd: Path, cmd: list[str]) -> tuple[float, float | None]:
    """Run a build to its end: wall seconds, and the index seconds kb's hook logs (if any)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("KB_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, text=True, capture_output=True, env=env, stdin=subprocess.DEVNULL)
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    found = re.search(r"kb-search-index-seconds=([\d.]+)", result.stdout + result.stderr)
    return time.perf_counter() - started, float(found.group(1)) if found else None


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def count_pages(site: Path) -> int:
    return sum(1 for p in site_pages(site) if not p.name.endswith(".pagefind.html"))


def run(corpus_dir: Path, base_config: Path, work: Path, out=print) -> list[Row]:
    """Build kb's site and Material's, index kb's with Pagefind, measure all three."""
    from kb.bench import browser, pagefind
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet"]
    kb_site, base_site = Path(work) / "site-kb", Path(work) / "site-material"
    out("kb bench: 构建 kb 的网站……")
    kb_s, kb_index = build(corpus_dir, mkdocs[:-1] + ["--site-dir", str(kb_site)])   # not quiet: the index log
    out("kb bench: 构建 Material 原样的网站（同一份 Markdown）……")
    base_s, _ = build(base_config.parent, mkdocs + ["-f", str(base_config), "--site-dir", str(base_site)])
    out("kb bench: 用 Pagefind 给 kb 的网站建索引……")
    pf_s = pagefind.index(kb_site)
    pf_page = pagefind.write_bench_page(kb_site, PAGE)
    pages = count_pages(kb_site)
    kb_bytes = folder_bytes(kb_site / "search")
    variants = [
        ("kb 搜索", kb_site, PAGE, "kb", kb_s, kb_index, kb_bytes),
        ("Material 原样中文搜索", base_site, PAGE, "material", base_s, None, folder_bytes(base_site / "search")),
        ("Pagefind", kb_site, pf_page, "pagefind", None, pf_s, folder_bytes(kb_site / pagefind.BUNDLE)),
    ]
    rows = []
    for name, site, page, engine, seconds, index_s, size in variants:
        for how in ("http", "file://"):
            out(f"kb bench: 在 Chromium 里测 {name}（{how}）……")
            file_url = how == "file://"
            load = os.getloadavg()[0]   # 2 cores: above ~1.5 someone else is running too
            result = browser.measure(site, page, browser.ENGINES[engine], QUERIES, file_url=file_url,
                                     timeout=FILE_TIMEOUT if file_url else HTTP_TIMEOUT)
            rows.append(Row(name, how, pages, seconds, index_s, size, result, load))
    return rows


# ----------------------------------------------------------------------------- formatting

def kb_(n: float) -> str:
    return f"{n / 1e3:,.0f} KB"


def breakdown(files: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """Bytes until the first result by kind of file: (as sent, gzip-compressed)."""
    out: dict[str, tuple[int, int]] = {}
    for path, sent, gz in files:
        kind = ("搜索文件" if SEARCH_FILE.search(path) else "页面 HTML" if path.endswith(".html")
                else "CSS" if path.endswith(".css") else "JS" if path.endswith(".js") else "其他")
        a, b = out.get(kind, (0, 0))
        out[kind] = (a + sent, b + gz)
    return out


HEADER = ("| 搜索 | 页面数 | 构建（秒） | 其中建索引 | 索引总大小 | 首个结果前下载（全部） | gzip 后 | 其中搜索文件 "
          "| 加载后到首个结果 | 按键→结果 中位数 | 按键→结果 最大 | 整句最后一键 中位数 | JS 堆 | 外部请求 | 机器负载 |")


def table_row(row: Row) -> str:
    r = row.result
    if row.build_s is None:
        build, share = "（同 kb）", f"另加 {row.index_s:.0f} 秒" if row.index_s is not None else "—"
    else:
        build = f"{row.build_s:.0f}"
        share = f"{row.index_s:.0f} 秒（{row.index_s / row.build_s:.0%}）" if row.index_s else "—"
    load = f" {row.load:.1f} |" if row.load is not None else " — |"
    head = f"| {row.name}（{row.how}） | {row.pages} | {build} | {share} | {row.index_bytes / 1e6:.1f} MB |"
    if not r.get("works"):
        limit = FILE_TIMEOUT if row.how == "file://" else HTTP_TIMEOUT
        return head + f" 不能用：{limit:.0f} 秒内没有结果 | — | — | — | — | — | — | — | {r.get('external', 0)} |{load}"
    files = r.get("files") or []
    if files:
        sent, gz = sum(f[1] for f in files), sum(f[2] for f in files)
        search = sum(f[1] for f in files if SEARCH_FILE.search(f[0]))
        downloaded = f" {kb_(sent)} | {kb_(gz)} | {kb_(search)} |"
    else:
        downloaded = " —（本地文件） | — | — |"
    stalled = f"（{r['stalled']} 键超时）" if r.get("stalled") else ""
    return (head + downloaded + f" {r['ready']:,.0f} ms | {statistics.median(r['times']):,.0f} ms | "
            f"{max(r['times']):,.0f} ms{stalled} | {statistics.median(r['last']):,.0f} ms | "
            f"{r['heap'] / 1e6:.1f} MB | {r['external']} |{load}")


def table(rows: list[Row]) -> str:
    """The Markdown table of the run, and under it what the bytes before the first result are."""
    lines = [HEADER, "|---|" + "---:|" * (HEADER.count("|") - 2)] + [table_row(r) for r in rows]
    notes = []
    for row in rows:
        files = row.result.get("files")
        if row.result.get("works") and files:
            parts = "，".join(f"{kind} {kb_(a)}（gzip {kb_(b)}）" for kind, (a, b) in breakdown(files).items())
            notes.append(f"- {row.name}（{row.how}）首个结果前：{parts}")
    return "\n".join(lines + ([""] + notes if notes else []))
