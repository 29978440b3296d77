"""Recognising a file in a folder that a sync client (OneDrive, Dropbox, Google Drive,
iCloud) copies to the cloud and other PCs, from its path alone.

Why it matters: a sync client copies a file when it sees it change, without SQLite's locks.
It can upload a database halfway through a save, and when two PCs (or a PC and the web)
have changed it, it splits it into conflicting copies ("alis-KONTOR-PC.alis"), each with
only part of the work. The lock file beside it travels to the other PCs too.

Recognised from each service's usual folder layout on Windows and macOS. Not recognisable
from the path: Documents or Desktop redirected into iCloud on a Mac that shows them at
~/Documents, and SharePoint libraries synced under a folder named after the organisation;
docs/platforms.md says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class SyncedFolder:
    service: str  # "OneDrive", "Dropbox", "Google Drive", "iCloud Drive"
    folder: str   # the synced folder's root, as written in the path


# Google Drive for desktop on Windows shows the drive as a letter (G:) with these folders
# at its root; the names follow the language of the Google account.
_GOOGLE_ROOTS = {"my drive", "min disk", "shared drives", "delte disker", "other computers",
                 "andre datamaskiner"}


def _service_of(name: str) -> str | None:
    """The service a single folder name belongs to, if it is a sync root's name."""
    low = name.lower()
    if low == "onedrive" or low.startswith(("onedrive - ", "onedrive-")):
        return "OneDrive"
    if low == "dropbox" or low.startswith(("dropbox (", "dropbox-")):
        return "Dropbox"
    if low in ("google drive", "googledrive") or low.startswith("googledrive-"):
        return "Google Drive"
    if low in ("icloud drive", "iclouddrive", "com~apple~clouddocs"):
        return "iCloud Drive"
    return None


def synced_folder(path: str | PurePath) -> SyncedFolder | None:
    """The sync service whose folder holds `path`, or None for an ordinary folder."""
    text = str(path)
    parts = [p for p in re.split(r"[\\/]+", text) if p]
    for i, name in enumerate(parts):
        prefix = parts[: i + 1]
        # macOS 12.3+: every file-provider service lives under ~/Library/CloudStorage.
        if i >= 2 and parts[i - 1] == "CloudStorage" and parts[i - 2] == "Library":
            service = _service_of(name) or _service_of(name.split("-")[0])
            return SyncedFolder(service or name.split("-")[0], _join(text, prefix))
        service = _service_of(name)
        if service:
            return SyncedFolder(service, _join(text, prefix))
        # Older Google Drive for Mac: /Volumes/GoogleDrive/My Drive/...
        if i == 1 and parts[0] == "Volumes" and name.lower().startswith("googledrive"):
            return SyncedFolder("Google Drive", _join(text, prefix))
        # Google Drive for desktop on Windows: G:\My Drive\...
        if i == 1 and re.fullmatch(r"[A-Za-z]:", parts[0]) and name.lower() in _GOOGLE_ROOTS:
            return SyncedFolder("Google Drive", _join(text, prefix))
    return None


def _join(text: str, parts: list[str]) -> str:
    """The first `parts` of the path, with the separator and root the path itself uses."""
    windows = "\\" in text or re.match(r"^[A-Za-z]:", text) is not None
    sep = "\\" if windows else "/"
    joined = sep.join(parts)
    if text.startswith(("\\\\", "//")):
        return sep * 2 + joined
    if text.startswith(("/", "\\")):
        return sep + joined
    if windows and re.fullmatch(r"[A-Za-z]:", parts[0]) and len(parts) == 1:
        return parts[0] + sep
    return joined


def warning(found: SyncedFolder) -> str:
    """The leader's warning, plain Norwegian: what, why, and what to do instead."""
    return (
        f"Filen ligger i en mappe som er synkronisert med {found.service} ({found.folder}). "
        f"{found.service} kan kopiere filen mens programmet lagrer i den, og dele den i "
        "motstridende kopier når den er endret flere steder; da går endringer tapt. "
        "Legg heller filen i en lokal mappe som ikke synkroniseres, med sikkerhetskopier "
        "til nettverksstasjonen, eller på en nettverksstasjon (for eksempel H:) uten "
        "synkronisering. Flytt filen mens ALIS Desktop er lukket.")
