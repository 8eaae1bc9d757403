"""The schema registry (data/schema/*.schema.json, each read once) and the one formatter that
words every schema error, for data files and front matter alike."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from kb.model.findings import Finding
from kb.load.yamlio import line_of, read_text

FRONT_MATTER_SCHEMA = "frontmatter.schema.json"


class Validator:
    """A schema's jsonschema validator (Draft 2020-12, formats checked), asked only about data
    that a quick validator could not prove valid. Most data is valid: the quick one (the Rust
    jsonschema_rs, a hundred times faster) answers for it, and every error, with its wording and
    place, still comes from jsonschema. The quick one decides nothing jsonschema would decide
    otherwise: formats and patterns are checked by jsonschema's own format checker and Python's
    re (the same calls jsonschema makes), and data it cannot read (keys that are not text) or a
    schema it cannot build (a remote $ref) leave everything to jsonschema."""

    def __init__(self, schema: dict):
        self.schema = schema
        self.python = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        self.quick = _quick_validator(schema, self.python.format_checker)

    def proven_valid(self, instance: Any) -> bool:
        if self.quick is None:
            return False
        try:
            return bool(self.quick.is_valid(instance))
        except Exception:  # noqa: BLE001 - data it cannot take (int keys, NaN …): jsonschema decides
            return False

    def iter_errors(self, instance: Any):
        if self.proven_valid(instance):
            return iter(())
        return self.python.iter_errors(instance)

    def is_valid(self, instance: Any) -> bool:
        return self.proven_valid(instance) or self.python.is_valid(instance)

    def __getattr__(self, name: str):  # everything else as jsonschema's validator has it
        return getattr(self.python, name)


def _quick_validator(schema: dict, checker: jsonschema.FormatChecker):
    """jsonschema_rs on a copy of the schema whose formats and patterns call back into Python
    (a pattern becomes a format of its own: re.search, as jsonschema does); None when it is not
    installed or cannot take this schema."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - pinned in requirements.lock
        return None
    formats: dict[str, Any] = {}

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "$ref" and not (isinstance(value, str) and value.startswith("#")):
                raise ValueError("remote $ref")
            if key in ("properties", "$defs", "patternProperties", "dependentSchemas") and isinstance(value, dict):
                out[key] = {k: convert(v) for k, v in value.items()}  # names, not keywords
            elif key in ("enum", "const", "examples", "default", "required", "description", "title"):
                out[key] = value
            elif key == "pattern" and isinstance(value, str):
                name = f"kb-pattern-{len(formats)}"
                formats[name] = lambda text, regex=value: re.search(regex, text) is not None
                out.setdefault("allOf", []).append({"format": name})
            elif key == "format" and isinstance(value, str):
                formats[value] = lambda text, fmt=value: checker.conforms(text, fmt)
                out[key] = value
            elif key == "allOf" and isinstance(value, list):
                out.setdefault("allOf", []).extend(convert(v) for v in value)
            else:
                out[key] = convert(value)
        return out

    try:
        quick_schema = convert(schema)
        return jsonschema_rs.Draft202012Validator(quick_schema, validate_formats=True, formats=formats)
    except Exception:  # noqa: BLE001 - a schema it cannot build: jsonschema alone
        return None


class SchemaRegistry:
    """Validators by schema file name, built on first use."""

    def __init__(self, schema_dir: Path):
        self.schema_dir = Path(schema_dir)
        self._validators: dict[str, Validator] = {}

    def validator(self, name: str) -> Validator:
        if name not in self._validators:
            schema = json.loads(read_text(self.schema_dir / name))
            self._validators[name] = Validator(schema)
        return self._validators[name]

    def findings(self, name: str, data: Any, node, shown: str, first_line: int = 1,
                 kind: str = "schema") -> list[Finding]:
        validator = self.validator(name)
        errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
        return [schema_finding(err, validator.schema, node, shown, first_line, kind) for err in _collapse(errors)]


def _collapse(errors: list) -> list:
    """One message per place: after a type error, nothing more about the same value or inside it."""
    out, typed = [], []
    for err in errors:  # sorted by path, so a value comes before what is inside it
        key = tuple(err.absolute_path)
        if any(key[:len(t)] == t for t in typed):
            continue
        out.append(err)
        if err.validator == "type":
            typed.append(key)
    return out


def json_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表", "object": "“字段: 值”的映射",
               "boolean": "true/false", "null": "空"}


def _type_hint(err) -> str:
    expected = err.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    wanted = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
    value = err.instance
    if "string" in expected and isinstance(value, (bool, int, float)):
        return (f"这里应当是{wanted}，但 YAML 把 {_yaml_literal(value)} 读成了{'是/否' if isinstance(value, bool) else '数字'}。"
                "请给它加上引号，如 \"" + _yaml_literal(value) + "\"。")
    if "array" in expected and isinstance(value, str):
        return (f"这里应当是列表，现在写成了一段文字 “{value[:30]}”。请写成 [甲, 乙] 或每项一行、以“- ”开头"
                "（顿号、逗号不能分隔列表项）。")
    if value is None:
        return f"这里应当是{wanted}，现在是空的。请填写内容，或删掉这个字段。"
    return f"这里应当是{wanted}。"


def _yaml_literal(value) -> str:
    if isinstance(value, bool):
        return "yes/no/true/false" if value else "no/false"
    return str(value)


def schema_finding(err, schema: dict, node, shown: str, first_line: int = 1, kind: str = "schema") -> Finding:
    """One schema error in words a maintainer can act on, at the line of the value."""
    at = list(err.absolute_path)
    where = json_path(at) or "（文件顶层）"
    expected = err.schema.get("description") if isinstance(err.schema, dict) else None
    hint = f"该字段应为：{expected}" if expected else "请对照 data/schema/ 里的说明修改。"
    if err.validator == "required":
        missing = err.message.split("'")[1]
        props = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
        if missing not in props and not at:  # required by an if/then/else at the top: the root says what it is
            props = schema.get("properties", {})
        described = props.get(missing, {}).get("description", "")
        message = f"{where} 缺少字段 {missing}。" + (f"该字段应为：{described}" if described else "")
    elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        at += extra[:1]
        message = f"{where} 有不认识的字段 {'、'.join(map(str, extra))}。允许的字段：{'、'.join(allowed)}。请检查拼写，或者删掉不认识的字段。"
    elif err.validator == "type":
        message = f"{where} 不符合要求：{_type_hint(err)}" + (f"该字段应为：{expected}" if expected else "")
    elif err.validator == "format" and err.validator_value == "date":
        message = (f"{where} 的日期 “{err.instance}” 不存在或写法不对。请写成真实存在的日期，格式 YYYY-MM-DD，"
                   "如 2026-11-30。")
    elif err.validator == "enum":
        message = f"{where} 的值 “{err.instance}” 不在可选范围里。可选：{'、'.join(map(str, err.validator_value))}。"
    else:
        message = f"{where} 不符合要求：{err.message}。{hint}"
    return Finding(shown, line_of(node, at, first_line), kind, message, rule=f"{kind}.{err.validator}")
