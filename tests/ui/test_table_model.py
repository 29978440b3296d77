"""The shared table model sorts its own rows by raw values (numbers as numbers, dates as
dates, empty first), keeps the sort when rows are replaced, and selections follow rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt

from ui.table_model import Column, RecordTableModel, record_table


@dataclass
class Item:
    name: str
    hours: float | None
    day: date | None


ROWS = [Item("b", 10.0, date(2026, 3, 1)), Item("a", None, date(2025, 12, 31)),
        Item("c", 9.5, None), Item("d", 10.0, date(2026, 1, 15))]


def make(qtbot):
    model = RecordTableModel([Column("Navn", lambda r: r.name),
                              Column("Timer", lambda r: r.hours),
                              Column("Dato", lambda r: r.day)])
    table, proxy = record_table(model)
    qtbot.addWidget(table)
    model.set_rows(ROWS)
    return model, table, proxy


def shown(proxy, column=0):
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_sorts_numbers_as_numbers_with_empty_first_and_ties_in_given_order(qtbot):
    model, table, proxy = make(qtbot)
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown(proxy) == ["a", "c", "b", "d"]  # None, 9.5, 10 (b before d, as given)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == ["b", "d", "c", "a"]


def test_sorts_dates_as_dates(qtbot):
    model, table, proxy = make(qtbot)
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown(proxy) == ["c", "a", "d", "b"]


def test_sort_is_kept_when_rows_are_replaced(qtbot):
    model, table, proxy = make(qtbot)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model.set_rows(list(reversed(ROWS)) + [Item("e", 1.0, None)])
    assert shown(proxy) == ["e", "d", "c", "b", "a"]


def test_selection_follows_its_row_when_values_change_and_rows_resort(qtbot):
    model, table, proxy = make(qtbot)
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    c_row = shown(proxy).index("c")
    table.selectionModel().select(proxy.index(c_row, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
    next(r for r in model.rows if r.name == "c").hours = 99.0
    model.resort()
    assert shown(proxy) == ["a", "b", "d", "c"]
    selected = table.selectionModel().selectedRows()
    assert [proxy.index(i.row(), 0).data() for i in selected] == ["c"]


def test_filter_still_applies_to_sorted_rows(qtbot):
    model, table, proxy = make(qtbot)
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    proxy.set_predicate(lambda r: r.hours is not None)
    assert shown(proxy) == ["b", "d", "c"]


def test_rows_assigned_directly_are_sorted_too(qtbot):
    """Models that swap columns and rows themselves (inside a reset) keep the sort."""
    model, table, proxy = make(qtbot)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model.beginResetModel()
    model.rows = [Item("z", 1.0, None), Item("m", 2.0, None)]
    model.endResetModel()
    assert shown(proxy) == ["m", "z"]
