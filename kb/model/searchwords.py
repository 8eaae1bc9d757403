"""The word lists of search that maintainers edit in data/search.yml (everyday synonyms, the ways
of asking that imply a concept), and the question and function words search drops (code: they
are rules of the language, not of this county).

Stdlib only, no I/O: kb.load builds SearchWords, kb.checks checks it, kb.search uses it."""
from __future__ import annotations

from dataclasses import dataclass

# Question and function words: they say how something is asked, not what about. Dropped from
# queries and from the index alike (kb.search.analyze).
STOPWORDS = frozenset("""
的 了 吗 呢 吧 啊 呀 么 嘛 哦 和 与 及 或 或者 以及 并 并且 而 而且 但 但是 就 都 也 还 又 再 才 很 太 更
是 不是 是否 是不是 有没有 有 没有 在 于 对 对于 向 把 被 给 让 将 从 自 由 为 为了 以 之 其 该 此 这 那
这个 那个 这些 那些 这样 那样 这种 哪 哪个 哪些 哪里 哪儿 哪位 谁 什么 啥 什么样 怎么 怎样 怎么样 怎么办 如何
为何 为什么 多少 几 几个 多久 多长 多长时间 请问 请 问 想 想问 要 需要 需不需要 应 应当 应该 应不应该 能 能不能
可以 可不可以 可否 能否 得 会 会不会 必须 我 我们 你 你们 他 她 它 他们 她们 咱们 自己 本人 一下 一个 一些 一般
所 所以 因为 如果 若 则 时 时候 后 之后 以后 之前 以前 上 下 中 里 内 等 等等 个 些 啦 嗯 呗
很多 还要 还是 到底 究竟 一定 就算 算不算 算 行不行 行 不行 好不好 对不对 一声 一下子 现在 具体 有关 相关
几项 几条 几种 几类 哪几 哪几项 哪几种 哪几类 多少种 一共 前前后后 最后 会怎样 要不要 该不该
这事 这件事 那件事 跟 说 叫 去 来 看 听
""".split())

MAX_WORD = 8   # longest vocabulary word a query is cut into (kb.search.analyze.fmm)


@dataclass(frozen=True)
class Implied:
    """A way of asking (多少天, 多久 …) that means a concept (期限) the words themselves do not say."""
    concept: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class SearchWords:
    """data/search.yml: everyday words ↔ the pages' words (each group works every way, like the
    glossary's aliases), and the ways of asking that imply a concept."""
    everyday: tuple[tuple[str, ...], ...] = ()
    implied: tuple[Implied, ...] = ()

    def implied_map(self) -> dict[str, list[str]]:
        """concept → phrases, in file order (the index's meta.implied)."""
        out: dict[str, list[str]] = {}
        for item in self.implied:
            out.setdefault(item.concept, []).extend(p for p in item.phrases if p not in out.get(item.concept, []))
        return out
