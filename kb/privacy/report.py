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
    """The personal data itself hidden, enough left to find it: 110***********1234, 张**, z***@qq.com."""
    t = hit.text
    if hit.kind == "email":
        local, _, domain = t.partition("@")
        return f"{local[0]}***@{domain}"
    if hit.kind == "name":
        return t[0] + "*" * (len(t) - 1)
    if hit.kind in ("deny-list", "wechat"):
        keep = 1 if hit.kind == "deny-list" else 2
        return t[:keep] + "*" * (len(t) - keep)
    if hit.kind in ("address", "birth-date"):
        out, seen = [], 0
        for c in t:  # keep the year's century (19**年) and the words, hide the numbers
            if c.isdigit() or c in "零〇一二三四五六七八九十百两":
                out.append(c if hit.kind == "birth-date" and seen < 2 else "*")
                seen += 1
            else:
                out.append(c)
        return "".join(out)
    if hit.kind in ("mobile", "landline"):
        digits = [i for i, c in enumerate(t) if c.isdigit()]
        if hit.kind == "mobile":  # the 11-digit number itself, whatever the +86/0086 prefix
            hide = set(digits[-8:-4])
        else:  # keep the area code and the last 4 digits
            area = len(re.match(r"\(?\d+", t).group(0).lstrip("("))
            hide = set(digits[area:-4])
        return "".join("*" if i in hide else c for i, c in enumerate(t))
    if hit.kind == "plate":
        return t[:2] + re.sub(r"[A-Z0-9]", "*", t[2:-1]) + t[-1]
    positions = [i for i, c in enumerate(t) if c.isalnum()]
    n = len(positions)
    head, tail = (3, 4) if n >= 10 else (2, 2) if n >= 6 else (1, 0)
    hide = set(positions[head:n - tail])
    return "".join("*" if i in hide else c for i, c in enumerate(t))


def excerpt(line: str, hits: list[Hit], hit: Hit, width: int = 12) -> str:
    """The hit in context with every hit on the line masked."""
    out, pos, at = [], 0, 0
    for h in hits:
        out.append(line[pos:h.start])
        if h is hit:
            at = sum(len(x) for x in out)
        out.append(mask(h))
        pos = h.end
    out.append(line[pos:])
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
