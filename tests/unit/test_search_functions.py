"""The search index builder and query engine on tiny inputs built in the test (no real content).
The same algorithm in the browser is compared with these functions in tests/e2e/test_search_site.py."""
import pytest

from kb.model.searchwords import Implied, SearchWords
from kb.search import analyze, index
from kb.search.engine import Engine, marks_in

CHARMAP = {"復": "复", "應": "应", "訪": "访", "當": "当"}


def page(url, title, body, **kw):
    html = f'<article class="md-content__inner md-typeset"><h1 id="t">{title}</h1>{body}</article>'
    return index.PageInput(url, html, **kw)


PAGES = [
    page("review.html", "复查", "<h2 id='qx'>期限</h2><p>信访人不服处理意见的，30日内请求复查。</p>"
         "<p>这张表由 <code>data/deadlines.yml</code> 生成。</p>", kind="procedure"),
    page("rereview.html", "复核", "<p>对复查意见不服的，可以请求复核（第三十六条）。</p>", kind="procedure"),
    page("rights.html", "信访人的权利", "<p>上访人可以查询办理情况，十五日内答复。</p>"
         "<table><tr><td>权利</td><td>查询</td></tr></table>", kind="policy"),
    page("other.html", "和这个无关", "<p>联席会议每季度召开。</p>", kind="training"),
]
GROUPS = [("信访人", "上访人"), ("复查",), ("复核",)]


def cut(run):
    from kb.search.glossary import jieba   # imported quietly (pkg_resources warning)
    return jieba().cut_for_search(run, HMM=False)


@pytest.fixture(scope="module")
def engine():
    return Engine.from_index(index.build(PAGES, GROUPS, CHARMAP, cut))


def top(engine, query):
    return engine.locations(query)[:1]


def test_fold_makes_quotes_syntax_and_full_width_harmless():
    assert analyze.fold("什么是“越级上访”+-*:~^\"ＡＢ１", {}) == "什么是 越级上访        ab1"
    assert analyze.fold("復查", CHARMAP) == "复查"


@pytest.mark.parametrize("written, normal", [
    ("第三十四条", "第34条"), ("十五日", "15日"), ("两个月", "2个月"), ("五个工作日", "5个工作日"), ("第34条", "第34条"),
])
def test_numbers_are_normalised_both_ways(written, normal):
    assert analyze.numbers(written) == normal


def test_opencc_character_map_folds_traditional():
    charmap = analyze.charmap_from_opencc()
    assert analyze.fold("申請信訪復查、復核，應當", charmap) == "申请信访复查 复核 应当"


def test_two_character_terms_are_terms(engine):
    assert top(engine, "复查") == ["review.html"]
    assert top(engine, "复核") == ["rereview.html"]


def test_question_words_do_not_count(engine):
    assert [c.word for c in engine.concepts("复核应当怎么办吗？")] == ["复核"]


def test_synonyms_both_ways(engine):
    assert "rights.html" in engine.locations("上访人")
    assert "rights.html" in engine.locations("信访人")


def test_numerals_either_way_find_the_same(engine):
    assert engine.locations("第三十六条") == engine.locations("第36条") == ["rereview.html"]
    assert engine.locations("15日") == engine.locations("十五日")


def test_traditional_query_equals_simplified(engine):
    assert engine.locations("復核") == engine.locations("复核")


@pytest.mark.parametrize("query", ['"', "+-*:~^", "“”（）【】", "", "   ", "复查" * 200])
def test_no_query_breaks(engine, query):
    engine.search(query)  # no exception
    assert len(engine.concepts(query * 3)) <= analyze.MAX_QUERY


def test_snippet_is_a_sentence_never_a_maintainer_note(engine):
    [result] = [r for r in engine.search("复查期限 deadlines yml") if r.location == "review.html"]
    assert "data/" not in result.snippet.text and "复查" in result.snippet.text


def test_highlights_whole_words_only():
    assert marks_in("复查期限", ["复查", "期", "限"], {}) == [(0, 2)]


def test_kind_labels(engine):
    kinds = {r.location: r.kind for r in engine.search("不服 权利 联席会议")}
    assert kinds["review.html"] == "流程" and kinds["rights.html"] == "政策" and kinds["other.html"] == "培训"


def test_empty_result_suggests_glossary_terms(engine):
    assert engine.search("火星") == []
    assert ("信访人", "") in engine.suggestions("信访者")


def test_degraded_segmentation_stops_the_build():
    pages = [page(f"p{i}.html", "页面", "<p>" + "信访事项办理期限答复" * 10 + "</p>") for i in range(5)]
    with pytest.raises(index.SegmentationError, match="jieba"):
        index.build(pages, [], {}, cut=lambda run: list(run))


def test_fnv_matches_the_browser():
    assert index.fnv("复查") == index.fnv("复查") and index.fnv("a") == 0xE40C292C


def test_maintainer_notes_are_not_blocks():
    ex = index.extract(PAGES[0].html)
    assert ex.title == "复查" and any(b.note for b in ex.blocks)
    assert ex.sections[1] == ("qx", "期限")


def test_segmentation_takes_the_cut_with_fewest_pieces():
    vocab = {"来信", "信访局", "受理", "受理告知", "告知书"}
    assert analyze.fmm("跑来信访局", vocab) == ["跑", "来", "信访局"]     # greedy would give 跑 来信 访 局
    assert analyze.fmm("受理告知书", vocab) == ["受理", "告知书"]          # never a lone 书
    assert analyze.fmm("复查", set()) == ["复", "查"]


def test_a_rare_synonym_does_not_outrank_the_word_asked():
    pages = [page("syn.html", "说明", "<p>回复过一次。</p>"),
             page("word.html", "答复须知", "<p>答复要书面。答复要送达。</p>")]
    pages += [page(f"f{i}.html", "其他", "<p>答复情况。</p>") for i in range(4)]
    eng = Engine.from_index(index.build(pages, [("答复", "回复")], {}, cut))
    assert eng.locations("答复")[0] == "word.html"
    assert "syn.html" in eng.locations("答复") and eng.locations("回复")[0] == "syn.html"


def test_the_page_that_explains_a_term_comes_first():
    pages = [page("a.html", "办理", "<p>听证由机关组织。听证要通知各方。听证笔录。</p>"),
             page("b.html", "听证会", "<p>组织听证。</p>", terms=("听证", "听证会"))]
    eng = Engine.from_index(index.build(pages, [("听证", "听证会")], {}, cut))
    assert eng.locations("听证")[0] == "b.html"


def test_a_short_title_is_one_word_and_implied_concepts_keep_their_synonyms():
    pages = [page("n.html", "受理告知书", "<p>写明收到的日期。</p>"), page("m.html", "期限表", "<p>时限一览。</p>"),
             page("x.html", "告知", "<p>受理以后告知。</p>")]
    implied = SearchWords(implied=(Implied("期限", ("多长时间",)),), everyday=(("时限", "期限"),))
    eng = Engine.from_index(index.build(pages, [], {}, cut, search_words=implied))
    assert "受理告知书" in eng.vocab and eng.locations("受理告知书怎么写")[0] == "n.html"
    concept = eng.concepts("要多长时间")[0]
    assert concept.word == "期限" and ("时限", 8) in concept.variants


def test_each_question_of_the_faq_page_is_its_own_result():
    body = ("<p>群众常问的问题。</p><h2 id='faq-group-a'>提出信访</h2><p>怎样提出。</p>"
            "<h3 id='faq-anon'>不想留名字，可以反映问题吗？</h3><p>可以反映，但无法告知办理结果。</p>"
            "<h3 id='faq-hotline'>打热线和找信访局有什么不一样？</h3><p>热线转办，信访局登记受理。</p>")
    pages = [page("faq/index.html", "问答", body, kind="faq", tags=("告知",)), *PAGES]
    idx = index.build(pages, GROUPS, CHARMAP, cut)
    heads = [(d["u"], d["t"], d["k"]) for d in idx["pages"] if d["u"].startswith("faq/")]
    assert heads == [("faq/index.html", "问答", "问答"),
                     ("faq/index.html#faq-anon", "不想留名字，可以反映问题吗？", "问答"),
                     ("faq/index.html#faq-hotline", "打热线和找信访局有什么不一样？", "问答")]
    eng = Engine.from_index(idx)
    [result] = eng.search("热线", limit=1)
    assert result.location == "faq/index.html#faq-hotline" and result.snippet.anchor == "faq-hotline"
    assert result.snippet.section == "" and "登记受理" in result.snippet.text
    assert "faq/index.html" not in eng.locations("热线")     # the answer is not the page's too
