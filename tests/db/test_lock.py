"""One writer at a time: the lock file beside the .alis file, across processes and machines,
stale locks recognised and taken over, a lost lock turns the store read-only."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alis_desktop import models as m
from alis_desktop.errors import FileProblem
from db import lock as lockmod
from db.lock import FileLocked, lock_path_for, read_lock
from db.store import Store
from tests.conftest import ROOT

HOLDER = """
import sys
from db.store import Store
store = Store.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
store.close()
print("closed", flush=True)
"""


@pytest.fixture
def alis(tmp_path) -> Path:
    path = tmp_path / "felles.alis"
    Store.open(path, create=True).close()
    return path


@pytest.fixture
def holder(alis):
    """Another running copy (a separate process) with the file open for writing."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(alis)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def write_lock(path: Path, **fields) -> None:
    now = datetime.now().replace(microsecond=0).isoformat()
    info = {"user": "kari", "host": "kontor-pc-7", "pid": 4242, "since": now,
            "heartbeat": now, "token": "t" * 32, "program": "0.1.0"}
    info.update(fields)
    lock_path_for(path).write_text(json.dumps(info), encoding="utf-8")


def test_open_for_writing_creates_the_lock_and_close_removes_it(alis):
    store = Store.open(alis)
    info = read_lock(alis)
    assert lock_path_for(alis).name == "felles.alis.lock"
    assert info.pid == os.getpid() and info.host == socket.gethostname()
    assert info.user and datetime.fromisoformat(info.since)
    store.close()
    assert not lock_path_for(alis).exists()


def test_read_only_open_takes_no_lock(alis):
    store = Store.open(alis, read_only=True)
    try:
        assert not lock_path_for(alis).exists()
    finally:
        store.close()


def test_one_process_may_open_its_own_file_twice(alis):
    """The process is one running copy: a second open shares the lock until the last close."""
    first = Store.open(alis)
    second = Store.open(alis)
    first.close()
    assert lock_path_for(alis).exists()
    second.close()
    assert not lock_path_for(alis).exists()


def test_second_process_is_refused_with_who_and_since(alis, holder):
    with pytest.raises(FileLocked) as caught:
        Store.open(alis)
    exc = caught.value
    assert exc.info.pid == holder.pid and not exc.stale
    since = exc.info.since_time()
    assert f"siden {since:%d.%m.%Y} kl. {since:%H:%M}" in str(exc)
    assert f"på maskin {socket.gethostname()}" in str(exc)
    assert "skrivebeskyttet" in str(exc)
    reader = Store.open(alis, read_only=True)  # reading is always possible
    try:
        assert reader.lock_holder().pid == holder.pid
    finally:
        reader.close()


def test_lock_is_released_when_the_other_process_closes(alis, holder):
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "closed"
    Store.open(alis).close()


def test_live_lock_cannot_be_taken_over(alis, holder):
    with pytest.raises(FileLocked):
        Store.open(alis, take_over=True)
    assert read_lock(alis).pid == holder.pid


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_lock_of_a_killed_process_is_stale_and_can_be_taken_over(alis, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with pytest.raises(FileLocked) as caught:
        Store.open(alis)
    assert caught.value.stale and "stoppet uten å lukke" in str(caught.value)
    store = Store.open(alis, take_over=True)
    try:
        assert read_lock(alis).pid == os.getpid()
        last = store.all("audit_log")[-1]
        assert last.action == "overtok filen" and str(holder.pid) not in last.detail
        assert "var foreldet" in last.detail
    finally:
        store.close()


def test_lock_from_another_machine_is_stale_only_without_heartbeat(alis):
    write_lock(alis, host="kontor-pc-7")
    with pytest.raises(FileLocked) as caught:
        Store.open(alis, take_over=True)
    assert not caught.value.stale and "kari på maskin kontor-pc-7" in str(caught.value)
    old = (datetime.now() - lockmod.STALE_AFTER - timedelta(minutes=1)).replace(microsecond=0)
    write_lock(alis, host="kontor-pc-7", since=old.isoformat(), heartbeat=old.isoformat())
    with pytest.raises(FileLocked) as caught:
        Store.open(alis)
    assert caught.value.stale
    Store.open(alis, take_over=True).close()
    assert not lock_path_for(alis).exists()


def test_unreadable_lock_is_trusted_only_briefly(alis):
    lock_path_for(alis).write_bytes(b"")
    with pytest.raises(FileLocked) as caught:
        Store.open(alis)
    assert not caught.value.stale
    old = (datetime.now() - timedelta(minutes=10)).timestamp()
    os.utime(lock_path_for(alis), (old, old))
    Store.open(alis, take_over=True).close()


def test_heartbeat_refreshes_the_lock(alis, monkeypatch):
    store = Store.open(alis)
    try:
        later = datetime.now().replace(microsecond=0) + timedelta(minutes=5)
        monkeypatch.setattr(lockmod, "_now", lambda: later)
        assert store.heartbeat()
        assert read_lock(alis).heartbeat == later.isoformat()
        assert read_lock(alis).since != later.isoformat()
    finally:
        store.close()


def test_store_whose_lock_was_taken_over_turns_read_only(alis):
    """A PC that slept past STALE_AFTER wakes to find another copy took over: it must stop
    writing instead of overwriting the other's work."""
    store = Store.open(alis)
    try:
        write_lock(alis, user="ola", host="annen-pc")  # the other copy's lock now
        assert store.heartbeat() is False
        assert store.read_only
        with pytest.raises(FileProblem, match="skrivebeskyttet"):
            store.save(m.Arena(name="Ny arena"))
        import sqlite3
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM arenas")
    finally:
        store.close()
    assert read_lock(alis).user == "ola"  # closing did not remove the other copy's lock


def test_foreign_file_gets_no_lock_file(tmp_path):
    path = tmp_path / "brev.alis"
    path.write_bytes("Kjære kollega,".encode() * 50)
    with pytest.raises(FileProblem, match="ikke en ALIS Desktop-fil"):
        Store.open(path)
    assert not lock_path_for(path).exists()


def test_failed_open_releases_the_lock(tmp_path):
    path = tmp_path / "ny.alis"
    conn = __import__("sqlite3").connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    with pytest.raises(FileProblem, match="nyere versjon"):
        Store.open(path)
    assert not lock_path_for(path).exists()


def test_heartbeat_after_close_does_not_bring_the_lock_back(alis):
    """A window's timer may fire once more after its file was closed: no lock reappears."""
    store = Store.open(alis)
    store.close()
    assert store.heartbeat() and store.lock.refresh()
    assert not lock_path_for(alis).exists()


def test_heartbeat_recreates_a_lock_someone_deleted(alis):
    store = Store.open(alis)
    try:
        lock_path_for(alis).unlink()
        assert store.heartbeat()
        assert read_lock(alis).token == store.lock.info.token
    finally:
        store.close()
    assert not lock_path_for(alis).exists()
