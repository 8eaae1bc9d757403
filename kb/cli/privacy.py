"""`kb privacy PATH...`: personal data in files or folders, one line per finding."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.model.findings import FindingsError
from kb.model.privacy_lists import NO_LISTS
from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, current_project


def _lists():
    """data/privacy.yml's lists when the data loads; otherwise none (every pattern still runs)."""
    try:
        return current_project().data.privacy, False
    except (FindingsError, UsageError):
        return NO_LISTS, True


def cmd_privacy(args) -> int:
    from kb.privacy.scan import scan_paths
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"kb privacy: 找不到 {p}。请写存在的文件或文件夹，如 kb privacy docs data。", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    lists, broken = _lists()
    if broken:
        print("kb privacy: data/ 里的数据没有通过检查（或不在知识库目录里），这次不用 data/privacy.yml 的名单"
              "（先运行 kb check 修好）。", file=sys.stderr)
    reports = scan_paths([Path(p) for p in args.paths], lists)
    for r in reports:
        print(r.finding())
    if reports:
        print(f"kb privacy: 发现 {len(reports)} 处疑似个人信息。请换成化名或占位写法（见 docs/maintenance/authoring.md 的化名规则），"
              "或者经审核后在 data/privacy.yml 的 allow 里登记并写明理由。", file=sys.stderr)
        return EXIT_FINDINGS
    print("kb privacy: 没有发现个人信息。", file=sys.stderr)
    return EXIT_OK


def add_parser(sub) -> None:
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
