"""Shared fixtures: one strict build of the real site per session (started in the background
as soon as the tests are collected), a local HTTP server, Debian's Chromium.

Tests that need a missing system package skip outside CI with a loud summary line;
under CI=true the same situation is a failure."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from kbtest import ROOT, kb_env
from kb.settings import CHROMIUM_ARGS, DEFAULT_CHROMIUM

CHROMIUM = DEFAULT_CHROMIUM
_missing_packages: set[str] = set()


def require_system(package: str, present: bool) -> None:
    """Skip (outside CI) or fail (CI=true) when a Debian package the test needs is missing."""
    if present:
        return
    _missing_packages.add(package)
    message = f"Debian package {package} is missing: run `make system-deps` (as root) first"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require_system("chromium", Path(CHROMIUM).exists())


def require_poppler() -> None:
    require_system("poppler-utils", shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None)


_terminal_notes: list[str] = []  # figures tests report (search quality, latency …)


@pytest.fixture(scope="session")
def terminal_note():
    """Call it with a line of text to have it printed in the terminal summary (also without -s)."""
    return _terminal_notes.append


def pytest_terminal_summary(terminalreporter):
    if _terminal_notes:
        terminalreporter.write_sep("-", "figures reported by the tests")
        for line in _terminal_notes:
            terminalreporter.write_line(line)
    if _missing_packages:
        terminalreporter.write_sep("!", f"SKIPPED for missing Debian packages: {', '.join(sorted(_missing_packages))} "
                                        "— install them with `make system-deps` as root", red=True, bold=True)


LAYERS = ("unit", "content", "e2e")  # fast feedback first; e2e waits for the shared build


def pytest_collection_modifyitems(config, items):
    """Run unit, then content, then e2e tests; stable within each layer."""
    def layer(item):
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        return LAYERS.index(parts[0]) if parts[0] in LAYERS else len(LAYERS)
    items.sort(key=layer)


class _BackgroundBuild:
    """A build of the real site in a subprocess, started as soon as the tests are collected,
    so that it runs on the second core while the unit and content tests run on the first."""

    def __init__(self, name: str, command, env: dict | None = None, after: "_BackgroundBuild | None" = None):
        """command: argv (run in ROOT, --site-dir appended) or a callable taking the site dir."""
        self.name, self.command, self.env, self.after = name, command, env, after
        self.site = Path(tempfile.mkdtemp(prefix=f"kb-test-{name}-")) / "site"
        self.result: subprocess.CompletedProcess | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "_BackgroundBuild":
        self._thread.start()
        return self

    def _run(self) -> None:
        if self.after is not None:
            self.after.wait()  # one build at a time: the other core runs the tests
        started = time.perf_counter()
        if callable(self.command):
            self.result = self.command(self.site)
        else:
            self.result = subprocess.run([*self.command, "--site-dir", str(self.site)], cwd=ROOT,
                                         env=kb_env(self.env), text=True, capture_output=True)
        self.seconds = time.perf_counter() - started

    def wait(self) -> subprocess.CompletedProcess:
        self._thread.join()
        return self.result

    def cleanup(self) -> None:
        self._thread.join()
        shutil.rmtree(self.site.parent, ignore_errors=True)


_builds: dict[str, _BackgroundBuild] = {}
HANDOUTS_IN_BUILD = Path(CHROMIUM).exists()  # kb build prints the handouts with chromium


def pytest_collection_finish(session):
    needed = set()
    for item in session.items:
        needed |= {"built_site", "baseline_site"} & set(getattr(item, "fixturenames", ()))
    if "built_site" in needed or "baseline_site" in needed:
        command = [sys.executable, "-m", "kb.cli", "build"] + ([] if HANDOUTS_IN_BUILD else ["--no-handouts"])
        _builds["site"] = _BackgroundBuild("site", command).start()
    if "baseline_site" in needed:  # Material's plain zh search on the same content (kb bench's baseline)
        from kb.search.bench import build_site
        _builds["baseline"] = _BackgroundBuild("baseline", functools.partial(build_site, ROOT, plain=True),
                                               after=_builds["site"]).start()


def pytest_sessionfinish(session):
    for build in _builds.values():
        build.cleanup()


def _finished(name: str) -> Path:
    build = _builds.get(name)
    assert build is not None, f"the {name} build was not started (collection hook)"
    result = build.wait()
    assert result.returncode == 0, f"the {name} build failed:\n{result.stdout}\n{result.stderr}"
    _terminal_notes.append(f"{name} build (background subprocess): {build.seconds:.1f}s")
    return build.site


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The real site, built once per test session with every check (`kb build`, handouts
    included when chromium is installed)."""
    return _finished("site")


@pytest.fixture(scope="session")
def built_site_build_output(built_site) -> str:
    """What `kb build` printed for the session's site (per-handout timings, …)."""
    return _builds["site"].result.stdout


@pytest.fixture(scope="session")
def baseline_site() -> Path:
    """The same content built with Material's plain zh search (KB_SEARCH_PLAIN=1)."""
    return _finished("baseline")


_scan_cache: dict = {}


@pytest.fixture
def memo_privacy_scan(monkeypatch):
    """kb.privacy.scan.scan_text remembered across tests: tests that plant one bad line in a copy
    of the sources run every check on ~90 files of which one changed, and the privacy scan of
    the unchanged ones is most of the time. scan_text is a pure function of its arguments, so
    the findings are the same; each distinct text is still scanned (once)."""
    from kb.privacy import scan
    real = _scan_cache.setdefault("real", scan.scan_text)

    def scan_text(*args, **kwargs):
        try:
            key = (args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:
            return real(*args, **kwargs)
        if key not in _scan_cache:
            _scan_cache[key] = real(*args, **kwargs)
        return list(_scan_cache[key])

    monkeypatch.setattr(scan, "scan_text", scan_text)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Serve the built site on 127.0.0.1 (random free port) for browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()  # close the listening socket too (else a ResourceWarning, an error here)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own download does not work here)."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
        yield b
        b.close()


class ExternalRequests(list):
    """Every request that tried to leave 127.0.0.1 (it is blocked and recorded)."""


def guarded_context(browser, **options):
    """A browser context that blocks and records every request not aimed at 127.0.0.1."""
    context = browser.new_context(locale="zh-CN", **options)
    outside = ExternalRequests()

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "file:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    return context, outside


@pytest.fixture
def page(browser):
    """A fresh browser page that blocks and records every request not aimed at 127.0.0.1."""
    context, outside = guarded_context(browser)
    pg = context.new_page()
    pg.external_requests = outside
    yield pg
    context.close()
