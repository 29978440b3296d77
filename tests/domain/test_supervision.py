"""Supervision targets, flags, session checks and the change-of-supervisor rule
(alis_desktop/supervision.py), with hand-computed figures."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.supervision import (
    SupervisionRules, behind, change_supervisor, check_assignment_edit, check_session,
    competence, doctor_supervision, load_rules, service_months, service_weights, target_hours,
    total_target, training_year,
)

RULES = SupervisionRules()
SCALED = replace(RULES, scale_with_position=True)


def doctor(start=date(2025, 1, 1), end=None):
    return m.Doctor(id=1, name="Ada Lege", start_date=start, end_date=end,
                    end_reason="x" if end else "")


def placement(start, end, pct=100.0, status="completed"):
    return m.Placement(doctor_id=1, arena_id=1, start_date=start, end_date=end,
                       position_pct=pct, status=status)


def leave(start, end, kind="parental", pct=100.0):
    return m.Leave(doctor_id=1, kind=kind, start_date=start, end_date=end, pct=pct)


def session(d, hours=1.0, supervisor=1, planned=False):
    return m.SupervisionSession(doctor_id=1, supervisor_id=supervisor, date=d, hours=hours,
                                planned=planned)


ASSIGNED = [m.SupervisorAssignment(id=1, doctor_id=1, supervisor_id=1,
                                   start_date=date(2020, 1, 1))]


def target(d, placements, leaves, start, end, rules=RULES):
    weights = service_weights(d, placements, leaves, end, rules)
    return target_hours(weights, start, end, rules)


def test_rules_file_gives_the_plan_figures():
    rules = load_rules()
    assert rules.monthly_target == pytest.approx(3.5)
    assert rules.yearly_target == pytest.approx(42.0)
    assert rules.preparation_cap == pytest.approx(15.75)
    assert rules.grant_basis_per_year == pytest.approx(57.75)
    assert rules.scale_with_position is False


def test_a_full_year_of_service_gives_42_hours():
    d = doctor()
    assert target(d, [placement(date(2025, 1, 1), date(2025, 12, 31))], [],
                  date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(42.0)


def test_a_whole_month_gives_3_5_hours_whatever_its_length():
    d = doctor()
    p = [placement(date(2025, 1, 1), date(2025, 12, 31))]
    assert target(d, p, [], date(2025, 2, 1), date(2025, 2, 28)) == pytest.approx(3.5)
    assert target(d, p, [], date(2025, 3, 1), date(2025, 3, 31)) == pytest.approx(3.5)


def test_month_boundaries_part_months_count_their_share_of_days():
    """15 Jan - 14 Feb: 17/31 of January and 14/28 of February."""
    d = doctor(start=date(2025, 1, 15))
    p = [placement(date(2025, 1, 15), date(2025, 2, 14))]
    expected = 3.5 * (17 / 31 + 14 / 28)
    assert target(d, p, [], date(2025, 1, 1), date(2025, 2, 28)) == pytest.approx(expected)


def test_part_year_counts_only_months_of_service():
    """Placement March-August: six months, 21 h, in a calendar year."""
    d = doctor(start=date(2025, 3, 1))
    p = [placement(date(2025, 3, 1), date(2025, 8, 31))]
    assert target(d, p, [], date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(21.0)


def test_doctor_starting_mid_year_gets_no_target_before_start():
    """Start 1 October 2025: on 31 December, three months = 10.5 h total and this year."""
    d = doctor(start=date(2025, 10, 1))
    p = [placement(date(2025, 10, 1), date(2027, 9, 30))]
    s = doctor_supervision(d, p, [], [], ASSIGNED, date(2025, 12, 31), RULES)
    assert s.total_target == pytest.approx(10.5)
    assert s.year_number == 1 and s.year_start == date(2025, 10, 1)
    assert s.year_target == pytest.approx(10.5)
    assert s.month_target == pytest.approx(3.5)


def test_month_fully_on_parental_leave_does_not_count():
    d = doctor()
    p = [placement(date(2025, 1, 1), date(2025, 12, 31))]
    leaves = [leave(date(2025, 4, 1), date(2025, 5, 31))]
    assert target(d, p, leaves, date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(35.0)


def test_holiday_and_partial_leave_still_count_when_not_scaled():
    d = doctor()
    p = [placement(date(2025, 1, 1), date(2025, 12, 31))]
    leaves = [leave(date(2025, 7, 1), date(2025, 7, 31), kind="holiday"),
              leave(date(2025, 9, 1), date(2025, 9, 30), kind="sickness", pct=50.0)]
    assert target(d, p, leaves, date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(42.0)


def test_scaling_with_position_is_a_rule_parameter():
    d = doctor()
    p = [placement(date(2025, 1, 1), date(2025, 12, 31), pct=60.0)]
    leaves = [leave(date(2025, 9, 1), date(2025, 9, 30), kind="sickness", pct=50.0)]
    assert target(d, p, [], date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(42.0)
    assert target(d, p, leaves, date(2025, 1, 1), date(2025, 12, 31),
                  SCALED) == pytest.approx(42.0 * 0.6 - 3.5 * 0.6 * 0.5)


def test_planned_placements_do_not_count_and_end_date_clips():
    d = doctor(end=date(2025, 6, 30))
    p = [placement(date(2025, 1, 1), date(2025, 12, 31)),
         placement(date(2026, 1, 1), date(2026, 6, 30), status="planned")]
    w = service_weights(d, p, [], date(2026, 12, 31), RULES)
    assert service_months(w, date(2025, 1, 1), date(2026, 12, 31)) == pytest.approx(6.0)


def test_overlapping_placements_do_not_double_the_target():
    d = doctor()
    p = [placement(date(2025, 1, 1), date(2025, 6, 30), 60.0),
         placement(date(2025, 1, 1), date(2025, 6, 30), 40.0)]
    assert target(d, p, [], date(2025, 1, 1), date(2025, 6, 30)) == pytest.approx(21.0)
    assert target(d, p, [], date(2025, 1, 1), date(2025, 6, 30), SCALED) == pytest.approx(21.0)


def test_doctor_without_placements_serves_from_start_date():
    d = doctor(start=date(2025, 11, 1))
    s = doctor_supervision(d, [], [], [], ASSIGNED, date(2025, 12, 31), RULES)
    assert s.total_target == pytest.approx(7.0)


def test_training_year_runs_from_the_start_anniversary():
    assert training_year(date(2023, 9, 15), date(2025, 9, 14)) == (
        2, date(2024, 9, 15), date(2025, 9, 14))
    assert training_year(date(2023, 9, 15), date(2025, 9, 15)) == (
        3, date(2025, 9, 15), date(2026, 9, 14))
    assert training_year(date(2024, 1, 31), date(2024, 1, 31))[0] == 1


def test_held_hours_this_month_year_and_total_exclude_planned_and_future():
    d = doctor(start=date(2024, 3, 1))
    p = [placement(date(2024, 3, 1), date(2026, 12, 31))]
    sessions = [session(date(2024, 4, 2), 2.0), session(date(2025, 2, 27), 1.5),
                session(date(2025, 3, 3), 2.0), session(date(2025, 3, 20), 1.0),
                session(date(2025, 3, 25), 2.0, planned=True),
                session(date(2025, 3, 28), 3.0)]
    s = doctor_supervision(d, p, [], sessions, ASSIGNED, date(2025, 3, 20), RULES)
    assert (s.month_held, s.year_held, s.total_held) == (3.0, 3.0, 6.5)
    assert s.next_planned == date(2025, 3, 25)
    assert s.last_session == date(2025, 3, 20)
    assert s.year_target == pytest.approx(3.5 * 20 / 31)
    assert s.total_target == pytest.approx(3.5 * 12 + 3.5 * 20 / 31)


def test_monthly_series_has_bars_target_and_running_totals():
    d = doctor(start=date(2025, 1, 1))
    p = [placement(date(2025, 1, 1), date(2025, 12, 31))]
    leaves = [leave(date(2025, 2, 1), date(2025, 2, 28))]
    sessions = [session(date(2025, 1, 10), 4.0), session(date(2025, 3, 5), 2.0)]
    s = doctor_supervision(d, p, leaves, sessions, ASSIGNED, date(2025, 3, 31), RULES)
    assert [(pt.month, pt.held, round(pt.target, 3)) for pt in s.months] == [
        (1, 4.0, 3.5), (2, 0.0, 0.0), (3, 2.0, 3.5)]
    assert (s.months[-1].cum_held, s.months[-1].cum_target) == (6.0, pytest.approx(7.0))


# --- flags -----------------------------------------------------------------------------------

def status_on(as_of, sessions, leaves=(), assignments=ASSIGNED, start=date(2025, 1, 1)):
    d = doctor(start=start)
    p = [placement(start, date(2027, 12, 31))]
    return doctor_supervision(d, p, list(leaves), sessions, assignments, as_of, RULES)


def monthly_sessions(first, last, hours):
    out, cur = [], first
    while cur <= last:
        out.append(session(cur, hours))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, cur.day)
    return out


def codes(status):
    return [f.code for f in status.flags]


def test_on_track_doctor_has_no_flags():
    s = status_on(date(2025, 12, 20), monthly_sessions(date(2025, 1, 10), date(2025, 12, 10), 3.5))
    assert codes(s) == []


def test_behind_by_more_than_one_months_target_is_flagged():
    sessions = monthly_sessions(date(2025, 1, 10), date(2025, 12, 10), 3.0)  # 6 h short
    assert codes(status_on(date(2025, 12, 31), sessions)) == ["behind"]


def test_behind_by_exactly_one_months_target_is_not_flagged():
    sessions = monthly_sessions(date(2025, 2, 10), date(2025, 12, 10), 3.5)  # 38.5 of 42
    assert codes(status_on(date(2025, 12, 31), sessions)) == []
    sessions[-1] = session(date(2025, 12, 10), 3.25)
    assert codes(status_on(date(2025, 12, 31), sessions)) == ["behind"]


def test_no_session_in_six_weeks_of_service_is_flagged():
    sessions = [session(date(2025, 1, 5), 8.0), session(date(2025, 2, 1), 8.0)]
    assert "gap" in codes(status_on(date(2025, 3, 15), sessions))   # 42 days: 2 Feb-15 Mar
    assert "gap" not in codes(status_on(date(2025, 3, 14), sessions))


def test_leave_days_stretch_the_six_week_window():
    """Two weeks of parental leave in between: the window reaches back past them."""
    sessions = [session(date(2025, 1, 5), 8.0), session(date(2025, 2, 1), 8.0)]
    leaves = [leave(date(2025, 2, 10), date(2025, 2, 23))]
    assert "gap" not in codes(status_on(date(2025, 3, 15), sessions, leaves))
    assert "gap" in codes(status_on(date(2025, 3, 29), sessions, leaves))


def test_new_doctor_is_not_flagged_for_a_gap_in_the_first_six_weeks():
    s = status_on(date(2025, 2, 10), [], start=date(2025, 1, 1))
    assert "gap" not in codes(s)


def test_missing_supervisor_is_flagged_and_ended_doctor_is_not():
    s = status_on(date(2025, 1, 20), [session(date(2025, 1, 10), 3.0)], assignments=[])
    assert codes(s) == ["no_supervisor"]
    d = doctor(start=date(2024, 1, 1), end=date(2024, 12, 31))
    ended = doctor_supervision(d, [placement(date(2024, 1, 1), date(2024, 12, 31))], [], [],
                               [], date(2025, 6, 1), RULES)
    assert ended.flags == []


# --- supervisors and assignments -----------------------------------------------------------

def test_exemption_is_flagged_before_and_after_it_expires():
    s = m.Supervisor(name="V", specialist=False, exemption_until=date(2026, 3, 1))
    assert competence(s, date(2025, 6, 1), RULES)[1] == "ok"
    assert competence(s, date(2026, 1, 15), RULES) == ("Dispensasjon utløper 01.03.2026", "warn")
    assert competence(s, date(2026, 3, 2), RULES) == ("Dispensasjon utløpt 01.03.2026", "bad")
    assert competence(m.Supervisor(name="S"), date(2026, 3, 2), RULES)[1] == "ok"


def test_changing_supervisor_closes_the_open_assignment_the_day_before():
    old = m.SupervisorAssignment(id=4, doctor_id=1, supervisor_id=1, start_date=date(2024, 1, 1))
    closed, new = change_supervisor([old], 1, 2, date(2025, 3, 1))
    assert closed.id == 4 and closed.end_date == date(2025, 2, 28)
    assert (new.doctor_id, new.supervisor_id, new.start_date, new.end_date) == (
        1, 2, date(2025, 3, 1), None)
    assert old.end_date is None  # the input is not changed behind the caller's back


def test_first_assignment_closes_nothing():
    closed, new = change_supervisor([], 1, 2, date(2025, 3, 1))
    assert closed is None and new.supervisor_id == 2


@pytest.mark.parametrize("supervisor, start, field_name", [
    (1, date(2025, 3, 1), "supervisor_id"),     # already the supervisor
    (2, date(2024, 1, 1), "start_date"),        # not after the current start
    (2, date(2023, 6, 1), "start_date"),        # inside an earlier closed period
])
def test_change_of_supervisor_is_refused_when_it_would_overlap(supervisor, start, field_name):
    history = [m.SupervisorAssignment(id=1, doctor_id=1, supervisor_id=3,
                                      start_date=date(2023, 1, 1), end_date=date(2023, 12, 31)),
               m.SupervisorAssignment(id=2, doctor_id=1, supervisor_id=1,
                                      start_date=date(2024, 1, 1))]
    with pytest.raises(ValidationError) as err:
        change_supervisor(history, 1, supervisor, start)
    assert err.value.field == field_name


def test_editing_a_period_into_another_is_refused():
    a = m.SupervisorAssignment(id=1, doctor_id=1, supervisor_id=3, start_date=date(2023, 1, 1),
                               end_date=date(2023, 12, 31))
    b = m.SupervisorAssignment(id=2, doctor_id=1, supervisor_id=1, start_date=date(2024, 1, 1))
    check_assignment_edit([a, b], replace(a, end_date=date(2023, 12, 30)))
    with pytest.raises(ValidationError, match="én veileder om gangen"):
        check_assignment_edit([a, b], replace(a, end_date=date(2024, 1, 1)))


# --- checks on a session ---------------------------------------------------------------------

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("hours", [0.0, -1.0, 8.25, 1.1])
def test_session_hours_must_be_quarter_hours_in_0_to_8(hours):
    with pytest.raises(ValidationError) as err:
        check_session(session(TODAY, hours), today=TODAY, assignments=ASSIGNED, rules=RULES)
    assert err.value.field == "hours"


def test_eight_hours_and_quarter_hours_are_accepted():
    assert check_session(session(TODAY, 8.0), today=TODAY, assignments=ASSIGNED) == []
    assert check_session(session(TODAY, 0.25), today=TODAY, assignments=ASSIGNED) == []


def test_future_date_needs_planned():
    future = session(date(2026, 12, 1), 1.0)
    with pytest.raises(ValidationError, match="Planlagt"):
        check_session(future, today=TODAY, assignments=ASSIGNED)
    assert check_session(replace(future, planned=True), today=TODAY, assignments=ASSIGNED) == []


def test_unassigned_supervisor_gives_a_warning_not_an_error():
    warnings = check_session(session(TODAY, 1.0, supervisor=9), today=TODAY,
                             assignments=ASSIGNED)
    assert warnings == ["Veilederen er ikke tildelt legen 26.11.2026."]
    assert "ingen veileder" in check_session(session(TODAY), today=TODAY, assignments=[])[0]


def test_date_before_start_is_a_warning():
    warnings = check_session(session(date(2024, 12, 1)), today=TODAY, assignments=ASSIGNED,
                             doctor=doctor())
    assert warnings == ["Datoen er før legens startdato (01.01.2025)."]


# ----------------------------------------------------------------- the engine's fast total

_day = st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31))


@st.composite
def _service(draw):
    placements = []
    for _ in range(draw(st.integers(0, 4))):
        a, b = sorted((draw(_day), draw(_day)))
        placements.append(m.Placement(
            doctor_id=1, arena_id=1, start_date=a, end_date=b,
            position_pct=draw(st.sampled_from([20.0, 50.0, 60.0, 80.0, 100.0])),
            status=draw(st.sampled_from(["completed", "completed", "planned"]))))
    leaves = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = sorted((draw(_day), draw(_day)))
        leaves.append(m.Leave(doctor_id=1, start_date=a, end_date=b,
                              kind=draw(st.sampled_from(["sickness", "parental", "course",
                                                         "holiday", "unpaid"])),
                              pct=draw(st.sampled_from([50.0, 100.0]))))
    end = draw(st.one_of(st.none(), _day))
    doctor = m.Doctor(id=1, name="Kari Lege", start_date=date(2019, 3, 1), end_date=end)
    return doctor, placements, leaves, draw(_day), draw(st.booleans())


@given(_service())
@settings(max_examples=300, deadline=None)
def test_the_engines_run_by_run_target_is_the_day_by_day_target(case):
    """The rules engine sums runs of equal weight (alis_desktop.supervision.behind); the
    Veiledning view sums day by day. Same target, part time, leave and scaling alike."""
    doctor, placements, leaves, as_of, scaled = case
    rules = replace(load_rules(), scale_with_position=scaled)
    by_day = total_target(doctor, service_weights(doctor, placements, leaves, as_of, rules),
                          as_of, rules)
    # behind() returns the target whenever nothing is held and it exceeds the tolerance.
    found = behind(doctor, placements, leaves, 0.0, as_of, rules)
    if by_day > rules.tolerance_hours + 1e-6:
        assert found == pytest.approx(by_day, abs=1e-6)
    elif by_day < rules.tolerance_hours - 1e-6:
        assert found is None
