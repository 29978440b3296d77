"""Reading and writing domain records. Every write validates in the domain layer first and
runs in one transaction; nothing invalid reaches the file."""

from __future__ import annotations

import getpass
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alis_desktop import audit as audit_text
from alis_desktop import models as m
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.getting_started import PLACEHOLDER_NAME
from alis_desktop.os_errors import DiskFull, is_disk_full
from alis_desktop.records import (KIND_OF, RECORD_KINDS, REFERENCES, check_texts, from_rows,
                                  to_plain)
from db import versions
from db.connection import SCHEMA_VERSION, open_locked, refresh_statistics
from db.lock import FileLock, LockInfo, read_lock
from db.postgres import is_server_url, safe_url

# Kinds whose every write is audited: DESIGN.md names approvals, attestations, deletions and
# edits of counted service; what the rules count (supervision hours, activities, leave),
# who is who, and the municipality's settings belong with them. Not audited on save: meeting
# contents (their approvals are audited as goal_statuses), plan items, coverage and goal
# texts (bulk edits of reference data). Every deletion of any kind is audited. The detail
# line never copies free text (alis_desktop/audit.py).
AUDITED_KINDS = frozenset({
    "municipality", "doctors", "arenas", "supervisors", "supervisor_assignments", "placements",
    "leaves", "supervision_sessions", "goal_statuses", "activities", "rule_deviations",
    "attestations", "institution_requests", "institution_posts",
    # The municipality's plan (issue 18): its texts and the adopted versions.
    "plan_sections", "plan_contacts", "arena_conditions", "arena_activities", "plan_courses",
    "plan_versions"})
# Kinds with an `archived` flag: kept for their history instead of deleted.
ARCHIVABLE_KINDS = ("doctors", "arenas", "supervisors")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return ""


class Store:
    """One open file. Reads return domain records; writes take domain records."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None, *,
                 read_only: bool = False):
        self.conn = conn
        self._db = None
        self.path = Path(path) if path else None
        self.read_only = read_only
        self.user = current_user()
        self.lock: FileLock | None = None
        self._closed = False
        self.committed = False  # a transaction of this session has been committed
        # A PostgreSQL server instead of a file (issue 20, db/postgres.py): records carry a
        # row_version there, checked on save and delete (db/versions.py).
        self.url: str | None = None
        self.source = None  # what a background reader opens: the file, or the server's URL
        self.password: str | None = None  # a server's, when typed in the window (never saved)
        self.versioned = False
        self.seen_versions: dict[tuple[str, int], int] = {}
        self.seen_records: dict[tuple[str, int], object] = {}
        self.shown_versions: set[tuple[str, int, int]] = set()

    @classmethod
    def open(cls, path, *, create: bool = False, read_only: bool = False, lock: bool = True,
             take_over: bool = False, **kw) -> "Store":
        """Open a file. For writing, the writer's lock is taken first (db/lock.py):
        FileLocked when another running copy holds it; take_over=True replaces a stale lock
        (never a live one). read_only=True takes no lock. Other keywords: backup_dir (where
        the backup before a migration goes), verify (quick_check on open, default on).
        A postgresql:// URL opens a server instead (no lock file: the server serialises
        writers; a role without write rights opens read-only)."""
        if is_server_url(path):
            return cls._open_server(path, create=create, read_only=read_only,
                                    password=kw.get("password"))
        conn, held = open_locked(path, create=create, read_only=read_only,
                                 lock=lock and not read_only, take_over=take_over, **kw)
        store = cls(conn, path, read_only=read_only)
        store.lock = held
        try:
            if not read_only and store.count("municipality") == 0:
                with store.transaction():
                    store._insert_row("municipality", to_plain(
                        m.Municipality(name=PLACEHOLDER_NAME), for_json=False))
            previous = held.took_over if held is not None else None
            if previous is not None:
                with store.transaction():
                    store.audit(audit_text.LOCK_TAKEN_OVER, detail=(
                        f"Låsen til {previous.describe()} var foreldet."))
                held.took_over = None
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_server(cls, url: str, *, create: bool, read_only: bool,
                     password: str | None = None) -> "Store":
        from db.postgres import open_server
        asked = read_only
        conn, read_only, user = open_server(url, read_only=read_only, create=create,
                                            password=password)
        store = cls(conn, None, read_only=read_only)
        store.url, store.versioned, store.user = safe_url(url), True, user
        store.source = url  # for background readers' own connections; never written anywhere
        store.password = password  # typed by the user: in memory only, for those connections
        store.reader_role = read_only and not asked  # the role has no right to write
        try:
            if not read_only and store.count("municipality") == 0:
                with store.transaction():
                    store._insert_row("municipality", to_plain(
                        m.Municipality(name=PLACEHOLDER_NAME), for_json=False))
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection and give up the writer's lock (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.read_only and self.url is None:
                self._refresh_statistics()
            self.conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def _refresh_statistics(self) -> None:
        """The query planner's statistics, for the next time the file is opened. They only
        make queries faster: a file that cannot take them now (disk full, locked by an
        outside tool) is closed all the same."""
        try:
            refresh_statistics(self.conn, changed=self.committed)
        except sqlite3.Error:
            pass

    # --- the writer's lock -----------------------------------------------------------------
    def heartbeat(self) -> bool:
        """Refresh the lock (the window calls this every minute). False when another copy
        has taken the file over: from then on this store is read-only."""
        if self.lock is None or self._closed:
            return True
        if not self.lock.lost and self.lock.refresh():
            return True
        if not self.read_only:
            self.read_only = True
            self.conn.execute("PRAGMA query_only = ON")  # SQLite itself refuses writes now
        return False

    def lock_holder(self) -> LockInfo | None:
        """Who holds the file for writing, as its lock file says (None: nobody)."""
        return read_lock(self.path) if self.path else None

    @property
    def db(self):
        """sqlite-utils over the same connection, made on first use: importing it costs a
        quarter of a second (it brings numpy), which the window should not pay at start."""
        if self._db is None:
            import sqlite_utils
            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # --- reading -------------------------------------------------------------------------
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _select(self, kind: str, where: str | None, params, order_by: str | None):
        sql = f"SELECT * FROM [{kind}]" + (f" WHERE {where}" if where else "")
        return self.conn.execute(sql + (f" ORDER BY {order_by}" if order_by else ""), params)

    def rows(self, kind: str, where: str | None = None, params=(), order_by: str = "id"):
        """Stored rows as dicts (column -> value)."""
        cursor = self._select(kind, where, params, order_by)
        names = [c[0] for c in cursor.description]
        return (dict(zip(names, row)) for row in cursor)

    def all(self, kind: str, where: str | None = None, params=(), order_by: str = "id") -> list:
        cursor = self._select(kind, where, params, order_by)
        names = [c[0] for c in cursor.description]
        if self.versioned:  # each record remembers its row_version (db/versions.py)
            rows = cursor.fetchall()
            records = from_rows(RECORD_KINDS[kind], names, rows)
            versions.remember(self, kind, names, rows, records)
            return records
        return from_rows(RECORD_KINDS[kind], names, cursor)

    def get(self, kind: str, record_id: int):
        found = self.all(kind, "id = ?", [record_id])
        if not found:
            raise KeyError(f"{kind} {record_id}")
        return found[0]

    def count(self, kind: str, where: str | None = None, params=()) -> int:
        sql = f"SELECT count(*) FROM [{kind}]" + (f" WHERE {where}" if where else "")
        return self.conn.execute(sql, params).fetchone()[0]

    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in RECORD_KINDS}

    def municipality(self) -> m.Municipality:
        found = self.all("municipality")
        return found[0] if found else m.Municipality()

    def for_doctor(self, kind: str, doctor_id: int, order_by: str = "id") -> list:
        return self.all(kind, "doctor_id = ?", [doctor_id], order_by)

    def progress(self, as_of, doctor_id: int | None = None, *, doctor_ids=None) -> dict:
        """doctor id -> alis_desktop.requirements.Progress (for callers handed a store, such
        as the document modules, which do not import db themselves); all doctors, one, or
        those in doctor_ids (loaded together, not one by one)."""
        from db.progress import progress_for
        return progress_for(self, as_of, doctor_id, doctor_ids=doctor_ids)

    def verified_copy(self, dest):
        """A copy of the file through SQLite's backup API, integrity-checked, with its
        SHA-256 (db.verified_copy.VerifiedCopy), for the document modules' handover pack."""
        if self.url is not None:  # a server has no file to copy (docs/server.md)
            raise FileProblem("En verifisert kopi av filen kan bare lages når registeret er en "
                              "fil. På en server tar IT sikkerhetskopi med pg_dump, og "
                              "JSON-eksporten gir en kopi du kan lese selv.")
        from db.verified_copy import verified_copy
        return verified_copy(self.conn, dest)

    def bundles(self, doctor_id: int | None = None, *, doctor_ids=None) -> dict:
        """doctor id -> db.queries.DoctorBundle: the doctor with all her records; all
        doctors, one, or those in doctor_ids (loaded together, not one by one)."""
        from db.queries import doctor_bundles
        return doctor_bundles(self, doctor_id, doctor_ids=doctor_ids)

    # --- writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """One user action = one transaction (nested calls become savepoints)."""
        self._writable()
        atomic = getattr(self.conn, "atomic", None)  # a server's own (db/postgres.py)
        try:
            with (atomic or self.db.atomic)():
                yield self
        except sqlite3.OperationalError as exc:
            if not is_disk_full(exc) or self.path is None:
                raise
            # SQLite rolled the transaction back: the file is as it was before the action.
            raise DiskFull(self.path.parent, None, self.path.name, change=True) from None
        if not self.conn.in_transaction:  # the outermost one committed
            self.committed = True

    def _writable(self) -> None:
        if self.read_only:
            raise FileProblem("Filen er åpnet skrivebeskyttet; endringer kan ikke lagres.")

    def _insert_row(self, kind: str, row: dict) -> int:
        cols = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO [{kind}] ({cols}) VALUES ({marks})", list(row.values()))
        return cur.lastrowid

    def _check_refs(self, kind: str, record) -> None:
        for field_name, target in REFERENCES.get(kind, []):
            ref = getattr(record, field_name)
            if ref is not None and not self.count(target, "id = ?", [ref]):
                raise ValidationError(field_name, f"Finner ikke {target} med id {ref}.")

    def save(self, record, *, audit: str | None = None, detail: str | None = None):
        """Insert (id None) or update a record after validating it; returns it with its id.

        The audit row names the action (opprettet, endret, godkjent, attest utstedt,
        arkivert ...) and what changed; `audit` overrides the action word and `detail` the
        description (callers pass e.g. the reason for withdrawing an approval)."""
        kind = KIND_OF[type(record)]
        record.validate()
        check_texts(record)  # the import's limits: what is saved exports and imports again
        try:
            return self._save(kind, record, audit, detail)
        except sqlite3.IntegrityError as exc:  # the schema's own checks: the last guard
            raise constraint_error(kind, exc) from None
        except (OverflowError, UnicodeEncodeError) as exc:
            raise ValidationError("-", f"En verdi kan ikke lagres i filen ({exc}).") from None

    def _save(self, kind: str, record, audit: str | None, detail: str | None):
        seen = None
        if self.versioned and record.id is not None:
            seen = versions.expected(self, kind, record)
        with self.transaction():
            self._check_refs(kind, record)
            row = to_plain(record, for_json=False)
            old = None
            if record.id is None:
                row.pop("id")
                record.id = self._insert_row(kind, row)
                if self.versioned:
                    versions.stored(self, kind, record, 1)
            else:
                found = self.all(kind, "id = ?", [record.id])
                if not found and seen is not None:  # deleted by someone else meanwhile
                    raise versions.refusal(self, kind, record.id, record)
                if not found:
                    raise ValidationError("id", f"Finner ikke {kind} med id {record.id}.")
                old = found[0]
                sets = ", ".join(f"[{c}] = ?" for c in row if c != "id")
                params = [v for c, v in row.items() if c != "id"] + [record.id]
                if self.versioned:
                    expected = versions.for_save(self, kind, record, old)
                    self._update_versioned(kind, record, sets, params, expected)
                else:
                    self.conn.execute(f"UPDATE [{kind}] SET {sets} WHERE id = ?", params)
            if kind in AUDITED_KINDS:
                self.audit(audit or audit_text.action_for(old, record), kind, record.id,
                           audit_text.detail_for(old, record) if detail is None else detail)
        return record

    def delete(self, kind: str, record_id: int, *, reason: str = "",
               audit: str | None = None) -> None:
        """Delete one record; refused (Norwegian message) when other records refer to it.
        `audit` overrides the action word («angret» when a new record is undone)."""
        with self.transaction():
            for other, refs in REFERENCES.items():
                for field_name, target in refs:
                    if target == kind and self.count(other, f"[{field_name}] = ?", [record_id]):
                        raise ValidationError(
                            "id", "Kan ikke slettes fordi andre opplysninger viser til den "
                            f"({audit_text.KIND_LABELS.get(other, other).lower()}). "
                            "Arkiver den i stedet.")
            seen = self.seen_versions.get((kind, record_id)) if self.versioned else None
            found = self.all(kind, "id = ?", [record_id])
            if not found and seen is not None:  # deleted by someone else meanwhile
                raise versions.refusal(self, kind, record_id, deleting=True)
            if not found:
                raise ValidationError("id", f"Finner ikke {kind} med id {record_id}.")
            if self.versioned:
                expected = versions.for_delete(self, kind, record_id, found[0])
                cur = self.conn.execute(f"DELETE FROM [{kind}] WHERE id = ? AND row_version = ?",
                                        [record_id, expected])
                if cur.rowcount == 0:  # changed in the instant between reading and deleting
                    raise versions.refusal(self, kind, record_id, deleting=True)
                versions.forget(self, kind, record_id)
            else:
                self.conn.execute(f"DELETE FROM [{kind}] WHERE id = ?", [record_id])
            parts = [f"Begrunnelse: {reason}"] if reason else []
            if kind != "audit_log":
                parts.append(audit_text.describe_record(found[0]))
            self.audit(audit or audit_text.DELETED, kind, record_id,
                       "; ".join(p for p in parts if p))

    def _update_versioned(self, kind: str, record, sets: str, params: list,
                          seen: int | None) -> None:
        """The server's update: only over the version the user read (when known), and the
        version moves on; a record someone else changed meanwhile is refused."""
        sql = f"UPDATE [{kind}] SET {sets}, row_version = row_version + 1 WHERE id = ?"
        if seen is not None:
            sql += " AND row_version = ?"
            params = params + [seen]
        cur = self.conn.execute(sql + " RETURNING row_version", params)
        new = cur.fetchone()
        if new is None:
            raise versions.refusal(self, kind, record.id, record)
        versions.stored(self, kind, record, new[0])

    def restore(self, record, *, audit: str) -> object:
        """Put a deleted record back under its old id (undoing a deletion); audited always."""
        kind = KIND_OF[type(record)]
        record.validate()
        check_texts(record)  # the import's limits: what is saved exports and imports again
        with self.transaction():
            if self.count(kind, "id = ?", [record.id]):
                raise ValidationError("id", f"{kind} med id {record.id} finnes allerede.")
            self._check_refs(kind, record)
            try:
                self._insert_row(kind, to_plain(record, for_json=False))
            except sqlite3.IntegrityError as exc:
                raise constraint_error(kind, exc) from None
            self.audit(audit, kind, record.id, audit_text.describe_record(record))
        return record

    def archive(self, kind: str, record_id: int, archived: bool = True):
        """Archive (or bring back) a doctor, arena or supervisor: kept with its history,
        hidden from everyday lists. Audited as «arkivert» / «hentet fra arkivet»."""
        if kind not in ARCHIVABLE_KINDS:
            raise ValidationError("archived", "Bare leger, læringsarenaer og veiledere kan "
                                              "arkiveres.")
        record = self.get(kind, record_id)
        if record.archived == archived:
            return record
        record.archived = archived
        return self.save(record)

    def audit(self, action: str, kind: str = "", record_id: int | None = None,
              detail: str = "") -> None:
        entry = m.AuditEntry(at=datetime.now().isoformat(timespec="seconds"), user=self.user,
                             action=action, kind=kind, record_id=record_id, detail=detail)
        row = to_plain(entry, for_json=False)
        row.pop("id")
        self._insert_row("audit_log", row)

    def change_token(self) -> int | None:
        """On a server: a number that moves whenever anyone writes (the window polls it to
        show other users' changes). None for a file: it has one writer, this window."""
        if self.url is None:
            return None
        from db.postgres import change_counter
        return change_counter(self.conn.raw)

    def integrity(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def foreign_key_problems(self) -> int:
        return len(self.conn.execute("PRAGMA foreign_key_check").fetchall())


def constraint_error(kind: str, exc: sqlite3.IntegrityError) -> ValidationError:
    """A Norwegian ValidationError for a constraint the schema enforced."""
    text = str(exc)
    columns = [c.strip().split(".")[-1] for c in text.partition(":")[2].split(",") if c.strip()]
    field_name = columns[-1] if columns else "-"
    if text.startswith("UNIQUE"):
        labels = ", ".join(audit_text.label(c).lower() for c in columns)
        message = f"Det finnes allerede en post med samme {labels}."
    elif text.startswith("NOT NULL"):
        message = f"{audit_text.label(field_name)} må fylles ut."
    elif text.startswith("FOREIGN KEY"):
        message = "Posten viser til noe som ikke finnes i filen."
    else:
        message = f"Verdiene bryter en regel i filen ({text})."
    return ValidationError(field_name, message)


__all__ = ["Store", "SCHEMA_VERSION"]
