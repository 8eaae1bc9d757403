"""Rules of the check registry on records and texts built in the test (no files)."""
import pytest
import yaml

from kb.checks.references import deadline_tokens
from kb.checks.scope import check_scope
from kb.checks.structure import PROCEDURE_SECTIONS, check_structure
from kb.load.data import fill_deadlines
from kb.load.sources import SourceFile
from kb.load.yamlio import parse_yaml
from kb.model.findings import Finding
from kbtiny import DEADLINES, context, page


def test_a_finding_names_file_line_kind_and_rule():
    assert str(Finding("docs/x.md", 3, "citation", "说明。", "citation.pages")) == "docs/x.md:3: citation: 说明。 [citation.pages]"
    assert str(Finding("data/a.yml", None, "schema", "说明。", "schema")) == "data/a.yml: schema: 说明。"


def test_structure_check_names_a_missing_section():
    body = "\n".join(f"## {s}\n正文" for s in PROCEDURE_SECTIONS if s != "常见错误")
    pg = page("procedures/x.md", {"kind": "procedure"}, body + '\n<div class="kb-checklist" markdown>\n</div>', 9)
    findings = check_structure(pg)
    assert len(findings) == 1 and "## 常见错误" in findings[0].message and findings[0].line == 9


@pytest.mark.parametrize("text,flagged", [
    ("乡镇要安排人员到车站截访。", True),
    ("对重点人员落实稳控措施。", True),
    ("不得以任何理由截访、限制信访人的人身自由。", False),
    ("排查针对的是矛盾本身，不能变成对信访人的盯控。", False),
])
def test_scope_guard(text, flagged):
    assert bool(check_scope(text, "docs/x.md")) is flagged


def _source(shown: str, data) -> SourceFile:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    parsed, node = parse_yaml(text, shown)
    return SourceFile(path=None, shown=shown, text=text, data=parsed, node=node)


def test_typed_deadline_numbers_and_unknown_keys_in_data_text_are_findings():
    items = [{"term": "甲", "definition": "收到后15日内告知。"}, {"term": "乙", "definition": "按{deadline:nope}办理。"},
             {"term": "丙", "definition": "自2022年5月1日起施行，{deadline:handling}内办结。"}]
    glossary = _source("data/glossary.yml", {"terms": items})
    findings = list(deadline_tokens(context(sources={"data/glossary.yml": glossary})))
    assert [f.message[:1] for f in findings] == ["甲", "乙"]
    assert [f.line for f in findings] == [glossary.line("terms", 0, "definition"), glossary.line("terms", 1, "definition")]
    assert fill_deadlines(items[2]["definition"], DEADLINES) == "自2022年5月1日起施行，60日内办结。"


def test_search_words_that_search_drops_or_repeats_are_findings():
    from kb.checks.search import words
    raw = {"everyday": [{"words": ["上报", "报告"]}, {"words": ["如何", "办法"]}, {"words": ["报告", "上报"]}],
           "implied": [{"concept": "期限", "phrases": ["多久", "几天"]}, {"concept": "怎么", "phrases": ["多久"]}]}
    source = _source("data/search.yml", raw)
    findings = list(words(context(sources={"data/search.yml": source})))
    assert [f.line for f in findings] == [source.line("everyday", 1, "words", 0), source.line("everyday", 2, "words"),
                                          source.line("implied", 1, "concept"), source.line("implied", 1, "phrases", 0)]
    assert "虚词" in findings[0].message and "重复" in findings[1].message and "期限" in findings[3].message
    good = _source("data/search.yml", {"everyday": raw["everyday"][:1], "implied": raw["implied"][:1]})
    assert list(words(context(sources={"data/search.yml": good}))) == []


def test_files_under_lists_what_sorted_rglob_lists(tmp_path):
    """kb/load/walk.py replaces sorted(rglob) + is_file in the checks that walk docs/, data/ and
    the built site: the same files, in the same order."""
    import os
    from kb.load.walk import files_under
    for rel in ("a.md", "b/c.md", "b/a-b.md", "b-c/x.md", "b/深/文件.md", ".hidden/y.txt", "z/.dot", "empty/"):
        path = tmp_path / rel
        if rel.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a.md", tmp_path / "b/link.md")
    os.symlink(tmp_path / "missing.md", tmp_path / "b/broken.md")
    expected = [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*")) if p.is_file()]
    assert files_under(tmp_path) == expected
    assert "b/link.md" in expected and "b/broken.md" not in expected
