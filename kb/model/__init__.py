"""Frozen records: what the knowledge base is made of (regulation, deadlines, glossary, units,
playbooks, training, pages, privacy lists) and the pure rules that belong to them (Chinese
numerals, article references, URLs, review dates). Standard library only, no I/O."""
