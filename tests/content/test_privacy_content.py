"""The privacy guard on the real content, its lists (data/privacy.yml), `kb privacy`, and its
runs inside `kb check` / `kb build` on a copy with planted personal data (in this process).
The scanner itself: tests/unit/test_privacy_scanner.py; the built site: tests/e2e."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from kb.model.privacy_lists import normalize
from kb.privacy.scan import check_sources, find_hits
from kbtest import ROOT, copy_sources, kb_in_process, real_data, real_project

ID = "330199198506121812"  # invented; valid checksum and date
ID_MASKED = "*" * 18  # every character of a finding is hidden
pytestmark = pytest.mark.usefixtures("memo_privacy_scan")


def test_deny_list_comes_from_data_privacy_yml():
    assert real_project().data_problems == []
    lists = real_data().privacy
    assert lists.deny, "data/privacy.yml must load with example deny entries"
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


def test_docs_and_data_have_no_personal_data():
    findings = check_sources([ROOT / "docs", ROOT / "data"], real_data().privacy)
    assert findings == [], "\n".join(map(str, findings))


def test_kb_privacy_exit_codes_and_output(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("信访人张某某于2023年3月15日来访，共386件，拨打12345。\n", encoding="utf-8")
    dirty = tmp_path / "sub" / "dirty.yml"
    dirty.parent.mkdir()
    dirty.write_text(f"a: 1\nnote: 身份证号{ID}\n", encoding="utf-8")

    ok = kb_in_process("privacy", str(clean))
    assert ok.returncode == 0, ok.output
    found = kb_in_process("privacy", str(tmp_path))  # folders are searched recursively
    assert found.returncode == 1
    assert re.search(rf"^{re.escape(str(dirty))}:2: id-card: .*{re.escape(ID_MASKED)}", found.stdout, re.M), found.stdout
    assert ID not in found.output
    missing = kb_in_process("privacy", str(tmp_path / "no-such-file.md"))
    assert missing.returncode == 2 and "找不到" in missing.stderr


def test_planted_id_in_a_page_stops_check_and_build(tmp_path):
    repo = copy_sources(tmp_path / "repo")
    page = repo / "docs/policy/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n信访人身份证号{ID}。\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    for command in (["check"], ["build", "--site-dir", str(repo / "site")]):
        result = kb_in_process(*command, cwd=repo)
        out = result.output
        assert result.returncode == 1, out
        assert f"docs/policy/index.md:{line}: privacy: 疑似身份证号" in out, out
        assert ID_MASKED in out and ID not in out and "化名" in out and "allow" in out
    assert not (repo / "site").exists()


def test_planted_id_in_a_playbook_record_stops_check(tmp_path):
    repo = copy_sources(tmp_path / "repo")
    records = sorted((repo / "data/playbooks").glob("*.yml"))
    assert records, "data/playbooks/ has no records: this check would test nothing"  # was a skip
    text = records[0].read_text(encoding="utf-8")
    records[0].write_text(text + "# 当事人手机13957126843\n", encoding="utf-8")
    result = kb_in_process("check", cwd=repo)
    out = result.output
    assert result.returncode == 1
    assert f"data/playbooks/{records[0].name}:{len(text.splitlines()) + 1}: privacy: 疑似手机号" in out, out
