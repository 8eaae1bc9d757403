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
    pdf = tmp_path / "slip.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, display_header_footer=False)
    require_poppler()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info
    assert "A4" in info
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    for expected in ("信访事项期限计算单", "2026-09-27", "2026-10-09", "第23条第3款", "计算日期", "本县设置的默认做法"):
        assert expected in text
    assert "怎么算的" not in text and "计算期限" not in text   # only the slip, no form and no page text
    assert page.external_requests == []
