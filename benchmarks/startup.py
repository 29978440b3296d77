"""(a) Start to the first painted window, each start in a fresh process, against a bare
PySide6 window with one table view started the same way."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Result, demo_file, large_file, program_env

BARE = Path(__file__).with_name("bare_window.py")


def first_paint(command: list[str], what: str = "1") -> float:
    """Seconds from starting the process to its report of the first painted frame (what
    "1"), or of the first frame of its first view with content (what "view")."""
    env = program_env(ALIS_REPORT_FIRST_PAINT=what)
    t0 = time.time()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    for line in proc.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no first paint reported by {command}:\n{proc.stderr}")


def median_first_paint(command: list[str], repeats: int, what: str = "1") -> float:
    first_paint(command, what)  # warm-up: bytecode caches, file system cache
    return statistics.median(first_paint(command, what) for _ in range(repeats))


def run(repeats: int) -> list[Result]:
    program = [sys.executable, "-m", "alis_desktop"]
    bare_name = "tomt PySide6-vindu med én tabell"
    bare = median_first_paint([sys.executable, str(BARE)], repeats)
    out = []
    for label, path in (("demofil (12 leger)", demo_file()),
                        ("stor fil (1000 leger)", large_file())):
        command = program + [str(path)]
        window = median_first_paint(command, repeats)
        content = median_first_paint(command, repeats, "view")
        out += [Result(f"Start til første tegnede vindu, {label}", window, "s", bare_name, bare,
                       max_ratio=1.5 if path == demo_file() else None),
                Result(f"Start til Oversikten tegnet med innhold, {label}", content, "s",
                       bare_name, bare)]
    out[-1].note = ("Oversikten tegnes fra enkle spørringer; fremdrift og varsler fylles inn "
                    "fra en bakgrunnsjobb etterpå.")
    return out
