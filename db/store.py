"""Reading and writing domain records. Every write validates in the domain layer first and
runs in one transaction; nothing invalid reaches the file."""

from __future__ import annotations

import getpass
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alis_desktop import models as m
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.records import KIND_OF, RECORD_KINDS, REFERENCES, from_rows, to_plain
from db.connection import SCHEMA_VERSION, open_file

# Kinds whose writes go to the audit log (DESIGN.md: approvals, attestations, deletions,
# edits of counted service).
AUDITED_KINDS = frozenset({"doctors", "placements", "leaves", "goal_statuses", "attestations",
                           "supervisors", "arenas", "supervisor_assignments", "rule_deviations"})


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

    @classmethod
    def open(cls, path, *, create: bool = False, read_only: bool = False, **kw) -> "Store":
        conn = open_file(path, create=create, read_only=read_only, **kw)
        store = cls(conn, path, read_only=read_only)
        if not read_only and store.count("municipality") == 0:
            with store.transaction():
                store._insert_row("municipality", to_plain(m.Municipality(name="Min kommune"),
                                                           for_json=False))
        return store

    def close(self) -> None:
        self.conn.close()

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
        return from_rows(RECORD_KINDS[kind], [c[0] for c in cursor.description], cursor)

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
        with self.db.atomic():
            yield self

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

        `audit` names the action and `detail` describes it in the audit log (defaults:
        opprettet/endret and the record's name or goal code)."""
        kind = KIND_OF[type(record)]
        record.validate()
        with self.transaction():
            self._check_refs(kind, record)
            row = to_plain(record, for_json=False)
            if record.id is None:
                row.pop("id")
                record.id = self._insert_row(kind, row)
                action = audit or "opprettet"
            else:
                if not self.count(kind, "id = ?", [record.id]):
                    raise ValidationError("id", f"Finner ikke {kind} med id {record.id}.")
                sets = ", ".join(f"[{c}] = ?" for c in row if c != "id")
                params = [v for c, v in row.items() if c != "id"] + [record.id]
                self.conn.execute(f"UPDATE [{kind}] SET {sets} WHERE id = ?", params)
                action = audit or "endret"
            if kind in AUDITED_KINDS:
                self.audit(action, kind, record.id,
                           _describe(record) if detail is None else detail)
        return record

    def delete(self, kind: str, record_id: int, *, reason: str = "") -> None:
        """Delete one record; refused (Norwegian message) when other records refer to it."""
        with self.transaction():
            for other, refs in REFERENCES.items():
                for field_name, target in refs:
                    if target == kind and self.count(other, f"[{field_name}] = ?", [record_id]):
                        raise ValidationError(
                            "id", "Kan ikke slettes fordi andre opplysninger viser til den "
                            f"({other}). Arkiver den i stedet.")
            self.conn.execute(f"DELETE FROM [{kind}] WHERE id = ?", [record_id])
            self.audit("slettet", kind, record_id, reason)

    def audit(self, action: str, kind: str = "", record_id: int | None = None,
              detail: str = "") -> None:
        entry = m.AuditEntry(at=datetime.now().isoformat(timespec="seconds"), user=self.user,
                             action=action, kind=kind, record_id=record_id, detail=detail)
        row = to_plain(entry, for_json=False)
        row.pop("id")
        self._insert_row("audit_log", row)

    def integrity(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def foreign_key_problems(self) -> int:
        return len(self.conn.execute("PRAGMA foreign_key_check").fetchall())


def _describe(record) -> str:
    name = (getattr(record, "name", "") or getattr(record, "goal_code", "")
            or getattr(record, "number", ""))
    return str(name)


__all__ = ["Store", "SCHEMA_VERSION"]
