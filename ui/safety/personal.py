"""Fil -> Personvern: for one doctor, export everything the file holds (an access request:
JSON plus a readable summary) or, after the training, erase the personal data and keep the
anonymised statistics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QInputDialog, QLabel,
    QPushButton, QVBoxLayout,
)

from alis_desktop import personal
from alis_desktop.atomic_files import write_text_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.records import RECORD_KINDS
from db.personal import erase_doctor, export_doctor
from ui.widgets import ErrorLabel, norwegian_buttons

EXPLAIN = (
    "<b>Innsyn:</b> alt filen inneholder om legen, som JSON (maskinlesbart) og en lesbar "
    "tekstfil. Filen inneholder ingen pasientopplysninger.<br><br>"
    "<b>Sletting etter endt utdanning:</b> navn, fødselsdato, HPR-nummer, kontaktopplysninger, "
    "merknader, referater, vurderinger og attest-PDF-er fjernes. Perioder, prosenter, timer, "
    "datoer, godkjente læringsmål og attestnumre beholdes anonymt, så kommunens statistikk "
    "stemmer. Slettingen føres i revisjonsloggen og kan ikke angres (bortsett fra ved å "
    "gjenopprette en sikkerhetskopi).")


def write_export(data: dict, text: str, json_path: Path) -> tuple[Path, Path]:
    """OUT.json and OUT.txt beside it."""
    json_path = Path(json_path)
    txt_path = json_path.with_suffix(".txt")
    write_text_atomically(json_path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    write_text_atomically(txt_path, text)
    return json_path, txt_path


class PersonalDataDialog(QDialog):
    def __init__(self, context, parent=None, doctor_id: int | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.setWindowTitle("Personvern")
        self.doctor = QComboBox()
        for d in context.store.all("doctors", order_by="name"):
            ended = f", avsluttet {fmt(d.end_date)}" if d.end_date else ""
            self.doctor.addItem(f"{d.name}{ended}", d.id)
        if doctor_id is not None:
            self.doctor.setCurrentIndex(max(0, self.doctor.findData(doctor_id)))
        self.doctor.currentIndexChanged.connect(self._update)
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.error = ErrorLabel()
        self.export_button = QPushButton("&Eksporter alle opplysninger ...")
        self.export_button.clicked.connect(lambda: self.export())
        self.erase_button = QPushButton("&Slett personopplysninger ...")
        self.erase_button.clicked.connect(lambda: self.erase())
        buttons = norwegian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Lege", self.doctor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.state)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self._update()

    def doctor_id(self) -> int | None:
        return self.doctor.currentData()

    def _update(self) -> None:
        self.error.show_error("")
        doctor_id = self.doctor_id()
        self.export_button.setEnabled(doctor_id is not None)
        if doctor_id is None:
            self.erase_button.setEnabled(False)
            return
        doctor = self.context.store.get("doctors", doctor_id)
        try:
            personal.check_may_erase(doctor, self.today)
            reason = ""
        except ValidationError as exc:
            reason = exc.message
        if doctor.name == personal.anonymous_name(doctor.id):
            reason = "Personopplysningene er allerede slettet."
        if self.context.read_only:
            reason = "Filen er åpnet skrivebeskyttet."
        self.erase_button.setEnabled(not reason)
        self.state.setText(reason)

    def export(self, path: Path | None = None) -> tuple[Path, Path] | None:
        doctor_id = self.doctor_id()
        if doctor_id is None:
            return None
        if path is None:
            name = self.context.store.get("doctors", doctor_id).name.replace(" ", "-")
            out, _ = QFileDialog.getSaveFileName(self, "Eksporter opplysninger",
                                                 f"innsyn-{name}.json", "JSON (*.json)")
            if not out:
                return None
            path = Path(out)
        data, text = export_doctor(self.context.store, doctor_id, self.today)
        try:
            return write_export(data, text, path)
        except OSError as exc:
            self.error.show_error(f"Kunne ikke lagre: {exc}")
            return None

    def ask_reason(self) -> str | None:
        name = self.doctor.currentText()
        reason, ok = QInputDialog.getText(
            self, "Slett personopplysninger",
            f"Slette personopplysningene om {name}? Dette kan ikke angres.\n"
            "Oppgi grunnlaget (f.eks. «utdanning avsluttet, sletting etter rutine»):")
        return reason.strip() if ok and reason.strip() else None

    def erase(self, reason: str | None = None) -> dict | None:
        doctor_id = self.doctor_id()
        if doctor_id is None:
            return None
        reason = reason if reason is not None else self.ask_reason()
        if not reason:
            return None
        try:
            changed = erase_doctor(self.context.store, doctor_id, self.today, reason=reason)
        except (ValidationError, FileProblem) as exc:
            self.error.show_error(str(exc))
            return None
        self.context.notify(*RECORD_KINDS)
        index = self.doctor.currentIndex()
        self.doctor.setItemText(index, self.context.store.get("doctors", doctor_id).name)
        self._update()
        self.state.setText(f"Personopplysningene er slettet ({sum(changed.values())} poster "
                           "endret).")
        return changed


