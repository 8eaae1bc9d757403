"""The query engine: `kb search`, the benchmark and the tests rank pages with this module, and the
browser runs the same algorithm in docs/assets/javascripts/kb-search.js (a Chromium test checks
that both return the same ranking for every golden and real question).

Query model (see analyze.py for the text pipeline):
1. the query (first 200 characters) is folded and its numbers normalised like the pages were;
2. Chinese runs are cut into index vocabulary words with the fewest pieces (analyze.fmm); question
   and function words (STOPWORDS) are dropped;
3. every remaining word is a *concept* with variants: the word itself (weight 10), its glossary
   synonyms (8), and for words of 3+ characters the vocabulary words inside them (5);
4. a page scores Σ over concepts of max over variants (weight × idf × BM25F term weight), all
   integers, times the page's kind weight and (concepts + matched concepts); ties keep index order.
   A variant's idf is capped at the idf of the concept's own word (a rare synonym of a common word
   is not rare evidence); the page that explains a glossary term carries index.TERMS_BONUS in its
   term weight instead;
5. the snippet is the text block (sentence, list item, table row) with the most matched concept
   weight; maintainer notes were never indexed as blocks.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kb.search import analyze

W_SELF, W_SYNONYM, W_PART, W_SINGLE = 10, 8, 5, 4   # variant weights (integers: exact in JS too)
CUTOFF = 10
MAX_QUERY = analyze.MAX_QUERY   # characters of a query that are read (the search box has the same maxlength)
SNIPPET = 110   # characters around the first highlighted word


def read_js(path: Path):
    """The data of one index file written by index.js()."""
    text = Path(path).read_text(encoding="utf-8")
    start, end = text.index(",") + 1, text.rstrip().rindex(");")
    return json.loads(text[start:end])


@dataclass
class Concept:
    word: str
    variants: list[tuple[str, int]]


@dataclass
class Snippet:
    section: str        # section heading ("" for the page top)
    anchor: str
    text: str
    marks: list[tuple[int, int]] = field(default_factory=list)   # highlighted ranges in text


@dataclass
class Result:
    title: str
    location: str
    kind: str
    score: int
    doc: int
    snippet: Snippet | None = None

    def as_dict(self) -> dict:
        out = {"title": self.title, "location": self.location, "kind": self.kind, "score": self.score}
        if self.snippet:
            out["snippet"] = self.snippet.text
            out["section"] = self.snippet.section
            out["anchor"] = self.snippet.anchor
        return out


class Engine:
    """Search over the index files of a built site (or over an index held in memory)."""

    def __init__(self, meta: dict, shard_loader, page_loader):
        self.meta = meta
        self.vocab = frozenset(meta["vocab"].split(" ")) if meta["vocab"] else frozenset()
        chars = meta["chars"]
        self.charmap = {chars[i]: chars[i + 1] for i in range(0, len(chars) - 1, 2)}
        self.stop = frozenset(meta["stop"].split(" "))
        self.segment_vocab = self.vocab | self.stop   # stopwords are cut whole, then dropped
        self.syn: dict[str, list[str]] = meta["syn"]
        self._shard, self._page = shard_loader, page_loader
        self._shards: dict[int, dict] = {}
        self._pages: dict[int, dict] = {}
        self._heads: dict[int, list] = {}

    @classmethod
    def from_site(cls, site_dir: Path) -> "Engine":
        base = Path(site_dir) / "search"
        meta = read_js(base / "meta.js")
        engine = cls(meta, lambda i: read_js(base / "t" / f"{i}.js"), lambda d: read_js(base / "p" / f"{d}.js"))
        engine._head = lambda k: read_js(base / "d" / f"{k}.js")
        return engine

    @classmethod
    def from_index(cls, index: dict) -> "Engine":
        engine = cls(index["meta"], lambda i: index["shards"][i], lambda d: index["pages"][d])
        block = index["meta"]["docBlock"]
        engine._head = lambda k: [[d["u"], d["t"], d["k"]] for d in index["pages"][k * block:(k + 1) * block]]
        return engine

    # ------------------------------------------------------------------ query model
    def concepts(self, query: str) -> list[Concept]:
        text = analyze.numbers(analyze.fold(query[: self.meta["maxQuery"]], self.charmap))
        out: list[Concept] = []
        seen: set[str] = set()
        for word, phrases in self.meta.get("implied", {}).items():
            for phrase in phrases:   # 多少天 asks for a deadline: the concept 期限, not the word 天
                if phrase in text:
                    text = text.replace(phrase, " ")
                    if word not in seen:
                        seen.add(word)
                        variants = [(word, W_SELF)] + [(o, W_SYNONYM) for o in self.syn.get(word, []) if o != word]
                        out.append(Concept(word, variants))
        for kind, piece in analyze.pieces(text):
            words = analyze.fmm(piece, self.segment_vocab) if kind == "han" else [piece]
            for word in words:
                if word in self.stop or word in seen:
                    continue
                seen.add(word)
                single = kind == "han" and len(word) == 1
                variants = [(word, W_SINGLE if single else W_SELF)]
                for other in self.syn.get(word, []):
                    variants.append((other, W_SYNONYM))
                if kind == "han" and len(word) >= 3:
                    for i in range(len(word)):
                        for j in range(i + 2, len(word) + 1):
                            part = word[i:j]
                            if j - i < len(word) and part in self.vocab and part not in self.stop:
                                variants.append((part, W_PART))
                uniq: dict[str, int] = {}
                for term, weight in variants:
                    if uniq.get(term, 0) < weight:
                        uniq[term] = weight
                out.append(Concept(word, list(uniq.items())))
        return out

    def posting(self, term: str) -> list[int] | None:
        i = _shard_of(term, self.meta["shards"])
        if i not in self._shards:
            self._shards[i] = self._shard(i)
        return self._shards[i].get(term)

    def head(self, doc: int) -> list:
        """[url, title, kind] of a page (the d/<n>.js files)."""
        k = doc // self.meta["docBlock"]
        if k not in self._heads:
            self._heads[k] = self._head(k)
        return self._heads[k][doc % self.meta["docBlock"]]

    def page(self, doc: int) -> dict:
        if doc not in self._pages:
            self._pages[doc] = self._page(doc)
        return self._pages[doc]

    # ------------------------------------------------------------------ ranking
    def rank(self, query: str) -> tuple[list[tuple[int, int]], list[Concept]]:
        """[(doc, score)] best first, and the concepts of the query."""
        concepts = self.concepts(query)
        total: dict[int, int] = {}
        matched: dict[int, int] = {}
        for concept in concepts:
            best: dict[int, int] = {}
            # a synonym or a part never counts as rarer than the word asked: 信访人 is common, and
            # the pages that happen to say 上访人 must not outrank the pages about 信访人
            own = self.posting(concept.variants[0][0])
            cap = own[0] if own else 0
            for term, weight in concept.variants:
                plist = self.posting(term)
                if not plist:
                    continue
                idf, doc = plist[0], 0
                if cap and idf > cap:
                    idf = cap
                for k in range(1, len(plist), 2):
                    doc += plist[k]
                    value = weight * idf * plist[k + 1]
                    if best.get(doc, 0) < value:
                        best[doc] = value
            for doc, value in best.items():
                total[doc] = total.get(doc, 0) + value
                matched[doc] = matched.get(doc, 0) + 1
        n = len(concepts)
        scored = []
        for doc, value in total.items():
            weight = self.page_weight(doc)
            scored.append((doc, value * weight * (n + matched[doc])))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored, concepts

    def page_weight(self, doc: int) -> int:
        weights = self.meta.get("weights")
        return weights[doc] if weights else 10

    def search(self, query: str, limit: int = CUTOFF) -> list[Result]:
        scored, concepts = self.rank(query)
        results = []
        for doc, score in scored[:limit]:
            url, title, kind = self.head(doc)
            results.append(Result(title, url, kind, score, doc, snippet(self.page(doc), concepts, self.charmap)))
        return results

    def locations(self, query: str, limit: int = CUTOFF) -> list[str]:
        scored, _ = self.rank(query)
        return [self.head(doc)[0] for doc, _ in scored[:limit]]

    def suggestions(self, query: str, limit: int = 5) -> list[tuple[str, str]]:
        """Nearest glossary terms for an empty result: most characters shared with the query."""
        text = analyze.fold(query[: self.meta["maxQuery"]], self.charmap)
        chars = {c for c in text if analyze.HAN.match(c)}
        scored = []
        for i, (name, url) in enumerate(self.meta["suggest"]):
            shared = sum(1 for c in set(name) if c in chars)
            if shared:
                scored.append((-shared, i, name, url))
        scored.sort()
        return [(name, url) for _, _, name, url in scored[:limit]]


def _shard_of(term: str, shards: int) -> int:
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h % shards


def marks_in(text: str, terms: list[str], charmap: dict[str, str]) -> list[tuple[int, int]]:
    """Ranges of whole matched words in text (longest first, no overlaps, no lone characters)."""
    folded = analyze.fold(text, charmap)
    taken = [False] * len(folded)
    ranges = []
    for term in sorted({t for t in terms if len(t) > 1}, key=lambda t: (-len(t), t)):
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                ranges.append((start, end))
                for k in range(start, end):
                    taken[k] = True
            start = folded.find(term, end)
    return sorted(ranges)


def snippet(page: dict, concepts: list[Concept], charmap: dict[str, str] | None = None) -> Snippet | None:
    """The block of the page that matches the most concept weight (earliest on ties)."""
    charmap = charmap or {}
    best, best_score = None, 0
    for block in page["b"]:
        text = analyze.normalise(block[1], charmap)
        score = 0
        for concept in concepts:
            top = 0
            for term, weight in concept.variants:
                if (len(term) > 1 or weight == W_SINGLE) and term in text and weight > top:
                    top = weight
            score += top * top
        if score > best_score:
            best, best_score = block, score
    if best is None:
        return None
    section = page["s"][best[0]]
    terms = [t for c in concepts for t, _ in c.variants]
    text = best[1]
    marks = marks_in(text, terms, charmap)
    if len(text) > SNIPPET:
        start = max(0, (marks[0][0] if marks else 0) - SNIPPET // 4)
        end = min(len(text), start + SNIPPET)
        shift = start
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(best[1]) else "")
        lead = 1 if start else 0
        marks = [(a - shift + lead, min(b, end) - shift + lead) for a, b in marks if a >= start and a < end]
    return Snippet(section[1], section[0], text, marks)


def load_engine(site_dir: Path) -> Engine:
    """The engine for a built site; FileNotFoundError when the site has not been built."""
    return Engine.from_site(site_dir)


def format_results(results: list[Result], limit: int = 10) -> str:
    lines = []
    for n, result in enumerate(results[:limit], 1):
        lines.append(f"{n:>2}. [{result.kind}] {result.title}  {result.location}")
        if result.snippet:
            where = f"{result.snippet.section}：" if result.snippet.section else ""
            lines.append(f"      {where}{result.snippet.text}")
    return "\n".join(lines)
