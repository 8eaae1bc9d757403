"""`kb deadline EVENT DATE [--json]`: every due date that follows from one event, with the
official holiday calendar (the terminal twin of the 期限计算器 page)."""
from __future__ import annotations

import datetime
import json
import re

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, current_project
from kb.model.deadline_calc import due_dates


def _events_help(data) -> str:
    return "；".join(f"{e.id} = {e.name}" for e in data.events.values())


DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$|^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(text: str) -> datetime.date:
    """2026-09-27, 2026/9/27, 2026.9.27, 2026年9月27日, 20260927 (as the calculator page accepts)."""
    m = DATE.match(re.sub(r"\s+", "", text))
    try:
        if not m:
            raise ValueError(text)
        y, mo, d = (int(g) for g in m.groups() if g is not None)
        return datetime.date(y, mo, d)
    except ValueError:
        raise UsageError(f"日期 “{text}” 看不懂或不存在。请写成 YYYY-MM-DD，如 2026-12-02。") from None


def cmd_deadline(args) -> int:
    project = current_project()
    data = project.data
    if args.event not in data.events:
        raise UsageError(f"不认识的事件 “{args.event}”。可选：{_events_help(data)}。"
                         "事件在 data/deadlines.yml 的 events 里。")
    start = parse_date(args.date)
    results = due_dates(data, args.event, start)
    rules = data.counting
    if args.json:
        print(json.dumps({"event": args.event, "event_name": data.events[args.event].name, "date": start.isoformat(),
                          "computed_on": datetime.date.today().isoformat(),
                          "rules": {"first_day": rules.first_day_text, "holiday_end": rules.holiday_end_text,
                                    "label": rules.label, "caveat": rules.caveat},
                          "results": [r.as_json() for r in results]}, ensure_ascii=False, indent=2))
    else:
        print(f"事件：{data.events[args.event].name}（{start.isoformat()}）")
        for r in results:
            print(f"\n{r.stage}（{r.limit}，{r.article}）")
            print(f"  起算：{r.starts}")
            if r.end:
                print(f"  最后一日：{r.end.isoformat()}（星期{'一二三四五六日'[r.end.weekday()]}）")
                print(f"  规则：{r.rule}")
            else:
                print(f"  {r.error}")
        print(f"\n计算规则（{rules.label}）：{rules.first_day_text}；{rules.holiday_end_text}。")
        print(f"说明：{rules.caveat}")
        print(f"计算日期：{datetime.date.today().isoformat()}")
    return EXIT_FINDINGS if any(r.error for r in results) else EXIT_OK


def add_parser(sub) -> None:
    p = sub.add_parser("deadline", help="按放假调休安排算出一件事之后的每个期限的最后一日",
                       description="选一件事（EVENT）和它发生的日期（DATE），列出由 data/deadlines.yml 得出的每个期限："
                                   "条款、起算、最后一日和所用的计算规则（data/counting.yml）。工作日按 data/holidays.yml 数。",
                       epilog="事件：bureau_received 信访部门收到；direct_received 直接收到；assigned_received 收到转送、交办；"
                              "accepted 受理；reply_received 收到处理意见；review_request_received 收到复查请求；"
                              "review_reply_received 收到复查意见；rereview_request_received 收到复核请求。"
                              "退出码：0 全部算出，1 有期限因缺少某年放假安排算不出，2 用法错误。")
    p.add_argument("event", metavar="EVENT", help="事件的英文键，见下方列表（data/deadlines.yml 的 events）")
    p.add_argument("date", metavar="DATE", help="事件发生的日期，YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_deadline)
