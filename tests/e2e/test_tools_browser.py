"""The daily-work tools in Debian's Chromium, against the built site: the deadline calculator's
JavaScript agrees with kb/model/calendar.py on the whole case table, works with the keyboard alone
and prints one A4 slip."""
from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT, require_poppler
from deadline_cases import case_table
from kb.load.project import project_for
from kb.settings import Settings

pytestmark = pytest.mark.browser
CALCULATOR = "/reference/deadline-calculator.html"

RUN_CASES = """cases => {
  const data = JSON.parse(document.getElementById("kb-deadline-data").textContent);
  const calculators = {};
  return cases.map(c => {
    const id = c.first_day_counts + "/" + c.holiday_end_moves;
    if (!calculators[id]) {
      const variant = JSON.parse(JSON.stringify(data));
      variant.rules.first_day_counts = c.first_day_counts;
      variant.rules.holiday_end_moves = c.holiday_end_moves;
      calculators[id] = new KbDeadline.Calculator(variant);
    }
    return calculators[id].compute(c.event, c.date).map(r => ({key: r.key, end: r.end, error: r.error}));
  });
}"""


@pytest.fixture(scope="module")
def data():
    return project_for(Settings(root=ROOT)).data


def test_browser_and_python_give_the_same_dates_on_every_case(page, site_url, data, terminal_note):
    cases = case_table(data)
    page.goto(site_url + CALCULATOR)
    got = page.evaluate(RUN_CASES, cases)
    wrong = [(c["event"], c["date"], c["first_day_counts"], c["holiday_end_moves"], c["results"], g)
             for c, g in zip(cases, got) if c["results"] != g]
    assert not wrong, f"{len(wrong)} of {len(cases)} cases differ, e.g. {wrong[:3]}"
    terminal_note(f"deadline calculator: browser = Python on {len(cases)} cases "
                  f"({sum(len(c['results']) for c in cases)} due dates)")
    assert page.external_requests == []


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_and_one_a4_slip(page, site_url, tmp_path):
    page.goto(site_url + CALCULATOR)
    page.evaluate("window.print = function () {}")   # the dialog itself cannot be driven headless
    _tab_to(page, "#kb-calc-event")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")                   # 收到转送、交办
    assert page.eval_on_selector("#kb-calc-event", "s => s.value") == "assigned_received"
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026年9月27日")
    page.keyboard.press("Enter")
    assert page.eval_on_selector("#kb-calc-date", "i => i.value") == "2026-09-27"
    row = page.locator('tr[data-key="assigned_objection"] .kb-calc__end time')
    assert row.get_attribute("datetime") == "2026-10-09"   # 中秋, 国庆 skipped; 5 working days
    assert page.locator('tr[data-key="assigned_notice"] time').get_attribute("datetime") == "2026-10-12"
    assert page.evaluate("document.activeElement.classList.contains('kb-calc__slip-title')")
    _tab_to(page, ".kb-calc__print")
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.classList.contains('kb-print-slip')")
    pdf = tmp_path / "slip.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, display_header_footer=False)
    require_poppler()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    assert re.search(r"Pages:\s+1\n", info) and "A4" in info, info + text
    for expected in ("信访事项期限计算单", "2026-09-27", "2026-10-09", "第23条第3款", "计算日期", "本县设置的默认做法"):
        assert expected in text
    assert "怎么算的" not in text and "计算期限" not in text   # only the slip, no form and no page text
    assert page.external_requests == []


TRIAGE = "/reference/triage.html"


def test_triage_guide_by_keyboard_reaches_the_route_and_goes_back(page, site_url):
    page.goto(site_url + TRIAGE)
    _tab_to(page, '[data-question="urgent"] .kb-triage__answer')
    page.keyboard.press("Tab")                 # 多人走访
    page.keyboard.press("Enter")
    assert page.locator('[data-note-id="urgent-1"]').is_visible()   # 推选代表, 第20条
    for question in ("kind", "court", "procedure", "duty", "whose"):
        assert page.locator(f'.kb-triage__question[data-question="{question}"]').is_visible()
        assert page.evaluate("document.activeElement.classList.contains('kb-triage__title')")
        target = {"kind": 2, "court": 1, "procedure": 3, "duty": 1, "whose": 1}[question]
        # Tab to the answer (glossary terms in the question text are tab stops too, for their tooltips)
        _tab_to(page, f'[data-question="{question}"] .kb-triage__answer:nth-of-type({target + 1}), '
                      f'[data-question="{question}"] li:nth-child({target + 1}) > .kb-triage__answer', limit=20)
        page.keyboard.press("Enter")
    route = page.locator('.kb-triage__route[data-route="transfer"]')
    assert route.is_visible()
    assert "第22条第1款" in route.inner_text() and "县信访局" in route.inner_text()
    assert page.locator(".kb-triage__trail").inner_text().endswith("别的单位")
    _tab_to(page, ".kb-triage__back")
    page.keyboard.press("Enter")
    assert page.locator('.kb-triage__question[data-question="whose"]').is_visible()
    assert not route.is_visible()
    assert page.external_requests == []


def test_every_link_of_the_tools_resolves_in_the_built_site(built_site):
    import html.parser
    from urllib.parse import urlsplit

    class Links(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs, self.ids = [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                self.ids.add(a["id"])
            if tag == "a" and a.get("href") and not a["href"].startswith(("http", "#", "mailto")):
                self.hrefs.append(a["href"])

    def parse(path):
        p = Links()
        p.feed(path.read_text(encoding="utf-8"))
        return p

    parsed: dict = {}

    def anchors(path):
        if path not in parsed:
            parsed[path] = parse(path).ids
        return parsed[path]

    checked = 0
    for src in ("reference/triage.html", "reference/deadline-calculator.html", "reference/matrix.html"):
        page_path = built_site / src
        for link in parse(page_path).hrefs:
            parts = urlsplit(link)
            target = (page_path.parent / parts.path).resolve()
            assert target.is_file(), f"{src}: {link} does not exist"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in anchors(target), f"{src}: {link}: no such anchor"
            checked += 1
    assert checked > 50


def test_flowchart_prints_on_one_a4_page(page, site_url, tmp_path):
    page.goto(site_url + TRIAGE)
    page.evaluate("window.print = function () {}")
    page.click(".kb-flowchart-print")
    pdf = tmp_path / "flow.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, display_header_footer=False)
    require_poppler()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "A4" in info, info
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    assert "信访事项分类处理流程图" in text and "第31条第6项" in text and "上一步" not in text


TEMPLATE_PAGES = sorted(p.name[:-3] for p in (ROOT / "docs/reference/templates").glob("*.md") if p.name != "index.md")


def test_every_template_has_a_docx_that_reads_back(built_site):
    import docx
    from docx.shared import Mm
    from kb.documents.compose import template_doc

    assert len(TEMPLATE_PAGES) >= 8
    for name in TEMPLATE_PAGES:
        page_html = (built_site / "reference/templates" / f"{name}.html").read_text(encoding="utf-8")
        expected = template_doc(page_html, name)
        document = docx.Document(str(built_site / "reference/templates" / f"{name}.docx"))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
        assert [round(getattr(section, f"{s}_margin").mm) for s in ("top", "bottom", "left", "right")] == [37, 35, 28, 26]
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        for block in expected.blocks:
            if block.kind != "table":
                assert block.text in text, f"{name}: {block.text[:30]} missing from the .docx"
        marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
        marked += [r.text for t in document.tables for row in t.rows for c in row.cells
                   for p in c.paragraphs for r in p.runs if r.font.highlight_color is not None]
        assert sorted(marked) == sorted(expected.placeholders), name     # every 【】, and only those, marked
        assert "【" in text + cells and "title=" not in text + cells
        fonts = {r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
                 for p in document.paragraphs for r in p.runs}
        assert "仿宋_GB2312" in fonts and "方正小标宋简体" in fonts, (name, fonts)
        font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
        assert "仿宋,FangSong".encode() in font_table.blob, name   # the fallback Windows and WPS have


def test_copy_full_text_copies_clean_template_text(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)  # for the module's context: no other test here uses the clipboard
    page.goto(site_url + "/reference/templates/acceptance-notice.html")
    page.click(".kb-copy-template")
    page.wait_for_function("document.querySelector('.kb-copy-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("【机关、单位名称】\n信访事项受理告知书\n")
    assert "第23条" in copied and "【收到日期】" in copied
    assert "<" not in copied and "abbr" not in copied and "什么时候用" not in copied
    assert page.external_requests == []
