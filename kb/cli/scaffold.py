"""`kb new playbook|procedure TITLE`: start a new case record or procedure page from a template.

What it writes passes every check as it stands (it is a draft, so nothing is published),
and every field says what to write in it. It never overwrites an existing file."""
from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kb.model.findings import FindingsError
from kb.model.ids import TODO_MARK
from kb.model.records import KbData
from kb.load.project import Project

from kb.model.ids import ID_PATTERN


class ScaffoldUsageError(ValueError):
    """Bad arguments (exit 2)."""


class ScaffoldError(RuntimeError):
    """The file exists or the data is broken (exit 1)."""


@dataclass(frozen=True)
class Created:
    path: Path
    next_steps: tuple[str, ...]


def make_id(title: str, given: str | None) -> str:
    """--id if given; otherwise a slug of the title, or a stable short id for a Chinese title."""
    if given is not None:
        if not ID_PATTERN.match(given):
            raise ScaffoldUsageError(f"--id “{given}” 不合适：只能用小写英文字母、数字和连字符（2—61个字符），如 wage-arrears。")
        return given
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) >= 3 and ID_PATTERN.match(slug):
        return slug
    return "new-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]


def _q(value: str) -> str:
    """A YAML string that stays a string whatever the title contains (JSON is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _load(project: Project) -> KbData:
    try:
        return project.data
    except FindingsError as err:
        raise ScaffoldError("data/ 里的数据没有通过检查，模板要用到其中的单位、类别和标签。请先运行 kb check 修好：\n"
                            + str(err)) from None


def _pick(options, preferred: str) -> str:
    options = list(options)
    return preferred if preferred in options else options[0]


def _check_title(title: str) -> str:
    title = title.strip()
    if not 4 <= len(title) <= 40 or "\n" in title:
        raise ScaffoldUsageError(f"标题 “{title}” 要在4—40个字之间，写清是什么事、什么形式，如“工程项目年底欠薪，农民工集体走访”。")
    return title


def _write_new(path: Path, text: str, display) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display(path)} 已经存在，没有覆盖。请直接编辑它，或者用 --id 换一个文件名。") from None


def _published_procedure(docs_dir: Path) -> str:
    """A related page that exists and is published, for the template's `related` list."""
    preferred = docs_dir / "procedures" / "acceptance.md"
    candidates = [preferred, *sorted((docs_dir / "procedures").glob("*.md"))]
    for path in candidates:
        if path.exists() and "\ndraft: true" not in path.read_text(encoding="utf-8").split("\n---", 1)[0]:
            return path.relative_to(docs_dir).as_posix()
    return "index.md"


def new_playbook(project: Project, title: str, given_id: str | None = None, category: str | None = None,
                 today: datetime.date | None = None) -> Created:
    title = _check_title(title)
    pid = make_id(title, given_id)
    data = _load(project)
    data_dir, docs_dir, display = project.settings.data_dir, project.settings.docs_dir, project.show
    if category is not None and category not in data.categories:
        raise ScaffoldUsageError(f"--category “{category}” 不是 data/categories.yml 里的类别。可用：{'、'.join(data.categories)}。")
    cat = data.categories[category or next(iter(data.categories))]
    deadlines = list(data.deadlines)
    first_deadline = _pick(deadlines, "direct_notice")
    handling = _pick(deadlines, "handling")
    tag = _pick(data.tags, "办理")
    article = 31 if 31 in data.articles else next(iter(data.articles))
    path = data_dir / "playbooks" / f"{pid}.yml"
    text = f"""\
# 案例手册记录（草稿）。由 kb new playbook 生成，字段说明见 data/schema/playbook.schema.json。
# 匿名化：人名一律写化名，如 王某（化名）、张某某（化名）；公司写A公司、B物业公司；地点写某县某镇、XX小区、某村；
# 时间只写到月。不写真实姓名、电话、证件号、车牌、门牌地址。
# 把每个“{TODO_MARK}”后面的提示换成实际内容，再删掉下面的 draft: true，运行 make check；页面、导航和案例目录会自动生成。
draft: true
title: {_q(title)}
summary: {TODO_MARK}一句话概括：什么事、什么形式、关键做法和结果（显示在案例目录里）。
category: {cat.id}             # data/categories.yml 的 id：{'、'.join(data.categories)}
risk: medium                 # high 高 / medium 中 / low 低
channel: visit               # letter 来信 / visit 来访 / group-visit 集体访 / online 网上信访 / phone 来电
owner: {cat.lead}          # 维护这个案例的单位（data/units.yml 的 id）
reviewed: {(today or datetime.date.today()).isoformat()}
review_interval_months: 12
tags: [{tag}]                 # 只能用 data/tags.yml 里登记的标签
changes:                     # 更新记录：每次改动加一条，写日期和改了什么（写给读者看）
  - date: {(today or datetime.date.today()).isoformat()}
    what: 新增本案例

situation: |
  {TODO_MARK}用化名写清事情经过：谁（王某（化名））、因为什么、从哪个月开始、找过哪些单位、得到过什么答复。
  时间只写到月。可以分几段，段与段之间空一行。

warning_signs:
  - {TODO_MARK}一线同志能提前看到的苗头，每条一句，比如“同一事项的投诉在短时间内集中出现”。

lead: {cat.lead}           # 牵头单位（data/units.yml 的 id）
partners: [{", ".join(u for u in cat.partners if u != cat.lead)}]

steps:                       # 按先后顺序写，页面上自动编号；deadline 写 data/deadlines.yml 的 key
  - title: {TODO_MARK}登记并书面告知
    by: {cat.lead}
    deadline: {first_deadline}
    detail: {TODO_MARK}这一步具体做什么、注意什么。期限的天数、起算点和条号会自动写出来，不要在这里再写一遍。
  - title: {TODO_MARK}调查核实
    by: {cat.lead}
    detail: {TODO_MARK}怎样查明事实：看哪些材料、去哪里现场核实、听取哪些人的意见。
  - title: {TODO_MARK}出具信访处理意见书
    by: {cat.lead}
    deadline: {handling}
    detail: {TODO_MARK}意见书写明事实、理由和依据，以及对处理意见不服可以请求复查。

lawful_channels: []          # 诉访分离：应当走诉讼、仲裁、复议、执行等程序的诉求，写 claim、route，可选 unit

resolution: |
  {TODO_MARK}最后怎么化解的：解决了什么、怎样答复、信访人是否认可、之后怎样回访。

lookback:
  - problem: {TODO_MARK}前期哪里做得不好。
    lesson: {TODO_MARK}以后应当怎么做。

basis:                       # 2022年《信访工作条例》条号（60日是第34条，复查第35条，复核第36条）
  - article: {article}
    why: {TODO_MARK}这一条在本案里说明什么，用自己的话写。

related:                     # docs/ 下已发布页面的路径
  - {_published_procedure(docs_dir)}
"""
    _write_new(path, text, display)
    return Created(path, (
        f"用编辑器打开 {display(path)}，把每个{TODO_MARK}后面的提示换成实际内容（人名用化名，时间只写到月）。",
        "写完后删掉 draft: true 这一行；页面 playbooks/" + pid + ".html、导航和案例目录会自动生成，不用手写 Markdown。",
        "运行 make check（或 .venv/bin/kb check），按提示修改到全部通过；再运行 make serve 预览。",
    ))


def new_procedure(project: Project, title: str, given_id: str | None = None,
                  today: datetime.date | None = None) -> Created:
    title = _check_title(title)
    pid = make_id(title, given_id)
    data = _load(project)
    data_dir, docs_dir, display = project.settings.data_dir, project.settings.docs_dir, project.show
    owner = _pick(data.units, "county-petition-bureau")
    tag = _pick(data.tags, "办理")
    notice = _pick(data.deadlines, "direct_notice")
    path = docs_dir / "procedures" / f"{pid}.md"
    text = f"""\
---
title: {_q(title)}
description: 一句话说明这个流程解决什么问题。
owner: {owner}
reviewed: {(today or datetime.date.today()).isoformat()}
review_interval_months: 12
tags: [{tag}]
kind: procedure
changes:
  - date: {(today or datetime.date.today()).isoformat()}
    what: 新增本流程
draft: true
---

# {title}

开头用两三句话说明：这个流程在什么时候用、要达到什么结果。条文用 {{{{ cite(23) }}}} 这样的宏引用，期限用 {{{{ deadline("{notice}") }}}}，
不要手写天数。

## 适用情形

- 哪些事项、哪些情况用这个流程；不适用的情形也写清楚，并链接到该用的流程。

## 谁来做

| 岗位 | 在这一步做什么 |
|---|---|
| 岗位名称（可以用 role 宏） | 做什么 |

## 办理步骤

1. **第一步。** 具体做什么；有期限的写上，如 {{{{ deadline_rule("{notice}") }}}}。
2. **第二步。** 具体做什么。

## 形成的文书

- 这个流程要形成哪些文书，链接到参考 › 文书模板里的对应模板。

## 常见错误

- 新同志最容易犯的错误，以及为什么不对。

## 法律依据

- {{{{ cite(23) }}}}：这一条在本流程里说明什么，用自己的话写。

## 相关页面

- 上一步、下一步和相关的政策、参考页面。

## 一页清单

<div class="kb-checklist" markdown>

**{title} · 一页清单**

- [ ] 勾选项，每项一句话，整张清单不超过12项，能打印在一张A4纸上

</div>
"""
    _write_new(path, text, display)
    return Created(path, (
        f"用编辑器打开 {display(path)}，把八个小节按提示写完（顺序不要改）；格式可以参照 docs/procedures/acceptance.md。",
        f"写完后删掉 front matter 里的 draft: true，并在 mkdocs.yml 的 nav “工作流程”下加一行 procedures/{pid}.md，"
        "否则严格构建会报页面不在导航里。",
        "运行 make check（或 .venv/bin/kb check），按提示修改到全部通过；再运行 make serve 预览。",
    ))
