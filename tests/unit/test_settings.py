"""The project root is the nearest folder upward with mkdocs.yml: two checkouts that share one
venv each check their own files (KB_ROOT only as an explicit override)."""
import subprocess
import sys

import pytest

from kb.settings import ProjectNotFound, Settings
from kbtest import append, copy_sources, kb_env, line_number


def test_discover_finds_the_nearest_mkdocs_yml_upward(tmp_path):
    outer = tmp_path / "outer"
    inner = outer / "nested" / "checkout"
    for root in (outer, inner):
        (root / "docs" / "procedures").mkdir(parents=True)
        (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert Settings.discover(cwd=inner / "docs" / "procedures", environ={}).root == inner.resolve()
    assert Settings.discover(cwd=outer / "nested", environ={}).root == outer.resolve()
    assert Settings.discover(cwd=outer / "docs", environ={}).root == outer.resolve()
    assert Settings.discover(cwd=inner, environ={"KB_ROOT": str(outer)}).root == outer.resolve()  # override
    with pytest.raises(ProjectNotFound, match="mkdocs.yml"):
        Settings.discover(cwd=tmp_path, environ={})


def test_two_checkouts_sharing_one_venv_each_check_their_own_files(tmp_path):
    good = copy_sources(tmp_path / "good")
    broken = copy_sources(tmp_path / "broken")
    page = broken / "docs/reference/deadlines.md"
    append(page, "\n依据第99条办理。\n")
    line = line_number(page, "第99条")
    env = kb_env()  # no KB_ROOT: each run finds its checkout from where it stands
    runs = {name: subprocess.Popen([sys.executable, "-m", "kb.cli", "check"], cwd=cwd, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name, cwd in (("good", good), ("broken", broken / "docs" / "procedures"))}  # from a subfolder too
    out = {name: (*p.communicate(), p.returncode) for name, p in runs.items()}

    stdout, stderr, code = out["broken"]
    assert code == 1, stdout + stderr
    assert f"docs/reference/deadlines.md:{line}: citation: “第99条” 不存在" in stderr, stderr
    stdout, stderr, code = out["good"]
    assert code == 0, stdout + stderr
    assert f"kb check: {good.resolve()} 的" in stdout and "全部通过" in stdout, stdout
