"""`kb check`: every source check of the registry, without a build."""
from __future__ import annotations


from kb import checks
from kb.model.findings import Finding, FindingsError
from kb.load.project import Project
from kb.cli.common import EXIT_OK, current_project, report


def source_findings(project: Project, skip: tuple[str, ...] = ()) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings) of every rule of the registry on the project's sources (but the rules
    in skip, which the caller runs another way)."""
    try:
        ctx = project.context()
    except FindingsError as err:
        return project.page_problems + err.findings, []  # pages cannot be checked against broken data
    errors = project.page_problems + checks.run_rules(ctx, severity="error", skip=skip)
    return errors, checks.run_rules(ctx, severity="warning")


def print_warnings(warnings: list[Finding]) -> None:
    for w in warnings:
        print(f"  提醒：{w}")
    if warnings:
        print(f"kb check: {len(warnings)} 条提醒（不算失败），例如页面已到复审日期，请安排负责单位处理。")


def cmd_check(args) -> int:
    if args.rules:
        for r in checks.REGISTRY.values():
            print(f"{r.id:32} {'提醒' if r.severity == 'warning' else '错误'}  {r.description}")
        return EXIT_OK
    project = current_project()
    errors, warnings = source_findings(project)
    status = report(errors)
    if status == EXIT_OK:
        print(f"kb check: {project.settings.root} 的数据、页面 front matter、条文引用和个人信息检查全部通过。")
        print_warnings(warnings)
    return status


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="只检查源文件（数据、front matter、条文引用、个人信息），不构建",
                       description="快速检查当前目录所在知识库的 data/ 和 docs/，不生成网站。"
                                   "每条问题后面的 [规则编号] 可以用 kb check --rules 查到含义。",
                       epilog="退出码：0 通过，1 发现问题，2 用法错误。")
    p.add_argument("--rules", action="store_true", help="列出全部检查规则（编号和说明），不检查")
    p.set_defaults(func=cmd_check)


