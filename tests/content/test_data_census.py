"""The real data: every file has a schema, the data is complete and consistent."""
import dataclasses
import json
import re

import jsonschema
import pytest

from kb.load.data import RECORD_FOLDERS, SOURCES
from kb.privacy.names import TITLE_WORDS
from kb.privacy.scan import find_hits
from kbtest import ROOT, real_data

DATA_DIR = ROOT / "data"
SCHEMA_DIR = DATA_DIR / "schema"
DATA = real_data()


def _data_files():
    return [p for p in DATA_DIR.rglob("*") if p.is_file() and SCHEMA_DIR not in p.parents]


def test_every_data_file_has_a_schema():
    unlisted = []
    for path in _data_files():
        rel = path.relative_to(DATA_DIR)
        folder_schema = RECORD_FOLDERS.get(rel.parts[0]) if len(rel.parts) > 1 else None
        schema = SOURCES.get(rel.as_posix()) or folder_schema
        if not schema or not (SCHEMA_DIR / schema).exists():
            unlisted.append(rel.as_posix())
    assert not unlisted, f"data files without a schema: {unlisted}"


def _walk_schema(node, path="#"):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            yield from _walk_schema(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_schema(value, f"{path}/{i}")


def _described(prop, schema):
    """A property is documented directly or by the local definition it refers to."""
    if prop.get("description"):
        return True
    ref = prop.get("$ref", "")
    if ref.startswith("#/"):
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        return bool(target.get("description"))
    return False


@pytest.mark.parametrize("schema_path", sorted(SCHEMA_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_schemas_are_strict_and_documented(schema_path):
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for where, obj in _walk_schema(schema):
        assert obj.get("additionalProperties") is False, f"{schema_path.name} {where}: additionalProperties must be false"
        for name, prop in obj.get("properties", {}).items():
            assert _described(prop, schema), f"{schema_path.name} {where}/{name}: missing description"


def test_regulation_has_all_fifty_articles_in_six_chapters():
    assert sorted(DATA.articles) == list(range(1, 51))
    assert [c.title for c in DATA.chapters] == ["总则", "信访工作体制", "信访事项的提出和受理", "信访事项的办理", "监督和追责", "附则"]


def test_glossary_is_big_enough_and_has_the_required_aliases():
    assert len(DATA.terms) >= 40
    alias_of = {a: t.term for t in DATA.terms for a in t.aliases}
    assert alias_of["首信首访"] == "初信初访"
    assert alias_of["越级上访"] == "越级访"
    assert alias_of["社稳评估"] == "社会稳定风险评估"
    local = {t.term for t in DATA.terms if t.source != "条例"}
    assert {"初信初访", "社会稳定风险评估", "管行业必须管信访"} <= local


def test_deadlines_match_the_facts_sheet():
    expect = {  # key: (length, unit, article) from section 2 of the facts sheet
        "bureau_process": (15, "日", 22), "direct_notice": (15, "日", 23), "assigned_notice": (15, "日", 23),
        "assigned_objection": (5, "工作日", 23), "handling": (60, "日", 34), "handling_extension": (30, "日", 34),
        "review_request": (30, "日", 35), "review_opinion": (30, "日", 35),
        "rereview_request": (30, "日", 36), "rereview_opinion": (30, "日", 36),
    }
    got = {k: (d.length, d.unit, d.article) for k, d in DATA.deadlines.items()}
    assert got == expect
    assert "第31条第6项" in DATA.deadlines["handling"].applies_to


def _personal(name: str) -> bool:
    """A person rather than an office: ends in a form of address (张建国同志, 王主任…) or reads as
    a personal name where a contact person would be named."""
    return name.endswith(TITLE_WORDS) or any(h.kind == "name" for h in find_hits(f"联系人{name}反映"))


def test_units_have_no_personal_names_and_categories_cover_the_risk_areas():
    names = {c.name for c in DATA.categories.values()}
    for needed in ("住房和房地产", "涉法涉诉", "社会保障", "市场监管与消费", "拖欠工资", "土地征收与补偿"):
        assert needed in names
    # the check itself must be able to fail (the old `[同志]$` only matched a last 同 or 志)
    assert _personal("张建国同志") and _personal("王秀英") and not _personal("县信访局")
    for u in DATA.units.values():
        assert not _personal(u.name), u.name


def test_loader_returns_typed_frozen_records():
    article = DATA.articles[34]
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.number = 33  # records are read-only
    assert DATA.deadlines["assigned_objection"].text == "5个工作日"
    assert DATA.deadlines["handling"].text == "60日"
