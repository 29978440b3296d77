"""Fil -> Koble til server ...: a PostgreSQL connection URL instead of a file (issue 20,
docs/server.md). The dialog asks for the URL only: the password comes from libpq's own
means (.pgpass / PGPASSFILE, a service file), so the program never sees or stores one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.postgres import is_server_url
from ui import settings

EXAMPLE = "postgresql://kari@alis-db.kommune.no/fjordvik"
HELP = (
    "Flere ledere kan arbeide i samme register samtidig når det ligger på en "
    "PostgreSQL-server. Skriv adressen du har fått av IT, for eksempel<br><tt>"
    f"{EXAMPLE}</tt><br>Legg til <tt>?sslmode=require</tt> for å kreve kryptert forbindelse."
    "<br><br>Passordet skrives ikke her: det hentes fra passordfilen (.pgpass) eller "
    "tjenestefilen din, slik IT har satt det opp. Programmet lagrer aldri passord.")


class ServerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Koble til server")
        layout = QVBoxLayout(self)
        text = QLabel(HELP)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(EXAMPLE)
        servers = [f for f in settings.recent_files() if is_server_url(f)]
        if servers:
            self.edit.setText(servers[0])  # the last server used
        layout.addWidget(self.edit)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Koble til")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def url(self) -> str:
        return self.edit.text().strip()

    def accept(self) -> None:
        if not is_server_url(self.url()):
            self.problem.setText("Adressen må begynne med postgresql:// (eller postgres://).")
            return
        if ":" in self.url().split("://", 1)[1].split("@", 1)[0] and "@" in self.url():
            self.problem.setText("Skriv ikke passordet i adressen: bruk passordfilen (.pgpass).")
            return
        super().accept()


def ask_url(parent: QWidget | None) -> str | None:
    dialog = ServerDialog(parent)
    return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_password(parent: QWidget | None, text: str) -> str | None:
    """The password, typed; None when the user cancels. Never written anywhere."""
    from PySide6.QtWidgets import QInputDialog
    password, ok = QInputDialog.getText(
        parent, "Passord til serveren",
        f"{text}\nSkriv passordet ditt. Det lagres ikke; vil du slippe å skrive det, kan IT "
        "legge det i passordfilen din (.pgpass).", QLineEdit.EchoMode.Password)
    return password if ok and password else None


def open_with_password(parent: QWidget | None, url: str, text: str, *,
                       read_only: bool = False, attempts: int = 3):
    """Ask for the server's password and open it; None when cancelled or refused thrice."""
    from alis_desktop.errors import FileProblem
    from db.postgres import PasswordNeeded
    from db.store import Store
    from ui.safety.opening import warn
    for _ in range(attempts):
        password = ask_password(parent, text)
        if password is None:
            return None
        try:
            return Store.open(url, read_only=read_only, password=password)
        except PasswordNeeded as exc:
            text = str(exc)
        except FileProblem as exc:
            warn(parent, "Kan ikke koble til serveren", str(exc))
            return None
    warn(parent, "Kan ikke koble til serveren", text)
    return None
