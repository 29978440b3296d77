"""A verified copy: SQLite backup API, integrity check and SHA-256 of the copy."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from alis_desktop.errors import FileProblem
from db.store import Store
from db.verified_copy import verified_copy


def test_copy_of_an_open_file_is_checked_and_hashed(demo_copy, tmp_path):
    store = Store.open(demo_copy)
    try:
        copy = verified_copy(store.conn, tmp_path / "kopi.alis")
    finally:
        store.close()
    assert copy.ok and copy.integrity == "ok" and copy.schema_version >= 1
    assert copy.sha256 == hashlib.sha256(copy.path.read_bytes()).hexdigest()
    assert copy.size == copy.path.stat().st_size
    with sqlite3.connect(copy.path) as conn:
        assert conn.execute("SELECT count(*) FROM doctors").fetchone()[0] == 12


def test_copy_never_overwrites(demo_file, tmp_path):
    target = tmp_path / "kopi.alis"
    target.write_bytes(b"someone else's file")
    with pytest.raises(FileProblem, match="finnes allerede"):
        verified_copy(demo_file, target)
    assert target.read_bytes() == b"someone else's file"
