"""The site pass in worker processes: MkDocs hands each page over as soon as it is written and
goes on rendering the next one, while the workers check it (kb.sitepass.page). The rules and
lists go to each worker once, when it starts; a page costs one message of its text.

One process per processor, forked (the workers inherit what is loaded: rules, lists, the name
dictionary); with one processor, or when asked (mkdocs serve, where a fork beside the file-watcher
threads is not safe, and a dirty rebuild is a few pages anyway), everything runs inline."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

from kb.gate.rules import Rules
from kb.model.privacy_lists import Lists
from kb.sitepass.page import PagePass, pass_page

_WORKER: dict = {}   # in a worker: the rules and lists of this build


def _init(rules: Rules, lists: Lists | None, search: bool) -> None:
    _WORKER.update(rules=rules, lists=lists, search=search)
    os.nice(NICE)


# Workers yield to the MkDocs process: it renders the pages they check, so on a busy machine it
# goes first and they take the time it leaves (after the build they have the machine to themselves).
NICE = 10


def _page(rel: str, html: str) -> PagePass:
    return pass_page(rel, html, _WORKER["rules"], _WORKER["lists"], _WORKER["search"])


class _Done:
    """A result computed inline, with the Future interface the caller uses."""
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class SitePass:
    def __init__(self, rules: Rules, lists: Lists | None, search: bool = True, workers: int | None = None):
        self.rules, self.lists, self.search = rules, lists, search
        self.pages: dict[str, Future | _Done] = {}
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.pool = None   # started on first use: a build that stops at the source checks forks nothing

    @property
    def parallel(self) -> bool:
        return self.workers > 1

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            from kb.privacy.names import _dictionary
            _dictionary()  # read once here, shared by the forked workers
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_init, initargs=(self.rules, self.lists, self.search))
        return self.pool

    def page(self, rel: str, html: str) -> None:
        """Check a built page (in the background when there are workers)."""
        if self.parallel:
            self.pages[rel] = self._pool().submit(_page, rel, html)
        else:
            self.pages[rel] = _Done(pass_page(rel, html, self.rules, self.lists, self.search))

    def call(self, func: Callable, *args) -> Future | _Done:
        """Any other work of the build (a module-level function and picklable arguments)."""
        if self.parallel:
            return self._pool().submit(func, *args)
        return _Done(func(*args))

    def map(self, func: Callable, chunks: list, *args) -> list:
        """func(chunk, *args) for every chunk, results in order."""
        return [f.result() for f in [self.call(func, chunk, *args) for chunk in chunks]]

    def results(self) -> dict[str, PagePass]:
        return {rel: future.result() for rel, future in sorted(self.pages.items())}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
