"""Møter -> Til kalender: the selected meeting, or every planned meeting in a period, as an
.ics file for Outlook, Google Calendar or Apple Calendar (reports/meeting_calendar.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel

from alis_desktop.dates import add_months, fmt
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.vocab import MeetingKind
from reports.meeting_calendar import build_ics, planned_meetings
from ui.forms import FormDialog
from ui.widgets import DateEdit


class CalendarExportDialog(FormDialog):
    """Which meetings; the file is chosen through `choose_path` (tests replace it)."""

    def __init__(self, context, selected=None, parent=None, *, today: date | None = None):
        super().__init__("Møter til kalender", parent, buttons=QDialogButtonBox.StandardButton.Save)
        self.context = context
        self.selected = selected
        self.written: Path | None = None
        self.count = 0
        today = today or date.today()
        intro = QLabel("Lager en kalenderfil (.ics) som Outlook, Google Kalender og Apple "
                       "Kalender kan importere. Importerer du en ny fil senere, oppdateres "
                       "møtene i stedet for å legges inn to ganger.")
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.only_selected = QCheckBox()
        if selected is not None:
            doctor = context.store.get("doctors", selected.doctor_id)
            self.only_selected.setText(f"Bare valgt møte: {MeetingKind.label_of(selected.kind)} "
                                       f"med {doctor.name} {fmt(selected.date)}")
            self.only_selected.setChecked(True)
            self.form.addRow(self.only_selected)
        self.start = self.add("start", "Planlagte møter fra", DateEdit(today))
        self.end = self.add("end", "til og med", DateEdit(add_months(today, 6) - timedelta(days=1)))
        self.only_selected.toggled.connect(self._follow)
        self._follow()
        self.choose_path = self._ask_path
        self.lay_out("Lagre kalenderfil ...")

    def _follow(self) -> None:
        period = not (self.selected is not None and self.only_selected.isChecked())
        self.start.setEnabled(period)
        self.end.setEnabled(period)

    def meetings(self) -> list:
        if self.selected is not None and self.only_selected.isChecked():
            return [self.selected]
        try:
            start, end = self.start.date_value(), self.end.date_value()
        except ValueError as exc:
            raise ValidationError("start", str(exc)) from None
        if start and end and end < start:
            raise ValidationError("end", "Til-datoen må være etter fra-datoen.")
        found = planned_meetings(self.context.store, start, end)
        if not found:
            raise ValidationError("start", "Ingen planlagte møter i perioden. Legg inn neste "
                                           "møte (ikke avholdt) med dato og klokkeslett først.")
        return found

    def _ask_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog
        out, _ = QFileDialog.getSaveFileName(self, "Lagre kalenderfil", suggested,
                                             "Kalender (*.ics)")
        return out

    def accept(self) -> None:
        try:
            meetings = self.meetings()
        except ValidationError as exc:
            self.show_problem(exc)
            return
        out = self.choose_path(str(Path.home() / "ALIS-møter.ics"))
        if not out:
            return
        path = Path(out if out.lower().endswith(".ics") else out + ".ics")
        try:
            write_bytes_atomically(path, build_ics(self.context.store, meetings))
        except FileProblem as exc:
            self.error.show_error(str(exc))
            return
        self.written, self.count = path, len(meetings)
        super().accept()
