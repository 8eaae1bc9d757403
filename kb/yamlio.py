"""Read YAML so that every problem can be reported with its file and line."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Iterable

import yaml

from kb.findings import Finding, FindingsError
from kb.paths import display


def read_text(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


def parse_yaml(text: str, path: Path, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Return (data, node tree). A syntax error becomes a Finding with the file and line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + first_line if mark else None
        problem = getattr(err, "problem", None) or str(err)
        raise FindingsError([Finding(
            display(path), line, "yaml",
            f"YAML 格式错误（{problem}）。请检查这一行及上一行的缩进、冒号后的空格、引号是否成对。",
        )]) from None
    return _json_ready(data), node


def _json_ready(value: Any) -> Any:
    """YAML turns 2026-11-20 into a date; schemas and JSON want the ISO string."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def line_of(node: yaml.Node | None, json_path: Iterable[Any], first_line: int = 1) -> int | None:
    """Line of the value at json_path inside a composed YAML node tree (best effort)."""
    current = node
    for key in json_path:
        if isinstance(current, yaml.MappingNode):
            found = next((value for key_node, value in current.value if key_node.value == str(key)), None)
            if found is None:
                break
            current = found
        elif isinstance(current, yaml.SequenceNode) and isinstance(key, int) and key < len(current.value):
            current = current.value[key]
        else:
            break
    if current is None:
        return None
    return current.start_mark.line + first_line


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
