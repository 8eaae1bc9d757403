"""MkDocs hooks: the kb checks inside every build (mkdocs build, mkdocs serve, kb build).

Kept to the few MkDocs events that are needed; all logic lives in plain kb modules. The Project
of the checkout is read once per build: `mkdocs serve` invalidates it before each rebuild, and
`kb build`, which has already run every source check on it, holds it (checks run once)."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from kb import checks
from kb.model.findings import FindingsError, format_findings
from kb.model.urls import page_url
from kb.load.project import Project, project_for
from kb.mkdocs_glue import live
from kb.render.playbooks import playbook_files, playbook_nav
from kb.render.tooltips import add_term_tooltips
from kb.search import tuning
from kb.settings import Settings

log = logging.getLogger("mkdocs.plugins.kb")


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


@event_priority(100)  # before Material's tags plugin reads tags_allowed and before macros render
def on_config(config):
    project = project_of(config)
    if not getattr(project, "hold", False):
        project.invalidate()  # `mkdocs serve`: every rebuild sees the edits under data/ and docs/
        tuning.reset_caches()  # … and the glossary's words in the search tuning
    source_checks(project)
    data = project.data
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # Material's own option type turns names into its Tag objects (same as from mkdocs.yml).
        from material.plugins.tags.structure.tag.options import TagSet
        tags.config.tags_allowed = TagSet().run_validation(list(data.tags))
    try:  # 案例手册: one nav entry per playbook record, grouped by category
        config.nav = playbook_nav(config.nav, data)
    except ValueError as err:
        raise PluginError(str(err)) from None
    if not project.settings.search_plain:
        search = config.plugins.get("material/search")
        if search is not None:  # glossary → jieba user dictionary for Material's search
            search.config.jieba_dict_user = str(tuning.write_user_dictionary(data))
    return config


def on_startup(command, dirty):
    live.start(dirty=command == "serve" and dirty)  # `mkdocs serve --dirty`: rebuild what changed


def on_files(files, config):
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
    a generated page whose content changed; every page when what all pages show has changed."""
    from kb.mkdocs_glue.macros import macro_table
    state = live.STATE
    signature = (json.dumps(config.nav, ensure_ascii=False, default=str),
                 tuple((p.src, str(p.meta.get("title", ""))) for p in project.pages if not p.is_draft),
                 Path(config.config_file_path).stat().st_mtime_ns)
    everything = state.signature != signature
    state.signature = signature
    pages = [f for f in files if f.is_documentation_page()]
    changed_terms = live.term_changes(project.data.terms)  # tooltips: pages that contain those names
    by_data = set() if everything else live.dirty_pages(macro_table(project.settings.root),
                                                       [f.src_uri for f in pages if f.src_uri not in generated])
    by_data |= {src for src, names in state.term_names.items() if names & changed_terms}
    rebuilt = set()
    for f in pages:
        if f.src_uri in generated:
            changed = state.generated.get(f.src_uri) != generated[f.src_uri]
        else:
            changed = File.is_modified(f) or f.src_uri in by_data
        changed = changed or everything
        f.is_modified = (lambda value=changed: value)
        if changed:
            rebuilt.add(f.src_uri)
    state.generated = dict(generated)
    state.rebuilt = rebuilt
    if not everything:
        log.info("预览只重建了改动影响到的 %d 个页面：%s", len(rebuilt), "、".join(sorted(rebuilt)[:10]))


def on_page_content(html, page, config, files):
    """Glossary terms get their definition as a tooltip where a page first uses them."""
    terms = project_of(config).data.terms
    if live.STATE.dirty:  # mkdocs serve --dirty: a change to these terms rebuilds this page
        live.STATE.term_names[page.file.src_uri] = live.names_in(html, terms)
    if page.file.src_uri == "reference/glossary.md":
        return html  # the glossary already shows every definition
    return add_term_tooltips(html, terms)


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


def on_post_page(output, page, config):
    return compact_nav(output)


def on_env(env, config, files):
    if live.STATE.dirty:
        env.bytecode_cache = live.template_cache()
        unread_titles(files, project_of(config))
    return env


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


@event_priority(-50)  # after Material's search plugin writes the index, before `offline` inlines it
def on_post_build(config):
    project = project_of(config)
    if live.STATE.dirty:
        live.finish_build(live.STATE.rebuilt)
    if project.settings.search_plain:
        return
    path = Path(config.site_dir) / "search" / "search_index.json"
    if live.STATE.dirty:
        live_index(path, project)
    elif path.is_file():
        tuning.rewrite_index_file(path, project.data, page_kinds(project))


def live_index(path: Path, project: Project) -> None:
    """`mkdocs serve --dirty`: Material indexed only the rebuilt pages. Their entries are tuned
    on their own and replace theirs in the index of the previous build (the whole index is
    tuned together again by a full build)."""
    state = live.STATE
    rebuilt = state.rebuilt
    if not path.is_file():
        return
    fresh = json.loads(path.read_text(encoding="utf-8"))
    if fresh.get("docs"):
        fresh = tuning.enrich_index(fresh, project.data, page_kinds(project))
    state.index = live.merge_index(fresh, rebuilt)
    live.write_index(path, state.index)


def page_kinds(project: Project) -> dict[str, str]:
    """Page location → front matter kind; generated playbook pages are playbooks."""
    kinds = {page_url(p.src): str(p.meta.get("kind", "")) for p in project.pages}
    for pb in project.data.playbooks.values():
        kinds.setdefault(page_url(pb.src), "playbook")
    return kinds
