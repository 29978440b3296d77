"""Every table model the views build on the demo file keeps Qt's model contract
(pytest-qt's model tester: row and column counts, indexes, parents, data roles, header
data), filled with real rows: the registers, the Veiledning tables and month grid, the
arena coverage editor, the meeting dialog's editable lists, the institution board and
queue, the goal catalog ..."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel

from ui.arenas.dialog import ArenaDialog
from ui.main_window import VIEWS, MainWindow
from ui.meetings.dialog import MeetingDialog


def source_models(widget) -> list[QAbstractItemModel]:
    """The models under `widget` that hold data themselves (proxies are Qt's own)."""
    return [m for m in widget.findChildren(QAbstractItemModel)
            if not isinstance(m, QSortFilterProxyModel)
            and type(m).__module__.startswith("ui.")]


def test_every_table_model_of_every_view_passes_the_model_tester(qtbot, qtmodeltester,
                                                                  context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    for key, _label in VIEWS:
        window.show_view(key)
    window.views["doctors"].select_doctor(context.store.all("doctors")[0].id)
    for title in ("Veiledning", "Læringsmål", "Aktiviteter", "Møter", "Institusjon"):
        window.views["doctors"].show_tab(title)
    arena = ArenaDialog(context, context.store.all("arenas")[0], window)
    meeting = next(mt for mt in context.store.all("meetings") if mt.held)
    minutes = MeetingDialog(context, context.store.get("doctors", meeting.doctor_id), meeting,
                            window)
    for dialog in (arena, minutes):
        qtbot.addWidget(dialog)
    models = source_models(window) + source_models(arena) + source_models(minutes)
    kinds = {type(m).__name__ for m in models}
    assert {"RecordTableModel", "MonthGridModel", "CoverageModel",
            "DictTableModel"} <= kinds, kinds
    assert sum(m.rowCount() > 0 for m in models) >= 10
    for model in models:
        qtmodeltester.check(model, force_py=True)
