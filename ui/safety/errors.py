"""A last net for the user's errors: a FileProblem or ValidationError that a view did not
catch (say a write tried while the file is read-only) becomes a Norwegian message box
instead of a traceback on the console. Everything else goes to the previous hook (a bug)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from alis_desktop.errors import FileProblem, ValidationError


def show(text: str) -> None:
    QMessageBox.warning(QApplication.activeWindow(), "ALIS Desktop", text)


def install() -> None:
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, (FileProblem, ValidationError)):
            show(str(exc))
            return
        previous(exc_type, exc, tb)

    hook.previous = previous
    sys.excepthook = hook
