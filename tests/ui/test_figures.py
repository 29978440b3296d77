"""Everyone's figures (ui/figures.py): the overview is painted from plain queries first and
filled from the background job with exactly the rules engine's figures; one computation
serves both the overview and the doctors table."""

from __future__ import annotations

from datetime import date

from db.progress import overview


def make_window(qtbot, context):
    from ui.main_window import MainWindow
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window


def test_overview_fills_progress_and_warnings_from_the_background(qtbot, context):
    """Before the job: names and meetings, no counted years, the warnings card waiting.
    After: the counted years, completion dates and warnings of db.progress.overview."""
    window = make_window(qtbot, context)
    view = window.views["overview"]
    assert view.doctor_model.rowCount() > 0
    assert all(line.counted_years is None for line in view.doctor_model.rows)
    assert all(line.next_meeting for line in view.doctor_model.rows)
    assert view.cards["warnings"].value_label.text() == "…"
    window.show()
    assert view.wait_for_progress()
    progress, due, warnings = overview(context.store, date.today())
    assert {line.doctor_id for line in view.doctor_model.rows} == set(due)
    for line in view.doctor_model.rows:
        assert line.counted_years == progress[line.doctor_id].counted_months / 12
        assert line.projected == progress[line.doctor_id].projected_completion
        assert (line.last_meeting, line.next_meeting) == (due[line.doctor_id].last,
                                                          due[line.doctor_id].due)
    shown = sorted((w.doctor_id, w.kind, w.text) for w in view.warning_model.rows)
    assert shown == sorted((w.doctor_id, w.kind, w.text) for w in warnings)
    assert shown and view.cards["warnings"].value_label.text() == str(len(shown))


def test_one_computation_serves_overview_and_doctors_table(qtbot, context):
    """After the overview's figures, the doctors table shows its progress columns at once,
    without a second pass of the rules engine."""
    window = make_window(qtbot, context)
    window.show()
    assert window.views["overview"].wait_for_progress()
    window.show_view("doctors")
    doctors = window.views["doctors"]
    assert not doctors.progress_pending()
    assert all(row.progress is not None for row in doctors.model.rows)


def test_an_edit_of_one_doctor_recomputes_that_doctor_at_once(qtbot, context):
    """Editing one doctor's service recomputes her figures on the spot (no background
    pass over everyone): the overview shows the new counted years as soon as the save
    returns, and every other doctor keeps the figures already computed."""
    window = make_window(qtbot, context)
    window.show()
    view = window.views["overview"]
    assert view.wait_for_progress()
    line = view.doctor_model.rows[0]
    before = line.counted_years
    others = {did: f for did, f in view.figures.figures().items() if did != line.doctor_id}
    placement = next(p for p in context.store.for_doctor("placements", line.doctor_id)
                     if p.status == "completed")
    placement.position_pct = 50.0
    context.save(placement)
    assert not view.figures.pending()
    after = next(r for r in view.doctor_model.rows if r.doctor_id == line.doctor_id)
    assert after.counted_years < before
    now = view.figures.figures()
    assert all(now[did] is figures for did, figures in others.items())
    # ... and the patched figures are what a full pass computes.
    progress, _due, warnings = overview(context.store, date.today())
    assert after.counted_years == progress[line.doctor_id].counted_months / 12
    assert sorted((w.kind, w.text) for w in now[line.doctor_id].warnings) == sorted(
        (w.kind, w.text) for w in warnings if w.doctor_id == line.doctor_id)


def test_a_change_that_reaches_everyone_recomputes_everyone(qtbot, context):
    """A supervisor's exemption feeds every supervised doctor's warnings: the figures go
    stale and the background job computes them all again."""
    window = make_window(qtbot, context)
    window.show()
    view = window.views["overview"]
    assert view.wait_for_progress()
    before = view.figures.figures()
    supervisor = context.store.all("supervisors")[0]
    supervisor.phone = "99 99 99 99"
    context.save(supervisor)
    assert view.figures.pending()
    assert view.wait_for_progress()
    after = view.figures.figures()
    assert set(after) == set(before) and all(after[d] is not before[d] for d in before)


def test_a_deleted_doctor_drops_out_of_the_figures(qtbot, context):
    from alis_desktop import models as m
    window = make_window(qtbot, context)
    window.show()
    view = window.views["overview"]
    assert view.wait_for_progress()
    doctor = context.save(m.Doctor(name="Ny Lege", start_date=date(2026, 9, 1)))
    assert doctor.id in view.figures.figures() and not view.figures.pending()
    context.delete("doctors", doctor.id)
    assert doctor.id not in view.figures.figures() and not view.figures.pending()


def test_deleting_a_record_that_is_gone_is_a_message_not_a_crash(qtbot, context):
    """Two windows on one list: the second delete finds nothing and says so in Norwegian."""
    import pytest

    from alis_desktop.errors import ValidationError
    session = context.store.all("supervision_sessions")[0]
    context.delete("supervision_sessions", session.id)
    with pytest.raises(ValidationError, match="Finner ikke"):
        context.delete("supervision_sessions", session.id)
