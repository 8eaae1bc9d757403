"""mkdocs-macros entry point. Thin on purpose: it only registers the pure render
functions of kb.render with the validated data bound in. Logic belongs in kb/."""
from functools import partial, update_wrapper
from pathlib import Path

from kb import playbooks, render, render_training
from kb.checks import load_pages
from kb.data import load_data

# Macro name in pages -> render function (each takes the data as first argument).
MACROS = {
    "cite": render.cite,
    "deadline": render.deadline,
    "deadline_rule": render.deadline_rule,
    "deadline_table": render.deadline_table,
    "unit": render.unit,
    "role": render.role,
    "term": render.term,
    "glossary": render.glossary,
    "regulation_index": render.regulation_index,
    "responsibility_matrix": render.responsibility_matrix,
    "unit_table": render.unit_table,
    "local_setting": render.local_setting,  # data/local.yml: the county's own settings
    "local_superior": render.local_superior,
    "local_settings_table": render.local_settings_table,
    "playbook_index": playbooks.playbook_index,  # 案例手册 list with filters (docs/playbooks/index.md)
    "training_index": render_training.training_index,  # 培训 module list (docs/training/index.md)
}


def define_env(env):
    data = load_data(str(Path(env.project_dir) / "data"))
    for name, func in MACROS.items():
        env.macro(update_wrapper(partial(func, data), func), name)
    pages, _ = load_pages(Path(env.conf["docs_dir"]))  # problems in pages are reported by the kb hooks, not here
    env.macro(update_wrapper(partial(render.recent_changes, pages), render.recent_changes), "recent_changes")
    titles = {p.src: p.meta.get("title", p.src) for p in pages}  # link text for the pages a module cites
    env.macro(update_wrapper(partial(render_training.training_module, data, page_titles=titles),
                             render_training.training_module), "training_module")
