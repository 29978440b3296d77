"""The date field: typed the ways Norwegians type dates, or picked from a calendar."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from ui.edit_table import DictTableEditor, EditColumn
from ui.widgets import DateEdit


def test_typed_short_forms_are_read(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    for text in ("01/09/2025", "1/9-25", "1.9.2025"):
        edit.setText(text)
        assert edit.date_value() == date(2025, 9, 1)


# The offscreen platform cannot raise a popup or grab the keyboard for it; a desktop can.
popup_ok = pytest.mark.qt_log_ignore("This plugin does not support")


@popup_ok
def test_calendar_button_opens_on_the_typed_date_and_a_click_writes_the_day(qtbot):
    edit = DateEdit(date(2025, 9, 1))
    qtbot.addWidget(edit)
    edit.show()
    edit.calendar_action.trigger()
    popup = edit.popup
    assert popup.isVisible() and popup.selectedDate() == QDate(2025, 9, 1)
    finished = []
    edit.editingFinished.connect(lambda: finished.append(True))
    popup.clicked.emit(QDate(2025, 9, 17))
    assert edit.text() == "17.09.2025" and not popup.isVisible() and finished


@popup_ok
def test_alt_down_opens_the_calendar_on_today_when_blank(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert edit.popup.isVisible()
    assert edit.popup.selectedDate() == QDate.currentDate()
    edit.popup.hide()


def test_date_cells_of_edit_tables_use_the_date_field(qtbot):
    editor = DictTableEditor([EditColumn("what", "Tiltak"), EditColumn("due", "Frist", "date")])
    qtbot.addWidget(editor)
    editor.show()
    row = editor.model.add_row({})
    index = editor.model.index(row, 1)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    field = editor.view.indexWidget(index) or editor.view.findChild(DateEdit)
    assert isinstance(field, DateEdit)
    field.setText("1/9-25")
    editor.view.commitData(field)
    assert editor.model.rows[row]["due"] == date(2025, 9, 1)
