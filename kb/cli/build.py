"""`kb build` and `kb handouts`: the strict build with every check, and the PDF handouts."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from kb.model.findings import FindingsError
from kb.load.project import Project
from kb.cli.check import print_warnings, source_findings
from kb.cli.common import EXIT_FINDINGS, EXIT_OK, current_project, problem_lines, report


def cmd_build(args) -> int:
    from kb.mkdocs_glue.build import strict_build
    project = current_project()
    errors, warnings = source_findings(project)
    if errors:
        return report(errors)
    project.checked = True  # the hooks of the build below run on this same Project: checks run once
    site_dir = Path(args.site_dir).resolve() if args.site_dir else project.settings.site_dir
    # Build next to the target and swap in only on success: a failed build leaves no site behind.
    staging = site_dir.with_name(site_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    result = strict_build(project, staging)
    if not result.ok:
        shutil.rmtree(staging, ignore_errors=True)
        sys.stderr.write(problem_lines(result.log, project))
        print("kb build: MkDocs 严格构建失败（见上面的 ERROR/WARNING 行）。网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if not args.no_handouts and handouts(project, staging) != EXIT_OK:  # site/handouts/<id>.pdf
        shutil.rmtree(staging, ignore_errors=True)
        print("kb build: 培训讲义没有生成，网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if site_privacy(project, staging, site_dir):  # personal data must reach neither a page nor the search index
        shutil.rmtree(staging, ignore_errors=True)
        return EXIT_FINDINGS
    shutil.rmtree(site_dir, ignore_errors=True)
    staging.rename(site_dir)
    print(f"kb build: 构建完成，所有检查通过：{site_dir}")
    print_warnings(warnings)
    return EXIT_OK


def handouts(project: Project, site: Path, out: Path | None = None, only: list[str] | None = None) -> int:
    """Print the training handouts from the built site (kb.handouts)."""
    from kb.handouts.printing import HandoutError, render_handouts
    training = next((s for shown, s in project.sources.items() if shown.endswith("training.yml")), None)
    try:
        results = render_handouts(site, project.data, out, only, training_source=training,
                                  chromium=project.settings.chromium)
    except FindingsError as err:
        return report(err.findings)
    except HandoutError as err:
        print(f"kb: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    for r in results:
        print(f"  {r.pdf.name}：{r.pages} 页，{r.seconds:.1f} 秒")
    where = out or "网站的 handouts/ 目录"
    print(f"kb: {len(results)} 份培训讲义已生成，放在 {where}，共 {sum(r.seconds for r in results):.1f} 秒。")
    return EXIT_OK


def site_privacy(project: Project, staging: Path, site_dir: Path) -> list:
    """Scan the freshly built site (every page, the search index) before it is swapped in."""
    from kb.privacy.scan import check_site
    findings = check_site(staging, project.data.privacy, project.settings.root, shown_dir=site_dir, show=project.show)
    if findings:
        report(findings)
        print("kb build: 构建出的网站里有疑似个人信息（见上面各行），网站没有生成。", file=sys.stderr)
    return findings


def cmd_handouts(args) -> int:
    from kb.mkdocs_glue.build import strict_build
    project = current_project()
    out = Path(args.out).resolve() if args.out else project.settings.root / "handouts"
    if args.site_dir:
        return handouts(project, Path(args.site_dir).resolve(), out, args.module)
    with tempfile.TemporaryDirectory(prefix="kb-handouts-") as tmp:
        site = Path(tmp) / "site"
        result = strict_build(project, site)
        if not result.ok:
            sys.stderr.write(problem_lines(result.log, project))
            print("kb handouts: 网站严格构建失败（见上面各行），讲义没有生成。", file=sys.stderr)
            return EXIT_FINDINGS
        return handouts(project, site, out, args.module)


def add_parsers(sub) -> None:
    p = sub.add_parser("build", help="严格构建网站并运行全部检查",
                       description="先运行全部源文件检查，再严格构建网站（任何警告都算失败），最后检查构建出的网站。",
                       epilog="退出码：0 通过，1 发现问题，2 用法错误。")
    p.add_argument("--site-dir", help="输出目录（默认 site/）")
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
    p.add_argument("--out", help="PDF 输出目录（默认 handouts/）")
    p.add_argument("--site-dir", help="用已经构建好的网站（如 site/），不再重新构建")
    p.add_argument("--module", action="append", metavar="ID",
                   help="只生成这个模块（data/training.yml 里的 id），可以写多次；默认全部")
    p.set_defaults(func=cmd_handouts)
