"""Pure render functions: validated records in, escaped Markdown out.

Nothing here knows about MkDocs. Links are written relative to docs/ with a leading
slash; MkDocs (validation.links.absolute_links: relative_to_docs) checks and rewrites them.
"""
from __future__ import annotations

import html

from kb.model.contacts import CONTACTS_PAGE
from kb.render.slugs import heading_slug
from kb.model.records import Article, Category, Deadline, KbData, Term

REGULATION_PAGE = "/reference/regulation.md"
GLOSSARY_PAGE = "/reference/glossary.md"
CN_NUMERALS = "零一二三四五六七八九十"


class RenderError(ValueError):
    """A page asked for something the data does not have (unknown article, key, unit)."""


# One pass over the text, so entities produced for one character are never escaped again.
_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "|": "&#124;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "#": "&#35;",
    "{": "&#123;", "}": "&#125;",  # data never becomes a Jinja macro call, wherever it lands
    "\n": " ",
})


def esc(text: object) -> str:
    """HTML-escape data and neutralise Markdown syntax so data can never become markup."""
    return str(text).translate(_ESCAPES)


def html_label(text: object) -> str:
    """HTML-escape a label (page title, description, nav label, tag name) for the template slots
    where Material writes it without escaping; braces too, so it never becomes a macro call."""
    return html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def article_anchor(number: int) -> str:
    return f"article-{number}"


def term_anchor(term: str) -> str:
    """Heading id of a glossary entry: a slug (the one heading slugify), never the raw term."""
    return "term-" + (heading_slug(term, "-") or "x")


def article_label(number: int, clause: int | None = None, item: int | None = None) -> str:
    label = f"第{number}条"
    if clause:
        label += f"第{clause}款"
    if item:
        label += f"第{item}项"
    return label


def get_article(data: KbData, number: int) -> Article:
    if not isinstance(number, int) or number not in data.articles:
        raise RenderError(
            f"引用了不存在的条文：第{number}条。2022年《信访工作条例》只有第1—50条；"
            "请核对条号（注意不要用2005年旧《信访条例》的条号，60日是第34条，复查第35条，复核第36条）。"
        )
    return data.articles[number]


def cite(data: KbData, number: int, clause: int | None = None, item: int | None = None) -> str:
    """第N条 as a link to its entry in the regulation index, with its summary as tooltip."""
    article = get_article(data, number)
    title = esc(f"{article.topic}：{article.summary}")
    return f'[{article_label(number, clause, item)}]({REGULATION_PAGE}#{article_anchor(number)} "{title}")'


def get_deadline(data: KbData, key: str) -> Deadline:
    if key not in data.deadlines:
        known = "、".join(data.deadlines)
        raise RenderError(f"未知的期限键 “{key}”。data/deadlines.yml 里有：{known}。")
    return data.deadlines[key]


def deadline(data: KbData, key: str) -> str:
    """The limit itself (15日, 5个工作日); the number lives only in data/deadlines.yml."""
    return esc(get_deadline(data, key).text)


def deadline_rule(data: KbData, key: str) -> str:
    """A phrase for procedure steps: 自收到之日起**15日**内（第23条第2款）. Without a known
    start (since): 不超过**30日**（第34条). The caller writes the verb after it."""
    d = get_deadline(data, key)
    basis = cite(data, d.article, d.clause)
    if d.since:
        return f"自{esc(d.since)}起**{esc(d.text)}**内（{basis}）"
    return f"不超过**{esc(d.text)}**（{basis}）"


def deadline_table(data: KbData) -> str:
    rows = ["| 环节 | 期限 | 起算 | 谁来做 | 适用范围 | 依据 |", "|---|---|---|---|---|---|"]
    for d in data.deadlines.values():
        rows.append(
            f"| {esc(d.stage)} | **{esc(d.text)}** | {esc(d.starts)} | {esc(d.who)} | "
            f"{esc(d.applies_to)} | {cite(data, d.article, d.clause)} |"
        )
    return "\n".join(rows)


def get_unit_name(data: KbData, unit_id: str) -> str:
    if unit_id not in data.units:
        raise RenderError(f"未知的单位 “{unit_id}”。请使用 data/units.yml 里的 id：{'、'.join(data.units)}。")
    return data.units[unit_id].name


def unit(data: KbData, unit_id: str) -> str:
    return esc(get_unit_name(data, unit_id))


def role(data: KbData, role_id: str) -> str:
    if role_id not in data.roles:
        raise RenderError(f"未知的岗位 “{role_id}”。请使用 data/units.yml 里 roles 的 id：{'、'.join(data.roles)}。")
    return esc(data.roles[role_id].name)


def unit_anchor(unit_id: str) -> str:
    """Anchor of a unit's card in the unit directory (单位名录)."""
    return f"unit-{unit_id}"


def unit_card_link(data: KbData, unit_id: str) -> str:
    """The unit's name as a Markdown link to its card in the directory."""
    return f"[{esc(get_unit_name(data, unit_id))}](/{CONTACTS_PAGE}#{unit_anchor(unit_id)})"


def responsibility_matrix(data: KbData) -> str:
    """Category → lead and partner units, each linked to its card in the unit directory."""
    rows = ["| 事项类别 | 常见事项 | 牵头单位 | 配合单位 | 依法应导入的程序 |", "|---|---|---|---|---|"]
    for c in data.categories.values():
        partners = "、".join(unit_card_link(data, u) for u in c.partners) or "—"
        rows.append(
            f"| {esc(c.name)} | {esc(c.examples)} | **{unit_card_link(data, c.lead)}** | {partners} | {esc(c.lawful_channels)} |"
        )
    return "\n".join(rows)


def unit_table(data: KbData) -> str:
    rows = ["| 单位 | 层级 | 在信访工作中的职责 |", "|---|---|---|"]
    for u in data.units.values():
        rows.append(f"| {esc(u.name)} | {esc(u.level)} | {esc(u.duties)} |")
    rows += ["", "| 岗位 | 层级 | 做什么 |", "|---|---|---|"]
    for r in data.roles.values():
        rows.append(f"| {esc(r.name)} | {esc(r.level)} | {esc(r.does)} |")
    return "\n".join(rows)


def get_term(data: KbData, name: str) -> Term:
    for t in data.terms:
        if name == t.term or name in t.aliases:
            return t
    raise RenderError(f"术语表里没有 “{name}”。请先在 data/glossary.yml 里添加，或改用已有的术语。")


def _page_link(page: str) -> str:
    return "/" + page


def term(data: KbData, name: str) -> str:
    """A term in running text: linked to its glossary entry, definition as tooltip."""
    t = get_term(data, name)
    title = esc(t.definition)
    return f'[{esc(name)}]({GLOSSARY_PAGE}#{term_anchor(t.term)} "{title}")'


SOURCE_NOTE = {
    "条例": "",
    "地方做法": "（地方做法，条例里没有这个词）",
    "政策文件": "（政策文件中的提法，条例里没有这个词）",
}


def glossary(data: KbData) -> str:
    parts = []
    for t in sorted(data.terms, key=lambda t: t.term):
        lines = [f"### {esc(t.term)} {{ #{term_anchor(t.term)} }}", ""]
        lines.append(f"{esc(t.definition)}{SOURCE_NOTE[t.source]}")
        lines.append("")
        if t.aliases:
            lines.append(f"- 又称：{'、'.join(esc(a) for a in t.aliases)}")
        if t.articles:
            lines.append(f"- 相关条文：{'、'.join(cite(data, n) for n in t.articles)}")
        lines.append(f"- 详见：[{esc(t.term)}]({_page_link(t.page)})")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def regulation_index(data: KbData) -> str:
    parts = [f"{esc(data.regulation_issued)}，自{esc(data.regulation_effective)}起施行（{cite(data, 50)}）。"]
    for ch in data.chapters:
        parts.append(f"## 第{CN_NUMERALS[ch.number]}章　{esc(ch.title)}（第{ch.first}—{ch.last}条）")
        for n in range(ch.first, ch.last + 1):
            a = data.articles[n]
            parts.append(f"### 第{n}条　{esc(a.topic)} {{ #{article_anchor(n)} }}\n\n{esc(a.summary)}")
    return "\n\n".join(parts)


LOCAL_PAGE = "/reference/local-settings.md"


def _local_item(data: KbData, name: str, key: str) -> dict:
    items = {r["key"]: r for r in data.local.get(name, [])}
    if key not in items:
        raise RenderError(f"data/local.yml 的 {name} 里没有 “{key}”。可用：{'、'.join(items)}。")
    return items[key]


def _local_mark(item: dict) -> str:
    return f"（[本县设置]({LOCAL_PAGE}){'·示例' if item['example'] else ''}）"


def local_setting(data: KbData, key: str) -> str:
    """One of the county's own settings (data/local.yml), marked as a local setting and, until replaced, as an example."""
    item = _local_item(data, "settings", key)
    return esc(item["value"]) + _local_mark(item)


def local_superior(data: KbData, key: str, stage: str = "review") -> str:
    """The body a 复查 (stage="review") or 复核 (stage="rereview") request goes to, for one kind of deciding body."""
    if stage not in ("review", "rereview"):
        raise RenderError(f"local_superior 的第二个参数只能是 \"review\"（复查）或 \"rereview\"（复核），不是 “{stage}”。")
    item = _local_item(data, "superiors", key)
    return esc(item[stage]) + _local_mark(item)


def local_settings_table(data: KbData) -> str:
    """Every local setting, grouped, with its basis and document; then the 上一级 table."""
    local = data.local
    docs = {d["id"]: d for d in local.get("documents", [])}
    mark = lambda item: "**示例**" if item["example"] else "本县正式做法"
    parts = [f"适用于：{esc(local['county'])}。{esc(local['notice'])}"]
    groups: dict[str, list] = {}
    for s in local.get("settings", []):
        groups.setdefault(s["group"], []).append(s)
    for group, items in groups.items():
        rows = [f"## {esc(group)}", "", "| 问题 | 本县设置 | 条例怎么说、为什么要本县定 | 确定它的文件 | 状态 |", "|---|---|---|---|---|"]
        for s in items:
            doc = docs.get(s.get("document", ""))
            rows.append(f"| {esc(s['topic'])} | {esc(s['value'])} | {esc(s['basis'])} | "
                        f"{esc(doc['title']) if doc else '—'} | {mark(s)} |")
        parts.append("\n".join(rows))
    rows = ["## 复查、复核的上一级机关", "",
            "| 作出信访处理意见的 | 复查向谁提出 | 复核向谁提出 | 说明 | 状态 |", "|---|---|---|---|---|"]
    for r in local.get("superiors", []):
        rows.append(f"| {esc(r['body'])} | {esc(r['review'])} | {esc(r['rereview'])} | {esc(r.get('note', '')) or '—'} | {mark(r)} |")
    parts.append("\n".join(rows))
    rows = ["## 这些设置出自哪些文件", "", "| 文件 | 印发单位 | 状态 |", "|---|---|---|"]
    for d in docs.values():
        rows.append(f"| {esc(d['title'])} | {esc(d.get('issuer', '')) or '—'} | {'**示例**（文件名是虚构的）' if d['example'] else '本县正式文件'} |")
    parts.append("\n".join(rows))
    return "\n\n".join(parts)


def recent_changes(pages, limit: int = 8) -> str:
    """Home-page list of what changed, newest review first, from each page's `changes` field."""
    dated = [p for p in pages if p.meta.get("changes") and not p.is_draft]
    dated.sort(key=lambda p: (str(p.meta.get("reviewed")), p.src), reverse=True)
    lines = []
    for p in dated[:limit]:
        what = "；".join(esc(c) for c in p.meta["changes"])
        lines.append(f"- **{esc(p.meta['reviewed'])}** [{esc(p.meta['title'])}](/{p.src})：{what}")
    return "\n".join(lines) or "（暂无更新记录）"
