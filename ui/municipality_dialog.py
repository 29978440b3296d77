"""Fil -> Kommunens opplysninger: the registered training institution and the names and
titles printed on attestations, plans and statements."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from alis_desktop import models as m
from alis_desktop import priority_models as pm
from ui.forms import RecordDialog
from ui.widgets import DateEdit


class MunicipalityDialog(RecordDialog):
    def __init__(self, context, parent=None):
        super().__init__(context, "Kommunens opplysninger", parent)
        self.original = context.store.municipality()
        mu = self.original
        self.add("name", "Kommune *", QLineEdit(mu.name))
        self.add("org_number", "Organisasjonsnummer", QLineEdit(mu.org_number))
        self.add("registered_date", "Registrert som utdanningsvirksomhet",
                 DateEdit(mu.registered_date))
        self.add("address", "Adresse", QLineEdit(mu.address))
        self.add("place", "Sted (for underskrift)", QLineEdit(mu.place))
        self.add("contact_email", "E-post", QLineEdit(mu.contact_email))
        self.add("leader_name", "ALIS-leder", QLineEdit(mu.leader_name))
        self.add("leader_title", "Tittel", QLineEdit(mu.leader_title))
        self.add("second_leader_name", "ALIS-leder 2 (valgfri)", QLineEdit(mu.second_leader_name))
        self.add("second_leader_title", "Tittel   ", QLineEdit(mu.second_leader_title))
        self.add("head_of_service_name", "Leder for tjenesten", QLineEdit(mu.head_of_service_name))
        self.add("head_of_service_title", "Tittel ", QLineEdit(mu.head_of_service_title))
        self.add("medical_lead_name", "Medisinsk ansvarlig lege", QLineEdit(mu.medical_lead_name))
        self.add("medical_lead_title", "Tittel  ", QLineEdit(mu.medical_lead_title))
        self.short = QCheckBox("Kommunen mangler spesialister i allmennmedisin")
        self.short.setChecked(mu.short_of_specialists)
        self.form.addRow("", self.short)
        # The health trust's priority model for the institution waiting list (audited with
        # the municipality; also chosen in the Institusjon view).
        self.institution_model = QComboBox()
        if not mu.institution_model:
            self.institution_model.addItem(f"Ikke valgt ({pm.default_model().name} brukes)", "")
        for model in pm.available_models(mu.institution_models):
            self.institution_model.addItem(model.name, model.name)
        self.institution_model.setCurrentIndex(
            max(0, self.institution_model.findData(mu.institution_model)))
        self.form.addRow("Helseforetakets prioriteringsmodell", self.institution_model)
        self.rate = self._money(mu.supervision_rate)
        self.form.addRow("Sats veiledning (kr/t)", self.rate)
        self.prep_rate = self._money(mu.preparation_rate)
        self.form.addRow("Sats forberedelse (kr/t)", self.prep_rate)
        self.keep = QSpinBox()
        self.keep.setRange(1, 1000)
        self.keep.setValue(mu.backup_keep)
        self.form.addRow("Antall sikkerhetskopier", self.keep)
        self.add("logo_path", "Logo (PNG, valgfri)", QLineEdit(mu.logo_path))
        self.mark_for_attestation("municipality")
        self.resize(560, self.sizeHint().height())

    @staticmethod
    def _money(value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, 100000)
        box.setDecimals(2)
        box.setValue(value)
        return box

    def build(self, values: dict) -> m.Municipality:
        return dataclasses.replace(
            self.original, **values, short_of_specialists=self.short.isChecked(),
            supervision_rate=self.rate.value(), preparation_rate=self.prep_rate.value(),
            backup_keep=self.keep.value(),
            institution_model=self.institution_model.currentData() or "")
