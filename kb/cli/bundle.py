"""`kb bundle`: the whole site as one zip to take away (a laptop, a USB stick): unpack it,
open index.html, and everything works without a network — navigation, search, filters,
tooltips, handouts and section PDFs — because the site is built for file:// anyway."""
from __future__ import annotations

import datetime
import sys
import tempfile
import zipfile
from pathlib import Path

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, current_project

NAME = "信访工作知识库"
README = "使用说明.txt"


def bundle_name(day: datetime.date) -> str:
    return f"{NAME}-{day.strftime('%Y%m%d')}"


def instructions(day: datetime.date, pdfs: int) -> str:
    """The 使用说明 inside the zip (plain text: it opens on any computer)."""
    return f"""{NAME} · 离线版（{day.isoformat()} 打包）

怎样使用
1. 把这个压缩包整个解压到电脑或U盘上的一个文件夹里（不要在压缩软件里直接打开网页）。
2. 打开解压出的文件夹，双击 index.html，用浏览器（推荐 Chrome、Edge 或360浏览器的极速模式）打开。
3. 不需要联网：导航、中文搜索、案例筛选、术语提示都能用。
4. 打印版在文件夹里：培训讲义在 handouts/，政策指引、工作流程、案例手册、参考、问答的整栏打印版在 print/
   （共 {pdfs} 份 PDF），页面上的下载按钮也指向它们。

注意
- 这是 {day.isoformat()} 的版本，以单位内网上网站的最新版本为准。页面上的“下次审核”日期过了，
  打开时会提示“本页可能已过时”，请向页面写明的负责单位核实。
- 内部工作资料，请勿外传；不要把填好的文书或任何个人信息放进这个文件夹。
"""


def write_bundle(site: Path, out_dir: Path, day: datetime.date) -> Path:
    """site/ → out_dir/信访工作知识库-YYYYMMDD.zip with one top folder and the 使用说明."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise UsageError(f"{site} 不是构建好的网站（没有 index.html）。先运行 kb build，或去掉 --site-dir 让 kb bundle 自己构建。")
    top = bundle_name(day)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{top}.zip"
    files = sorted(p for p in site.rglob("*") if p.is_file())
    pdfs = sum(1 for p in files if p.suffix == ".pdf")
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        # UTF-8 with BOM so that Windows Notepad shows the Chinese correctly
        z.writestr(f"{top}/{README}", "\ufeff" + instructions(day, pdfs).replace("\n", "\r\n"))
        for p in files:
            z.write(p, f"{top}/{p.relative_to(site).as_posix()}")
    partial.replace(target)
    return target


def cmd_bundle(args) -> int:
    from kb.cli.build import build_site
    project = current_project()
    out_dir = Path(args.out).resolve() if args.out else project.settings.root
    day = datetime.date.today()
    if args.site_dir:
        target = write_bundle(Path(args.site_dir).resolve(), out_dir, day)
    else:
        with tempfile.TemporaryDirectory(prefix="kb-bundle-") as tmp:
            site = Path(tmp) / "site"
            if build_site(project, site) != EXIT_OK:
                print("kb bundle: 网站没有构建成功（见上面各行），没有打包。", file=sys.stderr)
                return EXIT_FINDINGS
            target = write_bundle(site, out_dir, day)
    size = target.stat().st_size / 1e6
    print(f"kb bundle: 已打包 {target}（{size:.1f} MB）。解压后打开 index.html 即可离线使用，说明见包里的 {README}。")
    return EXIT_OK


def add_parser(sub) -> None:
    p = sub.add_parser("bundle", help="把整个网站打成离线压缩包（拷到笔记本或U盘，不联网也能用）",
                       description="严格构建网站（含全部检查、培训讲义和整栏打印版），打包成 "
                                   f"{NAME}-YYYYMMDD.zip，里面有一份{README}。解压后双击 index.html 即可使用。",
                       epilog="退出码：0 成功，1 构建或检查没有通过，2 用法错误。例：kb bundle --out /media/u盘")
    p.add_argument("--out", metavar="DIR", help="压缩包放在哪个文件夹（默认知识库根目录）")
    p.add_argument("--site-dir", metavar="DIR", help="打包已经构建好的网站（如 site/），不再重新构建")
    p.set_defaults(func=cmd_bundle)
