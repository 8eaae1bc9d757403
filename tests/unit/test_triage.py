"""The triage checks and the flowchart, on small hand-made guides (no real content)."""
from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from kb.checks.triage import paths, routes
from kb.model.context import Context
from kb.model.records import Article, Category, Deadline, KbData, Unit
from kb.model.triage import Answer, ArticleRef, Question, Route, Triage
from kb.render.triage import triage_flowchart, triage_guide

RAW = {
    "start": "a",
    "questions": [
        {"id": "a", "text": "甲？", "answers": [{"label": "是", "short": "是", "next": "b"},
                                              {"label": "否", "short": "否", "route": "r1"}]},
        {"id": "b", "text": "乙？", "answers": [{"label": "是", "short": "是", "route": "r1"},
                                              {"label": "否", "short": "否", "route": "r2"}]},
    ],
    "routes": [
        {"id": "r1", "title": "去向一", "summary": "去向一的办法。", "articles": [{"article": 29}],
         "unit": "u", "procedure": "procedures/x.md"},
        {"id": "r2", "title": "去向二", "summary": "去向二的办法。", "articles": [{"article": 31, "item": 6}],
         "category": "c", "procedure": "procedures/x.md", "template": "reference/templates/t.md"},
    ],
}


class Source:
    shown = "data/triage.yml"

    def __init__(self, data):
        self.data = data

    def line(self, *path):
        return 7


def data_for(raw) -> KbData:
    triage = Triage(raw["start"], {q["id"]: Question(q["id"], q["text"], tuple(Answer(**a) for a in q["answers"]))
                                   for q in raw["questions"]},
                    {r["id"]: Route(**dict(r, articles=tuple(ArticleRef(**x) for x in r["articles"])))
                     for r in raw["routes"]})
    return KbData("t", "", "", (), {n: Article(n, 1, f"第{n}条主题", "摘要") for n in (29, 31)}, (),
                  {"k": Deadline("k", "环节", 15, "日", "起算", 23, "规则", "适用")},
                  {"u": Unit("u", "某单位", "县级", "职责"), "v": Unit("v", "另一单位", "县级", "职责")}, {},
                  {"c": Category("c", "类别", "例子", "v", ("u",), "渠道")}, {}, triage=triage)


def findings(raw, pages=("procedures/x.md", "reference/templates/t.md")):
    page_objs = [SimpleNamespace(src=p, is_draft=False) for p in pages]
    ctx = Context(data=data_for(raw), pages=page_objs, sources={"data/triage.yml": Source(raw)})
    return [f.message for f in [*paths(ctx), *routes(ctx)]]


def test_a_sound_guide_passes():
    assert findings(RAW) == []


def test_unreachable_question_cycle_and_unknown_targets_are_reported():
    raw = copy.deepcopy(RAW)
    raw["questions"][0]["answers"][0]["next"] = "a"          # a → a: a loop, and b is never asked
    found = findings(raw)
    assert any("问不到" in m and "b" in m for m in found)
    assert any("绕成了圈" in m for m in found)
    raw = copy.deepcopy(RAW)
    raw["questions"][1]["answers"][1]["route"] = "nowhere"
    found = findings(raw)
    assert any("不存在的去向 “nowhere”" in m for m in found) and any("r2 没有任何回答" in m for m in found)


def test_routes_must_cite_existing_articles_and_pages():
    raw = copy.deepcopy(RAW)
    raw["routes"][0]["articles"] = [{"article": 33}]
    raw["routes"][1]["template"] = "reference/templates/missing.md"
    found = findings(raw)
    assert any("第33条" in m for m in found)
    assert any("docs/reference/templates/missing.md 不存在" in m for m in found)


def test_flowchart_is_wellformed_svg_with_every_question_and_route():
    svg = triage_flowchart(data_for(RAW))
    root = ET.fromstring(svg.replace('<figure class="kb-flowchart">', "").replace("</figure>", ""))
    text = "".join(root.itertext())
    for needle in ("甲？", "乙？", "去向一", "去向二", "第31条第6项", "某单位"):
        assert needle in text
    assert "<script" not in svg and "onclick" not in svg


def test_guide_escapes_data_and_links_units_to_their_cards():
    raw = copy.deepcopy(RAW)
    raw["routes"][0]["title"] = "<b>去向</b>"
    out = triage_guide(data_for(raw))
    assert "<b>去向" not in out and "&lt;b&gt;" in out
    assert 'href="contacts.html#unit-u"' in out and 'href="../procedures/x.html"' in out
