"""Fil -> Revisjonslogg: who changed what and when, newest first, filterable by text, kind,
action and period, exportable to CSV. The log is read-only here as everywhere."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QVBoxLayout,
)

from alis_desktop.atomic_files import write_text_atomically
from alis_desktop.errors import FileProblem
from alis_desktop.audit import csv_text
from db.audit import AuditRow, audit_rows
from ui.table_model import Column, RecordTableModel, record_table
from ui.widgets import DateEdit, norwegian_buttons

ALL = "Alle"


def columns() -> list[Column]:
    return [
        # Sorted by (time, id): rows of one second keep the order they were written in.
        Column("Tidspunkt", lambda r: (r.at or datetime.min, r.entry.id or 0),
               lambda v: f"{v[0]:%d.%m.%Y %H:%M}" if v[0] != datetime.min else ""),
        Column("Bruker", lambda r: r.entry.user),
        Column("Handling", lambda r: r.entry.action),
        Column("Gjelder", lambda r: r.kind_label),
        Column("Hvem/hva", lambda r: r.concerns,
               tooltip=lambda r: f"Id {r.entry.record_id}" if r.entry.record_id else ""),
        Column("Detaljer", lambda r: r.entry.detail, tooltip=lambda r: r.entry.detail),
    ]


class AuditDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Revisjonslogg")
        self.resize(1100, 600)
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i bruker, handling, navn, detaljer ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.kind = QComboBox()
        self.action = QComboBox()
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for widget in (self.kind, self.action):
            widget.currentTextChanged.connect(self._filter)
        for widget in (self.date_from, self.date_to):
            widget.editingFinished.connect(self._filter)
        self.count = QLabel()
        self.export_button = QPushButton("&Eksporter til CSV ...")
        self.export_button.clicked.connect(lambda: self.export_csv())
        buttons = norwegian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        filters = QHBoxLayout()
        for label, widget in (("Gjelder:", self.kind), ("Handling:", self.action),
                              ("Fra:", self.date_from), ("Til:", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        note = QLabel("Loggen kan ikke endres eller slettes. Fritekst (merknader, referater) "
                      "skrives ikke inn i loggen; bare at feltet ble endret.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        rows = audit_rows(self.context.store) if self.context.store else []
        self.model.set_rows(rows)
        for combo, values in ((self.kind, {r.kind_label for r in rows}),
                              (self.action, {r.entry.action for r in rows})):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL] + sorted(values))
            combo.blockSignals(False)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self._filter()

    def _period(self) -> tuple[date | None, date | None]:
        try:
            return self.date_from.date_value(), self.date_to.date_value()
        except ValueError:
            return None, None

    def _filter(self) -> None:
        kind, action = self.kind.currentText(), self.action.currentText()
        start, end = self._period()

        def keep(row: AuditRow) -> bool:
            day = row.at.date() if row.at else None
            return ((kind in ("", ALL) or row.kind_label == kind)
                    and (action in ("", ALL) or row.entry.action == action)
                    and (start is None or (day is not None and day >= start))
                    and (end is None or (day is not None and day <= end)))

        self.proxy.set_predicate(keep)
        self.proxy.setFilterFixedString(self.search.text())
        self.count.setText(f"{self.proxy.rowCount()} av {self.model.rowCount()} rader")

    def visible_rows(self) -> list[AuditRow]:
        return [self.model.row_object(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
                for i in range(self.proxy.rowCount())]

    def export_csv(self, path: Path | None = None) -> Path | None:
        """The rows shown (filtered, in their order) as CSV."""
        if path is None:
            out, _ = QFileDialog.getSaveFileName(self, "Eksporter revisjonslogg",
                                                 "revisjonslogg.csv", "CSV (*.csv)")
            if not out:
                return None
            path = Path(out)
        try:
            write_text_atomically(path, csv_text([r.cells() for r in self.visible_rows()]))
        except FileProblem as exc:
            QMessageBox.warning(self, "Revisjonslogg", f"Kunne ikke lagre: {exc}")
            return None
        return path
