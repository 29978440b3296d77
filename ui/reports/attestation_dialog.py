"""Issuing an attestation: the leader checks the proposals (teaching, on-call arrangement,
content, satisfactory) and the period or placements, and the program refuses while a field
is empty, naming it. Issuing numbers, prints and registers it in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout,
)

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.attestation import AttestationIncomplete, AttestationInputs
from alis_desktop.dates import fmt, years_months
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.service_time import awaiting_confirmation
from alis_desktop.vocab import PlacementStatus, ServiceCategory
from reports import attestation
from ui.reports.documents import suggested_name
from ui.widgets import ERROR_STYLE, DateEdit, ErrorLabel, hbox, norwegian_buttons

# Where the leader fixes a field this dialog cannot edit.
WHERE_TO_FIX = _ELSEWHERE = {
    "municipality_name": "Fil > Kommunens opplysninger", "org_number":
    "Fil > Kommunens opplysninger", "registered_date": "Fil > Kommunens opplysninger",
    "place": "Fil > Kommunens opplysninger",
    "head_of_service_name": "Fil > Kommunens opplysninger",
    "head_of_service_title": "Fil > Kommunens opplysninger",
    "medical_lead_name": "Fil > Kommunens opplysninger",
    "medical_lead_title": "Fil > Kommunens opplysninger",
    "birth_date": "legens opplysninger (Leger)", "hpr_number": "legens opplysninger (Leger)",
    "position_type": "legens opplysninger (Leger)", "doctor_name": "legens opplysninger",
    "supervisors": "veiledere og tildelinger (Veiledning)",
}


class AttestationDialog(QDialog):
    def __init__(self, context, doctor_id: int, *, as_of: date | None = None,
                 period_start: date | None = None, period_end: date | None = None,
                 parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id = doctor_id
        self.as_of = as_of or date.today()
        self.issued = None            # the Attestation record once issued
        self.written: Path | None = None
        # Replaced in tests; returns the chosen path or "".
        self.choose_path = self._ask_path
        store = context.store
        self.doctor = store.get("doctors", doctor_id)
        self.setWindowTitle(f"Attest for {self.doctor.name}")
        self.setModal(True)
        self.resize(720, 760)

        self.start_edit = DateEdit(period_start)
        self.end_edit = DateEdit(period_end)
        # Each period on two lines (dates and position, then arena and category), so the
        # list fits the dialog's width; it scrolls both ways when it must.
        self.placements = QListWidget()
        self.placements.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.placements.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.placements.setTextElideMode(Qt.TextElideMode.ElideNone)
        arenas = {a.id: a.name for a in store.all("arenas")}
        waiting = {p.id for p in awaiting_confirmation(
            store.for_doctor("placements", doctor_id), self.as_of)}
        for p in store.for_doctor("placements", doctor_id, order_by="start_date"):
            agreed = p.status == PlacementStatus.AGREED.value
            if not agreed and p.id not in waiting:
                continue
            text = (f"{fmt(p.start_date)}–{fmt(p.end_date)}, {p.position_pct:g} %"
                    + ("" if agreed else "  (foreløpig: bekreft som avtalt først)")
                    + f"\n{arenas.get(p.arena_id, '')} ({ServiceCategory.label_of(p.category)})")
            item = QListWidgetItem(text)
            item.setToolTip(text.replace("\n", " – "))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            if agreed:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:  # shown so the leader sees why it is missing, not chosen
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.placements.addItem(item)
        rows = min(max(self.placements.count(), 1), 4)
        line = self.placements.fontMetrics().lineSpacing()
        self.placements.setFixedHeight(rows * (2 * line + 6) + 2 * self.placements.frameWidth()
                                       + self.placements.horizontalScrollBar().sizeHint().height())
        self.refresh_button = QPushButton("Hent forslag på nytt")
        self.refresh_button.setToolTip("Fyller tekstfeltene fra registrerte data for perioden")
        self.refresh_button.clicked.connect(self.propose)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.teaching = QPlainTextEdit()
        self.on_call = QPlainTextEdit()
        self.content = QPlainTextEdit()
        for edit in (self.teaching, self.on_call, self.content):
            edit.setTabChangesFocus(True)
        self.on_call.setMaximumHeight(70)
        self.content.setMaximumHeight(80)
        self.satisfactory = QComboBox()
        self.satisfactory.addItem("(ikke vurdert)", None)
        self.satisfactory.addItem("Ja", True)
        self.satisfactory.addItem("Nei", False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Merknad til vurderingen (valgfri)")
        self.fields = {"period_start": self.start_edit, "period_end": self.end_edit,
                       "placement_ids": self.placements, "teaching": self.teaching,
                       "on_call": self.on_call, "content": self.content,
                       "satisfactory": self.satisfactory}

        form = QFormLayout()
        form.addRow("Periode", hbox(self.start_edit, QLabel("–"), self.end_edit,
                                    self.refresh_button, None))
        form.addRow("Tjenesteperioder", self.placements)
        form.addRow("", self.summary)
        # Marked as the attestation requires them (alis_desktop.attestation.REQUIRED).
        form.addRow("Undervisning *", self.teaching)
        form.addRow("Vaktordning *", self.on_call)
        form.addRow("Tjenestens innhold *", self.content)
        form.addRow("Tilfredsstillende *", hbox(self.satisfactory, self.note))
        self.error = ErrorLabel()
        self.buttons = norwegian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Utsted attest ...")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{self.doctor.name}</b>: bekreftelse på gjennomført praktisk "
                         "tjeneste (avtalt tjeneste fram til i dag). Tomme felt stopper "
                         "utskriften.")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.propose()

    # --- reading the form --------------------------------------------------------------
    def _chosen_ids(self) -> list[int] | None:
        items = [self.placements.item(i) for i in range(self.placements.count())
                 if self.placements.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        checked = [i.data(Qt.ItemDataRole.UserRole) for i in items
                   if i.checkState() == Qt.CheckState.Checked]
        return None if len(checked) == len(items) else checked

    def _period(self) -> tuple[date | None, date | None]:
        try:
            return self.start_edit.date_value(), self.end_edit.date_value()
        except ValueError as exc:
            raise ValidationError("period_start", str(exc)) from None

    def inputs(self) -> AttestationInputs:
        return AttestationInputs(teaching=self.teaching.toPlainText(),
                                 on_call=self.on_call.toPlainText(),
                                 content=self.content.toPlainText(),
                                 satisfactory=self.satisfactory.currentData(),
                                 assessment_note=self.note.text())

    def data(self, inputs: AttestationInputs | None):
        start, end = self._period()
        ids = self._chosen_ids()
        if ids == []:
            raise ValidationError("placement_ids", "Velg minst én tjenesteperiode.")
        return attestation.assemble_from_store(
            self.context.store, self.doctor_id, as_of=self.as_of, period_start=start,
            period_end=end, placement_ids=ids, inputs=inputs)

    # --- actions -----------------------------------------------------------------------
    def propose(self) -> None:
        """Fill every field from the data for the chosen period (overwrites typed text)."""
        try:
            data = self.data(None)
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.start_edit.set_date(data.period_start)
        self.end_edit.set_date(data.period_end)
        self.teaching.setPlainText(data.teaching)
        self.on_call.setPlainText(data.on_call)
        self.content.setPlainText(data.content)
        self.satisfactory.setCurrentIndex(self.satisfactory.findData(data.satisfactory)
                                          if data.satisfactory is not None else 0)
        self.summary.setText(
            f"Tellende tjeneste i perioden: {years_months(data.counted_total)}. "
            f"{len(data.supervisors)} veileder(e), {len(data.absences)} fravær utover ferie, "
            f"{len(data.goals_approved)} læringsmål godkjent.")
        self.show_error(None)

    def show_error(self, exc: ValidationError | None) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        if exc is None:
            self.error.show_error("")
            return
        message = exc.message
        fields = getattr(exc, "fields", [exc.field])
        elsewhere = sorted({_ELSEWHERE[f] for f in fields if f in _ELSEWHERE})
        if elsewhere:
            message += " Rett opp i " + " og ".join(elsewhere) + "."
        self.error.show_error(message)
        for f in fields:
            if f in self.fields:
                self.fields[f].setStyleSheet(ERROR_STYLE)
        first = next((self.fields[f] for f in fields if f in self.fields), None)
        if first is not None:
            first.setFocus()

    def _ask_path(self, suggested: str) -> str:
        out, _ = QFileDialog.getSaveFileName(self, "Lagre attesten", suggested, "PDF (*.pdf)")
        return out

    def accept(self) -> None:
        try:
            data = self.data(self.inputs())
            attestation.check_complete(data)
        except (AttestationIncomplete, ValidationError) as exc:
            self.show_error(exc)
            return
        folder = self.context.store.path.parent if self.context.store.path else Path.home()
        out = self.choose_path(str(folder / suggested_name("attestation", self.doctor.name,
                                                           data.issued_date)))
        if not out:
            return
        try:
            self.issued = attestation.issue(self.context.store, data)
        except (ValidationError, FileProblem) as exc:
            self.error.show_error(f"Attesten ble ikke utstedt: {exc}")
            return
        self.context.notify("attestations", "audit_log")
        try:
            write_bytes_atomically(Path(out), self.issued.pdf)
        except FileProblem as exc:
            self.error.show_error(
                f"Attest {self.issued.number} er utstedt og registrert, men filen kunne ikke "
                f"skrives. {exc} Skriv den ut på nytt fra attestregisteret.")
            return
        self.written = Path(out)
        super().accept()
