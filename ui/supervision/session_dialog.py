"""Registrer veiledning: the keyboard-first entry form for one session (Ctrl+L).

Date defaults to today, choosing the doctor fills in the supervisor assigned on that date,
hours go in quarter-hour steps. Enter saves and closes, Ctrl+Enter saves and clears the form
for the next session. A session the domain refuses is never written; one that only warrants a
warning (supervisor not assigned that day) is written when Save is pressed again."""

from __future__ import annotations

import dataclasses
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
    QLineEdit, QPushButton, QVBoxLayout,
)

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import GoalRefError, parse_goal_refs
from alis_desktop.supervision import check_session, competence, supervisor_on
from ui.supervision.common import (
    doctor_choices, fill_combo, hours, supervisor_choices, today, warning_and_status,
)
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, norwegian_buttons


class SessionDialog(QDialog):
    def __init__(self, context, session: m.SupervisionSession | None = None, parent=None, *,
                 doctor_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.original = session
        self.saved: list[m.SupervisionSession] = []
        self._confirmed: tuple | None = None   # the session content the user accepted warnings for
        self._supervisor_touched = False
        store = context.store
        self.setWindowTitle("Rediger veiledning" if session else "Registrer veiledning")
        self.setModal(True)

        self.date = DateEdit(session.date if session else today())
        self.doctor = QComboBox()
        fill_combo(self.doctor, doctor_choices(store, today()), blank="Velg lege ...")
        self.supervisor = QComboBox()
        fill_combo(self.supervisor, supervisor_choices(store, include_archived=True),
                   blank="Velg veileder ...")
        self.supervisor_info = QLabel()
        self.supervisor_info.setStyleSheet("color: #555;")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.25, 8.0)
        self.hours.setSingleStep(0.25)
        self.hours.setDecimals(2)
        self.hours.setSuffix(" t")
        self.hours.setValue(session.hours if session else 1.0)
        self.topics = QLineEdit(session.topics if session else "")
        self.topics.setPlaceholderText("f.eks. pasientkasus, legevakt, utdanningsplan")
        self.goals = QLineEdit(", ".join(session.goals) if session else "")
        self.goals.setPlaceholderText("f.eks. ALM 012, 045-047")
        self.note = QLineEdit(session.note if session else "")
        self.planned = QCheckBox("Planlagt (avtalt, ikke holdt ennå)")
        self.planned.setChecked(bool(session and session.planned))
        self.fields = {"date": self.date, "doctor_id": self.doctor,
                       "supervisor_id": self.supervisor, "hours": self.hours,
                       "topics": self.topics, "goals": self.goals, "note": self.note,
                       "planned": self.planned}

        form = QFormLayout()
        form.addRow("Dato *", self.date)
        form.addRow("Lege *", self.doctor)
        form.addRow("Veileder *", self.supervisor)
        form.addRow("", self.supervisor_info)
        form.addRow("Timer *", self.hours)
        form.addRow("Tema", self.topics)
        form.addRow("Læringsmål", self.goals)
        form.addRow("Merknad", self.note)
        form.addRow("", self.planned)

        self.warning, self.status = warning_and_status()
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_next = QPushButton("Lagre og ny")
        self.save_next.setToolTip("Lagre og registrer neste (Ctrl+Enter)")
        self.save_next.setVisible(session is None)
        self.buttons.addButton(self.save_next, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_next.clicked.connect(self.save_and_next)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save_and_next)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.doctor.currentIndexChanged.connect(lambda _: self._fill_supervisor())
        self.date.editingFinished.connect(self._fill_supervisor)
        self.supervisor.activated.connect(self._supervisor_chosen)
        self.supervisor.currentIndexChanged.connect(lambda _: self._describe_supervisor())
        for widget in (self.date, self.topics, self.goals, self.note):
            widget.textChanged.connect(self._forget_confirmation)
        self.hours.valueChanged.connect(self._forget_confirmation)
        self.planned.toggled.connect(self._forget_confirmation)

        if session is not None:
            self._select(self.doctor, session.doctor_id)
            self._select(self.supervisor, session.supervisor_id)
            self._supervisor_touched = True
        elif doctor_id is not None:
            self._select(self.doctor, doctor_id)
        self._describe_supervisor()
        self.resize(520, self.sizeHint().height())
        (self.hours if doctor_id is not None or session else self.doctor).setFocus()

    # --- filling in ------------------------------------------------------------------------
    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _supervisor_chosen(self, _index: int) -> None:
        self._supervisor_touched = True
        self._forget_confirmation()

    def _fill_supervisor(self) -> None:
        """The supervisor assigned to the chosen doctor on the chosen date."""
        self._forget_confirmation()
        doctor_id = self.doctor.currentData()
        if doctor_id is None or self._supervisor_touched:
            return
        try:
            on = self.date.date_value() or today()
        except ValueError:
            return
        assigned = supervisor_on(self.context.store.for_doctor("supervisor_assignments",
                                                               doctor_id), doctor_id, on)
        self._select(self.supervisor, assigned)
        if assigned is None:
            self.supervisor.setCurrentIndex(0)
        self._describe_supervisor()

    def _describe_supervisor(self) -> None:
        sid = self.supervisor.currentData()
        if sid is None:
            self.supervisor_info.setText("")
            return
        s = self.context.store.get("supervisors", sid)
        label, _level = competence(s, today())
        self.supervisor_info.setText(label + ("" if s.course_completed else
                                              " · veilederkurs ikke registrert"))

    def _forget_confirmation(self, *_):
        self._confirmed = None
        self.warning.hide()
        self.save_button.setText("Lagre")

    # --- saving ------------------------------------------------------------------------------
    def build(self) -> m.SupervisionSession:
        try:
            on = self.date.date_value()
        except ValueError as exc:
            raise ValidationError("date", str(exc)) from None
        try:
            goals = sorted(parse_goal_refs(self.goals.text())) if self.goals.text().strip() else []
        except GoalRefError as exc:
            raise ValidationError("goals", exc.message) from None
        base = self.original or m.SupervisionSession()
        return dataclasses.replace(
            base, date=on, doctor_id=self.doctor.currentData(),
            supervisor_id=self.supervisor.currentData(), hours=round(self.hours.value(), 2),
            topics=self.topics.text().strip(), goals=goals, note=self.note.text().strip(),
            planned=self.planned.isChecked())

    def _mark(self, field_name: str | None) -> None:
        for name, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if name == field_name else "")
        if field_name in self.fields:
            self.fields[field_name].setFocus()

    def try_save(self) -> bool:
        """Validate, show warnings once, and write; True when the session was saved."""
        store = self.context.store
        try:
            session = self.build()
            doctor = store.get("doctors", session.doctor_id) if session.doctor_id else None
            warnings = check_session(
                session, today=today(), doctor=doctor,
                assignments=store.for_doctor("supervisor_assignments", session.doctor_id)
                if session.doctor_id else [])
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return False
        self.error.show_error("")
        self._mark(None)
        content = dataclasses.astuple(session)
        if warnings and self._confirmed != content:
            self._confirmed = content
            self.warning.setText("Obs: " + " ".join(warnings) +
                                 " Trykk «Lagre likevel» for å lagre.")
            self.warning.show()
            self.save_button.setText("Lagre likevel")
            return False
        try:
            saved = self.context.save(session)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return False
        self.saved.append(saved)
        self.status.setText(f"Lagret {hours(saved.hours)} for {self.doctor.currentText()} "
                            f"{fmt(saved.date)}.")
        self._forget_confirmation()
        return True

    def accept(self) -> None:
        if self.try_save():
            super().accept()

    def save_and_next(self) -> None:
        """Save and clear the form for the next doctor, keeping the date."""
        if self.original is not None:
            self.accept()
            return
        if not self.try_save():
            return
        self._supervisor_touched = False
        self.doctor.setCurrentIndex(0)
        self.supervisor.setCurrentIndex(0)
        for widget in (self.topics, self.goals, self.note):
            widget.clear()
        self.planned.setChecked(False)
        self._forget_confirmation()
        self.doctor.setFocus()

