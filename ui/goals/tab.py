"""Læringsmål: all ALM goals and the FKM goals of the doctor's catalog version, with status,
the arenas where the doctor served (or is planned) that cover each goal, and where the
remaining goals can be had. Approve (§ 26), withdraw with a reason, set progress; ALM-055
and ALM-085 are suggested once 6 months of institution service are complete."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from alis_desktop.dates import years_months
from alis_desktop.errors import ValidationError
from alis_desktop.goals import INSTITUTION_GOALS, GoalLine, goal_progress
from alis_desktop.vocab import GoalState
from db.goals import DoctorGoals, change_state, doctor_goals
from ui.goals.approve import ApproveDialog, WithdrawDialog
from ui.goals.heatmap import GoalHeatmap, HeatCell
from ui.table_model import Column, RecordTableModel, record_table
from ui.goals.untitled import MISSING_TIP, UntitledNote
from ui.widgets import action_button, shortcut_action

STATE_BACKGROUND = {GoalState.IN_PROGRESS.value: "#fbefc4", GoalState.SUBMITTED.value: "#d6e4f5",
                    GoalState.APPROVED.value: "#d7ecd9"}
FAMILIES = ["Alle mål", "ALM", "FKM"]
REMAINING = "Gjenstående (ikke godkjent)"
STATE_FILTERS = ["Alle statuser", REMAINING] + [s.label for s in GoalState]


def _advice(line: GoalLine) -> str:
    s = line.status
    if s is None or not (s.advice_supervisor or s.advice_clinical):
        return ""
    return f"Veileder: {s.advice_supervisor}; supervisør: {s.advice_clinical}"


def _arenas(links) -> str:
    return ", ".join(a.label() for a in links)


OWN_COLUMN, OTHER_COLUMN, ADVICE_COLUMN = 3, 4, 7


def columns() -> list[Column]:
    return [
        Column("Kode", lambda ln: ln.goal.code),
        Column("Læringsmål", lambda ln: "(mangler tittel)" if ln.goal.untitled
               else ln.goal.title,
               tooltip=lambda ln: MISSING_TIP if ln.goal.untitled
               else ln.goal.text or ln.goal.title),
        Column("Status", lambda ln: GoalState.label_of(ln.state),
               colour=lambda ln: STATE_BACKGROUND.get(ln.state)),
        Column("Egne arenaer", lambda ln: _arenas(ln.own_arenas),
               tooltip=lambda ln: _arenas(ln.own_arenas) or
               "Ingen av legens tjenestesteder gir dette målet"),
        Column("Kan oppnås ved", lambda ln: _arenas(ln.other_arenas),
               tooltip=lambda ln: _arenas(ln.other_arenas) or ""),
        Column("Godkjent", lambda ln: ln.status.approved_date if ln.status else None),
        Column("Godkjent av", lambda ln: ln.status.approved_by if ln.status else ""),
        Column("Råd (§ 26)", _advice, tooltip=_advice),
        Column("Kommentar", lambda ln: ln.status.comment if ln.status else "",
               tooltip=lambda ln: ln.status.comment if ln.status else ""),
    ]


class GoalsTab(QWidget):
    KINDS = frozenset({"goal_statuses", "goal_texts", "arenas", "arena_coverage", "placements",
                       "doctors"})

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.data: DoctorGoals | None = None

        self.heatmap = GoalHeatmap()
        self.heatmap.goal_clicked.connect(self.select_goal)
        self.progress = QLabel()
        self.progress.setWordWrap(True)

        self.suggestion = QFrame()
        self.suggestion.setStyleSheet("QFrame { background: #fff6d6; border: 1px solid #e0c36a; "
                                      "border-radius: 4px; }")
        self.suggestion_label = QLabel()
        self.suggestion_label.setWordWrap(True)
        self.suggestion_button = QPushButton("Godkjenn ...")
        self.suggestion_button.clicked.connect(self.approve_suggested)
        row = QHBoxLayout(self.suggestion)
        row.addWidget(self.suggestion_label, 1)
        row.addWidget(self.suggestion_button)
        self.suggestion.hide()

        self.family = QComboBox()
        self.family.addItems(FAMILIES)
        self.state_filter = QComboBox()
        self.state_filter.addItems(STATE_FILTERS)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i mål, arenaer, kommentarer ...")
        self.search.setClearButtonEnabled(True)

        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self, single=False, alternating=False)
        self.search.textChanged.connect(self.proxy.search_goals)
        self.family.currentTextChanged.connect(lambda _: self._apply_filter())
        self.state_filter.currentTextChanged.connect(lambda _: self._apply_filter())
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.approve_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        # Ctrl+G is this tab's own; Ctrl+N / Ctrl+E belong to the doctors table above.
        self.approve_action = shortcut_action(self, "Godkjenn ...", "Ctrl+G",
                                              self.approve_selected)
        self.withdraw_action = shortcut_action(self, "Trekk godkjenning ...", None,
                                               self.withdraw_selected)
        self.state_actions = [
            shortcut_action(self, f"Sett «{state.label}»", None,
                            lambda _=False, s=state.value: self.set_state_selected(s))
            for state in (GoalState.IN_PROGRESS, GoalState.SUBMITTED, GoalState.NOT_STARTED)]

        bar = QHBoxLayout()
        for action in (self.approve_action, self.withdraw_action, *self.state_actions):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.family)
        bar.addWidget(self.state_filter)
        bar.addWidget(self.search, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heatmap)
        layout.addWidget(self.progress)
        layout.addWidget(self.suggestion)
        self.untitled = UntitledNote()
        layout.addWidget(self.untitled)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda kinds: kinds & self.KINDS and self.refresh())
        context.file_changed.connect(self.refresh)
        self._update_actions()

    # --- data --------------------------------------------------------------------------
    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        self.data = None
        if store is not None and self.doctor_id is not None:
            try:
                self.data = doctor_goals(store, self.doctor_id, date.today())
            except KeyError:
                self.data = None
        lines = self.data.lines if self.data else []
        keep = {ln.goal.code for ln in self.selected_lines()}
        self.model.set_rows(lines)
        self.heatmap.set_goals([HeatCell(ln.goal.code, ln.state, ln.goal.title) for ln in lines])
        self.untitled.set_goals(ln.goal for ln in lines)
        self._show_progress()
        self._show_suggestion()
        self._apply_filter()
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 300))
        for col in (OWN_COLUMN, OTHER_COLUMN, ADVICE_COLUMN):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        for code in keep:
            self.select_goal(code, add=True)
        self._update_actions()

    def _show_progress(self) -> None:
        if self.data is None:
            self.progress.setText("Velg en lege i tabellen." if self.doctor_id is None else "")
            return
        p = goal_progress(self.data.lines)
        version = self.data.doctor.catalog_version
        parts = [f"ALM: {p.approved.get('ALM', 0)} av {p.total.get('ALM', 0)} godkjent",
                 f"FKM ({version}): {p.approved.get('FKM', 0) + p.approved.get('LM', 0)} av "
                 f"{p.total.get('FKM', 0) + p.total.get('LM', 0)} godkjent",
                 f"{p.by_state[GoalState.SUBMITTED.value]} sendt til godkjenning",
                 f"{p.by_state[GoalState.IN_PROGRESS.value]} pågår",
                 f"institusjonstjeneste: {years_months(self.data.institution_months)} av "
                 f"{years_months(self.data.institution_required)}"]
        self.progress.setText(" · ".join(parts))

    def _show_suggestion(self) -> None:
        codes = self.data.suggestion if self.data else []
        self.suggestion.setVisible(bool(codes))
        if codes:
            self.suggestion_label.setText(
                f"Institusjonstjenesten er fullført ({years_months(self.data.institution_months)}"
                f", krav {years_months(self.data.institution_required)}). "
                f"{' og '.join(codes)} kan godkjennes.")
            self.suggestion_button.setText(f"Godkjenn {' og '.join(codes)} ...")

    def _apply_filter(self) -> None:
        family = self.family.currentText()
        state = self.state_filter.currentText()
        state_code = next((s.value for s in GoalState if s.label == state), None)

        def keep(line: GoalLine) -> bool:
            if family != FAMILIES[0] and line.goal.family != family:
                if not (family == "FKM" and line.goal.family == "LM"):
                    return False
            if state == REMAINING:
                return not line.approved
            return state_code is None or line.state == state_code
        self.proxy.set_predicate(keep)

    # --- selection ---------------------------------------------------------------------
    def selected_lines(self) -> list[GoalLine]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.row_object(self.proxy.mapToSource(r).row()) for r in rows]

    def select_goal(self, code: str, add: bool = False) -> bool:
        """Select the goal's row, clearing the filters if they hide it."""
        for attempt in range(2):
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data() == code:
                    flags = (self.table.selectionModel().SelectionFlag.Select if add else
                             self.table.selectionModel().SelectionFlag.ClearAndSelect)
                    self.table.selectionModel().select(
                        self.proxy.index(r, 0),
                        flags | self.table.selectionModel().SelectionFlag.Rows)
                    self.table.scrollTo(self.proxy.index(r, 0))
                    return True
            if attempt == 0 and not add:
                self.search.clear()
                self.family.setCurrentIndex(0)
                self.state_filter.setCurrentIndex(0)
        return False

    def _update_actions(self) -> None:
        writable = not self.context.read_only and self.data is not None
        lines = self.selected_lines()
        self.approve_action.setEnabled(writable and any(not ln.approved for ln in lines))
        self.withdraw_action.setEnabled(writable and len(lines) == 1 and lines[0].approved)
        for action in self.state_actions:
            action.setEnabled(writable and bool(lines) and not any(ln.approved for ln in lines))

    # --- actions -----------------------------------------------------------------------
    def approve_selected(self) -> None:
        lines = [ln for ln in self.selected_lines() if not ln.approved]
        if lines and self.data is not None and not self.context.read_only:
            self.open_approval(lines)

    def approve_suggested(self) -> None:
        if self.data is None:
            return
        wanted = set(self.data.suggestion) & set(INSTITUTION_GOALS)
        self.open_approval([ln for ln in self.data.lines
                            if ln.goal.code in wanted and ln.goal.family == "ALM"])

    def open_approval(self, lines: list[GoalLine]) -> ApproveDialog:
        records = [ln.record(self.data.doctor.id) for ln in lines]
        dialog = ApproveDialog(self.context, self.data.doctor, records, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def withdraw_selected(self) -> WithdrawDialog | None:
        lines = self.selected_lines()
        if len(lines) != 1 or not lines[0].approved or self.context.read_only:
            return None
        dialog = WithdrawDialog(self.context, lines[0].status, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_state_selected(self, state: str) -> None:
        lines = self.selected_lines()
        if not lines or self.data is None or self.context.read_only:
            return
        try:
            change_state(self.context.store, [ln.record(self.data.doctor.id) for ln in lines],
                         state)
        except ValidationError as exc:
            QMessageBox.warning(self, "Læringsmål", exc.message)
            return
        self.context.notify("goal_statuses", doctors={self.data.doctor.id})
