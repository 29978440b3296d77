"""Add or edit a learning arena with the goals it covers. The arena and its coverage are saved
together in one transaction, and only when everything reads and validates."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import GoalRefError
from alis_desktop.vocab import DEFAULT_CATEGORY, ArenaType, ServiceCategory, SupervisionMode
from db.arenas import coverage_of, save_arena
from db.goals import catalog_for
from ui.arenas.coverage_editor import CoverageEditor
from ui.widgets import ERROR_STYLE, ErrorLabel, VocabCombo, norwegian_buttons


class ArenaDialog(QDialog):
    def __init__(self, context, arena: m.Arena | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.original = arena or m.Arena()
        self.saved: m.Arena | None = None
        a = self.original
        self.setWindowTitle("Rediger læringsarena" if arena else "Ny læringsarena")
        self.setModal(True)

        self.fields: dict[str, QWidget] = {}
        self.name = self._add("name", QLineEdit(a.name))
        self.type = self._add("type", VocabCombo(ArenaType, a.type))
        self.location = self._add("location", QLineEdit(a.location))
        self.inside = self._add("inside_municipality", QCheckBox("Læringsarenaen er i kommunen"))
        self.inside.setChecked(a.inside_municipality)
        self.partner = self._add("partner", QLineEdit(a.partner))
        self.partner.setPlaceholderText("f.eks. Helse Stavanger HF (for arena utenfor kommunen)")
        self.description = self._add("description", QPlainTextEdit(a.description))
        self.description.setMaximumHeight(70)
        self.modes: dict[str, QCheckBox] = {}
        modes_box = QWidget()
        modes_layout = QHBoxLayout(modes_box)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        for code, label in SupervisionMode.choices():
            box = QCheckBox(label)
            box.setChecked(code in a.supervision_modes)
            self.modes[code] = box
            modes_layout.addWidget(box)
        self.fields["supervision_modes"] = modes_box
        self.new_supervisor = self._add("new_supervisor_on_stay",
                                        QCheckBox("Ny veileder ved opphold på arenaen"))
        self.new_supervisor.setChecked(a.new_supervisor_on_stay)
        self.category = self._add("default_category",
                                  VocabCombo(ServiceCategory, a.default_category))
        self.category.setToolTip("Tjenestekategorien nye tjenesteperioder her får (kan endres "
                                 "per periode)")
        if arena is None:  # a new arena follows its type until the user picks a category
            self.category.set_code(DEFAULT_CATEGORY[ArenaType(self.type.code())].value)
            self.type.currentIndexChanged.connect(self._type_changed)
        self.inside.toggled.connect(self._inside_changed)
        self._inside_changed(self.inside.isChecked())

        form = QFormLayout()
        for label, name in (("Navn *", "name"), ("Type *", "type"), ("Lokalisasjon", "location"),
                            ("", "inside_municipality"), ("Samarbeidspartner", "partner"),
                            ("Beskrivelse", "description"),
                            ("Supervisjon foregår ved", "supervision_modes"),
                            ("", "new_supervisor_on_stay"),
                            ("Tjenestekategori *", "default_category")):
            form.addRow(label, self.fields[name])
        details = QGroupBox("Læringsarena")
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addStretch(1)

        store = context.store
        self.editor = CoverageEditor(catalog_for(store), coverage_of(store, a.id))
        goals_box = QGroupBox("Læringsmål arenaen gir")
        QVBoxLayout(goals_box).addWidget(self.editor)
        self.fields["coverage"] = self.editor.text

        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(details, 2)
        body.addWidget(goals_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1100, 680)

    def _add(self, name: str, widget):
        self.fields[name] = widget
        return widget

    def _type_changed(self) -> None:
        self.category.set_code(DEFAULT_CATEGORY[ArenaType(self.type.code())].value)
        self.inside.setChecked(self.type.code() != ArenaType.HOSPITAL.value)

    def _inside_changed(self, inside: bool) -> None:
        self.partner.setPlaceholderText("" if inside else "Påkrevd: samarbeidspartner, "
                                                          "f.eks. Helse Stavanger HF")

    def build(self) -> m.Arena:
        return dataclasses.replace(
            self.original, name=self.name.text().strip(), type=self.type.code(),
            location=self.location.text().strip(), inside_municipality=self.inside.isChecked(),
            partner=self.partner.text().strip(),
            description=self.description.toPlainText().strip(),
            supervision_modes=[code for code, box in self.modes.items() if box.isChecked()],
            new_supervisor_on_stay=self.new_supervisor.isChecked(),
            default_category=self.category.code())

    def _mark(self, field_name: str | None) -> None:
        for name, widget in self.fields.items():
            if name != "coverage":
                widget.setStyleSheet(ERROR_STYLE if name == field_name else "")
        if field_name in self.fields and field_name != "coverage":
            self.fields[field_name].setFocus()

    def accept(self) -> None:
        try:
            arena = self.build()
            arena.validate()
            coverage = self.editor.coverage()  # selects the unreadable token, if any
            self.saved = save_arena(self.context.store, arena, coverage)
        except GoalRefError as exc:
            self._mark(None)
            self.error.show_error(f"Læringsmålene kan ikke leses: {exc.message} "
                                  "Ingenting er lagret.")
            return
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return
        self.context.notify("arenas", "arena_coverage")
        super().accept()
