"""No lost update on a server (issue 20): every record there carries a row_version; a save
or delete names the version the user read (UPDATE ... WHERE id = ? AND row_version = ?), and
when someone else changed the record in between, nothing is written and the user is told
who changed it, when, and what it holds now.

Why only on the server: a file has one writer at a time (db/lock.py), so a record read in
this window cannot have been changed by anyone else; its schema stays as it is.

The version a user read travels with the record object (set by Store.all), and a save of
that object is checked strictly against it. A record the window's dialogs rebuilt from
their fields (dataclasses.replace) has lost it; for those the store keeps the record as it
first read it (and as it last wrote it), and compares field by field: the save is refused
when a field someone else changed since then would be set to anything but their value -
back to the old one always (a dialog filled before their change), to a third value until
the user has been shown their change once (both edited the same field). A view that
re-reads its list meanwhile moves nothing on, so a dialog opened before that refresh is
still checked against what it was filled from. Nothing is ever overwritten silently."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, datetime

from alis_desktop import audit as audit_text
from alis_desktop.errors import ValidationError

ATTRIBUTE = "_row_version"


class StaleRecord(ValidationError):
    """The record was changed or deleted by another user since it was read. `current` is
    the record as stored now (None when deleted); reload it and make the change again."""

    def __init__(self, message: str, *, kind: str, record_id: int, current,
                 changed_by: str, changed_at: str):
        super().__init__("id", message)
        self.stale_kind = kind
        self.stale_id = record_id
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at


def remember(store, kind: str, names, rows, records) -> None:
    """Note the row_version of each record read (names/rows as read from the cursor)."""
    if "row_version" not in names:
        return
    at = list(names).index("row_version")
    seen = store.seen_versions
    for row, record in zip(rows, records):
        record.__dict__[ATTRIBUTE] = row[at]
        if (kind, record.id) not in seen:
            seen[(kind, record.id)] = row[at]
            store.seen_records[(kind, record.id)] = copy.copy(record)


def expected(store, kind: str, record) -> int | None:
    """The version the user read of this record (None: not known, not checked)."""
    found = getattr(record, ATTRIBUTE, None)
    return found if found is not None else store.seen_versions.get((kind, record.id))


def stored(store, kind: str, record, version: int) -> None:
    """After a successful write: the record and the store know its new version."""
    record.__dict__[ATTRIBUTE] = version
    store.seen_versions[(kind, record.id)] = version
    store.seen_records[(kind, record.id)] = copy.copy(record)


def for_save(store, kind: str, record, current) -> int:
    """The version the update must still find (the one stored now), or the refusal."""
    now = getattr(current, ATTRIBUTE)
    own = getattr(record, ATTRIBUTE, None)
    if own is not None:  # the very object read: strict
        if own != now:
            raise refusal(store, kind, record.id, record)
        return now
    key = (kind, record.id)
    first = store.seen_records.get(key)
    if first is None or store.seen_versions.get(key) == now:
        return now  # unchanged since read (or never read here: nothing to compare)
    shown = (kind, record.id, now) in store.shown_versions
    for f in dataclasses.fields(current):
        theirs, before, mine = (getattr(current, f.name), getattr(first, f.name),
                                getattr(record, f.name))
        if theirs != before and mine != theirs and (mine == before or not shown):
            raise refusal(store, kind, record.id, record)
    return now


def for_delete(store, kind: str, record_id: int, current) -> int:
    """The version the delete must still find, or the refusal when someone else changed
    the record since it was read here and the user has not been shown that yet."""
    now = getattr(current, ATTRIBUTE)
    first = store.seen_versions.get((kind, record_id))
    if first is None or first == now or (kind, record_id, now) in store.shown_versions:
        return now
    raise refusal(store, kind, record_id, deleting=True)


def forget(store, kind: str, record_id: int) -> None:
    store.seen_versions.pop((kind, record_id), None)
    store.seen_records.pop((kind, record_id), None)


def refusal(store, kind: str, record_id: int, mine=None, *, deleting: bool = False
            ) -> StaleRecord:
    """The Norwegian refusal: who changed the record and when (from the audit log), and
    what it holds now compared with what the user tried to save."""
    found = store.all(kind, "id = ?", [record_id])
    current = found[0] if found else None
    if current is None:  # the user is told it is gone
        forget(store, kind, record_id)
    else:  # ... and shown what is stored now
        store.shown_versions.add((kind, record_id, getattr(current, ATTRIBUTE)))
    row = store.conn.execute(
        "SELECT [user], at, action FROM audit_log WHERE kind = ? AND record_id = ? "
        "ORDER BY id DESC LIMIT 1", [kind, record_id]).fetchone()
    who, when = (row[0] or "en annen bruker", _shown(row[1])) if row else (
        "en annen bruker", "nylig")
    what = audit_text.KIND_LABELS.get(kind, kind)
    if current is None:
        message = (f"{what} (id {record_id}) ble slettet av {who} {when} etter at du åpnet "
                   "den. Endringen din er ikke lagret.")
    else:
        verb = "slettes" if deleting else "lagres"
        message = (f"{what} (id {record_id}) ble endret av {who} {when} etter at du åpnet "
                   f"den, og kan ikke {verb} uten at du ser endringen først. Ingenting er "
                   "overskrevet.")
        if mine is not None:
            differs = differences(mine, current)
            if differs:
                message += f" Lagret nå: {differs}."
        message += " Last posten inn på nytt, se over og lagre igjen."
    return StaleRecord(message, kind=kind, record_id=record_id, current=current,
                       changed_by=who, changed_at=when)


def differences(mine, current) -> str:
    """Where the stored record differs from what the user tried to save, with both values
    (shown to the user only, never written to the log: free text is allowed here)."""
    parts = []
    for f in dataclasses.fields(current):
        theirs, own = getattr(current, f.name), getattr(mine, f.name)
        if theirs == own or isinstance(theirs, (bytes, list, dict)):
            continue
        parts.append(f"{audit_text.label(f.name)} «{_value(theirs)}» (du: «{_value(own)}»)")
    return "; ".join(parts)


def _value(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    text = str(value).replace(".", ",") if isinstance(value, float) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(at: str) -> str:
    try:
        return f"{datetime.fromisoformat(at):%d.%m.%Y kl. %H:%M}"
    except (TypeError, ValueError):
        return at or "nylig"
