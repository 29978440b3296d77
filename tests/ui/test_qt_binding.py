"""The installed Qt binding keeps Python's reference counts right: PySide6 6.12.0 on
Python 3.11 dropped a reference to None on every call of a method returning nothing, and
the program aborted after a few thousand calls (pyproject.toml pins it out)."""

from __future__ import annotations

import sys


def test_methods_returning_nothing_keep_none_alive(qtbot):
    from PySide6.QtWidgets import QLabel
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(200):  # few enough that the fault, if present, fails here, not aborts
        label.setText(str(i % 7))
        label.setToolTip("x")
    # Other code may take or drop a few references meanwhile; the fault loses 400.
    assert sys.getrefcount(None) > before - 100


def test_empty_values_from_qt_keep_none_alive(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItemModel
    model = QStandardItemModel(3, 3)
    index = model.index(1, 1)
    before = sys.getrefcount(None)
    for _ in range(200):
        assert index.data(Qt.ItemDataRole.ToolTipRole) is None
    assert sys.getrefcount(None) > before - 100
