"""Kommunens plan -> Kapitler: the sections in a list, the selected one's title and text
beside it with the filled-in preview; add, remove, move, reset to the shipped text. Every
change is one audited transaction (db/plan.py), then `plan_sections` is announced."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.plan_document import paragraphs
from alis_desktop.plan_models import PlanSection
from alis_desktop.plan_text import PLACEHOLDERS, default_of, fill, placeholder_values
from db import plan as plan_db
from ui.widgets import ErrorLabel

CONTENT_NOTES = {
    "figures": "Programmet legger til en tabell med antall ALIS, veiledere og arenaer.",
    "arenas": "Programmet legger til hver læringsarena i kommunen med egen overskrift.",
    "outside_arenas": "Programmet legger til læringsarenaene hos samarbeidspartnere.",
    "partners": "Programmet legger til tabellen over samarbeidspartnere.",
    "coverage": "Programmet legger til læringsmålene ingen arena dekker.",
    "courses": "Programmet legger til tabellen kurs -> læringsmål (fanen Kurs).",
    "contacts": "Programmet legger til kontaktpersonene (fanen Kontaktpersoner).",
}


def preview_html(text: str, values: dict) -> tuple[str, list[str]]:
    """The text as the plan prints it, as simple HTML, and its unknown placeholders."""
    filled, unknown = fill(text, values)
    parts = []
    for block in paragraphs(filled):
        if block["t"] == "p":
            parts.append("<p>" + escape(block["text"]).replace("\n", "<br>") + "</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block["items"])
                         + "</ul>")
    return "".join(parts), unknown


class SectionsEditor(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.records: list[PlanSection] = []
        self.values: dict[str, str] = {}

        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.up = QPushButton("Flytt opp")
        self.down = QPushButton("Flytt ned")
        self.add_section = QPushButton("Nytt kapittel")
        self.add_appendix = QPushButton("Nytt vedlegg")
        self.remove = QPushButton("Fjern")
        self.reset = QPushButton("Tilbakestill til standardtekst")
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        self.add_section.clicked.connect(lambda: self.add("section"))
        self.add_appendix.clicked.connect(lambda: self.add("appendix"))
        self.remove.clicked.connect(self.remove_current)
        self.reset.clicked.connect(self.reset_current)
        left = QVBoxLayout()
        left.addWidget(QLabel("Kapitler og vedlegg"))
        left.addWidget(self.list, 1)
        for pair in ((self.up, self.down), (self.add_section, self.add_appendix),
                     (self.remove, self.reset)):
            row = QHBoxLayout()
            for b in pair:
                row.addWidget(b)
            left.addLayout(row)
        left_box = QWidget()
        left_box.setLayout(left)

        self.title = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Tom: kapitlet har bare det programmet legger til.")
        self.text.textChanged.connect(self._update_preview)
        self.insert = QComboBox()
        self.insert.addItem("Sett inn felt ...", "")
        for name, about in PLACEHOLDERS.items():
            self.insert.addItem(f"{{{name}}} – {about}", name)
        self.insert.activated.connect(self._insert_placeholder)
        self.save_button = QPushButton("Lagre kapitlet")
        self.save_button.clicked.connect(self.save_current)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.warnings = QLabel()
        self.warnings.setStyleSheet("color: #9b1c1c;")
        self.warnings.setWordWrap(True)
        self.error = ErrorLabel()
        right = QVBoxLayout()
        right.addWidget(QLabel("Tittel"))
        right.addWidget(self.title)
        right.addWidget(QLabel("Tekst (tom linje = nytt avsnitt, «- » = punkt)"))
        right.addWidget(self.text, 2)
        row = QHBoxLayout()
        row.addWidget(self.insert, 1)
        row.addWidget(self.save_button)
        right.addLayout(row)
        right.addWidget(self.note)
        right.addWidget(QLabel("Slik blir teksten i planen"))
        right.addWidget(self.preview, 1)
        right.addWidget(self.warnings)
        right.addWidget(self.error)
        right_box = QWidget()
        right_box.setLayout(right)

        split = QSplitter()
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        context.changed.connect(self._changed)
        context.file_changed.connect(self.refresh)
        self.refresh()

    # --- reading -------------------------------------------------------------------
    def _changed(self, kinds) -> None:
        if kinds & {"plan_sections", "municipality", "arenas", "doctors", "supervisors"}:
            self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        current = self.current()
        key = (current.id, current.key) if current else None
        self.records = plan_db.sections(store)
        self.values = placeholder_values(store.municipality(), store.all("arenas"),
                                         store.all("doctors"), store.all("supervisors"),
                                         as_of=date.today())
        self.list.blockSignals(True)
        self.list.clear()
        number = appendix = 0
        for r in self.records:
            d = default_of(r.key) if r.key else None
            title = r.title if r.title is not None else (d.title if d else "")
            if r.removed:
                label = f"({title}: fjernet)"
            elif r.kind == "appendix":
                appendix += 1
                label = f"Vedlegg {appendix}: {title}"
            else:
                number += 1
                label = f"{number}. {title}"
            if r.text is not None or r.title is not None:
                label += "  ✎"
            item = QListWidgetItem(label)
            if r.removed:
                item.setForeground(QColor("#8a94a1"))
            item.setToolTip("Endret av kommunen" if label.endswith("✎") else
                            "Standardtekst" if d else "Kommunens eget kapittel")
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = 0
        if key is not None:
            row = next((i for i, r in enumerate(self.records)
                        if (r.id is not None and r.id == key[0]) or (r.key and r.key == key[1])),
                       0)
        self.list.setCurrentRow(row)
        self._show(row)
        editable = not self.context.read_only
        for w in (self.up, self.down, self.add_section, self.add_appendix, self.remove,
                  self.reset, self.save_button):
            w.setEnabled(editable)

    def current(self) -> PlanSection | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _show(self, row: int) -> None:
        r = self.records[row] if 0 <= row < len(self.records) else None
        d = default_of(r.key) if r and r.key else None
        self.title.setText("" if r is None else r.title if r.title is not None
                           else (d.title if d else ""))
        self.text.setPlainText("" if r is None else r.text if r.text is not None
                               else (d.text if d else ""))
        self.note.setText(CONTENT_NOTES.get(d.content, "") if d and d.content else "")
        self.error.show_error("")
        self._update_preview()

    def _update_preview(self) -> None:
        html, unknown = preview_html(self.text.toPlainText(), self.values)
        self.preview.setHtml(html)
        self.warnings.setText("" if not unknown else
                              "Ukjente felt skrives ut som de står: "
                              + ", ".join("{" + n + "}" for n in unknown))

    def _insert_placeholder(self, index: int) -> None:
        name = self.insert.itemData(index)
        if name:
            self.text.insertPlainText("{" + name + "}")
            self.text.setFocus()
        self.insert.setCurrentIndex(0)

    # --- writing -------------------------------------------------------------------
    def _write(self, action) -> bool:
        self.error.show_error("")
        try:
            action(self.context.store)
        except (ValidationError, FileProblem) as exc:
            self.error.show_error(getattr(exc, "message", str(exc)))
            return False
        self.context.notify("plan_sections")
        return True

    def save_current(self) -> bool:
        r = self.current()
        if r is None:
            return False
        d = default_of(r.key) if r.key else None
        title = self.title.text().strip()
        text = self.text.toPlainText().rstrip()
        # A text equal to the shipped one stays "the default", so it follows later updates.
        r.title = None if d and title == d.title else title
        r.text = None if d and text == d.text.rstrip() else text
        r.removed = False
        return self._write(lambda store: plan_db.save_section(store, r))

    def add(self, kind: str) -> bool:
        label = "Nytt vedlegg" if kind == "appendix" else "Nytt kapittel"
        record = PlanSection(kind=kind, title=label, text="")
        ok = self._write(lambda store: plan_db.save_section(store, record))
        if ok:
            self.list.setCurrentRow(next(i for i, r in enumerate(self.records)
                                         if r.id == record.id))
            self.title.setFocus()
            self.title.selectAll()
        return ok

    def remove_current(self) -> bool:
        r = self.current()
        return r is not None and self._write(lambda store: plan_db.remove_section(store, r))

    def reset_current(self) -> bool:
        r = self.current()
        if r is None or not r.key:
            self.error.show_error("Kommunens egne kapitler har ingen standardtekst.")
            return False
        r.title = r.text = None
        r.removed = False
        return self._write(lambda store: plan_db.save_section(store, r))

    def move(self, delta: int) -> bool:
        r = self.current()
        if r is None:
            return False
        target = r.id if r.id is not None else r.key
        return self._write(lambda store: plan_db.move_section(store, target, delta))
