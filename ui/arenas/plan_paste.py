"""Læringsarenaer -> Lim inn fra planen: paste the plan's arena table as it stands (Word or
PDF), see every arena with its coverage, confirm what was read loosely, store in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
    QSplitter, QVBoxLayout,
)

from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import format_goal_refs
from alis_desktop.plan_paste import PastedArena, read_pasted_plan
from alis_desktop.vocab import ArenaType
from db.arenas import arenas, save_pasted_plan
from ui.table_model import Column, RecordTableModel, record_table
from ui.widgets import ErrorLabel, norwegian_buttons

HINT = ("Kopier tabellen over læringsarenaene fra planen (Word eller PDF) og lim den inn her: "
        "arenaen i første kolonne og læringsmålene i den neste, eller læringsmålene på "
        "linjene under arenaens navn.")


def _check(a: PastedArena) -> str:
    if a.errors():
        return "Feil: " + " ".join(e.split(": ", 1)[1] for e in a.errors())
    if a.reading.loose:
        return "Sjekk: " + "; ".join(str(x) for x in a.reading.loose)
    return "OK"


def _colour(a: PastedArena) -> str | None:
    if a.errors():
        return "#f6d5d5"
    return "#fff3cd" if a.reading.loose else None


def columns() -> list[Column]:
    return [
        Column("Læringsarena", lambda a: a.name),
        Column("Kontroll", _check, colour=_colour, tooltip=_check),
        Column("I filen", lambda a: "finnes (dekningen erstattes)" if a.existing else "ny"),
        Column("Type", lambda a: ArenaType.label_of(a.arena().type)),
        Column("Mål helt", lambda a: a.full, align_right=True),
        Column("Mål delvis", lambda a: a.partial, align_right=True),
        Column("Lest som", lambda a: _notation(a), tooltip=lambda a: a.text),
    ]


def _notation(a: PastedArena) -> str:
    try:
        return format_goal_refs(a.reading.coverage)
    except ValueError:
        return ""


class PlanPasteDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.plan = None
        self.saved = []
        self.setWindowTitle("Lim inn fra planen")
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Legevakt<tab>ALM 002-004 (delvis), ALM 036-054, Alle FKM")
        self.text.textChanged.connect(self._schedule)
        self.earlier = QCheckBox("Planen er skrevet før 1. mars 2026 (tidligere felles "
                                 "kompetansemål, LM 01-75)")
        self.earlier.toggled.connect(self.refresh)
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = record_table(self.model, self)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as pasted
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text)
        splitter.addWidget(self.table)
        splitter.setSizes([200, 300])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.confirm = QCheckBox("Jeg har sjekket det som er lest løst (gult)")
        self.confirm.toggled.connect(self._update_button)
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        paste = QPushButton("Lim inn")
        paste.clicked.connect(lambda: self.text.setPlainText(
            QGuiApplication.clipboard().text()))
        bottom = QHBoxLayout()
        bottom.addWidget(paste)
        bottom.addWidget(self.confirm)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.earlier)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # read once typing pauses, not on every key
        self._timer.timeout.connect(self.refresh)
        self.resize(1100, 640)

    def _schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        self.plan = read_pasted_plan(self.text.toPlainText(),
                                     existing=arenas(self.context.store),
                                     earlier=self.earlier.isChecked())
        p = self.plan
        self.model.set_rows(p.arenas)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 380))
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), 360))
        new = sum(1 for a in p.arenas if a.existing is None)
        lines = [f"{len(p.arenas)} læringsarenaer: {new} nye, {len(p.arenas) - new} finnes fra "
                 "før (dekningen erstattes)."] if p.arenas else []
        loose = p.loose()
        if loose:
            lines.append(f"{len(loose)} steder er lest løst (gult); sjekk at de er lest riktig:")
            lines += ["  " + item for item in loose[:8]]
            if len(loose) > 8:
                lines.append(f"  ... og {len(loose) - 8} til (se Kontroll-kolonnen)")
        if p.arenas and not p.clean:
            lines.append("Ord som ikke kan leses (rødt) må rettes i teksten før noe lagres.")
        self.summary.setText("\n".join(lines))
        self.confirm.setVisible(bool(loose))
        self.confirm.setChecked(False)
        self._update_button()

    def _update_button(self) -> None:
        p = self.plan
        ok = (p is not None and p.clean and not self.context.read_only
              and (self.confirm.isChecked() or not p.loose()))
        self.save_button.setEnabled(ok)

    def accept(self) -> None:
        self.refresh_if_pending()
        if self.plan is None or not self.save_button.isEnabled():
            self.error.show_error((self.plan.errors() if self.plan else [""])[0] or
                                  "Lim inn tabellen først.")
            return
        try:
            self.saved = save_pasted_plan(self.context.store, self.plan)
        except ValidationError as exc:
            self.error.show_error(f"Ingenting er lagret: {exc.message}")
            return
        self.context.notify("arenas", "arena_coverage")
        super().accept()

    def refresh_if_pending(self) -> None:
        if self._timer.isActive():
            self.refresh()
