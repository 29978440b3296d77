"""Bad files beyond the header: truncated, a damaged page deep inside, an interrupted write.
Each is explained in Norwegian and never modified (except that a writer finishes rolling an
interrupted write back, which is what makes it whole again)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alis_desktop.errors import FileProblem
from db.check import check_file
from db.connection import InterruptedWrite
from db.lock import lock_path_for
from db.store import Store
from tests.conftest import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def damaged_page(demo_file: Path, target: Path) -> Path:
    """The demo with one page in the middle overwritten: the schema still reads, only a
    structural check (quick_check) sees the damage."""
    data = bytearray(demo_file.read_bytes())
    page = len(data) // 4096 // 2
    data[page * 4096:(page + 1) * 4096] = bytes((i * 37) % 256 for i in range(4096))
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("read_only", [False, True])
def test_truncated_file_is_refused_and_untouched(tmp_path, demo_file, read_only):
    path = tmp_path / "avkortet.alis"
    path.write_bytes(demo_file.read_bytes()[: demo_file.stat().st_size // 2])
    before = digest(path)
    with pytest.raises(FileProblem, match="skadet") as caught:
        Store.open(path, read_only=read_only)
    assert "ikke endret" in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avkortet.alis"]


@pytest.mark.parametrize("read_only", [False, True])
def test_damaged_page_fails_the_check_on_open(tmp_path, demo_file, read_only):
    path = damaged_page(demo_file, tmp_path / "skadet.alis")
    before = digest(path)
    with pytest.raises(FileProblem, match="integritetskontrollen fant") as caught:
        Store.open(path, read_only=read_only)
    assert "Gjenopprett" in str(caught.value) and "***" not in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skadet.alis"]


def test_check_command_reports_a_damaged_page_without_writing(tmp_path, demo_file):
    path = damaged_page(demo_file, tmp_path / "skadet.alis")
    before = digest(path)
    report = check_file(path)
    assert not report["ok"] and report["integrity"] != "ok"
    assert digest(path) == before


INTERRUPT = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 5")  # spill pages to the file before COMMIT
conn.execute("BEGIN")
for i in range(300):
    conn.execute("UPDATE doctors SET notes = ? WHERE id = (? % 12) + 1", ("x" * 3000, i))
    conn.execute("INSERT INTO arenas (name, type, default_category) "
                 "VALUES (?, 'other', 'gp_other')",
                 ("Arena %d" % i,))
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def interrupted(tmp_path, demo_file) -> Path:
    """The demo after a writer died mid-transaction: a hot journal lies beside it."""
    path = tmp_path / "avbrutt.alis"
    shutil.copy(demo_file, path)
    proc = subprocess.run([sys.executable, "-c", INTERRUPT, str(path)], cwd=ROOT)
    assert proc.returncode == -9
    assert path.with_name(path.name + "-journal").stat().st_size > 0
    return path


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_interrupted_write_is_explained_to_a_reader_and_left_alone(interrupted):
    journal = interrupted.with_name(interrupted.name + "-journal")
    before = digest(interrupted), digest(journal)
    with pytest.raises(InterruptedWrite, match="ble avbrutt"):
        Store.open(interrupted, read_only=True)
    assert "avbrutt" in check_file(interrupted)["integrity"]
    assert (digest(interrupted), digest(journal)) == before


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_interrupted_write_is_rolled_back_by_the_next_writer(interrupted, demo_file):
    store = Store.open(interrupted)
    try:
        assert store.integrity() == "ok"
        assert store.count("arenas") == Store.open(demo_file, read_only=True).count("arenas")
        assert all(len(d.notes) < 3000 for d in store.all("doctors"))
    finally:
        store.close()
    assert not interrupted.with_name(interrupted.name + "-journal").exists()
    assert not lock_path_for(interrupted).exists()
