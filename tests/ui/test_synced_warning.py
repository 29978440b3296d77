"""The window warns once per file in a synced folder, in the words of the check command."""

from __future__ import annotations

from alis_desktop.synced import synced_folder, warning
from ui.safety.synced import mark_warned, pending_warning


def test_a_file_in_onedrive_is_warned_about_once(tmp_path):
    path = tmp_path / "OneDrive - Fjordvik kommune" / "ALIS" / "alis.alis"
    text = pending_warning(path)
    assert text == warning(synced_folder(path))
    assert "synkronisert med OneDrive" in text
    mark_warned(path)
    assert pending_warning(path) is None
    other = tmp_path / "Dropbox" / "alis.alis"
    assert "Dropbox" in pending_warning(other)


def test_an_ordinary_folder_gets_no_warning(tmp_path):
    assert pending_warning(tmp_path / "Dokumenter" / "alis.alis") is None


def test_opening_shows_it_in_the_window(qtbot, demo_file, tmp_path, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from ui.app import make_app
    from ui.safety.opening import open_store
    make_app()
    folder = tmp_path / "Dropbox (Fjordvik kommune)"
    folder.mkdir()
    path = folder / "alis.alis"
    shutil.copy(demo_file, path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    for _ in range(2):
        store = open_store(None, path, auto_backup=False)
        store.close()
    assert len(shown) == 1 and "synkronisert med Dropbox" in shown[0]
