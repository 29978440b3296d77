"""Læringsarenaer: the arenas register (add, edit, archive) and the coverage matrix."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QTabWidget,
    QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import format_goal_refs
from alis_desktop.vocab import ArenaType, ServiceCategory
from db.arenas import all_coverage, arenas, set_archived
from ui.arenas.dialog import ArenaDialog
from ui.arenas.matrix import CoverageMatrixPanel
from ui.goals.catalog_tab import GoalCatalogTab
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import action_button, shortcut_action


@dataclass
class ArenaRow:
    arena: m.Arena
    coverage: dict

    @property
    def full(self) -> int:
        return sum(1 for v in self.coverage.values() if v == "full")

    @property
    def partial(self) -> int:
        return sum(1 for v in self.coverage.values() if v == "partial")

    @property
    def notation(self) -> str:
        return format_goal_refs(self.coverage)


def columns() -> list[Column]:
    return [
        Column("Navn", lambda r: r.arena.name),
        Column("Type", lambda r: ArenaType.label_of(r.arena.type)),
        Column("I kommunen", lambda r: r.arena.inside_municipality),
        Column("Mål helt", lambda r: r.full, align_right=True),
        Column("Mål delvis", lambda r: r.partial, align_right=True),
        Column("Læringsmål", lambda r: r.notation, lambda v: v if len(v) <= 60 else v[:57] + "...",
               tooltip="Slik planene skriver det"),
        Column("Tjenestekategori", lambda r: ServiceCategory.label_of(r.arena.default_category)),
        Column("Lokalisasjon", lambda r: r.arena.location),
        Column("Samarbeidspartner", lambda r: r.arena.partner),
        Column("Arkivert", lambda r: r.arena.archived),
    ]


NOTATION_COLUMN = 5


def arena_rows(store) -> list[ArenaRow]:
    by_arena: dict[int, dict] = {}
    for c in all_coverage(store):
        by_arena.setdefault(c.arena_id, {})[c.goal_code] = c.level
    return [ArenaRow(a, by_arena.get(a.id, {})) for a in arenas(store)]


class ArenasView(QWidget):
    refresh_on = frozenset({"arenas", "arena_coverage", "goal_texts"})

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)

        title = QLabel("Læringsarenaer")
        title.setObjectName("viewTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i navn, type, sted ... (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.show_archived = QCheckBox("Vis arkiverte")
        self.show_archived.toggled.connect(self._apply_filter)

        self.add_action = shortcut_action(self, "Ny læringsarena", "Ctrl+N", self.add_arena)
        self.edit_action = shortcut_action(self, "Rediger", "Ctrl+E", self.edit_arena)
        self.archive_action = shortcut_action(self, "Arkiver / gjenåpne", None,
                                              self.toggle_archived)
        self.paste_action = shortcut_action(self, "Lim inn fra planen ...", None,
                                            self.paste_plan)
        shortcut_action(self, "Søk", QKeySequence(QKeySequence.StandardKey.Find).toString(),
                        lambda: (self.search.setFocus(), self.search.selectAll()))

        bar = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.archive_action,
                       self.paste_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.search, 2)

        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit_arena())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._plan_follows())
        self.summary = QLabel()

        register = QWidget()
        reg_layout = QVBoxLayout(register)
        reg_layout.setContentsMargins(0, 6, 0, 0)
        reg_layout.addLayout(bar)
        reg_layout.addWidget(self.table, 1)
        reg_layout.addWidget(self.summary)
        self.matrix = CoverageMatrixPanel(context)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(register, "Register")
        self.tabs.addTab(self.matrix, "Dekningsmatrise")
        self.goals = GoalCatalogTab(context)
        self.tabs.addTab(self.goals, "Læringsmål")
        # The arena in the municipality's plan: conditions and activities per goal.
        from ui.plan.lists import ArenaPlanEditor
        self.plan = ArenaPlanEditor(context)
        self.tabs.addTab(self.plan, "I kommunens plan")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        context.changed.connect(lambda kinds: kinds & self.refresh_on and self.refresh())
        context.file_changed.connect(self.refresh)
        self._apply_filter(False)
        self.refresh()

    # --- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_arena()
        store = self.context.store
        rows = arena_rows(store) if store else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(NOTATION_COLUMN,
                                 min(self.table.columnWidth(NOTATION_COLUMN), 380))
        active = [r for r in rows if not r.arena.archived]
        inside = sum(1 for r in active if r.arena.inside_municipality)
        self.summary.setText(f"{len(active)} læringsarenaer i bruk, {inside} i kommunen og "
                             f"{len(active) - inside} utenfor; {len(rows) - len(active)} "
                             "arkivert.")
        if keep is not None:
            self.select_arena(keep.id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)  # Rediger works at once, as in the doctors register
        self.matrix.refresh()
        self._update_actions()

    def _apply_filter(self, show_archived: bool) -> None:
        self.proxy.set_predicate(None if show_archived else (lambda r: not r.arena.archived))

    def _plan_follows(self) -> None:
        arena = self.selected_arena()
        if arena is not None and hasattr(self, "plan"):
            self.plan.select(arena.id)

    def selected_arena(self) -> m.Arena | None:
        row = selected_object(self.table, self.model)
        return row.arena if row else None

    def select_arena(self, arena_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.arena.id == arena_id:
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    return True
        return False

    def _update_actions(self) -> None:
        writable = not self.context.read_only
        has = self.selected_arena() is not None
        self.add_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and has)
        self.archive_action.setEnabled(writable and has)
        self.paste_action.setEnabled(writable)

    # --- actions -----------------------------------------------------------------------
    def add_arena(self) -> None:
        if self.context.read_only:
            return
        dialog = ArenaDialog(self.context, None, self)
        if dialog.exec() and dialog.saved:
            self.select_arena(dialog.saved.id)

    def edit_arena(self) -> None:
        arena = self.selected_arena()
        if arena is None or self.context.read_only:
            return
        ArenaDialog(self.context, arena, self).exec()

    def paste_plan(self) -> None:
        """The plan's arena table pasted as written (issue 17)."""
        from ui.arenas.plan_paste import PlanPasteDialog
        if self.context.read_only:
            return
        PlanPasteDialog(self.context, self).exec()

    def toggle_archived(self) -> None:
        arena = self.selected_arena()
        if arena is None or self.context.read_only:
            return
        try:
            set_archived(self.context.store, arena, not arena.archived)
        except ValidationError as exc:
            QMessageBox.warning(self, "Læringsarena", exc.message)
            return
        self.context.notify("arenas")
