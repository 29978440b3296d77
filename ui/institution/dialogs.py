"""Editors for institution service: a doctor's request, the leader's override of a place,
a post on the rotation board, and assigning a doctor to a post. Each checks the rules of
alis_desktop.institution / alis_desktop.rotation and shows the Norwegian reason in the
dialog with the field marked; nothing is written until the action is valid, and each
action is one transaction (db/institution.py)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSpinBox, QVBoxLayout,
)

from alis_desktop import models as m
from alis_desktop.dates import add_months, fmt
from alis_desktop.errors import ValidationError
from alis_desktop.institution import (
    ACTIVE_STATUSES, check_request, check_transition, decline, next_statuses,
)
from alis_desktop.rotation import (
    arena_choices, check_post, describe_post, matching_arena, next_period_start, period_of,
    periods_between,
)
from alis_desktop.vocab import RequestStatus
from db import institution as inst
from ui.forms import RecordDialog
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, norwegian_buttons

CHANGED = ("institution_requests", "institution_posts", "placements")


def _institutions(store) -> list[str]:
    """Names a leader picks an institution from: hospital arenas and institutions in use."""
    names = {a.name for a in store.all("arenas") if a.type == "hospital" and not a.archived}
    names |= {p.institution for p in store.all("institution_posts") if p.institution}
    names |= {r.institution for r in store.all("institution_requests") if r.institution}
    return sorted(names, key=str.casefold)


def _editable_combo(items, value: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(items)
    box.setCurrentText(value)
    return box


def split_departments(text: str) -> list[str]:
    """'Medisin, Barn; Psykiatri' -> ['Medisin', 'Barn', 'Psykiatri'] (order kept)."""
    return [d.strip() for d in re.split(r"[;,\n]", text) if d.strip()]


class _StoredDialog(RecordDialog):
    """A RecordDialog whose save goes through a db.institution function (one transaction)
    instead of a plain store.save."""

    def persist(self, record):
        raise NotImplementedError

    def accept(self) -> None:
        try:
            record = self.build(self.read_values())
            record.validate()
            self.check(record)
            self.saved = self.persist(record)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return
        self.context.notify(*CHANGED)
        QDialog.accept(self)


class RequestDialog(_StoredDialog):
    """A doctor's request for institution service. Choosing «Avslått» moves the desired
    period to the next half-year at once (the doctor waits for the next post)."""

    def __init__(self, context, request: m.InstitutionRequest | None = None, parent=None, *,
                 doctor_id: int | None = None):
        super().__init__(context, "Rediger ønske om institusjonstjeneste" if request and
                         request.id else "Nytt ønske om institusjonstjeneste", parent)
        store = context.store
        self.original = request or m.InstitutionRequest(doctor_id=doctor_id)
        r = self.original
        today = date.today()
        self.doctor = QComboBox()
        doctors = [d for d in store.all("doctors", order_by="name")
                   if d.id == r.doctor_id or (not d.archived and not d.end_date)]
        for d in doctors:
            self.doctor.addItem(d.name, d.id)
        self.doctor.setCurrentIndex(max(0, self.doctor.findData(r.doctor_id)))
        self.doctor.setEnabled(r.id is None and doctor_id is None)
        self.form.addRow("Lege *", self.doctor)
        self.fields["doctor_id"] = self.doctor
        if r.id is None and r.desired_start is None:
            start = next_period_start(today)
            r = dataclasses.replace(r, desired_start=start,
                                    desired_end=period_of(start).end)
        self.add("desired_start", "Ønsket fra", DateEdit(r.desired_start))
        self.add("desired_end", "Ønsket til", DateEdit(r.desired_end))
        self.add("institution", "Institusjon", _editable_combo(_institutions(store),
                                                               r.institution))
        departments = self.add("departments", "Avdelinger", QLineEdit(", ".join(r.departments)))
        departments.setPlaceholderText("I prioritert rekkefølge, skilt med komma")
        self.add("location", "Geografisk sted", QLineEdit(r.location))
        self.add("reported_date", "Meldt til koordinator", DateEdit(r.reported_date))
        self.status = QComboBox()
        # An existing request moves along its course; a new one may start anywhere.
        codes = (next_statuses(self.original.status) if self.original.id is not None
                 else tuple(s.value for s in RequestStatus))
        for code in codes:
            self.status.addItem(RequestStatus.label_of(code), code)
        self.status.setCurrentIndex(max(0, self.status.findData(self.original.status)))
        self.form.addRow("Status", self.status)
        self.fields["status"] = self.status
        self.interrupted = QCheckBox("Avbrutt institusjonstjeneste (svangerskap, sykdom ...) – "
                                     "prioriteres høyt")
        self.interrupted.setChecked(r.interrupted)
        self.form.addRow("", self.interrupted)
        # The offer and a withdrawal for a locum post (the Vestre Viken agreement, seed 003).
        self.add("offered_date", "Tilbud mottatt", DateEdit(r.offered_date))
        self.copied = QCheckBox("Tilbudet kom til legen med kopi til leder")
        self.copied.setChecked(r.offer_copied_to_leader)
        self.form.addRow("", self.copied)
        self.add("withdrawn_date", "Trukket (fått vikariat)", DateEdit(r.withdrawn_date))
        self.add("withdrawal_reported_date", "Koordinator varslet",
                 DateEdit(r.withdrawal_reported_date))
        notes = self.add("notes", "Notater", QPlainTextEdit(r.notes))
        notes.setMaximumHeight(70)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.resize(520, self.sizeHint().height())

    def _status_changed(self) -> None:
        code = self.status.currentData()
        if code == RequestStatus.REPORTED.value and not self.fields["reported_date"].text():
            self.fields["reported_date"].set_date(date.today())
        if code == RequestStatus.OFFERED.value and not self.fields["offered_date"].text():
            self.fields["offered_date"].set_date(date.today())
            self.copied.setChecked(True)
        if code == RequestStatus.WITHDRAWN.value and not self.fields["withdrawn_date"].text():
            self.fields["withdrawn_date"].set_date(date.today())
            self.error.show_error("Legen går ut av ventelisten. Husk å gi koordinatoren "
                                  "beskjed (påminnelsen står til det er registrert).")
        if code == RequestStatus.DECLINED.value and self.original.status != code:
            try:
                moved = decline(self._current(), date.today())
            except (ValidationError, ValueError) as exc:
                self.error.show_error(str(exc))
                return
            self.fields["desired_start"].set_date(moved.desired_start)
            self.fields["desired_end"].set_date(moved.desired_end)
            self.fields["notes"].setPlainText(moved.notes)
            self.error.show_error("Legen står fortsatt på ventelisten; ønsket periode er "
                                  "flyttet til neste halvår.")

    def _current(self) -> m.InstitutionRequest:
        return dataclasses.replace(self.build(self.read_values()),
                                   status=self.original.status)

    def read_values(self) -> dict:
        values = super().read_values()
        values.pop("doctor_id", None)
        values.pop("status", None)  # read as its code in build()
        values["departments"] = split_departments(values.get("departments", ""))
        return values

    def build(self, values: dict) -> m.InstitutionRequest:
        return dataclasses.replace(self.original, **values, doctor_id=self.doctor.currentData(),
                                   status=self.status.currentData(),
                                   interrupted=self.interrupted.isChecked(),
                                   offer_copied_to_leader=self.copied.isChecked())

    def check(self, record: m.InstitutionRequest) -> None:
        if record.doctor_id is None:
            raise ValidationError("doctor_id", "Velg lege.")
        check_request(record)
        if self.original.id is not None:
            check_transition(self.original.status, record.status)

    def persist(self, record):
        return inst.save_request(self.context.store, record)


class OverrideDialog(QDialog):
    """The leader puts a request at a chosen place on the list, with a note."""

    def __init__(self, context, entry, count: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.entry = entry
        self.setWindowTitle("Overstyr plass på ventelisten")
        self.place = QSpinBox()
        self.place.setRange(1, max(1, count))
        self.place.setValue(entry.request.priority_override or entry.rank)
        self.note = QPlainTextEdit(entry.request.override_note)
        self.note.setPlaceholderText("Begrunnelse (skrives på listen til koordinatoren)")
        self.note.setMaximumHeight(80)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow("Lege", QLabel(entry.doctor.name))
        form.addRow("Plass etter kriteriene", QLabel(str(entry.computed_rank)))
        form.addRow("Ny plass *", self.place)
        form.addRow("Begrunnelse *", self.note)
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.remove_button = self.buttons.addButton("Fjern overstyring",
                                                    QDialogButtonBox.ButtonRole.ResetRole)
        self.remove_button.setEnabled(entry.overridden)
        self.remove_button.clicked.connect(self.remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _save(self, place, note) -> bool:
        try:
            inst.set_override(self.context.store, self.entry.request.id, place, note)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self.note.setStyleSheet(ERROR_STYLE if exc.field == "override_note" else "")
            return False
        self.context.notify("institution_requests")
        return True

    def accept(self) -> None:
        if self._save(self.place.value(), self.note.toPlainText()):
            super().accept()

    def remove(self) -> None:
        if self._save(None, ""):
            super().accept()


class PostDialog(_StoredDialog):
    """A post on the rotation board; the half-year choice fills both dates (a 3-month block
    is the same with the end date changed)."""

    def __init__(self, context, post: m.InstitutionPost | None = None, parent=None):
        super().__init__(context, "Rediger post" if post and post.id else "Ny post", parent)
        store = context.store
        self.original = post or m.InstitutionPost()
        p = self.original
        if p.period_start is None:
            first = period_of(next_period_start(date.today()))
            p = dataclasses.replace(p, period_start=first.start, period_end=first.end)
        known = _institutions(store)
        self.add("institution", "Institusjon *", _editable_combo(
            known, p.institution or (known[0] if len(known) == 1 else "")))
        depts = sorted({x.department for x in store.all("institution_posts") if x.department},
                       key=str.casefold)
        self.add("department", "Avdeling *", _editable_combo(depts, p.department))
        self.half_year = QComboBox()
        today = date.today()
        for period in periods_between(min(today, p.period_start),
                                      add_months(max(today, p.period_start), 30)):
            self.half_year.addItem(f"{period.label} ({period.long_label})", period)
        current = period_of(p.period_start)
        self.half_year.setCurrentIndex(next(
            (i for i in range(self.half_year.count()) if self.half_year.itemData(i) == current),
            0))
        self.half_year.activated.connect(self._fill_dates)
        self.form.addRow("Halvår", self.half_year)
        self.add("period_start", "Fra *", DateEdit(p.period_start))
        self.add("period_end", "Til *", DateEdit(p.period_end))
        note = self.add("note", "Merknad", QPlainTextEdit(p.note))
        note.setMaximumHeight(60)
        if p.doctor_id is not None:
            name = store.get("doctors", p.doctor_id).name
            self.form.addRow("Tildelt", QLabel(f"{name} (fjern tildelingen for å endre "
                                               "periode eller avdeling)"))
        self.resize(500, self.sizeHint().height())

    def _fill_dates(self) -> None:
        period = self.half_year.currentData()
        self.fields["period_start"].set_date(period.start)
        self.fields["period_end"].set_date(period.end)

    def build(self, values: dict) -> m.InstitutionPost:
        return dataclasses.replace(self.original, **values)

    def check(self, record: m.InstitutionPost) -> None:
        check_post(record)

    def persist(self, record):
        return inst.save_post(self.context.store, record)


class AssignDialog(QDialog):
    """Give a post to a doctor: the waiting list first, in its order; the planned placement
    is made at the arena of the post's institution (asked when no arena has its name)."""

    def __init__(self, context, post: m.InstitutionPost, entries, parent=None):
        super().__init__(parent)
        self.context = context
        self.post = post
        self.placement = None
        store = context.store
        self.setWindowTitle("Tildel post")
        self.requests = {e.doctor.id: e.request for e in entries}
        self.doctor = QComboBox()
        listed = set()
        for e in entries:
            if e.doctor.id in listed:
                continue
            listed.add(e.doctor.id)
            mark = "" if e.candidate.eligible else " (ikke aktuell ennå)"
            self.doctor.addItem(f"{e.rank}. {e.doctor.name} – {e.candidate.attachment_label}, "
                                f"{e.candidate.remaining_whole} mnd igjen{mark}", e.doctor.id)
        others = [d for d in store.all("doctors", order_by="name")
                  if d.id not in listed and not d.archived and not d.end_date]
        if others and listed:
            self.doctor.insertSeparator(self.doctor.count())
        for d in others:
            self.doctor.addItem(f"{d.name} (ikke på ventelisten)", d.id)
        self.arena = QComboBox()
        arenas = arena_choices(post.institution, store.all("arenas"))
        for a in arenas:
            self.arena.addItem(a.name, a.id)
        match = matching_arena(post.institution, arenas)
        self.arena_hint = QLabel("" if match else
                                 f"Ingen læringsarena heter «{post.institution}»; velg hvor "
                                 "tjenesten skal registreres.")
        self.arena_hint.setWordWrap(True)
        self.arena_hint.setStyleSheet("color: #8a6d00;")
        self.arena_hint.setVisible(match is None)
        if match is not None:
            self.arena.setCurrentIndex(self.arena.findData(match.id))
        else:
            self.arena.setCurrentIndex(-1)
        self.accept_request = QCheckBox("Sett legens ønske til «Akseptert»")
        self.make_room = QCheckBox("Sett annen tjeneste på pause i perioden (permisjon fra "
                                   "stillingen i kommunen)")
        self.room = QLabel()
        self.room.setWordWrap(True)
        self.room.setStyleSheet("color: #555;")
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow("Post", QLabel(describe_post(post)))
        form.addRow("Lege *", self.doctor)
        form.addRow("Læringsarena *", self.arena)
        form.addRow("", self.arena_hint)
        form.addRow("", self.accept_request)
        form.addRow("", self.make_room)
        form.addRow("", self.room)
        form.addRow("", QLabel("Tildelingen registrerer en foreløpig tjenesteperiode "
                               f"({fmt(post.period_start)}–{fmt(post.period_end)}, 100 %, "
                               "institusjonstjeneste)."))
        self.fields = {"doctor_id": self.doctor, "arena_id": self.arena,
                       "position_pct": self.doctor, "start_date": self.doctor,
                       "end_date": self.doctor, "period_end": self.doctor,
                       "request_id": self.accept_request}
        self.fields["start_date"] = self.make_room
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tildel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.doctor.currentIndexChanged.connect(self._doctor_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._doctor_changed()
        self.resize(560, self.sizeHint().height())

    def select_doctor(self, doctor_id: int) -> None:
        self.doctor.setCurrentIndex(self.doctor.findData(doctor_id))

    def _doctor_changed(self) -> None:
        doctor_id = self.doctor.currentData()
        request = self.requests.get(doctor_id)
        has = request is not None and request.status in ACTIVE_STATUSES
        self.accept_request.setEnabled(has)
        self.accept_request.setChecked(has)
        # Her other service in the period: shown, and cut around the post only if asked.
        lines = (inst.room_needed(self.context.store, self.post, doctor_id, date.today())
                 if doctor_id is not None else [])
        self.make_room.setVisible(bool(lines))
        self.make_room.setChecked(False)
        self.room.setVisible(bool(lines))
        self.room.setText("Overlapper med annen tjeneste. Ved pause: " + "; ".join(lines) + "."
                          if lines else "")

    def accept(self) -> None:
        for widget in set(self.fields.values()):
            widget.setStyleSheet("")
        doctor_id = self.doctor.currentData()
        if doctor_id is None:
            self._show(ValidationError("doctor_id", "Velg lege."))
            return
        request = self.requests.get(doctor_id)
        request_id = request.id if request and self.accept_request.isChecked() else None
        try:
            self.placement = inst.assign(self.context.store, self.post.id, doctor_id,
                                         self.arena.currentData(), request_id=request_id,
                                         make_room=self.make_room.isChecked())
        except ValidationError as exc:
            self._show(exc)
            return
        self.context.notify(*CHANGED)
        super().accept()

    def _show(self, exc: ValidationError) -> None:
        self.error.show_error(exc.message)
        widget = self.fields.get(exc.field)
        if widget is not None:
            widget.setStyleSheet(ERROR_STYLE)
            widget.setFocus()
