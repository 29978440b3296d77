"""The lock knows its own machine by a stable id, not by a host name that follows the
network (a Mac), and compares heartbeat times across a summer-time change."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from db import lock as lockmod
from db.lock import FileLock, lock_path_for, read_lock
from db.machine import machine_id, stored_id


def test_the_stored_id_is_made_once_and_kept(tmp_path):
    folder = tmp_path / "Lokal appdata" / "ALIS Desktop"
    first = stored_id(folder)
    assert len(first) == 32 and stored_id(folder) == first
    assert stored_id(tmp_path / "annen bruker") != first


def test_an_unwritable_folder_gives_no_id_rather_than_a_shared_one(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    assert stored_id(blocker / "under") == ""


def test_the_lock_records_the_machine_id_hashed(tmp_path):
    alis = tmp_path / "a.alis"
    held = FileLock.acquire(alis)
    try:
        raw = json.loads(lock_path_for(alis).read_text(encoding="utf-8"))
        assert raw["machine"] == machine_id() and len(raw["machine"]) == 16
        assert raw["host"]  # kept for people to read
    finally:
        held.release()


def _write(alis, **fields):
    now = datetime.now().astimezone().replace(microsecond=0).isoformat()
    info = {"user": "kari", "host": "kari-mac.lan", "pid": 999_999_999, "since": now,
            "heartbeat": now, "token": "t" * 32, "program": "0.1.0"}
    info.update(fields)
    lock_path_for(alis).write_text(json.dumps(info), encoding="utf-8")


def test_own_dead_lock_is_stale_though_the_host_name_changed(tmp_path):
    """The Mac was «kari-mac.lan» at the office and is «kari-mac.home» now: same machine id,
    the process is gone, so the lock is stale at once (not after an hour)."""
    alis = tmp_path / "a.alis"
    _write(alis, machine=machine_id(), host="kari-mac.lan")
    assert read_lock(alis).on_this_machine()
    assert read_lock(alis).is_stale()


def test_another_machine_with_the_same_host_name_is_not_judged_by_pid(tmp_path):
    alis = tmp_path / "a.alis"
    _write(alis, machine="0123456789abcdef", host=lockmod.this_host())
    info = read_lock(alis)
    assert not info.on_this_machine() and not info.is_stale()


def test_an_old_lock_without_machine_id_falls_back_to_the_host_name(tmp_path):
    alis = tmp_path / "a.alis"
    _write(alis, host=lockmod.this_host())
    assert read_lock(alis).on_this_machine() and read_lock(alis).is_stale()


def test_heartbeats_compare_across_a_summer_time_change(tmp_path):
    """Written at 02:59 summer time (+02:00), read 30 minutes later at 02:29 winter time
    (+01:00): 30 minutes old, not an hour and a half and not negative."""
    alis = tmp_path / "a.alis"
    beat = datetime(2026, 10, 25, 2, 59, tzinfo=timezone(timedelta(hours=2)))
    _write(alis, machine="0123456789abcdef", since=beat.isoformat(), heartbeat=beat.isoformat())
    now = datetime(2026, 10, 25, 2, 29, tzinfo=timezone(timedelta(hours=1)))
    info = read_lock(alis)
    assert not info.is_stale(now)
    assert info.is_stale(now + lockmod.STALE_AFTER)
