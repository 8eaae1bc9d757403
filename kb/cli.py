"""The `kb` command. Exit codes: 0 all good, 1 findings, 2 usage error."""
from __future__ import annotations

import argparse
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
    return status


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
    shutil.rmtree(site_dir, ignore_errors=True)
    staging.rename(site_dir)
    print(f"kb build: 构建完成，所有检查通过：{site_dir}")
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
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="只检查源文件（数据、front matter、条文引用），不构建",
                       description="快速检查 data/ 和 docs/，不生成网站。")
    p.set_defaults(func=cmd_check)
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
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
