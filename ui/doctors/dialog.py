"""Add / edit a doctor, and end a doctor's training. Nothing invalid is ever written: the
domain validates, and the message is shown in the dialog with the field marked."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit

from alis_desktop import models as m
from alis_desktop.catalog import FKM_OLD
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import Employment, Regime
from ui.forms import RecordDialog
from ui.widgets import DateEdit, VocabCombo


# Kept under its first name for code written against it.
_RecordDialog = RecordDialog


class DoctorDialog(RecordDialog):
    """Add a new doctor (doctor=None) or edit one."""

    def __init__(self, context, doctor: m.Doctor | None = None, parent=None):
        super().__init__(context, "Rediger lege" if doctor else "Ny lege", parent)
        self.original = doctor or m.Doctor(start_date=date.today())
        d = self.original
        self.add("name", "Navn *", QLineEdit(d.name))
        self.add("birth_date", "Fødselsdato", DateEdit(d.birth_date))
        hpr = self.add("hpr_number", "HPR-nummer", QLineEdit(d.hpr_number))
        hpr.setPlaceholderText("bare siffer")
        self.add("email", "E-post", QLineEdit(d.email))
        self.add("phone", "Telefon", QLineEdit(d.phone))
        self.add("employment", "Ansettelsesform *", VocabCombo(Employment, d.employment))
        self.add("position_type", "Stillingstype", QLineEdit(d.position_type))
        self.add("regime", "Ordning *", VocabCombo(Regime, d.regime))
        self.add("start_date", "Startdato i utdanningen *", DateEdit(d.start_date))
        # A doctor who started on the earlier common goals keeps them (issue 17).
        catalog_combo = QComboBox()
        catalog_combo.addItem("Fra 1. mars 2026 (FKM 1-14)", m.FKM_CURRENT)
        catalog_combo.addItem("Tidligere felles kompetansemål (LM 1-75)", FKM_OLD)
        if d.catalog_version not in (m.FKM_CURRENT, FKM_OLD):
            catalog_combo.addItem(d.catalog_version, d.catalog_version)
        catalog_combo.setCurrentIndex(max(catalog_combo.findData(d.catalog_version), 0))
        self.add("catalog_version", "Felles kompetansemål", catalog_combo)
        self.add("alis_agreement_date", "ALIS-avtale inngått", DateEdit(d.alis_agreement_date))
        self.add("grant_end_date", "Tilskuddsperiode slutter", DateEdit(d.grant_end_date))
        self.add("cost_code", "Prosjekt-/kostnadskode", QLineEdit(d.cost_code))
        self.add("on_call_arrangement", "Legevaktordning", QLineEdit(d.on_call_arrangement))
        self.add("group_supervisor", "Gruppeveileder", QLineEdit(d.group_supervisor))
        notes = self.add("notes", "Notater", QPlainTextEdit(d.notes))
        notes.setMaximumHeight(80)
        self.supervisor = None
        if doctor is None:
            # The first supervisor is given with the doctor (from the start date), not
            # through «Bytt veileder»; later changes go through Veiledning.
            self.supervisor = QComboBox()
            self.supervisor.addItem("Ingen ennå", None)
            for s in context.store.all("supervisors", order_by="name"):
                if not s.archived:
                    self.supervisor.addItem(s.name, s.id)
            self.supervisor.setToolTip("Veileder fra startdatoen i utdanningen.")
            self.form.insertRow(self.form.rowCount() - 1, "Veileder", self.supervisor)
            self.fields["supervisor_id"] = self.supervisor
        self.mark_for_attestation("doctors")
        self.resize(520, self.sizeHint().height())

    def build(self, values: dict) -> m.Doctor:
        values.pop("supervisor_id", None)
        values["catalog_version"] = self.fields["catalog_version"].currentData()
        return dataclasses.replace(self.original, **values)

    def accept(self) -> None:
        """A new doctor with a supervisor: both written in one transaction (one undo step)."""
        supervisor_id = self.supervisor.currentData() if self.supervisor is not None else None
        if supervisor_id is None:
            super().accept()
            return
        try:
            record = self.build(self.read_values())
            record.validate()
            if record.start_date is None:
                raise ValidationError("start_date", "Startdato må fylles ut for å gi legen "
                                                    "en veileder.")
            with self.context.step("ny lege med veileder"):
                self.saved = self.context.save(record)
                self.context.save(m.SupervisorAssignment(
                    doctor_id=self.saved.id, supervisor_id=supervisor_id,
                    start_date=record.start_date))
        except ValidationError as exc:
            self.saved = None
            self.show_problem(exc)
            return
        QDialog.accept(self)


END_REASONS = ["Spesialistgodkjent", "Sluttet i kommunen", "Avbrutt utdanning",
               "Overført til annen kommune"]


class EndTrainingDialog(RecordDialog):
    """Record that a doctor's training has ended (date and reason)."""

    def __init__(self, context, doctor: m.Doctor, parent=None):
        super().__init__(context, f"Avslutt utdanning – {doctor.name}", parent)
        self.original = doctor
        self.add("end_date", "Sluttdato *", DateEdit(doctor.end_date or date.today()))
        reason = QComboBox()
        reason.setEditable(True)
        reason.addItems(END_REASONS)
        if doctor.end_reason:
            reason.setCurrentText(doctor.end_reason)
        self.add("end_reason", "Årsak *", reason)

    def build(self, values: dict) -> m.Doctor:
        if values.get("end_date") is None:
            raise ValidationError("end_date", "Sluttdato må fylles ut.")
        return dataclasses.replace(self.original, **values)
