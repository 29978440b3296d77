"""One table model for every register: columns are specs, rows are plain objects.

DisplayRole is formatted for people (dd.mm.åååå, "4,5 t"); SORT_ROLE gives raw values so
sorting is by date and number, not by text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from alis_desktop.dates import fmt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def number(value: float | None, decimals: int = 1, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return f"{text} {unit}".strip()


@dataclass
class Column:
    header: str
    value: Callable[[Any], Any]
    display: Callable[[Any], str] | None = None
    align_right: bool = False
    tooltip: str | Callable[[Any], str] = ""  # text, or a function of the row
    colour: Callable[[Any], str | None] | None = None  # background as "#rrggbb"


def sort_key(raw):
    """The order of SORT_ROLE values: empty first, then numbers, then text and dates (as
    ISO text), then anything else; values of different kinds are never compared."""
    if raw is None or raw == "":
        return (0, 0)
    if isinstance(raw, date):
        return (2, raw.isoformat())
    if isinstance(raw, (bool, int, float)):
        return (1, raw)
    if isinstance(raw, str):
        return (2, raw)
    return (3, raw)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self._sort: tuple[int, Qt.SortOrder] | None = None  # kept across set_rows
        self._given: list = []  # the rows in the order given; ties keep this order
        self._rows: list = []   # as shown: sorted

    @property
    def rows(self) -> list:
        return self._rows

    @rows.setter
    def rows(self, rows) -> None:
        """Setting the rows (inside begin/endResetModel) applies the current sort."""
        self._given = list(rows)
        self._rows = self._sorted(self._given)

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    # --- sorting: done here, once per sort, with a key per row. Letting the proxy sort
    # meant two Python data() calls per comparison: 0.2 s for the 1,000-doctor file.
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        self._sort = (column, order)
        self.resort()

    def resort(self) -> None:
        """Apply the current sort again (after the values of a sorted column changed);
        selections and other persistent indexes follow their rows."""
        if self._sort is None or not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._rows = self._sorted(self._given)
        position = {id(obj): i for i, obj in enumerate(self.rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [
            self.index(position[id(before[ix.row()])], ix.column()) for ix in old])
        self.layoutChanged.emit()

    def _sorted(self, rows: list) -> list:
        if self._sort is None:
            return rows
        column, order = self._sort
        value = self.columns[column].value
        return sorted(rows, key=lambda obj: sort_key(value(obj)),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def row_object(self, row: int):
        return self.rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        obj = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            raw = col.value(obj)
            if col.display:
                return col.display(raw)
            if isinstance(raw, date):
                return fmt(raw)
            if isinstance(raw, bool):
                return "Ja" if raw else "Nei"
            if isinstance(raw, float):
                return number(raw)
            return "" if raw is None else str(raw)
        if role == SORT_ROLE:
            raw = col.value(obj)
            if raw is None:
                return ""
            if isinstance(raw, date):
                return raw.isoformat()
            return raw
        if role == ROW_ROLE:
            return obj
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col.colour:
            c = col.colour(obj)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(obj) if callable(col.tooltip) else col.tooltip
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tip = self.columns[section].tooltip
            return tip if isinstance(tip, str) and tip else None
        return None


class FilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters on free text across all columns plus an optional
    predicate on the row object (e.g. "only active")."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)
        self._predicate: Callable[[Any], bool] | None = None

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        # Qt 6.9+ replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._predicate = predicate
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._predicate = predicate
            self.invalidateFilter()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """A RecordTableModel sorts its own rows (see RecordTableModel.sort); the proxy
        keeps their order and only filters."""
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            super().sort(-1)
            source.sort(column, order)
        else:
            super().sort(column, order)

    def search_goals(self, text: str) -> None:
        """Filter on free text, reading a goal typed as the plans spell it ("ALM 002",
        "alm-2") as its code (ALM-002), the way the tables show it."""
        from alis_desktop.goal_refs import goal_code_of
        self.setFilterFixedString(goal_code_of(text) or text)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        model = self.sourceModel()
        if self._predicate is not None and not self._predicate(model.row_object(source_row)):
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def record_table(model: RecordTableModel, parent=None, *, single: bool = True,
                 alternating: bool = True) -> tuple[QTableView, FilterProxy]:
    """The program's standard table over `model`: sortable by raw values, whole rows
    selected, no row numbers, columns the user can resize."""
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(alternating)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    size_columns_from_some_rows(table)
    return table, proxy


def size_columns_from_some_rows(table: QTableView, rows: int = 100) -> None:
    """resizeColumnsToContents() measures this many rows (and the visible ones), not
    Qt's default 1,000: on the 1,000-doctor file measuring every row cost a second."""
    table.verticalHeader().setResizeContentsPrecision(rows)
    table.horizontalHeader().setResizeContentsPrecision(rows)


def selected_object(table: QTableView, model: RecordTableModel):
    """The row object under the table's (first) selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return model.row_object(table.model().mapToSource(rows[0]).row())
