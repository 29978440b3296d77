"""Aktiviteter: a doctor's learning activities (courses, on-call shifts, joint consultations,
practice visits, group supervision, teaching, procedures ...), filterable, with the counts
the plans ask for at the foot."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.activities import (
    activity_requirements, counts_toward_on_call, goals_text, summary_lines,
)
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import ActivityKind
from db.activities import activities_of, delete_activities
from db.progress import progress_for
from ui.activities.dialog import ActivityDialog, RepeatDialog
from ui.table_model import Column, RecordTableModel, number, record_table
from ui.widgets import action_button, shortcut_action

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
        Column("Utenom kontortid",
               lambda a: a.out_of_hours if a.kind == ActivityKind.ON_CALL.value else None,
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
        self.table, self.proxy = record_table(self.model, self, single=False)
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
        self.add_action = shortcut_action(self, "Ny aktivitet ...", "Ctrl+Shift+N",
                                          self.add_activity)
        self.repeat_action = shortcut_action(self, "Flere like ...", "Ctrl+Shift+R",
                                             self.add_repeated)
        self.edit_action = shortcut_action(self, "Rediger ...", None, self.edit_activity)
        self.delete_action = shortcut_action(self, "Slett", None, self.delete_selected)

        bar = QHBoxLayout()
        for action in (self.add_action, self.repeat_action, self.edit_action, self.delete_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.search, 2)

        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit_activity())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        context.changed.connect(lambda kinds: kinds & self.KINDS and self.refresh())
        context.file_changed.connect(self.refresh)
        self._update_actions()

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        rows = activities_of(store, self.doctor_id) if store and self.doctor_id else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), 260))
        self.summary.setText(self._summary(rows) if rows is not None and self.doctor_id
                             else "Velg en lege i tabellen.")
        self._update_actions()

    def _summary(self, rows) -> str:
        """The activity requirements as the rules engine counts them, met ones in green."""
        today = date.today()
        store = self.context.store
        progress = progress_for(store, today, self.doctor_id).get(self.doctor_id)
        if progress is None:
            return ""
        regime = store.get("doctors", self.doctor_id).regime
        lines = summary_lines(activity_requirements(progress, regime=regime), rows, today)
        cells = [f"<td style='padding-right:18px;color:{'#2e7d32' if met else '#333'}'>"
                 f"{'✓' if met else '•'} {escape(text)}</td>" for text, met in lines]
        half = (len(cells) + 1) // 2  # two columns, so the log keeps its height
        body = "".join(f"<tr>{left}{right}</tr>" for left, right in
                       zip(cells[:half], cells[half:] + [""]))
        return f"<table>{body}</table>"

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
        self.context.notify("activities", doctors={a.doctor_id for a in chosen})
