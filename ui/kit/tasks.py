"""Background workers for store jobs; results come back to the UI thread by signal.

A job is a plain function of the core (it opens its own unit of work, so no SQLAlchemy
session ever crosses threads).  Short jobs run one at a time, in order, on a single worker
thread, which keeps SQLite writes serialised and the window responsive.  A long job (an
import, a geocoding run, a route search) runs on a thread of its own (``long=True``), so
the short jobs keep flowing meanwhile.  :mod:`ui.kit.operations` wraps this with types.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from fieldrep.common.errors import FieldRepError

#: Long jobs that may run at once beside the queue of short ones.
LONG_JOBS = 2


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
        except FieldRepError as exc:  # a refusal in words: shown as it is
            self.job.failed.emit(exc.user_message)
        except Exception as exc:  # a bug: the UI shows it, the worker must survive
            traceback.print_exc()
            self.job.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.job.finished.emit(result)


class TaskRunner(QObject):
    """Runs jobs one at a time on a dedicated worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._long_pool = QThreadPool(self)
        self._long_pool.setMaxThreadCount(LONG_JOBS)
        self._jobs: set[Job] = set()
        self._queued: list[tuple[_Runnable, bool]] = []
        self._held = False

    def submit(
        self,
        fn: Callable[[Job], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        *,
        long: bool = False,
        first: bool = False,
    ) -> Job:
        """Queue ``fn(job)``; ``on_done(result)`` / ``on_error(message)`` run in the UI thread.

        ``long`` runs it on a thread of its own instead of the queue of short jobs.
        ``first`` starts it on a thread of its own even while the runner is held (see
        :meth:`hold`): the job that opens the store."""
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
        if first:
            QTimer.singleShot(0, self, lambda: self._long_pool.start(_Runnable(job, fn)))
            return job
        self._queued.append((_Runnable(job, fn), long))
        QTimer.singleShot(0, self, self._start_queued)
        return job

    def hold(self) -> None:
        """Keep the jobs submitted from now on waiting until :meth:`release`: the window
        is built and shown while the store is still being opened, and the pages' first
        queries wait for it."""
        self._held = True

    def release(self) -> None:
        """Start the jobs that waited since :meth:`hold`, in the order they came."""
        self._held = False
        self._start_queued()

    @property
    def held(self) -> bool:
        return self._held

    def _start_queued(self) -> None:
        while self._queued and not self._held:
            runnable, long = self._queued.pop(0)
            (self._long_pool if long else self._pool).start(runnable)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queue is empty (used at shutdown and in tests)."""
        self._start_queued()
        return self._long_pool.waitForDone(msecs) and self._pool.waitForDone(msecs)
