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

# Question and function words: they say how something is asked, not what about. Dropped from
# queries and from the index alike.
STOPWORDS = frozenset("""
的 了 吗 呢 吧 啊 呀 么 嘛 哦 和 与 及 或 或者 以及 并 并且 而 而且 但 但是 就 都 也 还 又 再 才 很 太 更
是 不是 是否 是不是 有没有 有 没有 在 于 对 对于 向 把 被 给 让 将 从 自 由 为 为了 以 之 其 该 此 这 那
这个 那个 这些 那些 这样 那样 这种 哪 哪个 哪些 哪里 哪儿 哪位 谁 什么 啥 什么样 怎么 怎样 怎么样 怎么办 如何
为何 为什么 多少 几 几个 多久 多长 多长时间 吗 请问 请 问 想 想问 要 需要 需不需要 应 应当 应该 应不应该 能 能不能
可以 可不可以 可否 能否 得 会 会不会 必须 我 我们 你 你们 他 她 它 他们 她们 咱们 自己 本人 一下 一个 一些 一般
所 所以 因为 如果 若 则 时 时候 后 之后 以后 之前 以前 上 下 中 里 内 等 等等 个 些 呢 啦 嗯 呗
很 很多 还要 还是 到底 究竟 一定 就算 算不算 算 行不行 行 不行 好不好 对不对 一般 一声 一下子 现在 具体 有关 相关
几项 几条 几种 几类 哪几 哪几项 哪几种 哪几类 多少种 跟 说 叫 去 来 看 听 一共 前前后后 最后 怎样 怎么样 会怎样 要不要 该不该 到底 这事 这件事 那件事 啊
""".split())

# Number + unit (after Chinese numerals are turned into digits). Order matters: longest unit first.
_UNITS = "个工作日|工作日|个月|小时|日|天|人|名|次|周|年"
_CN_NUM = "[零〇一二两三四五六七八九十百]+"
_ORDINAL_CN = re.compile(rf"第({_CN_NUM})(条|款|项|章)")
_MEASURE_CN = re.compile(rf"(?<![零〇一二两三四五六七八九十百\d])({_CN_NUM})({_UNITS})")
NUMBER_TOKEN = re.compile(rf"第\d{{1,3}}(?:条|款|项|章)|\d{{1,3}}(?:{_UNITS})")
_PIECE = re.compile(rf"({NUMBER_TOKEN.pattern})|([a-z0-9]+)|([\u3400-\u9fff\uf900-\ufaff]+)")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Ways of asking "how long" that mean the page about deadlines: the query gets the concept 期限.
# (Question words themselves are stopwords; this keeps what they ask for.)
IMPLIED = {
    "期限": ["多少天", "多少日", "多少个工作日", "几天", "几日", "几个工作日", "多久", "多长时间", "多长期限",
             "时限", "什么时候", "到期", "几个月"],
}
# Everyday words for what the pages say in the regulation's words (both ways, like glossary synonyms).
EVERYDAY = [
    ("上报", "报告"), ("突发", "紧急"), ("突发情况", "紧急情况"), ("不满意", "不服"), ("投诉", "反映"),
    ("转来", "转送"), ("不归", "属于"), ("回复", "答复"), ("信件", "来信"), ("纪委", "纪检监察"),
    ("举报", "检举控告"), ("时限", "期限"), ("地址", "住址"), ("推来推去", "推诿"), ("踢皮球", "推诿"),
    ("信访件", "信访事项"), ("当面说", "陈述"),
]

MAX_QUERY = 200      # characters of a query that are read; the rest is ignored
MAX_WORD = 8         # longest vocabulary word a query is cut into


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
