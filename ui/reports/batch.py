"""Printing many documents off the GUI thread, with a progress dialog that can cancel.

The worker opens its OWN read-only connection to the file (sqlite connections belong to
the thread that uses them), builds one PDF at a time and checks for cancellation between
documents, so a cancel leaves only whole files behind."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from alis_desktop.atomic_files import write_bytes_atomically
from ui.reports.documents import build_document, suggested_name


@dataclass(frozen=True)
class Job:
    key: str
    doctor_id: int | None
    doctor_name: str = ""


@dataclass
class BatchResult:
    written: list = field(default_factory=list)
    cancelled: bool = False
    error: str = ""


class BatchWorker(QObject):
    progress = Signal(int, str)   # documents done, the one now being built
    done = Signal(object)         # BatchResult

    def __init__(self, path: Path, jobs: list[Job], folder: Path, as_of: date):
        super().__init__()
        self.path, self.jobs, self.folder, self.as_of = Path(path), list(jobs), Path(folder), as_of
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the worker stops before its next document."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        from db.store import Store  # the worker's own connection, opened in its thread
        result = BatchResult()
        try:
            store = Store.open(self.path, read_only=True)
        except Exception as exc:  # noqa: BLE001 - shown to the user as it stands
            result.error = str(exc)
            self.done.emit(result)
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for n, job in enumerate(self.jobs):
                self.progress.emit(n, job.doctor_name or job.key)
                if self._cancel.is_set():
                    result.cancelled = True
                    break
                data = build_document(store, job.key, doctor_id=job.doctor_id, as_of=self.as_of)
                out = self.folder / suggested_name(job.key, job.doctor_name, self.as_of)
                write_bytes_atomically(out, data)
                result.written.append(out)
            else:
                self.progress.emit(len(self.jobs), "")
            if self._cancel.is_set() and len(result.written) < len(self.jobs):
                result.cancelled = True
        except Exception as exc:  # noqa: BLE001 - a document that fails ends the batch
            result.error = str(exc)
        finally:
            store.close()
        self.done.emit(result)


class BatchPrint(QObject):
    """Runs a BatchWorker on a QThread behind a QProgressDialog; `finished` carries the
    BatchResult once the thread has stopped."""

    finished = Signal(object)
    progressed = Signal(int)  # re-emitted on the GUI thread: documents done so far

    def __init__(self, path: Path, jobs: list[Job], folder: Path, as_of: date, parent):
        super().__init__(parent)
        self.result: BatchResult | None = None
        self.dialog = QProgressDialog("Skriver ut ...", "Avbryt", 0, len(jobs), parent)
        self.dialog.setWindowTitle("Skriver ut dokumenter")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = BatchWorker(path, jobs, folder, as_of)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.done.connect(self._done)
        # To this object (GUI thread), not to the worker: a queued call to the busy worker
        # thread would only arrive after the batch had finished.
        self.dialog.canceled.connect(self.cancel)
        self.thread.finished.connect(self._finished)

    def start(self) -> None:
        self.dialog.setValue(0)
        self.dialog.show()
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def _progress(self, n: int, label: str) -> None:
        total = len(self.worker.jobs)
        self.dialog.setValue(n)
        if label:
            self.dialog.setLabelText(f"Dokument {n + 1} av {total}: {label}")
        self.progressed.emit(n)

    def _done(self, result: BatchResult) -> None:
        self.result = result
        self.thread.quit()

    def _finished(self) -> None:
        self.dialog.close()
        self.worker.deleteLater()
        self.finished.emit(self.result)
