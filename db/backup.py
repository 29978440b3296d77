"""Backups through SQLite's online backup API, rolling, beside the file by default."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from db.connection import backup_copy, backup_dir_for, inspect_version


def backup_now(path: Path, folder: Path | None = None, keep: int | None = None) -> Path:
    inspect_version(path)  # refuses what is not a usable file
    folder = folder or backup_dir_for(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_copy(path, folder / f"{path.stem}.{stamp}.alis")
    if keep:
        prune(folder, path.stem, keep)
    return dest


def list_backups(folder: Path, stem: str) -> list[Path]:
    return sorted(folder.glob(f"{stem}.*.alis"))


def prune(folder: Path, stem: str, keep: int) -> None:
    for old in list_backups(folder, stem)[:-keep]:
        old.unlink()
