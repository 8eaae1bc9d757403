"""The `kb` command, one module per family of subcommands. Exit codes: 0 all good, 1 findings,
2 usage error. Every subcommand acts on the checkout at or above the current folder."""
from __future__ import annotations

import argparse
import sys

from kb.cli import build, check, deadline, new, privacy, search
from kb.cli.common import EXIT_OK, EXIT_USAGE, UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb", description="信访工作知识库的构建和检查工具（作用于当前目录所在的知识库）。"
                               "退出码：0 通过，1 发现问题，2 用法错误。")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build.add_parsers(sub)
    check.add_parser(sub)
    privacy.add_parser(sub)
    new.add_parser(sub)
    search.add_parsers(sub)
    deadline.add_parser(sub)
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
    except UsageError as err:
        print(f"kb: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return EXIT_OK
