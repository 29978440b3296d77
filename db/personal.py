"""One doctor's personal data in the file: export for an access request, erasure after the
training (rules in alis_desktop/personal.py)."""

from __future__ import annotations

from datetime import date, datetime

from alis_desktop import audit as audit_text
from alis_desktop import personal
from alis_desktop.errors import ValidationError
from alis_desktop.records import KIND_OF, to_plain
from db.store import Store

EXPORT_FORMAT = "alis-desktop-innsyn"


def doctor_records(store: Store, doctor_id: int) -> dict[str, list]:
    """Every record about one doctor, by kind, including the audit rows about them."""
    store.get("doctors", doctor_id)  # KeyError when there is no such doctor
    records = {kind: store.for_doctor(kind, doctor_id) for kind in personal.DOCTOR_KINDS}
    clauses = ["(kind = 'doctors' AND record_id = ?)"]
    params: list = [doctor_id]
    for kind, items in records.items():
        if items:
            marks = ", ".join("?" for _ in items)
            clauses.append(f"(kind = ? AND record_id IN ({marks}))")
            params += [kind] + [r.id for r in items]
    records["audit_log"] = store.all("audit_log", " OR ".join(clauses), params)
    return records


def _names(store: Store, records: dict[str, list]) -> dict[str, dict]:
    arena_ids = {p.arena_id for p in records.get("placements", [])}
    supervisor_ids = {a.supervisor_id for a in records.get("supervisor_assignments", [])}
    supervisor_ids |= {s.supervisor_id for s in records.get("supervision_sessions", [])}
    return {"arenas": {a.id: a.name for a in store.all("arenas") if a.id in arena_ids},
            "supervisors": {s.id: s.name for s in store.all("supervisors")
                            if s.id in supervisor_ids}}


def export_doctor(store: Store, doctor_id: int, today: date | None = None) -> tuple[dict, str]:
    """(JSON-able dict with every record about the doctor, readable Norwegian summary)."""
    today = today or date.today()
    doctor = store.get("doctors", doctor_id)
    records = doctor_records(store, doctor_id)
    names = _names(store, records)
    data = {"format": EXPORT_FORMAT, "format_version": 1,
            "exported": datetime.now().isoformat(timespec="seconds"),
            "municipality": store.municipality().name,
            "doctor": to_plain(doctor),
            "names": {kind: {str(k): val for k, val in found.items()}
                      for kind, found in names.items()}}
    for kind, items in records.items():
        data[kind] = [to_plain(r) for r in items]
    text = personal.summary_text(doctor, records, names, store.municipality().name, today)
    return data, text


def erase_doctor(store: Store, doctor_id: int, today: date | None = None,
                 reason: str = "") -> dict[str, int]:
    """Replace the doctor's personal data with anonymous values, in one transaction, keeping
    the statistics; refused while the training runs. Older audit details that named the
    doctor are redacted (the only change ever made to an audit row), and the erasure is
    audited. Returns how many records of each kind were changed."""
    today = today or date.today()
    doctor = store.get("doctors", doctor_id)
    personal.check_may_erase(doctor, today)
    records = doctor_records(store, doctor_id)
    records.pop("audit_log")
    changed: dict[str, int] = {}
    with store.transaction():
        for record in [doctor] + [r for items in records.values() for r in items]:
            new = personal.anonymised(record)
            if new == record:
                continue
            new.validate()
            kind = KIND_OF[type(record)]
            row = to_plain(new, for_json=False)
            sets = ", ".join(f"[{c}] = ?" for c in row if c != "id")
            store.conn.execute(f"UPDATE [{kind}] SET {sets} WHERE id = ?",
                               [val for c, val in row.items() if c != "id"] + [record.id])
            changed[kind] = changed.get(kind, 0) + 1
        redacted = _redact_audit(store, personal.identifying_texts(doctor),
                                 personal.anonymous_name(doctor_id))
        total = sum(changed.values())
        detail = f"{total} poster anonymisert, {redacted} eldre revisjonsrader sladdet"
        store.audit(audit_text.ANONYMISED, "doctors", doctor_id,
                    detail + (f". Begrunnelse: {reason}" if reason else ""))
    changed["audit_log"] = redacted
    return changed


def _redact_audit(store: Store, texts: list[str], replacement: str) -> int:
    """Replace identifying texts inside audit details. The append-only trigger is lifted
    for this one statement and restored verbatim in the same transaction."""
    if not texts:
        return 0
    where = " OR ".join("instr(detail, ?) > 0" for _ in texts)
    ids = [r[0] for r in store.conn.execute(f"SELECT id FROM audit_log WHERE {where}", texts)]
    if not ids:
        return 0
    if not store.conn.in_transaction:
        raise ValidationError("-", "Sladding av revisjonsloggen må skje i en transaksjon.")
    if store.url is not None:  # a server: its guard lets this transaction through
        store.conn.execute("SET LOCAL alis.redact_audit = 'on'")
        _replace_in_audit(store, texts, replacement)
        store.conn.execute("SET LOCAL alis.redact_audit = 'off'")
        return len(ids)
    triggers = store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' "
        "AND sql LIKE '%BEFORE UPDATE%'").fetchall()
    for name, _sql in triggers:
        store.conn.execute(f"DROP TRIGGER [{name}]")
    _replace_in_audit(store, texts, replacement)
    for _name, sql in triggers:
        store.conn.execute(sql)
    return len(ids)


def _replace_in_audit(store: Store, texts: list[str], replacement: str) -> None:
    for text in texts:
        store.conn.execute("UPDATE audit_log SET detail = replace(detail, ?, ?) "
                           "WHERE instr(detail, ?) > 0", [text, replacement, text])
