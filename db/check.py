"""`check`: what a file is and whether it is whole, without changing a byte of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alis_desktop.errors import FileProblem
from alis_desktop.records import RECORD_KINDS
from db.connection import SCHEMA_VERSION, connect, inspect_version
from db.lock import read_lock


def check_file(path: Path) -> dict:
    report = {"file": str(path), "program_schema_version": SCHEMA_VERSION,
              "schema_version": None, "integrity": "", "foreign_key_problems": 0,
              "counts": {}, "ok": False, "locked_by": None, "verdict": ""}
    holder = read_lock(Path(path))
    if holder is not None:
        report["locked_by"] = holder.describe() + (" (foreldet lås)" if holder.is_stale() else "")
    try:
        version = inspect_version(path)
    except FileProblem as exc:
        report["integrity"] = str(exc)
        report["verdict"] = f"ikke i orden: {exc}"
        return report
    report["schema_version"] = version
    conn = connect(path, read_only=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        report["integrity"] = "\n".join(r[0] for r in rows)
        report["foreign_key_problems"] = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        report["counts"] = {k: conn.execute(f"SELECT count(*) FROM [{k}]").fetchone()[0]
                            for k in RECORD_KINDS if k in tables}
    except sqlite3.DatabaseError as exc:  # damage bad enough that even the check stops
        report["integrity"] = f"{report['integrity']}\n{exc}".strip()
    finally:
        conn.close()
    report["ok"] = (report["integrity"] == "ok" and report["foreign_key_problems"] == 0
                    and version == SCHEMA_VERSION)
    report["verdict"] = _verdict(report, version)
    return report


def _verdict(report: dict, version: int) -> str:
    """One line for people: «i orden», or what is not (the exit code follows «ok»)."""
    problems = []
    if report["integrity"] != "ok":
        problems.append("integritetskontrollen fant feil")
    if report["foreign_key_problems"]:
        problems.append(f"{report['foreign_key_problems']} brutte henvisninger")
    if version < SCHEMA_VERSION:
        problems.append(f"eldre skjemaversjon ({version}); den oppgraderes når filen åpnes "
                        "for redigering")
    return "i orden" if not problems else "ikke i orden: " + "; ".join(problems)
