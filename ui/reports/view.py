"""Rapporter: documents and data out of the file. The foundation offers the full JSON
export and the file check; the printed documents join this list as they are built."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog, QGroupBox, QLabel, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget,
)

from db.check import check_file
from db.exchange import dumps, export_data


class ReportsView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        title = QLabel("Rapporter og data")
        title.setObjectName("viewTitle")

        data_box = QGroupBox("Data")
        self.export_button = QPushButton("Eksporter alt til JSON ...")
        self.export_button.clicked.connect(self.export_json)
        self.check_button = QPushButton("Kontroller filen")
        self.check_button.clicked.connect(self.check)
        box_layout = QVBoxLayout(data_box)
        box_layout.addWidget(QLabel("Full eksport av alt i filen (formatet er beskrevet i "
                                    "docs/data-format.md); kan importeres til en ny fil."))
        box_layout.addWidget(self.export_button)
        box_layout.addWidget(self.check_button)

        self.result = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(data_box)
        layout.addWidget(self.result, 1)

    def export_json(self) -> None:
        store = self.context.store
        suggested = str(store.path.with_suffix(".json")) if store.path else "alis.json"
        out, _ = QFileDialog.getSaveFileName(self, "Eksporter til JSON", suggested,
                                             "JSON (*.json)")
        if not out:
            return
        Path(out).write_text(dumps(export_data(store)), encoding="utf-8")
        self.result.setPlainText(f"Eksporterte til {out}.")

    def check(self) -> None:
        store = self.context.store
        if store is None or store.path is None:
            return
        report = check_file(store.path)
        lines = [f"Skjemaversjon: {report['schema_version']}",
                 f"Integritet: {report['integrity']}",
                 f"Fremmednøkkelfeil: {report['foreign_key_problems']}", ""]
        lines += [f"{kind}: {n}" for kind, n in report["counts"].items()]
        self.result.setPlainText("\n".join(lines))
        if not report["ok"]:
            QMessageBox.warning(self, "Kontroll", "Filen har problemer; se detaljene.")
