"""Strict YAML (kb/load/yamlio.py, kb/load/schemas.py): each bad input with its exact message, in-process."""
import json
import time

import pytest

from kb.load.data import read_source
from kb.load.pages import read_page
from kb.load.schemas import SchemaRegistry
from kb.load.yamlio import parse_yaml, read_text
from kb.model.findings import FindingsError


def problem(text, shown="data/x.yml"):
    with pytest.raises(FindingsError) as err:
        parse_yaml(text, shown)
    [f] = err.value.findings
    return str(f)


def test_duplicate_key_names_both_lines():
    text = "- key: a\n  length: 60\n  stage: 复查\n  length: 30\n"
    assert problem(text) == ("data/x.yml:4: yaml: 字段 “length” 在第2行已经写过一次，这里又写了一次"
                             "（常见于合并冲突）。请只保留正确的那一个。")


def test_anchors_aliases_and_merge_keys_are_refused():
    alias = "- &a {x: 1}\n- *a\n"
    assert problem(alias) == "data/x.yml:1: yaml: 不能使用 YAML 的锚点和别名（& 和 *）。请把内容直接写出来，每处写一遍。"
    merge = "base: {x: 1}\nrec:\n  <<: {x: 2}\n  y: 1\n"
    assert problem(merge) == "data/x.yml:3: yaml: 不能使用 YAML 的合并键（<<）。请把字段直接写出来。"


def test_a_3kb_alias_bomb_fails_in_under_a_second():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 50):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert 2500 < len(bomb.encode()) < 4096
    start = time.perf_counter()
    message = problem(bomb)
    assert time.perf_counter() - start < 1.0
    assert "不能使用 YAML 的锚点和别名（& 和 *）" in message


def test_dates_stay_text():
    data, _ = parse_yaml("reviewed: 2026-11-31\nok: 2026-11-30\n", "x.yml")
    assert data == {"reviewed": "2026-11-31", "ok": "2026-11-30"}


def test_gbk_file_says_so_with_its_name(tmp_path):
    f = tmp_path / "units.yml"
    f.write_bytes("name: 县信访局\n".encode("gbk"))
    with pytest.raises(FindingsError) as err:
        read_text(f, "data/units.yml")
    assert str(err.value.findings[0]) == ("data/units.yml:1: encoding: 不是 UTF-8 编码（看起来像 GBK）：请用 UTF-8 另存"
                                          "（记事本“另存为”选 UTF-8，WPS/VS Code 右下角选 UTF-8）。")


def test_bom_is_accepted_in_data_and_front_matter(tmp_path):
    f = tmp_path / "a.yml"
    f.write_bytes("\ufeffname: x\n".encode("utf-8"))
    assert parse_yaml(read_text(f), "a.yml")[0] == {"name": "x"}
    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "p.md"
    page.write_bytes("\ufeff---\ntitle: 页面\n---\n\n正文\n".encode("utf-8"))
    parsed, found = read_page(page, docs, str)
    assert found == [] and parsed.meta == {"title": "页面"}


SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": False,
          "properties": {"alias": {"type": "string", "description": "别名。"},
                         "tags": {"type": "array", "items": {"type": "string"}, "description": "标签列表。"},
                         "reviewed": {"type": "string", "format": "date", "description": "审核日期。"}}}


@pytest.fixture
def load(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "t.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    registry = SchemaRegistry(tmp_path / "schema")

    def run(text):
        f = tmp_path / "t.yml"
        f.write_text(text, encoding="utf-8")
        return [str(x) for x in read_source(f, "data/t.yml", registry, "t.schema.json")[1]]
    return run


def test_empty_file_says_it_is_empty(load):
    assert load("# nothing\n") == ["data/t.yml:1: schema: 文件是空的。请写入内容（可以照抄 data/schema/ 里对应的说明），"
                                   "或者删除这个文件。 [schema.empty]"]


@pytest.mark.parametrize("value, literal, kind", [("no", "no/false", "是/否"), ("12345", "12345", "数字")])
def test_bool_or_number_where_text_is_expected_says_add_quotes(load, value, literal, kind):
    assert load(f"alias: {value}\n") == [
        f"data/t.yml:1: schema: alias 不符合要求：这里应当是文字，但 YAML 把 {literal} 读成了{kind}。"
        f"请给它加上引号，如 \"{literal}\"。该字段应为：别名。 [schema.type]"]


def test_string_where_a_list_is_expected_gives_one_message(load):
    assert load("tags: 队伍建设、培训\n") == [
        "data/t.yml:1: schema: tags 不符合要求：这里应当是列表，现在写成了一段文字 “队伍建设、培训”。请写成 [甲, 乙] "
        "或每项一行、以“- ”开头（顿号、逗号不能分隔列表项）。该字段应为：标签列表。 [schema.type]"]


def test_impossible_date_names_file_and_field(load):
    assert load("reviewed: 2026-11-31\n") == [
        "data/t.yml:1: schema: reviewed 的日期 “2026-11-31” 不存在或写法不对。请写成真实存在的日期，格式 YYYY-MM-DD，"
        "如 2026-11-30。 [schema.format]"]


SCHEMA_KEYWORDS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False, "required": ["id", "date", "items"],
    "$defs": {"text": {"type": "string", "minLength": 4, "description": "文字"},
              "unit": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "description": "单位"}},
    "properties": {
        "id": {"$ref": "#/$defs/unit", "description": "id"},
        "date": {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        "page": {"type": "string", "pattern": "^[a-z0-9/_-]+\\.md(#[^\\s]+)?$"},
        "regex": {"type": "string", "format": "regex"},
        "kind": {"enum": ["A", "B"]}, "fixed": {"const": 3},
        "count": {"type": "integer", "minimum": 1, "maximum": 36},
        "share": {"type": "number"}, "flag": {"type": "boolean"},
        "items": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": True,
                  "items": {"type": "object", "required": ["text"], "additionalProperties": False,
                            "properties": {"text": {"$ref": "#/$defs/text"}, "n": {"type": ["integer", "null"]}}}},
        "mode": {"type": "string", "maxLength": 8},
        "detail": {"type": "string"},
    },
    "if": {"properties": {"mode": {"const": "full"}}, "required": ["mode"]},
    "then": {"required": ["detail"]},
}


def test_the_quick_validator_never_passes_what_jsonschema_refuses():
    """Schema validation asks jsonschema only about data the quick validator (jsonschema_rs)
    cannot prove valid: on random changes to a valid record, whatever the quick one passes,
    jsonschema passes too, and the findings are jsonschema's own."""
    import random
    from kbtest import mutations
    from kb.load.schemas import Validator
    v = Validator(SCHEMA_KEYWORDS)
    assert v.quick is not None
    good = {"id": "county-a", "date": "2026-11-30", "page": "a/b.md#x", "regex": "^a+$", "kind": "A", "fixed": 3,
            "count": 12, "share": 0.5, "flag": True, "items": [{"text": "一段文字", "n": None}, {"text": "又一段文字"}],
            "mode": "full", "detail": "x"}
    assert v.proven_valid(good) and list(v.iter_errors(good)) == []
    quick_no = 0
    for bad in mutations(good, random.Random(5), 500):
        if v.proven_valid(bad):
            assert v.python.is_valid(bad), bad
        else:
            quick_no += 1
            def said(errors):
                return [(e.validator, e.message, list(e.absolute_path)) for e in errors]
            assert said(v.iter_errors(bad)) == said(v.python.iter_errors(bad))
    assert quick_no > 150
    assert not v.proven_valid({1: "int keys"}) and not v.is_valid({1: "int keys"})


def test_quick_construction_builds_what_pyyaml_builds(monkeypatch):
    """kb.load.yamlio.construct gives the data PyYAML's construct_document gives, for every
    kind of scalar, key and tag, in random documents (anything unusual is left to PyYAML)."""
    import math
    import random
    import yaml
    from kb.load.yamlio import _Loader, construct
    scalars = ["x", "文字", "'1'", '"yes"', "1", "-3", "0x1f", "0o17", "017", "1_000", "1:30", "1.5", "1e3", ".inf", "-.Inf",
               ".nan", "yes", "No", "on", "OFF", "true", "~", "null", "", "2026-11-30", "2026-11-30 10:00:00", "=",
               "!!str 12", "!!int '7'", "!!float 1", "!!binary aGk=", "!!bool yes", "<<", "|\n    块\n    文字", ">-\n    折\n    叠"]
    keys = ["a", "1", "yes", "null", "1.5", "'q'", "=", "? [x, y]", "!!set {a, b}", "2026-01-01"]
    rng = random.Random(4)

    def value(depth):
        r = rng.random()
        if depth < 3 and r < 0.25:
            return "[" + ", ".join(rng.choice(scalars[:27]) for _ in range(rng.randint(0, 3))) + "]"
        if depth < 3 and r < 0.4:
            return "{" + ", ".join(f"k{i}: {rng.choice(scalars[:27])}" for i in range(rng.randint(0, 3))) + "}"
        return rng.choice(scalars)

    def same(a, b):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
            return math.isnan(b)
        if isinstance(a, dict):
            return type(b) is dict and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list):
            return type(b) is list and len(a) == len(b) and all(map(same, a, b))
        return type(a) is type(b) and a == b

    slow = []
    pyyaml = _Loader.construct_document
    monkeypatch.setattr(_Loader, "construct_document", lambda self, node: slow.append(1) or pyyaml(self, node))
    built = 0
    for _ in range(600):
        lines = []
        for i in range(rng.randint(1, 5)):
            key = rng.choice(keys) if rng.random() < 0.3 else f"key{i}"
            lines.append(f"{key}: {value(0)}")
        text = "\n".join(lines) + "\n"
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.YAMLError:
            continue
        if node is None:
            continue
        try:
            expected = pyyaml(_Loader(""), node)
        except yaml.YAMLError:
            with pytest.raises(yaml.YAMLError):
                construct(node)
            continue
        assert same(construct(node), expected), text
        built += 1
    assert built > 300 and len(slow) < built / 2  # most documents took the quick way
