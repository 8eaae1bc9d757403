"""`kb build` and `kb handouts`: the strict build with every check, and the PDF handouts."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from kb.model.findings import FindingsError
from kb.load.project import Project
from kb.cli.check import print_warnings, source_findings
from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, current_project, problem_lines, report


def cmd_build(args) -> int:
    project = current_project()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else project.settings.site_dir
    refused = site_dir_problem(site_dir, project.settings.root)
    if refused:  # before anything is read or built: the folder would be deleted and replaced
        print(f"kb build: 不能把网站生成到 {site_dir}：{refused}", file=sys.stderr)
        return EXIT_USAGE
    return build_site(project, site_dir, no_handouts=args.no_handouts)


def build_site(project: Project, site_dir: Path, no_handouts: bool = False) -> int:
    """Every check, the strict build, the PDFs, the scan of the result; site_dir only on success."""
    from kb.gate.rules import Rules
    from kb.sitepass.pool import SitePass
    try:
        ctx = project.context()
    except FindingsError as err:
        return report(project.page_problems + err.findings)  # pages cannot be checked against broken data
    # The workers of the site pass start now: the privacy scan of the sources runs there while the
    # other checks and then MkDocs run here; each built page goes there next (kb.sitepass).
    site_pass = SitePass(Rules(links=ctx.data.links), ctx.data.privacy)
    try:
        return _build_checked(project, ctx, site_pass, site_dir, no_handouts)
    finally:
        site_pass.close()


def _build_checked(project: Project, ctx, site_pass, site_dir: Path, no_handouts: bool) -> int:
    from kb.mkdocs_glue.build import strict_build
    from kb.privacy.scan import scan_texts_later, source_finding
    privacy_reports = scan_texts_later(ctx.texts, ctx.data.privacy, site_pass)
    errors, warnings = source_findings(project, skip=(PRIVACY_RULE,))

    def privacy_findings() -> list:
        return [source_finding(r).with_rule(PRIVACY_RULE) for r in privacy_reports()]

    if errors:
        return report(errors + privacy_findings())
    project.checked = True  # the hooks of the build below run on this same Project: checks run once
    # Build next to the target and swap in only on success: a failed build leaves no site behind.
    staging = site_dir.with_name(site_dir.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    result = strict_build(project, staging, site_pass)
    found = privacy_findings()
    if found:  # the sources have personal data: whatever was built is thrown away
        shutil.rmtree(staging, ignore_errors=True)
        return report(found)
    if not result.ok:
        shutil.rmtree(staging, ignore_errors=True)
        sys.stderr.write(problem_lines(result.log, project))
        print("kb build: MkDocs 严格构建失败（见上面的 ERROR/WARNING 行）。网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if not no_handouts and handouts(project, staging) != EXIT_OK:  # site/handouts/<id>.pdf
        shutil.rmtree(staging, ignore_errors=True)
        print("kb build: 培训讲义没有生成，网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    if not no_handouts and section_books(project, staging, result.sections) != EXIT_OK:  # site/print/<section>.pdf
        shutil.rmtree(staging, ignore_errors=True)
        print("kb build: 栏目打印版没有生成，网站没有生成。", file=sys.stderr)
        return EXIT_FINDINGS
    (staging / SITE_MARKER).write_text("kb build 生成的网站；再次构建时整个目录会被替换。\n", encoding="utf-8")
    shutil.rmtree(site_dir, ignore_errors=True)
    staging.rename(site_dir)
    print(f"kb build: 构建完成，所有检查通过：{site_dir}")
    print_warnings(warnings)
    return EXIT_OK


PRIVACY_RULE = "privacy.sources"  # run on the site pass's workers, beside the build


SITE_MARKER = ".kb-site"  # written into every site kb build makes: only such a folder is ever replaced


def site_dir_problem(site_dir: Path, root: Path) -> str | None:
    """Why kb build must not write (and later replace) site_dir, or None. The folder is deleted
    and replaced by the new site, so it must never be the sources, the repository or above it."""
    site_dir, root = Path(site_dir).resolve(), Path(root).resolve()
    if site_dir == root or site_dir in root.parents:
        return "这是知识库目录本身或它的上级目录，构建会把整个目录（包括 docs/、data/ 和 .git）替换掉。请换一个专门放网站的目录，如 site/。"
    for name in ("docs", "data", "kb", "overrides", ".git", "tests"):
        folder = root / name
        if site_dir == folder or folder in site_dir.parents:
            return f"这是源文件目录 {name}/（或在它里面），构建会删掉源文件。请换一个专门放网站的目录，如 site/。"
    if site_dir.is_file():
        return "这是一个文件，不是目录。"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not _previous_site(site_dir):
        return ("这个目录不是空的，也不是 kb build 以前生成的网站（没有 .kb-site 标记），构建会把里面的东西全部删掉。"
                "请换一个空目录或专门放网站的目录，如 site/。")
    return None


def _previous_site(folder: Path) -> bool:
    """A site kb build made (marker), or one MkDocs made before the marker existed."""
    return (folder / SITE_MARKER).is_file() or (
        (folder / "index.html").is_file() and ((folder / "search" / "search_index.json").is_file()
                                               or (folder / "search" / "meta.js").is_file()))


def handouts(project: Project, site: Path, out: Path | None = None, only: list[str] | None = None) -> int:
    """Print the training handouts from the built site (kb.handouts)."""
    from kb.handouts.printing import HandoutError, build_epoch, render_handouts
    training = next((s for shown, s in project.sources.items() if shown.endswith("training.yml")), None)
    try:
        results = render_handouts(site, project.data, out, only, training_source=training,
                                  chromium=project.settings.chromium, epoch=build_epoch(project.settings.root))
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


def section_versions(project: Project, sections) -> dict[str, str]:
    """Version of each section's book: the date of its latest change (pages and playbooks)."""
    from kb.model.review import changes_of
    metas = {p.src: p.meta for p in project.pages}
    metas.update({pb.src: pb.page_meta() for pb in project.data.playbooks.values()})
    out = {}
    for title, srcs in sections:
        dates = [c.date for s in srcs for c in changes_of(metas.get(s, {}).get("changes"))]
        if dates:
            out[title] = max(dates)
    return out


def section_books(project: Project, site: Path, sections) -> int:
    """One PDF per section (政策指引, 工作流程, 案例手册, 参考, 问答) in site/print/."""
    import datetime
    from kb.handouts.printing import HandoutError, render_section_books
    try:
        results = render_section_books(site, sections, datetime.date.today().isoformat(),
                                       section_versions(project, sections), chromium=project.settings.chromium)
    except HandoutError as err:
        print(f"kb: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    for r in results:
        print(f"  {r.pdf.name}（{r.section}）：{r.pages} 页，{r.seconds:.1f} 秒")
    print(f"kb: {len(results)} 个栏目打印版已生成，放在网站的 print/ 目录。")
    return EXIT_OK


def cmd_handouts(args) -> int:
    from kb.mkdocs_glue.build import strict_build
    project = current_project()
    out = Path(args.out).resolve() if args.out else project.settings.root / "handouts"
    if args.site_dir:  # completing a site built with --no-handouts: its section PDFs too
        site = Path(args.site_dir).resolve()
        status = handouts(project, site, out, args.module)
        if status != EXIT_OK or args.module:
            return status
        from kb.mkdocs_glue.build import config_sections
        return section_books(project, site, config_sections(project))
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
