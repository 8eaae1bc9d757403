"""Case playbooks: one YAML record each, schema-checked with file and line, rendered into
exactly one generated page, listed once in a filterable index, and scaffolded by `kb new`.

The real records and bad records planted in a copy (in this process); the built pages and the
index filters in the browser: tests/e2e/test_playbook_site.py."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

import pytest

from kb.load.schemas import FRONT_MATTER_SCHEMA
from kb.render.playbooks import (CHANNEL_LABELS, RISK_LABELS, front_matter, playbook_files, playbook_index,
                                 playbook_nav, published, render_playbook)
from kbtest import ROOT, copy_sources, edit, kb_in_process, line_number, real_data, real_project, source_findings_of

DATA = real_data()
PUBLISHED = published(DATA)
SCHEMA = json.loads((ROOT / "data/schema/playbook.schema.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.usefixtures("memo_privacy_scan")


# ---------------------------------------------------------------- the records

def test_labels_match_the_schema_enums():
    assert list(RISK_LABELS) == SCHEMA["properties"]["risk"]["enum"]
    assert list(CHANNEL_LABELS) == SCHEMA["properties"]["channel"]["enum"]


def test_playbooks_cover_the_recurring_risk_areas():
    assert len(PUBLISHED) >= 15
    per_category = Counter(p.category for p in PUBLISHED)
    for category, at_least in {"housing": 4, "litigation": 2, "social-security": 2, "social-assistance": 1,
                               "market-regulation": 2, "wages": 1, "land": 1}.items():
        assert per_category[category] >= at_least, f"{category}: {per_category[category]} playbooks"
    repeat = [p for p in PUBLISHED if "重复信访" in p.tags]
    assert repeat, "a long-running repeat petition playbook is required"
    cited = {(b.article, b.clause) for p in repeat for b in p.basis}
    assert {(35, None), (36, None), (37, 3)} <= cited, "repeat petition: 复查, 复核 and care after closure"
    assert {p.risk for p in PUBLISHED} == set(RISK_LABELS)
    assert {p.channel for p in PUBLISHED} == set(CHANNEL_LABELS)


def test_generated_front_matter_meets_the_page_schema():
    validator = real_project().schemas.validator(FRONT_MATTER_SCHEMA)
    for pb in PUBLISHED:
        errors = list(validator.iter_errors(json.loads(json.dumps(front_matter(pb)))))
        assert not errors, f"{pb.source}: {errors[0].message}"


def test_render_escapes_data_and_cannot_call_macros():
    pb = replace(PUBLISHED[0], title="标题<script>x</script>", summary="一句话 {{ cite(99) }} | *强调*",
                 situation="第一段\n接着写\n\n第二段")
    out = render_playbook(DATA, pb, {})
    assert "<script>" not in out and "{{" not in out and "*强调*" not in out
    assert "第一段接着写\n\n第二段" in out
    headings = re.findall(r"^## (.+)$", out, re.M)
    assert headings == ["基本情况", "预警信号", "处置步骤", "依法导入的渠道（诉访分离）", "化解结果",
                        "回头看：问题与教训", "法律依据", "相关页面"]


def test_nav_is_built_from_the_data_and_idempotent():
    nav = [{"首页": "index.md"}, {"案例手册": ["playbooks/index.md"]}]
    once = playbook_nav(json.loads(json.dumps(nav)), DATA)
    twice = playbook_nav(json.loads(json.dumps(once)), DATA)
    assert once == twice
    listed = [src for group in once[1]["案例手册"][1:] for srcs in group.values() for src in srcs]
    assert sorted(listed) == sorted(p.src for p in PUBLISHED)
    with pytest.raises(ValueError, match="playbooks/index.md"):
        playbook_nav([{"首页": "index.md"}], DATA)


def test_drafts_get_no_page_no_nav_entry_and_no_card():
    first = PUBLISHED[0]
    assert first.src in [src for src, _ in playbook_files(DATA, [])]  # the check below can fail
    assert f"(/{first.src})" in playbook_index(DATA)
    data = replace(DATA, playbooks={**DATA.playbooks, first.id: replace(first, draft=True)})
    assert first.src not in [src for src, _ in playbook_files(data, [])]
    assert f"(/{first.src})" not in playbook_index(data)
    assert first.src not in json.dumps(playbook_nav([{"案例手册": ["playbooks/index.md"]}], data))


def test_every_record_is_generated_not_hand_written():
    hand_written = sorted(p.name for p in (ROOT / "docs/playbooks").glob("*.md"))
    assert hand_written == ["index.md"], "playbook pages are generated from data/playbooks/, not written by hand"


# ---------------------------------------------------------------- bad records

def _enum(name):
    return "、".join(SCHEMA["properties"][name]["enum"])


BAD_RECORDS = [
    ("risk: high", "risk: extreme", "risk: extreme", rf"schema: risk 的值 “extreme” 不在可选范围里。可选：{_enum('risk')}。"),
    ("channel: group-visit", "channel: group-visit\ncolour: red", "colour: red",
     r"schema: （文件顶层） 有不认识的字段 colour。允许的字段："),
    ("    deadline: assigned_notice", "    deadline: notice_fifteen", "notice_fifteen", r"reference: 期限键 “notice_fifteen”"),
    ("  - article: 34", "  - article: 51", "article: 51", r"schema: basis\[3\]\.article 不符合要求"),
    ("partners: [county-petition-bureau,", "partners: [county-housing-bureau,", "county-housing-bureau",
     r"reference: 单位 “county-housing-bureau” 不在 data/units\.yml 里"),
    ("  - procedures/handling.md", "  - procedures/no-such-page.md", "no-such-page", r"link: related 里的 “procedures/no-such-page\.md”"),
    ("      劝阻并说明", "      复查请看第34条。劝阻并说明", "复查请看第34条", r"citation: .*2005年旧《信访条例》"),
]


def findings_text(repo) -> str:
    """What `kb check` reports on the copy (every rule of the registry), one finding a line."""
    errors, _ = source_findings_of(repo)
    return "\n".join(errors)


@pytest.mark.parametrize("old,new,needle,message", BAD_RECORDS, ids=[b[2] for b in BAD_RECORDS])
def test_bad_record_is_rejected_with_file_and_line(tmp_path, old, new, needle, message):
    repo = copy_sources(tmp_path / "repo")
    record = repo / "data/playbooks/housing-delayed-delivery.yml"
    edit(record, old, new)
    found = findings_text(repo)
    line = line_number(record, needle)
    expected = rf"data/playbooks/housing-delayed-delivery\.yml:{line}: {message}"
    assert re.search(expected, found), f"expected {expected!r} in:\n{found}"


def test_kb_check_reports_a_bad_record(tmp_path):
    repo = copy_sources(tmp_path / "repo")
    record = repo / "data/playbooks/consumer-dispute.yml"
    edit(record, "risk: low", "risk: 低")
    result = kb_in_process("check", cwd=repo)
    assert result.returncode == 1
    line = line_number(record, "risk: 低")
    assert f"data/playbooks/consumer-dispute.yml:{line}: schema: risk 的值 “低” 不在可选范围里" in result.stderr, result.stderr


def test_hand_written_playbook_page_is_refused(tmp_path):
    repo = copy_sources(tmp_path / "repo")
    (repo / "docs/playbooks/extra.md").write_text(
        "---\ntitle: 手写案例\nowner: county-petition-bureau\nreviewed: 2026-01-05\n"
        "review_interval_months: 12\ntags: [办理]\nkind: playbook\n---\n\n# 手写案例\n", encoding="utf-8")
    assert "docs/playbooks/extra.md:1: structure: 案例手册页面由 data/playbooks/*.yml 自动生成" in findings_text(repo)


# ---------------------------------------------------------------- kb new

def test_kb_new_creates_drafts_that_pass_every_check(tmp_path):
    repo = copy_sources(tmp_path / "repo")
    made = kb_in_process("new", "playbook", "工程项目年底欠薪，农民工集体走访", "--id", "wage-test", "--category", "wages",
                         cwd=repo)
    assert made.returncode == 0, made.stderr
    assert "data/playbooks/wage-test.yml" in made.stdout and "下一步" in made.stdout
    proc = kb_in_process("new", "procedure", "信访事项的回访", "--id", "follow-up-visit", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "docs/procedures/follow-up-visit.md" in proc.stdout and "mkdocs.yml" in proc.stdout  # add it to the nav later
    page_src = (repo / "docs/procedures/follow-up-visit.md").read_text(encoding="utf-8")
    assert "draft: true" in page_src and "kind: procedure" in page_src and 'class="kb-checklist"' in page_src

    check = kb_in_process("check", cwd=repo)  # one run for both
    assert check.returncode == 0, check.stderr

    # neither ever overwrites
    record = repo / "data/playbooks/wage-test.yml"
    text = record.read_text(encoding="utf-8")
    again = kb_in_process("new", "playbook", "另一个标题的案例", "--id", "wage-test", cwd=repo)
    assert again.returncode == 1 and "已经存在" in again.stderr
    assert record.read_text(encoding="utf-8") == text
    assert kb_in_process("new", "procedure", "信访事项的回访", "--id", "follow-up-visit", cwd=repo).returncode == 1

    # publishing the playbook unfinished is refused, with the line of each leftover hint
    edit(record, "draft: true\n", "")
    line = line_number(record, "summary:")
    assert f"data/playbooks/wage-test.yml:{line}: content:" in findings_text(repo)


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory):
    return copy_sources(tmp_path_factory.mktemp("kb-new") / "repo")


@pytest.mark.parametrize("args", [
    ("new",), ("new", "playbook"), ("new", "guide", "标题标题"), ("new", "playbook", "标题标题", "--id", "Bad_Id"),
    ("new", "playbook", "标题标题", "--category", "no-such"), ("new", "procedure", "短"),
])
def test_kb_new_usage_errors_exit_2(shared_copy, args):
    before = sorted(p.name for p in (shared_copy / "data/playbooks").iterdir())
    result = kb_in_process(*args, cwd=shared_copy)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not list((shared_copy / "data/playbooks").glob("new-*.yml"))
    assert sorted(p.name for p in (shared_copy / "data/playbooks").iterdir()) == before  # nothing written at all
