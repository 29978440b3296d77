"""A copy of the file that is known to be good: SQLite's backup API, then an integrity check
and a SHA-256 of the copy (for the handover pack, so a new leader can trust what they get)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alis_desktop import os_errors
from alis_desktop.atomic_files import atomic_output
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
    not sound. The copy is checked under a temporary name and only then given its own
    (alis_desktop.atomic_files), so a failed or unsound copy leaves nothing behind."""
    dest = Path(dest)
    if dest.exists():
        raise FileProblem(f"{dest} finnes allerede; velg et annet navn for kopien.")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_errors.problem(exc, dest.parent, action="lage mappen") from None
    with atomic_output(dest) as tmp:
        try:
            backup_copy(source, tmp)
        except sqlite3.Error as exc:
            if os_errors.is_disk_full(exc):
                raise
            raise FileProblem(f"Kopien til {dest} kunne ikke lages: {exc}") from None
        conn = sqlite3.connect(sqlite_uri(tmp.resolve(), mode="ro"), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        integrity = "; ".join(r[0] for r in rows)
        if integrity != "ok":
            raise FileProblem(f"Kopien {dest.name} besto ikke integritetskontrollen: "
                              f"{integrity}. Ingen kopi ble lagret.")
        digest, size = file_sha256(tmp), tmp.stat().st_size
    return VerifiedCopy(dest, digest, integrity, size, version)
