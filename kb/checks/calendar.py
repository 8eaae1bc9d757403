"""The holiday calendar (data/holidays.yml) and the events that start the clocks of
data/deadlines.yml: what the deadline calculator and `kb deadline` count with."""
from __future__ import annotations

import datetime

from kb.model.findings import Finding
from kb.checks.registry import rule
from kb.model.context import Context

HOLIDAYS = "data/holidays.yml"
DEADLINES = "data/deadlines.yml"
NEXT_YEAR_WARNING_FROM = (11, 1)   # the next year's notice usually comes out in late October or November


@rule("calendar.next-year", "从11月1日起提醒：data/holidays.yml 还没有下一年（或当年）的放假安排", severity="warning")
def next_year(ctx: Context):
    years = ctx.data.calendar.years
    if not years:
        return
    source = ctx.source(HOLIDAYS)
    line = source.line("years", len(source.data["years"]) - 1) if source else None
    today = ctx.today
    wanted = [today.year] + ([today.year + 1] if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM else [])
    for year in wanted:
        if year not in years:
            yield Finding(HOLIDAYS, line, "calendar",
                          f"还没有 {year} 年的放假安排：期限计算器和 kb deadline 不能数到 {year} 年"
                          + (f"（{year - 1}年12月25日以后的日子也要用到它）" if year > today.year else "") + "。"
                          + f"国务院办公厅公布《国务院办公厅关于{year}年部分节假日安排的通知》后，"
                          f"照原文在文件末尾添加 {year} 年（写法照抄上一年），再运行 kb check。")


@rule("calendar.well-formed", "放假调休安排：年份不重复且从小到大，放假日期在本年度内、先后顺序对，调休上班日是周六或周日")
def well_formed(ctx: Context):
    source = ctx.source(HOLIDAYS)
    if source is None:
        return
    previous = None
    for i, y in enumerate(source.data.get("years") or []):
        year = y["year"]
        if previous is not None and year <= previous:
            yield Finding(HOLIDAYS, source.line("years", i, "year"), "calendar",
                          f"年份 {year} 排在 {previous} 后面：每年只写一条，按年份从小到大排列。")
        previous = year
        first, last = datetime.date(year - 1, 12, 1), datetime.date(year, 12, 31)
        for j, d in enumerate(y["days_off"]):
            start, end = datetime.date.fromisoformat(d["from"]), datetime.date.fromisoformat(d["to"])
            if end < start:
                yield Finding(HOLIDAYS, source.line("years", i, "days_off", j, "to"), "calendar",
                              f"{d['name']} 的放假最后一天 {d['to']} 早于第一天 {d['from']}：请核对通知，"
                              "from 写第一天，to 写最后一天。")
            if start < first or end > last:
                yield Finding(HOLIDAYS, source.line("years", i, "days_off", j), "calendar",
                              f"{d['name']} 的放假日期 {d['from']}—{d['to']} 不在 {year} 年的通知能安排的范围"
                              f"（{first}—{last}）里：是不是写错了年份，或者放进了别的年份？")
        for j, w in enumerate(y["working_days"]):
            day = datetime.date.fromisoformat(w["date"])
            if day.weekday() < 5:
                yield Finding(HOLIDAYS, source.line("years", i, "working_days", j, "date"), "calendar",
                              f"调休上班日 {w['date']} 是星期{'一二三四五'[day.weekday()]}，本来就上班：working_days 只写"
                              "通知里调成上班的周六、周日。请核对日期。")
            elif not first <= day <= last:
                yield Finding(HOLIDAYS, source.line("years", i, "working_days", j, "date"), "calendar",
                              f"调休上班日 {w['date']} 不在 {year} 年的通知能安排的范围（{first}—{last}）里。")


@rule("deadline.events", "每个期限的 event 是 events 里的事件，follows 指向同一事件里排在前面的期限，每个事件至少有一个期限")
def events(ctx: Context):
    source = ctx.source(DEADLINES)
    if source is None:
        return
    known = {e["id"] for e in source.data.get("events") or []}
    used: set[str] = set()
    earlier: dict[str, str] = {}   # key -> event, of the deadlines above
    for i, d in enumerate(source.data.get("deadlines") or []):
        event = d.get("event")
        used.add(event)
        if event not in known:
            yield Finding(DEADLINES, source.line("deadlines", i, "event"), "reference",
                          f"期限 {d['key']} 的 event “{event}” 不在文件开头的 events 里。可选：{'、'.join(sorted(known))}。")
        follows = d.get("follows")
        if follows is not None and earlier.get(follows) != event:
            yield Finding(DEADLINES, source.line("deadlines", i, "follows"), "reference",
                          f"期限 {d['key']} 的 follows “{follows}” 必须是排在它前面、event 相同（{event}）的期限的 key。")
        earlier[d["key"]] = event
    for j, e in enumerate(source.data.get("events") or []):
        if e["id"] not in used:
            yield Finding(DEADLINES, source.line("events", j, "id"), "reference",
                          f"事件 {e['id']}（{e['name']}）没有任何期限用到：给相关期限写上 event: {e['id']}，或删掉这个事件。")
