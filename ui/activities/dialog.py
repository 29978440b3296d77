"""Add or edit one activity, and quick entry of repeated ones (e.g. ten on-call shifts).
The goals an activity supports are typed in the plans' notation ("ALM 040, 066-070")."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QLabel, QLineEdit,
    QPlainTextEdit, QSpinBox,
)

from alis_desktop import models as m
from alis_desktop.activities import MAX_REPEATS, goals_text, repeated
from alis_desktop.catalog import courses
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import GoalRefError, parse_goal_refs
from alis_desktop.vocab import ActivityKind
from db.activities import add_activities
from ui.forms import FormDialog
from ui.widgets import DateEdit, VocabCombo

HOURS_PLACEHOLDER = "f.eks. 8 eller 7,5"


def read_hours(text: str, field: str = "hours") -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError(field, f"«{text}» er ikke et antall timer (skriv f.eks. 7,5).") \
            from None


def hours_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def read_goals(text: str) -> list[str]:
    """The goals an activity supports, read with the plans' notation; '(delvis)' is allowed
    and ignored (an activity supports a goal or not)."""
    try:
        return sorted(parse_goal_refs(text))
    except GoalRefError as exc:
        raise ValidationError("goals", exc.message) from None


class _ActivityForm(FormDialog):
    """The fields shared by the single and the repeated entry."""

    def finish(self) -> None:
        self.lay_out()
        self.resize(520, self.sizeHint().height())

    def add_common(self, a: m.Activity) -> None:
        hours = self.add("hours", "Timer", QLineEdit(hours_text(a.hours)))
        hours.setPlaceholderText(HOURS_PLACEHOLDER)
        self.out_of_hours = self.add("out_of_hours", "",
                                     QCheckBox("Utenom kontorets åpningstid (kveld, natt, helg)"))
        self.out_of_hours.setChecked(a.out_of_hours)
        self.add("title", "Tittel / tema", QLineEdit(a.title))
        goals = self.add("goals", "Læringsmål den støtter",
                         QLineEdit(goals_text(a.goals)))
        goals.setPlaceholderText("f.eks. ALM 040, 066-070")
        self.add("signed_by", "Signert av", QLineEdit(a.signed_by))

    def common_values(self) -> dict:
        f = self.fields
        return {"hours": read_hours(f["hours"].text()),
                "out_of_hours": self.out_of_hours.isChecked(),
                "title": f["title"].text().strip(), "goals": read_goals(f["goals"].text()),
                "signed_by": f["signed_by"].text().strip()}



class ActivityDialog(_ActivityForm):
    """Add an activity for a doctor (activity.id None) or edit one."""

    def __init__(self, context, activity: m.Activity, parent=None):
        super().__init__("Rediger aktivitet" if activity.id else "Ny aktivitet", parent)
        self.context = context
        self.original = activity
        self.saved: m.Activity | None = None
        a = activity
        self.kind = self.add("kind", "Type *", VocabCombo(ActivityKind, a.kind))
        self.add("date", "Dato *", DateEdit(a.date or date.today()))
        self.add("end_date", "Til dato", DateEdit(a.end_date))
        self.course = self.add("course_code", "Kurs", QComboBox())
        self.course.addItem("", "")
        for c in courses():
            self.course.addItem(f"{c.code}: {c.name}", c.code)
        self.course.setCurrentIndex(max(0, self.course.findData(a.course_code)))
        self.course.currentIndexChanged.connect(self._course_chosen)
        self.add_common(a)
        note = self.add("note", "Merknad", QPlainTextEdit(a.note))
        note.setMaximumHeight(60)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.finish()

    def _kind_changed(self) -> None:
        is_course = self.kind.code() == ActivityKind.COURSE.value
        self.course.setEnabled(is_course)
        if self.kind.code() == ActivityKind.ON_CALL.value and not self.original.id:
            self.out_of_hours.setChecked(True)

    def _course_chosen(self) -> None:
        """A course brings the goals it serves (Drammen plan section 8) when none are typed."""
        code = self.course.currentData()
        course = next((c for c in courses() if c.code == code), None)
        goals = self.fields["goals"]
        if course and course.goals and not goals.text().strip():
            goals.setText(goals_text(course.goals))
        if course and code == "EMNE":
            self.fields["title"].setPlaceholderText("emnet, f.eks. Hud")

    def build(self) -> m.Activity:
        values = self.common_values()
        kind = self.kind.code()
        return dataclasses.replace(
            self.original, kind=kind, date=self.read_date("date"),
            end_date=self.read_date("end_date"),
            course_code=self.course.currentData() if kind == ActivityKind.COURSE.value else "",
            note=self.fields["note"].toPlainText().strip(), **values)

    def accept(self) -> None:
        try:
            record = self.build()
            record.validate()
            self.saved = self.context.save(record)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        super().accept()


class RepeatDialog(_ActivityForm):
    """Quick entry: the same activity on N dates, a fixed number of days apart, written in one
    transaction."""

    def __init__(self, context, doctor_id: int, parent=None):
        super().__init__("Registrer flere like aktiviteter", parent)
        self.context = context
        self.doctor_id = doctor_id
        self.saved: list[m.Activity] = []
        template = m.Activity(doctor_id=doctor_id, kind=ActivityKind.ON_CALL.value, hours=8.0,
                              out_of_hours=True, title="Legevakt")
        self.kind = self.add("kind", "Type *", VocabCombo(ActivityKind, template.kind))
        self.add("date", "Første dato *", DateEdit(date.today()))
        self.count = self.add("count", "Antall *", QSpinBox())
        self.count.setRange(1, MAX_REPEATS)
        self.count.setValue(10)
        self.every = self.add("every_days", "Med dagers mellomrom *", QSpinBox())
        self.every.setRange(1, 365)
        self.every.setValue(7)
        self.add_common(template)
        self.preview = QLabel()
        self.preview.setStyleSheet("color: #555;")
        self.form.addRow("", self.preview)
        for signal in (self.count.valueChanged, self.every.valueChanged,
                       self.fields["date"].textChanged):
            signal.connect(self._update_preview)
        self._update_preview()
        self.finish()

    def build(self) -> list[m.Activity]:
        start = self.read_date("date")
        if start is None:
            raise ValidationError("date", "Første dato må fylles ut.")
        template = m.Activity(doctor_id=self.doctor_id, kind=self.kind.code(),
                              **self.common_values())
        return repeated(template, start, self.count.value(), self.every.value())

    def _update_preview(self) -> None:
        try:
            start = self.fields["date"].date_value()
        except ValueError:
            start = None
        if start is None:
            self.preview.setText("")
            return
        last = start.toordinal() + (self.count.value() - 1) * self.every.value()
        self.preview.setText(f"{self.count.value()} aktiviteter fra {fmt(start)} til "
                             f"{fmt(date.fromordinal(last))}.")

    def accept(self) -> None:
        try:
            self.saved = add_activities(self.context.store, self.build())
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.context.notify("activities", doctors={a.doctor_id for a in self.saved})
        super().accept()
