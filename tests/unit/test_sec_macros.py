"""Macros cannot run code: only registered macros with literal arguments pass the check that
runs before any page is rendered (kb.checks.macros), in-process."""
import types

import pytest

from kb.checks.macros import allowed_text, page_findings, template_problems
from kb.model.macros import MACRO_NAMES

NAMES = MACRO_NAMES
ALLOWED = allowed_text(NAMES)


def problems(text):
    return list(template_problems(text, NAMES))


@pytest.mark.parametrize("text", [
    "{{ cite(23) }}", "{{ cite(23, 3) }}", "{{ cite(31, item=6) }}", '{{ deadline("review_request") }}',
    "{{ recent_changes() }}", '{{ training_module("group-visit") }}',
    '{% raw %}{{ cite(23) }}{% endraw %}', '{{ "{% raw %}" }}', "{# a comment #}", "纯文字，没有花括号。",
])
def test_registered_macros_with_literal_arguments_pass(text):
    assert problems(text) == []


@pytest.mark.parametrize("text, what", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "访问属性或下标（. 或 [ ]）"),
    ("{{ config }}", "变量 config"),
    ("{{ environment }}", "变量 environment"),
    ("{{ git.author_email }}", "访问属性或下标（. 或 [ ]）"),
    ("{{ lipsum() }}", "未登记的宏 lipsum"),
    ("{{ cite(23) | safe }}", "过滤器 |safe"),
    ("{{ cite(n) }}", "宏 cite 的参数不是写死的数字或文字（变量 n）"),
    ("{{ cite(20 + 3) }}", "宏 cite 的参数不是写死的数字或文字（表达式（Add））"),
    ("{{ cite(*args) }}", "*args/**kwargs 参数"),
    ("{{ 7*7 }}", "表达式（Mul）"),
    ('{% include "policy/some-draft.md" %}', "{% include %}（引入其他文件）"),
    ('{% import "x.html" as x %}', "{% import %}（引入其他文件）"),
    ('{% extends "base.html" %}', "{% extends %}（引入其他文件）"),
    ("{% set x = 1 %}", "{% assign %} 语句"),
    ("{% for i in range(3) %}x{% endfor %}", "{% for %} 语句"),
    ("{% if true %}x{% endif %}", "{% if %} 语句"),
    ("{{ cite(23) ", "宏的写法有误（unexpected end of template, expected 'end of print statement'.）"),
])
def test_everything_else_is_refused_with_what_is_allowed(text, what):
    assert problems(text) == [(1, what)]


def test_finding_names_file_line_and_allowed_form():
    body = "# 标题\n\n正文 {{ cite(23) }}\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"
    [f] = page_findings("docs/procedures/acceptance.md", body, 7, NAMES)
    assert str(f) == ("docs/procedures/acceptance.md:11: macro: 不允许的宏写法：访问属性或下标（. 或 [ ]）。" + ALLOWED)
    assert "{{ cite(23) }}" in ALLOWED and "training_module" in ALLOWED


def test_the_glue_registers_exactly_the_shared_names(monkeypatch):
    """define_env registers every name the macro check allows, and nothing else."""
    from kb.mkdocs_glue import macros
    from kbtiny import tiny_data

    from kbtiny import context

    class FakeProject:
        data, pages = tiny_data(), []

        def context(self):
            return context(self.data)

    class FakeEnv:
        project_dir = "."
        registered: list = []

        def macro(self, func, name):
            self.registered.append(name)

    monkeypatch.setattr(macros, "project_for", lambda settings: FakeProject())
    env = FakeEnv()
    macros.define_env(env)
    assert sorted(env.registered) == sorted(MACRO_NAMES)


def test_mkdocs_hook_refuses_the_page_before_macros_render_it(tmp_path):
    """The hook re-checks the exact text mkdocs-macros is about to render (plain mkdocs build/serve)."""
    from mkdocs.exceptions import PluginError
    from kb.mkdocs_glue import hooks
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = types.SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="a.md", generated_by=None), meta={})
    with pytest.raises(PluginError) as err:
        hooks.on_page_markdown("x\n{{ config }}\n", page, config, None)
    assert "docs/a.md:2: macro: 不允许的宏写法：变量 config。" in str(err.value)
    generated = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="playbooks/p.md", generated_by="hooks"), meta={})
    assert hooks.on_page_markdown("县住建局{{ 7+7 }}", generated, config, None) == "县住建局{{ 7+7 }}"
    assert generated.meta["render_macros"] is False  # data pages are never a template


def test_data_text_is_never_a_template():
    from kb.render.core import esc
    from kb.render.playbooks import text
    assert esc("县住建局{{ 7+7 }}") == "县住建局&#123;&#123; 7+7 &#125;&#125;"
    assert text("{% include 'x' %}") == "&#123;% include &#39;x&#39; %&#125;"


def test_the_quick_path_passes_only_what_jinja_itself_allows():
    """plainly_allowed skips Jinja's parse for pages of plain calls only: every text it passes,
    Jinja's parse passes too (random texts made of the pieces that matter), and it does pass
    the usual pages, so the quick path is really taken."""
    import random
    from kb.checks.macros import parsed_problems, plainly_allowed
    allowed = frozenset(NAMES)
    pieces = ["{{", "}}", "{{-", "-}}", "{{+", "{%", "%}", "{#", "#}", "{", "}", " ", "\n", "\u3000",
              "cite", "deadline", "lipsum", "config", "not", "true", "none", "(", ")", ",", "=", "item",
              "1", "0", "07", "1_0", "-", "+", "*", "**", ".", "[", "]", "|", '"', "'", '"a"', "'b'",
              '"}}"', "\\", "文字", "x", "is", "if", "else", "~"]
    calls = ["{{ cite(23) }}", "{{ cite(31, item=6) }}", '{{ deadline("handling") }}', "{{-cite(1)-}}"]
    rng = random.Random(20261202)
    passed = 0
    for _ in range(3000):
        parts = [rng.choice(pieces if rng.random() < 0.6 else calls) for _ in range(rng.randint(1, 12))]
        text = "".join(parts)
        if plainly_allowed(text, allowed):
            passed += 1
            assert list(parsed_problems(text, allowed)) == [], text
    assert passed > 150
    page = "# 标题\n\n依据 {{ cite(23) }}、{{ cite(31, item=6) }}，{{ deadline(\"handling\") }} 内答复。\n"
    assert plainly_allowed(page, allowed)
    for bad in ["{{ cite(-1) }}", "{{ cite(1) | safe }}", "{{ config }}", "{{ lipsum(1) }}", "{{ cite(1) }}{% set x = 1 %}",
                "{{ cite(n) }}", "{{ cite(1)(2) }}", "{{ cite(1,) }}", "{{ cite('{{') }}", "{{ cite(1.5) }}"]:
        assert not plainly_allowed(bad, allowed), bad
