"""Citation checks on page sources: every 第N条 must exist in the 2022 regulation,
and the superseded 2005 numbers must never be used for the 60-day, 复查 or 复核 rules."""
from __future__ import annotations

import re

from kb.data import KbData
from kb.findings import Finding
from kb.numerals import from_chinese, to_chinese

ARTICLE = re.compile(r"第([0-9]+|[零〇一二两三四五六七八九十百]+)条")
CITE_CALL = re.compile(r"cite\(\s*([^,)\s]+)")
MACRO_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
OTHER_LAW = re.compile(r"《(?!信访工作条例)[^》]{1,30}》[^。；\n]{0,6}$")

# The 2005 《信访条例》 put 60日 at old 第33条, 复查 at 34, 复核 at 35 (facts sheet §10).
# A keyword written right next to the old number is almost certainly the old numbering.
OLD_NUMBERING = [
    (33, r"(?:60|六十)(?:日|天)", "60日办理期限在2022年条例里是第34条"),
    (34, r"复查", "复查在2022年条例里是第35条"),
    (35, r"复核", "复核在2022年条例里是第36条"),
]


def _line_at(text: str, index: int, first_line: int) -> int:
    return text.count("\n", 0, index) + first_line


def check_citations(text: str, shown_path: str, data: KbData, first_line: int = 1) -> list[Finding]:
    found = []
    for block in MACRO_BLOCK.finditer(text):  # only real macro calls, not prose that mentions cite()
        for m in CITE_CALL.finditer(block.group(0)):
            arg = m.group(1)
            if not arg.isdigit() or int(arg) not in data.articles:
                found.append(Finding(shown_path, _line_at(text, block.start() + m.start(), first_line), "citation",
                                     f"cite({arg}) 引用的条文不存在。2022年《信访工作条例》只有第1—50条，请核对条号。"))
    prose = MACRO_BLOCK.sub(lambda m: " " * len(m.group(0)), text)  # keep offsets for line numbers
    for m in ARTICLE.finditer(prose):
        if OTHER_LAW.search(prose[max(0, m.start() - 40):m.start()]):
            continue  # an article of another law, e.g. 《民事诉讼法》第N条
        number = int(m.group(1)) if m.group(1).isdigit() else from_chinese(m.group(1))
        if number not in data.articles:
            found.append(Finding(shown_path, _line_at(prose, m.start(), first_line), "citation",
                                 f"“{m.group(0)}” 不存在：2022年《信访工作条例》只有第1—50条。请核对条号，最好改用 {{{{ cite(N) }}}} 宏。"))
    found += check_old_numbering(prose, shown_path, first_line)
    return found


def check_old_numbering(text: str, shown_path: str, first_line: int = 1) -> list[Finding]:
    found = []
    for old, keyword, right in OLD_NUMBERING:
        num = rf"第(?:{old}|{to_chinese(old)})条"
        pattern = re.compile(rf"{keyword}[^。；，、和与及\n]{{0,4}}{num}|{num}[^。；，、和与及\n]{{0,6}}{keyword}")
        for m in pattern.finditer(text):
            found.append(Finding(shown_path, _line_at(text, m.start(), first_line), "citation",
                                 f"“{m.group(0)}” 用的是2005年旧《信访条例》的条号：{right}。请改正。"))
    return found

