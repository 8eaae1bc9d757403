"""The 期限计算器 (deadline calculator) page block: the form, the empty result area, and the data
the page's script counts with (docs/assets/javascripts/deadline-calculator.js)."""
from __future__ import annotations

import html

from kb.model.calendar import HOLIDAY_FILE
from kb.model.deadline_calc import article_label
from kb.model.records import KbData
from kb.render.core import esc
from kb.render.jsondata import json_script

DATA_ID = "kb-deadline-data"


def calculator_data(data: KbData) -> dict:
    """Everything the browser needs, as plain JSON values."""
    rules = data.counting
    return {
        "events": [{"id": e.id, "name": e.name, "who": e.who} for e in data.events.values()],
        "deadlines": [{"key": d.key, "stage": d.stage, "limit": d.text, "length": d.length, "unit": d.unit,
                       "article": article_label(d.article, d.clause), "starts": d.starts, "event": d.event,
                       "follows": d.follows} for d in data.deadlines.values() if d.event],
        "rules": {"first_day_counts": rules.first_day_counts, "holiday_end_moves": rules.holiday_end_moves,
                  "first_day_text": rules.first_day_text, "holiday_end_text": rules.holiday_end_text,
                  "label": rules.label, "caveat": rules.caveat},
        "calendar": {"file": HOLIDAY_FILE, "years": [
            {"year": y.year, "notice": y.notice,
             "days_off": [{"name": d.name, "from": d.start.isoformat(), "to": d.end.isoformat()} for d in y.days_off],
             "working_days": [{"date": w.day.isoformat()} for w in y.working_days]}
            for y in data.calendar.years.values()]},
    }


def deadline_calculator(data: KbData) -> str:
    """Raw HTML block (one line per element, no blank lines, so Markdown leaves it alone)."""
    e = html.escape
    options = "".join(f'<option value="{e(ev.id, quote=True)}">{e(ev.name)}</option>' for ev in data.events.values())
    years = list(data.calendar.years)
    span = f"{years[0]}—{years[-1]}" if years else "（没有）"
    return "\n".join([
        '<div class="kb-calc">',
        '<form class="kb-calc__form kb-noprint" novalidate>',
        '<p><label for="kb-calc-event">发生了什么事</label><br>',
        f'<select id="kb-calc-event" name="event">{options}</select></p>',
        '<p><label for="kb-calc-date">哪一天（年-月-日，如 2026-09-27 或 2026年9月27日）</label><br>',
        '<input type="text" id="kb-calc-date" name="date" inputmode="numeric" autocomplete="off" '
        'placeholder="2026-09-27" size="16" required></p>',
        '<p><button type="submit" class="md-button md-button--primary">计算期限</button> '
        '<button type="button" class="md-button kb-calc__print" disabled>打印期限单</button></p>',
        '<p class="kb-calc__message" role="alert"></p>',
        '</form>',
        '<div class="kb-calc__result" aria-live="polite">',
        '<p class="kb-calc__empty kb-noprint">选好事件和日期，按“计算期限”（或在日期框里按回车）。</p>',
        '</div>',
        f'<p class="kb-calc__coverage kb-noprint">放假调休安排：{e(span)} 年。</p>',
        '<noscript><p>这个计算器要用浏览器的 JavaScript。浏览器不能运行脚本时，请按下面“怎么算的”手工计算，或者请县信访局代为计算。</p></noscript>',
        json_script(DATA_ID, calculator_data(data)),
        '</div>',
    ])


def counting_rules(data: KbData) -> str:
    """The two county counting rules with their basis, label and caveat (Markdown)."""
    r = data.counting
    return (f"{esc(r.first_day_text)}（{esc(r.first_day_basis)}）；{esc(r.holiday_end_text)}"
            f"（{esc(r.holiday_end_basis)}）。这是**{esc(r.label)}**：{esc(r.caveat)}")
