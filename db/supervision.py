"""Supervision in the file: bulk reads for the Veiledning views (one query per table, never
one per row) and the writes that touch several records in one transaction (a change of
supervisor, a month grid, a CSV import)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.records import RECORD_KINDS, from_plain
from alis_desktop.supervision import (
    DoctorSupervision, SupervisionRules, change_supervisor as plan_change,
    check_assignment_edit, doctor_supervision, load_rules,
)
from db.store import Store

INPUT_KINDS = ("placements", "leaves", "supervision_sessions", "supervisor_assignments")


@dataclass
class SupervisionInputs:
    """What the supervision rules need about one doctor."""

    doctor: m.Doctor
    placements: list = field(default_factory=list)
    leaves: list = field(default_factory=list)
    supervision_sessions: list = field(default_factory=list)
    supervisor_assignments: list = field(default_factory=list)


def inputs(store: Store, doctor_id: int | None = None) -> dict[int, SupervisionInputs]:
    """All doctors (or one) with their placements, leaves, sessions and assignments."""
    where, params = ("id = ?", [doctor_id]) if doctor_id is not None else (None, [])
    out = {d.id: SupervisionInputs(d) for d in store.all("doctors", where, params)}
    dwhere = "doctor_id = ?" if doctor_id is not None else None
    for kind in INPUT_KINDS:
        cls = RECORD_KINDS[kind]
        order = "date" if kind == "supervision_sessions" else "start_date"
        for row in store.rows(kind, dwhere, params, order_by=order):
            found = out.get(row["doctor_id"])
            if found is not None:
                getattr(found, kind).append(from_plain(cls, row, strict=False))
    return out


def statuses(store: Store, as_of: date, rules: SupervisionRules | None = None,
             doctor_id: int | None = None) -> list[DoctorSupervision]:
    """Every doctor's (or one doctor's) supervision against target on as_of, by name."""
    rules = rules or load_rules()
    found = inputs(store, doctor_id)
    out = [doctor_supervision(i.doctor, i.placements, i.leaves, i.supervision_sessions,
                              i.supervisor_assignments, as_of, rules) for i in found.values()]
    return sorted(out, key=lambda s: s.doctor.name)


@dataclass
class SessionRow:
    session: m.SupervisionSession
    doctor: str
    supervisor: str


def session_rows(store: Store, start: date | None = None, end: date | None = None,
                 doctor_id: int | None = None) -> list[SessionRow]:
    """Sessions (optionally in [start, end], of one doctor) with the names, newest first."""
    clauses, params = [], []
    if start is not None:
        clauses.append("s.date >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("s.date <= ?")
        params.append(end.isoformat())
    if doctor_id is not None:
        clauses.append("s.doctor_id = ?")
        params.append(doctor_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"""SELECT s.*, d.name AS doctor_name, v.name AS supervisor_name
              FROM supervision_sessions s JOIN doctors d ON d.id = s.doctor_id
              JOIN supervisors v ON v.id = s.supervisor_id {where}
              ORDER BY s.date DESC, s.id DESC"""
    cur = store.conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    out = []
    for values in cur:
        row = dict(zip(names, values))
        doctor, supervisor = row.pop("doctor_name"), row.pop("supervisor_name")
        out.append(SessionRow(from_plain(m.SupervisionSession, row, strict=False), doctor,
                              supervisor))
    return out


@dataclass
class AssignmentRow:
    assignment: m.SupervisorAssignment
    doctor: str
    supervisor: str


def assignment_rows(store: Store, *, doctor_id: int | None = None,
                    supervisor_id: int | None = None) -> list[AssignmentRow]:
    """Assignments with the names, newest start first."""
    clauses, params = [], []
    if doctor_id is not None:
        clauses.append("a.doctor_id = ?")
        params.append(doctor_id)
    if supervisor_id is not None:
        clauses.append("a.supervisor_id = ?")
        params.append(supervisor_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"""SELECT a.id, a.doctor_id, a.supervisor_id, a.start_date, a.end_date,
                     d.name, v.name
              FROM supervisor_assignments a JOIN doctors d ON d.id = a.doctor_id
              JOIN supervisors v ON v.id = a.supervisor_id {where}
              ORDER BY a.start_date DESC, a.id DESC"""
    out = []
    for aid, did, sid, start, end, doctor, supervisor in store.conn.execute(sql, params):
        a = m.SupervisorAssignment(id=aid, doctor_id=did, supervisor_id=sid,
                                   start_date=date.fromisoformat(start),
                                   end_date=date.fromisoformat(end) if end else None)
        out.append(AssignmentRow(a, doctor, supervisor))
    return out


def month_hours(store: Store, year: int, month: int) -> dict[int, tuple[float, int]]:
    """doctor id -> (hours held, sessions) in the calendar month."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    sql = """SELECT doctor_id, sum(hours), count(*) FROM supervision_sessions
             WHERE planned = 0 AND date >= ? AND date < ? GROUP BY doctor_id"""
    return {d: (h, n) for d, h, n in store.conn.execute(sql, [first.isoformat(),
                                                              nxt.isoformat()])}


def supervisor_doctor_counts(store: Store, on: date) -> dict[int, list[str]]:
    """supervisor id -> names of the doctors assigned on `on`."""
    sql = """SELECT a.supervisor_id, d.name FROM supervisor_assignments a
             JOIN doctors d ON d.id = a.doctor_id
             WHERE a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)
             ORDER BY d.name"""
    out: dict[int, list[str]] = defaultdict(list)
    for sid, name in store.conn.execute(sql, [on.isoformat()] * 2):
        out[sid].append(name)
    return out


# --- writes ---------------------------------------------------------------------------------

def save_sessions(store: Store, sessions: list[m.SupervisionSession]) -> list:
    """Write all sessions or none (a month grid, a CSV import)."""
    for s in sessions:
        s.validate()
    with store.transaction():
        return [store.save(s) for s in sessions]


def change_supervisor(store: Store, doctor_id: int, supervisor_id: int, start: date
                      ) -> m.SupervisorAssignment:
    """Give the doctor a new supervisor from `start`; the open assignment is closed the day
    before, in the same transaction."""
    if not store.count("supervisors", "id = ?", [supervisor_id]):
        raise ValidationError("supervisor_id", "Velg en veileder.")
    current = store.all("supervisor_assignments", "doctor_id = ?", [doctor_id])
    closed, new = plan_change(current, doctor_id, supervisor_id, start)
    with store.transaction():
        if closed is not None:
            store.save(closed, audit="avsluttet (ny veileder)")
        store.save(new)
    return new


def save_assignment(store: Store, assignment: m.SupervisorAssignment):
    """Add or edit one period of the history; refused when it overlaps another."""
    others = store.all("supervisor_assignments", "doctor_id = ?", [assignment.doctor_id])
    check_assignment_edit(others, assignment)
    return store.save(assignment)
