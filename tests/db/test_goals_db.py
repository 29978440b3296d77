"""Goal statuses, approvals and the goal catalog in a real file: approvals audited, § 26
refusals write nothing, catalog imports leave every doctor's status alone, repeated activities
go in one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.activities import repeated
from alis_desktop.errors import ValidationError
from alis_desktop.goal_import import check_rows
from db.activities import add_activities
from db.goals import (
    approve_goals, catalog_for, change_state, doctor_goals, goal_texts, import_goal_texts,
    withdraw_approval,
)
from db.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(demo_copy):
    s = Store.open(demo_copy)
    yield s
    s.close()


def doctor_without(store, code):
    """A doctor that has no approved status on `code` yet."""
    for d in store.all("doctors"):
        if not store.count("goal_statuses", "doctor_id = ? AND goal_code = ? AND state = ?",
                           [d.id, code, "approved"]):
            return d
    raise AssertionError("every demo doctor has it approved")


def line(store, doctor_id, code):
    return next(ln for ln in doctor_goals(store, doctor_id, TODAY).lines if ln.goal.code == code)


def test_approval_is_stored_and_audited_as_godkjent(store):
    doctor = doctor_without(store, "ALM-012")
    record = line(store, doctor.id, "ALM-012").record(doctor.id)
    [saved] = approve_goals(store, [record], on=TODAY, approved_by="Randi Solberg",
                            advice_supervisor="Ola Veileder", advice_clinical="Kari Supervisør",
                            comment="Vurdert i møte")
    again = store.get("goal_statuses", saved.id)
    assert (again.state, again.approved_date, again.advice_clinical) == (
        "approved", TODAY, "Kari Supervisør")
    entry = store.all("audit_log")[-1]
    assert (entry.action, entry.kind, entry.record_id) == ("godkjent", "goal_statuses", saved.id)
    assert "ALM-012" in entry.detail and "Ola Veileder" in entry.detail


def test_approval_without_the_two_advices_writes_nothing(store):
    doctor = doctor_without(store, "ALM-012")
    records = [line(store, doctor.id, c).record(doctor.id) for c in ("ALM-012", "ALM-013")]
    before = store.counts()
    with pytest.raises(ValidationError, match="§ 26"):
        approve_goals(store, records, on=TODAY, approved_by="Randi Solberg",
                      advice_supervisor="Ola Veileder", advice_clinical="")
    assert store.counts() == before


def test_withdrawing_needs_a_reason_and_is_audited_with_it(store):
    approved = store.all("goal_statuses", "state = 'approved'")[0]
    before = store.counts()
    with pytest.raises(ValidationError) as err:
        withdraw_approval(store, approved, reason="", on=TODAY)
    assert err.value.field == "reason" and store.counts() == before
    withdraw_approval(store, approved, reason="Godkjent ved en feil", on=TODAY)
    assert store.get("goal_statuses", approved.id).state == "in_progress"
    entry = store.all("audit_log")[-1]
    assert entry.action == "godkjenning trukket" and "Godkjent ved en feil" in entry.detail


def test_state_changes_in_one_transaction(store):
    doctor = doctor_without(store, "ALM-020")
    records = [line(store, doctor.id, c).record(doctor.id) for c in ("ALM-020", "ALM-021")]
    change_state(store, records, "submitted")
    assert line(store, doctor.id, "ALM-020").state == "submitted"
    assert line(store, doctor.id, "ALM-021").state == "submitted"


def test_institution_suggestion_for_a_doctor_after_six_months(store):
    """A demo doctor whose 6 months of institution service are done, with the two goals then
    withdrawn, gets them suggested again."""
    for d in store.all("doctors"):
        view = doctor_goals(store, d.id, TODAY)
        if view.institution_months >= 6:
            break
    else:
        raise AssertionError("no demo doctor has 6 months of institution service")
    for code in ("ALM-055", "ALM-085"):
        ln = next(x for x in view.lines if x.goal.code == code)
        if ln.approved:
            withdraw_approval(store, ln.status, reason="Test", on=TODAY)
    assert doctor_goals(store, d.id, TODAY).suggestion == ["ALM-055", "ALM-085"]


def test_catalog_import_updates_titles_and_leaves_statuses_alone(store):
    statuses_before = [s for s in store.all("goal_statuses")]
    table = [["code", "theme", "text"], ["ALM-001", "Allmennmedisinens egenart", "Ha god ..."],
             ["ALM-003", "Lokalsamfunnet (ny tittel)", ""]]
    import_goal_texts(store, check_rows(table, "ALM").goal_texts(goal_texts(store)))
    titles = {g.code: g.title for g in catalog_for(store)}
    assert titles["ALM-001"] == "Allmennmedisinens egenart"
    assert titles["ALM-003"] == "Lokalsamfunnet (ny tittel)"
    # Importing again updates in place, no duplicates.
    import_goal_texts(store, check_rows(table[:2], "ALM").goal_texts(goal_texts(store)))
    assert store.count("goal_texts") == 2
    assert store.all("goal_statuses") == statuses_before
    assert store.all("audit_log")[-1].action == "læringsmål importert"


def test_an_imported_old_fkm_set_is_a_catalog_of_its_own(store):
    table = [["code", "text"], ["LM 04", "Etikk (gammel)"], ["LM 19", "Kommunikasjon"]]
    import_goal_texts(store, check_rows(table, "FKM-2017").goal_texts())
    old = [g.code for g in catalog_for(store, "FKM-2017") if g.family != "ALM"]
    assert old == ["LM-004", "LM-019"]
    assert len([g for g in catalog_for(store) if g.family == "FKM"]) == 14


def test_ten_repeated_shifts_are_one_transaction(store):
    doctor = store.all("doctors")[3]
    before = store.count("activities", "doctor_id = ?", [doctor.id])
    template = m.Activity(doctor_id=doctor.id, kind="on_call", hours=8.0, out_of_hours=True)
    add_activities(store, repeated(template, date(2026, 1, 2), 10, 7))
    assert store.count("activities", "doctor_id = ?", [doctor.id]) == before + 10
    bad = repeated(template, date(2026, 1, 2), 3, 7)
    bad[2].doctor_id = 9999  # the third refers to no doctor: none of the three is written
    with pytest.raises(ValidationError):
        add_activities(store, bad)
    assert store.count("activities", "doctor_id = ?", [doctor.id]) == before + 10
