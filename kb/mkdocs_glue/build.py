"""The strict MkDocs build, in this process, with its log captured for explanation.

In-process, so that `kb build` reads data and pages once and runs the source checks once: the
hooks find the Project that `kb build` has already loaded and checked."""
from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kb.load.project import Project


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    log: str      # every WARNING/ERROR line MkDocs and its plugins wrote, plus the final error
    sections: tuple = ()   # (nav section title, (page src, …)) in nav order, generated pages included


def nav_sections(nav) -> tuple:
    """Top-level nav sections of the finished config (after the hooks added the playbook pages)."""
    def srcs(entry):
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            for v in entry.values():
                yield from srcs(v)
        elif isinstance(entry, list):
            for v in entry:
                yield from srcs(v)
    out = []
    for entry in nav or ():
        if isinstance(entry, dict) and len(entry) == 1:
            title, value = next(iter(entry.items()))
            if isinstance(value, list):
                out.append((str(title), tuple(s for s in srcs(value) if s.endswith(".md"))))
    return tuple(out)


def strict_build(project: Project, site_dir: Path, site_pass=None) -> BuildResult:
    """mkdocs build --strict --clean into site_dir, for the checkout of project. site_pass: the
    workers (kb.sitepass.pool.SitePass) the hooks hand each built page to; else they start their own."""
    from kb.mkdocs_glue.serving import STATE
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    from kb.search.glossary import jieba
    jieba()  # imported quietly first: no pkg_resources warning, no "Building prefix dict" chatter
    project.hold = True  # the hooks use what is loaded (and checked) instead of reading it again
    STATE["site_pass"] = site_pass
    error = ""
    sections: tuple = ()
    try:
        config = load_config(config_file=str(project.settings.config_file), site_dir=str(site_dir), strict=True)
        build(config)
        sections = nav_sections(config.nav)
    except (MkDocsException, SystemExit) as err:  # mkdocs-macros exits on a failing macro
        error = str(err)
    except Exception as err:  # noqa: BLE001 - a plugin's own exception: report it, never a traceback
        error = f"{type(err).__name__}: {err}"
    finally:
        project.hold = False
        if STATE.pop("own_pass", False) and STATE.get("site_pass") is not None:
            STATE["site_pass"].close()  # the hooks' own, left by a build that stopped half-way
        STATE["site_pass"] = None
        logger.removeHandler(handler)
    log = stream.getvalue() + (f"ERROR -  {error}\n" if error else "")
    return BuildResult(ok=not error, log=log, sections=sections)


def config_sections(project: Project) -> tuple:
    """The nav sections without building (for `kb handouts --site-dir` on a finished site)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from kb.render.playbooks import playbook_nav
    config = load_config(config_file=str(project.settings.config_file))
    return nav_sections(playbook_nav(config.nav, project.data))
