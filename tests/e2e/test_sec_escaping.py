"""Escaping in every context: payloads go into every free-text string field of every schema
(walked, so a field added later is covered) and every front-matter field, the site is built
ONCE, and the DOM of every built page (and the search index) is checked for anything that came
from a payload: an element, an attribute, a URL or an evaluated template."""
import html
import json
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from kbtest import copy_sources, kb_in_process

from kb.load.data import RECORD_FOLDERS, SOURCES
from kb.load.pages import split_front_matter

# jieba (inside the in-process build) leaves its dictionary files open
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")

PAYLOADS = ['<script>x</script>', '"><img src=x onerror=alert(1)>', '" onmouseover="alert(1)',
            'kbq{{ 7*7 }}', 'javascript:alert(1)', '<kbx a>']
# Strings that name another record (must keep pointing at it) or are never rendered: left as they
# are, each with its reason. Every other string field gets a payload, including fields added later.
NOT_TEXT = {
    "categories.schema.json": {".categories[].lead": "unit id", ".categories[].partners[]": "unit id"},
    "units.schema.json": {".roles[].unit": "unit id"},
    "local.schema.json": {".settings[].document": "id of a documents[] entry"},
    "tags.schema.json": {".tags[].name": "pages name their tags (a payload tag is added below)"},
    "training.schema.json": {"#module.owner": "unit id", "#source.heading": "heading of a page",
                             "#basis.heading": "heading of a page", "#question.answer": "letter A–F"},
    "playbook.schema.json": {".tags[]": "tag name (a payload tag is added below)"},
    "glossary.schema.json": {".terms[].term": "pages call term(\"…\") (a payload term is added below)",
                             ".terms[].aliases[]": "matched in page text (the payload term has payload aliases)"},
    "privacy.schema.json": "*",  # deny/allow lists of the privacy guard: never rendered
    "contacts.schema.json": {".contacts[].unit": "unit id"},
    "triage.schema.json": {".routes[].category": "category id", ".routes[].unit": "unit id",
                           ".routes[].deadlines[]": "deadline key"},
    "frontmatter.schema.json": {".owner": "unit id", ".tags[]": "tag name (a payload tag is added below)"},
}
# Payloads a source check refuses in that file with its own message (so they cannot reach a page):
REFUSED = {"training.schema.json": {"kbq{{ 7*7 }}": "citation.training allows only deadline()/cite() there"},
           "frontmatter.schema.json": {"kbq{{ 7*7 }}": "macro.front-matter refuses Jinja in front matter"}}
TAG = "<kbx a>"  # fits tags.name (maxLength 10)


class Injector:
    def __init__(self, schema: dict, skip: dict, refused=()):
        self.root, self.skip, self.count, self.fields = schema, skip, 0, set()
        self.payloads = [p for p in PAYLOADS if p not in refused]

    def resolve(self, s):
        while isinstance(s, dict) and "$ref" in s:
            ref = s["$ref"].split("/")[-1]
            s = {**self.root["$defs"][ref], **{k: v for k, v in s.items() if k != "$ref"}}
        return s

    def payload(self, value: str, limit) -> str:
        start = zlib.crc32(value.encode())  # the same text gets the same payload (titles that must match)
        for i in range(len(self.payloads)):
            p = self.payloads[(start + i) % len(self.payloads)]
            if limit is None or len(value) + len(p) <= limit:
                return value + p
        for i in range(len(self.payloads)):
            p = self.payloads[(start + i) % len(self.payloads)]
            if len(p) < limit:
                return value[:limit - len(p)] + p  # keeps the start of the text, so lists stay unique
        return value

    def walk(self, value, schema, path=""):
        schema = schema or {}
        if "$ref" in schema:
            path = "#" + schema["$ref"].split("/")[-1]  # fields of a shared definition are named after it
        schema = self.resolve(schema)
        if isinstance(value, str):
            if any(k in schema for k in ("pattern", "enum", "format", "const")) or path in self.skip:
                return value
            self.fields.add(path)
            return self.payload(value, schema.get("maxLength"))
        if isinstance(value, dict):
            props = schema.get("properties", {})
            return {k: self.walk(v, props.get(k), f"{path}.{k}") for k, v in value.items()}
        if isinstance(value, list):
            items = schema.get("items") or {}
            for alt in schema.get("oneOf", []) + schema.get("anyOf", []):
                alt = self.resolve(alt)
                if not items and alt.get("type") == "array":
                    items = alt.get("items", {})
            return [self.walk(v, items, path + "[]") for v in value]
        return value


def inject_file(path: Path, schema_path: Path, extra=None) -> set:
    name = schema_path.name
    skip = NOT_TEXT.get(name, {})
    if skip == "*":
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    inj = Injector(json.loads(schema_path.read_text(encoding="utf-8")), skip, REFUSED.get(name, {}))
    data = inj.walk(data, inj.root)
    if extra:
        extra(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {f"{name}:{f}" for f in inj.fields}


def plant(repo: Path) -> set:
    data, schemas = repo / "data", repo / "data/schema"
    covered = set()

    def add_tag(d):
        d["tags"].append({"name": TAG, "means": "标签" + PAYLOADS[1]})

    def add_term(d):
        d["terms"].append({"term": '测试"术语<b>' + PAYLOADS[2], "aliases": ["别称" + PAYLOADS[0]],
                           "definition": "定义" + PAYLOADS[1], "source": "地方做法", "page": "reference/glossary.md"})

    extras = {"tags.yml": add_tag, "glossary.yml": add_term}
    for file, schema in SOURCES.items():
        covered |= inject_file(data / file, schemas / schema, extras.get(file))
    for folder, schema in RECORD_FOLDERS.items():
        for i, f in enumerate(sorted((data / folder).glob("*.yml"))):
            covered |= inject_file(f, schemas / schema, (lambda d: d["tags"].append(TAG)) if i == 0 else None)
    fm_schema = json.loads((schemas / "frontmatter.schema.json").read_text(encoding="utf-8"))
    for i, page in enumerate(sorted((repo / "docs").rglob("*.md"))):
        fm, body, _ = split_front_matter(page.read_text(encoding="utf-8"))
        meta = yaml.safe_load(fm)
        inj = Injector(fm_schema, NOT_TEXT["frontmatter.schema.json"], REFUSED["frontmatter.schema.json"])
        meta = inj.walk(meta, fm_schema)
        meta.setdefault("description", "说明")
        meta["description"] = inj.payload(meta["description"], None)
        if i == 0:
            meta["tags"].append(TAG)
        covered |= {f"frontmatter:{f}" for f in inj.fields}
        page.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
    return covered


URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "background", "xlink:href"}


class Dom(HTMLParser):
    """Every element, attribute and text node of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.texts, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.texts.append((self.stack[-1] if self.stack else "", data))


SVG_POSITIONED = {"rect", "text", "tspan", "image", "use", "foreignobject", "svg"}


def payload_problems(where: str, markup: str) -> list[str]:
    dom = Dom()
    dom.feed(markup)
    out = []
    for tag, attrs in dom.elements:
        if tag == "kbx" or tag == "img" and attrs.get("src") == "x":
            out.append(f"{where}: element <{tag}> from a payload")
        for k, v in attrs.items():
            svg_x = k == "x" and tag in SVG_POSITIONED  # x is a coordinate there (the triage flowchart)
            if k.startswith("on") or (k in ("x", "a", "alert(1)\"") and not svg_x):
                out.append(f"{where}: attribute {k}={v!r} on <{tag}> from a payload")
            if k in URL_ATTRS and v and v.strip().lower().startswith("javascript:"):
                out.append(f"{where}: URL {v!r} on <{tag}> from a payload")
    for parent, text in dom.texts:
        if parent == "script" and text.strip() == "x":
            out.append(f"{where}: <script>x</script> from a payload")
        if "kbq49" in text:
            out.append(f"{where}: {{{{ 7*7 }}}} was evaluated: {text[:80]!r}")
    return out


def test_payloads_in_every_field_never_become_markup(tmp_path):
    repo = copy_sources(tmp_path / "repo", build=True)
    covered = plant(repo)
    # the walk reached the free-text fields of every schema (a new field is picked up the same way)
    for must in ("categories.schema.json:.categories[].name", "playbook.schema.json:.title",
                 "playbook.schema.json:.summary", "tags.schema.json:.tags[].means", "frontmatter:.title",
                 "units.schema.json:.units[].name", "glossary.schema.json:.terms[].definition",
                 "training.schema.json:#module.title", "regulation.schema.json:.articles[].summary"):
        assert must in covered, sorted(covered)

    site = tmp_path / "site"
    run = kb_in_process("build", "--no-handouts", "--site-dir", str(site), cwd=repo)
    assert run.returncode == 0, run.output

    problems, seen_literal = [], 0
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for f in pages:
        text = f.read_text(encoding="utf-8")
        problems += payload_problems(str(f.relative_to(site)), text)
        dom_text = html.unescape(text)
        seen_literal += dom_text.count("kbq{{ 7*7 }}")
        assert "kbq49" not in dom_text, f"{f}: a template in data was evaluated"
    from kb.search.engine import read_js
    for file in sorted((site / "search" / "p").glob("*.js")):
        # kb's index holds plain text; kb-search.js escapes every value it shows (esc()), so a
        # payload here is only ever text. What must not happen: a template evaluated on the way.
        doc = read_js(file)
        text = doc["t"] + " " + " ".join(block[1] for block in doc["b"])
        assert "kbq49" not in text, f"{file}: a template in data was evaluated"
    assert problems == [], "\n".join(sorted(set(problems))[:40])
    assert seen_literal > 100  # the payloads did reach the pages, as text
    assert "<kbx a>" in html.unescape((site / "reference/tags.html").read_text(encoding="utf-8"))
