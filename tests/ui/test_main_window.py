"""The main window shell: title, navigation, menus, remembered geometry, recent files."""

from PySide6.QtCore import Qt

from ui import settings
from ui.main_window import VIEWS, MainWindow


def make_window(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def test_title_names_municipality_and_file(qtbot, context):
    window = make_window(qtbot, context)
    assert window.windowTitle().startswith("Fjordvik kommune – demo.alis")


def test_navigation_by_list_and_keyboard(qtbot, context):
    window = make_window(qtbot, context)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Oversikt", "Leger", "Læringsarenaer", "Veiledning", "Møter", "Rapporter",
        "Institusjon", "Kommunens plan"]
    window.nav.setCurrentRow(2)
    assert window.current_view() == "arenas"
    assert window.stack.currentWidget() is window.views["arenas"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "doctors"
    assert len(VIEWS) == 8


def test_menus_are_norwegian(qtbot, context):
    window = make_window(qtbot, context)
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Fil", "Rediger", "Hjelp"]
    file_items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()
                  if a.text()]
    assert file_items[:3] == ["Ny fil ...", "Åpne ...", "Nylige filer"]
    assert "Sikkerhetskopier nå" in file_items and "Avslutt" in file_items


def test_geometry_is_remembered(qtbot, context):
    window = make_window(qtbot, context)
    # The offscreen screen is 800x800, so only sizes inside it survive restoreGeometry.
    window.resize(window.minimumSizeHint().width(), 613)
    window.close()
    again = make_window(qtbot, context)
    assert again.height() == 613


def test_open_doctor_from_overview(qtbot, context):
    window = make_window(qtbot, context)
    doctor = context.store.all("doctors")[3]
    window.open_doctor(doctor.id)
    assert window.current_view() == "doctors"
    assert window.views["doctors"].selected_doctor_id() == doctor.id


def test_opening_a_file_records_it_as_recent(qtbot, context, tmp_path):
    window = make_window(qtbot, context)
    assert window.open_path(tmp_path / "ny.alis", create=True)
    assert settings.recent_files()[0] == str(tmp_path / "ny.alis")
    assert context.store.path == tmp_path / "ny.alis"
    assert "Min kommune" in window.windowTitle()


def test_backup_now_writes_a_copy(qtbot, context):
    window = make_window(qtbot, context)
    window.backup()
    folder = context.store.path.with_name("demo-sikkerhetskopier")
    assert len(list(folder.glob("demo.*.alis"))) == 1
    assert "Sikkerhetskopi lagret" in window.statusBar().currentMessage()


def test_municipality_settings_are_validated_and_saved(qtbot, context):
    from ui.municipality_dialog import MunicipalityDialog
    window = make_window(qtbot, context)
    dialog = MunicipalityDialog(context, window)
    qtbot.addWidget(dialog)
    dialog.fields["org_number"].setText("12345")
    dialog.accept()
    assert "9 siffer" in dialog.error.text()
    assert context.store.municipality().org_number == "964000123"
    dialog.fields["org_number"].setText("987654321")
    dialog.fields["name"].setText("Nyby kommune")
    dialog.rate.setValue(1200)
    dialog.accept()
    saved = context.store.municipality()
    assert (saved.name, saved.org_number, saved.supervision_rate) == (
        "Nyby kommune", "987654321", 1200.0)
    assert window.windowTitle().startswith("Nyby kommune")


def test_qts_own_buttons_and_edit_menu_speak_norwegian(qtbot):
    """QMessageBox.question's buttons (delete confirmations) and a field's right-click
    menu: no «&Yes» / «&No» / «&Copy» left in English."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from ui.app import make_app
    make_app()
    box = QMessageBox(QMessageBox.Icon.Question, "Slett", "Slette?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["&Ja", "&Nei"]
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Kopier"
    assert QCoreApplication.translate("QLineEdit", "Some other text") == "Some other text"
