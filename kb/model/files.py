"""Which files are text the privacy guard reads, by suffix, and which folders are never ours."""
from __future__ import annotations

from pathlib import Path

FORMATS = {".md": "md", ".markdown": "md", ".yml": "yaml", ".yaml": "yaml",
           ".html": "html", ".htm": "html", ".json": "json"}
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}


def file_format(path: Path | str) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())
