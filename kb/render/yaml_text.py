"""YAML as text, for generated front matter and scaffolds: UTF-8, keys in the order given."""
from __future__ import annotations

from typing import Any

import yaml


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
