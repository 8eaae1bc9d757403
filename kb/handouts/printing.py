"""Training handouts: one printable PDF per module in data/training.yml.

One pipeline, built on the finished site (so a handout always says what the site says):

1. extract — kb.handouts.extract (pure) takes, from each built page a module cites
   (site/<page>.html, the static HTML: what a browser shows with JavaScript off), the section
   under the cited heading, down to the next heading of the same or a higher level. It used to
   open each page in Chromium: 0.5 s a page, 17 of the 26 s that the six handouts took;
2. compose — compose_handout() (pure) writes one HTML document: cover, objectives, the
   sections, key points, checklist, quiz, answer key (new page) and sign-off sheet;
3. print — Chromium prints it to PDF with stylesheets/print.css, the same stylesheet the
   browser's print dialog uses.

Engine: headless Chromium (Debian's /usr/bin/chromium through Playwright). Measured on this
machine against WeasyPrint 70 on the same 10-page Chinese handout: Chromium 0.42 s per
handout once started (+0.5 s start-up), WeasyPrint 1.1-1.45 s; WeasyPrint embeds named CID
fonts and makes smaller files (383 KB vs 555 KB), Chromium embeds the CJK glyphs as Type 3
fonts (embedded, with Unicode maps, so text stays searchable and copyable). Chromium won
because it is the engine staff print with, so one stylesheet is tested once; Material's print
rules (tabs) work unchanged; and it needs no new Python or Debian packages.

Every request that would leave the local files is blocked and counted; a handout that tried
one fails.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kb.model.findings import Finding, FindingsError
from kb.model.page import normalize_heading
from kb.model.records import KbData
from kb.model.training import TRAINING_FILE, TrainingModule, field_name
from kb.model.urls import page_url
from kb.handouts.compose import Section, compose_handout
from kb.handouts.extract import page_section
from kb.handouts.extract import stylesheets as page_stylesheets
from kb.settings import CHROMIUM_ARGS as BROWSER_ARGS

CHROMIUM_ARGS = [*BROWSER_ARGS, "--no-pdf-header-footer"]  # never stamp Chromium's own date/URL header and footer
HANDOUT_DIR = "handouts"      # inside the site: site/handouts/<id>.pdf (+ the .html it was printed from)


@contextmanager
def headless_chromium(chromium: Path):
    """Debian's Chromium, headless, with this machine's flags; closed on the way out."""
    if not Path(chromium).exists():
        raise HandoutError(f"找不到 Chromium（{chromium}）。请以管理员身份运行 `make system-deps` 安装 chromium 和 fonts-noto-cjk。")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class HandoutError(Exception):
    """The handouts could not be made (no Chromium, no built site …); the message says what to do."""


@dataclass
class HandoutResult:
    module: str
    pdf: Path
    html: Path
    pages: int = 0
    seconds: float = 0.0
    blocked_requests: list[str] = field(default_factory=list)
    fonts: dict[str, int] = field(default_factory=dict)   # family -> glyphs (only with audit_fonts)


def _training_line(parts: list, training_source) -> tuple[str, int | None]:
    if training_source is None:
        return f"data/{TRAINING_FILE}", None
    return training_source.shown, training_source.line(*parts)


def _guard(blocked: list[str]):
    def handler(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    return handler


def _extract(read, site_dir: Path, m: TrainingModule, index: int, training_source) -> tuple[list[Section], list[str]]:
    """The sections a module cites, from the built pages (read: docs path → page text, read once)."""
    sections, stylesheets = [], []
    for j, ref in enumerate(m.sources):
        target = site_dir / page_url(ref.page)
        if not target.exists():
            shown, line = _training_line(["modules", index, "sources", j, "page"], training_source)
            raise FindingsError([Finding(shown, line, "training",
                                         f"{field_name(['modules', index, 'sources', j, 'page'])}：构建好的网站里没有 "
                                         f"{page_url(ref.page)}（页面是草稿，或没有加进导航？）。")])
        built = read(target)
        if not stylesheets:
            stylesheets = page_stylesheets(built, target.as_uri())
        got = page_section(built, target.as_uri(), normalize_heading(ref.heading))
        if not got.found:
            parts = ["modules", index, "sources", j, "heading"]
            shown, line = _training_line(parts, training_source)
            raise FindingsError([Finding(shown, line, "training",
                                         f"{field_name(parts)}：页面 {ref.page} 构建后没有小节 “{ref.heading}”。"
                                         f"这一页的标题有：{'、'.join(got.headings)}。")])
        sections.append(Section(ref.page, ref.heading, got.title, got.html, ref.note))
    return sections, stylesheets


def _pdf_pages(pdf: Path) -> int:
    """Page count from the PDF itself (poppler's pdfinfo when present)."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return 0
    import subprocess
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def platform_fonts(page) -> dict[str, int]:
    """Fonts Chromium really used for the text on the page (family → glyph count), read with the
    DevTools protocol. A missing glyph falls back to another family, so it shows up here.

    Only elements with a box are asked (one protocol call each): an element without one (inside
    display: none, as the screen's navigation is in print) has no layout and so no fonts, and
    pages in print media are about two thirds such elements."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})["nodeIds"]
    boxed = page.evaluate("() => Array.from(document.querySelectorAll('body *'), (e) => e.checkVisibility())")
    if len(boxed) == len(nodes):   # the same elements in the same (document) order
        nodes = [n for n, has_box in zip(nodes, boxed) if has_box]
    used: dict[str, int] = {}
    for node in nodes:
        for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[f["familyName"]] = used.get(f["familyName"], 0) + f["glyphCount"]
    cdp.detach()
    return used


def _static_page(browser, blocked: list[str], media: str | None = None):
    """A page in its own context with JavaScript off and every request outside the site refused
    (and listed in blocked); media="print" lays it out as the printer will."""
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", _guard(blocked))
    page = context.new_page()
    if media:
        page.emulate_media(media=media)
    return page


def render_handouts(site_dir: Path, data: KbData, out_dir: Path | None = None, only: list[str] | None = None,
                    training_source=None, chromium: Path = Path("/usr/bin/chromium"),
                    audit_fonts: bool = False, epoch: int | None = None) -> list[HandoutResult]:
    """Make the PDF of every module (or of the ids in `only`) from the built site in site_dir.

    The HTML each PDF is printed from is written to site_dir/handouts/<id>.html (it uses the
    site's stylesheets); the PDFs go to out_dir (default: site_dir/handouts)."""
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").exists():
        raise HandoutError(f"{site_dir} 不是构建好的网站（没有 index.html）。先运行 kb build，或用 --site-dir 指向网站目录。")
    modules = [m for m in data.training if not only or m.id in only]
    unknown = sorted(set(only or ()) - {m.id for m in data.training})
    if unknown:
        raise HandoutError(f"未知的培训模块：{'、'.join(unknown)}。data/training.yml 里有：{'、'.join(m.id for m in data.training)}。")
    html_dir = site_dir / HANDOUT_DIR
    out_dir = Path(out_dir).resolve() if out_dir else html_dir
    html_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = {m.id: i for i, m in enumerate(data.training)}

    results = []
    with headless_chromium(chromium) as browser:
        blocked: list[str] = []
        pp = _static_page(browser, blocked, media="print")
        read = functools.lru_cache(maxsize=None)(lambda path: path.read_text(encoding="utf-8"))
        for m in modules:
            started = time.perf_counter()
            sections, stylesheets = _extract(read, site_dir, m, index[m.id], training_source)
            hrefs = [os.path.relpath(Path(_file_path(s)), html_dir).replace(os.sep, "/") for s in stylesheets]
            source = html_dir / f"{m.id}.html"
            source.write_text(compose_handout(m, data, sections, hrefs, printed=_today()), encoding="utf-8")
            pp.goto(source.as_uri())
            fonts = platform_fonts(pp) if audit_fonts else {}
            pdf = out_dir / f"{m.id}.pdf"
            pp.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True,
                   display_header_footer=False, outline=True, tagged=True)
            if epoch is not None:
                set_pdf_dates(pdf, epoch)
            if blocked:
                raise HandoutError(f"讲义 {m.id} 试图访问外部地址（已拦截）：{'、'.join(blocked[:5])}。"
                                   "内网没有互联网，讲义只能用网站自己的文件。")
            results.append(HandoutResult(m.id, pdf, source, _pdf_pages(pdf),
                                         time.perf_counter() - started, list(blocked), fonts))
    return results


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14})([+-]\d\d'\d\d'|Z)?")


def set_pdf_dates(pdf: Path, epoch: int) -> None:
    """Reproducible PDFs: Chromium stamps the time of printing as CreationDate and ModDate; write
    the build's date instead (SOURCE_DATE_EPOCH or the last commit), in place and with the same
    length, so the cross-reference offsets stay valid and two builds of one commit are identical."""
    import datetime
    stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y%m%d%H%M%S").encode()

    def fixed(m: re.Match) -> bytes:
        zone = m.group(3) or b""
        return m.group(1) + stamp + (b"+00'00'" if len(zone) == 7 else zone)
    Path(pdf).write_bytes(_PDF_DATE.sub(fixed, Path(pdf).read_bytes()))


def build_epoch(root: Path, environ=None) -> int | None:
    """The date a build stamps on what it makes: SOURCE_DATE_EPOCH, else the last commit's time."""
    env = os.environ if environ is None else environ
    if str(env.get("SOURCE_DATE_EPOCH", "")).isdigit():
        return int(env["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else None


def _file_path(url: str) -> str:
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(url).path)


# ---------------------------------------------------------------- section books

# inside the site: site/print/<slug>.pdf (+ the .html it was printed from), one per section
from kb.render.core import BOOK_DIR, BOOK_SECTIONS  # noqa: E402

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


@dataclass
class BookResult:
    section: str
    pdf: Path
    pages: int = 0
    seconds: float = 0.0


def render_section_books(site_dir: Path, sections, printed: str, versions: dict[str, str],
                         chromium: Path = Path("/usr/bin/chromium")) -> list[BookResult]:
    """One PDF per nav section in BOOK_SECTIONS (sections: (title, (src, …)) in nav order),
    into site_dir/print/, from the built pages."""
    from kb.handouts.compose import BookPage, book_article, compose_section_book
    site_dir = Path(site_dir).resolve()
    out_dir = site_dir / BOOK_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    with headless_chromium(chromium) as browser:
        blocked: list[str] = []
        pp = _static_page(browser, blocked, media="print")
        for title, srcs in sections:
            slug = BOOK_SECTIONS.get(title)
            if slug is None:
                continue
            started = time.perf_counter()
            pages, stylesheets = [], []
            for src in srcs:
                target = site_dir / page_url(src)
                if not target.exists():
                    continue  # a draft or an omitted page: not in the site, not in the book
                built = target.read_text(encoding="utf-8")
                if not stylesheets:
                    stylesheets = [(target.parent / h).resolve() for h in _STYLESHEET.findall(built)]
                got = book_article(built)
                if got:
                    pages.append(BookPage(src, got[0], got[1]))
            if not pages:
                continue
            hrefs = [os.path.relpath(s, out_dir).replace(os.sep, "/") for s in stylesheets]
            source = out_dir / f"{slug}.html"
            source.write_text(compose_section_book(title, pages, hrefs, printed, versions.get(title, printed)),
                              encoding="utf-8")
            pp.goto(source.as_uri())
            pdf = out_dir / f"{slug}.pdf"
            pp.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True,
                   display_header_footer=False, outline=True, tagged=True)
            if blocked:
                raise HandoutError(f"“{title}”打印版试图访问外部地址（已拦截）：{'、'.join(blocked[:5])}。")
            results.append(BookResult(title, pdf, _pdf_pages(pdf), time.perf_counter() - started))
    return results


def _today() -> str:
    import datetime
    return datetime.date.today().isoformat()
