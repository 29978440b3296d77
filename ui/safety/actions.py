"""The Fil menu's data-safety entries, as functions of the main window (so the window only
names them): restore, backup folder, audit log, personal data, and what happens when this
copy loses its lock."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def restore(window) -> None:
    from ui.backup.dialog import RestoreDialog
    if window.context.store is None or window.context.store.path is None:
        return
    dialog = RestoreDialog(window.context, window)
    if dialog.exec() and dialog.restored_from is not None:
        window.statusBar().showMessage(
            f"Gjenopprettet fra {dialog.restored_from.name}. Innholdet før er lagret i "
            f"{dialog.before.name}.", 15000)


def choose_folder(window) -> None:
    from ui.backup.dialog import choose_backup_folder
    folder = choose_backup_folder(window)
    window.statusBar().showMessage(
        f"Sikkerhetskopier lagres i {folder}." if folder else
        "Sikkerhetskopier lagres ved siden av filen.", 8000)


def show_audit(window) -> None:
    from ui.audit.dialog import AuditDialog
    if window.context.store is not None:
        AuditDialog(window.context, window).exec()


def personal_data(window) -> None:
    from ui.safety.personal import PersonalDataDialog
    if window.context.store is not None:
        doctors = window.views.get("doctors")
        selected = doctors.selected_doctor_id() if hasattr(doctors, "selected_doctor_id") else None
        PersonalDataDialog(window.context, window, doctor_id=selected).exec()


def lock_lost(window, text: str) -> None:
    window.context.write_access_lost()
    window.statusBar().showMessage("Skrivebeskyttet: filen er tatt over av et annet program.")
    QMessageBox.warning(window, "Filen er tatt over", text)
