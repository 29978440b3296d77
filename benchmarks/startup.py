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


def run(repeats: int) -> list[Result]:
    """Every start in turn, repeat after repeat (bare window, then the program on each
    file and up to each stage): a machine whose load drifts charges the drift to all."""
    program = [sys.executable, "-m", "alis_desktop"]
    bare_name = "tomt PySide6-vindu med én tabell"
    starts = {"bare": ([sys.executable, str(BARE)], "1")}
    labels = {"demo": "demofil (12 leger)", "large": "stor fil (1000 leger)"}
    for key, path in (("demo", demo_file()), ("large", large_file())):
        starts[f"{key} window"] = (program + [str(path)], "1")
        starts[f"{key} view"] = (program + [str(path)], "view")
    for command, what in starts.values():
        first_paint(command, what)  # warm-up: bytecode caches, file system cache
    times: dict[str, list[float]] = {name: [] for name in starts}
    for _ in range(repeats):
        for name, (command, what) in starts.items():
            times[name].append(first_paint(command, what))
    median = {name: statistics.median(values) for name, values in times.items()}
    bare = median["bare"]
    out = []
    for key, label in labels.items():
        out += [Result(f"Start til første tegnede vindu, {label}", median[f"{key} window"],
                       "s", bare_name, bare, max_ratio=1.5 if key == "demo" else None),
                Result(f"Start til Oversikten tegnet med innhold, {label}",
                       median[f"{key} view"], "s", bare_name, bare, max_ratio=2)]
    out[-1].note = ("Oversikten tegnes fra enkle spørringer; fremdrift og varsler fylles inn "
                    "fra en bakgrunnsjobb etterpå.")
    out[2].note = ("åpning av den store filen tar med quick_check av hele filen (omtrent "
                   "0,1 s), før noe leses")
    return out
