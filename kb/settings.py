"""Every tunable of the kb tools, built once and passed in.

The project root is the nearest folder upward from the current directory that holds
mkdocs.yml (as git and mkdocs find theirs), so `kb` always acts on the checkout you stand in,
whichever venv it was installed into. KB_ROOT is an explicit override, read only when
Settings.discover() is called (never at import time).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Chromium as this machine runs it: no sandbox as root, no background traffic to Google.
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


class ProjectNotFound(RuntimeError):
    """No mkdocs.yml in the current folder or any folder above it."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above start that holds mkdocs.yml."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ProjectNotFound(
        f"在 {start} 及其上级目录里找不到 {CONFIG_FILE}。请先 cd 到知识库的目录（有 mkdocs.yml 的那一层）再运行 kb，"
        "或者用环境变量 KB_ROOT 指定知识库目录。")


@dataclass(frozen=True)
class Settings:
    root: Path
    chromium: Path = Path(DEFAULT_CHROMIUM)

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def schema_dir(self) -> Path:
        return self.data_dir / "schema"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @classmethod
    def discover(cls, cwd: Path | None = None, environ: dict | None = None) -> "Settings":
        """Settings for the checkout at or above cwd; KB_ROOT and KB_CHROMIUM override."""
        env = os.environ if environ is None else environ
        root = Path(env["KB_ROOT"]).resolve() if env.get("KB_ROOT") else find_root(cwd or Path.cwd())
        return cls(root=root,
                   chromium=Path(env.get("KB_CHROMIUM") or DEFAULT_CHROMIUM))

    @classmethod
    def for_config(cls, config_file: str | Path, environ: dict | None = None) -> "Settings":
        """Settings for the checkout of a given mkdocs.yml (inside MkDocs hooks and macros)."""
        env = os.environ if environ is None else environ
        return cls(root=Path(config_file).resolve().parent,
                   chromium=Path(env.get("KB_CHROMIUM") or DEFAULT_CHROMIUM))


def display(path: Path | str, root: Path | None = None) -> str:
    """Path as staff should see it in a message: relative to the repository when possible."""
    if root is None:
        return str(path)
    path, root = Path(path), Path(root)
    if path.is_absolute() and root.is_absolute() and ".." not in path.parts:
        try:  # the common case, without asking the file system (resolve) for every file
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
