"""Rotasjonsplan: institution posts (rows) against half-year periods from 1 March and
1 September (columns), each cell the doctor holding the post or «Ledig». Assigning refuses
conflicts with the reason; the planned placement follows the assignment."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QTableView,
    QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.rotation import board, describe_post, period_of
from db import institution as inst
from ui.institution.dialogs import AssignDialog, PostDialog
from ui.table_model import Column, RecordTableModel
from ui.widgets import action_button, shortcut_action

GREEN, AMBER = "#dff0d8", "#fff3cd"
FIXED_COLUMNS = 2


class BoardModel(RecordTableModel):
    """RecordTableModel whose period columns change with the board."""

    def set_board(self, cols: list[Column], rows: list) -> None:
        self.beginResetModel()
        self.columns = cols
        self.rows = list(rows)
        self.endResetModel()


def cell_text(post: m.InstitutionPost | None, names: dict) -> str:
    if post is None:
        return ""
    who = names.get(post.doctor_id, "?") if post.doctor_id is not None else "Ledig"
    period = period_of(post.period_start)
    if (post.period_start, post.period_end) == (period.start, period.end):
        return who
    return f"{post.period_start:%d.%m}–{post.period_end:%d.%m}: {who}"


def cell_tooltip(post: m.InstitutionPost | None, names: dict) -> str:
    if post is None:
        return "Ingen post (dobbeltklikk for å legge til)"
    who = names.get(post.doctor_id, "") if post.doctor_id is not None else "ledig"
    text = f"{describe_post(post)}: {who}"
    return f"{text}\n{post.note}" if post.note else text


class BoardPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.posts: list = []
        self.entries: list = []
        self.names: dict[int, str] = {}
        self.periods: list = []
        self.model = BoardModel([], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_action = shortcut_action(self, "Ny post ...", "Ctrl+Shift+N", self.new_post)
        self.edit_action = shortcut_action(self, "Rediger post ...", None, self.edit_post)
        self.delete_action = shortcut_action(self, "Slett post", None, self.delete_post)
        self.assign_action = shortcut_action(self, "Tildel lege ...", "Ctrl+T", self.assign)
        self.unassign_action = shortcut_action(self, "Fjern tildeling", None, self.unassign)
        self.allocation_action = shortcut_action(self, "Les tildeling fra koordinator ...",
                                                 None, self.read_allocation)
        self.history = QCheckBox("Vis tidligere perioder")
        self.history.toggled.connect(lambda _: self.refresh())
        bar = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.delete_action,
                       self.assign_action, self.unassign_action, self.allocation_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.history)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        legend = QLabel("Grønn: tildelt · gul: ledig. Poster roterer 1. mars og 1. september; "
                        "en blokk må vare minst 3 måneder, og en lege kan ha én post per "
                        "halvår. Tildeling registrerer en foreløpig tjenesteperiode.")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(legend)

    # --- data --------------------------------------------------------------------------
    def set_data(self, posts, entries, names) -> None:
        self.posts = list(posts)
        self.entries = list(entries)
        self.names = dict(names)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_post()
        posts = self.posts
        today = date.today()
        first = today
        if self.history.isChecked() and posts:
            first = min(today, min(p.period_start for p in posts))
        self.periods, rows = board(posts, first=first,
                                   last=period_of(today).next().start)
        cols = [Column("Institusjon", lambda r: r.institution),
                Column("Avdeling", lambda r: r.department + (f" ({r.slot + 1})" if r.slot
                                                              else ""))]
        for period in self.periods:
            cols.append(Column(
                period.label, lambda r, s=period.start: cell_text(r.cells.get(s), self.names),
                tooltip=lambda r, s=period.start: cell_tooltip(r.cells.get(s), self.names),
                colour=lambda r, s=period.start: self._colour(r.cells.get(s))))
        self.model.set_board(cols, rows)
        self.table.resizeColumnsToContents()
        for i in range(FIXED_COLUMNS, len(cols)):
            self.table.setColumnWidth(i, max(150, self.table.columnWidth(i)))
        if keep is not None:
            self.select_post(keep.id)
        self._selection_changed()

    @staticmethod
    def _colour(post) -> str | None:
        if post is None:
            return None
        return AMBER if post.doctor_id is None else GREEN

    def _cell(self, index: QModelIndex | None = None):
        """(board row, period or None) of the current cell."""
        if index is None:
            found = self.table.selectionModel().selectedIndexes()
            index = found[0] if found else QModelIndex()
        if not index.isValid():
            return None, None
        row = self.model.row_object(index.row())
        col = index.column() - FIXED_COLUMNS
        return row, (self.periods[col] if 0 <= col < len(self.periods) else None)

    def selected_post(self) -> m.InstitutionPost | None:
        if not self.model.rows:
            return None
        row, period = self._cell()
        return row.cells.get(period.start) if row is not None and period is not None else None

    def select_post(self, post_id: int) -> bool:
        for r, row in enumerate(self.model.rows):
            for c, period in enumerate(self.periods):
                post = row.cells.get(period.start)
                if post is not None and post.id == post_id:
                    self.table.setCurrentIndex(self.model.index(r, c + FIXED_COLUMNS))
                    return True
        return False

    def _selection_changed(self, *_) -> None:
        post = self.selected_post()
        writable = not self.context.read_only
        self.new_action.setEnabled(writable)
        self.allocation_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and post is not None)
        self.delete_action.setEnabled(writable and post is not None and post.doctor_id is None)
        self.assign_action.setEnabled(writable and post is not None and post.doctor_id is None)
        self.unassign_action.setEnabled(writable and post is not None
                                        and post.doctor_id is not None)
        vacant = sum(1 for p in self.posts if p.doctor_id is None
                     and p.period_start >= period_of(date.today()).start)
        if post is None:
            self.detail.setText(f"{len(self.model.rows)} rader; {vacant} ledige poster fra "
                                "inneværende halvår.")
        else:
            self.detail.setText(cell_tooltip(post, self.names).replace("\n", " · "))

    # --- actions -----------------------------------------------------------------------
    def _double_clicked(self, index) -> None:
        row, period = self._cell(index)
        if row is None or period is None or self.context.read_only:
            return
        post = row.cells.get(period.start)
        if post is None:
            self.new_post(m.InstitutionPost(institution=row.institution,
                                            department=row.department,
                                            period_start=period.start, period_end=period.end))
        elif post.doctor_id is None:
            self.assign()
        else:
            self.edit_post()

    def new_post(self, template: m.InstitutionPost | None = None) -> None:
        if self.context.read_only:
            return
        if not isinstance(template, m.InstitutionPost):
            row, period = self._cell()
            template = None
            if row is not None and period is not None:
                template = m.InstitutionPost(institution=row.institution,
                                             department=row.department,
                                             period_start=period.start, period_end=period.end)
        dialog = PostDialog(self.context, template, self)
        if dialog.exec() and dialog.saved:
            self.select_post(dialog.saved.id)

    def edit_post(self) -> None:
        post = self.selected_post()
        if post is not None and not self.context.read_only:
            PostDialog(self.context, post, self).exec()

    def delete_post(self) -> None:
        post = self.selected_post()
        if post is None or self.context.read_only:
            return
        if QMessageBox.question(self, "Slett post", f"Slette posten {describe_post(post)}?") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            inst.delete_post(self.context.store, post.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Kan ikke slette", exc.message)
            return
        self.context.notify("institution_posts")

    def assign(self) -> None:
        post = self.selected_post()
        if post is None or post.doctor_id is not None or self.context.read_only:
            return
        AssignDialog(self.context, post, self.entries, self).exec()

    def unassign(self) -> None:
        post = self.selected_post()
        if post is None or post.doctor_id is None or self.context.read_only:
            return
        name = self.names.get(post.doctor_id, "")
        if QMessageBox.question(
                self, "Fjern tildeling",
                f"Fjerne {name} fra posten {describe_post(post)}? Den foreløpige "
                f"tjenesteperioden {fmt(post.period_start)}–{fmt(post.period_end)} slettes.") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            inst.unassign(self.context.store, post.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Kan ikke fjerne tildelingen", exc.message)
            return
        self.context.notify("institution_posts", "placements", "institution_requests")

    def read_allocation(self, path=None) -> None:
        """The coordinator's allocation (.xlsx) read as offers, after a preview."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from alis_desktop.errors import FileProblem
        from ui.institution.exchange_dialogs import AllocationDialog
        if self.context.read_only:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Tildeling fra koordinator", "",
                                                  "Regneark (*.xlsx)")
        if not path:
            return
        try:
            dialog = AllocationDialog(self.context, path, self)
        except (FileProblem, OSError) as exc:
            QMessageBox.warning(self, "Tildeling fra koordinator", str(exc))
            return
        dialog.exec()
