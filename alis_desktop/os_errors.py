"""System errors (a full disk, a missing folder, no permission ...) said in Norwegian.

The operating system's own text (`strerror`) is English on most machines; the user gets a
sentence naming the file or folder and what to do. Known errors become FileProblem; the
program's own bugs keep their traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from alis_desktop.errors import FileProblem

# errno -> what happened, as the end of «Kan ikke ... X: <what>».
_WHAT = {
    errno.ENOENT: "finnes ikke",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "ligger i noe som ikke er en mappe",
    errno.EACCES: "du har ikke tilgang (mangler lese- eller skriverettighet)",
    errno.EPERM: "operasjonen er ikke tillatt (filen kan være skrivebeskyttet eller i bruk)",
    errno.EROFS: "disken er skrivebeskyttet",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EEXIST: "finnes allerede",
    errno.EBUSY: "er i bruk av et annet program",
    errno.EIO: "disken svarte med en lese-/skrivefeil",
    errno.EINVAL: "navnet er ugyldig",
}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), getattr(errno, "EFBIG", -1)}


def size_text(n: int | None) -> str:
    """Bytes for people: «1,4 MB», «380 kB», «12 byte»."""
    if n is None:
        return "ukjent"
    if n < 1000:
        return f"{n} byte"
    if n < 1_000_000:
        return f"{n / 1000:.0f} kB"
    if n < 1_000_000_000:
        return f"{n / 1_000_000:.1f} MB".replace(".", ",")
    return f"{n / 1_000_000_000:.1f} GB".replace(".", ",")


def free_space(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except (AttributeError, OSError):  # Windows has no statvfs
        try:
            import shutil
            return shutil.disk_usage(folder).free
        except OSError:
            return None
    return st.f_bavail * st.f_frsize


class DiskFull(FileProblem):
    """No room left where a file was being written; the file is unchanged.

    `name` is the file; `change` says it was a change to an open file (the database) rather
    than a file being written out."""

    def __init__(self, folder: Path, needed: int | None, name: str = "", *,
                 change: bool = False, at_least: bool = False):
        self.folder = Path(folder)
        self.needed = needed
        self.name = name
        self.change = change
        free = free_space(self.folder)
        need = (f"Det trengtes {'minst' if at_least else 'omtrent'} {size_text(needed)}"
                if needed else "Det trengtes mer plass enn det som var ledig")
        have = f" (ledig nå: {size_text(free)})." if free is not None else "."
        if change:
            outcome = f"Endringen ble ikke lagret; {name or 'filen'} er som før."
        elif name:
            outcome = f"{name} ble ikke skrevet; en eldre fil med samme navn er ikke endret."
        else:
            outcome = "Ingenting ble skrevet."
        super().__init__(
            f"Disken er full i mappen {self.folder}. {need}{have} {outcome} Frigjør plass "
            "eller velg en annen mappe, og prøv igjen.")


def is_disk_full(exc: BaseException) -> bool:
    """An OSError for a full disk (or quota), or SQLite's «database or disk is full»."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    return "database or disk is full" in str(exc) or getattr(exc, "sqlite_errorcode", 0) == 13


def describe(exc: OSError, path: Path | str | None = None, *, action: str = "bruke") -> str:
    """A Norwegian sentence for an OSError about `path`: «Kan ikke lese X: finnes ikke.»"""
    where = Path(path) if path is not None else (Path(exc.filename) if exc.filename else None)
    what = _WHAT.get(exc.errno)
    if what is None:
        code = errno.errorcode.get(exc.errno, str(exc.errno))
        what = f"systemfeil {code}"
    target = f" {where}" if where is not None else ""
    return f"Kan ikke {action}{target}: {what}."


def problem(exc: OSError, path: Path | str | None = None, *, action: str = "bruke",
            needed: int | None = None) -> FileProblem:
    """The FileProblem to raise for an OSError (DiskFull for a full disk)."""
    if is_disk_full(exc):
        folder = Path(path).parent if path is not None else Path(exc.filename or ".").parent
        return DiskFull(folder, needed, Path(path).name if path is not None else "")
    return FileProblem(describe(exc, path, action=action))
