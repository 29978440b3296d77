"""Leger: the doctors register. A sortable, filterable table, the doctor page in tabs, and the
add / edit / end-training dialogs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.requirements import Progress
from alis_desktop.vocab import Employment, Regime
from db.queries import current_supervisor_names
from ui.doctors.dialog import DoctorDialog, EndTrainingDialog
from ui.doctors.tabs import TABS
from ui.figures import EveryonesFigures
from ui.lazy_pages import LazyPages, make
from ui.table_model import Column, RecordTableModel, number, record_table, selected_object
from ui.widgets import action_button, shortcut_action

STATUS_FILTERS = ["Alle", "Aktiv", "Ikke startet", "Avsluttet", "Arkivert"]


@dataclass
class DoctorRow:
    doctor: m.Doctor
    status: str
    supervisor: str
    progress: Progress | None  # None until the rules engine has been through the file

    @property
    def behind(self) -> bool:
        return self.progress is not None and self.progress.behind_plan and self.status == "Aktiv"


def doctor_rows(store, today: date, progress: dict | None = None) -> list[DoctorRow]:
    """One row per doctor. Progress comes from `progress` (doctor id -> Progress) when
    given, else from one pass of the rules engine over the file."""
    supervisors = current_supervisor_names(store, today)
    if progress is None:
        progress = store.progress(today)
    return [DoctorRow(d, d.status(today), supervisors.get(d.id, ""), progress.get(d.id))
            for d in store.all("doctors", order_by="name")]


def _behind_reasons(row: DoctorRow) -> str:
    if row.progress is None:
        return ""
    late = [r.label for r in row.progress.requirements if r.status == "behind"]
    return "Ligger etter: " + "; ".join(late) if late else ""


def _of_progress(get):
    """A column value read from the row's progress; empty until it is computed."""
    return lambda r: None if r.progress is None else get(r.progress)


def columns() -> list[Column]:
    return [
        Column("Navn", lambda r: r.doctor.name),
        Column("Status", lambda r: r.status),
        Column("Tellende år", _of_progress(lambda p: p.counted_months / 12),
               lambda v: number(v, 2), align_right=True,
               tooltip="Tellende tjeneste etter § 31 (stillingsprosent og "
               "fravær utover 10 % trukket fra)"),
        Column("Fullført", _of_progress(lambda p: p.pct_complete), lambda v: number(v, 0, "%"),
               align_right=True),
        Column("Beregnet ferdig", _of_progress(lambda p: p.projected_completion),
               tooltip=lambda r: r.progress.projection_note if r.progress else ""),
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
    progress_ready = Signal()  # the progress columns show the figures of the file as it is

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        # The rules engine over every doctor takes seconds on a large file: the table is
        # painted first and the progress columns filled when the shared background job
        # delivers (ui/figures.py, docs/performance.md).
        self.figures = EveryonesFigures.of(context)
        self.figures.watch(self)
        self.figures.ready.connect(self._figures_ready)
        self._columns_sized = False
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
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(QLabel("Vis:"))
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 2)

        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit_doctor())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        # The doctor page: one tab per area (ui/doctors/tabs.py), built when first shown
        # and refreshed when shown.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_pages = LazyPages(self.tabs)
        for title, target in TABS:
            self.tab_pages.add(title, lambda target=target: make(target, context, self), title)
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
        context.file_changed.connect(self._on_file_changed)
        self.refresh()

    # --- data --------------------------------------------------------------------------
    def _on_changed(self, kinds) -> None:
        if kinds - {"audit_log", "attestations", "goal_texts", "municipality"}:
            self.refresh()  # almost every record feeds the progress columns

    def _on_file_changed(self) -> None:
        self._columns_sized = False
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_doctor_id()
        store = self.context.store
        self.model.set_rows(doctor_rows(store, date.today(), self._progress_by_doctor())
                            if store else [])
        if not self._columns_sized:
            self.table.resizeColumnsToContents()
            self._columns_sized = bool(self.model.rows)
        self.figures.request_soon()
        self._update_count()
        if keep is not None:
            self.select_doctor(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)  # the page below is never empty when there are doctors
        self._update_actions()
        self._show_detail()

    def _update_count(self) -> None:
        text = f"{self.proxy.rowCount()} av {self.model.rowCount()} leger"
        if self.progress_pending():
            text += " – beregner fremdrift …"
        self.count_label.setText(text)

    # --- the progress columns, filled off the GUI thread -----------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.figures.request_soon()

    def progress_pending(self) -> bool:
        return self.figures.pending()

    def wait_for_progress(self, timeout_ms: int = 120000) -> bool:
        """Block (processing events) until the progress columns match the file."""
        return self.figures.wait(timeout_ms)

    def _progress_by_doctor(self) -> dict:
        figures = self.figures.figures() or {}
        return {did: f.progress for did, f in figures.items()}

    def _figures_ready(self) -> None:
        progress = self._progress_by_doctor()
        first = not any(row.progress for row in self.model.rows)
        for row in self.model.rows:
            row.progress = progress.get(row.doctor.id)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
                len(self.model.rows) - 1, self.model.columnCount() - 1))
            self.model.resort()  # in case the table is sorted by a progress column
            if first:
                self.table.resizeColumnsToContents()  # now with the figures in them
        self._update_count()
        self.progress_ready.emit()

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
        index = self.tabs.currentIndex()
        page = self.tab_pages.build_at(index) if index >= 0 else None
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

