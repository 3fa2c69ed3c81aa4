"""One background worker for all database jobs; results come back to the UI thread by signal.

A job is a plain function of the core (it opens its own unit of work, so no SQLAlchemy
session ever crosses threads).  Jobs run one at a time, in order, on a single worker
thread, which keeps SQLite writes serialised and the window responsive.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot


class Job(QObject):
    """A queued job: emits ``finished(result)`` or ``failed(message)`` in the UI thread."""

    finished = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (it keeps what it has saved)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, text: str = "") -> None:
        """A progress callback for core functions (safe to call from the worker)."""
        self.progress.emit(done, total, text)


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.job, self.fn = job, fn

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.job)
        except Exception as exc:  # the UI shows it; the worker must survive
            message = str(exc) or type(exc).__name__
            traceback.print_exc()
            self.job.failed.emit(message)
        else:
            self.job.finished.emit(result)


class TaskRunner(QObject):
    """Runs jobs one at a time on a dedicated worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[Job] = set()
        self._queued: list[_Runnable] = []

    def submit(
        self,
        fn: Callable[[Job], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> Job:
        """Queue ``fn(job)``; ``on_done(result)`` / ``on_error(message)`` run in the UI thread."""
        job = Job()
        self._jobs.add(job)
        if on_done:
            job.finished.connect(on_done)
        if on_error:
            job.failed.connect(on_error)
        job.finished.connect(lambda _result: self._jobs.discard(job))
        job.failed.connect(lambda _message: self._jobs.discard(job))
        # Started on the next turn of the event loop, so the caller can connect to the
        # job's signals before the worker can possibly emit them.
        self._queued.append(_Runnable(job, fn))
        QTimer.singleShot(0, self, self._start_queued)
        return job

    def _start_queued(self) -> None:
        while self._queued:
            self._pool.start(self._queued.pop(0))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queue is empty (used at shutdown and in tests)."""
        self._start_queued()
        return self._pool.waitForDone(msecs)
