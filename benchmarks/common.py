"""What every benchmark shares: the files it runs on, timing by median, subprocesses run
as a user runs the program, the machine, and the table of results."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.gettempdir()) / "alis-desktop-benchmarks"
LARGE_DOCTORS, LARGE_YEARS = 1000, 5


@dataclass
class Result:
    """One line of the table: a measured median beside the baseline measured in the same
    run, and the goal the issue sets (as a ratio to the baseline, or a limit)."""

    name: str
    value: float
    unit: str  # "s", "ms" or "MB"
    baseline_name: str = ""
    baseline: float | None = None
    max_ratio: float | None = None   # goal: value <= max_ratio x baseline
    limit: float | None = None       # goal: value < limit (same unit)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def goal(self) -> str:
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}x"
        if self.limit is not None:
            return f"< {self.limit:g} {self.unit}"
        return ""

    @property
    def met(self) -> str:
        if self.max_ratio is not None and self.ratio is not None:
            return "ja" if self.ratio <= self.max_ratio else "NEI"
        if self.limit is not None:
            return "ja" if self.value < self.limit else "NEI"
        return ""


def median_time(action, repeats: int, warmup: int = 1) -> float:
    """Median wall-clock seconds of `action()` over `repeats` runs after `warmup` runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired_medians(action, baseline, repeats: int, warmup: int = 1) -> tuple[float, float]:
    """Median seconds of `action()` and of `baseline()`, run in turn: on a shared machine
    the load drifts, and timing one after the other would charge the drift to the ratio."""
    for _ in range(warmup):
        action()
        baseline()
    times: tuple[list, list] = ([], [])
    for _ in range(repeats):
        for fn, out in ((action, times[0]), (baseline, times[1])):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return statistics.median(times[0]), statistics.median(times[1])


def program_env(**extra: str) -> dict:
    """The environment of a program run: offscreen Qt, and bytecode caches kept (in our
    own folder) as an installed or packaged program has them, even where the shell says
    PYTHONDONTWRITEBYTECODE."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_program(args: list[str], **env) -> subprocess.CompletedProcess:
    """`python -m alis_desktop ARGS` from this checkout, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "alis_desktop", *args], cwd=ROOT,
                          env=program_env(**env), capture_output=True, text=True, check=True)


def demo_file() -> Path:
    """The 12-doctor demo municipality, written once per day."""
    return _generated(f"demo-{datetime.date.today()}.alis", [])


def large_file() -> Path:
    """1,000 doctors with five years each of placements, monthly supervision, goal
    statuses, activities and meetings; written once per day (it takes about a minute)."""
    return sized_file(LARGE_DOCTORS)


def sized_file(doctors: int) -> Path:
    """`doctors` doctors with five years each, as the large file; written once per day."""
    return _generated(f"large-{doctors}x{LARGE_YEARS}-{datetime.date.today()}.alis",
                      ["--doctors", str(doctors), "--years", str(LARGE_YEARS)])


def _generated(name: str, options: list[str]) -> Path:
    path = WORK / name
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        print(f"  lager {path.name} ...", file=sys.stderr, flush=True)
        run_program(["demo", str(partial), *options])
        partial.rename(path)
    return path


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "Dato": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "Maskin": f"{cpu}, {os.cpu_count()} kjerner, {platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Qt": f"{qVersion()} (PySide6 {pyside_version})",
        "Belastning (1, 5, 15 min)": load,
    }


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms" and value < 1e-4:
        return f"{value * 1e6:.1f} µs"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.0f} {unit}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table (readable as plain text)."""
    head = ["Måling", "Median", "Grunnlinje", "Grunnlinje median", "Forhold", "Mål", "Nådd"]
    rows = [[r.name, _fmt(r.value, r.unit), r.baseline_name, _fmt(r.baseline, r.unit),
             f"{r.ratio:.2f}x" if r.ratio is not None else "", r.goal, r.met]
            for r in results]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    lines = ["| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths)) + " |"
             for row in [head, ["-" * w for w in widths], *rows]]
    notes = [f"- {r.name}: {r.note}" for r in results if r.note]
    return "\n".join(lines + ([""] + notes if notes else []))
