"""The search tuning and the Python port of Material's search, on tiny inputs built in the test."""
import pytest

from kb.search import tuning
from kb.search.engine import SearchEngine, segment
from kb.settings import Settings
from kbtiny import tiny_data


def _tiny_index(texts: list[str]) -> dict:
    cut = tuning.jieba().cut
    docs = [{"location": f"{chr(97 + i)}.html", "title": f"页面{i}",
             "text": "\u200b".join(cut(t))} for i, t in enumerate(texts)]
    return {"config": {"lang": ["zh"], "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+",
                       "pipeline": ["stemmer"], "fields": {}}, "docs": docs}


def test_alias_in_text_is_found_by_canonical_term_and_reverse():
    """Index-side expansion: a section saying only 上访人 is found by 信访人, and the reverse."""
    data = tiny_data()  # its glossary: 信访人, alias 上访人
    tuning.use_user_dictionary(data)  # as in the build: glossary names are words for jieba
    index = _tiny_index(["上访人要先登记", "信访人的权利", "和这个无关的内容"])
    assert "a.html" not in {r.location for r in SearchEngine(index).search("信访人")}, "found without the tuning"
    tuning.enrich_index(index, data)
    engine = SearchEngine(index)
    for query in ("信访人", "上访人"):
        found = {r.location for r in engine.search(query)}
        assert {"a.html", "b.html"} <= found and "c.html" not in found, (query, found)


def test_user_dictionary_holds_every_term_and_alias():
    words = set(tuning.user_dictionary(tiny_data()).split())
    assert {"信访人", "上访人"} <= words


@pytest.mark.parametrize("arabic, chinese", [
    ("第15条", "第十五条"), ("第34条", "第三十四条"), ("15日", "十五日"), ("60日", "六十日"),
    ("5个工作日", "五个工作日"), ("第105条", "第一百零五条"), ("2个月", "两个月"),
])
def test_numbers_are_indexed_both_ways(arabic, chinese):
    assert {arabic, chinese} <= tuning.number_variants(f"要在{arabic}内办好")
    assert {arabic, chinese} <= tuning.number_variants(f"要在{chinese}内办好")


def test_segment_is_ported_faithfully():
    """Material's segment(): the last character is reached by the wildcard, never matched."""
    vocabulary = {"复": 1, "复查": 1, "信访": 1, "信访人": 1, "的": 1, "权": 1}
    assert segment("复查", vocabulary) == ["复"]
    assert segment("信访人", vocabulary) == ["信访"]
    assert segment("信访人的权利", vocabulary) == ["信访人", "的", "权"]
    assert segment("工作", vocabulary) == ["工作"]


def test_plain_mode_switches_the_tuning_off(tmp_path):
    env = {"KB_ROOT": str(tmp_path)}
    assert Settings.discover(environ={**env, tuning.PLAIN_ENV: "1"}).search_plain
    assert not Settings.discover(environ={**env, tuning.PLAIN_ENV: "0"}).search_plain
    assert not Settings.discover(environ=env).search_plain
