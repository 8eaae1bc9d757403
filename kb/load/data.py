"""Load every file under data/ once, validate it against its JSON Schema and build typed records.

Only problems that make records impossible (unreadable YAML, schema violations) stop loading;
references between records (unit ids, article numbers, deadline keys …) are rules of the check
registry (kb.checks), run on the records built here.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from kb.model.faq import Faq, FaqGroup, FaqQuestion, FaqRef
from kb.model.findings import Finding, FindingsError
from kb.model.links import AllowedDomain, LinkPolicy
from kb.model.playbook import Basis, LawfulChannel, Lesson, Playbook, PlaybookStep
from kb.model.review import changes_of
from kb.model.privacy_lists import lists_from_raw
from kb.model.contacts import Contact, with_office_numbers
from kb.model.calendar import Calendar, CountingRules, DayOff, HolidayYear, MovedWorkingDay
from kb.model.triage import Answer, ArticleRef, Question as TriageQuestion, Route, Triage
from kb.model.searchwords import Implied, SearchWords
from kb.model.records import Article, Category, Chapter, Deadline, Event, KbData, Role, Term, Unit
from kb.model.training import Basis as QuizBasis, Question, SourceRef, TrainingModule
from kb.load.filecache import cached, folder_stamp
from kb.load.schemas import SchemaRegistry
from kb.load.sources import SourceFile
from kb.load.yamlio import NodeLines, parse_yaml, read_text

# Which schema validates which data file. A test proves every file under data/ is listed.
SOURCES: dict[str, str] = {
    "regulation.yml": "regulation.schema.json",
    "glossary.yml": "glossary.schema.json",
    "deadlines.yml": "deadlines.schema.json",
    "units.yml": "units.schema.json",
    "categories.yml": "categories.schema.json",
    "tags.yml": "tags.schema.json",
    "training.yml": "training.schema.json",  # training modules → KbData.training
    "privacy.yml": "privacy.schema.json",  # deny/allow lists → KbData.privacy (kb.privacy)
    "holidays.yml": "holidays.schema.json",  # State Council holiday notices → KbData.calendar
    "counting.yml": "counting.schema.json",  # county counting rules → KbData.counting
    "triage.yml": "triage.schema.json",  # 分类处理向导 → KbData.triage
    "contacts.yml": "contacts.schema.json",  # 单位名录 → KbData.contacts (+ privacy allow entries)
    "links.yml": "links.schema.json",  # external links allowed (intranet domains) → KbData.links (kb.gate)
    "faq.yml": "faq.schema.json",  # 问答 → KbData.faq
    "local.yml": "local.schema.json",  # the county's own settings → KbData.local (raw mapping)
    "search.yml": "search.schema.json",  # everyday synonyms, implied concepts → KbData.search (kb.search)
}
# Folders with one record per file (e.g. playbooks/<id>.yml), each file validated on its own.
RECORD_FOLDERS: dict[str, str] = {
    "playbooks": "playbook.schema.json",  # case playbooks → KbData.playbooks
}

# Text in data writes {deadline:key} instead of 15日, so one number lives in one place.
DEADLINE_TOKEN = re.compile(r"\{deadline:([a-z0-9_]+)\}")


def read_source(path: Path, shown: str, schemas: SchemaRegistry, schema: str) -> tuple[SourceFile | None, list[Finding]]:
    return _read_source(path, shown, schemas, schema)


def _read_source(path: Path, shown: str, schemas: SchemaRegistry, schema: str) -> tuple[SourceFile | None, list[Finding]]:
    """Read, parse and validate one YAML file; (source, findings). No source when unreadable."""
    try:
        text = read_text(path, shown)
        data, node = parse_yaml(text, shown)
    except FindingsError as err:
        return None, err.findings
    if node is None:
        return None, [Finding(shown, 1, "schema", "文件是空的。请写入内容（可以照抄 data/schema/ 里对应的说明），"
                                                  "或者删除这个文件。", rule="schema.empty")]
    source = SourceFile(Path(path), shown, text, data, node)
    return source, schemas.findings(schema, data, node, shown)


def _record(cls, raw: dict) -> Any:
    """A frozen dataclass from a validated mapping; lists become tuples."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in names})


def fill_deadlines(text: str, deadlines: dict[str, Deadline]) -> str:
    """{deadline:key} → 15日; unknown keys stay visible (the deadline-token rule reports them)."""
    return DEADLINE_TOKEN.sub(lambda m: deadlines[m.group(1)].text if m.group(1) in deadlines else m.group(0), text)


def _playbook(source: SourceFile) -> Playbook:
    raw = source.data
    simple = {k: v for k, v in raw.items() if k not in ("steps", "lawful_channels", "lookback", "basis", "changes")}
    for k in ("tags", "warning_signs", "partners", "related"):
        simple[k] = tuple(simple[k])
    return Playbook(
        id=source.path.stem, source=source.shown, lines=NodeLines(source.node), path=source.path,
        steps=tuple(PlaybookStep(**x) for x in raw["steps"]),
        lawful_channels=tuple(LawfulChannel(**x) for x in raw["lawful_channels"]),
        lookback=tuple(Lesson(**x) for x in raw["lookback"]),
        basis=tuple(Basis(**x) for x in raw["basis"]),
        changes=changes_of(raw.get("changes")),
        **simple,
    )


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(str(text))


def _calendar(raw: dict) -> Calendar:
    return Calendar.of(HolidayYear(
        year=y["year"], notice=y["notice"], other_notices=tuple(y.get("other_notices") or ()),
        days_off=tuple(DayOff(d["name"], _date(d["from"]), _date(d["to"])) for d in y["days_off"]),
        working_days=tuple(MovedWorkingDay(_date(w["date"]), w["for"]) for w in y["working_days"]),
    ) for y in raw["years"])


def _counting(raw: dict) -> CountingRules:
    return CountingRules(
        first_day_counts=raw["first_day"] == "计入", holiday_end_moves=raw["holiday_end"] == "顺延",
        first_day_basis=raw["first_day_basis"], holiday_end_basis=raw["holiday_end_basis"],
        label=raw["label"], caveat=raw["caveat"], decided_by=raw["decided_by"])


def _triage(raw: dict, deadlines: dict[str, Deadline]) -> Triage:
    def answer(a: dict) -> Answer:
        return Answer(**dict(a, note=fill_deadlines(a.get("note", ""), deadlines)))
    questions = {q["id"]: TriageQuestion(id=q["id"], text=q["text"], help=q.get("help", ""),
                                         answers=tuple(answer(a) for a in q["answers"])) for q in raw["questions"]}
    routes = {r["id"]: Route(**dict(r, summary=fill_deadlines(r["summary"], deadlines),
                                    articles=tuple(ArticleRef(**x) for x in r["articles"]),
                                    deadlines=tuple(r.get("deadlines", ())))) for r in raw["routes"]}
    return Triage(start=raw["start"], questions=questions, routes=routes)


def _faq(raw: dict, deadlines: dict[str, Deadline]) -> Faq:
    return Faq(
        groups=tuple(FaqGroup(**g) for g in raw["groups"]),
        questions=tuple(FaqQuestion(
            id=q["id"], question=q["question"], phrasings=tuple(q.get("phrasings") or ()),
            answer=fill_deadlines(q["answer"], deadlines),
            articles=tuple(FaqRef(**a) for a in q["articles"]), page=q["page"], stage=q["stage"],
            audience=q["audience"]) for q in raw["questions"]),
    )


# Folded YAML lines leave spaces between Chinese characters; Chinese text has none.
CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _local(raw: dict, deadlines: dict[str, Deadline]) -> dict:
    """data/local.yml with wrapping undone in Chinese text and {deadline:key} written out (a copy:
    the checks read the file as written)."""
    def clean(value):
        if isinstance(value, str):
            return CJK_GAP.sub("", value).strip()
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value
    local = clean(raw)
    for s in local["settings"]:
        s["value"] = fill_deadlines(s["value"], deadlines)
    return local


def _question(raw: dict) -> Question:
    answer = raw["answer"]
    return Question(
        type=raw["type"], question=raw["question"],
        answer=tuple(answer) if isinstance(answer, list) else answer,
        explanation=raw["explanation"], basis=QuizBasis(**raw["basis"]),
        options=tuple(raw.get("options") or ()),
    )


def _module(raw: dict) -> TrainingModule:
    return TrainingModule(
        id=raw["id"], title=raw["title"], audience=raw["audience"], duration=raw["duration"],
        version=raw["version"], date=str(raw["date"]), owner=raw["owner"], summary=raw["summary"],
        objectives=tuple(raw["objectives"]),
        sources=tuple(SourceRef(**s) for s in raw["sources"]),
        key_points=tuple(raw["key_points"]), checklist=tuple(raw["checklist"]),
        quiz=tuple(_question(q) for q in raw["quiz"]),
    )


def read_data_files(data_dir: Path, schemas: SchemaRegistry, show) -> tuple[dict[str, SourceFile], list[Finding]]:
    """Every data file, read and validated once: shown path → source."""
    data_dir = Path(data_dir)
    sources: dict[str, SourceFile] = {}
    findings: list[Finding] = []
    schema_stamp = folder_stamp(schemas.schema_dir)

    def read_source(path: Path, shown: str, schemas: SchemaRegistry, schema: str):
        """Unchanged files (and schemas) since the last read: what was found then (mkdocs serve)."""
        return cached("data", path, (shown, schema, schema_stamp), lambda: _read_source(path, shown, schemas, schema))

    for name, schema in SOURCES.items():
        path = data_dir / name
        if not path.exists():
            findings.append(Finding(show(path), None, "missing", "数据文件不存在。", rule="data.missing-file"))
            continue
        source, problems = read_source(path, show(path), schemas, schema)
        findings += problems
        if source is not None:
            sources[show(path)] = source
    for folder, schema in RECORD_FOLDERS.items():
        if not (data_dir / folder).is_dir():
            continue
        for path in sorted((data_dir / folder).iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yml":
                findings.append(Finding(show(path), None, "missing",
                                        f"{folder}/ 里只能放一个记录一个文件的 .yml 文件；请把它改名为 {path.stem}.yml 或移走。",
                                        rule="data.record-file"))
                continue
            source, problems = read_source(path, show(path), schemas, schema)
            findings += problems
            if source is not None:
                sources[show(path)] = source
    return sources, findings


def build_data(sources: dict[str, SourceFile], data_dir_shown: str = "data") -> KbData:
    """Typed records from schema-valid sources (read_data_files found no problem)."""
    def raw(name: str) -> Any:
        return sources[f"{data_dir_shown}/{name}"].data

    reg = raw("regulation.yml")
    deadlines = {d.key: d for d in (_record(Deadline, x) for x in raw("deadlines.yml")["deadlines"])}
    articles = {a.number: a for a in (
        _record(Article, dict(x, summary=fill_deadlines(x["summary"], deadlines))) for x in reg["articles"])}
    terms = tuple(_record(Term, dict(t, definition=fill_deadlines(t["definition"], deadlines)))
                  for t in raw("glossary.yml")["terms"])
    contacts = {c.unit: c for c in (_record(Contact, x) for x in raw("contacts.yml")["contacts"])}
    playbooks = {}
    for shown, source in sources.items():
        if shown.startswith(f"{data_dir_shown}/playbooks/"):
            pb = _playbook(source)
            playbooks[pb.id] = pb
    return KbData(
        regulation_title=reg["title"],
        regulation_issued=reg["issued"],
        regulation_effective=str(reg["effective"]),
        chapters=tuple(_record(Chapter, c) for c in reg["chapters"]),
        articles=dict(sorted(articles.items())),
        terms=terms,
        deadlines=deadlines,
        units={u.id: u for u in (_record(Unit, x) for x in raw("units.yml")["units"])},
        roles={r.id: r for r in (_record(Role, x) for x in raw("units.yml")["roles"])},
        categories={c.id: c for c in (_record(Category, x) for x in raw("categories.yml")["categories"])},
        tags={t["name"]: t["means"] for t in raw("tags.yml")["tags"]},
        playbooks=dict(sorted(playbooks.items())),
        training=tuple(_module(m) for m in raw("training.yml")["modules"]),
        privacy=with_office_numbers(lists_from_raw(raw("privacy.yml")), contacts.values()),
        contacts=contacts,
        events={e.id: e for e in (_record(Event, x) for x in raw("deadlines.yml")["events"])},
        calendar=_calendar(raw("holidays.yml")),
        counting=_counting(raw("counting.yml")),
        triage=_triage(raw("triage.yml"), deadlines),
        faq=_faq(raw("faq.yml"), deadlines),
        local=_local(raw("local.yml"), deadlines),
        links=LinkPolicy(tuple(AllowedDomain(a["domain"], a["reason"]) for a in raw("links.yml")["allow"])),
        search=_search_words(raw("search.yml")),
    )


def _search_words(raw: dict) -> SearchWords:
    return SearchWords(everyday=tuple(tuple(e["words"]) for e in raw["everyday"]),
                       implied=tuple(Implied(i["concept"], tuple(i["phrases"])) for i in raw["implied"]))
