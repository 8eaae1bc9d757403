"""The review list for the office (维护 › 复审清单): every page and case by owner unit, soonest
first. Pure: review items in, escaped HTML out. Rows carry data-kb-due so the browser marks
the overdue ones at view time (docs/assets/javascripts/review-banner.js)."""
from __future__ import annotations

import datetime
import html

from kb.checks.review import ReviewItem, by_owner
from kb.model.records import KbData


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def review_list(data: KbData, items: list[ReviewItem], built: datetime.date) -> str:
    """One table per owner unit: next review date, kind, title (linked), last review, file to edit."""
    if not items:
        return "<p>没有需要复审的页面和案例。</p>"
    parts = [f'<p class="kb-review-note">共 {len(items)} 项，按负责单位分组，每组按下次审核日期排列。'
             f'本表生成于 {_h(built.isoformat())}；打开或打印时已过下次审核日期的行标为“已过期”。</p>']
    for owner, group in by_owner(items, list(data.units)):
        name = data.units[owner].name if owner in data.units else owner
        parts.append(f'<h2 id="owner-{_h(owner)}">{_h(name)}（{len(group)} 项）</h2>')
        rows = []
        for i in group:
            href = "../" + _h(i.src[:-3] + ".html")  # this page lives in maintenance/
            rows.append(
                f'<tr data-kb-due="{_h(i.due.isoformat())}">'
                f'<td data-label="下次审核"><time datetime="{_h(i.due.isoformat())}">{_h(i.due.isoformat())}</time> '
                f'<span class="kb-review__mark" data-kb-due-mark></span></td>'
                f'<td data-label="类型">{_h(i.kind_label)}</td>'
                f'<td data-label="标题"><a href="{href}">{_h(i.title)}</a></td>'
                f'<td data-label="最近审核">{_h(i.reviewed)}</td>'
                f'<td data-label="要改的文件"><code>{_h(i.source)}</code></td>'
                f'<td data-label="审核人签字"></td></tr>')
        parts.append('<table class="kb-review" data-kb-stack><thead><tr><th>下次审核</th><th>类型</th><th>标题</th>'
                     '<th>最近审核</th><th>要改的文件</th><th>审核人签字</th></tr></thead><tbody>'
                     + "".join(rows) + "</tbody></table>")
    return "\n".join(parts)


def review_text(data: KbData, items: list[ReviewItem], today: datetime.date) -> str:
    """`kb review` output: grouped by owner, one line per page or case."""
    if not items:
        return "没有符合条件的页面或案例。"
    lines = []
    for owner, group in by_owner(items, list(data.units)):
        name = data.units[owner].name if owner in data.units else owner
        lines.append(f"{name}（{owner}）：{len(group)} 项")
        for i in group:
            late = "  已过期" if i.due < today else ""
            lines.append(f"  {i.due.isoformat()}  {i.kind_label}  {i.title}  {i.source}{late}")
        lines.append("")
    return "\n".join(lines).rstrip() + f"\n\n共 {len(items)} 项（今天 {today.isoformat()}）。复审后更新文件里的 reviewed 日期，并在 changes 里加一条记录。"
