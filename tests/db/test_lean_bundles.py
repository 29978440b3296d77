"""Everyone's figures from the lean read (db.lean_bundles: columns the figures read,
sessions and activities summed in SQL, goal statuses as GoalSets) are exactly the figures
of the straightforward path: each doctor's full records, evaluated one by one, with the
meeting schedule and the early warnings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alis_desktop import models as m
from alis_desktop.catalog import catalog
from alis_desktop.dates import add_months
from alis_desktop.meetings import early_warnings, meeting_due, supervision_window_start
from alis_desktop.requirements import evaluate, load_rules, planning_horizon
from db.progress import DoctorFigures, figures_batches
from db.queries import doctor_bundles
from db.store import Store

TODAY = date(2026, 11, 26)
DAYS = [TODAY, date(2024, 6, 15), date(2025, 2, 28), date(2027, 3, 1)]


def straightforward(store: Store, today: date) -> dict[int, DoctorFigures]:
    """Every doctor's full records, evaluated one by one as a doctor's page does."""
    supervisors = {s.id: s for s in store.all("supervisors")}
    overrides = store.all("goal_texts")
    out = {}
    for did, b in doctor_bundles(store).items():
        d = b.doctor
        p = evaluate(d, b.placements, b.leaves, b.activities, b.supervision_sessions,
                     b.goal_statuses, b.meetings, b.rule_deviations,
                     catalog(overrides, fkm_version=d.catalog_version), as_of=today)
        figures = DoctorFigures(p)
        if d.status(today) == "Aktiv":
            figures.due = meeting_due(d, b.meetings, today)
            figures.warnings = early_warnings(d, b, p, today, supervisors)
        out[did] = figures
    return out


def lean(store: Store, today: date, doctor_ids=None) -> dict[int, DoctorFigures]:
    out: dict[int, DoctorFigures] = {}
    for batch in figures_batches(store, today, doctor_ids):
        assert not set(batch) & set(out)
        out.update(batch)
    return out


@pytest.fixture
def edged_demo(demo_copy):
    """The demo with records on every edge the lean read groups by: sessions and
    activities on and around the day, the planning horizon, the warning window and a
    doctor's period starts and ends; planned sessions; a submitted goal, one approved
    later than the day; a course topic in two spellings; a deviation."""
    store = Store.open(demo_copy)
    rules = load_rules()
    doctor = store.get("doctors", 8)  # active, and short of supervision on most DAYS
    supervisor = store.all("supervisors")[0]
    edges = {TODAY, planning_horizon(TODAY, rules), supervision_window_start(TODAY)}
    for day in DAYS:
        edges |= {day, planning_horizon(day, rules), supervision_window_start(day)}
    for p in store.for_doctor("placements", doctor.id):
        edges |= {p.start_date, p.end_date}
    days = sorted(d + timedelta(days=k) for d in edges for k in (-1, 0, 1))
    with store.transaction():
        for day in days:
            store.save(m.SupervisionSession(doctor_id=doctor.id, supervisor_id=supervisor.id,
                                            date=day, hours=0.25, planned=day > TODAY))
            store.save(m.Activity(doctor_id=doctor.id, kind="group_supervision", date=day,
                                  title=f"Samling {day}"))
            store.save(m.Activity(doctor_id=doctor.id, kind="on_call", date=day,
                                  hours=6 if day.day % 2 else 5.5, out_of_hours=True))
        for title in ("Rus og  avhengighet", "rus og avhengighet"):
            store.save(m.Activity(doctor_id=doctor.id, kind="course", course_code="emne",
                                  date=add_months(TODAY, -1), hours=8, title=title))
        statuses = [g for g in store.for_doctor("goal_statuses", doctor.id)]
        taken = {(g.goal_code, g.catalog_version) for g in statuses}
        free = [g for g in catalog() if (g.code, g.catalog_version) not in taken]
        store.save(m.GoalStatus(doctor_id=doctor.id, goal_code=free[0].code,
                                catalog_version=free[0].catalog_version, state="submitted"))
        store.save(m.GoalStatus(doctor_id=doctor.id, goal_code=free[1].code,
                                catalog_version=free[1].catalog_version, state="approved",
                                approved_date=TODAY + timedelta(days=20),
                                approved_by="Veileder", advice_supervisor="Råd",
                                advice_clinical="Råd"))
        store.save(m.RuleDeviation(doctor_id=doctor.id, rule_id="joint_consultations",
                                   reason="Avtalt i møte"))
    yield store
    store.close()


@pytest.mark.parametrize("today", DAYS)
def test_lean_figures_equal_the_straightforward_evaluation(demo_file, today):
    """On the demo as written, on the fixed day and on days before and after it."""
    store = Store.open(demo_file, read_only=True)
    try:
        expected = straightforward(store, today)
        assert len(expected) == 12
        assert lean(store, today) == expected
    finally:
        store.close()


@pytest.mark.parametrize("today", DAYS)
def test_lean_figures_equal_on_every_edge(edged_demo, today):
    """Records on the very dates the lean read groups by count as they do one by one."""
    expected = straightforward(edged_demo, today)
    assert lean(edged_demo, today) == expected


def test_some_doctors_and_small_batches_give_the_same_figures(edged_demo):
    """doctor_ids (an edit's recomputation) and batches of three lose and repeat nothing."""
    from db.lean_bundles import lean_bundles
    expected = straightforward(edged_demo, TODAY)
    assert lean(edged_demo, TODAY, doctor_ids=[7, 3, 999, 3]) == {
        did: expected[did] for did in (3, 7)}
    seen = []
    for batch in lean_bundles(edged_demo, TODAY, load_rules(), size=3):
        assert len(batch) <= 3
        seen += batch
    assert sorted(seen) == sorted(expected)


def test_the_edges_are_there_to_count(edged_demo):
    """The edge records change the figures (so the test above compares something)."""
    doctor_ids = set()
    for did, f in straightforward(edged_demo, TODAY).items():
        if any(r.deviation_reason for r in f.progress.requirements):
            doctor_ids.add(did)
    [did] = doctor_ids
    figures = lean(edged_demo, TODAY)[did].progress
    assert figures.requirement("alm_goals").planned + figures.requirement("fkm_goals").planned
    assert figures.requirement("supervision_hours").planned > 0
    assert figures.requirement("joint_consultations").status in ("met", "deviated")
    assert "supervision_low" in [w.kind for w in lean(edged_demo, TODAY)[did].warnings]


@pytest.mark.parametrize("today", [TODAY, date(2025, 2, 28)])
def test_lean_figures_on_a_server_equal_the_file_and_the_straightforward_path(
        edged_demo, pg_url, today):
    """The same lean read on PostgreSQL (named parameters, SQLite's total and group_concat
    given by db/postgres.py): the same figures as on the file, and as evaluating each
    doctor's full records on the server."""
    from db.exchange import export_data, import_data
    server = Store.open(pg_url, create=True)
    try:
        import_data(server, export_data(edged_demo))
        on_server = lean(server, today)
        assert on_server == straightforward(server, today)
        assert on_server == lean(edged_demo, today)
    finally:
        server.close()
