"""A doctor's goals at a glance: the 88 ALM goals and the FKM goals as a grid of small
squares coloured by status. Painted by hand (no chart library), reusable in the goals tab,
the overview and the meeting screen. Hover shows the goal; a click emits its code."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from alis_desktop.vocab import GoalState

# Status colours, light to dark so the grid also reads in grey scale.
STATE_COLOURS = {
    GoalState.NOT_STARTED.value: "#e4e8ee",
    GoalState.IN_PROGRESS.value: "#f3cf63",
    GoalState.SUBMITTED.value: "#6fa3dc",
    GoalState.APPROVED.value: "#2e7d32",
}
LABEL_WIDTH = 108
LEGEND_HEIGHT = 22
GAP = 3


@dataclass(frozen=True)
class HeatCell:
    code: str
    state: str
    title: str = ""


class GoalHeatmap(QWidget):
    """set_goals([HeatCell, ...]); the families (ALM, FKM ...) each start a new row block."""

    goal_clicked = Signal(str)

    def __init__(self, parent=None, *, columns: int = 22, max_cell: int = 26):
        super().__init__(parent)
        self.columns = columns
        self.max_cell = max_cell
        self.cells: list[HeatCell] = []
        self._rects: list[tuple[QRect, HeatCell]] = []
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # smaller squares in a narrow window, no blank band
        self.setSizePolicy(policy)

    # --- data ----------------------------------------------------------------------------
    def set_goals(self, cells) -> None:
        self.cells = list(cells)
        self.updateGeometry()
        self.update()

    def families(self) -> list[tuple[str, list[HeatCell]]]:
        out: dict[str, list[HeatCell]] = {}
        for c in self.cells:
            out.setdefault(c.code.split("-")[0], []).append(c)
        return list(out.items())

    def _rows(self) -> int:
        return sum(-(-len(cells) // self.columns) for _, cells in self.families())

    # --- geometry ------------------------------------------------------------------------
    def cell_size(self) -> int:
        width = max(self.width(), LABEL_WIDTH + self.columns * 8)
        return max(8, min(self.max_cell, (width - LABEL_WIDTH) // self.columns - GAP))

    def sizeHint(self) -> QSize:
        cell = self.max_cell
        blocks = len(self.families())
        height = self._rows() * (cell + GAP) + blocks * 6 + LEGEND_HEIGHT + 4
        return QSize(LABEL_WIDTH + self.columns * (cell + GAP), height)

    def minimumSizeHint(self) -> QSize:
        blocks = len(self.families())
        return QSize(LABEL_WIDTH + self.columns * 11,
                     self._rows() * 11 + blocks * 6 + LEGEND_HEIGHT + 4)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        cell = max(8, min(self.max_cell, (width - LABEL_WIDTH) // self.columns - GAP))
        return self._rows() * (cell + GAP) + len(self.families()) * 6 + LEGEND_HEIGHT + 4

    def _layout(self) -> list[tuple[QRect, HeatCell]]:
        cell = self.cell_size()
        rects = []
        y = 2
        for _family, cells in self.families():
            for i, c in enumerate(cells):
                row, col = divmod(i, self.columns)
                rects.append((QRect(LABEL_WIDTH + col * (cell + GAP), y + row * (cell + GAP),
                                    cell, cell), c))
            y += -(-len(cells) // self.columns) * (cell + GAP) + 6
        return rects

    def cell_at(self, pos: QPoint) -> HeatCell | None:
        for rect, c in self._rects or self._layout():
            if rect.contains(pos):
                return c
        return None

    def rect_of(self, code: str) -> QRect | None:
        for rect, c in self._layout():
            if c.code == code:
                return rect
        return None

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        self._rects = self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        cell = self.cell_size()
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, cell * 0.32))
        label_font = QFont(self.font())
        label_font.setBold(True)
        y = 2
        for family, cells in self.families():
            done = sum(1 for c in cells if c.state == GoalState.APPROVED.value)
            painter.setFont(label_font)
            painter.setPen(QColor("#1f3a5f"))
            painter.drawText(QRect(0, y, LABEL_WIDTH - 6, cell), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, f"{family} {done}/{len(cells)}")
            y += -(-len(cells) // self.columns) * (cell + GAP) + 6
        painter.setFont(small)
        for rect, c in self._rects:
            colour = QColor(STATE_COLOURS.get(c.state, "#e4e8ee"))
            painter.fillRect(rect, colour)
            painter.setPen(QPen(colour.darker(125), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            if cell >= 16:
                painter.setPen(QColor("white") if colour.lightness() < 140 else QColor("#333"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(c.code[-3:])))
        self._paint_legend(painter, y)
        painter.end()

    def _paint_legend(self, painter: QPainter, y: int) -> None:
        painter.setFont(self.font())
        x = LABEL_WIDTH
        for state in GoalState:
            painter.fillRect(QRect(x, y + 5, 12, 12), QColor(STATE_COLOURS[state.value]))
            painter.setPen(QColor("#333"))
            text_width = painter.fontMetrics().horizontalAdvance(state.label)
            painter.drawText(QRect(x + 16, y, text_width + 4, LEGEND_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter, state.label)
            x += 16 + text_width + 18

    # --- interaction ---------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        c = self.cell_at(event.position().toPoint())
        if c is None:
            QToolTip.hideText()
        else:
            label = GoalState.label_of(c.state)
            text = f"{c.code}: {c.title}\n{label}" if c.title and c.title != c.code \
                else f"{c.code}\n{label}"
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            c = self.cell_at(event.position().toPoint())
            if c is not None:
                self.goal_clicked.emit(c.code)
        super().mousePressEvent(event)
