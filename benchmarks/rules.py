"""(e) The rules engine alone: evaluate() for one typical doctor (four and a half years of
service, leave, on-call shifts, courses, supervision, 60 approved goals, meetings),
against one plain pass over the same records."""

from __future__ import annotations

from datetime import date, timedelta

from benchmarks.common import Result, median_time


def typical_doctor(i: int = 0):
    """The typical doctor the rules tests once timed (moved here from the tests)."""
    from alis_desktop.catalog import catalog
    from alis_desktop.models import (
        Activity, Doctor, GoalStatus, Leave, Placement, ReviewMeeting, SupervisionSession,
    )

    def pl(s, e, cat="gp_unselected", status="completed", arena=1):
        return Placement(doctor_id=1, arena_id=arena, category=cat, start_date=s, end_date=e,
                         position_pct=100.0, status=status)

    def lv(s, e, kind="sickness"):
        return Leave(doctor_id=1, kind=kind, start_date=s, end_date=e, pct=100.0)

    def act(kind, day, hours=None, out_of_hours=False, code="", title=""):
        return Activity(doctor_id=1, kind=kind, date=day, hours=hours,
                        out_of_hours=out_of_hours, course_code=code, title=title)

    start = date(2020, 1, 1) + timedelta(days=i % 400)
    placements = [pl(start, start + timedelta(days=900)),
                  pl(start + timedelta(days=901), start + timedelta(days=1100), "institution",
                     arena=2),
                  pl(start + timedelta(days=1101), start + timedelta(days=1900), "gp_other",
                     status="planned", arena=3)]
    leaves = [lv(start + timedelta(days=100), start + timedelta(days=130)),
              lv(start + timedelta(days=200), start + timedelta(days=230), "holiday")]
    acts = [act("on_call", start + timedelta(days=7 * k), 8, True) for k in range(30)]
    acts += [act("course", start + timedelta(days=90 * k), 15, code="EMNE", title=f"T{k}")
             for k in range(6)]
    sessions = [SupervisionSession(doctor_id=1, supervisor_id=1, hours=4,
                                   date=start + timedelta(days=30 * k)) for k in range(40)]
    goals = catalog()
    statuses = [GoalStatus(doctor_id=1, goal_code=g.code, catalog_version=g.catalog_version,
                           state="approved", approved_date=start) for g in goals[:60]]
    meetings = [ReviewMeeting(doctor_id=1, date=start + timedelta(days=180 * k))
                for k in range(5)]
    doctor = Doctor(id=1, name="Kari Lege", start_date=start, regime="new")
    return doctor, placements, leaves, acts, sessions, statuses, meetings, goals


def one_pass(doctor, placements, leaves, acts, sessions, statuses, meetings) -> float:
    """Touch every record once: the least any computation over them costs."""
    total = 0.0
    for p in placements:
        total += (p.end_date - p.start_date).days * p.position_pct / 100
    for lv in leaves:
        total -= (lv.end_date - lv.start_date).days
    total += sum(a.hours or 0 for a in acts) + sum(s.hours for s in sessions)
    total += sum(1 for g in statuses if g.state == "approved") + len(meetings)
    return total


def run(repeats: int) -> list[Result]:
    from alis_desktop.requirements import evaluate, load_rules
    doctor, placements, leaves, acts, sessions, statuses, meetings, goals = typical_doctor()
    goals = tuple(goals)  # passed again for every doctor, as the table refresh does
    rules = load_rules()
    as_of = doctor.start_date + timedelta(days=1500)

    def engine():
        evaluate(doctor, placements, leaves, acts, sessions, statuses, meetings, (), goals,
                 as_of=as_of, rules=rules)

    def plain():
        one_pass(doctor, placements, leaves, acts, sessions, statuses, meetings)

    batch = 50  # time 50 calls at once: one call is too short for the clock
    engine_s = median_time(lambda: [engine() for _ in range(batch)], repeats) / batch
    plain_s = median_time(lambda: [plain() for _ in range(batch)], repeats) / batch
    return [Result("Regelmotoren alene, én typisk lege (evaluate)", engine_s, "ms",
                   "én gjennomgang av de samme postene i Python", plain_s,
                   note="ingen mål i saken; forholdet viser hvor mye regelmotoren gjør "
                        "utover å lese postene")]
