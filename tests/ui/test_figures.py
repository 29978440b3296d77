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


def test_an_edit_brings_new_figures(qtbot, context):
    """A change of the file makes the figures stale; the visible view gets new ones."""
    window = make_window(qtbot, context)
    window.show()
    view = window.views["overview"]
    assert view.wait_for_progress()
    line = view.doctor_model.rows[0]
    before = line.counted_years
    placement = next(p for p in context.store.for_doctor("placements", line.doctor_id)
                     if p.status == "completed")
    placement.position_pct = 50.0
    context.save(placement)
    assert view.figures.pending()
    assert view.wait_for_progress()
    after = next(r for r in view.doctor_model.rows if r.doctor_id == line.doctor_id)
    assert after.counted_years < before
