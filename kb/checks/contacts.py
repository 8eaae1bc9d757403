"""The unit directory (data/contacts.yml): one reception office per unit, units that exist, and
office contact points only (no person)."""
from __future__ import annotations

import re

from kb.model.contacts import CONTACTS_FILE
from kb.model.findings import Finding
from kb.checks.registry import rule
from kb.model.context import Context

PERSONAL = re.compile(r"先生|女士|同志|小姐|师傅|主任|科长|局长|书记|经理|联系人|手机|个人")


@rule("contacts.units", "单位名录：每个单位有一条接待窗口，每条写的是 data/units.yml 里存在的单位，只写单位不写个人")
def units(ctx: Context):
    source = ctx.source(CONTACTS_FILE)
    if source is None:
        return
    known = ctx.data.units
    seen: set[str] = set()
    for i, c in enumerate(source.data["contacts"]):
        if c["unit"] not in known:
            yield Finding(CONTACTS_FILE, source.line("contacts", i, "unit"), "reference",
                          f"unit “{c['unit']}” 不在 data/units.yml 里。请写单位 id，如 county-petition-bureau。")
        if c["unit"] in seen:
            yield Finding(CONTACTS_FILE, source.line("contacts", i, "unit"), "reference",
                          f"单位 {c['unit']} 写了两条；每个单位只写一条接待窗口。")
        seen.add(c["unit"])
        for field in ("address", "hours", "online"):
            m = PERSONAL.search(c[field])
            if m:
                yield Finding(CONTACTS_FILE, source.line("contacts", i, field), "privacy",
                              f"{field} 里有“{m.group(0)}”：单位名录只写单位的接待窗口，不写个人（姓名、职务联系人、手机）。"
                              "请改成接待场所、接待窗口的说法。")
    for unit_id, unit in known.items():
        if unit_id not in seen:
            yield Finding(CONTACTS_FILE, source.line("contacts"), "reference",
                          f"单位 {unit_id}（{unit.name}）还没有接待窗口：在 contacts 里加一条 unit: {unit_id}。")
