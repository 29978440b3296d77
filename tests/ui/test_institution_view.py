"""The Institusjon view, its dialogs and the doctor tab, on a copy of the demo: the list in
its order with reasons, assigning from the board (placement made, conflicts refused in the
dialog), requests, overrides, posts, the export."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from alis_desktop import models as m
from alis_desktop.rotation import next_period_start, period_of
from db import institution as inst
from tests.conftest import run_cli

TODAY = date.today()  # the views work on today; the demo is laid around today too


@pytest.fixture
def view(qtbot, context):
    from ui.institution.view import InstitutionView
    v = InstitutionView(context)
    qtbot.addWidget(v)
    v.resize(1300, 760)
    v.show()
    return v


def cell(model, row, col):
    return model.data(model.index(row, col))


def first_vacant_post(store, period_start=None):
    return next(p for p in store.all("institution_posts", order_by="period_start, id")
                if p.doctor_id is None and (period_start is None
                                            or p.period_start == period_start))


def test_the_waiting_list_is_shown_in_rank_order_with_reasons(view, context):
    entries = inst.queue(context.store, TODAY)
    model = view.queue.model
    assert model.rowCount() == len(entries) >= 3
    proxy = view.queue.proxy
    assert [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())] == [
        str(e.rank) for e in entries]
    assert [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())] == [
        e.doctor.name for e in entries]
    reason = [c.header for c in model.columns].index("Begrunnelse")
    assert proxy.data(proxy.index(0, reason)) == entries[0].reason
    assert entries[0].doctor.name in view.queue.detail.text()  # first row selected
    assert view.reminder_label.isVisible() and "ledige poster" in view.reminder_label.text()


def test_institution_is_the_seventh_view_at_ctrl_7(qtbot, context):
    from ui.main_window import MainWindow
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "institution"
    assert window.nav.item(6).text() == "Institusjon"


def test_assigning_from_the_board_makes_the_placement_and_accepts_the_request(
        qtbot, view, context):
    """(The projection following an assignment is proved in tests/db/test_institution.py;
    the demo doctor here already has hospital service planned, so hers stays put.)"""
    from ui.institution.dialogs import AssignDialog
    store = context.store
    spring = next_period_start(TODAY)
    post = first_vacant_post(store, spring)
    entry = next(e for e in view.entries if e.doctor.id == 5)
    view.tabs.setCurrentWidget(view.board)
    assert view.board.select_post(post.id)
    assert view.board.assign_action.isEnabled()

    dialog = AssignDialog(context, post, view.entries, view)
    qtbot.addWidget(dialog)
    dialog.select_doctor(5)
    assert dialog.accept_request.isChecked()
    assert not dialog.make_room.isHidden()  # her GP service overlaps the post
    dialog.accept()
    assert "200 %" in dialog.error.text() and dialog.result() == 0
    assert store.get("institution_posts", post.id).doctor_id is None  # nothing written

    dialog.make_room.setChecked(True)
    with qtbot.waitSignal(context.changed):
        dialog.accept()
    saved = store.get("institution_posts", post.id)
    placement = store.get("placements", saved.placement_id)
    assert (saved.doctor_id, placement.category, placement.status, placement.position_pct) == (
        5, "institution", "planned", 100.0)
    assert store.get("institution_requests", entry.request.id).status == "accepted"
    # The views followed: the board names her, the list no longer holds her.
    assert view.board.select_post(post.id)
    index = view.board.table.currentIndex()
    assert view.board.model.data(index) == entry.doctor.name
    assert entry.doctor.name not in [e.doctor.name for e in view.queue.entries]


def test_a_second_post_in_the_same_period_is_refused_in_the_dialog(qtbot, view, context):
    from ui.institution.dialogs import AssignDialog
    store = context.store
    spring = next_period_start(TODAY)
    first = first_vacant_post(store, spring)
    inst.assign(store, first.id, 5, make_room=True)
    context.notify("institution_posts", "placements")
    second = first_vacant_post(store, spring)
    dialog = AssignDialog(context, second, view.entries, view)
    qtbot.addWidget(dialog)
    dialog.select_doctor(5)
    dialog.make_room.setChecked(not dialog.make_room.isHidden())
    dialog.accept()
    assert "En lege kan ha bare én post per halvårsperiode" in dialog.error.text()
    assert "border" in dialog.doctor.styleSheet()
    assert store.get("institution_posts", second.id).doctor_id is None


def test_unassigning_frees_the_post(qtbot, view, context, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    store = context.store
    post = first_vacant_post(store, next_period_start(TODAY))
    inst.assign(store, post.id, 5, make_room=True)
    context.notify("institution_posts", "placements")
    assert view.board.select_post(post.id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.board.unassign()
    assert store.get("institution_posts", post.id).doctor_id is None
    assert view.board.select_post(post.id)
    assert view.board.model.data(view.board.table.currentIndex()) == "Ledig"


def test_a_declined_offer_keeps_its_place_on_the_list(view, context):
    offered = next(e for e in view.queue.entries if e.request.status == "offered")
    assert view.queue.select_request(offered.request.id)
    assert view.queue.decline_action.isEnabled()
    view.queue.declined()
    saved = context.store.get("institution_requests", offered.request.id)
    assert saved.status == "declined"
    assert saved.desired_start == period_of(offered.request.desired_start).next().start
    assert offered.request.id in [e.request.id for e in view.queue.entries]


def test_request_editor_checks_the_rules_and_moves_a_declined_offer(qtbot, context):
    from ui.institution.dialogs import RequestDialog
    store = context.store
    offered = next(r for r in store.all("institution_requests") if r.status == "offered")
    dialog = RequestDialog(context, offered)
    qtbot.addWidget(dialog)
    codes = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert codes == ["offered", "accepted", "declined", "reported", "withdrawn"]
    start = offered.desired_start
    dialog.status.setCurrentIndex(codes.index("declined"))
    assert dialog.fields["desired_start"].date_value() == period_of(start).next().start
    dialog.fields["desired_end"].set_date(dialog.fields["desired_start"].date_value()
                                          .replace(day=15))
    dialog.accept()
    assert "minst 3 måneder" in dialog.error.text()
    assert "border" in dialog.fields["desired_end"].styleSheet()
    dialog.fields["desired_end"].set_date(period_of(start).next().end)
    dialog.accept()
    saved = store.get("institution_requests", offered.id)
    assert saved.status == "declined" and saved.desired_start == period_of(start).next().start
    assert "Avslo tilbud" in saved.notes


def test_new_request_for_a_doctor_joins_the_list(qtbot, view, context):
    from ui.institution.dialogs import RequestDialog
    store = context.store
    on_list = {e.doctor.id for e in view.entries}
    doctor = next(d for d in store.all("doctors", order_by="id")
                  if d.id not in on_list and not d.end_date and not d.archived)
    dialog = RequestDialog(context, None, doctor_id=doctor.id)
    qtbot.addWidget(dialog)
    dialog.fields["institution"].setCurrentText("Vestkyst universitetssykehus")
    dialog.fields["departments"].setText("Medisinsk avdeling, Lunge ; Barneavdelingen")
    dialog.interrupted.setChecked(True)
    dialog.accept()
    assert dialog.result() == 1, dialog.error.text()
    saved = dialog.saved
    assert saved.departments == ["Medisinsk avdeling", "Lunge", "Barneavdelingen"]
    assert view.queue.entries[0].doctor.id == doctor.id  # interrupted ranks high
    assert "avbrutt institusjonstjeneste" in view.queue.entries[0].reason


def test_override_needs_a_note_and_moves_the_request(qtbot, view, context):
    from ui.institution.dialogs import OverrideDialog
    last = view.entries[-1]
    dialog = OverrideDialog(context, last, len(view.entries))
    qtbot.addWidget(dialog)
    dialog.place.setValue(1)
    dialog.accept()
    assert "Begrunn overstyringen" in dialog.error.text()
    dialog.note.setPlainText("Avtalt med koordinator")
    dialog.accept()
    assert view.queue.entries[0].doctor.id == last.doctor.id
    nr = view.queue.model.index(0, 0)
    assert view.queue.model.data(nr, Qt.ItemDataRole.BackgroundRole) is not None
    again = OverrideDialog(context, view.queue.entries[0], len(view.entries))
    qtbot.addWidget(again)
    assert again.remove_button.isEnabled()
    again.remove()
    assert view.queue.entries[-1].doctor.id == last.doctor.id


def test_post_editor_refuses_a_short_block_and_adds_a_post_to_the_board(qtbot, view, context):
    from ui.institution.dialogs import PostDialog
    dialog = PostDialog(context, None)
    qtbot.addWidget(dialog)
    start = dialog.fields["period_start"].date_value()
    assert start.month in (3, 9) and start.day == 1
    dialog.fields["institution"].setCurrentText("Vestkyst universitetssykehus")
    dialog.fields["department"].setCurrentText("Lungeavdelingen")
    dialog.fields["period_end"].set_date(start.replace(day=20))
    dialog.accept()
    assert "minst 3 måneder" in dialog.error.text()
    dialog.half_year.setCurrentIndex(dialog.half_year.currentIndex())
    dialog.half_year.activated.emit(dialog.half_year.currentIndex())
    assert dialog.fields["period_end"].date_value() == period_of(start).end
    dialog.accept()
    assert dialog.result() == 1, dialog.error.text()
    departments = [view.board.model.data(view.board.model.index(r, 1))
                   for r in range(view.board.model.rowCount())]
    assert "Lungeavdelingen" in departments


def test_export_writes_the_pdf_and_the_xlsx(view, tmp_path):
    paths = view.export_to(tmp_path / "liste.pdf")
    assert paths == (tmp_path / "liste.pdf", tmp_path / "liste.xlsx")
    assert all(p.stat().st_size > 1000 for p in paths)
    assert "liste.pdf og liste.xlsx" in view.status.text()


def test_doctor_tab_shows_her_place_requests_and_posts(qtbot, context):
    from ui.doctors.view import DoctorsView
    store = context.store
    post = first_vacant_post(store, next_period_start(TODAY))
    inst.assign(store, post.id, 5, make_room=True)
    doctors = DoctorsView(context)
    qtbot.addWidget(doctors)
    doctors.select_doctor(5)
    tab = doctors.show_tab("Institusjon")
    assert "Plass" in tab.place.text() and "på ventelisten" in tab.place.text()
    assert tab.requests.rowCount() == len(store.for_doctor("institution_requests", 5)) >= 1
    assert tab.posts.rowCount() == 1
    assert tab.posts.data(tab.posts.index(0, 3)) == post.department


def test_screenshot_of_the_institution_view(tmp_path, demo_file):
    """`--screenshot --view institution` renders the new view offscreen."""
    out = tmp_path / "institution.png"
    run_cli(demo_file, "--screenshot", out, "--view", "institution",
            env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.stat().st_size > 10_000


def test_read_only_file_disables_the_editors(qtbot, demo_file):
    from db.store import Store
    from ui.data import DataContext
    from ui.institution.view import InstitutionView
    store = Store.open(demo_file, read_only=True)
    ctx = DataContext(store)
    try:
        v = InstitutionView(ctx)
        qtbot.addWidget(v)
        v.show()
        assert not v.queue.new_action.isEnabled() and not v.queue.edit_action.isEnabled()
        assert not v.board.new_action.isEnabled()
        assert m.InstitutionPost  # the file is untouched by showing it
    finally:
        store.close()


def test_the_board_and_the_assign_dialog_call_the_period_it_makes_by_its_status(
        qtbot, view, context):
    """An assignment makes a period with the status «Foreløpig»; the board's legend and the
    dialog say so in that word (not «planlagt», the status's name before the rename)."""
    from PySide6.QtWidgets import QLabel

    from alis_desktop.vocab import PlacementStatus
    from ui.institution.dialogs import AssignDialog
    word = PlacementStatus.PENCILLED.label.lower()
    post = first_vacant_post(context.store, next_period_start(TODAY))
    dialog = AssignDialog(context, post, view.entries, view)
    qtbot.addWidget(dialog)
    for widget in (view.board, dialog):
        texts = " ".join(label.text() for label in widget.findChildren(QLabel))
        assert f"{word} tjenesteperiode" in texts
        assert "planlagt tjenesteperiode" not in texts
