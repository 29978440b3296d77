"""Add / edit a doctor, and end a doctor's training. Nothing invalid is ever written: the
domain validates, and the message is shown in the dialog with the field marked."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from alis_desktop import models as m
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
        self.add("alis_agreement_date", "ALIS-avtale inngått", DateEdit(d.alis_agreement_date))
        self.add("grant_end_date", "Tilskuddsperiode slutter", DateEdit(d.grant_end_date))
        self.add("cost_code", "Prosjekt-/kostnadskode", QLineEdit(d.cost_code))
        self.add("on_call_arrangement", "Legevaktordning", QLineEdit(d.on_call_arrangement))
        self.add("group_supervisor", "Gruppeveileder", QLineEdit(d.group_supervisor))
        notes = self.add("notes", "Notater", QPlainTextEdit(d.notes))
        notes.setMaximumHeight(80)
        self.resize(520, self.sizeHint().height())

    def build(self, values: dict) -> m.Doctor:
        return dataclasses.replace(self.original, **values)


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
