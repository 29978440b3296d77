"""One writer at a time: a lock file beside the .alis file.

SQLite's own locks keep two writers from corrupting the file, but not from overwriting each
other's work: two leaders with the same file open would each edit from their own stale screen.
So a copy of the program that opens a file for writing first creates `FILE.alis.lock`
atomically (O_CREAT | O_EXCL, which also holds on SMB and NFS shares) holding who, where and
since when, and removes it on close. A lock left by a crashed copy is recognised as stale: on
the same machine when its process no longer runs, anywhere when its heartbeat (refreshed every
minute by the window) is older than STALE_AFTER. A stale lock may be taken over.

Within one process the lock is shared (a count of openers): the process is one running copy,
and reopening its own file must not lock itself out.
"""

from __future__ import annotations

import getpass
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from alis_desktop import __version__
from alis_desktop.atomic_files import add_guard
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from alis_desktop.os_errors import describe
from db.machine import machine_id

HEARTBEAT_SECONDS = 60
# A window refreshes its lock every minute; an hour of silence means the copy is gone (crashed,
# or the PC slept; a copy that wakes up finds its lock taken and turns read-only).
STALE_AFTER = timedelta(hours=1)
# A lock file that cannot be read (its writer died between creating and writing it) is only
# trusted for this long.
GARBLED_GRACE = timedelta(minutes=2)


def lock_path_for(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


def this_host() -> str:
    if hasattr(os, "uname"):  # what gethostname() returns, without importing socket
        name = os.uname().nodename
    else:
        import socket
        name = socket.gethostname()
    return name or "ukjent maskin"


def this_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "ukjent bruker"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        import ctypes
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _now() -> datetime:
    # Local time with its UTC offset: a heartbeat written just before a summer-time change
    # compares correctly with one written after it (naive times jump an hour).
    return datetime.now().astimezone().replace(microsecond=0)


def _parse_time(text: str) -> datetime | None:
    """A time from a lock file, as local time with offset (older files wrote naive local)."""
    try:
        return datetime.fromisoformat(text).astimezone()
    except (TypeError, ValueError):
        return None


def _aware(moment: datetime) -> datetime:
    return moment.astimezone()


@dataclass
class LockInfo:
    """What a lock file says about the copy that holds the file."""

    user: str = ""
    host: str = ""
    pid: int = 0
    since: str = ""  # ISO local time, seconds
    heartbeat: str = ""
    token: str = ""
    program: str = ""
    garbled: bool = False
    machine: str = ""  # db/machine.py: stable where the host name is not (a Mac's follows its network)

    def since_time(self) -> datetime | None:
        return _parse_time(self.since)

    def heartbeat_time(self) -> datetime | None:
        return _parse_time(self.heartbeat) or self.since_time()

    def is_stale(self, now: datetime | None = None) -> bool:
        now = _aware(now or _now())
        beat = self.heartbeat_time()
        if self.garbled:
            return beat is None or now - beat > GARBLED_GRACE
        if self.on_this_machine() and not pid_alive(self.pid):
            return True
        return beat is None or now - beat > STALE_AFTER

    def on_this_machine(self) -> bool:
        """Whether the copy that wrote this lock ran here: by the stable machine id, or by the
        host name for locks written before the id existed."""
        if self.machine:
            return self.machine == machine_id()
        return self.host == this_host()

    def describe(self) -> str:
        """«NN på maskin X siden dd.mm.åååå kl. hh:mm»."""
        who = self.user or "en ukjent bruker"
        since = self.since_time()
        when = f" siden {fmt(since.date())} kl. {since:%H:%M}" if since else ""
        return f"{who} på maskin {self.host or 'ukjent'}{when}"


class FileLocked(FileProblem):
    """Another running copy has the file open for writing (or left a stale lock)."""

    def __init__(self, path: Path, info: LockInfo, stale: bool):
        self.path = Path(path)
        self.info = info
        self.stale = stale
        if stale:
            beat = info.heartbeat_time()
            seen = f" Siste livstegn: {fmt(beat.date())} kl. {beat:%H:%M}." if beat else ""
            text = (f"Filen {self.path.name} ble åpnet av {info.describe()}, men det "
                    f"programmet ser ut til å ha stoppet uten å lukke filen.{seen} Du kan ta "
                    "over filen, eller åpne den skrivebeskyttet.")
        else:
            text = (f"Filen {self.path.name} er åpnet av {info.describe()}. Bare én kan "
                    "redigere om gangen; du kan åpne den skrivebeskyttet.")
        super().__init__(text)


def refuse_if_held(path: Path) -> None:
    """Before a file is replaced or overwritten: FileLocked (the message a second writer
    gets) when a copy of the program holds it for writing, this one included, or left a
    stale lock on it (take it over first)."""
    info = read_lock(path)
    if info is not None:
        raise FileLocked(path, info, info.is_stale())


class LockUnavailable(FileProblem):
    """The lock file cannot be created (a read-only folder or share): reading still works."""


def read_lock(path: Path) -> LockInfo | None:
    """The lock on the .alis file at `path`, or None when it is not locked."""
    lock = lock_path_for(path)
    try:
        raw = lock.read_bytes()
        mtime = datetime.fromtimestamp(lock.stat().st_mtime).replace(microsecond=0)
    except FileNotFoundError:
        return None
    except OSError:
        return LockInfo(garbled=True)
    try:
        data = json.loads(raw.decode("utf-8"))
        fields = {k: data[k] for k in LockInfo.__dataclass_fields__ if k in data}
        info = LockInfo(**fields)
        info.pid = int(info.pid)
        if not info.token:
            raise ValueError("no token")
        return info
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return LockInfo(since=mtime.isoformat(), heartbeat=mtime.isoformat(), garbled=True)


# Locks this process holds: lock path -> [FileLock, number of openers].
_HELD: dict[str, list] = {}


class FileLock:
    """This process's hold on one file."""

    def __init__(self, path: Path, info: LockInfo):
        self.path = Path(path)
        self.lock_path = lock_path_for(self.path)
        self.info = info
        self.lost = False
        self.took_over: LockInfo | None = None  # the stale lock this one replaced
        self.released = False

    @classmethod
    def acquire(cls, path: Path, *, take_over: bool = False) -> "FileLock":
        """Lock `path` for writing; FileLocked if another copy holds it. With take_over a
        stale lock (never a live one) is replaced."""
        path = Path(path)
        key = str(lock_path_for(path).resolve())
        held = _HELD.get(key)
        if held is not None and not held[0].lost:
            held[1] += 1
            return held[0]
        now = _now().isoformat()
        info = LockInfo(user=this_user(), host=this_host(), pid=os.getpid(), since=now,
                        heartbeat=now, token=os.urandom(16).hex(), program=__version__,
                        machine=machine_id())
        replaced = None
        for _attempt in range(3):
            if _create_exclusive(lock_path_for(path), info):
                handle = cls(path, info)
                handle.took_over = replaced
                _HELD[key] = [handle, 1]
                return handle
            other = read_lock(path)
            if other is None:
                continue  # released between our two steps: try again
            stale = other.is_stale()
            if not (take_over and stale):
                raise FileLocked(path, other, stale)
            _remove_if_token(lock_path_for(path), other)
            replaced = other
        raise FileProblem(f"Kunne ikke låse {path.name} for redigering. Prøv igjen.")

    def refresh(self) -> bool:
        """The heartbeat: rewrite the time in the lock; False when the lock is no longer ours
        (another copy took it over), after which this copy must stop writing."""
        if self.lost:
            return False
        if self.released:
            return True  # a closed file has nothing to keep alive
        current = read_lock(self.path)
        if current is None:  # someone removed it; reclaim it if nobody else has
            try:
                self.lost = not _create_exclusive(self.lock_path, self.info)
            except LockUnavailable:
                return True  # the share is away for a moment; try again next minute
            return not self.lost
        if current.token != self.info.token:
            self.lost = True
            return False
        self.info.heartbeat = _now().isoformat()
        tmp = self.lock_path.with_name(f"{self.lock_path.name}.{self.info.token}.tmp")
        try:
            tmp.write_text(json.dumps(asdict(self.info)), encoding="utf-8")
            os.replace(tmp, self.lock_path)
        except OSError:
            tmp.unlink(missing_ok=True)  # the share is away for a moment; try next minute
        return True

    def release(self) -> None:
        key = str(self.lock_path.resolve())
        held = _HELD.get(key)
        if held is not None and held[0] is self:
            held[1] -= 1
            if held[1] > 0:
                return
            del _HELD[key]
        self.released = True
        if not self.lost:
            current = read_lock(self.path)
            if current is not None and current.token == self.info.token:
                _remove_if_token(self.lock_path, current)


def _create_exclusive(lock: Path, info: LockInfo) -> bool:
    data = json.dumps(asdict(info)).encode("utf-8")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise LockUnavailable(
            f"{describe(exc, lock.name, action='opprette låsefilen')} Har du skrivetilgang til "
            "mappen? Filen kan åpnes skrivebeskyttet.") from None
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def _remove_if_token(lock: Path, expected: LockInfo) -> None:
    """Remove the lock only if it is still the one we looked at (a take-over that raced with
    a heartbeat or another take-over must not remove a live lock)."""
    current = read_lock(lock.with_name(lock.name[: -len(".lock")]))
    if current is None:
        return
    if current.token != expected.token or current.garbled != expected.garbled:
        return
    for delay in (0.05, 0.2, None):
        try:
            lock.unlink()
            return
        except FileNotFoundError:
            return
        except PermissionError:
            # Windows refuses to delete a file another process has open, and another copy
            # may be reading the lock this very moment: wait a little. Left behind, the
            # lock names a process that has ended, so it is judged stale.
            if delay is None:
                return
            time.sleep(delay)


add_guard(refuse_if_held)  # every file written through alis_desktop.atomic_files
