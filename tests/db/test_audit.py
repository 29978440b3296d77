"""The audit log: a row for every audited action, with what changed, never free text, never
a row removed."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db.store import Store

SECRET = "Hemmelig merknad om helse"


@pytest.fixture
def store(new_store):
    return new_store


@pytest.fixture
def world(store):
    doctor = store.save(m.Doctor(name="Kari Nordmann", hpr_number="1234567",
                                 start_date=date(2024, 1, 1), notes=SECRET))
    arena = store.save(m.Arena(name="Fjordvik legesenter"))
    supervisor = store.save(m.Supervisor(name="Dr. Veileder"))
    return doctor, arena, supervisor


def last(store: Store) -> m.AuditEntry:
    return store.all("audit_log")[-1]


def test_creating_a_doctor_is_audited_without_personal_data(store, world):
    doctor, _, _ = world
    entry = store.all("audit_log")[0]
    assert (entry.action, entry.kind, entry.record_id) == ("opprettet", "doctors", doctor.id)
    assert entry.user == store.user and entry.at[:4].isdigit()
    assert "Fra-dato: 01.01.2024" in entry.detail
    assert "Kari" not in entry.detail and "1234567" not in entry.detail
    assert SECRET not in entry.detail


def test_edit_of_counted_service_shows_old_and_new_values(store, world):
    doctor, arena, _ = world
    placement = store.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id,
                                       start_date=date(2024, 1, 1), end_date=date(2024, 6, 30),
                                       department="Avd. A"))
    assert last(store).action == "opprettet" and "Stillingsprosent: 100" in last(store).detail
    placement.end_date = date(2024, 7, 31)
    placement.position_pct = 80.0
    placement.notes = SECRET
    store.save(placement)
    entry = last(store)
    assert (entry.action, entry.kind, entry.record_id) == ("endret", "placements", placement.id)
    assert "Til-dato: 30.06.2024 → 31.07.2024" in entry.detail
    assert "Stillingsprosent: 100 → 80" in entry.detail
    assert "Merknader endret" in entry.detail and SECRET not in entry.detail

    leave = store.save(m.Leave(doctor_id=doctor.id, start_date=date(2024, 3, 1),
                               end_date=date(2024, 3, 10)))
    leave.kind = "parental"
    store.save(leave)
    assert last(store).detail == "Type: Sykefravær → Foreldrepermisjon"


def test_goal_approval_and_withdrawal(store, world):
    doctor, _, _ = world
    goal = store.save(m.GoalStatus(doctor_id=doctor.id, goal_code="ALM-012",
                                   state="in_progress"))
    goal.state, goal.approved_date = "approved", date(2025, 2, 1)
    goal.approved_by, goal.advice_supervisor, goal.advice_clinical = "Leder L", "Dr. V", "Dr. S"
    store.save(goal)
    entry = last(store)
    assert (entry.action, entry.kind, entry.record_id) == ("godkjent", "goal_statuses", goal.id)
    assert "Godkjent av: – → Leder L" in entry.detail
    assert "Råd fra supervisør: – → Dr. S" in entry.detail
    goal.state = "submitted"
    store.save(goal)
    assert last(store).action == "godkjenning trukket"


def test_issuing_an_attestation_is_audited(store, world):
    doctor, _, _ = world
    pdf = b"%PDF-1.4 Kari Nordmann attest"
    att = store.save(m.Attestation(doctor_id=doctor.id, number="ATT-2026-001",
                                   issued_date=date(2026, 11, 26),
                                   sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf))
    entry = last(store)
    assert (entry.action, entry.record_id) == ("attest utstedt", att.id)
    assert "Nummer: ATT-2026-001" in entry.detail and "Utstedt: 26.11.2026" in entry.detail
    assert "PDF" not in entry.detail


def test_deletion_is_audited_with_reason_and_summary(store, world):
    doctor, _, supervisor = world
    session = store.save(m.SupervisionSession(doctor_id=doctor.id, supervisor_id=supervisor.id,
                                              date=date(2025, 1, 7), hours=1.5, topics=SECRET))
    assert last(store).kind == "supervision_sessions"  # supervision hours are audited too
    store.delete("supervision_sessions", session.id, reason="dobbeltregistrert")
    entry = last(store)
    assert (entry.action, entry.kind, entry.record_id) == ("slettet", "supervision_sessions",
                                                           session.id)
    assert entry.detail.startswith("Begrunnelse: dobbeltregistrert")
    assert "Timer: 1,5" in entry.detail and "Dato: 07.01.2025" in entry.detail
    assert SECRET not in entry.detail


def test_deleting_what_does_not_exist_is_refused(store):
    with pytest.raises(ValidationError, match="Finner ikke"):
        store.delete("doctors", 999)
    assert store.count("audit_log") == 0


@pytest.mark.parametrize("kind", ["doctors", "arenas", "supervisors"])
def test_with_history_delete_is_refused_and_archive_is_audited(store, world, kind):
    doctor, arena, supervisor = world
    store.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id, start_date=date(2024, 1, 1),
                           end_date=date(2024, 2, 1)))
    store.save(m.SupervisorAssignment(doctor_id=doctor.id, supervisor_id=supervisor.id,
                                      start_date=date(2024, 1, 1)))
    target = {"doctors": doctor, "arenas": arena, "supervisors": supervisor}[kind]
    rows = store.count("audit_log")
    with pytest.raises(ValidationError, match="Arkiver den i stedet"):
        store.delete(kind, target.id)
    assert store.count(kind) == 1
    assert store.count("audit_log") == rows
    store.archive(kind, target.id)
    assert store.get(kind, target.id).archived
    assert (last(store).action, last(store).kind) == ("arkivert", kind)
    assert last(store).detail == "Arkivert: nei → ja"
    store.archive(kind, target.id, archived=False)
    assert last(store).action == "hentet fra arkivet"


def test_only_doctors_arenas_and_supervisors_are_archived(store, world):
    with pytest.raises(ValidationError, match="arkiveres"):
        store.archive("placements", 1)


def test_settings_are_audited_meeting_minutes_are_not(store, world):
    doctor, _, _ = world
    rows = store.count("audit_log")
    meeting = store.save(m.ReviewMeeting(doctor_id=doctor.id, date=date(2025, 6, 1),
                                         minutes=SECRET, outcome="satisfactory"))
    assert store.count("audit_log") == rows  # its approvals are audited as goal statuses
    store.delete("meetings", meeting.id, reason="feil lege")
    assert (last(store).action, last(store).kind) == ("slettet", "meetings")
    assert "Vurdering: Tilfredsstillende progresjon" in last(store).detail
    town = store.municipality()
    town.backup_keep = 20
    store.save(town)
    assert last(store).detail == "Antall sikkerhetskopier: 10 → 20"


def test_no_audit_detail_ever_holds_free_text(store, world):
    """Every kind, created and edited with a marker in each free-text field: the marker
    never reaches the log."""
    doctor, arena, supervisor = world
    doctor.notes = doctor.on_call_arrangement = doctor.email = SECRET
    store.save(doctor)
    store.save(m.Activity(doctor_id=doctor.id, date=date(2025, 1, 1), note=SECRET,
                          signed_by=SECRET))
    store.save(m.PlanItem(doctor_id=doctor.id, text=SECRET))
    store.save(m.RuleDeviation(doctor_id=doctor.id, rule_id="gp_max", reason=SECRET))
    store.save(m.InstitutionRequest(doctor_id=doctor.id, notes=SECRET))
    assert not [e for e in store.all("audit_log") if SECRET in e.detail]


def test_the_log_only_grows(store, world):
    doctor, arena, _ = world
    sizes = [store.count("audit_log")]
    p = store.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id,
                               start_date=date(2024, 1, 1), end_date=date(2024, 2, 1)))
    sizes.append(store.count("audit_log"))
    store.delete("placements", p.id)
    sizes.append(store.count("audit_log"))
    store.archive("doctors", doctor.id)
    sizes.append(store.count("audit_log"))
    assert sizes == sorted(set(sizes))


def test_viewer_rows_name_whom_each_entry_concerns(store, world):
    from db.audit import audit_rows
    doctor, arena, supervisor = world
    placement = store.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id,
                                       start_date=date(2024, 1, 1), end_date=date(2024, 2, 1)))
    session = store.save(m.SupervisionSession(doctor_id=doctor.id, supervisor_id=supervisor.id,
                                              date=date(2025, 1, 7)))
    store.delete("supervision_sessions", session.id)
    rows = {(r.entry.action, r.entry.kind): r for r in audit_rows(store)}
    assert rows[("opprettet", "placements")].concerns == "Kari Nordmann"
    assert rows[("opprettet", "placements")].kind_label == "Tjenesteperiode"
    assert rows[("opprettet", "arenas")].concerns == "Fjordvik legesenter"
    assert rows[("slettet", "supervision_sessions")].concerns == "Kari Nordmann"  # from detail
    assert rows[("opprettet", "placements")].cells()[4] == str(placement.id)
