"""The form dialog every record editor is built on: fields mapped to editors, domain
validation on save, the message shown in the dialog with the field marked, nothing written
until the record is valid."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout,
)

from alis_desktop.errors import ValidationError
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, VocabCombo, norwegian_buttons


ATTESTATION_MARK = "†"
ATTESTATION_TIP = "Kreves for attest"


class FormDialog(QDialog):
    """A modal form: `form` rows of editors (named in `fields`), the red error line and the
    buttons. Subclasses may put widgets into `body` first, add rows, then call lay_out()."""

    def __init__(self, title: str, parent=None, *,
                 buttons=QDialogButtonBox.StandardButton.Save):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.fields: dict[str, object] = {}
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            buttons | QDialogButtonBox.StandardButton.Cancel))
        self.ok_button = self.buttons.button(buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)

    def lay_out(self, ok_text: str | None = None, *, after_form=()) -> None:
        """Put the form (then `after_form` widgets), the error line and the buttons under
        whatever `body` holds."""
        if ok_text:
            self.ok_button.setText(ok_text)
        self.body.addLayout(self.form)
        for widget in after_form:
            self.body.addWidget(widget)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)

    def add(self, field_name: str, label: str, widget):
        self.fields[field_name] = widget
        self.form.addRow(label, widget)
        return widget

    def mark_for_attestation(self, kind: str) -> None:
        """Mark the fields the attestation refuses to print without ("Kreves for attest"),
        so they are filled where they are entered, not discovered at print time."""
        from PySide6.QtWidgets import QLabel
        from alis_desktop.attestation import RECORD_FIELDS
        marked = 0
        for name in RECORD_FIELDS.get(kind, ()):
            widget = self.fields.get(name)
            label = self.form.labelForField(widget) if widget is not None else None
            if not isinstance(label, QLabel):
                continue
            widget.setToolTip(ATTESTATION_TIP)
            label.setToolTip(ATTESTATION_TIP)
            if not label.text().rstrip().endswith("*"):  # required anyway
                label.setText(f"{label.text().rstrip()} {ATTESTATION_MARK}")
                marked += 1
        if marked:
            legend = QLabel(f"{ATTESTATION_MARK} {ATTESTATION_TIP}")
            legend.setStyleSheet("color: #555;")
            self.form.addRow("", legend)

    def mark(self, field_name: str | None) -> None:
        """Frame the field the message is about in red and put the cursor there."""
        for name, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if name == field_name else "")
        if field_name in self.fields:
            self.fields[field_name].setFocus()

    def show_problem(self, exc: ValidationError) -> None:
        self.error.show_error(exc.message)
        self.mark(exc.field)

    def read_date(self, name: str):
        """The date typed in field `name` (None if blank); ValidationError if unreadable."""
        try:
            return self.fields[name].date_value()
        except ValueError as exc:
            raise ValidationError(name, str(exc)) from None


class RecordDialog(FormDialog):
    """A form over one record: `fields` maps a record field to its editor widget."""

    def __init__(self, context, title: str, parent=None):
        super().__init__(title, parent)
        self.context = context
        self.saved = None
        self.lay_out()

    _mark = FormDialog.mark  # the name the record editors were written against

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
            if getattr(exc, "current", False) is not False:  # another user's change (server)
                from ui.stale_reload import offer_reload
                offer_reload(self, exc)
                return
            self.show_problem(exc)
            return
        super().accept()
