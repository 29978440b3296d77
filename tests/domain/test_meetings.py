"""Meeting schedule and early warnings (issue 6), computed by hand."""

import dataclasses
from datetime import date

from alis_desktop import models as m
from alis_desktop.meetings import (
    default_next_date, early_warnings, meeting_due, overdue_actions, service_months_between,
)


def doctor(**kw):
    return m.Doctor(id=1, name="A", start_date=kw.pop("start", date(2024, 1, 1)), **kw)


def meeting(d, next_date=None, held=True):
    return m.ReviewMeeting(id=1, doctor_id=1, date=d, next_date=next_date, held=held)


def test_next_meeting_defaults_to_six_months_on():
    assert default_next_date(date(2025, 8, 31)) == date(2026, 2, 28)


def test_overdue_exactly_after_six_months():
    """Held 15.03: due 15.09; on 15.09 not overdue, on 16.09 overdue."""
    meetings = [meeting(date(2025, 3, 15))]
    on_day = meeting_due(doctor(), meetings, date(2025, 9, 15))
    assert on_day.due == date(2025, 9, 15) and not on_day.overdue and on_day.due_soon
    after = meeting_due(doctor(), meetings, date(2025, 9, 16))
    assert after.overdue and "seks måneder etter forrige møte 15.03.2025" in after.reason


def test_agreed_earlier_next_date_decides():
    meetings = [meeting(date(2025, 3, 15), next_date=date(2025, 6, 1))]
    due = meeting_due(doctor(), meetings, date(2025, 6, 2))
    assert due.due == date(2025, 6, 1) and due.overdue
    assert "avtalt neste møte 01.06.2025" in due.reason


def test_due_within_thirty_days_is_soon_not_overdue():
    due = meeting_due(doctor(), [meeting(date(2025, 3, 15))], date(2025, 8, 20))
    assert due.due_soon and not due.overdue
    far = meeting_due(doctor(), [meeting(date(2025, 3, 15))], date(2025, 8, 1))
    assert not far.due_soon


def test_booked_meeting_keeps_it_from_being_overdue():
    meetings = [meeting(date(2025, 3, 15)), meeting(date(2025, 9, 30), held=False)]
    due = meeting_due(doctor(), meetings, date(2025, 9, 20))
    assert not due.overdue and due.booked == date(2025, 9, 30)


def test_no_meeting_yet_means_start_meeting_due_a_month_in():
    due = meeting_due(doctor(start=date(2026, 1, 10)), [], date(2026, 2, 11))
    assert due.due == date(2026, 2, 10) and due.overdue
    assert "oppstartsmøtet er ikke holdt" in due.reason


def test_overdue_actions():
    actions = [m.MeetingAction(doctor_id=1, what="a", due_date=date(2025, 1, 1)),
               m.MeetingAction(doctor_id=1, what="b", due_date=date(2025, 1, 1),
                               done_date=date(2024, 12, 30)),
               m.MeetingAction(doctor_id=1, what="c", due_date=date(2025, 3, 1))]
    assert [a.what for a in overdue_actions(actions, date(2025, 2, 1))] == ["a"]


def test_service_months_between_counts_calendar_days():
    p = m.Placement(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31), status="completed",
                    position_pct=60)
    assert service_months_between([p], date(2025, 1, 1), date(2025, 3, 31)) == 3.0
    assert abs(service_months_between([p], date(2025, 1, 16), date(2025, 2, 14)) -
               (16 / 31 + 14 / 28)) < 1e-9


class _Progress:
    def __init__(self, months, projected=None):
        self.counted_months = months
        self.projected_completion = projected


def bundle(d, **kw):
    """The doctor's records as db.queries.DoctorBundle carries them (no SQL here)."""
    from types import SimpleNamespace
    fields = dict(placements=[], leaves=[], activities=[], supervision_sessions=[],
                  goal_statuses=[], meetings=[], rule_deviations=[], supervisor_assignments=[],
                  meeting_actions=[])
    fields.update(kw)
    return SimpleNamespace(doctor=d, **fields)


def test_warnings_name_the_reason():
    today = date(2026, 11, 26)
    d = doctor(start=date(2023, 9, 1), grant_end_date=date(2028, 8, 31))
    placements = [m.Placement(id=1, doctor_id=1, arena_id=1, category="gp_unselected",
                              start_date=date(2023, 9, 1), end_date=date(2027, 8, 31),
                              status="completed")]
    sessions = [m.SupervisionSession(doctor_id=1, supervisor_id=1, date=date(2026, 10, 5),
                                     hours=2.0)]
    actions = [m.MeetingAction(doctor_id=1, what="Fast veiledningstid",
                               due_date=date(2026, 10, 1))]
    assignments = [m.SupervisorAssignment(doctor_id=1, supervisor_id=7,
                                          start_date=date(2023, 9, 1))]
    supervisors = {7: m.Supervisor(id=7, name="Vera Veileder", specialist=False,
                                   exemption_until=date(2027, 1, 15))}
    b = bundle(d, placements=placements, supervision_sessions=sessions,
               meetings=[meeting(date(2026, 3, 1))], meeting_actions=actions,
               supervisor_assignments=assignments)
    warnings = early_warnings(d, b, _Progress(38.0, date(2028, 12, 1)), today, supervisors)
    kinds = {w.kind: w.text for w in warnings}
    assert set(kinds) == {"meeting_overdue", "action_overdue", "supervision_low",
                          "institution_not_booked", "on_call_behind", "completion_after_grant",
                          "exemption_expiring"}
    # 27.08-26.11: 5/31 + 2 + 26/30 months x 3.5 h = 10.6 h
    assert "2,0 t mot målet 10,6 t" in kinds["supervision_low"]
    assert "§ 25" in kinds["exemption_expiring"] and "15.01.2027" in kinds["exemption_expiring"]
    assert "31.08.2028" in kinds["completion_after_grant"]


def test_no_supervision_warning_without_service_in_the_last_three_months():
    """A doctor between service periods (the last ended five months ago) has no target for
    the last three months, as in the Veiledning view; only a doctor with no service
    periods at all counts as in service from the start date."""
    today = date(2026, 11, 26)
    d = doctor(start=date(2024, 1, 1))
    ended = [m.Placement(id=1, doctor_id=1, arena_id=1, category="gp_unselected",
                         start_date=date(2024, 1, 1), end_date=date(2026, 6, 30),
                         status="completed")]
    kinds = {w.kind for w in early_warnings(d, bundle(d, placements=ended), _Progress(30),
                                            today)}
    assert "supervision_low" not in kinds
    none_yet = {w.kind for w in early_warnings(d, bundle(d), _Progress(0), today)}
    assert "supervision_low" in none_yet


def test_no_warnings_for_a_doctor_not_in_training():
    d = doctor(start=date(2020, 1, 1), end_date=date(2025, 1, 1), end_reason="ferdig")
    assert early_warnings(d, bundle(d), _Progress(60), date(2026, 1, 1)) == []


def test_started_pencilled_service_is_a_warning_to_confirm():
    """A past Planlagt row of an old file (now: pencilled in) is put to the leader."""
    today = date(2026, 11, 26)
    d = doctor(start=date(2026, 1, 1))
    pencilled = m.Placement(id=1, doctor_id=1, arena_id=1, category="gp_unselected",
                            start_date=date(2026, 1, 1), end_date=date(2027, 12, 31),
                            status="planned")
    warnings = early_warnings(d, bundle(d, placements=[pencilled]), _Progress(0), today)
    found = [w.text for w in warnings if w.kind == "service_unconfirmed"]
    assert found and "01.01.2026–31.12.2027" in found[0] and "Bekreft som avtalt" in found[0]
    agreed = [dataclasses.replace(pencilled, status="completed")]
    assert "service_unconfirmed" not in {
        w.kind for w in early_warnings(d, bundle(d, placements=agreed), _Progress(0), today)}
