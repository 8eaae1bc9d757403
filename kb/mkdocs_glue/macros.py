"""mkdocs-macros entry point: registers the pure render functions with the validated data bound
in. Only these names can be called from a page."""
from __future__ import annotations

from functools import partial, update_wrapper
from pathlib import Path

from kb.load.project import project_for
from kb.checks.review import review_items
from kb.render import core, faq, pinyin, playbooks, review, training
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
    "training_index": training.training_index,
    "section_book": core.section_book,          # 整栏打印版 button on the section index pages  # 培训 module list (docs/training/index.md)
    "faq_contents": faq.faq_contents,  # 问答 groups (docs/faq/index.md)
}
# Macros that take the pages rather than the data.
PAGE_MACROS = ("recent_changes", "training_module", "faq_page", "review_list")


def define_env(env):
    project = project_for(Settings.for_config(Path(env.project_dir) / "mkdocs.yml"))
    data = project.data
    for name, func in MACROS.items():
        env.macro(update_wrapper(partial(func, data), func), name)
    pages = project.pages
    env.macro(update_wrapper(partial(core.recent_changes, pages, data), core.recent_changes), "recent_changes")
    titles = {p.src: p.meta.get("title", p.src) for p in pages}  # link text for the pages a module cites
    env.macro(update_wrapper(partial(training.training_module, data, page_titles=titles),
                             training.training_module), "training_module")
    env.macro(update_wrapper(partial(faq.faq_page, data, titles), faq.faq_page), "faq_page")
    ctx = project.context()  # 维护 › 复审清单: every published page and playbook with its next review date
    env.macro(update_wrapper(partial(review.review_list, data, review_items(ctx), ctx.today),
                             review.review_list), "review_list")

    def tag_jump_bar() -> str:
        """A–Z jump bar for the tags index (docs/reference/tags.md), pointing at Material's tag headings."""
        from kb.mkdocs_glue.hooks import tag_anchor
        firsts = pinyin.first_by_letter(data.tags)
        return pinyin.jump_bar({letter: tag_anchor(env.conf, name) for letter, name in firsts.items()})
    env.macro(tag_jump_bar, "tag_jump_bar")
