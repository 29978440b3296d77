"""Veiledere: the supervisors register (qualification, course, employee or self-employed,
doctors now, hours the last 12 months), the add/edit dialog with the assignment history."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.dates import add_months
from alis_desktop.supervision import competence
from alis_desktop.vocab import SupervisorEmployment
from db import queries
from db import supervision as dbs
from ui.forms import RecordDialog
from ui.supervision.assignment_dialog import AssignmentDialog
from ui.supervision.common import (
    LEVEL_COLOURS, assignment_history, hours, sorted_table, today,
)
from ui.table_model import Column, RecordTableModel, selected_object
from ui.widgets import DateEdit, VocabCombo, action_button, shortcut_action


@dataclass
class SupervisorRow:
    supervisor: m.Supervisor
    competence: str
    level: str
    doctors: list[str]
    hours_12: float


def supervisor_rows(store, on) -> list[SupervisorRow]:
    load = queries.supervisor_load(store, add_months(on, -12), on)
    doctors = dbs.supervisor_doctor_counts(store, on)
    rows = []
    for s in store.all("supervisors", order_by="name"):
        label, level = competence(s, on)
        rows.append(SupervisorRow(s, label, level, doctors.get(s.id, []),
                                  load.get(s.id, (0, 0.0))[1]))
    return rows


def columns() -> list[Column]:
    return [
        Column("Veileder", lambda r: r.supervisor.name),
        Column("Kompetanse", lambda r: r.competence, colour=lambda r: LEVEL_COLOURS[r.level]),
        Column("Veilederkurs", lambda r: r.supervisor.course_completed,
               colour=lambda r: None if r.supervisor.course_completed else "#fff3cd"),
        Column("Tilknytning", lambda r: SupervisorEmployment.label_of(r.supervisor.employment)),
        Column("Leger nå", lambda r: ", ".join(r.doctors)),
        Column("Timer siste 12 mnd", lambda r: r.hours_12, hours, align_right=True),
        Column("E-post", lambda r: r.supervisor.email),
        Column("Telefon", lambda r: r.supervisor.phone),
        Column("Arbeidssted", lambda r: r.supervisor.workplace),
        Column("Arkivert", lambda r: r.supervisor.archived),
    ]


class SupervisorsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = sorted_table(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i veiledere ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.show_archived = QCheckBox("Vis arkiverte")
        self.show_archived.toggled.connect(self._apply_filter)
        self.add_action = shortcut_action(self, "Ny veileder", "Ctrl+Shift+N", self.add)
        self.edit_action = shortcut_action(self, "Rediger veileder", None, self.edit)
        self.table.doubleClicked.connect(lambda _: self.edit())
        bar = QHBoxLayout()
        for action in (self.add_action, self.edit_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.search, 1)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        context.changed.connect(lambda kinds: kinds & {"supervisors", "supervisor_assignments",
                                                       "supervision_sessions", "doctors"}
                                and self.refresh())
        context.file_changed.connect(self.refresh)
        self._apply_filter()
        self.refresh()

    def _apply_filter(self) -> None:
        shown = self.show_archived.isChecked()
        self.proxy.set_predicate(None if shown else (lambda r: not r.supervisor.archived))

    def refresh(self) -> None:
        store = self.context.store
        rows = supervisor_rows(store, today()) if store else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        flagged = sum(1 for r in rows if r.level != "ok" and not r.supervisor.archived)
        self.summary.setText(f"{sum(not r.supervisor.archived for r in rows)} veiledere"
                             + (f"; {flagged} med dispensasjon som utløper eller er utløpt."
                                if flagged else "."))
        writable = not self.context.read_only
        self.add_action.setEnabled(writable)
        self.edit_action.setEnabled(writable)

    def add(self) -> None:
        if not self.context.read_only:
            SupervisorDialog(self.context, None, self).exec()

    def edit(self) -> None:
        row = selected_object(self.table, self.model)
        if row is not None and not self.context.read_only:
            SupervisorDialog(self.context, row.supervisor, self).exec()


class SupervisorDialog(RecordDialog):
    """Add or edit a supervisor; shows the doctors he or she has supervised, and when."""

    def __init__(self, context, supervisor: m.Supervisor | None = None, parent=None):
        super().__init__(context, "Rediger veileder" if supervisor else "Ny veileder", parent)
        self.original = supervisor or m.Supervisor()
        s = self.original
        self.add("name", "Navn *", QLineEdit(s.name))
        self.add("email", "E-post", QLineEdit(s.email))
        self.add("phone", "Telefon", QLineEdit(s.phone))
        self.add("workplace", "Arbeidssted", QLineEdit(s.workplace))
        self.specialist = self.add("specialist", "",
                                   QCheckBox("Spesialist i allmennmedisin"))
        self.specialist.setChecked(s.specialist)
        exemption = self.add("exemption_until", "Dispensasjon til", DateEdit(s.exemption_until))
        exemption.setToolTip("Tidsbegrenset dispensasjon fra Helsedirektoratet (§ 25)")
        self.course = self.add("course_completed", "", QCheckBox("Veilederkurs gjennomført"))
        self.course.setChecked(s.course_completed)
        self.add("employment", "Tilknytning *", VocabCombo(SupervisorEmployment, s.employment))
        self.archived = self.add("archived", "", QCheckBox("Arkivert (veileder ikke lenger)"))
        self.archived.setChecked(s.archived)
        notes = self.add("notes", "Notater", QLineEdit(s.notes))
        notes.setMinimumWidth(320)
        self.specialist.toggled.connect(lambda on: exemption.setEnabled(not on))
        exemption.setEnabled(not s.specialist)
        if s.id is not None:
            self._add_history(s.id)
        self.resize(620, self.sizeHint().height())

    def _add_history(self, supervisor_id: int) -> None:
        self.history_model, self.history = assignment_history(self, "Lege",
                                                              lambda r: r.doctor)
        self.history.setMinimumHeight(120)
        self.history.doubleClicked.connect(lambda _: self.edit_period())
        button = QPushButton("Rediger periode ...")
        button.clicked.connect(self.edit_period)
        button.setEnabled(not self.context.read_only)
        self.form.addRow(QLabel("Veilederperioder (dobbeltklikk for å rette):"))
        self.form.addRow(self.history)
        self.form.addRow("", button)
        self._load_history()

    def _load_history(self) -> None:
        self.history_model.set_rows(dbs.assignment_rows(self.context.store,
                                                        supervisor_id=self.original.id))
        self.history.resizeColumnsToContents()

    def edit_period(self) -> None:
        rows = self.history.selectionModel().selectedRows()
        if not rows:
            return
        row = selected_object(self.history, self.history_model)
        if AssignmentDialog(self.context, row.assignment, self).exec():
            self._load_history()

    def read_values(self) -> dict:
        values = super().read_values()
        for name in ("specialist", "course_completed", "archived"):
            values[name] = self.fields[name].isChecked()
        if values["specialist"]:
            values["exemption_until"] = None
        return values

    def build(self, values: dict) -> m.Supervisor:
        return dataclasses.replace(self.original, **values)
