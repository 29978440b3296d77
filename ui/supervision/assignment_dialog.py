"""Assigning supervisors: change a doctor's supervisor (the open assignment is closed the day
before the new one starts, in the same transaction) and correct one period of the history."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox, QLabel,
)

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.supervision import competence
from db import supervision as dbs
from ui.supervision.common import doctor_choices, fill_combo, supervisor_choices, today
from ui.forms import FormDialog
from ui.widgets import DateEdit


class _Form(FormDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #555;")
        self.lay_out(after_form=[self.info])


class ChangeSupervisorDialog(_Form):
    """Give a doctor a new supervisor from a date."""

    def __init__(self, context, doctor_id: int | None = None, parent=None):
        super().__init__("Bytt veileder", parent)  # «Tildel veileder» for the first one
        self.context = context
        self.saved: m.SupervisorAssignment | None = None
        store = context.store
        self.doctor = QComboBox()
        fill_combo(self.doctor, doctor_choices(store, today()), blank="Velg lege ...",
                   keep=doctor_id)
        self.supervisor = QComboBox()
        fill_combo(self.supervisor, supervisor_choices(store), blank="Velg veileder ...")
        self.start = DateEdit(today())
        self.fields = {"doctor_id": self.doctor, "supervisor_id": self.supervisor,
                       "start_date": self.start}
        self.form.addRow("Lege *", self.doctor)
        self.form.addRow("Ny veileder *", self.supervisor)
        self.supervisor_label = self.form.labelForField(self.supervisor)
        self.form.addRow("Fra dato *", self.start)
        self.doctor.currentIndexChanged.connect(lambda _: self._describe())
        self.supervisor.currentIndexChanged.connect(lambda _: self._describe())
        self.start.textChanged.connect(lambda _: self._describe())
        self._describe()
        self.resize(480, self.sizeHint().height())

    def _describe(self) -> None:
        store = self.context.store
        lines = []
        doctor_id = self.doctor.currentData()
        if doctor_id is not None:
            history = dbs.assignment_rows(store, doctor_id=doctor_id)
            current = next((r for r in history if r.assignment.end_date is None), None)
            self._name_for(first=not history)
            if not history:
                lines.append("Legen har ikke hatt veileder før: dette er den første.")
            elif current is None:
                lines.append("Legen har ingen veileder nå.")
            else:
                try:
                    start = self.start.date_value()
                except ValueError:
                    start = None
                ends = f"; perioden avsluttes {fmt(start - timedelta(days=1))}" if start else ""
                lines.append(f"Nåværende veileder: {current.supervisor} "
                             f"(fra {fmt(current.assignment.start_date)}){ends}.")
        sid = self.supervisor.currentData()
        if sid is not None:
            s = store.get("supervisors", sid)
            label, level = competence(s, today())
            extra = "" if s.course_completed else " Veilederkurs er ikke registrert."
            lines.append(f"{s.name}: {label}.{extra}" + (" Obs!" if level != "ok" else ""))
        self.info.setText("\n".join(lines))

    def _name_for(self, *, first: bool) -> None:
        """The first assignment is named as what it is: «Tildel veileder», not «Bytt»."""
        self.setWindowTitle("Tildel veileder" if first else "Bytt veileder")
        self.supervisor_label.setText("Veileder *" if first else "Ny veileder *")
        self.ok_button.setText("Tildel" if first else "Lagre")

    def accept(self) -> None:
        try:
            doctor_id = self.doctor.currentData()
            if doctor_id is None:
                raise ValidationError("doctor_id", "Velg lege.")
            if self.supervisor.currentData() is None:
                raise ValidationError("supervisor_id", "Velg veileder.")
            start = self.read_date("start_date")
            self.saved = dbs.change_supervisor(self.context.store, doctor_id,
                                               self.supervisor.currentData(), start)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("supervisor_assignments", doctors={doctor_id})
        super().accept()


class AssignmentDialog(_Form):
    """Correct the dates (or supervisor) of one period in a doctor's history."""

    def __init__(self, context, assignment: m.SupervisorAssignment, parent=None):
        super().__init__("Rediger veilederperiode", parent)
        self.context = context
        self.original = assignment
        self.saved = None
        doctor = context.store.get("doctors", assignment.doctor_id)
        self.supervisor = QComboBox()
        fill_combo(self.supervisor, supervisor_choices(context.store, include_archived=True),
                   keep=assignment.supervisor_id)
        self.start = DateEdit(assignment.start_date)
        self.end = DateEdit(assignment.end_date)
        self.end.setPlaceholderText("åpen (nåværende)")
        self.fields = {"supervisor_id": self.supervisor, "start_date": self.start,
                       "end_date": self.end}
        self.form.addRow("Lege", QLabel(doctor.name))
        self.form.addRow("Veileder *", self.supervisor)
        self.form.addRow("Fra dato *", self.start)
        self.form.addRow("Til dato", self.end)
        self.info.setText("En lege har én veileder om gangen: periodene kan ikke overlappe.")

    def accept(self) -> None:
        try:
            edited = dataclasses.replace(self.original, supervisor_id=self.supervisor.currentData(),
                                         start_date=self.read_date("start_date"),
                                         end_date=self.read_date("end_date"))
            self.saved = dbs.save_assignment(self.context.store, edited)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("supervisor_assignments", doctors={edited.doctor_id})
        super().accept()
