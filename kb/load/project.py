"""One checkout, read once: its data records, its pages and the files they came from.

Everything that needs data or pages (checks, macros, hooks, search tuning, handouts, the CLI)
asks the Project; nothing reads data/ or docs/ a second time. `mkdocs serve` calls
invalidate() before each rebuild, so edits to data, schemas, pages and the glossary (and with it
the jieba dictionary) all show on the next reload.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from kb.model.context import Context
from kb.model.macros import MACRO_NAMES
from kb.model.files import SKIP_DIRS, docs_file_kind, file_format
from kb.model.findings import Finding, FindingsError
from kb.model.page import Page
from kb.model.records import KbData
from kb.load.data import build_data, read_data_files
from kb.load.pages import read_pages
from kb.load.schemas import FRONT_MATTER_SCHEMA, SchemaRegistry
from kb.load.sources import SourceFile
from kb.load.walk import files_under
from kb.load.yamlio import read_text, read_text_any
from kb.settings import Settings, display


class Project:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.checked = False  # the source checks ran on what is loaded now (kb build runs them once)
        self.hold = False     # kb build: MkDocs hooks keep what is loaded instead of re-reading it

    def show(self, path: Path | str) -> str:
        return display(path, self.settings.root)

    @cached_property
    def schemas(self) -> SchemaRegistry:
        return SchemaRegistry(self.settings.schema_dir)

    @cached_property
    def _data_files(self) -> tuple[dict[str, SourceFile], list[Finding]]:
        return read_data_files(self.settings.data_dir, self.schemas, self.show)

    @property
    def sources(self) -> dict[str, SourceFile]:
        """Every data file that could be read: shown path → source."""
        return self._data_files[0]

    @property
    def data_problems(self) -> list[Finding]:
        """YAML and schema problems: with any of them, no records are built."""
        return self._data_files[1]

    @cached_property
    def data(self) -> KbData:
        """The validated records. Raises FindingsError when a data file is unreadable or invalid."""
        if self.data_problems:
            raise FindingsError(self.data_problems)
        return build_data(self.sources, self.show(self.settings.data_dir))

    @cached_property
    def _pages(self) -> tuple[list[Page], list[Finding]]:
        return read_pages(self.settings.docs_dir, self.show)

    @property
    def pages(self) -> list[Page]:
        return self._pages[0]

    def page_of(self, src: str) -> Page | None:
        """The page loaded from docs/<src>, or None."""
        by_src = self.__dict__.get("_by_src")
        if by_src is None or by_src[0] is not self.pages:
            by_src = self.__dict__["_by_src"] = (self.pages, {p.src: p for p in self.pages})
        return by_src[1].get(src)

    @property
    def page_problems(self) -> list[Finding]:
        return self._pages[1]

    @cached_property
    def _texts(self) -> dict[str, str]:
        """shown path → text of the pages and data files already read."""
        out = {p.shown: p.text for p in self.pages if p.text}
        out.update({src.shown: src.text for src in self.sources.values()})
        return out

    def text_of(self, path: Path, shown: str) -> str:
        """Text of a file, from what was already read where possible (pages, data files)."""
        return self._texts.get(shown) or read_text(path, shown)

    def scan_texts(self) -> dict[str, str]:
        """shown path → text of every file under docs/ and data/ that the privacy guard reads
        (pages and data files from what was already read; other files under docs/ in whatever
        encoding they are)."""
        return self._scan_files[0]

    @property
    def unscanned_files(self) -> dict[str, str]:
        """shown path → why the guard cannot read it (a file under docs/ of an unknown type)."""
        return self._scan_files[1]

    @cached_property
    def _scan_files(self) -> tuple[dict[str, str], dict[str, str]]:
        texts, unscanned = {}, {}
        for folder in (self.settings.docs_dir, self.settings.data_dir):
            in_docs = folder == self.settings.docs_dir
            shown_folder = self.show(folder)
            for rel in (files_under(folder) if Path(folder).is_dir() else ()):
                if SKIP_DIRS & set(rel.split("/")[:-1]):
                    continue
                path, shown = Path(folder) / rel, f"{shown_folder}/{rel}"
                if file_format(path):
                    try:
                        texts[shown] = self.text_of(path, shown)
                        continue
                    except FindingsError:
                        if not in_docs:
                            continue  # not UTF-8: reported by the loader where it matters
                if not in_docs:
                    continue
                kind = docs_file_kind(path)
                if kind == "binary":
                    continue
                read = read_text_any(path) if kind == "text" or file_format(path) else None
                if read is None:
                    unscanned[shown] = "unknown" if kind == "unknown" else "binary"
                else:
                    texts[shown] = read[0]
        return texts, unscanned

    def context(self, today=None) -> Context:
        """What the source checks look at. Raises FindingsError when data cannot be loaded."""
        return Context(data=self.data, pages=self.pages, sources=self.sources, texts=self.scan_texts(),
                       frontmatter_validator=self.schemas.validator(FRONT_MATTER_SCHEMA), macro_names=MACRO_NAMES,
                       unscanned=self.unscanned_files,
                       **({"today": today} if today else {}))

    def invalidate(self) -> None:
        """Forget everything read (before a `mkdocs serve` rebuild)."""
        for name in ("schemas", "_data_files", "data", "_pages", "_texts", "_scan_files"):
            self.__dict__.pop(name, None)
        self.checked = False


_PROJECTS: dict[Path, Project] = {}


def project_for(settings: Settings) -> Project:
    """The shared Project of a checkout (hooks, macros and the CLI of one process use the same)."""
    project = _PROJECTS.get(settings.root)
    if project is None or project.settings != settings:
        project = _PROJECTS[settings.root] = Project(settings)
    return project
