#!/usr/bin/env python3
"""Search quality: the tuned index against Material's plain Chinese search, side by side.

Builds the same content twice into a temporary folder — once as `kb build` does (glossary
dictionary, aliases, numbers, compounds: kb/search_index.py) and once with KB_SEARCH_PLAIN=1
(Material's `search: lang: zh` as shipped) — and runs tests/search_golden.yml through the same
engine (kb/search.py, the browser's search ported to Python) on both.

    .venv/bin/python scripts/search_baseline.py            # build both, print the comparison
    .venv/bin/python scripts/search_baseline.py --markdown  # the same as a Markdown section
    .venv/bin/python scripts/search_baseline.py --site-dir site   # reuse a built tuned site

`kb bench` prints the same figures; this script adds the breakdown by kind of query."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.search_bench import GOLDEN, by_kind, compare, load_golden, run_bench  # noqa: E402

KIND_NAMES = {"term": "术语", "alias": "别名、简称", "number": "数字两种写法", "compound": "长词的一部分",
              "question": "口语提问", "playbook": "案例情形", "template": "文书"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", help="an already built tuned site (kb build); default: build one")
    parser.add_argument("--baseline-dir", help="an already built baseline site; default: build one")
    parser.add_argument("--golden", default=str(GOLDEN), help="query set (default tests/search_golden.yml)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown section")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    log = (lambda *a: print(*a, file=sys.stderr)) if (args.markdown or args.json) else print
    try:
        tuned, plain = run_bench(args.site_dir and Path(args.site_dir), args.baseline_dir and Path(args.baseline_dir),
                                 Path(args.golden), out=log)
    except RuntimeError as err:
        print(err, file=sys.stderr)
        print("search_baseline: a build failed (see above).", file=sys.stderr)
        return 1
    queries = load_golden(Path(args.golden))
    kinds_tuned, kinds_plain = by_kind(tuned, queries), by_kind(plain, queries)
    if args.json:
        print(json.dumps({r.name: {"hit@1": r.hit1, "hit@3": r.hit3, "mrr@10": r.mrr, "median_ms": r.median_ms,
                                   "bytes_per_page": r.bytes_per_page, "pages": r.pages, "misses": r.misses(3)}
                          for r in (tuned, plain)}, ensure_ascii=False, indent=2))
        return 0
    if not args.markdown:
        print(compare(tuned, plain))
        print()
        print(f"{'kind':10} {'n':>3}  {'hit@3 tuned':>11} {'baseline':>9}  {'MRR tuned':>9} {'baseline':>9}")
        for kind, (n, h, m) in kinds_tuned.items():
            _, hp, mp = kinds_plain[kind]
            print(f"{kind:10} {n:>3}  {h:>11.3f} {hp:>9.3f}  {m:>9.3f} {mp:>9.3f}")
        for report in (tuned, plain):
            print(f"\n{report.name}: not in the first 3 ({len(report.misses(3))}): {'、'.join(report.misses(3)) or '—'}")
        return 0
    print(f"| | 调优后 | Material 原样（基线） | 调优/基线 |\n|---|---:|---:|---:|")
    for label, a, b, fmt in (("hit@1", tuned.hit1, plain.hit1, "{:.3f}"), ("hit@3", tuned.hit3, plain.hit3, "{:.3f}"),
                             ("MRR@10", tuned.mrr, plain.mrr, "{:.3f}"),
                             ("查询时间中位数（kb search，毫秒）", tuned.median_ms, plain.median_ms, "{:.1f}"),
                             ("索引字节/页", tuned.bytes_per_page, plain.bytes_per_page, "{:,.0f}")):
        print(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {a / b:.2f} |" if b else f"| {label} | {fmt.format(a)} | {fmt.format(b)} | — |")
    print(f"\n按查询类型（{len(queries)} 条）：\n\n| 类型 | 条数 | hit@3 调优 | hit@3 基线 | MRR 调优 | MRR 基线 |\n|---|---:|---:|---:|---:|---:|")
    for kind, (n, h, m) in kinds_tuned.items():
        _, hp, mp = kinds_plain[kind]
        print(f"| {KIND_NAMES.get(kind, kind)} | {n} | {h:.3f} | {hp:.3f} | {m:.3f} | {mp:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
