"""Where the leader's file and backups go: Documents for the file (an old file stays where it
is), and a second place for backups asked once on the first start."""

from __future__ import annotations

from pathlib import Path

from ui import settings
from ui.backup.first_start import apply_choice, first_start_box


def test_a_new_file_goes_to_documents(tmp_path):
    docs, old = tmp_path / "Documents", tmp_path / "AppData" / "ALIS Desktop" / "ALIS Desktop"
    assert settings.pick_default_file(docs, old, tmp_path) == docs / "ALIS Desktop" / "alis.alis"


def test_documents_moved_into_onedrive_are_passed_over_for_the_home_folder(tmp_path):
    home = tmp_path / "bjørn"
    docs = home / "OneDrive - Fjordvik kommune" / "Dokumenter"
    assert settings.pick_default_file(docs, tmp_path / "AppData", home) == \
        home / "ALIS Desktop" / "alis.alis"


def test_a_file_at_the_old_place_keeps_opening(tmp_path):
    docs, old = tmp_path / "Documents", tmp_path / "AppData" / "ALIS Desktop" / "ALIS Desktop"
    old.mkdir(parents=True)
    (old / "alis.alis").write_bytes(b"")
    assert settings.pick_default_file(docs, old, tmp_path) == old / "alis.alis"


def test_the_first_start_says_where_the_file_is_and_why_backups_go_elsewhere(qtbot, tmp_path):
    from ui.app import make_app
    make_app()
    file = tmp_path / "Documents" / "ALIS Desktop" / "alis.alis"
    box = first_start_box(None, file)
    qtbot.addWidget(box)
    assert str(file) in box.text()
    info = box.informativeText()
    assert "nettverksstasjonen" in info and "samme disk" in info
    assert str(file.parent / "alis-sikkerhetskopier") in info
    assert box.pick.text().startswith("Velg mappe")


def test_the_question_is_asked_once_and_the_choice_kept(tmp_path):
    assert not settings.backup_folder_asked()
    apply_choice(None)  # «Senere»: beside the file, but not asked again
    assert settings.backup_folder_asked() and settings.backup_folder() is None
    share = tmp_path / "H" / "ALIS sikkerhetskopier"
    apply_choice(share)
    assert settings.backup_folder() == share


def test_the_default_file_with_a_settings_folder_stays_in_it(tmp_path):
    assert settings.default_file().parent == Path(settings._folder)


def test_a_file_opened_from_the_finder_opens_in_the_window(qtbot, context, demo_file, tmp_path):
    """macOS hands a double-clicked .alis over as a QFileOpenEvent."""
    import shutil

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from ui import file_open
    from ui.main_window import MainWindow
    window = MainWindow(context)
    qtbot.addWidget(window)
    handler = file_open.install(QApplication.instance(), window)
    try:
        other = tmp_path / "Annen kommune æøå.alis"
        shutil.copy(demo_file, other)
        QCoreApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(other)))
        assert context.store.path == other
    finally:
        QApplication.instance().removeEventFilter(handler)


def test_a_first_file_in_a_synced_folder_is_said_once_in_the_welcome(qtbot, tmp_path):
    """The program chose the place itself (Documents in OneDrive: the home folder, here in
    OneDrive too): the welcome says so, and no separate warning comes after it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.app import make_app
    from ui.backup.first_start import ask_on_first_start
    from ui.safety.synced import pending_warning
    make_app()
    file = tmp_path / "OneDrive - Fjordvik kommune" / "ALIS Desktop" / "alis.alis"
    box = first_start_box(None, file)
    qtbot.addWidget(box)
    assert str(file) in box.text() and "OneDrive" in box.text()
    seen = []

    def answer_later():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            seen.append(modal.windowTitle())
            modal.later.click()
        else:
            QTimer.singleShot(20, answer_later)

    QTimer.singleShot(0, answer_later)
    assert ask_on_first_start(None, file) is None
    assert seen == ["Velkommen til ALIS Desktop"]
    assert pending_warning(file) is None  # opening the file again does not repeat it
    assert settings.backup_folder_asked()
