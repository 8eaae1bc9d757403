"""MkDocs hooks: the kb checks inside every build (mkdocs build, mkdocs serve, kb build).

Kept to the few MkDocs events that are needed; all logic lives in plain kb modules. The Project
of the checkout is read once per build: `mkdocs serve` invalidates it before each rebuild, and
`kb build`, which has already run every source check on it, holds it (checks run once)."""
from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from kb import checks
from kb.mkdocs_glue.serving import STATE
from kb.checks import macros as macro_checks
from kb.model.macros import MACRO_NAMES
from kb.model.findings import Finding, FindingsError, format_findings
from kb.model.urls import page_url
from kb.load.project import Project, project_for
from kb.mkdocs_glue import live
from kb.documents.compose import docx_name, template_doc, with_actions
from kb.documents.docx import docx_bytes
from kb.render.core import html_label
from kb.render import pagemeta, pdflinks, pinyin
from kb.render.playbooks import playbook_files, playbook_nav
from kb.render.tooltips import add_term_tooltips
from kb.search import index as search_index
from kb.settings import Settings

log = logging.getLogger("mkdocs.plugins.kb")
TEMPLATE_FOLDER = "reference/templates/"
_documents: dict[str, object] = {}   # template page src -> its .docx being made (a Future), written after the build


def project_of(config) -> Project:
    return project_for(Settings.for_config(config.config_file_path))


def source_checks(project: Project) -> None:
    """Every error rule of the registry, once per loaded Project; raises PluginError on findings."""
    if project.checked:
        return
    try:
        found = project.page_problems + checks.run_rules(project.context(), severity="error")
    except FindingsError as err:
        raise PluginError("数据文件有问题：\n" + format_findings(err.findings)) from None
    if found:
        raise PluginError("页面检查没有通过：\n" + format_findings(found))
    project.checked = True


_SERVE = STATE  # kept in a normal module: serve re-imports this file for every rebuild


def on_startup(command, dirty):
    """`mkdocs serve` never prints the PDFs (kb build and kb handouts do) and shows build errors in
    the browser; with --dirty it rebuilds only what a save reaches."""
    _SERVE["serving"] = command == "serve"
    live.start(dirty=command == "serve" and dirty)  # `mkdocs serve --dirty`: rebuild what changed


def on_serve(server, config, builder):
    """`mkdocs serve --dirty`: the server notes which pages browsers show (they are rebuilt first
    after an edit that reaches many pages) and holds back pages not yet rebuilt; the follow-up
    build of those runs serve's own builder (kb/mkdocs_glue/live.py, preview_server.py)."""
    if live.STATE.dirty:
        from urllib.parse import urlsplit
        from kb.mkdocs_glue.preview_server import watching
        live.STATE.builder = builder
        mount = urlsplit(config.site_url or "/").path or "/"
        server.set_app(watching(server.get_app(), mount if mount.endswith("/") else mount + "/"))
    return server


def on_build_error(error):
    """`mkdocs serve`: every page of the served folder shows the error (file, line, fix) instead of
    the old site or a browser left waiting; the next good save rebuilds and the page reloads."""
    site = _SERVE["site_dir"]
    if not _SERVE["serving"] or not site or isinstance(error, live.Cancelled):
        return  # a follow-up build stopped by a new save is not an error (kb/mkdocs_glue/live.py)
    from kb.render.errors import error_page
    live.after_error()  # --dirty: every page shows the error now, so the next good build rebuilds them all
    site = Path(site)
    page = error_page(str(error))
    site.mkdir(parents=True, exist_ok=True)
    targets = set(site.rglob("*.html")) | {site / "index.html", site / "404.html"}
    for file in targets:
        file.write_text(page, encoding="utf-8")


@event_priority(100)  # before Material's tags plugin reads tags_allowed and before macros render
def on_config(config):
    live.wait_for_later()  # mkdocs serve --dirty: the last rebuild's search index is written first
    end_site_pass()  # one left by a build that stopped half-way (mkdocs serve)
    _SERVE["site_dir"], _SERVE["failed"] = config.site_dir, None
    project = project_of(config)
    _SERVE["project"] = project
    _documents.clear()
    if not getattr(project, "hold", False):
        project.invalidate()  # `mkdocs serve`: every rebuild sees the edits under data/ and docs/
    try:
        source_checks(project)
        data = project.data
    except PluginError as err:
        if not _SERVE["serving"]:
            raise
        # `mkdocs serve` would stop serving until the next good save (the browser just waits): build
        # an empty site whose every page shows the message instead, and say it in the terminal too.
        _SERVE["failed"] = str(err)
        print(f"\n构建失败（浏览器里的每个页面都显示这段说明，改好保存后自动刷新）：\n{err}\n", file=sys.stderr)
        return config
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # Material's own option type turns names into its Tag objects (same as from mkdocs.yml).
        from material.plugins.tags.structure.tag.options import TagSet
        # Tag names reach Material's templates unescaped: the allowed names are escaped like the page tags.
        tags.config.tags_allowed = TagSet().run_validation([html_label(t) for t in data.tags])
        # 拼音 order for the tags index and the tags under each page (Material's default is Unicode)
        tags.config.tags_sort_by = lambda tag, *_: pinyin.sort_key(tag.name)
        tags.config.listings_tags_sort_by = lambda tag, *_: pinyin.sort_key(tag.name)
        tags.config.listings_sort_by = lambda mapping: pinyin.sort_key(str(mapping.item.title))
    try:  # 案例手册: one nav entry per playbook record, grouped by category
        config.nav = playbook_nav(config.nav, data)
    except ValueError as err:
        raise PluginError(str(err)) from None
    return config


def on_files(files, config):
    live.check_cancelled()  # mkdocs serve --dirty: a follow-up build stops between its phases too
    if _SERVE["failed"]:
        return files
    project = project_of(config)
    for page in project.pages:
        if page.is_draft:
            file = files.get_file_from_path(page.src)
            if file is not None:
                files.remove(file)  # drafts never reach the site or its search index
                log.info("草稿不发布：%s", page.src)
    generated = playbook_files(project.data, project.pages)  # generated from data/playbooks/*.yml
    for src, content in generated:
        files.append(File.generated(config, src, content=content))
    if live.STATE.dirty:
        mark_dirty(files, config, project, dict(generated))
    return files


def mark_dirty(files, config, project: Project, generated: dict[str, str]) -> None:
    """`mkdocs serve --dirty`: which pages this build renders (kb/mkdocs_glue/live.py). A page
    saved since its last build, a page whose macro calls give another result with the new data,
    a generated page whose content changed; every page when what all pages show has changed.
    When that is many pages, the ones open in a browser and the saved ones go first and the rest
    wait for the follow-up build (pending)."""
    import time
    from kb.mkdocs_glue.macros import macro_table
    state = live.STATE
    signature = (json.dumps(config.nav, ensure_ascii=False, default=str),
                 tuple((p.src, str(p.meta.get("title", ""))) for p in project.pages if not p.is_draft),
                 Path(config.config_file_path).stat().st_mtime_ns)
    first_build = state.signature is None
    everything = state.signature != signature
    state.signature = signature
    pages = [f for f in files if f.is_documentation_page()]
    changed_terms = live.term_changes(project.data.terms)  # tooltips: pages that contain those names
    same_data = state.data is not None and state.data == project.data  # a page edit: no macro result can change
    state.data = project.data
    by_data = set() if everything or same_data else live.dirty_pages(
        macro_table(project.settings.root), [f.src_uri for f in pages if f.src_uri not in generated])
    by_data |= {src for src, names in state.term_names.items() if names & changed_terms}
    wanted, saved = set(state.pending), set()
    for f in pages:
        if f.src_uri in generated:
            changed = state.generated.get(f.src_uri) != generated[f.src_uri]
        else:
            changed = File.is_modified(f)
            if changed:
                saved.add(f.src_uri)
            changed = changed or f.src_uri in by_data
        if changed or everything:
            wanted.add(f.src_uri)
    dest = {f.src_uri: f.dest_uri for f in pages}
    wanted &= set(dest)
    if first_build or state.following or state.builder is None:  # builder: set by on_serve
        rebuilt = wanted
    else:
        src_of = {d: s for s, d in dest.items()}
        shown = [src_of[p] for p in live.recently_open(time.time()) if p in src_of]
        rebuilt = live.first_batch(wanted, saved, shown)
    for f in pages:
        f.is_modified = (lambda value=f.src_uri in rebuilt: value)
    state.generated = dict(generated)
    state.rebuilt = rebuilt
    live.set_pending({src: dest[src] for src in wanted - rebuilt} if not state.following
                     else {src: dest[src] for src in state.pending if src in dest})
    if state.following:
        log.info("预览在后台重建其余 %d 个页面", len(rebuilt))
    elif state.pending:
        log.info("预览先重建了浏览器里打开的和刚保存的 %d 个页面：%s；其余 %d 个页面接着在后台重建",
                 len(rebuilt), "、".join(sorted(rebuilt)[:10]), len(state.pending))
    elif not everything:
        log.info("预览只重建了改动影响到的 %d 个页面：%s", len(rebuilt), "、".join(sorted(rebuilt)[:10]))


@event_priority(50)  # before mkdocs-macros renders the page
def on_page_markdown(markdown, page, config, files):
    """Macros cannot run code. Generated playbook pages are data, never a template: macros do not
    render them at all. Every other page is checked again here, on the exact text mkdocs-macros is
    about to render (the registry already checked the sources in on_config)."""
    live.check_cancelled()  # mkdocs serve --dirty: a follow-up build stops here when a new save waits
    escape_labels(page)
    if _SERVE["failed"]:
        page.meta["render_macros"] = False
        return ""  # nothing of a page is rendered while the sources have errors (mkdocs serve)
    if page.file.generated_by is not None:
        page.meta["render_macros"] = False
        return markdown
    project = project_of(config)
    source = project.page_of(page.file.src_uri)
    if project.checked and source is not None and source.body == markdown:
        return markdown  # exactly the text the registry's macro.allowed has just passed
    first = source.body_line if source is not None and source.body == markdown else 1
    found = macro_checks.page_findings(f"docs/{page.file.src_uri}", markdown, first, MACRO_NAMES)
    if found:
        raise PluginError("页面检查没有通过：\n" + format_findings(found))
    return markdown


def escape_labels(page) -> None:
    """Front matter text lands in Material's templates unescaped (<title>, header, footer, nav,
    meta description, tag chips): escape it once, here, before anyone reads it."""
    meta = page.meta
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = html_label(meta[key])
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [html_label(t) if isinstance(t, str) else t for t in meta["tags"]]


def on_nav(nav, config, files):
    """Section labels (the playbook categories come from data) are escaped like page titles."""
    from mkdocs.structure.nav import Section
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        if isinstance(item, Section):
            item.title = html_label(item.title)
            stack += item.children
    return nav


def on_env(env, config, files):
    """Material's templates use `striptags`, which un-escapes entities (so an escaped title would
    come back as markup): this one strips tags and escapes what is left."""
    live.check_cancelled()
    from markupsafe import Markup, escape
    env.filters["striptags"] = lambda value: escape(Markup(str(value)).striptags())
    if live.STATE.dirty:  # mkdocs serve --dirty: templates compiled once; titles of pages not rebuilt
        env.bytecode_cache = live.template_cache()
        unread_titles(files, project_of(config))
    return env


def on_page_content(html, page, config, files):
    """Template pages get their .docx and 复制全文 (from the content before tooltips); glossary
    terms get their definition as a tooltip where a page first uses them; under the title the owner
    and review dates, at the foot the page's change history."""
    if _SERVE["failed"]:
        return html
    project = project_of(config)
    data = project.data
    if live.STATE.dirty:  # mkdocs serve --dirty: a change to these terms rebuilds this page
        live.STATE.term_names[page.file.src_uri] = live.names_in(html, data.terms)
    src = page.file.src_uri
    if src.startswith(TEMPLATE_FOLDER) and page.meta.get("kind") == "template":
        doc = template_doc(html, str(page.meta.get("title", src)))
        if doc is None:
            raise PluginError(f"docs/{src}: 文书模板页面要有“## 模板”小节，下面是用 > 开头的模板正文；"
                              "Word 文档和“复制全文”都从这里生成。")
        _documents[src] = site_pass().call(docx_bytes, doc, (config.copyright or "").split("·")[0].strip())
        html = with_actions(html, doc, src)
    if src != "reference/glossary.md":  # the glossary already shows every definition
        html = add_term_tooltips(html, data.terms)
    if _SERVE["serving"]:  # mkdocs serve / make serve: no PDFs are printed, say how to get them
        html = pdflinks.point_pdfs_to_help(html, src)
    return pagemeta.decorate(html, page.meta or {}, data)


# Material's nav templates write each nav entry with ~500 bytes of indentation; at thousands of
# pages that is most of every page. Runs of whitespace inside the primary sidebar (nav markup only,
# no <pre>) become one space or newline: the page renders exactly the same.
_SIDEBAR = '<div class="md-sidebar md-sidebar--primary"'
_SIDEBAR_END = '<div class="md-sidebar md-sidebar--secondary"'
_SPACES = re.compile(r"\s{2,}")


def compact_nav(html: str) -> str:
    start = html.find(_SIDEBAR)
    end = html.find(_SIDEBAR_END, start)
    if start < 0 or end < 0:
        return html
    nav = _SPACES.sub(lambda m: "\n" if "\n" in m.group() else " ", html[start:end])
    return html[:start] + nav + html[end:]


@event_priority(-100)  # last: what the site pass reads is exactly what MkDocs writes to the file
def on_post_page(output, page, config):
    output = compact_nav(output)
    if not _SERVE["failed"]:
        site_pass().page(page.file.dest_uri, output)
    return output


def site_pass():
    """The site pass of this build (kb.sitepass): started by kb build before MkDocs (it runs the
    privacy scan of the sources there meanwhile), else here on first use."""
    if _SERVE.get("site_pass") is None:
        from kb.gate.rules import Rules
        from kb.sitepass.pool import SitePass
        data = _SERVE["project"].data
        _SERVE["site_pass"] = SitePass(Rules(links=data.links), data.privacy,
                                       workers=1 if _SERVE["serving"] else None)
        _SERVE["own_pass"] = True
    return _SERVE["site_pass"]


def end_site_pass() -> None:
    if _SERVE.pop("own_pass", False) and _SERVE.get("site_pass") is not None:
        _SERVE.pop("site_pass").close()


def unread_titles(files, project: Project) -> None:
    """A dirty build does not read the pages it does not rebuild, so the nav of the rebuilt ones
    would show no title for them: give them the front matter (and body) already loaded."""
    known = {p.src: p for p in project.pages}
    metas = {pb.src: pb.page_meta() for pb in project.data.playbooks.values()}
    for f in files.documentation_pages():
        page = f.page
        if page is None or page.markdown is not None:
            continue
        if f.src_uri in known:
            page.meta, page.markdown = dict(known[f.src_uri].meta), known[f.src_uri].body
        elif f.src_uri in metas:
            page.meta, page.markdown = dict(metas[f.src_uri]), ""


def on_post_build(config):
    """The template .docx files, the search index (site/search/*.js) from the checked pages, then
    the output gate and the privacy scan of the finished site."""
    if _SERVE["failed"]:
        on_build_error(error=_SERVE["failed"])
        end_site_pass()
        return
    project = project_of(config)
    site = Path(config.site_dir)
    try:
        if live.STATE.dirty:
            live.finish_build(live.STATE.rebuilt)
        write_documents(site)
        passes = site_pass().results()
        extracted = {rel: p.extracted for rel, p in passes.items() if p.extracted is not None}
        if live.STATE.dirty:  # pages not rebuilt this time: what they gave last time
            first = not live.STATE.extracted
            live.STATE.extracted.update(extracted)
            extracted = dict(live.STATE.extracted)
            if not first:
                # mkdocs serve --dirty: the rebuilt pages are checked now and the browser reloads;
                # the search index (the whole site, a little changed) follows a moment later in the
                # background. With pages left pending, the follow-up build goes first and writes
                # the index at its end (in that background thread, there and then).
                output_gate(site, project, passes, search=False)
                if live.STATE.following:
                    search_and_scan(site, project, extracted)
                    live.set_pending({s: d for s, d in live.STATE.pending.items() if s not in live.STATE.rebuilt})
                elif live.STATE.pending and live.STATE.builder is not None:
                    live.after_reload(None, index_failed)
                else:
                    live.after_reload(lambda: search_and_scan(site, project, extracted), index_failed)
                return
        search_and_scan(site, project, extracted, passes)
        if live.STATE.dirty:  # the first build of mkdocs serve --dirty
            live.settle_memory()
    finally:
        end_site_pass()


def search_and_scan(site: Path, project: Project, extracted: dict, passes: dict | None = None) -> None:
    """The search index from the extracted pages, then the output gate and the privacy scan
    (with passes: of the whole site; without: of the search index only)."""
    import time
    started = time.perf_counter()
    try:
        index = search_index.build_site_index(site, project.pages, project.data, page_kinds(project), extracted)
    except search_index.SegmentationError as err:
        raise PluginError(str(err)) from None
    seconds = time.perf_counter() - started
    log.info("搜索索引：%d 个页面，%.1f 秒（kb-search-index-seconds=%.2f）", index["meta"]["docs"], seconds, seconds)
    if passes is None:
        output_gate(site, project, {}, pages=False)
    else:
        output_gate(site, project, passes)


def index_failed(message: str) -> None:
    """mkdocs serve: the search index written after the reload did not pass: say so everywhere."""
    print(f"\n构建失败（浏览器里的每个页面都显示这段说明，改好保存后自动刷新）：\n{message}\n", file=sys.stderr)
    on_build_error(error=message)


def output_gate(site: Path, project: Project, passes: dict | None = None,
                pages: bool = True, search: bool = True) -> None:
    """After every build (mkdocs build, mkdocs serve, kb build): every built page through the
    output gate (kb.gate) and the privacy scan of what the site adds to its sources (page bodies,
    the theme chrome once, the search index, tags.json, files copied from docs/). The pages MkDocs
    rendered went through both in the site pass (passes, by site path); everything else is read
    here. A failing page is removed from the site, so that neither `mkdocs serve` nor a folder
    left behind ever shows it."""
    from kb.gate.html import page_problems, script_problems, site_file_set, site_pages
    from kb.gate.rules import Rules
    from kb.privacy.scan import is_search_text, scan_site_items, scan_site_items_again, site_finding, site_scan_items
    from kb.model.urls import source_files
    passes = passes or {}
    root = project.settings.root
    rules = Rules(links=project.data.links, script_exists=site_file_set(site).__contains__)
    privacy = project.data.privacy
    found, bad = [], []

    def source_of(rel: str) -> str:
        return next((s for s in source_files(rel) if (root / s).exists()), source_files(rel)[0])

    for file, rel in (site_pages(site) if pages else ()):
        done = passes.get(rel)
        if done is None and live.STATE.dirty and rel in live.STATE.extracted:
            continue  # mkdocs serve --dirty: not rebuilt, checked when it was written
        if done is not None:
            problems = [*done.gate, *script_problems(rel, done.scripts, rules)]
            reports = list(done.privacy)
        else:  # not rendered by MkDocs as a page (404.html, HTML copied from docs/): read it here
            problems, reports = page_problems(file.read_text(encoding="utf-8", errors="replace"), rel, rules), []
        found += [Finding(source_of(rel), None, "output", f"构建出的 {rel} 第{p.line}行：{p.message}") for p in problems]
        found += [site_finding(r, rel, root) for r in reports]
        if problems or reports:
            bad.append(file)
    unchanged = live.STATE.extracted if live.STATE.dirty else {}  # serve --dirty: pages not rebuilt now
    rest = [(str(path), rel, whole, rel) for path, rel, whole in site_scan_items(site, root / "docs")
            if rel not in passes and rel not in unchanged
            and (pages or not rel.endswith(".html")) and (search or not is_search_text(rel))]
    if live.STATE.dirty:  # mkdocs serve --dirty: only what changed since the last build
        scanned = scan_site_items_again(rest, privacy)
    else:
        scanned = scan_site_items(rest, privacy, pool=_SERVE.get("site_pass"))
    found += [site_finding(report, rel, root) for rel, report in scanned]
    bad += [site / rel for rel, _ in scanned if rel.endswith(".html")]
    if found:
        for file in dict.fromkeys(bad):
            file.unlink(missing_ok=True)
        raise PluginError("构建出的网站没有通过安全检查（有问题的页面已删除，网站不能发布）：\n" + format_findings(found))


def write_documents(site_dir: Path) -> None:
    """Every template page's .docx next to its HTML page (made in the site pass meanwhile)."""
    for src, made in _documents.items():
        target = site_dir / src.rsplit("/", 1)[0] / docx_name(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(made.result())


def page_kinds(project: Project) -> dict[str, str]:
    """Page location → front matter kind; generated playbook pages are playbooks."""
    kinds = {page_url(p.src): str(p.meta.get("kind", "")) for p in project.pages}
    for pb in project.data.playbooks.values():
        kinds.setdefault(page_url(pb.src), "playbook")
    return kinds


