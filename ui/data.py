"""The open file as the views see it: the store plus one `changed` signal per write.

Edits go through `save()` / `delete()`: the domain validates, the store writes in one
transaction, then `changed` names the kinds that changed and views refresh themselves.
Just before it, `changed_for` also names the doctors whose records changed (None when the
change may reach every doctor), so everyone's figures recompute only those doctors.
ValidationError and FileProblem propagate so the dialog can show them where they belong."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from alis_desktop.audit import UNDONE
from alis_desktop.errors import ValidationError
from alis_desktop.records import KIND_OF
from db.store import AUDITED_KINDS, Store

UNDO_DEPTH = 20  # steps remembered; the oldest go first


@dataclasses.dataclass
class Change:
    """One record's write: its state before (None: it was new) and after (None: deleted)."""

    kind: str
    before: object | None
    after: object | None


@dataclasses.dataclass
class UndoStep:
    """What one user action wrote (a save, a delete, or a grouped step), to undo together."""

    label: str
    changes: list


class DataContext(QObject):
    changed = Signal(object)  # a frozenset of record kinds
    changed_for = Signal(object, object)  # kinds, frozenset of doctor ids or None (all)
    file_changed = Signal()  # another file is open, or this one has become read-only

    undo_changed = Signal()  # the undo stack grew, shrank or was cleared

    def __init__(self, store: Store | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.undo_steps: list[UndoStep] = []
        self._group: UndoStep | None = None
        self._group_kinds: set = set()
        self._group_doctors: set | None = set()

    @property
    def read_only(self) -> bool:
        return self.store is None or self.store.read_only

    def set_store(self, store: Store | None) -> None:
        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.clear_undo()
        self.file_changed.emit()

    def write_access_lost(self) -> None:
        """Another copy took the file over (the store is read-only now): the views show
        the banner and disable what edits."""
        self.file_changed.emit()

    def save(self, record, *, audit: str | None = None, detail: str | None = None):
        kind = KIND_OF[type(record)]
        before = self._current(kind, record.id)
        saved = self.store.save(record, audit=audit, detail=detail)
        self._remember(Change(kind, before, dataclasses.replace(saved)), "lagring")
        self._emit({kind}, _doctors_of(saved))
        return saved

    def delete(self, kind: str, record_id: int, *, reason: str = "") -> None:
        found = self.store.all(kind, "id = ?", [record_id])  # gone: delete() says so
        doctors = _doctors_of(found[0]) if found else None
        self.store.delete(kind, record_id, reason=reason)
        self._remember(Change(kind, found[0], None), "sletting")
        self._emit({kind}, doctors)

    # --- one step of several writes, and undoing the last step ---------------------------
    @contextmanager
    def step(self, label: str):
        """Saves and deletes made through this context inside the block are one transaction,
        one undo step and one `changed` signal."""
        if self._group is not None:  # nested: part of the outer step
            yield
            return
        self._group, self._group_kinds, self._group_doctors = UndoStep(label, []), set(), set()
        try:
            with self.store.transaction():
                yield
            group, kinds, doctors = self._group, self._group_kinds, self._group_doctors
        finally:
            self._group = None
        if group.changes:
            self._push(group)
            self._emit(kinds, None if doctors is None else frozenset(doctors))

    def undo_text(self) -> str:
        """«Angre lagring av tjenesteperiode» for the menu; '' when there is nothing to undo."""
        return f"Angre {self.undo_steps[-1].label}" if self.undo_steps else ""

    def undo(self) -> UndoStep | None:
        """Undo the last step in one transaction, through the store's own save and delete,
        each write audited as «angret». Refused (ValidationError, step kept) when a record
        has changed since, or a new record has gained records that refer to it."""
        if not self.undo_steps:
            return None
        step = self.undo_steps[-1]
        kinds, doctors = set(), set()
        with self.store.transaction():
            for change in reversed(step.changes):
                record = change.after if change.after is not None else change.before
                now = self._current(change.kind, record.id)
                if now != change.after:
                    raise ValidationError("id", f"Kan ikke angre {step.label}: "
                                                "opplysningene er endret siden.")
                if change.before is None:
                    self.store.delete(change.kind, record.id, reason="angret",
                                      audit=UNDONE)
                elif change.after is None:
                    self.store.restore(change.before, audit=UNDONE)
                else:
                    self.store.save(dataclasses.replace(change.before), audit=UNDONE)
                    if change.kind not in AUDITED_KINDS:  # the undo is audited all the same
                        self.store.audit(UNDONE, change.kind, record.id, step.label)
                kinds.add(change.kind)
                owner = _doctors_of(record)
                doctors = None if owner is None or doctors is None else doctors | owner
        self.undo_steps.pop()
        self.undo_changed.emit()
        self._emit(kinds | {"audit_log"}, None if doctors is None else frozenset(doctors))
        return step

    def clear_undo(self) -> None:
        if self.undo_steps:
            self.undo_steps.clear()
            self.undo_changed.emit()

    def _current(self, kind: str, record_id):
        if record_id is None:
            return None
        found = self.store.all(kind, "id = ?", [record_id])
        return found[0] if found else None

    def _remember(self, change: Change, what: str) -> None:
        label = f"{what} av {KIND_NAMES.get(change.kind, change.kind)}"
        if self._group is not None:
            self._group.changes.append(change)
            return
        self._push(UndoStep(label, [change]))

    def _push(self, step: UndoStep) -> None:
        self.undo_steps.append(step)
        del self.undo_steps[:-UNDO_DEPTH]
        self.undo_changed.emit()

    def notify(self, *kinds: str, doctors=None) -> None:
        """Tell the views that a multi-record operation changed these kinds (of these
        doctors' records only, when `doctors` names them). Written past the undo steps,
        so they are forgotten: undoing one of them could undo half of such an operation."""
        self.clear_undo()
        self._emit(set(kinds), None if doctors is None else frozenset(doctors))

    def archive(self, kind: str, record_id: int, archived: bool = True):
        """Archive (or bring back) a doctor, arena or supervisor that has history."""
        record = self.store.archive(kind, record_id, archived)
        self._emit({kind}, _doctors_of(record))
        return record

    def _emit(self, kinds: set, doctors: frozenset | None) -> None:
        if self._group is not None:  # inside step(): one signal when it ends
            self._group_kinds |= set(kinds)
            if doctors is None or self._group_doctors is None:
                self._group_doctors = None
            else:
                self._group_doctors |= doctors
            return
        kinds = frozenset(kinds)
        self.changed_for.emit(kinds, doctors)
        self.changed.emit(kinds)


# "lagring av tjenesteperiode": the record kinds as the Angre menu item names them.
KIND_NAMES = {
    "municipality": "kommunens opplysninger", "goal_texts": "læringsmåltekst",
    "doctors": "lege", "arenas": "læringsarena", "arena_coverage": "arenadekning",
    "supervisors": "veileder", "supervisor_assignments": "veiledertilknytning",
    "placements": "tjenesteperiode", "leaves": "fravær",
    "supervision_sessions": "veiledningstime", "goal_statuses": "læringsmål",
    "activities": "læringsaktivitet", "meetings": "møte", "meeting_actions": "tiltak",
    "plan_items": "planpunkt", "rule_deviations": "regelavvik", "attestations": "attest",
    "institution_requests": "institusjonsønske", "institution_posts": "institusjonsplass",
}


def _doctors_of(record) -> frozenset | None:
    """The doctor a record belongs to (a doctor belongs to herself); None for records that
    concern every doctor (arenas, supervisors, the goal texts, the municipality)."""
    if KIND_OF.get(type(record)) == "doctors":
        return frozenset({record.id})
    doctor_id = getattr(record, "doctor_id", None)
    return frozenset({doctor_id}) if doctor_id is not None else None
