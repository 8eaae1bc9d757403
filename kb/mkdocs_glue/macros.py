"""mkdocs-macros entry point: registers the pure render functions with the validated data bound
in. Only these names can be called from a page."""
from __future__ import annotations

from functools import partial, update_wrapper
from pathlib import Path

from kb.load.project import project_for
from kb.model.findings import FindingsError
from kb.model.macros import DATA_MACROS, PAGE_MACROS  # noqa: F401  (PAGE_MACROS: registered in define_env)
from kb.render import calculator, contacts, core, faq, playbooks, training, triage
from kb.settings import Settings

# Macro name in pages -> render function (each takes the data as first argument).
MACROS = {
    "cite": core.cite,
    "deadline": core.deadline,
    "deadline_rule": core.deadline_rule,
    "deadline_table": core.deadline_table,
    "unit": core.unit,
    "role": core.role,
    "term": core.term,
    "glossary": core.glossary,
    "regulation_index": core.regulation_index,
    "responsibility_matrix": core.responsibility_matrix,
    "unit_table": core.unit_table,
    "local_setting": core.local_setting,  # data/local.yml: the county's own settings
    "local_superior": core.local_superior,
    "local_settings_table": core.local_settings_table,
    "playbook_index": playbooks.playbook_index,  # 案例手册 list with filters (docs/playbooks/index.md)
    "training_index": training.training_index,  # 培训 module list (docs/training/index.md)
    "faq_contents": faq.faq_contents,  # 问答 groups (docs/faq/index.md)
    "deadline_calculator": calculator.deadline_calculator,  # 期限计算器 (docs/reference/deadline-calculator.md)
    "counting_rules": calculator.counting_rules,  # the county's counting rules, labelled, with the caveat
    "triage_flowchart": triage.triage_flowchart,  # 分类处理向导 as one SVG flowchart (docs/reference/triage.md)
    "unit_cards": contacts.unit_cards,  # 单位名录: every unit's reception office (docs/reference/contacts.md only)
    "unit_card": contacts.unit_card_link,  # a unit's name linked to its card in the directory
}
# The names are the one list in kb/model/macros.py (the macro check allows exactly those).
if tuple(MACROS) != DATA_MACROS:
    raise RuntimeError("kb/model/macros.py DATA_MACROS and MACROS differ")


def define_env(env):
    project = project_for(Settings.for_config(Path(env.project_dir) / "mkdocs.yml"))
    try:
        data = project.data
    except FindingsError:
        return  # the data has errors: the hooks report them (and under mkdocs serve no page is rendered)
    for name, func in MACROS.items():
        env.macro(update_wrapper(partial(func, data), func), name)
    pages = project.pages
    env.macro(update_wrapper(partial(core.recent_changes, pages), core.recent_changes), "recent_changes")
    titles = {p.src: p.meta.get("title", p.src) for p in pages}  # link text for the pages a module cites
    env.macro(update_wrapper(partial(training.training_module, data, page_titles=titles),
                             training.training_module), "training_module")
    env.macro(update_wrapper(partial(faq.faq_page, data, titles), faq.faq_page), "faq_page")
    env.macro(update_wrapper(partial(triage.triage_guide, data, page_titles=titles), triage.triage_guide),
              "triage_guide")  # 分类处理向导 step by step (docs/reference/triage.md)
