"""The doctor page's Veiledning tab: the figures against target (this month, training year,
total), the flags, the monthly bar chart with the target line and the cumulative curve, and
the supervisor history with «Bytt veileder» and «Registrer veiledning»."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from alis_desktop.dates import fmt
from alis_desktop.supervision import DoctorSupervision, competence, load_rules
from db import supervision as dbs
from ui.supervision.assignment_dialog import AssignmentDialog, ChangeSupervisorDialog
from ui.supervision.common import ChartCanvas, assignment_history, hours, today
from ui.supervision.common import target as target_text
from ui.supervision.session_dialog import SessionDialog
from ui.table_model import selected_object

KINDS = frozenset({"supervision_sessions", "supervisor_assignments", "supervisors", "doctors",
                   "placements", "leaves"})


def figures_html(s: DoctorSupervision, supervisor: str, supervisor_note: str) -> str:
    def cell(caption: str, held: float, target: float) -> str:
        colour = "#b71c1c" if target - held > load_rules().tolerance_hours else "#1f3a5f"
        return (f"<td style='padding-right:28px'><span style='font-size:15pt;font-weight:600;"
                f"color:{colour}'>{hours(held)}</span> <span style='color:#555'>av "
                f"{target_text(target)}</span><br><span style='color:#555'>{caption}</span></td>")
    year = f"Utdanningsår {s.year_number} ({fmt(s.year_start)}–{fmt(s.year_end)}), mål hittil" \
        if s.year_number else "Utdanningsår"
    html = ["<table><tr>", cell("Denne måneden, mål for hele måneden", s.month_held,
                                s.month_target),
            cell(escape(year), s.year_held, s.year_target),
            cell("Totalt siden start, mål hittil", s.total_held, s.total_target), "</tr></table>"]
    facts = [f"Veileder: <b>{escape(supervisor or 'ingen tildelt')}</b>"
             + (f" <span style='color:#8a5300'>({escape(supervisor_note)})</span>"
                if supervisor_note else ""),
             f"Siste veiledning: {fmt(s.last_session) or '–'}"]
    if s.next_planned:
        facts.append(f"Neste planlagt: {fmt(s.next_planned)}")
    html.append("<p>" + " · ".join(facts) + "</p>")
    for f in s.flags:
        html.append(f"<p style='color:#b71c1c;font-weight:600;margin:2px'>⚑ {escape(f.message)}</p>")
    return "".join(html)


class SupervisionTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.status: DoctorSupervision | None = None
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.chart = ChartCanvas(height=180)
        self.history_model, self.history = assignment_history(self, "Veileder",
                                                              lambda r: r.supervisor)
        self.history.setMaximumHeight(130)
        self.history.doubleClicked.connect(lambda _: self.edit_period())
        self.log_button = QPushButton("Registrer veiledning ...")
        self.log_button.clicked.connect(self.log_session)
        self.change_button = QPushButton("Bytt veileder ...")
        self.change_button.clicked.connect(self.change_supervisor)
        buttons = QVBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.change_button)
        buttons.addStretch(1)
        lower = QHBoxLayout()
        lower.addWidget(self.history, 1)
        lower.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.figures)
        layout.addWidget(self.chart, 1)
        layout.addLayout(lower)
        context.changed.connect(lambda kinds: kinds & KINDS and self.refresh())

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        writable = not self.context.read_only and self.doctor_id is not None
        self.log_button.setEnabled(writable)
        self.change_button.setEnabled(writable)
        if store is None or self.doctor_id is None:
            self.status = None
            self.figures.setText("<p style='color:#666'>Velg en lege i tabellen.</p>")
            self.history_model.set_rows([])
            return
        found = dbs.statuses(store, today(), doctor_id=self.doctor_id)
        if not found:
            return
        self.status = found[0]
        supervisor, note = "", ""
        if self.status.supervisor_id is not None:
            s = store.get("supervisors", self.status.supervisor_id)
            supervisor = s.name
            label, level = competence(s, today())
            note = label if level != "ok" else ""
        self.figures.setText(figures_html(self.status, supervisor, note))
        history = dbs.assignment_rows(store, doctor_id=self.doctor_id)
        self.history_model.set_rows(history)
        self.change_button.setText("Bytt veileder ..." if history else "Tildel veileder ...")
        self.history.resizeColumnsToContents()
        if self.isVisible() or self.chart.canvas is not None:
            self.draw_chart()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.status is not None:
            self.draw_chart()

    def draw_chart(self) -> None:
        from reports.charts.supervision import doctor_chart
        self.chart.draw(doctor_chart, self.status)

    def log_session(self) -> None:
        if self.doctor_id is not None and not self.context.read_only:
            SessionDialog(self.context, None, self, doctor_id=self.doctor_id).exec()

    def change_supervisor(self) -> None:
        if self.doctor_id is not None and not self.context.read_only:
            ChangeSupervisorDialog(self.context, self.doctor_id, self).exec()

    def edit_period(self) -> None:
        rows = self.history.selectionModel().selectedRows()
        if rows and not self.context.read_only:
            row = selected_object(self.history, self.history_model)
            AssignmentDialog(self.context, row.assignment, self).exec()
