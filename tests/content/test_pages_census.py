"""The real pages: the content sections are complete, shaped alike, and every page is owned."""
import re

import pytest

from kb.checks.structure import PROCEDURE_SECTIONS
from kbtest import real_pages, real_project

PAGES = real_pages()


def pages_of(kind, folder):
    return [p for p in PAGES if p.meta.get("kind") == kind and p.src.startswith(folder + "/")]


def test_every_page_reads_without_problems():
    assert real_project().page_problems == []
    assert len(PAGES) >= 50


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
