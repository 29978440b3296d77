"""Attestregister: every issued attestation with its number, doctor, date, period and
SHA-256, checked against the stored PDF; 'Skriv ut på nytt' writes the stored bytes again,
identical to the first print."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from reports import attestation
from ui.reports.documents import suggested_name
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import shortcut_action


@dataclass(frozen=True)
class RegisterRow:
    id: int
    number: str
    doctor: str
    issued: date | None
    period_start: date | None
    period_end: date | None
    sha256: str
    intact: bool


def load_rows(store) -> list[RegisterRow]:
    names = {d.id: d.name for d in store.all("doctors")}
    return [RegisterRow(a.id, a.number, names.get(a.doctor_id, ""), a.issued_date,
                        a.period_start, a.period_end, a.sha256,
                        hashlib.sha256(a.pdf).hexdigest() == a.sha256)
            for a in store.all("attestations", order_by="issued_date DESC, number DESC")]


class AttestationRegister(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.choose_path = self._ask_path   # replaced in tests
        self.open_file = None               # set by the view: opens a PDF in the viewer
        self.model = RecordTableModel([
            Column("Nr.", lambda r: r.number),
            Column("Lege", lambda r: r.doctor),
            Column("Utstedt", lambda r: r.issued),
            Column("Periode", lambda r: (r.period_start, r.period_end),
                   display=lambda v: f"{fmt(v[0])}–{fmt(v[1])}"),
            Column("SHA-256", lambda r: r.sha256,
                   tooltip="Sjekksummen registrert da attesten ble utstedt"),
            Column("Kontroll", lambda r: r.intact,
                   display=lambda ok: "OK" if ok else "Endret!",
                   colour=lambda r: None if r.intact else "#f6d5d5"),
        ], self)
        self.table, self.proxy = record_table(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i registeret ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _i: self.reprint_selected())
        self.reprint_button = QPushButton("Skriv ut på nytt ...")
        self.reprint_button.setToolTip("Skriver den lagrede attesten, identisk med "
                                       "originalen (Ctrl+R)")
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.reprint_action = shortcut_action(self, "Skriv ut på nytt", "Ctrl+R",
                                              self.reprint_selected)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.search, 1)
        top.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda kinds: "attestations" in kinds and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        rows = load_rows(store) if store else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        broken = sum(1 for r in rows if not r.intact)
        self.summary.setText(f"{len(rows)} utstedte attester"
                             + (f"; {broken} stemmer ikke med sjekksummen!" if broken else ""))

    def selected(self) -> RegisterRow | None:
        return selected_object(self.table, self.model)

    def _ask_path(self, suggested: str) -> str:
        out, _ = QFileDialog.getSaveFileName(self, "Skriv ut attest på nytt", suggested,
                                             "PDF (*.pdf)")
        return out

    def reprint_selected(self) -> Path | None:
        row = self.selected()
        if row is None:
            return None
        try:
            data = attestation.reprint(self.context.store, row.id)
        except FileProblem as exc:
            QMessageBox.warning(self, "Attest", str(exc))
            return None
        folder = self.context.store.path.parent if self.context.store.path else Path.home()
        out = self.choose_path(str(folder / suggested_name("attestation", row.doctor,
                                                           row.issued, row.number)))
        if not out:
            return None
        write_bytes_atomically(Path(out), data)
        if self.open_file is not None:
            self.open_file(Path(out))
        return Path(out)
