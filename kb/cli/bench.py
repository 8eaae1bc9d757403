"""`kb bench --pages N`: the scale benchmark. A synthetic N-page corpus from the real content
(kb.bench.corpus), built with the whole `kb build --no-handouts` and with plain Material on the same
Markdown, in turn (kb, Material, kb, Material …), each build a separate process. Printed: medians
of wall time, peak memory (the OS's accounting of the finished build process), HTML bytes per page
and search-index bytes, and the kb/Material ratios; also `kb check` on the corpus."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, current_project


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    code: int
    log: Path
    cpu: float = 0.0   # user + system seconds of the process and the workers it waited for


def timed(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run cmd to its end; wall seconds and peak resident memory of that process (os.wait4)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("KB_ROOT", None)
    with open(log, "wb") as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, log, usage.ru_utime + usage.ru_stime)


def html_sizes(site: Path) -> list[int]:
    from kb.bench.corpus import site_pages
    return sorted(p.stat().st_size for p in site_pages(site))


def index_bytes(site: Path) -> int:
    """Everything under site/search/: Material's search_index.json, or kb's meta.js and shards."""
    from kb.bench.search import folder_bytes
    return folder_bytes(Path(site) / "search")


def fmt_bytes(n: float) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def prepare(project, pages: int, work: Path):
    """The N-page corpus in work/corpus-N and its plain-Material baseline in work/baseline-N:
    (corpus, corpus folder, the baseline's mkdocs.yml). Shared by the build and the search bench."""
    from kb.bench.corpus import make_corpus, write_baseline
    from kb.load.project import Project
    from kb.mkdocs_glue.macros import markdown_renderer
    from kb.settings import Settings
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir = work / f"corpus-{pages}"
    base_dir = work / f"baseline-{pages}"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    shutil.rmtree(base_dir, ignore_errors=True)
    t0 = time.monotonic()
    corpus = make_corpus(project, pages, corpus_dir)
    cproject = Project(Settings(root=corpus_dir))
    base_cfg = write_baseline(cproject, base_dir, markdown_renderer(corpus_dir))
    print(f"  语料：{corpus.total} 页（Markdown {corpus.pages} 页，案例 {corpus.playbooks} 个），"
          f"生成用了 {time.monotonic() - t0:.1f} 秒：{corpus_dir}", flush=True)
    return corpus, corpus_dir, base_cfg


def bench_size(project, pages: int, work: Path, runs: int, check_runs: int, serve_port: int = 0) -> dict:
    corpus, corpus_dir, base_cfg = prepare(project, pages, work)
    base_dir = base_cfg.parent

    bindir = Path(sys.executable).parent
    kb_site, base_site = work / f"site-kb-{pages}", work / f"site-material-{pages}"
    kb_cmd = [str(bindir / "kb"), "build", "--no-handouts", "--site-dir", str(kb_site)]
    base_cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(base_cfg), "-d", str(base_site)]
    kb_runs, base_runs = [], []
    for i in range(runs):
        for cmd, cwd, out, name in ((kb_cmd, corpus_dir, kb_runs, "kb"), (base_cmd, base_dir, base_runs, "material")):
            run = timed(cmd, cwd, work / f"{name}-{pages}-{i}.log")
            if run.code != 0:
                sys.stderr.write(run.log.read_text(encoding="utf-8", errors="replace")[-4000:])
                print(f"kb bench: {name} 构建失败（退出码 {run.code}），日志：{run.log}", file=sys.stderr)
                raise SystemExit(EXIT_FINDINGS)
            out.append(run)
            print(f"  第{i + 1}轮 {name:8s} {run.seconds:7.1f} 秒（CPU {run.cpu:6.1f} 秒）  峰值内存 {run.peak_mb:7.0f} MB",
                  flush=True)
    check_runs_ = [timed([str(bindir / "kb"), "check"], corpus_dir, work / f"check-{pages}-{i}.log")
                   for i in range(check_runs)]
    serve = {}
    if serve_port:
        print("  mkdocs serve --dirty：改一个期限（data/deadlines.yml）和一页 Markdown，计时到页面显示改动……", flush=True)
        serve = serve_reload(corpus_dir, serve_port)
        print(f"  预览：数据改动后打开着的页面 {serve.get('data_s') or float('nan'):.1f} 秒，"
              f"用到它的 {serve.get('data_pages')} 页全部更新 {serve.get('data_all_s') or float('nan'):.1f} 秒"
              f"（都显示了：{'是' if serve.get('data_all') else '否'}），"
              f"后台重建时改一页 {serve.get('page_busy_s') or float('nan'):.1f} 秒，"
              f"空闲时改一页 {serve.get('page_s') or float('nan'):.1f} 秒", flush=True)
    kb_html, base_html = html_sizes(kb_site), html_sizes(base_site)
    from kb.bench.corpus import site_pages
    biggest = sorted(site_pages(kb_site), key=lambda p: p.stat().st_size)[-3:]
    print("  最大的页面：" + "、".join(f"{p.relative_to(kb_site).as_posix()} {fmt_bytes(p.stat().st_size)}"
                                  for p in reversed(biggest)), flush=True)
    return {
        "pages": corpus.total,
        "kb_s": median([r.seconds for r in kb_runs]), "base_s": median([r.seconds for r in base_runs]),
        "ratio_s": median([a.seconds / b.seconds for a, b in zip(kb_runs, base_runs)]),
        "kb_cpu": median([r.cpu for r in kb_runs]), "base_cpu": median([r.cpu for r in base_runs]),
        "ratio_cpu": median([a.cpu / b.cpu for a, b in zip(kb_runs, base_runs)]),
        "check_cpu": median([r.cpu for r in check_runs_]),
        "kb_html_p95": kb_html[int(len(kb_html) * 0.95)],
        "kb_mb": median([r.peak_mb for r in kb_runs]), "base_mb": median([r.peak_mb for r in base_runs]),
        "check_s": median([r.seconds for r in check_runs_]),
        "check_ok": all(r.code == 0 for r in check_runs_),
        "kb_html": median(kb_html), "base_html": median(base_html),
        "kb_html_max": max(kb_html), "base_html_max": max(base_html),
        "kb_index": index_bytes(kb_site), "base_index": index_bytes(base_site),
        "html_pages": len(kb_html),
        "serve_data_s": serve.get("data_s"), "serve_page_s": serve.get("page_s"),
        "serve_data_all_s": serve.get("data_all_s"),
    }


def print_table(rows: list[dict]) -> None:
    print()
    serve = any(r.get("serve_page_s") is not None for r in rows)
    print("| 页数 | kb build | Material | 比值（墙钟 / CPU） | 峰值内存 kb / Material | 每页 HTML 中位数 kb / Material（最大） "
          "| 索引 kb / Material | kb check |" + (" 预览：改一页 / 改期限（打开的页，全部） |" if serve else ""))
    print("|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if serve else ""))

    def seconds(value) -> str:
        return f"{value:.1f}" if value is not None else "—"
    for r in rows:
        preview = (f" {seconds(r.get('serve_page_s'))} 秒 / {seconds(r.get('serve_data_s'))} 秒，"
                   f"{seconds(r.get('serve_data_all_s'))} 秒 |") if serve else ""
        print(f"| {r['pages']:,} | {r['kb_s']:.1f} 秒（CPU {r['kb_cpu']:.1f}） | {r['base_s']:.1f} 秒（CPU {r['base_cpu']:.1f}） "
              f"| {r['ratio_s']:.2f}× / {r['ratio_cpu']:.2f}× "
              f"| {r['kb_mb']:.0f} / {r['base_mb']:.0f} MB（{r['kb_mb'] / r['base_mb']:.2f}×） "
              f"| {fmt_bytes(r['kb_html'])} / {fmt_bytes(r['base_html'])}（{r['kb_html'] / r['base_html']:.2f}×；"
              f"最大 {fmt_bytes(r['kb_html_max'])}） "
              f"| {fmt_bytes(r['kb_index'])} / {fmt_bytes(r['base_index'])}（{r['kb_index'] / r['base_index']:.2f}×） "
              f"| {r['check_s']:.1f} 秒（CPU {r['check_cpu']:.1f}）{'' if r['check_ok'] else '（有问题）'} |" + preview)


def cmd_scale(args) -> int:
    project = current_project()
    sizes = args.pages
    if any(n < 1 for n in sizes) or args.runs < 1:
        print("kb bench: --pages 和 --runs 要写正整数，例如 kb bench --pages 1000 --runs 3", file=sys.stderr)
        return EXIT_USAGE
    keep = bool(args.work_dir)
    work = Path(args.work_dir).resolve() if keep else Path(tempfile.mkdtemp(prefix="kb-bench-"))
    rows = []
    try:
        for n in sizes:
            print(f"kb bench: {n} 页的合成语料，kb build --no-handouts 和 Material 原样构建交替各 {args.runs} 次：", flush=True)
            rows.append(bench_size(project, n, work, args.runs, args.check_runs, args.serve_port if args.serve else 0))
    except SystemExit as exit_:
        return int(exit_.code or EXIT_FINDINGS)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    print("\n比值是同一轮里 kb 和 Material 两次构建的时间比的中位数（墙钟，和 CPU：用户态加内核态，含并行的子进程）；"
          "内存是构建进程的峰值常驻内存；每页 HTML 不算 404.html。")
    return EXIT_OK


def cmd_search_scale(args) -> int:
    """`kb bench --pages N --search`: kb's engine, Material's plain search and Pagefind in Chromium
    on the same N-page corpus (kb/bench/search.py); prints the Markdown table."""
    from kb.bench.search import run, table
    from kb.cli.common import problem_lines
    project = current_project()
    if args.pages[0] < 1:
        print("kb bench: --pages 要写正整数，例如 kb bench --pages 1000 --search", file=sys.stderr)
        return EXIT_USAGE
    keep = bool(args.work_dir)
    work = Path(args.work_dir).resolve() if keep else Path(tempfile.mkdtemp(prefix="kb-bench-search-"))
    try:
        print(f"kb bench: {args.pages[0]} 页的合成语料，在 Chromium 里测 kb 搜索、Material 原样中文搜索和 Pagefind：",
              flush=True)
        _, corpus_dir, base_cfg = prepare(project, args.pages[0], work)
        rows = run(corpus_dir, base_cfg, work, out=lambda text: print(text, flush=True))
    except RuntimeError as err:
        sys.stderr.write(problem_lines(str(err), project))
        print("kb bench: 网站构建或 Pagefind 建索引失败（见上面各行），没有跑完基准。", file=sys.stderr)
        return EXIT_FINDINGS
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    return EXIT_OK


# ----------------------------------------------------------------------------- live preview

def _get(url: str) -> str:
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if needle in _get(url):
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def deadline_edit(root: Path) -> tuple[str, str, str, list[str]]:
    """(key, old text, new text, pages that call deadline(key)) for a deadline shown on pages;
    the new length is one no page shows yet."""
    import re
    text = (root / "data" / "deadlines.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(root / "docs").as_posix(): p.read_text(encoding="utf-8")
             for p in (root / "docs").rglob("*.md")}
    for key in re.findall(r"- key: (\w+)", text):
        users = sorted(src for src, body in pages.items() if f'deadline("{key}")' in body)
        if users:
            return key, text, _new_length(text, key), users
    raise RuntimeError("no page shows a deadline")


def _new_length(text: str, key: str) -> str:
    import re
    m = re.search(rf"- key: {key}\n(?:    .*\n)*?    length: (\d+)\n", text)
    return text[:m.start(1)] + "97" + text[m.end(1):]


def serve_reload(root: Path, port: int, timeout: float = 600) -> dict:
    """Seconds from saving a file to the served page showing the change, under
    `mkdocs serve --dirty` (as `make serve`): a data edit (a deadline's length) seen on the page
    open in the "browser" (the page these polls ask for) and on every page that shows it; a page
    saved while the rest of that edit is still being rebuilt in the background; a page saved
    when the preview is idle."""
    key, old, new, users = deadline_edit(root)
    bindir = Path(sys.executable).parent
    log = root / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("KB_ROOT", None)
    cmd = [str(bindir / "mkdocs"), "serve", "--dirty", "--no-strict", "--livereload",
           "-a", f"127.0.0.1:{port}"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}/"
    result: dict = {}
    originals: dict[Path, str] = {}  # pages saved with a marker, put back at the end

    def save_page(src: str, marker: str) -> float | None:
        path = root / "docs" / src
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(originals[path] + f"\n{marker}。\n", encoding="utf-8")
        return _wait_for(base + src[:-3] + ".html", marker, timeout)

    try:
        page = users[0]
        url = base + page[:-3] + ".html"
        first = _wait_for(url, "</html>", timeout)
        if first is None:
            raise RuntimeError(f"mkdocs serve 没有启动，见 {log}")
        result["first_build_s"] = first
        time.sleep(1.5)  # the watcher settles
        (root / "data" / "deadlines.yml").write_text(new, encoding="utf-8")
        saved = time.monotonic()
        result["data_s"] = _wait_for(url, "97日", timeout)
        result["data_pages"] = len(users)
        time.sleep(1.0)
        result["page_busy_s"] = save_page(users[-1], "预览计时标记第六段")
        # every page that shows the deadline (the others follow in the background build)
        result["data_all"] = all(_wait_for(base + u[:-3] + ".html", "97日", timeout) is not None for u in users)
        result["data_all_s"] = time.monotonic() - saved
        time.sleep(1.5)
        result["page_s"] = save_page(page, "预览计时标记第七段")
    finally:
        (root / "data" / "deadlines.yml").write_text(old, encoding="utf-8")
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return result
