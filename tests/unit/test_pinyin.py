"""拼音 order and the jump bar, in memory."""
from __future__ import annotations

from kb.render.pinyin import first_by_letter, initial, jump_bar, pinyin_sorted


def test_pinyin_order_not_unicode_order():
    words = ["信访事项", "按期办结", "“四个到位”", "重复信访", "复核", "复查", "诉访分离", "责任单位"]
    assert pinyin_sorted(words) == ["按期办结", "重复信访", "复查", "复核", "“四个到位”", "诉访分离", "信访事项", "责任单位"]
    assert sorted(words) != pinyin_sorted(words)


def test_initials_and_jump_bar():
    assert [initial(w) for w in ("重复信访", "“四个到位”", "12345热线", "阳光信访")] == ["C", "S", "#", "Y"]
    assert first_by_letter(["复核", "复查", "办理"]) == {"F": "复查", "B": "办理"}
    bar = jump_bar({"B": "tag:办理", "F": 'x"y'})
    assert 'href="#tag:办理">B</a>' in bar and 'href="#x&quot;y"' in bar
    assert 'kb-jump__letter--empty" aria-hidden="true">A</span>' in bar and "#" not in bar.split("Z")[-1]
