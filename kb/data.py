"""The one data layer: load every file under data/ once, validate it against its
JSON Schema, check cross-references, and hand out typed records.

Macros, scripts, hooks and tests all call load_data(); nothing else reads data/.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from kb.findings import Finding, FindingsError
from kb.playbook_data import Playbook, build_playbooks
from kb.privacy import Lists, lists_from_raw
from kb.training import TrainingModule, build_training
from kb.paths import DATA_DIR, display
from kb.yamlio import line_of, parse_yaml, read_text

# Which schema validates which data file. A test proves every file under data/ is listed.
SOURCES: dict[str, str] = {
    "regulation.yml": "regulation.schema.json",
    "glossary.yml": "glossary.schema.json",
    "deadlines.yml": "deadlines.schema.json",
    "units.yml": "units.schema.json",
    "categories.yml": "categories.schema.json",
    "tags.yml": "tags.schema.json",
    "training.yml": "training.schema.json",  # training modules → KbData.training (kb/training.py)
    "privacy.yml": "privacy.schema.json",  # deny/allow lists → KbData.privacy (kb/privacy.py)
    "local.yml": "local.schema.json",  # the county's own settings → KbData.local (raw mapping)
}
# Folders with one record per file (e.g. playbooks/<id>.yml), each file validated on its own.
RECORD_FOLDERS: dict[str, str] = {
    "playbooks": "playbook.schema.json",  # case playbooks → KbData.playbooks (kb/playbook_data.py)
}


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    first: int
    last: int


@dataclass(frozen=True)
class Article:
    number: int
    chapter: int
    topic: str
    summary: str


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    page: str
    source: str
    articles: tuple[int, ...] = ()


@dataclass(frozen=True)
class Deadline:
    key: str
    stage: str
    length: int
    unit: str
    starts: str
    article: int
    rule: str
    applies_to: str
    clause: int | None = None
    who: str = ""
    note: str = ""
    since: str = ""  # short start for running text: 自{since}起15日内

    @property
    def text(self) -> str:
        """How the limit is written in running text: 15日, 5个工作日."""
        return f"{self.length}日" if self.unit == "日" else f"{self.length}个{self.unit}"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    level: str
    duties: str
    articles: tuple[int, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    level: str
    does: str
    unit: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    examples: str
    lead: str
    partners: tuple[str, ...]
    lawful_channels: str


@dataclass(frozen=True)
class KbData:
    regulation_title: str
    regulation_issued: str
    regulation_effective: str
    chapters: tuple[Chapter, ...]
    articles: dict[int, Article]
    terms: tuple[Term, ...]
    deadlines: dict[str, Deadline]
    units: dict[str, Unit]
    roles: dict[str, Role]
    categories: dict[str, Category]
    tags: dict[str, str]          # tag name -> what it is for
    extra: dict[str, Any] = field(default_factory=dict)  # records added by later sources
    playbooks: dict[str, Playbook] = field(default_factory=dict)  # id -> case playbook
    training: tuple[TrainingModule, ...] = ()  # training modules, in nav order
    privacy: Lists = field(default_factory=Lists)  # deny/allow lists of the privacy guard
    local: dict = field(default_factory=dict)  # data/local.yml as validated, {deadline:key} filled in


def _record(cls, raw: dict) -> Any:
    """Build a frozen dataclass from a validated mapping; lists become tuples."""
    names = {f.name for f in fields(cls)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in names}
    return cls(**values)


def _schema(name: str, data_dir: Path) -> dict:
    return json.loads(read_text(data_dir / "schema" / name))


def _validate(path: Path, schema: dict, first_line: int = 1) -> tuple[Any, list[Finding]]:
    """Parse and validate one YAML file; every schema violation becomes a Finding."""
    data, node = parse_yaml(read_text(path), path, first_line)
    findings = []
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = _json_path(err.absolute_path) or "（文件顶层）"
        expected = err.schema.get("description") if isinstance(err.schema, dict) else None
        hint = f"该字段应为：{expected}" if expected else "请对照 data/schema/ 里的说明修改。"
        at = list(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # point at the unknown field itself and list what is allowed, not the whole record's description
            allowed = list(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed]
            at += extra[:1]
            hint = f"允许的字段：{'、'.join(allowed)}。请检查拼写，或者删掉不认识的字段。"
        findings.append(Finding(
            display(path), line_of(node, at, first_line), "schema",
            f"{where} 不符合要求：{err.message}。{hint}",
        ))
    return data, findings


def _json_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _cross_check(d: KbData, where: dict[str, str]) -> list[Finding]:
    """References between files: unit ids, article numbers, unique keys."""
    found: list[Finding] = []

    def bad(file: str, msg: str):
        found.append(Finding(where[file], None, "reference", msg))

    numbers = sorted(d.articles)
    if numbers != list(range(1, 51)):
        bad("regulation.yml", f"条号应为1—50各一条，现在是 {numbers[:3]}…{numbers[-3:]}（共{len(numbers)}条）。")
    for a in d.articles.values():
        ch = next((c for c in d.chapters if c.number == a.chapter), None)
        if ch is None or not ch.first <= a.number <= ch.last:
            bad("regulation.yml", f"第{a.number}条的 chapter={a.chapter} 与 chapters 里的条文范围不一致。")
    for dl in d.deadlines.values():
        if dl.article not in d.articles:
            bad("deadlines.yml", f"期限 {dl.key} 引用的第{dl.article}条不存在。")
    for r in d.roles.values():
        if r.unit and r.unit not in d.units:
            bad("units.yml", f"岗位 {r.id} 的 unit “{r.unit}” 不在 units 里。请写 units 中已有的 id。")
    for c in d.categories.values():
        for u in (c.lead, *c.partners):
            if u not in d.units:
                bad("categories.yml", f"类别 {c.id} 引用的单位 “{u}” 不在 data/units.yml 里。请先在 units 里添加，或改成已有的 id。")
    seen: dict[str, str] = {}
    for t in d.terms:
        for name in (t.term, *t.aliases):
            if name in seen and seen[name] != t.term:
                bad("glossary.yml", f"“{name}” 同时出现在术语 {seen[name]} 和 {t.term} 里；一个词只能属于一个术语。")
            seen[name] = t.term
        for n in t.articles:
            if n not in d.articles:
                bad("glossary.yml", f"术语 {t.term} 引用的第{n}条不存在（2022年条例只有第1—50条）。")
    return found


def _unique(records: list, key: str, file: str, where: dict[str, str]) -> tuple[dict, list[Finding]]:
    out, findings = {}, []
    for r in records:
        k = getattr(r, key)
        if k in out:
            findings.append(Finding(where[file], None, "reference", f"{key} “{k}” 重复出现；每条记录的 {key} 必须唯一。"))
        out[k] = r
    return out, findings


def _load_folder(folder: Path, schema: dict) -> tuple[list[tuple[Path, str, Any, Any]], list[Finding]]:
    """Validate every <id>.yml in a record folder on its own: (path, shown, data, node) per valid file."""
    items, findings = [], []
    if not folder.is_dir():
        return items, findings
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yml":
            findings.append(Finding(display(path), None, "missing",
                                    f"{folder.name}/ 里只能放一个记录一个文件的 .yml 文件；请把它改名为 {path.stem}.yml 或移走。"))
            continue
        try:
            raw, problems = _validate(path, schema)
        except FindingsError as err:
            findings.extend(err.findings)
            continue
        findings.extend(problems)
        if not problems:
            items.append((path, display(path), raw, parse_yaml(read_text(path), path)[1]))
    return items, findings


DEADLINE_TOKEN = re.compile(r"\{deadline:([a-z0-9_]+)\}")
TYPED_LIMIT = re.compile(r"(?<![年月\d])\d+(?:个工作日|日|天)")


def _fill_deadlines(items: list[dict], field_name: str, deadlines: dict, shown: str, label) -> list[Finding]:
    """Text in data says {deadline:key} instead of typing 15日, so one number lives in one place."""
    findings = []
    for item in items:
        text = item[field_name]
        typed = TYPED_LIMIT.search(DEADLINE_TOKEN.sub("", text))
        if typed:
            findings.append(Finding(shown, None, "deadline",
                                    f"{label(item)} 的 {field_name} 里直接写了期限“{typed.group(0)}”。期限数字只写在 data/deadlines.yml，"
                                    f"这里请写 {{deadline:键}}，例如 {{deadline:review_request}}。"))
        for key in DEADLINE_TOKEN.findall(text):
            if key not in deadlines:
                findings.append(Finding(shown, None, "deadline",
                                        f"{label(item)} 的 {field_name} 引用了未知的期限键 {{deadline:{key}}}。可用：{'、'.join(deadlines)}。"))
        item[field_name] = DEADLINE_TOKEN.sub(lambda m: deadlines[m.group(1)].text if m.group(1) in deadlines else m.group(0), text)
    return findings


def _local(raw: dict, deadlines: dict, shown: str) -> tuple[dict, list[Finding]]:
    """data/local.yml: unique keys, known documents, {deadline:key} filled in (local time limits are typed there)."""
    findings = []
    squash = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")  # folded YAML lines: no stray spaces in Chinese
    for record in (raw, *raw["documents"], *raw["settings"], *raw["superiors"]):
        for k, v in record.items():
            if isinstance(v, str):
                record[k] = squash.sub("", v).strip()
    docs = {d["id"] for d in raw["documents"]}
    for name in ("settings", "superiors"):
        keys = [r["key"] for r in raw[name]]
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            findings.append(Finding(shown, None, "reference", f"{name} 里的 key “{k}” 重复出现；每一项的 key 必须唯一。"))
    for s in raw["settings"]:
        if s.get("document") and s["document"] not in docs:
            findings.append(Finding(shown, None, "reference", f"设置 {s['key']} 的 document “{s['document']}” 不在 documents 里。"))
        for key in DEADLINE_TOKEN.findall(s["value"]):
            if key not in deadlines:
                findings.append(Finding(shown, None, "deadline", f"设置 {s['key']} 引用了未知的期限键 {{deadline:{key}}}。"))
        s["value"] = DEADLINE_TOKEN.sub(lambda m: deadlines[m.group(1)].text if m.group(1) in deadlines else m.group(0), s["value"])
    return raw, findings


def load_data_from(data_dir: Path) -> KbData:
    """Load and validate everything under data_dir. Raises FindingsError listing every problem."""
    data_dir = Path(data_dir)
    raw: dict[str, Any] = {}
    findings: list[Finding] = []
    where = {name: display(data_dir / name) for name in SOURCES}
    for name, schema_name in SOURCES.items():
        path = data_dir / name
        if not path.exists():
            findings.append(Finding(display(path), None, "missing", "数据文件不存在。"))
            continue
        try:
            raw[name], problems = _validate(path, _schema(schema_name, data_dir))
        except FindingsError as err:
            findings.extend(err.findings)
            continue
        findings.extend(problems)
    records: dict[str, list] = {}
    for folder, schema_name in RECORD_FOLDERS.items():
        records[folder], problems = _load_folder(data_dir / folder, _schema(schema_name, data_dir))
        findings.extend(problems)
    if findings:
        raise FindingsError(findings)

    reg = raw["regulation.yml"]
    deadlines, f2 = _unique([_record(Deadline, x) for x in raw["deadlines.yml"]["deadlines"]], "key", "deadlines.yml", where)
    f2 += _fill_deadlines(reg["articles"], "summary", deadlines, where["regulation.yml"], lambda a: f"第{a['number']}条")
    f2 += _fill_deadlines(raw["glossary.yml"]["terms"], "definition", deadlines, where["glossary.yml"], lambda t: t["term"])
    articles, f1 = _unique([_record(Article, a) for a in reg["articles"]], "number", "regulation.yml", where)
    units, f3 = _unique([_record(Unit, x) for x in raw["units.yml"]["units"]], "id", "units.yml", where)
    roles, f4 = _unique([_record(Role, x) for x in raw["units.yml"]["roles"]], "id", "units.yml", where)
    categories, f5 = _unique([_record(Category, x) for x in raw["categories.yml"]["categories"]], "id", "categories.yml", where)
    data = KbData(
        regulation_title=reg["title"],
        regulation_issued=reg["issued"],
        regulation_effective=str(reg["effective"]),
        chapters=tuple(_record(Chapter, c) for c in reg["chapters"]),
        articles=dict(sorted(articles.items())),
        terms=tuple(_record(Term, t) for t in raw["glossary.yml"]["terms"]),
        deadlines=deadlines,
        units=units,
        roles=roles,
        categories=categories,
        tags={t["name"]: t["means"] for t in raw["tags.yml"]["tags"]},
    )
    playbooks, f6 = build_playbooks(records["playbooks"], data)
    data = replace(data, playbooks=playbooks)
    training, f7 = build_training(raw["training.yml"], data_dir / "training.yml", data.articles, data.units, data.deadlines)
    data = replace(data, training=training)
    data = replace(data, privacy=lists_from_raw(raw["privacy.yml"]))
    local, f8 = _local(raw["local.yml"], deadlines, where["local.yml"])
    data = replace(data, local=local)
    findings = f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + _cross_check(data, where)
    if findings:
        raise FindingsError(findings)
    return data


@lru_cache(maxsize=None)
def load_data(data_dir: str = str(DATA_DIR)) -> KbData:
    """Cached: the build, macros and checks share one validated copy."""
    return load_data_from(Path(data_dir))
