"""Approving learning goals (§ 26) and withdrawing an approval. The domain refuses an approval
without the advice of the supervisor and at least one clinical supervisor; the dialog shows
the reason with the field marked, and nothing is written."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit,
)

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db.goals import approve_goals, withdraw_approval
from db.queries import current_supervisor_names
from ui.forms import FormDialog
from ui.widgets import DateEdit

SECTION_26 = ("Spesialistforskriften § 26: leder godkjenner læringsmål etter råd fra veileder og "
              "minst én supervisør som har fulgt legen i arbeidet.")


class _FormDialog(FormDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(title, parent, buttons=QDialogButtonBox.StandardButton.Ok)
        self.layout_ = self.body

    def finish(self, ok_text: str) -> None:
        self.lay_out(ok_text)


class ApproveDialog(_FormDialog):
    """Approve one or more goals of one doctor with the same date, leader and advice."""

    def __init__(self, context, doctor: m.Doctor, records: list[m.GoalStatus], parent=None):
        super().__init__(f"Godkjenn læringsmål – {doctor.name}", parent)
        self.context = context
        self.records = records
        self.saved: list[m.GoalStatus] = []
        store = context.store
        codes = ", ".join(r.goal_code for r in records)
        heading = QLabel(f"<b>{len(records)} læringsmål:</b> {codes}")
        heading.setWordWrap(True)
        note = QLabel(SECTION_26)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.layout_.addWidget(heading)
        self.layout_.addWidget(note)
        today = date.today()
        self.add("approved_date", "Dato *", DateEdit(today))
        self.add("approved_by", "Godkjent av (leder) *",
                 QLineEdit(store.municipality().leader_name))
        supervisor = current_supervisor_names(store, today).get(doctor.id, "")
        self.add("advice_supervisor", "Råd fra veileder *", QLineEdit(supervisor))
        clinical = self.add("advice_clinical", "Råd fra supervisør(er) *", QLineEdit())
        clinical.setPlaceholderText("navn; flere skilles med komma")
        comment = self.add("comment", "Kommentar", QPlainTextEdit())
        comment.setMaximumHeight(70)
        self.finish("Godkjenn")
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        f = self.fields
        try:
            try:
                on = f["approved_date"].date_value()
            except ValueError as exc:
                raise ValidationError("approved_date", str(exc)) from None
            self.saved = approve_goals(
                self.context.store, self.records, on=on,
                approved_by=f["approved_by"].text(),
                advice_supervisor=f["advice_supervisor"].text(),
                advice_clinical=f["advice_clinical"].text(),
                comment=f["comment"].toPlainText())
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("goal_statuses", doctors={r.doctor_id for r in self.records})
        super().accept()


class WithdrawDialog(_FormDialog):
    """Withdraw the approval of one goal; the reason is required and goes to the audit log."""

    def __init__(self, context, record: m.GoalStatus, parent=None):
        super().__init__(f"Trekk godkjenning – {record.goal_code}", parent)
        self.context = context
        self.record = record
        self.saved: m.GoalStatus | None = None
        info = QLabel(f"{record.goal_code} ble godkjent {record.approved_date:%d.%m.%Y} av "
                      f"{record.approved_by}. Målet settes tilbake til «Pågår»."
                      if record.approved_date else f"{record.goal_code} er godkjent.")
        info.setWordWrap(True)
        self.layout_.addWidget(info)
        reason = self.add("reason", "Begrunnelse *", QPlainTextEdit())
        reason.setMaximumHeight(90)
        self.finish("Trekk godkjenning")

    def accept(self) -> None:
        try:
            self.saved = withdraw_approval(self.context.store, self.record,
                                           reason=self.fields["reason"].toPlainText(),
                                           on=date.today())
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("goal_statuses", doctors={self.record.doctor_id})
        super().accept()
