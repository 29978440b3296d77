"""Dekningsmatrise: goals x arenas (Helt / Delvis / blank), the goals no arena covers in red,
printable as PDF (reports/coverage_matrix.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from alis_desktop.goals import FULL, PARTIAL, CoverageMatrix
from reports.coverage_matrix import build_pdf, load_matrix
from ui.goals.untitled import MISSING_TIP
from ui.table_model import Column, RecordTableModel, record_table

LEVEL_TEXT = {FULL: "Helt", PARTIAL: "Delvis", None: ""}
CELL_COLOUR = {FULL: "#d7ecd9", PARTIAL: "#d6e4f5"}
GAP_COLOUR = "#f6c9c9"


def short(name: str, width: int = 13) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"


def matrix_columns(matrix: CoverageMatrix) -> list[Column]:
    def gap_colour(goal):
        return GAP_COLOUR if matrix.best(goal.code) is None else None

    cols = [Column("Kode", lambda g: g.code, colour=gap_colour),
            Column("Læringsmål", lambda g: "(mangler tittel)" if g.untitled else g.title,
                   colour=gap_colour,
                   tooltip=lambda g: MISSING_TIP if g.untitled else g.text or g.title)]
    for arena in matrix.arenas:
        def level(g, a=arena):
            return matrix.level(g.code, a.id)

        def colour(g, a=arena):
            lv = matrix.level(g.code, a.id)
            return CELL_COLOUR.get(lv) or gap_colour(g)
        cols.append(Column(short(arena.name), level, lambda v: LEVEL_TEXT[v],
                           tooltip=arena.name, colour=colour))
    cols.append(Column("Samlet", lambda g: matrix.best(g.code),
                       lambda v: LEVEL_TEXT[v] or "MANGLER", colour=gap_colour))
    return cols


class CoverageMatrixPanel(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.matrix: CoverageMatrix | None = None
        self.model = RecordTableModel([], self)
        self.table, self.proxy = record_table(self.model, self, single=False, alternating=False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i mål ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.search_goals)
        self.only_missing = QCheckBox("Bare mål uten full dekning")
        self.only_missing.toggled.connect(self._apply_filter)
        self.print_button = QPushButton("Skriv ut som PDF ...")
        self.print_button.setToolTip("Lagre dekningsmatrisen som PDF (Ctrl+P)")
        self.print_button.clicked.connect(self.print_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pdf,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.horizontalHeader().setStretchLastSection(False)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.only_missing)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            self.model.set_rows([])
            return
        self.matrix = load_matrix(store)
        self.model.beginResetModel()
        self.model.columns = matrix_columns(self.matrix)
        self.model.rows = list(self.matrix.goals)
        self.model.endResetModel()
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Widths from the headers and the font: resizeColumnsToContents would ask every cell.
        metrics = self.table.horizontalHeader().fontMetrics()
        em = metrics.horizontalAdvance("M")
        for col, column in enumerate(self.model.columns):
            self.table.setColumnWidth(col, max(6 * em, metrics.horizontalAdvance(column.header)
                                               + 2 * em))
        self.table.setColumnWidth(1, 16 * em)
        self._apply_filter()
        self.summary.setText(self.describe())

    def describe(self) -> str:
        m = self.matrix
        gaps, partial = m.gaps, m.partial_only
        text = (f"{len(m.arenas)} læringsarenaer i bruk, {len(m.goals)} læringsmål. ")
        if gaps:
            text += (f"<span style='color:#b71c1c;font-weight:600'>{len(gaps)} mål har ingen "
                     f"læringsarena: {', '.join(gaps)}</span> – kommunen trenger avtale med en "
                     "annen virksomhet for disse. ")
        else:
            text += "Alle mål dekkes av minst én læringsarena. "
        if partial:
            text += f"{len(partial)} mål dekkes bare delvis: {', '.join(partial)}."
        return text

    def _apply_filter(self) -> None:
        if self.only_missing.isChecked() and self.matrix is not None:
            matrix = self.matrix
            self.proxy.set_predicate(lambda g: matrix.best(g.code) != FULL)
        else:
            self.proxy.set_predicate(None)

    def write_pdf(self, path: Path) -> Path:
        store = self.context.store
        municipality = store.municipality()
        build_pdf(load_matrix(store), municipality.name, Path(path),
                  logo_path=municipality.logo_path)
        return Path(path)

    def print_pdf(self) -> None:
        store = self.context.store
        if store is None:
            return
        suggested = str(store.path.with_name("dekningsmatrise.pdf")) if store.path else ""
        out, _ = QFileDialog.getSaveFileName(self, "Lagre dekningsmatrisen", suggested,
                                             "PDF (*.pdf)")
        if not out:
            return
        try:
            self.write_pdf(Path(out if out.lower().endswith(".pdf") else out + ".pdf"))
        except OSError as exc:
            QMessageBox.warning(self, "Dekningsmatrise", f"Kunne ikke lagre PDF: {exc}")
