"""What Windows refuses and Linux allows: deleting a file another program has open. The
program must carry on (and not report a failure that did not happen). Simulated here by
refusing the delete the way Windows does (PermissionError); only CI on Windows proves the
real refusal."""

from __future__ import annotations

import json
from pathlib import Path

from db import backup
from db.lock import FileLock, lock_path_for


def test_pruning_skips_a_backup_another_program_holds(demo_copy, tmp_path, monkeypatch):
    folder = tmp_path / "kopier"
    for _ in range(3):
        backup.backup_now(demo_copy, folder)
    oldest = backup.list_backups(folder, demo_copy.stem)[0].path
    real_unlink = Path.unlink

    def held(self, missing_ok=False):
        if self == oldest:
            raise PermissionError(32, "The process cannot access the file")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held)
    gone = backup.prune(folder, demo_copy.stem, 1)
    assert oldest.exists() and oldest not in gone and len(gone) == 1


def test_closing_while_another_copy_reads_the_lock_does_not_fail(tmp_path, monkeypatch):
    alis = tmp_path / "a.alis"
    held = FileLock.acquire(alis)
    lock = lock_path_for(alis)
    monkeypatch.setattr("db.lock.time.sleep", lambda s: None)

    def busy(self, missing_ok=False):
        raise PermissionError(32, "in use")

    monkeypatch.setattr(Path, "unlink", busy)
    held.release()  # no exception: the lock is left, naming a process that has ended
    monkeypatch.undo()
    info = json.loads(lock.read_text(encoding="utf-8"))
    assert info["token"] == held.info.token
