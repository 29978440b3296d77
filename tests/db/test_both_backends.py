"""The storage contract on both backends (issue 20): the same tests against a file and a
PostgreSQL server, through the parametrised `store` fixture (tests/conftest.py). On a
machine where no server can start, the postgresql cases are skipped with the reason."""

import dataclasses
import sqlite3
from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.records import RECORD_KINDS
from db import migrations
from db.exchange import dumps, export_data, import_data
from db.store import Store


def export_text(target) -> str:
    store = Store.open(target, read_only=True)
    try:
        return dumps(export_data(store))
    finally:
        store.close()


def doctor(store, name="Kari Nordmann", **kw):
    return store.save(m.Doctor(name=name, start_date=date(2024, 1, 1), **kw))


@pytest.fixture
def full_file(demo_copy):
    """The demo with one record of each kind it lacks: every kind is in the round trip."""
    import hashlib

    from alis_desktop import plan_models as pm
    pdf = b"%PDF-1.4\n\x00\xff\xfe binary"
    store = Store.open(demo_copy)
    try:
        first = store.all("doctors")[0]
        arena = store.all("arenas")[0].id
        for record in [
                m.GoalText(code="ALM-001", theme="Tema", text="Læringsmål «ett»"),
                m.RuleDeviation(doctor_id=first.id, rule_id="R1", reason="Vedtak",
                                decided_date=date(2025, 3, 1), decided_by="Leder"),
                m.Attestation(doctor_id=first.id, number="2025-1", issued_date=date(2025, 3, 2),
                              placement_ids=[1, 2], sha256=hashlib.sha256(pdf).hexdigest(),
                              pdf=pdf),
                pm.PlanSection(key="", title="Eget kapittel", text="Tekst 100 %"),
                pm.PlanContact(role="Leder", name="Kari", phone="+47 12345678"),
                pm.ArenaCondition(arena_id=arena, text="Forutsetter legevakt"),
                pm.ArenaActivity(arena_id=arena, goal_code="ALM-042", here="Her"),
                pm.PlanCourse(code="K1", name="Kurs", goals=["ALM-001"]),
                pm.PlanVersion(version="1", adopted_date=date(2025, 1, 1), adopted_by="Styret",
                               document={"a": [1, 2.5, "æ"]}, pdf=pdf)]:
            store.save(record)
        assert all(store.count(kind) for kind in RECORD_KINDS)
    finally:
        store.close()
    return demo_copy


def test_every_record_kind_round_trips(store, full_file):
    """Every kind, with dates, booleans, lists, dicts, PDFs as bytes and floats: import
    then export gives it back exactly."""
    source = export_text(full_file)
    from db.exchange import load_json
    data = load_json(source)
    import_data(store, data)
    assert dumps(export_data(store)) == source
    assert all(store.count(kind) == len(data[kind]) for kind in RECORD_KINDS)
    # Imported ids are taken: the next new record gets the next free id, not a collision.
    added = doctor(store, name="Ny Lege")
    assert added.id == max(d["id"] for d in data["doctors"]) + 1


def test_saved_record_reads_back_identical(store):
    d = doctor(store, hpr_number="1234567", notes="Æøå – «sitat» 100% ? [x]")
    assert store.get("doctors", d.id) == d
    arena = store.save(m.Arena(name="Legesenteret", supervision_modes=["presence", "digital"]))
    p = store.save(m.Placement(doctor_id=d.id, arena_id=arena.id, start_date=date(2024, 1, 1),
                               end_date=date(2024, 6, 30), position_pct=80.5))
    assert store.get("placements", p.id) == p
    assert store.get("arenas", arena.id).supervision_modes == ["presence", "digital"]


def test_schema_is_at_the_latest_step_with_every_field(store):
    assert store.schema_version() == migrations.LATEST
    for kind, cls in RECORD_KINDS.items():
        cols = [r[1] for r in store.conn.execute(f"PRAGMA table_info([{kind}])")]
        fields = [f.name for f in dataclasses.fields(cls)]
        # The server keeps a version per record (db/versions.py); the file needs none.
        assert [c for c in cols if c != "row_version"] == fields, kind
        assert ("row_version" in cols) == (store.versioned and kind != "audit_log"), kind


def test_reopening_a_server_runs_no_step_again(pg_url):
    first = Store.open(pg_url, create=True)
    try:
        doctor(first)
    finally:
        first.close()
    again = Store.open(pg_url)
    try:
        assert again.schema_version() == migrations.LATEST and again.count("doctors") == 1
        assert again.count("municipality") == 1
    finally:
        again.close()


def test_every_sqlite_step_has_a_postgresql_form():
    """Each schema step, translated (db/postgres.py), speaks PostgreSQL only."""
    from db import postgres
    for number, name, sql in postgres.steps():
        for sqlite_only in ("RAISE(ABORT", " BLOB", "INTEGER PRIMARY KEY", "x''"):
            assert sqlite_only not in sql, (name, sqlite_only)
    assert [n for n, _, _ in postgres.steps()] == list(range(1, migrations.LATEST + 1))


def test_audit_log_is_append_only(store):
    doctor(store)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE audit_log SET [user] = 'x'")
    if store.versioned:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute("TRUNCATE audit_log")
    assert store.count("audit_log") == 1


def test_every_write_is_one_transaction(store):
    with pytest.raises(RuntimeError), store.transaction():
        doctor(store, name="A")
        doctor(store, name="B")
        raise RuntimeError("crash in the middle")
    assert store.count("doctors") == 0 and store.count("audit_log") == 0


def test_bad_input_is_refused_in_norwegian_and_writes_nothing(store):
    d = doctor(store)
    before = store.counts()
    with pytest.raises(ValidationError, match="Finner ikke doctors"):
        store.save(m.Placement(doctor_id=99, arena_id=1, start_date=date(2024, 1, 1),
                               end_date=date(2024, 2, 1)))
    store.save(m.GoalStatus(doctor_id=d.id, goal_code="ALM-001", catalog_version="FKM-2026"))
    before = store.counts()
    with pytest.raises(ValidationError, match="finnes allerede en post med samme"):
        store.save(m.GoalStatus(doctor_id=d.id, goal_code="ALM-001",
                                catalog_version="FKM-2026"))
    with pytest.raises(ValidationError):
        store.save(m.Leave(doctor_id=d.id, kind="parental", start_date=date(2024, 1, 1),
                           end_date=date(2023, 1, 1), pct=100))
    assert store.counts()["goal_statuses"] == before["goal_statuses"]
    assert store.count("leaves") == 0


def test_delete_with_history_is_refused(store):
    d = doctor(store)
    arena = store.save(m.Arena(name="Legesenteret"))
    store.save(m.Placement(doctor_id=d.id, arena_id=arena.id, start_date=date(2024, 1, 1),
                           end_date=date(2024, 6, 30)))
    with pytest.raises(ValidationError, match="Arkiver den i stedet"):
        store.delete("doctors", d.id)
    other = doctor(store, name="Ola Nordmann")
    store.delete("doctors", other.id, reason="feilregistrert")
    assert store.count("doctors") == 1
    assert store.all("audit_log")[-1].action == "slettet"


def test_import_is_all_or_nothing(store, demo_file):
    from db.exchange import load_json
    data = load_json(export_text(demo_file))
    data["placements"][5]["position_pct"] = 140
    before = store.counts()
    with pytest.raises(ValidationError, match="Stillingsprosent"):
        import_data(store, data)
    assert store.counts() == before
    # A duplicate key the schema refuses (not the parser): nothing written either.
    data = load_json(export_text(demo_file))
    data["goal_statuses"].append(dict(data["goal_statuses"][0], id=10 ** 6))
    with pytest.raises(ValidationError, match="finnes allerede"):
        import_data(store, data)
    assert store.counts() == before


def test_file_to_server_to_file_is_byte_identical(full_file, pg_url, tmp_path):
    from db.exchange import load_json
    first = export_text(full_file)
    server = Store.open(pg_url, create=True)
    try:
        import_data(server, load_json(first))
    finally:
        server.close()
    on_server = export_text(pg_url)
    back = tmp_path / "tilbake.alis"
    target = Store.open(back, create=True)
    try:
        import_data(target, load_json(on_server))
    finally:
        target.close()
    assert on_server == first
    assert export_text(back) == first


def test_a_password_in_the_url_is_never_shown_or_kept():
    from db.postgres import safe_url
    assert safe_url("postgresql://kari:hemmelig@server/fjordvik") == (
        "postgresql://kari@server/fjordvik")
    assert safe_url("postgresql://server/fjordvik?password=hemmelig&sslmode=require") == (
        "postgresql://server/fjordvik?sslmode=require")
