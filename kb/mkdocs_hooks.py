"""MkDocs hooks: run the kb checks inside every build (mkdocs build, mkdocs serve, kb build).

Kept to the few MkDocs events that are needed; all logic lives in plain kb modules."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from kb.checks import check_pages, check_privacy, load_pages
from kb.data import load_data
from kb.findings import FindingsError, format_findings
from kb.tooltips import add_term_tooltips
from kb.playbooks import playbook_files, playbook_nav
from kb import search_index

log = logging.getLogger("mkdocs.plugins.kb")


@event_priority(100)  # before Material's tags plugin reads tags_allowed
def on_config(config):
    load_data.cache_clear()  # `mkdocs serve` must see edits under data/
    try:
        data = load_data(_data_dir(config))
    except FindingsError as err:
        raise PluginError("数据文件有问题：\n" + format_findings(err.findings)) from None
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # Material's own option type turns names into its Tag objects (same as from mkdocs.yml).
        from material.plugins.tags.structure.tag.options import TagSet
        tags.config.tags_allowed = TagSet().run_validation(list(data.tags))
    try:  # 案例手册: one nav entry per playbook record, grouped by category
        config.nav = playbook_nav(config.nav, data)
    except ValueError as err:
        raise PluginError(str(err)) from None
    search_index.configure(config, data)  # glossary → jieba user dictionary for Material's search
    return config


def _data_dir(config) -> str:
    # data/ sits next to mkdocs.yml, whichever checkout is being built
    return str(Path(config.config_file_path).parent / "data")


def on_files(files, config):
    data = load_data(_data_dir(config))
    pages, findings = load_pages(Path(config.docs_dir))
    findings += check_pages(pages, data)
    findings += check_privacy(data, Path(config.docs_dir), Path(_data_dir(config)))  # personal data
    if findings:
        raise PluginError("页面检查没有通过：\n" + format_findings(findings))
    for page in pages:
        if page.is_draft:
            file = files.get_file_from_path(page.src)
            if file is not None:
                files.remove(file)  # drafts never reach the site or its search index
                log.info("草稿不发布：%s", page.src)
    for src, content in playbook_files(data, pages):  # generated from data/playbooks/*.yml
        files.append(File.generated(config, src, content=content))
    return files


def on_page_content(html, page, config, files):
    """Glossary terms get their definition as a tooltip where a page first uses them."""
    if page.file.src_uri == "reference/glossary.md":
        return html  # the glossary already shows every definition
    return add_term_tooltips(html, load_data(_data_dir(config)).terms)


@event_priority(-50)  # after Material's search plugin writes the index, before `offline` inlines it
def on_post_build(config):
    search_index.post_build(config, load_data(_data_dir(config)))  # aliases, numbers, compounds
