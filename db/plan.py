"""Writing the municipality's plan: the ordered list of sections in one transaction, and
removing a section (a shipped one is kept as removed, the municipality's own is deleted).
Each saved record is validated and audited by Store.save."""

from __future__ import annotations

from alis_desktop.plan_models import PlanSection
from alis_desktop.plan_text import materialize
from db.store import Store


def sections(store: Store) -> list[PlanSection]:
    """Every section as a record, in print order (shipped defaults the file does not
    hold yet have id None)."""
    return materialize(store.all("plan_sections"))


def save_sections(store: Store, ordered: list[PlanSection]) -> list[PlanSection]:
    """Save the sections in this order, one transaction; only records that are new or
    changed are written (so a reorder audits what moved, not the whole plan)."""
    stored = {s.id: s for s in store.all("plan_sections")}
    with store.transaction():
        for i, section in enumerate(ordered):
            section.position = i
            if section.id is None or stored.get(section.id) != section:
                store.save(section)
    return ordered


def save_section(store: Store, section: PlanSection) -> PlanSection:
    """Save one section's title/text (materializing the list first, so its place holds)."""
    ordered = sections(store)
    if section.id is None and section.key:
        for i, s in enumerate(ordered):
            if s.key == section.key:
                ordered[i] = section
                break
    elif section.id is None:
        ordered.append(section)
    else:
        ordered = [section if s.id == section.id else s for s in ordered]
    save_sections(store, _sections_then_appendices(ordered))
    return section


def remove_section(store: Store, section: PlanSection) -> None:
    """Leave a section out of the plan: a shipped one is kept with `removed` (else it
    would come back as a new default); the municipality's own is deleted."""
    with store.transaction():
        if section.key:
            section.removed = True
            save_section(store, section)
        elif section.id is not None:
            store.delete("plan_sections", section.id)


def move_section(store: Store, section_id_or_key, delta: int) -> None:
    """Move a section up (-1) or down (+1) among the sections of its kind."""
    ordered = sections(store)
    index = next(i for i, s in enumerate(ordered)
                 if s.id == section_id_or_key or (s.key and s.key == section_id_or_key))
    kind = ordered[index].kind
    same = [i for i, s in enumerate(ordered) if s.kind == kind and not s.removed]
    at = same.index(index)
    if not 0 <= at + delta < len(same):
        return
    other = same[at + delta]
    ordered[index], ordered[other] = ordered[other], ordered[index]
    save_sections(store, ordered)


def _sections_then_appendices(ordered: list[PlanSection]) -> list[PlanSection]:
    return ([s for s in ordered if s.kind == "section"]
            + [s for s in ordered if s.kind == "appendix"])


def replace_list(store: Store, kind: str, records: list, where: str | None = None,
                 params=()) -> list:
    """Make the stored list of `kind` (the rows matching `where`) exactly `records`, in
    one transaction: rows no longer listed are deleted, new and changed ones saved (each
    validated and audited). Nothing is written if one record is invalid."""
    stored = {r.id: r for r in store.all(kind, where, params)}
    keep = {r.id for r in records if r.id is not None}
    with store.transaction():
        for record_id in sorted(set(stored) - keep):
            store.delete(kind, record_id)
        for record in records:
            if record.id is None or stored.get(record.id) != record:
                store.save(record)
    return records
