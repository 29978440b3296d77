"""The per-doctor goals tab driven as a user would: filtering, approving through the dialog
(refused without the two advices of § 26), withdrawing with a reason, the institution
suggestion, the heat map, and the catalog import from the Fil menu."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from db.goals import doctor_goals, withdraw_approval
from ui.goals.heatmap import STATE_COLOURS, GoalHeatmap, HeatCell
from ui.goals.tab import GoalsTab


def make_tab(keep, context, doctor_id):
    tab = keep(GoalsTab(context))
    tab.resize(1300, 800)
    tab.show()
    tab.set_doctor(doctor_id)
    return tab


def doctor_with(context, predicate):
    for d in context.store.all("doctors"):
        data = doctor_goals(context.store, d.id, date.today())
        if predicate(data):
            return d.id, data
    raise AssertionError("no demo doctor fits")


def shown_codes(tab):
    return [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]


def test_every_goal_of_the_doctors_catalog_is_listed_and_filterable(qtbot, keep, context):
    doctor_id, data = doctor_with(context, lambda d: 10 < sum(ln.approved for ln in d.lines) < 80)
    tab = make_tab(keep, context, doctor_id)
    assert tab.proxy.rowCount() == 88 + 14
    tab.family.setCurrentText("FKM")
    assert shown_codes(tab) == [f"FKM-{n:03d}" for n in range(1, 15)]
    tab.family.setCurrentText("ALM")
    tab.state_filter.setCurrentText("Godkjent")
    approved = {ln.goal.code for ln in data.lines if ln.approved and ln.goal.family == "ALM"}
    assert set(shown_codes(tab)) == approved
    tab.state_filter.setCurrentText("Gjenstående (ikke godkjent)")
    assert len(shown_codes(tab)) == 88 - len(approved)
    assert f"ALM: {len(approved)} av 88 godkjent" in tab.progress.text()


def test_remaining_goals_show_where_they_can_be_had(qtbot, keep, context):
    doctor_id, data = doctor_with(context, lambda d: not next(
        ln for ln in d.lines if ln.goal.code == "ALM-055").approved)
    tab = make_tab(keep, context, doctor_id)
    tab.select_goal("ALM-055")
    [line] = tab.selected_lines()
    givers = {"Lia sjukeheim", "Korttidsavdelingen (KAD/ØHD)", "Vestkyst universitetssykehus"}
    assert {a.name for a in line.own_arenas + line.other_arenas} == givers
    row = tab.table.selectionModel().selectedRows()[0].row()
    own, other = tab.proxy.index(row, 3).data(), tab.proxy.index(row, 4).data()
    assert all(a.name in own for a in line.own_arenas)
    assert all(a.name in other for a in line.other_arenas) and line.other_arenas


def approve_through_dialog(qtbot, tab, codes, **values):
    tab.select_goal(codes[0])
    for code in codes[1:]:
        tab.select_goal(code, add=True)
    dialog = tab.open_approval([ln for ln in tab.selected_lines()])
    qtbot.addWidget(dialog)
    for name, text in values.items():
        widget = dialog.fields[name]
        widget.clear()
        widget.insertPlainText(text) if name == "comment" else widget.setText(text)
    return dialog


def test_approval_without_the_clinical_supervisor_is_refused_and_nothing_written(
        qtbot, keep, context):
    doctor_id, _ = doctor_with(context, lambda d: d.doctor.start_date < date.today() and not next(
        ln for ln in d.lines if ln.goal.code == "ALM-001").approved)
    tab = make_tab(keep, context, doctor_id)
    before = context.store.counts()
    dialog = approve_through_dialog(qtbot, tab, ["ALM-001"], advice_clinical="")
    assert dialog.fields["advice_supervisor"].text()  # the current supervisor is filled in
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "supervisør (spesialistforskriften § 26)" in dialog.error.text()
    assert "c62828" in dialog.fields["advice_clinical"].styleSheet()
    dialog.fields["advice_supervisor"].clear()
    dialog.fields["advice_clinical"].setText("Kari Supervisør")
    dialog.accept()
    assert "råd fra veileder" in dialog.error.text()
    assert context.store.counts() == before


def test_approving_two_goals_records_everything_and_audits(qtbot, keep, context):
    doctor_id, _ = doctor_with(context, lambda d: not any(
        ln.approved for ln in d.lines if ln.goal.code in ("ALM-001", "ALM-002")))
    tab = make_tab(keep, context, doctor_id)
    dialog = approve_through_dialog(qtbot, tab, ["ALM-001", "ALM-002"],
                                    approved_date="20.11.2026", approved_by="Randi Solberg",
                                    advice_supervisor="Ola Veileder",
                                    advice_clinical="Kari Supervisør, Per Legevakt",
                                    comment="Vurdert i halvårsmøtet")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    store = context.store
    saved = {s.goal_code: s for s in store.for_doctor("goal_statuses", doctor_id)}
    for code in ("ALM-001", "ALM-002"):
        s = saved[code]
        assert (s.state, s.approved_date, s.approved_by, s.advice_supervisor, s.advice_clinical,
                s.comment) == ("approved", date(2026, 11, 20), "Randi Solberg", "Ola Veileder",
                               "Kari Supervisør, Per Legevakt", "Vurdert i halvårsmøtet")
    audit = store.all("audit_log")[-2:]
    assert [a.action for a in audit] == ["godkjent", "godkjent"]
    tab.state_filter.setCurrentText("Godkjent")
    assert {"ALM-001", "ALM-002"} <= set(shown_codes(tab))
    cell = tab.heatmap.rect_of("ALM-001")
    assert cell is not None
    image = tab.heatmap.grab().toImage()
    assert image.pixelColor(cell.center()).name() == STATE_COLOURS["approved"] or \
        image.pixelColor(cell.topLeft() + QPoint(2, 2)).name() == STATE_COLOURS["approved"]


def test_withdrawing_needs_a_reason(qtbot, keep, context):
    doctor_id, data = doctor_with(context, lambda d: any(ln.approved for ln in d.lines))
    code = next(ln.goal.code for ln in data.lines if ln.approved)
    tab = make_tab(keep, context, doctor_id)
    tab.select_goal(code)
    assert tab.withdraw_action.isEnabled() and not tab.approve_action.isEnabled()
    dialog = tab.withdraw_selected()
    qtbot.addWidget(dialog)
    before = context.store.counts()
    dialog.accept()
    assert "begrunnelse" in dialog.error.text() and context.store.counts() == before
    dialog.fields["reason"].setPlainText("Godkjent på feil lege")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    [status] = [s for s in context.store.for_doctor("goal_statuses", doctor_id)
                if s.goal_code == code and s.catalog_version == dialog.record.catalog_version]
    assert status.state == "in_progress" and "Godkjent på feil lege" in status.comment
    entry = context.store.all("audit_log")[-1]
    assert entry.action == "godkjenning trukket" and "Godkjent på feil lege" in entry.detail


def test_setting_progress_on_several_goals(qtbot, keep, context):
    doctor_id, data = doctor_with(context, lambda d: sum(
        ln.state == "not_started" for ln in d.lines) > 20)
    codes = [ln.goal.code for ln in data.lines if ln.state == "not_started"][:3]
    tab = make_tab(keep, context, doctor_id)
    tab.select_goal(codes[0])
    for code in codes[1:]:
        tab.select_goal(code, add=True)
    with qtbot.waitSignal(context.changed, timeout=2000):
        tab.state_actions[1].trigger()  # Sett «Sendt til godkjenning»
    states = {ln.goal.code: ln.state for ln in tab.data.lines}
    assert [states[c] for c in codes] == ["submitted"] * 3


def test_institution_goals_suggested_after_six_months_and_approved_from_the_banner(
        qtbot, keep, context):
    store = context.store
    doctor_id, data = doctor_with(context, lambda d: d.institution_months >= 6)
    for ln in data.lines:
        if ln.goal.code in ("ALM-055", "ALM-085") and ln.approved:
            withdraw_approval(store, ln.status, reason="Test", on=date.today())
    tab = make_tab(keep, context, doctor_id)
    assert tab.suggestion.isVisible()
    assert "ALM-055 og ALM-085 kan godkjennes" in tab.suggestion_label.text()
    tab.suggestion_button.click()
    dialog = next(w for w in tab.findChildren(QDialog) if w.isVisible())
    qtbot.addWidget(dialog)
    assert [r.goal_code for r in dialog.records] == ["ALM-055", "ALM-085"]
    dialog.fields["advice_clinical"].setText("Overlege Hansen")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert not tab.suggestion.isVisible()


def test_suggestion_appears_when_the_sixth_month_is_done(qtbot, keep, context):
    """Three months of hospital service: nothing suggested; a second block of three: both
    goals suggested (blocks under 3 months would not count)."""
    from alis_desktop import models as m
    store = context.store
    hospital = next(a for a in store.all("arenas") if a.type == "hospital")
    doctor = store.save(m.Doctor(name="Ny Lege", start_date=date(2023, 1, 1)))
    store.save(m.Placement(doctor_id=doctor.id, arena_id=hospital.id, category="institution",
                           start_date=date(2025, 1, 1), end_date=date(2025, 3, 31)))
    tab = make_tab(keep, context, doctor.id)
    assert not tab.suggestion.isVisible()
    assert "institusjonstjeneste: 3 mnd" in tab.progress.text()
    store.save(m.Placement(doctor_id=doctor.id, arena_id=hospital.id, category="institution",
                           start_date=date(2025, 9, 1), end_date=date(2025, 11, 30)))
    context.notify("placements")
    assert tab.suggestion.isVisible()
    assert "institusjonstjeneste: 6 mnd" in tab.progress.text()


def test_heatmap_colours_by_status_and_reports_clicks(qtbot, keep):
    heat = keep(GoalHeatmap())
    cells = [HeatCell(f"ALM-{n:03d}", "approved" if n < 10 else "not_started")
             for n in range(1, 89)]
    cells += [HeatCell(f"FKM-{n:03d}", "submitted" if n == 3 else "in_progress")
              for n in range(1, 15)]
    heat.set_goals(cells)
    heat.resize(900, heat.heightForWidth(900))
    heat.show()
    assert [f for f, _ in heat.families()] == ["ALM", "FKM"]
    image = heat.grab().toImage()
    for code, state in (("ALM-001", "approved"), ("ALM-050", "not_started"),
                        ("FKM-003", "submitted"), ("FKM-004", "in_progress")):
        rect = heat.rect_of(code)
        assert image.pixelColor(rect.topLeft() + QPoint(2, 2)).name() == STATE_COLOURS[state]
    rect = heat.rect_of("FKM-003")
    with qtbot.waitSignal(heat.goal_clicked, timeout=1000) as signal:
        qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["FKM-003"]
    # ALM wraps after 22 columns: ALM-023 starts the second row under ALM-001.
    assert heat.rect_of("ALM-023").left() == heat.rect_of("ALM-001").left()
    assert heat.rect_of("ALM-023").top() > heat.rect_of("ALM-001").top()


def test_clicking_the_heatmap_selects_the_goal_in_the_table(qtbot, keep, context):
    doctor_id = context.store.all("doctors")[4].id
    tab = make_tab(keep, context, doctor_id)
    tab.family.setCurrentText("FKM")
    tab.heatmap.goal_clicked.emit("ALM-040")
    assert [ln.goal.code for ln in tab.selected_lines()] == ["ALM-040"]
    assert tab.family.currentText() == "Alle mål"


def test_search_reads_goals_as_the_plans_spell_them(qtbot, keep, context):
    doctor_id = context.store.all("doctors", order_by="id")[0].id
    tab = make_tab(keep, context, doctor_id)
    for typed in ("ALM 002", "ALM002", "alm-2", "ALM: 2"):
        tab.search.setText(typed)
        assert shown_codes(tab) == ["ALM-002"], typed
    tab.search.setText("fkm 14")
    assert shown_codes(tab) == ["FKM-014"]


def test_blank_titles_say_so_and_how_to_fill_them(qtbot, keep, context):
    """A new file has texts for a few ALM goals only: the gaps are named, with the way out."""
    from ui.goals.catalog_tab import GoalCatalogTab
    from ui.goals.untitled import MISSING_TIP
    doctor_id = context.store.all("doctors", order_by="id")[0].id
    tab = make_tab(keep, context, doctor_id)
    assert not tab.untitled.isHidden()
    assert "mangler tittel" in tab.untitled.label.text()
    assert "Fil → Importer læringsmål" in tab.untitled.label.text()
    blank = next(r for r in range(tab.model.rowCount())
                 if tab.model.row_object(r).goal.untitled)
    title = tab.model.index(blank, 1)
    assert title.data() == "(mangler tittel)"
    assert title.data(Qt.ItemDataRole.ToolTipRole) == MISSING_TIP
    catalog = keep(GoalCatalogTab(context))
    assert not catalog.untitled.isHidden()


def test_no_note_once_every_goal_has_a_text(qtbot, keep, context):
    from alis_desktop.catalog import catalog
    from ui.goals.untitled import UntitledNote
    note = keep(UntitledNote())
    note.set_goals(g for g in catalog([]) if not g.untitled)
    assert note.isHidden()
    note.set_goals(catalog([]))
    assert not note.isHidden()
