"""A page that tries to run a command stops `kb check`, `kb build` and a plain MkDocs build
with the file, the line and what is allowed, and the command never runs (in-process)."""
from pathlib import Path

from kbtest import copy_sources, kb_in_process

from kb.checks.macros import allowed_text
from kb.model.macros import MACRO_NAMES


def test_code_in_a_page_stops_every_build_and_never_runs(tmp_path):
    repo = copy_sources(tmp_path / "repo", build=True)
    marker = tmp_path / "ran"
    page = repo / "docs/procedures/acceptance.md"
    text = page.read_text(encoding="utf-8")
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    page.write_text(text + "\n" + payload + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    expected = (f"docs/procedures/acceptance.md:{line}: macro: 不允许的宏写法：访问属性或下标（. 或 [ ]）。"
                + allowed_text(MACRO_NAMES))

    run = kb_in_process("check", cwd=repo)
    assert run.returncode == 1 and expected in run.stderr
    site = tmp_path / "site"
    run = kb_in_process("build", "--no-handouts", "--site-dir", str(site), cwd=repo)
    assert run.returncode == 1 and expected in run.stderr
    assert not site.exists()

    # plain `mkdocs build` (what `mkdocs serve` runs on every save): the hooks stop it
    from kb.load.project import Project
    from kb.mkdocs_glue.build import strict_build
    from kb.settings import Settings
    result = strict_build(Project(Settings(root=repo)), tmp_path / "mkdocs-site")
    assert not result.ok and expected in result.log
    assert not marker.exists(), "the command in the page ran"
