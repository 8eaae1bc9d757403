"""Build-time tuning of Material's Chinese search, driven by data/glossary.yml.

Material indexes every page section with jieba (words joined with \\u200b) and the browser answers
queries with Lunr.js: each Chinese run of the query is segmented greedily against the index
vocabulary, every word becomes a prefix clause (`word*`), and the last character of a run is only
ever reached through that wildcard. Nothing here changes the browser code; everything happens on
the index side, so `kb search` (kb/search.py, the browser's search ported to Python) and the
browser give the same answers.

1. Dictionary. The glossary terms and aliases become a jieba user dictionary, so each is indexed
   as one token (`user_dictionary`; the hook hands it to Material's `jieba_dict_user`).
2. Hidden fields. After Material has written search/search_index.json, every entry gets fields
   that Lunr indexes but Material never displays (`enrich_index`; boosts in FIELD_BOOSTS):
   - aka_title / aka_text: other names for what the heading / the text mentions — the canonical
     form and every alias of each glossary term, and the words inside long compounds that a
     prefix cannot reach (信访工作 → 工作, 社会稳定风险评估 → 稳定, 风险评估, 评估);
   - numbers / title_numbers: every number written both ways (第15条 ↔ 第十五条, 15日 ↔ 十五日,
     5个工作日 ↔ 五个工作日), both forms with the same weight, so either finds the same pages;
   - glossary_terms / glossary_aliases / glossary_definitions, on the first entry of the page a
     term's `page` points to: the page that explains a term ranks first for it, and for the
     telling words of its definition (how staff describe it: 第一次, 不服处理意见 …).
3. Anchors (zero weight, they only shape the vocabulary the browser segments queries with):
   - N[:-1] for every glossary name and number N of 3+ characters, so the query N becomes the
     single clause `N[:-1]*`, which matches N, instead of fragments;
   - every first character of a word, so the last word of a query is never dropped
     (办理期限能不能延长 → … 延*).
4. The page's front matter `kind` sets a document boost (KIND_BOOST): training handouts and
   section overviews repeat the procedures; on equal evidence the procedure comes first.
5. The index is written as UTF-8 instead of \\u escapes: half the bytes for Chinese text.

KB_SEARCH_PLAIN=1 (Settings.search_plain) switches all of this off (Material's plain zh search): scripts/search_baseline.py
and `kb bench` build the baseline that way.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from backrefs import bre

from kb.model.numerals import from_chinese, to_chinese
from kb.model.urls import page_url

PLAIN_ENV = "KB_SEARCH_PLAIN"          # "1": build with Material's plain zh search (baseline)
TITLE_FIELD, TEXT_FIELD, ANCHOR_FIELD = "aka_title", "aka_text", "anchors"
TERMS_FIELD, DEFINITION_FIELD = "glossary_terms", "glossary_definitions"
ALIAS_FIELD = "glossary_aliases"
NUMBER_FIELD, TITLE_NUMBER_FIELD = "numbers", "title_numbers"
# Field boosts of the index (the browser reads them from the index config). Material's defaults
# are title 1e3, text 1, tags 1e6: one shared tag (告知, 办理) then outweighs everything else and
# buries the page a query is about, so tags weigh as much as the title. Measured with `kb bench`
# and tests/search_golden.yml; change them only with those figures at hand.
FIELD_BOOSTS = {
    "title": 1e2,
    "text": 1.0,
    "tags": 1e2,
    TERMS_FIELD: 1e2,        # the page explains this term (glossary `page`), canonical name: as the title
    ALIAS_FIELD: 2e1,        # … and their other names: found, but the canonical name weighs more
    DEFINITION_FIELD: 1e2,   # telling words of those terms' definitions: how staff describe them
    TITLE_FIELD: 2e1,        # other names for what the heading says
    TEXT_FIELD: 1.0,         # other names for what the text says
    NUMBER_FIELD: 1e1,       # 第15条 and 第十五条 … in the text: both forms, same weight, so either finds the same
    TITLE_NUMBER_FIELD: 1e2,  # … in the heading (条例索引: 第15条　各方责任): as strong as the title
    # Anchors only have to exist in the vocabulary the browser segments queries with; they must
    # not add to any score (a rare anchor would otherwise outweigh real matches). Lunr.js treats a
    # boost of 0 as 1, so the smallest weight is used: it rounds to 0.
    ANCHOR_FIELD: 1e-9,
}

_HAN = bre.compile(r"\p{sc=Han}+")
_TAG = re.compile(r"<[^>]*>")
_CN_NUMBER = "[零〇一二两三四五六七八九十百]+"
# 第15条 / 第十五条, 第2款, 第6项
_ORDINAL = re.compile(rf"第(\d{{1,3}}|{_CN_NUMBER})(条|款|项)")
# 15日, 5个工作日, 3个月, 5人 …  (a 4-digit number before 年 is a year: left alone)
_MEASURE = re.compile(rf"(?<![\d.])(\d{{1,3}}|{_CN_NUMBER})(个工作日|工作日|个月|小时|日|天|人|名|次|周|年)")


# ----------------------------------------------------------------------------- numbers

def number_variants(text: str) -> set[str]:
    """Every number + unit in text, written both ways: {第15条, 第十五条, 15日, 十五日, …}."""
    found: set[str] = set()
    for pattern, prefix in ((_ORDINAL, "第"), (_MEASURE, "")):
        for match in pattern.finditer(text):
            number, unit = match.group(1), match.group(2)
            value = int(number) if number.isdigit() else from_chinese(number)
            if value is None or not 0 < value < 1000:
                continue
            found.add(f"{prefix}{value}{unit}")
            found.add(f"{prefix}{to_chinese(value)}{unit}")
            if value == 2 and not prefix:
                found.add(f"两{unit}")  # 两个月, 两日: the usual way to write 2 before a measure word
    return found


# ----------------------------------------------------------------------------- glossary

def term_names(term) -> list[str]:
    """The canonical form first, then the aliases."""
    return [term.term, *term.aliases]


def dictionary_words(data) -> list[str]:
    """Words for jieba: every glossary name, split where it has punctuation or digits
    (属地管理、分级负责 → 属地管理, 分级负责; 60日办结 is left to the number handling)."""
    words: dict[str, None] = {}
    for term in data.terms:
        for name in term_names(term):
            runs = _HAN.findall(name)
            if len(runs) == 1 and runs[0] != name and not re.search(r"[、，,\s]", name):
                continue  # mixed with digits or Latin letters: Material never sees it as one run
            for run in runs:
                if len(run) >= 2:
                    words[run] = None
    return list(words)


def user_dictionary(data) -> str:
    """jieba user dictionary text: one word a line, no frequency (jieba then makes sure the
    word is cut as a whole)."""
    return "".join(f"{word}\n" for word in dictionary_words(data))


def write_user_dictionary(data) -> Path:
    """Write the dictionary to a build-temp file named after its content (concurrent builds of
    different checkouts never clash; an unchanged glossary reuses the file)."""
    text = user_dictionary(data)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"kb-jieba-userdict-{digest}.txt"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return path


def use_user_dictionary(data) -> None:
    """Load the user dictionary into this process's jieba (the build gets it through Material's
    search plugin; scripts and tests that segment text call this first)."""
    with open(write_user_dictionary(data), "rb") as file:  # jieba leaves a path's file open
        jieba().load_userdict(file)
    compound_parts.cache_clear()
    _cut_without_itself.cache_clear()


def reset_caches() -> None:
    """Forget segmentation results (before a `mkdocs serve` rebuild: the glossary may have changed)."""
    compound_parts.cache_clear()
    _cut_without_itself.cache_clear()


class Glossary:
    """Lookups from any name (canonical or alias) to the whole group of names."""

    def __init__(self, data):
        self.groups: list[tuple[str, ...]] = [tuple(term_names(t)) for t in data.terms]
        self.by_page: dict[str, list[tuple[str, ...]]] = {}
        self.definitions: dict[str, list[str]] = {}
        for term, names in zip(data.terms, self.groups):
            self.by_page.setdefault(page_url(term.page), []).append(names)
            self.definitions.setdefault(page_url(term.page), []).append(term.definition)
        self.by_name = {name: names for names in self.groups for name in names}
        self.longest = max((len(n) for n in self.by_name), default=0)
        # names with punctuation or digits never come out of jieba as one token: substring test
        self.loose = [n for n in self.by_name if not _HAN.fullmatch(n)]

    def mentioned(self, tokens: list[str], raw: str) -> set[str]:
        """All names of every term that is mentioned: a name counts when it is one token or a
        run of whole tokens (信访人 in 信访人|的, not in 信访|人员), or, for names that are not
        one Chinese run (属地管理、分级负责, 60日办结), when the text contains it."""
        spans: set[str] = set()
        for i in range(len(tokens)):
            joined = ""
            for token in tokens[i:]:
                joined += token
                if len(joined) > self.longest:
                    break
                spans.add(joined)
        found = {n for n in spans if n in self.by_name} | {n for n in self.loose if n in raw}
        return {name for n in found for name in self.by_name[n]}


# ----------------------------------------------------------------------------- expansion

def jieba():
    """jieba, imported quietly: it still imports pkg_resources, whose deprecation warning is
    jieba's business (the test suite turns warnings into errors)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba as module
    module.setLogLevel(logging.WARNING)  # no "Building prefix dict …" chatter on every run
    return module


@lru_cache(maxsize=None)
def _cut_without_itself(word: str) -> tuple[tuple[int, str], ...]:
    """(offset, part) of word as jieba would cut it if word itself were not in the dictionary."""
    dt = jieba().dt
    dt.check_initialized()
    dag = dt.get_DAG(word)
    dag[0] = [j for j in dag[0] if j != len(word) - 1] or [0]
    route: dict = {}
    dt.calc(word, dag, route)
    parts, i = [], 0
    while i < len(word):
        j = route[i][1] + 1
        parts.append((i, word[i:j]))
        i = j
    return tuple(parts)


@lru_cache(maxsize=None)
def compound_parts(token: str) -> tuple[str, ...]:
    """The words inside a long Chinese token that a prefix query cannot reach, at every level:
    社会稳定风险评估 → 稳定, 风险评估, 评估. (Parts at the start — 社会, 社会稳定, 风险 in 风险评估 —
    are found anyway: the browser matches every query word as a prefix.)"""
    if len(token) < 3 or not _HAN.fullmatch(token):
        return ()
    out: set[str] = set()
    for offset, part in _cut_without_itself(token):
        if len(part) < 2:
            continue
        if offset:
            out.add(part)
        out.update(compound_parts(part) if offset or len(part) < len(token) else ())
    return tuple(sorted(out))


def tokens_of(value: str) -> list[str]:
    """The tokens Material made of a title or text (jieba words separated by \\u200b)."""
    text = html.unescape(_TAG.sub(" ", value))
    return [t for t in re.split(r"[\s\u200b\u3000\-、。，．？！；]+", text) if t]


def raw_text(value: str) -> str:
    """Indexed title or text as the author wrote it (no markup, no \\u200b)."""
    return html.unescape(_TAG.sub(" ", value)).replace("\u200b", "")


def expansions(value: str, glossary: Glossary) -> tuple[set[str], set[str], set[str]]:
    """(other names for what a title or text talks about, its numbers written both ways,
    the tokens it already has)."""
    tokens = tokens_of(value)
    raw = raw_text(value)
    out = glossary.mentioned(tokens, raw)
    for token in tokens:
        out.update(compound_parts(token))
    return out, number_variants(raw), set(tokens)


# How many words of each glossary definition describe the term (jieba's TF-IDF keywords: the
# telling words, not 不要, 了解 or 还要 that would match any query with 不 or 了 in it).
DEFINITION_KEYWORDS = 12


def definition_words(definition: str) -> list[str]:
    """The telling words of a glossary definition."""
    import importlib
    jieba()  # the quiet import first
    analyse = importlib.import_module("jieba.analyse")
    return [w.lower() for w in analyse.extract_tags(definition, topK=DEFINITION_KEYWORDS)
            if len(w) > 1 and _HAN.match(w)]


def anchor(word: str) -> str | None:
    """N[:-1] for a Chinese name of 3+ characters (point 3 of the module docstring)."""
    if len(word) >= 3 and _HAN.match(word[0]) and _HAN.fullmatch(word[-1]):
        return word[:-1]
    return None


def _number_anchors(words: Iterable[str]) -> set[str]:
    """Anchors for numbers: 第三十五条 → 第三十五; 5个工作日 → 个工作 (the browser segments only
    the Chinese run of 5个工作日, so its anchor is the run's)."""
    out = set()
    for word in words:
        run = word.lstrip("0123456789")
        if _HAN.fullmatch(run) and (a := anchor(run)) is not None:
            out.add(a)
    return out


# Document boost by the page's `kind` (front matter): training handouts and section overviews
# repeat what the procedure, policy and reference pages say; on equal evidence those come first.
KIND_BOOST = {"training": 0.6, "index": 0.6, "home": 0.5}


# A word found on more than this share of the pages says nothing about any one of them.
COMMON_SHARE = 0.5


def common_words(docs: list[dict]) -> set[str]:
    """Words that occur on more than COMMON_SHARE of the pages (信访事项, 要求, 事项 …)."""
    pages: dict[str, set[str]] = {}
    for doc in docs:
        words = pages.setdefault(doc["location"].split("#")[0], set())
        words.update(tokens_of(doc.get("title", "")))
        words.update(tokens_of(doc.get("text", "")))
    counts: dict[str, int] = {}
    for words in pages.values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {w for w, n in counts.items() if n > COMMON_SHARE * len(pages)}


def enrich_index(index: dict, data, kinds: dict[str, str] | None = None) -> dict:
    """Add the hidden fields to every entry of a parsed search_index.json (in place).

    kinds maps a page location (x/y.html) to its front matter kind, for KIND_BOOST."""
    glossary = Glossary(data)
    kinds = kinds or {}
    common = common_words(index["docs"])
    seen_pages: set[str] = set()
    for doc in index["docs"]:
        path = doc["location"].split("#")[0]
        title_words, title_numbers, title_tokens = expansions(doc.get("title", ""), glossary)
        text_words, numbers, text_tokens = expansions(doc.get("text", ""), glossary)
        anchors = _number_anchors(title_numbers | numbers)
        if path not in seen_pages:  # a page's first entry stands for the whole page
            seen_pages.add(path)
            groups = glossary.by_page.get(path, [])
            owned = {n for names in groups for n in names}
            if owned:  # the terms this page explains, under all their names
                canon = {names[0] for names in groups}
                doc[TERMS_FIELD] = " ".join(sorted(canon))
                if owned - canon:
                    doc[ALIAS_FIELD] = " ".join(sorted(owned - canon))
                anchors.update(a for n in owned if (a := anchor(n)))
            described = {w for d in glossary.definitions.get(path, []) for w in definition_words(d)
                         if w not in common} - owned
            if described:
                doc[DEFINITION_FIELD] = " ".join(sorted(described))
            for tag in doc.get("tags", []):  # tagged with a term: its other names, weakly
                text_words.update(glossary.by_name.get(tag, ()))
        title_words -= title_tokens
        text_words -= text_tokens | title_words | title_tokens
        doc[TITLE_FIELD] = " ".join(sorted(title_words))
        doc[TEXT_FIELD] = " ".join(sorted(text_words))
        if numbers:  # both forms always, even the one the text already has (see NUMBER_FIELD)
            doc[NUMBER_FIELD] = " ".join(sorted(numbers))
        if title_numbers:
            doc[TITLE_NUMBER_FIELD] = " ".join(sorted(title_numbers))
        if anchors:
            doc[ANCHOR_FIELD] = " ".join(sorted(anchors))
        boost = KIND_BOOST.get(kinds.get(path, ""))
        if boost and "boost" not in doc:
            doc["boost"] = boost
    fields = index["config"].setdefault("fields", {})
    for name, boost in FIELD_BOOSTS.items():
        fields[name] = {"boost": boost}
    _first_character_anchors(index)
    return index


def _first_character_anchors(index: dict) -> None:
    """Make every first character of a Chinese word a word of the vocabulary (zero weight).

    The browser's segmenter reaches the last word of a query only through its first characters:
    in 办理期限能不能延长 the last word 延长 becomes the clause 延* — if 延 is in the vocabulary;
    otherwise it is silently dropped. Each missing character goes into the anchors of one entry
    that already has a word starting with it, so it brings no extra result."""
    from kb.search.engine import js_regex, tokenize
    separator = js_regex(index["config"]["separator"])
    names = list(index["config"]["fields"])
    owner: dict[str, dict] = {}
    vocabulary: set[str] = set()
    plain_split = separator.match("") is None  # the separator never matches empty text
    for doc in index["docs"]:
        for name in names:
            for token in _tokens(doc.get(name), separator, plain_split, tokenize):
                vocabulary.add(token)
                if len(token) > 1 and _HAN.match(token[0]):
                    owner.setdefault(token[0], doc)
    for char, doc in owner.items():
        if char not in vocabulary:
            doc[ANCHOR_FIELD] = (doc.get(ANCHOR_FIELD, "") + " " + char).strip()


_ANGLE = re.compile(r"[<>]")


def _extract(value: str) -> list[str]:
    """engine.extract_text (Material's extract()) with a regex instead of a loop over characters."""
    parts, start = [], 0
    for m in _ANGLE.finditer(value):
        end = m.start()
        if value[end] == ">":
            start = end + 1
        elif end > start:
            parts.append(value[start:end])
            start = end
    if len(value) > start:
        parts.append(value[start:])
    return parts


def _tokens(value, separator, plain_split: bool, tokenize) -> list[str]:
    """engine.tokenize(value, separator), faster: for a separator that cannot match empty text,
    Material's split() is re.split without the empty pieces."""
    if not plain_split or value is None:
        return tokenize(value, separator)
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        for part in _extract(str(item)):
            out.extend(t.lower() for t in separator.split(part) if t)
    return out


def rewrite_index_file(path: Path, data, kinds: dict[str, str] | None = None) -> None:
    """Enrich site/search/search_index.json in place, written as UTF-8 (not \\u escapes: half the
    bytes for Chinese text)."""
    index = json.loads(path.read_text(encoding="utf-8"))
    enrich_index(index, data, kinds)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
