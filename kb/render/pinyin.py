"""拼音 order and the letter jump bar (glossary, tags index). pypinyin (pinned) gives the
readings; the sort follows the dictionary convention: letters syllable by syllable, then tone."""
from __future__ import annotations

import html
import re
import string
from functools import lru_cache
from typing import Callable, Iterable

from pypinyin import Style, lazy_pinyin

# Leading quotes and brackets do not count for the order (“四个到位” sorts under S).
_LEADING = re.compile(r"^[\s“”‘’\"'《》〈〉（）()【】「」、，。·…—-]+")
_SYLLABLE = re.compile(r"^([a-z]+)([1-5]?)$")


def _syllables(text: str) -> list[str]:
    return lazy_pinyin(_LEADING.sub("", text), style=Style.TONE3, neutral_tone_with_five=True,
                       errors=lambda chars: list(chars.lower()))


@lru_cache(maxsize=65536)  # the tags index sorts the same titles once per tag
def sort_key(text: str) -> tuple:
    """Key for sorted(): 拼音 letters first, tone next, the text itself last (a stable tie-break)."""
    parts = []
    for s in _syllables(text):
        m = _SYLLABLE.match(s)
        parts.append((m.group(1), int(m.group(2) or 0)) if m else (s, 0))
    return (tuple(p[0] for p in parts), tuple(p[1] for p in parts), text)


def initial(text: str) -> str:
    """The jump-bar letter of a text: first letter of its first syllable, A–Z, or # otherwise."""
    syllables = _syllables(text)
    first = syllables[0][:1].upper() if syllables else ""
    return first if first in string.ascii_uppercase else "#"


def pinyin_sorted(items: Iterable, key: Callable[[object], str] = str) -> list:
    return sorted(items, key=lambda item: sort_key(key(item)))


def letter_anchor(letter: str) -> str:
    return "letter-" + ("other" if letter == "#" else letter.lower())


def jump_bar(targets: dict[str, str], label: str = "按拼音首字母跳转") -> str:
    """A–Z links to the given #anchors (letter → anchor); letters without entries are shown dimmed."""
    cells = []
    for letter in list(string.ascii_uppercase) + (["#"] if "#" in targets else []):
        if letter in targets:
            cells.append(f'<a class="kb-jump__letter" href="#{html.escape(targets[letter], quote=True)}">{letter}</a>')
        else:
            cells.append(f'<span class="kb-jump__letter kb-jump__letter--empty" aria-hidden="true">{letter}</span>')
    return f'<nav class="kb-jump" aria-label="{html.escape(label)}">{"".join(cells)}</nav>'


def first_by_letter(names: Iterable[str]) -> dict[str, str]:
    """Initial letter → the first name under it in 拼音 order (where a jump-bar letter points)."""
    out: dict[str, str] = {}
    for name in pinyin_sorted(names):
        out.setdefault(initial(name), name)
    return out
