from kb.render.pdflinks import point_pdfs_to_help


def test_pdf_links_point_to_the_help_page_when_no_pdfs_follow():
    page = ('<a class="md-button kb-handout-link" href="../handouts/group-visit.pdf" download>下载</a>'
            '<a href="../reference/deadlines.html">期限表</a><a href="../../print/policy.pdf">整栏</a>')
    out = point_pdfs_to_help(page, "training/group-visit.md")
    assert '<a class="md-button kb-handout-link" href="../maintenance/handouts.html" ' \
           'data-kb-pdf-missing="../handouts/group-visit.pdf">下载</a>' in out
    assert '<a href="../reference/deadlines.html">' in out and "download" not in out
    assert 'href="../maintenance/handouts.html" data-kb-pdf-missing="../../print/policy.pdf"' in out
    assert point_pdfs_to_help('<a href="../print/policy.pdf">x</a>', "reference/templates/a.md").count("../../maintenance/") == 1


def test_mkdocs_serve_is_remembered_across_the_hooks_reimport():
    """on_startup (once per serve) sets the state that on_page_content reads on every rebuild;
    a second on_startup in hooks.py once shadowed it, so the PDF buttons never pointed to the help page."""
    import ast
    from pathlib import Path

    from kb.mkdocs_glue import hooks, live
    from kb.mkdocs_glue.serving import STATE
    tree = ast.parse(Path(hooks.__file__).read_text(encoding="utf-8"))
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert names.count("on_startup") == 1
    try:
        hooks.on_startup(command="serve", dirty=False)
        assert STATE["serving"] is True
    finally:
        STATE["serving"] = False
        live.start(dirty=False)
