"""Venteliste: the waiting list in priority order with the reason for each place; requests
edited here, the leader's override, a declined offer, the list for the coordinator."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import RequestStatus
from db import institution as inst
from ui.institution.dialogs import OverrideDialog, RequestDialog
from ui.table_model import Column, RecordTableModel, number, record_table, selected_object
from ui.widgets import action_button, shortcut_action

AMBER, GREY = "#fff3cd", "#e6e6e6"
PERIOD = "Ønsket periode"
REASON = "Begrunnelse"


def _period(e) -> str:
    r = e.request
    return f"{fmt(r.desired_start)}–{fmt(r.desired_end)}" if r.desired_start else ""


def _status(e) -> str:
    r = e.request
    label = RequestStatus.label_of(r.status)
    return f"{label} {fmt(r.reported_date)}" if r.reported_date else label


def columns() -> list[Column]:
    return [
        Column("Nr.", lambda e: e.rank, align_right=True,
               colour=lambda e: AMBER if e.overridden else None,
               tooltip=lambda e: (f"Overstyrt av leder; plass {e.computed_rank} etter "
                                  "kriteriene" if e.overridden else "")),
        Column("Lege", lambda e: e.doctor.name),
        Column("Tilknytning", lambda e: e.candidate.attachment_label),
        Column("Tellende", lambda e: e.candidate.counted_months, lambda v: number(v, 1, "mnd"),
               align_right=True, tooltip="Tellende tjeneste etter § 31"),
        Column("Igjen", lambda e: e.candidate.remaining_whole, lambda v: f"{v} mnd",
               align_right=True, tooltip="Tellende måneder som gjenstår til 5 år"),
        Column("Progresjon", lambda e: e.candidate.progress_whole, lambda v: f"{v} %",
               align_right=True, tooltip=lambda e: e.candidate.progress_text),
        Column("Aktuell", lambda e: e.candidate.eligible,
               lambda v: "Ja" if v else "Under 2 år",
               colour=lambda e: GREY if e.held_back else None),
        Column(PERIOD, lambda e: e.request.desired_start,  # shown as 'fra–til' (below)
               tooltip=lambda e: e.request.institution),
        Column("Status", lambda e: _status(e)),
        Column(REASON, lambda e: e.reason, tooltip=lambda e: e.reason),
        Column("Avdelinger", lambda e: ", ".join(e.request.departments)),
    ]


class QueuePage(QWidget):
    """The waiting list with its editors."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.entries: list = []
        self.model = _QueueModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søk i navn, avdeling, begrunnelse ...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.new_action = shortcut_action(self, "Nytt ønske ...", "Ctrl+N", self.new_request)
        self.edit_action = shortcut_action(self, "Rediger ønske ...", "Ctrl+E",
                                           self.edit_request)
        self.override_action = shortcut_action(self, "Overstyr plass ...", "Ctrl+R",
                                               self.override)
        self.decline_action = shortcut_action(self, "Tilbud avslått", None, self.declined)
        self.withdraw_action = shortcut_action(self, "Fått vikariat", None, self.withdrawn)
        self.withdraw_action.setToolTip("Legen har fått et utlyst vikariat og går ut av "
                                        "ventelisten; koordinatoren må få beskjed")
        bar = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.override_action,
                       self.decline_action, self.withdraw_action):
            bar.addWidget(action_button(action))
        bar.addStretch(1)
        bar.addWidget(self.search, 1)

        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.edit_request())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

    # --- data --------------------------------------------------------------------------
    def set_entries(self, entries) -> None:
        keep = self.selected()
        self.entries = list(entries)
        self.model.set_rows(self.entries)
        self.table.resizeColumnsToContents()
        reason = [c.header for c in self.model.columns].index(REASON)
        self.table.setColumnWidth(reason, min(self.table.columnWidth(reason), 420))
        kept = keep is not None and self.select_request(keep.request.id)
        if not kept and self.proxy.rowCount():
            self.table.selectRow(0)  # the reason of the first place shows at once
        self._selection_changed()

    def selected(self):
        return selected_object(self.table, self.model)

    def select_request(self, request_id: int) -> bool:
        for i, e in enumerate(self.model.rows):
            if e.request.id == request_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(i, 0)).row())
                return True
        return False

    def _selection_changed(self, *_) -> None:
        e = self.selected()
        writable = not self.context.read_only
        self.new_action.setEnabled(writable)
        for action in (self.edit_action, self.override_action, self.withdraw_action):
            action.setEnabled(writable and e is not None)
        self.decline_action.setEnabled(
            writable and e is not None and e.request.status == RequestStatus.OFFERED.value)
        if e is None:
            self.detail.setText(f"{len(self.entries)} på ventelisten.")
            return
        self.detail.setText(f"<b>{e.rank}. {e.doctor.name}</b>: {e.reason}<br>"
                            f"<span style='color:#555'>Progresjon {e.candidate.progress_text}"
                            f"</span>")

    # --- actions -----------------------------------------------------------------------
    def new_request(self) -> None:
        if not self.context.read_only:
            dialog = RequestDialog(self.context, None, self)
            if dialog.exec() and dialog.saved:
                self.select_request(dialog.saved.id)

    def edit_request(self) -> None:
        e = self.selected()
        if e is not None and not self.context.read_only:
            RequestDialog(self.context, e.request, self).exec()

    def override(self) -> None:
        e = self.selected()
        if e is not None and not self.context.read_only:
            OverrideDialog(self.context, e, len(self.entries), self).exec()

    def declined(self) -> None:
        e = self.selected()
        if e is None or self.context.read_only:
            return
        try:
            inst.decline_offer(self.context.store, e.request.id, date.today())
        except ValidationError as exc:
            QMessageBox.warning(self, "Tilbud avslått", exc.message)
            return
        self.context.notify("institution_requests")

    def withdrawn(self) -> None:
        """The doctor took a locum post instead: off the list today (003)."""
        e = self.selected()
        if e is None or self.context.read_only:
            return
        try:
            inst.withdraw_request(self.context.store, e.request.id, date.today())
        except ValidationError as exc:
            QMessageBox.warning(self, "Fått vikariat", exc.message)
            return
        self.context.notify("institution_requests")


class _QueueModel(RecordTableModel):
    """The period column shows 'fra–til' but sorts by the start date."""

    def __init__(self, cols, parent=None):
        super().__init__(cols, parent)
        self.period_column = [c.header for c in cols].index(PERIOD)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid()
                and index.column() == self.period_column):
            return _period(self.rows[index.row()])
        return super().data(index, role)
