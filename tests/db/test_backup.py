"""Backups: consistent copies through the backup API, rolling, automatic at most every
AUTO_INTERVAL, and a restore that first backs up the current contents."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alis_desktop import models as m
from alis_desktop.errors import FileProblem
from db import backup as bk
from db import connection, migrations
from db.connection import backup_dir_for
from db.lock import read_lock
from db.store import Store
from tests.db.test_bad_files import damaged_page


def count(path: Path, kind: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM [{kind}]").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_a_whole_owner_only_copy(demo_copy):
    dest = bk.backup_now(demo_copy)
    assert dest.parent == backup_dir_for(demo_copy)
    assert count(dest, "supervision_sessions") == count(demo_copy, "supervision_sessions")
    assert Store.open(dest, read_only=True).integrity() == "ok"
    if os.name == "posix":
        assert stat.S_IMODE(dest.stat().st_mode) == 0o600


def test_backup_while_the_file_is_open_for_writing(demo_copy):
    store = Store.open(demo_copy)
    try:
        store.save(m.Arena(name="Ny arena"))
        dest = bk.backup_now(demo_copy, keep=3)
        assert count(dest, "arenas") == store.count("arenas")
    finally:
        store.close()


def test_rolling_keeps_the_newest_of_every_kind(tmp_path, demo_copy):
    folder = tmp_path / "kopier"
    folder.mkdir()
    names = ["demo.20260101-080000-000000.alis", "demo.v1.20260102-080000.alis",
             "demo.20260103-080000-000000.auto.alis",
             "demo.20260104-080000-000000.for-gjenoppretting.alis"]
    for name in names:
        shutil.copy(demo_copy, folder / name)
    (folder / "demo2.20260105-080000-000000.alis").write_text("another file's backup")
    (folder / "notater.txt").write_text("not a backup")
    found = bk.list_backups(folder, "demo")
    assert [b.path.name for b in found] == names
    assert [b.kind_name for b in found] == ["Manuell", "Før oppgradering", "Automatisk",
                                           "Før gjenoppretting"]
    assert found[1].from_version == 1
    newest = bk.backup_now(demo_copy, folder, keep=3)
    assert [b.path.name for b in bk.list_backups(folder, "demo")] == names[2:] + [newest.name]
    assert (folder / "demo2.20260105-080000-000000.alis").exists()
    assert (folder / "notater.txt").exists()


def test_automatic_backup_at_most_once_per_interval(demo_copy):
    first = bk.auto_backup(demo_copy, keep=10)
    assert first is not None and first.name.endswith(".auto.alis")
    assert bk.auto_backup(demo_copy, keep=10) is None
    later = datetime.now() + bk.AUTO_INTERVAL + timedelta(minutes=1)
    assert bk.auto_backup(demo_copy, keep=10, now=later) is not None
    assert len(bk.list_backups(backup_dir_for(demo_copy), "demo")) == 2


def test_contents_shows_what_a_backup_holds(tmp_path, demo_copy, demo_file):
    good = bk.contents(bk.backup_now(demo_copy))
    assert good.ok and good.municipality == "Fjordvik kommune"
    assert good.counts["doctors"] == 12 and good.schema_version == connection.SCHEMA_VERSION
    bad = bk.contents(damaged_page(demo_file, tmp_path / "x.20260101-080000.alis"))
    assert not bad.ok and "skadet" in bad.problem


def test_backup_and_restore_round_trip(demo_copy):
    """Restore brings back exactly the backed-up contents; what was there before the restore
    is itself kept as a backup; the restore is audited; the lock stays ours."""
    store = Store.open(demo_copy)
    try:
        saved = bk.backup_now(demo_copy)
        snapshot = {k: store.count(k) for k in store.counts() if k != "audit_log"}
        doctor = store.get("doctors", 1)
        store.save(m.Doctor(name="Etter kopien", start_date=doctor.start_date))
        store.delete("meeting_actions", store.all("meeting_actions")[0].id, reason="test")
        changed = store.count("doctors")
        before = bk.restore(store, saved, keep=10)
        assert {k: store.count(k) for k in snapshot} == snapshot
        assert store.integrity() == "ok"
        assert count(before, "doctors") == changed  # the overwritten contents are kept
        last = store.all("audit_log")[-1]
        assert last.action == "gjenopprettet fra sikkerhetskopi"
        assert saved.name in last.detail and before.name in last.detail
        assert read_lock(demo_copy).token == store.lock.info.token
        store.save(m.Arena(name="Skriver videre"))  # the store goes on working
    finally:
        store.close()
    assert Store.open(demo_copy, read_only=True).count("arenas") == snapshot["arenas"] + 1


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path, demo_copy, demo_file):
    bad = damaged_page(demo_file, tmp_path / "demo.20260101-080000.alis")
    store = Store.open(demo_copy)
    try:
        before = {k: store.count(k) for k in store.counts()}
        with pytest.raises(FileProblem, match="skadet"):
            bk.restore(store, bad)
        assert {k: store.count(k) for k in store.counts()} == before
        assert not backup_dir_for(demo_copy).exists()
    finally:
        store.close()


def test_restore_refused_when_read_only(demo_copy):
    saved = bk.backup_now(demo_copy)
    digest = hashlib.sha256(demo_copy.read_bytes()).hexdigest()
    store = Store.open(demo_copy, read_only=True)
    try:
        with pytest.raises(FileProblem, match="skrivebeskyttet"):
            bk.restore(store, saved)
    finally:
        store.close()
    assert hashlib.sha256(demo_copy.read_bytes()).hexdigest() == digest


def test_restoring_an_older_backup_migrates_it(tmp_path, monkeypatch, demo_copy):
    old = bk.backup_now(demo_copy)  # at the current version, which the patch makes "old"
    real = migrations.steps()
    extra = (len(real) + 1, f"{len(real) + 1:04d}_test",
             "ALTER TABLE arenas ADD COLUMN test_col TEXT NOT NULL DEFAULT '';")
    monkeypatch.setattr(migrations, "steps", lambda: real + [extra])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", extra[0])
    store = Store.open(demo_copy)
    try:
        bk.restore(store, old)
        assert store.schema_version() == extra[0]
        cols = [r[1] for r in store.conn.execute("PRAGMA table_info(arenas)")]
        assert "test_col" in cols
        kinds = [b.kind for b in bk.list_backups(backup_dir_for(demo_copy), "demo")]
        assert kinds.count("migration") == 2  # on open, and again for the restored old file
    finally:
        store.close()
