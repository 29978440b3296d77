"""Opening an .alis file safely.

Order matters (STYLE.md practice 3): look at the file read-only first (header, version),
so a newer or damaged file stays byte-identical; back it up before the first migration step;
only then open for writing and migrate.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from alis_desktop.errors import FileProblem
from db import migrations

SCHEMA_VERSION = migrations.LATEST
SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir_for(path: Path) -> Path:
    """Default backup folder: beside the file."""
    return path.with_name(path.stem + "-sikkerhetskopier")


def inspect_version(path: Path) -> int:
    """The file's schema version, read without writing anything; FileProblem if unusable."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise FileProblem(f"Filen {path} kan ikke leses: {exc.strerror}.") from None
    if len(header) == 0:
        return 0
    if not header.startswith(SQLITE_HEADER):
        raise FileProblem(
            f"{path.name} er ikke en ALIS Desktop-fil (ikke en SQLite-database). "
            "Filen er ikke endret.")
    if len(header) < 100:
        raise FileProblem(f"{path.name} er avkortet eller skadet. Filen er ikke endret.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise FileProblem(
            f"{path.name} er skadet og kan ikke åpnes ({exc}). Filen er ikke endret.") from None
    if version > SCHEMA_VERSION:
        raise FileProblem(
            f"{path.name} er laget av en nyere versjon av ALIS Desktop (skjemaversjon "
            f"{version}, denne versjonen kan {SCHEMA_VERSION}). Oppdater programmet for å "
            "åpne filen. Filen er ikke endret.")
    return version


def backup_copy(conn_or_path, dest: Path) -> Path:
    """A consistent copy through SQLite's online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = conn_or_path
    own = not isinstance(src, sqlite3.Connection)
    if own:
        src = sqlite3.connect(f"{Path(conn_or_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dest)
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        if own:
            src.close()
    _owner_only(dest)
    return dest


def _owner_only(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
    except OSError:  # some file systems (network shares, Windows) have no such bits
        pass


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the program's settings: explicit transactions, foreign keys on,
    rollback journal with full sync (safe on local disks and network shares alike)."""
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def migrate(conn: sqlite3.Connection, path: Path | None, backup_dir: Path | None = None) -> list[str]:
    """Bring the file to SCHEMA_VERSION; back up first if it already holds data."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    done = []
    pending = [s for s in migrations.steps() if s[0] > version]
    if pending and version > 0 and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or backup_dir_for(path)
        backup_copy(conn, folder / f"{path.stem}.v{version}.{stamp}.alis")
    for number, name, sql in pending:
        try:
            conn.executescript(
                f"BEGIN EXCLUSIVE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def open_file(path, *, create: bool = False, read_only: bool = False,
              backup_dir: Path | None = None) -> sqlite3.Connection:
    """Open (and if needed create or migrate) a file; FileProblem with a Norwegian message
    for anything the user must know."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise FileProblem(f"Filen {path} finnes ikke.")
        if read_only:
            raise FileProblem("En ny fil kan ikke åpnes skrivebeskyttet.")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    version = inspect_version(path)
    if read_only:
        if version < SCHEMA_VERSION:
            raise FileProblem(
                f"{path.name} har en eldre skjemaversjon ({version}) og må oppgraderes, "
                "men er åpnet skrivebeskyttet.")
        return connect(path, read_only=True)
    conn = connect(path)
    try:
        migrate(conn, path, backup_dir)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise FileProblem(f"{path.name} kunne ikke oppgraderes: {exc}") from None
    return conn
