"""Blanking parts of a text without moving anything else: a check that hides code, macro calls or
link targets before it searches still reports the right offsets and line numbers. Pure, stdlib."""
from __future__ import annotations

import re

_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(match: re.Match) -> str:
    """For re.sub: the matched text as spaces, its line breaks kept."""
    text = match.group(0)
    if "\n" not in text:
        return " " * len(text)
    return _NOT_NEWLINE.sub(" ", text)
