"""`kb bench --pages N`: search speed and bytes in Chromium on a synthetic corpus of N pages.

The corpus: the real pages copied under their own folder as `syn-<k>.md` with distinct titles
(links keep working; `not_in_nav` keeps MkDocs quiet), so the text is real Chinese and the
vocabulary grows the way more pages of the same kind would make it grow. Built once with this
checkout (kb's engine) and, when a baseline source folder is given (a checkout of the previous
search: Material's plugin with the tuned index, or KB_SEARCH_PLAIN=1 for Material's plain zh
search), with that too. Every figure is measured in the same run, over http on 127.0.0.1:

- ready: page load → first result of the first query typed right after load;
- bytes: everything transferred from navigation until that first result;
- keystroke → results: median and max over every keystroke of the queries, typed two characters
  at a time (as an IME commits words), 150 ms apart; also the median of each query's last keystroke;
- heap: the page's JS heap after the first query (Material's worker heap is not included).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PARTS = ("docs", "data", "mkdocs.yml", "overrides", "macros.py", "kb")
# Not copied: pages that list the whole site, and the unit directory (its office phones are allowed
# on that page only, data/privacy.yml: a copy elsewhere is rightly refused by the privacy scan).
SKIP = re.compile(r"(^|/)index\.md$|^training/|^reference/(glossary|tags|authoring|contacts)\.md$|^playbooks/")
QUERIES = ["不服复查意见怎么办", "多少天内要告知信访人", "转来的事项不归我们管", "突发情况怎么上报",
           "申请复核需要什么材料", "信访事项办理的期限是多久", "集体访", "第三十四条", "延期办理", "初信初访"]


def make_corpus(src: Path, dest: Path, pages: int) -> Path:
    """Copy the checkout's sources to dest and add synthetic pages until the site has `pages`."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif (src / part).exists():
            shutil.copy2(src / part, dest / part)
    docs = dest / "docs"
    pool = sorted(p for p in docs.rglob("*.md") if not SKIP.search(p.relative_to(docs).as_posix()))
    existing = len(list(docs.rglob("*.md")))
    for k in range(max(0, pages - existing)):
        source = pool[k % len(pool)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}（样本{k}）", text, count=1, flags=re.M)
        text = re.sub(r"^# (.*)$", lambda m: f"# {m.group(1)}（样本{k}）", text, count=1, flags=re.M)
        (source.parent / f"syn-{k}.md").write_text(text, encoding="utf-8")
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_in_nav: |\n  syn-*.md\n", encoding="utf-8")
    return dest


def build(checkout: Path, site: Path, env: dict | None = None) -> float:
    """mkdocs build of a corpus checkout (its own kb package: cwd comes first on sys.path)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site)],
                            cwd=checkout, text=True, capture_output=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})))
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    seconds = time.perf_counter() - started
    found = re.search(r"kb-search-index-seconds=([\d.]+)", result.stdout + result.stderr)
    return seconds, float(found.group(1)) if found else None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


MEASURE = r"""async ([queries, box, kind]) => {
  const input = document.querySelector(box);
  const list = () => document.querySelector('.md-search-result__list');
  const toggle = document.getElementById('__search');
  toggle.checked = true; toggle.dispatchEvent(new Event('change'));
  input.focus();
  function firstResult(q) {
    return new Promise(resolve => {
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (!list().querySelector('.md-search-result__item')) return;
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(list(), {childList: true, subtree: true});
      input.value = q;
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
    });
  }
  function type(q) {
    return new Promise(resolve => {
      const start = performance.now();
      const result = list().parentElement;
      const observer = new MutationObserver(() => {   // the list or its count line was rewritten
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(result, {childList: true, subtree: true, characterData: true});
      input.value = q;
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
    });
  }
  const loaded = performance.timing.loadEventEnd - performance.timing.navigationStart;
  const first = await firstResult(queries[0]);
  const ready = performance.now() - loaded;
  const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)
              + performance.getEntriesByType('navigation').reduce((n, e) => n + e.transferSize, 0);
  const searchBytes = performance.getEntriesByType('resource').filter(e => /\/search\//.test(e.name))
              .reduce((n, e) => n + e.transferSize, 0);
  const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
  // then every query typed the way an IME commits it, two characters at a time, 150 ms apart:
  // the latency of every keystroke counts (the last one of a query is what the user waits for)
  const times = [], last = [];
  for (const q of queries.slice(1)) {
    input.value = ''; list().innerHTML = '';
    const chars = Array.from(q);
    for (let i = 2; i < chars.length + 2; i += 2) {
      await new Promise(r => setTimeout(r, 150));
      list().innerHTML = '';
      const ms = await type(chars.slice(0, Math.min(i, chars.length)).join(''));
      times.push(ms);
      if (i >= chars.length) last.push(ms);
    }
  }
  return {ready, first, bytes, searchBytes, heap, times, last};
}"""


def measure(site: Path, box: str, kind: str, file_url: bool = False) -> dict:
    from playwright.sync_api import sync_playwright
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/procedures/index.html"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"])
            page = browser.new_page()
            outside = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "file:"))
                       else (outside.append(r.request.url), r.abort()))
            page.goto((Path(site) / "procedures" / "index.html").as_uri() if file_url else url, wait_until="load")
            result = page.evaluate(MEASURE, [QUERIES, box, kind])
            result["external"] = len(outside)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


def index_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())


def run_perf(root: Path, pages: int, baseline: str | None = None, out=print) -> str:
    """Build the corpora, measure each in Chromium, return the Markdown table."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-perf-") as tmp:
        tmp = Path(tmp)
        variants = [("kb 搜索", Path(root), {}, "input[data-kb-search-input]")]
        if baseline:
            variants += [("Material + 调优索引", Path(baseline), {"KB_SEARCH_PLAIN": "0"},
                          "input[data-md-component=search-query]"),
                         ("Material 原样中文搜索", Path(baseline), {"KB_SEARCH_PLAIN": "1"},
                          "input[data-md-component=search-query]")]
        for name, src, env, box in variants:
            corpus = tmp / f"src-{len(rows)}"
            make_corpus(src, corpus, pages)
            site = tmp / f"site-{len(rows)}"
            out(f"kb bench: 构建 {name}，{pages} 页……")
            seconds, indexing = build(corpus, site, env)
            n = len([p for p in site.rglob("*.html") if "assets" not in p.parts])
            figures = {"http": measure(site, box, name)}
            if box.startswith("input[data-kb"):
                figures["file://"] = measure(site, box, name, file_url=True)
            rows.append((name, n, seconds, indexing, index_bytes(site), figures))
            shutil.rmtree(corpus, ignore_errors=True)
    lines = ["| 搜索 | 页面数 | 构建（秒） | 其中建索引 | 索引总大小 | 首个结果前下载（全部） | 其中搜索文件 "
             "| 加载后到首个结果 | 按键→结果 中位数 | 按键→结果 最大 | 整句最后一键 中位数 | JS 堆 | 外部请求 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, n, seconds, indexing, size, figures in rows:
        share = f"{indexing:.0f} 秒（{indexing / seconds:.0%}）" if indexing else "—"
        for how, f in figures.items():
            lines.append(
                f"| {name}（{how}） | {n} | {seconds:.0f} | {share} | {size / 1e6:.1f} MB | {f['bytes'] / 1e3:.0f} KB | "
                f"{f['searchBytes'] / 1e3:.0f} KB | {f['ready']:.0f} ms | {statistics.median(f['times']):.0f} ms | "
                f"{max(f['times']):.0f} ms | {statistics.median(f['last']):.0f} ms | {f['heap'] / 1e6:.1f} MB | "
                f"{f['external']} |")
    return "\n".join(lines)
