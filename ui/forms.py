"""The form dialog every record editor is built on: fields mapped to editors, domain
validation on save, the message shown in the dialog with the field marked, nothing written
until the record is valid."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout,
)

from alis_desktop.errors import ValidationError
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, VocabCombo, norwegian_buttons


class RecordDialog(QDialog):
    """A form over one record: `fields` maps a record field to its editor widget."""

    def __init__(self, context, title: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, object] = {}
        self.saved = None

    def add(self, field_name: str, label: str, widget):
        self.fields[field_name] = widget
        self.form.addRow(label, widget)
        return widget

    def _mark(self, field_name: str | None) -> None:
        for name, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if name == field_name else "")
        if field_name in self.fields:
            self.fields[field_name].setFocus()

    def read_values(self) -> dict:
        """Field values from the editors; ValidationError for an unreadable date."""
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, DateEdit):
                try:
                    values[name] = widget.date_value()
                except ValueError as exc:
                    raise ValidationError(name, str(exc)) from None
            elif isinstance(widget, VocabCombo):
                values[name] = widget.code()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentText().strip()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
        return values

    def build(self, values: dict):
        raise NotImplementedError

    def check(self, record) -> None:
        """Rules that need more than the record itself (overlaps, dates of the training)."""

    def accept(self) -> None:
        try:
            record = self.build(self.read_values())
            record.validate()
            self.check(record)
            self.saved = self.context.save(record)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            self._mark(exc.field)
            return
        super().accept()
