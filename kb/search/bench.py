"""Search quality and speed figures: the golden set (tests/search_golden.yml) and the real
questions (tests/search_real_questions.yml) against a built site, and the browser benchmark on a
synthetic corpus (`kb bench --pages N`, kb/search/corpus.py).

- rank: position (1-based) of the first expected page among the first CUTOFF results, None if
  it is not there; hit@1, hit@3: share of queries with rank ≤ 1 / ≤ 3; MRR: mean of 1/rank (MRR@10);
- real questions whose expected pages are not all published yet are left out of the score and
  counted (`skipped`), so a page being written elsewhere never lowers or inflates the figure.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.model.urls import page_url

GOLDEN = Path("tests") / "search_golden.yml"             # relative to the project root
REAL = Path("tests") / "search_real_questions.yml"
CUTOFF = 10
MIN_GOLDEN_HIT3 = 0.97
# Issue 11 asks for 0.90 on the real questions; `make test` fails below it (measured 0.919,
# 161 questions, 2026-12-02; golden 0.984).
TARGET_REAL_HIT3 = 0.90
MIN_REAL_HIT3 = 0.90


@dataclass(frozen=True)
class Query:
    q: str
    expect: tuple[str, ...]   # page locations (x/y.html)
    kind: str = ""


@dataclass
class QuerySet:
    name: str
    queries: list[Query]
    skipped: list[str] = field(default_factory=list)   # expected pages not published yet


def load_queries(path: Path, name: str, published: set[str] | None = None) -> QuerySet:
    """The scored queries of a query file; with `published` (page locations of the built site),
    a query is skipped when one of its expected pages is missing."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = QuerySet(name, [])
    for item in raw["queries"]:
        expect = tuple(page_url(p) for p in item["expect"])
        if published is not None and not set(expect) <= published:
            out.skipped.append(str(item["q"]))
            continue
        out.queries.append(Query(str(item["q"]), expect, str(item.get("kind") or item.get("voice") or "")))
    return out


def rank_of(locations: list[str], expect: tuple[str, ...]) -> int | None:
    for i, location in enumerate(locations[:CUTOFF], 1):
        if location.split("#")[0] in expect:   # a question of the 问答 page counts as that page
            return i
    return None


@dataclass
class Report:
    name: str
    ranks: dict[str, int | None] = field(default_factory=dict)
    top: dict[str, list[str]] = field(default_factory=dict)
    times_ms: list[float] = field(default_factory=list)
    skipped: int = 0

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

    def misses(self, k: int = 3) -> list[str]:
        return [q for q, r in self.ranks.items() if r is None or r > k]

    def summary(self) -> str:
        skipped = f"，另有 {self.skipped} 条的页面尚未发布，不计分" if self.skipped else ""
        return (f"{self.name}: hit@1 {self.hit1:.3f}  hit@3 {self.hit3:.3f}  MRR {self.mrr:.3f}  "
                f"（{len(self.ranks)} 条{skipped}）")


def evaluate(locations_of, queries: QuerySet) -> Report:
    """locations_of(query) → ranked page locations (Python engine or a browser run)."""
    report = Report(queries.name, skipped=len(queries.skipped))
    for item in queries.queries:
        start = time.perf_counter()
        shown = locations_of(item.q)
        report.times_ms.append((time.perf_counter() - start) * 1000)
        report.ranks[item.q] = rank_of(shown, item.expect)
        report.top[item.q] = shown[:3]
    return report


def published_pages(site_dir: Path) -> set[str]:
    """Page locations in a built site's search index."""
    from kb.search.engine import read_js
    base = Path(site_dir) / "search" / "p"
    return {read_js(p)["u"].split("#")[0] for p in base.glob("*.js")}


def quality(site_dir: Path, root: Path) -> list[Report]:
    """Golden and real-question reports for a built site, through the Python engine."""
    from kb.search.engine import Engine
    engine = Engine.from_site(site_dir)
    published = published_pages(site_dir)
    sets = [load_queries(root / GOLDEN, "金标准", published), load_queries(root / REAL, "真实提问", published)]
    return [evaluate(engine.locations, s) for s in sets]
