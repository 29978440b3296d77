"""Fil -> Importer læringsmål: read a CSV or .xlsx of code / theme / text, preview every row
with its problem, and write the titles only when every row is good (all or nothing). Goal
statuses are never touched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTableView, QVBoxLayout,
)

from alis_desktop.catalog import FKM_OLD, versions
from alis_desktop.errors import ValidationError
from alis_desktop.goal_import import CatalogImport, check_rows, read_table
from alis_desktop.models import ALM_CATALOG, FKM_CURRENT
from db.goals import goal_texts, import_goal_texts
from ui.table_model import Column, FilterProxy, RecordTableModel
from ui.widgets import ErrorLabel, norwegian_buttons

BAD_ROW = "#f6d5d5"


def preview_columns() -> list[Column]:
    def bad(row):
        return BAD_ROW if row.error else None
    return [Column("Rad", lambda r: r.line, align_right=True, colour=bad),
            Column("Kode", lambda r: r.code or r.raw_code, colour=bad),
            Column("Tema", lambda r: r.theme, colour=bad),
            Column("Tekst", lambda r: r.text if len(r.text) <= 120 else r.text[:117] + "...",
                   colour=bad),
            Column("Problem", lambda r: r.error, colour=bad)]


class CatalogImportDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.result_: CatalogImport | None = None
        self.imported = 0
        self.setWindowTitle("Importer læringsmål")
        self.setModal(True)

        intro = QLabel("Les inn offisielle titler og tekster for læringsmålene fra en CSV- eller "
                       "Excel-fil med kolonnene kode, tema og tekst (f.eks. fra "
                       "Helsedirektoratets utdanningsplan). Legenes status på målene endres "
                       "ikke. Velg katalog: ALM, gjeldende FKM, eller en tidligere FKM-versjon "
                       "for leger som dokumenterte etter den.")
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("fil.csv eller fil.xlsx")
        browse = QPushButton("Velg fil ...")
        browse.clicked.connect(self.browse)
        self.version = QComboBox()
        self.version.setEditable(True)
        known = [ALM_CATALOG, FKM_CURRENT, FKM_OLD]
        known += [v for v in versions(goal_texts(context.store)) if v not in known]
        self.version.addItems(known)
        self.read_button = QPushButton("Les filen")
        self.read_button.clicked.connect(self.read)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(QLabel("Katalog:"))
        row.addWidget(self.version)
        row.addWidget(self.read_button)

        self.model = RecordTableModel(preview_columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = ErrorLabel()

        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Importer")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(lambda _: self._invalidate())
        self.version.currentTextChanged.connect(lambda _: self._invalidate())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 560)

    def browse(self) -> None:
        out, _ = QFileDialog.getOpenFileName(self, "Velg fil med læringsmål", "",
                                             "Regneark (*.csv *.xlsx);;Alle filer (*)")
        if out:
            self.path.setText(out)
            self.read()

    def _invalidate(self) -> None:
        """A new file or catalog must be read again before anything can be imported."""
        self.result_ = None
        self.import_button.setEnabled(False)

    def load(self, path: Path, version: str) -> CatalogImport | None:
        self.path.setText(str(path))
        self.version.setCurrentText(version)
        return self.read()

    def read(self) -> CatalogImport | None:
        self._invalidate()
        self.model.set_rows([])
        self.status.setText("")
        try:
            table = read_table(Path(self.path.text().strip()))
            result = check_rows(table, self.version.currentText().strip())
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return None
        self.model.set_rows(result.rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 380))
        if result.ok:
            self.error.show_error("")
            self.status.setText(f"{len(result.rows)} læringsmål er klare til import i katalogen "
                                f"{result.version}.")
            self.result_ = result
            self.import_button.setEnabled(not self.context.read_only)
        else:
            errors = result.errors
            more = f" (og {len(errors) - 3} til)" if len(errors) > 3 else ""
            self.error.show_error(f"Ingenting importeres før alle rader er i orden. "
                                  f"{len(errors)} feil: " + "; ".join(errors[:3]) + more + ".")
        return result

    def accept(self) -> None:
        if self.result_ is None:
            return
        store = self.context.store
        try:
            self.imported = import_goal_texts(store, self.result_.goal_texts(goal_texts(store)))
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.context.notify("goal_texts")
        super().accept()
