"""Qt's own texts in Norwegian: the standard buttons of message boxes (QMessageBox.question
says «&Yes» / «&No» otherwise) and the edit fields' right-click menu. PySide6 ships no
Norwegian translation (STYLE.md 10), so the few strings a user meets are given here, as a
translator that answers for them and leaves every other text alone."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

_TEXTS = {
    "QPlatformTheme": {
        "OK": "OK", "Save": "Lagre", "Save All": "Lagre alle", "Open": "Åpne",
        "&Yes": "&Ja", "Yes to &All": "Ja til &alle", "&No": "&Nei",
        "N&o to All": "N&ei til alle", "Abort": "Avbryt", "Retry": "Prøv igjen",
        "Ignore": "Ignorer", "Close": "Lukk", "Cancel": "Avbryt", "Discard": "Forkast",
        "Help": "Hjelp", "Apply": "Bruk", "Reset": "Tilbakestill",
        "Restore Defaults": "Gjenopprett standard"},
    "QLineEdit": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier",
        "&Paste": "&Lim inn", "Delete": "Slett", "Select All": "Merk alt"},
    "QWidgetTextControl": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier",
        "&Paste": "&Lim inn", "Delete": "Slett", "Select All": "Merk alt",
        "Copy &Link Location": "Kopier &lenkeadresse"},
}


class QtTexts(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        # None is a null string: Qt then keeps looking and shows the text as written
        # (an empty string would blank every other text of the program).
        return _TEXTS.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


_installed: QtTexts | None = None


def install(app) -> None:
    """Once per application (the translator must outlive every widget)."""
    global _installed
    if _installed is None:
        _installed = QtTexts()
        app.installTranslator(_installed)
