"""Shared fixtures: one strict build per session, a local HTTP server, Debian's Chromium.

Tests that need a missing system package skip outside CI with a loud summary line;
under CI=true the same situation is a failure."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
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


def run_kb(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the kb command the way staff do, in a subprocess."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=cwd, env=full_env,
                          text=True, capture_output=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with every check (kb build)."""
    site = tmp_path_factory.mktemp("site")
    result = run_kb("build", "--site-dir", str(site))
    assert result.returncode == 0, f"kb build failed:\n{result.stdout}\n{result.stderr}"
    return site


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
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
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


REPO_PARTS = ("docs", "data", "kb", "overrides", "macros.py", "mkdocs.yml")


def copy_repo(target: Path) -> Path:
    """A throw-away copy of the sources, for tests that plant bad input.
    Running `python -m kb.cli` / `python -m mkdocs` with cwd=target imports target/kb."""
    target.mkdir(parents=True, exist_ok=True)
    for part in REPO_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    return copy_repo(tmp_path / "repo")
