"""Opening a file as a user expects it: another copy has it open -> say who and since when
and offer read-only (or taking over a stale lock); damaged or foreign -> explain; opened for
writing -> an automatic backup (at most one per db.backup.AUTO_INTERVAL)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox

from alis_desktop.errors import FileProblem
from db import backup
from db.connection import EmptyFile
from db.lock import FileLocked, LockUnavailable
from db.store import Store
from ui import settings

READ_ONLY, TAKE_OVER, CANCEL = "read_only", "take_over", "cancel"
NEW_FILE = "new_file"


def locked_box(parent, exc: FileLocked) -> QMessageBox:
    """The question for a locked file; the choice is in box.property("choice") after exec."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Filen er i bruk")
    box.setText(str(exc))
    box.setInformativeText(
        "Skrivebeskyttet kan du lese og skrive ut alt, men ikke endre noe." + (
            " Ta over bare hvis du vet at det andre programmet er lukket; endringer som ikke "
            "ble lagret der, går tapt." if exc.stale else ""))
    buttons = {READ_ONLY: box.addButton("Åpne skrivebeskyttet",
                                        QMessageBox.ButtonRole.AcceptRole)}
    if exc.stale:
        buttons[TAKE_OVER] = box.addButton("Ta over filen", QMessageBox.ButtonRole.DestructiveRole)
    buttons[CANCEL] = box.addButton("Avbryt", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[READ_ONLY])
    box.setEscapeButton(buttons[CANCEL])
    box.buttonClicked.connect(
        lambda b: box.setProperty("choice", next(k for k, v in buttons.items() if v is b)))
    box.setProperty("choice", CANCEL)
    return box


def ask_locked(parent, exc: FileLocked) -> str:
    box = locked_box(parent, exc)
    box.exec()
    return box.property("choice")


def empty_box(parent, exc: EmptyFile) -> QMessageBox:
    """The question for a 0-byte file: start a new ALIS file there, or leave it alone (the
    default). The choice is in box.property("choice") after exec."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Tom fil")
    box.setText(str(exc))
    box.setInformativeText("Vil du starte en ny, tom ALIS-fil her? Ellers blir filen "
                           "liggende som den er.")
    buttons = {NEW_FILE: box.addButton("Start en ny fil her", QMessageBox.ButtonRole.AcceptRole),
               CANCEL: box.addButton("Avbryt", QMessageBox.ButtonRole.RejectRole)}
    box.setDefaultButton(buttons[CANCEL])
    box.setEscapeButton(buttons[CANCEL])
    box.buttonClicked.connect(
        lambda b: box.setProperty("choice", next(k for k, v in buttons.items() if v is b)))
    box.setProperty("choice", CANCEL)
    return box


def ask_empty(parent, exc: EmptyFile) -> str:
    box = empty_box(parent, exc)
    box.exec()
    return box.property("choice")


def warn(parent, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def open_store(parent, path: Path, *, create: bool = False, read_only: bool = False,
               interactive: bool = True, auto_backup: bool = True,
               report: Callable[[str], None] | None = None,
               warn_synced: bool = True) -> Store | None:
    """The store for `path`, or None when the user cancelled or the file cannot be used
    (the reason has then been shown). Not interactive (screenshots): a locked file opens
    read-only and errors propagate."""
    folder = settings.backup_folder()
    try:
        store = Store.open(path, create=create, read_only=read_only, backup_dir=folder)
    except EmptyFile as exc:  # never made an ALIS file without asking (screenshots: refused)
        if not interactive:
            raise
        if read_only or ask_empty(parent, exc) != NEW_FILE:
            if read_only:
                warn(parent, "Kan ikke åpne filen", str(exc))
            return None
        try:
            store = Store.open(path, create=True, allow_empty=True, backup_dir=folder)
        except FileProblem as again:
            warn(parent, "Kan ikke åpne filen", str(again))
            return None
        create = True  # a new file: nothing to back up yet
    except FileLocked as exc:
        choice = ask_locked(parent, exc) if interactive else READ_ONLY
        if choice == CANCEL:
            return None
        try:
            if choice == TAKE_OVER:
                store = Store.open(path, take_over=True, backup_dir=folder)
            else:
                store = Store.open(path, read_only=True)
        except FileProblem as again:
            if not interactive:
                raise
            warn(parent, "Kan ikke åpne filen", str(again))
            return None
    except LockUnavailable as exc:  # a folder we may not write in: reading still works
        store = Store.open(path, read_only=True)
        if interactive:
            warn(parent, "Åpnet skrivebeskyttet", str(exc))
    except FileProblem as exc:
        from db.postgres import PasswordNeeded
        if isinstance(exc, PasswordNeeded) and interactive:  # a server (docs/server.md)
            from ui.server_connect import open_with_password
            return open_with_password(parent, path, str(exc), read_only=read_only)
        if not interactive:
            raise
        warn(parent, "Kan ikke åpne filen", str(exc))
        return None
    server = store.url is not None  # a PostgreSQL server: pg_dump backs it up (docs/server.md)
    if auto_backup and not create and not store.read_only and not server:
        note = _auto_backup(store, folder)
        if note and report:
            report(note)
    if interactive and warn_synced and not server:  # (a first start says it in its welcome)
        from ui.safety.synced import warn_once
        warn_once(parent, path)  # OneDrive & co. can split the file: said once per file
    return store


def _auto_backup(store: Store, folder: Path | None) -> str:
    """Back up on opening; a failed backup is reported, never stops the work."""
    try:
        made = backup.auto_backup(store.path, folder, store.municipality().backup_keep)
    except (OSError, FileProblem) as exc:
        return f"Automatisk sikkerhetskopi feilet: {exc}"
    return f"Automatisk sikkerhetskopi lagret: {made}" if made else ""
