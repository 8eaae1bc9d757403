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
from kb.documents.compose import docx_name, template_doc, with_actions
from kb.render.playbooks import playbook_files, playbook_nav
from kb.render.tooltips import add_term_tooltips
from kb.search import index as search_index, tuning
from kb.settings import Settings

log = logging.getLogger("mkdocs.plugins.kb")
TEMPLATE_FOLDER = "reference/templates/"
_documents: dict[str, object] = {}   # template page src -> its TemplateDoc, written as .docx after the build


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
    _documents.clear()
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
    """Template pages get their .docx and 复制全文 (from the content before tooltips); glossary
    terms get their definition as a tooltip where a page first uses them."""
    src = page.file.src_uri
    if src.startswith(TEMPLATE_FOLDER) and page.meta.get("kind") == "template":
        doc = template_doc(html, str(page.meta.get("title", src)))
        if doc is None:
            raise PluginError(f"docs/{src}: 文书模板页面要有“## 模板”小节，下面是用 > 开头的模板正文；"
                              "Word 文档和“复制全文”都从这里生成。")
        _documents[src] = doc
        html = with_actions(html, doc, src)
    if page.file.src_uri == "reference/glossary.md":
        return html  # the glossary already shows every definition
    return add_term_tooltips(html, project_of(config).data.terms)


def on_post_build(config):
    """The template .docx files and the search index (site/search/*.js) from the built pages."""
    import time
    project = project_of(config)
    write_documents(Path(config.site_dir), config.copyright or "")
    started = time.perf_counter()
    try:
        index = search_index.build_site_index(Path(config.site_dir), project.pages, project.data, page_kinds(project))
    except search_index.SegmentationError as err:
        raise PluginError(str(err)) from None
    log.info("搜索索引：%d 个页面，%.1f 秒（kb-search-index-seconds=%.2f）", index["meta"]["docs"],
             time.perf_counter() - started, time.perf_counter() - started)


def write_documents(site_dir: Path, organisation: str) -> None:
    """Every template page's .docx next to its HTML page."""
    from kb.documents.docx import docx_bytes
    for src, doc in _documents.items():
        target = site_dir / src.rsplit("/", 1)[0] / docx_name(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(docx_bytes(doc, organisation.split("·")[0].strip()))


def page_kinds(project: Project) -> dict[str, str]:
    """Page location → front matter kind; generated playbook pages are playbooks."""
    kinds = {page_url(p.src): str(p.meta.get("kind", "")) for p in project.pages}
    for pb in project.data.playbooks.values():
        kinds.setdefault(page_url(pb.src), "playbook")
    return kinds
