"""A synthetic N-page corpus made from the real content, and its plain-Material baseline.

make_corpus() copies the checkout (docs/, data/, overrides/, macros.py, mkdocs.yml) into a folder
and adds numbered copies of real pages and playbook records until the site has N pages:

- page copies sit next to their original (procedures/acceptance-s0003.md), with a numbered title
  and H1 and one numbered sentence, so titles and text are distinct; they hang in the nav of the
  original's section under 合成页面 › 第k组 (GROUP pages a group, as an author would nest them);
- playbook copies are data/playbooks/<id>-s0003.yml with a numbered title and summary; the kb
  hooks put them in the nav like any playbook.

Everything else (front matter, citations, deadlines, privacy) is the real content, so every check
must pass on the corpus as on the checkout. write_baseline() writes the same Markdown, macro
calls already rendered, with a minimal mkdocs.yml (Material, zh, search; no hooks, no macros).
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

import kb
from kb.load.project import Project
from kb.render.playbooks import playbook_files, playbook_nav, published

GROUP = 40          # synthetic pages per nav group
SUFFIX = "-s{n:04d}"
COPIED_SECTIONS = ("policy/", "procedures/", "reference/templates/")
SYNTH_SECTION = "合成页面"


@dataclass(frozen=True)
class Corpus:
    root: Path
    pages: int        # published Markdown pages
    playbooks: int    # published playbooks (each one page)

    @property
    def total(self) -> int:
        return self.pages + self.playbooks


# ----------------------------------------------------------------------------- mkdocs.yml as text

TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):", re.M)


def yaml_blocks(text: str) -> list[tuple[str, str]]:
    """Top-level (key, block text) of a mkdocs.yml, in order; text before the first key has key ''.
    Textual, because the file has !!python/name tags that a safe loader refuses."""
    starts = [(m.start(), m.group(1)) for m in TOP_KEY.finditer(text)]
    out = [("", text[:starts[0][0]] if starts else text)]
    for i, (pos, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        out.append((key, text[pos:end]))
    return out


def read_nav(config_text: str) -> list:
    block = dict(yaml_blocks(config_text)).get("nav", "")
    return (yaml.safe_load(block) or {}).get("nav") or []


def dump_block(key: str, value) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=200)


# ----------------------------------------------------------------------------- text edits

def set_top_key(text: str, key: str, value: str) -> str:
    """Replace a top-level `key:` of YAML text (plain, quoted or block scalar) with a quoted value."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(rf"{re.escape(key)}:(\s|$)", line):
            j = i + 1
            while j < len(lines) and (lines[j].startswith((" ", "\t")) or
                                      (not lines[j].strip() and j + 1 < len(lines) and lines[j + 1].startswith(" "))):
                j += 1
            lines[i:j] = [f"{key}: {json.dumps(value, ensure_ascii=False)}"]
            return "\n".join(lines)
    raise ValueError(f"no top-level {key}")


FRONT = re.compile(r"\A(---[ \t]*\n)(.*?\n)(---[ \t]*\n)", re.S)
H1 = re.compile(r"^# .+$", re.M)


def numbered(title: str, n: int) -> str:
    return f"{title}（合成第{n}号）"


def copy_page_text(text: str, title: str, n: int) -> str:
    """A page's text with a numbered title (front matter and H1) and one numbered sentence."""
    m = FRONT.match(text)
    if not m:
        raise ValueError("page without front matter")
    new_title = numbered(title, n)
    front = set_top_key(m.group(2), "title", new_title)
    body = text[m.end():]
    note = f"本页是规模测试用的合成页面（第{n}份），内容取自“{title}”。"
    body, count = H1.subn(lambda _: f"# {new_title}\n\n{note}", body, count=1)
    if not count:
        body = f"{note}\n\n{body}"
    return m.group(1) + front + m.group(3) + body


def copy_playbook_text(text: str, title: str, summary: str, n: int) -> str:
    text = set_top_key(text, "title", numbered(title, n))
    return set_top_key(text, "summary", f"{summary}（合成案例第{n}号）")


# ----------------------------------------------------------------------------- the corpus

def _section_of(nav: list, src: str) -> list | None:
    """The top-level nav section (its list) that holds src."""
    def holds(entry) -> bool:
        if isinstance(entry, str):
            return entry == src
        if isinstance(entry, dict):
            return any(holds(v) for v in entry.values())
        if isinstance(entry, list):
            return any(holds(e) for e in entry)
        return False
    for entry in nav:
        if isinstance(entry, dict):
            for value in entry.values():
                if isinstance(value, list) and holds(value):
                    return value
    return None


def _copy_tree(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    elif src.is_file():
        shutil.copy2(src, dest)


def split_extra(extra: int, n_pages: int, n_playbooks: int) -> tuple[int, int]:
    """How many page copies and playbook copies make up `extra` pages, in the real proportion."""
    if extra <= 0:
        return 0, 0
    pages = round(extra * n_pages / max(n_pages + n_playbooks, 1))
    return pages, extra - pages


def make_corpus(project: Project, total: int, dest: Path) -> Corpus:
    """Write an N-page corpus (N = total, at least the real site) into dest (must not exist)."""
    root = project.settings.root
    dest = Path(dest)
    dest.mkdir(parents=True)
    for name in ("docs", "data", "overrides", "macros.py"):
        _copy_tree(root / name, dest / name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    nav = read_nav(config)

    pages = [p for p in project.pages if not p.is_draft]
    books = published(project.data)
    templates = [p for p in pages if p.src.startswith(COPIED_SECTIONS) and not p.src.endswith("index.md")
                 and _section_of(nav, p.src) is not None and p.meta.get("title")]
    n_pages, n_books = split_extra(total - len(pages) - len(books), len(templates), len(books))

    groups: dict[int, list[str]] = {}  # id(section list) -> new srcs, in order
    sections: dict[int, list] = {}
    for i in range(n_pages):
        t = templates[i % len(templates)]
        n = i // len(templates) + 1
        src = re.sub(r"\.md$", SUFFIX.format(n=n) + ".md", t.src)
        (dest / "docs" / src).write_text(copy_page_text(t.text, str(t.meta["title"]), n), encoding="utf-8")
        section = _section_of(nav, t.src)
        sections[id(section)] = section
        groups.setdefault(id(section), []).append(src)
    for key, srcs in groups.items():
        chunks = [srcs[k:k + GROUP] for k in range(0, len(srcs), GROUP)]
        sections[key].append({SYNTH_SECTION: [{f"第{k + 1}组": chunk} for k, chunk in enumerate(chunks)]})

    for j in range(n_books):
        pb = books[j % len(books)]
        n = j // len(books) + 1
        text = project.sources[pb.source].text
        out = dest / "data" / "playbooks" / f"{pb.id}{SUFFIX.format(n=n)}.yml"
        out.write_text(copy_playbook_text(text, pb.title, pb.summary, n), encoding="utf-8")

    hooks = Path(kb.__file__).resolve().parent / "mkdocs_glue" / "hooks.py"
    blocks = []
    for key, block in yaml_blocks(config):
        if key == "hooks":
            block = dump_block("hooks", [str(hooks)])
        elif key == "watch":
            block = dump_block("watch", ["data", "macros.py"])
        elif key == "nav":
            block = dump_block("nav", nav)
        blocks.append(block)
    (dest / "mkdocs.yml").write_text("".join(blocks), encoding="utf-8")
    return Corpus(dest, len(pages) + n_pages, len(books) + n_books)


# ----------------------------------------------------------------------------- the baseline

KB_SEARCH_SCRIPT = re.compile(r"(?m)^\s*- assets/javascripts/(kb-search|search-limit)\.js.*\n(?:\s+#.*\n)*")
BASELINE_KEYS = ("site_name", "use_directory_urls", "theme", "extra_css", "extra_javascript", "markdown_extensions")


def write_baseline(corpus: Project, dest: Path, render: Callable[[str], str]) -> Path:
    """Plain Material on the same Markdown: every published page with its macro calls rendered by
    `render` (the kb macros, as mkdocs-macros would), the generated playbook pages written out, the
    same nav, theme features and Markdown extensions; no hooks, no macros plugin, no tags, no offline.
    Returns the baseline's mkdocs.yml."""
    dest = Path(dest)
    docs = dest / "docs"
    src_docs = corpus.settings.docs_dir
    for path in sorted(src_docs.rglob("*")):
        if path.is_file() and path.suffix != ".md":
            out = docs / path.relative_to(src_docs)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
    for page in corpus.pages:
        if page.is_draft:
            continue
        m = FRONT.match(page.text)
        head = page.text[:m.end()] if m else ""
        out = docs / page.src
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(head + render(page.body), encoding="utf-8")
    for src, content in playbook_files(corpus.data, corpus.pages):
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(content, encoding="utf-8")

    config = corpus.settings.config_file.read_text(encoding="utf-8")
    nav = playbook_nav(read_nav(config), corpus.data)
    kept = dict(yaml_blocks(config))
    parts = ["# plain Material baseline of the kb bench corpus (no hooks, no macros)\n"]
    for key in BASELINE_KEYS:
        block = kept.get(key, "")
        if key == "theme":
            block = re.sub(r"(?m)^\s+custom_dir:.*\n", "", block)
        elif key == "extra_javascript":   # kb's search scripts: the baseline searches with Material's
            block = KB_SEARCH_SCRIPT.sub("", block)
        parts.append(block)
    parts.append("plugins:\n  - search:\n      lang: zh\n")
    parts.append(dump_block("nav", nav))
    (dest / "mkdocs.yml").write_text("".join(parts), encoding="utf-8")
    return dest / "mkdocs.yml"


def site_pages(site: Path) -> list[Path]:
    """The HTML pages of a built site (not 404.html, not theme assets)."""
    return [p for p in Path(site).rglob("*.html") if p.name != "404.html" and "assets" not in p.relative_to(site).parts]
