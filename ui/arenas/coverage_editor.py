"""The goals an arena covers, edited two ways that stay in sync: the notation the municipal
plans use, pasted as it stands ("ALM 002-004 (delvis), ALM 036-054, Alle FKM"), and a
checklist of every goal with Helt / Delvis.

Text -> grid on every edit that reads; grid -> text on every tick (written back in the
plans' compact form). Whatever cannot be read is named with its token, and coverage()
refuses (and selects the token in the text) until it reads."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from alis_desktop.goal_refs import FULL, PARTIAL, GoalRefError, format_goal_refs, parse_goal_refs
from ui.table_model import SORT_ROLE, FilterProxy
from ui.widgets import ERROR_STYLE, ErrorLabel

CODE, TITLE, FULL_COL, PARTIAL_COL = range(4)
HEADERS = ["Kode", "Læringsmål", "Helt", "Delvis"]
LEVEL_OF_COLUMN = {FULL_COL: FULL, PARTIAL_COL: PARTIAL}
ROW_COLOURS = {FULL: "#e3f1e4", PARTIAL: "#e2ecf8"}


class CoverageModel(QAbstractTableModel):
    """One row per goal; the Helt and Delvis columns are check boxes (at most one ticked)."""

    coverage_changed = Signal()

    def __init__(self, goals, parent=None):
        super().__init__(parent)
        self.goals = list(goals)
        self.coverage: dict[str, str] = {}

    def row_object(self, row: int):
        return self.goals[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.goals)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        goal = self.goals[index.row()]
        level = self.coverage.get(goal.code)
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == CODE:
                return goal.code
            if col == TITLE:
                return "(mangler tittel)" if goal.untitled else goal.title
            if role == SORT_ROLE:
                return int(level == LEVEL_OF_COLUMN[col])
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col in LEVEL_OF_COLUMN:
            return (Qt.CheckState.Checked if level == LEVEL_OF_COLUMN[col]
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.BackgroundRole and level:
            return QBrush(QColor(ROW_COLOURS[level]))
        if role == Qt.ItemDataRole.ToolTipRole and col == TITLE:
            from ui.goals.untitled import MISSING_TIP
            return MISSING_TIP if goal.untitled else goal.text or None
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():  # the root: Qt's contract says no flags
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in LEVEL_OF_COLUMN:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in LEVEL_OF_COLUMN:
            return False
        code = self.goals[index.row()].code
        level = LEVEL_OF_COLUMN[index.column()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.coverage[code] = level
        elif self.coverage.get(code) == level:
            del self.coverage[code]
        self._row_changed(index.row())
        self.coverage_changed.emit()
        return True

    def set_level(self, code: str, level: str | None) -> None:
        """Tick Helt / Delvis for one goal (None clears it), as a click would."""
        row = next(i for i, g in enumerate(self.goals) if g.code == code)
        column = PARTIAL_COL if level == PARTIAL else FULL_COL
        if level is None:
            column = FULL_COL if self.coverage.get(code) == FULL else PARTIAL_COL
        state = Qt.CheckState.Unchecked if level is None else Qt.CheckState.Checked
        self.setData(self.index(row, column), state.value, Qt.ItemDataRole.CheckStateRole)

    def set_coverage(self, coverage: dict[str, str]) -> None:
        self.coverage = dict(coverage)
        if self.goals:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.goals) - 1, 3))

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, 3))


class CoverageEditor(QWidget):
    """The notation field above the checklist; `coverage()` is what the dialog saves."""

    changed = Signal()

    def __init__(self, goals, coverage: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.fkm_codes = [g.code for g in goals if g.family == "FKM"]
        self.problem: GoalRefError | None = None
        self._syncing = False
        # An arena pasted from a plan written before 1 March 2026 covers the earlier common
        # goals (LM-001..075); its text is then read against that set (goal_refs).
        self.earlier = False

        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Lim inn fra planen, f.eks. «ALM 002-004 (delvis), "
                                     "ALM 036-054, Alle FKM» eller «Alle ALM, bortsett fra "
                                     "ALM 055 og 085»")
        self.text.setMaximumHeight(96)
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._text_changed)
        self.message = ErrorLabel()
        self.counts = QLabel()
        self.check_button = QPushButton("Kontroller teksten")
        self.check_button.setToolTip("Vis hvor teksten ikke kan leses (Ctrl+Enter)")
        self.check_button.clicked.connect(self.check_text)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, self.check_text)

        self.model = CoverageModel(goals, self)
        self.model.coverage_changed.connect(self._grid_changed)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i mål ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.search_goals)
        self.only_chosen = QCheckBox("Bare valgte mål")
        self.only_chosen.toggled.connect(self._filter_chosen)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CODE, Qt.SortOrder.AscendingOrder)
        # Fixed widths from the font, not ResizeToContents: that asks every row for its size
        # on each layout pass (tens of thousands of data() calls while the dialog is built).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        self.table.setColumnWidth(CODE, 8 * em)
        self.table.setColumnWidth(FULL_COL, 6 * em)
        self.table.setColumnWidth(PARTIAL_COL, 6 * em)

        top = QHBoxLayout()
        top.addWidget(QLabel("Læringsmål som kan oppnås helt eller delvis (planens skrivemåte):"))
        top.addStretch(1)
        top.addWidget(self.check_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.only_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.message)
        layout.addWidget(self.counts)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.set_coverage(coverage or {})

    @contextmanager
    def _sync(self):
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    # --- the two directions --------------------------------------------------------------
    def set_coverage(self, coverage: dict[str, str]) -> None:
        self.earlier = any(c.startswith("LM-") for c in coverage) and not any(
            c.startswith("FKM-") for c in coverage)
        with self._sync():
            self.model.set_coverage(coverage)
            self.text.setPlainText(format_goal_refs(coverage, fkm_codes=self.fkm_codes))
        self._clear_problem()
        self._update_counts()

    def _text_changed(self) -> None:
        if self._syncing:
            return
        try:
            coverage = parse_goal_refs(self.text.toPlainText(), fkm_codes=self.fkm_codes,
                                       earlier=self.earlier)
        except GoalRefError as exc:
            # Shown at once, but the token is only selected on request or on save, so the
            # cursor never jumps while the user is typing.
            self.problem = exc
            self.message.show_error(f"{exc.message} Listen under viser siste lesbare tekst.")
            self.text.setStyleSheet(ERROR_STYLE)
            return
        self._clear_problem()
        with self._sync():
            self.model.set_coverage(coverage)
        self._update_counts()
        self.changed.emit()

    def _grid_changed(self) -> None:
        if self._syncing:
            return
        with self._sync():
            self.text.setPlainText(format_goal_refs(self.model.coverage,
                                                    fkm_codes=self.fkm_codes))
        self._clear_problem()
        self._update_counts()
        self.changed.emit()

    # --- reading and problems ------------------------------------------------------------
    def coverage(self) -> dict[str, str]:
        """The coverage to save; raises the GoalRefError (with the token selected in the text
        field) while the text cannot be read."""
        if self.problem is not None:
            self.select_problem()
            raise self.problem
        return dict(self.model.coverage)

    def check_text(self) -> bool:
        """Select the unreadable token, if any; True when the text reads."""
        if self.problem is None:
            return True
        self.select_problem()
        return False

    def select_problem(self) -> None:
        err = self.problem
        if err is None:
            return
        cursor = self.text.textCursor()
        cursor.setPosition(err.position)
        cursor.setPosition(err.position + len(err.token), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.setFocus()

    def _clear_problem(self) -> None:
        self.problem = None
        self.message.show_error("")
        self.text.setStyleSheet("")

    def _update_counts(self) -> None:
        values = list(self.model.coverage.values())
        full, partial = values.count(FULL), values.count(PARTIAL)
        self.counts.setText(f"{full} mål helt og {partial} delvis av {len(self.model.goals)}.")

    def _filter_chosen(self, on: bool) -> None:
        chosen = self.model.coverage
        self.proxy.set_predicate((lambda goal: goal.code in chosen) if on else None)
