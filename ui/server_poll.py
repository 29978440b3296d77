"""Other users' changes in open views (issue 20): on a server, poll its change counter
(docs/server.md: polling rather than LISTEN/NOTIFY) and, when it moved, tell every view
that everything may have changed, as after an own write. A file has one writer: no timer."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from alis_desktop.records import RECORD_KINDS

POLL_SECONDS = 15


class ChangePoller(QObject):
    def __init__(self, context, parent=None, interval_ms: int = POLL_SECONDS * 1000):
        super().__init__(parent)
        self.context = context
        self.last: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        context.file_changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        """Start on a server, stop on a file."""
        store = self.context.store
        self.last = store.change_token() if store is not None else None
        if self.last is None:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def poll(self) -> bool:
        """True when the register changed since the last look (views were refreshed)."""
        store = self.context.store
        if store is None or store.url is None:
            return False
        try:
            now = store.change_token()
        except Exception:  # noqa: BLE001 - the server away for a moment: try next time
            return False
        if now == self.last:
            return False
        self.last = now
        kinds = frozenset(RECORD_KINDS)
        self.context.changed_for.emit(kinds, None)
        self.context.changed.emit(kinds)
        return True
