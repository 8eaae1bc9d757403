"""Turn MkDocs / mkdocs-macros log output into messages a maintainer can act on.

MkDocs reports in English and by docs-relative path; we add the file as it is in the
repository, the line where we can find it, and what to do."""
from __future__ import annotations

import re
from pathlib import Path

LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target '(?P<target>[^']+)' is not found")
ANCHOR = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the doc '(?P<target>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'")
MACRO_FILE = re.compile(r"_File_: `(?P<page>[^`]+)`")
UNDEFINED = re.compile(r"UndefinedError: '(?P<name>[^']+)' is undefined")
MACRO_ERROR = re.compile(r"^_(?P<type>\w+)_: (?P<message>.+)$", re.M)
TEMPLATE_LINE = re.compile(r'File "<template>", line (?P<line>\d+)')


def _line_of(docs_dir: Path, page: str, needle: str) -> int | None:
    try:
        for number, line in enumerate((docs_dir / page).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except OSError:
        pass
    return None


DRAFT = re.compile(r"\A\ufeff?---\s*\n(?:.*\n)*?draft:\s*(?:true|yes|True)\s*\n(?:.*\n)*?---", re.M)


def _is_draft(path: Path) -> bool:
    """A page under docs/ whose front matter says draft: true (dropped from the site)."""
    try:
        return bool(DRAFT.match(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def _where(docs_dir: Path, page: str, line: int | None) -> str:
    shown = f"docs/{page}"
    return f"{shown}:{line}" if line else shown


def explain(log: str, docs_dir: Path) -> list[str]:
    """One plain-language line per problem found in the log."""
    out = []
    for m in LINK.finditer(log):
        where = _where(docs_dir, m['page'], _line_of(docs_dir, m['page'], m['link']))
        if _is_draft(docs_dir / m["target"]):
            out.append(f"{where}: link: 链接 “{m['link']}” 指向的页面 docs/{m['target']} 是草稿（draft: true），"
                       "草稿不发布，这个链接在网站上会断。请等那一页发布（删掉 draft: true）后再链接，或先删除这个链接。")
            continue
        out.append(f"{where}: link: "
                   f"链接 “{m['link']}” 指向的页面 {m['target']} 不存在。请改成已有页面的相对路径（.md），或删除这个链接。")
    for m in ANCHOR.finditer(log):
        out.append(f"{_where(docs_dir, m['page'], _line_of(docs_dir, m['page'], m['link']))}: anchor: "
                   f"链接 “{m['link']}” 指向的页面 {m['target']} 里没有小节 {m['anchor']}。"
                   "中文标题的锚点就是标题文字本身；请核对标题，或去掉 # 后面的部分。")
    page = MACRO_FILE.search(log)
    if page:
        name = UNDEFINED.search(log)
        needle = name["name"] if name else None
        line = _line_of(docs_dir, page["page"], needle) if needle else None
        if name:
            out.append(f"{_where(docs_dir, page['page'], line)}: macro: 页面用了不存在的宏或变量 “{name['name']}”。"
                       "请检查拼写；可用的宏见 CONTRIBUTING.md 的“宏”一节。")
        else:
            error = MACRO_ERROR.search(log[page.end():])
            detail = error["message"] if error else "宏执行出错"
            out.append(f"{_where(docs_dir, page['page'], None)}: macro: {detail}")
    return out
