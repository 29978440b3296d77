"""Small pieces shared by the Veiledning widgets: the day the views count from, table set-up,
hour formatting, the names for combo boxes, and a lazily loaded chart canvas."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from alis_desktop.dates import fmt
from alis_desktop.supervision import in_training
from ui.table_model import Column, RecordTableModel, record_table

LEVEL_COLOURS = {"ok": None, "warn": "#fff3cd", "bad": "#f6d5d5"}
WARNING_STYLE = "color: #8a5300; font-weight: 600;"


def today() -> date:
    """The day the views count from (one place, so tests can pin it)."""
    return date.today()


def hours(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} t"


def target(value: float) -> str:
    """A computed target, to one decimal (held hours keep their quarters)."""
    return f"{value:.1f} t".replace(".", ",")


def sorted_table(model, parent=None):
    """The program's standard table (ui.table_model.record_table), sorted by the first
    column A-Z to start with."""
    table, proxy = record_table(model, parent)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return table, proxy


def assignment_history(parent, who: str, name_of):
    """Supervisor assignments as a table, newest period first; `who` heads the column of
    the other party (Lege in a supervisor's dialog, Veileder on a doctor's page)."""
    model = RecordTableModel([
        Column(who, name_of),
        Column("Fra", lambda r: r.assignment.start_date),
        Column("Til", lambda r: r.assignment.end_date, lambda v: fmt(v) if v else "nå"),
    ], parent)
    table, _ = record_table(model, parent)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    return model, table


def warning_and_status() -> tuple[QLabel, QLabel]:
    """A hidden warning line (the "save anyway" kind) and a green status line."""
    warning = QLabel()
    warning.setWordWrap(True)
    warning.setStyleSheet(WARNING_STYLE)
    warning.hide()
    status = QLabel()
    status.setStyleSheet("color: #1e8449;")
    return warning, status


def doctor_choices(store, on: date) -> list[tuple[str, int]]:
    """(label, id) for the doctors one logs supervision for: those in training first."""
    doctors = [d for d in store.all("doctors", order_by="name") if not d.archived]
    active = [(d.name, d.id) for d in doctors if in_training(d, on)]
    others = [(f"{d.name} ({d.status(on).lower()})", d.id) for d in doctors
              if not in_training(d, on)]
    return active + others


def supervisor_choices(store, include_archived: bool = False) -> list[tuple[str, int]]:
    return [(s.name, s.id) for s in store.all("supervisors", order_by="name")
            if include_archived or not s.archived]


def fill_combo(combo: QComboBox, choices: list[tuple[str, int]], *, blank: str | None = None,
               keep: int | None = None) -> None:
    current = combo.currentData() if keep is None else keep
    combo.blockSignals(True)
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for label, value in choices:
        combo.addItem(label, value)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def compact(combo: QComboBox, chars: int = 14) -> QComboBox:
    """A combo box that does not widen the window to its longest name."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class ChartCanvas(QWidget):
    """Holds a matplotlib canvas, created on the first draw (matplotlib's Qt backend costs
    about a second to import, so it is loaded only when a chart is shown)."""

    def __init__(self, parent=None, height: int = 260):
        super().__init__(parent)
        self.setMinimumHeight(height)
        self.canvas = None
        self.figure = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def draw(self, painter, *args, **kwargs) -> None:
        """`painter(*args, figure=fig, **kwargs)` draws into our figure (reports.charts_*)."""
        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
            self.figure = Figure(figsize=(8, 3), dpi=100, layout="constrained")
            self.canvas = FigureCanvasQTAgg(self.figure)
            self._layout.addWidget(self.canvas)
        painter(*args, figure=self.figure, **kwargs)
        self.canvas.draw_idle()
