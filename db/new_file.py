"""A new .alis file that replaces (or creates) a file in one step: the demo municipality and
an import into a file that does not exist yet.

The target's writer's lock is taken first (db/lock.py), so a file another running copy has
open is never replaced: the user gets the same message a second writer gets. The new file is
built under a temporary name beside the target and renamed over it only when complete
(alis_desktop/atomic_files.py); a failure (a bad record, a full disk) leaves the target as
it was and nothing beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alis_desktop import audit as audit_text
from alis_desktop.atomic_files import atomic_output
from alis_desktop.errors import FileProblem
from db.connection import _owner_only
from db.lock import FileLock
from db.store import Store


@contextmanager
def replacing_store(target: Path, *, take_over: bool = False) -> Iterator[Store]:
    """A Store on a fresh file; when the block ends without an error the file becomes
    `target`. With take_over a stale lock on `target` (never a live one) is taken over and
    the take-over is written to the new file's audit log."""
    target = Path(target)
    if target.is_dir():
        raise FileProblem(f"{target} er en mappe, ikke en fil.")
    lock = FileLock.acquire(target, take_over=take_over)
    try:
        with atomic_output(target, guard=False) as tmp:  # the lock is ours: replace it
            if not target.exists():
                _owner_only(tmp)  # a new file holds personal data: its owner's only
            store = Store.open(tmp, create=True, allow_empty=True)
            try:
                if lock.took_over is not None:
                    with store.transaction():
                        store.audit(audit_text.LOCK_TAKEN_OVER, detail=(
                            f"Låsen til {lock.took_over.describe()} var foreldet."))
                yield store
            finally:
                store.close()
            drop_old_journal(target)
    finally:
        lock.release()


def drop_old_journal(target: Path) -> None:
    """The rollback journal of the file being replaced (left by an interrupted write) belongs
    to the old contents: applied to the new file it would damage it. Called holding the lock."""
    journal = target.with_name(target.name + "-journal")
    try:
        journal.unlink()
    except FileNotFoundError:
        pass
    except PermissionError:
        raise FileProblem(f"{journal.name} er åpen i et annet program og kan ikke fjernes; "
                          f"{target.name} er ikke endret. Lukk programmet og prøv igjen.") \
            from None
