"""State that must outlive one MkDocs configuration: `mkdocs serve` loads mkdocs.yml (and with it
a fresh copy of hooks.py) for every rebuild, but calls on_startup only once."""
from __future__ import annotations

STATE = {"serving": False, "site_dir": None, "failed": None}
