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


def first_paint(command: list[str]) -> float:
    """Seconds from starting the process to its report of the first painted frame."""
    env = program_env(ALIS_REPORT_FIRST_PAINT="1")
    t0 = time.time()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    for line in proc.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no first paint reported by {command}:\n{proc.stderr}")


def median_first_paint(command: list[str], repeats: int) -> float:
    first_paint(command)  # warm-up: bytecode caches, file system cache
    return statistics.median(first_paint(command) for _ in range(repeats))


def run(repeats: int) -> list[Result]:
    program = [sys.executable, "-m", "alis_desktop"]
    bare = median_first_paint([sys.executable, str(BARE)], repeats)
    demo = median_first_paint(program + [str(demo_file())], repeats)
    large = median_first_paint(program + [str(large_file())], repeats)
    return [
        Result("Start til første tegnede vindu, demofil (12 leger)", demo, "s",
               "tomt PySide6-vindu med én tabell", bare, max_ratio=1.5),
        Result("Start til første tegnede vindu, stor fil (1000 leger)", large, "s",
               "tomt PySide6-vindu med én tabell", bare,
               note="Oversikten tegnes fra enkle spørringer; fremdrift og varsler fylles "
                    "inn fra en bakgrunnsjobb etterpå."),
    ]
