"""Macros cannot run code: before anything is rendered, every page's Jinja is parsed and only
`{{ name(literal, key=literal) }}` calls of the registered macros (Context.macro_names) and
literal output such as `{{ "{% raw %}" }}` are allowed. Attribute access, variables (`config`,
`environment`, `git`, globals), filters, tests, `{% include/import/extends/set/for/if/macro %}`
and every other construct is a finding with the file, the line and what is allowed. Jinja in
front matter is refused too (mkdocs-macros renders a page title that contains it)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

import jinja2
from jinja2 import nodes

from kb.load.schemas import json_path
from kb.load.yamlio import line_of
from kb.checks.registry import rule
from kb.model.context import Context
from kb.model.findings import Finding
from kb.model.tree import string_leaves

_PARSER = jinja2.Environment()  # parse only: never compiled, never rendered here
JINJA_MARKERS = ("{{", "{%", "{#")


def allowed_text(names: Iterable[str]) -> str:
    return ("页面里只能这样调用登记过的宏：{{ 宏名(写死的参数) }}，如 {{ cite(23) }}、{{ cite(31, item=6) }}、"
            "{{ deadline(\"review_request\") }}；可用的宏：" + "、".join(names) + "。"
            "参数只能是写死的数字或加引号的文字。要原样显示花括号，请用 {% raw %} … {% endraw %} 包起来。")


def _literal(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, (str, int, float, bool, type(None)))


def _describe(node: nodes.Node) -> str:
    """What the author wrote, in words a new staff member can act on."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return "访问属性或下标（. 或 [ ]）"
    if isinstance(node, nodes.Filter):
        return f"过滤器 |{node.name}"
    if isinstance(node, nodes.Test):
        return f"测试 is {node.name}"
    if isinstance(node, nodes.Name):
        return f"变量 {node.name}"
    if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        return "{% " + type(node).__name__.lower().replace("fromimport", "from … import") + " %}（引入其他文件）"
    if isinstance(node, nodes.Call):
        return "调用未登记的函数或带非字面参数的调用"
    if isinstance(node, nodes.Stmt):
        return "{% " + type(node).__name__.lower() + " %} 语句"
    return f"表达式（{type(node).__name__}）"


def _call_problem(node: nodes.Call, names: frozenset[str]) -> tuple[nodes.Node, str] | None:
    """None when node is name(literal…, key=literal…) of a registered macro."""
    if not isinstance(node.node, nodes.Name):
        return node.node, _describe(node.node)
    if node.node.name not in names:
        return node, f"未登记的宏 {node.node.name}"
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return node, "*args/**kwargs 参数"
    for arg in list(node.args) + [k.value for k in node.kwargs]:
        if not _literal(arg):
            return arg, f"宏 {node.node.name} 的参数不是写死的数字或文字（{_describe(arg)}）"
    return None


# The one form almost every page uses, {{ name(literal, …, key=literal, …) }}, written so plainly
# that Jinja's lexer and parser must read it as an allowed call: integers without sign, underscore
# or leading zero; quoted text without backslashes, braces, % or #, on one line; names as Jinja
# reads them. A page whose every {{ is such a call, with no {% or {# anywhere, has nothing to
# report; any other page (and any other spelling) is parsed by Jinja as a whole, as before.
_LIT = r"""(?:0|[1-9][0-9]*|"[^"\\{}%#\n\r]*"|'[^'\\{}%#\n\r]*')"""
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_SP = r"[ \t\r\n]*"
_KW = rf"{_IDENT}{_SP}={_SP}{_LIT}"
_ARGS = rf"(?:{_LIT}(?:{_SP},{_SP}{_LIT})*(?:{_SP},{_SP}{_KW})*|{_KW}(?:{_SP},{_SP}{_KW})*)?"
_PLAIN_CALL = re.compile(rf"\{{\{{-?{_SP}({_IDENT}){_SP}\({_SP}{_ARGS}{_SP}\){_SP}-?\}}\}}")
# Names the parser reads as constants or operators, never as a macro name.
_JINJA_WORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "true", "false", "none",
                          "True", "False", "None"})


@lru_cache(maxsize=64)
def _callable_names(names: frozenset[str]) -> frozenset[str]:
    return frozenset(n for n in names if re.fullmatch(_IDENT, n) and n not in _JINJA_WORDS)


def plainly_allowed(text: str, allowed: frozenset[str]) -> bool:
    """True only when every {{ in text starts a plain call of an allowed macro (see _PLAIN_CALL)
    and there is no {% or {#: Jinja would find nothing to report. False means: parse it."""
    if "{%" in text or "{#" in text:
        return False
    names = _callable_names(allowed)
    at = text.find("{{")
    while at >= 0:
        m = _PLAIN_CALL.match(text, at)
        if m is None or m.group(1) not in names:
            return False
        at = text.find("{{", m.end())
    return True


def template_problems(text: str, names: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line in text, what is not allowed) for every construct outside the allow-list."""
    if not any(m in text for m in JINJA_MARKERS):
        return
    allowed = frozenset(names)
    if plainly_allowed(text, allowed):
        return
    yield from parsed_problems(text, allowed)


def parsed_problems(text: str, allowed: frozenset[str]) -> Iterator[tuple[int, str]]:
    """What template_problems reports, from Jinja's own parse of the whole text."""
    try:
        tree = _PARSER.parse(text)
    except jinja2.TemplateSyntaxError as err:
        yield err.lineno or 1, f"宏的写法有误（{err.message}）"
        return
    for stmt in tree.body:
        if not isinstance(stmt, nodes.Output):
            yield stmt.lineno, _describe(stmt)
            continue
        for part in stmt.nodes:
            if isinstance(part, nodes.TemplateData) or _literal(part):
                continue
            if isinstance(part, nodes.Call):
                problem = _call_problem(part, allowed)
                if problem:
                    yield problem[0].lineno, problem[1]
                continue
            yield part.lineno, _describe(part)


def page_findings(shown: str, body: str, body_line: int, names: Iterable[str]) -> list[Finding]:
    names = tuple(names)
    return [Finding(shown, body_line + line - 1, "macro", f"不允许的宏写法：{what}。{allowed_text(names)}")
            for line, what in _problems_of(body, names)]


# page text → its problems, for the rebuilds of one process (mkdocs serve checks every page on
# every save, and all but one are unchanged). Keyed by the whole text: any change is parsed again.
_CHECKED: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}


def _problems_of(body: str, names: tuple[str, ...]) -> list[tuple[int, str]]:
    key = (body, names)
    found = _CHECKED.get(key)
    if found is None:
        if len(_CHECKED) > 20_000:
            _CHECKED.clear()
        found = _CHECKED[key] = list(template_problems(body, names))
    return found


@rule("macro.allowed", "页面只能用写死参数调用登记过的宏；其他 Jinja 写法（变量、属性、过滤器、include、set…）一律不允许")
def allowed(ctx: Context):
    for page in ctx.pages:
        yield from page_findings(page.shown or page.src, page.body, page.body_line, ctx.macro_names)


@rule("macro.front-matter", "front matter 里不能写 {{ }}、{% %} 或 {# #}")
def front_matter(ctx: Context):
    for page in ctx.pages:
        for path, value in string_leaves(page.meta):
            if any(m in value for m in JINJA_MARKERS):
                field = json_path(path)
                yield Finding(page.shown or page.src, line_of(page.meta_node, path, 2), "macro",
                              f"front matter 的 {field} 里有 {{{{ }}}}、{{% %}} 或 {{# #}}：这里的文字不能调用宏，请删掉花括号。")
