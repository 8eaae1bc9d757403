"""The content sections are complete, shaped alike, and stay within scope."""
import re

import pytest

from kb.checks import load_pages
from kb.findings import Finding
from kb.pages import Page
from kb.scope import check_scope
from kb.structure import PROCEDURE_SECTIONS, check_structure

PAGES, PROBLEMS = load_pages()
BY_SRC = {p.src: p for p in PAGES}


def pages_of(kind, folder):
    return [p for p in PAGES if p.meta.get("kind") == kind and p.src.startswith(folder + "/")]


def test_sections_have_their_pages():
    assert len(pages_of("policy", "policy")) >= 8
    assert len(pages_of("procedure", "procedures")) >= 16
    templates = pages_of("template", "reference/templates")
    titles = {p.meta["title"] for p in templates}
    for name in ("受理告知书", "转送函", "交办单", "延期办理告知书", "信访处理意见书", "复查意见书", "复核意见书"):
        assert name in titles
    assert any("导入法定程序" in t for t in titles)


@pytest.mark.parametrize("page", pages_of("procedure", "procedures"), ids=lambda p: p.src)
def test_every_procedure_page_has_the_fixed_sections_and_a_checklist(page):
    headings = re.findall(r"^## +(\S+)", page.body, re.M)
    assert [h for h in headings if h in PROCEDURE_SECTIONS] == list(PROCEDURE_SECTIONS)
    checklist = page.body.split("## 一页清单", 1)[1]
    items = re.findall(r"^- \[ \] ", checklist, re.M)
    assert 5 <= len(items) <= 14, f"{page.src}: {len(items)} checklist items"
    assert "{{ deadline" in page.body or "deadline_rule" in page.body or page.src.endswith(("joint-meeting.md", "dispute-screening.md", "emergency-plan.md", "leader-reception.md")), \
        "a procedure page with time limits takes them from data"


@pytest.mark.parametrize("page", [p for p in PAGES if not p.is_draft], ids=lambda p: p.src)
def test_every_page_has_owner_review_date_and_tags(page):
    assert page.meta.get("owner") and page.meta.get("reviewed") and page.meta.get("tags")


def test_structure_check_names_a_missing_section(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("x", encoding="utf-8")
    body = "\n".join(f"## {s}\n正文" for s in PROCEDURE_SECTIONS if s != "常见错误")
    page = Page(path, "procedures/x.md", {"kind": "procedure"}, body + '\n<div class="kb-checklist" markdown>\n</div>', 9)
    findings = check_structure(page)
    assert len(findings) == 1 and "## 常见错误" in findings[0].message and findings[0].line == 9


@pytest.mark.parametrize("text,flagged", [
    ("乡镇要安排人员到车站截访。", True),
    ("对重点人员落实稳控措施。", True),
    ("不得以任何理由截访、限制信访人的人身自由。", False),
    ("排查针对的是矛盾本身，不能变成对信访人的盯控。", False),
])
def test_scope_guard(text, flagged):
    assert bool(check_scope(text, "docs/x.md")) is flagged


def test_local_practice_terms_are_labelled_as_such(built_site):
    """Terms the regulation does not contain are never presented as regulation text."""
    for page, term in [("procedures/first-petition.html", "初信初访"), ("policy/risk-prevention.html", "社会稳定风险评估")]:
        html = (built_site / page).read_text(encoding="utf-8")
        assert term in html
        assert re.search(r"地方做法|本地|政策文件|条例里没有|条例正文里没有|不是条例", html), page


@pytest.mark.parametrize("page", ["policy/petitioner-rights.html"])
def test_rights_page_covers_every_protection(built_site, page):
    text = re.sub(r"<[^>]+>", "", (built_site / page).read_text(encoding="utf-8"))
    for protection in ("打击报复", "保密", "回避", "书面", "复查", "复核", "救助"):
        assert protection in text, protection
    for article in ("#article-18", "#article-30", "#article-28", "#article-35", "#article-36", "#article-26", "#article-47"):
        assert article in (built_site / page).read_text(encoding="utf-8"), article


def test_nav_pages_have_real_content(built_site):
    thin = []
    for html in built_site.rglob("*.html"):
        rel = html.relative_to(built_site).as_posix()
        if rel.startswith(("search", "assets", "404", "tags", "handouts/")) or rel == "reference/tags.html":
            continue
        article = re.search(r"<article[^>]*>(.*?)</article>", html.read_text(encoding="utf-8"), re.S)
        text = re.sub(r"<[^>]+>|\s", "", article.group(1)) if article else ""
        if len(text) < 300:
            thin.append((rel, len(text)))
    assert not thin, f"pages with almost no content: {thin}"


def test_review_due_dates_follow_the_interval():
    import datetime
    from kb.pages import review_due
    page = Page(None, "x.md", {"reviewed": "2026-01-31", "review_interval_months": 1}, "", 1)
    assert review_due(page) == datetime.date(2026, 2, 28)
    page = Page(None, "x.md", {"reviewed": "2026-11-26", "review_interval_months": 12}, "", 1)
    assert review_due(page) == datetime.date(2027, 11, 26)
