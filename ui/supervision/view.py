"""Veiledning: the supervision view. Tabs for the status against target, the logged hours,
the month grid, the supervisors and the statements; actions to log a session (Ctrl+L),
change a doctor's supervisor and import sessions from CSV."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.supervision.assignment_dialog import ChangeSupervisorDialog
from ui.supervision.import_dialog import ImportDialog
from ui.supervision.month_grid import MonthGridTab
from ui.supervision.session_dialog import SessionDialog
from ui.supervision.sessions_tab import SessionsTab
from ui.supervision.statements_tab import StatementsTab
from ui.supervision.status_tab import StatusTab
from ui.supervision.supervisors_tab import SupervisorsTab
from ui.widgets import action_button, shortcut_action


class SupervisionView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        title = QLabel("Veiledning")
        title.setObjectName("viewTitle")
        self.log_action = shortcut_action(self, "Registrer veiledning", "Ctrl+L",
                                          self.log_session)
        self.change_action = shortcut_action(self, "Tildel eller bytt veileder ...", None,
                                             self.change_supervisor)
        self.import_action = shortcut_action(self, "Importer fra CSV ...", None, self.import_csv)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for action in (self.log_action, self.change_action, self.import_action):
            top.addWidget(action_button(action))

        self.status_tab = StatusTab(context)
        self.sessions_tab = SessionsTab(context)
        self.grid_tab = MonthGridTab(context)
        self.supervisors_tab = SupervisorsTab(context)
        self.statements_tab = StatementsTab(context)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for page, label in ((self.status_tab, "Status og mål"), (self.sessions_tab, "Timer"),
                            (self.grid_tab, "Månedsregistrering"),
                            (self.supervisors_tab, "Veiledere"),
                            (self.statements_tab, "Utbetaling og tilskudd")):
            self.tabs.addTab(page, label)
        self.status_tab.doctor_activated.connect(self._show_doctor_sessions)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        context.file_changed.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        writable = not self.context.read_only
        for action in (self.log_action, self.change_action, self.import_action):
            action.setEnabled(writable)

    def _show_doctor_sessions(self, doctor_id: int) -> None:
        self.sessions_tab.set_filter(doctor_id=doctor_id)
        self.tabs.setCurrentWidget(self.sessions_tab)

    def log_session(self, doctor_id: int | None = None) -> SessionDialog | None:
        if self.context.read_only:
            return None
        dialog = SessionDialog(self.context, None, self,
                               doctor_id=doctor_id if isinstance(doctor_id, int) else None)
        dialog.exec()
        return dialog

    def change_supervisor(self) -> None:
        if not self.context.read_only:
            ChangeSupervisorDialog(self.context, None, self).exec()

    def import_csv(self) -> None:
        if not self.context.read_only:
            ImportDialog(self.context, self).exec()
