"""A full disk is a message, not a traceback: in Norwegian, naming the folder and how much
was needed, exit code 2, and every file as it was (no truncated export, PDF or demo file, no
temporary file left).

No real full disk: SQLite's `PRAGMA max_page_count` fills the database on demand (the file
is real), and for the other outputs os.write fails with ENOSPC once a budget is spent."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3

import pytest

from alis_desktop import atomic_files
from alis_desktop.atomic_files import is_temp_name
from alis_desktop.cli import main
from alis_desktop.os_errors import DiskFull
from db import connection
from db.store import Store
from tests.conftest import TODAY

PAGES = 40  # a database may grow to 40 pages (160 kB) in these tests: the demo needs more


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def debris(folder) -> list[str]:
    """What a failed write could leave: temporary files, journals, locks."""
    return sorted(p.name for p in folder.iterdir()
                  if is_temp_name(p.name) or p.name.endswith(("-journal", ".lock")))


def fill_disk_after(monkeypatch, budget: int) -> None:
    """os.write fails with ENOSPC once `budget` bytes are written (every output but the
    database goes through it)."""
    real_write = os.write
    spent = {"bytes": 0}

    def write(fd, data):
        if spent["bytes"] + len(data) > budget:
            raise OSError(errno.ENOSPC, "No space left on device")
        spent["bytes"] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(atomic_files.os, "write", write)


@pytest.fixture
def full_outputs(monkeypatch):
    fill_disk_after(monkeypatch, 64_000)


def limit_databases(monkeypatch, pages: int = PAGES) -> None:
    """Every database opened for writing from now on may hold at most `pages` pages."""
    real_connect = connection.connect

    def connect(path, *, read_only=False):
        conn = real_connect(path, read_only=read_only)
        if not read_only:
            conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(connection, "connect", connect)


@pytest.fixture
def small_databases(monkeypatch):
    limit_databases(monkeypatch)


def run(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def assert_full_disk_message(err: str, folder) -> None:
    assert err.startswith("Feil: Disken er full i mappen ") and str(folder) in err
    assert "Det trengtes " in err and "ikke" in err


def test_export_on_a_full_disk_keeps_the_older_export(demo_file, tmp_path, full_outputs,
                                                      capsys):
    out = tmp_path / "e.json"
    out.write_text('{"format": "alis-desktop", "eldre": "god eksport"}')
    before = digest(out)
    code, err = run(capsys, "export", demo_file, out)
    assert code == 2
    assert_full_disk_message(err, tmp_path)
    assert "e.json ble ikke skrevet" in err and "kB" in err
    assert digest(out) == before and debris(tmp_path) == []


@pytest.mark.parametrize("kind, name", [("cohort", "kohort.pdf"),
                                        ("supervision", "veiledning.xlsx"),
                                        ("supervision", "veiledning.csv"),
                                        ("grant", "tilskudd.xlsx")])
def test_report_on_a_full_disk_leaves_no_partial_file(demo_file, tmp_path, monkeypatch,
                                                      capsys, kind, name):
    out = tmp_path / name
    fill_disk_after(monkeypatch, 1000)  # each of these documents is larger
    code, err = run(capsys, "report", kind, demo_file, "--to", "26.11.2026", "--out", out)
    assert code == 2
    assert_full_disk_message(err, tmp_path)
    assert not out.exists() and debris(tmp_path) == []


def test_demo_on_a_full_disk_keeps_the_old_file(demo_copy, small_databases, capsys):
    before = digest(demo_copy)
    code, err = run(capsys, "demo", demo_copy, "--force", "--today", "26.11.2026")
    assert code == 2
    assert_full_disk_message(err, demo_copy.parent)
    assert "minst" in err and "demo.alis" in err
    assert digest(demo_copy) == before and debris(demo_copy.parent) == []


def test_import_into_a_new_file_on_a_full_disk_leaves_nothing(demo_file, tmp_path,
                                                              small_databases, capsys):
    export = tmp_path / "e.json"
    assert main(["export", str(demo_file), str(export)]) == 0
    capsys.readouterr()
    target = tmp_path / "ny.alis"
    code, err = run(capsys, "import", target, export)
    assert code == 2
    assert_full_disk_message(err, tmp_path)
    assert "omtrent" in err  # about the size of the export
    assert not target.exists() and debris(tmp_path) == []


def test_import_into_an_existing_file_on_a_full_disk_changes_nothing(demo_file, tmp_path,
                                                                     monkeypatch, capsys):
    export = tmp_path / "e.json"
    assert main(["export", str(demo_file), str(export)]) == 0
    target = tmp_path / "tom.alis"
    Store.open(target, create=True).close()
    before = digest(target)
    pages = os.path.getsize(target) // 4096
    limit_databases(monkeypatch, pages + 5)
    capsys.readouterr()
    code, err = run(capsys, "import", target, export)
    assert code == 2
    assert_full_disk_message(err, tmp_path)
    assert "Endringen ble ikke lagret" in err
    assert digest(target) == before and debris(tmp_path) == []


def test_a_save_in_a_full_file_is_refused_and_the_file_unchanged(demo_copy):
    """The window's writes: one transaction; SQLite rolls it back and says so."""
    from alis_desktop import models as m
    store = Store.open(demo_copy)
    try:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        before = digest(demo_copy)
        with pytest.raises(DiskFull) as caught:
            store.save(m.Doctor(name="Ny lege", start_date=TODAY, notes="x" * 19_000))
        assert "Endringen ble ikke lagret; demo.alis er som før" in str(caught.value)
        assert digest(demo_copy) == before
        assert store.count("doctors") == 12
    finally:
        store.close()


def test_backup_on_a_full_disk_leaves_no_partial_copy(demo_file, tmp_path, monkeypatch):
    from db import backup as bk
    folder = tmp_path / "kopier"
    first = bk.backup_now(demo_file, folder)
    real = connection._connect_target

    def small_target(path):
        conn = real(path)
        conn.execute(f"PRAGMA max_page_count = {PAGES}")
        return conn

    monkeypatch.setattr(connection, "_connect_target", small_target)
    with pytest.raises(DiskFull) as caught:
        bk.backup_now(demo_file, folder)
    assert str(folder) in str(caught.value) and "Det trengtes omtrent" in str(caught.value)
    assert [b.path for b in bk.list_backups(folder, demo_file.stem)] == [first]
    assert debris(folder) == []
    assert sqlite3.connect(first).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_handover_copy_on_a_full_disk_leaves_nothing(demo_copy, tmp_path, monkeypatch,
                                                     capsys):
    real = connection._connect_target

    def small_target(path):
        conn = real(path)
        conn.execute(f"PRAGMA max_page_count = {PAGES}")
        return conn

    monkeypatch.setattr(connection, "_connect_target", small_target)
    folder = tmp_path / "overlevering"
    code, err = run(capsys, "report", "handover", demo_copy, "--out", folder)
    assert code == 2
    assert_full_disk_message(err, folder)
    assert list(folder.iterdir()) == []
    shutil.rmtree(folder)


def test_handover_pdf_on_a_full_disk_takes_the_copy_away_too(demo_copy, tmp_path,
                                                             monkeypatch, capsys):
    """The copy fits, the PDF naming it does not: no half pack is left."""
    fill_disk_after(monkeypatch, 1000)
    folder = tmp_path / "overlevering"
    code, err = run(capsys, "report", "handover", demo_copy, "--out", folder)
    assert code == 2
    assert_full_disk_message(err, folder)
    assert list(folder.iterdir()) == []
