"""Fil -> Importer læringsmål: preview, all-or-nothing, statuses untouched, titles shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db.goals import catalog_for
from ui.goals.catalog_import import CatalogImportDialog
from ui.main_window import MainWindow


def write_csv(path, rows):
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_shown_and_nothing_is_written(qtbot, keep, context, tmp_path):
    before = context.store.counts()
    dialog = keep(CatalogImportDialog(context))
    path = write_csv(tmp_path / "alm.csv", [["Kode", "Tema", "Tekst"],
                                             ["ALM-001", "Allmennmedisinens egenart", ""],
                                             ["ALM-090", "Finnes ikke", ""],
                                             ["ALM-001", "Dobbel", ""]])
    result = dialog.load(path, "ALM")
    assert not result.ok and not dialog.import_button.isEnabled()
    assert "Ingenting importeres før alle rader er i orden. 2 feil" in dialog.error.text()
    assert "Rad 3: ALM-090 finnes ikke" in dialog.error.text()
    problem = dialog.proxy.index(1, 4).data()
    assert problem == "ALM-090 finnes ikke; ALM går fra ALM-001 til ALM-088."
    background = dialog.proxy.index(1, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == "#f6d5d5"
    dialog.accept()
    assert context.store.counts() == before


def test_good_file_updates_titles_and_leaves_statuses_alone(qtbot, keep, context, tmp_path):
    store = context.store
    statuses = store.all("goal_statuses")
    window = keep(MainWindow(context))
    dialog = window.import_goals()
    qtbot.addWidget(dialog)
    path = write_csv(tmp_path / "alm.csv", [["code", "theme", "text"],
                                             ["ALM 001", "Allmennmedisinens egenart", "Ha ..."],
                                             ["ALM-O02", "Kontinuitet", ""]])
    assert dialog.load(path, "ALM").ok and dialog.import_button.isEnabled()
    assert "2 læringsmål er klare til import i katalogen ALM." == dialog.status.text()
    dialog.version.setCurrentText("FKM-2026")  # a changed catalog must be read again
    assert not dialog.import_button.isEnabled()
    dialog.version.setCurrentText("ALM")
    dialog.read()
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.imported == 2
    titles = {g.code: g.title for g in catalog_for(store)}
    assert titles["ALM-001"] == "Allmennmedisinens egenart" and titles["ALM-002"] == "Kontinuitet"
    assert store.all("goal_statuses") == statuses
    arenas = window.views["arenas"]
    row = next(r for r in range(arenas.matrix.proxy.rowCount())
               if arenas.matrix.proxy.index(r, 0).data() == "ALM-002")
    assert arenas.matrix.proxy.index(row, 1).data() == "Kontinuitet"


def test_the_arenas_entry_of_the_main_window_is_the_editable_register(qtbot, keep, context):
    from ui.arenas.view import ArenasView
    window = keep(MainWindow(context))
    assert isinstance(window.views["arenas"], ArenasView)
    assert window.import_goals_action.text() == "Importer &læringsmål ..."
