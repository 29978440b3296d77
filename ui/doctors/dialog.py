"""Add / edit a doctor, and end a doctor's training. Nothing invalid is ever written: the
domain validates, and the message is shown in the dialog with the field marked."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout,
)

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import Employment, Regime
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, VocabCombo, norwegian_buttons


class _RecordDialog(QDialog):
    """A form over one record: `fields` maps a record field to its editor widget."""

    def __init__(self, context, title: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, object] = {}
        self.saved = None

    def add(self, field_name: str, label: str, widget):
        self.fields[field_name] = widget
        self.form.addRow(label, widget)
        return widget

    def _mark(self, field_name: str | None) -> None:
        for name, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if name == field_name else "")
        if field_name in self.fields:
            self.fields[field_name].setFocus()

    def read_values(self) -> dict:
        """Field values from the editors; ValidationError for an unreadable date."""
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, DateEdit):
                try:
                    values[name] = widget.date_value()
                except ValueError as exc:
                    raise ValidationError(name, str(exc)) from None
            elif isinstance(widget, VocabCombo):
                values[name] = widget.code()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentText().strip()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
        return values

    def build(self, values: dict):
        raise NotImplementedError

    def accept(self) -> None:
        try:
            record = self.build(self.read_values())
            record.validate()
            self.saved = self.context.save(record)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return
        super().accept()


class DoctorDialog(_RecordDialog):
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
        notes = self.add("notes", "Notater", QPlainTextEdit(d.notes))
        notes.setMaximumHeight(80)
        self.resize(520, self.sizeHint().height())

    def build(self, values: dict) -> m.Doctor:
        return dataclasses.replace(self.original, **values)


END_REASONS = ["Spesialistgodkjent", "Sluttet i kommunen", "Avbrutt utdanning",
               "Overført til annen kommune"]


class EndTrainingDialog(_RecordDialog):
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
