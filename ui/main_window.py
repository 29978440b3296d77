"""The main window: navigation between the views, the Fil and Hjelp menus, the title
with municipality and file name, geometry remembered between sessions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
    QStackedWidget, QVBoxLayout, QWidget,
)

from alis_desktop import APP_NAME, __version__
from alis_desktop.errors import FileProblem
from db.backup import backup_now
from db.postgres import is_server_url
from ui import settings
from ui.data import DataContext
from ui.lazy_pages import LazyPages, after_first_paint, make
from ui.safety import actions as safety
from ui.safety.banner import ReadOnlyBanner
from ui.safety.keeper import LockKeeper
from ui.safety.opening import open_store

VIEWS = [("overview", "Oversikt"), ("doctors", "Leger"), ("arenas", "Læringsarenaer"),
         ("supervision", "Veiledning"), ("meetings", "Møter"), ("reports", "Rapporter"),
         ("institution", "Institusjon"), ("plan", "Kommunens plan")]
FILE_FILTER = "ALIS Desktop-filer (*.alis *.sqlite *.db);;Alle filer (*)"


class MainWindow(QMainWindow):
    def __init__(self, context: DataContext):
        super().__init__()
        self.context = context
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.views = LazyPages(self.stack)  # each view is built when first shown
        self.views.on_built = self._view_built
        # Each view as "module:Class", imported and built when first shown: importing
        # them all cost a fifth of a second at start-up (docs/performance.md).
        factories = {"overview": "ui.overview.view:OverviewView",
                     "doctors": "ui.doctors.view:DoctorsView",
                     "arenas": "ui.arenas.view:ArenasView",
                     "supervision": "ui.supervision.view:SupervisionView",
                     "meetings": "ui.meetings.view:MeetingsView",
                     "reports": "ui.reports.view:ReportsView",
                     "institution": "ui.institution.view:InstitutionView",
                     "plan": "ui.plan.view:PlanView"}
        for i, (key, label) in enumerate(VIEWS):
            self.views.add(key, lambda target=factories[key]: make(target, context))
            item = QListWidgetItem(label)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
            self.nav.addItem(item)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            shortcut.triggered.connect(lambda _=False, k=key: self.show_view(k))
            self.addAction(shortcut)
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        self.banner = ReadOnlyBanner(context)  # «Skrivebeskyttet ...» above the views
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.lock_keeper = LockKeeper(context, self)  # the writer's lock's heartbeat
        self.lock_keeper.lost.connect(lambda text: safety.lock_lost(self, text))
        from ui.server_poll import ChangePoller  # other users' changes, on a server
        self.change_poller = ChangePoller(context, self)
        self._build_menus()
        context.file_changed.connect(self._update_title)
        context.changed.connect(lambda kinds: "municipality" in kinds and self._update_title())
        # The window's first frame shows the navigation at once; the first view, which
        # reads the file, is built right after it (docs/performance.md). A view asked for
        # earlier (window.views[key], show_view) is built then.
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        after_first_paint(self.nav, lambda: self._show_row(self.nav.currentRow()))
        self._update_title()
        self._restore_geometry()

    def _view_built(self, key: str, view: QWidget) -> None:
        if key == "overview":
            view.open_doctor.connect(self.open_doctor)
            from ui.help.getting_started import open_step
            view.getting_started.step_requested.connect(lambda step: open_step(self, step))
            view.getting_started.guide_requested.connect(
                lambda: self.show_guide("kom-i-gang.html"))

    # --- menus -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Fil")
        # No Ctrl+N here: in each view Ctrl+N makes a new record of that view (Ny lege, Ny
        # læringsarena ...); one key for two actions does nothing (tests/ui/test_shortcuts.py).
        self._menu_action(file_menu, "&Ny fil ...", None, self.new_file)
        self._menu_action(file_menu, "Å&pne ...", QKeySequence.StandardKey.Open, self.open_dialog)
        self.recent_menu = file_menu.addMenu("Nylige filer")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._menu_action(file_menu, "&Koble til server ...", None, self.connect_dialog)
        file_menu.addSeparator()
        self.settings_action = self._menu_action(file_menu, "&Kommunens opplysninger ...", None,
                                                 self.edit_municipality)
        file_menu.addSeparator()
        self._menu_action(file_menu, "&Sikkerhetskopier nå", "Ctrl+Shift+S", self.backup)
        self._menu_action(file_menu, "&Gjenopprett fra sikkerhetskopi ...", None,
                          lambda: safety.restore(self))
        self._menu_action(file_menu, "&Mappe for sikkerhetskopier ...", None,
                          lambda: safety.choose_folder(self))
        file_menu.addSeparator()
        self._menu_action(file_menu, "&Revisjonslogg ...", "Ctrl+Shift+L",
                          lambda: safety.show_audit(self))
        self._menu_action(file_menu, "Person&vern ...", None, lambda: safety.personal_data(self))
        file_menu.addSeparator()
        self.import_goals_action = self._menu_action(file_menu, "Importer &læringsmål ...", None,
                                                     self.import_goals)
        self._menu_action(file_menu, "Importer fra &regneark ...", None, self.import_sheet)
        file_menu.addSeparator()
        self._menu_action(file_menu, "&Avslutt", QKeySequence.StandardKey.Quit, self.close)
        self._build_edit_menu()
        help_menu = self.menuBar().addMenu("&Hjelp")
        # F1 opens the guide at the section of the view in front (ui/help/guide.py).
        self.guide_action = self._menu_action(help_menu, "&Brukerveiledning",
                                              "F1",
                                              lambda: self.show_guide())
        self._menu_action(help_menu, "Vis &Kom i gang", None, self.show_getting_started)
        help_menu.addSeparator()
        self._menu_action(help_menu, "&Om ALIS Desktop", None, self.about)

    def _build_edit_menu(self) -> None:
        """Rediger -> Angre (Ctrl+Z): the last save or delete, undone through the store."""
        from ui.undo import UndoAction
        edit_menu = self.menuBar().addMenu("&Rediger")
        self.undo_action = UndoAction(self.context, self)
        edit_menu.addAction(self.undo_action)

    def _menu_action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        if not files:
            self.recent_menu.addAction("(ingen)").setEnabled(False)
        for f in files:
            self.recent_menu.addAction(f, lambda p=f: self.open_path(
                p if is_server_url(p) else Path(p)))

    # --- files -------------------------------------------------------------------------
    def new_file(self) -> None:
        from ui.help.new_file import ask_start
        start = ask_start(self)  # an empty file with Kom i gang, or the demo to try things
        if start is None:
            return
        out, _ = QFileDialog.getSaveFileName(self, "Ny fil", "", FILE_FILTER)
        if not out:
            return
        path = Path(out if out.endswith((".alis", ".sqlite", ".db")) else out + ".alis")
        if path.exists():
            QMessageBox.warning(self, "Ny fil", f"{path.name} finnes allerede. Velg et annet navn.")
            return
        if start == "demo":
            from ui.help.new_file import write_demo_file
            if write_demo_file(self, path):
                self.open_path(path)
            return
        if self.open_path(path, create=True):
            self.show_view("overview")  # where Kom i gang waits

    def open_dialog(self) -> None:
        out, _ = QFileDialog.getOpenFileName(self, "Åpne fil", "", FILE_FILTER)
        if out:
            self.open_path(Path(out))

    def connect_dialog(self) -> None:
        """Fil -> Koble til server: a PostgreSQL URL (docs/server.md); the password comes
        from libpq (.pgpass, a service file), never from the program."""
        from ui.server_connect import ask_url
        url = ask_url(self)
        if url:
            self.open_path(url)

    def open_path(self, path: Path, create: bool = False) -> bool:
        store = open_store(self, path, create=create,
                           report=lambda text: self.statusBar().showMessage(text, 8000))
        if store is None:
            return False
        self.context.set_store(store)
        settings.add_recent(store.url or path)  # a server's URL without its password
        return True

    def backup(self) -> None:
        store = self.context.store
        if store is None or store.path is None:
            return
        try:
            dest = backup_now(store.path, settings.backup_folder(),
                              keep=store.municipality().backup_keep)
        except (OSError, FileProblem) as exc:
            QMessageBox.warning(self, "Sikkerhetskopi", f"Sikkerhetskopien feilet: {exc}")
            return
        self.statusBar().showMessage(f"Sikkerhetskopi lagret: {dest}", 8000)

    def edit_municipality(self) -> None:
        if self.context.read_only:
            return
        from ui.municipality_dialog import MunicipalityDialog
        MunicipalityDialog(self.context, self).exec()

    def import_sheet(self):
        """Fil -> Importer fra regneark: doctors, periods, leave, hours, shifts (issue 17)."""
        from ui.sheet_import.dialog import SheetImportDialog
        if self.context.store is None or self.context.read_only:
            QMessageBox.information(self, "Importer fra regneark",
                                    "Filen er åpnet skrivebeskyttet.")
            return None
        dialog = SheetImportDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_goals(self):
        """Fil -> Importer læringsmål: official titles and texts for the goal catalog."""
        from ui.goals.catalog_import import CatalogImportDialog
        if self.context.store is None or self.context.read_only:
            QMessageBox.information(self, "Importer læringsmål",
                                    "Filen er åpnet skrivebeskyttet.")
            return None
        dialog = CatalogImportDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self, "Om ALIS Desktop",
                          f"<h3>{APP_NAME} {__version__}</h3>"
                          "<p>Oversikt over spesialistutdanningen i allmennmedisin (ALIS) "
                          "for kommunen: leger, læringsarenaer, tjenestetid, veiledning, "
                          "læringsmål, møter og attester.</p>"
                          "<p>Filen inneholder opplysninger om legene i utdanning, ingen "
                          "pasientopplysninger.</p>")

    def show_guide(self, page: str | None = None, anchor: str | None = None):
        """Hjelp -> Brukerveiledning (F1): at `page`, else at the view in front's section."""
        from ui.help.guide import VIEW_PAGES, show_guide
        return show_guide(self, page or VIEW_PAGES.get(self.current_view(), "index.html"),
                          anchor)

    def show_getting_started(self) -> None:
        """Hjelp -> Vis Kom i gang: the panel on Oversikt, even when every step is done."""
        self.show_view("overview")
        self.views["overview"].getting_started.ask_for()

    # --- navigation --------------------------------------------------------------------
    def show_view(self, key: str) -> None:
        self.nav.setCurrentRow([k for k, _ in VIEWS].index(key))

    def _show_row(self, row: int) -> None:
        self.views.build_at(row)
        self.stack.setCurrentIndex(row)

    def current_view(self) -> str:
        return VIEWS[self.nav.currentRow()][0]

    def open_doctor(self, doctor_id: int) -> None:
        self.show_view("doctors")
        self.views["doctors"].select_doctor(doctor_id)

    def _update_title(self) -> None:
        store = self.context.store
        if store is None:
            self.setWindowTitle(APP_NAME)
            return
        name = store.municipality().name
        ro = " (skrivebeskyttet)" if store.read_only else ""
        file_name = store.path.name if store.path else (store.url or "")
        self.setWindowTitle(f"{name} – {file_name}{ro} – {APP_NAME}")

    # --- geometry ----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = settings.value("window/geometry")
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            self.restoreGeometry(saved)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:
        settings.set_value("window/geometry", self.saveGeometry())
        super().closeEvent(event)
