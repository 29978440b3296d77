"""The yellow line above the views that says the file is read-only, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

STYLE = ("QLabel#readOnlyBanner { background: #fff3cd; color: #664d03; font-weight: 600; "
         "padding: 6px 12px; border-bottom: 1px solid #e6c96b; }")


class ReadOnlyBanner(QLabel):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(STYLE)
        self.setWordWrap(True)
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None or not store.read_only:
            self.hide()
            return
        text = "Skrivebeskyttet: du kan lese og skrive ut, men endringer kan ikke lagres."
        if getattr(store, "reader_role", False):  # a server's reader role (docs/server.md)
            text += f" Du er logget på serveren som {store.user}, som bare har lesetilgang."
        holder = store.lock_holder()
        if holder is not None and not holder.garbled and not holder.is_stale():
            text += f" Filen er åpnet av {holder.describe()}."
        self.setText(text)
        self.show()
