"""The one URL rule: docs path ↔ site URL ↔ source file.

The site is built with use_directory_urls: false, so docs/x/y.md is served as x/y.html (from
a web server and from a folder opened with file:// alike). Case playbook pages have no file in
docs/: playbooks/<id>.md is generated from data/playbooks/<id>.yml. Search tuning, handouts,
the privacy scan of the built site and the benchmark all map paths through this module."""
from __future__ import annotations

import re

PLAYBOOK_FOLDER = "playbooks"


def page_url(src: str) -> str:
    """docs path → site URL: procedures/acceptance.md → procedures/acceptance.html."""
    return re.sub(r"\.md$", ".html", src)


def page_src(url: str) -> str:
    """site URL or search location → docs path: procedures/acceptance.html#x → procedures/acceptance.md."""
    return re.sub(r"\.html$", ".md", page_of(url))


def page_of(location: str) -> str:
    """Page part of a site URL or search-index location: x/y.html#anchor → x/y.html; x/ → x/index.html."""
    page = location.split("#", 1)[0] or "index.html"
    return page + "index.html" if page.endswith("/") else page


def is_playbook_page(src: str) -> bool:
    """playbooks/<id>.md (generated), not the hand-written playbooks/index.md."""
    return (src.startswith(f"{PLAYBOOK_FOLDER}/") and src.count("/") == 1
            and src not in (f"{PLAYBOOK_FOLDER}/index.md", f"{PLAYBOOK_FOLDER}/index.html"))


def source_files(location: str) -> list[str]:
    """Repository files a built page may come from: its Markdown page, or for a generated
    playbook page the record data/playbooks/<id>.yml."""
    src = page_src(location)
    out = [f"docs/{src}"]
    if is_playbook_page(src):
        out.append(f"data/{PLAYBOOK_FOLDER}/{src.split('/', 1)[1][:-3]}.yml")
    return out
