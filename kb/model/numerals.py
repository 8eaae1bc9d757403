"""Numbers as Chinese text writes them (十五, 三十四) and back; shared by the citation
check and the search index so both read 第十五条 the same way."""
from __future__ import annotations

_CN_DIGITS = "零一二三四五六七八九"
_CN_VALUES = {c: i for i, c in enumerate(_CN_DIGITS)} | {"〇": 0, "两": 2}


def to_chinese(n: int) -> str:
    """15 → 十五, 34 → 三十四, 105 → 一百零五 (1 ≤ n ≤ 999), the way numbers are written in text."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = _CN_DIGITS[hundreds] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _CN_DIGITS[rest]
    tens, ones = divmod(rest, 10)
    return head + _CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")


def from_chinese(text: str) -> int | None:
    """十五 → 15, 三十四 → 34, 一百零五 → 105, 两 → 2; None when it is not a plain number."""
    total, current = 0, None
    for char in text:
        if char in "零〇" and current is None and total:
            continue  # 一百零五: 零 only holds the place of the missing tens
        if char in _CN_VALUES:
            if current is not None:
                return None  # 二三: not a number written the usual way
            current = _CN_VALUES[char]
        elif char == "十":
            total += (1 if current is None else current) * 10
            current = None
        elif char == "百":
            if current is None:
                return None
            total += current * 100
            current = None
        else:
            return None
    total += current or 0
    return total if 0 < total < 1000 else None
