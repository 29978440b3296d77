"""Timer: the logged sessions, filtered by doctor, supervisor and period; edit with Enter or
a double-click, delete with Delete."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QVBoxLayout, QWidget,
)

from alis_desktop.errors import ValidationError
from db import supervision as dbs
from ui.supervision.common import (
    compact, doctor_choices, fill_combo, hours, sorted_table,
    supervisor_choices, today,
)
from ui.supervision.session_dialog import SessionDialog
from ui.table_model import Column, RecordTableModel, selected_object
from ui.widgets import action_button, shortcut_action

PERIODS = ["Siste 3 måneder", "I år", "I fjor", "Alle"]


def columns() -> list[Column]:
    return [
        Column("Dato", lambda r: r.session.date),
        Column("Lege", lambda r: r.doctor),
        Column("Veileder", lambda r: r.supervisor),
        Column("Timer", lambda r: r.session.hours, hours, align_right=True),
        Column("Tema", lambda r: r.session.topics),
        Column("Læringsmål", lambda r: ", ".join(r.session.goals)),
        Column("Planlagt", lambda r: "Planlagt" if r.session.planned else "",
               colour=lambda r: "#d6e4f5" if r.session.planned else None),
        Column("Merknad", lambda r: r.session.note),
    ]


def period_bounds(choice: str, on: date) -> tuple[date | None, date | None]:
    from alis_desktop.dates import add_months
    if choice == "Siste 3 måneder":
        return add_months(on, -3), None
    if choice == "I år":
        return date(on.year, 1, 1), date(on.year, 12, 31)
    if choice == "I fjor":
        return date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    return None, None


class SessionsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = sorted_table(self.model, self)
        self.doctor = QComboBox()
        self.supervisor = QComboBox()
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i tema og merknad ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        for combo in (self.doctor, self.supervisor):
            combo.currentIndexChanged.connect(lambda _: self._apply_filter())
            compact(combo)
        self.period.currentIndexChanged.connect(lambda _: self.refresh())
        # Enter and Delete act on the table only, not in the search field.
        self.edit_action = shortcut_action(self.table, "Rediger", "Return", self.edit)
        self.delete_action = shortcut_action(self.table, "Slett", "Delete", self.delete)
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Lege:"))
        bar.addWidget(self.doctor)
        bar.addWidget(QLabel("Veileder:"))
        bar.addWidget(self.supervisor)
        bar.addWidget(QLabel("Periode:"))
        bar.addWidget(self.period)
        bar.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for action in (self.edit_action, self.delete_action):
            buttons.addWidget(action_button(action))
        buttons.addStretch(1)
        self.summary = QLabel()
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        context.changed.connect(lambda kinds: kinds & {"supervision_sessions", "doctors",
                                                       "supervisors"} and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            self.model.set_rows([])
            return
        fill_combo(self.doctor, doctor_choices(store, today()), blank="Alle leger")
        fill_combo(self.supervisor, supervisor_choices(store, include_archived=True),
                   blank="Alle veiledere")
        start, end = period_bounds(self.period.currentText(), today())
        self.model.set_rows(dbs.session_rows(store, start, end))
        self.table.resizeColumnsToContents()
        self._apply_filter()
        for action in (self.edit_action, self.delete_action):
            action.setEnabled(not self.context.read_only)

    def _apply_filter(self) -> None:
        doctor_id, supervisor_id = self.doctor.currentData(), self.supervisor.currentData()

        def keep(row) -> bool:
            return ((doctor_id is None or row.session.doctor_id == doctor_id)
                    and (supervisor_id is None or row.session.supervisor_id == supervisor_id))
        self.proxy.set_predicate(keep)
        self._summarise()

    def _summarise(self) -> None:
        shown = [self.model.row_object(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
                 for i in range(self.proxy.rowCount())]
        done = [r for r in shown if not r.session.planned]
        self.summary.setText(f"{len(done)} veiledninger, {hours(sum(r.session.hours for r in done))}"
                             + (f"; {len(shown) - len(done)} planlagt" if len(done) < len(shown)
                                else ""))

    def set_filter(self, doctor_id: int | None = None, supervisor_id: int | None = None) -> None:
        for combo, value in ((self.doctor, doctor_id), (self.supervisor, supervisor_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))

    def selected(self):
        return selected_object(self.table, self.model)

    def edit(self) -> None:
        row = self.selected()
        if row is not None and not self.context.read_only:
            SessionDialog(self.context, row.session, self).exec()

    def delete(self) -> None:
        row = self.selected()
        if row is None or self.context.read_only:
            return
        answer = QMessageBox.question(
            self, "Slett veiledning",
            f"Slette veiledningen {row.session.date:%d.%m.%Y} for {row.doctor} "
            f"({hours(row.session.hours)})?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.context.delete("supervision_sessions", row.session.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Slett veiledning", exc.message)
