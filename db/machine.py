"""A stable identity of this computer for the writer's lock (db/lock.py).

The lock used to compare host names, but a Mac's host name follows the network it is on
(the DHCP server names it), so the leader's own lock from a crashed copy could look like
another machine's for an hour. The identity here does not change with the network:

- Windows: the MachineGuid Windows sets at installation (readable without admin rights);
- Linux: /etc/machine-id;
- otherwise (macOS) and as the fallback: a random id created once in this user's local
  application-data folder (never a roaming or synced folder: two PCs sharing one id would
  each take the other's live lock for a dead one).

Only a hash goes into the lock file, which may sit on a shared drive; the host name stays
beside it for people to read.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from pathlib import Path

_cached: str | None = None


def local_data_folder() -> Path:
    """This user's non-roaming application-data folder for ALIS Desktop."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ALIS Desktop"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "ALIS Desktop"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "alis-desktop"


def _system_id() -> str:
    if sys.platform == "win32":
        try:
            import winreg
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography",
                                0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0]).strip()
        except OSError:
            return ""
    for name in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            found = Path(name).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if found:
            return found
    return ""


def stored_id(folder: Path) -> str:
    """The id kept in `folder`/machine-id, created on first use; "" if it cannot be kept."""
    path = folder / "machine-id"
    try:
        found = path.read_text(encoding="ascii").strip()
        if found:
            return found
    except (OSError, UnicodeDecodeError):
        pass
    new = uuid.uuid4().hex
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"machine-id.{new}.tmp")
        tmp.write_text(new, encoding="ascii")
        os.replace(tmp, path)
        return path.read_text(encoding="ascii").strip()  # another copy may have won the race
    except OSError:
        return ""


def machine_id() -> str:
    """A hash of this computer's identity (16 hex digits); "" when none can be had."""
    global _cached
    if _cached is None:
        raw = _system_id() or stored_id(local_data_folder())
        _cached = hashlib.sha256(f"alis-desktop:{raw}".encode()).hexdigest()[:16] if raw else ""
    return _cached
