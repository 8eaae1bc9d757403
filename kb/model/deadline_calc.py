"""Every due date that follows from one event on one date (pure; the browser twin is
docs/assets/javascripts/deadline-calculator.js)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from kb.model.calendar import CalendarGap, Count, add_days, add_working_days


@dataclass(frozen=True)
class DueDate:
    key: str
    stage: str
    limit: str                # 15日, 5个工作日
    article: str              # 第23条第3款
    starts: str               # what starts the clock
    start: datetime.date      # the day the clock starts from
    end: datetime.date | None
    rule: str                 # the counting rule applied, in words
    error: str = ""           # why no date could be computed (a year missing in data/holidays.yml)

    def as_json(self) -> dict:
        return {"key": self.key, "stage": self.stage, "limit": self.limit, "article": self.article,
                "starts": self.starts, "start": self.start.isoformat(),
                "end": self.end.isoformat() if self.end else None, "rule": self.rule, "error": self.error}


def article_label(number: int, clause: int | None = None) -> str:
    return f"第{number}条" + (f"第{clause}款" if clause else "")


def applied_rule(count: Count, unit: str, rules, follows: str = "") -> str:
    parts = []
    if follows:
        parts.append(f"接在“{follows}”最后一日之后，从次日起算")
    else:
        parts.append(rules.first_day_text)
    if unit == "工作日":
        parts.append("只数工作日（周末和法定放假日不算，调休上班日算）")
    elif count.unmoved:
        parts.append(f"{count.unmoved.month}月{count.unmoved.day}日是{count.moved_over}，顺延到下一个工作日")
    elif rules.holiday_end_moves:
        parts.append("最后一日是工作日，不需顺延")
    else:
        parts.append("最后一日逢休息日不顺延")
    return "；".join(parts) + f"（{rules.label}）"


def due_dates(data, event_id: str, start: datetime.date) -> list[DueDate]:
    """Due dates of every deadline of the event, in the order of data/deadlines.yml."""
    if event_id not in data.events:
        raise KeyError(event_id)
    cal, rules = data.calendar, data.counting
    out: dict[str, DueDate] = {}
    for d in data.deadlines.values():
        if d.event != event_id:
            continue
        base = out.get(d.follows) if d.follows else None
        begin = start
        if d.follows:
            if base is None or base.end is None:
                out[d.key] = DueDate(d.key, d.stage, d.text, article_label(d.article, d.clause), d.starts, start, None,
                                     "", base.error if base else f"它接在的期限 {d.follows} 没有算出来")
                continue
            begin = base.end
        try:
            counter = add_working_days if d.unit == "工作日" else add_days
            count = counter(cal, begin, d.length, rules, first_day_counts=False if d.follows else None)
            rule = applied_rule(count, d.unit, rules, data.deadlines[d.follows].stage if d.follows else "")
            out[d.key] = DueDate(d.key, d.stage, d.text, article_label(d.article, d.clause), d.starts, begin,
                                 count.end, rule)
        except CalendarGap as gap:
            out[d.key] = DueDate(d.key, d.stage, d.text, article_label(d.article, d.clause), d.starts, begin,
                                 None, "", str(gap))
    return list(out.values())
