"""Privacy guard: find personal data in Markdown, YAML, HTML and JSON before it reaches the site.

- find_hits(line, lists)             personal data in one line of plain text (rules: kb.privacy.rules)
- scan_text(text, fmt, shown, lists) every line of a file's text (fmt: md, yaml, html, json, text)
- scan_paths / scan_site             files and folders, used by `kb privacy`, `kb check`, `kb build`

Reviewed false positives go on the allow-list in data/privacy.yml (text or pattern plus a
reason); real local names that must never appear go on its deny-list.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb.load.walk import files_under
from kb.model.files import FORMATS, SKIP_DIRS, file_format  # noqa: F401
from kb.model.findings import Finding
from kb.model.privacy_lists import NO_LISTS, Lists, normalize
from kb.model.urls import source_files
from kb.privacy.extract import text_lines
from kb.privacy.lists import PatternTimeout, entry_spans
from kb.privacy.report import Hit, Report, excerpt, mask
from kb.privacy.rules import DIGIT, RULES

# What the maintainer reads in every privacy finding of `kb check` / `kb build`.
ADVICE = ("请把它换成化名或占位写法（王某、张某某、A公司、XX小区、某县某镇，见 docs/maintenance/authoring.md 的化名规则），"
          "或者直接删掉；如果确认不是个人信息，在 data/privacy.yml 的 allow 里加一条（写 text 或 pattern，并写明 reason）。")

LIST_FILE = "privacy.yml"  # its deny entries are the names themselves: not reported there
PARALLEL_FROM = 300  # fewer files than this are scanned in one process (starting workers costs more)


def _spans(entry, line: str) -> list[tuple[int, int]]:
    """A list entry's matches, with a time limit; a pattern over the limit matches nothing here
    (the privacy.lists rule refuses it with its line in data/privacy.yml)."""
    try:
        return entry_spans(entry, line)
    except PatternTimeout:
        return []


@lru_cache(maxsize=4096)
def _applies(entry, paths: tuple[str, ...]) -> bool:
    """Whether an allow entry names one of a file's paths (fnmatch per file, not per line)."""
    return entry.applies_to(paths)


def find_hits(line: str, lists: Lists = NO_LISTS, paths: Iterable[str] = (), deny: bool = True) -> list[Hit]:
    """Personal data in one normalized line. `paths` are the file names an allow entry may name."""
    taken = _raw_hits(line, lists, deny)
    if not taken:  # most lines: nothing to allow, so no allow entry is matched at all
        return []
    paths = tuple(paths)
    # in data/privacy.yml itself (deny=False) every allow entry applies: its text is written there
    allowed = [span for entry in lists.allow if not deny or _applies(entry, paths) for span in _spans(entry, line)]
    return sorted((h for h in taken if not any(a <= h.start and h.end <= b for a, b in allowed)),
                  key=lambda h: h.start)


# The same line is read many times in one build: a page's text in its HTML and again in its search
# index entry, the two readings of an HTML line without tags, table headers and notes repeated on
# many pages. What the rules and the deny-list find depends only on the line, so it is found once
# per process (allow entries depend on the file too and are applied after).
_RAW: dict[tuple[str, bool], tuple[Hit, ...]] = {}
_RAW_FOR: list = [None]   # the Lists the cached hits were found with
_RAW_MAX = 200_000        # lines kept (a few tens of MB at most); then it starts again


def _raw_hits(line: str, lists: Lists, deny: bool) -> tuple[Hit, ...]:
    if _RAW_FOR[0] is not lists:
        # a pool worker gets an equal copy of the lists with every chunk: the hits found stay valid
        if _RAW_FOR[0] != lists:
            _RAW.clear()
        _RAW_FOR[0] = lists
    key = (line, deny)
    found = _RAW.get(key)
    if found is None:
        if len(_RAW) >= _RAW_MAX:
            _RAW.clear()
        found = _RAW[key] = tuple(_rule_hits(line, lists, deny))
    return found


def _rule_hits(line: str, lists: Lists, deny: bool) -> list[Hit]:
    taken: list[Hit] = []

    def free(s: int, e: int) -> bool:
        return all(e <= h.start or s >= h.end for h in taken)

    digit = DIGIT.search(line) is not None  # the gate of most number rules, looked for once
    for rule in RULES:
        skip = False
        for gate in rule.needs:  # Rule.needs: the line lacks a part that every match has
            if not (digit if gate is DIGIT else gate.search(line)):
                skip = True
                break
        if skip:
            continue
        if rule.find:
            spans = list(rule.find(line))
        else:
            spans = []
            for m in rule.pattern.finditer(line):
                if rule.check and not rule.check(m, line):
                    continue
                spans.append(m.span(rule.group))
        for s, e in spans:
            if free(s, e):
                taken.append(Hit(rule.kind, rule.label, s, e, line[s:e]))
    if deny:
        for entry in lists.deny:
            for s, e in _spans(entry, line):
                if free(s, e):
                    taken.append(Hit("deny-list", "禁用名称（data/privacy.yml 的 deny 名单）", s, e, line[s:e]))
    return taken



# ----------------------------------------------------------------------------- worded for builds

def scan_text(text: str, fmt: str, shown: str = "", lists: Lists = NO_LISTS,
              aliases: Iterable[str] = (), deny: bool = True, first_line: int = 1) -> list[Report]:
    """Scan a whole file's text. shown: the path in reports; aliases: other names an allow entry
    may use for this file (the source page of a built HTML page); first_line: the line of the
    file that text starts on (a page body cut out of a built page)."""
    base_paths = [shown, *aliases]
    found, by_line = [], {}
    for number, raw, where in text_lines(text, fmt):
        number += first_line - 1
        line = normalize(raw)
        if line.strip():
            hits = find_hits(line, lists, base_paths + (source_files(where) if where else []), deny)
            found.append((number, line, where, hits))
            by_line.setdefault(number, []).extend(hits)
    reports, seen = [], set()
    for number, line, where, hits in found:
        for hit in hits:
            key = (number, hit.kind, hit.text)  # minified JSON: the same text once per line
            if key in seen:
                continue
            seen.add(key)
            shown_text = excerpt(line, hits, hit)
            for other in by_line[number]:  # found in another reading of the same line (tags kept/dropped)
                shown_text = shown_text.replace(other.text, mask(other))
            reports.append(Report(shown, number, hit.kind, hit.label, shown_text, where))
    return reports


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to scan under the given files/folders (folders: only Markdown, YAML, HTML, JSON)."""
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and file_format(child) and not SKIP_DIRS & set(child.relative_to(path).parts[:-1]):
                yield child


def scan_file(path: Path, shown: str, lists: Lists = NO_LISTS, aliases: Iterable[str] = ()) -> list[Report]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []  # not text
    deny = Path(path).name != LIST_FILE
    fmt = file_format(Path(path)) or "text"
    if Path(path).suffix == ".js" and text.startswith("kbSearch.load("):
        fmt = "json"  # a search index file (kb/search/index.py): each string on its own, like search_index.json
    return scan_text(text, fmt, shown, lists, aliases, deny)


def scan_paths(paths: Iterable[Path], lists: Lists = NO_LISTS,
               show: Callable[[Path], str] = str) -> list[Report]:
    reports = []
    for path in paths:
        if Path(path).is_dir() and (Path(path) / "search" / "meta.js").exists():
            reports += scan_site(Path(path), lists, show)  # a built site: allow entries may name source pages
            continue
        for file in iter_files([path]):
            reports += scan_file(file, show(file), lists)
    return reports


def site_files(site_dir: Path) -> Iterator[Path]:
    """Everything in a built site that staff or search can read: every page, the JSON files
    (tags.json) and the search index (search/**/*.js). Theme assets are not ours and are skipped."""
    for path in sorted(Path(site_dir).rglob("*")):
        rel = path.relative_to(site_dir)
        if not path.is_file() or rel.parts[0] == "assets":
            continue
        if path.suffix in (".html", ".json") or is_search_text(rel.as_posix()):
            yield path


def is_search_text(rel: str) -> bool:
    """A file of kb's search index that holds page text (search/d/, search/p/). The others hold
    index words and glossary names, which come from the sources and pages scanned anyway, and
    runs of integers (postings, settings), which the grouped-number rules would read as ID or
    phone numbers."""
    return rel.startswith(("search/d/", "search/p/")) and rel.endswith(".js")


def _site_files_rel(site_dir: Path) -> Iterator[tuple[Path, str]]:
    for file in site_files(site_dir):
        yield file, file.relative_to(site_dir).as_posix()


def _site_aliases(rel: str) -> list[str]:
    """Names an allow entry may use for a built file: its path in the site and its source files."""
    return [rel, *source_files(rel)] if rel.endswith(".html") else [rel]


def scan_site(site_dir: Path, lists: Lists = NO_LISTS, show: Callable[[Path], str] = str) -> list[Report]:
    return [report for file, rel in _site_files_rel(site_dir)
            for report in scan_file(file, show(file), lists, _site_aliases(rel))]


# ----------------------------------------------------------------------------- worded for builds

def source_finding(report: Report) -> Finding:
    """A finding in docs/ or data/, worded for `kb check` and the MkDocs build."""
    return Finding(report.path, report.line, "privacy",
                   f"疑似{report.label}：{report.excerpt}。{ADVICE}")


def _scan_texts(items: list[tuple[str, str]], lists: Lists) -> list[Report]:
    return [r for shown, text in items
            for r in scan_text(text, file_format(Path(shown)) or "text", shown, lists, (), Path(shown).name != LIST_FILE)]


# shown path → (text, lists, reports) of the last scan: a `mkdocs serve` rebuild scans only the
# files whose text (or the lists) changed. A one-shot kb check or kb build scans every file once.
_SCANNED: dict[str, tuple[str, Lists, list[Report]]] = {}


def scan_texts(texts: dict[str, str], lists: Lists = NO_LISTS, workers: int | None = None) -> list[Report]:
    """Files already read (shown path → text), e.g. the pages and data files of a Project; in
    parallel processes when there are many files and more than one processor."""
    todo = [(shown, text) for shown, text in texts.items()
            if (hit := _SCANNED.get(shown)) is None or hit[0] != text or hit[1] != lists]
    chunks = _chunks(todo, workers)
    found = _scan_texts(todo, lists) if len(chunks) < 2 else _pool_map(_scan_texts, chunks, lists)
    by_file: dict[str, list[Report]] = {shown: [] for shown, _ in todo}
    for r in found:
        by_file[r.path].append(r)
    for shown, text in todo:
        _SCANNED[shown] = (text, lists, sorted(by_file[shown], key=lambda r: r.line))
    return [r for shown in texts for r in _SCANNED[shown][2]]


def scan_texts_later(texts: dict[str, str], lists: Lists, pool) -> Callable[[], list[Report]]:
    """scan_texts on workers already running (kb.sitepass.pool.SitePass): the work starts now,
    the returned function waits for it and gives the reports in file order."""
    if len(texts) < PARALLEL_FROM or not getattr(pool, "parallel", False):
        found = scan_texts(texts, lists, workers=1)  # a small site: here and now (what kb check does)
        return lambda: found
    items = list(texts.items())
    n = 16
    futures = [pool.call(_scan_texts, items[i::n], lists) for i in range(n)]

    def reports() -> list[Report]:
        by_file: dict[str, list[Report]] = {shown: [] for shown in texts}
        for future in futures:
            for r in future.result():
                by_file[r.path].append(r)
        return [r for shown in texts for r in sorted(by_file[shown], key=lambda r: r.line)]
    return reports


def _chunks(items: list, workers: int | None) -> list[list]:
    """items split for `workers` processes (default: one per processor), interleaved so that big
    files spread over the workers; one chunk when parallel work would not pay."""
    import os
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_FROM:
        return [items]
    n = workers * 8
    return [items[i::n] for i in range(n)]


def _pool_map(func, chunks: list[list], lists: Lists) -> list:
    import os
    from concurrent.futures import ProcessPoolExecutor
    from kb.privacy.names import _dictionary
    _dictionary()  # read once here: forked workers share it instead of each reading jieba's file
    out: list = []
    with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(chunks))) as pool:
        for found in pool.map(func, chunks, [lists] * len(chunks)):
            out += found
    return out


def check_sources(folders: Iterable[Path], lists: Lists = NO_LISTS, show: Callable[[Path], str] = str) -> list[Finding]:
    """Every Markdown/YAML/HTML/JSON file under the folders (docs/, data/), worded for builds."""
    return [source_finding(r) for r in scan_paths(folders, lists, show=show)]


def site_finding(report: Report, site_rel: str, root: Path) -> Finding:
    """A finding in the built site: where inside the site, and which source file to fix."""
    page = report.where or (site_rel if site_rel.endswith(".html") else "")
    where = f"（页面 {report.where}）" if report.where else ""
    hint = ""
    if page:
        existing = [s for s in source_files(page) if (Path(root) / s).exists()]
        hint = (f"，请改源文件 {' 或 '.join(existing)}" if existing
                else "，这一页由宏或 data/ 里的数据生成，请在 data/ 里找这段文字")
    return Finding(report.path, report.line, "privacy",
                   f"构建出的网站里 {site_rel} 第{report.line}行{where}有疑似{report.label}：{report.excerpt}{hint}。"
                   f"个人信息不能进入页面和搜索索引。{ADVICE}")


# The part of a built page that is the page's own: Material writes the rendered Markdown (with
# the kb macros' output and the glossary tooltips) inside this element; everything around it (the
# header, the tabs, the nav with every page title, the footer) is the same theme chrome on every
# page, built from titles that the search index carries too.
ARTICLE_START = '<article class="md-content__inner md-typeset">'
ARTICLE_END = "</article>"
CHROME_PAGE = "index.html"  # scanned whole once: the theme chrome around every page


def page_body(html: str) -> tuple[str, int]:
    """(the article element of a built page, the line it starts on); the whole page when it has none."""
    start = html.find(ARTICLE_START)
    end = html.rfind(ARTICLE_END)
    if start < 0 or end < start:
        return html, 1
    return html[start:end + len(ARTICLE_END)], html.count("\n", 0, start) + 1


def site_scan_items(site_dir: Path, docs_dir: Path | None = None) -> list[tuple[Path, str, bool]]:
    """(file, path in the site, whole?) for what the site adds to its sources: the body of every
    page (whole for the chrome page and pages without an article), the JSON files (the search
    index, tags.json), and the text files copied from docs/ (under assets/ too)."""
    site_dir = Path(site_dir)
    in_docs = set(files_under(docs_dir)) if docs_dir is not None and Path(docs_dir).is_dir() else set()
    items = []
    for rel in files_under(site_dir):
        path = site_dir / rel
        copied = rel in in_docs
        if path.suffix in (".html", ".json") and (not rel.startswith("assets/") or copied):
            items.append((path, rel, rel == CHROME_PAGE or path.suffix != ".html" or copied))
        elif is_search_text(rel) or (copied and file_format(path)):
            items.append((path, rel, True))
    return items


def _scan_site_file(path: Path, rel: str, whole: bool, shown: str, lists: Lists) -> list[Report]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    return scan_site_text(text, rel, whole, shown, lists)


def scan_site_text(text: str, rel: str, whole: bool, shown: str, lists: Lists) -> list[Report]:
    """One file of a built site (its text): a page's body only unless whole."""
    first = 1
    if not whole:
        text, first = page_body(text)
    fmt = "json" if is_search_text(rel) else file_format(Path(rel)) or "text"  # search shards: strings like JSON
    return scan_text(text, fmt, shown, lists, _site_aliases(rel), Path(rel).name != LIST_FILE, first)


def scan_site_page(html: str, rel: str, shown: str, lists: Lists) -> list[Report]:
    """A page MkDocs rendered: what it adds to its sources (its body; the theme chrome on the home page)."""
    return scan_site_text(html, rel, rel == CHROME_PAGE, shown, lists)


def _scan_chunk(chunk: list[tuple[str, str, bool, str]], lists: Lists) -> list[tuple[str, Report]]:
    return [(rel, r) for path, rel, whole, shown in chunk for r in _scan_site_file(Path(path), rel, whole, shown, lists)]


def scan_site_items(items: list[tuple[Path, str, bool, str]], lists: Lists, workers: int | None = None,
                    pool=None) -> list[tuple[str, Report]]:
    """(site path, report) for every (file, site path, whole, shown) item; in parallel processes
    when there are many files and more than one processor. pool: workers already running (an
    object with map(func, chunks, *args), kb.sitepass.pool.SitePass) instead of new ones."""
    if pool is not None and getattr(pool, "parallel", False) and len(items) >= PARALLEL_FROM // 4:
        n = 16
        out = [pair for found in pool.map(_scan_chunk, [items[i::n] for i in range(n)], lists) for pair in found]
    else:
        chunks = _chunks(items, workers)
        if len(chunks) < 2:
            return _scan_chunk(items, lists)
        out = _pool_map(_scan_chunk, chunks, lists)
    order = {rel: i for i, (_, rel, _, _) in enumerate(items)}
    return sorted(out, key=lambda pair: (order[pair[0]], pair[1].line))


# site path → (text, lists, reports) of the last scan of a built file (mkdocs serve --dirty:
# most of the site is the same after a save, the search index files included).
_SITE_SCANNED: dict[str, tuple[str, Lists, list[Report]]] = {}


def scan_site_items_again(items: list[tuple[Path, str, bool, str]], lists: Lists) -> list[tuple[str, Report]]:
    """scan_site_items in this process, scanning only the files whose text changed since the last call."""
    out = []
    for path, rel, whole, shown in items:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        last = _SITE_SCANNED.get(rel)
        if last is None or last[0] != text or last[1] != lists:
            last = _SITE_SCANNED[rel] = (text, lists, scan_site_text(text, rel, whole, shown, lists))
        out += [(rel, r) for r in last[2]]
    return out


def check_site(site_dir: Path, lists: Lists, root: Path, shown_dir: Path | None = None,
               show: Callable[[Path], str] = str, workers: int | None = None) -> list[Finding]:
    """What a built site adds to its sources (page bodies, the theme chrome once, the search index,
    tags.json, files copied from docs/), worded for `kb build`. The sources themselves were
    scanned by the source checks. shown_dir: where the site will end up, when it is scanned in a
    staging folder first."""
    site_dir = Path(site_dir)
    shown_dir = Path(shown_dir or site_dir)
    items = [(str(path), rel, whole, show(shown_dir / rel))
             for path, rel, whole in site_scan_items(site_dir, Path(root) / "docs")]
    return [site_finding(report, rel, root) for rel, report in scan_site_items(items, lists, workers)]
