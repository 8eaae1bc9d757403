"""Build the site's search index at build time: BM25F weights precomputed per (word, page), postings
sharded by word into small `.js` files that the browser loads on demand with <script> tags (works
from file://, stays small at 5,000 pages).

Files under site/search/ (each a `kbSearch.load(name, data)` call; engine.read_js() reads them):
- meta.js        settings, the vocabulary for query segmentation, synonyms, the traditional →
                 simplified character map, stopwords, glossary names (empty-result suggestions);
- t/<n>.js       postings of the words whose hash falls in shard n: word → [idf, doc, weight, …]
                 (doc ids delta-encoded);
- d/<n>.js       the result-list line (url, title, kind label) of pages n×DOC_BLOCK …: few files,
                 cached after the first queries, so results show before their snippets arrive;
- p/<doc>.js     one page: url, title, kind label, sections, text blocks (snippets, highlighting);
                 the 问答 page is one doc for itself and one per question (url faq/…#anchor).

Pure except write_index(); jieba is the only segmenter and its absence stops the build.
"""
from __future__ import annotations

import html as htmllib
import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kb.model.searchwords import SearchWords
from kb.search import analyze

# Field weights (BM25F) and length normalisation per field. Measured with tests/search_golden.yml
# and tests/search_real_questions.yml (make test prints both); change them with those at hand.
FIELDS = {          # name: (weight, b)
    "title": (6.0, 0.0),
    "head": (4.0, 0.0),     # section headings: no length normalisation (条例索引 has 50 of them)
    "tags": (2.0, 0.0),     # front matter tags and description
    "defs": (3.0, 0.0),     # telling words of the definitions of the terms this page explains
    "body": (1.0, 0.75),
}
K1 = 2.5                    # BM25 saturation: higher than the usual 1.2, so a title match counts
# The page that explains a glossary term (glossary `page`; also 条例索引 for the article numbers its
# headings begin with) gets this much on top of the saturated field weight (at most SCALE) of each
# of the term's names: "this page is about it" must stand out even where every page uses the word.
TERMS_BONUS = 80
SCALE = 100                 # weights and idf are stored as integers ×100: identical sums in JS and Python
SHARD_BYTES = 16_000        # target size of one postings shard
DOC_BLOCK = 128             # result-list lines (url, title, kind) of this many pages per d/<n>.js
KIND_LABELS = {"procedure": "流程", "policy": "政策", "playbook": "案例", "template": "文书",
               "faq": "问答", "training": "培训", "reference": "参考", "index": "目录", "home": "首页"}
# Section overviews, the home page and training handouts repeat the pages they point to: on equal
# evidence those pages come first (integer factor /10).
KIND_WEIGHT = {"training": 6, "index": 6, "home": 5, "faq": 3, "playbook": 8}
# A 问答 page (kind faq) is indexed as itself and one entry per question (its h3 headings), each
# linking to its anchor; a question answers briefly and points to the page that explains it.
QUESTION_LEVEL = 3
QUESTION_WEIGHT = 5
SAMPLE_PAGES = 300          # pages the segmentation guard rail looks at
MAX_SINGLE_SHARE = 0.6      # guard rail: more single-character Chinese words than this → segmentation broke


class SegmentationError(RuntimeError):
    pass


# ----------------------------------------------------------------------------- HTML → blocks

_BLOCKS = {"p", "li", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "summary"}
_SKIP_CLASSES = ("md-tags", "headerlink", "md-source-file", "kb-no-search", "kb-status", "kb-stale")
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}
MAINTAINER = re.compile(r"(?:^|[\s/])(?:data|docs|kb|overrides|tests|scripts)/|\.(?:ya?ml|md|py|json)\b|\bkb \w|\bmake \w")


@dataclass
class Block:
    section: int
    text: str
    heading: bool = False
    note: bool = False      # a maintainer note (mentions data/…yml, kb build …): never a snippet


@dataclass
class Extracted:
    title: str = ""
    sections: list[tuple[str, str]] = field(default_factory=lambda: [("", "")])  # (anchor, heading)
    blocks: list[Block] = field(default_factory=list)
    levels: list[int] = field(default_factory=lambda: [0])   # heading level of each section (0: page top)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = Extracted()
        self.stack: list[str] = []
        self.skip = 0           # depth inside a skipped element
        self.buf: list[str] = []
        self.code: list[str] = []
        self.in_code = 0
        self.heading: tuple[str, str] | None = None  # (tag, id) of the open heading

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip(" ·")
        code = " ".join(self.code)
        self.buf, self.code = [], []
        if not text:
            return
        if self.heading:
            tag, anchor = self.heading
            if tag == "h1" and not self.out.title:
                self.out.title = text
            else:
                self.out.sections.append((anchor, text))
                self.out.levels.append(int(tag[1]))
            self.out.blocks.append(Block(len(self.out.sections) - 1, text, heading=True))
        else:
            self.out.blocks.append(Block(len(self.out.sections) - 1, text, note=bool(MAINTAINER.search(code))))

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag == "br":
                self.buf.append(" ")
            return
        attrs = dict(attrs)
        self.stack.append(tag)
        classes = (attrs.get("class") or "").split()
        if self.skip or tag in ("script", "style", "svg") or any(c in classes for c in _SKIP_CLASSES):
            self.skip += 1
            return
        if tag in _BLOCKS:
            self.flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self.heading = (tag, attrs.get("id") or "")
        elif tag in ("td", "th") and self.buf:
            self.buf.append(" · ")
        elif tag == "code":
            self.in_code += 1

    def handle_endtag(self, tag):
        if tag in _VOID or not self.stack:
            return
        # tolerate unclosed tags: pop to the matching one
        while self.stack:
            top = self.stack.pop()
            if self.skip:
                self.skip -= 1
                if top == tag:
                    return
                continue
            if top == "code":
                self.in_code = max(0, self.in_code - 1)
            if top in _BLOCKS:
                self.flush()
                if top[0] == "h" and top[1:].isdigit():
                    self.heading = None
            if top == tag:
                return

    def handle_data(self, data):
        if self.skip:
            return
        self.buf.append(data)
        if self.in_code:
            self.code.append(data)


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<!--.*?-->|([^<]+)|<", re.S)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def extract(page_html: str) -> Extracted:
    """Title, sections and text blocks of a built page's article (a regular-expression tokenizer
    feeding the same handlers as html.parser would: several times faster on 5,000 pages)."""
    match = _ARTICLE.search(page_html)
    text = match.group(1) if match else page_html
    parser = _Parser()
    for m in _TOKEN.finditer(text):
        if m.group(2):
            tag = m.group(2).lower()
            if m.group(1):
                parser.handle_endtag(tag)
            else:
                attrs = [(a.group(1).lower(), htmllib.unescape(a.group(2) or a.group(3) or a.group(4) or ""))
                         for a in _ATTR.finditer(m.group(3) or "")]
                parser.handle_starttag(tag, attrs)
                if (m.group(3) or "").rstrip().endswith("/") and tag not in _VOID:
                    parser.handle_endtag(tag)
        elif m.group(4):
            parser.handle_data(htmllib.unescape(m.group(4)))
    parser.flush()
    return parser.out


def split_questions(ex: Extracted) -> tuple[Extracted, list[Extracted]]:
    """A 问答 page as the page itself (title, introduction, group headings) and one entry per
    question (each h3 with an id: its title is the question, its one section the question's anchor,
    its blocks the answer)."""
    main = Extracted(ex.title)
    entries: list[Extracted] = []
    current = main
    for b in ex.blocks:
        if b.heading and b.section > 0:
            anchor, text = ex.sections[b.section]
            level = ex.levels[b.section]
            if level == QUESTION_LEVEL and anchor:
                current = Extracted(text, [(anchor, "")], [], [level])
                entries.append(current)
                continue
            if level < QUESTION_LEVEL:
                current = main
            current.sections.append((anchor, text))
            current.levels.append(level)
        current.blocks.append(Block(len(current.sections) - 1, b.text, b.heading, b.note))
    return main, entries


# ----------------------------------------------------------------------------- segmentation

def jieba():
    from kb.search.glossary import jieba as quiet_jieba
    return quiet_jieba()


def words(text: str, charmap: dict[str, str], cut) -> list[str]:
    """Index words of a text: numbers and Latin runs whole, Chinese runs cut by jieba (search
    mode: long words and the words inside them), stopwords dropped."""
    out = []
    for kind, piece in analyze.pieces(analyze.normalise(text, charmap)):
        if kind != "han":
            out.append(piece)
            continue
        for word in cut(piece):
            if word and not analyze.is_stop(word):
                out.append(word)
    return out


# ----------------------------------------------------------------------------- index

@dataclass
class PageInput:
    url: str
    html: str
    kind: str = ""
    tags: tuple[str, ...] = ()
    description: str = ""
    title: str = ""
    terms: tuple[str, ...] = ()   # glossary names of the terms this page explains
    boost: float = 1.0
    definitions: tuple[str, ...] = ()   # definitions of the terms this page explains
    extracted: Extracted | None = None  # html already read (kb.sitepass): then html may be empty


def fnv(text: str) -> int:
    """FNV-1a over code points (kb-search.js has the same)."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h


def shard_of(word: str, shards: int) -> int:
    return fnv(word) % shards


def kind_label(kind: str, url: str) -> str:
    if url == "reference/glossary.html":
        return "术语"
    return KIND_LABELS.get(kind, "参考")


def build(pages: list[PageInput], glossary_groups: list[tuple[str, ...]], charmap: dict[str, str],
          cut=None, glossary_pages: dict[str, str] | None = None, search_words: SearchWords | None = None) -> dict:
    """The whole index as plain data: {"meta": …, "shards": [{word: posting}], "pages": [doc]}.
    search_words: data/search.yml (everyday synonyms, implied concepts); none when not given."""
    search_words = search_words or SearchWords()
    implied = search_words.implied_map()
    if cut is None:
        search_cut = jieba().cut_for_search
        cut = lambda run: search_cut(run, HMM=False)  # noqa: E731
    memo: dict[str, list[str]] = {}   # the same sentences recur on many pages: cut each run once
    raw_cut = cut

    def cut(run: str) -> list[str]:
        got = memo.get(run)
        if got is None:
            got = memo[run] = list(raw_cut(run))
        return got

    said: dict[str, list[str]] = {}   # … and whole blocks too (boilerplate, repeated notes)

    def text_words(text: str) -> list[str]:
        got = said.get(text)
        if got is None:
            got = said[text] = words(text, charmap, cut)
        return got
    docs, field_words = [], []
    for page in pages:
        ex = page.extracted or extract(page.html)
        title = page.title or ex.title or page.url
        parts = [(page.url, title, ex, True)]
        if page.kind == "faq":
            main, questions = split_questions(ex)
            parts = [(page.url, title, main, True)] + [(f"{page.url}#{q.sections[0][0]}", q.title, q, False)
                                                        for q in questions]
        for url, title, ex, whole in parts:
            heads = [b.text for b in ex.blocks if b.heading and b.text != ex.title]
            body = [b.text for b in ex.blocks if not b.heading and not b.note]
            fw = {
                "title": _name_words(title, charmap, cut, analyze.MAX_WORD),   # a short title is one word too: 受理告知书
                # glossary names this page explains, and the article numbers its headings begin with
                # (条例索引 "第34条　办理期限与延期" is the page for 第34条)
                "terms": [w for name in (page.terms if whole else ()) for w in _name_words(name, charmap, cut)]
                         + [p[0][1] for h in heads if (p := analyze.pieces(analyze.normalise(h, charmap)))
                            and p[0][0] == "num" and p[0][1].startswith("第")],
                "head": [w for h in heads for w in text_words(h)],
                "tags": [w for t in ((*page.tags, page.description) if whole else ()) for w in words(t, charmap, cut)],
                "body": [w for t in body for w in text_words(t)],
                "defs": [w for t in (page.definitions if whole else ()) for w in dict.fromkeys(words(t, charmap, cut))
                         if len(w) > 1],
            }
            field_words.append(fw)
            weight = KIND_WEIGHT.get(page.kind, 10) if whole else QUESTION_WEIGHT
            docs.append({"u": url, "t": title, "k": kind_label(page.kind, page.url),
                         "w": weight if page.boost >= 1 else max(1, round(page.boost * 10)),
                         "s": [list(s) for s in ex.sections],
                         "b": [[b.section, b.text] for b in ex.blocks if not b.note and not b.heading]})
    check_segmentation(field_words)
    n = len(docs)
    avg = {f: (sum(len(fw[f]) for fw in field_words) / n if n else 0) or 1 for f in FIELDS}
    tf: dict[str, dict[int, float]] = {}
    for d, fw in enumerate(field_words):
        counts: dict[str, float] = {}
        for f, (weight, b) in FIELDS.items():
            length = len(fw[f])
            if not length:
                continue
            norm = 1 - b + b * length / avg[f]
            per: dict[str, int] = {}
            for w in fw[f]:
                per[w] = per.get(w, 0) + 1
            for w, c in per.items():
                counts[w] = counts.get(w, 0.0) + weight * c / norm
        defined = set(fw["terms"])
        for w in defined:
            counts.setdefault(w, 0.0)
        for w, value in counts.items():
            tf.setdefault(w, {})[d] = (value, w in defined)
    postings: dict[str, list[int]] = {}
    for w, per in tf.items():
        df = len(per)
        idf = round(math.log(1 + (n - df + 0.5) / (df + 0.5)) * SCALE)
        flat, last = [max(idf, 1)], 0
        for d in sorted(per):
            value, defined = per[d]
            flat += [d - last, max(1, round(value / (K1 + value) * SCALE)) + (TERMS_BONUS if defined else 0)]
            last = d
        postings[w] = flat
    size = sum(len(w) * 3 + 4 * len(p) + 6 for w, p in postings.items())
    n_shards = max(1, math.ceil(size / SHARD_BYTES))
    shards: list[dict[str, list[int]]] = [{} for _ in range(n_shards)]
    for w in sorted(postings):
        shards[shard_of(w, n_shards)][w] = postings[w]
    vocabulary = sorted({w for w in postings if len(w) > 1 and analyze.HAN.match(w[0])}
                        | {analyze.normalise(name, charmap).strip() for g in glossary_groups for name in g
                           if re.fullmatch(r"[\u3400-\u9fff]{2,}", analyze.normalise(name, charmap).strip())})
    vocabulary = sorted(set(vocabulary) | {w for group in search_words.everyday for w in group}
                        | {w for ws in implied.values() for w in ws})
    synonyms: dict[str, list[str]] = {}
    for group in [*glossary_groups, *search_words.everyday]:
        names = [analyze.normalise(x, charmap).strip() for x in group]
        names = [x for x in dict.fromkeys(names) if x and " " not in x]
        for name in names:
            others = [x for x in names if x != name]
            if others:
                synonyms.setdefault(name, [])
                synonyms[name] += [x for x in others if x not in synonyms[name]]
    suggest = [[group[0], (glossary_pages or {}).get(group[0], "")] for group in glossary_groups]
    meta = {"version": 1, "docs": n, "shards": n_shards, "docBlock": DOC_BLOCK, "maxQuery": analyze.MAX_QUERY,
            "vocab": " ".join(vocabulary), "syn": synonyms,
            "chars": "".join(a + b for a, b in sorted(charmap.items())),
            "stop": " ".join(sorted(analyze.STOPWORDS)), "suggest": suggest,
            "weights": [d.pop("w") for d in docs], "implied": implied}
    return {"meta": meta, "shards": shards, "pages": docs}


def _name_words(name: str, charmap, cut, longest: int = 0) -> list[str]:
    """The words of a name, and the whole name as one more word when it is all Chinese (and at
    most `longest` characters, when given)."""
    norm = analyze.normalise(name, charmap).strip()
    ws = words(name, charmap, cut)
    if re.fullmatch(r"[\u3400-\u9fff]{2,}", norm) and norm not in ws and (not longest or len(norm) <= longest):
        ws.append(norm)
    return ws


def check_segmentation(field_words: list[dict]) -> None:
    """Guard rail: the build stops when Chinese words come out as single characters."""
    han = single = 0
    for fw in field_words[:SAMPLE_PAGES]:
        for w in fw["body"]:
            if analyze.HAN.match(w):
                han += 1
                single += len(w) == 1
    if han > 200 and single / han > MAX_SINGLE_SHARE:
        raise SegmentationError(
            f"搜索索引的中文分词失效：{single}/{han} 个中文词只有一个字（上限 {MAX_SINGLE_SHARE:.0%}）。"
            "请确认 .venv 里装了 jieba（make setup），再重新构建。")


# ----------------------------------------------------------------------------- files

def js(name: str, data) -> str:
    """One index file: a script that hands its data to kb-search.js (no code in the data)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"kbSearch.load({json.dumps(name)},{text});\n"


# out_dir → {file: text} written there by this process: a rebuild (mkdocs serve) rewrites only
# the files whose text changed and removes the ones no longer written.
_WRITTEN: dict[str, dict[str, str]] = {}


def write_index(index: dict, out_dir: Path) -> int:
    """Write meta.js, t/*.js, p/*.js under out_dir (site/search); returns the bytes written."""
    import shutil
    out_dir = Path(out_dir)
    before = _WRITTEN.get(str(out_dir))
    if before is None or not all((out_dir / sub).is_dir() for sub in ("t", "p", "d")):
        before = {}
        for sub in ("t", "p", "d"):
            if (out_dir / sub).exists():
                shutil.rmtree(out_dir / sub)
            (out_dir / sub).mkdir(parents=True)
    written: dict[str, str] = {}
    total = 0

    def put(path: Path, name: str, data):
        nonlocal total
        text = js(name, data)
        key = path.relative_to(out_dir).as_posix()
        written[key] = text
        if before.get(key) != text or not path.is_file():
            path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))

    put(out_dir / "meta.js", "meta", index["meta"])
    block = index["meta"]["docBlock"]
    for k in range(0, len(index["pages"]), block):  # result list lines: [url, title, kind] per page
        put(out_dir / "d" / f"{k // block}.js", f"d{k // block}", [[d["u"], d["t"], d["k"]] for d in index["pages"][k:k + block]])
    for i, shard in enumerate(index["shards"]):
        put(out_dir / "t" / f"{i}.js", f"t{i}", shard)
    for i, doc in enumerate(index["pages"]):
        put(out_dir / "p" / f"{i}.js", f"p{i}", doc)
    for key in set(before) - set(written):
        (out_dir / key).unlink(missing_ok=True)
    _WRITTEN[str(out_dir)] = written
    return total


def page_inputs(site_dir: Path, pages, data, kinds: dict[str, str],
                extracted: dict[str, Extracted] | None = None) -> list[PageInput]:
    """PageInput for every published page of a built site (pages: kb Page records; generated
    playbook pages come from data.playbooks). extracted: pages already read (site path →
    Extracted); the others are read from site_dir."""
    extracted = extracted or {}

    def read(url: str, path: Path) -> tuple[str, Extracted | None]:
        if url in extracted:
            return "", extracted[url]
        return path.read_text(encoding="utf-8"), None
    from kb.model.urls import page_url
    from kb.search.glossary import Glossary
    glossary = Glossary(data)
    items: dict[str, PageInput] = {}
    for page in pages:
        url = page_url(page.src)
        path = Path(site_dir) / url
        meta = page.meta or {}
        search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
        if not path.is_file() or search.get("exclude") or page.is_draft:
            continue
        html, ex = read(url, path)
        items[url] = PageInput(url, html, str(meta.get("kind", "")),
                               tuple(str(t) for t in meta.get("tags") or ()), str(meta.get("description", "")),
                               str(meta.get("title", "")),
                               tuple(n for names in glossary.by_page.get(url, []) for n in names),
                               float(search.get("boost", 1) or 1), tuple(glossary.definitions.get(url, [])), ex)
    for pb in data.playbooks.values():
        url = page_url(pb.src)
        path = Path(site_dir) / url
        if url not in items and path.is_file():
            html, ex = read(url, path)
            items[url] = PageInput(url, html, "playbook",
                                   terms=tuple(n for names in glossary.by_page.get(url, []) for n in names),
                                   definitions=tuple(glossary.definitions.get(url, [])), extracted=ex)
    for url, kind in kinds.items():
        if url in items and kind and not items[url].kind:
            items[url].kind = kind
    return [items[u] for u in sorted(items)]


def build_site_index(site_dir: Path, pages, data, kinds: dict[str, str],
                     extracted: dict[str, Extracted] | None = None) -> dict:
    from kb.search.glossary import Glossary, use_user_dictionary
    try:
        use_user_dictionary(data)
    except ImportError:
        raise SegmentationError("搜索索引需要中文分词库 jieba，但 .venv 里没有装。请运行 make setup 后重新构建。") from None
    glossary = Glossary(data)
    groups = glossary.groups
    first_page = {t.term: page_url_of(t.page) for t in data.terms}
    inputs = page_inputs(site_dir, pages, data, kinds, extracted)
    index = build(inputs, groups, analyze.charmap_from_opencc(), cut=_remembered_cut(tuple(data.terms)),
                  glossary_pages=first_page, search_words=data.search)
    faq = [p.url for p in inputs if p.kind == "faq"]
    if faq:  # an empty result links the 问答 list
        index["meta"]["faq"] = faq[0]
    write_index(index, Path(site_dir) / "search")
    return index


# A run of Chinese text → its words, kept across the rebuilds of one process (mkdocs serve: a save
# re-indexes the whole site, and almost all of it is unchanged). The words depend on the glossary
# (jieba's user dictionary), so a glossary change starts it again.
_CUTS: dict[str, list[str]] = {}
_CUTS_FOR: list = [None]
_CUTS_MAX = 400_000


def _remembered_cut(glossary: tuple):
    if _CUTS_FOR[0] != glossary:
        _CUTS.clear()
        _CUTS_FOR[0] = glossary
    search_cut = jieba().cut_for_search

    def cut(run: str) -> list[str]:
        got = _CUTS.get(run)
        if got is None:
            if len(_CUTS) >= _CUTS_MAX:
                _CUTS.clear()
            got = _CUTS[run] = list(search_cut(run, HMM=False))
        return got
    return cut


def page_url_of(src: str) -> str:
    from kb.model.urls import page_url
    return page_url(src) if src else ""
