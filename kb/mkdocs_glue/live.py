"""Live preview (`mkdocs serve --dirty`): after a save, rebuild only the pages that depend on it.

MkDocs' dirty build rebuilds a Markdown page when its file is newer than its built page. What it
cannot see is a page that shows data: {{ deadline("x") }} on forty pages, a playbook page made
from data/playbooks/<id>.yml. So, per page, every macro call made while rendering it is recorded
with its result (record()); on the next rebuild each recorded call is made again with the new
data, and a page whose calls now give a different result is rebuilt too (dirty_pages()). A change
that reaches every page (glossary tooltips, the nav, the site config) rebuilds every page.
Generated playbook pages are rebuilt when their content changes.

The search index is built from every page in the site folder after each build, rebuilt or not
(kb.search.index). This module keeps its state across the rebuilds of one serve process (the
hooks module itself is loaded afresh for every build)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class LiveState:
    dirty: bool = False                  # this process serves with --dirty
    calls: dict[str, dict[tuple, Any]] = field(default_factory=dict)   # page src → {(macro, args, kwargs): result}
    current: dict[str, dict[tuple, Any]] = field(default_factory=dict)  # calls recorded in this build
    generated: dict[str, str] = field(default_factory=dict)   # generated page src → content last built
    signature: Any = None                # what every page shows: nav titles, glossary, config
    rebuilt: set[str] = field(default_factory=set)  # pages rebuilt by this build
    terms: dict[str, Any] = field(default_factory=dict)        # glossary term → record, last build
    term_names: dict[str, set[str]] = field(default_factory=dict)  # page src → glossary names in its text
    templates: Any = None                # compiled theme templates, kept across rebuilds
    extracted: dict[str, Any] = field(default_factory=dict)   # site path → search extraction of its last build
    later: Any = None                    # the thread finishing the last rebuild (search index), if any
    data: Any = None                     # the data of the last build (KbData)


STATE = LiveState()


def start(dirty: bool) -> None:
    global STATE
    STATE = LiveState(dirty=dirty)


def _key(value: Any) -> Any:
    """A hashable form of macro arguments (lists, dicts from a page's Jinja call)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    return value


def recording(name: str, func: Callable, page_src: Callable[[], str | None]) -> Callable:
    """func, recording each call (and its result) under the page being rendered."""
    def call(*args, **kwargs):
        result = func(*args, **kwargs)
        src = page_src()
        if src:
            STATE.current.setdefault(src, {})[(name, _key(args), _key(kwargs))] = (args, kwargs, result)
        return result
    call.__name__ = getattr(func, "__name__", name)
    call.__doc__ = getattr(func, "__doc__", None)
    return call


def names_in(html: str, terms) -> set[str]:
    """The glossary names (terms and aliases) a page's text contains: its tooltips come from these."""
    return {n for t in terms for n in (t.term, *t.aliases) if n and n in html}


def term_changes(terms) -> set[str]:
    """Names of the glossary terms that were added, removed or changed since the last build."""
    new = {t.term: t for t in terms}
    changed = set()
    for key in set(new) | set(STATE.terms):
        old, now = STATE.terms.get(key), new.get(key)
        if old != now:
            changed.update(n for t in (old, now) if t is not None for n in (t.term, *t.aliases))
    STATE.terms = new
    return changed


def template_cache():
    """A jinja2 bytecode cache in memory: the theme's templates are compiled once per serve
    process, not on every rebuild (jinja2 recompiles a template whose source changed)."""
    if STATE.templates is None:
        import jinja2

        class MemoryCache(jinja2.BytecodeCache):
            def __init__(self):
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket):
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket):
                self.store[bucket.key] = bucket.bytecode_to_string()

        STATE.templates = MemoryCache()
    return STATE.templates


def dirty_pages(macros: dict[str, Callable], sources: list[str]) -> set[str]:
    """Pages (of `sources`) whose recorded macro calls give another result with the new data."""
    out = set()
    for src in sources:
        for (name, _, _), (args, kwargs, result) in STATE.calls.get(src, {}).items():
            func = macros.get(name)
            try:
                again = func(*args, **kwargs) if func else None
            except Exception:  # noqa: BLE001 - the page will show the error when it is rebuilt
                again = object()
            if again != result:
                out.add(src)
                break
    return out


def finish_build(rebuilt: set[str]) -> None:
    """After a build: the calls of the pages rendered in it replace their old ones."""
    for src in rebuilt:
        STATE.calls[src] = STATE.current.get(src, {})
    STATE.current = {}


def after_reload(work: Callable[[], None], failed: Callable[[str], None]) -> None:
    """Run work in the background once the browser has the rebuilt pages (mkdocs serve --dirty:
    the search index of the whole site, which a save changes only a little); failed(message)
    when it raises. The next rebuild waits for it first (wait_for_later)."""
    import threading
    wait_for_later()

    def run():
        try:
            work()
        except Exception as err:  # noqa: BLE001 - shown in the terminal and in the browser, never a traceback
            failed(str(err))
    STATE.later = threading.Thread(target=run, name="kb-search-index", daemon=True)
    STATE.later.start()


def wait_for_later() -> None:
    if STATE.later is not None:
        STATE.later.join()
        STATE.later = None
