"""`kb search` and `kb bench`: the built index searched the way the browser does, and the benchmark."""
from __future__ import annotations

import sys
from pathlib import Path

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, current_project, problem_lines


def cmd_search(args) -> int:
    """Search the built site's index the way the browser does (kb/search.py)."""
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
    index = site / "search" / "search_index.json"
    if not index.is_file():
        print(f"kb search: 找不到搜索索引 {index}。请先运行 kb build（或 make build）生成网站，"
              "或用 --site-dir 指向已经构建好的网站目录。", file=sys.stderr)
        return EXIT_USAGE
    results = load_engine(site).search(query)
    if args.json:
        print(json.dumps([r.as_dict() for r in results[:args.limit]], ensure_ascii=False, indent=2))
    elif results:
        print(format_results(results, args.limit))
    if not results:
        print(f"kb search: 没有找到和“{query}”相关的页面。换个说法试试（如术语表里的规范写法）。", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_bench(args) -> int:
    """Golden queries against the tuned index and Material's plain zh index (kb/search_bench.py);
    with --pages, the scale benchmark on a synthetic corpus (kb/cli/bench.py)."""
    if args.pages:
        from kb.cli.bench import cmd_scale
        return cmd_scale(args)
    from kb.search.bench import GOLDEN, compare, run_bench
    project = current_project()
    golden = Path(args.golden) if args.golden else project.settings.root / GOLDEN
    args.golden = golden
    try:
        tuned, plain = run_bench(project.settings.root, args.site_dir and Path(args.site_dir),
                                 args.baseline_dir and Path(args.baseline_dir), golden)
    except RuntimeError as err:
        sys.stderr.write(problem_lines(str(err), project))
        print("kb bench: 网站构建失败（见上面各行），没有跑基准。", file=sys.stderr)
        return EXIT_FINDINGS
    except FileNotFoundError as err:
        print(f"kb bench: 找不到 {err.filename}。请检查 --site-dir / --baseline-dir / --golden。", file=sys.stderr)
        return EXIT_USAGE
    print(f"kb bench: {len(tuned.ranks)} 条金标准查询（{args.golden}），同一套引擎（kb search）分别查两个索引：")
    print(compare(tuned, plain))
    for report in (tuned, plain):
        missed = report.misses(3)
        print(f"{report.name} 前3条没有命中（{len(missed)}）：{'、'.join(missed) or '无'}")
    return EXIT_OK


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "search", help="在构建好的网站里搜索（和浏览器里的搜索结果一样）",
        description="用 site/search/search_index.json 搜索，分词、查询改写和排序与浏览器里的搜索框相同"
                    "（kb/search.py 移植了 Material 的搜索代码）。按相关程度列出页面、最相关的小节和地址。",
        epilog="退出码：0 有结果，1 没有结果，2 用法错误或找不到索引（先运行 kb build）。"
               "例：kb search 初信初访；kb search 第十五条 --json")
    p.add_argument("query", nargs="+", metavar="QUERY", help="搜索内容，和在网站搜索框里输入的一样")
    p.add_argument("--json", action="store_true", help="输出 JSON：[{title, location, score, sections}]")
    p.add_argument("--site-dir", help="构建好的网站目录（默认 site/）")
    p.add_argument("--limit", type=int, default=10, help="最多列出多少个页面（默认 10）")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "bench", help="搜索基准：金标准查询集在调优索引和基线索引上的命中率、速度和索引大小",
        description="把 tests/search_golden.yml 里的查询用 kb search 的引擎分别跑在调优后的索引和 Material "
                    "原样的中文搜索索引（基线，KB_SEARCH_PLAIN=1 构建）上，报告 hit@1、hit@3、MRR、"
                    "查询时间中位数和每页索引字节数，以及调优/基线的比值。没有给出的网站会先严格构建到临时目录。",
        epilog="退出码：0 完成，1 网站构建失败，2 用法错误。例：kb bench；kb bench --site-dir site；"
               "kb bench --pages 1000 --runs 3")
    p.add_argument("--site-dir", help="已经构建好的调优网站（如 site/）；不写就临时构建")
    p.add_argument("--baseline-dir", help="已经构建好的基线网站；不写就临时构建")
    p.add_argument("--golden", help="查询集（默认 tests/search_golden.yml）")
    p.add_argument("--pages", type=int, action="append", metavar="N",
                   help="规模基准：用真实内容生成 N 页的合成语料（临时目录），kb build --no-handouts 和同一份 "
                        "Markdown 的 Material 原样构建交替运行，报告构建时间、峰值内存、每页 HTML 字节数、"
                        "索引字节数和比值，以及 kb check 的时间；可以写多次（如 --pages 70 --pages 1000）")
    p.add_argument("--runs", type=int, default=3, help="规模基准：每种构建跑几次（默认 3，取中位数）")
    p.add_argument("--check-runs", type=int, default=3, help="规模基准：kb check 跑几次（默认 3）")
    p.add_argument("--work-dir", help="规模基准：语料和构建结果放在这里并保留（默认临时目录，跑完删除）")
    p.add_argument("--serve", action="store_true",
                   help="规模基准：再用 mkdocs serve --dirty（make serve）预览语料，计时改一个期限和改一页之后页面多久显示改动")
    p.add_argument("--serve-port", type=int, default=8765, help="规模基准：预览用的端口（默认 8765）")
    p.set_defaults(func=cmd_bench)
