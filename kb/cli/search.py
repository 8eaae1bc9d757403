"""`kb search` and `kb bench`: the built index searched the way the browser does, and the benchmark."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, current_project


def cmd_search(args) -> int:
    """Search the built site's index with the same engine as the browser (kb/search/engine.py)."""
    import json
    from kb.search.engine import MAX_QUERY, format_results, load_engine
    query = " ".join(args.query).strip()
    if not query:
        print("kb search: 请写要搜索的内容，例如 kb search 初信初访", file=sys.stderr)
        return EXIT_USAGE
    if len(query) > MAX_QUERY:
        print(f"kb search: 搜索内容有 {len(query)} 个字符，只按前 {MAX_QUERY} 个字符搜索（和网站搜索框一样）。"
              "请只写关键词。", file=sys.stderr)
        query = query[:MAX_QUERY]
    site = Path(args.site_dir) if args.site_dir else current_project().settings.site_dir
    index = site / "search" / "meta.js"
    if not index.is_file():
        print(f"kb search: 找不到搜索索引 {index}。请先运行 kb build（或 make build）生成网站，"
              "或用 --site-dir 指向已经构建好的网站目录。", file=sys.stderr)
        return EXIT_USAGE
    engine = load_engine(site)
    results = engine.search(query, args.limit)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    elif results:
        print(format_results(results, args.limit))
    if not results:
        near = "、".join(name for name, _ in engine.suggestions(query))
        hint = f"术语表里相近的词：{near}。" if near else "换个说法试试（如术语表里的规范写法）。"
        print(f"kb search: 没有找到和“{query}”相关的页面。{hint}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_bench(args) -> int:
    """Search quality of a built site (golden set, real questions); with --pages N the scale
    benchmark of the whole build on a synthetic corpus (kb/cli/bench.py), and with --pages N
    --search the browser benchmark of search on it (kb/bench/search.py)."""
    if args.pages:
        from kb.cli.bench import cmd_scale, cmd_search_scale
        return cmd_search_scale(args) if args.search else cmd_scale(args)
    from kb.search.bench import quality
    project = current_project()
    root = project.settings.root
    site = Path(args.site_dir) if args.site_dir else project.settings.site_dir
    if not (site / "search" / "meta.js").is_file():
        print(f"kb bench: 找不到 {site / 'search' / 'meta.js'}。请先运行 kb build，或用 --site-dir 指向构建好的网站。",
              file=sys.stderr)
        return EXIT_USAGE
    for report in quality(site, root):
        print(report.summary())
        for q in report.misses(3):
            print(f"    前3条没有命中：{q}（第 {report.ranks[q] or '10+'} 名；前三：{'、'.join(report.top[q])}）")
    return EXIT_OK


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "search", help="在构建好的网站里搜索（和浏览器里的搜索结果一样）",
        description="用构建好的网站里的搜索索引（site/search/）搜索，分词、查询处理和排序与浏览器里的搜索框"
                    "完全相同（同一套算法：kb/search/engine.py 和 kb-search.js）。按相关程度列出页面类型、标题、地址"
                    "和最相关的一句话。",
        epilog="退出码：0 有结果，1 没有结果，2 用法错误或找不到索引（先运行 kb build）。"
               "例：kb search 初信初访；kb search 第十五条 --json")
    p.add_argument("query", nargs="+", metavar="QUERY", help="搜索内容，和在网站搜索框里输入的一样")
    p.add_argument("--json", action="store_true", help="输出 JSON：[{title, location, kind, score, snippet, section, anchor}]")
    p.add_argument("--site-dir", help="构建好的网站目录（默认 site/）")
    p.add_argument("--limit", type=int, default=10, help="最多列出多少个页面（默认 10）")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "bench", help="基准：搜索命中率（金标准和真实提问）；--pages N 在 N 页合成语料上比较 kb build 和 Material 原样构建；"
                      "加 --search 在 Chromium 里测搜索的速度和下载量",
        description="不带 --pages：用 tests/search_golden.yml 和 tests/search_real_questions.yml 在构建好的网站上报告 "
                    "hit@1、hit@3、MRR（真实提问里页面还没发布的不计分）。\n"
                    "--pages N：用真实内容生成 N 页的合成语料（临时目录），kb build --no-handouts 和同一份 Markdown 的 "
                    "Material 原样构建交替运行，报告构建时间、峰值内存、每页 HTML 字节数、索引字节数和比值，以及 kb check "
                    "的时间；--serve 再测预览的刷新时间。\n"
                    "--pages N --search：在同样的合成网站上，用 Chromium 测 kb 的搜索、Material 原样的中文搜索和 Pagefind"
                    "（同一份 Markdown，http 和 file:// 各一次）：首个结果前下载的字节数、按键到出结果的时间、JS 内存、外部请求。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="退出码：0 完成，1 网站构建失败，2 用法错误。例：kb bench --site-dir site；kb bench --pages 1000 --runs 3；"
               "kb bench --pages 1000 --search")
    p.add_argument("--site-dir", help="已经构建好的网站（默认 site/）")
    p.add_argument("--pages", type=int, action="append", metavar="N",
                   help="合成语料的页数（如 1000、5000）；规模基准可以写多次（如 --pages 70 --pages 1000）")
    p.add_argument("--runs", type=int, default=3, help="规模基准：每种构建跑几次（默认 3，取中位数）")
    p.add_argument("--check-runs", type=int, default=3, help="规模基准：kb check 跑几次（默认 3）")
    p.add_argument("--work-dir", help="规模基准和搜索基准：语料和构建结果放在这里并保留（默认临时目录，跑完删除）")
    p.add_argument("--serve", action="store_true",
                   help="规模基准：再用 mkdocs serve --dirty（make serve）预览语料，计时改一个期限和改一页之后页面多久显示改动")
    p.add_argument("--serve-port", type=int, default=8765, help="规模基准：预览用的端口（默认 8765）")
    p.add_argument("--search", action="store_true", help="和 --pages 一起用：在 Chromium 里测搜索（而不是构建）")
    p.set_defaults(func=cmd_bench)
