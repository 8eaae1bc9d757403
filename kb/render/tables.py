"""Tables that read on a phone: every cell of a table with three or more columns gets its
column heading as data-label, and the table data-kb-stack. On a narrow screen
(stylesheets/kb.css) each row becomes a card, each cell a labelled line, so nothing hides
behind a horizontal scroll; on a wide screen and on paper the table stays a table.
Pure: built HTML in, HTML out."""
from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S | re.I)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S | re.I)
_TD = re.compile(r"<td\b(?![^>]*data-label)", re.I)
_TAGS = re.compile(r"<[^>]+>")
MIN_COLUMNS = 3


def _label(cell_html: str) -> str:
    return html.escape(html.unescape(_TAGS.sub("", cell_html)).strip(), quote=True)


def _stack(m: re.Match) -> str:
    attrs, body = m.group("attrs"), m.group("body")
    head, sep, rest = body.partition("</thead>")
    if not sep or "data-kb-stack" in attrs:
        return m.group(0)
    labels = [_label(c) for c in _TH.findall(head)]
    if len(labels) < MIN_COLUMNS:
        return m.group(0)

    def row(r: re.Match) -> str:
        cells = iter(labels)
        return _TD.sub(lambda _: f'<td data-label="{next(cells, "")}"', r.group(0))

    return f"<table{attrs} data-kb-stack>{head}{sep}{_ROW.sub(row, rest)}</table>"


def stack_tables(page_html: str) -> str:
    return _TABLE.sub(_stack, page_html)
