"""Every keyboard shortcut has one owner: no two actions that can be active at the same
time share a key sequence (Qt would call it "Ambiguous shortcut overload" and do nothing).

Qt's rules, as the test models them: a window shortcut works while its widget is visible
anywhere in the window; a widget-with-children shortcut while focus is inside its widget;
a widget shortcut while its widget has focus. Pages of one QStackedWidget (the views, the
tabs of a QTabWidget) are never visible together."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

from ui.lazy_pages import LazyPages
from ui.main_window import MainWindow

WINDOW = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
CHILDREN = Qt.ShortcutContext.WidgetWithChildrenShortcut


def build_everything(widget: QWidget) -> None:
    """Build every lazily built page below `widget` (views, the doctor page's tabs ...)."""
    pending = [widget]
    while pending:
        w = pending.pop()
        for value in list(vars(w).values()):
            if isinstance(value, LazyPages):
                for key in value:
                    pending.append(value[key])
        pending.extend(c for c in w.findChildren(QWidget) if c is not w and any(
            isinstance(v, LazyPages) for v in vars(c).values()) and c not in pending)


def chain(w: QWidget) -> list[QWidget]:
    out = []
    while w is not None:
        out.append(w)
        w = w.parentWidget()
    return out


def contains(outer: QWidget, inner: QWidget) -> bool:
    return outer in chain(inner)


def visible_together(a: QWidget, b: QWidget) -> bool:
    ca, cb = chain(a), chain(b)
    common = next((w for w in ca if w in cb), None)
    if common is None:
        return False
    below_a = ca[ca.index(common) - 1] if ca.index(common) else None
    below_b = cb[cb.index(common) - 1] if cb.index(common) else None
    return not (isinstance(common, QStackedWidget) and below_a is not None
                and below_b is not None and below_a is not below_b)


def clash(a, b) -> bool:
    (oa, ka), (ob, kb) = a, b
    if ka in WINDOW or kb in WINDOW:
        return visible_together(oa, ob)
    if ka == CHILDREN and kb == CHILDREN:
        return contains(oa, ob) or contains(ob, oa)
    if ka == CHILDREN:
        return contains(oa, ob)
    if kb == CHILDREN:
        return contains(ob, oa)
    return oa is ob


def shortcuts(window: MainWindow):
    """(key text, action, (owner widget, context)) for every action and QShortcut; an
    action shown as a button has the button as a second owner."""
    out = []
    for action in window.findChildren(QAction):
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys:
            continue
        owners = [o for o in action.associatedObjects() if isinstance(o, QWidget)]
        owners = [window if isinstance(o, QMenu) else o for o in owners]
        for key in keys:
            for owner in owners:
                out.append((key.toString(), action, (owner, action.shortcutContext())))
    for sc in window.findChildren(QShortcut):
        for key in sc.keys():
            out.append((key.toString(), sc, (sc.parent(), sc.context())))
    return out


def name(item) -> str:
    text = item.text() if isinstance(item, QAction) else ""
    return text.replace("&", "") or item.objectName() or type(item).__name__


def test_no_two_active_actions_share_a_shortcut(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    for key in window.views:
        window.views[key]
    build_everything(window)
    found = shortcuts(window)
    assert len(found) > 20  # every view's actions are in the walk
    clashes = sorted({f"{k}: «{name(a1)}» / «{name(a2)}»" for (k, a1, r1), (k2, a2, r2)
                      in combinations(found, 2)
                      if k == k2 and a1 is not a2 and clash(r1, r2)})
    assert clashes == []


def test_ctrl_n_in_leger_adds_a_doctor(qtbot, context, monkeypatch):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_view("doctors")
    view = window.views["doctors"]
    called = []
    monkeypatch.setattr(type(view), "add_doctor", lambda self: called.append(True))
    view.add_action.triggered.disconnect()
    view.add_action.triggered.connect(lambda: view.add_doctor())
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert called == [True]
