"""The one reader of article references in prose: 第15条, 第十五条, 第二十三条第三款.

Pages, data text and training text are all checked with it (kb.checks.citations), so 第五十一条
is caught wherever it is written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from kb.model.numerals import from_chinese, to_chinese

ARTICLE = re.compile(r"第([0-9]+|[零〇一二两三四五六七八九十百]+)条")
# 《民事诉讼法》第N条: an article of another law, not of the regulation
OTHER_LAW = re.compile(r"《(?!信访工作条例)[^》]{1,30}》[^。；\n]{0,6}$")

# The 2005 《信访条例》 put 60日 at old 第33条, 复查 at 34, 复核 at 35 (facts sheet §10).
# A keyword written right next to the old number is almost certainly the old numbering.
OLD_NUMBERING = (
    (33, r"(?:60|六十)(?:日|天)", "60日办理期限在2022年条例里是第34条"),
    (34, r"复查", "复查在2022年条例里是第35条"),
    (35, r"复核", "复核在2022年条例里是第36条"),
)
_OLD_PATTERNS = tuple(
    (re.compile(rf"{kw}[^。；，、和与及|\n]{{0,4}}第(?:{old}|{to_chinese(old)})条"
                rf"|第(?:{old}|{to_chinese(old)})条[^。；，、和与及|\n]{{0,6}}{kw}"), right,
     (f"第{old}条", f"第{to_chinese(old)}条"))  # one of these is in every match
    for old, kw, right in OLD_NUMBERING)


@dataclass(frozen=True)
class Mention:
    start: int
    text: str          # as written: 第十五条
    number: int | None  # 15; None when the numeral is not a plain number


def article_mentions(text: str) -> Iterator[Mention]:
    """Every 第N条 of the regulation in text (articles of other laws are skipped)."""
    for m in ARTICLE.finditer(text):
        if OTHER_LAW.search(text[max(0, m.start() - 40):m.start()]):
            continue
        raw = m.group(1)
        yield Mention(m.start(), m.group(0), int(raw) if raw.isdigit() else from_chinese(raw))


def old_numbering(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, text, what is right) for every use of the 2005 numbering next to its keyword."""
    for pattern, right, needs in _OLD_PATTERNS:
        if not any(n in text for n in needs):
            continue
        for m in pattern.finditer(text):
            yield m.start(), m.group(0), right
