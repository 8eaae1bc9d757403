"""The only package that imports mkdocs or material: the build hooks, the macros entry point,
the in-process strict build and the reading of MkDocs' English log. Everything it calls is plain
kb code, so the logic survives a move off MkDocs (Material is in maintenance mode)."""
