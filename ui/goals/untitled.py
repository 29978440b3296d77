"""The note shown where goal titles are blank: how many, and how to fill them (the program
ships only some of Helsedirektoratet's texts; the rest are imported into the file)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

MISSING_TIP = ("Tittelen mangler i denne filen. Hent Helsedirektoratets titler og tekster "
               "med Fil → Importer læringsmål.")


class UntitledNote(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet("QFrame { background: #e8f0fb; border: 1px solid #b8cbe6; "
                           "border-radius: 4px; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Importer læringsmål ...")
        self.button.setToolTip("Fil → Importer læringsmål")
        self.button.clicked.connect(self.open_import)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def set_goals(self, goals) -> None:
        goals = list(goals)
        blank = sum(1 for g in goals if g.untitled)
        self.label.setText(f"{blank} av {len(goals)} læringsmål mangler tittel og tekst i "
                           "denne filen. Hent Helsedirektoratets titler og tekster med "
                           "<b>Fil → Importer læringsmål</b>.")
        self.setVisible(blank > 0)

    def open_import(self) -> None:
        window = self.window()
        if hasattr(window, "import_goals"):
            window.import_goals()
        else:  # the tab outside the main window (tests, previews)
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.information(self, "Importer læringsmål",
                                    "Velg Fil → Importer læringsmål i hovedvinduet.")
