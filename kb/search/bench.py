"""The search benchmark: the golden query set (tests/search_golden.yml) against a built index.

Used by `kb bench`, scripts/search_baseline.py and tests/test_search.py, so the figures they
print are computed the same way:

- rank: position (1-based) of the first expected page among the first CUTOFF pages of the result
  list (what the browser shows before scrolling), None if it is not there;
- hit@1, hit@3: share of queries with rank ≤ 1 / ≤ 3;
- MRR: mean of 1/rank, 0 when the page is not among the first CUTOFF (MRR@10);
- index bytes per page: size of search/search_index.json divided by the number of pages in it.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.model.urls import page_url
from kb.search.engine import SearchEngine, load_engine

GOLDEN = Path("tests") / "search_golden.yml"   # relative to the project root
CUTOFF = 10  # Material renders the first 10 pages of the result list, more only on scrolling


@dataclass(frozen=True)
class GoldenQuery:
    q: str
    expect: tuple[str, ...]   # search index locations (x/y.html)
    kind: str


def page_location(src: str) -> str:
    """docs path (procedures/acceptance.md) → location in the index (procedures/acceptance.html)."""
    return page_url(src)


def load_golden(path: Path) -> list[GoldenQuery]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [GoldenQuery(str(item["q"]), tuple(page_location(p) for p in item["expect"]), item.get("kind", ""))
            for item in raw["queries"]]


def rank_of(locations: list[str], expect: tuple[str, ...]) -> int | None:
    for i, location in enumerate(locations[:CUTOFF], 1):
        if location in expect:
            return i
    return None


@dataclass
class Report:
    name: str
    ranks: dict[str, int | None] = field(default_factory=dict)   # query -> rank
    top: dict[str, str] = field(default_factory=dict)            # query -> first page
    times_ms: list[float] = field(default_factory=list)
    index_bytes: int = 0
    pages: int = 0

    def _share(self, k: int) -> float:
        return sum(1 for r in self.ranks.values() if r is not None and r <= k) / max(len(self.ranks), 1)

    @property
    def hit1(self) -> float:
        return self._share(1)

    @property
    def hit3(self) -> float:
        return self._share(3)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks.values() if r) / max(len(self.ranks), 1)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else 0.0

    @property
    def bytes_per_page(self) -> float:
        return self.index_bytes / max(self.pages, 1)

    def misses(self, k: int = 3) -> list[str]:
        return [q for q, r in self.ranks.items() if r is None or r > k]

    def summary(self) -> str:
        return (f"{self.name}: hit@1 {self.hit1:.3f}  hit@3 {self.hit3:.3f}  MRR {self.mrr:.3f}  "
                f"({len(self.ranks)} queries, median {self.median_ms:.1f} ms/query, "
                f"index {self.bytes_per_page / 1024:.1f} KiB/page)")


def evaluate(engine: SearchEngine, queries: list[GoldenQuery], name: str = "", index_path: Path | None = None) -> Report:
    report = Report(name)
    for item in queries:
        start = time.perf_counter()
        results = engine.search(item.q)
        report.times_ms.append((time.perf_counter() - start) * 1000)
        locations = [r.location for r in results]
        report.ranks[item.q] = rank_of(locations, item.expect)
        report.top[item.q] = locations[0] if locations else ""
    report.pages = len({d["location"].split("#")[0] for d in engine.docs})
    if index_path is not None:
        report.index_bytes = Path(index_path).stat().st_size
    return report


def evaluate_site(site_dir: Path, queries: list[GoldenQuery], name: str) -> Report:
    index = Path(site_dir) / "search" / "search_index.json"
    return evaluate(load_engine(site_dir), queries, name, index)


def build_site(root: Path, site_dir: Path, plain: bool = False, strict: bool = True) -> subprocess.CompletedProcess:
    """Build the site of the checkout at root into site_dir; plain=True turns the kb search tuning
    off (the baseline). A subprocess, so both builds start from the same state."""
    from kb.search.tuning import PLAIN_ENV
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{PLAIN_ENV: "1" if plain else "0"})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        cmd.insert(4, "--strict")
    return subprocess.run(cmd, cwd=root, env=env, text=True, capture_output=True)


def compare(tuned: Report, plain: Report) -> str:
    """Side-by-side table of both reports with the tuned/baseline ratio."""
    rows = [
        ("hit@1", tuned.hit1, plain.hit1, "{:.3f}"),
        ("hit@3", tuned.hit3, plain.hit3, "{:.3f}"),
        ("MRR@10", tuned.mrr, plain.mrr, "{:.3f}"),
        ("median query time (ms, kb search)", tuned.median_ms, plain.median_ms, "{:.1f}"),
        ("index bytes per page", tuned.bytes_per_page, plain.bytes_per_page, "{:.0f}"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'':{width}}  {'tuned':>10}  {'baseline':>10}  {'ratio':>7}"]
    for label, a, b, fmt in rows:
        ratio = f"{a / b:.2f}" if b else "—"
        lines.append(f"{label:{width}}  {fmt.format(a):>10}  {fmt.format(b):>10}  {ratio:>7}")
    lines.append(f"{'queries':{width}}  {len(tuned.ranks):>10}  {len(plain.ranks):>10}")
    lines.append(f"{'pages in index':{width}}  {tuned.pages:>10}  {plain.pages:>10}")
    return "\n".join(lines)


def run_bench(root: Path, tuned_site: Path | None = None, plain_site: Path | None = None,
              golden: Path | None = None, out=print) -> tuple[Report, Report]:
    """Evaluate the tuned and the baseline index; build whichever site is not given (strict, into
    a temporary folder). Raises RuntimeError with MkDocs' output when a build fails."""
    import tempfile
    queries = load_golden(golden or Path(root) / GOLDEN)
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        sites = {}
        for name, given, plain in (("tuned", tuned_site, False), ("baseline", plain_site, True)):
            if given is not None:
                sites[name] = Path(given)
                continue
            site = Path(tmp) / name
            out(f"kb bench: 构建{'基线（Material 原样的中文搜索）' if plain else '调优后'}的网站……")
            result = build_site(root, site, plain=plain)
            if result.returncode != 0:
                raise RuntimeError(result.stdout + result.stderr)
            sites[name] = site
        tuned = evaluate_site(sites["tuned"], queries, "tuned")
        plain = evaluate_site(sites["baseline"], queries, "baseline")
    return tuned, plain


def by_kind(report: Report, queries: list[GoldenQuery]) -> dict[str, tuple[int, float, float]]:
    """kind → (queries, hit@3, MRR) for one report."""
    out: dict[str, tuple[int, float, float]] = {}
    for kind in dict.fromkeys(q.kind for q in queries):
        ranks = [report.ranks[q.q] for q in queries if q.kind == kind]
        hit3 = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        out[kind] = (len(ranks), hit3, mrr)
    return out
