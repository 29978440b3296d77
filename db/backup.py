"""Backups through SQLite's online backup API, rolling, beside the file by default.

A backup is a complete .alis file named after the original and the moment it was taken:
`NAME.20261126-081502-123456.alis` (made by hand), `NAME.<stamp>.auto.alis` (made when the
file was opened for writing), `NAME.<stamp>.for-gjenoppretting.alis` (the file as it was just
before a restore) and `NAME.v1.<stamp>.alis` (before a migration from schema version 1).
All kinds roll together: after each backup only the newest `keep` are left
(Municipality.backup_keep, 10 by default).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from alis_desktop import audit as audit_text
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from db.connection import (
    SCHEMA_VERSION, _ro_uri, backup_copy, backup_dir_for, inspect_version, migrate,
)
from db.lock import FileLocked

# An automatic backup when a file is opened for writing, at most one per AUTO_INTERVAL:
# opening the file in the morning and again after lunch gives one backup a working day, so
# the default ten backups reach back about two working weeks.
AUTO_INTERVAL = timedelta(hours=12)
AUTO, BEFORE_RESTORE, BEFORE_IMPORT = "auto", "for-gjenoppretting", "for-import"
KIND_NAMES = {"": "Manuell", AUTO: "Automatisk", BEFORE_RESTORE: "Før gjenoppretting",
              BEFORE_IMPORT: "Før import",
              "migration": "Før oppgradering"}
# Counts shown for each backup in the restore dialog, in this order.
SHOWN_COUNTS = ("doctors", "placements", "supervision_sessions", "goal_statuses", "meetings",
                "attestations")


@dataclass
class Backup:
    """One backup file and what its name says."""

    path: Path
    taken: datetime
    kind: str  # "", AUTO, BEFORE_RESTORE or "migration"
    from_version: int | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    def when(self) -> str:
        return f"{fmt(self.taken.date())} kl. {self.taken:%H:%M}"


@dataclass
class BackupContents:
    """What is inside a backup, for choosing one to restore."""

    ok: bool
    problem: str = ""
    schema_version: int | None = None
    municipality: str = ""
    counts: dict = field(default_factory=dict)


def _pattern(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + r"\.(?:v(?P<version>\d+)\.)?"
                      r"(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)(?:\.(?P<tag>[a-z-]+))?\.alis$")


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def backup_now(path: Path, folder: Path | None = None, keep: int | None = None, *,
               tag: str = "") -> Path:
    """A consistent copy of the file in `folder` (default: beside it); then prune to `keep`."""
    path = Path(path)
    inspect_version(path)  # refuses what is not a usable file
    folder = Path(folder) if folder else backup_dir_for(path)
    suffix = f".{tag}" if tag else ""
    dest = backup_copy(path, folder / f"{path.stem}.{_stamp()}{suffix}.alis")
    if keep:
        prune(folder, path.stem, keep)
    return dest


def auto_backup(path: Path, folder: Path | None = None, keep: int | None = None, *,
                now: datetime | None = None) -> Path | None:
    """The backup on opening a file for writing, unless one was made within AUTO_INTERVAL."""
    path = Path(path)
    folder = Path(folder) if folder else backup_dir_for(path)
    now = now or datetime.now()
    found = list_backups(folder, path.stem)
    if found and now - found[-1].taken < AUTO_INTERVAL:
        return None
    try:
        return backup_now(path, folder, keep, tag=AUTO)
    except sqlite3.Error as exc:  # said as a file problem: callers need not know SQLite
        raise FileProblem(f"Sikkerhetskopien kunne ikke lages: {exc}") from None


def list_backups(folder: Path, stem: str) -> list[Backup]:
    """The backups of the file named `stem` in `folder`, oldest first."""
    pattern = _pattern(stem)
    found = []
    if not Path(folder).is_dir():
        return found
    for path in Path(folder).iterdir():
        match = pattern.match(path.name)
        if not match:
            continue
        stamp = match["stamp"]
        fmt_ = "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        kind = "migration" if match["version"] else (match["tag"] or "")
        version = int(match["version"]) if match["version"] else None
        found.append(Backup(path, datetime.strptime(stamp, fmt_), kind, version))
    return sorted(found, key=lambda b: (b.taken, b.path.name))


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    gone = []
    for old in list_backups(folder, stem)[:-keep] if keep > 0 else []:
        try:
            old.path.unlink(missing_ok=True)
        except OSError:  # Windows: another program has it open; kept until next time
            continue
        gone.append(old.path)
    return gone


def contents(path: Path, *, verify: bool = True) -> BackupContents:
    """Schema version, municipality and record counts of a backup, read-only. Without
    verify (a list of many backups) the structural check is left to the restore itself."""
    try:
        version = inspect_version(Path(path), verify=verify)
    except FileProblem as exc:
        return BackupContents(ok=False, problem=str(exc))
    conn = sqlite3.connect(_ro_uri(path), uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {k: conn.execute(f"SELECT count(*) FROM [{k}]").fetchone()[0]
                  for k in SHOWN_COUNTS if k in tables}
        row = conn.execute("SELECT name FROM municipality").fetchone() \
            if "municipality" in tables else None
    except sqlite3.DatabaseError as exc:
        return BackupContents(ok=False, problem=f"Kan ikke leses: {exc}", schema_version=version)
    finally:
        conn.close()
    return BackupContents(ok=True, schema_version=version, municipality=row[0] if row else "",
                          counts=counts)


def restore(store, backup: Path, folder: Path | None = None, keep: int | None = None) -> Path:
    """Replace the open file's contents with a backup, through the backup API into the
    store's own connection (one transaction: a crash midway leaves the file as it was).

    The current contents are backed up first; the result is migrated if the backup is
    older, and the restore is written to the (restored) audit log. Returns the backup of
    the contents before the restore."""
    if store.read_only or store.path is None:
        raise FileProblem("Filen er åpnet skrivebeskyttet; den kan ikke gjenopprettes nå.")
    if store.lock is not None and not store.heartbeat():
        # Another copy took the file over (this PC slept): never overwrite its work.
        holder = store.lock_holder()
        if holder is not None:
            raise FileLocked(store.path, holder, holder.is_stale())
        raise FileProblem("Filen er ikke lenger låst for redigering av dette programmet; den "
                          "kan ikke gjenopprettes nå.")
    backup = Path(backup)
    if backup.resolve() == store.path.resolve():
        raise FileProblem("Velg en sikkerhetskopi, ikke selve filen.")
    inspect_version(backup, verify=True)  # refuses damaged and newer backups
    folder = Path(folder) if folder else backup_dir_for(store.path)
    before = backup_copy(store.conn, folder / f"{store.path.stem}.{_stamp()}.{BEFORE_RESTORE}"
                                              ".alis")
    src = sqlite3.connect(_ro_uri(backup), uri=True)
    try:
        src.backup(store.conn)
    finally:
        src.close()
    migrate(store.conn, store.path, folder)
    taken = next((b for b in list_backups(backup.parent, store.path.stem)
                  if b.path.name == backup.name), None)
    when = f" (tatt {taken.when()})" if taken else ""
    with store.transaction():
        store.audit(audit_text.RESTORED, detail=(
            f"Fra {backup.name}{when}. Innholdet før gjenopprettingen er lagret i "
            f"{before.name}."))
    if keep:
        prune(folder, store.path.stem, keep)
    return before


__all__ = ["AUTO_INTERVAL", "Backup", "BackupContents", "SCHEMA_VERSION", "auto_backup",
           "backup_now", "contents", "list_backups", "prune", "restore"]
