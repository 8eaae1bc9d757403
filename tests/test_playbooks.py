"""Case playbooks: one YAML record each, schema-checked with file and line, rendered into
exactly one generated page, listed once in a filterable index, and scaffolded by `kb new`."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from conftest import run_kb
from kb.checks import load_pages
from kb.data import load_data, load_data_from
from kb.findings import FindingsError
from kb.pages import _frontmatter_validator
from kb.paths import DOCS_DIR, SCHEMA_DIR
from kb.playbooks import (CHANNEL_LABELS, RISK_LABELS, check_playbooks, front_matter, playbook_files,
                          playbook_index, playbook_nav, published, render_playbook)

DATA = load_data()
PUBLISHED = published(DATA)
SCHEMA = json.loads((SCHEMA_DIR / "playbook.schema.json").read_text(encoding="utf-8"))


class CardParser(HTMLParser):
    """(category, risk, channel, first link) for every card in the built index page."""

    def __init__(self):
        super().__init__()
        self.cards: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "data-kb-card" in a:
            self.cards.append([a["data-category"], a["data-risk"], a["data-channel"], ""])
            self._open = True
        elif tag == "a" and self._open and not self.cards[-1][3]:
            self.cards[-1][3] = a["href"]
            self._open = False


def index_cards(html: str) -> list[list[str]]:
    parser = CardParser()
    parser.feed(html)
    return parser.cards


def line_number(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
    for pb in PUBLISHED:
        errors = list(_frontmatter_validator().iter_errors(json.loads(json.dumps(front_matter(pb)))))
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
    data = replace(DATA, playbooks={**DATA.playbooks, first.id: replace(first, draft=True)})
    assert first.src not in [src for src, _ in playbook_files(data, [])]
    assert f"(/{first.src})" not in playbook_index(data)
    assert first.src not in json.dumps(playbook_nav([{"案例手册": ["playbooks/index.md"]}], data))


# ---------------------------------------------------------------- bad records

BAD_RECORDS = [
    ("risk: high", "risk: extreme", "risk: extreme", r"schema: risk 不符合要求：'extreme' is not one of"),
    ("channel: group-visit", "channel: group-visit\ncolour: red", "colour: red",
     r"schema: .*Additional properties are not allowed \('colour'"),
    ("    deadline: assigned_notice", "    deadline: notice_fifteen", "notice_fifteen", r"reference: 期限键 “notice_fifteen”"),
    ("  - article: 34", "  - article: 51", "article: 51", r"schema: basis\[3\]\.article 不符合要求"),
    ("partners: [county-petition-bureau,", "partners: [county-housing-bureau,", "county-housing-bureau",
     r"reference: 单位 “county-housing-bureau” 不在 data/units\.yml 里"),
    ("  - procedures/handling.md", "  - procedures/no-such-page.md", "no-such-page", r"link: related 里的 “procedures/no-such-page\.md”"),
    ("      劝阻并说明", "      复查请看第34条。劝阻并说明", "复查请看第34条", r"citation: .*2005年旧《信访条例》"),
]


def playbook_findings(repo) -> str:
    """The data layer plus the playbook checks on a copy, in-process (what kb check adds for playbooks)."""
    try:
        data = load_data_from(repo / "data")
    except FindingsError as err:
        return "\n".join(map(str, err.findings))
    pages, _ = load_pages(repo / "docs")
    return "\n".join(map(str, check_playbooks(pages, data)))


@pytest.mark.parametrize("old,new,needle,message", BAD_RECORDS, ids=[b[2] for b in BAD_RECORDS])
def test_bad_record_is_rejected_with_file_and_line(repo_copy, old, new, needle, message):
    record = repo_copy / "data/playbooks/housing-delayed-delivery.yml"
    edit(record, old, new)
    found = playbook_findings(repo_copy)
    line = line_number(record, needle)
    expected = rf"data/playbooks/housing-delayed-delivery\.yml:{line}: {message}"
    assert re.search(expected, found), f"expected {expected!r} in:\n{found}"


def test_kb_check_reports_a_bad_record(repo_copy):
    record = repo_copy / "data/playbooks/consumer-dispute.yml"
    edit(record, "risk: low", "risk: 低")
    result = run_kb("check", cwd=repo_copy)
    assert result.returncode == 1
    line = line_number(record, "risk: 低")
    assert f"data/playbooks/consumer-dispute.yml:{line}: schema: risk 不符合要求" in result.stderr, result.stderr


def test_hand_written_playbook_page_is_refused(repo_copy):
    (repo_copy / "docs/playbooks/extra.md").write_text(
        "---\ntitle: 手写案例\nowner: county-petition-bureau\nreviewed: 2026-01-05\n"
        "review_interval_months: 12\ntags: [办理]\nkind: playbook\n---\n\n# 手写案例\n", encoding="utf-8")
    assert "docs/playbooks/extra.md:1: structure: 案例手册页面由 data/playbooks/*.yml 自动生成" in playbook_findings(repo_copy)


# ---------------------------------------------------------------- the built site

def test_every_record_is_rendered_exactly_once(built_site):
    hand_written = sorted(p.name for p in (DOCS_DIR / "playbooks").glob("*.md"))
    assert hand_written == ["index.md"], "playbook pages are generated from data/playbooks/, not written by hand"
    pages = sorted(p.stem for p in (built_site / "playbooks").glob("*.html") if p.name != "index.html")
    index = (built_site / "playbooks/index.html").read_text(encoding="utf-8")
    cards = index_cards(index)
    linked = sorted(href.removesuffix(".html") for *_, href in cards)
    records = sorted(p.id for p in PUBLISHED)
    assert records == pages == linked
    by_id = {p.id: p for p in PUBLISHED}
    for category, risk, channel, href in cards:  # the filter attributes come from the record
        pb = by_id[href.removesuffix(".html")]
        assert (category, risk, channel) == (pb.category, pb.risk, pb.channel)
    for pb in PUBLISHED:
        html = (built_site / "playbooks" / f"{pb.id}.html").read_text(encoding="utf-8")
        assert html.count("<h1") == 1 and pb.title.split("，")[0] in html
        assert 'href="../reference/regulation.html#article-' in html  # basis rendered through cite()


@pytest.mark.browser
def test_index_filters_work_in_the_browser_without_a_server(page, site_url):
    page.goto(f"{site_url}/playbooks/index.html")
    cards = page.locator("[data-kb-card]")
    visible = page.locator("[data-kb-card]:visible")
    assert page.locator("[data-kb-filters]").is_visible()
    assert visible.count() == cards.count() == len(PUBLISHED)

    page.click('button[data-filter="category"][data-value="housing"]')
    housing = [p for p in PUBLISHED if p.category == "housing"]
    assert visible.count() == len(housing)
    assert page.locator('button[data-filter="category"][data-value="housing"]').get_attribute("aria-pressed") == "true"

    page.click('button[data-filter="risk"][data-value="high"]')
    assert visible.count() == len([p for p in housing if p.risk == "high"])
    assert page.locator("[data-kb-count]").inner_text().startswith(f"显示 {visible.count()} 个")

    page.click('button[data-filter="category"][data-value=""]')  # 全部 in one group keeps the others
    assert visible.count() == len([p for p in PUBLISHED if p.risk == "high"])

    page.click('button[data-filter="channel"][data-value="phone"]')
    expected = [p for p in PUBLISHED if p.risk == "high" and p.channel == "phone"]
    assert visible.count() == len(expected)
    assert page.locator("[data-kb-empty]").is_visible() == (not expected)
    assert page.external_requests == []


@pytest.mark.browser
def test_without_javascript_every_playbook_is_listed(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/playbooks/index.html")
        assert pg.locator("[data-kb-card]:visible").count() == len(PUBLISHED)
        assert not pg.locator("[data-kb-filters]").is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------- kb new

def test_kb_new_creates_drafts_that_pass_every_check(repo_copy):
    made = run_kb("new", "playbook", "工程项目年底欠薪，农民工集体走访", "--id", "wage-test", "--category", "wages",
                  cwd=repo_copy)
    assert made.returncode == 0, made.stderr
    assert "data/playbooks/wage-test.yml" in made.stdout and "下一步" in made.stdout
    proc = run_kb("new", "procedure", "信访事项的回访", "--id", "follow-up-visit", cwd=repo_copy)
    assert proc.returncode == 0, proc.stderr
    assert "docs/procedures/follow-up-visit.md" in proc.stdout and "mkdocs.yml" in proc.stdout  # add it to the nav later
    page_src = (repo_copy / "docs/procedures/follow-up-visit.md").read_text(encoding="utf-8")
    assert "draft: true" in page_src and "kind: procedure" in page_src and 'class="kb-checklist"' in page_src

    check = run_kb("check", cwd=repo_copy)  # one run for both: kb check is the slow part
    assert check.returncode == 0, check.stderr

    # neither ever overwrites
    record = repo_copy / "data/playbooks/wage-test.yml"
    text = record.read_text(encoding="utf-8")
    again = run_kb("new", "playbook", "另一个标题的案例", "--id", "wage-test", cwd=repo_copy)
    assert again.returncode == 1 and "已经存在" in again.stderr
    assert record.read_text(encoding="utf-8") == text
    assert run_kb("new", "procedure", "信访事项的回访", "--id", "follow-up-visit", cwd=repo_copy).returncode == 1

    # publishing the playbook unfinished is refused, with the line of each leftover hint
    edit(record, "draft: true\n", "")
    line = line_number(record, "summary:")
    assert f"data/playbooks/wage-test.yml:{line}: content:" in playbook_findings(repo_copy)


@pytest.mark.parametrize("args", [
    ("new",), ("new", "playbook"), ("new", "guide", "标题标题"), ("new", "playbook", "标题标题", "--id", "Bad_Id"),
    ("new", "playbook", "标题标题", "--category", "no-such"), ("new", "procedure", "短"),
])
def test_kb_new_usage_errors_exit_2(repo_copy, args):
    result = run_kb(*args, cwd=repo_copy)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not list((repo_copy / "data/playbooks").glob("new-*.yml"))


def test_kb_new_help():
    result = run_kb("new", "--help")
    assert result.returncode == 0 and "playbook" in result.stdout and "procedure" in result.stdout
