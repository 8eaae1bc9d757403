"""What a finding of the guard shows: the personal data masked, with a little context."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model.findings import Finding


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    start: int
    end: int
    text: str


def mask(hit: Hit) -> str:
    """Every character of the personal data hidden (messages end up in CI logs): only its length shows."""
    return re.sub(r"\S", "*", hit.text)


_LONG_NUMBER = re.compile(r"[0-9Xx][0-9Xx .\-]{4,}[0-9Xx]")


def mask_context(text: str) -> str:
    """The text around a finding, with what could be personal data the rules missed hidden too:
    long numbers and anything that looks like a name (a surname and one or two given-name characters)."""
    from kb.privacy.names import _BARE, _bare_ok
    text = _LONG_NUMBER.sub(lambda m: re.sub(r"\S", "*", m.group(0)), text)
    out, pos = [], 0
    for m in _BARE.finditer(text):
        if m.start() < pos:
            continue
        given = m.group("given").replace(" ", "")
        if _bare_ok(text, m.start(), m.group("sur"), given, bool(m.group("gap"))):
            out += [text[pos:m.start()], "*" * (m.end() - m.start())]
            pos = m.end()
    return "".join(out) + text[pos:]


def excerpt(line: str, hits: list[Hit], hit: Hit, width: int = 12) -> str:
    """The hit in context with every hit on the line masked."""
    out, pos, at = [], 0, 0
    for h in hits:
        out.append(mask_context(line[pos:h.start]))
        if h is hit:
            at = sum(len(x) for x in out)
        out.append(mask(h))
        pos = h.end
    out.append(mask_context(line[pos:]))
    masked = "".join(out)
    length = len(mask(hit))
    start, end = max(0, at - width), min(len(masked), at + length + width)
    text = re.sub(r"\s+", " ", masked[start:end]).strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(masked) else "")



@dataclass(frozen=True)
class Report:
    """One finding of the scanner, before it is worded for `kb privacy` or for a build."""
    path: str
    line: int
    kind: str
    label: str
    excerpt: str
    where: str = ""

    def finding(self) -> Finding:
        """As `kb privacy` prints it: path:line: kind: masked excerpt."""
        suffix = f"（页面 {self.where}）" if self.where else ""
        return Finding(self.path, self.line, self.kind, self.excerpt + suffix)
