"""Tjeneste: the doctor's placements and absences, edited in place, over the timeline of
her training (drawn once per change, not per repaint)."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
    QSplitter, QVBoxLayout, QWidget,
)

from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.service_time import awaiting_confirmation, period_text
from alis_desktop.vocab import LeaveKind, PlacementStatus, ServiceCategory, COUNTING_LEAVE
from ui.service.dialogs import LeaveDialog, PlacementDialog
from ui.table_model import Column, RecordTableModel, number, record_table, selected_object

AMBER = "#fff3cd"
UNCONFIRMED_TIP = "Foreløpig, men har startet: bekreft som avtalt for at den skal telle."
WATCHED = frozenset({"placements", "leaves", "doctors", "arenas", "activities",
                     "supervision_sessions", "goal_statuses", "meetings", "rule_deviations"})


class _EditableTable(QGroupBox):
    """A titled table with Ny / Rediger / Slett buttons."""

    def __init__(self, title: str, columns: list[Column], parent=None):
        super().__init__(title, parent)
        self.model = RecordTableModel(columns, self)
        self.table, self.proxy = record_table(self.model, self, alternating=False)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.add_button = QPushButton("Ny ...")
        self.edit_button = QPushButton("Rediger ...")
        self.delete_button = QPushButton("Slett")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def selected(self):
        return selected_object(self.table, self.model)

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()


class ServiceTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.doctor = None
        self.arena_names: dict[int, str] = {}
        self.canvas = None
        self.chart_box = QVBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.unconfirmed: list = []
        # Pencilled-in periods that have started: never counted silently, put to the leader.
        self.confirm_box = QFrame()
        self.confirm_box.setStyleSheet(f"QFrame {{ background: {AMBER}; border-radius: 4px; }}")
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_button = QPushButton("Bekreft som avtalt")
        self.confirm_button.setToolTip("Perioden teller fra første dag når den er avtalt.")
        self.confirm_button.clicked.connect(self.confirm_started)
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.addWidget(self.confirm_text, 1)
        confirm_row.addWidget(self.confirm_button)
        self.confirm_box.hide()

        self.placements = _EditableTable("Tjenesteperioder", [
            Column("Arena", lambda p: self.arena_names.get(p.arena_id, "")),
            Column("Fra", lambda p: p.start_date),
            Column("Til", lambda p: p.end_date),
            Column("Kategori", lambda p: ServiceCategory.label_of(p.category)),
            Column("Stilling", lambda p: p.position_pct, lambda v: f"{v:g} %", align_right=True),
            Column("Status", lambda p: PlacementStatus.label_of(p.status),
                   colour=lambda p: AMBER if p in self.unconfirmed else None,
                   tooltip=lambda p: UNCONFIRMED_TIP if p in self.unconfirmed else None),
            Column("Avdeling", lambda p: p.department),
        ])
        self.leaves = _EditableTable("Fravær og permisjoner", [
            Column("Type", lambda lv: LeaveKind.label_of(lv.kind)),
            Column("Fra", lambda lv: lv.start_date),
            Column("Til", lambda lv: lv.end_date),
            Column("Andel", lambda lv: lv.pct, lambda v: f"{v:g} %", align_right=True),
            Column("Teller som tjeneste", lambda lv: lv.kind in COUNTING_LEAVE),
        ])
        self.placements.add_button.clicked.connect(self.add_placement)
        self.placements.edit_button.clicked.connect(self.edit_placement)
        self.placements.delete_button.clicked.connect(
            lambda: self._delete("placements", self.placements.selected(), "tjenesteperioden"))
        self.placements.table.doubleClicked.connect(lambda _: self.edit_placement())
        self.leaves.add_button.clicked.connect(self.add_leave)
        self.leaves.edit_button.clicked.connect(self.edit_leave)
        self.leaves.delete_button.clicked.connect(
            lambda: self._delete("leaves", self.leaves.selected(), "fraværet"))
        self.leaves.table.doubleClicked.connect(lambda _: self.edit_leave())

        tables = QSplitter()
        tables.addWidget(self.placements)
        tables.addWidget(self.leaves)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.confirm_box)
        layout.addLayout(self.chart_box, 3)
        layout.addWidget(tables, 2)
        context.changed.connect(lambda kinds: kinds & WATCHED and self.refresh())

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None or self.doctor_id is None:
            self.placements.set_rows([])
            self.leaves.set_rows([])
            self.summary.setText("")
            self.unconfirmed = []
            self.confirm_box.hide()
            return
        self.doctor = store.get("doctors", self.doctor_id)
        self.arena_names = {a.id: a.name for a in store.all("arenas")}
        placements = store.for_doctor("placements", self.doctor_id, "start_date")
        leaves = store.for_doctor("leaves", self.doctor_id, "start_date")
        self.unconfirmed = awaiting_confirmation(placements, date.today())
        self.confirm_text.setText(
            f"<b>Foreløpig tjeneste har startet:</b> {period_text(self.unconfirmed)}. "
            "Den teller ikke før den er bekreftet som avtalt.")
        self.confirm_box.setVisible(bool(self.unconfirmed))
        self.placements.set_rows(placements)
        self.leaves.set_rows(leaves)
        progress = store.progress(date.today(), self.doctor_id)[self.doctor_id]
        self.summary.setText(summary_text(progress))
        self._draw(placements, leaves, progress.projected_completion)
        writable = not self.context.read_only
        self.confirm_button.setEnabled(writable)
        for box in (self.placements, self.leaves):
            for b in (box.add_button, box.edit_button, box.delete_button):
                b.setEnabled(writable)

    def _draw(self, placements, leaves, projected) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from reports.charts.timeline import timeline_figure
        fig = timeline_figure(placements, leaves, today=date.today(), projected=projected,
                              arena_names=self.arena_names)
        if self.canvas is not None:
            self.chart_box.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = FigureCanvasQTAgg(fig)
        self.canvas.setMinimumHeight(220)
        self.chart_box.addWidget(self.canvas)

    # --- editing -----------------------------------------------------------------------
    def add_placement(self) -> None:
        if self.doctor is not None and not self.context.read_only:
            PlacementDialog(self.context, self.doctor, None, self).exec()

    def edit_placement(self) -> None:
        p = self.placements.selected()
        if p is not None and not self.context.read_only:
            PlacementDialog(self.context, self.doctor, p, self).exec()

    def add_leave(self) -> None:
        if self.doctor is not None and not self.context.read_only:
            LeaveDialog(self.context, self.doctor, None, self).exec()

    def edit_leave(self) -> None:
        lv = self.leaves.selected()
        if lv is not None and not self.context.read_only:
            LeaveDialog(self.context, self.doctor, lv, self).exec()

    def confirm_started(self) -> None:
        """Every pencilled-in period that has started becomes agreed, in one transaction."""
        if not self.unconfirmed or self.context.read_only:
            return
        try:
            with self.context.step("bekreftelse av tjenesteperioder"):
                for p in self.unconfirmed:
                    self.context.save(
                        dataclasses.replace(p, status=PlacementStatus.AGREED.value),
                        detail=f"Bekreftet som avtalt: {period_text([p])}")
        except (ValidationError, FileProblem) as exc:
            QMessageBox.warning(self, "Kan ikke bekrefte", str(getattr(exc, "message", exc)))

    def _delete(self, kind: str, record, what: str) -> None:
        if record is None or self.context.read_only:
            return
        answer = QMessageBox.question(self, "Slett", f"Slette {what}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.context.delete(kind, record.id, reason=f"slettet {what}")
        except ValidationError as exc:
            QMessageBox.warning(self, "Kan ikke slette", exc.message)


def summary_text(progress) -> str:
    months = progress.months_by_category
    years = progress.counted_months / 12
    when = progress.projected_completion.strftime("%d.%m.%Y") if progress.projected_completion \
        else "kan ikke beregnes"
    parts = [f"<b>Tellende tjeneste:</b> {number(years, 2)} år ({number(progress.pct_complete, 0)} %)",
             f"<b>Beregnet ferdig:</b> {when}"]
    cats = ", ".join(f"{ServiceCategory.label_of(k).lower()} {number(v, 1)} mnd"
                     for k, v in months.items() if v > 0)
    text = " &nbsp;·&nbsp; ".join(parts)
    if cats:
        text += f"<br><span style='color:#555'>{cats}</span>"
    if not progress.projected_completion and progress.projection_note:
        text += f"<br><span style='color:#b71c1c'>{progress.projection_note}</span>"
    return text
