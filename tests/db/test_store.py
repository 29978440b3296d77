"""Writes: validated in the domain, one transaction each, refused deletes, append-only audit."""

import sqlite3
from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import FileProblem, ValidationError
from db.store import Store


def add_doctor(store, **kw):
    return store.save(m.Doctor(name=kw.pop("name", "Kari Nordmann"), start_date=date(2024, 1, 1), **kw))


def test_saved_doctor_reads_back_identical(new_store):
    d = add_doctor(new_store, hpr_number="1234567", notes="Æøå – «sitat»")
    assert d.id is not None
    assert new_store.get("doctors", d.id) == d


def test_invalid_record_writes_nothing(new_store):
    before = new_store.counts()
    with pytest.raises(ValidationError):
        new_store.save(m.Doctor(name="", start_date=date(2024, 1, 1)))
    with pytest.raises(ValidationError, match="Finner ikke doctors"):
        new_store.save(m.Placement(doctor_id=99, arena_id=1, start_date=date(2024, 1, 1),
                                   end_date=date(2024, 2, 1)))
    assert new_store.counts() == before


def test_update_and_audit(new_store):
    d = add_doctor(new_store)
    d.name = "Kari Nordmann-Berg"
    new_store.save(d)
    assert new_store.get("doctors", d.id).name == "Kari Nordmann-Berg"
    actions = [(a.action, a.kind, a.record_id) for a in new_store.all("audit_log")]
    assert actions == [("opprettet", "doctors", d.id), ("endret", "doctors", d.id)]


def test_audit_log_is_append_only(new_store):
    add_doctor(new_store)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        new_store.conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        new_store.conn.execute("UPDATE audit_log SET user = 'x'")
    assert new_store.count("audit_log") == 1


def test_delete_with_history_is_refused(new_store):
    d = add_doctor(new_store)
    arena = new_store.save(m.Arena(name="Legesenteret"))
    new_store.save(m.Placement(doctor_id=d.id, arena_id=arena.id, start_date=date(2024, 1, 1),
                               end_date=date(2024, 6, 30)))
    with pytest.raises(ValidationError, match="Arkiver den i stedet"):
        new_store.delete("doctors", d.id)
    assert new_store.count("doctors") == 1
    other = add_doctor(new_store, name="Ola Nordmann")
    new_store.delete("doctors", other.id, reason="feilregistrert")
    assert new_store.count("doctors") == 1
    assert new_store.all("audit_log")[-1].action == "slettet"


def test_transaction_rolls_back_every_step(new_store):
    with pytest.raises(RuntimeError):
        with new_store.transaction():
            add_doctor(new_store, name="A")
            add_doctor(new_store, name="B")
            raise RuntimeError("crash in the middle")
    assert new_store.count("doctors") == 0
    assert new_store.count("audit_log") == 0


def test_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "f.alis"
    Store.open(path, create=True).close()
    store = Store.open(path, read_only=True)
    try:
        with pytest.raises(FileProblem, match="skrivebeskyttet"):
            add_doctor(store)
    finally:
        store.close()


def test_foreign_keys_are_enforced_by_sqlite_too(new_store):
    with pytest.raises(sqlite3.IntegrityError):
        with new_store.transaction():
            new_store.conn.execute(
                "INSERT INTO placements (doctor_id, arena_id, category, start_date, end_date, "
                "position_pct, status) VALUES (5, 5, 'gp_other', '2024-01-01', '2024-02-01', 100, 'planned')")
