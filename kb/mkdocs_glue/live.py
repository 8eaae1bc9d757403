"""Live preview (`mkdocs serve --dirty`): after a save, rebuild only the pages that depend on it.

MkDocs' dirty build rebuilds a Markdown page when its file is newer than its built page. What it
cannot see is a page that shows data: {{ deadline("x") }} on forty pages, a playbook page made
from data/playbooks/<id>.yml. So, per page, every macro call made while rendering it is recorded
with its result (record()); on the next rebuild each recorded call is made again with the new
data, and a page whose calls now give a different result is rebuilt too (dirty_pages()). A change
that reaches every page (glossary tooltips, the nav, the site config) rebuilds every page.
Generated playbook pages are rebuilt when their content changes.

A change that reaches many pages (one deadline shown on 650 of 1,000 pages) would keep the editor
waiting for all of them. So such a build renders first the pages open in a browser (the Referer of
the live-reload polls, kb/mkdocs_glue/preview_server.py) and the saved ones, and the browser
reloads; the rest are rendered right after by a follow-up build in the background (follow_up()),
which the next save stops and takes over. Until a page is rebuilt and checked, the server answers
for it with a short "being rebuilt" page that refreshes itself: never the page with the old data.

The search index is built from every page in the site folder after each build, rebuilt or not
(kb.search.index). This module keeps its state across the rebuilds of one serve process (the
hooks module itself is loaded afresh for every build)."""
from __future__ import annotations

import gc
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
    pending: dict[str, str] = field(default_factory=dict)  # page src → site path, left for the follow-up build
    pending_urls: frozenset[str] = frozenset()       # those site paths (what the server must not show)
    builder: Callable[[], None] | None = None        # mkdocs serve's builder (on_serve): the follow-up runs it
    open_pages: dict[str, float] = field(default_factory=dict)  # site path → when a browser last showed it
    following: bool = False              # this build is the follow-up build
    cancel: bool = False                 # a new save is waiting: the follow-up build stops


STATE = LiveState()


def start(dirty: bool) -> None:
    global STATE
    gc.unfreeze()  # what an earlier serve froze (settle_memory) is collectable again
    STATE = LiveState(dirty=dirty)


FIRST_BATCH = 8        # a build that reaches more pages than this renders the open and saved ones first
OPEN_SECONDS = 120     # a page counts as open when a browser showed it (or polled from it) this recently
MAX_OPEN_FIRST = 4     # at most this many open pages go first (each costs about as much as a saved page)


def first_batch(dirty: set[str], saved: set[str], open_pages: list[str], limit: int = FIRST_BATCH) -> set[str]:
    """The pages to render now, of the `dirty` ones: all of them when they are few or nobody is
    looking; else the saved pages and the open ones (most recently shown first)."""
    if len(dirty) <= limit:
        return set(dirty)
    looking = [src for src in open_pages if src in dirty][:MAX_OPEN_FIRST]
    if not looking:
        return set(dirty)
    return (saved & dirty) | set(looking)


def set_pending(pages: dict[str, str]) -> None:
    """The pages (src → site path) that wait for the follow-up build; the server holds them back."""
    STATE.pending = dict(pages)
    STATE.pending_urls = frozenset(pages.values())


def after_error() -> None:
    """Every page of the served folder was replaced by the error message: the next build rebuilds
    every page (the open ones first, as for any big change), and no page is held back meanwhile,
    so that each one shows the error until then."""
    STATE.signature = "every page shows an error"  # equal to no real signature, and not None (a first build)
    set_pending({})


def recently_open(now: float) -> list[str]:
    """Site paths shown in a browser within OPEN_SECONDS, the most recent first."""
    seen = dict(STATE.open_pages)
    return [path for path, when in sorted(seen.items(), key=lambda kv: -kv[1]) if now - when <= OPEN_SECONDS]


class Cancelled(Exception):
    """Raised inside the follow-up build when a new save is waiting; not an error."""
    MARK = "预览：有新的保存，后台重建先停下，由下一次构建接着做"

    def __init__(self):
        super().__init__(self.MARK)


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


def after_reload(work: Callable[[], None] | None, failed: Callable[[str], None]) -> None:
    """Run work in the background once the browser has the rebuilt pages (mkdocs serve --dirty:
    the search index of the whole site, which a save changes only a little), then the follow-up
    build of the pages left pending; failed(message) when it raises. The next rebuild waits for
    it first (wait_for_later)."""
    import threading
    wait_for_later()

    def run():
        try:
            if work is not None:
                work()
        except Exception as err:  # noqa: BLE001 - shown in the terminal and in the browser, never a traceback
            failed(str(err))
            return
        follow_up()
        if not STATE.cancel:  # a save is waiting: its own rebuild settles memory after itself
            settle_memory()
    STATE.later = threading.Thread(target=run, name="kb-after-reload", daemon=True)
    STATE.later.start()


def settle_memory() -> None:
    """After a rebuild, once the browser has it: collect what the last builds left behind, then
    freeze what is left (gc.freeze), so that the collector's full passes during the next rebuild
    walk only what that rebuild makes. At 5,000 pages the process holds some 3 GB of objects, and a
    full pass over them took about 2 s of a page-edit rebuild. Unfrozen first, so nothing that
    became garbage since stays."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def follow_up() -> None:
    """The pages left pending, rendered by one more dirty build (mkdocs serve's own builder, in
    this background thread: the server keeps answering meanwhile). A new save stops it (Cancelled);
    the pages it did not finish stay pending for the next build."""
    if not STATE.pending or STATE.builder is None or STATE.cancel:
        return
    import logging
    quiet = _QuietCancel()
    handlers = logging.getLogger().handlers + logging.getLogger("mkdocs").handlers
    for handler in handlers:
        handler.addFilter(quiet)
    STATE.following = True
    try:
        STATE.builder()
    except Exception:  # noqa: BLE001 - Cancelled; else the build has shown its error (terminal and browser)
        pass
    finally:
        STATE.following = False
        for handler in handlers:
            handler.removeFilter(quiet)


class _QuietCancel:
    """Drops MkDocs' "Error building page …" line for a follow-up build stopped by a new save."""
    def filter(self, record) -> bool:
        return Cancelled.MARK not in record.getMessage()


def check_cancelled() -> None:
    """In the follow-up build: stop when a new save is waiting (called before each page)."""
    if STATE.following and STATE.cancel:
        raise Cancelled()


def wait_for_later(stop: bool = True) -> None:
    """Before a build: the last one's background work is finished (a follow-up build stopped at
    its next page, unless stop=False). Never waits for itself (the follow-up runs in that thread)."""
    import threading
    later = STATE.later
    if later is None or later is threading.current_thread():
        return
    STATE.cancel = stop
    later.join()
    STATE.later = None
    STATE.cancel = False
