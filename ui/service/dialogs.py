"""Placement and leave editors. Beyond each record's own checks: a placement lies inside
the training and never takes the doctor above 100 % on any day; a leave lies inside the
training and inside her placements (alis_desktop.service_time)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QPlainTextEdit

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.service_time import check_leave, check_placement_dates, check_placements
from alis_desktop.vocab import LeaveKind, PlacementStatus, ServiceCategory
from ui.forms import RecordDialog
from ui.widgets import DateEdit, VocabCombo


def _next_start(doctor: m.Doctor, placements) -> date:
    """Where a new period most likely starts: the day after the last one, or, for a doctor
    with none yet, her start in the training (a doctor already working has served since
    then, and that service counts at once)."""
    ends = [p.end_date for p in placements if p.end_date]
    if ends:
        return max(ends) + timedelta(days=1)
    return doctor.start_date or date.today()


def _percent(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(0)
    box.setSingleStep(10)
    box.setSuffix(" %")
    box.setValue(value)
    return box


class PlacementDialog(RecordDialog):
    """Add or edit a period of service; the category follows the arena unless overridden."""

    def __init__(self, context, doctor: m.Doctor, placement: m.Placement | None = None,
                 parent=None):
        super().__init__(context, "Rediger tjenesteperiode" if placement else
                         "Ny tjenesteperiode", parent)
        self.doctor = doctor
        store = context.store
        self.arenas = [a for a in store.all("arenas", order_by="name")
                       if not a.archived or (placement and a.id == placement.arena_id)]
        start = _next_start(doctor, store.for_doctor("placements", doctor.id))
        # A new period is agreed: it counts day by day as it is served, so a doctor who is
        # already working has counted service at once (DESIGN.md, Placement).
        self.original = placement or m.Placement(doctor_id=doctor.id, start_date=start,
                                                 status=PlacementStatus.AGREED.value)
        p = self.original
        self.arena = QComboBox()
        for a in self.arenas:
            self.arena.addItem(a.name, a.id)
        self.form.addRow("Læringsarena *", self.arena)
        self.category = self.add("category", "Tjenestekategori *", VocabCombo(ServiceCategory))
        self.add("start_date", "Fra *", DateEdit(p.start_date))
        self.add("end_date", "Til *", DateEdit(p.end_date))
        self.pct = _percent(p.position_pct)
        self.form.addRow("Stillingsprosent *", self.pct)
        status = self.add("status", "Status", VocabCombo(PlacementStatus, p.status))
        status.setToolTip(STATUS_HELP)
        self.form.addRow("", _hint(STATUS_HELP))
        self.add("department", "Avdeling", QLineEdit(p.department))
        notes = self.add("notes", "Notater", QPlainTextEdit(p.notes))
        notes.setMaximumHeight(70)
        if placement is None and not self.arenas:
            self.error.show_error("Registrer en læringsarena først (Læringsarenaer).")
        index = self.arena.findData(p.arena_id) if p.arena_id else 0
        self.arena.setCurrentIndex(max(index, 0))
        self.category.set_code(p.category if placement else self._arena_category())
        # A new choice of arena brings its default category (the leader may override it).
        self.arena.currentIndexChanged.connect(
            lambda _: self.category.set_code(self._arena_category()))
        self.resize(480, self.sizeHint().height())

    def _arena_category(self) -> str:
        arena = next((a for a in self.arenas if a.id == self.arena.currentData()), None)
        return arena.default_category if arena else ServiceCategory.GP_UNSELECTED.value

    def build(self, values: dict) -> m.Placement:
        if self.arena.currentData() is None:
            raise ValidationError("arena_id", "Velg en læringsarena.")
        return dataclasses.replace(self.original, **values, arena_id=self.arena.currentData(),
                                   position_pct=self.pct.value())

    def check(self, record: m.Placement) -> None:
        check_placement_dates(self.doctor, record)
        check_placements(self.context.store.for_doctor("placements", self.doctor.id), record)


class LeaveDialog(RecordDialog):
    """Add or edit an absence; § 31 decides whether it counts as service."""

    def __init__(self, context, doctor: m.Doctor, leave: m.Leave | None = None, parent=None):
        super().__init__(context, "Rediger fravær" if leave else "Nytt fravær", parent)
        self.doctor = doctor
        self.original = leave or m.Leave(doctor_id=doctor.id)
        lv = self.original
        self.add("kind", "Type *", VocabCombo(LeaveKind, lv.kind))
        self.add("start_date", "Fra *", DateEdit(lv.start_date))
        self.add("end_date", "Til *", DateEdit(lv.end_date))
        self.pct = _percent(lv.pct)
        self.form.addRow("Andel av stillingen *", self.pct)
        notes = self.add("notes", "Notater", QPlainTextEdit(lv.notes))
        notes.setMaximumHeight(60)
        self.form.addRow("", _hint())

    def build(self, values: dict) -> m.Leave:
        return dataclasses.replace(self.original, **values, pct=self.pct.value())

    def check(self, record: m.Leave) -> None:
        store = self.context.store
        check_leave(self.doctor, store.for_doctor("placements", self.doctor.id), record,
                    leaves=store.for_doctor("leaves", self.doctor.id))


STATUS_HELP = ("Avtalt: teller dag for dag etter hvert som tjenesten avtjenes, også før "
               "perioden er over. Foreløpig: bare skissert; teller bare i prognosen og må "
               "bekreftes som avtalt når den starter.")
LEAVE_HELP = ("Kurs, utdanningsrelatert fravær og ferie teller som tjeneste. Annet fravær "
              "trekkes bare fra for den delen som overstiger 10 % av tiden i utdanning "
              "(spesialistforskriften § 31).")


def _hint(text: str = LEAVE_HELP):
    from PySide6.QtWidgets import QLabel
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
