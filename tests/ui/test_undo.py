"""Rediger -> Angre (Ctrl+Z): the last save or delete is undone through the store's own
save and delete, in one transaction, and the audit log says «angret»."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from ui.main_window import MainWindow


def last_audit(store):
    return store.all("audit_log", order_by="id DESC")[0]


def a_placement(store):
    return store.all("placements", order_by="id")[0]


def test_ctrl_z_undoes_the_last_edit_and_audits_it(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert not window.undo_action.isEnabled()
    before = a_placement(context.store)
    context.save(dataclasses.replace(before, position_pct=40.0))
    assert window.undo_action.text() == "Angre lagring av tjenesteperiode"
    assert window.undo_action.isEnabled()
    with qtbot.waitSignal(context.changed):
        qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert context.store.get("placements", before.id) == before
    entry = last_audit(context.store)
    assert (entry.action, entry.kind, entry.record_id) == ("angret", "placements", before.id)
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "Angre"


def test_undo_of_a_delete_puts_the_record_back_under_its_id(context):
    leave = context.store.all("leaves", order_by="id")[0]
    context.delete("leaves", leave.id, reason="test")
    assert context.undo_text() == "Angre sletting av fravær"
    context.undo()
    assert context.store.get("leaves", leave.id) == leave
    assert last_audit(context.store).action == "angret"


def test_undo_of_a_new_record_removes_it(context):
    doctor = context.save(m.Doctor(name="Nina Ny", start_date=date(2026, 1, 1)))
    context.undo()
    assert context.store.count("doctors", "id = ?", [doctor.id]) == 0
    assert last_audit(context.store).action == "angret"
    assert context.undo_text() == ""


def test_undo_is_refused_when_the_record_changed_since(context):
    before = a_placement(context.store)
    context.save(dataclasses.replace(before, position_pct=40.0))
    context.store.save(dataclasses.replace(before, position_pct=60.0))  # another path
    with pytest.raises(ValidationError, match="endret siden"):
        context.undo()
    assert context.store.get("placements", before.id).position_pct == 60.0
    assert context.undo_text()  # kept: nothing was undone


def test_a_grouped_step_is_undone_together(context):
    placements = context.store.all("placements", order_by="id")[:2]
    with context.step("bekreftelse av tjenesteperioder"):
        for p in placements:
            context.save(dataclasses.replace(p, notes="endret"))
    assert len(context.undo_steps) == 1
    context.undo()
    assert [context.store.get("placements", p.id) for p in placements] == placements


def test_a_multi_record_operation_elsewhere_forgets_the_steps(context):
    context.save(dataclasses.replace(a_placement(context.store), notes="x"))
    context.notify("placements")
    assert context.undo_text() == ""
