"""The 问答 section: at least 80 questions in the two voices, every answer short, citing articles
that exist and linking a published page; a planted bad answer stops `kb check`."""
from __future__ import annotations

import re

from kbtest import copy_sources, edit, real_data, real_project, source_findings_of


def test_at_least_80_questions_in_both_voices_and_every_group():
    faq = real_data().faq
    assert len(faq.questions) >= 80
    voices = {q.audience for q in faq.questions}
    assert voices == {"citizen", "colleague"}
    for audience in voices:
        assert sum(q.audience == audience for q in faq.questions) >= 30
    assert all(faq.in_group(g.id) for g in faq.groups), "a group without questions"


def test_every_answer_is_short_cites_an_existing_article_and_links_a_published_page():
    data, project = real_data(), real_project()
    published = {p.src for p in project.pages if not p.is_draft}
    for q in data.faq.questions:
        assert len(q.answer) <= 200, q.id
        assert re.search(r"第\d+条", q.answer), q.id
        assert q.articles and all(a.article in data.articles for a in q.articles), q.id
        assert q.page_src in published, f"{q.id}: {q.page}"


def test_each_question_is_its_own_heading_on_the_faq_page():
    from kb.render.faq import faq_page
    data = real_data()
    text = faq_page(data)
    for q in data.faq.questions:
        assert f"{{ #faq-{q.id} }}" in text
    assert text.count("\n### ") + text.startswith("### ") == len(data.faq.questions)


def test_planted_bad_answers_stop_kb_check(tmp_path):
    root = copy_sources(tmp_path / "repo")
    faq = root / "data/faq.yml"
    edit(faq, "page: procedures/registration.md", "page: procedures/no-such-page.md")
    edit(faq, "articles: [{article: 17}, {article: 18, clause: 1}]", "articles: [{article: 17}]")
    errors, _ = source_findings_of(root)
    text = "\n".join(errors)
    assert re.search(r"data/faq\.yml:\d+: faq: 问答 submit-channels 链接的页面 docs/procedures/no-such-page\.md 不存在", text)
    assert re.search(r"data/faq\.yml:\d+: faq: 问答 submit-channels：回答里写了第18条，但 articles 里没有列出", text)


def test_an_article_outside_1_to_50_is_refused_by_the_schema(tmp_path):
    root = copy_sources(tmp_path / "repo")
    edit(root / "data/faq.yml", "articles: [{article: 17}, {article: 18, clause: 1}]", "articles: [{article: 17}, {article: 51}]")
    errors, _ = source_findings_of(root)
    assert any(re.search(r"data/faq\.yml:\d+: schema: questions\[0\]\.articles\[1\]\.article 不符合要求", e) for e in errors)
