"""mkdocs-macros entry point (mkdocs.yml: plugins.macros.module_name). Thin on purpose: the
macros are registered in kb/mkdocs_glue/macros.py; their logic is in kb/render/."""
from kb.mkdocs_glue.macros import define_env  # noqa: F401
