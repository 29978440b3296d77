"""Læringsmål: the goal catalog as the program uses it (ALM and each FKM version), where the
leader can reword one goal's theme and text, or go back to Helsedirektoratet's wording.
Goal statuses and arena coverage are keyed by code, so they follow the new wording."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout,
    QWidget,
)

from alis_desktop.catalog import Goal, catalog, shipped_goal, versions
from alis_desktop.errors import ValidationError
from alis_desktop.models import ALM_CATALOG, FKM_CURRENT
from db.goals import goal_texts, reset_goal_text, save_goal_text
from ui.forms import FormDialog
from ui.goals.untitled import MISSING_TIP, UntitledNote
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import action_button, shortcut_action


@dataclass
class CatalogRow:
    goal: Goal
    edited: bool          # the file holds the leader's (or an imported) wording
    shipped: Goal | None  # Helsedirektoratet's wording, when the program ships this goal


def catalog_rows(store, catalog_version: str) -> list[CatalogRow]:
    overrides = goal_texts(store)
    own = {(o.catalog_version, o.code) for o in overrides}
    fkm = catalog_version if catalog_version != ALM_CATALOG else FKM_CURRENT
    goals = [g for g in catalog(overrides, fkm) if g.catalog_version == catalog_version]
    return [CatalogRow(g, (g.catalog_version, g.code) in own,
                       shipped_goal(g.catalog_version, g.code)) for g in goals]


def columns() -> list[Column]:
    return [
        Column("Kode", lambda r: r.goal.code),
        Column("Tema", lambda r: r.goal.theme),
        Column("Tekst", lambda r: "(mangler tekst)" if r.goal.untitled else r.goal.text,
               lambda v: v if len(v) <= 110 else v[:107] + "...",
               tooltip=lambda r: MISSING_TIP if r.goal.untitled else r.goal.text),
        Column("Egen tekst", lambda r: "Ja" if r.edited else "",
               tooltip=lambda r: "Teksten er endret eller importert i denne filen"
               if r.edited else "Helsedirektoratets tekst"),
    ]


class GoalCatalogTab(QWidget):
    refresh_on = frozenset({"goal_texts"})

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        self.version = QComboBox()
        self.version.currentIndexChanged.connect(lambda _: self.refresh())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i kode, tema og tekst ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.search_goals)
        # Enter edits from the table only, not from the search field.
        self.edit_action = shortcut_action(self.table, "Rediger tekst ...", "Return",
                                           self.edit)
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.reset_action = shortcut_action(self, "Tilbake til Helsedirektoratets tekst",
                                            None, self.reset)
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Katalog:"))
        bar.addWidget(self.version)
        for action in (self.edit_action, self.reset_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.search, 2)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        self.untitled = UntitledNote()
        layout.addWidget(self.untitled)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        context.changed.connect(lambda kinds: kinds & self.refresh_on and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        keep = self.selected()
        self._fill_versions()
        rows = catalog_rows(store, self.version.currentText()) if store else []
        self.model.set_rows(rows)
        self.untitled.set_goals(r.goal for r in rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 640))
        own = sum(r.edited for r in rows)
        self.summary.setText(f"{len(rows)} læringsmål i {self.version.currentText()}"
                             + (f", {own} med egen tekst i denne filen." if own else "."))
        if keep is not None:
            self.select(keep.goal.code)
        self._update_actions()

    def _fill_versions(self) -> None:
        store = self.context.store
        wanted = [ALM_CATALOG] + (versions(goal_texts(store)) if store else [])
        current = self.version.currentText()
        if [self.version.itemText(i) for i in range(self.version.count())] != wanted:
            self.version.blockSignals(True)
            self.version.clear()
            self.version.addItems(wanted)
            self.version.setCurrentIndex(max(0, self.version.findText(current)))
            self.version.blockSignals(False)

    def selected(self) -> CatalogRow | None:
        return selected_object(self.table, self.model)

    def select(self, code: str) -> None:
        for row, item in enumerate(self.model.rows):
            if item.goal.code == code:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                return

    def _update_actions(self) -> None:
        row = self.selected()
        writable = not self.context.read_only
        self.edit_action.setEnabled(writable and row is not None)
        self.reset_action.setEnabled(writable and row is not None and row.edited
                                     and row.shipped is not None)

    def edit(self) -> GoalTextDialog | None:
        row = self.selected()
        if row is None or self.context.read_only:
            return None
        dialog = GoalTextDialog(self.context, row, self)
        dialog.exec()
        return dialog

    def reset(self) -> None:
        row = self.selected()
        if row is None or self.context.read_only or not row.edited:
            return
        answer = QMessageBox.question(
            self, "Tilbake til Helsedirektoratets tekst",
            f"Erstatte teksten til {row.goal.code} med Helsedirektoratets tekst?")
        if answer == QMessageBox.StandardButton.Yes:
            self.reset_row(row)

    def reset_row(self, row: CatalogRow) -> None:
        try:
            reset_goal_text(self.context.store, row.goal.catalog_version, row.goal.code)
        except ValidationError as exc:
            QMessageBox.warning(self, "Læringsmål", exc.message)
            return
        self.context.notify("goal_texts")


class GoalTextDialog(FormDialog):
    """Theme and text of one goal; Helsedirektoratet's wording shown under it."""

    def __init__(self, context, row: CatalogRow, parent=None):
        super().__init__(f"Læringsmål {row.goal.code}", parent)
        self.context = context
        self.row = row
        self.saved = None
        self.add("theme", "Tema", QLineEdit(row.goal.theme))
        text = self.add("text", "Tekst", QPlainTextEdit(row.goal.text))
        text.setMinimumSize(520, 120)
        original = QLabel(self._original_text(row))
        original.setWordWrap(True)
        original.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        original.setStyleSheet("color: #555;")
        self.lay_out("Lagre", after_form=[original])

    @staticmethod
    def _original_text(row: CatalogRow) -> str:
        from xml.sax.saxutils import escape
        shipped = row.shipped
        if shipped is None:
            return "Målet finnes bare som importert tekst i denne filen."
        if not (shipped.theme or shipped.text):
            return ("Programmet har ikke Helsedirektoratets tekst til dette målet. Skriv den "
                    "her, eller importer den offisielle listen (Fil → Importer læringsmål).")
        wording = " – ".join(escape(x) for x in (shipped.theme, shipped.text) if x)
        return f"<b>Helsedirektoratets tekst:</b> {wording}"

    def accept(self) -> None:
        goal = self.row.goal
        try:
            self.saved = save_goal_text(self.context.store, goal.catalog_version, goal.code,
                                        self.fields["theme"].text(),
                                        self.fields["text"].toPlainText())
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("goal_texts")
        super().accept()
