"""The pasted plan table stored in one step, and JSON coverage_text read as plans write it."""

from __future__ import annotations

import json

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.plan_paste import read_pasted_plan
from db.arenas import coverage_of, save_arena, save_pasted_plan
from db.exchange import import_data
from db.store import Store
from tests.conftest import run_cli

TABLE = ("Læringsarena\tLæringsmål\n"
         "Legevakt\tALM 002-004 (delvis), ALM 028,-030\n"
         "Sentrum legesenter\tAlle ALM, bortsett fra ALM 055 og 085.\n")


def test_pasted_arenas_and_coverage_stored_in_one_transaction(new_store):
    old = save_arena(new_store, m.Arena(name="Legevakt", type="out_of_hours",
                                        default_category="gp_other"), {"ALM-040": "full"})
    plan = read_pasted_plan(TABLE, existing=new_store.all("arenas"))
    statements = []
    new_store.conn.set_trace_callback(statements.append)
    try:
        saved = save_pasted_plan(new_store, plan)
    finally:
        new_store.conn.set_trace_callback(None)
    assert sum(1 for s in statements if s.strip().upper().startswith("COMMIT")) == 1
    assert saved[0].id == old.id  # the file's own arena, its coverage replaced
    assert coverage_of(new_store, old.id) == {
        "ALM-002": "partial", "ALM-003": "partial", "ALM-004": "partial",
        "ALM-028": "full", "ALM-029": "full", "ALM-030": "full"}
    assert len(coverage_of(new_store, saved[1].id)) == 86
    assert new_store.all("audit_log")[-1].action == "limt inn fra planen"


def test_a_paste_with_an_unreadable_word_stores_nothing(new_store):
    plan = read_pasted_plan(TABLE + "Sykehjem\tALM 008 etter avtale\n")
    with pytest.raises(ValidationError, match="Kan ikke lese «etter»"):
        save_pasted_plan(new_store, plan)
    assert new_store.count("arenas") == 0 and new_store.count("arena_coverage") == 0


def test_json_coverage_text_reads_loose_forms_and_says_so(tmp_path):
    data = {"format": "alis-desktop", "format_version": 1, "arenas": [
        {"id": 1, "name": "Legevakt", "type": "out_of_hours", "default_category": "gp_other",
         "coverage_text": "ALM 028,-030, ALM 066- 070"}]}
    notes = []
    store = Store.open(tmp_path / "a.alis", create=True)
    try:
        import_data(store, data, notes)
        assert len(coverage_of(store, 1)) == 8
    finally:
        store.close()
    assert notes == [
        "arenas id=1: «028,-030» (tegn 5) lest som ALM-028–ALM-030: komma foran bindestreken",
        "arenas id=1: «066- 070» (tegn 19) lest som ALM-066–ALM-070: mellomrom ved "
        "bindestreken"]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = run_cli("import", tmp_path / "b.alis", source)
    assert "Lest løst: arenas id=1: «028,-030» (tegn 5) lest som ALM-028–ALM-030" in out.stdout
