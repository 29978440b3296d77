"""The program's preferences (window geometry, recent files). QSettings lives only here;
domain data never does. Tests point it at a temporary folder with use_folder()."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG, APP = "ALIS Desktop", "ALIS Desktop"
MAX_RECENT = 8
_folder: Path | None = None


def use_folder(folder: Path) -> None:
    """Keep settings as an ini file in `folder` (tests, portable installs)."""
    global _folder
    _folder = Path(folder)


def _settings() -> QSettings:
    if _folder is not None:
        return QSettings(str(_folder / "alis-desktop.ini"), QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


def value(key: str, default=None):
    return _settings().value(key, default)


def set_value(key: str, val) -> None:
    s = _settings()
    s.setValue(key, val)
    s.sync()


def recent_files() -> list[str]:
    found = value("recent_files", []) or []
    if isinstance(found, str):
        found = [found]
    return [f for f in found if f]


def add_recent(path: Path) -> None:
    files = [str(path)] + [f for f in recent_files() if f != str(path)]
    set_value("recent_files", files[:MAX_RECENT])


def default_file() -> Path:
    """The user's own file: in Documents ("ALIS Desktop/alis.alis"), where the leader sees it
    and the municipality usually backs it up; a file already at the old place (the hidden
    application-data folder of earlier versions) keeps being opened from there."""
    if _folder is not None:
        return _folder / "alis.alis"
    return pick_default_file(_location(QStandardPaths.StandardLocation.DocumentsLocation),
                             _location(QStandardPaths.StandardLocation.AppDataLocation),
                             Path.home())


def pick_default_file(documents: Path, old_data_folder: Path, home: Path) -> Path:
    old = old_data_folder / "alis.alis"
    if old.exists():
        return old
    # Many municipal PCs move Documents into OneDrive ("Known Folder Move"); a database
    # must not live in a synced folder (alis_desktop/synced.py), so then the home folder.
    from alis_desktop.synced import synced_folder
    if synced_folder(documents) is not None:
        return home / "ALIS Desktop" / "alis.alis"
    return documents / "ALIS Desktop" / "alis.alis"


def _location(kind) -> Path:
    found = QStandardPaths.writableLocation(kind)
    return Path(found) if found else Path.home()


def backup_folder() -> Path | None:
    """The folder this machine keeps backups in; None means beside each file (the default)."""
    found = value("backup/folder", "") or ""
    return Path(found) if found else None


def set_backup_folder(folder: Path | None) -> None:
    set_value("backup/folder", str(folder) if folder else "")
    set_value("backup/asked", True)


def backup_folder_asked() -> bool:
    """Whether the leader has been asked where backups go (once, on the first start)."""
    return str(value("backup/asked", False)).lower() == "true"


def mark_backup_folder_asked() -> None:
    set_value("backup/asked", True)
