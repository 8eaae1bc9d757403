"""`kb new playbook|procedure TITLE`: scaffold a draft that passes every check."""
from __future__ import annotations

import sys

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, current_project


def cmd_new(args) -> int:
    from kb.cli.scaffold import ScaffoldError, ScaffoldUsageError, new_playbook, new_procedure
    project = current_project()
    try:
        if args.kind == "playbook":
            created = new_playbook(project, args.title, args.id, args.category)
        else:
            if args.category is not None:
                raise ScaffoldUsageError("--category 只用于 kb new playbook。")
            created = new_procedure(project, args.title, args.id)
    except ScaffoldUsageError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ScaffoldError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"kb new: 已创建 {project.show(created.path)}（草稿，不会发布）。下一步：")
    for n, step in enumerate(created.next_steps, 1):
        print(f"  {n}. {step}")
    return EXIT_OK


def add_parser(sub) -> None:
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

