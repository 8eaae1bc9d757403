"""All source checks, shared by `kb check`, `kb build` and every MkDocs build."""
from __future__ import annotations

from pathlib import Path

from kb.citations import check_citations
from kb.data import KbData, load_data
from kb.findings import Finding, FindingsError
from kb.pages import Page, check_front_matter, iter_pages, read_page
from kb.playbooks import check_playbooks
from kb.privacy import check_sources
from kb.paths import DATA_DIR, DOCS_DIR, display
from kb.scope import check_scope
from kb.structure import check_structure
from kb.training import check_training_pages


def load_pages(docs_dir: Path = DOCS_DIR) -> tuple[list[Page], list[Finding]]:
    pages, findings = [], []
    for path in iter_pages(docs_dir):
        page, problems = read_page(path, docs_dir)
        pages.append(page)
        findings += problems
    return pages, findings


def check_pages(pages: list[Page], data: KbData) -> list[Finding]:
    findings = []
    for page in pages:
        findings += check_front_matter(page, data)
        findings += check_citations(page.body, display(page.path), data, page.body_line)
        findings += check_structure(page)
        findings += check_scope(page.body, display(page.path), page.body_line)
    findings += check_playbooks(pages, data)  # generated playbook pages: links, prose citations, front matter
    findings += check_training_pages(pages, data.training, DATA_DIR)  # pages and headings the training modules cite
    return findings


def run_source_checks(docs_dir: Path = DOCS_DIR, data_dir: Path = DATA_DIR) -> list[Finding]:
    """Every check that needs no build. Returns findings (empty list = all good)."""
    try:
        data = load_data(str(data_dir))
    except FindingsError as err:
        return err.findings  # pages cannot be checked against broken data
    pages, findings = load_pages(docs_dir)
    return findings + check_pages(pages, data) + check_privacy(data, docs_dir, data_dir)


def check_privacy(data: KbData, docs_dir: Path = DOCS_DIR, data_dir: Path = DATA_DIR) -> list[Finding]:
    """Personal data in pages and data files (kb/privacy.py). `kb build` also scans the built site."""
    return check_sources([docs_dir, data_dir], data.privacy)
