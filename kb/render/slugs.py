"""Heading ids: the one slugify, used by mkdocs.yml (toc) and by every link a render function
writes to a heading, so anchors always match. Chinese stays Chinese (no _1, _2 ids)."""
from __future__ import annotations

from pymdownx.slugs import slugify

heading_slug = slugify(case="lower")
