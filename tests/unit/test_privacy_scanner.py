"""The privacy scanner (kb/privacy/) on text given in the test.

The labelled lines in tests/fixtures/privacy_lines.tsv measure it: every line with personal data
must be reported with the right kind, and at most 2% of the anonymized lines that look dangerous
may be. (Its runs inside `kb check` / `kb build` and `kb privacy`: tests/content, tests/e2e.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.model.privacy_lists import ListEntry, Lists, normalize
from kb.privacy.rules import KINDS
from kb.privacy.scan import find_hits, scan_text

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "privacy_lines.tsv"
# The fixture's deny-list lines use the test's own fictional names, not data/privacy.yml.
TEST_LISTS = Lists(deny=(ListEntry(text="虚构花园小区"), ListEntry(pattern=r"虚构\w{1,4}有限公司")))
ID = "330199198506121812"  # invented; valid checksum and date


def labelled() -> list[tuple[int, str, str]]:
    rows = []
    for number, row in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1):
        if row.strip() and not row.startswith("#"):
            kind, text = row.split("\t", 1)
            rows.append((number, kind, text))
    return rows


PERSONAL = [r for r in labelled() if r[1] != "clean"]
CLEAN = [r for r in labelled() if r[1] == "clean"]


def kinds_in(text: str, lists: Lists = TEST_LISTS) -> set[str]:
    return {r.kind for r in scan_text(text, "md", "line", lists)}


# ----------------------------------------------------------------------------- the labelled lines

def test_fixture_is_big_enough_and_covers_every_kind():
    assert len(PERSONAL) >= 70 and len(CLEAN) >= 70
    assert {kind for _, kind, _ in PERSONAL} == set(KINDS), "every kind needs labelled lines"
    for kind in KINDS:
        assert sum(1 for _, k, _ in PERSONAL if k == kind) >= 2, f"{kind}: at least two written forms"


@pytest.mark.parametrize("number,kind,text", PERSONAL, ids=[f"L{n}-{k}" for n, k, _ in PERSONAL])
def test_personal_data_is_flagged_with_its_kind(number, kind, text):
    found = kinds_in(text)
    assert kind in found, f"fixtures line {number}: {text!r} should be reported as {kind}, got {found or 'nothing'}"


def test_anonymized_text_is_not_flagged():
    flagged = [(n, text, sorted(kinds_in(text))) for n, _, text in CLEAN if kinds_in(text)]
    rate = len(flagged) / len(CLEAN)
    assert rate <= 0.02, f"{len(flagged)}/{len(CLEAN)} clean lines flagged ({rate:.1%}):\n" + \
        "\n".join(f"  line {n}: {t}  -> {k}" for n, t, k in flagged)


def test_precision_and_recall_on_the_fixture(capsys):
    tp = sum(1 for _, kind, text in PERSONAL if kind in kinds_in(text))
    fp = sum(1 for _, _, text in CLEAN if kinds_in(text))
    recall, precision = tp / len(PERSONAL), tp / (tp + fp) if tp + fp else 1.0
    with capsys.disabled():
        print(f"\nprivacy fixture: recall {recall:.1%} ({tp}/{len(PERSONAL)}), "
              f"precision {precision:.1%}, clean lines flagged {fp}/{len(CLEAN)}")
    assert recall == 1.0 and fp / len(CLEAN) <= 0.02


# ----------------------------------------------------------------------------- details

def test_masking_hides_the_personal_data():
    line = normalize(f"身份证号{ID}，手机13957126843，邮箱zhangjianguo1985@163.com，信访人张建国反映")
    reports = scan_text(line, "md", "x.md")
    text = " ".join(r.excerpt for r in reports)
    # every character of a finding is hidden (messages end up in CI logs): only its length shows
    assert "*" * 18 in text and "*" * 11 in text and "*" * len("zhangjianguo1985@163.com") in text
    for secret in (ID, "13957126843", "zhangjianguo1985", "163.com", "张建国", "张", "6843", "1985"):
        assert secret not in text


def test_checksums_and_dates_are_validated():
    assert kinds_in(ID[:-1] + "0") == set()                 # wrong check digit
    assert kinds_in("330199851312181") == set()             # 15 digits, month 13
    assert kinds_in("4367424538734940") == set()            # fails Luhn
    assert kinds_in("4367424538734949") == {"bank-card"}


def test_html_tags_are_stripped_and_lines_kept():
    html = ("<html><head><style>p{color:red}</style></head><body>\n"
            "<p>第二行</p>\n"
            "<p>信访人<strong>张建国</strong>反映，身份证号<span>33019919850612</span>1812</p>\n"
            '<abbr title="联系人：王秀英女士">术语</abbr>\n'
            "<p>李某（化名）&amp;王某某，A公司，XX小区</p>\n</body></html>")
    reports = scan_text(html, "html", "page.html")
    assert {(r.line, r.kind) for r in reports} == {(3, "name"), (3, "id-card"), (4, "name")}


def test_comments_attributes_and_json_numbers_are_scanned_without_leaking():
    md = f"a\n<!-- 身份证号{ID} -->\n信访人<span title=\"电话13957126843\">张建国</span>反映\n"
    reports = scan_text(md, "md", "x.md")
    assert {(r.line, r.kind) for r in reports} == {(2, "id-card"), (3, "mobile"), (3, "name")}
    assert not any(secret in r.excerpt for r in reports for secret in (ID, "13957126843", "张建国"))
    html = f"<p>正文</p>\n<!-- 身份证号{ID} -->\n"
    assert [(r.line, r.kind) for r in scan_text(html, "html", "x.html")] == [(2, "id-card")]
    data = '{"name": "x",\n "phone": 13957126843}'
    assert [(r.line, r.kind) for r in scan_text(data, "json", "x.json")] == [(2, "mobile")]


def test_minified_json_reports_each_finding_once_with_its_page():
    index = {"config": {"lang": ["zh"]}, "docs": [
        {"location": "procedures/a.html", "title": "甲", "text": f"<p>身份证号{ID}</p>"},
        {"location": "procedures/a.html#sec", "title": "乙", "text": f"<p>再次出现\u200b{ID}</p>"},
        {"location": "procedures/b.html", "title": "丙", "text": "<p>信访人\u200b张某某\u200b反映</p>"},
    ]}
    reports = scan_text(json.dumps(index, ensure_ascii=True), "json", "search/search_index.json")
    assert [(r.line, r.kind, r.where) for r in reports] == [(1, "id-card", "procedures/a.html")]
    assert ID not in reports[0].finding().message and "procedures/a.html" in reports[0].finding().message


def test_allow_list_needs_the_exact_text_or_pattern_and_respects_path():
    line = "县信访局来访接待电话0571-87654321"
    allow = ListEntry(text="县信访局来访接待电话0571-87654321", reason="对外公开的办公电话", path="docs/x.md")
    assert find_hits(line, Lists(allow=(allow,)), ["docs/x.md"]) == []
    assert [h.kind for h in find_hits(line, Lists(allow=(allow,)), ["docs/y.md"])] == ["landline"]
    by_pattern = ListEntry(pattern=r"接待电话0571-\d{8}", reason="公开电话")
    assert find_hits(line, Lists(allow=(by_pattern,)), ["any.md"]) == []
    too_short = ListEntry(text="4321", reason="只盖住了一部分")
    assert find_hits(line, Lists(allow=(too_short,))) != []
