"""Reads too slow for the GUI thread, run on Qt's thread pool.

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

from PySide6.QtCore import QObject, QThreadPool, Signal

from db.connection import connect
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
        self.path = Path(path)
        self.work = work
        self.generation = generation
        self.signals = signals
        self.stop = threading.Event()

    def run(self) -> None:
        result: dict | Exception = {}
        try:
            store = Store(connect(self.path, read_only=True), self.path, read_only=True)
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
            self.signals.done.emit(self.generation, result)


def start(job: ReadJob) -> None:
    _RUNNING.add(job)
    QThreadPool.globalInstance().start(job.run)


def stop_all(wait_ms: int = 10000) -> None:
    """Ask every running job to stop and wait for the pool (before the program exits, so
    no thread outlives the QApplication)."""
    for job in list(_RUNNING):
        job.stop.set()
    pool = QThreadPool.globalInstance()
    pool.clear()
    pool.waitForDone(wait_ms)
