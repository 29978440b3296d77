"""Rapporter: the printed documents (pick document, doctor(s) and period, preview the first
page, print to PDF, print many off the GUI thread), the attestation register, and data out
of the file (JSON export, file check, the handover pack)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QPushButton, QScrollArea, QTabWidget, QTextBrowser,
    QVBoxLayout, QWidget,
)

from alis_desktop.atomic_files import write_bytes_atomically, write_text_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem, ValidationError
from db.check import check_file
from db.exchange import dumps, export_data
from ui.reports.batch import BatchPrint, Job
from ui.reports.documents import KIND_BY_KEY, KINDS, build_document, suggested_name
from ui.reports.preview import first_page_image, first_page_text
from ui.reports.register import AttestationRegister
from ui.table_model import ROW_ROLE, Column, RecordTableModel, record_table
from ui.widgets import DateEdit, ErrorLabel, shortcut_action


def open_in_viewer(path: Path) -> None:
    """The system's PDF viewer (or file manager, for a folder)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReportsView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        # Dialog and viewer hooks; tests replace them so nothing pops up or opens.
        self.choose_path = self._ask_path
        self.choose_folder = self._ask_folder
        self.open_file = open_in_viewer
        self.batch: BatchPrint | None = None
        self.last_written: Path | None = None

        title = QLabel("Rapporter og data")
        title.setObjectName("viewTitle")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._documents_tab(), "Dokumenter")
        self.register = AttestationRegister(context)
        self.register.open_file = lambda p: self.open_after.isChecked() and self.open_file(p)
        self.tabs.addTab(self.register, "Attestregister")
        self.tabs.addTab(self._data_tab(), "Data og overlevering")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        context.changed.connect(lambda kinds: "doctors" in kinds and self.refresh_doctors())
        context.file_changed.connect(self.refresh_doctors)
        context.file_changed.connect(self._kind_changed)
        self.refresh_doctors()
        self._kind_changed()

    # --- the documents tab -------------------------------------------------------------
    def _documents_tab(self) -> QWidget:
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(k.label, k.key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.doctor_model = RecordTableModel([
            Column("Lege", lambda d: d.name),
            Column("Status", lambda d: d.status(date.today())),
            Column("Startdato", lambda d: d.start_date)], self)
        self.doctors, self.doctor_proxy = record_table(self.doctor_model, self, single=False)
        self.doctor_search = QLineEdit()
        self.doctor_search.setPlaceholderText("Søk etter lege ...")
        self.doctor_search.setClearButtonEnabled(True)
        self.doctor_search.textChanged.connect(self.doctor_proxy.setFilterFixedString)
        self.doctors.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.doctors.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.doctors.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.all_active = QPushButton("Velg alle aktive")
        self.all_active.clicked.connect(self.select_active)
        self.start_edit = DateEdit()
        self.end_edit = DateEdit(date.today())
        self.start_label = QLabel("Fra")
        self.end_label = QLabel("Til")
        self.open_after = QCheckBox("Åpne PDF-en når den er skrevet")
        self.open_after.setChecked(True)
        self.preview_button = QPushButton("Forhåndsvis (F5)")
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton("Skriv ut til PDF ... (Ctrl+P)")
        self.print_button.clicked.connect(self.print_pdf)
        self.batch_button = QPushButton("Skriv ut for alle valgte leger ...")
        self.batch_button.clicked.connect(self.print_batch)
        shortcut_action(self, "Forhåndsvis", "F5", self.preview)
        shortcut_action(self, "Skriv ut", "Ctrl+P", self.print_pdf)
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(QLabel("Dokument"))
        left.addWidget(self.kind)
        row = QHBoxLayout()
        row.addWidget(QLabel("Leger"))
        row.addStretch(1)
        row.addWidget(self.all_active)
        left.addLayout(row)
        left.addWidget(self.doctor_search)
        left.addWidget(self.doctors, 1)
        period = QHBoxLayout()
        period.addWidget(self.start_label)
        period.addWidget(self.start_edit)
        period.addWidget(self.end_label)
        period.addWidget(self.end_edit)
        period.addStretch(1)
        left.addLayout(period)
        left.addWidget(self.open_after)
        left.addWidget(self.preview_button)
        left.addWidget(self.print_button)
        left.addWidget(self.batch_button)
        left.addWidget(self.error)
        left.addWidget(self.status)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMaximumWidth(430)

        self.page = QLabel("Velg dokument og lege, og trykk Forhåndsvis.")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setWordWrap(True)
        self.page.setStyleSheet("background: #e9edf2; padding: 12px;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)
        self.preview_caption = QLabel()
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addWidget(self.preview_caption)

        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.addWidget(left_box)
        layout.addLayout(right, 1)
        return tab

    def refresh_doctors(self) -> None:
        store = self.context.store
        self.doctor_model.set_rows([d for d in store.all("doctors", order_by="name")
                                    if not d.archived] if store else [])

    def current_kind(self):
        return KIND_BY_KEY[self.kind.currentData()]

    def _kind_changed(self) -> None:
        k = self.current_kind()
        self.doctors.setEnabled(k.per_doctor)
        self.doctor_search.setEnabled(k.per_doctor)
        self.all_active.setEnabled(k.per_doctor)
        self.start_edit.setEnabled(k.uses_period)
        self.start_label.setEnabled(k.uses_period)
        self.end_label.setText("Til" if k.uses_period else "Per dato")
        # A blank period means "from the start of training to today or its end".
        if k.uses_period:
            self.start_edit.set_date(None)
            self.end_edit.set_date(None)
            self.end_edit.setPlaceholderText("i dag")
        elif not self.end_edit.text().strip():
            self.end_edit.set_date(date.today())
        self.batch_button.setEnabled(k.per_doctor and not k.writes)
        self.batch_button.setToolTip(
            "Attester utstedes én og én (de registreres med nummer)." if k.writes
            else "Skriver ett dokument per valgt lege i bakgrunnen.")
        self.print_button.setText("Utsted attest ... (Ctrl+P)" if k.writes
                                  else "Skriv ut til PDF ... (Ctrl+P)")
        # Issuing registers the attestation: impossible in a file opened read-only.
        self.print_button.setEnabled(not (k.writes and self.context.read_only))

    def select_active(self) -> None:
        self.doctors.clearSelection()
        selection = self.doctors.selectionModel()
        for r in range(self.doctor_proxy.rowCount()):
            index = self.doctor_proxy.index(r, 0)
            if index.data(ROW_ROLE).status(date.today()) == "Aktiv":
                selection.select(index, selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)

    def selected_doctors(self) -> list:
        rows = sorted(self.doctors.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ROW_ROLE) for i in rows]

    def _dates(self) -> tuple[date | None, date]:
        k = self.current_kind()
        try:
            start = self.start_edit.date_value() if k.uses_period else None
            end = self.end_edit.date_value()
        except ValueError as exc:
            raise ValidationError("period", str(exc)) from None
        return start, end

    def _one_doctor(self):
        if not self.current_kind().per_doctor:
            return None
        chosen = self.selected_doctors()
        if not chosen:
            raise ValidationError("doctor", "Velg en lege i listen.")
        return chosen[0]

    def _build(self) -> tuple[bytes, object, date]:
        """The current document's bytes (an attestation as an unnumbered draft)."""
        doctor = self._one_doctor()
        start, end = self._dates()
        k = self.current_kind()
        as_of = date.today() if k.uses_period else (end or date.today())
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = build_document(self.context.store, k.key,
                                  doctor_id=doctor.id if doctor else None, as_of=as_of,
                                  period_start=start, period_end=end if k.uses_period else None)
        finally:
            QGuiApplication.restoreOverrideCursor()
        return data, doctor, as_of

    def preview(self) -> None:
        self.error.show_error("")
        try:
            data, doctor, _ = self._build()
        except (ValidationError, FileProblem) as exc:
            self.error.show_error(str(exc))
            return
        image = first_page_image(data, dpi=72)
        if image is not None:
            self.page.setPixmap(QPixmap.fromImage(image))
        else:
            self.page.setText(first_page_text(data))
        k = self.current_kind()
        who = f" for {doctor.name}" if doctor else ""
        draft = " (utkast: ikke utstedt før du trykker Utsted)" if k.writes else ""
        self.preview_caption.setText(f"Første side av {k.label.lower()}{who}{draft}.")

    def print_pdf(self) -> Path | None:
        self.error.show_error("")
        k = self.current_kind()
        if k.writes:
            return self._issue_attestation()
        try:
            data, doctor, as_of = self._build()
        except (ValidationError, FileProblem) as exc:
            self.error.show_error(str(exc))
            return None
        out = self.choose_path(str(self._folder() / suggested_name(
            k.key, doctor.name if doctor else "", as_of)))
        if not out:
            return None
        return self._written(Path(out), data)

    def _written(self, path: Path, data: bytes) -> Path | None:
        try:
            write_bytes_atomically(path, data)  # Windows: the old PDF may be open in a reader
        except FileProblem as exc:
            self.error.show_error(str(exc))
            return None
        self.last_written = path
        self.status.setText(f"Skrev {path}")
        if self.open_after.isChecked():
            self.open_file(path)
        return path

    def _issue_attestation(self) -> Path | None:
        from ui.reports.attestation_dialog import AttestationDialog
        if self.context.read_only:
            self.error.show_error("Filen er åpnet skrivebeskyttet; attester kan ikke utstedes.")
            return None
        try:
            doctor = self._one_doctor()
            start, end = self._dates()
        except ValidationError as exc:
            self.error.show_error(str(exc))
            return None
        dialog = AttestationDialog(self.context, doctor.id, period_start=start,
                                   period_end=end, parent=self)
        dialog.choose_path = self.choose_path
        if dialog.exec() and dialog.written is not None:
            self.last_written = dialog.written
            self.status.setText(f"Attest {dialog.issued.number} utstedt og registrert: "
                                f"{dialog.written}")
            if self.open_after.isChecked():
                self.open_file(dialog.written)
            return dialog.written
        return None

    def print_batch(self) -> BatchPrint | None:
        """One document per selected doctor, built on a worker thread with its own
        read-only connection; the progress dialog can cancel."""
        self.error.show_error("")
        k = self.current_kind()
        doctors = self.selected_doctors()
        if not (k.per_doctor and not k.writes):
            self.error.show_error("Bare utdanningsplaner kan skrives ut samlet.")
            return None
        if not doctors:
            self.error.show_error("Velg legene i listen (Ctrl+klikk, eller Velg alle aktive).")
            return None
        try:
            _, as_of = self._dates()
        except ValidationError as exc:
            self.error.show_error(str(exc))
            return None
        folder = self.choose_folder("Velg mappe for dokumentene")
        if not folder:
            return None
        jobs = [Job(k.key, d.id, d.name) for d in doctors]
        self.batch = BatchPrint(self.context.store.path, jobs, Path(folder),
                                as_of or date.today(), self)
        self.batch.finished.connect(self._batch_done)
        self.batch.start()
        return self.batch

    def _batch_done(self, result) -> None:
        if result.error:
            self.error.show_error(f"Utskriften stoppet: {result.error}")
        done = f"Skrev {len(result.written)} dokument(er)"
        if result.written:
            done += f" til {result.written[0].parent}"
        self.status.setText(done + (" (avbrutt)." if result.cancelled else "."))
        if result.written and self.open_after.isChecked() and not result.cancelled:
            self.open_file(result.written[0].parent)

    # --- the data tab ------------------------------------------------------------------
    def _data_tab(self) -> QWidget:
        data_box = QGroupBox("Data")
        self.export_button = QPushButton("Eksporter alt til JSON ...")
        self.export_button.clicked.connect(self.export_json)
        self.check_button = QPushButton("Kontroller filen")
        self.check_button.clicked.connect(self.check)
        box_layout = QVBoxLayout(data_box)
        box_layout.addWidget(QLabel("Full eksport av alt i filen (formatet er beskrevet i "
                                    "docs/data-format.md); kan importeres til en ny fil."))
        box_layout.addWidget(self.export_button)
        box_layout.addWidget(self.check_button)
        handover_box = QGroupBox("Overlevering")
        self.handover_button = QPushButton("Lag overleveringspakke ...")
        self.handover_button.clicked.connect(self.handover)
        handover_layout = QVBoxLayout(handover_box)
        label = QLabel("Når den som har ansvaret slutter: en kontrollert kopi av filen "
                       "(med SHA-256) og en PDF med status, åpne tiltak, veiledere, avtaler "
                       "og frister for hver lege, i samme mappe.")
        label.setWordWrap(True)
        handover_layout.addWidget(label)
        handover_layout.addWidget(self.handover_button)
        self.result = QTextBrowser()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(data_box, 1)
        row.addWidget(handover_box, 1)
        layout.addLayout(row)
        layout.addWidget(self.result, 1)
        return tab

    def export_json(self) -> None:
        store = self.context.store
        suggested = str(store.path.with_suffix(".json")) if store.path else "alis.json"
        out, _ = QFileDialog.getSaveFileName(self, "Eksporter til JSON", suggested,
                                             "JSON (*.json)")
        if not out:
            return
        write_text_atomically(Path(out), dumps(export_data(store)))
        self.result.setPlainText(f"Eksporterte til {out}.")

    def check(self) -> None:
        store = self.context.store
        if store is None or store.path is None:
            return
        report = check_file(store.path)
        lines = [f"Skjemaversjon: {report['schema_version']}",
                 f"Integritet: {report['integrity']}",
                 f"Fremmednøkkelfeil: {report['foreign_key_problems']}", ""]
        lines += [f"{kind}: {n}" for kind, n in report["counts"].items()]
        self.result.setPlainText("\n".join(lines))
        if not report["ok"]:
            QMessageBox.warning(self, "Kontroll", "Filen har problemer; se detaljene.")

    def handover(self):
        from reports.handover import write_pack
        folder = self.choose_folder("Velg mappe for overleveringspakken")
        if not folder:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pack = write_pack(self.context.store, Path(folder), date.today())
        except (FileProblem, OSError) as exc:
            self.result.setPlainText(f"Overleveringspakken ble ikke laget: {exc}")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result.setPlainText(
            f"Overleveringspakke laget {fmt(date.today())}:\n"
            f"  PDF: {pack.pdf}\n  Kopi av filen: {pack.copy.path}\n"
            f"  SHA-256: {pack.copy.sha256}\n  Integritetskontroll: {pack.copy.integrity}")
        if self.open_after.isChecked():
            self.open_file(pack.pdf)
        return pack

    # --- helpers -----------------------------------------------------------------------
    def _folder(self) -> Path:
        store = self.context.store
        return store.path.parent if store and store.path else Path.home()

    def _ask_path(self, suggested: str) -> str:
        out, _ = QFileDialog.getSaveFileName(self, "Skriv ut til PDF", suggested, "PDF (*.pdf)")
        return out

    def _ask_folder(self, caption: str) -> str:
        return QFileDialog.getExistingDirectory(self, caption, str(self._folder()))
