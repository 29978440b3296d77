"""The cohort report: every doctor's stage, counted FTE, projection, supervision this year
against the pro-rated target, meetings, open actions and flags; with the overview chart."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop.dates import fmt
from db.store import Store
from reports import cohort
from reports.common import num, years
from tests.conftest import TODAY
from tests.reports.pdftools import reader, text_of


@pytest.fixture(scope="module")
def store(demo_file):
    s = Store.open(demo_file, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def rows(store):
    return cohort.cohort_rows(store.bundles(), store.progress(TODAY),
                              {s.id: s for s in store.all("supervisors")}, TODAY)


def test_supervision_target_is_the_veiledning_views_target():
    """4 h a month in 10.5 of 12 months over the months in service this year."""
    from alis_desktop import models as m
    doctor = m.Doctor(id=1, name="A", start_date=date(2025, 1, 1))
    full = [m.Placement(doctor_id=1, arena_id=1, start_date=date(2025, 1, 1),
                        end_date=date(2027, 12, 31), status="completed")]
    assert cohort.supervision_target(doctor, full, [], date(2026, 12, 31)) == pytest.approx(42)
    assert cohort.supervision_target(doctor, full, [], date(2026, 6, 30)) == pytest.approx(21)
    # Started in September: only the months since then are due.
    late = [m.Placement(doctor_id=1, arena_id=1, start_date=date(2026, 9, 1),
                        end_date=date(2027, 12, 31), status="completed")]
    assert cohort.supervision_target(doctor, late, [], date(2026, 12, 31)) == pytest.approx(14)
    # A whole month of sick leave is not a month of service.
    sick = [m.Leave(doctor_id=1, kind="sickness", start_date=date(2026, 3, 1),
                    end_date=date(2026, 3, 31), pct=100)]
    assert cohort.supervision_target(doctor, full, sick, date(2026, 12, 31)) == pytest.approx(38.5)


def test_rows_carry_the_engines_figures(store, rows):
    progress = store.progress(TODAY)
    active = [d for d in store.all("doctors") if not (d.end_date and d.end_date < TODAY)]
    assert sorted(r.name for r in rows) == sorted(d.name for d in active)
    for r in rows:
        p = progress[r.doctor_id]
        assert r.counted_months == p.counted_months
        assert r.projected == p.projected_completion
        behind = [x for x in p.requirements if x.status == "behind"]
        assert any(f.startswith("Ligger etter") for f in r.flags) == bool(behind)


def test_supervision_hours_this_year(store, rows):
    for r in rows:
        sessions = store.for_doctor("supervision_sessions", r.doctor_id)
        assert r.supervision_hours == sum(s.hours for s in sessions if not s.planned
                                          and date(TODAY.year, 1, 1) <= s.date <= TODAY)


def test_pdf_table_and_chart(store, rows):
    data = cohort.build_for(store, TODAY)
    text = text_of(data)
    for r in rows:
        assert f"{r.name} {r.stage} {years(r.counted_months)} ({num(r.pct_complete, 0)} %)" \
            in text, r.name
        assert f"{num(r.supervision_hours)} / {num(r.supervision_target)} t" in text
        if r.projected:
            assert fmt(r.projected) in text
    assert "Møte forfalt" in text  # the demo's lagging doctor
    pdf = reader(data)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # landscape
    assert sum(len(p.images) for p in pdf.pages) == 1
