"""Learning arenas and the goals they cover: reading, and saving an arena together with its
coverage in one transaction."""

from __future__ import annotations

from alis_desktop import audit as audit_text
from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.goals import coverage_records
from alis_desktop.records import to_plain
from db.store import Store


def arenas(store: Store, *, include_archived: bool = True) -> list[m.Arena]:
    where = None if include_archived else "archived = 0"
    return store.all("arenas", where, order_by="name")


def all_coverage(store: Store) -> list[m.ArenaCoverage]:
    return store.all("arena_coverage", order_by="arena_id, goal_code")


def coverage_of(store: Store, arena_id: int | None) -> dict[str, str]:
    """goal code -> 'full' | 'partial' for one arena ({} for a new one)."""
    if arena_id is None:
        return {}
    return {code: level for code, level in store.conn.execute(
        "SELECT goal_code, level FROM arena_coverage WHERE arena_id = ? ORDER BY goal_code",
        [arena_id])}


def save_arena(store: Store, arena: m.Arena, coverage: dict[str, str]) -> m.Arena:
    """Insert or update the arena and replace its coverage, all in one transaction; every
    record is validated by the domain first, and nothing is written if one fails."""
    arena.validate()
    for record in coverage_records(arena.id or 0, coverage):
        record.validate()  # codes and levels checked before anything is written
    old = coverage_of(store, arena.id)
    with store.transaction():
        store.save(arena)
        if old != coverage:
            store.conn.execute("DELETE FROM arena_coverage WHERE arena_id = ?", [arena.id])
            rows = [to_plain(r, for_json=False) for r in coverage_records(arena.id, coverage)]
            store.conn.executemany(
                "INSERT INTO arena_coverage (arena_id, goal_code, level) VALUES (?, ?, ?)",
                [(r["arena_id"], r["goal_code"], r["level"]) for r in rows])
            store.audit("dekning endret", "arenas", arena.id,
                        f"{arena.name}: {len(coverage)} mål (før {len(old)})")
    return arena


def save_pasted_plan(store: Store, plan) -> list[m.Arena]:
    """The arenas of a pasted plan table (alis_desktop/plan_paste) with their coverage, new
    ones created and existing ones' coverage replaced, in one transaction."""
    if not plan.clean:
        raise ValidationError("coverage", (plan.errors() or ["Ingenting å lagre."])[0])
    with store.transaction():
        saved = [save_arena(store, pasted.arena(), pasted.reading.coverage)
                 for pasted in plan.arenas]
        store.audit(audit_text.PLAN_PASTED, "arenas", None, f"Læringsarenaer: {len(saved)}")
    return saved


def set_archived(store: Store, arena: m.Arena, archived: bool) -> m.Arena:
    arena.archived = archived
    return store.save(arena, audit="arkivert" if archived else "gjenåpnet")
