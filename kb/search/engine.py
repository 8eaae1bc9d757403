"""Search the built site from Python exactly the way the browser does.

Material for MkDocs ships the search index (site/search/search_index.json) to a web worker that
builds a Lunr.js index and answers queries. This module is a faithful port of that worker
(material/templates/assets/javascripts/workers/search.*.min.js.map, Material 9.x, Lunr 2.3.9) on
top of the `lunr` Python package, so `kb search`, `kb bench` and the golden-query tests rank pages
the same way staff see them in the browser:

- tokenizer: Material's `tokenize()` — markup is skipped, text is split with the separator from
  the index config (for zh: whitespace, \\u200b and Chinese punctuation), tokens are lower-cased;
- index: fields and boosts from the index config (title 1e3, text 1, tags 1e6, plus any extra
  fields), per-document boost, `b(0)`, index pipeline = identity (lunr.zh stemmer), search
  pipeline = Lunr's English stemmer (lunr.zh does not reset it, Material removes nothing from it);
- query: Chinese runs are segmented greedily against the inverted index (`segment()`, quirks
  included: the last character of a run is never part of an exact match, it is reached through
  the trailing wildcard), then `transformSearchQuery()` adds trailing wildcards;
- ranking: Lunr's BM25 score, then Material's post-query boost `score * (1 + boost**2)` with
  `boost = (article ? 1 : 0) + matched terms / all terms`, then grouping by page.

Pure: no MkDocs, no network; the only input is the JSON index.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from backrefs import bre
from lunr.builder import Builder
from lunr.exceptions import BaseLunrException
from lunr.query import Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token_set import TokenSet

# JavaScript's \s (ECMAScript WhiteSpace + LineTerminator); Python's \s differs in a few code points.
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACE_RUN = re.compile(f"[{JS_SPACE}]+")
_HAN_RUN = bre.compile(r"\p{sc=Han}+")  # the worker's /\p{sc=Han}+/gu (Script=Han, not Script_Extensions)
_TAG = re.compile(r"<[^>]*>")
SEARCH_FIELDS = ("title", "text", "tags")  # what Material's parseSearchQuery() analyses


def js_regex(source: str) -> re.Pattern:
    """Compile a JavaScript RegExp source (the index `separator`) for Python's re."""
    return re.compile(source.replace(r"\s", JS_SPACE))


# ----------------------------------------------------------------------------- tokenizer

def js_split(text: str, separator: re.Pattern) -> list[tuple[int, int]]:
    """Material's split(): ranges between separator matches (zero-length matches allowed)."""
    ranges, index, pos = [], 0, 0
    while True:
        match = separator.search(text, pos)
        until = match.start() if match else len(text)
        if index < until:
            ranges.append((index, until))
        if not match:
            return ranges
        index = match.end()
        pos = match.end() if match.end() > match.start() else match.start() + 1
        if pos > len(text):
            return ranges


def extract_text(value: str) -> list[str]:
    """Material's extract(): the text blocks of an HTML string (markup is skipped)."""
    parts, start, end, stack = [], 0, 0, 0
    while end < len(value):
        char = value[end]
        if char == "<" and end > start:
            parts.append(value[start:end])
            start = end
        elif char == ">":
            if value[start + 1:start + 2] == "/":
                stack -= 1
            elif value[end - 1:end] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        parts.append(value[start:end])
    return parts


def tokenize(value, separator: re.Pattern) -> list[str]:
    """Material's tokenize(): tokens of a string or list of strings, lower-cased."""
    if value is None:
        return []
    tokens: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        for part in extract_text(str(item)):
            tokens.extend(part[a:b].lower() for a, b in js_split(part, separator))
    return tokens


# ----------------------------------------------------------------------------- query

def _utf16(text: str) -> list[str]:
    """UTF-16 code units, because the worker's String.slice() counts them."""
    units: list[str] = []
    for char in text:
        if ord(char) > 0xFFFF:
            code = ord(char) - 0x10000
            units += [chr(0xD800 + (code >> 10)), chr(0xDC00 + (code & 0x3FF))]
        else:
            units.append(char)
    return units


def _join16(units: list[str]) -> str:
    return "".join(units).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def segment(query: str, index) -> list[str]:
    """Material's segment(): greedy segmentation of a Han run against the index vocabulary.

    Ported as is, quirks included — `j` stops before the last code unit, so the last character is
    only reached through the wildcard that the query transform appends."""
    units = _utf16(query)
    n = len(units)
    wordcuts = [0] * (n + 1)  # Uint16Array(n); reading index n gives undefined (falsy) in JS
    for i in range(n):
        for j in range(i + 1, n):
            if _join16(units[i:j]) in index:
                wordcuts[i] = j - i
    segments: dict[str, None] = {}  # insertion-ordered set
    stack = [0]
    s = len(stack)
    while s > 0:
        s -= 1
        p = stack[s]
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[_join16(units[p:p + q])] = None
                _push(stack, s, p + q)
                s += 1
        q = p + wordcuts[p]
        if wordcuts[q] and q < n - 1:
            _push(stack, s, q)
            s += 1
        segments[_join16(units[p:q])] = None
    if "" in segments:
        return [query]
    return list(segments)


def _push(stack: list[int], s: int, value: int) -> None:
    """JS `stack[s++] = value` on a growable array."""
    if s < len(stack):
        stack[s] = value
    else:
        stack.append(value)


def transform(query: str, fn) -> str:
    """Material's transform(): quoted parts become required, every other term gets a trailing `*`."""
    query = re.sub(rf"^[{JS_SPACE}]+|[{JS_SPACE}]+$", "", query)
    parts = re.split(r'"([^"]+)"', query)
    query = "".join(
        re.sub(rf"^(?=[A-Za-z0-9_])|^(?![^\x00-\x7F]|$)|[{JS_SPACE}]+", " +", part) if i & 1 else part
        for i, part in enumerate(parts))
    query = re.sub(rf'"|(?:^|[{JS_SPACE}]+)[*+\-:^~]+(?=[{JS_SPACE}]+|$)', "", query)
    terms: list[str] = []
    for term in _JS_SPACE_RUN.split(query):
        value = fn(term)
        terms.extend(value if isinstance(value, list) else [value])
    terms = [f"{t}1" if re.search(r"[~^]$", t) else t for t in terms]
    terms = [t if re.search(r"^[+-]|[~^]\d+$", t) else f"{t}*" for t in terms]
    return " ".join(terms)


def transform_search_query(query: str, separator: re.Pattern) -> str:
    """Material's transformSearchQuery(): lex each part and split its terms with the separator."""
    def visit(part: str) -> list[str]:
        terms: list[str] = []
        lexer = QueryLexer(part)
        lexer.run()
        for lexeme in lexer.lexemes:
            kind, term, start, end = lexeme["type"], lexeme["string"], lexeme["start"], lexeme["end"]
            if kind == QueryLexer.FIELD:
                if term not in SEARCH_FIELDS:  # hack in Material: a colon that is not a field
                    part = part[:end] + " " + part[end + 1:]
            elif kind == QueryLexer.TERM:
                for a, b in js_split(term, separator):
                    terms.append(part[:start] + term[a:b] + part[end:])
        return terms
    return transform(query, visit)


def parse_clauses(query: str) -> list:
    """Material's parseSearchQuery(): the clauses used for the post-query boost."""
    q = Query(list(SEARCH_FIELDS))
    QueryParser(query, q).parse()
    for clause in q.clauses:
        clause.use_pipeline = True
        if clause.term.startswith("*"):
            clause.wildcard = Query.WILDCARD_LEADING
            clause.term = clause.term[1:]
        if clause.term.endswith("*"):
            clause.wildcard = Query.WILDCARD_TRAILING
            clause.term = clause.term[:-1]
    return [c for c in q.clauses if c.presence != QueryPresence.PROHIBITED]


def query_terms(clauses: list, matched: Iterable[str]) -> dict[str, bool]:
    """Material's getSearchQueryTerms(): which query terms a result matched."""
    pending = list(clauses)
    result: dict[str, bool] = {}
    for term in matched:
        for clause in list(pending):
            if term.startswith(clause.term):
                result[clause.term] = True
                pending.remove(clause)
    for clause in pending:
        if stop_word_filter(clause.term):
            result[clause.term] = False
    return result


# ----------------------------------------------------------------------------- index

# The longest query searched (kb search and the browser's search box cut longer ones, with a note).
MAX_QUERY = 200

@dataclass
class Section:
    location: str
    title: str
    score: float


@dataclass
class Result:
    """One page in the result list (what the browser shows as one `.md-search-result__item`)."""
    title: str
    location: str
    score: float
    sections: list[Section] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"title": self.title, "location": self.location, "score": round(self.score, 4),
                "sections": [{"title": s.title, "location": s.location, "score": round(s.score, 4)}
                             for s in self.sections]}


def plain(value: str) -> str:
    """Display form of an indexed title: no markup, no zero-width spaces."""
    return html.unescape(_TAG.sub("", value)).replace("\u200b", "").strip()


class SearchEngine:
    """The browser's search, built from the parsed search_index.json."""

    def __init__(self, index: dict):
        self.config = index["config"]
        self.docs: list[dict] = index["docs"]
        self.separator = js_regex(self.config["separator"])
        self.fields = dict(self.config["fields"])
        # setupSearchDocumentMap(): first entry of a path is the article, later ones its sections
        self.map: dict[str, dict] = {}
        self.parent: dict[str, str] = {}
        for doc in self.docs:
            path = doc["location"].split("#")[0]
            if path not in self.map:
                self.map[path] = doc
            else:
                self.map[doc["location"]] = doc
                self.parent[doc["location"]] = path
        builder = Builder()
        builder.b(0)
        builder.search_pipeline.add(stemmer)  # lunr.zh leaves Lunr's default search pipeline
        builder.ref("location")
        for name, spec in self.fields.items():
            builder.field(name, boost=(spec or {}).get("boost") or 1,
                          extractor=lambda doc, name=name: tokenize(doc.get(name), self.separator))
        for doc in self.docs:
            builder.add(doc, {"boost": doc.get("boost") or 1})
        self.index = builder.build()
        self.vocabulary = self.index.inverted_index  # what segment() looks words up in

    @classmethod
    def from_file(cls, path: Path) -> "SearchEngine":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    # the query exactly as the worker rewrites it
    def rewrite(self, query: str) -> str:
        query = _HAN_RUN.sub(lambda m: "* ".join(segment(m.group(0), self.vocabulary)), query)
        return transform_search_query(query, self.separator)

    def _lunr(self, query: str) -> list[dict]:
        q = self.index.create_query()
        QueryParser(query, q).parse()
        for clause in q.clauses:  # Lunr.js: a required term missing from the index matches nothing
            if clause.presence == QueryPresence.REQUIRED:
                terms = (self.index.pipeline.run_string(clause.term, {"fields": clause.fields})
                         if clause.use_pipeline else [clause.term])
                if any(not self.index.token_set.intersect(TokenSet.from_string(t)).to_list() for t in terms):
                    return []
        return self.index.query(q)

    def search(self, query: str) -> list[Result]:
        """Ranked pages, best first (the order of the browser's result list). Like the browser
        (assets/javascripts/search-limit.js), only the first MAX_QUERY characters are searched:
        the cost of a query grows steeply with its length."""
        rewritten = self.rewrite(query[:MAX_QUERY])
        if not rewritten:
            return []
        try:
            clauses = parse_clauses(rewritten)
            hits = self._lunr(rewritten)
        except BaseLunrException:  # the worker logs "Invalid query" and shows nothing
            return []
        items = []
        for hit in hits:
            doc = self.map.get(hit["ref"])
            if doc is None:
                continue
            terms = query_terms(clauses, hit["match_data"].metadata.keys())
            found = sum(1 for v in terms.values() if v)
            ratio = found / len(terms) if terms else 0.0
            boost = (0 if hit["ref"] in self.parent else 1) + ratio
            items.append((hit["score"] * (1 + boost ** 2), doc))
        items.sort(key=lambda item: -item[0])  # stable, like Array.prototype.sort
        groups: dict[str, list[tuple[float, dict]]] = {}
        for score, doc in items:
            ref = self.parent.get(doc["location"], doc["location"])
            groups.setdefault(ref, []).append((score, doc))
        results = []
        for ref, members in groups.items():
            article = self.map[ref]
            best = members[0][0]
            sections = [Section(doc["location"], plain(doc["title"]), score)
                        for score, doc in members if doc["location"] != article["location"]]
            results.append(Result(plain(article["title"]), ref, best, sections))
        return results


def load_engine(site_dir: Path) -> SearchEngine:
    """The engine for a built site; FileNotFoundError when the site has not been built."""
    return SearchEngine.from_file(Path(site_dir) / "search" / "search_index.json")


def format_results(results: list[Result], limit: int = 10) -> str:
    """Ranked pages for the terminal: title, location, score, then the best sections."""
    lines = []
    for n, result in enumerate(results[:limit], 1):
        lines.append(f"{n:>2}. {result.title}  {result.location}  ({result.score:.1f})")
        for section in result.sections[:3]:
            lines.append(f"      · {section.title}  {section.location}")
    if len(results) > limit:
        lines.append(f"    …… 另有 {len(results) - limit} 个页面（--limit 可以显示更多）")
    return "\n".join(lines)
