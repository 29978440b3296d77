"""Starting the window: the QApplication, Norwegian locale, the look, the file, and the
`--screenshot` path used by docs and checks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

STYLE = """
QWidget { font-size: 10.5pt; }
#nav { background: #1f3a5f; color: white; border: none; font-size: 12pt; padding-top: 12px; }
#nav::item { padding: 10px 16px; }
#nav::item:selected { background: #2f5d8f; color: white; }
#viewTitle { font-size: 18pt; font-weight: 600; color: #1f3a5f; padding: 4px 0 8px 0; }
#sectionTitle { font-size: 12pt; font-weight: 600; color: #1f3a5f; padding-top: 10px; }
#card { background: white; border: 1px solid #d0d7e2; border-radius: 6px; }
#cardValue { font-size: 22pt; font-weight: 600; color: #1f3a5f; }
#cardCaption { color: #555; }
QTableView { gridline-color: #e3e7ee; selection-background-color: #2f5d8f; }
QHeaderView::section { background: #eef2f7; padding: 4px; border: none;
                       border-right: 1px solid #d0d7e2; font-weight: 600; }
"""


def make_app():
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ALIS Desktop")
    app.setOrganizationName("ALIS Desktop")
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    from ui import qt_texts
    qt_texts.install(app)  # «Ja» / «Nei» on Qt's own message-box buttons
    return app


def run(path: Path | None, *, screenshot: str | None = None, view: str = "overview",
        doctor_id: int | None = None, read_only: bool = False) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if isinstance(path, Path) and path.is_file():  # not a server URL
        from db.connection import check_early
        check_early(path)  # quick_check of a large file runs while Qt loads
    app = make_app()
    from alis_desktop.errors import FileProblem
    from ui import background, settings
    from ui.data import DataContext
    from ui.main_window import MainWindow
    from ui.safety.opening import open_store

    create = path is None
    path = path or settings.default_file()
    first_start = create and not path.exists()
    notes: list[str] = []
    try:  # the lock, its questions and the automatic backup: ui/safety/opening.py
        store = open_store(None, path, create=create and not path.exists(),
                           read_only=read_only, interactive=not screenshot,
                           auto_backup=not screenshot, report=notes.append,
                           warn_synced=not first_start)
    except FileProblem as exc:  # only when not interactive (screenshots)
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    if store is None:
        return 2
    settings.add_recent(store.url or path)  # a server's URL without its password
    if not screenshot:
        from ui.safety import errors
        errors.install()  # a write refused in read-only mode is a message, not a traceback
    context = DataContext(store)
    window = MainWindow(context)
    guide = view == "guide"  # the user guide in its own window, over Oversikt
    if guide:
        view = "overview"
    window.show_view(view)
    if doctor_id is not None:
        window.views["doctors"].select_doctor(doctor_id)
    if screenshot:
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        shown = window.views[view]
        if hasattr(shown, "wait_for_progress"):
            shown.wait_for_progress()  # figures computed in the background belong in the picture
        shot = window
        if guide:
            shot = window.show_guide("index.html")
            app.processEvents()
        ok = shot.grab().save(screenshot)
        window.close()
        background.stop_all()
        store.close()
        if not ok:
            print(f"Feil: kunne ikke lagre {screenshot}", file=sys.stderr)
            return 2
        print(f"Skjermbilde lagret: {screenshot}")
        return 0
    if notes:
        window.statusBar().showMessage(notes[-1], 8000)
    if os.environ.get(FIRST_PAINT_ENV):
        report_first_paint(window)
    window.show()
    if guide:
        window.show_guide("index.html")
    from ui import file_open
    file_open.install(app, window)  # macOS: a .alis double-clicked in the Finder
    if first_start:  # where backups go, asked once, after the window is up
        from PySide6.QtCore import QTimer

        from ui.backup.first_start import ask_on_first_start
        QTimer.singleShot(0, lambda: ask_on_first_start(window, path))
    code = app.exec()
    background.stop_all()  # no reading thread outlives the window
    if context.store is not None:
        context.store.close()  # releases the writer's lock
    return code


# benchmarks/ starts the program with this set: it prints the wall-clock time once the
# window has painted for the first time ("1"), or once the first view has painted with its
# content ("view"), then quits (start-up is measured to that moment).
FIRST_PAINT_ENV = "ALIS_REPORT_FIRST_PAINT"


def report_first_paint(window) -> None:
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    wait_for_view = os.environ.get(FIRST_PAINT_ENV) == "view"

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.seen and self.counts(obj):
                self.seen = True
                QTimer.singleShot(0, self.done)  # after the whole frame is painted
            return False

        def counts(self, obj) -> bool:
            if not wait_for_view:
                return True
            key = window.current_view()
            if not window.views.built(key):
                return False
            view = window.views[key]
            return obj is view or view.isAncestorOf(obj)

        def done(self):
            print(f"first-paint {time.time():.6f}", flush=True)
            QApplication.instance().quit()

    QApplication.instance().installEventFilter(FirstPaint(window))
