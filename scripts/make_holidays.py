"""Write data/holidays.yml once from the `chinese-calendar` package (a test dependency).

Run from the repository root:  .venv/bin/python scripts/make_holidays.py
After that, data/holidays.yml is the source: when the State Council publishes next year's notice,
staff add the year by hand (see README 期限计算器); tests/content compare the file with the package
for every year the package covers, so a typo in an old year cannot slip in.

Each date is filed under the notice that set it: the New Year days at the end of December belong
to the next year's notice (e.g. 2018-12-29, a working Saturday, comes from the 2019 notice)."""
from __future__ import annotations

import datetime
from itertools import groupby
from pathlib import Path

import yaml
from chinese_calendar import constants

NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节", "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
# Notices that changed a year's calendar besides the yearly one.
OTHER_NOTICES = {
    2015: ["国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"],
    2020: ["国务院办公厅关于延长2020年春节假期的通知"],
}
HEADER = """\
# 国务院公布的放假调休安排，期限计算器按它数工作日、判断期限最后一天是不是休假日。
# 每年一条：year 年份；notice 当年国务院办公厅部分节假日安排通知的标题；days_off 放假的日子（含放假期间的周末）；
# working_days 调休上班的周末。日期都写成 YYYY-MM-DD。
# 2004—2026 年由 scripts/make_holidays.py 从 chinese-calendar 包生成一次，测试逐年和该包核对。
# 国务院公布下一年的通知后（一般在11月），照通知原文在文件末尾添加一年，写法照抄上一年即可；
# 从11月1日起，kb check 会提醒还没有添加的下一年。
"""


def notice_year(day: datetime.date, name: str) -> int:
    return day.year + 1 if day.month == 12 and name == "New Year's Day" else day.year


def ranges(days: list[tuple[datetime.date, str]]) -> list[dict]:
    """Consecutive days with the same holiday name → {name, from, to}."""
    out: list[dict] = []
    for day, name in sorted(days):
        last = out[-1] if out else None
        if last and last["name"] == NAMES[name] and datetime.date.fromisoformat(last["to"]) + datetime.timedelta(1) == day:
            last["to"] = day.isoformat()
        else:
            out.append({"name": NAMES[name], "from": day.isoformat(), "to": day.isoformat()})
    return out


def build() -> dict:
    years: dict[int, dict] = {}
    for kind, table in (("days_off", constants.holidays), ("working_days", constants.workdays)):
        for day, name in table.items():
            y = notice_year(day, name)
            years.setdefault(y, {"days_off": [], "working_days": []})[kind].append((day, name))
    out = []
    for y in sorted(years):
        entry = {"year": y, "notice": f"国务院办公厅关于{y}年部分节假日安排的通知"}
        if y in OTHER_NOTICES:
            entry["other_notices"] = OTHER_NOTICES[y]
        entry["days_off"] = ranges(years[y]["days_off"])
        entry["working_days"] = [{"date": d.isoformat(), "for": NAMES[n]} for d, n in sorted(years[y]["working_days"])]
        out.append(entry)
    return {"years": out}


class _Flow(yaml.SafeDumper):
    pass


def _dict(dumper, value):
    flow = set(value) <= {"name", "from", "to", "date", "for"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_Flow.add_representer(dict, _dict)


def main() -> None:
    text = yaml.dump(build(), Dumper=_Flow, allow_unicode=True, sort_keys=False, width=200)
    path = Path(__file__).resolve().parent.parent / "data" / "holidays.yml"
    path.write_text(HEADER + text, encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
