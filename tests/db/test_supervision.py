"""Supervision reads and multi-record writes against real files (db/supervision.py)."""

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db import supervision as dbs
from db.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(new_store):
    new_store.save(m.Doctor(name="Ada Lege", start_date=date(2025, 1, 1)))
    new_store.save(m.Arena(name="Legesenteret"))
    for name in ("Vera Veileder", "Per Privat"):
        new_store.save(m.Supervisor(name=name))
    new_store.save(m.SupervisorAssignment(doctor_id=1, supervisor_id=1,
                                          start_date=date(2025, 1, 1)))
    return new_store


def test_change_of_supervisor_closes_the_old_assignment_in_one_write(store):
    dbs.change_supervisor(store, 1, 2, date(2026, 3, 1))
    rows = [(a.supervisor_id, a.start_date, a.end_date)
            for a in store.all("supervisor_assignments", order_by="start_date")]
    assert rows == [(1, date(2025, 1, 1), date(2026, 2, 28)), (2, date(2026, 3, 1), None)]
    history = dbs.assignment_rows(store, doctor_id=1)
    assert [(r.supervisor, r.assignment.end_date) for r in history] == [
        ("Per Privat", None), ("Vera Veileder", date(2026, 2, 28))]


def test_refused_change_of_supervisor_leaves_the_file_untouched(store):
    before = store.all("supervisor_assignments")
    with pytest.raises(ValidationError):
        dbs.change_supervisor(store, 1, 2, date(2024, 6, 1))
    with pytest.raises(ValidationError):
        dbs.change_supervisor(store, 1, 99, date(2026, 6, 1))
    assert store.all("supervisor_assignments") == before


def test_save_sessions_writes_all_or_nothing(store):
    good = m.SupervisionSession(doctor_id=1, supervisor_id=1, date=date(2026, 1, 5), hours=2)
    bad_ref = m.SupervisionSession(doctor_id=1, supervisor_id=42, date=date(2026, 1, 6), hours=2)
    with pytest.raises(ValidationError):
        dbs.save_sessions(store, [good, bad_ref])
    assert store.count("supervision_sessions") == 0
    dbs.save_sessions(store, [m.SupervisionSession(doctor_id=1, supervisor_id=1,
                                                   date=date(2026, 1, 5), hours=2)])
    assert store.count("supervision_sessions") == 1


def test_editing_a_period_into_an_overlap_is_refused(store):
    dbs.change_supervisor(store, 1, 2, date(2026, 3, 1))
    first = store.all("supervisor_assignments", order_by="start_date")[0]
    first.end_date = date(2026, 3, 1)
    with pytest.raises(ValidationError):
        dbs.save_assignment(store, first)
    assert store.get("supervisor_assignments", first.id).end_date == date(2026, 2, 28)


def test_month_hours_and_session_rows_read_in_bulk(store):
    for d, h, planned in ((date(2026, 2, 3), 2.0, False), (date(2026, 2, 20), 1.5, False),
                          (date(2026, 2, 27), 1.0, True), (date(2026, 3, 1), 4.0, False)):
        store.save(m.SupervisionSession(doctor_id=1, supervisor_id=1, date=d, hours=h,
                                        planned=planned))
    assert dbs.month_hours(store, 2026, 2) == {1: (3.5, 2)}
    rows = dbs.session_rows(store, date(2026, 2, 1), date(2026, 2, 28))
    assert [(r.session.date, r.doctor, r.supervisor) for r in rows][0] == (
        date(2026, 2, 27), "Ada Lege", "Vera Veileder")
    assert len(rows) == 3


def test_statuses_on_the_demo_flag_the_doctors_who_are_behind(demo_file):
    store = Store.open(demo_file, read_only=True)
    try:
        found = dbs.statuses(store, TODAY)
    finally:
        store.close()
    assert len(found) == 12
    active = [s for s in found if s.doctor.status(TODAY) == "Aktiv"]
    behind = [s for s in active if any(f.code == "behind" for f in s.flags)]
    # The demo logs 1.5-2 h a month for every fourth doctor (index 3, 7, 11).
    assert 1 <= len(behind) <= 3
    assert all(s.total_held < s.total_target for s in behind)
    on_track = [s for s in active if not s.flags]
    assert on_track and all(s.total_held >= s.total_target - 3.5 for s in on_track)
