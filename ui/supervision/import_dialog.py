"""Importer veiledninger fra CSV: read a file, show every row with its errors and warnings,
and write the sessions (in one transaction) only when the preview is clean and the user
confirms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton,
    QVBoxLayout,
)

from alis_desktop.errors import ValidationError
from alis_desktop.supervision_csv import decode, read_sessions
from db import supervision as dbs
from ui.supervision.common import hours, sorted_table, today
from ui.table_model import Column, RecordTableModel
from ui.widgets import ErrorLabel, import_footer


def _status(row) -> str:
    if row.errors:
        return "Feil: " + " ".join(row.errors)
    if row.warnings:
        return "Advarsel: " + " ".join(row.warnings)
    return "OK"


def _colour(row) -> str | None:
    if row.errors:
        return "#f6d5d5"
    return "#fff3cd" if row.warnings else None


def columns() -> list[Column]:
    return [
        Column("Linje", lambda r: r.line, align_right=True),
        Column("Dato", lambda r: r.values.get("date", "")),
        Column("Lege", lambda r: r.values.get("doctor", "")),
        Column("Veileder", lambda r: r.values.get("supervisor", "")),
        Column("Timer", lambda r: r.values.get("hours", ""), align_right=True),
        Column("Merknad", lambda r: r.values.get("note", "")),
        Column("Status", _status, colour=_colour),
    ]


class ImportDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.preview = None
        self.imported = 0
        self.setWindowTitle("Importer veiledninger fra CSV")
        self.setModal(True)
        self.file_label = QLabel("Ingen fil valgt. Kolonner: dato; lege; veileder; timer; "
                                 "merknad (første linje er overskrift).")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Velg fil ...")
        choose.clicked.connect(self.choose_file)
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = sorted_table(self.model, self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        bottom = import_footer(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(900, 520)

    def choose_file(self) -> None:
        out, _ = QFileDialog.getOpenFileName(self, "Velg CSV-fil", "",
                                             "CSV (*.csv *.txt);;Alle filer (*)")
        if out:
            self.load_file(Path(out))

    def load_file(self, path: Path) -> None:
        """Read and check the file; nothing is written."""
        try:
            text = decode(path.read_bytes())
        except OSError as exc:
            self.error.show_error(f"Kan ikke lese filen: {exc}")
            return
        self.file_label.setText(str(path))
        self.show_preview(text)

    def show_preview(self, text: str) -> None:
        store = self.context.store
        self.preview = read_sessions(
            text, doctors=store.all("doctors"), supervisors=store.all("supervisors"),
            assignments=store.all("supervisor_assignments"),
            existing=store.all("supervision_sessions"), today=today())
        p = self.preview
        self.model.set_rows(p.rows)
        self.table.resizeColumnsToContents()
        good = [r for r in p.rows if r.ok]
        warned = sum(1 for r in p.rows if r.warnings)
        lines = list(p.problems)
        lines.append(f"{len(p.rows)} rader: {len(good)} kan importeres, {p.error_count} med feil"
                     + (f", {warned} med advarsel" if warned else "") + ".")
        if p.clean:
            lines.append(f"Klar: {len(good)} veiledninger, "
                         f"{hours(sum(r.session.hours for r in good))}. Trykk «Importer».")
        else:
            lines.append("Ingenting importeres før alle feil er rettet i filen og den er lest "
                         "inn på nytt.")
        self.summary.setText("\n".join(lines))
        self.import_button.setEnabled(p.clean and not self.context.read_only)
        self.import_button.setText(f"Importer {len(good)}" if p.clean else "Importer")
        self.copy_button.setEnabled(bool(p.report()))
        self.error.show_error("")

    def copy_report(self) -> None:
        if self.preview is not None:
            QGuiApplication.clipboard().setText(self.preview.report())

    def accept(self) -> None:
        if self.preview is None or not self.preview.clean:
            self.error.show_error("Filen har feil; ingenting er importert.")
            return
        try:
            saved = dbs.save_sessions(self.context.store, self.preview.sessions())
        except ValidationError as exc:
            self.error.show_error(f"Ingenting er importert: {exc.message}")
            return
        self.imported = len(saved)
        self.context.notify("supervision_sessions")
        super().accept()
