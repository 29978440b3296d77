"""Oversikt: the leader's first screen. Key figures as cards, the early warnings (each
naming the doctor and why), and every active doctor with progress and meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout, QLabel, QSplitter, QVBoxLayout,
    QWidget,
)

from alis_desktop.dates import add_months
from alis_desktop.meetings import meeting_due
from db import queries
from db.institution import current_reminders
from ui.figures import EveryonesFigures
from ui.table_model import Column, RecordTableModel, number, record_table

RED, AMBER = "#f8d7da", "#fff3cd"
WARNING_LABELS = {
    "meeting_overdue": "Møte på overtid", "meeting_due": "Møte snart",
    "action_overdue": "Tiltak forfalt", "supervision_low": "Lite veiledning",
    "institution_not_booked": "Institusjonstjeneste", "on_call_behind": "Legevakt",
    "completion_after_grant": "Avtale/tilskudd", "exemption_expiring": "Veileders dispensasjon",
    "service_unconfirmed": "Tjeneste å bekrefte",
}
URGENT = {"meeting_overdue", "action_overdue", "exemption_expiring", "service_unconfirmed"}


@dataclass
class WarningRow:
    doctor_id: int
    doctor: str
    kind: str
    text: str


@dataclass
class DoctorLine:
    doctor_id: int
    name: str
    supervisor: str
    counted_years: float | None  # None until the background figures have arrived
    projected: date | None
    hours_3m: float
    last_meeting: date | None
    next_meeting: date | None
    overdue: bool


class OverviewView(QWidget):
    open_doctor = Signal(int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        title = QLabel("Oversikt")
        title.setObjectName("viewTitle")
        from ui.widgets import Card
        self.cards = {key: Card(caption) for key, caption in [
            ("active", "leger i aktiv utdanning"),
            ("meetings_due", "møter på overtid eller innen 30 dager"),
            ("warnings", "varsler som trenger oppmerksomhet"),
            ("hours_year", "veiledningstimer hittil i år"),
        ]}
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)

        self.warning_model = RecordTableModel([
            Column("Lege", lambda w: w.doctor),
            Column("Varsel", lambda w: (w.kind not in URGENT, WARNING_LABELS.get(w.kind, w.kind)),
                   lambda v: v[1], colour=lambda w: RED if w.kind in URGENT else AMBER),
            Column("Hvorfor", lambda w: w.text, tooltip=lambda w: w.text),
        ], self)
        self.warnings_table, _ = record_table(self.warning_model, self, alternating=False)
        self.warnings_table.doubleClicked.connect(
            lambda i: self._open(self.warning_model, self.warnings_table, i))

        self.doctor_model = RecordTableModel([
            Column("Lege", lambda r: r.name),
            Column("Veileder", lambda r: r.supervisor),
            Column("Tellende år", lambda r: r.counted_years, lambda v: number(v, 2),
                   align_right=True),
            Column("Beregnet ferdig", lambda r: r.projected),
            Column("Veiledning siste 3 mnd", lambda r: r.hours_3m, lambda v: number(v, 1, "t"),
                   align_right=True),
            Column("Siste møte", lambda r: r.last_meeting),
            Column("Neste møte", lambda r: r.next_meeting,
                   colour=lambda r: RED if r.overdue else None),
        ], self)
        self.doctors_table, _ = record_table(self.doctor_model, self)
        self.doctors_table.doubleClicked.connect(
            lambda i: self._open(self.doctor_model, self.doctors_table, i))

        self.reminders = QLabel()
        self.reminders.setWordWrap(True)
        self.reminders.setStyleSheet("background: #e8f0fb; border: 1px solid #b8cbe6; "
                                     "border-radius: 4px; padding: 6px;")
        lower = QSplitter(Qt.Orientation.Vertical)
        for label_text, table in (("Varsler (dobbeltklikk for å åpne legen)", self.warnings_table),
                                  ("Leger i aktiv utdanning", self.doctors_table)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(label_text)
            label.setObjectName("sectionTitle")
            box_layout.addWidget(label)
            box_layout.addWidget(table)
            lower.addWidget(box)

        # Kom i gang: the setup steps while a new file is being filled (ui/help/).
        from ui.help.getting_started import GettingStartedPanel
        self.getting_started = GettingStartedPanel(context)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.getting_started)
        layout.addLayout(grid)
        layout.addWidget(self.reminders)
        layout.addWidget(lower, 1)
        # Progress and warnings come from the rules engine over every doctor, computed in
        # the background (ui/figures.py); the rest of the page is painted at once.
        self.figures = EveryonesFigures.of(context)
        self.figures.watch(self)
        self.figures.ready.connect(self._figures_ready)
        self._dirty = False
        self._sized_for = None
        context.changed.connect(lambda kinds: kinds - {"audit_log"} and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        self.figures.request_soon()

    def _figures_ready(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # refreshed when shown

    def wait_for_progress(self, timeout_ms: int = 120000) -> bool:
        """Block (processing events) until figures and warnings match the file."""
        return self.figures.wait(timeout_ms)

    def refresh(self) -> None:
        """Names, supervisors, hours and meetings from plain queries at once; progress and
        warnings from the shared background figures (the last ones until newer arrive)."""
        store = self.context.store
        if store is None:
            return
        self._dirty = False
        today = date.today()
        active = [d for d in store.all("doctors", order_by="name") if d.status(today) == "Aktiv"]
        meetings = queries.meeting_schedule(store, today)
        due = {d.id: meeting_due(d, meetings.get(d.id, []), today) for d in active}
        arrived = self.figures.figures()  # None until the first figures (a new file: {})
        figures = arrived or {}
        names = {d.id: d.name for d in active}
        supervisors = queries.current_supervisor_names(store, today)
        hours = queries.supervision_hours(store, add_months(today, -3), today)
        warnings = [w for did in names for w in getattr(figures.get(did), "warnings", [])]
        self.warning_model.set_rows(
            [WarningRow(w.doctor_id, names[w.doctor_id], w.kind, w.text) for w in warnings])
        lines = []
        for d in active:
            progress = getattr(figures.get(d.id), "progress", None)
            lines.append(DoctorLine(
                d.id, d.name, supervisors.get(d.id, ""),
                progress.counted_months / 12 if progress else None,
                progress.projected_completion if progress else None,
                hours.get(d.id, 0.0), due[d.id].last, due[d.id].due, due[d.id].overdue))
        self.doctor_model.set_rows(lines)
        self.warnings_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # urgent first
        self.doctors_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Column widths once per file without the figures and once with them, not on
        # every refresh (sizing asks the model for a hundred rows of every column).
        sized_for = (id(store), bool(figures))
        if sized_for != self._sized_for:
            self._sized_for = sized_for
            for table in (self.warnings_table, self.doctors_table):
                table.resizeColumnsToContents()
                table.setColumnWidth(0, max(table.columnWidth(0), 150))
        self.cards["active"].set_value(str(len(lines)))
        self.cards["meetings_due"].set_value(
            str(sum(1 for x in due.values() if x.overdue or x.due_soon)))
        self.cards["warnings"].set_value(str(len(warnings)) if arrived is not None else "…")
        notes = current_reminders(store, today)
        self.reminders.setText("<b>Institusjonstjeneste:</b> " + " ".join(notes))
        self.reminders.setVisible(bool(notes))
        year_hours = sum(queries.supervision_hours(store, date(today.year, 1, 1), today).values())
        self.cards["hours_year"].set_value(number(year_hours, 0))
        self.figures.request_soon()

    def _open(self, model, table, index) -> None:
        row = model.row_object(table.model().mapToSource(index).row())
        self.open_doctor.emit(row.doctor_id)
