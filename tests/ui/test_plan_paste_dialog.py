"""Læringsarenaer -> Lim inn fra planen, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db.arenas import coverage_of
from ui.arenas.plan_paste import PlanPasteDialog
from ui.arenas.view import ArenasView

TABLE = ("Læringsarena\tLæringsmål\n"
         "Fjellbygd legevakt\tALM 002-004 (delvis), ALM 028,-030, ALM 040\n"
         "Fjellbygd sykehjem\tALM 008, ALM 009\n(delvis), ALM 055, ALM 085\n")


def test_paste_preview_confirm_and_store(qtbot, context):
    before = context.store.count("arenas")
    dialog = PlanPasteDialog(context)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(TABLE + "Helsestasjonen\tALM 006 og ellers mye\n")
    dialog.refresh()
    assert dialog.model.rowCount() == 3
    bad = dialog.proxy.index(2, 1)
    assert bad.data().startswith("Feil: Kan ikke lese «ellers» (tegn 12)")
    assert bad.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert not dialog.save_button.isEnabled()
    dialog.text.setPlainText(TABLE)
    dialog.refresh()
    assert dialog.proxy.index(0, 1).data().startswith(
        "Sjekk: «028,-030» (tegn 27) lest som ALM-028–ALM-030")
    assert "lest løst" in dialog.summary.text()
    assert not dialog.save_button.isEnabled()  # the loose reading is confirmed first
    dialog.confirm.setChecked(True)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert context.store.count("arenas") == before + 2
    legevakt, sykehjem = dialog.saved
    assert (legevakt.type, sykehjem.type) == ("out_of_hours", "nursing_home")
    assert coverage_of(context.store, sykehjem.id) == {
        "ALM-008": "full", "ALM-009": "partial", "ALM-055": "full", "ALM-085": "full"}


def test_arenas_view_has_the_paste_action(qtbot, context):
    view = ArenasView(context)
    qtbot.addWidget(view)
    assert view.paste_action.text() == "Lim inn fra planen ..."
    assert view.paste_action.isEnabled()


def test_arena_pasted_from_an_earlier_plan_keeps_its_goals_when_edited(qtbot, context, keep):
    from ui.arenas.dialog import ArenaDialog
    dialog = PlanPasteDialog(context)
    qtbot.addWidget(dialog)
    dialog.earlier.setChecked(True)
    dialog.text.setPlainText("Gamle legevakt\tALM 040, FKM 41-43, 51\n")
    dialog.refresh()
    dialog.confirm.setChecked(True)
    dialog.accept()
    (arena,) = dialog.saved
    edit = keep(ArenaDialog(context, arena))
    assert edit.editor.text.toPlainText() == "ALM 040, LM 041-043, LM 051"
    edit.editor.text.setPlainText("ALM 040, LM 041-043")  # typed against the same set
    edit.accept()
    assert coverage_of(context.store, arena.id) == {
        "ALM-040": "full", "LM-041": "full", "LM-042": "full", "LM-043": "full"}
