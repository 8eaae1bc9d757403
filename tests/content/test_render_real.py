"""The render functions on the real records (pure functions: tests/unit/test_render_functions.py)."""
import pytest

from kb.render import core as render
from kbtest import real_data

REAL = real_data()


def test_cite_links_to_the_article_anchor_with_summary_tooltip():
    out = render.cite(REAL, 35)
    assert out.startswith("[第35条](/reference/regulation.md#article-35 ")
    assert "复查" in out


def test_regulation_index_has_one_anchor_per_article():
    out = render.regulation_index(REAL)
    assert all(f"{{ #article-{n} }}" in out for n in range(1, 51))


def test_responsibility_matrix_uses_unit_names():
    out = render.responsibility_matrix(REAL)
    assert REAL.units[REAL.categories["housing"].lead].name in out
    with pytest.raises(render.RenderError):
        render.unit(REAL, "no-such-unit")


def test_data_text_takes_deadlines_from_the_deadline_table():
    assert "{deadline:" not in REAL.articles[23].summary
    assert REAL.deadlines["assigned_objection"].text in REAL.articles[23].summary
