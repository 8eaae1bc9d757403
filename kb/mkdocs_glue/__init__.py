"""The only package that imports mkdocs or material: the build hooks, the macros entry point,
the in-process strict build, the reading of MkDocs' English log, and live preview (live.py: what a
save rebuilds; preview_server.py: open pages first, pages not yet rebuilt held back). Everything it calls is plain
kb code, so the logic survives a move off MkDocs (Material is in maintenance mode)."""
