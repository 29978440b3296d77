"""Fil -> Ny fil: start empty (with Kom i gang on Oversikt) or from the demo municipality,
to try things out without touching real data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from alis_desktop.errors import FileProblem

EMPTY, DEMO = "empty", "demo"


def start_box(parent) -> QMessageBox:
    """The question; the answer is in box.property("choice") after exec (None: cancelled)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Ny fil")
    box.setText("Hvordan vil du starte den nye filen?")
    box.setInformativeText(
        "En tom fil er for kommunens egne leger: Kom i gang på Oversikt viser stegene. "
        "Demokommunen er oppdiktet (Fjordvik) og fylt med leger, perioder, veiledning og "
        "møter, til å prøve programmet uten å røre ekte data.")
    buttons = {EMPTY: box.addButton("Tom fil", QMessageBox.ButtonRole.AcceptRole),
               DEMO: box.addButton("Demokommune (for å prøve)", QMessageBox.ButtonRole.ActionRole)}
    cancel = box.addButton("Avbryt", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[EMPTY])
    box.setEscapeButton(cancel)
    box.setProperty("choice", None)
    box.buttonClicked.connect(lambda b: box.setProperty(
        "choice", next((k for k, v in buttons.items() if v is b), None)))
    return box


def ask_start(parent) -> str | None:
    """EMPTY, DEMO, or None when cancelled."""
    box = start_box(parent)
    box.exec()
    return box.property("choice")


def write_demo_file(parent, path: Path) -> bool:
    from db.demo_file import write_demo
    try:
        write_demo(path)
    except (OSError, FileProblem) as exc:
        QMessageBox.warning(parent, "Ny fil", f"Kunne ikke lage demokommunen: {exc}")
        return False
    return True
