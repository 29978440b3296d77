"""Read models for the registers: one query per table, never one per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.records import RECORD_KINDS, from_plain
from db.store import Store

# Kinds that hang off a doctor, loaded in bulk for the progress computations.
DOCTOR_KINDS = ("placements", "leaves", "activities", "supervision_sessions", "goal_statuses",
                "meetings", "rule_deviations", "supervisor_assignments", "meeting_actions")


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


def doctor_bundles(store: Store, doctor_id: int | None = None) -> dict[int, DoctorBundle]:
    """All doctors (or one) with their records, in one query per kind."""
    where, params = ("id = ?", [doctor_id]) if doctor_id is not None else (None, [])
    bundles = {d.id: DoctorBundle(d) for d in store.all("doctors", where, params)}
    dwhere = "doctor_id = ?" if doctor_id is not None else None
    for kind in DOCTOR_KINDS:
        cls = RECORD_KINDS[kind]
        order = "date" if kind in ("activities", "supervision_sessions", "meetings") else "id"
        if kind in ("placements", "leaves", "supervisor_assignments"):
            order = "start_date"
        for row in store.rows(kind, dwhere, params, order_by=order):
            bundle = bundles.get(row["doctor_id"])
            if bundle is not None:
                getattr(bundle, kind).append(from_plain(cls, row, strict=False))
    return bundles


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
