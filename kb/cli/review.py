"""`kb review`: the review list by owner unit, pages and cases together."""
from __future__ import annotations

import datetime
import json

from kb.checks.review import review_items, select_items
from kb.model.findings import FindingsError
from kb.render.review import review_text
from kb.cli.common import EXIT_OK, UsageError, current_project, report


def cmd_review(args) -> int:
    project = current_project()
    try:
        ctx = project.context()
    except FindingsError as err:
        return report(err.findings)
    data = project.data
    owner = args.owner
    if owner:
        by_name = {u.name: u.id for u in data.units.values()}
        owner = by_name.get(owner, owner)
        if owner not in data.units:
            known = "、".join(f"{u.id}（{u.name}）" for u in data.units.values())
            raise UsageError(f"--owner 写的单位 “{args.owner}” 不在 data/units.yml 里。可以写 id 或名称：{known}")
    within = None if args.due_within is None else _days(args.due_within)
    today = ctx.today
    items = select_items(review_items(ctx), today, owner, within)
    if args.json:
        print(json.dumps([{"due": i.due.isoformat(), "owner": i.owner,
                           "owner_name": data.units[i.owner].name if i.owner in data.units else i.owner,
                           "kind": i.kind, "title": i.title, "reviewed": i.reviewed, "source": i.source,
                           "overdue": i.due < today} for i in items], ensure_ascii=False, indent=2))
    else:
        print(review_text(data, items, today))
    return EXIT_OK


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise UsageError(f"--due-within 要写不小于 0 的天数（整数），如 --due-within 30（30天内到期的，含已过期的）；"
                         f"现在写的是 “{value}”。")
    return days


def add_parser(sub) -> None:
    p = sub.add_parser("review", help="复审清单：按负责单位列出页面和案例的下次审核日期",
                       description="列出全部已发布页面和案例的下次审核日期，按负责单位分组、按日期排列。"
                                   "网站里“维护 › 复审清单”是同一张表的打印版。",
                       epilog="例：kb review --owner county-housing --due-within 30。退出码：0 正常，1 数据有问题，2 用法错误。")
    p.add_argument("--owner", metavar="UNIT", help="只列这个单位负责的（data/units.yml 里的 id 或单位名称）")
    p.add_argument("--due-within", metavar="DAYS",
                   help="只列 DAYS 天内到期的（已过期的也列出）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_review)
