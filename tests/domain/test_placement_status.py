"""Service that counts as it is served (DESIGN.md, Placement): an agreed period counts day
by day up to the evaluation date, a pencilled-in one toward the projection alone, and a
pencilled-in one that has started is put to the leader to confirm, never counted silently."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from alis_desktop.attestation import assemble
from alis_desktop.errors import ValidationError
from alis_desktop.models import Doctor, Municipality, Placement
from alis_desktop.requirements import evaluate
from alis_desktop.service_time import awaiting_confirmation
from alis_desktop.vocab import PlacementStatus

START = date(2026, 9, 1)
END = date(2029, 8, 31)


def doctor():
    return Doctor(id=1, name="Kari Nordmann", start_date=START)


def period(status=PlacementStatus.AGREED.value, start=START, end=END, pid=1, pct=100.0):
    return Placement(id=pid, doctor_id=1, arena_id=1, category="gp_unselected",
                     start_date=start, end_date=end, position_pct=pct, status=status)


def counted(placements, as_of):
    return evaluate(doctor(), placements, [], as_of=as_of).counted_months


def test_new_periods_are_agreed_and_labelled_so():
    assert Placement().status == PlacementStatus.AGREED.value == "completed"
    assert PlacementStatus.label_of("completed") == "Avtalt"
    assert PlacementStatus.label_of("planned") == "Foreløpig"
    assert PlacementStatus.choices()[0] == ("completed", "Avtalt")


@pytest.mark.parametrize("as_of, months", [
    (date(2026, 9, 1), 1 / 30),                  # the first day served counts already
    (date(2026, 9, 15), 15 / 30),
    (date(2026, 9, 30), 1.0),
    (date(2026, 12, 3), 3 + 3 / 31),             # a doctor at work today: 3 months and 3 days
    (date(2027, 8, 31), 12.0),
])
def test_agreed_period_counts_day_by_day_up_to_the_evaluation_date(as_of, months):
    """A period running to 2029 counts what has been served by each date, unmarked."""
    assert counted([period()], as_of) == pytest.approx(months, abs=1e-9)


def test_part_time_agreed_period_counts_its_share_as_it_is_served():
    assert counted([period(pct=50.0)], date(2026, 10, 31)) == pytest.approx(1.0, abs=1e-9)


def test_pencilled_in_period_counts_toward_the_projection_alone():
    as_of = date(2026, 12, 3)
    agreed = evaluate(doctor(), [period()], [], as_of=as_of)
    pencilled = evaluate(doctor(), [period(PlacementStatus.PENCILLED.value)], [], as_of=as_of)
    assert pencilled.counted_months == 0.0
    total = {r.id: r for r in pencilled.requirements}["total_service"]
    assert total.done == 0.0 and total.planned > 0   # the next 6 months, as planned
    assert {r.id: r for r in agreed.requirements}["total_service"].done > 3


def test_started_pencilled_period_awaits_confirmation_and_is_named_in_the_warnings():
    as_of = date(2026, 12, 3)
    later = period(PlacementStatus.PENCILLED.value, date(2029, 9, 1), date(2031, 8, 31), pid=2)
    started = period(PlacementStatus.PENCILLED.value)
    assert awaiting_confirmation([later, started, period(pid=3)], as_of) == [started]
    warnings = evaluate(doctor(), [started, later], [], as_of=as_of).warnings
    assert any("01.09.2026–31.08.2029 er foreløpig, men har startet" in w
               and "bekreftet som avtalt" in w for w in warnings)


def _bundle(placements):
    return SimpleNamespace(doctor=doctor(), placements=placements, leaves=[], activities=[],
                           supervision_sessions=[], goal_statuses=[], meetings=[],
                           supervisor_assignments=[])


def test_attestation_counts_an_agreed_period_served_so_far():
    as_of = date(2026, 12, 3)
    data = assemble(Municipality(name="Kommune"), _bundle([period()]), arenas={},
                    supervisors={}, as_of=as_of)
    assert data.period_end == as_of
    assert data.counted_total == pytest.approx(3 + 3 / 31, abs=1e-9)


def test_attestation_refusal_says_why_and_what_to_do():
    as_of = date(2026, 12, 3)
    with pytest.raises(ValidationError) as err:
        assemble(Municipality(), _bundle([period(PlacementStatus.PENCILLED.value)]),
                 arenas={}, supervisors={}, as_of=as_of)
    text = err.value.message
    assert "ingen avtalt tjeneste som har startet før 03.12.2026" in text
    assert "01.09.2026–31.08.2029" in text and "Bekreft dem som avtalt" in text
    with pytest.raises(ValidationError, match="første avtalte perioden starter senere"):
        assemble(Municipality(), _bundle([period(start=date(2027, 1, 1))]), arenas={},
                 supervisors={}, as_of=as_of)
    with pytest.raises(ValidationError, match="registrer en tjenesteperiode"):
        assemble(Municipality(), _bundle([]), arenas={}, supervisors={}, as_of=as_of)
