"""A file as it was read: its text, its YAML tree (for line numbers) and how staff see its path."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.load.yamlio import line_of, node_lines


@dataclass
class SourceFile:
    path: Path
    shown: str            # repository-relative, e.g. data/training.yml
    text: str
    data: Any = None
    node: Any = None
    first_line: int = 1
    _lines: dict | None = field(default=None, repr=False)

    def line(self, *json_path) -> int | None:
        """Line of the value at json_path (the nearest enclosing value when it has none)."""
        if self._lines is None:
            self._lines = node_lines(self.node, self.first_line)
        path = tuple(json_path)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return self._lines.get((), line_of(self.node, [], self.first_line))
