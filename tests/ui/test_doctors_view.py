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
