"""Accessibility fixes on built HTML (pure: HTML in, HTML out). A task-list checkbox gets its
item's text as its accessible name: Markdown's `- [ ] text` puts the text outside the label."""
from __future__ import annotations

import html
import re

_TASK = re.compile(r'(<li class="task-list-item"><label class="task-list-control"><input type="checkbox")'
                   r'([^>]*>.*?</label>)(.*?)(?=</li>|<ul|<ol)', re.S)
_TAGS = re.compile(r"<[^>]+>")


def label_task_checkboxes(page_html: str) -> str:
    def name(m: re.Match) -> str:
        text = " ".join(html.unescape(_TAGS.sub("", m.group(3))).split())
        if not text or "aria-label" in m.group(2):
            return m.group(0)
        return f'{m.group(1)} aria-label="{html.escape(text[:120], quote=True)}"{m.group(2)}{m.group(3)}'
    return _TASK.sub(name, page_html)
