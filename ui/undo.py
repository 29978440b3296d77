"""Rediger -> Angre: an action that names the step it would undo and undoes it through
DataContext.undo (one transaction, audited «angret»), saying why when it cannot."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from alis_desktop.errors import FileProblem, ValidationError

NOTHING = "Angre"


class UndoAction(QAction):
    def __init__(self, context, window):
        super().__init__(NOTHING, window)
        self.context = context
        self.window = window
        self.setShortcut(QKeySequence.StandardKey.Undo)
        self.setToolTip("Angre siste lagring eller sletting (Ctrl+Z)")
        self.triggered.connect(self.undo)
        context.undo_changed.connect(self.update_state)
        context.file_changed.connect(self.update_state)
        self.update_state()

    def update_state(self) -> None:
        text = self.context.undo_text()
        self.setText(text or NOTHING)
        self.setEnabled(bool(text) and not self.context.read_only)

    def undo(self) -> None:
        if not self.isEnabled():
            return
        try:
            step = self.context.undo()
        except (ValidationError, FileProblem) as exc:
            QMessageBox.warning(self.window, "Kan ikke angre", getattr(exc, "message", str(exc)))
            return
        if step is not None and hasattr(self.window, "statusBar"):
            self.window.statusBar().showMessage(f"Angret {step.label}.", 8000)
