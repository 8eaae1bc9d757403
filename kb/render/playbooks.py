"""Case playbook pages: data/playbooks/<id>.yml in, escaped Markdown out.

Pure functions (records in, text out), so they are unit-testable and do not depend on
MkDocs. kb/mkdocs_hooks.py turns the results into generated pages and nav entries;
there is no hand-written docs/playbooks/<id>.md.
"""
from __future__ import annotations

import re
from typing import Iterable

from kb.model.playbook import FOLDER, Playbook
from kb.model.records import KbData
from kb.render.core import cite, deadline_rule, esc, unit
from kb.render.yaml_text import dump_yaml

INDEX_SRC = f"{FOLDER}/index.md"
# Labels for the schema's enums (data/schema/playbook.schema.json); a test keeps both in step.
RISK_LABELS = {"high": "高", "medium": "中", "low": "低"}
CHANNEL_LABELS = {"letter": "来信", "visit": "来访", "group-visit": "集体访", "online": "网上信访", "phone": "来电"}
ANONYMITY_NOTE = ("本案例已匿名化：人名都是化名，单位、地点已作处理，时间只写到月；"
                  "情节为教学需要做了归纳，不对应任何真实的个人或单位。")
NO_OTHER_CHANNEL = "本案的诉求都在信访程序里办理，没有需要导入诉讼、仲裁、行政复议等法定程序的部分。"


# Whitespace next to a Chinese character or full-width mark comes from wrapping long lines in
# YAML (| or >), not from the author: Chinese text has no spaces between words.
CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def text(value: object) -> str:
    """One line of prose from data: wrapping undone, esc()-ed, and braces escaped so that
    text from data can never become a Jinja macro call."""
    one_line = CJK_GAP.sub("", str(value).strip())
    return esc(re.sub(r"\s+", " ", one_line)).replace("{", "&#123;").replace("}", "&#125;")


def paragraphs(value: str) -> str:
    """Paragraphs are separated by a blank line in the YAML (use | for multi-paragraph text)."""
    return "\n\n".join(text(block) for block in re.split(r"\n\s*\n", value.strip()) if block.strip())


def published(data: KbData) -> list[Playbook]:
    """Playbooks that get a page, in reading order: category order, then risk (high first), then id."""
    cat_order = {c: i for i, c in enumerate(data.categories)}
    risk_order = {r: i for i, r in enumerate(RISK_LABELS)}
    return sorted((p for p in data.playbooks.values() if not p.draft),
                  key=lambda p: (cat_order.get(p.category, 99), risk_order.get(p.risk, 9), p.id))


def _link(target: str, titles: dict[str, str]) -> str:
    return f"[{text(titles.get(target, target))}](/{target})"


def page_titles(pages: Iterable, data: KbData) -> dict[str, str]:
    """src -> title for every published page, including the generated playbook pages."""
    titles = {p.src: str(p.meta.get("title", p.src)) for p in pages if not p.is_draft}
    titles.update({p.src: p.title for p in published(data)})
    return titles


def front_matter(pb: Playbook) -> dict:
    return pb.page_meta()


def render_playbook(data: KbData, pb: Playbook, titles: dict[str, str]) -> str:
    """The page body (Markdown) for one playbook. Same sections, same order, for every playbook."""
    cat = data.categories[pb.category]
    partners = "；".join(unit(data, u) for u in pb.partners) or "—"  # unit names contain 、
    out = [
        f"# {text(pb.title)}",
        "",
        f"{text(pb.summary)}",
        "",
        "| 要素 | 本案 |",
        "|---|---|",
        f"| 事项类别 | {text(cat.name)}（分工见[责任矩阵](/reference/matrix.md)） |",
        f'| 风险等级 | <span class="kb-pb-risk" data-risk="{pb.risk}">{RISK_LABELS[pb.risk]}</span> |',
        f"| 信访形式 | {CHANNEL_LABELS[pb.channel]} |",
        f"| 牵头单位 | {unit(data, pb.lead)} |",
        f"| 配合单位 | {partners} |",
        "",
        '!!! info "匿名说明"',
        "",
        f"    {text(ANONYMITY_NOTE)}",
        "",
        "## 基本情况",
        "",
        paragraphs(pb.situation),
        "",
        "## 预警信号",
        "",
        *(f"- {text(s)}" for s in pb.warning_signs),
        "",
        "## 处置步骤",
        "",
    ]
    for n, step in enumerate(pb.steps, 1):
        who = f"（{unit(data, step.by)}）" if step.by else ""
        out += [f"{n}. **{text(step.title)}**{who}", "", f"    {text(step.detail)}", ""]
        if step.deadline:
            out += [f"    期限：{deadline_rule(data, step.deadline)}", ""]
    out += ["## 依法导入的渠道（诉访分离）", ""]
    if pb.lawful_channels:
        for c in pb.lawful_channels:
            where = f"（{unit(data, c.unit)}）" if c.unit else ""
            out.append(f"- **{text(c.claim)}**{where}：{text(c.route)}")
        out += ["", f"诉访分离的做法见[诉访分离与依法分类处理](/policy/classified-handling.md)。"]
    else:
        out.append(text(NO_OTHER_CHANNEL))
    out += [
        "",
        "## 化解结果",
        "",
        paragraphs(pb.resolution),
        "",
        "## 回头看：问题与教训",
        "",
        "| 前期的问题 | 以后怎么做 |",
        "|---|---|",
        *(f"| {text(x.problem)} | {text(x.lesson)} |" for x in pb.lookback),
        "",
        "## 法律依据",
        "",
        *(f"- {cite(data, b.article, b.clause, b.item)}：{text(b.why)}" for b in pb.basis),
        "",
        "## 相关页面",
        "",
        *(f"- {_link(r, titles)}" for r in pb.related),
        f"- [案例手册目录](/{INDEX_SRC})",
        "",
    ]
    return "\n".join(out)


def playbook_page(data: KbData, pb: Playbook, titles: dict[str, str]) -> str:
    """Front matter + body: the full content of the generated playbooks/<id>.md."""
    return f"---\n{dump_yaml(front_matter(pb))}---\n\n{render_playbook(data, pb, titles)}"


_LAST_FILES: list = [None, None, []]  # data, titles, result of the last call (mkdocs serve: the same, save after save)


def playbook_files(data: KbData, pages: Iterable) -> list[tuple[str, str]]:
    """(src, content) for every generated page."""
    titles = page_titles(pages, data)
    if _LAST_FILES[0] == data and _LAST_FILES[1] == titles:
        return list(_LAST_FILES[2])
    files = [(pb.src, playbook_page(data, pb, titles)) for pb in published(data)]
    _LAST_FILES[:] = [data, titles, files]
    return list(files)


def playbook_nav(nav: list | None, data: KbData) -> list | None:
    """config.nav with the playbook pages, grouped by category, appended to the section that
    holds playbooks/index.md. Idempotent: earlier generated entries are replaced, not doubled."""
    if nav is None:
        return None  # no nav in mkdocs.yml: MkDocs lists every file by itself
    section = _find_section(nav)
    if section is None:
        raise ValueError(f"mkdocs.yml 的 nav 里找不到 {INDEX_SRC}：案例手册的页面要挂在含有它的那一栏下面。")
    group_names = {c.name for c in data.categories.values()} | {BY_CATEGORY}
    keep = [e for e in section if not (isinstance(e, dict) and len(e) == 1 and next(iter(e)) in group_names)]
    groups: dict[str, list[str]] = {}
    items = published(data)
    for pb in items:
        groups.setdefault(data.categories[pb.category].name, []).append(pb.src)
    categories = [{name: nav_chunks(srcs)} for name, srcs in groups.items()]
    if len(items) > NAV_GROUP:  # collapsed: each page of the tab expands only its own category
        categories = [{BY_CATEGORY: categories}]
    section[:] = keep + categories
    return nav


# Every page of the 案例手册 tab shows its categories expanded (navigation.sections). Up to
# NAV_GROUP playbooks that is the whole list; past it the categories move one level down (under
# BY_CATEGORY), where Material's navigation.prune shows only their names except on their own
# pages, and a category past NAV_GROUP playbooks is split into groups of NAV_GROUP, pruned the same
# way. So a page's nav stays small at thousands of playbooks.
NAV_GROUP = 40
BY_CATEGORY = "按事项类别"


def nav_chunks(srcs: list[str], size: int = NAV_GROUP) -> list:
    """The playbook pages of one category as nav entries: flat up to `size`, else groups
    labelled 第1—40个, 第41—80个 … in reading order."""
    if len(srcs) <= size:
        return srcs
    return [{f"第{i + 1}—{min(i + size, len(srcs))}个": srcs[i:i + size]} for i in range(0, len(srcs), size)]


def _find_section(entries) -> list | None:
    if isinstance(entries, list):
        if INDEX_SRC in entries:
            return entries
        for e in entries:
            found = _find_section(e)
            if found is not None:
                return found
    elif isinstance(entries, dict):
        for v in entries.values():
            found = _find_section(v)
            if found is not None:
                return found
    return None


def _filter_group(name: str, label: str, options: list[tuple[str, str, int]]) -> str:
    total = sum(count for _, _, count in options)
    buttons = [f'<button type="button" class="kb-pb-filter__btn" data-filter="{name}" data-value="" aria-pressed="true">'
               f'全部（<span data-kb-n>{total}</span>）</button>']
    for value, shown, count in options:  # the counts are kept up to date with the other filters by playbook-filter.js
        buttons.append(f'<button type="button" class="kb-pb-filter__btn" data-filter="{name}" '
                       f'data-value="{value}" aria-pressed="false">{text(shown)}（<span data-kb-n>{count}</span>）</button>')
    return (f'<div class="kb-pb-filter" role="group" aria-label="{label}">'
            f'<span class="kb-pb-filter__label">{label}</span>{"".join(buttons)}</div>')


def playbook_index(data: KbData) -> str:
    """The 案例手册 list with filters by category, risk and channel.

    The filter bar is hidden until docs/assets/javascripts/playbook-filter.js shows it, so
    without JavaScript (or on paper) the full list is simply there."""
    items = published(data)

    def options(attr: str, labels: dict[str, str]) -> list[tuple[str, str, int]]:
        return [(k, v, n) for k, v in labels.items() if (n := sum(getattr(p, attr) == k for p in items))]

    categories = {c.id: c.name for c in data.categories.values()}
    bar = [
        '<div class="kb-pb-filters" data-kb-filters hidden>',
        _filter_group("category", "事项类别", options("category", categories)),
        _filter_group("risk", "风险等级", options("risk", RISK_LABELS)),
        _filter_group("channel", "信访形式", options("channel", CHANNEL_LABELS)),
        f'<p class="kb-pb-count" aria-live="polite" data-kb-count>共 {len(items)} 个案例</p>',
        '</div>',
    ]
    cards = ['<div class="kb-pb-list" markdown>', ""]
    for pb in items:
        cards += [
            f'<div class="kb-pb-card" data-kb-card data-category="{pb.category}" data-risk="{pb.risk}" '
            f'data-channel="{pb.channel}" markdown>',
            "",
            f"**[{text(pb.title)}](/{pb.src})**",
            "",
            f'<span class="kb-pb-risk" data-risk="{pb.risk}">风险{RISK_LABELS[pb.risk]}</span> '
            f"{text(categories[pb.category])} · {CHANNEL_LABELS[pb.channel]} · 牵头：{unit(data, pb.lead)}",
            "",
            text(pb.summary),
            "",
            "</div>",
            "",
        ]
    cards += ['<p class="kb-pb-empty" data-kb-empty hidden>没有符合这些条件的案例，请放宽筛选条件。</p>', "", "</div>"]
    return "\n".join(bar) + "\n\n" + "\n".join(cards)
