"""structure.list-steps: a numbered step right under an indented paragraph is swallowed by it."""
from kb.checks.structure import list_steps

from kbtiny import context, page

SWALLOWED = "1. **第一步。** 说明\n    - 子项\n\n    到期日录入系统并设提醒。\n3. **听取陈述。** 当面听取。\n"
FINE = "1. **第一步。** 说明\n    - 子项\n    - 子项\n2. **第二步。** 接着做。\n\n    缩进段落。\n\n3. **第三步。**\n"


def test_a_step_right_after_an_indented_paragraph_is_reported_with_its_line():
    found = list(list_steps(context(pages=[page("procedures/x.md", {"title": "x"}, SWALLOWED, body_line=10)])))
    assert [(f.line, f.kind) for f in found] == [(14, "structure")]
    assert "第3步" in found[0].message and "加一个空行" in found[0].message


def test_sub_lists_and_blank_lines_are_fine():
    assert not list(list_steps(context(pages=[page("procedures/x.md", {"title": "x"}, FINE)])))
