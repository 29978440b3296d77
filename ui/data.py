"""The open file as the views see it: the store plus one `changed` signal per write.

Edits go through `save()` / `delete()`: the domain validates, the store writes in one
transaction, then `changed` names the kinds that changed and views refresh themselves.
Just before it, `changed_for` also names the doctors whose records changed (None when the
change may reach every doctor), so everyone's figures recompute only those doctors.
ValidationError and FileProblem propagate so the dialog can show them where they belong."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from alis_desktop.records import KIND_OF
from db.store import Store


class DataContext(QObject):
    changed = Signal(object)  # a frozenset of record kinds
    changed_for = Signal(object, object)  # kinds, frozenset of doctor ids or None (all)
    file_changed = Signal()  # another file is open, or this one has become read-only

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

    def write_access_lost(self) -> None:
        """Another copy took the file over (the store is read-only now): the views show
        the banner and disable what edits."""
        self.file_changed.emit()

    def save(self, record, *, audit: str | None = None):
        saved = self.store.save(record, audit=audit)
        self._emit({KIND_OF[type(record)]}, _doctors_of(saved))
        return saved

    def delete(self, kind: str, record_id: int, *, reason: str = "") -> None:
        found = self.store.all(kind, "id = ?", [record_id])  # gone: delete() says so
        doctors = _doctors_of(found[0]) if found else None
        self.store.delete(kind, record_id, reason=reason)
        self._emit({kind}, doctors)

    def notify(self, *kinds: str, doctors=None) -> None:
        """Tell the views that a multi-record operation changed these kinds (of these
        doctors' records only, when `doctors` names them)."""
        self._emit(set(kinds), None if doctors is None else frozenset(doctors))

    def archive(self, kind: str, record_id: int, archived: bool = True):
        """Archive (or bring back) a doctor, arena or supervisor that has history."""
        record = self.store.archive(kind, record_id, archived)
        self._emit({kind}, _doctors_of(record))
        return record

    def _emit(self, kinds: set, doctors: frozenset | None) -> None:
        kinds = frozenset(kinds)
        self.changed_for.emit(kinds, doctors)
        self.changed.emit(kinds)


def _doctors_of(record) -> frozenset | None:
    """The doctor a record belongs to (a doctor belongs to herself); None for records that
    concern every doctor (arenas, supervisors, the goal texts, the municipality)."""
    if KIND_OF.get(type(record)) == "doctors":
        return frozenset({record.id})
    doctor_id = getattr(record, "doctor_id", None)
    return frozenset({doctor_id}) if doctor_id is not None else None
