"""Bulk reads: the fast row path builds the same records as from_plain, batches of doctors
give the same bundles and progress as one load, and unusual stored values still go through
the domain's coercion and its errors."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.records import RECORD_KINDS, from_plain, from_rows
from db.progress import progress_for
from db.queries import DOCTOR_KINDS, bundle_batches, doctor_bundles
from db.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo_store(demo_file):
    store = Store.open(demo_file, read_only=True)
    yield store
    store.close()


def test_fast_rows_equal_from_plain_for_every_kind(demo_store):
    """Every record of every kind in the demo reads back exactly as from_plain builds it."""
    checked = 0
    for kind, cls in RECORD_KINDS.items():
        cursor = demo_store.conn.execute(f"SELECT * FROM [{kind}] ORDER BY id")
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
        slow = [from_plain(cls, dict(zip(names, row)), strict=False) for row in rows]
        assert from_rows(cls, names, rows) == slow, kind
        checked += len(rows)
    assert checked > 1000


def test_fast_rows_take_columns_in_any_order_and_ignore_unknown_ones():
    """A column order other than the fields' and a column this version does not know."""
    names = ["hours", "extra", "date", "doctor_id", "id"]
    [s] = from_rows(m.SupervisionSession, names, [(1.5, "x", "2026-01-02", 7, 3)])
    assert s == m.SupervisionSession(id=3, doctor_id=7, date=date(2026, 1, 2), hours=1.5)


def test_unusual_values_fall_back_to_the_domain_coercion():
    """NULL text becomes "" as from_plain makes it; a bad date raises the domain's error."""
    names = ["id", "doctor_id", "kind", "start_date", "end_date", "pct", "notes"]
    [leave] = from_rows(m.Leave, names, [(1, 2, "sickness", "2026-01-01", None, 100, None)])
    assert leave.notes == "" and leave.end_date is None and leave.pct == 100.0
    with pytest.raises(ValidationError) as err:
        from_rows(m.Leave, names, [(1, 2, "sickness", "01.01.2026", None, 100.0, "")])
    assert err.value.field == "start_date"


def test_batches_give_the_same_bundles_as_one_load(demo_store):
    """Going through the doctors five at a time loses and repeats nothing."""
    whole = doctor_bundles(demo_store)
    batched = {}
    for batch in bundle_batches(demo_store, size=5):
        assert len(batch) <= 5
        assert not set(batch) & set(batched)
        batched.update(batch)
    assert batched == whole
    assert sum(len(getattr(b, kind)) for b in whole.values() for kind in DOCTOR_KINDS) > 1000


def test_progress_of_everyone_equals_progress_one_by_one(demo_store):
    """The batched pass over all doctors gives each doctor the figures of her own load."""
    everyone = progress_for(demo_store, TODAY)
    assert len(everyone) == 12
    for doctor_id, progress in everyone.items():
        assert progress_for(demo_store, TODAY, doctor_id)[doctor_id] == progress


def test_some_doctors_load_together_as_one_by_one(demo_store):
    """bundles()/progress() with doctor_ids: one query per kind, the same records and
    figures as asking for each doctor alone; unknown ids are simply absent."""
    wanted = [9, 2, 5, 999]
    together = demo_store.bundles(doctor_ids=wanted)
    assert sorted(together) == [2, 5, 9]
    for did in (2, 5, 9):
        assert together[did] == demo_store.bundles(did)[did]
    progress = demo_store.progress(TODAY, doctor_ids=wanted)
    assert progress == {did: demo_store.progress(TODAY, did)[did] for did in (2, 5, 9)}


def test_meeting_dates_give_the_same_schedule_as_whole_meetings(demo_store):
    """The overview's lean meeting read yields the same due dates as the full records."""
    from alis_desktop.meetings import meeting_due
    from db.queries import meeting_dates
    lean = meeting_dates(demo_store)
    for d in demo_store.all("doctors"):
        full = demo_store.for_doctor("meetings", d.id, "date, id")
        assert [mt.id for mt in lean.get(d.id, [])] == [mt.id for mt in full]
        assert meeting_due(d, lean.get(d.id, []), TODAY) == meeting_due(d, full, TODAY)


@pytest.mark.parametrize("today", [TODAY, date(2024, 6, 15), date(2025, 2, 28), date(2027, 3, 1)])
def test_meeting_schedule_gives_the_schedule_of_every_meeting(demo_copy, today):
    """The overview's two meetings a doctor (the last held, the first booked) give the same
    due dates as all her meetings, also with two held on one day and several booked."""
    from alis_desktop.meetings import meeting_due
    from db.queries import meeting_schedule
    store = Store.open(demo_copy)
    try:
        doctors = store.all("doctors")
        with store.transaction():
            for d in doctors[:3]:
                store.save(m.ReviewMeeting(doctor_id=d.id, date=today, held=True,
                                           next_date=date(today.year + 1, 1, 2)))
                store.save(m.ReviewMeeting(doctor_id=d.id, date=today, held=True,
                                           next_date=date(today.year, 12, 31)))
                for k in (3, 40, 400):
                    store.save(m.ReviewMeeting(doctor_id=d.id, held=False,
                                               date=date.fromordinal(today.toordinal() + k)))
            for d in doctors[3:5]:  # booked for the day itself
                store.save(m.ReviewMeeting(doctor_id=d.id, held=False, date=today))
        lean = meeting_schedule(store, today)
        for d in doctors:
            full = store.for_doctor("meetings", d.id, "date, id")
            assert meeting_due(d, lean.get(d.id, []), today) == meeting_due(d, full, today)
        assert max(len(v) for v in lean.values()) == 2
    finally:
        store.close()
