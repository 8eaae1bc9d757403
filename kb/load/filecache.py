"""What was read from a file, kept until the file changes (its mtime or size), so that a
`mkdocs serve` rebuild re-reads and re-validates only the files that were saved. A one-shot
`kb build` or `kb check` reads every file once either way."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

_CACHE: dict[tuple[str, str], tuple[tuple, Any]] = {}


def stamp(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def folder_stamp(folder: Path | str) -> tuple:
    """A stamp of every file in a folder (the schemas): it changes when any of them does."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, stamp(p)) for p in folder.iterdir() if p.is_file()))


def cached(kind: str, path: Path | str, extra: tuple, make: Callable[[], Any]) -> Any:
    """make()'s result for this file, reused while the file's stamp and `extra` stay the same."""
    key = (kind, str(path))
    now = (stamp(path), extra)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == now and now[0] is not None:
        return hit[1]
    value = make()
    _CACHE[key] = (now, value)
    return value


def clear() -> None:
    _CACHE.clear()
