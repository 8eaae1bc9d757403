"""Which files are text the privacy guard reads, by suffix, and which folders are never ours."""
from __future__ import annotations

from pathlib import Path

FORMATS = {".md": "md", ".markdown": "md", ".yml": "yaml", ".yaml": "yaml",
           ".html": "html", ".htm": "html", ".json": "json"}
# Other text under docs/ is read as plain text (with its encoding detected) and scanned too.
PLAIN_TEXT = {".txt", ".csv", ".tsv", ".css", ".js", ".mjs", ".svg", ".xml", ".ini", ".cfg", ".log", ".rst",
              ".tex", ".vcf", ".ics", ".sql", ".py", ".sh", ".map", ".webmanifest"}
PLAIN_NAMES = {"LICENSE", "NOTICE", "README", "COPYING", "AUTHORS"}
# Binary files that may sit under docs/ unscanned (their text cannot be read), each with the reason.
# Anything else (名单.xlsx, 材料.docx, a .zip …) is an error: the guard cannot see inside it.
BINARY_ASSETS = {
    ".png": "图片（站点图标、示意图）", ".jpg": "图片", ".jpeg": "图片", ".gif": "图片", ".webp": "图片",
    ".ico": "站点图标", ".woff": "字体", ".woff2": "字体", ".ttf": "字体", ".otf": "字体",
    ".pdf": "PDF 文件（空白表格、公开文件；上传前由科室审核内容）",
}
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}


def file_format(path: Path | str) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())


def docs_file_kind(path: Path | str) -> str:
    """What the guard does with a file under docs/: "text" (scanned), "binary" (allowed asset) or "unknown"."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in FORMATS or suffix in PLAIN_TEXT or path.name in PLAIN_NAMES:
        return "text"
    if suffix in BINARY_ASSETS:
        return "binary"
    return "unknown"
