"""Fil -> Importer fra regneark, driven as a user would: a sheet with a bad row shows it in red
and cannot be imported; a corrected column choice is remembered; a clean sheet is imported
and the views are told. And the doctor dialog's choice of the earlier common goals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from alis_desktop import models as m
from alis_desktop.catalog import FKM_OLD
from ui import settings
from ui.sheet_import.dialog import SheetImportDialog, remembered

SHEETS = Path(__file__).parents[1] / "fixtures" / "sheets"
TODAY = date(2026, 12, 3)


@pytest.fixture
def fresh(qtbot, tmp_path):
    from db.store import Store
    from ui.app import make_app
    from ui.data import DataContext
    make_app()
    store = Store.open(tmp_path / "k.alis", create=True)
    ctx = DataContext(store)
    yield ctx
    ctx.store.close()


def make(qtbot, context, kind):
    dialog = SheetImportDialog(context, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    return dialog


def status_cell(dialog, row):
    return dialog.proxy.index(row, 1)


def test_bad_row_shown_in_red_and_nothing_can_be_imported(qtbot, fresh, tmp_path):
    bad = tmp_path / "leger.csv"
    bad.write_bytes("Navn;HPR-nr.;Startdato\nKari Nordmann;1234567;01.09.2023\n"
                    "Ola Åsen;7654321;31.02.2024\n".encode("cp1252"))
    dialog = make(qtbot, fresh, "doctors")
    dialog.load_file(bad)
    assert dialog.model.rowCount() == 2
    assert status_cell(dialog, 1).data() == "Feil: rad 3, «Startdato»: 31.02.2024 er ikke en dato"
    assert status_cell(dialog, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert status_cell(dialog, 0).data() == "OK"
    assert not dialog.import_button.isEnabled()
    dialog.accept()
    assert fresh.store.count("doctors") == 0


def test_corrected_mapping_imports_and_is_remembered(qtbot, fresh, tmp_path):
    sheet = tmp_path / "liste.csv"
    sheet.write_text("Lege;Kode;Begynte\nKari Nordmann;1234567;01.09.2023\n", encoding="utf-8")
    dialog = make(qtbot, fresh, "doctors")
    dialog.load_file(sheet)
    assert "Mangler kolonne for: Startdato" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    combos = dict(dialog.combos)
    combos[1].setCurrentIndex(combos[1].findData("hpr_number"))
    combos[2].setCurrentIndex(combos[2].findData("start_date"))
    assert dialog.import_button.isEnabled()
    assert dialog.proxy.index(0, 2).data() == "Kari Nordmann"
    with qtbot.waitSignal(fresh.changed, timeout=2000):
        dialog.accept()
    (doctor,) = fresh.store.all("doctors")
    assert (doctor.hpr_number, doctor.start_date) == ("1234567", date(2023, 9, 1))
    assert remembered("doctors") == {"Lege": "name", "Kode": "hpr_number",
                                     "Begynte": "start_date"}
    # next time the same headers are read the same way
    again = make(qtbot, fresh, "doctors")
    again.load_file(sheet)
    assert again.mapping.columns == {0: "name", 1: "hpr_number", 2: "start_date"}
    assert "finnes allerede" in again.preview.report()


def test_workbook_sheet_chosen_and_new_records_offered(qtbot, fresh):
    dialog = make(qtbot, fresh, "doctors")
    dialog.load_file(SHEETS / "leger.xlsx")
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "ALIS 2026", "Veiledere"]
    assert "finner ingen veileder «Per Hansen»" in dialog.preview.report()
    dialog.create_missing.setChecked(True)
    assert dialog.preview.clean
    assert status_cell(dialog, 0).data() == "Opprettes: ny veileder «Per Hansen»"
    dialog.accept()
    assert fresh.store.count("doctors") == 3 and fresh.store.count("supervisors") == 2
    assert fresh.store.all("audit_log")[-1].action == "importert fra regneark"
    assert settings.value("sheet_import/last_kind") == "doctors"


def test_menu_opens_the_dialog(qtbot, fresh):
    from ui.main_window import MainWindow
    window = MainWindow(fresh)
    qtbot.addWidget(window)
    action = next(a for menu in window.menuBar().actions() for a in menu.menu().actions()
                  if a.text() == "Importer fra &regneark ...")
    action.trigger()
    dialog = window.findChild(SheetImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_doctor_keeps_the_earlier_common_goals(qtbot, fresh):
    from ui.doctors.dialog import DoctorDialog
    doctor = fresh.store.save(m.Doctor(name="Eldre Lege", start_date=date(2022, 1, 1),
                                       catalog_version=FKM_OLD))
    dialog = DoctorDialog(fresh, doctor)
    qtbot.addWidget(dialog)
    combo = dialog.fields["catalog_version"]
    assert combo.currentData() == FKM_OLD
    dialog.accept()
    assert fresh.store.get("doctors", doctor.id).catalog_version == FKM_OLD
    new = DoctorDialog(fresh, None)
    qtbot.addWidget(new)
    assert new.fields["catalog_version"].currentData() == m.FKM_CURRENT


def test_a_large_sheet_is_read_off_the_gui_thread(qtbot, fresh, tmp_path):
    from ui.sheet_import.dialog import BACKGROUND_ROWS
    fresh.store.save(m.Doctor(name="Kari Nordmann", start_date=date(2020, 1, 1)))
    fresh.store.save(m.Supervisor(name="Per Hansen"))
    lines = ["Dato;Lege;Veileder;Timer"]
    day = date(2021, 1, 1)
    for i in range(BACKGROUND_ROWS + 100):
        lines.append(f"{date.fromordinal(day.toordinal() + i):%d.%m.%Y};Kari Nordmann;"
                     "Per Hansen;1")
    sheet = tmp_path / "mange.csv"
    sheet.write_text("\n".join(lines), encoding="utf-8")
    dialog = make(qtbot, fresh, "supervision")
    dialog.load_file(sheet)
    assert dialog.summary.text().startswith("Leser 601 rader")
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 600, timeout=20000)
    assert dialog.preview.clean and dialog.import_button.isEnabled()
    dialog.accept()
    assert fresh.store.count("supervision_sessions") == 600
