"""One measurement of a site's search in Chromium, the same for every engine (kb's, Material's,
Pagefind's): an engine is a set of selectors and two JS predicates (ENGINES), the script that types
and times is one (FIRST, then TYPE).

- ready: page load → first result of the first query typed right after load;
- bytes: what our HTTP server sent from navigation until that first result, counted at the server,
  so requests made by a worker (Material's and Pagefind's search run in one) count too; per file,
  so the figure can be split into page, theme and search files, and its gzip size computed (what a
  compressing intranet server would send: Python's http.server sends files as they are);
- keystroke → results: median and max over every keystroke of the queries, typed two characters at
  a time (as an IME commits words), 150 ms apart; also the median of each query's last keystroke;
- heap: the page's JS heap after the first query (a search worker's heap is not included);
- external: requests to anything but 127.0.0.1 or file: (refused, and counted).

An engine that gives no result in `timeout` seconds is reported as not working, not as an error:
from file://, Chromium refuses Pagefind's import() of its module (a cross-origin script there),
and Material's search worker never gets its index.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Engine:
    box: str        # the search input
    root: str       # the element whose changes mean "results were (re)drawn"
    clear: str      # emptied before each keystroke, so any redraw is the new one ('' = never)
    first: str      # JS body over (root, q): the first result of q is on screen
    typed: str      # JS body over (root, q): the results of keystroke q are on screen


MATERIAL_BOX = Engine(
    box="", root=".md-search-result", clear=".md-search-result__list",
    first="return !!root.querySelector('.md-search-result__item');",
    typed="return true;")   # the list was emptied: any redraw (the list or its count line) is the new one
ENGINES = {
    # kb's engine answers in Material's header box (overrides/partials/search.html)
    "kb": replace(MATERIAL_BOX, box="input[data-kb-search-input]"),
    "material": replace(MATERIAL_BOX, box="input[data-md-component=search-query]"),
    # Pagefind's default UI: a Svelte tree (never emptied by hand); its message names the term
    # searched ("找到 3 个 X 的相关结果", "未找到 X 的相关结果"; "正在搜索 X..." while busy)
    "pagefind": Engine(
        box=".pagefind-ui__search-input", root=".pagefind-ui", clear="",
        first="return !!root.querySelector('.pagefind-ui__result-link');",
        typed="""const m = root.querySelector('.pagefind-ui__message');
                 const text = m ? m.textContent : '';
                 if (!text.includes(q) || text.startsWith('正在搜索')) return false;
                 return text.startsWith('未找到') || !!root.querySelector('.pagefind-ui__result-link');"""),
}

# Shared by the two steps below: the box, the predicates, and `until` (type q, wait for done).
_PRELUDE = r"""
  const input = document.querySelector(e.box);
  const root = () => document.querySelector(e.root);
  const first = new Function('root', 'q', e.first), typed = new Function('root', 'q', e.typed);
  const clear = () => { const c = e.clear && document.querySelector(e.clear); if (c) c.innerHTML = ''; };
  // q typed into the box; resolves with the ms until done(root, q), or null after the time limit
  function until(q, done, limit) {
    return new Promise(resolve => {
      const start = performance.now();
      let timer = null;
      const observer = new MutationObserver(() => { const r = root(); if (r && done(r, q)) finish(performance.now() - start); });
      const finish = ms => { observer.disconnect(); clearTimeout(timer); resolve(ms); };
      timer = setTimeout(() => finish(null), limit);
      observer.observe(document.body, {childList: true, subtree: true, characterData: true});
      input.value = q;
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
    });
  }
"""
# Step 1, right after load: open the search, type the first query, wait for its first result.
FIRST = "async ([queries, e, timeoutMs]) => {" + _PRELUDE + r"""
  const toggle = document.getElementById('__search');   // a box in Material's header: open it
  if (toggle && input.closest('.md-search')) { toggle.checked = true; toggle.dispatchEvent(new Event('change')); }
  input.focus();
  const loaded = performance.timing.loadEventEnd - performance.timing.navigationStart;
  const ms = await until(queries[0], first, timeoutMs);
  if (ms === null) return {works: false};
  return {works: true, ready: performance.now() - loaded,
          heap: performance.memory ? performance.memory.usedJSHeapSize : 0};
}"""
# Step 2: every other query typed the way an IME commits it, two characters at a time, 150 ms
# apart: the latency of every keystroke counts (the last one of a query is what the user waits for).
TYPE = "async ([queries, e, timeoutMs]) => {" + _PRELUDE + r"""
  const times = [], last = [];
  let stalled = 0;
  for (const q of queries.slice(1)) {
    input.value = ''; clear();
    const chars = Array.from(q);
    for (let i = 2; i < chars.length + 2; i += 2) {
      await new Promise(r => setTimeout(r, 150));
      clear();
      let t = await until(chars.slice(0, Math.min(i, chars.length)).join(''), typed, timeoutMs);
      if (t === null) { stalled += 1; t = timeoutMs; }
      times.push(t);
      if (i >= chars.length) last.push(t);
    }
  }
  return {times, last, stalled};
}"""


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes (path, bytes) of every answer in server.sent."""
    def log_message(self, *args):
        pass

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            self.server.sent.append((unquote(urlsplit(self.path).path), int(value)))
        super().send_header(keyword, value)


class LocalServer(http.server.ThreadingHTTPServer):
    """A static server for a browser on 127.0.0.1 (the bench's, and the test suite's)."""
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that closes a page (or itself) drops connections with requests still in flight: not news."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def gzip_size(path: Path, cache: dict) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0
    return cache[path]


def measure(site: Path, page: str, engine: Engine, queries: list[str], file_url: bool = False,
            timeout: float = 300) -> dict:
    """Open site/page (over http on 127.0.0.1, or as file://) in Chromium and time its search."""
    from playwright.sync_api import sync_playwright
    site = Path(site)
    server = LocalServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(site)))
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = (site / page).as_uri() if file_url else f"http://127.0.0.1:{server.server_address[1]}/{page}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"])
            page_ = browser.new_page()
            outside = []
            page_.context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "file:"))
                                else (outside.append(r.request.url), r.abort()))
            page_.goto(url, wait_until="load")
            args = [queries, engine.__dict__, int(timeout * 1000)]
            result = page_.evaluate(FIRST, args)
            sent = [] if file_url else list(server.sent)   # what was sent until the first result
            if result["works"]:
                result.update(page_.evaluate(TYPE, args))
            result["external"] = len(outside)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    gz: dict = {}
    result["files"] = [(path, n, gzip_size(site / path.lstrip("/"), gz)) for path, n in sent]
    return result
