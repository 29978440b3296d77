"""Warn once per file when it lies in a OneDrive/Dropbox/Google Drive/iCloud folder
(alis_desktop/synced.py says why). Once: the leader who has read it and decided to keep the
file there is not nagged at every start; the check command repeats it on demand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from alis_desktop.synced import synced_folder, warning
from ui import settings

KEY = "synced/warned"


def pending_warning(path: Path) -> str | None:
    """The warning for `path` if it lies in a synced folder and has not been shown yet."""
    found = synced_folder(Path(path).absolute())
    if found is None:
        return None
    warned = settings.value(KEY, []) or []
    if isinstance(warned, str):
        warned = [warned]
    if str(path) in warned:
        return None
    return warning(found)


def mark_warned(path: Path) -> None:
    warned = settings.value(KEY, []) or []
    if isinstance(warned, str):
        warned = [warned]
    settings.set_value(KEY, [*warned, str(path)][-50:])


def warn_once(parent, path: Path) -> bool:
    """Show the warning if due; True when it was shown."""
    text = pending_warning(path)
    if text is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, "Filen ligger i en synkronisert mappe", text,
                      QMessageBox.StandardButton.Ok, parent)
    mark_warned(path)
    box.exec()
    return True
