"""(f) Peak memory (resident set) of the program on the large file: opened on Oversikt and
on Leger with every doctor's progress computed, each in a fresh process, against the bare
PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks.common import ROOT, WORK, Result, large_file, program_env
from benchmarks.startup import BARE


def peak_mb(command: list[str], **env) -> float:
    """Peak resident memory of one process, from the kernel's accounting of that child."""
    proc = subprocess.Popen(command, cwd=ROOT, env=program_env(**env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(repeats: int) -> list[Result]:
    bare = peak_mb([sys.executable, str(BARE)])
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
