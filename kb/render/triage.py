"""The 分类处理向导 (guide to the lawful channel), from data/triage.yml: the step-by-step guide
(HTML shown one step at a time by docs/assets/javascripts/triage.js) and the one-page flowchart
(SVG drawn here, no Mermaid or other script). Pure: records in, escaped HTML out."""
from __future__ import annotations

import html
import posixpath
import re

from kb.model.contacts import CONTACTS_PAGE  # 单位名录: one card per unit, anchor unit-<id>
from kb.model.records import KbData
from kb.model.triage import ArticleRef, Route, Triage
from kb.model.urls import page_url
from kb.render.contacts import unit_anchor
from kb.render.core import article_anchor, article_label

TRIAGE_PAGE = "reference/triage.md"          # the page that shows the guide (links are relative to it)
CALCULATOR_PAGE = "reference/deadline-calculator.md"
REGULATION_PAGE = "reference/regulation.md"
CITE_TOKEN = re.compile(r"\{cite:(\d+)\}")


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def href(target_src: str, anchor: str = "", from_src: str = TRIAGE_PAGE) -> str:
    """Relative URL from one docs page to another (use_directory_urls: false)."""
    rel = posixpath.relpath(page_url(target_src), posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def article_link(data: KbData, ref: ArticleRef, from_src: str = TRIAGE_PAGE) -> str:
    article = data.articles[ref.article]
    return (f'<a href="{e(href(REGULATION_PAGE, article_anchor(ref.article), from_src))}" '
            f'title="{e(article.topic)}">{e(article_label(ref.article, ref.clause, ref.item))}</a>')


def note_html(data: KbData, note: str) -> str:
    """A note's text with {cite:N} as links to the article."""
    out, last = [], 0
    for m in CITE_TOKEN.finditer(note):
        out.append(e(note[last:m.start()]))
        out.append(article_link(data, ArticleRef(int(m.group(1)))))
        last = m.end()
    out.append(e(note[last:]))
    return "".join(out)


def note_text(note: str) -> str:
    return CITE_TOKEN.sub(lambda m: f"第{m.group(1)}条", note)


def route_units(data: KbData, route: Route) -> tuple[str, tuple[str, ...]]:
    """(lead unit id or "", partner unit ids) of a route."""
    if route.unit:
        return route.unit, ()
    if route.category:
        category = data.categories[route.category]
        return category.lead, category.partners
    return "", ()


def responsible_text(data: KbData, route: Route) -> str:
    lead, _ = route_units(data, route)
    return route.responsible or data.units[lead].name


def unit_link(data: KbData, unit_id: str, from_src: str = TRIAGE_PAGE) -> str:
    return f'<a href="{e(href(CONTACTS_PAGE, unit_anchor(unit_id), from_src))}">{e(data.units[unit_id].name)}</a>'


def _route_section(data: KbData, route: Route, titles: dict[str, str]) -> str:
    lead, partners = route_units(data, route)
    units = ""
    if lead:
        units = unit_link(data, lead) + ("；配合：" + "、".join(unit_link(data, p) for p in partners) if partners else "")
    if route.responsible:
        units = e(route.responsible) + (f"（相关单位：{units}）" if units else "")
    rows = [("依据", "、".join(article_link(data, a) for a in route.articles)), ("负责单位", units)]
    rows.append(("办理流程", f'<a href="{e(href(route.procedure))}">{e(titles.get(route.procedure, route.procedure))}</a>'))
    if route.template:
        rows.append(("文书模板", f'<a href="{e(href(route.template))}">{e(titles.get(route.template, route.template))}</a>'))
    if route.deadlines:
        items = []
        for key in route.deadlines:
            d = data.deadlines[key]
            items.append(f"{e(d.stage)}：{e(d.text)}（{article_link(data, ArticleRef(d.article, d.clause))}）")
        rows.append(("期限", "；".join(items) + f'。<a href="{e(href(CALCULATOR_PAGE))}">用期限计算器算日期</a>'))
    if route.category:
        rows.append(("类别", f'<a href="{e(href("reference/matrix.md"))}">责任矩阵</a>：'
                             f'{e(data.categories[route.category].name)}'))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section class="kb-triage__route" data-route="{e(route.id)}" hidden>'
            f'<p class="kb-triage__title" role="heading" aria-level="3" tabindex="-1">去向：{e(route.title)}</p>'
            f'<p>{e(route.summary)}</p><dl class="kb-triage__facts">{body}</dl></section>')


def triage_guide(data: KbData, page_titles: dict[str, str] | None = None) -> str:
    """The guide: every question and route pre-rendered (hidden), the script shows one at a time.
    Without JavaScript the flowchart below the guide shows the same paths."""
    t, titles = data.triage, page_titles or {}
    parts = [f'<div class="kb-triage" data-start="{e(t.start)}">',
             '<div class="kb-triage__steps kb-noprint">',
             '<p class="kb-triage__trail" aria-live="polite"></p>']
    for qid in t.order():
        q = t.questions[qid]
        buttons = []
        for i, a in enumerate(q.answers):
            target = f'data-next="{e(a.next)}"' if a.next else f'data-route="{e(a.route)}"'
            note = f' data-note="{e(qid)}-{i}"' if a.note else ""
            buttons.append(f'<li><button type="button" class="md-button kb-triage__answer" {target}{note} '
                           f'data-short="{e(a.short)}">{e(a.label)}</button></li>')
        help_text = f'<p class="kb-triage__help">{e(q.help)}</p>' if q.help else ""
        parts.append(f'<section class="kb-triage__question" data-question="{e(qid)}" hidden>'
                     f'<p class="kb-triage__title" role="heading" aria-level="3" tabindex="-1">'
                     f'<span class="kb-triage__step"></span>{e(q.text)}</p>{help_text}'
                     f'<ul class="kb-triage__answers">{"".join(buttons)}</ul></section>')
    for route in t.routes.values():
        parts.append(_route_section(data, route, titles))
    for qid in t.order():
        for i, a in enumerate(t.questions[qid].answers):
            if a.note:
                see = f' <a href="{e(href(a.see))}">{e(titles.get(a.see, a.see))}</a>' if a.see else ""
                parts.append(f'<p class="kb-triage__note admonition warning" data-note-id="{e(qid)}-{i}" hidden>'
                             f'<strong>同时要做：</strong>{note_html(data, a.note)}{see}</p>')
    parts += ['<p class="kb-triage__controls">'
              '<button type="button" class="md-button kb-triage__back" disabled>上一步</button> '
              '<button type="button" class="md-button kb-triage__restart">重新开始</button></p>',
              '</div>',
              '<noscript><p>分步向导要用浏览器的 JavaScript；下面的流程图是同样的问题和去向。</p></noscript>',
              '</div>']
    return "\n".join(parts)


# ------------------------------------------------------------------ flowchart (SVG)

FONT = 13          # px, question and route text
SMALL = 11         # px, edge labels and route details
LINE = 17          # px between text lines
Q_X, Q_W = 10, 240
LANE_X0, LANE_STEP = 372, 12
R_X, R_W = 460, 312
WIDTH = R_X + R_W + 10
TOP = 44


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (CJK text has no spaces to break at)."""
    out, line = [], ""
    for ch in text:
        line += ch
        if len(line) >= width:
            out.append(line)
            line = ""
    if line:
        out.append(line)
    return out or [""]


def _text(x: float, y: float, lines: list[str], size: int = FONT, weight: str = "normal", anchor: str = "start") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE if size == FONT else size + 3}">{e(s)}</tspan>'
                    for i, s in enumerate(lines))
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}">'
            f'{spans}</text>')


def triage_flowchart(data: KbData) -> str:
    """The whole guide as one SVG figure, laid out in two columns: questions left, routes right."""
    t = data.triage
    order = t.order()
    out: list[str] = []
    q_box: dict[str, tuple[float, float]] = {}   # id -> (y, height)
    r_box: dict[str, tuple[float, float]] = {}
    ly, ry = TOP, TOP
    edges: list[tuple[str, int, str, str]] = []  # (question, answer index, kind, target)
    for qid in order:
        q = t.questions[qid]
        lines = wrap(q.text, 17)
        to_routes = [i for i, a in enumerate(q.answers) if a.route]
        height = max(len(lines) * LINE + 16, 24 * len(to_routes) + 12)
        q_box[qid] = (ly, height)
        ry = max(ry, ly - 10)
        for i in to_routes:
            rid = q.answers[i].route
            if rid not in r_box:
                route = t.routes[rid]
                rlines = wrap(route.title, 23)
                rh = len(rlines) * LINE + (1 + len(wrap("负责：" + responsible_text(data, route), 26))) * (SMALL + 3) + 14
                r_box[rid] = (ry, rh)
                ry += rh + 10
        ly += height + 52
    height_total = max(ly, ry) + 30
    for n, qid in enumerate(order):
        q = t.questions[qid]
        y, h = q_box[qid]
        out.append(f'<rect x="{Q_X}" y="{y:g}" width="{Q_W}" height="{h:g}" rx="6" class="kb-fc-q"/>')
        lines = wrap(q.text, 17)
        out.append(_text(Q_X + 10, y + (h - len(lines) * LINE) / 2 + FONT, lines))
        to_routes = [i for i, a in enumerate(q.answers) if a.route]
        lane = LANE_X0 + LANE_STEP * n
        for k, i in enumerate(to_routes):
            a = q.answers[i]
            ey = y + (k + 1) * h / (len(to_routes) + 1)
            target_y, target_h = r_box[a.route]
            ty = target_y + min(target_h / 2, 22)
            out.append(f'<path d="M{Q_X + Q_W} {ey:g} H{lane} V{ty:g} H{R_X - 2}" class="kb-fc-edge" marker-end="url(#kb-arrow)"/>')
            out.append(_text(Q_X + Q_W + 6, ey - 4, [a.short], SMALL))
        noted = [a for a in q.answers if a.next and a.note]
        if noted and not to_routes:  # what to do besides, beside the box (e.g. report an urgent matter)
            lines = [f"{a.short}：{note_text(a.note).split('；')[0].split('。')[0]}" for a in noted]
            out.append(_text(Q_X + Q_W + 10, y + 14, [x for line in lines for x in wrap(line, 30)], SMALL))
        targets: dict[str, list[str]] = {}   # next question -> the answers that lead there
        for a in q.answers:
            if a.next:
                targets.setdefault(a.next, []).append(a.short)
        for nxt, shorts in targets.items():
            ny, _ = q_box[nxt]
            cx = Q_X + Q_W / 2
            if order.index(nxt) == n + 1:
                out.append(f'<path d="M{cx:g} {y + h:g} V{ny - 2:g}" class="kb-fc-edge" marker-end="url(#kb-arrow)"/>')
                out.append(_text(cx + 6, y + h + 20, ["／".join(shorts)], SMALL))
            else:  # a jump back or over: along the left margin
                out.append(f'<path d="M{Q_X} {y + h / 2:g} H4 V{ny + 10:g} H{Q_X - 2}" class="kb-fc-edge" '
                           f'marker-end="url(#kb-arrow)"/>')
    for rid, (y, h) in r_box.items():
        route = t.routes[rid]
        out.append(f'<rect x="{R_X}" y="{y:g}" width="{R_W}" height="{h:g}" rx="3" class="kb-fc-r"/>')
        rlines = wrap(route.title, 23)
        out.append(_text(R_X + 8, y + FONT + 6, rlines, FONT, "bold"))
        detail_y = y + len(rlines) * LINE + 6 + SMALL
        out.append(_text(R_X + 8, detail_y, ["依据：" + "、".join(article_label(a.article, a.clause, a.item)
                                                              for a in route.articles),
                                             *wrap("负责：" + responsible_text(data, route), 26)], SMALL))
    title = "信访事项分类处理流程图（依据2022年《信访工作条例》）"
    return "\n".join([
        f'<figure class="kb-flowchart"><svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {WIDTH} {height_total:g}" '
        f'role="img" aria-labelledby="kb-flowchart-title" font-family="\'Noto Sans CJK SC\', \'Microsoft YaHei\', sans-serif">',
        f'<title id="kb-flowchart-title">{e(title)}</title>',
        '<defs><marker id="kb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#444"/></marker>',
        '<style>.kb-fc-q{fill:#fff7e6;stroke:#b26a00;stroke-width:1.2}.kb-fc-r{fill:#eef5ff;stroke:#1a4f8b;stroke-width:1.2}'
        '.kb-fc-edge{fill:none;stroke:#444;stroke-width:1.1}.kb-flowchart text{fill:#111}</style></defs>',
        _text(WIDTH / 2, 22, [title], 15, "bold", "middle"),
        *out,
        _text(10, height_total - 10, ["负责单位是本县分工示例，以本县正式文件为准。"], SMALL),
        '</svg></figure>',
    ])
