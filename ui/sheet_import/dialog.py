"""Fil -> Importer fra regneark: choose a file, its sheet and what it holds; see (and correct)
which column is which; see every row as it will be stored, errors in red; import only when
every row is clean. The mapping is remembered per kind of sheet for the next import."""

from __future__ import annotations

import functools
import json
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from alis_desktop import sheet_values as v
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.sheet_import import Mapping, SheetRow, guess_mapping, header_row, preview_sheet
from alis_desktop.sheet_kinds import KINDS
from alis_desktop.sheet_table import SheetTable, read_sheet
from alis_desktop.vocab import (
    ActivityKind, Employment, LeaveKind, PlacementStatus, Regime, ServiceCategory,
)
from db.sheet_import import counted, existing, write_preview
from ui import settings
from ui.background import JobSignals
from ui.table_model import Column, RecordTableModel, record_table
from ui.widgets import ErrorLabel, import_footer

NOT_IMPORTED = "(importeres ikke)"
# Above this many rows the preview is read on a worker thread (about 0.2 s per 1,000
# supervision rows here), so the dialog stays responsive while the mapping is corrected.
BACKGROUND_ROWS = 500
# Helper fields shown through the record they fill, not as columns of their own.
_HIDDEN = {"first_name", "last_name", "doctor_hpr", "start_time", "end_time"}
_REFS = {"doctor", "arena", "supervisor"}
# Coded fields shown by their Norwegian labels; "kind" depends on the sheet.
_VOCAB_FIELDS = {"employment": Employment, "regime": Regime, "category": ServiceCategory,
                 "status": PlacementStatus}
_KIND_VOCAB = {"leaves": LeaveKind, "activities": ActivityKind}


def remembered(kind: str) -> dict[str, str]:
    try:
        found = json.loads(settings.value(f"sheet_import/{kind}", "") or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def remember(kind: str, by_header: dict[str, str]) -> None:
    merged = {**remembered(kind), **by_header}
    settings.set_value(f"sheet_import/{kind}", json.dumps(merged, ensure_ascii=False))


def cell_text(row: SheetRow, key: str) -> str:
    """A value as it will be stored (dates dd.mm.åååå, codes by their labels)."""
    if key in _REFS and "_" + key in row.values:
        record = row.values["_" + key]
        return record.name + (" (ny)" if record.id is not None and record.id < 0 else "")
    value = row.values.get(key)
    if value is None and row.record is not None:
        value = getattr(row.record, key, None)
    if value is None:
        return v.shown(row.cells.get(key))
    vocab_field = _VOCAB_FIELDS.get(key)
    if vocab_field and isinstance(value, str):
        return vocab_field.label_of(value)
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def status(row: SheetRow) -> str:
    if row.errors:
        return "Feil: " + " ".join(row.errors)
    parts = []
    if row.new:
        parts.append("Opprettes: " + ", ".join(row.new))
    parts += row.warnings
    return "; ".join(parts) if parts else "OK"


def colour(row: SheetRow) -> str | None:
    if row.errors:
        return "#f6d5d5"
    if row.warnings:
        return "#fff3cd"
    return "#e3f1e3" if row.new else None


def columns(kind: str) -> list[Column]:
    vocab = _KIND_VOCAB.get(kind)
    out = [Column("Rad", lambda r: r.line, align_right=True),
           Column("Kontroll", status, colour=colour, tooltip=status)]
    for f in KINDS[kind].fields:
        if f.key in _HIDDEN:
            continue
        if f.key == "kind" and vocab is not None:
            out.append(Column(f.label, lambda r, vo=vocab: vo.label_of(
                getattr(r.record, "kind", None) or r.values.get("kind") or "")))
        else:
            out.append(Column(f.label, lambda r, k=f.key: cell_text(r, k)))
    return out


class SheetImportDialog(QDialog):
    def __init__(self, context, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.path: Path | None = None
        self.table_data: SheetTable | None = None
        self.mapping: Mapping | None = None
        self.preview = None
        self.imported: dict[str, int] = {}
        self._generation = 0
        self._shown = 0  # the generation of the preview on screen
        self._signals = JobSignals(self)
        self._signals.done.connect(self._show)
        self.setWindowTitle("Importer fra regneark")
        self.file_label = QLabel("Velg en .xlsx- eller .csv-fil. Første rad med kolonnenavn er "
                                 "overskriften; hver rad under blir én post.")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Velg fil ...")
        choose.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.kind_combo = QComboBox()
        for key, spec in KINDS.items():
            self.kind_combo.addItem(spec.label, key)
        last = settings.value("sheet_import/last_kind", "doctors")
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(last), 0))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.create_missing = QCheckBox("Opprett leger, læringsarenaer og veiledere som ikke "
                                        "finnes i filen")
        self.create_missing.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        choices = QFormLayout()
        choices.addRow("Ark", self.sheet_combo)
        choices.addRow("Arket inneholder", self.kind_combo)
        choices.addRow("", self.create_missing)

        self.mapping_box = QGroupBox("Kolonner (rett opp om gjetningen er feil)")
        self.mapping_form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)
        self.combos: list[tuple[int, QComboBox]] = []

        self.model = RecordTableModel(columns(self.kind()), self)
        self.table, self.proxy = record_table(self.model, self)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.mapping_box)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 840])

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = ErrorLabel()
        bottom = import_footer(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choices)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(1150, 620)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    # --- choosing ------------------------------------------------------------------------
    def choose_file(self) -> None:
        out, _ = QFileDialog.getOpenFileName(self, "Velg regneark", "",
                                             "Regneark (*.xlsx *.csv *.txt);;Alle filer (*)")
        if out:
            self.load_file(Path(out))

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        try:
            table = read_sheet(path, sheet)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.path = Path(path)
        self.file_label.setText(str(path))
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(table.sheet_names or [table.name])
        self.sheet_combo.setCurrentText(table.name)
        self.sheet_combo.setEnabled(len(table.sheet_names) > 1)
        self.sheet_combo.blockSignals(False)
        self._use_table(table)

    def _sheet_changed(self, name: str) -> None:
        if self.path is not None and name and self.table_data and name != self.table_data.name:
            self.load_file(self.path, name)

    def _kind_changed(self) -> None:
        self.model.beginResetModel()
        self.model.columns = columns(self.kind())
        self.model.rows = []
        self.model.endResetModel()
        if self.table_data is not None:
            self._use_table(self.table_data)

    def _use_table(self, table: SheetTable) -> None:
        """A new sheet or kind: guess the mapping afresh (remembered headers first)."""
        self.table_data = table
        kind = self.kind()
        known = remembered(kind)
        at = header_row(table, kind, known) or 0
        self.headers = list(table.rows[at][1]) if table.rows else []
        self.mapping = guess_mapping(kind, self.headers, known)
        self._fill_mapping_form()
        self.refresh()

    def _fill_mapping_form(self) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = []
        spec = KINDS[self.kind()]
        for i, header in enumerate(self.headers):
            if v.is_blank(header):
                continue
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, "")
            for f in spec.fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.key)
            combo.setCurrentIndex(max(combo.findData(self.mapping.columns.get(i, "")), 0))
            combo.currentIndexChanged.connect(self._mapping_edited)
            self.mapping_form.addRow(v.shown(header), combo)
            self.combos.append((i, combo))

    def _mapping_edited(self) -> None:
        columns_now = {i: combo.currentData() for i, combo in self.combos if combo.currentData()}
        self.mapping = Mapping(columns_now, self.mapping.defaults if self.mapping else {})
        self.refresh()

    # --- the preview ---------------------------------------------------------------------
    def refresh(self) -> None:
        if self.table_data is None or self.context.store is None:
            return
        # The file's records are read here (the store belongs to this thread); the sheet is
        # read against them in memory, on a worker for a large sheet.
        work = functools.partial(
            preview_sheet, self.kind(), self.table_data, existing(self.context.store),
            today=self.today, mapping=self.mapping, remembered=remembered(self.kind()),
            create_missing=self.create_missing.isChecked())
        self._generation += 1
        if len(self.table_data.rows) <= BACKGROUND_ROWS:
            self._show(self._generation, work())
            return
        self.import_button.setEnabled(False)
        self.summary.setText(f"Leser {len(self.table_data.rows)} rader ...")
        generation, signals = self._generation, self._signals

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # shown in the dialog, never lost in the thread
                result = exc
            try:
                signals.done.emit(generation, result)
            except RuntimeError:  # the dialog is gone
                pass
        threading.Thread(target=run, name="alis-sheet-preview", daemon=True).start()

    def _show(self, generation: int, preview) -> None:
        if generation != self._generation:
            return  # a newer choice of columns is being read
        if isinstance(preview, Exception):
            self.error.show_error(f"Kunne ikke lese arket: {preview}")
            return
        self.preview = preview
        self._shown = generation
        p = self.preview
        self.model.set_rows(p.rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 420))
        lines = list(p.problems) + [p.summary()]
        if p.clean:
            lines.append("Klar til import. Trykk «Importer».")
        elif p.rows:
            lines.append("Ingenting importeres før alle feil er rettet (i arket, i kolonnevalget "
                         "eller med avkrysningen over).")
        self.summary.setText("\n".join(lines))
        ok = p.clean and not self.context.read_only
        self.import_button.setEnabled(ok)
        self.import_button.setText(f"Importer {len(p.rows)}" if ok else "Importer")
        self.copy_button.setEnabled(bool(p.report()))
        self.error.show_error("")

    def copy_report(self) -> None:
        if self.preview is not None:
            QGuiApplication.clipboard().setText(self.preview.report())

    def accept(self) -> None:
        if self._shown != self._generation:
            self.error.show_error("Vent til arket er lest.")
            return
        if self.preview is None or not self.preview.clean:
            self.error.show_error("Arket har feil; ingenting er importert.")
            return
        try:
            self.imported = write_preview(self.context.store, self.preview,
                                          backup_folder=settings.backup_folder())
        except (ValidationError, FileProblem, OSError) as exc:
            self.error.show_error(f"Ingenting er importert: {getattr(exc, 'message', exc)}")
            return
        remember(self.kind(), self.mapping.by_header(self.headers))
        settings.set_value("sheet_import/last_kind", self.kind())
        kinds = set(self.imported) | {"supervisor_assignments"}
        self.context.notify(*kinds)
        self.summary.setText(f"Importert: {counted(self.imported)}.")
        super().accept()
