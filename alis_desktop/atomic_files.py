"""Files out through one door: every file the program writes is written whole or not at all.

The content goes to a temporary file in the target's own folder (same file system, so the
final step is a rename, not a copy), is flushed and fsynced, and then replaces the target in
one step (`os.replace`, atomic on POSIX and on NTFS). On any failure the temporary file is
removed and the old target is left exactly as it was. A full disk, a missing folder or a
file held open by another program (Windows) becomes a Norwegian FileProblem.

    with atomic_output(path) as tmp:      # tmp has path's suffix: reportlab, openpyxl
        workbook.save(tmp)                # and sqlite can write to it as they are
    write_bytes_atomically(path, pdf_bytes)
    write_text_atomically(path, text)     # UTF-8, no newline translation

(calibre's atomic_rename and SQLite's own commit do the same; STYLE.md practice 13.)
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alis_desktop.errors import FileProblem
from alis_desktop.os_errors import DiskFull, describe, is_disk_full

_WINDOWS = os.name == "nt"
# Waits between attempts to replace a file another program holds (seconds): Windows refuses
# while a virus scanner or sync client looks at a new file for a moment; a document open in
# a reader is not going to let go, and is named instead.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)
TEMP_MARK = ".tmp"  # temporary names: ".<name>.<random>.tmp<suffix>", hidden on POSIX


# Checks run before any file is replaced; db/lock.py adds one that refuses a file a copy of
# the program holds open for writing (this one included: an export must never land on the
# open .alis file). The domain core cannot read locks itself.
_GUARDS: list[Callable[[Path], None]] = []


def add_guard(check: Callable[[Path], None]) -> None:
    """Run `check(target)` before every replacement; it raises FileProblem to refuse."""
    if check not in _GUARDS:
        _GUARDS.append(check)


def temp_path_for(target: Path) -> Path:
    """A fresh name beside `target` with the same suffix (not created)."""
    target = Path(target)
    token = os.urandom(4).hex()
    return target.with_name(f".{target.name[:80]}.{token}{TEMP_MARK}{target.suffix}")


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of ours (for tests and tidy-ups after a power cut)."""
    return name.startswith(".") and TEMP_MARK in name


def _create_temp(target: Path) -> Path:
    folder = target.parent
    if target.is_dir():
        raise FileProblem(f"Kan ikke skrive {target}: det er en mappe, ikke en fil.")
    for _attempt in range(20):
        tmp = temp_path_for(target)
        try:
            # 0o666 less the user's umask, as an ordinary new file gets.
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                         0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise FileProblem(f"Mappen {folder} finnes ikke; velg en mappe som finnes.") \
                    from None
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise FileProblem(f"Du har ikke skrivetilgang til mappen {folder}; velg en "
                                  "annen mappe.") from None
            raise _problem(exc, target, None) from None
        os.close(fd)
        _keep_mode_of(target, tmp)
        return tmp
    raise FileProblem(f"Kunne ikke lage en midlertidig fil i {folder}.")


def _keep_mode_of(target: Path, tmp: Path) -> None:
    """A replaced file keeps its permission bits (an owner-only backup stays owner-only)."""
    try:
        os.chmod(tmp, os.stat(target).st_mode & 0o7777)
    except OSError:  # no old file, or a file system without such bits
        pass


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if _WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _problem(exc: BaseException, target: Path, needed: int | None) -> FileProblem:
    if is_disk_full(exc):
        return DiskFull(target.parent, needed, target.name)
    if isinstance(exc, OSError):
        return FileProblem(describe(exc, target, action="skrive"))
    return FileProblem(f"Kunne ikke skrive {target}: {exc}")


class FileInUse(FileProblem):
    """The target is held open by another program (Windows refuses to replace it)."""


def _replace(tmp: Path, target: Path) -> None:
    """os.replace, waiting out another program's brief hold on `target`."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if delay is None:
                raise FileInUse(
                    f"{target.name} er åpen i et annet program (for eksempel PDF-leseren "
                    "eller Excel) og kan ikke erstattes, eller den er skrivebeskyttet. Lukk "
                    "den og prøv igjen, eller lagre med et annet navn; filen er ikke "
                    "endret.") from None
            time.sleep(delay)


@contextmanager
def atomic_output(target: Path, *, size_hint: int | None = None,
                  guard: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target` (same suffix) to write the whole content to;
    on leaving the block without an error it is fsynced and replaces `target` in one step.
    On any error the temporary file is removed and `target` is untouched; OSErrors and
    SQLite's «disk is full» become FileProblem/DiskFull (`size_hint`: the bytes about to be
    written, for the message). The guards run first (guard=False: the caller holds the
    target's lock itself, to replace it)."""
    target = Path(target)
    if guard:
        for check in _GUARDS:
            check(target)
    tmp = _create_temp(target)
    try:
        yield tmp
        _fsync_file(tmp)
        _replace(tmp, target)
    except BaseException as exc:
        written = _size(tmp)
        needed = size_hint or written or None
        _discard(tmp)
        if isinstance(exc, DiskFull) and exc.needed is None:
            # SQLite filled the disk writing the new file: it needed at least what it had
            # written, and a replacement about what the old file holds.
            guess = max(written or 0, _size(target) or 0) or None
            raise DiskFull(exc.folder, guess, target.name, at_least=True) from None
        if isinstance(exc, FileProblem):
            raise
        if isinstance(exc, OSError) or is_disk_full(exc):
            raise _problem(exc, target, needed) from None
        raise
    _fsync_folder(target.parent)


def _discard(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):  # SQLite's, if it wrote
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # Windows: still open somewhere; nothing more we can do now
            pass


def write_bytes_atomically(target: Path, data: bytes) -> Path:
    """Write `data` to `target` whole or not at all (see atomic_output)."""
    target = Path(target)
    with atomic_output(target, size_hint=len(data)) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    return target


def write_text_atomically(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `target` whole or not at all; no newline translation (a "\\n" is
    written as "\\n" on every platform, so exports are byte-identical everywhere)."""
    return write_bytes_atomically(target, text.encode(encoding))


__all__ = [
    "FileInUse",
    "atomic_output",
    "is_temp_name",
    "temp_path_for",
    "write_bytes_atomically",
    "write_text_atomically",
]
