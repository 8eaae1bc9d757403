"""The `kb` command. Exit codes: 0 all good, 1 findings, 2 usage error."""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kb.findings import format_findings
from kb.paths import ROOT, SITE_DIR

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _report(findings) -> int:
    if findings:
        print(format_findings(findings), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_check(args) -> int:
    from kb.checks import run_source_checks
    status = _report(run_source_checks())
    if status == EXIT_OK:
        print("kb check: 数据、页面 front matter 和条文引用全部通过。")
        _print_reviews_due()
    return status


def _print_reviews_due() -> None:
    """Pages past their review date are reported (not failed: time passing is not an error in the sources)."""
    from kb.checks import load_pages
    from kb.pages import review_due
    today = datetime.date.today()
    due = [(review_due(p), p.src) for p in load_pages()[0] if not p.is_draft and review_due(p)]
    overdue = sorted((d, src) for d, src in due if d <= today)
    for d, src in overdue:
        print(f"  到期复审：docs/{src}（应在 {d} 前复审；复审后更新 reviewed 日期）")
    if overdue:
        print(f"kb check: {len(overdue)} 个页面已到复审日期，请安排负责单位复审。")


def mkdocs_build(site_dir: Path) -> subprocess.CompletedProcess:
    """Strict build in a subprocess, so a failing build can never leave state behind in ours."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, text=True, capture_output=True,
    )


def cmd_build(args) -> int:
    from kb.checks import run_source_checks
    findings = run_source_checks()
    if findings:
        return _report(findings)
    site_dir = Path(args.site_dir).resolve()
    # Build next to the target and swap in only on success: a failed build leaves no site behind.
    staging = site_dir.with_name(site_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    result = mkdocs_build(staging)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        sys.stderr.write(_problem_lines(result.stdout + result.stderr))
        print("kb build: MkDocs 严格构建失败（见上面的 ERROR/WARNING 行）。网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if not args.no_handouts and _handouts(staging) != EXIT_OK:  # site/handouts/<id>.pdf, linked from 培训 pages
        shutil.rmtree(staging, ignore_errors=True)
        print("kb build: 培训讲义没有生成，网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if _site_privacy(staging, site_dir):  # personal data must reach neither a page nor the search index
        shutil.rmtree(staging, ignore_errors=True)
        return EXIT_FINDINGS
    shutil.rmtree(site_dir, ignore_errors=True)
    staging.rename(site_dir)
    print(f"kb build: 构建完成，所有检查通过：{site_dir}")
    return EXIT_OK


def _handouts(site: Path, out: Path | None = None, only: list[str] | None = None) -> int:
    """Print the training handouts from the built site (kb/handouts.py)."""
    from kb.findings import FindingsError
    from kb.handouts import HandoutError, render_handouts
    try:
        results = render_handouts(site, out, only)
    except FindingsError as err:
        return _report(err.findings)
    except HandoutError as err:
        print(f"kb: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    for r in results:
        print(f"  {r.pdf.name}：{r.pages} 页，{r.seconds:.1f} 秒")
    where = out or "网站的 handouts/ 目录"
    print(f"kb: {len(results)} 份培训讲义已生成，放在 {where}，共 {sum(r.seconds for r in results):.1f} 秒。")
    return EXIT_OK


def cmd_handouts(args) -> int:
    import tempfile
    out = Path(args.out).resolve()
    if args.site_dir:
        return _handouts(Path(args.site_dir).resolve(), out, args.module)
    with tempfile.TemporaryDirectory(prefix="kb-handouts-") as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(site)
        if result.returncode != 0:
            sys.stderr.write(_problem_lines(result.stdout + result.stderr))
            print("kb handouts: 网站严格构建失败（见上面各行），讲义没有生成。", file=sys.stderr)
            return EXIT_FINDINGS
        return _handouts(site, out, args.module)


def _site_privacy(staging: Path, site_dir: Path) -> list:
    """Scan the freshly built site (every page, search/search_index.json) before it is swapped in."""
    from kb.privacy import check_site, load_lists
    lists, _ = load_lists()
    findings = check_site(staging, lists, ROOT, shown_dir=site_dir)
    if findings:
        _report(findings)
        print("kb build: 构建出的网站里有疑似个人信息（见上面各行），网站没有生成。", file=sys.stderr)
    return findings


def cmd_privacy(args) -> int:
    from kb.privacy import load_lists, scan_paths
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"kb privacy: 找不到 {p}。请写存在的文件或文件夹，如 kb privacy docs data。", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    lists, problems = load_lists()
    if problems:
        print("kb privacy: data/ 里的数据没有通过检查，这次不用 data/privacy.yml 的名单（先运行 kb check 修好）。",
              file=sys.stderr)
    reports = scan_paths([Path(p) for p in args.paths], lists)
    for report in reports:
        print(report.finding())
    if reports:
        print(f"kb privacy: 发现 {len(reports)} 处疑似个人信息。请换成化名或占位写法（见 docs/reference/authoring.md 的化名规则），"
              "或者经审核后在 data/privacy.yml 的 allow 里登记并写明理由。", file=sys.stderr)
        return EXIT_FINDINGS
    print("kb privacy: 没有发现个人信息。", file=sys.stderr)
    return EXIT_OK


def cmd_new(args) -> int:
    from kb.scaffold import ScaffoldError, ScaffoldUsageError, new_playbook, new_procedure
    try:
        if args.kind == "playbook":
            created = new_playbook(args.title, args.id, args.category)
        else:
            if args.category is not None:
                raise ScaffoldUsageError("--category 只用于 kb new playbook。")
            created = new_procedure(args.title, args.id)
    except ScaffoldUsageError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ScaffoldError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    from kb.paths import display
    print(f"kb new: 已创建 {display(created.path)}（草稿，不会发布）。下一步：")
    for n, step in enumerate(created.next_steps, 1):
        print(f"  {n}. {step}")
    return EXIT_OK


def cmd_search(args) -> int:
    """Search the built site's index the way the browser does (kb/search.py)."""
    import json
    from kb.search import format_results, load_engine
    query = " ".join(args.query).strip()
    if not query:
        print("kb search: 请写要搜索的内容，例如 kb search 初信初访", file=sys.stderr)
        return EXIT_USAGE
    site = Path(args.site_dir)
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
    """Golden queries against the tuned index and Material's plain zh index (kb/search_bench.py)."""
    from kb.search_bench import compare, run_bench
    try:
        tuned, plain = run_bench(args.site_dir and Path(args.site_dir),
                                 args.baseline_dir and Path(args.baseline_dir), Path(args.golden))
    except RuntimeError as err:
        sys.stderr.write(_problem_lines(str(err)))
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


def _problem_lines(log: str) -> str:
    """The plain-language explanation first, then MkDocs' own WARNING/ERROR lines."""
    from kb.buildlog import explain
    noise = ("INFO", "DEBUG", "Building prefix dict", "Loading model", "Prefix dict", "Dumping model")
    keep = [line for line in log.splitlines() if line.strip() and not line.startswith(noise)]
    return "\n".join(explain(log, ROOT / "docs") + ["", "MkDocs 原始输出："] + keep) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb", description="信访工作知识库的构建和检查工具。退出码：0 通过，1 发现问题，2 用法错误。")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="严格构建网站并运行全部检查",
                       description="先运行全部源文件检查，再严格构建网站（任何警告都算失败）。")
    p.add_argument("--site-dir", default=str(SITE_DIR), help="输出目录（默认 site/）")
    p.add_argument("--no-handouts", action="store_true",
                   help="不生成培训讲义 PDF（没有安装 chromium 的电脑上预览用；CI 不用这个选项）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "handouts", help="把每个培训模块打印成 PDF 讲义",
        description="按 data/training.yml 把每个培训模块做成 A4 PDF 讲义：封面、学习目标、引用页面的小节、"
                    "要点、学习清单、测验、答案（另起一页）和学习确认表。先严格构建网站（放在临时目录），"
                    "再用 Chromium 打印。kb build 也会生成讲义，放在 site/handouts/。",
        epilog="退出码：0 成功，1 有问题（页面或小节找不到、缺少 chromium 等），2 用法错误。"
               "例：kb handouts --out handouts --module group-visit")
    p.add_argument("--out", default=str(ROOT / "handouts"), help="PDF 输出目录（默认 handouts/）")
    p.add_argument("--site-dir", help="用已经构建好的网站（如 site/），不再重新构建")
    p.add_argument("--module", action="append", metavar="ID",
                   help="只生成这个模块（data/training.yml 里的 id），可以写多次；默认全部")
    p.set_defaults(func=cmd_handouts)

    p = sub.add_parser("check", help="只检查源文件（数据、front matter、条文引用），不构建",
                       description="快速检查 data/ 和 docs/，不生成网站。")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "privacy", help="查找个人信息（身份证号、手机号、姓名、住址等）",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="扫描文件或文件夹（Markdown、YAML、HTML、JSON，文件夹会逐层往下找），"
                    "每处疑似个人信息打印一行：路径:行号: 类别: 打码后的上下文。\n"
                    "类别：id-card 身份证号、mobile 手机号、landline 固定电话、email 邮箱、bank-card 银行卡号、"
                    "plate 车牌号、name 姓名、birth-date 出生日期、address 详细住址、wechat 微信号、qq QQ号、"
                    "passport 护照号、deny-list data/privacy.yml 里的禁用名称。\n"
                    "误报经审核后写进 data/privacy.yml 的 allow（必须写 reason）。",
        epilog="退出码：0 没有发现，1 有发现，2 用法错误（如路径不存在）。例：kb privacy docs data site")
    p.add_argument("paths", nargs="+", metavar="PATH", help="要扫描的文件或文件夹")
    p.set_defaults(func=cmd_privacy)

    p = sub.add_parser(
        "new", help="新建案例记录或工作流程页面（草稿，带填写提示）",
        description="按模板新建一个草稿：playbook 生成 data/playbooks/<id>.yml（案例手册记录，页面自动生成），"
                    "procedure 生成 docs/procedures/<id>.md（八个固定小节）。草稿带 draft: true，不会发布，"
                    "生成后马上就能通过 kb check。已经存在的文件不会被覆盖。",
        epilog="退出码：0 已创建，1 文件已存在或数据有问题，2 用法错误。"
               "例：kb new playbook \"工程项目年底欠薪，农民工集体走访\" --id wage-arrears-group")
    p.add_argument("kind", choices=["playbook", "procedure"], help="playbook 案例记录；procedure 工作流程页面")
    p.add_argument("title", help="标题（4—40个字），如“工程项目年底欠薪，农民工集体走访”")
    p.add_argument("--id", help="文件名，也是页面地址：小写英文字母、数字和连字符，如 wage-arrears-group；"
                                "不写时从标题生成（中文标题生成 new-xxxxxx，建议自己起一个）")
    p.add_argument("--category", help="只用于 playbook：事项类别（data/categories.yml 的 id，如 wages）；"
                                      "不写时用第一个类别，之后在文件里改")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "search", help="在构建好的网站里搜索（和浏览器里的搜索结果一样）",
        description="用 site/search/search_index.json 搜索，分词、查询改写和排序与浏览器里的搜索框相同"
                    "（kb/search.py 移植了 Material 的搜索代码）。按相关程度列出页面、最相关的小节和地址。",
        epilog="退出码：0 有结果，1 没有结果，2 用法错误或找不到索引（先运行 kb build）。"
               "例：kb search 初信初访；kb search 第十五条 --json")
    p.add_argument("query", nargs="+", metavar="QUERY", help="搜索内容，和在网站搜索框里输入的一样")
    p.add_argument("--json", action="store_true", help="输出 JSON：[{title, location, score, sections}]")
    p.add_argument("--site-dir", default=str(SITE_DIR), help="构建好的网站目录（默认 site/）")
    p.add_argument("--limit", type=int, default=10, help="最多列出多少个页面（默认 10）")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "bench", help="搜索基准：金标准查询集在调优索引和基线索引上的命中率、速度和索引大小",
        description="把 tests/search_golden.yml 里的查询用 kb search 的引擎分别跑在调优后的索引和 Material "
                    "原样的中文搜索索引（基线，KB_SEARCH_PLAIN=1 构建）上，报告 hit@1、hit@3、MRR、"
                    "查询时间中位数和每页索引字节数，以及调优/基线的比值。没有给出的网站会先严格构建到临时目录。",
        epilog="退出码：0 完成，1 网站构建失败，2 用法错误。例：kb bench；kb bench --site-dir site")
    p.add_argument("--site-dir", help="已经构建好的调优网站（如 site/）；不写就临时构建")
    p.add_argument("--baseline-dir", help="已经构建好的基线网站；不写就临时构建")
    p.add_argument("--golden", default=str(ROOT / "tests" / "search_golden.yml"), help="查询集（默认 tests/search_golden.yml）")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
