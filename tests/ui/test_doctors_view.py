"""The doctors register driven as a user would: add through the dialog, see it in the
table, filter, edit, and invalid input that shows the message and writes nothing."""

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from ui.doctors.dialog import DoctorDialog, EndTrainingDialog
from ui.doctors.view import DoctorsView


def make_view(qtbot, context):
    view = DoctorsView(context)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def names_in_table(view):
    proxy = view.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def fill(dialog, **values):
    for name, text in values.items():
        widget = dialog.fields[name]
        widget.clear()
        widget.setText(text) if isinstance(widget, QLineEdit) else widget.setPlainText(text)


def test_add_doctor_through_dialog_appears_in_table(qtbot, context):
    view = make_view(qtbot, context)
    dialog = DoctorDialog(context, None, view)
    qtbot.addWidget(dialog)
    fill(dialog, name="Test Testesen", hpr_number="7654321", start_date="01.02.2026",
         birth_date="17.05.1992")
    dialog.fields["regime"].set_code("old")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = context.store.get("doctors", dialog.saved.id)
    assert (saved.name, saved.hpr_number, saved.start_date, saved.regime) == (
        "Test Testesen", "7654321", date(2026, 2, 1), "old")
    assert "Test Testesen" in names_in_table(view)


def test_invalid_input_shows_message_and_writes_nothing(qtbot, context):
    before = context.store.counts()
    dialog = DoctorDialog(context, None)
    qtbot.addWidget(dialog)
    fill(dialog, name="Test", hpr_number="12AB", start_date="01.02.2026")
    dialog.accept()
    assert dialog.error.isVisible() is False or dialog.error.text()
    assert "HPR-nummer skal bare ha siffer" in dialog.error.text()
    assert "c62828" in dialog.fields["hpr_number"].styleSheet()
    assert dialog.result() != QDialog.DialogCode.Accepted
    fill(dialog, hpr_number="", start_date="31.02.2026")
    dialog.accept()
    assert "ikke en gyldig dato" in dialog.error.text()
    fill(dialog, start_date="", name="")
    dialog.accept()
    assert "Navn må fylles ut" in dialog.error.text()
    assert context.store.counts() == before


def test_filter_by_text_and_status(qtbot, context):
    view = make_view(qtbot, context)
    total = view.proxy.rowCount()
    first = names_in_table(view)[0]
    qtbot.keyClicks(view.search, first.split()[1])
    assert 1 <= view.proxy.rowCount() < total
    assert all(first.split()[1] in n for n in names_in_table(view))
    view.search.clear()
    view.status_filter.setCurrentText("Ikke startet")
    assert view.proxy.rowCount() >= 1
    col = column_of(view, "Status")
    statuses = {view.proxy.index(r, col).data() for r in range(view.proxy.rowCount())}
    assert statuses == {"Ikke startet"}
    assert "av 12 leger" in view.count_label.text()


def column_of(view, header):
    return [view.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(view.model.columnCount())].index(header)


def test_sort_by_start_date_uses_dates_not_text(qtbot, context):
    view = make_view(qtbot, context)
    col = column_of(view, "Startdato")
    view.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    shown = [view.proxy.index(r, col).data() for r in range(view.proxy.rowCount())]
    as_dates = [date(int(s[6:]), int(s[3:5]), int(s[:2])) for s in shown]
    assert as_dates == sorted(as_dates)


def test_edit_selected_doctor(qtbot, context):
    view = make_view(qtbot, context)
    doctor = context.store.all("doctors")[0]
    assert view.select_doctor(doctor.id)
    assert doctor.name in view.tab_pages["Sammendrag"].text()

    def edit_and_save():
        dialog = QApplication.activeModalWidget()
        fill(dialog, name="Nytt Navn", cost_code="ALIS-999")
        dialog.accept()
    QTimer.singleShot(0, edit_and_save)
    view.edit_action.trigger()
    changed = context.store.get("doctors", doctor.id)
    assert (changed.name, changed.cost_code) == ("Nytt Navn", "ALIS-999")
    assert view.selected_doctor_id() == doctor.id
    assert "Nytt Navn" in view.tab_pages["Sammendrag"].text()


def test_end_training_needs_reason_and_sane_date(qtbot, context):
    doctor = next(d for d in context.store.all("doctors") if not d.end_date)
    dialog = EndTrainingDialog(context, doctor)
    qtbot.addWidget(dialog)
    dialog.fields["end_date"].setText("01.01.1990")
    dialog.accept()
    assert "før startdato" in dialog.error.text()
    dialog.fields["end_reason"].setCurrentText("")
    dialog.fields["end_date"].setText("30.06.2030")
    dialog.accept()
    assert "Oppgi årsak" in dialog.error.text()
    assert context.store.get("doctors", doctor.id).end_date is None
    dialog.fields["end_reason"].setCurrentText("Sluttet i kommunen")
    dialog.accept()
    saved = context.store.get("doctors", doctor.id)
    assert (saved.end_date, saved.end_reason) == (date(2030, 6, 30), "Sluttet i kommunen")


def test_read_only_file_disables_editing(qtbot, demo_copy):
    from db.store import Store
    from ui.data import DataContext
    ctx = DataContext(Store.open(demo_copy, read_only=True))
    view = make_view(qtbot, ctx)
    view.select_doctor(ctx.store.all("doctors")[0].id)
    assert not view.add_action.isEnabled() and not view.edit_action.isEnabled()
    ctx.store.close()


def test_table_model_passes_qt_model_tester(qtmodeltester, context):
    from datetime import date as d

    from ui.doctors.view import columns, doctor_rows
    from ui.table_model import RecordTableModel
    model = RecordTableModel(columns())
    model.set_rows(doctor_rows(context.store, d.today()))
    qtmodeltester.check(model)


def progress_texts(view):
    """The progress columns as shown, by doctor id."""
    cols = [column_of(view, h) for h in ("Tellende år", "Fullført", "Beregnet ferdig",
                                          "Etter plan")]
    return {view.model.row_object(r).doctor.id: tuple(view.model.index(r, c).data()
                                                      for c in cols)
            for r in range(view.model.rowCount())}


def expected_texts(view, context):
    """The same columns from doctor_rows computed here, in the GUI thread."""
    from ui.doctors.view import doctor_rows
    from ui.table_model import RecordTableModel
    model = RecordTableModel(view.model.columns)
    model.set_rows(doctor_rows(context.store, date.today()))
    probe = type("Probe", (), {"model": model})()
    return progress_texts(probe)


def test_table_is_painted_first_and_filled_in_background_with_the_engine_figures(qtbot,
                                                                                   context):
    """Rows appear before the rules engine has run; the figures that arrive from the
    background job are exactly those computed directly."""
    view = DoctorsView(context)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 12 and view.progress_pending()
    assert set(progress_texts(view).values()) == {("", "", "", "")}
    assert "beregner fremdrift" in view.count_label.text()
    with qtbot.waitSignal(view.progress_ready, timeout=60000):
        view.show()
    shown = progress_texts(view)
    assert shown == expected_texts(view, context)
    assert any(text[1] for text in shown.values())
    assert "beregner" not in view.count_label.text()


def test_hidden_view_computes_nothing_until_shown(qtbot, context):
    """A view the user has not opened starts no background work."""
    view = DoctorsView(context)
    qtbot.addWidget(view)
    qtbot.wait(50)
    assert view.figures.figures() is None and view.progress_pending()
    with qtbot.waitSignal(view.progress_ready, timeout=60000):
        view.show()
    assert not view.progress_pending()


def test_change_during_computation_ends_with_figures_of_the_changed_file(qtbot, context):
    """An edit while the job runs: the older result is dropped, the table ends up showing
    the figures of the file after the edit."""
    view = make_view(qtbot, context)
    doctor = next(d for d in context.store.all("doctors", order_by="id")
                  if d.status(date.today()) == "Aktiv")
    placement = next(p for p in context.store.for_doctor("placements", doctor.id)
                     if p.status == "completed")
    before = expected_texts(view, context)[doctor.id]
    placement.position_pct = 50.0
    context.save(placement)  # before the first job's result can be delivered
    qtbot.waitUntil(lambda: not view.progress_pending(), timeout=60000)
    shown = progress_texts(view)
    assert shown[doctor.id] != before
    assert shown == expected_texts(view, context)


def test_failed_background_read_falls_back_to_computing_here(qtbot, context, tmp_path):
    """If the job cannot open the file, the view computes the figures itself."""
    view = DoctorsView(context)
    qtbot.addWidget(view)
    real = context.store.path
    context.store.path = tmp_path / "gone.alis"
    try:
        with qtbot.waitSignal(view.progress_ready, timeout=60000):
            view.show()
    finally:
        context.store.path = real
    assert progress_texts(view) == expected_texts(view, context)


def test_new_doctor_takes_the_first_supervisor(qtbot, context):
    """«Ny lege» assigns the first supervisor from the start date, in one step."""
    store = context.store
    supervisor = next(s for s in store.all("supervisors", order_by="name") if not s.archived)
    dialog = DoctorDialog(context, None)
    qtbot.addWidget(dialog)
    fill(dialog, name="Siri Start", start_date="01.09.2026")
    dialog.supervisor.setCurrentIndex(dialog.supervisor.findData(supervisor.id))
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assigned = store.for_doctor("supervisor_assignments", dialog.saved.id)
    assert [(a.supervisor_id, a.start_date, a.end_date) for a in assigned] == [
        (supervisor.id, date(2026, 9, 1), None)]
    assert context.undo_text() == "Angre ny lege med veileder"
    context.undo()
    assert store.count("doctors", "id = ?", [dialog.saved.id]) == 0


def test_first_assignment_is_named_as_such(qtbot, context):
    from alis_desktop import models as m
    from ui.supervision.assignment_dialog import ChangeSupervisorDialog
    doctor = context.save(m.Doctor(name="Uten Veileder", start_date=date(2026, 9, 1)))
    dialog = ChangeSupervisorDialog(context, doctor.id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Tildel veileder"
    assert dialog.supervisor_label.text() == "Veileder *"
    with_one = next(d for d in context.store.all("doctors")
                    if context.store.for_doctor("supervisor_assignments", d.id))
    dialog.doctor.setCurrentIndex(dialog.doctor.findData(with_one.id))
    assert dialog.windowTitle() == "Bytt veileder"


def test_summary_page_filled_before_layout_fits_its_text_once_shown(qtbot, keep, context):
    """The first doctor's page is filled while the view is being built (its text measured
    at a narrow width); once shown, the text box fits its text again, so the heat map
    stays inside the tab and the register above keeps room for several doctors."""
    view = keep(DoctorsView(context))
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    summary = view.tabs.widget(0)
    browser = summary.browser
    browser.document().setTextWidth(browser.viewport().width())
    fitted = int(browser.document().size().height()) + 2 * browser.frameWidth() + 4
    assert browser.height() == max(160, min(fitted, 520))
    assert view.table.height() > 200
