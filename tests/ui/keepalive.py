"""A fixture that keeps test widgets alive for the whole test.

qtbot.addWidget holds only a weak reference. A widget caught in a reference cycle (bound
methods connected to signals make such cycles) is then freed by Python's cyclic garbage
collector at a random moment, which can be in the middle of Qt laying that very widget out:
a segmentation fault. Holding a strong reference until teardown, then deleting the widget
through Qt, makes its end deterministic."""

from __future__ import annotations

import pytest


@pytest.fixture
def keep(qtbot):
    held = []

    def hold(widget):
        qtbot.addWidget(widget)
        held.append(widget)
        return widget

    yield hold
    from PySide6.QtCore import QCoreApplication, QEvent
    for widget in held:
        widget.close()
        widget.deleteLater()
    held.clear()
    # Deferred deletes wait for an event loop; run them now, or the widgets pile up and every
    # later app-wide style change re-polishes them all.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
