"""Kommunens plan: the municipality's plan for the specialist training (§ 23 d) as the
leader writes it: sections and appendices, contacts, each arena's conditions and
activities, the course table, the adopted versions; printed as PDF or Word."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem, ValidationError
from ui.forms import FormDialog
from ui.plan.lists import ArenaPlanEditor, contacts_editor, courses_editor
from ui.plan.sections import SectionsEditor
from ui.table_model import Column, RecordTableModel, record_table, selected_object
from ui.widgets import DateEdit, ErrorLabel


class _Done(QObject):
    """Lives in the GUI thread; the worker's result arrives through a queued signal."""

    done = Signal(object)  # bytes / a record, or the exception raised


def in_thread(work: Callable[[], object], on_done: Callable[[object], None],
              parent: QObject) -> None:
    """Run `work` (rendering only: no store) on a worker thread; `on_done(result)` runs in
    the GUI thread. A PDF of the plan takes about half a second to a second."""
    signals = _Done(parent)
    signals.done.connect(on_done)
    signals.done.connect(signals.deleteLater)

    def run():
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - shown to the user by on_done
            result = exc
        try:
            signals.done.emit(result)
        except RuntimeError:  # the window is gone
            pass

    threading.Thread(target=run, name="alis-plan", daemon=True).start()


class AdoptDialog(FormDialog):
    """Vedta versjon: version, date and who adopted it."""

    def __init__(self, context, parent=None):
        super().__init__("Vedta planen", parent)
        self.context = context
        self.saved = None
        versions = context.store.all("plan_versions")
        m = context.store.municipality()
        self.add("version", "Versjon *", QLineEdit(_next_version(versions)))
        self.add("adopted_date", "Vedtatt dato *", DateEdit(date.today()))
        self.add("adopted_by", "Vedtatt av *", QLineEdit(
            f"{m.head_of_service_title} {m.head_of_service_name}".strip()))
        self.add("note", "Merknad", QLineEdit())
        self.lay_out("Vedta")

    def accept(self) -> None:
        from reports.municipal_plan import complete_adoption, prepare_adoption
        try:
            when = self.read_date("adopted_date")
            if when is None:
                raise ValidationError("adopted_date", "Vedtatt dato må fylles ut.")
            record = prepare_adoption(self.context.store, self.fields["version"].text(), when,
                                      self.fields["adopted_by"].text(),
                                      self.fields["note"].text().strip())
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.ok_button.setEnabled(False)
        self.error.show_error("")
        # The PDF is rendered on a worker; the record is saved here, in one transaction.
        in_thread(lambda: complete_adoption(record), self._rendered, self)

    def _rendered(self, result) -> None:
        self.ok_button.setEnabled(True)
        try:
            if isinstance(result, Exception):
                raise result
            self.saved = self.context.store.save(result)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        except (FileProblem, OSError) as exc:
            self.error.show_error(str(exc))
            return
        self.context.notify("plan_versions")
        super().accept()


def _next_version(versions) -> str:
    if not versions:
        return "1.0"
    last = max(versions, key=lambda v: (v.adopted_date, v.id or 0)).version
    head, _, tail = last.rpartition(".")
    return f"{head}.{int(tail) + 1}" if tail.isdigit() and head else f"{last} (ny)"


class PlanView(QWidget):
    written = Signal(object)  # the Path of a file just written

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.choose_path = self._ask_path  # tests replace it so no dialog opens
        self.last_written: Path | None = None
        title = QLabel("Kommunens plan")
        title.setObjectName("viewTitle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pdf_button = QPushButton("Skriv ut PDF ...")
        self.pdf_button.clicked.connect(lambda: self.write(".pdf"))
        self.docx_button = QPushButton("Skriv ut Word ...")
        self.docx_button.clicked.connect(lambda: self.write(".docx"))
        self.adopt_button = QPushButton("Vedta versjon ...")
        self.adopt_button.clicked.connect(self.adopt)
        self.error = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for b in (self.pdf_button, self.docx_button, self.adopt_button):
            top.addWidget(b)

        self.sections = SectionsEditor(context)
        self.contacts = contacts_editor(context)
        self.arenas = ArenaPlanEditor(context)
        self.courses = courses_editor(context)
        self.version_model = RecordTableModel([
            Column("Versjon", lambda v: v.version),
            Column("Vedtatt", lambda v: v.adopted_date),
            Column("Vedtatt av", lambda v: v.adopted_by),
            Column("Merknad", lambda v: v.note),
            Column("Sjekksum", lambda v: v.sha256[:12])], self)
        self.versions, _proxy = record_table(self.version_model, self)
        self.reprint_button = QPushButton("Skriv ut valgt versjon ...")
        self.reprint_button.clicked.connect(self.reprint)
        versions_tab = QWidget()
        box = QVBoxLayout(versions_tab)
        box.addWidget(QLabel("Vedtatte versjoner skrives ut nøyaktig slik de ble vedtatt."))
        box.addWidget(self.versions, 1)
        box.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.sections, "Kapitler")
        self.tabs.addTab(self.contacts, "Kontaktpersoner")
        self.tabs.addTab(self.arenas, "Læringsarenaer")
        self.tabs.addTab(self.courses, "Kurs")
        self.tabs.addTab(versions_tab, "Vedtatte versjoner")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        context.changed.connect(lambda kinds: "plan_versions" in kinds and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        versions = sorted(store.all("plan_versions"), key=lambda v: (v.adopted_date, v.id))
        self.version_model.set_rows(versions)
        if versions:
            v = versions[-1]
            self.status.setText(f"Gjeldende versjon {v.version}, vedtatt "
                                f"{fmt(v.adopted_date)} av {v.adopted_by}. Endringer her "
                                "gjelder utkastet til neste versjon.")
        else:
            self.status.setText("Planen er ikke vedtatt. Skriv og tilpass kapitlene, og "
                                "vedta en versjon når den er klar.")
        self.adopt_button.setEnabled(not self.context.read_only)

    def _ask_path(self, suggested: str) -> str:
        out, _ = QFileDialog.getSaveFileName(self, "Lagre som", suggested)
        return out

    def _write_file(self, suggested: str, make) -> Path | None:
        """Ask for a file name, render on a worker thread (`make(suffix) -> bytes`, no
        store), write the file here; `written` says when it is there."""
        self.error.show_error("")
        out = self.choose_path(suggested)
        if not out:
            return None
        path = Path(out)
        buttons = (self.pdf_button, self.docx_button, self.reprint_button)
        for b in buttons:
            b.setEnabled(False)
        self.status.setText(f"Skriver {path.name} ...")

        def done(result) -> None:
            for b in buttons:
                b.setEnabled(True)
            self.refresh()
            try:
                if isinstance(result, Exception):
                    raise result
                write_bytes_atomically(path, result)  # whole or not at all
            except FileProblem as exc:
                self.error.show_error(str(exc))
                return
            except OSError as exc:
                self.error.show_error(f"Kunne ikke skrive {path}: {exc}")
                return
            self.last_written = path
            self.status.setText(f"Skrev {path}")
            self.written.emit(path)

        suffix = path.suffix.lower()
        in_thread(lambda: make(suffix), done, self)
        return path

    def write(self, suffix: str) -> Path | None:
        """The draft as PDF or Word (the suffix of the chosen name decides)."""
        from reports import municipal_plan
        document = municipal_plan.document_for(self.context.store, date.today())
        if document["warnings"]:
            self.error.show_error(" ".join(document["warnings"]))

        def make(chosen: str) -> bytes:
            if chosen == ".docx":
                from reports.municipal_plan_docx import render_docx
                return render_docx(document)
            return municipal_plan.render_pdf(document)

        return self._write_file(f"Utdanningsplan-{date.today().isoformat()}{suffix}", make)

    def adopt(self):
        if self.context.read_only:
            return None
        dialog = AdoptDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reprint(self) -> Path | None:
        version = selected_object(self.versions, self.version_model)
        if version is None:
            self.error.show_error("Velg en vedtatt versjon.")
            return None

        def make(chosen: str) -> bytes:
            if chosen == ".docx":
                from reports.municipal_plan_docx import render_docx
                return render_docx(version.document)
            return version.pdf

        return self._write_file(f"Utdanningsplan-versjon-{version.version}.pdf", make)
