"""`mkdocs serve --dirty`: what kb adds to the preview server (the rest is kb/mkdocs_glue/live.py).

It notes which pages browsers have open: a page request, and the Referer of MkDocs' live-reload
polls, which every open page sends about once a minute. A rebuild that reaches many pages renders
those first. And it answers for a page still waiting to be rebuilt with a short page that
refreshes itself, never with the page as it was before the edit. It wraps the server's WSGI
application through the standard wsgiref API (get_app/set_app), nothing of MkDocs' own."""
from __future__ import annotations

import posixpath
import time
from typing import Callable
from urllib.parse import unquote, urlsplit

from kb.mkdocs_glue import live
from kb.render.errors import rebuilding_page


def site_path(url_path: str, mount: str = "/") -> str | None:
    """The file a URL path asks for, relative to the site folder ("" and ".../" → index.html);
    None outside the mount path."""
    path = unquote(url_path)
    if not (path + "/").startswith(mount):
        return None
    rel = path[len(mount):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return posixpath.normpath("/" + rel).lstrip("/")


def watching(app: Callable, mount: str = "/", clock: Callable[[], float] = time.time) -> Callable:
    """app (the server's WSGI application), noting open pages and holding back pending ones."""
    def serve(environ, start_response):
        # PATH_INFO arrives as latin-1 text of the request's bytes (PEP 3333)
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            referer = environ.get("HTTP_REFERER")
            shown = site_path(urlsplit(referer).path, mount) if referer else None
            if shown and shown.endswith(".html"):
                live.STATE.open_pages[shown] = clock()
            return app(environ, start_response)
        rel = site_path(path, mount)
        if rel and rel.endswith(".html"):
            live.STATE.open_pages[rel] = clock()
            if rel in live.STATE.pending_urls:
                body = rebuilding_page(len(live.STATE.pending_urls)).encode("utf-8")
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
                return [body]
        return app(environ, start_response)
    return serve
