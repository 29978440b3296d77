"""Read models for the registers: one query per table, never one per row."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.records import from_rows
from db.store import Store

# Kinds that hang off a doctor, loaded in bulk for the progress computations.
DOCTOR_KINDS = ("placements", "leaves", "activities", "supervision_sessions", "goal_statuses",
                "meetings", "rule_deviations", "supervisor_assignments", "meeting_actions")
BATCH = 100  # doctors per batch when going through every doctor


@dataclass
class DoctorBundle:
    """Everything about one doctor that the rules need."""

    doctor: m.Doctor
    placements: list = field(default_factory=list)
    leaves: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    supervision_sessions: list = field(default_factory=list)
    goal_statuses: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    rule_deviations: list = field(default_factory=list)
    supervisor_assignments: list = field(default_factory=list)
    meeting_actions: list = field(default_factory=list)


@contextmanager
def _no_cyclic_gc():
    """Bulk loads make hundreds of thousands of small acyclic records; Python's cyclic
    collector would rescan them all again and again (it doubled the load time of the large
    file), so it pauses for the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bundles(store: Store, where: str | None, dwhere: str | None, params) -> dict:
    with _no_cyclic_gc():
        bundles = {d.id: DoctorBundle(d) for d in store.all("doctors", where, params)}
        for kind in DOCTOR_KINDS:
            order = "id"
            if kind in ("activities", "supervision_sessions", "meetings"):
                order = "date, id"
            elif kind in ("placements", "leaves", "supervisor_assignments"):
                order = "start_date, id"
            for record in store.all(kind, dwhere, params, order_by=order):
                bundle = bundles.get(record.doctor_id)
                if bundle is not None:
                    getattr(bundle, kind).append(record)
    return bundles


def doctor_bundles(store: Store, doctor_id: int | None = None, *,
                   doctor_ids=None) -> dict[int, DoctorBundle]:
    """All doctors, one (doctor_id) or some (doctor_ids) with their records, in one query
    per kind (per 500 doctors when some are named)."""
    if doctor_ids is not None:
        out: dict[int, DoctorBundle] = {}
        ids = sorted(set(doctor_ids))
        for k in range(0, len(ids), 500):  # SQLite limits the number of parameters
            chunk = ids[k:k + 500]
            marks = ", ".join("?" * len(chunk))
            out.update(_bundles(store, f"id IN ({marks})", f"doctor_id IN ({marks})", chunk))
        return out
    if doctor_id is None:
        return _bundles(store, None, None, [])
    return _bundles(store, "id = ?", "doctor_id = ?", [doctor_id])


def bundle_batches(store: Store, size: int = BATCH) -> Iterator[dict[int, DoctorBundle]]:
    """All doctors' bundles, `size` doctors at a time (one query per kind and batch, over
    the doctor_id indexes): the records of a large file never sit in memory all at once
    (all of 1,000 doctors' five years take about 230 MB as Python objects)."""
    ids = [row[0] for row in store.conn.execute("SELECT id FROM doctors ORDER BY id")]
    for k in range(0, len(ids), size):
        first, last = ids[k], ids[min(k + size, len(ids)) - 1]
        yield _bundles(store, "id BETWEEN ? AND ?", "doctor_id BETWEEN ? AND ?", [first, last])


def meeting_dates(store: Store) -> dict[int, list[m.ReviewMeeting]]:
    """doctor id -> her meetings by date, with their dates and held flag only: what the
    meeting schedule (alis_desktop.meetings.meeting_due) reads. Parsing the participants
    of 10,000 meetings cost more than the rest of the overview."""
    cursor = store.conn.execute(
        "SELECT id, doctor_id, kind, date, held, next_date FROM meetings ORDER BY date, id")
    out: dict[int, list] = {}
    for mt in from_rows(m.ReviewMeeting, [c[0] for c in cursor.description], cursor):
        out.setdefault(mt.doctor_id, []).append(mt)
    return out


def meeting_schedule(store: Store, today: date) -> dict[int, list[m.ReviewMeeting]]:
    """doctor id -> the meetings alis_desktop.meetings.meeting_due reads on `today`: the
    last one held by then (the latest id of that day), with its agreed next date, and the
    first one booked from then on. meeting_due gives the same answer from these as from
    all her meetings; the overview reads two rows a doctor instead of every meeting."""
    # Plain SQL both backends read: ? parameters, held compared as 0/1, the subquery named.
    sql = """SELECT id, doctor_id, kind, date, held, next_date FROM (
                 SELECT id, doctor_id, kind, date, held, next_date, row_number() OVER (
                     PARTITION BY doctor_id ORDER BY date DESC, id DESC) AS latest
                 FROM meetings WHERE held = 1 AND date IS NOT NULL AND date <= ?) AS last_held
             WHERE latest = 1
             UNION ALL
             SELECT NULL, doctor_id, ?, min(date), 0, NULL FROM meetings
             WHERE coalesce(held, 0) = 0 AND date >= ? GROUP BY doctor_id"""
    day = today.isoformat()
    cursor = store.conn.execute(sql, [day, m.ReviewMeeting.kind, day])
    out: dict[int, list] = {}
    for mt in from_rows(m.ReviewMeeting, [c[0] for c in cursor.description], cursor):
        out.setdefault(mt.doctor_id, []).append(mt)
    return out


def current_supervisor_names(store: Store, on: date) -> dict[int, str]:
    """doctor id -> name of the supervisor assigned on `on` (the latest start wins)."""
    sql = """SELECT a.doctor_id, s.name FROM supervisor_assignments a
             JOIN supervisors s ON s.id = a.supervisor_id
             WHERE a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)
             ORDER BY a.start_date"""
    return {doctor_id: name for doctor_id, name in store.conn.execute(sql, [on.isoformat()] * 2)}


def supervision_hours(store: Store, start: date, end: date) -> dict[int, float]:
    """doctor id -> supervision hours held in [start, end]."""
    sql = """SELECT doctor_id, sum(hours) FROM supervision_sessions
             WHERE planned = 0 AND date BETWEEN ? AND ? GROUP BY doctor_id"""
    return dict(store.conn.execute(sql, [start.isoformat(), end.isoformat()]))


def supervisor_load(store: Store, start: date, end: date) -> dict[int, tuple[int, float]]:
    """supervisor id -> (doctors currently assigned, hours held in [start, end])."""
    today = end.isoformat()
    doctors = dict(store.conn.execute(
        """SELECT supervisor_id, count(DISTINCT doctor_id) FROM supervisor_assignments
           WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)
           GROUP BY supervisor_id""", [today, today]))
    hours = dict(store.conn.execute(
        """SELECT supervisor_id, sum(hours) FROM supervision_sessions
           WHERE planned = 0 AND date BETWEEN ? AND ? GROUP BY supervisor_id""",
        [start.isoformat(), end.isoformat()]))
    return {sid: (doctors.get(sid, 0), hours.get(sid, 0.0)) for sid in set(doctors) | set(hours)}
