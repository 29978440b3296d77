"""Status: every doctor's supervision this month, this training year and in total against the
target, flagged when behind or without sessions; below, this year's hours for all doctors
against the target as a chart."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout,
    QWidget,
)

from alis_desktop.supervision import (
    DoctorSupervision, doctor_supervision, in_training, load_rules, service_weights, target_hours,
)
from db import supervision as dbs
from ui.supervision.common import (
    ChartCanvas, hours, sorted_table, target, today,
)
from ui.table_model import Column, RecordTableModel, selected_object

SHOW = ["I utdanning", "Alle leger"]


@dataclass
class StatusRow:
    status: DoctorSupervision
    supervisor: str
    calendar_held: float
    calendar_target: float


def status_rows(store, on) -> list[StatusRow]:
    rules = load_rules()
    names = {s.id: s.name for s in store.all("supervisors")}
    rows = []
    for item in dbs.inputs(store).values():
        status = doctor_supervision(item.doctor, item.placements, item.leaves,
                                    item.supervision_sessions, item.supervisor_assignments, on,
                                    rules)
        weights = service_weights(item.doctor, item.placements, item.leaves, on, rules)
        start = on.replace(month=1, day=1)
        held = sum(s.hours for s in item.supervision_sessions
                   if not s.planned and start <= s.date <= on)
        rows.append(StatusRow(status, names.get(status.supervisor_id, ""), held,
                              target_hours(weights, start, on, rules)))
    return rows


SHORT_FLAGS = {"behind": "Etter målet", "gap": "Lenge siden veiledning",
               "no_supervisor": "Ingen veileder"}


def _of(held: float, goal: float) -> str:
    return f"{hours(held)} av {target(goal).removesuffix(' t')}"


def _deviation_colour(row: StatusRow) -> str | None:
    if any(f.code == "behind" for f in row.status.flags):
        return "#f6d5d5"
    return "#d7ecd9" if row.status.total_target and row.status.behind_hours <= 0 else None


def columns() -> list[Column]:
    return [
        Column("Lege", lambda r: r.status.doctor.name),
        Column("Veileder", lambda r: r.supervisor),
        Column("Denne måneden", lambda r: r.status.month_held, align_right=True,
               tooltip="Timer holdt i måneden mot målet for hele måneden"),
        Column("Utdanningsår", lambda r: r.status.year_held, align_right=True,
               tooltip="Timer i utdanningsåret (fra årsdagen for start) mot målet hittil"),
        Column("Totalt", lambda r: r.status.total_held, align_right=True,
               tooltip="Timer siden start mot målet hittil"),
        Column("Avvik", lambda r: -r.status.behind_hours, align_right=True,
               colour=_deviation_colour, tooltip="Timer holdt minus målet hittil"),
        Column("Siste veiledning", lambda r: r.status.last_session),
        Column("Neste planlagt", lambda r: r.status.next_planned),
        Column("Flagg", lambda r: ", ".join(SHORT_FLAGS.get(f.code, f.code)
                                            for f in r.status.flags),
               colour=lambda r: "#f6d5d5" if r.status.flags else None),
    ]


class _StatusModel(RecordTableModel):
    """Shows 'held av target' in the figure columns while sorting by the hours held."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            r = self.rows[index.row()]
            s = r.status
            col = index.column()
            if col == 2:
                return _of(s.month_held, s.month_target)
            if col == 3:
                return f"år {s.year_number}: {_of(s.year_held, s.year_target)}" if \
                    s.year_number else "–"
            if col == 4:
                return _of(s.total_held, s.total_target)
            if col == 5:
                value = -s.behind_hours
                return ("+" if value >= 0.05 else "") + target(value)
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 8:
            return self.rows[index.row()].status.flag_text() or None
        return super().data(index, role)


def chart_height(doctors: int) -> int:
    """Pixels for the overview chart: room for each doctor's name, plus the axis."""
    return max(150, 90 + 24 * doctors)


class StatusTab(QWidget):
    doctor_activated = Signal(int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = _StatusModel(columns(), self)
        self.show_choice = QComboBox()
        self.show_choice.addItems(SHOW)
        self.only_flagged = QCheckBox("Bare de som er flagget")
        self.show_choice.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.only_flagged.toggled.connect(lambda _: self._apply_filter())
        self.table, self.proxy = sorted_table(self.model, self)
        self.table.doubleClicked.connect(self._activated)
        self.rules_label = QLabel()
        self.rules_label.setStyleSheet("color: #555;")
        self.rules_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.chart = ChartCanvas(height=150)
        # One bar per doctor needs its own line of text: the chart grows with the number
        # of doctors and scrolls inside its pane instead of squeezing the names together.
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_area.setWidget(self.chart)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(QLabel("Vis:"))
        bar.addWidget(self.show_choice)
        bar.addWidget(self.only_flagged)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.rules_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.chart_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 340])  # the chart starts with room for a dozen doctors
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._dirty_chart = True
        context.changed.connect(lambda kinds: kinds & {
            "supervision_sessions", "supervisor_assignments", "supervisors", "doctors",
            "placements", "leaves"} and self.refresh())
        context.file_changed.connect(self.refresh)
        self._apply_filter()
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        on = today()
        rows = status_rows(store, on) if store else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self._apply_filter()
        rules = load_rules()
        active = [r for r in rows if in_training(r.status.doctor, on)]
        flagged = sum(1 for r in active if r.status.flags)
        self.summary.setText(f"{len(active)} leger i utdanning · {flagged} flagget")
        months = f"{rules.months_per_year:g}".replace(".", ",")
        self.rules_label.setText(
            f"Mål: {hours(rules.hours_per_month)} per måned i {months} "
            f"måneder i året = {hours(rules.monthly_target)} per tjenestemåned "
            f"({hours(rules.yearly_target)} i året), "
            + ("skalert med stillingsprosent" if rules.scale_with_position
               else "uavhengig av stillingsprosent")
            + f". Flagg: mer enn {hours(rules.tolerance_hours)} etter målet, eller ingen "
            f"veiledning de siste {rules.gap_weeks} ukene i tjeneste.")
        self._dirty_chart = True
        if self.isVisible():
            self.draw_chart()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty_chart:
            self.draw_chart()

    def draw_chart(self) -> None:
        """This calendar year's hours against the target up to today, doctors in training."""
        from reports.charts.supervision import YearBar, overview_chart
        on = today()
        bars = [YearBar(r.status.doctor.name, r.calendar_held, r.calendar_target,
                        any(f.code == "behind" for f in r.status.flags))
                for r in sorted(self.model.rows, key=lambda r: r.status.doctor.name)
                if in_training(r.status.doctor, on)]
        self.chart.setMinimumHeight(chart_height(len(bars)))
        self.chart.draw(overview_chart, bars, on.year)
        self._dirty_chart = False

    def _apply_filter(self) -> None:
        on = today()
        everyone = self.show_choice.currentText() == "Alle leger"
        flagged = self.only_flagged.isChecked()
        self.proxy.set_predicate(lambda r: (everyone or in_training(r.status.doctor, on))
                                 and (not flagged or bool(r.status.flags)))

    def _activated(self, _index) -> None:
        row = selected_object(self.table, self.model)
        if row is not None:
            self.doctor_activated.emit(row.status.doctor.id)
