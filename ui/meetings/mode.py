"""Møtemodus: one doctor on the shared screen, in large type, paged with PgUp/PgDn and left
with Esc. Pages: status at a glance, the timeline, requirement progress, supervision hours,
learning goals, open actions, and the draft minutes (saved as they are typed)."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QHeaderView, QLabel, QPlainTextEdit, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.dates import add_months, fmt, years_months
from alis_desktop.meetings import default_next_date
from alis_desktop.vocab import GoalState, MeetingKind
from ui.service.requirements_tab import PROGRESS_COLUMN, ProgressDelegate, columns
from ui.table_model import Column, RecordTableModel, number

STYLE = """
QWidget#meetingMode { background: #f7f9fc; }
QLabel { font-size: 20pt; color: #1f2933; }
QLabel#pageTitle { font-size: 30pt; font-weight: 600; color: #1f3a5f; }
QLabel#bigValue { font-size: 40pt; font-weight: 700; color: #1f3a5f; }
QLabel#caption { font-size: 16pt; color: #52606d; }
QLabel#footer { font-size: 12pt; color: #7b8794; }
QTableView { font-size: 16pt; }
QHeaderView::section { font-size: 15pt; }
QPlainTextEdit { font-size: 18pt; }
"""
PAGES = ["Status", "Tidslinje", "Krav", "Veiledning", "Læringsmål", "Tiltak", "Referat"]
SAVE_DELAY_MS = 800


def _big_table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setDefaultSectionSize(40)
    return table


class MeetingMode(QWidget):
    page_changed = Signal(int)

    def __init__(self, context, doctor_id: int, parent=None, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("meetingMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.context = context
        self.doctor_id = doctor_id
        self.today = today or date.today()
        store = context.store
        self.doctor = store.get("doctors", doctor_id)
        self.bundle = store.bundles(doctor_id)[doctor_id]
        self.progress = store.progress(self.today, doctor_id)[doctor_id]
        self.setWindowTitle(f"Møtemodus – {self.doctor.name}")

        self.stack = QStackedWidget()
        for builder in (self._status_page, self._timeline_page, self._requirements_page,
                        self._supervision_page, self._goals_page, self._actions_page,
                        self._minutes_page):
            self.stack.addWidget(builder())
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 16)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_minutes)
        self.show_page(0)

    # --- paging ------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(index)
        self.footer.setText(f"{self.doctor.name} · side {index + 1} av {self.stack.count()}: "
                            f"{PAGES[index]} · PgDn/PgUp blar, Esc avslutter")
        if PAGES[index] == "Referat":
            self.minutes_edit.setFocus()
        else:
            self.setFocus()
        self.page_changed.emit(index)

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_PageDown:
            self.show_page(self.current_page() + 1)
        elif key == Qt.Key.Key_PageUp:
            self.show_page(self.current_page() - 1)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, obj, event):
        # The minutes editor keeps typing keys but hands paging and Esc to the mode.
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Escape):
            self.keyPressEvent(event)
            return True
        return super().eventFilter(obj, event)

    def closeEvent(self, event) -> None:
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_minutes()
        super().closeEvent(event)

    # --- pages -------------------------------------------------------------------------
    def _page(self, title: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        return page, layout

    def _status_page(self) -> QWidget:
        page, layout = self._page(self.doctor.name)
        p = self.progress
        held = [mt for mt in self.bundle.meetings if mt.held and mt.date <= self.today]
        current = [a for a in self.bundle.supervisor_assignments
                   if a.start_date <= self.today and (a.end_date is None or a.end_date >= self.today)]
        supervisors = {s.id: s.name for s in self.context.store.all("supervisors")}
        figures = [
            (years_months(p.counted_months), f"tellende tjeneste ({p.pct_complete:.0f} % av 5 år)"),
            (fmt(p.projected_completion) or "–", "beregnet ferdig"
             + ("" if p.projected_completion else f": {p.projection_note}")),
            (supervisors.get(current[-1].supervisor_id, "–") if current else "–", "veileder"),
            (fmt(held[-1].date) if held else "–", "forrige møte"),
        ]
        grid = QGridLayout()
        for i, (value, caption) in enumerate(figures):
            v = QLabel(value)
            v.setObjectName("bigValue")
            c = QLabel(caption)
            c.setObjectName("caption")
            c.setWordWrap(True)
            grid.addWidget(v, (i // 2) * 2, i % 2)
            grid.addWidget(c, (i // 2) * 2 + 1, i % 2)
        layout.addLayout(grid)
        behind = [r.label for r in p.requirements if r.status == "behind"]
        note = QLabel("Ligger etter: " + "; ".join(behind) if behind else "Ingen krav ligger etter.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _timeline_page(self) -> QWidget:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from reports.charts.timeline import timeline_figure
        page, layout = self._page("Tidslinje")
        names = {a.id: a.name for a in self.context.store.all("arenas")}
        fig = timeline_figure(self.bundle.placements, self.bundle.leaves, today=self.today,
                              projected=self.progress.projected_completion, arena_names=names,
                              size=(14, 6), large=True)
        layout.addWidget(FigureCanvasQTAgg(fig), 1)
        return page

    def _requirements_page(self) -> QWidget:
        page, layout = self._page("Fremdrift mot kravene")
        model = RecordTableModel(columns()[:7], self)
        model.set_rows(sorted(self.progress.requirements, key=lambda r: r.kind != "regulation"))
        table = _big_table(model)
        table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(table))
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(PROGRESS_COLUMN, 220)
        layout.addWidget(table, 1)
        return page

    def _supervision_page(self) -> QWidget:
        page, layout = self._page("Veiledning")
        sessions = [s for s in self.bundle.supervision_sessions if not s.planned and s.date <= self.today]
        year_ago = add_months(self.today, -12)
        total = sum(s.hours for s in sessions)
        last12 = sum(s.hours for s in sessions if s.date > year_ago)
        r = self.progress.requirement("supervision_hours")
        grid = QGridLayout()
        for i, (value, caption) in enumerate([
                (number(last12, 1, "t"), "siste 12 måneder (mål 42 t per år i tjeneste)"),
                (number(total, 1, "t"), f"totalt (mål {number(r.required, 0)} t for 5 år)")]):
            v = QLabel(value)
            v.setObjectName("bigValue")
            c = QLabel(caption)
            c.setObjectName("caption")
            grid.addWidget(v, 0, i)
            grid.addWidget(c, 1, i)
        layout.addLayout(grid)
        layout.addWidget(self._supervision_chart(sessions), 1)
        return page

    def _supervision_chart(self, sessions) -> QWidget:
        """The Veiledning view's chart: monthly hours, the target and the running totals."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from alis_desktop.supervision import doctor_supervision
        from reports.charts.supervision import doctor_chart
        b = self.bundle
        status = doctor_supervision(self.doctor, b.placements, b.leaves, sessions,
                                    b.supervisor_assignments, self.today)
        return FigureCanvasQTAgg(doctor_chart(status, months=18))

    def _goals_page(self) -> QWidget:
        from db.goals import doctor_goals
        from ui.goals.heatmap import GoalHeatmap, HeatCell
        page, layout = self._page("Læringsmål")
        view = doctor_goals(self.context.store, self.doctor_id, self.today)
        approved = [ln for ln in view.lines if ln.state == GoalState.APPROVED]
        alm = sum(1 for ln in approved if ln.goal.code.startswith("ALM"))
        fkm_total = sum(1 for ln in view.lines if ln.goal.code.startswith("FKM"))
        fkm = sum(1 for ln in approved if ln.goal.code.startswith("FKM"))
        layout.addWidget(QLabel(f"Godkjent: ALM {alm} av 88 · FKM {fkm} av {fkm_total}"))
        heatmap = GoalHeatmap(max_cell=40)
        heatmap.set_goals([HeatCell(ln.goal.code, ln.state, ln.goal.title) for ln in view.lines])
        layout.addWidget(heatmap)
        ready = [ln for ln in view.lines if ln.state == GoalState.SUBMITTED]
        model = RecordTableModel([Column("Klar til godkjenning", lambda ln: ln.goal.code),
                                  Column("Læringsmål", lambda ln: ln.goal.title)], self)
        model.set_rows(ready)
        layout.addWidget(_big_table(model), 1)
        return page

    def _actions_page(self) -> QWidget:
        page, layout = self._page("Åpne tiltak")
        model = RecordTableModel([Column("Tiltak", lambda a: a.what),
                                  Column("Ansvarlig", lambda a: a.who),
                                  Column("Frist", lambda a: a.due_date,
                                         colour=lambda a: "#f8d7da" if a.due_date and
                                         a.due_date < self.today else None)], self)
        model.set_rows([a for a in self.bundle.meeting_actions if not a.done_date])
        layout.addWidget(_big_table(model), 1)
        return page

    def _minutes_page(self) -> QWidget:
        page, layout = self._page("Referat (lagres mens du skriver)")
        self.meeting = next((mt for mt in self.bundle.meetings if mt.date == self.today), None)
        self.minutes_edit = QPlainTextEdit(self.meeting.minutes if self.meeting else "")
        self.minutes_edit.installEventFilter(self)
        self.minutes_edit.setReadOnly(self.context.read_only)
        self.minutes_edit.textChanged.connect(self._save_timer_start)
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("caption")
        layout.addWidget(self.minutes_edit, 1)
        layout.addWidget(self.saved_label)
        return page

    def _save_timer_start(self) -> None:
        self._save_timer.start()

    def save_minutes(self) -> None:
        """Write the minutes to today's meeting (created at the first keystroke)."""
        if self.context.read_only:
            return
        text = self.minutes_edit.toPlainText()
        if self.meeting is None:
            if not text.strip():
                return
            has = bool(self.bundle.meetings)
            self.meeting = m.ReviewMeeting(
                doctor_id=self.doctor_id, date=self.today, next_date=default_next_date(self.today),
                kind=(MeetingKind.HALF_YEARLY if has else MeetingKind.START).value, held=True)
        self.meeting = dataclasses.replace(self.meeting, minutes=text)
        self.meeting = self.context.save(self.meeting)
        self.saved_label.setText(f"Lagret {self.today.strftime('%d.%m.%Y')}")
