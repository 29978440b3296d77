"""Personal data: everything about one doctor for an access request, and erasure after the
training that keeps the statistics."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db.personal import erase_doctor, export_doctor
from db.store import Store
from tests.conftest import TODAY

DOCTOR = 12  # Silje Jensen in the demo, the longest in training


@pytest.fixture
def store(demo_copy):
    store = Store.open(demo_copy)
    yield store
    store.close()


def finish_training(store: Store, doctor_id: int = DOCTOR) -> m.Doctor:
    doctor = store.get("doctors", doctor_id)
    doctor.end_date, doctor.end_reason = date(2026, 4, 30), "Godkjent spesialist"
    doctor.notes = "Ønsker redusert stilling"
    return store.save(doctor)


def statistics(store: Store, doctor_id: int) -> dict:
    sql = {"placements": "SELECT count(*), sum(julianday(end_date) - julianday(start_date)), "
                         "sum(position_pct) FROM placements WHERE doctor_id = ?",
           "hours": "SELECT count(*), sum(hours) FROM supervision_sessions WHERE doctor_id = ?",
           "goals": "SELECT count(*) FROM goal_statuses WHERE doctor_id = ? AND state = 'approved'",
           "leaves": "SELECT count(*), group_concat(kind) FROM leaves WHERE doctor_id = ?",
           "meetings": "SELECT count(*), group_concat(date) FROM meetings WHERE doctor_id = ?"}
    return {k: store.conn.execute(q, [doctor_id]).fetchone() for k, q in sql.items()}


def all_text(path) -> str:
    """Every value in every table of the file, as one string."""
    conn = sqlite3.connect(path)
    out = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f"SELECT * FROM [{table}]"):
            out += [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row]
    conn.close()
    return "\n".join(out)


def test_export_holds_everything_about_one_doctor_and_nothing_else(store):
    data, text = export_doctor(store, DOCTOR, today=TODAY)
    json.dumps(data)  # JSON-able as it stands
    assert data["doctor"]["name"] == "Silje Jensen"
    for kind in ("placements", "leaves", "supervision_sessions", "goal_statuses", "activities",
                 "meetings", "supervisor_assignments"):
        expected = store.count(kind, "doctor_id = ?", [DOCTOR])
        assert len(data[kind]) == expected > 0, kind
        assert {r["doctor_id"] for r in data[kind]} == {DOCTOR}
    assert "Opplysninger om Silje Jensen" in text and "ingen pasientopplysninger" in text
    assert f"TJENESTEPERIODER ({len(data['placements'])})" in text
    assert "HPR-nummer: 3068024" in text
    names = set(data["names"]["supervisors"].values())
    assert names and all(n in text for n in names)


def test_export_includes_the_audit_rows_about_the_doctor(store):
    doctor = finish_training(store)
    placement = store.for_doctor("placements", DOCTOR)[0]
    placement.notes = "x"
    store.save(placement)
    data, _ = export_doctor(store, DOCTOR)
    assert [(r["kind"], r["record_id"]) for r in data["audit_log"]] == [
        ("doctors", doctor.id), ("placements", placement.id)]


def test_erasure_is_refused_while_in_training(store):
    before = all_text(store.path)
    with pytest.raises(ValidationError, match="utdanningen er avsluttet"):
        erase_doctor(store, DOCTOR, today=TODAY)
    doctor = store.get("doctors", DOCTOR)
    doctor.end_date, doctor.end_reason = date(2027, 1, 31), "Flytter"
    store.save(doctor)
    with pytest.raises(ValidationError):
        erase_doctor(store, DOCTOR, today=TODAY)
    assert store.get("doctors", DOCTOR).name == "Silje Jensen"
    assert "Silje Jensen" in before


def test_erasure_removes_identity_keeps_statistics_and_is_audited(store):
    doctor = finish_training(store)
    pdf = b"%PDF attest for Silje Jensen HPR 3068024"
    store.save(m.Attestation(doctor_id=DOCTOR, number="A-1", issued_date=date(2026, 5, 2),
                             sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf))
    meeting = store.for_doctor("meetings", DOCTOR)[0]
    meeting.minutes = "Silje Jensen har god progresjon"
    store.save(meeting)
    store.audit("endret", "doctors", DOCTOR, "Navn: Silje Jensen")  # as older versions wrote
    stats = statistics(store, DOCTOR)
    audit_rows = store.count("audit_log")
    other = export_doctor(store, 11)[0]

    changed = erase_doctor(store, DOCTOR, today=TODAY, reason="Innsyn og sletting etter ønske")

    after = store.get("doctors", DOCTOR)
    assert after.name == "Anonymisert lege 12" and after.archived
    assert (after.hpr_number, after.email, after.phone, after.notes) == ("", "", "", "")
    assert after.birth_date is None and after.start_date == doctor.start_date
    assert after.end_date == doctor.end_date
    assert statistics(store, DOCTOR) == stats
    att = store.for_doctor("attestations", DOCTOR)[0]
    assert att.pdf == b"" and att.sha256 == hashlib.sha256(pdf).hexdigest()
    meetings = store.for_doctor("meetings", DOCTOR)
    assert all(mt.minutes == "" and mt.participants == [] for mt in meetings)
    text = all_text(store.path)
    for identity in ("Silje Jensen", "3068024", "lege12@fjordvik.example", "Ønsker redusert"):
        assert identity not in text, identity
    assert store.count("audit_log") == audit_rows + 1  # nothing removed, one row added
    entry = store.all("audit_log")[-1]
    assert (entry.action, entry.record_id) == ("personopplysninger slettet", DOCTOR)
    assert "Innsyn og sletting" in entry.detail and changed["doctors"] == 1
    assert changed["audit_log"] == 1
    assert store.integrity() == "ok" and store.foreign_key_problems() == 0
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE audit_log SET detail = ''")  # the guard is back
    assert export_doctor(store, 11)[0]["placements"] == other["placements"]


def test_erasure_on_a_server_rewrites_old_audit_details_and_keeps_the_guard(demo_copy, pg_url):
    """On PostgreSQL the append-only guard lets the erasure's own transaction rewrite older
    audit details (SET LOCAL), and refuses every other update as before."""
    from db.exchange import export_data, import_data
    source = Store.open(demo_copy, read_only=True)
    try:
        data = export_data(source)
    finally:
        source.close()
    server = Store.open(pg_url, create=True)
    try:
        import_data(server, data)
        finish_training(server)
        server.audit("endret", "doctors", DOCTOR, "Navn: Silje Jensen")  # an older detail
        rows = server.count("audit_log")
        changed = erase_doctor(server, DOCTOR, today=TODAY, reason="Sletting etter ønske")
        assert changed["audit_log"] == 1 and server.count("audit_log") == rows + 1
        details = [e.detail for e in server.all("audit_log")]
        assert not any("Silje Jensen" in d for d in details)
        assert server.get("doctors", DOCTOR).name == "Anonymisert lege 12"
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            server.conn.execute("UPDATE audit_log SET detail = ''")  # the guard still holds
    finally:
        server.close()
