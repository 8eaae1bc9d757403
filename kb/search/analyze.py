"""Text analysis shared by the index builder and the query engine (and mirrored line by line in
docs/assets/javascripts/kb-search.js, so the browser and `kb search` read text the same way).

Pure functions, stdlib only. The pipeline for both documents and queries:

1. fold(): full-width ASCII → half-width, ASCII lower case, traditional → simplified characters
   (a one-character map from OpenCC's TSCharacters, built by `charmap()` at build time and shipped
   to the browser), every character that is not Han, a letter or a digit becomes a space — so
   quotes, brackets and search syntax (+ - * : ~ ^ ") can never break a query;
2. numbers(): Chinese numerals in 第N条/款/项 and N日/天/个月/工作日/小时/人… become Arabic
   (第三十四条 → 第34条, 十五日 → 15日, 两个月 → 2个月), and each such number + unit is one token;
3. pieces(): the folded text as a list of (kind, text): "num" tokens, "lat" runs of letters and
   digits, "han" runs of Chinese characters. Documents cut "han" runs with jieba (build time);
   queries cut them into index vocabulary words with the fewest pieces (`fmm`).
"""
from __future__ import annotations

import re

from kb.model.numerals import from_chinese
from kb.model.searchwords import MAX_WORD, STOPWORDS  # noqa: F401  (the search word lists)

# Number + unit (after Chinese numerals are turned into digits). Order matters: longest unit first.
_UNITS = "个工作日|工作日|个月|小时|日|天|人|名|次|周|年"
_CN_NUM = "[零〇一二两三四五六七八九十百]+"
_ORDINAL_CN = re.compile(rf"第({_CN_NUM})(条|款|项|章)")
_MEASURE_CN = re.compile(rf"(?<![零〇一二两三四五六七八九十百\d])({_CN_NUM})({_UNITS})")
NUMBER_TOKEN = re.compile(rf"第\d{{1,3}}(?:条|款|项|章)|\d{{1,3}}(?:{_UNITS})")
_PIECE = re.compile(rf"({NUMBER_TOKEN.pattern})|([a-z0-9]+)|([\u3400-\u9fff\uf900-\ufaff]+)")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

MAX_QUERY = 200      # characters of a query that are read; the rest is ignored


_NOT_WORD = re.compile(r"[^a-z0-9\u3400-\u9fff\uf900-\ufaff]")
_TABLES: dict[int, dict[int, str]] = {}


def _table(charmap: dict[str, str]) -> dict[int, str]:
    """One str.translate table: full-width ASCII → half-width, A-Z → a-z, traditional → simplified."""
    key = id(charmap)
    table = _TABLES.get(key)
    if table is None or table.get(-1) is not charmap:
        table = {code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)}
        table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
        table.update({ord(k): v for k, v in charmap.items()})
        table[-1] = charmap   # remembers which map it was made from
        _TABLES[key] = table
    return table


def fold(text: str, charmap: dict[str, str]) -> str:
    """Full-width → half-width, lower case, traditional → simplified, non-word characters → space
    (one space per character, so positions in the folded text are positions in the original)."""
    return _NOT_WORD.sub(" ", text.translate(_table(charmap)))


def _digits(match: re.Match, prefix: str) -> str:
    value = from_chinese(match.group(1))
    if value is None:
        return match.group(0)
    return f"{prefix}{value}{match.group(2)}"


def numbers(text: str) -> str:
    """第三十四条 → 第34条, 十五日 → 15日, 两个月 → 2个月 (folded text in, folded text out)."""
    text = _ORDINAL_CN.sub(lambda m: _digits(m, "第"), text)
    return _MEASURE_CN.sub(lambda m: _digits(m, ""), text)


def pieces(text: str) -> list[tuple[str, str]]:
    """(kind, text) of folded, number-normalised text: kind is num, lat or han."""
    out = []
    for m in _PIECE.finditer(text):
        if m.group(1):
            out.append(("num", m.group(1)))
        elif m.group(2):
            out.append(("lat", m.group(2)))
        else:
            out.append(("han", m.group(3)))
    return out


def normalise(text: str, charmap: dict[str, str]) -> str:
    return numbers(fold(text, charmap))


def fmm(run: str, vocabulary: set[str] | frozenset[str]) -> list[str]:
    """Cut a Chinese run into vocabulary words (2..MAX_WORD characters) and single characters:
    the cut with the fewest pieces, a single character counting as two (跑来信访局 → 跑 来 信访局,
    where greedy longest matching gives 跑 来信 访 局; 受理告知书 → 受理 告知书); on equal cost the
    one whose earlier words are longer."""
    n = len(run)
    cost = [0] * (n + 1)   # cost[i]: cheapest cut of run[i:]
    step = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        cost[i], step[i] = cost[i + 1] + 2, 1
        for j in range(min(n, i + MAX_WORD), i + 1, -1):
            if run[i:j] in vocabulary and cost[j] + 1 < cost[i]:
                cost[i], step[i] = cost[j] + 1, j - i
    words, i = [], 0
    while i < n:
        words.append(run[i:i + step[i]])
        i += step[i]
    return words


def is_stop(word: str) -> bool:
    return word in STOPWORDS


def charmap_from_opencc() -> dict[str, str]:
    """Traditional → simplified, one character to one character, from OpenCC's TSCharacters
    (the first simplified form of each entry; entries that map a character to itself dropped)."""
    from importlib import resources
    text = (resources.files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or len(parts[0]) != 1:
            continue
        target = parts[1].split(" ")[0]
        if len(target) == 1 and target != parts[0]:
            out[parts[0]] = target
    return out
