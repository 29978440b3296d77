"""Aktiviteter: a doctor's learning activities (courses, on-call shifts, joint consultations,
practice visits, group supervision, teaching, procedures ...), filterable, with the counts
the plans ask for at the foot."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QTableView, QToolButton, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.activities import (
    activity_counts, counts_toward_on_call, goals_text, summary_text,
)
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import ActivityKind
from db.activities import activities_of, delete_activities
from ui.activities.dialog import ActivityDialog, RepeatDialog
from ui.table_model import Column, FilterProxy, RecordTableModel, number

ALL_KINDS = "Alle typer"
SHORT_SHIFT = "#fbefc4"


def _what(a: m.Activity) -> str:
    if a.course_code and a.title:
        return f"{a.course_code}: {a.title}"
    return a.course_code or a.title


def columns() -> list[Column]:
    def shift_colour(a):
        if a.kind == ActivityKind.ON_CALL.value and not counts_toward_on_call(a):
            return SHORT_SHIFT
        return None
    return [
        Column("Dato", lambda a: a.date),
        Column("Til", lambda a: a.end_date),
        Column("Type", lambda a: ActivityKind.label_of(a.kind)),
        Column("Kurs / tema", _what),
        Column("Timer", lambda a: a.hours, lambda v: number(v, 1) if v is not None else "",
               align_right=True, colour=shift_colour,
               tooltip="Gule vakter teller ikke mot de 40 (under 6 timer eller på dagtid)"),
        Column("Utenom kontortid", lambda a: a.out_of_hours if a.kind == ActivityKind.ON_CALL.value else None,
               lambda v: "" if v is None else ("Ja" if v else "Nei")),
        Column("Læringsmål", lambda a: goals_text(a.goals)),
        Column("Signert av", lambda a: a.signed_by),
        Column("Merknad", lambda a: a.note),
    ]


class ActivitiesTab(QWidget):
    KINDS = frozenset({"activities", "doctors"})

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.model = RecordTableModel(columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(ALL_KINDS, "")
        for code, label in ActivityKind.choices():
            self.kind_filter.addItem(label, code)
        self.kind_filter.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i kurs, tema, signatur ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        # Shortcuts of their own: Ctrl+N / Ctrl+E belong to the doctors table above.
        self.add_action = self._action("Ny aktivitet ...", "Ctrl+Shift+N", self.add_activity)
        self.repeat_action = self._action("Flere like ...", "Ctrl+Shift+R", self.add_repeated)
        self.edit_action = self._action("Rediger ...", None, self.edit_activity)
        self.delete_action = self._action("Slett", None, self.delete_selected)

        bar = QHBoxLayout()
        for action in (self.add_action, self.repeat_action, self.edit_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.search, 2)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.edit_activity())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        context.changed.connect(lambda kinds: kinds & self.KINDS and self.refresh())
        context.file_changed.connect(self.refresh)
        self._update_actions()

    def _action(self, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} ({shortcut})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        rows = activities_of(store, self.doctor_id) if store and self.doctor_id else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), 260))
        self.summary.setText(summary_text(activity_counts(rows, date.today()))
                             if self.doctor_id else "Velg en lege i tabellen.")
        self._update_actions()

    def _apply_filter(self) -> None:
        kind = self.kind_filter.currentData()
        self.proxy.set_predicate((lambda a: a.kind == kind) if kind else None)

    def selected(self) -> list[m.Activity]:
        return [self.model.row_object(self.proxy.mapToSource(r).row())
                for r in self.table.selectionModel().selectedRows()]

    def _update_actions(self) -> None:
        writable = not self.context.read_only and self.doctor_id is not None
        chosen = self.selected()
        self.add_action.setEnabled(writable)
        self.repeat_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and len(chosen) == 1)
        self.delete_action.setEnabled(writable and bool(chosen))

    # --- actions -----------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_activity(self) -> ActivityDialog | None:
        if self.doctor_id is None or self.context.read_only:
            return None
        kind = self.kind_filter.currentData() or ActivityKind.COURSE.value
        return self._open(ActivityDialog(self.context, m.Activity(doctor_id=self.doctor_id,
                                                                  kind=kind), self))

    def add_repeated(self) -> RepeatDialog | None:
        if self.doctor_id is None or self.context.read_only:
            return None
        return self._open(RepeatDialog(self.context, self.doctor_id, self))

    def edit_activity(self) -> ActivityDialog | None:
        chosen = self.selected()
        if len(chosen) != 1 or self.context.read_only:
            return None
        return self._open(ActivityDialog(self.context, chosen[0], self))

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen or self.context.read_only:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Slett aktiviteter",
                          f"Slette {len(chosen)} aktivitet(er)?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText("Slett")
        box.button(QMessageBox.StandardButton.No).setText("Avbryt")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        self.delete(chosen)

    def delete(self, chosen: list[m.Activity]) -> None:
        try:
            delete_activities(self.context.store, [a.id for a in chosen])
        except ValidationError as exc:
            QMessageBox.warning(self, "Aktiviteter", exc.message)
            return
        self.context.notify("activities")
