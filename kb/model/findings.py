"""A finding is one problem a maintainer must fix, said in words they can act on."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    path: str          # file as shown to the maintainer (repository-relative)
    line: int | None   # 1-based line, when known
    kind: str          # short category, e.g. "schema", "citation", "privacy"
    message: str       # what is wrong and what to do
    rule: str = ""     # stable id of the rule that found it (kb.checks registry), e.g. "citation.article-exists"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tag = f" [{self.rule}]" if self.rule and self.rule != self.kind else ""
        return f"{where}: {self.kind}: {self.message}{tag}"

    def with_rule(self, rule: str) -> "Finding":
        return self if self.rule else Finding(self.path, self.line, self.kind, self.message, rule)


class FindingsError(Exception):
    """Raised when checks found problems; carries every finding, not just the first."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__(format_findings(self.findings))


def format_findings(findings: list[Finding]) -> str:
    lines = [str(f) for f in findings]
    lines.append(f"共 {len(findings)} 个问题，请按上面的提示逐一修改后重新构建。")
    return "\n".join(lines)
