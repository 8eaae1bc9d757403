"""YAML as text, for generated front matter and scaffolds: UTF-8, keys in the order given."""
from __future__ import annotations

from typing import Any

import yaml

# libyaml's emitter when available (the same text as the pure-Python one, several times faster:
# every build writes the front matter of every generated playbook page).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
