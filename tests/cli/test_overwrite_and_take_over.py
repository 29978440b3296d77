"""Never delete or replace a file another copy of the program holds; a stale lock is taken
over from the command line only when asked (--take-over), only when its holder is provably
gone, and the take-over is audited."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alis_desktop.atomic_files import is_temp_name
from db.lock import lock_path_for, read_lock
from db.store import Store
from tests.conftest import ROOT, run_cli

HOLDER = """
import sys
from db.store import Store
store = Store.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if is_temp_name(p.name)]


def foreign_lock(path: Path, *, hours_old: float = 0) -> None:
    """A lock written by a copy on another machine, with its last heartbeat `hours_old`."""
    when = (datetime.now() - timedelta(hours=hours_old)).replace(microsecond=0).isoformat()
    lock_path_for(path).write_text(json.dumps(
        {"user": "kari", "host": "kontor-pc-7", "pid": 4242, "since": when, "heartbeat": when,
         "token": "f" * 32, "program": "0.1.0"}), encoding="utf-8")


@pytest.fixture
def holder(demo_copy):
    """Another running copy (a separate process) with the demo open for writing."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_copy)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_demo_force_refuses_a_file_an_open_window_holds(demo_copy, holder):
    """The lost-data case of 3 December: `demo --force` deleted a file being edited."""
    before = digest(demo_copy)
    proc = run_cli("demo", demo_copy, "--force", "--doctors", 2, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "er åpnet av" in proc.stderr and "Bare én kan redigere om gangen" in proc.stderr
    assert digest(demo_copy) == before
    assert read_lock(demo_copy).pid == holder.pid  # the holder's lock is untouched
    assert leftovers(demo_copy.parent) == []


def test_demo_force_replaces_an_unheld_file_in_one_step(demo_copy):
    proc = run_cli("demo", demo_copy, "--force", "--doctors", 2, "--today", "26.11.2026")
    assert "2 leger" in proc.stdout
    store = Store.open(demo_copy, read_only=True)
    try:
        assert store.count("doctors") == 2
    finally:
        store.close()
    assert not lock_path_for(demo_copy).exists() and leftovers(demo_copy.parent) == []


def test_export_and_report_refuse_to_overwrite_a_held_file(demo_file, demo_copy, holder,
                                                          tmp_path):
    before = digest(demo_copy)
    for args in (("export", demo_file, demo_copy),
                 ("report", "cohort", demo_file, "--out", demo_copy)):
        proc = run_cli(*args, check=False)
        assert proc.returncode == 2 and "er åpnet av" in proc.stderr, args
    assert digest(demo_copy) == before


def test_export_over_its_own_source_is_refused(demo_copy):
    before = digest(demo_copy)
    proc = run_cli("export", demo_copy, demo_copy, check=False)
    assert proc.returncode == 2 and "selve ALIS-filen" in proc.stderr
    assert digest(demo_copy) == before


def test_take_over_refuses_a_live_holder(demo_copy, holder):
    """--take-over never takes a lock whose holder is alive (same rules as the window)."""
    before = digest(demo_copy)
    proc = run_cli("demo", demo_copy, "--force", "--take-over", check=False)
    assert proc.returncode == 2 and "er åpnet av" in proc.stderr
    assert digest(demo_copy) == before and read_lock(demo_copy).pid == holder.pid


def test_stale_lock_refused_without_take_over_and_taken_with_it_audited(demo_copy, holder,
                                                                         tmp_path):
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    attest = ("report", "attestation", demo_copy, "--doctor", 12, "--to", "26.11.2026",
              "--out", tmp_path / "attest.pdf")
    proc = run_cli(*attest, check=False)
    assert proc.returncode == 2 and "stoppet uten å lukke" in proc.stderr
    assert not (tmp_path / "attest.pdf").exists()
    run_cli(*attest, "--take-over")
    assert (tmp_path / "attest.pdf").read_bytes().startswith(b"%PDF")
    store = Store.open(demo_copy, read_only=True)
    try:
        taken = [a for a in store.all("audit_log") if a.action == "overtok filen"]
        assert len(taken) == 1 and "var foreldet" in taken[0].detail
    finally:
        store.close()
    assert not lock_path_for(demo_copy).exists()


def test_import_take_over_of_another_machines_silent_lock(tmp_path):
    """An empty file made by the program, locked by a copy on another machine that has been
    silent for two hours (no heartbeat): --take-over imports and audits."""
    target = tmp_path / "ny.alis"
    Store.open(target, create=True).close()
    export = tmp_path / "x.json"
    export.write_text(json.dumps({"format": "alis-desktop", "format_version": 1,
                                  "doctors": []}))
    foreign_lock(target, hours_old=0.1)
    fresh = run_cli("import", target, export, "--take-over", check=False)
    assert fresh.returncode == 2 and "er åpnet av kari på maskin kontor-pc-7" in fresh.stderr
    foreign_lock(target, hours_old=2)
    run_cli("import", target, export, "--take-over")
    store = Store.open(target, read_only=True)
    try:
        assert [a.action for a in store.all("audit_log")].count("overtok filen") == 1
    finally:
        store.close()


def test_demo_take_over_of_a_stale_lock_writes_the_new_file_and_audits(demo_copy):
    foreign_lock(demo_copy, hours_old=3)
    proc = run_cli("demo", demo_copy, "--force", "--doctors", 2, check=False)
    assert proc.returncode == 2 and "stoppet uten å lukke" in proc.stderr
    run_cli("demo", demo_copy, "--force", "--doctors", 2, "--take-over")
    store = Store.open(demo_copy, read_only=True)
    try:
        assert store.count("doctors") == 2
        assert [a.action for a in store.all("audit_log")].count("overtok filen") == 1
    finally:
        store.close()
    assert not lock_path_for(demo_copy).exists()


def test_restore_refuses_when_another_copy_took_the_file_over(demo_copy, tmp_path):
    """A window whose lock was taken over (the PC slept) must not restore over the other
    copy's work."""
    from alis_desktop.errors import FileProblem
    from db import backup as bk
    copy = bk.backup_now(demo_copy, tmp_path / "kopier")
    store = Store.open(demo_copy)
    try:
        foreign_lock(demo_copy)  # the other copy's lock replaced ours
        before = digest(demo_copy)
        with pytest.raises(FileProblem, match="er åpnet av kari"):
            bk.restore(store, copy, tmp_path / "kopier")
        assert digest(demo_copy) == before
    finally:
        store.close()
    assert read_lock(demo_copy).user == "kari"


def test_demo_replaces_a_file_with_an_old_hot_journal_safely(demo_copy, tmp_path):
    """A journal left by an interrupted write belongs to the old contents: it is removed
    with them, never rolled back into the new file."""
    journal = demo_copy.with_name(demo_copy.name + "-journal")
    shutil.copy(demo_copy, journal)  # any bytes: it must not survive the replacement
    run_cli("demo", demo_copy, "--force", "--doctors", 2)
    assert not journal.exists()
    assert run_cli("check", demo_copy).returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_demo_and_imported_files_are_owner_only(tmp_path, demo_file):
    import stat
    run_cli("demo", tmp_path / "ny.alis", "--doctors", 1)
    run_cli("export", demo_file, tmp_path / "e.json")
    run_cli("import", tmp_path / "importert.alis", tmp_path / "e.json")
    for name in ("ny.alis", "importert.alis"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_no_writer_replaces_the_file_the_window_has_open(demo_copy):
    """The one door checks the lock: a PDF or export saved by mistake over the open .alis
    file (this process holds it) is refused, the file intact."""
    from alis_desktop.atomic_files import write_bytes_atomically
    from alis_desktop.errors import FileProblem
    store = Store.open(demo_copy)
    try:
        before = digest(demo_copy)
        with pytest.raises(FileProblem, match="er åpnet av"):
            write_bytes_atomically(demo_copy, b"%PDF-1.4 ...")
        assert digest(demo_copy) == before and store.count("doctors") == 12
    finally:
        store.close()
    assert leftovers(demo_copy.parent) == []


def test_windows_refusing_to_delete_an_open_journal_is_norwegian(demo_copy, monkeypatch):
    """Windows raises PermissionError when deleting a file another program has open: the
    replacement stops, said in Norwegian, the old file kept."""
    import pathlib

    from alis_desktop.cli import write_demo
    from alis_desktop.errors import FileProblem
    journal = demo_copy.with_name(demo_copy.name + "-journal")
    journal.write_bytes(b"held open elsewhere")
    real_unlink = pathlib.Path.unlink

    def unlink(self, missing_ok=False):
        if self == journal:
            raise PermissionError(13, "The process cannot access the file")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink)
    before = digest(demo_copy)
    with pytest.raises(FileProblem, match="er åpen i et annet program"):
        write_demo(demo_copy, doctors=1)
    assert digest(demo_copy) == before
    assert leftovers(demo_copy.parent) == [] and not lock_path_for(demo_copy).exists()


@pytest.mark.parametrize("command", ["import-sheet", "import-plan"])
def test_the_import_commands_take_over_a_stale_lock_when_asked(tmp_path, command):
    """import-sheet and import-plan write too: a lock left by a copy gone silent is taken
    over with --take-over (as demo, import and report do), never without it."""
    sheets = ROOT / "tests" / "fixtures" / "sheets"
    args = {"import-sheet": (sheets / "leger.xlsx", "--kind", "doctors", "--create-missing"),
            "import-plan": (sheets / "plan-arenaer.txt",)}[command]
    target = tmp_path / "kommune.alis"
    Store.open(target, create=True).close()
    foreign_lock(target, hours_old=2)
    refused = run_cli(command, target, *args, check=False)
    assert refused.returncode == 2 and "stoppet uten å lukke" in refused.stderr
    assert "Ta over filen med --take-over." in refused.stderr  # how, on the command line
    run_cli(command, target, *args, "--take-over")
    store = Store.open(target, read_only=True)
    try:
        assert store.count("doctors" if command == "import-sheet" else "arenas") >= 3
        assert [a.action for a in store.all("audit_log")].count("overtok filen") == 1
    finally:
        store.close()
