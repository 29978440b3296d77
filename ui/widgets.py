"""Small widgets shared by the dialogs and views."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget, QComboBox, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from alis_desktop.dates import fmt, parse

ERROR_STYLE = "border: 2px solid #c62828;"


class DateEdit(QLineEdit):
    """A date typed as dd.mm.åååå (also 1.9.25, 01/09/2025, 1/9-25: alis_desktop.dates) or
    picked from a calendar (the button in the field, or Alt+Down / F4); may be left blank
    unless required."""

    def __init__(self, value: date | None = None, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("dd.mm.åååå")
        self.setMaximumWidth(150)
        self.calendar_action = self.addAction(_calendar_icon(),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Velg dato i kalender (Alt+Pil ned)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.popup = None
        self.set_date(value)

    def show_calendar(self) -> QCalendarWidget:
        """The calendar below the field, on the typed date (or today); a click or Enter on a
        day writes it in the field."""
        if self.popup is None:
            # A child of the field (in a window of its own), so a table's editor that holds
            # this field does not close when the calendar takes the focus.
            self.popup = QCalendarWidget(self)
            self.popup.setWindowFlags(Qt.WindowType.Popup)
            self.popup.setGridVisible(True)
            self.popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.popup.setVerticalHeaderFormat(
                QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
            self.popup.activated.connect(self._picked)
            self.popup.clicked.connect(self._picked)
        try:
            current = self.date_value() or date.today()
        except ValueError:
            current = date.today()
        self.popup.setSelectedDate(QDate(current.year, current.month, current.day))
        self.popup.adjustSize()
        self.popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup.show()
        self.popup.setFocus()
        return self.popup

    def _picked(self, qdate: QDate) -> None:
        self.set_date(date(qdate.year(), qdate.month(), qdate.day()))
        self.popup.hide()
        self.setFocus()
        self.editingFinished.emit()

    def keyPressEvent(self, event) -> None:
        alt_down = (event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def set_date(self, value: date | None) -> None:
        self.setText(fmt(value))

    def date_value(self) -> date | None:
        """The date, None if blank; ValueError (Norwegian) if unreadable."""
        text = self.text().strip()
        return parse(text) if text else None


def _calendar_icon() -> QIcon:
    """A small drawn calendar (Qt's standard icons have none)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c62828"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, QColor("#555555"))
    painter.end()
    return QIcon(pixmap)


class VocabCombo(QComboBox):
    """A combo box over a Vocab enum: shows labels, returns codes."""

    def __init__(self, vocab, value: str | None = None, parent=None, *, blank: str | None = None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, "")
        for code, label in vocab.choices():
            self.addItem(label, code)
        if value is not None:
            self.set_code(value)

    def set_code(self, code: str) -> None:
        i = self.findData(code)
        if i >= 0:
            self.setCurrentIndex(i)

    def code(self) -> str:
        return self.currentData()


class ErrorLabel(QLabel):
    """The red line at the foot of a dialog that says what is wrong."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b71c1c; font-weight: 600;")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def import_footer(dialog) -> QHBoxLayout:
    """The foot of an import preview: «Kopier feilrapport» (dialog.copy_report) on the left,
    Importer (off until the preview is clean) and Avbryt on the right. Sets
    dialog.copy_button, dialog.buttons and dialog.import_button."""
    dialog.copy_button = QPushButton("Kopier feilrapport")
    dialog.copy_button.clicked.connect(dialog.copy_report)
    dialog.copy_button.setEnabled(False)
    dialog.buttons = norwegian_buttons(QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
    dialog.import_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.import_button.setText("Importer")
    dialog.import_button.setEnabled(False)
    dialog.buttons.accepted.connect(dialog.accept)
    dialog.buttons.rejected.connect(dialog.reject)
    bottom = QHBoxLayout()
    bottom.addWidget(dialog.copy_button)
    bottom.addStretch(1)
    bottom.addWidget(dialog.buttons)
    return bottom


def norwegian_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Qt ships no Norwegian translation of its buttons; name them ourselves."""
    names = {QDialogButtonBox.StandardButton.Ok: "OK",
             QDialogButtonBox.StandardButton.Save: "Lagre",
             QDialogButtonBox.StandardButton.Cancel: "Avbryt",
             QDialogButtonBox.StandardButton.Close: "Lukk",
             QDialogButtonBox.StandardButton.Yes: "Ja",
             QDialogButtonBox.StandardButton.No: "Nei"}
    for which, text in names.items():
        button = box.button(which)
        if button is not None:
            button.setText(text)
    return box


class Card(QFrame):
    """A figure with a caption, for the overview and the meeting screen."""

    clicked = Signal()

    def __init__(self, caption: str, value: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value_label = QLabel(value)
        self.value_label.setObjectName("cardValue")
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("cardCaption")
        self.caption_label.setWordWrap(True)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)

    def set_value(self, value: str) -> None:
        self.value_label.setText(value)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


def hbox(*widgets, stretch_last=False) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        if w is None:
            layout.addStretch(1)
        else:
            layout.addWidget(w)
    if stretch_last:
        layout.addStretch(1)
    return layout


def shortcut_action(owner: QWidget, text: str, shortcut: str | None, slot) -> QAction:
    """An action on `owner` whose shortcut works while focus is anywhere inside it."""
    action = QAction(text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({shortcut})")
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def action_button(action: QAction) -> QToolButton:
    """A text button for an action: it follows the action, so disabling the action (a
    read-only file, nothing selected) disables the button too."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
