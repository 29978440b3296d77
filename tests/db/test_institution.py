"""Institution service in a real file (db/institution.py): assigning a doctor creates her
planned placement in the same transaction as the post, conflicts write nothing, and the
projected completion follows."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db import institution as inst

D = date
TODAY = D(2026, 11, 26)


@pytest.fixture
def store(new_store):
    """One doctor in general practice since 2023 with no institution service yet: GP done
    until the end of February 2027 and planned again from September 2027."""
    s = new_store
    s.save(m.Doctor(name="Kari Dahl", start_date=D(2023, 1, 1), employment="permanent"))
    s.save(m.Doctor(name="Ola Berg", start_date=D(2023, 1, 1), employment="own_list"))
    s.save(m.Arena(name="Fjordvik legesenter", type="gp_office"))
    s.save(m.Arena(name="Vestkyst universitetssykehus", type="hospital",
                   inside_municipality=False, partner="Helse Vestkyst HF",
                   default_category="institution"))
    for doctor_id in (1, 2):
        s.save(m.Placement(doctor_id=doctor_id, arena_id=1, start_date=D(2023, 1, 1),
                           end_date=D(2027, 2, 28), status="completed"))
        s.save(m.Placement(doctor_id=doctor_id, arena_id=1, start_date=D(2027, 9, 1),
                           end_date=D(2029, 12, 31), status="planned"))
    for dept, start, end in [("Medisinsk avdeling", D(2027, 3, 1), D(2027, 8, 31)),
                             ("Barneavdelingen", D(2027, 3, 1), D(2027, 8, 31)),
                             ("Medisinsk avdeling", D(2027, 9, 1), D(2028, 2, 29))]:
        s.save(m.InstitutionPost(institution="Vestkyst universitetssykehus", department=dept,
                                 period_start=start, period_end=end))
    s.save(m.InstitutionRequest(doctor_id=1, desired_start=D(2027, 3, 1),
                                desired_end=D(2027, 8, 31), status="offered",
                                institution="Vestkyst universitetssykehus",
                                departments=["Medisinsk avdeling"], reported_date=D(2026, 9, 1)))
    return s


def snapshot(store):
    return {kind: [vars(r) for r in store.all(kind)]
            for kind in ("placements", "institution_posts", "institution_requests")}


def test_assigning_creates_the_planned_placement_and_moves_the_projection(store):
    before = store.progress(TODAY, 1)[1]
    assert before.projected_completion is None
    assert "institusjonstjeneste" in before.projection_note.lower()

    placement = inst.assign(store, 1, 1, request_id=1)

    saved = store.get("placements", placement.id)
    assert (saved.arena_id, saved.category, saved.position_pct, saved.status) == (
        2, "institution", 100.0, "planned")
    assert (saved.start_date, saved.end_date, saved.department) == (
        D(2027, 3, 1), D(2027, 8, 31), "Medisinsk avdeling")
    post = store.get("institution_posts", 1)
    assert (post.doctor_id, post.placement_id) == (1, placement.id)
    assert store.get("institution_requests", 1).status == "accepted"
    after = store.progress(TODAY, 1)[1]
    # 50 months of GP to February 2027, 6 at the hospital, 4 more of GP from September.
    assert after.projected_completion == D(2027, 12, 31)


def test_a_second_post_in_the_same_period_is_refused_and_nothing_is_written(store):
    inst.assign(store, 1, 1)
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        inst.assign(store, 2, 1)
    assert err.value.field == "doctor_id"
    assert "allerede en post i perioden mar.–aug. 2027" in err.value.message
    assert snapshot(store) == before


def test_an_overlap_above_100_percent_is_refused_by_the_service_time_rules(store):
    """The September post overlaps Kari's planned GP placement: 200 % is refused."""
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        inst.assign(store, 3, 1)
    assert err.value.field == "position_pct"
    assert "200 %" in err.value.message and "01.09.2027" in err.value.message
    assert snapshot(store) == before


def test_the_assignment_is_one_transaction(store):
    """A failure after the placement is written (the request of another doctor) rolls the
    placement back too."""
    store.save(m.InstitutionRequest(doctor_id=2, status="reported", reported_date=TODAY))
    before = snapshot(store)
    with pytest.raises(ValidationError, match="annen lege"):
        inst.assign(store, 1, 1, request_id=2)
    assert snapshot(store) == before


def test_the_leader_chooses_the_arena_when_the_institution_does_not_match(store):
    store.save(m.InstitutionPost(institution="Nordby sykehus", department="Kirurgi",
                                 period_start=D(2027, 3, 1), period_end=D(2027, 5, 31)))
    with pytest.raises(ValidationError) as err:
        inst.assign(store, 4, 2)
    assert err.value.field == "arena_id" and "Nordby sykehus" in err.value.message
    placement = inst.assign(store, 4, 2, arena_id=2)
    assert placement.arena_id == 2 and placement.end_date == D(2027, 5, 31)


def test_unassigning_removes_the_placement_and_puts_the_request_back(store):
    placement = inst.assign(store, 1, 1, request_id=1)
    inst.unassign(store, 1)
    post = store.get("institution_posts", 1)
    assert (post.doctor_id, post.placement_id) == (None, None)
    assert not store.count("placements", "id = ?", [placement.id])
    assert store.get("institution_requests", 1).status == "reported"
    assert store.progress(TODAY, 1)[1].projected_completion is None
    with pytest.raises(ValidationError, match="ikke tildelt"):
        inst.unassign(store, 1)


def test_an_agreed_placement_is_not_removed_from_the_board(store):
    placement = inst.assign(store, 1, 1)
    store.save(m.Placement(**{**vars(store.get("placements", placement.id)),
                              "status": "completed"}))
    with pytest.raises(ValidationError, match="er avtalt"):
        inst.unassign(store, 1)
    assert store.get("institution_posts", 1).doctor_id == 1


def test_posts_are_checked_and_held_posts_stay_put(store):
    with pytest.raises(ValidationError, match="minst 3 måneder"):
        inst.save_post(store, m.InstitutionPost(
            institution="Vestkyst universitetssykehus", department="Lunge",
            period_start=D(2027, 3, 1), period_end=D(2027, 4, 30)))
    inst.assign(store, 1, 1)
    held = store.get("institution_posts", 1)
    with pytest.raises(ValidationError) as err:
        inst.save_post(store, m.InstitutionPost(**{**vars(held), "period_end": D(2027, 7, 31)}))
    assert err.value.field == "period_end" and "tildelt Kari Dahl" in err.value.message
    inst.save_post(store, m.InstitutionPost(**{**vars(held), "note": "Fast ALIS-stilling",
                                               "doctor_id": None}))
    again = store.get("institution_posts", 1)
    assert (again.note, again.doctor_id) == ("Fast ALIS-stilling", 1)
    with pytest.raises(ValidationError, match="før posten slettes"):
        inst.delete_post(store, 1)
    inst.delete_post(store, 2)
    assert store.count("institution_posts") == 2


def test_request_status_follows_its_course_and_a_decline_keeps_the_place(store):
    request = store.get("institution_requests", 1)
    with pytest.raises(ValidationError, match="«Tilbudt» til «Gjennomført»"):
        inst.save_request(store, m.InstitutionRequest(**{**vars(request), "status": "done"}))
    declined = inst.decline_offer(store, 1, TODAY)
    assert declined.status == "declined" and declined.desired_start == D(2027, 9, 1)
    entries = inst.queue(store, TODAY)
    assert [e.doctor.name for e in entries] == ["Kari Dahl"]


def test_override_is_saved_with_its_note_and_removed_again(store):
    store.save(m.InstitutionRequest(doctor_id=2, status="wanted"))
    assert [e.doctor.name for e in inst.queue(store, TODAY)] == ["Kari Dahl", "Ola Berg"]
    with pytest.raises(ValidationError) as err:
        inst.set_override(store, 2, 1, "  ")
    assert err.value.field == "override_note"
    inst.set_override(store, 2, 1, "Avbrutt permisjon, avtalt med sykehuset")
    entries = inst.queue(store, TODAY)
    assert [e.doctor.name for e in entries] == ["Ola Berg", "Kari Dahl"]
    assert "Avbrutt permisjon" in entries[0].reason
    inst.set_override(store, 2, None)
    assert store.get("institution_requests", 2).override_note == ""


def test_the_demo_waiting_list_and_reminders(demo_file):
    from db.store import Store
    demo = Store.open(demo_file, read_only=True)
    try:
        entries = inst.queue(demo, TODAY)
        lines = inst.current_reminders(demo, TODAY)
    finally:
        demo.close()
    assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
    assert len(entries) >= 3
    assert any(e.candidate.eligible for e in entries)
    assert any(not e.candidate.eligible for e in entries)
    assert all(e.reason for e in entries)
    assert any("ledige poster" in line for line in lines)


def test_making_room_cuts_her_gp_service_around_the_post_in_the_same_transaction(store):
    """Kari's planned GP service from July 2027 runs through the September post: refused
    as it stands; with make_room it is split around the post (the part after is new)."""
    store.save(m.Placement(**{**vars(store.get("placements", 2)),
                              "start_date": D(2027, 7, 1)}))
    post = store.get("institution_posts", 3)
    assert inst.room_needed(store, post, 1, TODAY) == [
        "Fjordvik legesenter blir 01.07.2027–31.08.2027",
        "Fjordvik legesenter fortsetter 01.03.2028–31.12.2029"]
    with pytest.raises(ValidationError, match="200 %"):
        inst.assign(store, 3, 1)
    placement = inst.assign(store, 3, 1, make_room=True, today=TODAY)
    spans = [(p.start_date, p.end_date, p.category)
             for p in store.for_doctor("placements", 1, "start_date")]
    assert spans == [(D(2023, 1, 1), D(2027, 2, 28), "gp_unselected"),
                     (D(2027, 7, 1), D(2027, 8, 31), "gp_unselected"),
                     (D(2027, 9, 1), D(2028, 2, 29), "institution"),
                     (D(2028, 3, 1), D(2029, 12, 31), "gp_unselected")]
    assert store.get("institution_posts", 3).placement_id == placement.id
    assert inst.room_needed(store, store.get("institution_posts", 1), 2, TODAY) == []


def test_making_room_refuses_to_cut_served_time_and_writes_nothing(store):
    store.save(m.InstitutionPost(institution="Vestkyst universitetssykehus",
                                 department="Lunge", period_start=D(2026, 9, 1),
                                 period_end=D(2027, 2, 28)))
    before = snapshot(store)
    with pytest.raises(ValidationError, match="ikke ligger frem i tid"):
        inst.assign(store, 4, 1, make_room=True, today=TODAY)
    assert snapshot(store) == before
