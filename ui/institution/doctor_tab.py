"""Institusjon (doctor page tab): the doctor's requests for institution service, her place on
the waiting list with the reason, and the posts she holds on the rotation board."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from alis_desktop.errors import ValidationError
from alis_desktop.vocab import RequestStatus
from db import institution as inst
from ui.institution.dialogs import RequestDialog
from ui.table_model import Column, RecordTableModel, record_table, selected_object

WATCHED = frozenset({"institution_requests", "institution_posts", "placements", "doctors",
                     "leaves", "activities", "goal_statuses"})


def _table(columns: list[Column], parent) -> tuple[RecordTableModel, QTableView]:
    model = RecordTableModel(columns, parent)
    view, _proxy = record_table(model, parent, alternating=False)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return model, view


class InstitutionTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.requests, self.request_table = _table([
            Column("Ønsket fra", lambda r: r.desired_start),
            Column("Ønsket til", lambda r: r.desired_end),
            Column("Institusjon", lambda r: r.institution),
            Column("Avdelinger", lambda r: ", ".join(r.departments)),
            Column("Status", lambda r: RequestStatus.label_of(r.status)),
            Column("Meldt", lambda r: r.reported_date),
            Column("Avbrutt", lambda r: r.interrupted),
            Column("Overstyrt", lambda r: (f"Plass {r.priority_override}: {r.override_note}"
                                           if r.priority_override is not None else "")),
            Column("Notater", lambda r: r.notes.replace("\n", " ")),
        ], self)
        self.request_table.doubleClicked.connect(lambda _: self.edit_request())
        self.posts, self.post_table = _table([
            Column("Fra", lambda p: p.period_start),
            Column("Til", lambda p: p.period_end),
            Column("Institusjon", lambda p: p.institution),
            Column("Avdeling", lambda p: p.department),
            Column("Merknad", lambda p: p.note),
        ], self)
        self.add_button = QPushButton("Nytt ønske ...")
        self.edit_button = QPushButton("Rediger ...")
        self.delete_button = QPushButton("Slett")
        self.add_button.clicked.connect(self.add_request)
        self.edit_button.clicked.connect(self.edit_request)
        self.delete_button.clicked.connect(self.delete_request)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        requests_box = QGroupBox("Ønsker om institusjonstjeneste")
        box = QVBoxLayout(requests_box)
        box.addLayout(buttons)
        box.addWidget(self.request_table)
        posts_box = QGroupBox("Tildelte poster (Institusjon › Rotasjonsplan)")
        QVBoxLayout(posts_box).addWidget(self.post_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.place)
        layout.addWidget(requests_box, 3)
        layout.addWidget(posts_box, 2)
        self._stale = False
        context.changed.connect(lambda kinds: kinds & WATCHED and self._changed())

    def _changed(self) -> None:
        """Ranking runs the rules engine: do it now only if the tab is seen."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        store = self.context.store
        if store is None or self.doctor_id is None:
            self.requests.set_rows([])
            self.posts.set_rows([])
            self.place.setText("")
            return
        self.requests.set_rows(store.for_doctor("institution_requests", self.doctor_id,
                                                "desired_start"))
        self.posts.set_rows(store.for_doctor("institution_posts", self.doctor_id,
                                             "period_start"))
        self.request_table.resizeColumnsToContents()
        self.post_table.resizeColumnsToContents()
        mine = [e for e in inst.queue(store, date.today()) if e.doctor.id == self.doctor_id]
        if mine:
            self.place.setText("<br>".join(f"<b>Plass {e.rank} på ventelisten</b>: {e.reason}"
                                           for e in mine))
        else:
            self.place.setText("Ikke på ventelisten for institusjonstjeneste.")
        writable = not self.context.read_only
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(writable)

    def selected(self):
        return selected_object(self.request_table, self.requests)

    def add_request(self) -> None:
        if self.doctor_id is not None and not self.context.read_only:
            RequestDialog(self.context, None, self, doctor_id=self.doctor_id).exec()

    def edit_request(self) -> None:
        request = self.selected()
        if request is not None and not self.context.read_only:
            RequestDialog(self.context, request, self).exec()

    def delete_request(self) -> None:
        request = self.selected()
        if request is None or self.context.read_only:
            return
        if QMessageBox.question(self, "Slett", "Slette ønsket om institusjonstjeneste?") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            self.context.delete("institution_requests", request.id,
                                reason="slettet ønske om institusjonstjeneste")
        except ValidationError as exc:
            QMessageBox.warning(self, "Kan ikke slette", exc.message)
