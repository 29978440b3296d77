"""Månedsregistrering: a month's supervision hours for all doctors at once.

One row per doctor in training that month: the supervisor (filled in from the assignment on
the entry date, can be changed), the hours already registered, and the new hours and a note
to add. Type a number and press Enter to go to the next doctor; Ctrl+S saves every row with
new hours as one session each, all in one transaction, or nothing when a row is refused."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel,
    QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.dates import MONTHS_NB, add_months, days_in_month, fmt
from alis_desktop.errors import ValidationError
from alis_desktop.supervision import check_session, supervisor_on
from db import supervision as dbs
from ui.supervision.common import hours, supervisor_choices, today, warning_and_status
from ui.widgets import DateEdit, ErrorLabel, shortcut_action

DOCTOR, SUPERVISOR, REGISTERED, HOURS, NOTE = range(5)
HEADERS = ["Lege", "Veileder", "Registrert i måneden", "Nye timer", "Merknad / tema"]


@dataclass
class GridRow:
    doctor: m.Doctor
    supervisor_id: int | None
    registered: float = 0.0
    sessions: int = 0
    new_hours: float = 0.0
    note: str = ""
    error: str = ""


def parse_hours(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value or "").strip().replace(",", ".").removesuffix("t").strip()
    return float(text) if text else 0.0


class MonthGridModel(QAbstractTableModel):
    """Doctors x one month; the hours and note cells (and the supervisor) are editable."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[GridRow] = []
        self.supervisor_names: dict[int, str] = {}

    def load(self, rows: list[GridRow], supervisor_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.supervisor_names = supervisor_names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():  # the root: Qt's contract says no flags
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (SUPERVISOR, HOURS, NOTE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {DOCTOR: row.doctor.name,
                    SUPERVISOR: self.supervisor_names.get(row.supervisor_id, "(ingen tildelt)"),
                    REGISTERED: f"{hours(row.registered)} ({row.sessions})" if row.sessions
                    else "–",
                    HOURS: hours(row.new_hours) if row.new_hours else "",
                    NOTE: row.note}[col]
        if role == Qt.ItemDataRole.EditRole:
            return {DOCTOR: row.doctor.name, SUPERVISOR: row.supervisor_id,
                    REGISTERED: row.registered, HOURS: row.new_hours, NOTE: row.note}[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (REGISTERED, HOURS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.error:
                return QBrush(QColor("#f6d5d5"))
            if row.new_hours and col in (HOURS, NOTE):
                return QBrush(QColor("#e3f1e5"))
        if role == Qt.ItemDataRole.ToolTipRole and row.error:
            return row.error
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, col = self.rows[index.row()], index.column()
        if col == HOURS:
            try:
                row.new_hours = parse_hours(value)
            except ValueError:
                return False
        elif col == NOTE:
            row.note = str(value or "").strip()
        elif col == SUPERVISOR:
            row.supervisor_id = value
        else:
            return False
        row.error = ""
        left, right = self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1)
        self.dataChanged.emit(left, right)
        return True

    def set_errors(self, errors: dict[int, str]) -> None:
        """Mark the refused rows (and clear the others); no signal when nothing changes, so
        a confirmation of warnings is not forgotten."""
        changed = False
        for i, row in enumerate(self.rows):
            changed |= row.error != errors.get(i, "")
            row.error = errors.get(i, "")
        if changed:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(HEADERS) - 1))

    def sessions(self, on: date) -> list[tuple[int, m.SupervisionSession]]:
        """(row, session) for every row with new hours."""
        return [(i, m.SupervisionSession(doctor_id=r.doctor.id, supervisor_id=r.supervisor_id,
                                         date=on, hours=round(r.new_hours, 2), topics=r.note))
                for i, r in enumerate(self.rows) if r.new_hours]


class HoursDelegate(QStyledItemDelegate):
    """Quarter-hour spin box for the hours cell; the supervisor cell gets a combo box."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.choices = choices  # callable -> [(name, id)]

    def createEditor(self, parent, option, index):
        if index.column() == HOURS:
            editor = QDoubleSpinBox(parent)
            editor.setRange(0.0, 8.0)
            editor.setSingleStep(0.25)
            editor.setDecimals(2)
            return editor
        if index.column() == SUPERVISOR:
            editor = QComboBox(parent)
            for name, sid in self.choices():
                editor.addItem(name, sid)
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDoubleSpinBox):
            editor.setValue(value or 0.0)
            editor.selectAll()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


class GridView(QTableView):
    """Enter commits the cell and moves down to the next doctor, as in a spreadsheet."""

    def closeEditor(self, editor, hint):
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            current = self.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().closeEditor(editor, hint)


class MonthGridTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        first = today().replace(day=1)
        self.month = first
        self._confirmed: tuple | None = None
        self.model = MonthGridModel(self)
        self.table = GridView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(HoursDelegate(self._choices, self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        self.prev_button = QPushButton("◀")
        self.prev_button.setToolTip("Forrige måned (Alt+Venstre)")
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip("Neste måned (Alt+Høyre)")
        self.prev_button.clicked.connect(lambda: self.set_month(add_months(self.month, -1)))
        self.next_button.clicked.connect(lambda: self.set_month(add_months(self.month, 1)))
        shortcut_action(self, "Forrige måned", "Alt+Left", self.prev_button.click)
        shortcut_action(self, "Neste måned", "Alt+Right", self.next_button.click)
        self.month_label = QLabel()
        self.month_label.setObjectName("sectionTitle")
        self.entry_date = DateEdit()
        self.entry_date.setToolTip("Datoen de nye timene føres på")
        self.entry_date.editingFinished.connect(self._date_changed)
        self.save_button = QPushButton("Lagre alle")
        self.save_button.setToolTip("Lagre alle nye timer (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        shortcut_action(self, "Lagre alle", "Ctrl+S", self.save)
        self.clear_button = QPushButton("Tøm")
        self.clear_button.clicked.connect(self.refresh)

        bar = QHBoxLayout()
        for w in (self.prev_button, self.month_label, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(20)
        bar.addWidget(QLabel("Føres på dato:"))
        bar.addWidget(self.entry_date)
        bar.addStretch(1)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.save_button)
        self.help = QLabel("Skriv timene for hver lege (kvarter: 0,25 – 0,5 – 0,75 ...) og "
                           "trykk Enter for neste. Hver rad blir én veiledning på datoen over.")
        self.help.setStyleSheet("color: #555;")
        self.help.setWordWrap(True)
        self.warning, self.status = warning_and_status()
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.help)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        self.model.dataChanged.connect(lambda *_: self._forget_confirmation())
        context.changed.connect(lambda kinds: kinds & {"doctors", "supervisors",
                                                       "supervisor_assignments"}
                                and self.refresh(keep_entries=True))
        context.file_changed.connect(self.refresh)
        self.set_month(first)

    def _choices(self):
        return supervisor_choices(self.context.store)

    def default_entry_date(self) -> date:
        last = self.month.replace(day=days_in_month(self.month.year, self.month.month))
        return min(last, today()) if self.month <= today() else self.month

    def set_month(self, first: date) -> None:
        self.month = first.replace(day=1)
        self.month_label.setText(f"{MONTHS_NB[self.month.month - 1].capitalize()} "
                                 f"{self.month.year}")
        self.entry_date.set_date(self.default_entry_date())
        self.refresh()

    def entry_day(self) -> date:
        try:
            value = self.entry_date.date_value()
        except ValueError as exc:
            raise ValidationError("date", str(exc)) from None
        if value is None:
            raise ValidationError("date", "Oppgi datoen timene skal føres på.")
        if (value.year, value.month) != (self.month.year, self.month.month):
            raise ValidationError("date", "Datoen må ligge i måneden som vises.")
        return value

    def _date_changed(self) -> None:
        """A new entry date may mean another assigned supervisor: refill those not changed."""
        self.refresh(keep_entries=True)

    def refresh(self, *_, keep_entries: bool = False) -> None:
        store = self.context.store
        self._forget_confirmation()
        self.error.show_error("")
        if store is None:
            self.model.load([], {})
            return
        try:
            on = self.entry_day()
        except ValidationError:
            on = self.default_entry_date()
        first = self.month
        last = first.replace(day=days_in_month(first.year, first.month))
        kept = {r.doctor.id: r for r in self.model.rows} if keep_entries else {}
        found = dbs.inputs(store)
        registered = dbs.month_hours(store, first.year, first.month)
        rows = []
        for item in sorted(found.values(), key=lambda i: i.doctor.name):
            d = item.doctor
            if d.archived or d.start_date is None or d.start_date > last or (
                    d.end_date and d.end_date < first):
                continue
            hours_, count = registered.get(d.id, (0.0, 0))
            row = GridRow(d, supervisor_on(item.supervisor_assignments, d.id, on), hours_, count)
            old = kept.get(d.id)
            if old is not None:
                row.new_hours, row.note = old.new_hours, old.note
            rows.append(row)
        self.model.load(rows, {sid: name for name, sid in
                               supervisor_choices(store, include_archived=True)})
        self.table.resizeColumnsToContents()
        self.save_button.setEnabled(not self.context.read_only)

    def _forget_confirmation(self) -> None:
        self._confirmed = None
        self.warning.hide()
        self.save_button.setText("Lagre alle")

    def save(self) -> bool:
        """Check every row, show warnings once, then write all rows in one transaction."""
        store = self.context.store
        self.status.setText("")
        try:
            on = self.entry_day()
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self.entry_date.setFocus()
            return False
        pending = self.model.sessions(on)
        if not pending:
            self.error.show_error("Ingen nye timer å lagre.")
            return False
        found = dbs.inputs(store)
        errors: dict[int, str] = {}
        warnings: list[str] = []
        for i, session in pending:
            name = self.model.rows[i].doctor.name
            if session.supervisor_id is None:
                errors[i] = "Velg veileder."
                continue
            item = found[session.doctor_id]
            try:
                for w in check_session(session, today=today(), doctor=item.doctor,
                                       assignments=item.supervisor_assignments):
                    warnings.append(f"{name}: {w}")
            except ValidationError as exc:
                errors[i] = exc.message
        self.model.set_errors(errors)
        if errors:
            first = min(errors)
            self.error.show_error(f"{len(errors)} rad(er) kan ikke lagres; ingenting er lagret. "
                                  f"{self.model.rows[first].doctor.name}: {errors[first]}")
            self.table.setCurrentIndex(self.model.index(first, HOURS))
            return False
        content = tuple((i, dataclasses.astuple(s)) for i, s in pending)
        if warnings and self._confirmed != content:
            self._confirmed = content
            self.warning.setText("Obs: " + " ".join(warnings) +
                                 " Trykk «Lagre likevel» for å lagre.")
            self.warning.show()
            self.save_button.setText("Lagre likevel")
            return False
        self.error.show_error("")
        try:
            dbs.save_sessions(store, [s for _, s in pending])
        except ValidationError as exc:
            self.error.show_error(f"Ingenting er lagret: {exc.message}")
            return False
        total = sum(s.hours for _, s in pending)
        self.context.notify("supervision_sessions", doctors={s.doctor_id for _, s in pending})
        self.refresh()
        self.status.setText(f"Lagret {len(pending)} veiledninger, {hours(total)}, "
                            f"på {fmt(on)}.")
        return True
