"""Hold or record a review meeting: kind, date, participants, assessment with an outcome
code, goals approved in the meeting (§ 26 advice required), actions, the plan for the next
six months, minutes, and the next date (six months on unless agreed otherwise). Everything
is saved in one transaction with a snapshot of the figures for identical reprints."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.catalog import catalog
from alis_desktop.errors import ValidationError
from alis_desktop.meetings import default_next_date
from alis_desktop.vocab import GoalState, MeetingKind, MeetingOutcome, PlanItemKind
from db.meetings import Approval, goals_ready_for_approval, save_meeting
from db.queries import current_supervisor_names
from ui.edit_table import DictTableEditor, EditColumn
from ui.widgets import DateEdit, ErrorLabel, VocabCombo, norwegian_buttons

CHANGED = ("meetings", "meeting_actions", "plan_items", "goal_statuses")


def _text(value: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setMaximumHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def _clock(text: str) -> str:
    """What the leader typed as a time, in the stored form: "9.30", "0930" and "9:30" all
    mean 09:30 (the model refuses what is still not a time, in Norwegian)."""
    text = text.strip().replace(".", ":")
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    if ":" in text:
        hours, _, minutes = text.partition(":")
        if hours.isdigit() and len(hours) == 1:
            text = f"0{hours}:{minutes}"
    return text


class MeetingDialog(QDialog):
    def __init__(self, context, doctor: m.Doctor, meeting: m.ReviewMeeting | None = None,
                 parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor = doctor
        store = context.store
        self.original = meeting or self._new_meeting(store, doctor)
        mt = self.original
        self.setWindowTitle(f"{'Rediger møte' if meeting else 'Nytt møte'} – {doctor.name}")
        self.saved: m.ReviewMeeting | None = None

        self.kind = VocabCombo(MeetingKind, mt.kind)
        self.date = DateEdit(mt.date)
        self.next_date = DateEdit(mt.next_date)
        self.held = QCheckBox("Møtet er avholdt (ikke bare planlagt)")
        self.held.setChecked(mt.held)
        self._next_touched = meeting is not None and mt.next_date is not None
        self.next_date.textEdited.connect(lambda _: setattr(self, "_next_touched", True))
        self.date.editingFinished.connect(self._follow_date)
        self.start_time = QLineEdit(mt.start_time)
        self.start_time.setPlaceholderText("tt:mm, f.eks. 09:30")
        self.start_time.setMaximumWidth(160)
        self.place = QLineEdit(mt.place)
        self.place.setPlaceholderText("for eksempel Møterom Fjellet, rådhuset")
        head = QFormLayout()
        head.addRow("Møtetype", self.kind)
        head.addRow("Dato *", self.date)
        head.addRow("Klokkeslett", self.start_time)
        head.addRow("Sted", self.place)
        head.addRow("", self.held)
        head.addRow("Neste møte", self.next_date)

        self.participants = DictTableEditor(
            [EditColumn("name", "Navn"), EditColumn("role", "Rolle")], mt.participants,
            defaults=lambda: {"role": "Supervisør"})
        self.outcome = VocabCombo(MeetingOutcome, mt.outcome, blank="(ikke vurdert ennå)")
        self.assessment = _text(mt.assessment)

        supervisor = current_supervisor_names(store, mt.date or date.today()).get(doctor.id, "")
        self.goal_list = QListWidget()
        self.goal_list.setMinimumHeight(110)
        titles = {g.code: g.title for g in catalog(store.all("goal_texts"),
                                                   fkm_version=doctor.catalog_version)}
        for status in goals_ready_for_approval(store, doctor.id):
            state = GoalState.label_of(status.state).lower()
            item = QListWidgetItem(f"{status.goal_code}  {titles.get(status.goal_code, '')} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, (status.goal_code, status.catalog_version))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.goal_list.addItem(item)
        self.advice_supervisor = QLineEdit(supervisor)
        self.advice_clinical = QLineEdit()
        self.advice_clinical.setPlaceholderText("navn på supervisør som har gitt råd")
        approvals = QFormLayout()
        approvals.addRow(self.goal_list)
        approvals.addRow("Råd fra veileder *", self.advice_supervisor)
        approvals.addRow("Råd fra supervisør *", self.advice_clinical)

        self.actions = DictTableEditor(
            [EditColumn("what", "Tiltak"), EditColumn("who", "Ansvarlig"),
             EditColumn("due_date", "Frist", "date"), EditColumn("done", "Utført", "bool")],
            self._existing_actions(store, mt),
            defaults=lambda: {"due_date": date.today(), "who": "Veileder"})
        self.plan_next = _text(mt.plan_next)
        self.plan_items = DictTableEditor(
            [EditColumn("text", "Planlagt (tjeneste, kurs, legevakt ...)"),
             EditColumn("kind", "Type", choices=PlanItemKind.choices),
             EditColumn("due_date", "Når", "date")], [],
            defaults=lambda: {"kind": PlanItemKind.OTHER.value})
        self.minutes = _text(mt.minutes, 120)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(head)
        for title, widget in (("Deltakere", self.participants),
                              ("Vurdering av progresjon", None),
                              ("Godkjenning av læringsmål (spesialistforskriften § 26)", approvals),
                              ("Tiltak", self.actions),
                              ("Plan for de neste seks månedene", None),
                              ("Referat", self.minutes)):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            if title.startswith("Vurdering"):
                inner.addWidget(self.outcome)
                inner.addWidget(self.assessment)
            elif title.startswith("Plan"):
                inner.addWidget(self.plan_next)
                inner.addWidget(self.plan_items)
            elif isinstance(widget, QFormLayout):
                inner.addLayout(widget)
            else:
                inner.addWidget(widget)
            layout.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error = ErrorLabel()
        buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)
        outer.addWidget(buttons)
        self.resize(760, 860)

    @staticmethod
    def _new_meeting(store, doctor) -> m.ReviewMeeting:
        today = date.today()
        has_meetings = store.count("meetings", "doctor_id = ?", [doctor.id]) > 0
        mu = store.municipality()
        supervisor = current_supervisor_names(store, today).get(doctor.id, "")
        participants = [{"name": mu.leader_name or "Leder", "role": "Leder"},
                        {"name": doctor.name, "role": "ALIS"}]
        if supervisor:
            participants.insert(1, {"name": supervisor, "role": "Veileder"})
        return m.ReviewMeeting(
            doctor_id=doctor.id, date=today, next_date=default_next_date(today),
            kind=(MeetingKind.HALF_YEARLY if has_meetings else MeetingKind.START).value,
            participants=participants)

    @staticmethod
    def _existing_actions(store, mt) -> list[dict]:
        if mt.id is None:
            return []
        return [{"id": a.id, "what": a.what, "who": a.who, "due_date": a.due_date,
                 "done": a.done_date is not None, "done_date": a.done_date}
                for a in store.all("meeting_actions", "meeting_id = ?", [mt.id])]

    def _follow_date(self) -> None:
        """The next meeting follows the date six months on, until the leader sets it."""
        if self._next_touched:
            return
        try:
            d = self.date.date_value()
        except ValueError:
            return
        if d:
            self.next_date.set_date(default_next_date(d))

    # --- saving ------------------------------------------------------------------------
    def checked_goals(self) -> list[tuple[str, str]]:
        return [self.goal_list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.goal_list.count())
                if self.goal_list.item(i).checkState() == Qt.CheckState.Checked]

    def build(self):
        try:
            meeting_date = self.date.date_value()
            next_date = self.next_date.date_value()
        except ValueError as exc:
            raise ValidationError("date", str(exc)) from None
        for editor in (self.actions, self.plan_items):
            problem = editor.model.first_error()
            if problem:
                raise ValidationError("actions", problem)
        participants = [{"name": r.get("name", "").strip(), "role": r.get("role", "").strip()}
                        for r in self.participants.rows() if r.get("name", "").strip()]
        meeting = dataclasses.replace(
            self.original, kind=self.kind.code(), date=meeting_date, next_date=next_date,
            held=self.held.isChecked(), participants=participants, outcome=self.outcome.code(),
            start_time=_clock(self.start_time.text()), place=self.place.text().strip(),
            assessment=self.assessment.toPlainText().strip(),
            plan_next=self.plan_next.toPlainText().strip(),
            minutes=self.minutes.toPlainText().strip())
        today = date.today()
        actions = [m.MeetingAction(id=r.get("id"), doctor_id=self.doctor.id, what=r.get("what", ""),
                                   who=r.get("who", ""), due_date=r.get("due_date"),
                                   done_date=(r.get("done_date") or today) if r.get("done") else None)
                   for r in self.actions.rows() if r.get("what", "").strip()]
        approvals = [Approval(code, version, self.advice_supervisor.text(),
                              self.advice_clinical.text()) for code, version in self.checked_goals()]
        items = [m.PlanItem(doctor_id=self.doctor.id, kind=r.get("kind") or "other",
                            text=r.get("text", ""), due_date=r.get("due_date"))
                 for r in self.plan_items.rows() if r.get("text", "").strip()]
        return meeting, actions, approvals, items

    def accept(self) -> None:
        try:
            meeting, actions, approvals, items = self.build()
            if approvals and meeting.held is False:
                raise ValidationError("held", "Læringsmål kan bare godkjennes i et avholdt møte.")
            self.saved = save_meeting(self.context.store, meeting, actions, approvals, items)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.context.notify(*CHANGED, doctors={meeting.doctor_id})
        super().accept()
