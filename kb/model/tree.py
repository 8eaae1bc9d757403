"""Walking parsed YAML: every string leaf of a mapping/list tree with its json path."""
from __future__ import annotations

from typing import Any, Iterator


def string_leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(json path, text) for every string in value, depth first, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from string_leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_leaves(v, path + (i,))
