"""mkdocs serve --dirty (kb/mkdocs_glue/live.py, preview_server.py): which pages a big rebuild
renders first, how the preview server notes open pages and holds back pages not yet rebuilt, and
how a follow-up build is stopped by a new save. In memory, no MkDocs build."""
from __future__ import annotations

import threading

import pytest

from kb.mkdocs_glue import live
from kb.mkdocs_glue.preview_server import site_path, watching


@pytest.fixture(autouse=True)
def fresh_state():
    live.start(dirty=True)
    yield
    live.start(dirty=False)


MANY = {f"p/{k}.md" for k in range(40)}


def test_a_small_rebuild_is_done_at_once():
    few = {"a.md", "b.md"}
    assert live.first_batch(few, set(), ["a.md"]) == few


def test_a_big_rebuild_with_nobody_looking_is_done_at_once():
    assert live.first_batch(MANY, set(), []) == MANY
    assert live.first_batch(MANY, set(), ["not/affected.md"]) == MANY


def test_a_big_rebuild_renders_the_open_and_saved_pages_first():
    first = live.first_batch(MANY, {"p/3.md"}, ["p/7.md", "elsewhere.md", "p/9.md"])
    assert first == {"p/3.md", "p/7.md", "p/9.md"}


def test_at_most_a_few_open_pages_go_first_the_most_recent_ones():
    shown = [f"p/{k}.md" for k in range(10)]
    assert live.first_batch(MANY, set(), shown) == set(shown[:live.MAX_OPEN_FIRST])


def test_recently_open_orders_by_time_and_forgets_old_pages():
    live.STATE.open_pages.update({"a.html": 100.0, "b.html": 160.0, "old.html": 100.0 - live.OPEN_SECONDS})
    assert live.recently_open(now=200.0) == ["b.html", "a.html"]


@pytest.mark.parametrize("url, mount, expected", [
    ("/", "/", "index.html"),
    ("/procedures/", "/", "procedures/index.html"),
    ("/procedures/acceptance.html", "/", "procedures/acceptance.html"),
    ("/%E6%9C%AF%E8%AF%AD.html", "/", "术语.html"),
    ("/../../etc/passwd", "/", "etc/passwd"),
    ("/kb/procedures/a.html", "/kb/", "procedures/a.html"),
    ("/other/a.html", "/kb/", None),
])
def test_site_path_maps_a_url_to_its_file(url, mount, expected):
    assert site_path(url, mount) == expected


def _call(app, path, referer=None):
    environ = {"PATH_INFO": path.encode("utf-8").decode("latin-1")}
    if referer:
        environ["HTTP_REFERER"] = referer
    status = []
    body = b"".join(app(environ, lambda s, headers: status.append((s, dict(headers)))))
    return status[0], body


def _server():
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"the file as it is on disk"]
    return watching(app, "/", clock=lambda: 42.0)


def test_the_server_notes_open_pages_from_requests_and_live_reload_polls():
    app = _server()
    _call(app, "/procedures/acceptance.html")
    _call(app, "/livereload/123/4", referer="http://127.0.0.1:8000/reference/deadlines.html?x=1#top")
    _call(app, "/assets/javascripts/bundle.js")
    assert live.STATE.open_pages == {"procedures/acceptance.html": 42.0, "reference/deadlines.html": 42.0}


def test_a_page_waiting_for_its_rebuild_is_held_back_never_shown_old():
    live.set_pending({"procedures/a.md": "procedures/a.html", "procedures/b.md": "procedures/b.html"})
    app = _server()
    (status, headers), body = _call(app, "/procedures/a.html")
    text = body.decode("utf-8")
    assert status.startswith("200") and headers["Cache-Control"] == "no-store"
    assert "正在按刚保存的修改重新生成" in text and "还剩 2 页" in text
    assert 'http-equiv="refresh"' in text and "the file as it is on disk" not in text
    _, body = _call(app, "/procedures/c.html")
    assert body == b"the file as it is on disk"
    live.set_pending({})
    _, body = _call(app, "/procedures/a.html")
    assert body == b"the file as it is on disk"


def test_a_new_save_stops_the_follow_up_build_and_keeps_its_pages_pending():
    live.set_pending({"a.md": "a.html"})
    started, stopped = threading.Event(), []

    def builder():  # a follow-up build that renders pages until it is told to stop
        started.set()
        try:
            while True:
                live.check_cancelled()
                threading.Event().wait(0.01)
        except live.Cancelled:
            stopped.append(True)
            raise

    live.STATE.builder = builder
    live.after_reload(lambda: None, failed=lambda message: None)
    assert started.wait(10)
    assert live.STATE.following
    live.wait_for_later()  # what the next build does first
    assert stopped == [True] and not live.STATE.following and not live.STATE.cancel
    assert live.STATE.pending == {"a.md": "a.html"}  # left for the next build


def test_check_cancelled_only_stops_a_follow_up_build():
    live.STATE.cancel = True
    live.check_cancelled()  # a normal build goes on
    live.STATE.following = True
    with pytest.raises(live.Cancelled):
        live.check_cancelled()


def test_after_a_rebuild_the_objects_left_are_frozen_until_the_next_serve():
    import gc
    live.settle_memory()
    assert gc.get_freeze_count() > 0  # the next rebuild's full collections skip them
    live.start(dirty=False)
    assert gc.get_freeze_count() == 0
