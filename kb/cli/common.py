"""What every `kb` subcommand shares: exit codes, the project of the current folder, reporting."""
from __future__ import annotations

import sys

from kb.model.findings import format_findings
from kb.load.project import Project, project_for
from kb.settings import ProjectNotFound, Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A usage problem worded for staff (exit 2)."""


def current_project() -> Project:
    """The checkout at or above the current folder (KB_ROOT overrides)."""
    try:
        return project_for(Settings.discover())
    except ProjectNotFound as err:
        raise UsageError(str(err)) from None


def report(findings) -> int:
    if findings:
        print(format_findings(findings), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def problem_lines(log: str, project: Project) -> str:
    """The plain-language explanation first, then MkDocs' own WARNING/ERROR lines."""
    from kb.mkdocs_glue.buildlog import explain
    noise = ("INFO", "DEBUG", "Building prefix dict", "Loading model", "Prefix dict", "Dumping model")
    keep = [line for line in log.splitlines() if line.strip() and not line.startswith(noise)]
    return "\n".join(explain(log, project.settings.docs_dir) + ["", "MkDocs 原始输出："] + keep) + "\n"
