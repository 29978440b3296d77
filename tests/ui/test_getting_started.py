"""Kom i gang on Oversikt: shown on a new file, ticked off as the data arrives, each button
opening the dialog for its step; hidden when done, brought back from Hjelp."""

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from alis_desktop import models as m
from ui.main_window import MainWindow


@pytest.fixture
def new_context(qtbot, tmp_path):
    from db.store import Store
    from ui.app import make_app
    from ui.data import DataContext
    make_app()
    ctx = DataContext(Store.open(tmp_path / "ny.alis", create=True))
    yield ctx
    if ctx.store is not None:
        ctx.store.close()


def window_on(keep, context) -> MainWindow:
    window = keep(MainWindow(context))
    window.show()
    window.show_view("overview")
    return window


def marks(panel) -> list[str]:
    return ["✓" if s.done else "·" for s in panel.steps]


def test_steps_turn_done_as_data_arrives(keep, new_context):
    ctx = new_context
    window = window_on(keep, ctx)
    panel = window.views["overview"].getting_started
    assert panel.isVisible()
    assert marks(panel) == ["·"] * 7
    assert "1</span>" in panel.rows["municipality"][0].text()
    assert not panel.rows["placements"][3].isEnabled()  # no doctor yet
    mu = ctx.store.municipality()
    mu.name, mu.leader_name = "Nyby kommune", "Kari Leder"
    ctx.save(mu)
    assert marks(panel)[0] == "✓" and "✓" in panel.rows["municipality"][0].text()
    arena = ctx.save(m.Arena(name="Nyby legesenter"))
    sup = ctx.save(m.Supervisor(name="Per Veileder"))
    doctor = ctx.save(m.Doctor(name="Anne Alis", start_date=date(2026, 1, 1)))
    assert marks(panel) == ["✓"] * 4 + ["·"] * 3
    assert panel.rows["placements"][3].isEnabled()
    assert panel.rows["placements"][2].text() == "0 av 1 leger"
    ctx.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id, start_date=date(2026, 1, 1),
                         end_date=date(2026, 6, 30)))
    ctx.save(m.SupervisorAssignment(doctor_id=doctor.id, supervisor_id=sup.id,
                                    start_date=date(2026, 1, 1)))
    assert marks(panel) == ["✓"] * 6 + ["·"] and panel.isVisible()
    ctx.save(m.ReviewMeeting(doctor_id=doctor.id, date=date(2026, 6, 1)))
    assert marks(panel) == ["✓"] * 7
    assert not panel.isVisible()  # every step done: the panel goes away


def test_each_button_opens_its_dialog(keep, new_context, monkeypatch):
    ctx = new_context
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    window = window_on(keep, ctx)
    panel = window.views["overview"].getting_started
    ctx.save(m.Doctor(name="Anne Alis", start_date=date(2026, 1, 1)))
    for key in ("municipality", "arenas", "supervisors", "doctors", "placements",
                "assignments", "meetings"):
        panel.rows[key][3].click()
    assert opened == ["MunicipalityDialog", "ArenaDialog", "SupervisorDialog", "DoctorDialog",
                      "PlacementDialog", "ChangeSupervisorDialog", "MeetingDialog"]
    assert window.current_view() == "meetings"


def test_arenas_can_be_pasted_and_doctors_imported_from_the_panel(keep, new_context,
                                                                monkeypatch):
    from PySide6.QtWidgets import QApplication
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    window = window_on(keep, new_context)
    panel = window.views["overview"].getting_started
    shown = {key for key, row in panel.rows.items() if not row[4].isHidden()}
    assert shown == {"arenas", "doctors"}
    assert panel.rows["arenas"][4].text() == "Lim inn fra planen ..."
    panel.rows["arenas"][4].click()
    assert opened == ["PlanPasteDialog"] and window.current_view() == "arenas"
    panel.rows["doctors"][4].click()  # the sheet import opens modeless
    dialogs = [w for w in QApplication.topLevelWidgets()
               if type(w).__name__ == "SheetImportDialog" and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_the_panel_is_not_shown_on_a_file_in_use_and_comes_back_from_hjelp(keep, context):
    window = window_on(keep, context)
    panel = window.views["overview"].getting_started
    assert not panel.isVisible()  # the demo is set up
    hjelp = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Hjelp")
    items = [a.text().replace("&", "") for a in hjelp.actions()]
    assert "Vis Kom i gang" in items and "Brukerveiledning" in items
    window.show_view("doctors")
    window.show_getting_started()
    assert window.current_view() == "overview" and panel.isVisible()
    # One demo doctor has no meeting yet: a file in use is not nagged about that.
    assert [s.key for s in panel.steps if not s.done] == ["meetings"]


def test_hidden_for_this_file_until_asked_for(keep, new_context):
    window = window_on(keep, new_context)
    panel = window.views["overview"].getting_started
    panel.hide_button.click()
    assert not panel.isVisible()
    new_context.notify("doctors")
    assert not panel.isVisible()  # stays hidden as the file changes
    again = window_on(keep, new_context)  # and in the next session on this machine
    assert not again.views["overview"].getting_started.isVisible()
    again.show_getting_started()
    assert again.views["overview"].getting_started.isVisible()


def test_new_file_offers_the_demo(keep, context, tmp_path, monkeypatch):
    from ui.help import new_file
    window = window_on(keep, context)
    box = new_file.start_box(window)
    keep(box)
    assert {b.text() for b in box.buttons()} == {"Tom fil", "Demokommune (for å prøve)", "Avbryt"}
    box.buttons()[[b.text() for b in box.buttons()].index("Demokommune (for å prøve)")].click()
    assert box.property("choice") == new_file.DEMO
    monkeypatch.setattr(new_file, "ask_start", lambda parent: new_file.DEMO)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "prøve"), ""))
    window.new_file()
    assert context.store.path == tmp_path / "prøve.alis"
    assert context.store.count("doctors") == 12
    assert not window.views["overview"].getting_started.isVisible()

    monkeypatch.setattr(new_file, "ask_start", lambda parent: new_file.EMPTY)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "egen.alis"), ""))
    window.new_file()
    assert context.store.path == tmp_path / "egen.alis"
    assert context.store.count("doctors") == 0
    assert window.current_view() == "overview"
    assert window.views["overview"].getting_started.isVisible()


def test_cancelling_the_question_makes_no_file(keep, context, tmp_path, monkeypatch):
    from ui.help import new_file
    window = window_on(keep, context)
    monkeypatch.setattr(new_file, "ask_start", lambda parent: None)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1))
    window.new_file()
    assert not asked and context.store.path.name == "demo.alis"


@pytest.mark.parametrize("size", [(1400, 860), (1280, 720)])
def test_every_steps_explanation_is_shown_whole_in_a_laptop_sized_window(qtbot, keep,
                                                                           new_context, size):
    """1400 x 860 and a 1366 x 768 laptop's window: no step loses the last line of its
    explanation (the long status of step 1 wraps instead of taking the explanations'
    width; the empty tables below give up their height)."""
    window = window_on(keep, new_context)
    window.resize(*size)
    qtbot.waitExposed(window)
    panel = window.views["overview"].getting_started
    qtbot.waitUntil(panel.isVisible)
    cut = [key for key, (_, text, *_rest) in panel.rows.items()
           if text.height() < text.heightForWidth(text.width())]
    assert cut == []
    assert window.height() == size[1]  # the panel does not push the window off the screen
