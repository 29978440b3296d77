"""Views and doctor tabs are built when first shown, in their own place, and then behave
as if they had always been there."""

from __future__ import annotations

from ui.main_window import VIEWS, MainWindow


def test_first_frame_comes_before_any_view_and_the_first_view_right_after(qtbot, context):
    """Start-up paints the window without reading the file for a view; then the first
    view is built in its place, and only that one."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert not any(window.views.built(k) for k in window.views)
    assert list(window.views) == [k for k, _ in VIEWS]
    window.show()
    qtbot.waitUntil(lambda: window.views.built("overview"))
    assert [k for k in window.views if window.views.built(k)] == ["overview"]
    assert window.stack.currentWidget() is window.views["overview"]


def test_showing_a_view_builds_it_in_its_place(qtbot, context):
    """The view lands at its own index, with the navigation row and shortcut order kept."""
    from ui.reports.view import ReportsView
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_view("reports")
    index = [k for k, _ in VIEWS].index("reports")
    assert isinstance(window.stack.currentWidget(), ReportsView)
    assert window.stack.indexOf(window.views["reports"]) == index
    assert window.stack.count() == len(VIEWS)
    window.show_view("overview")
    assert window.stack.currentWidget() is window.views["overview"]


def test_asking_for_a_view_builds_it_without_showing_it(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    doctors = window.views["doctors"]
    assert window.views.built("doctors") and window.current_view() == "overview"
    overview = window.views["overview"]
    assert window.stack.currentWidget() is overview
    assert window.views["doctors"] is doctors


def test_doctor_tabs_are_built_when_shown_and_keep_their_titles(qtbot, context):
    from ui.doctors.tabs import TABS
    from ui.doctors.view import DoctorsView
    view = DoctorsView(context)
    qtbot.addWidget(view)
    titles = [t for t, _ in TABS]
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == titles
    assert [t for t in titles if view.tab_pages.built(t)] == [titles[0]]
    page = view.show_tab(titles[2])
    assert view.tabs.currentWidget() is page and view.tabs.indexOf(page) == 2
    assert page.doctor_id == view.selected_doctor_id()
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == titles
