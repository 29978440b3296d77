"""Arenas and their coverage in the file: saved together in one transaction, and the JSON
import's optional "coverage_text" in the plans' notation."""

from __future__ import annotations

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db.arenas import coverage_of, save_arena, set_archived
from db.exchange import dumps, export_data, import_data
from db.store import Store


def legevakt() -> m.Arena:
    return m.Arena(name="Legevakten", type="out_of_hours", default_category="gp_other",
                   supervision_modes=["presence", "phone"])


def test_arena_and_coverage_saved_together_and_replaced(new_store):
    arena = save_arena(new_store, legevakt(), {"ALM-040": "full", "ALM-002": "partial"})
    assert coverage_of(new_store, arena.id) == {"ALM-002": "partial", "ALM-040": "full"}
    save_arena(new_store, arena, {"ALM-040": "partial"})
    assert coverage_of(new_store, arena.id) == {"ALM-040": "partial"}
    actions = [a.action for a in new_store.all("audit_log")]
    assert actions == ["opprettet", "dekning endret", "endret", "dekning endret"]


def test_bad_coverage_writes_neither_arena_nor_coverage(new_store):
    with pytest.raises(ValidationError) as err:
        save_arena(new_store, legevakt(), {"ALM-040": "full", "ALM-40": "full"})
    assert err.value.field == "goal_code"
    with pytest.raises(ValidationError) as err:
        save_arena(new_store, m.Arena(name=" ", type="kad", default_category="gp_other"),
                   {"ALM-040": "full"})
    assert err.value.field == "name"
    assert new_store.count("arenas") == 0 and new_store.count("arena_coverage") == 0


def test_archiving_is_audited(new_store):
    arena = save_arena(new_store, legevakt(), {})
    set_archived(new_store, arena, True)
    assert new_store.get("arenas", arena.id).archived
    assert new_store.all("audit_log")[-1].action == "arkivert"


# --- JSON import with coverage_text ---------------------------------------------------------

def minimal(arenas, coverage=()) -> dict:
    return {"format": "alis-desktop", "format_version": 1, "arenas": arenas,
            "arena_coverage": list(coverage)}


def arena_json(aid, **extra) -> dict:
    return {"id": aid, "name": f"Arena {aid}", "type": "gp_office",
            "default_category": "gp_unselected", **extra}


def test_coverage_text_is_expanded_into_coverage_records(tmp_path):
    data = minimal(
        [arena_json(1, coverage_text="Alle ALM, bortsett fra ALM 055 og 085. Alle FKM"),
         arena_json(2, coverage_text=["ALM-O55", "ALM 085 (delvis)"]),
         arena_json(3)],
        [{"id": 10, "arena_id": 3, "goal_code": "ALM-001", "level": "full"}])
    store = Store.open(tmp_path / "x.alis", create=True)
    try:
        counts = import_data(store, data)
        assert counts["arena_coverage"] == 1 + 86 + 14 + 2
        assert coverage_of(store, 2) == {"ALM-055": "full", "ALM-085": "partial"}
        assert len(coverage_of(store, 1)) == 100 and "ALM-055" not in coverage_of(store, 1)
        exported = export_data(store)
    finally:
        store.close()
    # Export is unchanged: records, never the text; new ids follow the highest given one.
    assert all("coverage_text" not in a for a in exported["arenas"])
    assert [c["id"] for c in exported["arena_coverage"]][:2] == [10, 11]
    again = Store.open(tmp_path / "y.alis", create=True)
    try:
        import_data(again, exported)
        assert dumps(export_data(again)) == dumps(exported)
    finally:
        again.close()


def bad(tmp_path, data) -> ValidationError:
    store = Store.open(tmp_path / "bad.alis", create=True)
    try:
        with pytest.raises(ValidationError) as err:
            import_data(store, data)
        assert store.count("arenas") == 0 and store.count("arena_coverage") == 0
    finally:
        store.close()
    return err.value


def test_unreadable_coverage_text_names_arena_token_and_position(tmp_path):
    text = "Alle ALM, bortsett fra ALM 055 og 085. Dette \nforutsetter deltakelse i legevakt"
    err = bad(tmp_path, minimal([arena_json(1), arena_json(4, coverage_text=text)]))
    assert (err.kind, err.record_id, err.field) == ("arenas", 4, "coverage_text")
    assert str(err) == ("arenas id=4, felt «coverage_text»: Kan ikke lese «Dette» (tegn 40). "
                        "Skriv f.eks. ALM 012 eller ALM 036-054 (delvis).")


def test_coverage_text_outside_the_catalog_or_of_wrong_type_is_refused(tmp_path):
    err = bad(tmp_path, minimal([arena_json(1, coverage_text="ALM 087-089")]))
    assert "ALM-089 finnes ikke" in err.message
    err = bad(tmp_path, minimal([arena_json(1, coverage_text=12)]))
    assert err.field == "coverage_text" and "tekst" in err.message


def test_a_goal_in_both_text_and_records_is_refused(tmp_path):
    err = bad(tmp_path, minimal(
        [arena_json(1, coverage_text="ALM 001-003")],
        [{"id": 1, "arena_id": 1, "goal_code": "ALM-002", "level": "partial"}]))
    assert "ALM-002 står også i arena_coverage" in err.message
