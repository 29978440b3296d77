"""A small editable table over a list of dicts (participants, actions, plan items): typed
in place, rows added and removed with buttons. Dates are typed dd.mm.åååå and checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QStyledItemDelegate, QTableView,
    QVBoxLayout, QWidget,
)

from alis_desktop.dates import fmt, parse


@dataclass
class EditColumn:
    key: str
    header: str
    kind: str = "text"  # text | date | bool
    choices: Callable[[], list[tuple[str, str]]] | None = None  # (code, label) for display


class DictTableModel(QAbstractTableModel):
    def __init__(self, columns: list[EditColumn], rows: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = [dict(r) for r in rows or []]
        self.errors: dict[tuple[int, str], str] = {}

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def flags(self, index):
        if not index.isValid():  # the root: Qt's contract says no flags
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        value = self.rows[index.row()].get(col.key)
        if col.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col.kind == "date":
                return fmt(value) if isinstance(value, date) else (value or "")
            if col.choices and role == Qt.ItemDataRole.DisplayRole:
                return dict(col.choices()).get(value, value or "")
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((index.row(), col.key))
        if role == Qt.ItemDataRole.BackgroundRole and (index.row(), col.key) in self.errors:
            from PySide6.QtGui import QColor
            return QColor("#f8d7da")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        col = self.columns[index.column()]
        row = self.rows[index.row()]
        if col.kind == "bool" and role == Qt.ItemDataRole.CheckStateRole:
            row[col.key] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            self.errors.pop((index.row(), col.key), None)
            if col.kind == "date":
                try:
                    row[col.key] = parse(text) if text else None
                except ValueError as exc:
                    row[col.key] = text
                    self.errors[(index.row(), col.key)] = str(exc)
            else:
                row[col.key] = text
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def add_row(self, values: dict | None = None) -> int:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(dict(values or {}))
        self.endInsertRows()
        return len(self.rows) - 1

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.errors = {k: v for k, v in self.errors.items() if k[0] != row}
        self.endRemoveRows()

    def first_error(self) -> str | None:
        return next(iter(self.errors.values()), None)


class DateDelegate(QStyledItemDelegate):
    """Date cells are edited in the program's date field (typed, or from its calendar)."""

    def createEditor(self, parent, option, index):
        from ui.widgets import DateEdit
        editor = DateEdit(None, parent)
        editor.setMaximumWidth(16777215)
        return editor

    def setEditorData(self, editor, index):
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DictTableEditor(QWidget):
    """The table with "Legg til" / "Fjern" buttons."""

    def __init__(self, columns: list[EditColumn], rows=None, defaults: Callable[[], dict] | None = None,
                 parent=None):
        super().__init__(parent)
        self.model = DictTableModel(columns, rows, self)
        self.defaults = defaults or dict
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(90)
        self.date_delegate = DateDelegate(self.view)
        for i, col in enumerate(columns):
            if col.kind == "date":
                self.view.setItemDelegateForColumn(i, self.date_delegate)
        add = QPushButton("Legg til")
        add.clicked.connect(self.add)
        remove = QPushButton("Fjern")
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def add(self) -> None:
        row = self.model.add_row(self.defaults())
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.model.remove_row(rows[0].row())

    def rows(self) -> list[dict]:
        return self.model.rows
