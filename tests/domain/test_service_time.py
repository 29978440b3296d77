"""Counting service by Spesialistforskriften § 31 (alis_desktop.service_time).

Expected values are computed by hand in the comments: a whole month is 1, a part month its
days / the days of that month, weighted by position % / 100."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alis_desktop.errors import ValidationError
from alis_desktop.models import Doctor, Leave, Placement
from alis_desktop.service_time import (
    check_leave, check_placement_dates, check_placements, counted_service, date_reaching,
    months_served, overloaded_periods, service_count,
)

D = date


def pl(start, end, cat="gp_unselected", pct=100.0, status="completed", pid=None, arena=1,
       dept=""):
    return Placement(id=pid, doctor_id=1, arena_id=arena, category=cat, start_date=start,
                     end_date=end, position_pct=pct, status=status, department=dept)


def lv(start, end, kind="sickness", pct=100.0, lid=None):
    return Leave(id=lid, doctor_id=1, kind=kind, start_date=start, end_date=end, pct=pct)


def approx(x):
    return pytest.approx(x, abs=1e-9)


# ----------------------------------------------------------------- months_served


def test_whole_month_counts_one():
    """A whole calendar month is 1, whatever its length."""
    assert months_served(D(2023, 2, 1), D(2023, 2, 28)) == approx(1)
    assert months_served(D(2024, 2, 1), D(2024, 2, 29)) == approx(1)
    assert months_served(D(2023, 1, 1), D(2023, 1, 31)) == approx(1)


def test_whole_year_is_twelve_months():
    """01.01-31.12 (dates inclusive) is 12 months = 1 year."""
    assert months_served(D(2023, 1, 1), D(2023, 12, 31)) == approx(12)
    assert months_served(D(2020, 1, 1), D(2024, 12, 31)) == approx(60)


def test_part_months_count_days_over_days_of_that_month():
    """15.01-14.02.2023 = 17/31 (15-31 Jan) + 14/28 (1-14 Feb)."""
    assert months_served(D(2023, 1, 15), D(2023, 2, 14)) == approx(17 / 31 + 14 / 28)


def test_part_month_in_leap_year():
    """15.01-14.02.2024 = 17/31 + 14/29: February 2024 has 29 days."""
    assert months_served(D(2024, 1, 15), D(2024, 2, 14)) == approx(17 / 31 + 14 / 29)


def test_feb_29_alone_is_one_twenty_ninth():
    """29.02.2024 alone counts 1/29 of a month (inclusive dates: one day)."""
    assert months_served(D(2024, 2, 29), D(2024, 2, 29)) == approx(1 / 29)


def test_single_day_is_inclusive():
    """Start and end on the same day counts that day: 1/31 of January."""
    assert months_served(D(2023, 1, 1), D(2023, 1, 1)) == approx(1 / 31)


def test_period_across_year_boundary():
    """15.12.2023-14.01.2024 = 17/31 + 14/31."""
    assert months_served(D(2023, 12, 15), D(2024, 1, 14)) == approx(31 / 31)


def test_mid_month_to_mid_month_with_whole_months_between():
    """16.03-15.06.2023 = 16/31 (Mar) + 1 (Apr) + 1 (May) + 15/30 (Jun)."""
    assert months_served(D(2023, 3, 16), D(2023, 6, 15)) == approx(16 / 31 + 2 + 15 / 30)


def test_position_percentage_weights_the_months():
    """A year at 60 % counts 12 x 0.6 = 7.2 months."""
    assert months_served(D(2023, 1, 1), D(2023, 12, 31), 60) == approx(7.2)


def test_end_before_start_counts_nothing():
    """An empty period counts 0."""
    assert months_served(D(2023, 2, 1), D(2023, 1, 31)) == 0.0


def test_date_reaching_is_the_inverse():
    """6 months from 01.01.2024 end 30.06.2024; 12 counted months at 50 % take 2 years."""
    assert date_reaching(D(2024, 1, 1), 6) == D(2024, 6, 30)
    assert date_reaching(D(2024, 1, 1), 12, 50) == D(2025, 12, 31)
    # 1.5 months from 15.01.2023: 17/31 of January, then 0.9516 of February = 26.6 days.
    assert date_reaching(D(2023, 1, 15), 1.5) == D(2023, 2, 27)


# ----------------------------------------------------------------- counted_service


def test_full_time_five_years_mixed_categories():
    """36 mnd fastlege + 6 institution + 18 annen allmenn = 60 months, full time."""
    placements = [pl(D(2020, 1, 1), D(2022, 12, 31)),
                  pl(D(2023, 1, 1), D(2023, 6, 30), "institution"),
                  pl(D(2023, 7, 1), D(2024, 12, 31), "gp_other")]
    got = counted_service(placements, [], D(2024, 12, 31))
    assert got == {"gp_unselected": approx(36), "institution": approx(6),
                   "gp_other": approx(18), "other_specialty": approx(0)}


def test_part_time_extends_the_training():
    """Five calendar years at 60 % count 36 months; 60 months take 100 months (to 30.04.2028)."""
    placements = [pl(D(2020, 1, 1), D(2024, 12, 31), pct=60)]
    assert counted_service(placements, [], D(2024, 12, 31))["gp_unselected"] == approx(36)
    assert date_reaching(D(2020, 1, 1), 60, 60) == D(2028, 4, 30)


def test_completed_placement_counts_up_to_as_of_and_planned_not_at_all():
    """A completed placement ending later counts to as_of; a planned one does not count."""
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31)),
                  pl(D(2024, 1, 1), D(2024, 6, 30), "gp_other", status="planned")]
    got = counted_service(placements, [], D(2023, 3, 15))
    assert got["gp_unselected"] == approx(2 + 15 / 31)
    assert got["gp_other"] == 0
    with_planned = counted_service(placements, [], D(2024, 6, 30), include_planned=True)
    assert with_planned["gp_other"] == approx(6)


def test_sickness_within_ten_percent_is_not_deducted():
    """24 months' service, 2 months' sickness: allowance 2.4 > 2, nothing deducted."""
    placements = [pl(D(2022, 1, 1), D(2023, 12, 31))]
    leaves = [lv(D(2023, 3, 1), D(2023, 4, 30))]
    count = service_count(placements, leaves, D(2023, 12, 31))
    assert count.training == approx(24)
    assert count.absence == approx(2)
    assert count.allowance == approx(2.4)
    assert count.deducted == 0
    assert count.net == approx(24)


def test_sickness_beyond_ten_percent_is_deducted_for_the_excess():
    """24 months' service, 4 months' sickness: 4 - 2.4 = 1.6 deducted, 22.4 counted."""
    placements = [pl(D(2022, 1, 1), D(2023, 12, 31))]
    leaves = [lv(D(2023, 1, 1), D(2023, 4, 30))]
    got = counted_service(placements, leaves, D(2023, 12, 31))
    assert got["gp_unselected"] == approx(22.4)


def test_allowance_is_ten_percent_of_time_so_far():
    """At 30.04.2022, 4 months in with 2 months sick: allowance 0.4, 1.6 deducted -> 2.4."""
    placements = [pl(D(2022, 1, 1), D(2023, 12, 31))]
    leaves = [lv(D(2022, 3, 1), D(2022, 4, 30))]
    assert counted_service(placements, leaves, D(2022, 4, 30))["gp_unselected"] == approx(2.4)
    # ... and by the end of 2023 the same absence is within 2.4 and nothing is deducted.
    assert counted_service(placements, leaves, D(2023, 12, 31))["gp_unselected"] == approx(24)


def test_holiday_and_course_absence_count_as_service():
    """6 weeks' holiday, a course and training leave in 12 months: all 12 months count."""
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31))]
    leaves = [lv(D(2023, 7, 1), D(2023, 8, 15), "holiday"),
              lv(D(2023, 3, 1), D(2023, 3, 31), "course"),
              lv(D(2023, 9, 1), D(2023, 10, 31), "training")]
    count = service_count(placements, leaves, D(2023, 12, 31))
    assert count.absence == 0
    assert count.net == approx(12)


def test_partial_leave_on_part_time_position_is_weighted_twice():
    """50 % sick leave from a 60 % post for 4 months: 4 x 0.5 x 0.6 = 1.2 months absence.

    12 months at 60 % = 7.2 training, allowance 0.72, 0.48 deducted -> 6.72 counted."""
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31), pct=60)]
    leaves = [lv(D(2023, 5, 1), D(2023, 8, 31), pct=50)]
    count = service_count(placements, leaves, D(2023, 12, 31))
    assert count.absence == approx(1.2)
    assert count.deducted == approx(1.2 - 0.72)
    assert count.net == approx(6.72)


def test_excess_is_deducted_where_the_absence_happened():
    """12 mnd fastlege, 12 mnd annen allmenn with 6 mnd sick: 6 - 2.4 = 3.6 off gp_other."""
    placements = [pl(D(2022, 1, 1), D(2022, 12, 31)),
                  pl(D(2023, 1, 1), D(2023, 12, 31), "gp_other")]
    leaves = [lv(D(2023, 1, 1), D(2023, 6, 30), "parental")]
    got = counted_service(placements, leaves, D(2023, 12, 31))
    assert got["gp_unselected"] == approx(12)
    assert got["gp_other"] == approx(8.4)


def test_allowance_is_shared_in_proportion_to_the_absence():
    """3 mnd sick in each of two 12-month placements: 3.6 deducted, 1.8 from each."""
    placements = [pl(D(2022, 1, 1), D(2022, 12, 31)),
                  pl(D(2023, 1, 1), D(2023, 12, 31), "gp_other")]
    leaves = [lv(D(2022, 1, 1), D(2022, 3, 31)), lv(D(2023, 1, 1), D(2023, 3, 31), "unpaid")]
    got = counted_service(placements, leaves, D(2023, 12, 31))
    assert got["gp_unselected"] == approx(10.2)
    assert got["gp_other"] == approx(10.2)


def test_leave_outside_placements_deducts_nothing():
    """Absence on days without service cannot remove service."""
    placements = [pl(D(2023, 1, 1), D(2023, 6, 30))]
    leaves = [lv(D(2023, 7, 1), D(2023, 12, 31))]
    assert counted_service(placements, leaves, D(2023, 12, 31))["gp_unselected"] == approx(6)


def test_overlapping_leaves_cannot_remove_more_than_was_served():
    """Two 100 % leaves on the same 12 months remove 12 (less the 1.2 allowance), not 24."""
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31))]
    leaves = [lv(D(2023, 1, 1), D(2023, 12, 31)), lv(D(2023, 1, 1), D(2023, 12, 31), "unpaid")]
    assert counted_service(placements, leaves, D(2023, 12, 31))["gp_unselected"] == approx(1.2)


def test_concurrent_half_time_placements_both_count():
    """Two 50 % placements over the same year count 6 + 6 months."""
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31), pct=50),
                  pl(D(2023, 1, 1), D(2023, 12, 31), "gp_other", pct=50)]
    got = counted_service(placements, [], D(2023, 12, 31))
    assert got["gp_unselected"] == approx(6)
    assert got["gp_other"] == approx(6)


# ----------------------------------------------------------------- validation


def test_overlap_above_100_percent_is_refused_with_dates():
    """60 % + 60 % overlapping in March-May is 120 %: refused, naming the dates."""
    existing = [pl(D(2023, 1, 1), D(2023, 5, 31), pct=60, pid=1)]
    new = pl(D(2023, 3, 1), D(2023, 8, 31), "gp_other", pct=60)
    with pytest.raises(ValidationError) as err:
        check_placements(existing, new)
    assert "01.03.2023" in err.value.message and "31.05.2023" in err.value.message
    assert "120 %" in err.value.message


def test_overlap_up_to_100_percent_is_allowed():
    """50 % + 50 % and back-to-back placements are fine."""
    check_placements([pl(D(2023, 1, 1), D(2023, 12, 31), pct=50, pid=1),
                      pl(D(2023, 1, 1), D(2023, 12, 31), pct=50, pid=2),
                      pl(D(2024, 1, 1), D(2024, 12, 31), pid=3)])


def test_edited_placement_replaces_its_old_version():
    """Editing a placement does not collide with its own stored version."""
    existing = [pl(D(2023, 1, 1), D(2023, 12, 31), pid=7)]
    check_placements(existing, pl(D(2023, 1, 1), D(2024, 6, 30), pid=7))


def test_overloaded_periods_are_merged_and_bounded():
    """Overload is reported for exactly the overlapping days."""
    got = overloaded_periods([pl(D(2023, 1, 1), D(2023, 3, 31)),
                              pl(D(2023, 3, 15), D(2023, 4, 30), pct=20)])
    assert got == [(D(2023, 3, 15), D(2023, 3, 31), 120.0)]


def test_placement_before_start_or_after_end_of_training_is_refused():
    """A placement must lie inside the doctor's training."""
    doctor = Doctor(id=1, name="A", start_date=D(2023, 3, 1), end_date=D(2025, 2, 28),
                    end_reason="Ferdig")
    with pytest.raises(ValidationError, match="01.03.2023"):
        check_placement_dates(doctor, pl(D(2023, 1, 1), D(2023, 6, 30)))
    with pytest.raises(ValidationError, match="28.02.2025"):
        check_placement_dates(doctor, pl(D(2024, 1, 1), D(2025, 6, 30)))
    check_placement_dates(doctor, pl(D(2023, 3, 1), D(2025, 2, 28)))


def test_leave_must_lie_inside_placements():
    """A leave on days without a placement is refused, naming the uncovered days."""
    doctor = Doctor(id=1, name="A", start_date=D(2023, 1, 1))
    placements = [pl(D(2023, 1, 1), D(2023, 6, 30)), pl(D(2023, 8, 1), D(2023, 12, 31))]
    check_leave(doctor, placements, lv(D(2023, 2, 1), D(2023, 3, 31)))
    with pytest.raises(ValidationError, match="01.07.2023–31.07.2023"):
        check_leave(doctor, placements, lv(D(2023, 6, 1), D(2023, 8, 31)))
    with pytest.raises(ValidationError, match="før utdanningens startdato"):
        check_leave(doctor, placements, lv(D(2022, 12, 1), D(2023, 1, 31)))


def test_overlapping_leaves_above_100_percent_are_refused():
    """A 60 % and a 50 % leave on the same days make 110 %: refused."""
    doctor = Doctor(id=1, name="A", start_date=D(2023, 1, 1))
    placements = [pl(D(2023, 1, 1), D(2023, 12, 31))]
    others = [lv(D(2023, 2, 1), D(2023, 2, 28), pct=60, lid=1)]
    check_leave(doctor, placements, lv(D(2023, 2, 1), D(2023, 2, 28), pct=40), leaves=others)
    with pytest.raises(ValidationError, match="110 %"):
        check_leave(doctor, placements, lv(D(2023, 2, 1), D(2023, 2, 28), pct=50),
                    leaves=others)


# ----------------------------------------------------------------- properties

_BASE = D(2019, 3, 1)
_KINDS = ["sickness", "parental", "unpaid", "other", "holiday", "course", "training"]


@st.composite
def histories(draw):
    """Back-to-back or gapped placements (never over 100 %) with random leaves."""
    placements, cursor = [], _BASE
    for _ in range(draw(st.integers(1, 6))):
        cursor += timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.integers(1, 900))
        end = cursor + timedelta(days=length - 1)
        placements.append(pl(cursor, end, draw(st.sampled_from(
            ["gp_unselected", "gp_other", "institution", "other_specialty"])),
            pct=draw(st.sampled_from([20, 40, 50, 60, 75, 80, 100]))))
        cursor = end + timedelta(days=1)
    leaves = []
    for _ in range(draw(st.integers(0, 5))):
        start = _BASE + timedelta(days=draw(st.integers(0, (cursor - _BASE).days)))
        end = start + timedelta(days=draw(st.integers(0, 400)))
        leaves.append(lv(start, end, draw(st.sampled_from(_KINDS)),
                         pct=draw(st.sampled_from([20, 50, 100]))))
    as_of = _BASE + timedelta(days=draw(st.integers(0, (cursor - _BASE).days + 400)))
    return placements, leaves, as_of


@settings(max_examples=300, deadline=None)
@given(histories())
def test_counted_service_never_exceeds_calendar_time_nor_goes_negative(history):
    """Counted service is between 0 and the calendar time from the first start to as_of."""
    placements, leaves, as_of = history
    got = counted_service(placements, leaves, as_of)
    calendar_time = months_served(placements[0].start_date, as_of)
    assert all(v >= -1e-9 for v in got.values())
    assert sum(got.values()) <= calendar_time + 1e-9
    count = service_count(placements, leaves, as_of)
    assert count.net <= count.training + 1e-9


@settings(max_examples=200, deadline=None)
@given(histories(), st.integers(1, 400))
def test_counted_service_never_shrinks_as_time_passes(history, days):
    """More time never counts less: the allowance grows with the time in training."""
    placements, leaves, as_of = history
    before = service_count(placements, leaves, as_of).net
    after = service_count(placements, leaves, as_of + timedelta(days=days)).net
    assert after >= before - 1e-9


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.integers(0, 4000),
       st.sampled_from([20, 50, 60, 100]))
def test_months_served_matches_a_day_by_day_count(start, days, pct):
    """The O(1) formula equals summing each day's share of its month."""
    import calendar
    end = start + timedelta(days=days)
    slow, d = 0.0, start
    while d <= end:
        slow += 1 / calendar.monthrange(d.year, d.month)[1]
        d += timedelta(days=1)
    assert months_served(start, end, pct) == pytest.approx(slow * pct / 100, abs=1e-6)
