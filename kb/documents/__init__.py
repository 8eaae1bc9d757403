"""Editable documents (.docx) of the 文书模板 pages: compose.py (pure: the page's rendered template
section → blocks and clean text) and docx.py (python-docx: blocks → an A4 official-style document).
Same layer as kb/handouts/."""
