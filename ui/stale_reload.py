"""«Last inn på nytt» in a record dialog whose save was refused because another user
changed the record meanwhile (a server, issue 20; db/versions.py). The dialog keeps what
this user changed and takes everything else as stored now; the next save is checked by
the store again, so nothing the other user wrote is lost without the user seeing it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit

from alis_desktop.errors import ValidationError
from ui.widgets import DateEdit, VocabCombo

RELOAD = "Last inn på nytt"


def offer_reload(dialog, exc) -> None:
    """Show the refusal and a «Last inn på nytt» button (a deleted record: none)."""
    dialog.show_problem(exc)
    button = getattr(dialog, "reload_button", None)
    if button is None:
        button = dialog.buttons.addButton(RELOAD, QDialogButtonBox.ButtonRole.ActionRole)
        dialog.reload_button = button
        button.clicked.connect(lambda: reload(dialog))
    dialog.stale = exc
    button.setVisible(exc.current is not None)
    dialog.ok_button.setEnabled(exc.current is not None)


def reload(dialog) -> None:
    """Fill the fields the user did not change with the stored values."""
    exc = getattr(dialog, "stale", None)
    if exc is None or exc.current is None:
        return
    current, before = exc.current, getattr(dialog, "original", None)
    try:
        mine = dialog.read_values()
    except ValidationError:
        mine = {}
    for name, widget in dialog.fields.items():
        if not hasattr(current, name):
            continue
        if before is not None and name in mine and mine[name] != getattr(before, name):
            continue  # this user's own change is kept
        _set(widget, getattr(current, name))
    if before is not None:
        dialog.original = current
    dialog.reload_button.hide()
    dialog.error.show_error(f"Lastet inn på nytt: {exc.changed_by} sine endringer er med. "
                            "Dine endringer står igjen; lagre når du er ferdig.")


def _set(widget, value) -> None:
    if isinstance(widget, DateEdit):
        widget.set_date(value)
    elif isinstance(widget, VocabCombo):
        widget.set_code(value or "")
    elif isinstance(widget, QComboBox):
        found = widget.findData(value)
        if found >= 0:
            widget.setCurrentIndex(found)
        else:
            widget.setCurrentText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
