"""The heartbeat: refresh the writer's lock every minute, so other copies can tell a live
lock from one left by a crash; notice when another copy has taken the file over."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from db.lock import HEARTBEAT_SECONDS


class LockKeeper(QObject):
    lost = Signal(str)  # a Norwegian message: this copy may no longer write

    def __init__(self, context, parent=None, interval_ms: int = HEARTBEAT_SECONDS * 1000):
        super().__init__(parent)
        self.context = context
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)
        self.timer.start()

    def beat(self) -> bool:
        """One heartbeat; False when the lock was lost just now."""
        store = self.context.store
        if store is None or store.lock is None or store.lock.lost:
            return True
        if store.heartbeat():
            return True
        holder = store.lock_holder()
        who = f"{holder.describe()}" if holder is not None else "et annet program"
        self.lost.emit(
            f"Filen er tatt over av {who}. Dette vinduet er nå skrivebeskyttet, så ingen "
            "av dere overskriver den andres endringer. Lukk og åpne filen igjen når den er "
            "ledig.")
        self.context.file_changed.emit()  # views disable their edit actions
        return False
