"""Handout and section PDFs are printed by `kb build` after MkDocs has finished. A build that
makes none (`mkdocs serve`, `make serve`, `kb build --no-handouts`) points those links at the
page that says how to get them, instead of at a file that is not there. Pure: HTML in, HTML out."""
from __future__ import annotations

import re

from kb.render.core import BOOK_DIR

HANDOUT_DIR = "handouts"
HELP_PAGE = "maintenance/handouts.html"
_PDF_LINK = re.compile(r'<a\b([^>]*?)href="((?:\.\./)*(?:%s|%s)/[^"/]+\.pdf)"([^>]*)>' % (HANDOUT_DIR, BOOK_DIR))


def point_pdfs_to_help(page_html: str, page_src: str) -> str:
    """Every link to a handout or section PDF → the help page (relative to page_src's folder)."""
    up = "../" * page_src.count("/")

    def swap(m: re.Match) -> str:
        attrs = re.sub(r"\s+", " ", (m.group(1) + m.group(3)).replace(" download", "")).rstrip()
        return f'<a{attrs} href="{up}{HELP_PAGE}" data-kb-pdf-missing="{m.group(2)}">'

    return _PDF_LINK.sub(swap, page_html)
