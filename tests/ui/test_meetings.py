"""Issue 6: holding a meeting, approvals through it, actions, minutes and meeting mode."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from alis_desktop import models as m
from alis_desktop.dates import fmt
from db.meetings import Approval, save_meeting
from reports.minutes import minutes_for
from ui.meetings.dialog import MeetingDialog
from ui.meetings.mode import PAGES, MeetingMode
from ui.meetings.view import MeetingsView

TODAY = date.today()


def active(store):
    return next(d for d in store.all("doctors", order_by="id")
                if d.status(TODAY) == "Aktiv" and d.start_date.year <= TODAY.year - 2)


def submit_goal(store, doctor, code="ALM-044"):
    found = store.all("goal_statuses", "doctor_id = ? AND goal_code = ?", [doctor.id, code])
    status = found[0] if found else m.GoalStatus(doctor_id=doctor.id, goal_code=code,
                                                 catalog_version="ALM")
    status.state, status.approved_date, status.approved_by = "submitted", None, ""
    status.advice_supervisor = status.advice_clinical = ""
    return store.save(status)


def text_of(pdf_bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf_bytes)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def check_goal(dialog, code):
    for i in range(dialog.goal_list.count()):
        item = dialog.goal_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole)[0] == code:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{code} not offered for approval")


def test_approval_in_meeting_needs_both_advices_and_writes_status_and_audit(qtbot, context):
    store = context.store
    doctor = active(store)
    submit_goal(store, doctor)
    before = store.counts()
    dialog = MeetingDialog(context, doctor)
    qtbot.addWidget(dialog)
    check_goal(dialog, "ALM-044")
    dialog.advice_clinical.setText("")
    dialog.accept()
    assert "supervisør" in dialog.error.text() and "§ 26" in dialog.error.text()
    assert store.counts() == before  # nothing written, not even the meeting
    dialog.advice_clinical.setText("Sara Supervisør")
    dialog.outcome.set_code("satisfactory")
    dialog.assessment.setPlainText("God progresjon; ønsker mer legevakt.")
    with qtbot.waitSignal(context.changed):
        dialog.accept()
    status = store.all("goal_statuses", "doctor_id = ? AND goal_code = 'ALM-044'", [doctor.id])[0]
    assert (status.state, status.approved_date, status.advice_clinical) == (
        "approved", TODAY, "Sara Supervisør")
    assert status.approved_by == store.municipality().leader_name
    audit = store.all("audit_log")[-1]
    assert (audit.kind, audit.action) == ("goal_statuses", "godkjent")
    assert "Sara Supervisør" in audit.detail
    assert dialog.saved.snapshot["approved_in_meeting"] == ["ALM-044"]


def test_next_meeting_defaults_six_months_on_and_follows_the_date(qtbot, context):
    dialog = MeetingDialog(context, active(context.store))
    qtbot.addWidget(dialog)
    assert dialog.next_date.date_value().month == (TODAY.month + 5) % 12 + 1
    dialog.date.setText("31.08.2026")
    dialog.date.editingFinished.emit()
    assert dialog.next_date.text() == "28.02.2027"


def test_actions_lifecycle(qtbot, context):
    store = context.store
    doctor = active(store)
    dialog = MeetingDialog(context, doctor)
    qtbot.addWidget(dialog)
    dialog.actions.model.add_row({"what": "Hospitere på legevakt", "who": "ALIS",
                                  "due_date": date(2020, 1, 1)})
    dialog.accept()
    action = store.all("meeting_actions", "meeting_id = ?", [dialog.saved.id])[0]
    assert action.done_date is None and action.what == "Hospitere på legevakt"
    view = MeetingsView(context)
    qtbot.addWidget(view)
    row = next(r for r in view.schedule_model.rows if r.doctor.id == doctor.id)
    assert row.late_actions >= 1
    again = MeetingDialog(context, doctor, dialog.saved)
    qtbot.addWidget(again)
    entry = next(r for r in again.actions.rows() if r.get("id") == action.id)
    entry["done"] = True
    again.accept()
    assert store.get("meeting_actions", action.id).done_date == TODAY
    view.refresh()
    row = next(r for r in view.schedule_model.rows if r.doctor.id == doctor.id)
    assert row.open_actions == sum(1 for a in store.for_doctor("meeting_actions", doctor.id)
                                   if not a.done_date)


def test_bad_action_date_is_refused(qtbot, context):
    dialog = MeetingDialog(context, active(context.store))
    qtbot.addWidget(dialog)
    row = dialog.actions.model.add_row({"what": "x"})
    dialog.actions.model.setData(dialog.actions.model.index(row, 2), "32.13.2026")
    before = context.store.count("meetings")
    dialog.accept()
    assert "ikke en" in dialog.error.text()
    assert context.store.count("meetings") == before


def test_minutes_pdf_reads_back_and_reprints_identically(context, tmp_path):
    store = context.store
    doctor = active(store)
    submit_goal(store, doctor, "ALM-012")
    meeting = m.ReviewMeeting(
        doctor_id=doctor.id, kind="half_yearly", date=TODAY, next_date=date(2027, 5, 26),
        participants=[{"name": "Randi Solberg", "role": "Leder"},
                      {"name": "Øystein Ærlig-Åsen", "role": "Veileder"}],
        outcome="with_actions", assessment="Progresjon med tiltak: mer veiledning.",
        plan_next="Institusjonstjeneste fra 1. mars.")
    save_meeting(store, meeting,
                 [m.MeetingAction(what="Fast veiledning hver tirsdag", who="Veileder",
                                  due_date=date(2026, 12, 31))],
                 [Approval("ALM-012", "ALM", "Øystein Ærlig-Åsen", "Sara Supervisør")])
    first = minutes_for(store, doctor.id, meeting.id)
    text = text_of(first, tmp_path)
    for expected in ("Referat", doctor.name, "Øystein Ærlig-Åsen (Veileder)", "ALM-012",
                     "Fast veiledning hver tirsdag", "31.12.2026", "Progresjon med tiltak",
                     "Institusjonstjeneste fra 1. mars.", fmt(TODAY), "Tellende tjeneste"):
        assert expected in text, expected
    # Later changes to the file do not change the minutes of this meeting.
    p = store.for_doctor("placements", doctor.id)[-1]
    p.position_pct = 50
    store.save(p)
    for a in store.all("meeting_actions", "meeting_id = ?", [meeting.id]):
        a.done_date = TODAY
        store.save(a)
    assert minutes_for(store, doctor.id, meeting.id) == first


def test_meeting_mode_pages_with_keyboard_and_saves_minutes(qtbot, context):
    doctor = active(context.store)
    mode = MeetingMode(context, doctor.id)
    qtbot.addWidget(mode)
    mode.show()
    qtbot.waitExposed(mode)
    assert mode.current_page() == 0 and mode.stack.count() == len(PAGES) == 7
    for expected in range(1, 7):
        qtbot.keyClick(mode, Qt.Key.Key_PageDown)
        assert mode.current_page() == expected
    qtbot.keyClick(mode, Qt.Key.Key_PageDown)
    assert mode.current_page() == 6  # stays on the last page
    qtbot.keyClicks(mode.minutes_edit, "Enige om plan for høsten.")
    qtbot.waitUntil(lambda: mode.meeting is not None and mode.meeting.id is not None,
                    timeout=3000)
    saved = context.store.get("meetings", mode.meeting.id)
    assert saved.minutes == "Enige om plan for høsten." and saved.date == TODAY
    qtbot.keyClick(mode.minutes_edit, Qt.Key.Key_PageUp)
    assert mode.current_page() == 5
    with qtbot.waitSignal(mode.destroyed, timeout=100, raising=False):
        qtbot.keyClick(mode, Qt.Key.Key_Escape)
    assert not mode.isVisible()


def test_minutes_cli(tmp_path, demo_copy):
    from tests.conftest import run_cli
    out = tmp_path / "referat.pdf"
    run_cli("report", "minutes", demo_copy, "--doctor", 9, "--out", out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Referat" in text and "Vurdering av progresjon" in text
    proc = run_cli("report", "minutes", demo_copy, "--out", out, check=False)
    assert proc.returncode == 2 and "--doctor" in proc.stderr


@pytest.mark.parametrize("kind", ["meeting_overdue"])
def test_overview_warning_opens_the_doctor(qtbot, context, kind):
    from ui.main_window import MainWindow
    window = MainWindow(context)
    qtbot.addWidget(window)
    view = window.views["overview"]
    window.show()
    assert view.wait_for_progress()  # the warnings come from the background figures
    rows = [w for w in view.warning_model.rows if w.kind == kind]
    assert rows, "the demo has an overdue meeting"
    row = view.warning_model.rows.index(rows[0])
    index = view.warnings_table.model().mapFromSource(view.warning_model.index(row, 0))
    view.warnings_table.doubleClicked.emit(index)
    assert window.current_view() == "doctors"
    assert window.views["doctors"].selected_doctor_id() == rows[0].doctor_id


def test_doctor_tab_marks_an_action_done(qtbot, context):
    from ui.meetings.doctor_tab import DoctorMeetingsTab
    store = context.store
    doctor = active(store)
    save_meeting(store, m.ReviewMeeting(doctor_id=doctor.id, date=TODAY),
                 [m.MeetingAction(what="Ta akuttkurs", due_date=date(2027, 1, 1))])
    tab = DoctorMeetingsTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    row = next(i for i, a in enumerate(tab.actions_model.rows) if a.what == "Ta akuttkurs")
    tab.actions.selectRow(tab.actions_proxy.mapFromSource(tab.actions_model.index(row, 0)).row())
    tab.mark_done()
    done = [a for a in store.for_doctor("meeting_actions", doctor.id) if a.what == "Ta akuttkurs"]
    assert done[0].done_date == TODAY
    assert "Neste møte senest" in tab.due_label.text()


def test_minutes_print_for_the_selected_doctor_without_a_meeting_row(qtbot, keep, context,
                                                                     tmp_path, monkeypatch):
    """With only the doctor selected, Referat prints her latest held meeting."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    store = context.store
    doctor = active(store)
    held = [mt for mt in store.for_doctor("meetings", doctor.id) if mt.held and mt.date <= TODAY]
    latest = max(held, key=lambda mt: mt.date)
    view = keep(MeetingsView(context))
    view.select_doctor(doctor.id)
    view.meetings.clearSelection()
    assert view.selected_meeting() is None
    assert view.meeting_for_minutes() == (latest, "")
    out = tmp_path / "referat.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    view.print_minutes()
    text = text_of(out.read_bytes(), tmp_path)
    assert "Referat" in text and doctor.name in text and fmt(latest.date) in text


def test_minutes_for_a_doctor_without_meetings_say_so(qtbot, keep, context):
    doctor = context.save(m.Doctor(name="Ny Uten Møter", start_date=TODAY))
    view = keep(MeetingsView(context))
    view.select_doctor(doctor.id)
    assert view.meeting_for_minutes() == (None, "Ny Uten Møter har ikke hatt noe møte ennå.")


def test_time_and_place_are_edited_in_the_meeting_dialog(qtbot, context):
    doctor = active(context.store)
    dialog = MeetingDialog(context, doctor)
    qtbot.addWidget(dialog)
    dialog.held.setChecked(False)
    dialog.date.setText("15.03.2027")
    dialog.next_date.setText("")
    dialog.start_time.setText("9.30")
    dialog.place.setText("Møterom Fjellet")
    dialog.accept()
    assert dialog.saved is not None, dialog.error.text()
    again = context.store.get("meetings", dialog.saved.id)
    assert (again.start_time, again.place) == ("09:30", "Møterom Fjellet")
    edit = MeetingDialog(context, doctor, again)
    qtbot.addWidget(edit)
    edit.start_time.setText("halv ti")
    edit.accept()
    assert "tt:mm" in edit.error.text()


def test_planned_meetings_go_to_a_calendar_file(qtbot, context, tmp_path):
    from icalendar import Calendar

    from ui.meetings.calendar_dialog import CalendarExportDialog
    doctor = active(context.store)
    planned = context.store.save(m.ReviewMeeting(
        doctor_id=doctor.id, date=date(2027, 3, 15), held=False, start_time="09:30",
        place="Møterom Fjellet"))
    dialog = CalendarExportDialog(context, None, today=date(2027, 1, 1))
    qtbot.addWidget(dialog)
    dialog.choose_path = lambda suggested: str(tmp_path / "møter")
    dialog.accept()
    assert dialog.written == tmp_path / "møter.ics" and dialog.count == 1
    (event,) = Calendar.from_ical(dialog.written.read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == "Møterom Fjellet" and doctor.name in str(event["SUMMARY"])
    # one meeting selected in the list: only that one
    one = CalendarExportDialog(context, planned, today=date(2026, 1, 1))
    qtbot.addWidget(one)
    assert one.only_selected.isChecked() and not one.start.isEnabled()
    assert one.meetings() == [planned]


def test_a_period_without_planned_meetings_says_what_to_do(qtbot, context):
    from ui.meetings.calendar_dialog import CalendarExportDialog
    dialog = CalendarExportDialog(context, None, today=date(2040, 1, 1))
    qtbot.addWidget(dialog)
    dialog.choose_path = lambda suggested: pytest.fail("no file should be asked for")
    dialog.accept()
    assert "Ingen planlagte møter" in dialog.error.text()


def test_the_time_fields_hint_is_read_whole(qtbot, context):
    """The time field is narrow; its example is not cut off («tt:mm, for eksempe...»)."""
    dialog = MeetingDialog(context, active(context.store))
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.start_time
    room = field.width() - 2 * field.style().pixelMetric(
        field.style().PixelMetric.PM_DefaultFrameWidth) - 8  # Qt's text margins
    assert field.fontMetrics().horizontalAdvance(field.placeholderText()) <= room
