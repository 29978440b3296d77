"""Writing a spreadsheet import: a backup first, then every record in one transaction, each
audited as created, and one audit line for the import as a whole. Nothing is written unless
the preview is clean."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alis_desktop import audit as audit_text
from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.sheet_import import Existing, SheetPreview
from db.backup import BEFORE_IMPORT, backup_now
from db.store import Store


def existing(store: Store) -> Existing:
    """What a sheet is matched and checked against."""
    return Existing(
        doctors=store.all("doctors"), arenas=store.all("arenas"),
        supervisors=store.all("supervisors"), assignments=store.all("supervisor_assignments"),
        placements=store.all("placements"), leaves=store.all("leaves"),
        sessions=store.all("supervision_sessions"), activities=store.all("activities"))


def write_preview(store: Store, preview: SheetPreview, *, backup_folder: Path | None = None,
                  backup: bool = True) -> dict[str, int]:
    """Store a clean preview: new doctors, arenas and supervisors first, then the rows.
    Returns how many records of each kind were written."""
    if not preview.clean:
        first = (preview.errors() or ["Arket har ingen rader."])[0]
        raise ValidationError("rows", f"Ingenting er importert: {first}")
    store._writable()
    if backup and store.path is not None:
        backup_now(store.path, backup_folder, store.municipality().backup_keep,
                   tag=BEFORE_IMPORT)
    ids: dict[tuple[str, int], int] = {}
    counts: dict[str, int] = {}

    def saved(kind: str, record) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    with store.transaction():
        for kind, new in (("doctors", preview.new_doctors), ("arenas", preview.new_arenas),
                          ("supervisors", preview.new_supervisors)):
            for record in new:
                copy = store.save(dataclasses.replace(record, id=None))
                ids[(kind, record.id)] = copy.id
                saved(kind, copy)

        def real(kind: str, ref):
            return ids.get((kind, ref), ref) if ref is not None and ref < 0 else ref

        for row in preview.rows:
            record = row.record
            changes = {"id": None}
            for name, kind in (("doctor_id", "doctors"), ("arena_id", "arenas"),
                               ("supervisor_id", "supervisors")):
                if hasattr(record, name):
                    changes[name] = real(kind, getattr(record, name))
            copy = store.save(dataclasses.replace(record, **changes))
            saved(_KIND[type(record)], copy)
            for extra in row.extra:
                assignment = dataclasses.replace(
                    extra, doctor_id=copy.id, supervisor_id=real("supervisors",
                                                                 extra.supervisor_id))
                saved("supervisor_assignments", store.save(assignment))
        store.audit(audit_text.SHEET_IMPORTED, _KIND_OF_SHEET[preview.kind], None,
                    counted(counts))
    return counts


def counted(counts: dict[str, int]) -> str:
    """'Lege: 2, Veileder: 1' (no names: the audit log never copies who)."""
    return ", ".join(f"{audit_text.KIND_LABELS[k]}: {n}" for k, n in counts.items())


_KIND = {m.Doctor: "doctors", m.Placement: "placements", m.Leave: "leaves",
         m.SupervisionSession: "supervision_sessions", m.Activity: "activities"}
_KIND_OF_SHEET = {"doctors": "doctors", "placements": "placements", "leaves": "leaves",
                  "supervision": "supervision_sessions", "activities": "activities"}

