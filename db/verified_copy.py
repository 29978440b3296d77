"""A copy of the file that is known to be good: SQLite's backup API, then an integrity check
and a SHA-256 of the copy (for the handover pack, so a new leader can trust what they get)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alis_desktop.errors import FileProblem
from db.connection import backup_copy
from db.uri import sqlite_uri


@dataclass(frozen=True)
class VerifiedCopy:
    path: Path
    sha256: str
    integrity: str      # 'ok' when SQLite found nothing wrong
    size: int           # bytes
    schema_version: int

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verified_copy(source: sqlite3.Connection | Path, dest: Path) -> VerifiedCopy:
    """Copy `source` (an open connection or a file) to `dest` and check the copy.

    Refuses to overwrite an existing file; raises FileProblem (Norwegian) when the copy is
    not sound, and leaves the bad copy beside it for inspection."""
    dest = Path(dest)
    if dest.exists():
        raise FileProblem(f"{dest} finnes allerede; velg et annet navn for kopien.")
    try:
        backup_copy(source, dest)
    except (sqlite3.Error, OSError) as exc:
        raise FileProblem(f"Kopien til {dest} kunne ikke lages: {exc}") from None
    conn = sqlite3.connect(sqlite_uri(dest.resolve(), mode="ro"), uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    integrity = "; ".join(r[0] for r in rows)
    result = VerifiedCopy(dest, file_sha256(dest), integrity, dest.stat().st_size, version)
    if not result.ok:
        raise FileProblem(f"Kopien {dest.name} besto ikke integritetskontrollen: {integrity}")
    return result
