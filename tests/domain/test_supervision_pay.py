"""Preparation hours, the payment statement and the yearly grant summary
(alis_desktop/supervision_pay.py), with hand-computed figures."""

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.supervision import SupervisionRules
from alis_desktop.supervision_pay import build_statement, grant_summary, preparation_by_month

RULES = SupervisionRules()
MUNI = m.Municipality(name="K", supervision_rate=1000.0, preparation_rate=500.0)
DOCTORS = [m.Doctor(id=1, name="Ada", start_date=date(2024, 1, 1), cost_code="ALIS-001",
                    alis_agreement_date=date(2025, 3, 15)),
           m.Doctor(id=2, name="Bo", start_date=date(2024, 1, 1), cost_code="ALIS-002",
                    alis_agreement_date=date(2023, 12, 1))]
SUPERVISORS = [m.Supervisor(id=1, name="Vera Veileder"),
               m.Supervisor(id=2, name="Per Privat", employment="self_employed")]


def s(doctor, supervisor, d, hours, planned=False):
    return m.SupervisionSession(doctor_id=doctor, supervisor_id=supervisor, date=d,
                                hours=hours, planned=planned)


def every_month(doctor, supervisor, year, hours, months=range(1, 13)):
    return [s(doctor, supervisor, date(year, mo, 10), hours) for mo in months]


def test_preparation_is_1_5_hours_a_month_with_supervision():
    prep = preparation_by_month([s(1, 1, date(2025, 1, 3), 2), s(1, 1, date(2025, 1, 20), 2),
                                 s(1, 1, date(2025, 3, 3), 1)], RULES)
    assert prep == {(1, 1, 2025, 1): 1.5, (1, 1, 2025, 3): 1.5}


def test_preparation_is_capped_at_10_5_months_a_year():
    prep = preparation_by_month(every_month(1, 1, 2025, 4), RULES)
    assert [prep[(1, 1, 2025, mo)] for mo in (10, 11, 12)] == [1.5, 0.75, 0.0]
    assert sum(prep.values()) == pytest.approx(15.75)


def test_the_cap_starts_again_each_calendar_year_and_ignores_planned():
    sessions = every_month(1, 1, 2025, 4) + [s(1, 1, date(2026, 1, 5), 4),
                                             s(1, 1, date(2026, 2, 5), 4, planned=True)]
    prep = preparation_by_month(sessions, RULES)
    assert prep[(1, 1, 2026, 1)] == 1.5 and (1, 1, 2026, 2) not in prep


def test_statement_totals_hours_preparation_and_amounts():
    sessions = [s(1, 1, date(2025, 2, 3), 2), s(1, 1, date(2025, 2, 17), 2),
                s(2, 1, date(2025, 2, 10), 1.5), s(2, 2, date(2025, 2, 12), 3),
                s(1, 1, date(2025, 3, 3), 4), s(1, 1, date(2025, 1, 30), 4)]
    st = build_statement(sessions, DOCTORS, SUPERVISORS, MUNI, date(2025, 2, 1),
                         date(2025, 2, 28), rules=RULES)
    assert [x.supervisor.name for x in st.supervisors] == ["Per Privat", "Vera Veileder"]
    vera = st.supervisors[1]
    assert [(ln.doctor_name, ln.sessions, ln.hours, ln.preparation) for ln in vera.lines] == [
        ("Ada", 2, 4.0, 1.5), ("Bo", 1, 1.5, 1.5)]
    assert (vera.hours, vera.preparation, vera.total_hours) == (5.5, 3.0, 8.5)
    assert vera.amount == pytest.approx(5.5 * 1000 + 3.0 * 500)
    assert st.total("hours") == 8.5 and st.total("preparation") == 4.5


def test_statement_for_one_supervisor_counts_earlier_months_toward_the_cap():
    sessions = every_month(1, 1, 2025, 4)
    st = build_statement(sessions, DOCTORS, SUPERVISORS, MUNI, date(2025, 11, 1),
                         date(2025, 12, 31), supervisor_id=1, rules=RULES)
    assert len(st.supervisors) == 1
    assert st.supervisors[0].preparation == pytest.approx(0.75)
    assert st.supervisors[0].hours == 8.0


def test_statement_for_a_supervisor_without_sessions_is_empty_not_missing():
    st = build_statement([], DOCTORS, SUPERVISORS, MUNI, date(2025, 1, 1), date(2025, 1, 31),
                         supervisor_id=2, rules=RULES)
    assert len(st.supervisors) == 1 and st.supervisors[0].amount == 0


def test_grant_summary_splits_hours_before_the_agreement():
    """Ada's agreement is from 15 March 2025: January-February hours are not eligible."""
    placements = [m.Placement(doctor_id=d, arena_id=1, start_date=date(2024, 1, 1),
                              end_date=date(2026, 12, 31)) for d in (1, 2)]
    sessions = every_month(1, 1, 2025, 3.5) + every_month(2, 2, 2025, 4, range(1, 7))
    g = grant_summary(2025, date(2026, 2, 1), DOCTORS, placements, [], sessions, SUPERVISORS,
                      MUNI, RULES)
    ada, bo = g.lines
    assert (ada.service_months, ada.hours, ada.preparation) == (
        pytest.approx(12), 42.0, pytest.approx(15.75))
    assert ada.eligible_months == pytest.approx(9 + 17 / 31)  # 15-31 March, April-December
    assert ada.eligible_hours == 3.5 * 9            # sessions 10 March fall before 15 March
    assert ada.eligible_preparation == pytest.approx(15.75 - 3 * 1.5)
    assert ada.basis_hours == pytest.approx(57.75 * ada.eligible_months / 12)
    assert (bo.hours, bo.preparation, bo.eligible_hours) == (24.0, 9.0, 24.0)
    assert bo.supervisors == ["Per Privat"]
    assert g.doctors_with_agreement == 2 and g.supervisor_count == 2
    assert g.total("hours") == 66.0


def test_grant_summary_of_the_current_year_stops_at_as_of():
    placements = [m.Placement(doctor_id=2, arena_id=1, start_date=date(2024, 1, 1),
                              end_date=date(2026, 12, 31))]
    sessions = every_month(2, 1, 2026, 4)
    g = grant_summary(2026, date(2026, 3, 31), DOCTORS[1:], placements, [], sessions,
                      SUPERVISORS, MUNI, RULES)
    assert g.lines[0].service_months == pytest.approx(3)
    assert g.lines[0].hours == 12.0
