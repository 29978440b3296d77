"""The activity log: quick entry of repeated items and the counts shown beside the log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alis_desktop import models as m
from alis_desktop.activities import activity_counts, repeated, summary_text
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


def test_forty_shifts_of_which_some_are_short_or_in_daytime():
    start = date(2024, 1, 3)
    shifts = [shift(start + timedelta(days=9 * k), 8.0) for k in range(34)]
    shifts += [shift(start + timedelta(days=400 + k), 4.0) for k in range(4)]       # short
    shifts += [shift(start + timedelta(days=500 + k), 5.99) for k in range(1)]      # short
    shifts += [shift(start + timedelta(days=600), 6.0)]                             # counts
    shifts += [shift(start + timedelta(days=700), 8.0, out_of_hours=False)]         # daytime
    counts = activity_counts(shifts)
    assert (counts.on_call, counts.on_call_counted, counts.on_call_short) == (41, 35, 6)
    assert "Legevakter: 35 av 40 tellende (6 under 6 t eller på dagtid)" in summary_text(counts)


def test_counts_only_up_to_the_day_asked_for():
    shifts = [shift(date(2026, 1, 1), 8.0), shift(date(2026, 3, 1), 8.0)]
    assert activity_counts(shifts, as_of=date(2026, 2, 1)).on_call_counted == 1


def test_courses_topics_visits_and_consultations():
    acts = [m.Activity(kind="course", course_code="GK-A", date=date(2025, 1, 1)),
            m.Activity(kind="course", course_code="EMNE", title="Hud", hours=8.0),
            m.Activity(kind="course", course_code="EMNE", title="hud ", hours=7.0),
            m.Activity(kind="course", course_code="EMNE", title="Psykiatri", hours=12.0),
            m.Activity(kind="joint_consultation"), m.Activity(kind="joint_consultation"),
            m.Activity(kind="practice_visit_made"), m.Activity(kind="presentation"),
            m.Activity(kind="internal_teaching"), m.Activity(kind="procedure")]
    c = activity_counts(acts)
    assert c.courses == {"GK-A"}
    assert c.topic_courses == {"hud": 15.0, "psykiatri": 12.0} and c.topics_counted == 1
    assert (c.joint_consultations, c.visits_made, c.visits_received, c.teaching,
            c.procedures) == (2, 1, 0, 2, 1)


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
