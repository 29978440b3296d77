"""The activity log driven as a user would: one activity through the dialog, ten on-call shifts
through quick entry (one transaction), the counts at the foot, and bad input refused."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ui.activities.tab import ActivitiesTab


def make_tab(keep, context, doctor_id):
    tab = keep(ActivitiesTab(context))
    tab.resize(1200, 700)
    tab.show()
    tab.set_doctor(doctor_id)
    return tab


def a_doctor(context):
    return next(d for d in context.store.all("doctors") if d.start_date < date.today())


def test_quick_entry_of_ten_shifts_writes_ten_records_at_once(qtbot, keep, context):
    doctor = a_doctor(context)
    tab = make_tab(keep, context, doctor.id)
    rows_before = tab.proxy.rowCount()
    dialog = tab.add_repeated()
    qtbot.addWidget(dialog)
    dialog.fields["date"].setText("02.01.2026")
    dialog.count.setValue(10)
    dialog.every.setValue(3)
    dialog.fields["hours"].setText("7,5")
    dialog.fields["signed_by"].setText("Vaktsjef")
    assert dialog.preview.text() == "10 aktiviteter fra 02.01.2026 til 29.01.2026."
    with qtbot.waitSignal(context.changed, timeout=2000) as changed:
        dialog.accept()
    assert changed.args == [frozenset({"activities"})]
    assert tab.proxy.rowCount() == rows_before + 10
    new = [a for a in context.store.for_doctor("activities", doctor.id)
           if a.signed_by == "Vaktsjef"]
    assert [a.date for a in new] == [date(2026, 1, 2) + timedelta(days=3 * k) for k in range(10)]
    assert {(a.kind, a.hours, a.out_of_hours) for a in new} == {("on_call", 7.5, True)}


def test_quick_entry_with_bad_hours_writes_nothing(qtbot, keep, context):
    tab = make_tab(keep, context, a_doctor(context).id)
    before = context.store.counts()
    dialog = tab.add_repeated()
    qtbot.addWidget(dialog)
    dialog.fields["hours"].setText("åtte")
    dialog.accept()
    assert "«åtte» er ikke et antall timer" in dialog.error.text()
    assert "c62828" in dialog.fields["hours"].styleSheet()
    dialog.fields["hours"].setText("8")
    dialog.fields["goals"].setText("ALM 040, legevakt")
    dialog.accept()
    assert "Kan ikke lese «legevakt»" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert context.store.counts() == before


def test_a_topic_course_with_hours_and_goals(qtbot, keep, context):
    doctor = a_doctor(context)
    tab = make_tab(keep, context, doctor.id)
    dialog = tab.add_activity()
    qtbot.addWidget(dialog)
    dialog.kind.set_code("course")
    dialog.course.setCurrentIndex(dialog.course.findData("AKUTT"))
    assert dialog.fields["goals"].text() == "ALM 040, 065-067, 069-070"  # from courses.csv
    dialog.fields["date"].setText("15.10.2026")
    dialog.fields["hours"].setText("16")
    dialog.fields["signed_by"].setText("Kursleder")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    saved = context.store.get("activities", dialog.saved.id)
    assert (saved.course_code, saved.hours, saved.goals[:2], saved.signed_by) == (
        "AKUTT", 16.0, ["ALM-040", "ALM-065"], "Kursleder")
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData("course"))
    kinds = {tab.proxy.index(r, 2).data() for r in range(tab.proxy.rowCount())}
    assert kinds == {"Kurs"}


def test_an_on_call_shift_needs_its_hours(qtbot, keep, context):
    tab = make_tab(keep, context, a_doctor(context).id)
    before = context.store.counts()
    dialog = tab.add_activity()
    qtbot.addWidget(dialog)
    dialog.kind.set_code("on_call")
    assert dialog.out_of_hours.isChecked()
    dialog.accept()
    assert "Oppgi vaktens lengde i timer" in dialog.error.text()
    assert context.store.counts() == before


def test_counts_at_the_foot_follow_the_log(qtbot, keep, context):
    """Forty shifts of which five are short and two in daytime: the rules engine counts 33."""
    from alis_desktop import models as m
    from db.activities import add_activities
    store = context.store
    doctor = store.save(m.Doctor(name="Ny Lege", start_date=date(2024, 1, 1)))
    shifts = [m.Activity(doctor_id=doctor.id, kind="on_call", date=date(2024, 2, 1)
                         + timedelta(days=7 * k), hours=4.0 if k < 5 else 8.0,
                         out_of_hours=k not in (20, 21)) for k in range(40)]
    add_activities(store, shifts)
    tab = make_tab(keep, context, doctor.id)
    rule = "Legevakt: minst 40 vakter utenom dagtid, hver på minst 6 timer"
    assert f"{rule}: 33 av 40 vakter (7 vakter teller ikke)" in tab.summary.text()
    short = [tab.model.row_object(r) for r in range(tab.model.rowCount())
             if tab.model.row_object(r).hours == 4.0]
    assert tab.model.index(tab.model.rows.index(short[0]), 4).data(
        Qt.ItemDataRole.BackgroundRole).color().name() == "#fbefc4"
    tab.delete(short)
    assert f"{rule}: 33 av 40 vakter (2 vakter teller ikke)" in tab.summary.text()
