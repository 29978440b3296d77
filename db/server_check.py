"""`check` on a PostgreSQL server (docs/server.md): the same report as for a file, read
through a read-only session. The server guards its own pages and foreign keys, so the
integrity part is whether the register opens at the program's schema version."""

from __future__ import annotations

from alis_desktop.errors import FileProblem
from alis_desktop.records import RECORD_KINDS
from db.connection import SCHEMA_VERSION
from db.postgres import safe_url
from db.store import Store


def check_server(url: str) -> dict:
    report = {"file": safe_url(url), "program_schema_version": SCHEMA_VERSION,
              "schema_version": None, "integrity": "", "foreign_key_problems": 0,
              "counts": {}, "ok": False, "locked_by": None, "backend": "postgresql"}
    try:
        store = Store.open(url, read_only=True)
    except FileProblem as exc:
        report["integrity"] = str(exc)
        return report
    try:
        report["schema_version"] = store.schema_version()
        report["integrity"] = store.integrity()
        report["counts"] = {kind: store.count(kind) for kind in RECORD_KINDS}
        report["user"] = store.user
    finally:
        store.close()
    report["ok"] = report["integrity"] == "ok" and report["schema_version"] == SCHEMA_VERSION
    return report
