"""The audit log as the viewer shows it: each row with the doctor, arena or supervisor it
concerns (one query per kind, never one per row)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from alis_desktop import audit as audit_text
from alis_desktop import models as m
from alis_desktop.records import REFERENCES
from db.store import Store

_NAMED = {"doctors": "doctors", "arenas": "arenas", "supervisors": "supervisors"}


@dataclass
class AuditRow:
    entry: m.AuditEntry
    at: datetime | None
    kind_label: str
    concerns: str  # the person or place the record belongs to, when it still exists

    def cells(self) -> list[str]:
        e = self.entry
        when = f"{self.at:%d.%m.%Y %H:%M:%S}" if self.at else e.at
        return [when, e.user, e.action, self.kind_label,
                "" if e.record_id is None else str(e.record_id), self.concerns, e.detail]


def _parse(at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(at)
    except ValueError:
        return None


def audit_rows(store: Store) -> list[AuditRow]:
    entries = store.all("audit_log")
    names = {kind: dict(store.conn.execute(f"SELECT id, name FROM [{kind}]"))
             for kind in _NAMED}
    owner: dict[str, dict[int, str]] = {}
    for kind in {e.kind for e in entries}:
        refs = dict(REFERENCES.get(kind, []))
        if kind in _NAMED:
            owner[kind] = names[kind]
        elif "doctor_id" in refs:
            owner[kind] = {rid: names["doctors"].get(did, "") for rid, did in store.conn.execute(
                f"SELECT id, doctor_id FROM [{kind}]")}
        elif "arena_id" in refs:
            owner[kind] = {rid: names["arenas"].get(aid, "") for rid, aid in store.conn.execute(
                f"SELECT id, arena_id FROM [{kind}]")}
    return [AuditRow(e, _parse(e.at), audit_text.KIND_LABELS.get(e.kind, e.kind),
                     owner.get(e.kind, {}).get(e.record_id, "") or _named_in(e, names))
            for e in entries]


_DOCTOR_IN_DETAIL = re.compile(rf"\b{audit_text.label('doctor_id')}: (\d+)\b")


def _named_in(entry: m.AuditEntry, names: dict[str, dict]) -> str:
    """For a deleted record: the doctor its detail line names («Lege: 7»), if any."""
    found = _DOCTOR_IN_DETAIL.search(entry.detail)
    return names["doctors"].get(int(found.group(1)), "") if found else ""
