"""Tiny in-memory records for unit tests: a few articles, deadlines, units and terms, built in
the test instead of read from data/ (unit tests never read the real content)."""
from __future__ import annotations

import dataclasses

from kb.model.context import Context
from kb.model.page import Page
from kb.model.records import Article, Category, Chapter, Deadline, KbData, Role, Term, Unit


def article(n: int, summary: str = "") -> Article:
    return Article(number=n, chapter=1, topic=f"第{n}条主题", summary=summary or f"第{n}条的概括文字。")


DEADLINES = {
    "review_request": Deadline(key="review_request", stage="申请复查", length=30, unit="日", starts="收到处理意见书之日",
                               article=35, rule="不服处理意见的，可以申请复查。", applies_to="信访事项"),
    "handling": Deadline(key="handling", stage="办理", length=60, unit="日", starts="受理之日", article=34,
                         rule="应当在期限内办结。", applies_to="第31条第6项事项"),
    "assigned_objection": Deadline(key="assigned_objection", stage="对转送、交办提出异议", length=5, unit="工作日",
                                   starts="收到之日", article=23, rule="认为不属于本单位的，提出异议。",
                                   applies_to="转送交办事项"),
}
UNITS = {
    "county-petition-bureau": Unit(id="county-petition-bureau", name="县信访局", level="县级", duties="受理、转送、督办。"),
    "county-housing": Unit(id="county-housing", name="县住房和城乡建设局", level="县级", duties="住房和房地产事项。"),
}


def tiny_data(**changes) -> KbData:
    """A small, valid KbData; keyword arguments replace any field."""
    data = KbData(
        regulation_title="《信访工作条例》",
        regulation_issued="测试用",
        regulation_effective="2022-05-01",
        chapters=(Chapter(number=1, title="总则", first=1, last=50),),
        articles={n: article(n) for n in range(1, 51)},
        terms=(Term(term="信访人", aliases=("上访人",), definition="采用书信、电话、走访等形式反映情况的人。",
                    page="reference/glossary.md", source="条例"),),
        deadlines=dict(DEADLINES),
        units=dict(UNITS),
        roles={"receptionist": Role(id="receptionist", name="接待员", level="县级", does="登记来访。",
                                    unit="county-petition-bureau")},
        categories={"housing": Category(id="housing", name="住房和房地产", examples="延期交房、办证难。",
                                        lead="county-housing", partners=("county-petition-bureau",),
                                        lawful_channels="合同纠纷可以起诉。")},
        tags={"受理": "登记和受理", "办理": "办理和答复"},
    )
    return dataclasses.replace(data, **changes)


def page(src: str, meta: dict | None = None, body: str = "", body_line: int = 8) -> Page:
    return Page(path=None, src=src, meta=dict(meta or {}), body=body, body_line=body_line, shown=f"docs/{src}")


def context(data: KbData | None = None, pages=(), sources=None, **kwargs) -> Context:
    return Context(data=data or tiny_data(), pages=list(pages), sources=dict(sources or {}), **kwargs)


def playbook(id: str = "test-case", **changes):
    """A small published case playbook record."""
    from kb.model.playbook import Basis, LawfulChannel, Lesson, Playbook, PlaybookStep
    record = Playbook(
        id=id, source=f"data/playbooks/{id}.yml", title="测试案例，业主集体走访", summary="一句话概括这个测试案例。",
        category="housing", risk="high", channel="group-visit", owner="county-petition-bureau",
        reviewed="2026-01-31", review_interval_months=1, tags=("受理",),
        situation="这是一段测试用的基本情况。" * 4, warning_signs=("预警信号一",), lead="county-housing",
        partners=("county-petition-bureau",),
        steps=tuple(PlaybookStep(title=f"第{i}步", detail="做什么。") for i in (1, 2, 3)),
        lawful_channels=(LawfulChannel(claim="合同纠纷", route="向法院起诉"),), resolution="问题解决了，答复了信访人。" * 2,
        lookback=(Lesson(problem="问题", lesson="教训"),), basis=(Basis(article=35, why="复查"),),
        related=("procedures/acceptance.md",))
    return dataclasses.replace(record, **changes)
