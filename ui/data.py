"""The open file as the views see it: the store plus one `changed` signal per write.

Edits go through `save()` / `delete()`: the domain validates, the store writes in one
transaction, then `changed` names the kinds that changed and views refresh themselves.
ValidationError and FileProblem propagate so the dialog can show them where they belong."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from alis_desktop.records import KIND_OF
from db.store import Store


class DataContext(QObject):
    changed = Signal(object)  # a frozenset of record kinds
    file_changed = Signal()

    def __init__(self, store: Store | None = None, parent=None):
        super().__init__(parent)
        self.store = store

    @property
    def read_only(self) -> bool:
        return self.store is None or self.store.read_only

    def set_store(self, store: Store | None) -> None:
        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.file_changed.emit()

    def save(self, record, *, audit: str | None = None):
        saved = self.store.save(record, audit=audit)
        self.changed.emit(frozenset({KIND_OF[type(record)]}))
        return saved

    def delete(self, kind: str, record_id: int, *, reason: str = "") -> None:
        self.store.delete(kind, record_id, reason=reason)
        self.changed.emit(frozenset({kind}))

    def notify(self, *kinds: str) -> None:
        """Tell the views that a multi-record operation changed these kinds."""
        self.changed.emit(frozenset(kinds))

    def archive(self, kind: str, record_id: int, archived: bool = True):
        """Archive (or bring back) a doctor, arena or supervisor that has history."""
        record = self.store.archive(kind, record_id, archived)
        self.changed.emit(frozenset({kind}))
        return record
