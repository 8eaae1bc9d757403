"""The glossary's part of search: its terms and aliases as a jieba user dictionary (each is
segmented as one word when the index is built) and as groups of names (any name finds the rest).
Used by kb.search.index."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path

from backrefs import bre

from kb.model.urls import page_url

_HAN = bre.compile(r"\p{sc=Han}+")


def term_names(term) -> list[str]:
    """The canonical form first, then the aliases."""
    return [term.term, *term.aliases]


def dictionary_words(data) -> list[str]:
    """Words for jieba: every glossary name, split where it has punctuation or digits
    (属地管理、分级负责 → 属地管理, 分级负责; 60日办结 is left to the number handling)."""
    words: dict[str, None] = {}
    for term in data.terms:
        for name in term_names(term):
            runs = _HAN.findall(name)
            if len(runs) == 1 and runs[0] != name and not re.search(r"[、，,\s]", name):
                continue  # mixed with digits or Latin letters: jieba never sees it as one run
            for run in runs:
                if len(run) >= 2:
                    words[run] = None
    return list(words)


def user_dictionary(data) -> str:
    """jieba user dictionary text: one word a line, no frequency (jieba then makes sure the
    word is cut as a whole)."""
    return "".join(f"{word}\n" for word in dictionary_words(data))


def write_user_dictionary(data) -> Path:
    """Write the dictionary to a build-temp file named after its content (concurrent builds of
    different checkouts never clash; an unchanged glossary reuses the file)."""
    text = user_dictionary(data)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"kb-jieba-userdict-{digest}.txt"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return path


def use_user_dictionary(data) -> None:
    """Load the user dictionary into this process's jieba (the search index builder calls this
    on every build, so `mkdocs serve` sees glossary edits; tests that segment text call it too)."""
    with open(write_user_dictionary(data), "rb") as file:  # jieba leaves a path's file open
        jieba().load_userdict(file)


class Glossary:
    """Lookups from any name (canonical or alias) to the whole group of names."""

    def __init__(self, data):
        self.groups: list[tuple[str, ...]] = [tuple(term_names(t)) for t in data.terms]
        self.by_page: dict[str, list[tuple[str, ...]]] = {}
        self.definitions: dict[str, list[str]] = {}
        for term, names in zip(data.terms, self.groups):
            self.by_page.setdefault(page_url(term.page), []).append(names)
            self.definitions.setdefault(page_url(term.page), []).append(term.definition)
        self.by_name = {name: names for names in self.groups for name in names}
        self.longest = max((len(n) for n in self.by_name), default=0)
        # names with punctuation or digits never come out of jieba as one token: substring test
        self.loose = [n for n in self.by_name if not _HAN.fullmatch(n)]

    def mentioned(self, tokens: list[str], raw: str) -> set[str]:
        """All names of every term that is mentioned: a name counts when it is one token or a
        run of whole tokens (信访人 in 信访人|的, not in 信访|人员), or, for names that are not
        one Chinese run (属地管理、分级负责, 60日办结), when the text contains it."""
        spans: set[str] = set()
        for i in range(len(tokens)):
            joined = ""
            for token in tokens[i:]:
                joined += token
                if len(joined) > self.longest:
                    break
                spans.add(joined)
        found = {n for n in spans if n in self.by_name} | {n for n in self.loose if n in raw}
        return {name for n in found for name in self.by_name[n]}



def jieba():
    """jieba, imported quietly: it still imports pkg_resources, whose deprecation warning is
    jieba's business (the test suite turns warnings into errors)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba as module
    module.setLogLevel(logging.WARNING)  # no "Building prefix dict …" chatter on every run
    return module
