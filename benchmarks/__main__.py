"""`python -m benchmarks`: measure, and print a table of medians beside baselines measured
in the same run (docs/performance.md explains each line).

    python -m benchmarks [--repeats N] [--only startup,tables,pdfs,rules,memory,server,growth]
                         [--markdown OUT.md] [--chart OUT.png]

The growth part (100, 1,000 and 5,000 doctors) is not run unless named in --only; with
--chart it draws its figures (docs/performance-growth.png).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

# Qt renders offscreen here as in the program's --screenshot runs; set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import machine, table  # noqa: E402

PARTS = ["startup", "tables", "pdfs", "rules", "memory", "server"]
EXTRA = ["growth"]  # minutes of work: only when asked for


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("--repeats", type=int, default=7, help="repeats per median (default 7)")
    p.add_argument("--only", default=",".join(PARTS),
                   help="comma-separated: " + ", ".join(PARTS + EXTRA))
    p.add_argument("--markdown", metavar="OUT.md", help="also write the table to this file")
    p.add_argument("--chart", metavar="OUT.png", help="growth: draw its figures to this file")
    args = p.parse_args(argv)
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = set(wanted) - set(PARTS + EXTRA)
    if unknown:
        p.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    results = []
    for name in wanted:
        print(f"måler {name} ...", file=sys.stderr, flush=True)
        part = importlib.import_module(f"benchmarks.{name}")
        if name == "growth":
            results += part.run(args.repeats, chart=args.chart)
        else:
            results += part.run(args.repeats)
    info = machine()
    text = "\n".join(f"{k}: {v}" for k, v in info.items())
    text += f"\nMedianer over {args.repeats} gjentak.\n\n" + table(results) + "\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
