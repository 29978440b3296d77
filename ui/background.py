"""Reads too slow for the GUI thread, run on a worker thread.

A job reads through its own read-only connection (Python's sqlite3 objects belong to the
thread that made them) and hands its result back to the GUI thread through a signal. The
window paints first and fills in the slow figures when they arrive; a job whose result is
no longer wanted is told to stop and its result is dropped.

Measured on the 1,000-doctor file: the rules engine over every doctor takes seconds, the
table without it a few milliseconds (docs/performance.md)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from db.connection import connect
from db.postgres import is_server_url
from db.store import Store

_RUNNING: set["ReadJob"] = set()  # started and not yet finished


class JobSignals(QObject):
    """Lives in the GUI thread; a signal emitted from the worker is queued to it."""

    done = Signal(int, object)  # generation, result (a dict) or the exception raised


class ReadJob:
    """Runs `work(store)` (an iterable of dicts, merged) on a read-only connection to
    `path`, checking between the pieces whether it should stop."""

    def __init__(self, path: Path, work: Callable[[Store], Iterable[dict]], generation: int,
                 signals: JobSignals):
        self.path = path if is_server_url(path) else Path(path)
        self.password: str | None = None  # a server's typed password (memory only)
        self.work = work
        self.generation = generation
        self.signals = signals
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def run(self) -> None:
        result: dict | Exception = {}
        try:
            store = (Store.open(self.path, read_only=True, password=self.password)
                     if is_server_url(self.path)
                     else Store(connect(self.path, read_only=True), self.path, read_only=True))
            try:
                for piece in self.work(store):
                    if self.stop.is_set():
                        return
                    result.update(piece)
            finally:
                store.close()
        except Exception as exc:  # the GUI thread decides what to do (it recomputes)
            result = exc
        finally:
            _RUNNING.discard(self)
        if not self.stop.is_set():
            try:
                self.signals.done.emit(self.generation, result)
            except RuntimeError:  # the receiver is gone (its window closed)
                pass


def start(job: ReadJob) -> None:
    """Run the job on its own Python thread. (QThreadPool.start() with a Python callable
    crashed PySide 6.12 at interpreter exit; a plain thread emitting a queued signal does
    not.)"""
    _RUNNING.add(job)
    job.thread = threading.Thread(target=job.run, name="alis-read", daemon=True)
    job.thread.start()


def stop_all(wait_s: float = 10.0) -> None:
    """Ask every running job to stop and wait for it (before the program exits, so no
    thread outlives the QApplication). A job stops between batches of doctors."""
    jobs = list(_RUNNING)
    for job in jobs:
        job.stop.set()
    for job in jobs:
        if job.thread is not None:
            job.thread.join(wait_s)
