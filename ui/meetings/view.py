"""Møter: the schedule (every active doctor's last meeting, when the next is due, overdue
ones first) and every meeting held, with the actions to hold, prepare, print and present."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QMessageBox,
    QSplitter, QVBoxLayout, QWidget,
)

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.meetings import latest_held, meeting_due, overdue_actions
from alis_desktop.vocab import MeetingKind, MeetingOutcome
from db.queries import meeting_dates
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import action_button, shortcut_action

RED, AMBER = "#f8d7da", "#fff3cd"


@dataclass
class ScheduleRow:
    doctor: object
    last: date | None
    due: date
    booked: date | None
    overdue: bool
    due_soon: bool
    reason: str
    open_actions: int
    late_actions: int


@dataclass
class MeetingRow:
    meeting: object
    doctor: object


def schedule_rows(store, today: date) -> list[ScheduleRow]:
    """Meeting dates and actions of every doctor, one query each (not the doctors' whole
    records: on the large file those are a quarter of a gigabyte)."""
    meetings = meeting_dates(store)
    actions: dict[int, list] = {}
    for a in store.all("meeting_actions", order_by="id"):
        actions.setdefault(a.doctor_id, []).append(a)
    rows = []
    for d in store.all("doctors", order_by="id"):
        if d.status(today) != "Aktiv":
            continue
        due = meeting_due(d, meetings.get(d.id, []), today)
        open_actions = [a for a in actions.get(d.id, []) if not a.done_date]
        rows.append(ScheduleRow(d, due.last, due.due, due.booked, due.overdue, due.due_soon,
                                due.reason, len(open_actions),
                                len(overdue_actions(open_actions, today))))
    return rows


class MeetingsView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        title = QLabel("Møter")
        title.setObjectName("viewTitle")
        self.schedule_model = RecordTableModel([
            Column("Lege", lambda r: r.doctor.name),
            Column("Siste møte", lambda r: r.last),
            Column("Neste møte senest", lambda r: r.due,
                   colour=lambda r: RED if r.overdue else AMBER if r.due_soon else None,
                   tooltip=lambda r: r.reason),
            Column("Avtalt/planlagt", lambda r: r.booked),
            Column("Status", lambda r: (0 if r.overdue else 1 if r.due_soon else 2),
                   lambda v: ["På overtid", "Innen 30 dager", "I rute"][v]),
            Column("Åpne tiltak", lambda r: r.open_actions, align_right=True,
                   colour=lambda r: RED if r.late_actions else None),
        ], self)
        self.schedule, self.schedule_proxy = record_table(self.schedule_model, self)
        self.meeting_model = RecordTableModel([
            Column("Dato", lambda r: r.meeting.date),
            Column("Kl.", lambda r: r.meeting.start_time, tooltip=lambda r: r.meeting.place),
            Column("Lege", lambda r: r.doctor.name),
            Column("Møtetype", lambda r: MeetingKind.label_of(r.meeting.kind)),
            Column("Avholdt", lambda r: r.meeting.held),
            Column("Vurdering", lambda r: MeetingOutcome.label_of(r.meeting.outcome)),
            Column("Neste møte", lambda r: r.meeting.next_date),
        ], self)
        self.meetings, self.meetings_proxy = record_table(self.meeting_model, self)
        self.meetings.doubleClicked.connect(lambda _: self.edit_meeting())
        self.schedule.doubleClicked.connect(lambda _: self.new_meeting())

        self.new_action = shortcut_action(self, "Nytt møte ...", "Ctrl+M", self.new_meeting)
        self.edit_action = shortcut_action(self, "Rediger møte ...", None, self.edit_meeting)
        self.agenda_action = shortcut_action(self, "Forberedelse (PDF) ...", None, self.print_agenda)
        self.minutes_action = shortcut_action(self, "Referat (PDF) ...", None, self.print_minutes)
        self.present_action = shortcut_action(self, "Møtemodus", "F11", self.present)
        self.calendar_action = shortcut_action(self, "Til kalender (.ics) ...", None,
                                               self.export_calendar)
        bar = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.agenda_action,
                       self.minutes_action, self.present_action, self.calendar_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        self.summary = QLabel()

        split = QSplitter(Qt.Orientation.Vertical)
        for caption, table in (("Møteplan: leger i aktiv utdanning (dobbeltklikk for nytt møte)",
                                self.schedule), ("Alle møter", self.meetings)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            label = QLabel(caption)
            label.setObjectName("sectionTitle")
            inner.addWidget(label)
            inner.addWidget(table)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        context.changed.connect(
            lambda kinds: kinds & {"meetings", "meeting_actions", "doctors"} and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        today = date.today()
        rows = schedule_rows(store, today)
        self.schedule_model.set_rows(rows)
        self.schedule.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        doctors = {d.id: d for d in store.all("doctors")}
        self.meeting_model.set_rows([MeetingRow(mt, doctors[mt.doctor_id])
                                     for mt in store.all("meetings")])
        self.meetings.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for table in (self.schedule, self.meetings):
            table.resizeColumnsToContents()
        overdue = sum(1 for r in rows if r.overdue)
        soon = sum(1 for r in rows if r.due_soon)
        late = sum(r.late_actions for r in rows)
        self.summary.setText(f"{overdue} {'møte' if overdue == 1 else 'møter'} på overtid, "
                             f"{soon} innen 30 dager, {late} tiltak over fristen.")
        writable = not self.context.read_only
        self.new_action.setEnabled(writable)
        self.edit_action.setEnabled(writable)

    # --- selection ---------------------------------------------------------------------
    def selected_doctor(self):
        """The doctor of the selected schedule row, else of the selected meeting."""
        row = selected_object(self.schedule, self.schedule_model)
        if row is not None:
            return row.doctor
        meeting = self.selected_meeting()
        return self.context.store.get("doctors", meeting.doctor_id) if meeting else None

    def selected_meeting(self):
        row = selected_object(self.meetings, self.meeting_model)
        return row.meeting if row else None

    def select_doctor(self, doctor_id: int) -> None:
        for r in range(self.schedule_proxy.rowCount()):
            source = self.schedule_proxy.mapToSource(self.schedule_proxy.index(r, 0)).row()
            if self.schedule_model.row_object(source).doctor.id == doctor_id:
                self.schedule.selectRow(r)

    # --- actions -----------------------------------------------------------------------
    def new_meeting(self):
        from ui.meetings.dialog import MeetingDialog
        doctor = self.selected_doctor()
        if doctor is None or self.context.read_only:
            QMessageBox.information(self, "Nytt møte", "Velg en lege i møteplanen først.")
            return None
        dialog = MeetingDialog(self.context, doctor, None, self)
        dialog.exec()
        return dialog

    def edit_meeting(self):
        from ui.meetings.dialog import MeetingDialog
        meeting = self.selected_meeting()
        if meeting is None or self.context.read_only:
            return None
        doctor = self.context.store.get("doctors", meeting.doctor_id)
        dialog = MeetingDialog(self.context, doctor, meeting, self)
        dialog.exec()
        return dialog

    def _save_pdf(self, title: str, suggested: str, make) -> Path | None:
        out, _ = QFileDialog.getSaveFileName(self, title, suggested, "PDF (*.pdf)")
        if not out:
            return None
        from alis_desktop.errors import FileProblem
        try:
            write_bytes_atomically(Path(out), make())
        except ValidationError as exc:
            QMessageBox.warning(self, title, exc.message)
            return None
        except FileProblem as exc:  # e.g. the old PDF still open in the reader (Windows)
            QMessageBox.warning(self, title, str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(out))
        return Path(out)

    def print_agenda(self) -> None:
        from reports.agenda import build_agenda
        doctor = self.selected_doctor()
        if doctor is not None:
            self._save_pdf("Forberedelse", f"Forberedelse {doctor.name}.pdf",
                           lambda: build_agenda(self.context.store, doctor.id, date.today()))

    def meeting_for_minutes(self):
        """The selected meeting, else the selected doctor's latest held one: (meeting or
        None, what to tell the leader when there is none)."""
        meeting = self.selected_meeting()
        if meeting is not None:
            return meeting, ""
        doctor = self.selected_doctor()
        if doctor is None:
            return None, "Velg en lege eller et avholdt møte i listene."
        found = latest_held(self.context.store.for_doctor("meetings", doctor.id), date.today())
        return found, "" if found else f"{doctor.name} har ikke hatt noe møte ennå."

    def print_minutes(self) -> None:
        from reports.minutes import minutes_for
        meeting, why = self.meeting_for_minutes()
        if meeting is None:
            QMessageBox.information(self, "Referat", why)
            return
        doctor = self.context.store.get("doctors", meeting.doctor_id)
        self._save_pdf("Referat", f"Referat {doctor.name} {fmt(meeting.date)}.pdf",
                       lambda: minutes_for(self.context.store, doctor.id, meeting.id))

    def export_calendar(self):
        """The selected meeting or the planned ones in a period, as .ics for Outlook & co."""
        from ui.meetings.calendar_dialog import CalendarExportDialog
        dialog = CalendarExportDialog(self.context, self.selected_meeting(), self)
        if dialog.exec() and dialog.written:
            self.summary.setText(f"Skrev {dialog.count} "
                                 f"{'møte' if dialog.count == 1 else 'møter'} til "
                                 f"{dialog.written}. Åpne filen i Outlook eller kalenderen "
                                 "din for å legge dem inn.")
        return dialog

    def present(self):
        from ui.meetings.mode import MeetingMode
        doctor = self.selected_doctor()
        if doctor is None:
            QMessageBox.information(self, "Møtemodus", "Velg en lege først.")
            return None
        mode = MeetingMode(self.context, doctor.id)
        mode.showFullScreen()
        self._mode = mode  # keep it alive while shown
        return mode
