"""Read text and YAML strictly, so that every problem is reported with its file and line.

- Text is UTF-8 (a BOM is accepted); anything else is refused with the encoding it looks like.
- YAML is composed once with libyaml's C parser where available; the data is constructed from
  that same node tree, which also gives every value its line.
- Duplicate keys are an error naming both lines (a bad merge otherwise silently keeps the later
  value); anchors and aliases are refused (an alias bomb would otherwise hang the build).
- Dates stay text: the schemas check them ("format": "date"), so 2026-11-31 is reported with its
  field instead of ending in a traceback.
"""
from __future__ import annotations

from pathlib import Path
from collections.abc import Mapping
from typing import Any, Iterable

import yaml

from kb.model.findings import Finding, FindingsError

try:  # libyaml: several times faster than the pure-Python parser
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels we pin
    from yaml import SafeLoader as _BaseLoader


class _Loader(_BaseLoader):
    """Safe loader without the timestamp resolver (dates are validated by the schemas)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, shown: str | None = None) -> str:
    """A text file as UTF-8. A BOM is dropped; another encoding is a finding, not a traceback."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        raise FindingsError([Finding(
            shown or str(path), line, "encoding",
            f"不是 UTF-8 编码（看起来像 {guess}）：请用 UTF-8 另存（记事本“另存为”选 UTF-8，WPS/VS Code 右下角选 UTF-8）。",
            rule="encoding")]) from None


def read_text_any(path: Path) -> tuple[str, str] | None:
    """(text, encoding) of a file in whatever encoding it is (UTF-8, GBK, Big5, UTF-16 …), or None
    when it is not text. For the privacy scan of files under docs/ that are not Markdown."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None
    for name, shown in (("gb18030", "GBK"), ("big5", "Big5")):
        try:
            return raw.decode(name), shown
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes
    best = from_bytes(raw).best()
    return (str(best), best.encoding) if best is not None else None


def _guess_encoding(raw: bytes) -> str:
    for name in ("gb18030", "big5", "utf-16"):
        try:
            raw.decode(name)
            return {"gb18030": "GBK", "big5": "Big5", "utf-16": "UTF-16"}[name]
        except UnicodeDecodeError:
            continue
    return "未知编码"


def _problem(shown: str, line: int | None, message: str) -> FindingsError:
    return FindingsError([Finding(shown, line, "yaml", message, rule="yaml")])


def _check_tree(node: yaml.Node, shown: str, first_line: int) -> None:
    """Refuse aliases and duplicate keys before anything is constructed."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:  # the same node reached twice: it came through an alias (*name)
            raise _problem(shown, current.start_mark.line + first_line,
                           "不能使用 YAML 的锚点和别名（& 和 *）。请把内容直接写出来，每处写一遍。")
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + first_line
                if key.tag == "tag:yaml.org,2002:merge":
                    raise _problem(shown, line, "不能使用 YAML 的合并键（<<）。请把字段直接写出来。")
                name = str(key.value)
                if name in keys:
                    raise _problem(shown, line, f"字段 “{name}” 在第{keys[name]}行已经写过一次，这里又写了一次"
                                                "（常见于合并冲突）。请只保留正确的那一个。")
                keys[name] = line
                stack += [value, key]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """(data, node tree) from one parse. Problems become a FindingsError with the file and line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + first_line if mark else None
        problem = getattr(err, "problem", None) or str(err)
        raise _problem(shown, line, f"YAML 格式错误（{problem}）。请检查这一行及上一行的缩进、冒号后的空格、引号是否成对。") from None
    if node is None:
        return None, None
    _check_tree(node, shown, first_line)
    try:
        data = construct(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + first_line if mark else None
        raise _problem(shown, line, f"YAML 内容无法读取（{getattr(err, 'problem', err)}）。") from None
    return data, node


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_SCALARS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Unusual(Exception):
    """A node the quick constructor leaves to PyYAML's (other tags, unhashable keys …)."""


def construct(node: yaml.Node) -> Any:
    """The data of a composed, checked document (no aliases, no merge keys), as PyYAML's
    construct_document gives it: mappings, sequences and text are built directly and the other
    plain scalars (null, bool, int, float) by PyYAML's own constructors; a document with
    anything else (a tag such as !!set or !!binary, a key that is a list) is built by PyYAML."""
    loader = _Loader("")

    def build(n: yaml.Node) -> Any:
        tag = n.tag
        if tag == _STR and isinstance(n, yaml.ScalarNode):
            return n.value
        if tag == _MAP and isinstance(n, yaml.MappingNode):
            out = {}
            for key_node, value_node in n.value:
                key = build(key_node)
                if isinstance(key, (list, dict)):
                    raise _Unusual  # PyYAML says "found unhashable key"
                out[key] = build(value_node)
            return out
        if tag == _SEQ and isinstance(n, yaml.SequenceNode):
            return [build(v) for v in n.value]
        if tag in _PLAIN_SCALARS and isinstance(n, yaml.ScalarNode):
            return loader.construct_object(n)
        raise _Unusual

    try:
        return build(node)
    except (_Unusual, RecursionError):
        return _Loader("").construct_document(node)


def line_of(node: yaml.Node | None, json_path: Iterable[Any], first_line: int = 1) -> int | None:
    """Line of the value at json_path inside a composed YAML node tree (the nearest enclosing
    value when the path goes further than the tree)."""
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


def node_lines(node: yaml.Node | None, first_line: int = 1) -> dict:
    """Every json path in a composed YAML tree → the line where its text starts.
    For block scalars (| or >) the text starts on the line after the indicator."""
    out: dict = {}
    stack = [(node, ())] if node is not None else []
    while stack:
        n, path = stack.pop()
        line = n.start_mark.line + first_line
        if isinstance(n, yaml.ScalarNode) and n.style in ("|", ">"):
            line += 1
        out[path] = line
        if isinstance(n, yaml.MappingNode):
            stack += [(v, path + (k.value,)) for k, v in n.value]
        elif isinstance(n, yaml.SequenceNode):
            stack += [(v, path + (i,)) for i, v in enumerate(n.value)]
    return out




class NodeLines(Mapping):
    """node_lines(node), worked out on first use: most records are never asked for a line
    (only a finding needs one)."""

    def __init__(self, node: yaml.Node | None, first_line: int = 1):
        self._node, self._first, self._lines = node, first_line, None

    def _all(self) -> dict:
        if self._lines is None:
            self._lines = node_lines(self._node, self._first)
            self._node = None
        return self._lines

    def __getitem__(self, key):
        return self._all()[key]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())
