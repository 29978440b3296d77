"""The rotation board (alis_desktop.rotation): half-year periods from 1 March and
1 September, the refused conflicts with their reasons, and the placement a post means."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop.errors import ValidationError
from alis_desktop.models import Arena, Doctor, InstitutionPost
from alis_desktop.rotation import (
    Period, arena_choices, check_assignment, check_post, matching_arena, next_period_start,
    period_of, periods_between, planned_placement,
)

D = date
KARI = Doctor(id=1, name="Kari Dahl", start_date=D(2023, 1, 1))


def post(pid, dept="Medisinsk avdeling", start=D(2027, 3, 1), end=D(2027, 8, 31),
         doctor_id=None, institution="Vestkyst universitetssykehus"):
    return InstitutionPost(id=pid, institution=institution, department=dept,
                           period_start=start, period_end=end, doctor_id=doctor_id)


@pytest.mark.parametrize("day, start, end", [
    (D(2027, 3, 1), D(2027, 3, 1), D(2027, 8, 31)),
    (D(2027, 8, 31), D(2027, 3, 1), D(2027, 8, 31)),
    (D(2027, 9, 1), D(2027, 9, 1), D(2028, 2, 29)),   # leap year
    (D(2027, 2, 28), D(2026, 9, 1), D(2027, 2, 28)),
    (D(2026, 12, 31), D(2026, 9, 1), D(2027, 2, 28)),
])
def test_half_year_periods_start_1_march_and_1_september(day, start, end):
    assert period_of(day) == Period(start, end)


def test_period_labels_and_sequence():
    spring = period_of(D(2027, 4, 1))
    assert spring.label == "mar.–aug. 2027"
    assert spring.next().label == "sep. 2027–feb. 2028"
    assert spring.long_label == "01.03.2027–31.08.2027"
    assert next_period_start(D(2026, 11, 26)) == D(2027, 3, 1)
    assert next_period_start(D(2027, 3, 1)) == D(2027, 9, 1)
    assert [p.start for p in periods_between(D(2026, 11, 1), D(2027, 9, 1))] == [
        D(2026, 9, 1), D(2027, 3, 1), D(2027, 9, 1)]


def test_a_block_shorter_than_three_months_is_refused():
    with pytest.raises(ValidationError) as err:
        check_post(post(1, start=D(2027, 3, 1), end=D(2027, 5, 30)))
    assert err.value.field == "period_end"
    assert "minst 3 måneder" in err.value.message and "01.03.2027–30.05.2027" in \
        err.value.message
    check_post(post(1, start=D(2027, 3, 1), end=D(2027, 5, 31)))  # exactly 3 months


def test_a_doctor_twice_in_one_period_is_refused_with_the_other_post_named():
    board = [post(1, "Medisinsk avdeling", doctor_id=1),
             post(2, "Barneavdelingen", start=D(2027, 6, 1), end=D(2027, 8, 31)),
             post(3, "Barneavdelingen", start=D(2027, 9, 1), end=D(2028, 2, 29))]
    with pytest.raises(ValidationError) as err:
        check_assignment(board[1], KARI, board)
    assert err.value.field == "doctor_id"
    assert err.value.message == (
        "Kari Dahl har allerede en post i perioden mar.–aug. 2027 (Medisinsk avdeling, "
        "Vestkyst universitetssykehus 01.03.2027–31.08.2027). En lege kan ha bare én post "
        "per halvårsperiode.")
    check_assignment(board[2], KARI, board)  # the next period is fine


def test_a_taken_post_is_refused():
    taken = post(1, doctor_id=2)
    with pytest.raises(ValidationError, match="allerede tildelt en annen lege"):
        check_assignment(taken, KARI, [taken])
    with pytest.raises(ValidationError, match="har allerede denne posten"):
        check_assignment(post(1, doctor_id=1), KARI, [])


def test_a_short_post_cannot_be_assigned():
    short = post(1, start=D(2027, 3, 1), end=D(2027, 4, 30))
    with pytest.raises(ValidationError, match="minst 3 måneder"):
        check_assignment(short, KARI, [short])


def test_the_arena_is_the_hospital_named_as_the_institution():
    arenas = [Arena(id=1, name="Fjordvik legesenter", type="gp_office"),
              Arena(id=2, name="Vestkyst  Universitetssykehus", type="hospital"),
              Arena(id=3, name="Nordby sykehus", type="hospital"),
              Arena(id=4, name="KAD", type="kad", default_category="institution"),
              Arena(id=5, name="Gammelt sykehus", type="hospital", archived=True)]
    assert matching_arena("Vestkyst universitetssykehus", arenas).id == 2
    assert [a.id for a in arena_choices("Vestkyst universitetssykehus", arenas)] == [2, 4, 3]
    assert matching_arena("Ukjent HF", arenas) is None  # the leader is asked
    twins = arenas + [Arena(id=6, name="Nordby sykehus", type="hospital")]
    assert matching_arena("Nordby sykehus", twins) is None


def test_holding_a_post_means_a_planned_full_time_institution_placement():
    p = planned_placement(post(1), doctor_id=1, arena_id=2)
    assert (p.doctor_id, p.arena_id, p.category, p.position_pct, p.status) == (
        1, 2, "institution", 100.0, "planned")
    assert (p.start_date, p.end_date, p.department) == (
        D(2027, 3, 1), D(2027, 8, 31), "Medisinsk avdeling")
    p.validate()


def test_the_board_grid_has_a_row_per_department_and_a_column_per_period():
    from alis_desktop.rotation import board
    posts = [post(1, "Medisinsk avdeling"),
             post(2, "Barneavdelingen"),
             post(3, "Medisinsk avdeling", start=D(2027, 9, 1), end=D(2028, 2, 29)),
             post(4, "Barneavdelingen", start=D(2027, 3, 1), end=D(2027, 5, 31)),
             post(5, "Barneavdelingen", start=D(2027, 6, 1), end=D(2027, 8, 31)),
             post(6, "Lunge", start=D(2025, 3, 1), end=D(2025, 8, 31))]  # before the board
    periods, rows = board(posts, first=D(2026, 11, 26))
    assert [p.label for p in periods] == ["sep. 2026–feb. 2027", "mar.–aug. 2027",
                                          "sep. 2027–feb. 2028"]
    assert [(r.department, r.slot) for r in rows] == [
        ("Barneavdelingen", 0), ("Barneavdelingen", 1), ("Barneavdelingen", 2),
        ("Medisinsk avdeling", 0)]
    spring = D(2027, 3, 1)
    assert [rows[i].cells[spring].id for i in range(3)] == [4, 2, 5]  # by start, then end
    assert {k: v.id for k, v in rows[3].cells.items()} == {spring: 1, D(2027, 9, 1): 3}
    # An empty board still shows the period of `first`, and of `last` when given.
    assert board([], first=D(2026, 11, 26))[0] == [period_of(D(2026, 11, 26))]
    assert len(board([], first=D(2026, 11, 26), last=D(2027, 9, 1))[0]) == 3
    assert len(board(posts, first=D(2026, 11, 26), last=D(2027, 3, 1))[0]) == 3


def _gp(pid, start, end, status="planned"):
    from alis_desktop.models import Placement
    return Placement(id=pid, doctor_id=1, arena_id=1, start_date=start, end_date=end,
                     status=status)


def test_other_service_is_cut_around_a_post():
    """While at the hospital the doctor has leave from her GP position: the overlapping
    placements are shortened, split, or removed when wholly inside."""
    from alis_desktop.rotation import cut_around
    around = _gp(1, D(2026, 1, 1), D(2029, 12, 31), "completed")
    inside = _gp(2, D(2027, 4, 1), D(2027, 5, 31))
    tail = _gp(3, D(2027, 8, 1), D(2028, 6, 30))
    later = _gp(4, D(2028, 1, 1), D(2028, 6, 30))
    room = cut_around([around, inside, tail, later], D(2027, 3, 1), D(2027, 8, 31),
                      D(2026, 11, 26))
    assert [(p.id, p.start_date, p.end_date) for p in room.changed] == [
        (1, D(2026, 1, 1), D(2027, 2, 28)), (3, D(2027, 9, 1), D(2028, 6, 30))]
    assert [(p.id, p.start_date, p.end_date, p.status) for p in room.added] == [
        (None, D(2027, 9, 1), D(2029, 12, 31), "completed")]
    assert [p.id for p in room.removed] == [2]
    assert room.describe({1: "Legesenteret"}) == [
        "Legesenteret blir 01.01.2026–28.02.2027", "Legesenteret blir 01.09.2027–30.06.2028",
        "Legesenteret fortsetter 01.09.2027–31.12.2029",
        "Legesenteret 01.04.2027–31.05.2027 fjernes"]
    assert around.end_date == D(2029, 12, 31)  # the inputs are not changed


def test_served_time_is_never_cut():
    from alis_desktop.rotation import cut_around
    with pytest.raises(ValidationError) as err:
        cut_around([_gp(1, D(2026, 1, 1), D(2029, 12, 31))], D(2026, 11, 1), D(2027, 4, 30),
                   D(2026, 11, 26))
    assert err.value.field == "start_date" and "01.11.2026" in err.value.message
