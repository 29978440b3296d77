"""Leger: the doctors register. A sortable, filterable table, the doctor page in tabs, and the
add / edit / end-training dialogs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter,
    QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.requirements import Progress
from alis_desktop.vocab import Employment, Regime
from db.queries import current_supervisor_names
from ui.doctors.dialog import DoctorDialog, EndTrainingDialog
from ui.doctors.tabs import TABS
from ui.table_model import Column, RecordTableModel, number, record_table, selected_object
from ui.widgets import shortcut_action

STATUS_FILTERS = ["Alle", "Aktiv", "Ikke startet", "Avsluttet", "Arkivert"]


@dataclass
class DoctorRow:
    doctor: m.Doctor
    status: str
    supervisor: str
    progress: Progress

    @property
    def behind(self) -> bool:
        return self.progress.behind_plan and self.status == "Aktiv"


def doctor_rows(store, today: date) -> list[DoctorRow]:
    """One row per doctor; progress for all of them in one pass over the file."""
    supervisors = current_supervisor_names(store, today)
    progress = store.progress(today)
    return [DoctorRow(d, d.status(today), supervisors.get(d.id, ""), progress[d.id])
            for d in store.all("doctors", order_by="name")]


def _behind_reasons(row: DoctorRow) -> str:
    late = [r.label for r in row.progress.requirements if r.status == "behind"]
    return "Ligger etter: " + "; ".join(late) if late else ""


def columns() -> list[Column]:
    return [
        Column("Navn", lambda r: r.doctor.name),
        Column("Status", lambda r: r.status),
        Column("Tellende år", lambda r: r.progress.counted_months / 12, lambda v: number(v, 2),
               align_right=True, tooltip="Tellende tjeneste etter § 31 (stillingsprosent og "
               "fravær utover 10 % trukket fra)"),
        Column("Fullført", lambda r: r.progress.pct_complete, lambda v: number(v, 0, "%"),
               align_right=True),
        Column("Beregnet ferdig", lambda r: r.progress.projected_completion,
               tooltip=lambda r: r.progress.projection_note),
        Column("Etter plan", lambda r: r.behind, lambda v: "Ligger etter" if v else "",
               colour=lambda r: "#f8d7da" if r.behind else None, tooltip=_behind_reasons),
        Column("Ansettelse", lambda r: Employment.label_of(r.doctor.employment)),
        Column("Ordning", lambda r: Regime.label_of(r.doctor.regime)),
        Column("Startdato", lambda r: r.doctor.start_date),
        Column("ALIS-avtale", lambda r: r.doctor.alis_agreement_date),
        Column("Veileder", lambda r: r.supervisor),
        Column("HPR-nr.", lambda r: r.doctor.hpr_number),
    ]


class DoctorsView(QWidget):
    doctor_selected = Signal(object)  # doctor id or None

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i navn, veileder, HPR ... (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status_filter = QComboBox()
        self.status_filter.addItems(STATUS_FILTERS)
        self.status_filter.currentTextChanged.connect(self._apply_status_filter)

        self.add_action = shortcut_action(self, "Ny lege", "Ctrl+N", self.add_doctor)
        self.edit_action = shortcut_action(self, "Rediger", "Ctrl+E", self.edit_doctor)
        self.end_action = shortcut_action(self, "Avslutt utdanning", None, self.end_training)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)

        bar = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.end_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(QLabel("Vis:"))
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 2)

        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit_doctor())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        # The doctor page: one tab per area (ui/doctors/tabs.py), refreshed when shown.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_pages: dict[str, QWidget] = {}
        for title, target in TABS:
            module_name, class_name = target.split(":")
            page = getattr(importlib.import_module(module_name), class_name)(context, self)
            self.tab_pages[title] = page
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(lambda _: self._show_detail())

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 480])  # room for about eight doctors above the page

        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        context.changed.connect(self._on_changed)
        context.file_changed.connect(self.refresh)
        self.refresh()

    # --- data --------------------------------------------------------------------------
    def _on_changed(self, kinds) -> None:
        if kinds - {"audit_log", "attestations", "goal_texts", "municipality"}:
            self.refresh()  # almost every record feeds the progress columns

    def refresh(self) -> None:
        keep = self.selected_doctor_id()
        store = self.context.store
        self.model.set_rows(doctor_rows(store, date.today()) if store else [])
        self.table.resizeColumnsToContents()
        self._update_count()
        if keep is not None:
            self.select_doctor(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)  # the page below is never empty when there are doctors
        self._update_actions()
        self._show_detail()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.proxy.rowCount()} av {self.model.rowCount()} leger")

    def _apply_status_filter(self, text: str) -> None:
        self.proxy.set_predicate(None if text == "Alle" else (lambda r: r.status == text))
        self._update_count()

    def selected_row(self) -> DoctorRow | None:
        return selected_object(self.table, self.model)

    def selected_doctor_id(self) -> int | None:
        row = self.selected_row()
        return row.doctor.id if row else None

    def select_doctor(self, doctor_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.doctor.id == doctor_id:
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                if index.isValid():
                    self.table.selectionModel().select(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
                    self.table.scrollTo(index)
                    return True
        return False

    def _selection_changed(self, *_):
        self._update_actions()
        self._show_detail()
        self.doctor_selected.emit(self.selected_doctor_id())

    def _update_actions(self) -> None:
        writable = not self.context.read_only
        has = self.selected_row() is not None
        self.add_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and has)
        self.end_action.setEnabled(writable and has)

    def _show_detail(self) -> None:
        """Only the visible tab does its work; the others catch up when shown."""
        page = self.tabs.currentWidget()
        doctor_id = self.selected_doctor_id()
        if page is not None and getattr(page, "doctor_id", object()) != doctor_id:
            page.set_doctor(doctor_id)

    def show_tab(self, title: str) -> QWidget:
        page = self.tab_pages[title]
        self.tabs.setCurrentWidget(page)
        return page

    # --- actions -----------------------------------------------------------------------
    def add_doctor(self) -> None:
        dialog = DoctorDialog(self.context, None, self)
        if dialog.exec() and dialog.saved:
            self.select_doctor(dialog.saved.id)

    def edit_doctor(self) -> None:
        row = self.selected_row()
        if row is None or self.context.read_only:
            return
        DoctorDialog(self.context, row.doctor, self).exec()

    def end_training(self) -> None:
        row = self.selected_row()
        if row is None or self.context.read_only:
            return
        EndTrainingDialog(self.context, row.doctor, self).exec()

