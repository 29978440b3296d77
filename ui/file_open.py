"""Files opened from the Finder on macOS: a double-clicked .alis reaches the app as a
QFileOpenEvent (an Apple event), not as a command-line argument, whether the app is starting
or already running. Windows and Linux pass the file on the command line instead (the
installer's association runs `alis-desktop.exe "%1"`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject


class FileOpenHandler(QObject):
    """Opens each file the system asks for in the window (install on the QApplication)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = Path(event.file())
            if path.suffix.lower() in (".alis", ".sqlite", ".db") and path != self._current():
                self.window.open_path(path)
            return True
        return False

    def _current(self) -> Path | None:
        store = self.window.context.store
        return store.path if store is not None else None


def install(app, window) -> FileOpenHandler:
    handler = FileOpenHandler(window)
    app.installEventFilter(handler)
    return handler
