"""The trust's model in the Institusjon view: asked until chosen, shown in the heading,
changed and defined in dialogs (audited); the withdrawn-for-locum action and its reminder;
the merged list made from the window; the coordinator's allocation read on the board."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from db import institution as inst

VV = "Vestre Viken (samarbeidsavtale for 21 kommuner)"


@pytest.fixture
def view(qtbot, context):
    from ui.institution.view import InstitutionView
    v = InstitutionView(context)
    qtbot.addWidget(v)
    v.resize(1300, 760)
    v.show()
    return v


def test_the_view_asks_for_the_model_until_it_is_chosen(view, context):
    assert view.model_question.isVisible()
    assert "Ahus (prosjektrapport, 7.3.1.1)" in view.model_heading.label.text()
    view.model_question.combo.setCurrentIndex(view.model_question.combo.findData(VV))
    view.model_question.use.click()
    assert not view.model_question.isVisible()
    assert VV in view.model_heading.label.text()
    assert context.store.municipality().institution_model == VV
    # The list follows the model: the reasons quote the agreement.
    assert "Vestre Viken-avtalen" in view.queue.entries[0].reason
    logged = [r for r in context.store.rows("audit_log") if r["action"] == inst.MODEL_CHOSEN]
    assert len(logged) == 1 and VV in logged[0]["detail"]


def test_a_leader_defines_a_model_in_the_dialog(qtbot, context, view):
    from ui.institution.model_dialogs import DefineModelDialog, ModelDialog
    dialog = ModelDialog(context, view)
    qtbot.addWidget(dialog)
    define = DefineModelDialog(context, dialog)
    qtbot.addWidget(define)
    define.accept()  # no name, no criteria: refused in the dialog
    assert define.error.isVisibleTo(define) and "navn" in define.error.text()
    define.name.setText("Sørlandet (eget vedtak)")
    define.check("two_years_gate", "remaining_time", "report_date")
    assert define.codes() == ["two_years_gate", "remaining_time", "report_date"]
    define.list.setCurrentRow(2)
    define.move(-1)
    assert define.codes() == ["two_years_gate", "report_date", "remaining_time"]
    define.accept()
    assert define.result() == define.DialogCode.Accepted
    assert inst.model(context.store).name == "Sørlandet (eget vedtak)"
    assert inst.model(context.store).codes == ("two_years_gate", "report_date",
                                               "remaining_time")
    assert "Sørlandet (eget vedtak)" in view.model_heading.label.text()


def test_got_a_locum_takes_the_doctor_off_the_list_and_reminds(qtbot, context, view):
    reported = next(e for e in view.queue.entries if e.request.reported_date)
    view.queue.select_request(reported.request.id)
    view.queue.withdraw_action.trigger()
    assert reported.request.id not in [e.request.id for e in view.queue.entries]
    saved = context.store.get("institution_requests", reported.request.id)
    assert (saved.status, saved.withdrawn_date) == ("withdrawn", date.today())
    assert f"Gi beskjed til koordinatoren: {reported.doctor.name}" in \
        view.reminder_label.text()
    assert view.told_button.isVisible()
    view.mark_told(date.today())
    assert "Gi beskjed" not in view.reminder_label.text()
    assert not view.told_button.isVisible()


def test_the_merged_list_is_made_from_the_window(qtbot, context, view, tmp_path):
    from ui.institution.exchange_dialogs import MergeDialog
    dialog = MergeDialog(context, view)
    qtbot.addWidget(dialog)
    assert dialog.paths() == [Path(context.store.path)]
    dialog.out.setText(str(tmp_path / "samlet.pdf"))
    with qtbot.waitSignal(dialog._done.finished, timeout=60_000):
        dialog.run()
    assert dialog.result_paths == (tmp_path / "samlet.pdf", tmp_path / "samlet.xlsx")
    assert (tmp_path / "samlet.pdf").read_bytes().startswith(b"%PDF")
    assert "Lagret samlet.pdf og samlet.xlsx" in dialog.status.text()


def test_the_allocation_is_previewed_then_recorded_as_offers(qtbot, context, view, tmp_path):
    from alis_desktop.allocation import Decision
    from reports.institution_allocation import build_xlsx
    from ui.institution.exchange_dialogs import AllocationDialog
    store = context.store
    entry = view.queue.entries[0]
    name = store.municipality().name
    rows = [Decision(name, entry.request.id, entry.doctor.name, entry.doctor.hpr_number,
                     "Bærum sykehus", "Lungeavdelingen", date(2031, 3, 1), date(2031, 8, 31))]
    path = tmp_path / "tildeling.xlsx"
    path.write_bytes(build_xlsx(name, rows, date.today()))
    dialog = AllocationDialog(context, path, view)
    qtbot.addWidget(dialog)
    assert "1 tilbud registreres" in dialog.preview.toPlainText()
    assert store.get("institution_requests", entry.request.id).offered_date is None
    dialog.accept()
    saved = store.get("institution_requests", entry.request.id)
    assert saved.status == "offered" and saved.offer_copied_to_leader
    assert any(p.department == "Lungeavdelingen" for p in inst.posts(store))


def test_the_municipality_settings_choose_the_model_too(qtbot, context):
    from ui.municipality_dialog import MunicipalityDialog
    dialog = MunicipalityDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.institution_model.currentText().startswith("Ikke valgt (Ahus")
    dialog.accept()  # saved untouched: still not chosen, so the view still asks
    assert context.store.municipality().institution_model == ""
    dialog = MunicipalityDialog(context)
    qtbot.addWidget(dialog)
    dialog.institution_model.setCurrentIndex(dialog.institution_model.findData(VV))
    dialog.accept()
    assert inst.model(context.store).name == VV
    changes = [r["detail"] for r in context.store.rows("audit_log")
               if r["kind"] == "municipality"]
    assert f"Prioriteringsmodell: – → {VV}" in changes[-1]
