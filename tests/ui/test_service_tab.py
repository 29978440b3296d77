"""Issue 3 in the window: the placements and leave editors, the requirements panel, and the
progress columns of the doctors table."""

from datetime import date

from PySide6.QtWidgets import QInputDialog

from ui.service.dialogs import LeaveDialog, PlacementDialog
from ui.service.requirements_tab import RequirementsTab
from ui.service.tab import ServiceTab

TODAY = date.today()


def active_doctor(store):
    return next(d for d in store.all("doctors") if d.status(TODAY) == "Aktiv" and
                not d.end_date and d.start_date.year <= TODAY.year - 2)


def test_new_placement_takes_category_from_arena_and_can_override(qtbot, context):
    doctor = active_doctor(context.store)
    dialog = PlacementDialog(context, doctor)
    qtbot.addWidget(dialog)
    hospital = next(a for a in dialog.arenas if a.type == "hospital")
    dialog.arena.setCurrentIndex(dialog.arena.findData(hospital.id))
    assert dialog.category.code() == "institution"
    dialog.category.set_code("other_specialty")
    last_end = max(p.end_date for p in context.store.for_doctor("placements", doctor.id))
    start = date(last_end.year + 1, 1, 1)
    dialog.fields["start_date"].setText(start.strftime("%d.%m.%Y"))
    dialog.fields["end_date"].setText(date(start.year, 3, 31).strftime("%d.%m.%Y"))
    dialog.pct.setValue(50)
    with qtbot.waitSignal(context.changed):
        dialog.accept()
    saved = context.store.get("placements", dialog.saved.id)
    assert (saved.category, saved.arena_id, saved.position_pct, saved.status) == (
        "other_specialty", hospital.id, 50.0, "completed")  # a new period is agreed


def test_overlap_above_100_percent_is_refused_and_nothing_written(qtbot, context):
    doctor = active_doctor(context.store)
    existing = context.store.for_doctor("placements", doctor.id)[0]
    before = context.store.count("placements")
    dialog = PlacementDialog(context, doctor)
    qtbot.addWidget(dialog)
    dialog.fields["start_date"].setText(existing.start_date.strftime("%d.%m.%Y"))
    dialog.fields["end_date"].setText(existing.end_date.strftime("%d.%m.%Y"))
    dialog.pct.setValue(40)
    dialog.accept()
    assert "Samlet stillingsprosent kan ikke være over 100 %" in dialog.error.text()
    assert context.store.count("placements") == before


def test_placement_outside_training_and_reversed_dates_are_refused(qtbot, context):
    doctor = active_doctor(context.store)
    dialog = PlacementDialog(context, doctor)
    qtbot.addWidget(dialog)
    before = doctor.start_date.replace(year=doctor.start_date.year - 1)
    dialog.fields["start_date"].setText(before.strftime("%d.%m.%Y"))
    dialog.fields["end_date"].setText(before.replace(month=12, day=31).strftime("%d.%m.%Y"))
    dialog.accept()
    assert "før utdanningens startdato" in dialog.error.text()
    dialog.fields["start_date"].setText("01.06.2031")
    dialog.fields["end_date"].setText("01.05.2031")
    dialog.accept()
    assert "Sluttdato kan ikke være før startdato" in dialog.error.text()


def test_leave_outside_placements_is_refused_and_sickness_is_saved(qtbot, context):
    doctor = active_doctor(context.store)
    placement = context.store.for_doctor("placements", doctor.id, "start_date")[0]
    dialog = LeaveDialog(context, doctor)
    qtbot.addWidget(dialog)
    dialog.fields["kind"].set_code("sickness")
    dialog.fields["start_date"].setText("01.01.2040")
    dialog.fields["end_date"].setText("10.01.2040")
    dialog.accept()
    assert "utenfor tjenesteperiodene" in dialog.error.text()
    start = placement.start_date.replace(day=2)
    dialog.fields["start_date"].setText(start.strftime("%d.%m.%Y"))
    dialog.fields["end_date"].setText(start.replace(day=20).strftime("%d.%m.%Y"))
    dialog.pct.setValue(50)
    dialog.accept()
    saved = context.store.get("leaves", dialog.saved.id)
    assert (saved.kind, saved.pct, saved.start_date) == ("sickness", 50.0, start)


def test_service_tab_shows_placements_and_redraws_on_change(qtbot, context):
    doctor = active_doctor(context.store)
    tab = ServiceTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    assert tab.placements.model.rowCount() == len(context.store.for_doctor("placements", doctor.id))
    first_canvas = tab.canvas
    assert first_canvas is not None
    progress = context.store.progress(TODAY, doctor.id)[doctor.id]
    assert progress.projected_completion.strftime("%d.%m.%Y") in tab.summary.text()
    p = context.store.for_doctor("placements", doctor.id)[-1]
    p.notes = "endret"
    context.save(p)
    assert tab.canvas is not first_canvas


def test_requirements_panel_lists_rules_with_kind_and_status(qtbot, context):
    doctor = active_doctor(context.store)
    tab = RequirementsTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    progress = context.store.progress(TODAY, doctor.id)[doctor.id]
    assert tab.model.rowCount() == len(progress.requirements)
    kinds = [tab.model.row_object(r).kind for r in range(tab.model.rowCount())]
    assert kinds == sorted(kinds, key=lambda k: k != "regulation")  # regulation rules first
    total = next(r for r in range(tab.model.rowCount())
                 if tab.model.row_object(r).id == "total_service")
    assert tab.model.index(total, 7).data() == "Forskrift"


def _select(tab, rule_id):
    for r in range(tab.proxy.rowCount()):
        if tab.model.row_object(tab.proxy.mapToSource(tab.proxy.index(r, 0)).row()).id == rule_id:
            tab.table.selectRow(r)
            return


def test_plan_rule_can_be_deviated_with_reason_regulation_cannot(qtbot, context, monkeypatch):
    doctor = active_doctor(context.store)
    tab = RequirementsTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    _select(tab, "total_service")
    assert not tab.deviate_button.isEnabled()
    _select(tab, "joint_consultations")
    assert tab.deviate_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Har felleskonsultasjoner i sykehuset", True))
    tab.mark_deviation()
    saved = context.store.all("rule_deviations")
    assert [(d.doctor_id, d.rule_id, d.reason) for d in saved] == [
        (doctor.id, "joint_consultations", "Har felleskonsultasjoner i sykehuset")]
    row = tab.progress.requirement("joint_consultations")
    assert row.status == "deviated" and row.deviation_reason.startswith("Har felles")
    _select(tab, "joint_consultations")
    tab.remove_deviation()
    assert context.store.count("rule_deviations") == 0
    assert [a.action for a in context.store.all("audit_log")][-2:] == [
        "avvik fra planregel", "slettet"]


def test_doctors_table_shows_engine_figures(qtbot, context):
    from ui.doctors.view import DoctorsView
    view = DoctorsView(context)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.progress_ready, timeout=60000):
        view.show()  # the progress columns are filled in the background once shown
    progress = context.store.progress(TODAY)
    for r in range(view.model.rowCount()):
        row = view.model.row_object(r)
        p = progress[row.doctor.id]
        assert row.progress.counted_months == p.counted_months
        assert view.model.index(r, 4).data() == (
            p.projected_completion.strftime("%d.%m.%Y") if p.projected_completion else "")


def test_doctor_already_working_has_counted_service_at_once(qtbot, context):
    """A new doctor with a period from her start date: counted service without marking it."""
    from alis_desktop import models as m
    from ui.doctors.dialog import DoctorDialog  # noqa: F401  (the dialog a leader uses)
    start = date(TODAY.year - 1, TODAY.month, 1)
    doctor = context.save(m.Doctor(name="Nina Ny", start_date=start))
    dialog = PlacementDialog(context, doctor)
    qtbot.addWidget(dialog)
    assert dialog.fields["status"].currentText() == "Avtalt"
    assert dialog.fields["start_date"].date_value() == start  # her start in the training
    dialog.fields["end_date"].setText(date(TODAY.year + 3, 12, 31).strftime("%d.%m.%Y"))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    progress = context.store.progress(TODAY, doctor.id)[doctor.id]
    assert progress.counted_months >= 12


def test_started_pencilled_period_is_confirmed_in_one_click(qtbot, context):
    import dataclasses
    doctor = active_doctor(context.store)
    current = next(p for p in context.store.for_doctor("placements", doctor.id)
                   if p.start_date <= TODAY <= p.end_date)
    context.save(dataclasses.replace(current, status="planned"))  # as an old file has it
    before = context.store.progress(TODAY, doctor.id)[doctor.id].counted_months
    tab = ServiceTab(context)
    qtbot.addWidget(tab)
    tab.set_doctor(doctor.id)
    assert not tab.confirm_box.isHidden()
    assert current.start_date.strftime("%d.%m.%Y") in tab.confirm_text.text()
    with qtbot.waitSignal(context.changed):
        tab.confirm_button.click()
    assert context.store.get("placements", current.id).status == "completed"
    assert tab.confirm_box.isHidden()
    assert context.store.progress(TODAY, doctor.id)[doctor.id].counted_months > before
    last = context.store.all("audit_log", order_by="id DESC")[0]
    assert last.kind == "placements" and "Bekreftet som avtalt" in last.detail
