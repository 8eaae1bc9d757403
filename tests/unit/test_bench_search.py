"""kb bench --pages N --search: the pure parts (no browser, no build). The Pagefind page keeps the
built page but swaps kb's search for Pagefind's UI from the site's own bundle; the table reports
an engine that gives no result (Pagefind, Material from file://) as a row, not an error; the
bytes before the first result are split into page, theme and search files."""
from __future__ import annotations

import pytest

from kb.bench import browser
from kb.bench.corpus import KB_SEARCH_SCRIPT, yaml_blocks
from kb.bench.pagefind import bench_page
from kb.bench.search import HEADER, Row, breakdown, table

PAGE = ('<html><head><title>t</title></head><body><div class="md-search" data-kb-search></div>'
        '<article class="md-content__inner md-typeset"><h1>工作流程</h1></article>'
        '<script src="../assets/javascripts/bundle.min.js"></script>'
        '<script src="../assets/javascripts/kb-search.js"></script>\n</body></html>')


def test_pagefind_page_swaps_kb_search_for_the_local_pagefind_ui():
    out = bench_page(PAGE, "../")
    assert "kb-search.js" not in out and "bundle.min.js" in out
    assert '<link rel="stylesheet" href="../pagefind/pagefind-ui.css">' in out.split("</head>")[0]
    assert '<article class="md-content__inner md-typeset"><div id="kb-bench-pagefind"></div><h1>' in out
    assert 'bundlePath: "../pagefind/"' in out and "debounceTimeoutMs: 0" in out
    assert "http" not in out   # nothing from outside
    with pytest.raises(ValueError):
        bench_page(PAGE.replace("kb-search.js", "other.js"), "../")


def test_baseline_drops_kb_search_scripts_only():
    config = ("extra_javascript:\n  - assets/javascripts/a.js  # a\n  - assets/javascripts/kb-search.js  # kb\n"
              "                                            # more\n  - assets/javascripts/search-limit.js\n"
              "  - assets/javascripts/b.js\n")
    block = dict(yaml_blocks(config))["extra_javascript"]
    assert KB_SEARCH_SCRIPT.sub("", block) == "extra_javascript:\n  - assets/javascripts/a.js  # a\n  - assets/javascripts/b.js\n"


def test_every_engine_has_selectors_and_predicates():
    for name, engine in browser.ENGINES.items():
        assert engine.box and engine.root and engine.first.startswith("return") and "return" in engine.typed, name


FILES = [("/procedures/index.html", 50_000, 10_000), ("/assets/stylesheets/main.css", 140_000, 23_000),
         ("/assets/javascripts/bundle.js", 114_000, 35_000), ("/assets/javascripts/kb-search.js", 23_000, 8_000),
         ("/search/meta.js", 80_000, 38_000), ("/assets/images/favicon.png", 2_000, 2_000)]


def test_breakdown_splits_page_theme_and_search_files():
    assert breakdown(FILES) == {"页面 HTML": (50_000, 10_000), "CSS": (140_000, 23_000), "JS": (114_000, 35_000),
                                "搜索文件": (103_000, 46_000), "其他": (2_000, 2_000)}
    assert breakdown([("/pagefind/pagefind-ui.js", 1, 1), ("/assets/javascripts/workers/search.js", 2, 2)]) == \
        {"搜索文件": (3, 3)}


def test_table_has_a_row_per_engine_and_way_and_says_what_does_not_work():
    works = {"works": True, "ready": 230.4, "heap": 3_900_000, "times": [10, 20, 46], "last": [15, 17],
             "stalled": 0, "external": 0, "files": FILES}
    rows = [Row("kb 搜索", "http", 5017, 534.0, 11.0, 42_300_000, works, 0.8),
            Row("kb 搜索", "file://", 5017, 534.0, 11.0, 42_300_000, {**works, "files": []}),
            Row("Pagefind", "file://", 5017, None, 60.0, 30_000_000, {"works": False, "external": 0})]
    lines = table(rows).split("\n")
    assert lines[0] == HEADER and lines[1].count("|") == HEADER.count("|")
    assert all(line.count("|") == HEADER.count("|") for line in lines[2:5])
    assert lines[2].startswith("| kb 搜索（http） | 5017 | 534 | 11 秒（2%） | 42.3 MB | 409 KB | 116 KB | 103 KB | 230 ms |")
    assert lines[2].endswith("| 3.9 MB | 0 | 0.8 |") and lines[3].endswith("| 0 | — |")
    assert "—（本地文件）" in lines[3]
    assert "（同 kb） | 另加 60 秒" in lines[4] and "不能用：20 秒内没有结果" in lines[4]
    assert any(line.startswith("- kb 搜索（http）首个结果前：页面 HTML 50 KB（gzip 10 KB）") for line in lines)
