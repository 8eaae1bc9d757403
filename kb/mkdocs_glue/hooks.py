"""MkDocs hooks: the kb checks inside every build (mkdocs build, mkdocs serve, kb build).

Kept to the few MkDocs events that are needed; all logic lives in plain kb modules. The Project
of the checkout is read once per build: `mkdocs serve` invalidates it before each rebuild, and
`kb build`, which has already run every source check on it, holds it (checks run once)."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from kb import checks
from kb.model.findings import FindingsError, format_findings
from kb.model.urls import page_url
from kb.load.project import Project, project_for
from kb.render import pagemeta, pdflinks, pinyin
from kb.render.playbooks import playbook_files, playbook_nav
from kb.render.tooltips import add_term_tooltips
from kb.search import tuning
from kb.settings import Settings

log = logging.getLogger("mkdocs.plugins.kb")


_serving = False


def on_startup(command, dirty):
    """`mkdocs serve` never prints the PDFs (kb build and kb handouts do)."""
    global _serving
    _serving = command == "serve"


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
        # 拼音 order for the tags index and the tags under each page (Material's default is Unicode)
        tags.config.tags_sort_by = lambda tag, *_: pinyin.sort_key(tag.name)
        tags.config.listings_tags_sort_by = lambda tag, *_: pinyin.sort_key(tag.name)
        tags.config.listings_sort_by = lambda mapping: pinyin.sort_key(str(mapping.item.title))
    try:  # 案例手册: one nav entry per playbook record, grouped by category
        config.nav = playbook_nav(config.nav, data)
    except ValueError as err:
        raise PluginError(str(err)) from None
    if not project.settings.search_plain:
        search = config.plugins.get("material/search")
        if search is not None:  # glossary → jieba user dictionary for Material's search
            search.config.jieba_dict_user = str(tuning.write_user_dictionary(data))
    return config


def on_files(files, config):
    project = project_of(config)
    for page in project.pages:
        if page.is_draft:
            file = files.get_file_from_path(page.src)
            if file is not None:
                files.remove(file)  # drafts never reach the site or its search index
                log.info("草稿不发布：%s", page.src)
    for src, content in playbook_files(project.data, project.pages):  # generated from data/playbooks/*.yml
        files.append(File.generated(config, src, content=content))
    return files


def on_page_content(html, page, config, files):
    """Glossary terms get their definition as a tooltip where a page first uses them; under the
    title the owner and review dates, at the foot the page's change history."""
    project = project_of(config)
    data = project.data
    if page.file.src_uri != "reference/glossary.md":  # the glossary already shows every definition
        html = add_term_tooltips(html, data.terms)
    if _serving:  # mkdocs serve / make serve: no PDFs are printed, say how to get them
        html = pdflinks.point_pdfs_to_help(html, page.file.src_uri)
    return pagemeta.decorate(html, page.meta or {}, data)


@event_priority(-50)  # after Material's search plugin writes the index, before `offline` inlines it
def on_post_build(config):
    project = project_of(config)
    if project.settings.search_plain:
        return
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        tuning.rewrite_index_file(path, project.data, page_kinds(project))


def page_kinds(project: Project) -> dict[str, str]:
    """Page location → front matter kind; generated playbook pages are playbooks."""
    kinds = {page_url(p.src): str(p.meta.get("kind", "")) for p in project.pages}
    for pb in project.data.playbooks.values():
        kinds.setdefault(page_url(pb.src), "playbook")
    return kinds


def tag_anchor(config, name: str) -> str:
    """The id Material's tags plugin gives a tag's heading in the tags index (tag:<slug>)."""
    tags = config.plugins.get("material/tags")
    if tags is None:
        return "tag:" + name
    slug = tags.config.tags_slugify(name, tags.config.tags_slugify_separator)
    return tags.config.tags_slugify_format.format(slug=slug)
