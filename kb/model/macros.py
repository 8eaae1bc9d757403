"""The macros a page may call: the one list shared by the MkDocs glue (which registers them)
and the macro check (which refuses everything else before any page is rendered)."""
from __future__ import annotations

# Macros that take the validated data first (kb/mkdocs_glue/macros.py MACROS).
DATA_MACROS = (
    "cite", "deadline", "deadline_rule", "deadline_table", "unit", "role", "term", "glossary",
    "regulation_index", "responsibility_matrix", "unit_table", "local_setting", "local_superior",
    "local_settings_table", "playbook_index", "training_index", "faq_contents",
    "deadline_calculator", "counting_rules", "triage_flowchart", "unit_cards", "unit_card",
)
# Macros that take the pages rather than the data.
PAGE_MACROS = ("recent_changes", "training_module", "faq_page", "triage_guide")

MACRO_NAMES = DATA_MACROS + PAGE_MACROS
