"""The register that the foundation shows read-only: supervision.
Later work gives each its own package under ui/ with editors; these tables stay the base."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QVBoxLayout,
    QWidget,
)

from alis_desktop.dates import add_months
from db import queries
from ui.table_model import Column, RecordTableModel, number, record_table


class RegisterView(QWidget):
    """A title, a search field and a sortable table over rows from `load(store)`."""

    title = ""
    refresh_on: frozenset = frozenset()

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(self.columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda kinds: kinds & self.refresh_on and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def load(self, store) -> list:
        raise NotImplementedError

    def refresh(self) -> None:
        store = self.context.store
        rows = self.load(store) if store else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.summary.setText(self.describe(rows))

    def describe(self, rows: list) -> str:
        return f"{len(rows)} rader"


@dataclass
class SupervisorRow:
    supervisor: object
    doctors: int
    hours: float


class SupervisionView(RegisterView):
    title = "Veiledning"
    refresh_on = frozenset({"supervisors", "supervisor_assignments", "supervision_sessions"})

    def columns(self):
        def status(s):
            if s.specialist:
                return "Spesialist"
            if s.exemption_until and s.exemption_until < date.today():
                return "Dispensasjon utløpt"
            return "Dispensasjon"
        return [
            Column("Veileder", lambda r: r.supervisor.name),
            Column("Kompetanse", lambda r: status(r.supervisor)),
            Column("Dispensasjon til", lambda r: r.supervisor.exemption_until),
            Column("Veilederkurs", lambda r: r.supervisor.course_completed),
            Column("Leger nå", lambda r: r.doctors, align_right=True),
            Column("Timer siste 12 mnd", lambda r: r.hours, lambda v: number(v, 1, "t"),
                   align_right=True),
            Column("Arbeidssted", lambda r: r.supervisor.workplace),
        ]

    def load(self, store):
        today = date.today()
        load = queries.supervisor_load(store, add_months(today, -12), today)
        return [SupervisorRow(s, *load.get(s.id, (0, 0.0)))
                for s in store.all("supervisors", order_by="name")]

    def describe(self, rows):
        hours = sum(r.hours for r in rows)
        return (f"{len(rows)} veiledere; {number(hours, 1)} veiledningstimer de siste 12 "
                "månedene.")
