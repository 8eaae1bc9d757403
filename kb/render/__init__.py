"""Pure render functions: records in, escaped Markdown/HTML out; no MkDocs, no I/O. Every page
macro is one of these (kb.mkdocs_glue.macros binds them to the data)."""
