"""The health trust's priority model: the question the Institusjon view asks until it is
answered, the dialog that changes it (each criterion shown with its source), and the
dialog where a leader puts another trust's order together from the known criteria.
Choosing and defining go through db/institution.py (one transaction, audited)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from alis_desktop import priority_models as pm
from alis_desktop.errors import ValidationError
from db import institution as inst
from ui.widgets import ErrorLabel, norwegian_buttons


def describe(model: pm.PriorityModel) -> str:
    """The model's criteria in order with their sources, as rich text."""
    from html import escape
    items = "".join(f"<li>{escape(c.label)}"
                    + (f"<br><span style='color:#555'>{escape(c.citation())}</span>"
                       if c.citation() else "") + "</li>" for c in model.criteria)
    source = f"<p style='color:#555'>{escape(model.source)}</p>" if model.source else ""
    return f"<b>{escape(model.name)}</b>{source}<ol>{items}</ol>"


def _fill(combo: QComboBox, models, current: str) -> None:
    combo.clear()
    for mdl in models:
        combo.addItem(mdl.name + (" (egen)" if mdl.custom else ""), mdl.name)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class ModelQuestion(QFrame):
    """Shown at the top of the view while the municipality has not chosen a model."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("modelQuestion")
        self.setStyleSheet("#modelQuestion { background: #e8f0fb; border: 1px solid #9bb7e0; "
                           "border-radius: 4px; }")
        text = QLabel("<b>Hvilken prioriteringsmodell bruker helseforetaket deres?</b> "
                      "Ventelisten ordnes etter den, og den står på listen til koordinatoren.")
        text.setWordWrap(True)
        self.combo = QComboBox()
        self.use = QPushButton("Bruk denne")
        self.use.clicked.connect(self.choose)
        self.more = QPushButton("Se kriteriene ...")
        row = QHBoxLayout(self)
        row.addWidget(text, 1)
        row.addWidget(self.combo)
        row.addWidget(self.use)
        row.addWidget(self.more)

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        municipality = store.municipality()
        _fill(self.combo, pm.available_models(municipality.institution_models),
              pm.chosen_model(municipality).name)

    def choose(self) -> None:
        try:
            inst.set_model(self.context.store, self.combo.currentData())
        except ValidationError as exc:
            self.use.setToolTip(exc.message)
            return
        self.context.notify("municipality")


class ModelDialog(QDialog):
    """Choose the trust's model; see each criterion with its source; define another."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Prioriteringsmodell for ventelisten")
        self.combo = QComboBox()
        self.combo.currentIndexChanged.connect(self._show)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setMinimumHeight(260)
        self.define_button = QPushButton("Ny modell fra kriteriene ...")
        self.define_button.clicked.connect(self.define)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        norwegian_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Helseforetakets modell:"))
        top.addWidget(self.combo, 1)
        top.addWidget(self.define_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._load(inst.model(context.store).name)
        self.resize(720, 460)

    def _load(self, current: str) -> None:
        self.models = {m.name: m for m in pm.available_models(
            self.context.store.municipality().institution_models)}
        _fill(self.combo, self.models.values(), current)
        self._show()

    def _show(self) -> None:
        chosen = self.models.get(self.combo.currentData())
        self.text.setText(describe(chosen) if chosen else "")

    def define(self) -> None:
        dialog = DefineModelDialog(self.context, self)
        if dialog.exec() and dialog.saved is not None:
            self._load(dialog.saved.name)

    def accept(self) -> None:
        try:
            inst.set_model(self.context.store, self.combo.currentData())
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.context.notify("municipality")
        super().accept()


class DefineModelDialog(QDialog):
    """Another trust's order: tick the criteria it uses and put them in its order."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.saved: pm.PriorityModel | None = None
        self.setWindowTitle("Ny prioriteringsmodell")
        self.name = QLineEdit()
        self.name.setPlaceholderText("For eksempel «Sørlandet sykehus (avtale 2026)»")
        self.source = QLineEdit()
        self.source.setPlaceholderText("Dokumentet rekkefølgen kommer fra")
        self.list = QListWidget()
        for code, (label, _noun) in pm.CRITERIA.items():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        up, down = QPushButton("Flytt opp"), QPushButton("Flytt ned")
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        moves = QVBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(moves)
        form = QFormLayout()
        form.addRow("Navn *", self.name)
        form.addRow("Kilde", self.source)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        norwegian_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Kryss av kriteriene helseforetaket bruker, i deres "
                                "rekkefølge (øverst avgjør først):"))
        layout.addLayout(middle, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 440)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def codes(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def check(self, *codes: str) -> None:
        """Tick `codes` and put them first, in this order (for tests and presets)."""
        for target, code in enumerate(codes):
            row = next(i for i in range(self.list.count())
                       if self.list.item(i).data(Qt.ItemDataRole.UserRole) == code)
            item = self.list.takeItem(row)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.insertItem(target, item)

    def accept(self) -> None:
        try:
            model = pm.define(self.name.text(), self.codes(), source=self.source.text())
            self.saved = inst.define_model(self.context.store, model)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.context.notify("municipality")
        super().accept()


class ModelHeading(QWidget):
    """«Prioritert etter: <model>» with a button to change it, for the view's heading."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.label = QLabel()
        self.label.setStyleSheet("color: #333;")
        self.button = QPushButton("Prioriteringsmodell ...")
        self.button.clicked.connect(self.open_dialog)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        row.addStretch(1)

    def refresh(self) -> None:
        store = self.context.store
        name = inst.model(store).name if store is not None else ""
        self.label.setText(f"Prioritert etter: <b>{name}</b>" if name else "")
        self.button.setEnabled(store is not None and not self.context.read_only)

    def open_dialog(self) -> None:
        ModelDialog(self.context, self).exec()
