"""Krav: every requirement for the doctor as a row with a progress bar; green when met, blue
when planned in the next six months, red when behind (the template's colours); regulation
rules and plan rules shown apart. A plan rule can be marked as a deliberate deviation with a
reason; a regulation rule cannot."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from ui.table_model import ROW_ROLE, Column, FilterProxy, RecordTableModel, number, selected_object

STATUS_COLOURS = {"met": "#2e7d32", "planned": "#1565c0", "behind": "#c62828",
                  "deviated": "#8d8d8d", "ok_so_far": "#5c7a99"}
KIND_LABELS = {"regulation": "Forskrift", "plan": "Plan"}
PROGRESS_COLUMN = 1
MAX_COLUMN_WIDTH = 260


def _fraction(r) -> float:
    if r.required <= 0:
        return 1.0 if r.met else 0.0
    return max(0.0, min(1.0, r.done / r.required))


class ProgressDelegate(QStyledItemDelegate):
    """A bar filled to done/required, coloured by the requirement's status."""

    def paint(self, painter: QPainter, option, index) -> None:
        r = index.data(ROW_ROLE)
        if r is None:
            return super().paint(painter, option, index)
        painter.save()
        rect = option.rect.adjusted(4, 5, -4, -5)
        painter.fillRect(rect, QColor("#e8ecf1"))
        filled = QRect(rect)
        filled.setWidth(int(rect.width() * _fraction(r)))
        painter.fillRect(filled, QColor(STATUS_COLOURS.get(r.status, "#5c7a99")))
        painter.setPen(QColor("#111111") if _fraction(r) < 0.55 else QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{_fraction(r) * 100:.0f} %")
        painter.restore()


def columns() -> list[Column]:
    def amount(v):
        return number(v, 1 if v % 1 else 0)
    return [
        Column("Krav", lambda r: r.label, tooltip=lambda r: r.detail or r.label),
        Column("Fremdrift", lambda r: _fraction(r), lambda v: ""),
        Column("Gjort", lambda r: r.done, amount, align_right=True),
        Column("Kreves", lambda r: r.required, amount, align_right=True),
        Column("Gjenstår", lambda r: r.remaining, amount, align_right=True),
        Column("Enhet", lambda r: r.unit),
        Column("Status", lambda r: r.status_label,
               colour=lambda r: {"met": "#dff0d8", "planned": "#dbe8f7", "behind": "#f8d7da",
                                 "deviated": "#ececec"}.get(r.status)),
        Column("Type", lambda r: KIND_LABELS.get(r.kind, r.kind)),
        Column("Grunnlag", lambda r: r.basis, tooltip=lambda r: r.basis),
        Column("Merknad", lambda r: r.deviation_reason or r.detail,
               tooltip=lambda r: r.deviation_reason or r.detail),
    ]


class RequirementsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.progress = None
        self.model = RecordTableModel(columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b71c1c;")
        self.deviate_button = QPushButton("Marker avvik fra planregel ...")
        self.deviate_button.clicked.connect(self.mark_deviation)
        self.undo_button = QPushButton("Fjern avvik")
        self.undo_button.clicked.connect(self.remove_deviation)
        # What a requirement means and where it comes from: its section of the user guide.
        self.explain_button = QPushButton("Hva betyr kravet?")
        self.explain_button.setToolTip("Forklaringen og kilden (§ eller plan) i "
                                       "brukerveiledningen")
        self.explain_button.clicked.connect(self.explain)
        self.explain_action = QAction("Hva betyr dette?", self)
        self.explain_action.triggered.connect(self.explain)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.explain_action)
        legend = QLabel("<span style='color:#2e7d32'>■</span> oppfylt &nbsp; "
                        "<span style='color:#1565c0'>■</span> planlagt innen 6 mnd &nbsp; "
                        "<span style='color:#c62828'>■</span> ligger etter &nbsp; "
                        "<span style='color:#5c7a99'>■</span> i rute &nbsp; "
                        "<span style='color:#8d8d8d'>■</span> avvik")
        bar = QHBoxLayout()
        bar.addWidget(self.deviate_button)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.explain_button)
        bar.addStretch(1)
        bar.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.warnings)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        context.changed.connect(lambda _kinds: self.doctor_id is not None and self.refresh())
        self._update_buttons()

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None or self.doctor_id is None:
            self.model.set_rows([])
            return
        self.progress = store.progress(date.today(), self.doctor_id)[self.doctor_id]
        p = self.progress
        rows = sorted(p.requirements, key=lambda r: (r.kind != "regulation",))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for c in range(self.model.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), MAX_COLUMN_WIDTH))
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 380))
        self.table.setColumnWidth(PROGRESS_COLUMN, 140)
        behind = sum(1 for r in rows if r.status == "behind")
        met = sum(1 for r in rows if r.status == "met")
        when = p.projected_completion.strftime("%d.%m.%Y") if p.projected_completion else "–"
        self.headline.setText(
            f"<b>{met}</b> av {len(rows)} krav oppfylt · <b style='color:#c62828'>{behind}</b> "
            f"ligger etter · beregnet ferdig <b>{when}</b>"
            + (f" <span style='color:#555'>({p.projection_note})</span>"
               if p.projection_note and not p.projected_completion else ""))
        self.warnings.setText("\n".join(p.warnings))
        self.warnings.setVisible(bool(p.warnings))
        self._update_buttons()

    def selected(self):
        return selected_object(self.table, self.model)

    def _update_buttons(self) -> None:
        r = self.selected()
        writable = not self.context.read_only
        self.deviate_button.setEnabled(writable and r is not None and r.kind == "plan"
                                       and r.status != "deviated")
        self.undo_button.setEnabled(writable and r is not None and r.status == "deviated")
        self.explain_button.setEnabled(r is not None)
        self.explain_action.setEnabled(r is not None)

    def explain(self):
        """The selected requirement's explanation in the guide (krav.html#<rule id>)."""
        r = self.selected()
        if r is None:
            return None
        from ui.help.guide import REQUIREMENTS_PAGE, show_guide
        return show_guide(self, REQUIREMENTS_PAGE, r.id)

    def mark_deviation(self) -> None:
        r = self.selected()
        if r is None or r.kind != "plan":
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, "Avvik fra planregel",
            f"«{r.label}» ({r.basis}).\nBegrunn hvorfor planen fravikes for denne legen:")
        if not ok:
            return
        deviation = m.RuleDeviation(doctor_id=self.doctor_id, rule_id=r.id, reason=reason.strip(),
                                    decided_date=date.today(),
                                    decided_by=self.context.store.municipality().leader_name)
        try:
            self.context.save(deviation, audit="avvik fra planregel")
        except ValidationError as exc:
            QMessageBox.warning(self, "Kan ikke lagre", exc.message)

    def remove_deviation(self) -> None:
        r = self.selected()
        if r is None:
            return
        store = self.context.store
        for d in store.all("rule_deviations", "doctor_id = ? AND rule_id = ?",
                           [self.doctor_id, r.id]):
            self.context.delete("rule_deviations", d.id, reason=f"avvik fjernet: {r.id}")
