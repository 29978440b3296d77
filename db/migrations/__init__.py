"""Numbered schema steps, 0001_*.sql upward; each runs in one exclusive transaction that also
bumps PRAGMA user_version, so a file is always at exactly one version."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def migrations_dir() -> Path:
    """The .sql steps: beside this module in a checkout, under the bundle's root in a
    PyInstaller build (build.spec copies them to db/migrations there)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "db" / "migrations"
    return Path(__file__).resolve().parent


def steps() -> list[tuple[int, str, str]]:
    """(version, name, sql) in order."""
    found = []
    for path in sorted(migrations_dir().glob("[0-9][0-9][0-9][0-9]_*.sql")):
        version = int(re.match(r"(\d{4})_", path.name).group(1))
        found.append((version, path.stem, path.read_text(encoding="utf-8")))
    if not found:
        raise FileNotFoundError(f"no schema steps in {migrations_dir()}")
    versions = [v for v, _, _ in found]
    assert versions == list(range(1, len(found) + 1)), f"migration numbers have a gap: {versions}"
    return found


LATEST = len(steps())
