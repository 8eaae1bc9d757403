"""Helpers shared by the three layers of the suite (tests/ is on sys.path: pyproject's
[tool.pytest.ini_options] pythonpath), imported as `kbtest`.

- unit tests build their records in the test (tiny_data and friends below);
- content tests read the real checkout once per session (real_project);
- tests that plant bad input work on a throw-away copy (copy_sources) and run `kb` in this
  process (kb_in_process) unless they need MkDocs or a second Python (run_kb)."""
from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What `kb check` reads (the project root is the folder with mkdocs.yml).
SOURCE_PARTS = ("docs", "data", "mkdocs.yml")
# What MkDocs needs on top: the theme overrides, the macros entry point, the hooks (mkdocs.yml
# names kb/mkdocs_glue/hooks.py relative to itself and watches kb/).
BUILD_PARTS = ("overrides", "macros.py", "kb")


# ----------------------------------------------------------------------------- files

def copy_sources(target: Path, build: bool = False) -> Path:
    """A throw-away copy of the checkout's sources (docs/, data/, mkdocs.yml), plus what a
    MkDocs build needs when build=True."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SOURCE_PARTS + (BUILD_PARTS if build else ()):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, target / part)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_number(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- running kb

def kb_env(extra: dict | None = None) -> dict:
    """The environment staff have: no KB_ROOT (kb finds the checkout from the current folder)."""
    env = {k: v for k, v in os.environ.items() if k != "KB_ROOT"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra or {})
    return env


def run_kb(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the kb command the way staff do, in a subprocess (only where a second process matters)."""
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=cwd, env=kb_env(env),
                          text=True, capture_output=True)


@dataclass(frozen=True)
class KbRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def kb_in_process(*args: str, cwd: Path = ROOT) -> KbRun:
    """`kb ARGS` run by kb.cli.main in this process, standing in cwd (no KB_ROOT), with its
    output captured. The checkout is read afresh (no Project left over from an earlier call).

    main runs in a thread of its own: a test process that already drives Chromium (the session's
    `browser` fixture) has Playwright's event loop running in its main thread, and kb's own
    handout printing could not start a second Playwright there."""
    from kb.cli import main
    from kb.load import project as project_module
    project_module._PROJECTS.clear()
    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_root = os.getcwd(), os.environ.pop("KB_ROOT", None)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            with ThreadPoolExecutor(max_workers=1) as runner:
                code = runner.submit(main, list(args)).result()
    finally:
        os.chdir(old_cwd)
        if old_root is not None:
            os.environ["KB_ROOT"] = old_root
        project_module._PROJECTS.clear()
    return KbRun(code, out.getvalue(), err.getvalue())


def source_findings_of(root: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) of every source check on the checkout at root, as printed."""
    from kb.cli.check import source_findings
    from kb.load.project import Project
    from kb.settings import Settings
    errors, warnings = source_findings(Project(Settings(root=root)))
    return [str(f) for f in errors], [str(f) for f in warnings]


# ----------------------------------------------------------------------------- the real checkout

@functools.cache
def real_project():
    """The real checkout, read once per session (content tests)."""
    from kb.load.project import Project
    from kb.settings import Settings
    return Project(Settings(root=ROOT))


def real_data():
    return real_project().data


def real_pages():
    return real_project().pages


# ----------------------------------------------------------------------------- the small fixture site

FIXTURE_SITE = ROOT / "tests" / "e2e" / "fixture_site"


def fixture_site(target: Path) -> Path:
    """tests/e2e/fixture_site put together in target (see its README.md): its pages and
    mkdocs.yml, the real data/ with the fixture's short training.yml, faq.yml and triage.yml and no playbooks,
    macros.py, and a link to the real kb/ (mkdocs.yml loads kb/mkdocs_glue/hooks.py)."""
    import json
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE_SITE / "docs", target / "docs")
    shutil.copy2(FIXTURE_SITE / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "data", target / "data", ignore=shutil.ignore_patterns("playbooks"))
    shutil.copytree(FIXTURE_SITE / "data", target / "data", dirs_exist_ok=True)
    for name, listing in (("training", "modules"), ("faq", "questions")):  # the fixture's files are short
        schema_path = target / f"data/schema/{name}.schema.json"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        schema["properties"][listing]["minItems"] = 1
        schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    shutil.copy2(ROOT / "macros.py", target / "macros.py")
    (target / "kb").symlink_to(ROOT / "kb", target_is_directory=True)
    return target


# ----------------------------------------------------------------------------- PDFs (poppler-utils)

def flat(text: str) -> str:
    """pdftotext breaks lines anywhere in Chinese text: compare without any whitespace."""
    import re
    return re.sub(r"\s+", "", text)


def pdftext(pdf: Path, first: int | None = None, last: int | None = None, raw: bool = False) -> str:
    """The PDF's text; raw=True keeps the order the text was written in (a table cell's lines
    stay together instead of being interleaved with the next column's)."""
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else [])
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdffonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


# Values that sit on the edges the schemas draw: dates that do not exist or carry a newline, text
# with odd whitespace or digits from other scripts, numbers as floats, booleans, huge numbers.
ODD_VALUES = ("", "x", "abcd", "2026-02-30", "2026-11-30", "2026-11-30\n", "0000-01-01", "٢٠٢٦-١١-٣٠",
              "a.md", "a.md#x\x1cy", "a.md#x\u3000y", "county-a", "county_a\n", "A", "Z", "1.5", "30分钟",
              "0571-87654321", "(", "[a-z", 0, 1, 3, 1.0, 2.5, -5, 10 ** 20, True, False, None, [], {},
              [1, 1.0], ["a", "a"], {"extra": 1}, "很长的文字" * 40)


def mutations(value, rng, count: int):
    """`count` copies of a JSON-like value, each with one change at a random place: a value
    replaced by one of ODD_VALUES, a key dropped, or an unknown key added."""
    import copy
    places = []

    def walk(node, path):
        places.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
    walk(value, ())
    for _ in range(count):
        out = copy.deepcopy(value)
        path = rng.choice(places)
        parent, key = None, None
        node = out
        for step in path:
            parent, key, node = node, step, node[step]
        what = rng.random()
        if isinstance(node, dict) and node and what < 0.25:
            node.pop(rng.choice(list(node)))
        elif isinstance(node, dict) and what < 0.35:
            node["unknown_field"] = "x"
        elif parent is None:
            out = rng.choice(ODD_VALUES)
        else:
            parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        yield out
