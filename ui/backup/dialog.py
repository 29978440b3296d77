"""Fil -> Gjenopprett fra sikkerhetskopi: the backups of the open file with when they were
taken and what they hold; restoring one first backs up what the file holds now.
Fil -> Mappe for sikkerhetskopier: where this machine keeps them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout,
)

from alis_desktop.errors import FileProblem
from db import backup as bk
from db.connection import backup_dir_for
from ui import settings
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import norwegian_buttons


@dataclass
class BackupRow:
    backup: bk.Backup
    contents: bk.BackupContents

    def count(self, kind: str):
        return self.contents.counts.get(kind) if self.contents.ok else None


def backup_folder_for(path: Path) -> Path:
    """Where the backups of `path` go on this machine."""
    return settings.backup_folder() or backup_dir_for(path)


def columns() -> list[Column]:
    def count(kind):
        return lambda r: r.count(kind)
    return [
        Column("Tatt", lambda r: r.backup.taken, lambda t: f"{t:%d.%m.%Y kl. %H:%M}"),
        Column("Type", lambda r: r.backup.kind_name),
        Column("Leger", count("doctors"), align_right=True),
        Column("Perioder", count("placements"), align_right=True,
               tooltip="Tjenesteperioder"),
        Column("Veiledninger", count("supervision_sessions"), align_right=True,
               tooltip="Registrerte veiledningstimer (antall)"),
        Column("Mål", count("goal_statuses"), align_right=True,
               tooltip="Læringsmål med status"),
        Column("Møter", count("meetings"), align_right=True),
        Column("Attester", count("attestations"), align_right=True),
        Column("Status", lambda r: "OK" if r.contents.ok else r.contents.problem,
               tooltip=lambda r: r.contents.problem or str(r.backup.path)),
    ]


class RestoreDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.restored_from: Path | None = None
        self.before: Path | None = None
        store = context.store
        self.folder = backup_folder_for(store.path)
        self.setWindowTitle("Gjenopprett fra sikkerhetskopi")
        self.resize(980, 420)
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        rows = [BackupRow(b, bk.contents(b.path, verify=False))
                for b in bk.list_backups(self.folder, store.path.stem)]
        self.model.set_rows(rows)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        intro = QLabel(
            f"Sikkerhetskopier av <b>{store.path.name}</b> i {self.folder}.<br>Når du "
            "gjenoppretter, lagres det filen inneholder nå først som en egen sikkerhetskopi.")
        intro.setWordWrap(True)
        self.empty = QLabel("Det finnes ingen sikkerhetskopier av denne filen ennå.")
        self.empty.setVisible(not rows)
        self.restore_button = QPushButton("&Gjenopprett valgt kopi")
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons = norwegian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def selected(self) -> BackupRow | None:
        return selected_object(self.table, self.model)

    def _update(self) -> None:
        row = self.selected()
        self.restore_button.setEnabled(
            row is not None and row.contents.ok and not self.context.read_only)

    def confirm(self, row: BackupRow) -> bool:
        answer = QMessageBox.question(
            self, "Gjenopprett",
            f"Erstatte innholdet i filen med sikkerhetskopien fra {row.backup.when()} "
            f"({row.count('doctors')} leger)?\n\nDet filen inneholder nå, lagres først som "
            "en sikkerhetskopi, så du kan angre.")
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> bool:
        row = self.selected()
        if row is None or self.context.read_only or not self.confirm(row):
            return False
        store = self.context.store
        try:
            self.before = bk.restore(store, row.backup.path, self.folder,
                                     store.municipality().backup_keep)
        except (FileProblem, OSError) as exc:
            QMessageBox.warning(self, "Gjenopprett", f"Gjenopprettingen feilet: {exc}")
            return False
        self.restored_from = row.backup.path
        self.context.set_store(store)  # every view reloads from the restored contents
        self.accept()
        return True


def choose_backup_folder(parent) -> Path | None:
    """Let the user pick this machine's backup folder (Avbryt keeps the current choice)."""
    current = settings.backup_folder()
    box = QMessageBox(parent)
    box.setWindowTitle("Mappe for sikkerhetskopier")
    box.setText("Sikkerhetskopier lagres nå " + (f"i {current}." if current else
                                                 "i en mappe ved siden av hver fil."))
    box.setInformativeText("Velg en mappe på en disk som selv blir sikkerhetskopiert, helst "
                           "en annen enn den filen ligger på.")
    pick = box.addButton("Velg mappe ...", QMessageBox.ButtonRole.AcceptRole)
    beside = box.addButton("Ved siden av filen", QMessageBox.ButtonRole.ResetRole)
    box.addButton("Avbryt", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is beside:
        settings.set_backup_folder(None)
        return None
    if box.clickedButton() is pick:
        chosen = QFileDialog.getExistingDirectory(parent, "Mappe for sikkerhetskopier",
                                                  str(current or Path.home()))
        if chosen:
            settings.set_backup_folder(Path(chosen))
            return Path(chosen)
    return current
