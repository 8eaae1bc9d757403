"""Identifiers and the template mark, one rule each for playbooks, pages and scaffolds."""
from __future__ import annotations

import re

# File names that become page addresses: lowercase letters, digits and hyphens, 2–61 characters.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
# `kb new` starts every text it wants replaced with this; a published page or record must not have it.
TODO_MARK = "【待填写】"
