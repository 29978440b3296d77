"""The coordinator's side in the window: «Samlet liste fra flere kommuner ...» ranks the
candidates of several files and municipalities' exported sheets together
(reports/institution_merge.py), on a worker thread; and «Les tildeling fra koordinator
...» on the Rotasjonsplan shows what the coordinator's allocation will record, then records
it in one transaction (db/institution.py apply_allocation)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout,
)

from alis_desktop import priority_models as pm
from alis_desktop.errors import FileProblem, ValidationError
from db import institution as inst
from db.store import Store
from ui.widgets import ErrorLabel, norwegian_buttons

FIRST_FILES_MODEL = "Modellen til den første filen"


class _Done(QObject):
    finished = Signal(object)  # (pdf, xlsx) paths or the exception raised


def merge_files(inputs, model_name: str | None, out: Path, as_of: date):
    """The merged list written beside `out` (PDF and .xlsx); returns both paths."""
    from reports.institution_merge import load_sources, resolve_model, write_merged
    files = [p for p in inputs if not str(p).lower().endswith(".xlsx")]
    sheets = [p for p in inputs if str(p).lower().endswith(".xlsx")]
    sources = load_sources(files, sheets, as_of, lambda p: Store.open(p, read_only=True))
    if not sources:
        raise FileProblem("Legg til minst én fil eller ett regneark.")
    return write_merged(sources, resolve_model(sources, model_name), as_of, out)


class MergeDialog(QDialog):
    """Files (.alis) and sheets (.xlsx) in, one ranked list (PDF + .xlsx) out."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.result_paths: tuple[Path, Path] | None = None
        self.setWindowTitle("Samlet liste fra flere kommuner")
        self.inputs = QListWidget()
        add, remove = QPushButton("Legg til ..."), QPushButton("Fjern")
        add.clicked.connect(self.add_dialog)
        remove.clicked.connect(lambda: [self.inputs.takeItem(self.inputs.row(i))
                                        for i in self.inputs.selectedItems()])
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.inputs, 1)
        files.addLayout(side)
        self.model = QComboBox()
        self.model.addItem(FIRST_FILES_MODEL, None)
        stored = context.store.municipality().institution_models if context.store else []
        for mdl in pm.available_models(stored):
            self.model.addItem(mdl.name, mdl.name)
        folder = context.store.path.parent if context.store and context.store.path \
            else Path.home()
        self.out = QLineEdit(str(folder / f"Samlet venteliste {date.today():%Y-%m-%d}.pdf"))
        choose = QPushButton("Velg ...")
        choose.clicked.connect(self.out_dialog)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(choose)
        form = QFormLayout()
        form.addRow("Prioriteringsmodell", self.model)
        form.addRow("Lagre som", where)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Close)
        norwegian_buttons(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lag samlet liste")
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel("Kommunenes filer (.alis) og listene de har sendt (.xlsx, eksportert "
                       "fra ALIS Desktop). Alle rangeres sammen etter én modell, med kommunens "
                       "navn og mangel på spesialister.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(files, 1)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._done = _Done()
        self._done.finished.connect(self._finished)
        if context.store is not None and context.store.path:
            self.add_paths([context.store.path])  # this municipality's own list first
        self.resize(680, 440)

    def add_paths(self, paths) -> None:
        present = {self.inputs.item(i).text() for i in range(self.inputs.count())}
        for p in paths:
            if str(p) not in present:
                self.inputs.addItem(str(p))

    def paths(self) -> list[Path]:
        return [Path(self.inputs.item(i).text()) for i in range(self.inputs.count())]

    def add_dialog(self) -> None:
        found, _ = QFileDialog.getOpenFileNames(
            self, "Legg til filer og lister", str(Path.home()),
            "ALIS-filer og lister (*.alis *.sqlite *.xlsx);;Alle filer (*)")
        self.add_paths(found)

    def out_dialog(self) -> None:
        out, _ = QFileDialog.getSaveFileName(self, "Lagre samlet liste", self.out.text(),
                                             "PDF (*.pdf)")
        if out:
            self.out.setText(out)

    def run(self) -> None:
        """Start the merge on a worker thread (each file's rules engine runs)."""
        self.error.hide()
        self.buttons.setEnabled(False)
        self.status.setText("Lager samlet liste ...")
        args = (self.paths(), self.model.currentData(), Path(self.out.text()), date.today())

        def work():
            try:
                result = merge_files(*args)
            except Exception as exc:  # shown in the dialog; a bug still shows its text
                result = exc
            try:
                self._done.finished.emit(result)
            except RuntimeError:  # the dialog is gone
                pass
        threading.Thread(target=work, name="alis-merge", daemon=True).start()

    def _finished(self, result) -> None:
        self.buttons.setEnabled(True)
        if isinstance(result, Exception):
            self.status.setText("")
            message = getattr(result, "message", None) or str(result)
            self.error.show_error(f"Kunne ikke lage listen: {message}")
            return
        self.result_paths = result
        self.status.setText(f"Lagret {result[0].name} og {result[1].name} i "
                            f"{result[0].parent}. Fyll inn «Tildelt ...»-kolonnene i "
                            "regnearket og send kommunene tildelingen (report "
                            "institution-allocation).")


class AllocationDialog(QDialog):
    """Preview of the coordinator's allocation for this municipality, then one write."""

    def __init__(self, context, path: Path, parent=None, *, today: date | None = None):
        super().__init__(parent)
        from reports.institution_allocation import read_allocation
        self.context = context
        self.path = Path(path)
        self.today = today or date.today()
        self.setWindowTitle("Tildeling fra koordinator")
        self.municipality, self.decisions = read_allocation(self.path.read_bytes(),
                                                            self.path.name)
        self.offers, self.problems = inst.preview_allocation(
            context.store, self.municipality, self.decisions, self.today)
        lines = [f"{len(self.offers)} tilbud registreres (med kopi til leder, datert "
                 f"{self.today:%d.%m.%Y}):"]
        lines += [f"  • {o.describe()}" for o in self.offers]
        if self.problems:
            lines += ["", f"{len(self.problems)} rader hoppes over:"]
            lines += [f"  • {p}" for p in self.problems]
        self.preview = QPlainTextEdit("\n".join(lines))
        self.preview.setReadOnly(True)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        norwegian_buttons(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Registrer tilbudene")
        self.ok.setEnabled(bool(self.offers) and not context.read_only)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{self.path.name}</b> – {self.municipality or 'kommune'}"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(700, 400)

    def accept(self) -> None:
        try:
            inst.apply_allocation(self.context.store, self.municipality, self.decisions,
                                  self.today, source=self.path.name)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return
        self.context.notify("institution_requests", "institution_posts")
        super().accept()
