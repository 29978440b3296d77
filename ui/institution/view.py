"""Institusjon: institution service for the whole municipality. The reminders due now, the
waiting list in priority order (Venteliste), the rotation board (Rotasjonsplan) and the
list for the health trust's coordinator (PDF and .xlsx side by side)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout,
    QWidget,
)

from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from alis_desktop.institution import needs_telling, reminders
from db import institution as inst
from ui.institution.board import BoardPage
from ui.institution.model_dialogs import ModelHeading, ModelQuestion
from ui.institution.queue import QueuePage
from ui.widgets import shortcut_action

# Progress (and so the order of the list) depends on nearly everything about a doctor.
WATCHED = frozenset({"institution_requests", "institution_posts", "placements", "leaves",
                     "doctors", "activities", "goal_statuses", "rule_deviations",
                     "municipality", "arenas"})


class InstitutionView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.entries: list = []
        self._dirty = True
        title = QLabel("Institusjonstjeneste")
        title.setObjectName("viewTitle")
        self.export_button = QPushButton("Liste til koordinator ...")
        self.export_button.setToolTip("Lagre ventelisten som PDF og Excel (Ctrl+Shift+E)")
        self.export_button.clicked.connect(self.export_dialog)
        shortcut_action(self, "Liste til koordinator ...", "Ctrl+Shift+E", self.export_dialog)
        # The trust's priority model: in the heading, and asked until it is chosen.
        self.model_heading = ModelHeading(context, self)
        self.model_question = ModelQuestion(context, self)
        self.merge_button = QPushButton("Samlet liste fra flere kommuner ...")
        self.merge_button.setToolTip("For koordinatoren: ranger flere kommuners ventelister "
                                     "sammen (filer og eksporterte regneark)")
        self.merge_button.clicked.connect(self.merge_dialog)
        self.told_button = QPushButton("Koordinator er varslet")
        self.told_button.setToolTip("Registrer at koordinatoren har fått beskjed om leger "
                                    "som har fått vikariat")
        self.told_button.clicked.connect(self.coordinator_told)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.merge_button)
        top.addWidget(self.export_button)
        self.reminder_label = QLabel()
        self.reminder_label.setObjectName("reminders")
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setStyleSheet("background: #fff3cd; border: 1px solid #e0c36a; "
                                          "border-radius: 4px; padding: 6px;")
        self.queue = QueuePage(context, self)
        self.board = BoardPage(context, self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.queue, "Venteliste")
        self.tabs.addTab(self.board, "Rotasjonsplan")
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.model_heading)
        layout.addWidget(self.model_question)
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminder_label, 1)
        reminder_row.addWidget(self.told_button)
        layout.addLayout(reminder_row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        context.changed.connect(lambda kinds: kinds & WATCHED and self._changed())
        context.file_changed.connect(self._changed)

    # --- data: computed when shown, and again on changes while shown --------------------
    def _changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._dirty = False
        store = self.context.store
        today = date.today()
        if store is None:
            self.entries, posts, names, lines, requests = [], [], {}, [], []
        else:
            self.entries = inst.queue(store, today)
            posts = inst.posts(store)
            names = inst.doctor_names(store)
            requests = store.all("institution_requests")
            lines = reminders(today, requests, posts, names=names)
        self.model_heading.refresh()
        self.model_question.refresh()
        self.model_question.setVisible(store is not None and not self.context.read_only
                                       and not inst.model_chosen(store))
        self.pending = [r for r in requests if needs_telling(r)]
        self.told_button.setVisible(bool(self.pending) and not self.context.read_only)
        self.queue.set_entries(self.entries)
        self.board.set_data(posts, self.entries, names)
        self.reminder_label.setText("<b>Påminnelser</b><br>" + "<br>".join(lines))
        self.reminder_label.setVisible(bool(lines))
        self.export_button.setEnabled(store is not None)

    # --- the coordinator -----------------------------------------------------------------
    def merge_dialog(self) -> None:
        from ui.institution.exchange_dialogs import MergeDialog
        MergeDialog(self.context, self).exec()

    def coordinator_told(self) -> None:
        """Every pending withdrawal marked as told today (after a yes)."""
        if not self.pending:
            return
        names = inst.doctor_names(self.context.store)
        who = ", ".join(sorted(names.get(r.doctor_id, "") for r in self.pending))
        answer = QMessageBox.question(self, "Koordinator er varslet",
                                      f"Har koordinatoren fått beskjed om {who}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.mark_told(date.today())

    def mark_told(self, on: date) -> None:
        store = self.context.store
        with store.transaction():
            for r in self.pending:
                inst.coordinator_notified(store, r.id, on)
        self.context.notify("institution_requests")

    # --- the list for the coordinator ----------------------------------------------------
    def export_dialog(self) -> None:
        store = self.context.store
        if store is None:
            return
        folder = store.path.parent if store.path else Path.home()
        suggested = folder / f"Venteliste institusjonstjeneste {date.today():%Y-%m-%d}.pdf"
        out, _ = QFileDialog.getSaveFileName(self, "Liste til koordinator", str(suggested),
                                             "PDF (*.pdf)")
        if out:
            self.export_to(Path(out))

    def export_to(self, out: Path) -> tuple[Path, Path] | None:
        """Write the list as PDF and .xlsx named after `out`; returns both paths."""
        from reports.institution_queue import write
        store = self.context.store
        try:
            paths = write(self.entries, store.municipality(), date.today(), out)
        except (OSError, FileProblem) as exc:
            QMessageBox.warning(self, "Liste til koordinator", f"Kunne ikke lagre: {exc}")
            return None
        self.status.setText(f"Lagret {paths[0].name} og {paths[1].name} i {paths[0].parent} "
                            f"({fmt(date.today())}).")
        return paths
