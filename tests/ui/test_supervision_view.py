"""The Veiledning view driven as a user would: the entry form from the keyboard, the month
grid, changing supervisor, the supervisor dialog, CSV import and the statement export."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from alis_desktop import models as m
from alis_desktop.supervision import supervisor_on
from db import supervision as dbs
from ui.supervision.assignment_dialog import ChangeSupervisorDialog
from ui.supervision.common import today
from ui.supervision.import_dialog import ImportDialog
from ui.supervision.month_grid import HOURS, NOTE, MonthGridTab
from ui.supervision.session_dialog import SessionDialog
from ui.supervision.supervisors_tab import SupervisorDialog
from ui.supervision.view import SupervisionView


def active_doctor(context, index=0):
    """A doctor in training today with a supervisor assigned today."""
    store = context.store
    found = [i for i in dbs.inputs(store).values()
             if i.doctor.status(today()) == "Aktiv"
             and supervisor_on(i.supervisor_assignments, i.doctor.id, today()) is not None]
    found.sort(key=lambda i: i.doctor.name)
    item = found[index]
    return item.doctor, supervisor_on(item.supervisor_assignments, item.doctor.id, today())


def sessions_of(store, doctor_id):
    return store.all("supervision_sessions", "doctor_id = ?", [doctor_id], order_by="id")


def shown(qtbot, widget):
    """Show the widget as the active window, so keyboard input and shortcuts reach it."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def make_dialog(qtbot, context, **kw):
    return shown(qtbot, SessionDialog(context, None, **kw))


# --- the entry form ----------------------------------------------------------------------------

def test_entry_form_by_keyboard_fills_supervisor_and_saves_with_enter(qtbot, context):
    doctor, supervisor_id = active_doctor(context)
    before = len(sessions_of(context.store, doctor.id))
    dialog = make_dialog(qtbot, context)
    assert dialog.date.text() == today().strftime("%d.%m.%Y")
    assert dialog.focusWidget() is dialog.doctor  # keyboard-first: the doctor comes first
    dialog.doctor.setCurrentIndex(dialog.doctor.findData(doctor.id))
    assert dialog.supervisor.currentData() == supervisor_id
    dialog.hours.setFocus()
    dialog.hours.selectAll()
    qtbot.keyClicks(dialog.hours, "1,75")
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.topics, "Pasientkasus")
    dialog.goals.setText("ALM 012, 045-046")
    with qtbot.waitSignal(context.changed, timeout=2000):
        qtbot.keyClick(dialog.topics, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    after = sessions_of(context.store, doctor.id)
    assert len(after) == before + 1
    s = after[-1]
    assert (s.date, s.supervisor_id, s.hours, s.topics, s.goals, s.planned) == (
        today(), supervisor_id, 1.75, "Pasientkasus", ["ALM-012", "ALM-045", "ALM-046"], False)


def test_future_date_is_refused_unless_planned(qtbot, context):
    doctor, _ = active_doctor(context)
    before = context.store.count("supervision_sessions")
    dialog = make_dialog(qtbot, context, doctor_id=doctor.id)
    dialog.date.setText((today() + timedelta(days=7)).strftime("%d.%m.%Y"))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "fram i tid" in dialog.error.text() and dialog.error.isVisible()
    assert "border" in dialog.date.styleSheet()
    assert context.store.count("supervision_sessions") == before
    dialog.planned.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved[0].planned and context.store.count("supervision_sessions") == before + 1


def test_unassigned_supervisor_warns_first_and_saves_on_second_press(qtbot, context):
    doctor, supervisor_id = active_doctor(context)
    other = next(s for s in context.store.all("supervisors") if s.id != supervisor_id)
    before = context.store.count("supervision_sessions")
    dialog = make_dialog(qtbot, context, doctor_id=doctor.id)
    dialog.supervisor.setCurrentIndex(dialog.supervisor.findData(other.id))
    dialog.accept()
    assert dialog.warning.isVisible() and "ikke tildelt" in dialog.warning.text()
    assert dialog.save_button.text() == "Lagre likevel"
    assert context.store.count("supervision_sessions") == before
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.store.count("supervision_sessions") == before + 1


def test_hours_cannot_leave_quarter_steps_or_range(qtbot, context):
    dialog = make_dialog(qtbot, context)
    assert (dialog.hours.minimum(), dialog.hours.maximum(), dialog.hours.singleStep()) == (
        0.25, 8.0, 0.25)
    dialog.hours.setValue(1.0)
    dialog.hours.setFocus()
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Up)
    assert dialog.hours.value() == 1.25


def test_save_and_next_keeps_the_form_open_for_the_next_doctor(qtbot, context):
    first, _ = active_doctor(context, 0)
    second, second_sup = active_doctor(context, 1)
    before = context.store.count("supervision_sessions")
    dialog = make_dialog(qtbot, context, doctor_id=first.id)
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.doctor.currentData() is None
    assert "Lagret 1 t" in dialog.status.text()
    dialog.doctor.setCurrentIndex(dialog.doctor.findData(second.id))
    assert dialog.supervisor.currentData() == second_sup
    dialog.accept()
    assert context.store.count("supervision_sessions") == before + 2
    assert [s.doctor_id for s in dialog.saved] == [first.id, second.id]


def test_view_opens_the_entry_form_with_ctrl_l(qtbot, context, monkeypatch):
    opened = []
    monkeypatch.setattr(SessionDialog, "exec", lambda self: opened.append(self) or 0)
    view = shown(qtbot, SupervisionView(context))
    view.tabs.currentWidget().setFocus()
    qtbot.keyClick(view.tabs.currentWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and opened[0].windowTitle() == "Registrer veiledning"


# --- the month grid ----------------------------------------------------------------------------

def make_grid(qtbot, context):
    grid = MonthGridTab(context)
    grid.resize(1000, 600)
    return shown(qtbot, grid)


def type_into(qtbot, grid, row, column, text):
    """Type into a cell as in a spreadsheet: the first key opens the editor."""
    grid.table.setCurrentIndex(grid.model.index(row, column))
    grid.table.setFocus()
    qtbot.keyClicks(grid.table, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid.table
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits and closes the editor in a queued call after the key.
    qtbot.waitUntil(lambda: grid.table.state() != grid.table.State.EditingState)


def test_month_grid_lists_doctors_in_training_that_month(qtbot, context):
    grid = make_grid(qtbot, context)
    names = [r.doctor.name for r in grid.model.rows]
    on = today()
    expected = sorted(d.name for d in context.store.all("doctors")
                      if d.start_date <= on and (d.end_date is None or d.end_date >= on.replace(day=1)))
    assert names == expected
    grid.next_button.click()
    assert grid.month.month == (on.month % 12) + 1
    assert grid.entry_date.date_value() == grid.month  # a future month: its first day


def test_month_grid_saves_typed_hours_for_several_doctors_in_one_go(qtbot, context):
    grid = make_grid(qtbot, context)
    rows = grid.model.rows
    a, b = rows[0], rows[1]
    before = {r.doctor.id: len(sessions_of(context.store, r.doctor.id)) for r in (a, b)}
    registered = a.registered
    type_into(qtbot, grid, 0, HOURS, "2,5")
    assert grid.table.currentIndex().row() == 1        # Enter moved down to the next doctor
    type_into(qtbot, grid, 1, HOURS, "1,25")
    grid.model.setData(grid.model.index(0, NOTE), "Gjennomgang av plan")
    assert (a.new_hours, b.new_hours) == (2.5, 1.25)
    with qtbot.waitSignal(context.changed, timeout=2000):
        assert grid.save()
    for r, h in ((a, 2.5), (b, 1.25)):
        new = sessions_of(context.store, r.doctor.id)
        assert len(new) == before[r.doctor.id] + 1
        assert (new[-1].hours, new[-1].date) == (h, grid.entry_date.date_value())
    assert sessions_of(context.store, a.doctor.id)[-1].topics == "Gjennomgang av plan"
    assert grid.model.rows[0].registered == registered + 2.5 and grid.model.rows[0].new_hours == 0
    assert "Lagret 2 veiledninger" in grid.status.text()


def test_month_grid_writes_nothing_when_one_row_is_bad(qtbot, context):
    grid = make_grid(qtbot, context)
    before = context.store.count("supervision_sessions")
    grid.model.setData(grid.model.index(0, HOURS), "2")
    grid.model.setData(grid.model.index(1, HOURS), "1,1")
    assert not grid.save()
    assert context.store.count("supervision_sessions") == before
    assert grid.model.rows[1].error.startswith("Timer føres i kvarter")
    assert "ingenting er lagret" in grid.error.text()
    assert grid.model.data(grid.model.index(1, HOURS), Qt.ItemDataRole.BackgroundRole) is not None


def test_month_grid_warns_about_an_unassigned_supervisor_before_saving(qtbot, context):
    grid = make_grid(qtbot, context)
    row = grid.model.rows[0]
    other = next(s for s in context.store.all("supervisors") if s.id != row.supervisor_id)
    grid.model.setData(grid.model.index(0, 1), other.id)
    grid.model.setData(grid.model.index(0, HOURS), 1.0)
    before = context.store.count("supervision_sessions")
    assert not grid.save()
    assert grid.warning.isVisible() and row.doctor.name in grid.warning.text()
    assert context.store.count("supervision_sessions") == before
    assert grid.save()
    assert context.store.count("supervision_sessions") == before + 1


# --- supervisors and assignments ------------------------------------------------------------

def test_change_supervisor_closes_the_old_assignment(qtbot, context):
    doctor, old = active_doctor(context)
    new = next(s for s in context.store.all("supervisors") if s.id != old and not s.archived)
    dialog = ChangeSupervisorDialog(context, doctor.id)
    qtbot.addWidget(dialog)
    start = today() + timedelta(days=5)
    dialog.start.setText(start.strftime("%d.%m.%Y"))
    dialog.supervisor.setCurrentIndex(dialog.supervisor.findData(new.id))
    assert "Nåværende veileder" in dialog.info.text()
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    history = dbs.assignment_rows(context.store, doctor_id=doctor.id)
    assert (history[0].assignment.supervisor_id, history[0].assignment.start_date) == (new.id, start)
    assert history[1].assignment.end_date == start - timedelta(days=1)


def test_supervisor_without_specialty_needs_an_exemption_date(qtbot, context):
    before = context.store.count("supervisors")
    dialog = SupervisorDialog(context)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("Nina Ny")
    dialog.specialist.setChecked(False)
    dialog.accept()
    assert "dispensasjon" in dialog.error.text()
    assert context.store.count("supervisors") == before
    dialog.fields["exemption_until"].setText("01.06.2027")
    dialog.fields["employment"].set_code("self_employed")
    dialog.accept()
    saved = context.store.get("supervisors", dialog.saved.id)
    assert (saved.specialist, saved.exemption_until, saved.employment) == (
        False, date(2027, 6, 1), "self_employed")


def test_supervisor_dialog_shows_the_assignment_history(qtbot, context):
    _doctor, supervisor_id = active_doctor(context)
    dialog = SupervisorDialog(context, context.store.get("supervisors", supervisor_id))
    qtbot.addWidget(dialog)
    rows = dialog.history_model.rows
    assert rows and all(r.assignment.supervisor_id == supervisor_id for r in rows)


# --- CSV import -------------------------------------------------------------------------------

def test_csv_import_with_a_bad_row_writes_nothing(qtbot, context, tmp_path):
    doctor, _sup = active_doctor(context)
    sup = context.store.get("supervisors", _sup)
    day = today().strftime("%d.%m.%Y")
    path = tmp_path / "timer.csv"
    path.write_text(f"dato;lege;veileder;timer;merknad\n{day};{doctor.name};{sup.name};1,5;ok\n"
                    f"{day};Ukjent Lege;{sup.name};1;feil\n", encoding="utf-8")
    before = context.store.count("supervision_sessions")
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.load_file(path)
    assert not dialog.import_button.isEnabled()
    assert "1 med feil" in dialog.summary.text()
    status = dialog.model.index(1, 6).data()
    assert status == "Feil: Finner ingen lege «Ukjent Lege»."
    dialog.accept()
    assert context.store.count("supervision_sessions") == before
    path.write_text(f"dato;lege;veileder;timer;merknad\n{day};{doctor.name};{sup.name};1,5;ok\n",
                    encoding="utf-8")
    dialog.load_file(path)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Importer 1"
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert context.store.count("supervision_sessions") == before + 1


# --- status, doctor tab, statements -------------------------------------------------------------

def test_status_tab_flags_the_same_doctors_as_the_rules(qtbot, context):
    view = SupervisionView(context)
    qtbot.addWidget(view)
    tab = view.status_tab
    expected = {s.doctor.name for s in dbs.statuses(context.store, today()) if s.flags}
    tab.only_flagged.setChecked(True)
    shown = {tab.proxy.index(i, 0).data() for i in range(tab.proxy.rowCount())}
    assert shown == expected and shown


def test_doctor_tab_shows_figures_and_draws_the_chart(qtbot, context):
    from ui.doctors.view import DoctorsView
    view = DoctorsView(context)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    doctor, _ = active_doctor(context)
    view.select_doctor(doctor.id)
    page = view.show_tab("Veiledning")
    assert page.doctor_id == doctor.id
    assert "Totalt siden start" in page.figures.text()
    qtbot.waitUntil(lambda: page.chart.canvas is not None)
    ax = page.chart.figure.axes[0]
    assert len(ax.patches) == len(page.status.months[-24:])


def test_statement_export_from_the_window_matches_the_table(qtbot, context, tmp_path):
    from pypdf import PdfReader
    view = SupervisionView(context)
    qtbot.addWidget(view)
    tab = view.statements_tab
    total = sum(s.amount for s in tab.model.rows)
    out = tab.export_statement(tmp_path / "utbetaling.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    from reports.supervision_statement import money
    assert money(total) in text
    xlsx = tab.export_statement(tmp_path / "utbetaling.xlsx")
    from openpyxl import load_workbook
    last = list(load_workbook(xlsx)["Utbetaling"].iter_rows(values_only=True))[-1]
    assert last[0] == "Sum" and abs(last[9] - total) < 0.005


def test_main_window_uses_the_supervision_view(qtbot, context):
    from ui.main_window import MainWindow
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert isinstance(window.views["supervision"], SupervisionView)


def test_planned_session_in_form_keeps_model_fields(qtbot, context):
    """Editing an existing session changes it in place (no duplicate)."""
    doctor, sup = active_doctor(context)
    s = context.store.save(m.SupervisionSession(doctor_id=doctor.id, supervisor_id=sup,
                                                date=today(), hours=2.0, topics="Før"))
    count = context.store.count("supervision_sessions")
    dialog = SessionDialog(context, s)
    qtbot.addWidget(dialog)
    dialog.topics.setText("Etter")
    dialog.accept()
    assert context.store.count("supervision_sessions") == count
    assert context.store.get("supervision_sessions", s.id).topics == "Etter"


def test_read_only_file_disables_every_editor_of_the_view(qtbot, demo_copy):
    """Opened read-only (another copy writes), nothing in Veiledning offers to edit:
    the toolbar, the sessions table's Rediger/Slett, the supervisors' buttons and the
    month grid's Lagre; the same file opened for writing offers them all."""
    from PySide6.QtWidgets import QAbstractButton

    from db.store import Store
    from ui.data import DataContext

    def editors(view):
        labels = {"Registrer veiledning", "Bytt veileder", "Tildel", "Importer", "Rediger", "Slett",
                  "Ny veileder", "Rediger veileder", "Lagre alle"}
        return {b.text().rstrip(". "): b.isEnabled() for b in view.findChildren(QAbstractButton)
                if any(b.text().startswith(label) for label in labels)}

    for read_only in (True, False):
        context = DataContext(Store.open(demo_copy, read_only=read_only))
        try:
            view = SupervisionView(context)
            qtbot.addWidget(view)
            found = editors(view)
            assert len(found) >= 7, found
            assert set(found.values()) == {not read_only}, found
        finally:
            context.store.close()


def test_overview_chart_gives_every_doctor_a_readable_line(qtbot, context):
    """The chart of everyone's hours grows with the number of doctors (and scrolls in its
    pane): no two names on the axis overlap, as they did when it was squeezed into the
    pane's height."""
    view = SupervisionView(context)
    qtbot.addWidget(view)
    view.resize(1400, 860)
    view.show()
    tab = view.status_tab
    qtbot.waitUntil(lambda: tab.chart.canvas is not None)
    QApplication.processEvents()
    figure = tab.chart.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    labels = [t for t in figure.axes[0].get_yticklabels() if t.get_text()]
    assert len(labels) >= 10
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
    for lower, upper in zip(boxes, boxes[1:]):
        assert lower.y1 <= upper.y0 + 0.5, "names on the chart's axis overlap"
