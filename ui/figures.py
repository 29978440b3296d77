"""Everyone's figures: the rules engine over every doctor (progress, meeting schedule,
early warnings), computed once per change of the file, off the GUI thread, and shared by
the views that show all doctors at once (Oversikt, Leger).

On the 1,000-doctor file this takes seconds (docs/performance.md), so those views paint
what plain queries give at once and fill in these figures when they arrive; until then
they show the previous figures of the same file, or nothing. An edit of a few doctors'
records recomputes just those doctors, at once and on this thread (milliseconds each);
only a change that may reach everyone (an arena, a supervisor, an import) starts over."""

from __future__ import annotations

import weakref
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from db.progress import DoctorFigures, figures_batches
from ui import background

# Up to this many doctors changed at once are recomputed on the GUI thread (a few
# milliseconds each); more go to the background job.
PATCH_LIMIT = 25


class EveryonesFigures(QObject):
    ready = Signal()  # figures() now matches the file

    @classmethod
    def of(cls, context) -> "EveryonesFigures":
        """The one instance belonging to this DataContext."""
        found = context.findChild(EveryonesFigures)
        return found if found is not None else cls(context)

    def __init__(self, context):
        super().__init__(context)
        self.context = context
        self._figures: dict[int, DoctorFigures] | None = None
        self._of_store = None  # the store the figures were computed from
        self._as_of = None  # the day they were computed for
        self._stale = True
        self._generation = 0
        self._job: background.ReadJob | None = None
        self._job_day: date | None = None
        self._viewers: list[weakref.ref] = []
        self._signals = background.JobSignals(self)
        self._signals.done.connect(self._done)
        context.changed_for.connect(self._records_changed)
        context.file_changed.connect(self.invalidate)

    # --- for the views -----------------------------------------------------------------
    def watch(self, view) -> None:
        """Compute when this view is visible (and the figures are stale)."""
        self._viewers.append(weakref.ref(view))

    def figures(self) -> dict[int, DoctorFigures] | None:
        """The latest figures of the open file (possibly older than its last change; see
        pending()), or None before the first have arrived."""
        return self._figures if self._of_store is self.context.store else None

    def pending(self) -> bool:
        return self._stale or self._job is not None

    def request_soon(self) -> None:
        """Start the job from the event loop, after what is being painted now."""
        QTimer.singleShot(0, self._start_if_watched)

    def wait(self, timeout_ms: int = 120000) -> bool:
        """Process events until the figures match the file (for --screenshot, benchmarks
        and tests)."""
        from PySide6.QtCore import QDeadlineTimer, QEventLoop, QThread
        from PySide6.QtWidgets import QApplication
        self._start()
        deadline = QDeadlineTimer(timeout_ms)
        while self.pending() and not deadline.hasExpired():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self.pending():
                QThread.msleep(2)
        return not self.pending()

    # --- after an edit ------------------------------------------------------------------
    def _records_changed(self, kinds, doctors) -> None:
        if not kinds - {"audit_log"}:
            return
        if doctors is None or len(doctors) > PATCH_LIMIT or not self._current():
            self.invalidate()
        else:
            self._patch(doctors)

    def _current(self) -> bool:
        """Figures of this file, today, with no newer ones on the way."""
        return (self._figures is not None and self._of_store is self.context.store
                and not self._stale and self._job is None and self._as_of == date.today())

    def _patch(self, doctor_ids) -> None:
        """Recompute these doctors only (a deleted doctor drops out)."""
        figures = {did: f for did, f in self._figures.items() if did not in doctor_ids}
        for batch in figures_batches(self.context.store, self._as_of, doctor_ids=doctor_ids):
            figures.update(batch)
        self._figures = figures
        self.ready.emit()

    # --- the job -----------------------------------------------------------------------
    def invalidate(self) -> None:
        """The file changed: a running job reads older data and is told to stop."""
        self._generation += 1
        if self._job is not None:
            self._job.stop.set()
            self._job = None
        self._stale = True
        self.request_soon()

    def _watched(self) -> bool:
        for ref in self._viewers:
            view = ref()
            try:
                if view is not None and view.isVisible():
                    return True
            except RuntimeError:  # the widget is gone
                continue
        return False

    def _start_if_watched(self) -> None:
        if self._watched():
            self._start()

    def _start(self) -> None:
        store = self.context.store
        if not self._stale or self._job is not None or store is None:
            return
        self._stale = False
        today = self._job_day = date.today()
        source = store.path or store.source  # a file, or a server (its own connection)
        if source is None:  # nothing another connection could open
            self._done(self._generation, self._compute_here())
            return
        self._job = background.ReadJob(source, lambda s: figures_batches(s, today),
                                       self._generation, self._signals)
        self._job.password = store.password
        background.start(self._job)

    def _compute_here(self) -> dict:
        out: dict = {}
        for batch in figures_batches(self.context.store, date.today()):
            out.update(batch)
        return out

    def _done(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # the file changed after this job started; a newer one follows
        self._job = None
        if self.context.store is None:
            return
        if isinstance(result, Exception):
            # The background read failed (a file moved, a network share gone): compute
            # here, so that a real problem surfaces where the user sees it.
            result = self._compute_here()
        self._figures = result
        self._of_store = self.context.store
        self._as_of = self._job_day
        self.ready.emit()
