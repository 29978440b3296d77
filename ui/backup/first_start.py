"""The first start: say where the leader's file is and ask where its backups should go.

Backups beside the file share its disk, so one lost disk or one deleted folder takes both.
The leader picks a second place once (a network drive, usually H: or a department share);
the choice is kept in this machine's settings and can be changed under Fil."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from db.connection import backup_dir_for
from ui import settings
from ui.safety.synced import mark_warned, pending_warning, warn_once


def first_start_box(parent, file: Path) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Velkommen til ALIS Desktop")
    box.setText(f"Filen din er laget her:\n{file}")
    # The program chose this place itself: a synced folder is said here, in the one
    # welcome, rather than in a warning of its own before the window is up.
    synced = pending_warning(file)
    if synced:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(f"Filen din er laget her:\n{file}\n\n{synced}")
    box.setInformativeText(
        "Programmet tar sikkerhetskopi av filen hver gang du åpner den (høyst to ganger om "
        "dagen). Kopiene bør ligge et annet sted enn filen, så de ikke forsvinner sammen "
        "med den: velg en mappe på nettverksstasjonen (for eksempel H:), eller en annen "
        "disk som kommunen tar sikkerhetskopi av.\n\n"
        f"Velger du «Senere», legges kopiene i {backup_dir_for(file)}, på samme disk som "
        "filen. Du kan endre dette når som helst under Fil → Mappe for sikkerhetskopier.")
    box.pick = box.addButton("Velg mappe for sikkerhetskopier ...",
                             QMessageBox.ButtonRole.AcceptRole)
    box.later = box.addButton("Senere", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(box.pick)
    return box


def apply_choice(folder: Path | None) -> None:
    """Keep the leader's answer; asked once whatever it was."""
    if folder is not None:
        settings.set_backup_folder(folder)
    settings.mark_backup_folder_asked()


def ask_on_first_start(parent, file: Path) -> Path | None:
    """Ask once per machine; returns the chosen folder (None: beside the file)."""
    if settings.backup_folder_asked():
        warn_once(parent, file)  # the welcome that would have said it is not shown again
        return settings.backup_folder()
    box = first_start_box(parent, file)
    box.exec()
    if pending_warning(file):
        mark_warned(file)  # said in the welcome
    folder = None
    if box.clickedButton() is box.pick:
        chosen = QFileDialog.getExistingDirectory(parent, "Mappe for sikkerhetskopier",
                                                  str(Path.home()))
        folder = Path(chosen) if chosen else None
    apply_choice(folder)
    return folder
