"""The attestation's required fields are marked where they are entered, and the doctor's
Sammendrag lists what an attestation would still lack, by the attestation's own check."""

from __future__ import annotations

import dataclasses
from datetime import date

from alis_desktop.attestation import missing_fields
from reports.attestation import assemble_from_store
from ui.doctors.dialog import DoctorDialog
from ui.doctors.summary import SummaryTab
from ui.municipality_dialog import MunicipalityDialog

TODAY = date.today()


def working_doctor(store):
    return next(d for d in store.all("doctors", order_by="id") if d.status(TODAY) == "Aktiv"
                and any(p.status == "completed" and p.start_date <= TODAY
                        for p in store.for_doctor("placements", d.id)))


def label_of(dialog, name):
    return dialog.form.labelForField(dialog.fields[name])


def test_forms_mark_what_the_attestation_requires(qtbot, context):
    dialog = DoctorDialog(context, working_doctor(context.store))
    qtbot.addWidget(dialog)
    for name in ("birth_date", "position_type", "on_call_arrangement", "hpr_number"):
        assert label_of(dialog, name).text().endswith("†"), name
        assert dialog.fields[name].toolTip() == "Kreves for attest"
    assert "†" not in label_of(dialog, "email").text()
    municipality = MunicipalityDialog(context)
    qtbot.addWidget(municipality)
    for name in ("head_of_service_name", "head_of_service_title", "medical_lead_name",
                 "medical_lead_title", "org_number"):
        assert label_of(municipality, name).text().endswith("†"), name


def test_summary_lists_what_the_attestation_lacks(qtbot, context):
    store = context.store
    doctor = working_doctor(store)
    context.save(dataclasses.replace(doctor, birth_date=None, position_type="",
                                     on_call_arrangement=""))
    context.save(dataclasses.replace(store.municipality(), medical_lead_title=""))
    tab = SummaryTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    text = tab.text()
    assert "Attesten mangler" in text
    expected = missing_fields(assemble_from_store(store, doctor.id, as_of=TODAY))
    assert {"fødselsdato", "stillingstype", "vaktordning",
            "tittel for medisinskfaglig ansvarlig lege"} <= set(expected)
    for name in expected:  # the same list the print refusal names
        assert name in text
    assert "Fil > Kommunens opplysninger" in text


def test_summary_follows_the_edit_that_fills_a_field(qtbot, context):
    store = context.store
    doctor = working_doctor(store)
    context.save(dataclasses.replace(doctor, birth_date=None))
    tab = SummaryTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    assert "fødselsdato" in tab.text()
    context.save(dataclasses.replace(store.get("doctors", doctor.id),
                                     birth_date=date(1990, 5, 17)))
    assert "fødselsdato" not in tab.text()


def test_summary_says_why_when_there_is_nothing_to_attest(qtbot, context):
    from alis_desktop import models as m
    doctor = context.save(m.Doctor(name="Nina Ny", start_date=TODAY))
    tab = SummaryTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    assert "ingen avtalt tjeneste" in tab.text()
