"""The municipality's priority model in a real file (db/institution.py): choosing and
defining a model is audited and changes the list's order; a withdrawn request leaves the
list and leaves a reminder until the coordinator is told; old files get the defaults."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from alis_desktop import models as m
from alis_desktop import priority_models as pm
from alis_desktop.errors import ValidationError
from db import institution as inst

D = date
TODAY = D(2026, 11, 26)
VV = "Vestre Viken (samarbeidsavtale for 21 kommuner)"
FIXTURE = Path(__file__).parent / "fixtures" / "schema-v1.alis"


@pytest.fixture
def store(new_store):
    """Two doctors in general practice since 2023: Kari permanent and reported late, Ola
    with his own list and reported early."""
    s = new_store
    s.save(m.Doctor(name="Kari Dahl", start_date=D(2023, 1, 1), employment="permanent"))
    s.save(m.Doctor(name="Ola Berg", start_date=D(2023, 1, 1), employment="own_list"))
    s.save(m.Arena(name="Fjordvik legesenter", type="gp_office"))
    for doctor_id in (1, 2):
        s.save(m.Placement(doctor_id=doctor_id, arena_id=1, start_date=D(2023, 1, 1),
                           end_date=D(2029, 12, 31), status="planned"))
    for doctor_id, reported in ((1, D(2026, 10, 1)), (2, D(2026, 6, 1))):
        s.save(m.InstitutionRequest(doctor_id=doctor_id, desired_start=D(2027, 3, 1),
                                    desired_end=D(2027, 8, 31), status="reported",
                                    reported_date=reported))
    return s


def audit(store, action):
    return [r for r in store.rows("audit_log") if r["action"] == action]


def test_choosing_the_model_is_audited_and_changes_the_order(store):
    assert not inst.model_chosen(store)
    assert [e.doctor.name for e in inst.queue(store, TODAY)] == ["Kari Dahl", "Ola Berg"]
    inst.set_model(store, VV)
    assert inst.model_chosen(store) and inst.model(store).name == VV
    # Vestre Viken: the earlier report decides.
    entries = inst.queue(store, TODAY)
    assert [e.doctor.name for e in entries] == ["Ola Berg", "Kari Dahl"]
    assert "Vestre Viken-avtalen" in entries[1].reason
    rows = audit(store, inst.MODEL_CHOSEN)
    assert len(rows) == 1 and rows[0]["kind"] == "municipality"
    assert rows[0]["detail"] == f"Prioriteringsmodell: – → {VV}"
    inst.set_model(store, VV)  # the same again: nothing to log
    assert len(audit(store, inst.MODEL_CHOSEN)) == 1
    with pytest.raises(ValidationError):
        inst.set_model(store, "Helse Nord")
    assert inst.model(store).name == VV


def test_a_leader_defined_model_is_stored_in_the_file_and_audited(store, tmp_path):
    own = pm.define("Egen rekkefølge", ["attachment", "report_date"], source="Brev fra HF")
    inst.define_model(store, own)
    assert inst.model(store) == own
    assert store.municipality().institution_models == [own.to_plain()]
    row = audit(store, inst.MODEL_DEFINED)[0]
    assert row["detail"] == "«Egen rekkefølge»: attachment, report_date (valgt)"
    # Kari is permanent, Ola has his own list: attachment decides before the report date.
    assert [e.doctor.name for e in inst.queue(store, TODAY)] == ["Kari Dahl", "Ola Berg"]
    # Redefined under the same name: replaced, not added.
    inst.define_model(store, pm.define("Egen rekkefølge", ["report_date"]))
    assert len(store.municipality().institution_models) == 1
    assert [e.doctor.name for e in inst.queue(store, TODAY)] == ["Ola Berg", "Kari Dahl"]


def test_withdrawn_for_a_locum_leaves_the_list_until_the_coordinator_is_told(store):
    inst.withdraw_request(store, 1, D(2026, 11, 20))
    assert [e.doctor.name for e in inst.queue(store, TODAY)] == ["Ola Berg"]
    assert store.get("institution_requests", 1).status == "withdrawn"
    lines = inst.current_reminders(store, TODAY)
    assert any(line.startswith("Gi beskjed til koordinatoren: Kari Dahl") for line in lines)
    assert audit(store, "trukket: fått vikariat")
    inst.coordinator_notified(store, 1, TODAY)
    assert not any("Gi beskjed" in line for line in inst.current_reminders(store, TODAY))
    assert store.get("institution_requests", 1).withdrawal_reported_date == TODAY


def test_an_old_file_opens_with_no_model_chosen(tmp_path):
    from db.store import Store
    path = tmp_path / "old.alis"
    shutil.copy(FIXTURE, path)
    s = Store.open(path)
    try:
        mun = s.municipality()
        assert (mun.institution_model, mun.institution_models) == ("", [])
        assert pm.chosen_model(mun).name == pm.default_model().name
        for r in s.all("institution_requests"):
            assert r.withdrawn_date is None and r.offer_copied_to_leader is False
    finally:
        s.close()
