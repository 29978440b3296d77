"""Does the dependency set resolve to binary wheels on the leaders' PCs?

For each target (Windows x64, macOS on Apple silicon and on Intel, CPython 3.11) pip
resolves pyproject.toml's dependencies, and the build and test extras CI installs there,
accepting wheels only (--only-binary=:all:), with --dry-run --report: pip reads the wheels'
metadata files from PyPI instead of downloading them, and nothing is installed. A version
bound that picks a release without a wheel for one of the systems fails here, naming it.

    python scripts/check_wheels.py [--target NAME ...] [--extras test,build]

Exit codes: 0 every target resolves; 1 a target does not (pip's reason printed);
3 PyPI cannot be reached (no network: nothing was checked).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.11"
# The oldest systems the built program runs on. macOS 13 (Ventura): the PySide6 6.11 and
# pypdfium2 wheels CI builds with are tagged macosx_13_0 (checked 3 December 2026; for
# macOS 12 pip falls back to PySide6 6.9). pip also accepts older macOS tags and universal2
# wheels for these.
TARGETS = {
    "windows-x64": ["win_amd64"],
    "macos-arm64": ["macosx_13_0_arm64"],
    "macos-x86_64": ["macosx_13_0_x86_64"],
}
NO_NETWORK = 3


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = list(project["dependencies"])
    for extra in extras:
        found += project.get("optional-dependencies", {}).get(extra, [])
    return found


def pypi_reachable(host: str = "pypi.org", timeout: float = 5.0) -> bool:
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def resolve(target: str, reqs: list[str]) -> tuple[bool, str]:
    """(ok, text): the wheels chosen for `target`, or pip's reason for failing."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
               "--only-binary=:all:", "--python-version", PYTHON_VERSION,
               "--implementation", "cp", "--report", str(report), "--quiet",
               "--disable-pip-version-check"]
        for platform in TARGETS[target]:
            cmd += ["--platform", platform]
        proc = subprocess.run(cmd + reqs, capture_output=True, text=True, check=False, timeout=600)
        if proc.returncode != 0:
            reason = "\n".join(line for line in (proc.stderr or proc.stdout).splitlines()
                               if "is ignored" not in line)
            return False, reason.strip()
        chosen = json.loads(report.read_text(encoding="utf-8"))["install"]
    lines = []
    for item in chosen:
        filename = item["download_info"]["url"].rsplit("/", 1)[-1]
        if not filename.endswith(".whl"):
            return False, f"{item['metadata']['name']}: no wheel ({filename})"
        lines.append(f"  {item['metadata']['name']} {item['metadata']['version']}: {filename}")
    return True, "\n".join(sorted(lines, key=str.lower))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--target", action="append", choices=sorted(TARGETS),
                   help="check only this target (repeatable); default: all")
    p.add_argument("--extras", default="build,test",
                   help="optional dependency groups to include (default: build,test)")
    args = p.parse_args(argv)
    if not pypi_reachable():
        print("PyPI (pypi.org:443) cannot be reached: no network, nothing checked.",
              file=sys.stderr)
        return NO_NETWORK
    reqs = requirements([e for e in args.extras.split(",") if e])
    failed = []
    for target in args.target or list(TARGETS):
        ok, text = resolve(target, reqs)
        print(f"{target} ({', '.join(TARGETS[target])}, CPython {PYTHON_VERSION}): "
              f"{'wheels for all' if ok else 'FAILS'}")
        print(text)
        if not ok:
            failed.append(target)
    if failed:
        print(f"No complete set of wheels for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
