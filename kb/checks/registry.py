"""One registry of rules with stable ids (the github/docs content-linter pattern).

Each rule lives with its family (kb/checks/<family>.py), has an id such as
`citation.article-exists` and a one-line description, and takes the Context (records in) and
returns findings (no I/O). `kb check`, `kb build` and the MkDocs hooks all run this registry;
every finding carries the id of the rule that made it. `kb check --rules` lists them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from kb.model.context import Context
from kb.model.findings import Finding


@dataclass(frozen=True)
class Rule:
    id: str                      # stable: family.name
    description: str             # one line, shown by `kb check --rules`
    run: Callable[[Context], Iterable[Finding]]
    severity: str = "error"      # error stops the build; warning is reported only

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, description: str, severity: str = "error"):
    """Register the decorated function as a rule."""
    def register(func: Callable[[Context], Iterable[Finding]]):
        if rule_id in REGISTRY:
            raise ValueError(f"rule id {rule_id} registered twice")
        REGISTRY[rule_id] = Rule(rule_id, description, func, severity)
        return func
    return register


def run_rules(ctx: Context, severity: str | None = None, skip: Iterable[str] = ()) -> list[Finding]:
    """Findings of every registered rule (of one severity when given; without the rules in
    skip, which the caller runs another way), each tagged with its rule id."""
    found: list[Finding] = []
    skip = set(skip)
    for r in REGISTRY.values():
        if (severity is None or r.severity == severity) and r.id not in skip:
            found += [f.with_rule(r.id) for f in r.run(ctx)]
    return found
