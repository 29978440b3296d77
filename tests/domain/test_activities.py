"""The activity log: quick entry of repeated items and the counts shown beside the log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alis_desktop import models as m
from alis_desktop.activities import (
    activity_requirements, counts_toward_on_call, repeated, summary_lines,
)
from alis_desktop.requirements import evaluate
from alis_desktop.errors import ValidationError


def shift(d: date, hours: float, out_of_hours: bool = True) -> m.Activity:
    return m.Activity(doctor_id=1, kind="on_call", date=d, hours=hours,
                      out_of_hours=out_of_hours)


def test_ten_on_call_shifts_a_week_apart():
    template = m.Activity(id=99, doctor_id=1, kind="on_call", hours=8.0, out_of_hours=True,
                          title="Legevakt kveld", signed_by="Vaktansvarlig", goals=["ALM-040"])
    items = repeated(template, date(2026, 1, 5), 10, 7)
    assert [a.date for a in items] == [date(2026, 1, 5) + timedelta(days=7 * k)
                                       for k in range(10)]
    assert {(a.id, a.hours, a.title, a.signed_by) for a in items} == {
        (None, 8.0, "Legevakt kveld", "Vaktansvarlig")}
    items[0].goals.append("ALM-041")
    assert items[1].goals == ["ALM-040"]  # each copy has its own list


def test_repeated_entry_refuses_bad_count_interval_or_record():
    template = m.Activity(doctor_id=1, kind="on_call", hours=8.0)
    with pytest.raises(ValidationError) as err:
        repeated(template, date(2026, 1, 5), 0, 7)
    assert err.value.field == "count"
    with pytest.raises(ValidationError) as err:
        repeated(template, date(2026, 1, 5), 3, 0)
    assert err.value.field == "every_days"
    with pytest.raises(ValidationError) as err:
        repeated(m.Activity(doctor_id=1, kind="on_call", hours=None), date(2026, 1, 5), 3, 7)
    assert err.value.field == "hours"


def progress_with(activities, as_of=date(2026, 11, 26)):
    doctor = m.Doctor(id=1, name="A", start_date=date(2023, 1, 1))
    gp = m.Placement(doctor_id=1, arena_id=1, category="gp_unselected",
                     start_date=date(2023, 1, 1), end_date=date(2027, 12, 31), status="completed")
    return evaluate(doctor, [gp], [], activities, as_of=as_of)


def test_forty_shifts_of_which_some_are_short_or_in_daytime():
    """Counted by the rules engine: 34 + one of exactly 6 h count; 5 short, 1 daytime."""
    start = date(2024, 1, 3)
    shifts = [shift(start + timedelta(days=9 * k), 8.0) for k in range(34)]
    shifts += [shift(start + timedelta(days=400 + k), 4.0) for k in range(4)]       # short
    shifts += [shift(start + timedelta(days=500), 5.99)]                            # short
    shifts += [shift(start + timedelta(days=600), 6.0)]                             # counts
    shifts += [shift(start + timedelta(days=700), 8.0, out_of_hours=False)]         # daytime
    results = activity_requirements(progress_with(shifts))
    on_call = next(r for r in results if r.id == "on_call")
    assert (on_call.done, on_call.required, on_call.met) == (35, 40, False)
    assert sum(counts_toward_on_call(a) for a in shifts) == 35
    lines = dict(summary_lines(results, shifts, date(2026, 11, 26)))
    assert ("Legevakt: minst 40 vakter utenom dagtid, hver på minst 6 timer: 35 av 40 vakter "
            "(6 vakter teller ikke)") in lines


def test_the_log_shows_every_activity_requirement_of_the_rules():
    ids = [r.id for r in activity_requirements(progress_with([]))]
    assert ids == ["group_supervision", "group_supervision_gp", "on_call", "joint_consultations",
                   "practice_visit_made", "practice_visit_received", "basic_courses",
                   "emergency_course", "violence_course", "topic_courses", "fkm_courses"]


def test_shifts_after_the_day_are_not_yet_counted():
    shifts = [shift(date(2026, 1, 1), 8.0), shift(date(2026, 12, 1), 8.0)]
    on_call = next(r for r in activity_requirements(progress_with(shifts))
                   if r.id == "on_call")
    assert on_call.done == 1 and on_call.planned == 1


def test_goals_of_an_activity_written_as_a_plain_list_that_reads_back():
    from alis_desktop.activities import goals_text
    from alis_desktop.catalog import courses
    from alis_desktop.goal_refs import parse_goal_refs
    gk_a = next(c for c in courses() if c.code == "GK-A")
    text = goals_text(gk_a.goals)
    assert text == ("ALM 001, 008-009, 016-017, 020, 022, 033, 036, 041-042, 044-046, "
                    "048-050, 058-059")
    assert sorted(parse_goal_refs(text)) == sorted(gk_a.goals)
    assert goals_text(["FKM-004", "ALM-040", "FKM-003"]) == "ALM 040; FKM 003-004"
    assert goals_text([]) == ""
