"""The privacy guard (kb/privacy.py, `kb privacy`, and its runs inside `kb check` / `kb build`).

The labelled lines in fixtures/privacy_lines.tsv measure it: every line with personal data must
be reported with the right kind, and at most 2% of the anonymized lines that look dangerous may be."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, run_kb
from kb.privacy import (KINDS, ListEntry, Lists, check_site, check_sources, find_hits, load_lists, normalize,
                        scan_text)

FIXTURE = Path(__file__).parent / "fixtures" / "privacy_lines.tsv"
# The fixture's deny-list lines use the test's own fictional names, not data/privacy.yml.
TEST_LISTS = Lists(deny=(ListEntry(text="虚构花园小区"), ListEntry(pattern=r"虚构\w{1,4}有限公司")))
ID = "330199198506121812"  # invented; valid checksum and date
ID_MASKED = "330***********1812"


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
    assert ID_MASKED in text and "139****6843" in text and "z***@163.com" in text and "张**" in text
    for secret in (ID, "13957126843", "zhangjianguo1985", "张建国"):
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


def test_deny_list_comes_from_data_privacy_yml():
    lists, problems = load_lists()
    assert problems == [] and lists.deny, "data/privacy.yml must load with example deny entries"
    for entry in lists.deny:
        sample = entry.text or "云杉虚构庄园小区"
        assert [h.kind for h in find_hits(normalize(f"位于{sample}的业主"), lists)] == ["deny-list"]


def test_privacy_schema_requires_a_reason_and_valid_patterns():
    schema = json.loads((ROOT / "data/schema/privacy.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors({"deny": [], "allow": [{"text": "某某", "reason": "审核过的误报"}]}))
    assert list(validator.iter_errors({"deny": [], "allow": [{"text": "某某某"}]}))            # no reason
    assert list(validator.iter_errors({"deny": [{"pattern": "(unclosed"}], "allow": []}))     # bad regex
    assert list(validator.iter_errors({"deny": [{"text": "某某", "colour": "红"}], "allow": []}))


# ----------------------------------------------------------------------------- our own content

def test_docs_and_data_have_no_personal_data():
    lists, _ = load_lists()
    findings = check_sources([ROOT / "docs", ROOT / "data"], lists)
    assert findings == [], "\n".join(map(str, findings))


def test_built_site_and_search_index_have_no_personal_data(built_site):
    assert (built_site / "search" / "search_index.json").exists()
    lists, _ = load_lists()
    findings = check_site(built_site, lists, ROOT)
    assert findings == [], "\n".join(map(str, findings))


# ----------------------------------------------------------------------------- the command

def test_kb_privacy_exit_codes_and_output(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("信访人张某某于2023年3月15日来访，共386件，拨打12345。\n", encoding="utf-8")
    dirty = tmp_path / "sub" / "dirty.yml"
    dirty.parent.mkdir()
    dirty.write_text(f"a: 1\nnote: 身份证号{ID}\n", encoding="utf-8")

    ok = run_kb("privacy", str(clean))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    found = run_kb("privacy", str(tmp_path))  # folders are searched recursively
    assert found.returncode == 1
    assert re.search(rf"^{re.escape(str(dirty))}:2: id-card: .*{re.escape(ID_MASKED)}", found.stdout, re.M), found.stdout
    assert ID not in found.stdout + found.stderr
    missing = run_kb("privacy", str(tmp_path / "no-such-file.md"))
    assert missing.returncode == 2 and "找不到" in missing.stderr
    assert run_kb("privacy").returncode == 2
    helped = run_kb("privacy", "--help")
    assert helped.returncode == 0 and "id-card" in helped.stdout


def test_planted_id_in_a_page_stops_check_and_build(repo_copy):
    page = repo_copy / "docs/policy/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n信访人身份证号{ID}。\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    for command in (["check"], ["build", "--site-dir", str(repo_copy / "site")]):
        result = run_kb(*command, cwd=repo_copy)
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        assert f"docs/policy/index.md:{line}: privacy: 疑似身份证号" in out, out
        assert ID_MASKED in out and ID not in out and "化名" in out and "allow" in out
    assert not (repo_copy / "site").exists()


def test_planted_id_in_a_playbook_record_stops_check(repo_copy):
    records = sorted((repo_copy / "data/playbooks").glob("*.yml"))
    if not records:
        pytest.skip("no playbook records yet")
    text = records[0].read_text(encoding="utf-8")
    records[0].write_text(text + f"# 当事人手机13957126843\n", encoding="utf-8")
    result = run_kb("check", cwd=repo_copy)
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"data/playbooks/{records[0].name}:{len(text.splitlines()) + 1}: privacy: 疑似手机号" in out, out


def test_mkdocs_build_itself_runs_the_source_scan(repo_copy):
    page = repo_copy / "docs/policy/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n联系人：王秀英女士\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(repo_copy / "out")], cwd=repo_copy, text=True, capture_output=True,
                            env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert re.search(r"docs/policy/index\.md:\d+: privacy: 疑似姓名", result.stdout + result.stderr)


def test_personal_data_that_only_appears_after_rendering_stops_the_build(repo_copy):
    """A macro can assemble personal data the source scan cannot see; the built-site scan must."""
    page = repo_copy / "docs/policy/index.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n身份证号{{ "3301991985" ~ "06121812" }}\n', encoding="utf-8")
    site = repo_copy / "site"
    result = run_kb("build", "--no-handouts", "--site-dir", str(site), cwd=repo_copy)  # PDFs: not needed here
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "构建出的网站里 policy/index.html" in out and "search/search_index.json" in out, out
    assert "docs/policy/index.md" in out and ID_MASKED in out and ID not in out
    assert not site.exists(), "a site with personal data must not be left behind"
