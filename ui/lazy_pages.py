"""Pages built the first time they are shown or asked for.

The main window holds seven views and the doctor page eight tabs; building them all at
start-up cost more than a second on the demo file (each view reads the file when built),
though the user sees one. A page is built from its factory on first use, in place of an
empty placeholder, and from then on refreshes itself like any view."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget


def make(target: str, *args) -> QWidget:
    """Import "module:Class" and build it with `args`."""
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)(*args)


class LazyPages(Mapping):
    """key -> page, building the page on first access. Iterating gives the keys without
    building anything; `built(key)` tells whether a page exists yet."""

    def __init__(self, container: QStackedWidget | QTabWidget):
        self.container = container
        self.keys_in_order: list[str] = []
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._pages: dict[str, QWidget] = {}
        self.on_built: Callable[[str, QWidget], None] | None = None  # told of each new page

    def add(self, key: str, factory: Callable[[], QWidget], title: str = "") -> None:
        self.keys_in_order.append(key)
        self._factories[key] = factory
        placeholder = QWidget()
        if isinstance(self.container, QTabWidget):
            self.container.addTab(placeholder, title or key)
        else:
            self.container.addWidget(placeholder)

    def built(self, key: str) -> bool:
        return key in self._pages

    def build_at(self, index: int) -> QWidget:
        return self[self.keys_in_order[index]]

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._factories:
            raise KeyError(key)
        if key not in self._pages:
            index = self.keys_in_order.index(key)
            page = self._factories[key]()
            self._pages[key] = page
            self._replace(index, page)
            if self.on_built is not None:
                self.on_built(key, page)
        return self._pages[key]

    def _replace(self, index: int, page: QWidget) -> None:
        container = self.container
        placeholder = container.widget(index)
        was_current = container.currentIndex() == index
        blocker = container.blockSignals(True)  # no currentChanged for the swap itself
        try:
            if isinstance(container, QTabWidget):
                title, tip = container.tabText(index), container.tabToolTip(index)
                container.insertTab(index, page, title)
                container.setTabToolTip(index, tip)
                container.removeTab(index + 1)
            else:
                container.insertWidget(index, page)
                container.removeWidget(placeholder)
            if was_current:
                container.setCurrentIndex(index)
        finally:
            container.blockSignals(blocker)
        placeholder.deleteLater()

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __contains__(self, key) -> bool:
        return key in self._factories


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)  # once the whole frame is on screen
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` from the event loop once `widget` has been painted the first time."""
    _FirstPaint(widget, callback)
