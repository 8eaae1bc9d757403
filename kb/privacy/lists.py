"""The deny and allow patterns of data/privacy.yml, run safely: with the `regex` module and a time
limit on every match (a pattern like (.+)+小区 must not hang `kb check`), and refused outright when
they backtrack on long probes or, for allow entries, match arbitrary text (`.+`, `.*`, `\\S+` …
would turn the guard off)."""
from __future__ import annotations

import random
from functools import lru_cache

import regex

from kb.model.privacy_lists import ListEntry, normalize

MATCH_TIMEOUT = 0.05     # seconds for one pattern on one line
PROBE_TIMEOUT = 0.2      # seconds for one pattern on one probe when the lists are checked
MAX_RANDOM_MATCH = 6     # an allow pattern may match at most this many characters of random text


class PatternTimeout(Exception):
    def __init__(self, entry: ListEntry):
        self.entry = entry
        super().__init__(entry.pattern)


@lru_cache(maxsize=256)
def compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.V0)


def entry_spans(entry: ListEntry, line: str) -> list[tuple[int, int]]:
    """Where a list entry matches a normalized line. PatternTimeout when its pattern takes too long."""
    if entry.pattern:
        try:
            return [m.span() for m in compiled(entry.pattern).finditer(line, timeout=MATCH_TIMEOUT) if m.end() > m.start()]
        except TimeoutError:
            raise PatternTimeout(entry) from None
    return list(entry.spans(line))


def _probes() -> list[str]:
    """Random text of every kind the scanner reads, plus the classic backtracking traps."""
    rng = random.Random(20261202)
    han = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(400)]
    latin = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_@/()"
    out = ["".join(rng.choice(han) for _ in range(80)) for _ in range(6)]
    out += ["".join(rng.choice(latin) for _ in range(80)) for _ in range(4)]
    out += ["".join(rng.choice(han + list(latin)) for _ in range(80)) for _ in range(4)]
    return out


RANDOM_PROBES = tuple(_probes())
# Long runs of one character: where nested repetition backtracks.
TRAPS = tuple(c * 3000 + "!" for c in "ax1 某.") + ("小区" * 1500 + "!",)
# A group that repeats something and is itself repeated: (.+)+, (\w+\s?)*, (a|aa){2,}.
NESTED = regex.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\d*\})")


def pattern_problem(entry: ListEntry, allow: bool) -> str | None:
    """Why a list pattern is refused (in words for the message), or None."""
    if not entry.pattern:
        return None
    try:
        pattern = compiled(entry.pattern)
    except regex.error as err:
        return f"正则写法有误（{err}）。"
    slow = ("这个正则在长文字上要回溯很久（像 (.+)+ 这样的嵌套重复），会让检查卡住。"
            "请改成不嵌套的写法，或者直接写 text: 原文。")
    if NESTED.search(entry.pattern):
        return slow
    widest = 0
    for probe in RANDOM_PROBES + TRAPS:
        try:
            for m in pattern.finditer(normalize(probe), timeout=PROBE_TIMEOUT):
                if probe in RANDOM_PROBES:
                    widest = max(widest, m.end() - m.start())
        except TimeoutError:
            return slow
    if allow and widest > MAX_RANDOM_MATCH:
        return (f"这个正则能匹配随机文字（在随机字符里匹配到了 {widest} 个字符），等于把检查关掉。"
                "放行规则只能写被报出的那段原文（text:），或者只匹配它的窄正则。")
    return None
