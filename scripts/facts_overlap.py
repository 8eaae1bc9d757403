#!/usr/bin/env python3
"""Report wording copied from the facts sheet: runs of N or more characters (ignoring
whitespace and macro calls) that a page or data file shares with
../shared/reference/regulation-facts.zh.md. Content must be written in our own words;
fixed terms and slogans listed in ALLOWED may be quoted.

Usage: scripts/facts_overlap.py [N] [FILES...]   (default N=16, all of docs/ and data/)"""
from __future__ import annotations

import glob
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared/reference/regulation-facts.zh.md"
ALLOWED = [  # fixed terms and slogans that are quoted, not paraphrased
    "党政同责、一岗双责，属地管理、分级负责，谁主管、谁负责",
    "诉求合理的解决问题到位，诉求无理的思想教育到位，生活困难的帮扶救助到位，行为违法的依法处理",
    "小事不出村、大事不出镇、矛盾不上交",
    "《信访工作条例》", "信访工作联席会议", "《信访处理意见书》",
    # the guiding ideology of 第4条 is an official formulation and is quoted as written
    "马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想",
    "习近平总书记关于加强和改进人民信访工作的重要思想",
]


def squash(text: str) -> str:
    text = re.sub(r"\{\{.*?\}\}|\{deadline:[a-z_]+\}", "", text, flags=re.S)
    return re.sub(r"\s", "", text)


def shared_runs(text: str, facts: str, n: int) -> list[str]:
    grams = {facts[i:i + n] for i in range(len(facts) - n + 1)}
    runs, i = [], 0
    while i <= len(text) - n:
        if text[i:i + n] in grams:
            j = i + n
            while j < len(text) and text[i:j + 1] in facts:
                j += 1
            run = text[i:j]
            if not any(run in a for a in ALLOWED):
                runs.append(run)
            i = j
        else:
            i += 1
    return runs


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 16
    files = [a for a in argv if not a.isdigit()] or sorted(
        glob.glob(str(ROOT / "docs/**/*.md"), recursive=True) + glob.glob(str(ROOT / "data/**/*.yml"), recursive=True))
    facts = squash(FACTS.read_text(encoding="utf-8"))
    total = 0
    for f in files:
        runs = shared_runs(squash(Path(f).read_text(encoding="utf-8")), facts, n)
        for run in runs:
            print(f"{Path(f).resolve().relative_to(ROOT)}: {run}")
        total += len(runs)
    print(f"{total} run(s) of {n}+ characters shared with the facts sheet", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
