"""Oversikt: the leader's first screen. Key figures as cards, and every active doctor with
what needs attention (supervision below target, meetings due or overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from alis_desktop.dates import add_months
from db import queries
from ui.table_model import Column, FilterProxy, RecordTableModel, number
from ui.widgets import Card

TARGET_PER_MONTH = 4.0  # hours; the rules engine's parameter replaces this when wired in
GREEN, AMBER, RED = "#dff0d8", "#fff3cd", "#f8d7da"


@dataclass
class OverviewRow:
    doctor_id: int
    name: str
    supervisor: str
    hours_3m: float
    last_meeting: date | None
    next_meeting: date | None
    attention: str

    @property
    def supervision_ok(self) -> bool:
        return self.hours_3m >= 3 * TARGET_PER_MONTH * 0.75


def overview_rows(store, today: date) -> list[OverviewRow]:
    supervisors = queries.current_supervisor_names(store, today)
    hours = queries.supervision_hours(store, add_months(today, -3), today)
    meetings = queries.last_and_next_meeting(store)
    rows = []
    for d in store.all("doctors", "archived = 0", order_by="name"):
        if d.status(today) != "Aktiv":
            continue
        last, nxt = meetings.get(d.id, (None, None))
        notes = []
        h = hours.get(d.id, 0.0)
        if h < 3 * TARGET_PER_MONTH * 0.75:
            notes.append("Veiledning under målet siste 3 mnd")
        due = nxt or (add_months(last, 6) if last else add_months(d.start_date, 1))
        if due < today:
            notes.append("Møte på overtid")
        elif (due - today).days <= 30:
            notes.append("Møte innen 30 dager")
        rows.append(OverviewRow(d.id, d.name, supervisors.get(d.id, ""), h, last, due,
                                "; ".join(notes)))
    return rows


class OverviewView(QWidget):
    open_doctor = Signal(int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.title = QLabel("Oversikt")
        self.title.setObjectName("viewTitle")
        self.cards = {key: Card(caption) for key, caption in [
            ("active", "leger i aktiv utdanning"),
            ("meetings_due", "møter på overtid eller innen 30 dager"),
            ("supervision_low", "med veiledning under målet siste 3 måneder"),
            ("hours_year", "veiledningstimer hittil i år"),
        ]}
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)

        self.model = RecordTableModel([
            Column("Lege", lambda r: r.name),
            Column("Veileder", lambda r: r.supervisor),
            Column("Veiledning siste 3 mnd", lambda r: r.hours_3m, lambda v: number(v, 1, "t"),
                   align_right=True, tooltip=f"Mål: {TARGET_PER_MONTH:g} timer per måned",
                   colour=lambda r: GREEN if r.supervision_ok else RED),
            Column("Siste møte", lambda r: r.last_meeting),
            Column("Neste møte", lambda r: r.next_meeting,
                   colour=lambda r: RED if r.next_meeting and r.next_meeting < date.today()
                   else None),
            Column("Trenger oppmerksomhet", lambda r: r.attention,
                   colour=lambda r: AMBER if r.attention else None),
        ], self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        label = QLabel("Leger i aktiv utdanning (dobbeltklikk for å åpne)")
        label.setObjectName("sectionTitle")
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda _kinds: self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        today = date.today()
        rows = overview_rows(store, today) if store else []
        self.model.set_rows(rows)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self.cards["active"].set_value(str(len(rows)))
        self.cards["meetings_due"].set_value(
            str(sum(1 for r in rows if "Møte" in r.attention)))
        self.cards["supervision_low"].set_value(str(sum(1 for r in rows if not r.supervision_ok)))
        year_hours = (sum(queries.supervision_hours(store, date(today.year, 1, 1), today).values())
                      if store else 0)
        self.cards["hours_year"].set_value(number(year_hours, 0))

    def _open(self, index) -> None:
        row = self.model.row_object(self.proxy.mapToSource(index).row())
        self.open_doctor.emit(row.doctor_id)
