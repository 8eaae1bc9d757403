"""Shared fixtures of the three layers (tests/unit, tests/content, tests/e2e; helpers in
tests/kbtest.py): one `kb build` of the real site per session and one `kb handouts` run over it,
started in the background as soon as the tests are collected (they run beside the unit and
content tests; once per session also under pytest-xdist), a local HTTP server, Debian's Chromium.

Tests that need a missing system package skip outside CI with a loud summary line;
under CI=true the same situation is a failure."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kbtest import ROOT, kb_env
from kb.bench.browser import LocalServer
from kb.settings import CHROMIUM_ARGS, DEFAULT_CHROMIUM

CHROMIUM = DEFAULT_CHROMIUM
_missing_packages: set[str] = set()


def require_system(package: str, present: bool) -> None:
    """Skip (outside CI) or fail (CI=true) when a Debian package the test needs is missing."""
    if present:
        return
    _unsent.append((MISSING, package))
    message = f"Debian package {package} is missing: run `make system-deps` (as root) first"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require_system("chromium", Path(CHROMIUM).exists())


def require_poppler() -> None:
    require_system("poppler-utils", shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None)


# Figures tests report (search quality, latency …) and missing Debian packages travel on each
# test's report (user_properties), so that under pytest-xdist they reach the controller, which prints them.
_unsent: list[tuple[str, str]] = []
_terminal_notes: list[str] = []
NOTE, MISSING = "kb-note", "kb-missing"


@pytest.fixture(scope="session")
def terminal_note():
    """Call it with a line of text to have it printed in the terminal summary (also without -s)."""
    return lambda line: _unsent.append((NOTE, line))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().user_properties.extend(_unsent)
    _unsent.clear()


def pytest_runtest_logreport(report):
    for key, value in report.user_properties:
        if key == NOTE and value not in _terminal_notes:
            _terminal_notes.append(value)
        elif key == MISSING:
            _missing_packages.add(value)


def pytest_terminal_summary(terminalreporter):
    if _terminal_notes:
        terminalreporter.write_sep("-", "figures reported by the tests")
        for line in _terminal_notes:
            terminalreporter.write_line(line)
    if _missing_packages:
        terminalreporter.write_sep("!", f"SKIPPED for missing Debian packages: {', '.join(sorted(_missing_packages))} "
                                        "— install them with `make system-deps` as root", red=True, bold=True)


LAYERS = ("unit", "content", "e2e")  # fast feedback first; e2e waits for the shared build
# Within a layer, files whose tests need no background job come first, then those that need the
# site, then those that need the handouts: a test process does not sit waiting for a job while
# other tests could run (under xdist each file goes to one worker, in this order). Among equals,
# files with more tests go first, so that a long file does not start last.
JOB_NEEDS = {"built_site": 1, "site_url": 1, "handouts_run": 2, "handouts": 2}


def pytest_collection_modifyitems(config, items):
    """Run unit, then content, then e2e tests; in each layer, by what they wait for (stable)."""
    def layer(item):
        try:
            parts = Path(item.path).resolve().relative_to(ROOT / "tests").parts
        except ValueError:
            parts = ("",)
        return LAYERS.index(parts[0]) if parts[0] in LAYERS else len(LAYERS)
    waits: dict[Path, int] = {}
    tests: dict[Path, int] = {}
    for item in items:
        need = max((JOB_NEEDS.get(name, 0) for name in getattr(item, "fixturenames", ())), default=0)
        waits[item.path] = max(waits.get(item.path, 0), need)
        tests[item.path] = tests.get(item.path, 0) + 1
    # files with more tests first among equals, so that a long file does not start last (the tail)
    items.sort(key=lambda item: (layer(item), waits[item.path], -tests[item.path]))


# ----------------------------------------------------------------------------- background jobs
# One `kb build` of the real site and one `kb handouts` over it per session, in subprocesses
# started as soon as the tests are collected, so they run beside the first tests. Under
# pytest-xdist (`make test` runs two workers) the jobs are still run once: the controller picks
# one folder for the session (passed to the workers in workerinput), the first process to finish
# collecting starts the jobs, and every process waits for a job's result file there.

_JOBS_DIR: Path | None = None  # the session's folder: made by the controller (or the only process), known to every worker


class _XdistController:
    def pytest_configure_node(self, node):
        node.workerinput["kb_jobs_dir"] = str(_JOBS_DIR)


def pytest_configure(config):
    global _JOBS_DIR
    if hasattr(config, "workerinput"):  # an xdist worker: the controller chose the folder
        _JOBS_DIR = Path(config.workerinput["kb_jobs_dir"])
        return
    _JOBS_DIR = Path(tempfile.mkdtemp(prefix="kb-test-jobs-"))
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistController(), "kb-jobs-dir")


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and _JOBS_DIR is not None:
        shutil.rmtree(_JOBS_DIR, ignore_errors=True)  # every process is done with the site by now


class _Background:
    """One job on the real site in a subprocess, run by a thread of the process that started
    it; jobs run one after the other (after=). Its folder and its result file (<name>.json:
    returncode, stdout, stderr, seconds) are in the session's jobs folder."""

    def __init__(self, name: str, run, after: "_Background | None" = None):
        """run(job) → CompletedProcess, in a thread; job.folder is its own folder."""
        self.name, self.run, self.after = name, run, after
        self.folder = job_folder(name)
        self.folder.mkdir()
        self.cancelled = False
        self.returncode: int | None = None  # once the job has run
        self.proc: subprocess.Popen | None = None  # the kb subprocess, while it runs
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self.after is not None:
            self.after.wait()
        started = time.perf_counter()
        if self.cancelled:
            result = subprocess.CompletedProcess([self.name], 1, "", "cancelled: the session ended first")
        else:
            try:
                result = self.run(self)
            except Exception as err:  # noqa: BLE001 - reported by the fixture that waits for it
                result = subprocess.CompletedProcess([self.name], 1, "", repr(err))
        self.returncode = result.returncode
        _write_whole(_JOBS_DIR / f"{self.name}.json",
                     {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr,
                      "seconds": time.perf_counter() - started})

    def wait(self) -> None:
        self._thread.join()

    def kb(self, *args: str) -> subprocess.CompletedProcess:
        """`kb ARGS` in the real checkout, as a subprocess that stop() can end."""
        self.proc = subprocess.Popen([sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=kb_env(), text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = self.proc.communicate()
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, out, err)

    def finish(self, stop: bool) -> None:
        """At the end of this process's tests: wait for the job (another worker may still need
        it), or with stop (an interrupted or -x session) end its subprocess first."""
        if stop and self._thread.is_alive() and self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        self.wait()


def _write_whole(path: Path, value) -> None:
    """Write JSON so that a process waiting for path sees all of it or nothing (rename)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    part.rename(path)


def job_folder(name: str) -> Path:
    return _JOBS_DIR / name


_jobs: dict[str, _Background] = {}  # the jobs this process started
SESSION_FIXTURES = ("built_site", "handouts", "handouts_run")
PLAN = "plan.json"  # the jobs of this session, written by the process that started them


def pytest_collection_finish(session):
    needed = set()
    for item in session.items:
        needed |= set(SESSION_FIXTURES) & set(getattr(item, "fixturenames", ()))
    if not needed or session.config.option.collectonly:
        return
    try:  # the first process to get here starts the jobs
        os.close(os.open(_JOBS_DIR / "started", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return
    # 1. the real site, every check (`kb build`); the handouts are printed by step 2
    site = _jobs["site"] = _Background("site", lambda job: job.kb("build", "--no-handouts", "--site-dir",
                                                                  str(job.folder / "site")))
    if needed & {"handouts", "handouts_run"} and Path(CHROMIUM).exists():
        # 2. the training handouts from that site, as `kb handouts --site-dir` prints them
        def handouts(job):
            built = site.folder / "site"
            if site.returncode != 0:
                return subprocess.CompletedProcess([job.name], 1, "", "the site job failed")
            return job.kb("handouts", "--site-dir", str(built), "--out", str(built / "handouts"))
        _jobs["handouts"] = _Background("handouts", handouts, after=site)
    _write_whole(_JOBS_DIR / PLAN, sorted(_jobs))


def pytest_sessionfinish(session, exitstatus):
    stop = exitstatus == pytest.ExitCode.INTERRUPTED or bool(session.shouldstop or session.shouldfail)
    if stop:
        for job in _jobs.values():  # none may start any more (a later job waits for an earlier one)
            job.cancelled = True
    for job in _jobs.values():
        job.finish(stop)


@dataclass
class JobResult:
    name: str
    folder: Path
    seconds: float
    result: subprocess.CompletedProcess


def _wait_for_file(path: Path, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{what} did not appear within {seconds:.0f} s ({path})"
        time.sleep(0.2)


def _finished(name: str) -> JobResult:
    """Wait (in any process of the session) until the background job has written its result."""
    _wait_for_file(_JOBS_DIR / PLAN, "the plan of the background jobs (pytest_collection_finish)", 120)
    planned = json.loads((_JOBS_DIR / PLAN).read_text(encoding="utf-8"))
    assert name in planned, f"the background job {name} was not started (pytest_collection_finish)"
    _wait_for_file(_JOBS_DIR / f"{name}.json", f"the result of the background job {name}", 900)
    result = json.loads((_JOBS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert result["returncode"] == 0, \
        f"the background job {name} failed:\n{result['stdout']}\n{result['stderr']}"
    _unsent.append((NOTE, f"{name}: {result['seconds']:.1f}s in a background subprocess"))
    return JobResult(name, job_folder(name), result["seconds"],
                     subprocess.CompletedProcess([name], result["returncode"], result["stdout"], result["stderr"]))


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The real site, built once per test session with every check (`kb build --no-handouts`;
    the handouts fixture adds site/handouts/ with `kb handouts --site-dir`)."""
    return _finished("site").folder / "site"


@pytest.fixture(scope="session")
def handouts_run(built_site) -> JobResult:
    """The one `kb handouts --site-dir <built_site> --out <built_site>/handouts` of the session
    (needs chromium): its output and how long it took."""
    require_chromium()
    return _finished("handouts")


@pytest.fixture(scope="session")
def handouts(handouts_run, built_site) -> Path:
    """site/handouts/ of the session's site: <id>.pdf and the <id>.html each was printed from."""
    return built_site / "handouts"


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
    server = LocalServer(("127.0.0.1", 0), handler)
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
        b = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, NOWHERE_PROXY], headless=True)
        yield b
        b.close()


# Nothing may leave the intranet. Every request not aimed at the loopback address goes to a proxy
# that does not exist (port 9, nothing listens), so it fails at once; Chromium never proxies
# 127.0.0.1 itself. The request events record each one. (Playwright's context.route() would do
# both, but it pauses every request for the Python side and turns the browser's cache off: page
# loads took 1.6 times as long.)
NOWHERE_PROXY = "--proxy-server=http://127.0.0.1:9"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "file:", "about:")


class ExternalRequests(list):
    """Every request that tried to leave 127.0.0.1 (it failed at the proxy and is recorded)."""


def guarded_context(browser, **options):
    """A browser context that records every request not aimed at 127.0.0.1 (the session's
    browser lets none of them out: NOWHERE_PROXY)."""
    context = browser.new_context(locale="zh-CN", **options)
    outside = ExternalRequests()
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else outside.append(request.url))
    return context, outside


@pytest.fixture(scope="module")
def _module_context(browser):
    """One guarded browser context per test module: a page in a context that has loaded the site
    before uses about half the CPU (HTTP and code caches warm) of a page in a new context."""
    context, outside = guarded_context(browser)
    yield context, outside
    context.close()


def _new_page(module_context):
    context, outside = module_context
    pg = context.new_page()
    pg.external_requests = outside
    return pg


@pytest.fixture
def page(_module_context):
    """A new browser page for this test (its own JavaScript state, history and sessionStorage) in
    the module's guarded context (localStorage is shared: kb's scripts keep nothing there, Material
    only its one colour palette);
    page.external_requests lists what this test tried to fetch from outside 127.0.0.1 (none gets out)."""
    pg = _new_page(_module_context)
    pg.external_requests.clear()
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def _module_page(_module_context):
    pg = _new_page(_module_context)
    yield pg
    pg.close()


@pytest.fixture
def shared_page(_module_page):
    """A browser page kept across one module's tests (its cache makes each page load about twice as
    fast): for tests that only load a page and print or read it. Each test starts with no media emulation
    and sees only its own outside requests in page.external_requests."""
    _module_page.emulate_media(media="null")  # no media emulation (page.pdf then prints print media)
    _module_page.external_requests.clear()
    return _module_page
