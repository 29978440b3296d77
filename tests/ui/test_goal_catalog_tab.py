"""Læringsarenaer → Læringsmål: the leader rewords one goal in a dialog, sees it in the
catalog at once (and in every table that names goals), and can go back to
Helsedirektoratet's text; a goal with neither theme nor text is refused in the dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from alis_desktop.catalog import shipped_goal
from db.store import Store
from ui.arenas.view import ArenasView
from ui.data import DataContext
from ui.goals.catalog_tab import GoalTextDialog


def open_tab(qtbot, context):
    view = ArenasView(context)
    qtbot.addWidget(view)
    view.tabs.setCurrentWidget(view.goals)
    return view.goals


def row_of(tab, code):
    return next(r for r in tab.model.rows if r.goal.code == code)


def type_into_dialog(qtbot, tab, theme: str, text: str) -> None:
    """Open the dialog from the keyboard (Enter on the table) and fill it in."""
    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, GoalTextDialog)
        dialog.fields["theme"].setText(theme)
        dialog.fields["text"].setPlainText(text)
        dialog.accept()
        if dialog.isVisible():  # refused: the message is shown; close it for the test
            type_into_dialog.problem = dialog.error.text()
            dialog.reject()
    QTimer.singleShot(0, fill)
    tab.edit()


def test_rewording_a_goal_shows_at_once_and_can_be_undone(qtbot, context):
    tab = open_tab(qtbot, context)
    assert tab.version.currentText() == "ALM" and len(tab.model.rows) == 88
    tab.select("ALM-010")
    assert tab.edit_action.isEnabled() and not tab.reset_action.isEnabled()
    type_into_dialog(qtbot, tab, "Legemiddelbruk", "Forskrive trygt til eldre pasienter.")
    row = row_of(tab, "ALM-010")
    assert (row.goal.theme, row.goal.text, row.edited) == (
        "Legemiddelbruk", "Forskrive trygt til eldre pasienter.", True)
    assert tab.selected().goal.code == "ALM-010" and tab.reset_action.isEnabled()
    assert "1 med egen tekst" in tab.summary.text()
    tab.reset_row(tab.selected())
    shipped = shipped_goal("ALM", "ALM-010")
    row = row_of(tab, "ALM-010")
    assert (row.goal.theme, row.goal.text, row.edited) == (shipped.theme, shipped.text, False)


def test_an_empty_goal_is_refused_in_the_dialog(qtbot, context):
    tab = open_tab(qtbot, context)
    tab.select("ALM-011")
    type_into_dialog.problem = ""
    type_into_dialog(qtbot, tab, " ", "   ")
    assert "Skriv tema eller tekst" in type_into_dialog.problem
    assert not row_of(tab, "ALM-011").edited
    assert context.store.count("goal_texts") == 0


def test_search_and_fkm_catalog(qtbot, context):
    tab = open_tab(qtbot, context)
    tab.version.setCurrentIndex(1)
    assert tab.version.currentText().startswith("FKM")
    assert tab.model.rows and all(r.goal.family == "FKM" for r in tab.model.rows)
    tab.search.setText("FKM-001")
    assert tab.proxy.rowCount() >= 1
    assert tab.proxy.index(0, 0).data() == "FKM-001"


def test_read_only_file_offers_no_editing(qtbot, demo_copy):
    context = DataContext(Store.open(demo_copy, read_only=True))
    try:
        tab = open_tab(qtbot, context)
        tab.select("ALM-001")
        assert tab.selected() is not None
        assert not tab.edit_action.isEnabled() and not tab.reset_action.isEnabled()
        assert tab.edit() is None
    finally:
        context.store.close()
