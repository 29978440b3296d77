"""(f) Peak memory (resident set) of the program on the large file: opened on Oversikt and
on Leger with every doctor's progress computed, each in a fresh process, against the bare
PySide6 window."""

from __future__ import annotations

import subprocess
import sys

from benchmarks.common import ROOT, WORK, Result, large_file, program_env
from benchmarks.startup import BARE


# A small launcher runs the measured process and reports its children's peak: measured
# from this (large) benchmark process, the fork before exec would count our own pages.
LAUNCHER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def peak_mb(command: list[str], **env) -> float:
    """Peak resident memory of one process, from the kernel's accounting of it."""
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, *command], cwd=ROOT,
                          env=program_env(**env), capture_output=True, text=True, check=True)
    peak, code = proc.stdout.split()
    if code != "0":
        raise RuntimeError(f"{command} failed ({code}):\n{proc.stderr}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    return int(peak) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(repeats: int) -> list[Result]:
    bare = peak_mb([sys.executable, str(BARE)], ALIS_REPORT_FIRST_PAINT="1")
    out = WORK / "memory-probe.png"
    results = []
    for view, label in (("overview", "Oversikt"), ("doctors", "Leger med fremdrift for alle")):
        # --screenshot waits until the background figures are in, so the peak includes them.
        command = [sys.executable, "-m", "alis_desktop", str(large_file()),
                   "--screenshot", str(out), "--view", view]
        peak = max(peak_mb(command) for _ in range(max(1, min(repeats, 3))))
        results.append(Result(f"Største minnebruk, stor fil, {label}", peak, "MB",
                              "tomt PySide6-vindu med én tabell", bare, limit=300))
    out.unlink(missing_ok=True)
    return results
