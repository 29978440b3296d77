"""Kom i gang: each step is done from what the file holds, in order."""

from alis_desktop.getting_started import (
    PLACEHOLDER_NAME, SetupCounts, all_done, next_step, panel_wanted, setting_up, steps,
)
from alis_desktop.models import Municipality

KEYS = ["municipality", "arenas", "supervisors", "doctors", "placements", "assignments",
        "meetings"]


def done(found):
    return {s.key: s.done for s in found}


def test_a_new_file_has_every_step_open_in_order():
    found = steps(Municipality(name=PLACEHOLDER_NAME), SetupCounts())
    assert [s.key for s in found] == KEYS
    assert not any(s.done for s in found)
    assert next_step(found).key == "municipality"
    assert "kommunens navn" in found[0].progress
    # Steps about each doctor wait for the first doctor.
    assert [s.key for s in found if not s.available] == ["placements", "assignments", "meetings"]
    assert panel_wanted(found)


def test_steps_turn_done_as_data_arrives():
    mu = Municipality(name=PLACEHOLDER_NAME)
    counts = SetupCounts()
    assert not done(steps(mu, counts))["municipality"]
    mu = Municipality(name="Nyby kommune")
    assert not done(steps(mu, counts))["municipality"]  # the leader's name is still missing
    mu = Municipality(name="Nyby kommune", leader_name="Kari Leder")
    assert done(steps(mu, counts))["municipality"]
    counts = SetupCounts(arenas=2, supervisors=1)
    assert next_step(steps(mu, counts)).key == "doctors"
    counts = SetupCounts(arenas=2, supervisors=1, doctors=2)
    found = steps(mu, counts)
    assert next_step(found).key == "placements"
    assert found[4].progress == "0 av 2 leger" and found[4].available
    counts = SetupCounts(arenas=2, supervisors=1, doctors=2, doctors_with_placements=1)
    assert not done(steps(mu, counts))["placements"]  # one doctor still has none
    counts = SetupCounts(arenas=2, supervisors=1, doctors=2, doctors_with_placements=2,
                         doctors_with_supervisor=2, doctors_with_meetings=1)
    found = steps(mu, counts)
    assert next_step(found).key == "meetings" and not all_done(found)
    counts = SetupCounts(arenas=2, supervisors=1, doctors=2, doctors_with_placements=2,
                         doctors_with_supervisor=2, doctors_with_meetings=2)
    found = steps(mu, counts)
    assert all_done(found) and next_step(found) is None
    assert not panel_wanted(found)


def test_a_step_can_be_done_out_of_order():
    """Done is read from the data, not from the order the leader clicked in."""
    found = steps(Municipality(name=PLACEHOLDER_NAME), SetupCounts(supervisors=3))
    assert done(found)["supervisors"] and not done(found)["arenas"]
    assert found[2].progress == "3 veiledere"


def test_a_new_doctor_without_a_period_reopens_the_step():
    mu = Municipality(name="Nyby", leader_name="Kari")
    full = SetupCounts(1, 1, 1, 1, 1, 1)
    assert all_done(steps(mu, full))
    more = SetupCounts(1, 1, 2, 1, 1, 1)
    assert next_step(steps(mu, more)).key == "placements"


def test_the_panel_can_be_hidden_and_asked_for_again():
    open_steps = steps(Municipality(), SetupCounts())
    assert not panel_wanted(open_steps, dismissed=True)
    finished = steps(Municipality(name="Nyby", leader_name="Kari"), SetupCounts(1, 1, 1, 1, 1, 1))
    assert panel_wanted(finished, asked_for=True)
    assert panel_wanted(open_steps, dismissed=True, asked_for=True)


def test_a_file_in_use_is_not_being_set_up():
    """A new doctor in a file in use lacks a meeting: no reason to bring the panel back."""
    mu = Municipality(name="Nyby", leader_name="Kari")
    in_use = SetupCounts(10, 8, 12, 12, 12, 11)
    found = steps(mu, in_use)
    assert not all_done(found)
    assert not setting_up(in_use, remembered=False)
    assert not panel_wanted(found, being_set_up=False)
    # A file that started empty is still being set up after its first doctor arrives.
    first = SetupCounts(1, 1, 1, 0, 0, 0)
    assert setting_up(SetupCounts(), remembered=False)
    assert setting_up(first, remembered=True) and not setting_up(first, remembered=False)
    assert panel_wanted(steps(mu, first), being_set_up=True)
