"""The 2005-numbering check also reads the numbers that cite() renders: {{ cite(33) }} next to
60日 is the old numbering as surely as 第33条 written by hand."""
from kb.checks.citations import as_rendered, check_text

from kbtiny import tiny_data


def test_cite_macro_next_to_60_days_is_the_old_numbering():
    found = check_text("办理期限为60日（{{ cite(33) }}）。", "docs/x.md", tiny_data().articles, 5)
    assert [(f.path, f.line, f.kind) for f in found] == [("docs/x.md", 5, "citation")]
    assert "2005年旧《信访条例》" in found[0].message and "第34条" in found[0].message


def test_the_right_number_and_other_macros_pass():
    articles = tiny_data().articles
    assert not check_text("办理期限为60日（{{ cite(34) }}）。", "docs/x.md", articles)
    assert not check_text('复查 {{ deadline("review_request") }}（{{ cite(35) }}）', "docs/x.md", articles)
    assert as_rendered("a{{ cite(35, 1) }}b\n{{ unit('x') }}") == "a第35条b\n" + " " * len("{{ unit('x') }}")
