"""The counts behind Kom i gang, read from a real file as records arrive."""

from datetime import date

from alis_desktop import models as m
from alis_desktop.getting_started import SetupCounts, all_done, next_step, steps
from db.getting_started import first_doctor_without, setup_counts


def test_counts_follow_the_file(new_store):
    store = new_store
    assert setup_counts(store) == SetupCounts()
    assert next_step(steps(store.municipality(), setup_counts(store))).key == "municipality"
    mu = store.municipality()
    mu.name, mu.leader_name = "Nyby kommune", "Kari Leder"
    store.save(mu)
    arena = store.save(m.Arena(name="Nyby legesenter"))
    store.save(m.Arena(name="Gammel arena", archived=True))
    sup = store.save(m.Supervisor(name="Per Veileder", specialist=True))
    a = store.save(m.Doctor(name="Anne Alis", start_date=date(2026, 1, 1)))
    b = store.save(m.Doctor(name="Bjørn Alis", start_date=date(2026, 2, 1)))
    counts = setup_counts(store)
    assert counts == SetupCounts(arenas=1, supervisors=1, doctors=2)
    assert first_doctor_without(store, "placements") == a.id  # by name: Anne before Bjørn
    assert next_step(steps(store.municipality(), counts)).key == "placements"
    for d in (a, b):
        store.save(m.Placement(doctor_id=d.id, arena_id=arena.id, start_date=d.start_date,
                               end_date=date(2026, 6, 30), position_pct=100,
                               category="gp_unselected"))
        store.save(m.SupervisorAssignment(doctor_id=d.id, supervisor_id=sup.id,
                                          start_date=d.start_date))
    store.save(m.ReviewMeeting(doctor_id=a.id, date=date(2026, 6, 1)))
    assert first_doctor_without(store, "placements") is None
    assert first_doctor_without(store, "meetings") == b.id  # where «Nytt møte ...» leads
    counts = setup_counts(store)
    assert (counts.doctors_with_placements, counts.doctors_with_supervisor,
            counts.doctors_with_meetings) == (2, 2, 1)
    store.save(m.ReviewMeeting(doctor_id=b.id, date=date(2026, 7, 1), held=False))
    assert all_done(steps(store.municipality(), setup_counts(store)))
    store.archive("doctors", b.id)  # an archived doctor is history, not a step left
    assert setup_counts(store).doctors == 1
