"""Training modules (data/training.yml): the six modules, their pages, the pure handout
composition, and bad references planted in a copy (in this process). The PDFs: tests/e2e."""
from __future__ import annotations

import re

import pytest

from kb.handouts.compose import Section, compose_handout
from kb.model.training import LETTERS
from kbtest import ROOT, copy_sources, kb_in_process, real_data

DATA = real_data()
MODULES = DATA.training
REQUIRED = ["信访工作基础与责任体系", "登记、受理与告知", "办理、答复与复查复核",
            "初信初访与就地化解", "集体访与应急处置", "依法分类处理与信访人权益保障"]
pytestmark = pytest.mark.usefixtures("memo_privacy_scan")


def test_the_six_required_modules_exist_with_enough_questions():
    titles = [m.title for m in MODULES]
    assert all(t in titles for t in REQUIRED), titles
    for m in MODULES:
        assert len(m.quiz) >= 8, m.id
        assert {q.type for q in m.quiz} == {"single", "multiple", "true_false", "scenario"}, m.id
        for q in m.quiz:
            assert q.basis.article or q.basis.page, (m.id, q.question)
            if q.type in ("single", "multiple"):
                assert set(q.answer) <= set(LETTERS[:len(q.options)])


def test_module_pages_are_in_the_nav_under_training():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("  - 培训:")[1]
    for m in MODULES:
        assert f"- {m.page}" in nav, m.page


def test_compose_is_pure_and_escapes_data():
    m = MODULES[0]
    sections = [Section("p.md", "h", "标题<b>", "<p>段落</p>")]
    a = compose_handout(m, DATA, sections, ["../x.css"])
    assert a == compose_handout(m, DATA, sections, ["../x.css"])
    assert "标题&lt;b&gt;" in a and "<p>段落</p>" in a
    assert a.index("答案与依据") > a.index("、测验") and a.index("学习确认表") > a.index("答案与依据")


BAD_REFERENCES = {
    "missing-article": (r"basis: \{article: 17\}", "basis: {article: 60}",
                        "modules[0].quiz[0].basis.article", "第60条"),
    "missing-page": (r"basis: \{article: 7\}", "basis: {page: procedures/no-such-page.md}",
                     "modules[0].quiz[1].basis.page", "no-such-page.md"),
    "missing-heading": (r"heading: 三组原则各管什么\n", "heading: 没有这个小节\n",
                        "modules[0].sources[0].heading", "没有这个小节"),
}


@pytest.mark.parametrize("case", BAD_REFERENCES, ids=str)
def test_a_bad_reference_in_training_fails_the_build_with_file_and_field(tmp_path, case):
    pattern, replacement, field, words = BAD_REFERENCES[case]
    repo = copy_sources(tmp_path / "repo")
    path = repo / "data" / "training.yml"
    text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    assert n == 1, f"fixture text {pattern!r} not found in data/training.yml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if replacement.strip() in row)
    result = kb_in_process("build", "--site-dir", str(tmp_path / "site"), cwd=repo)
    assert result.returncode == 1, result.output
    assert re.search(rf"data/training\.yml:{line}: ", result.stderr), result.stderr
    assert field in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()
