"""Opening files: new files are migrated from empty; newer, foreign, truncated and damaged
files are refused with a Norwegian message and left byte-identical; older files are backed up
before they are migrated."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from alis_desktop.errors import FileProblem
from db import connection, migrations
from db.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_gets_the_whole_schema(tmp_path):
    store = Store.open(tmp_path / "ny.alis", create=True)
    try:
        assert store.schema_version() == connection.SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"doctors", "arenas", "arena_coverage", "placements", "leaves", "supervisors",
                "supervisor_assignments", "supervision_sessions", "goal_statuses", "activities",
                "meetings", "meeting_actions", "attestations", "institution_requests",
                "audit_log", "municipality"} <= tables
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        store.close()


def test_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(FileProblem, match="finnes ikke"):
        Store.open(tmp_path / "borte.alis")
    assert not (tmp_path / "borte.alis").exists()


def _newer_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {connection.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("make, words", [
    (_newer_file, "nyere versjon"),
    (lambda p: p.write_bytes(b"Dette er et Word-dokument, ikke en database." * 20),
     "ikke en ALIS Desktop-fil"),
    (lambda p: p.write_bytes(connection.SQLITE_HEADER + b"\x10\x00"), "avkortet"),
])
def test_unusable_files_are_refused_and_untouched(tmp_path, make, words):
    path = tmp_path / "fil.alis"
    make(path)
    before = digest(path)
    with pytest.raises(FileProblem, match=words) as exc:
        Store.open(path)
    assert "ikke endret" in str(exc.value)
    assert digest(path) == before
    assert not list(tmp_path.glob("*-journal"))


def test_damaged_file_is_refused_and_untouched(tmp_path, demo_file):
    path = tmp_path / "skadet.alis"
    data = bytearray(demo_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(FileProblem):
        Store.open(path)
    assert digest(path) == before


def test_released_schema_fixture_opens_at_current_version(tmp_path):
    """One fixture file per released schema version is kept and must keep opening."""
    for fixture in sorted(FIXTURES.glob("schema-v*.alis")):
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        store = Store.open(copy)
        try:
            assert store.schema_version() == connection.SCHEMA_VERSION
            assert store.count("doctors") > 0
            assert store.integrity() == "ok"
        finally:
            store.close()


def test_older_file_is_backed_up_before_migrating(tmp_path, monkeypatch, demo_file):
    """A file at the current version meets a new step: a backup at the old version appears
    first, then the step runs and bumps user_version."""
    path = tmp_path / "gammel.alis"
    shutil.copy(demo_file, path)
    real = migrations.steps()
    extra = (len(real) + 1, f"{len(real) + 1:04d}_test",
             "ALTER TABLE doctors ADD COLUMN test_col TEXT NOT NULL DEFAULT '';")
    monkeypatch.setattr(migrations, "steps", lambda: real + [extra])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", extra[0])
    conn = connection.open_file(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == extra[0]
    finally:
        conn.close()
    backups = list(connection.backup_dir_for(path).glob(f"gammel.v{len(real)}.*.alis"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == len(real)
    assert backup.execute("SELECT count(*) FROM doctors").fetchone()[0] == 12
    assert "test_col" not in [r[1] for r in backup.execute("PRAGMA table_info(doctors)")]


def test_failed_migration_step_leaves_old_version(tmp_path, monkeypatch, demo_file):
    path = tmp_path / "feil.alis"
    shutil.copy(demo_file, path)
    real = migrations.steps()
    bad = (len(real) + 1, "bad", "ALTER TABLE doctors ADD COLUMN y TEXT; SELECT * FROM nowhere;")
    monkeypatch.setattr(migrations, "steps", lambda: real + [bad])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", bad[0])
    with pytest.raises(FileProblem, match="kunne ikke oppgraderes"):
        connection.open_file(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(real)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(doctors)")]
    assert "y" not in cols


def test_new_file_is_owner_only(tmp_path):
    import os
    import stat
    store = Store.open(tmp_path / "privat.alis", create=True)
    store.close()
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "privat.alis").stat().st_mode) == 0o600


def test_schema_matches_the_domain_records(new_store):
    """Every record field has a column and every column a field (names are the contract)."""
    import dataclasses

    from alis_desktop.records import RECORD_KINDS
    for kind, cls in RECORD_KINDS.items():
        cols = [r[1] for r in new_store.conn.execute(f"PRAGMA table_info([{kind}])")]
        assert cols == [f.name for f in dataclasses.fields(cls)], kind
