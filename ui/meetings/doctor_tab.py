"""Møter (the doctor page): her meetings and actions; hold a new meeting, mark actions done,
print the preparation sheet or minutes, or present her in meeting mode."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from alis_desktop.meetings import meeting_due
from alis_desktop.vocab import MeetingKind, MeetingOutcome
from ui.table_model import Column, RecordTableModel, record_table, selected_object


class DoctorMeetingsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.due_label = QLabel()
        self.meetings_model = RecordTableModel([
            Column("Dato", lambda mt: mt.date),
            Column("Møtetype", lambda mt: MeetingKind.label_of(mt.kind)),
            Column("Avholdt", lambda mt: mt.held),
            Column("Vurdering", lambda mt: MeetingOutcome.label_of(mt.outcome)),
            Column("Neste møte", lambda mt: mt.next_date),
        ], self)
        self.meetings, self.meetings_proxy = record_table(self.meetings_model, self)
        self.actions_model = RecordTableModel([
            Column("Tiltak", lambda a: a.what),
            Column("Ansvarlig", lambda a: a.who),
            Column("Frist", lambda a: a.due_date,
                   colour=lambda a: "#f8d7da" if not a.done_date and a.due_date and
                   a.due_date < date.today() else None),
            Column("Utført", lambda a: a.done_date),
        ], self)
        self.actions, self.actions_proxy = record_table(self.actions_model, self)
        self.meetings.doubleClicked.connect(lambda _: self.edit_meeting())
        buttons = QHBoxLayout()
        for text, slot in (("Nytt møte ...", self.new_meeting), ("Rediger møte ...", self.edit_meeting),
                           ("Møtemodus", self.present), ("Marker tiltak utført", self.mark_done)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter()
        split.addWidget(self.meetings)
        split.addWidget(self.actions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        context.changed.connect(
            lambda kinds: kinds & {"meetings", "meeting_actions"} and self.refresh())

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None or self.doctor_id is None:
            self.meetings_model.set_rows([])
            self.actions_model.set_rows([])
            return
        doctor = store.get("doctors", self.doctor_id)
        meetings = store.for_doctor("meetings", self.doctor_id, "date")
        self.meetings_model.set_rows(meetings)
        self.meetings.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.actions_model.set_rows(store.for_doctor("meeting_actions", self.doctor_id))
        for t in (self.meetings, self.actions):
            t.resizeColumnsToContents()
        due = meeting_due(doctor, meetings, date.today())
        state = "på overtid" if due.overdue else "innen 30 dager" if due.due_soon else "i rute"
        self.due_label.setText(f"Neste møte senest {due.due.strftime('%d.%m.%Y')} ({state}; "
                               f"{due.reason}).")

    def new_meeting(self) -> None:
        from ui.meetings.dialog import MeetingDialog
        if self.doctor_id is not None and not self.context.read_only:
            MeetingDialog(self.context, self.context.store.get("doctors", self.doctor_id), None,
                          self).exec()

    def edit_meeting(self) -> None:
        from ui.meetings.dialog import MeetingDialog
        meeting = selected_object(self.meetings, self.meetings_model)
        if meeting is not None and not self.context.read_only:
            MeetingDialog(self.context, self.context.store.get("doctors", self.doctor_id),
                          meeting, self).exec()

    def mark_done(self) -> None:
        action = selected_object(self.actions, self.actions_model)
        if action is not None and action.done_date is None and not self.context.read_only:
            self.context.save(dataclasses.replace(action, done_date=date.today()))

    def present(self) -> None:
        from ui.meetings.mode import MeetingMode
        if self.doctor_id is not None:
            self._mode = MeetingMode(self.context, self.doctor_id)
            self._mode.showFullScreen()
