"""信访工作知识库的数据层、检查和 kb 命令。

The package is plain Python on purpose: MkDocs and Material only call into it
(through macros.py and kb/mkdocs_hooks.py), so the logic survives a move off MkDocs.
"""
